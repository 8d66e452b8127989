# sluice-appctl talks to a running sluice-vswitchd: version, list-commands,
# vlog/list, vlog/set (changes the running daemon's levels), errors, exit.
. "$abs_top_srcdir/tests/system/lib.sh"

pid=$(start_daemon sluice-vswitchd)

version=$(sed -n 's/^AC_INIT(\[sluice\], \[\([^]]*\)\].*/\1/p' \
          "$abs_top_srcdir/configure.ac")
check_output "sluice-vswitchd (Sluice) $version" sluice-appctl version
check_output "sluice-vswitchd (Sluice) $version" \
    sluice-appctl -t sluice-vswitchd version
# A socket path works as a target too.
check_output "sluice-vswitchd (Sluice) $version" \
    sluice-appctl -t "$SLUICE_RUNDIR/sluice-vswitchd.$pid.ctl" version

commands=$(sluice-appctl list-commands)
for c in exit list-commands version vlog/list vlog/set vlog/reopen; do
    echo "$commands" | grep -q "^  $c" || fail "list-commands lacks $c"
done

# Default levels: console INFO... file INFO.
sluice-appctl vlog/list | grep -Eq '^unixctl +INFO +ERR +INFO$' \
    || fail "unexpected default levels: $(sluice-appctl vlog/list)"

# vlog/set changes the running daemon's levels and its log output.
grep -q '|unixctl|DBG|' "$SLUICE_LOGDIR/sluice-vswitchd.log" \
    && fail "debug messages logged before vlog/set"
check_output "" sluice-appctl -t sluice-vswitchd vlog/set ANY:dbg
sluice-appctl vlog/list | grep -Eq '^unixctl +DBG +DBG +DBG$' \
    || fail "vlog/set ANY:dbg did not apply: $(sluice-appctl vlog/list)"
sluice-appctl version >/dev/null
grep -q '|unixctl|DBG|received request version' \
    "$SLUICE_LOGDIR/sluice-vswitchd.log" \
    || fail "no debug message in the log after vlog/set ANY:dbg"

check_output "" sluice-appctl vlog/set unixctl:file:warn
sluice-appctl vlog/list | grep -Eq '^unixctl +DBG +DBG +WARN$' \
    || fail "vlog/set unixctl:file:warn did not apply"

# Bad input: clear errors, exit status 2, daemon unaffected.
set +e
err=$(sluice-appctl vlog/set nosuchmodule:dbg 2>&1); status=$?
set -e
[ "$status" -eq 2 ] || fail "bad vlog/set exited $status, not 2"
echo "$err" | grep -q 'no destination, level, or module "nosuchmodule"' \
    || fail "bad vlog/set error: $err"
set +e
err=$(sluice-appctl no/such/command 2>&1); status=$?
set -e
[ "$status" -eq 2 ] || fail "unknown command exited $status, not 2"
echo "$err" | grep -q '"no/such/command" is not a valid command' \
    || fail "unknown command error: $err"
set +e
err=$(sluice-appctl version extra 2>&1); status=$?
set -e
[ "$status" -eq 2 ] || fail "extra argument exited $status, not 2"
echo "$err" | grep -q 'command takes at most 0 arguments' \
    || fail "extra argument error: $err"

# No daemon: exit status 1 with a message naming the pidfile.
set +e
err=$(sluice-appctl -t sluice-nosuchd version 2>&1); status=$?
set -e
[ "$status" -eq 1 ] || fail "missing target exited $status, not 1"
echo "$err" | grep -q 'sluice-nosuchd.pid' || fail "missing target: $err"

# exit stops the daemon and removes its pidfile and socket.
check_output "" sluice-appctl exit
wait_for 10 sh -c "! kill -0 $pid 2>/dev/null" || fail "daemon did not exit"
[ ! -e "$SLUICE_RUNDIR/sluice-vswitchd.pid" ] || fail "pidfile left behind"
[ ! -e "$SLUICE_RUNDIR/sluice-vswitchd.$pid.ctl" ] || fail "socket left behind"

pass
