# ovs-testcontroller (Open vSwitch 3.1's learning switch) as the
# controller of a bridge of the sluice-vswitchd that the test started
# (its PID in $pid), for the controller tests.  Source after lib.sh and
# dpctl-lib.sh.
#
# testcontroller_start BRIDGE VERSION: starts ovs-testcontroller with
# OpenFlow VERSION ("OpenFlow13") in the daemon's network namespace (a
# new one has its loopback down, so it is brought up), listening on a
# port of its own on 127.0.0.1, makes it BRIDGE's controller and waits
# until the bridge is connected.  Sets $tc_pid (also in TEST_PIDS).
#
# testcontroller_stop BRIDGE: removes BRIDGE's controller and stops it.

in_switch_netns() {
    nsenter --net="/proc/$pid/ns/net" "$@"
}

testcontroller_start() {
    command -v ovs-testcontroller >/dev/null 2>&1 \
        || fail "ovs-testcontroller is not installed"
    in_switch_netns ip link set lo up || fail "cannot bring up lo"
    tc_port=$((20000 + $$ % 10000))
    in_switch_netns ovs-testcontroller -O "$2" --detach --no-chdir \
        --pidfile="$TESTDIR/tc.pid" --log-file="$SLUICE_LOGDIR/tc.log" \
        "ptcp:$tc_port:127.0.0.1" || fail "ovs-testcontroller did not start"
    tc_pid=$(cat "$TESTDIR/tc.pid")
    TEST_PIDS="$TEST_PIDS $tc_pid"
    check_output "" sluice-appctl bridge/set-controller "$1" \
        "tcp:127.0.0.1:$tc_port"
    wait_for 10 sh -c "sluice-appctl bridge/show $1 | grep -q 'state=ACTIVE'" \
        || fail "the bridge did not connect to the controller:" \
                "$(sluice-appctl bridge/show "$1")"
}

testcontroller_stop() {
    check_output "" sluice-appctl bridge/set-controller "$1"
    kill -TERM "$tc_pid"
    wait_for 10 sh -c "! kill -0 $tc_pid 2>/dev/null" \
        || fail "ovs-testcontroller did not exit"
}
