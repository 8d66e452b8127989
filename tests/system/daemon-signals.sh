# Daemon life cycle: a second instance refuses to start on a locked
# pidfile; SIGTERM exits cleanly and removes the pidfile; a crash signal
# leaves a symbolized backtrace in the log.
. "$abs_top_srcdir/tests/system/lib.sh"

pid=$(start_daemon sluice-vswitchd)
log="$SLUICE_LOGDIR/sluice-vswitchd.log"

# A second instance sees the live pidfile and fails.
if sluice-vswitchd --detach --pidfile --log-file=$TESTDIR/second.log \
       2>"$TESTDIR/second.err"; then
    fail "second instance started despite the locked pidfile"
fi
grep -q "already running as pid $pid" "$TESTDIR/second.log" \
    || fail "second instance error: $(cat "$TESTDIR/second.err" "$TESTDIR/second.log")"
kill -0 "$pid" || fail "first instance died"

# SIGTERM: orderly exit, pidfile removed, reason logged.
kill -TERM "$pid"
wait_for 10 sh -c "! kill -0 $pid 2>/dev/null" || fail "SIGTERM ignored"
[ ! -e "$SLUICE_RUNDIR/sluice-vswitchd.pid" ] || fail "pidfile left after SIGTERM"
grep -q 'terminating with signal 15 (SIGTERM)' "$log" \
    || fail "no termination message in the log"

# SIGSEGV: backtrace with function names in the log.
pid=$(start_daemon sluice-vswitchd)
sluice-appctl version >/dev/null
# The daemon's main thread may still be on its way back from sending the
# reply: wait until it sleeps in poll() (syscall 7, or ppoll, 271, on
# x86-64) so that the signal finds it there.
wait_for 5 sh -c "read n rest < /proc/$pid/syscall && { [ \"\$n\" = 7 ] || [ \"\$n\" = 271 ]; }" \
    || fail "the daemon never sleeps in poll(): $(cat /proc/$pid/syscall)"
kill -SEGV "$pid"
wait_for 10 sh -c "! kill -0 $pid 2>/dev/null" || fail "SIGSEGV ignored"
grep -q '^SIGSEGV detected, backtrace:$' "$log" \
    || fail "no backtrace header in the log"
# The daemon was idle in poll_block(), called from main().
for fn in poll_block main; do
    grep -Eq "^#[0-9]+ 0x[0-9a-f]{16} $fn\+0x[0-9a-f]+$" "$log" \
        || fail "backtrace lacks $fn: $(sed -n '/SIGSEGV/,$p' "$log")"
done

pass
