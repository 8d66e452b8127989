# Open vSwitch's own ovs-appctl drives sluice-vswitchd's control socket:
# the unixctl protocol is the same, so operators' scripts keep working.
. "$abs_top_srcdir/tests/system/lib.sh"

command -v ovs-appctl >/dev/null || fail "ovs-appctl not installed (openvswitch-common)"

pid=$(start_daemon sluice-vswitchd)
ctl="$SLUICE_RUNDIR/sluice-vswitchd.$pid.ctl"

check_output "sluice-vswitchd (Sluice) $(sluice-vswitchd --version | sed 's/.* //')" \
    ovs-appctl -t "$ctl" version
ovs-appctl -t "$ctl" list-commands | grep -q '^  vlog/set ' \
    || fail "list-commands through ovs-appctl lacks vlog/set"

check_output "" ovs-appctl -t "$ctl" vlog/set ANY:dbg
ovs-appctl -t "$ctl" vlog/list | grep -Eq '^unixctl +DBG +DBG +DBG$' \
    || fail "vlog/set through ovs-appctl did not apply"

# Errors come back as errors: ovs-appctl exits 2 and prints the message.
set +e
err=$(ovs-appctl -t "$ctl" no/such 2>&1); status=$?
set -e
[ "$status" -eq 2 ] || fail "ovs-appctl error exit status $status, not 2"
echo "$err" | grep -q '"no/such" is not a valid command' \
    || fail "ovs-appctl error text: $err"

check_output "" ovs-appctl -t "$ctl" exit
wait_for 10 sh -c "! kill -0 $pid 2>/dev/null" || fail "daemon did not exit"

pass
