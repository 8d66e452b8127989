# sluice-ctl runs Sluice's two daemons: "start" creates the database from
# the schema the first time and starts sluice-dbserver and sluice-vswitchd
# (which then applies what the database says), "status" reports both,
# "restart" brings them back with the configuration kept, "stop" stops
# both, and a second "start" or "stop" is harmless.
. "$abs_top_srcdir/tests/system/lib.sh"

if [ "$(id -u)" != 0 ]; then
    echo "SKIP: $TEST_NAME: needs root (DPDK, tap devices)"
    test_failed=0
    exit 77
fi

CTL=$abs_top_builddir/utilities/sluice-ctl
br=sc$$
# Whatever happens, the daemons go (lib.sh kills TEST_PIDS at exit).
record_pids() {
    for d in sluice-dbserver sluice-vswitchd; do
        [ -f "$SLUICE_RUNDIR/$d.pid" ] \
            && TEST_PIDS="$TEST_PIDS $(cat "$SLUICE_RUNDIR/$d.pid")"
    done
    true
}

set +e
out=$("$CTL" status); status=$?
set -e
[ "$status" -eq 1 ] || fail "status before start exited $status"
check_output "sluice-dbserver is not running
sluice-vswitchd is not running" echo "$out"

"$CTL" start --dpdk-config=dpdk-no-huge=true,dpdk-extra=--no-pci \
    > "$TESTDIR/start.out" || fail "start failed: $(cat "$TESTDIR/start.out")"
record_pids
grep -q "^Creating $SLUICE_DBDIR/conf.db$" "$TESTDIR/start.out" \
    || fail "start did not create the database: $(cat "$TESTDIR/start.out")"
"$CTL" status > "$TESTDIR/status.out" || fail "status after start failed"
grep -q '^sluice-vswitchd is running with pid [0-9]*$' "$TESTDIR/status.out" \
    || fail "status: $(cat "$TESTDIR/status.out")"

V="sluice-vsctl --timeout=20"
$V add-br "$br" -- set bridge "$br" datapath_type=netdev
check_output "65534" $V get interface "$br" ofport
"$CTL" start >"$TESTDIR/start2.out" || fail "a second start failed"
grep -q "already running" "$TESTDIR/start2.out" || fail "second start: $(cat "$TESTDIR/start2.out")"

old=$(cat "$SLUICE_RUNDIR/sluice-vswitchd.pid")
"$CTL" restart --dpdk-config=dpdk-no-huge=true,dpdk-extra=--no-pci \
    > "$TESTDIR/restart.out" || fail "restart failed"
record_pids
new=$(cat "$SLUICE_RUNDIR/sluice-vswitchd.pid")
[ "$old" != "$new" ] || fail "restart kept sluice-vswitchd $old"
grep -q "Creating" "$TESTDIR/restart.out" && fail "restart re-created the database"
check_output "$br" $V list-br
check_output "65534" $V get interface "$br" ofport

"$CTL" stop > "$TESTDIR/stop.out" || fail "stop failed"
for pid in $old $new; do
    ! kill -0 "$pid" 2>/dev/null || fail "pid $pid still runs after stop"
done
set +e
"$CTL" status >/dev/null; status=$?
set -e
[ "$status" -eq 1 ] || fail "status after stop exited $status"
"$CTL" stop > "$TESTDIR/stop2.out" || fail "a second stop failed"
pass
