# A bridge in fail mode "secure" driven by a real controller,
# ovs-testcontroller (Open vSwitch 3.1's learning-switch controller), in
# OpenFlow 1.3 and in OpenFlow 1.0: two network namespaces on system ports
# reach each other only through the flows the controller installs after
# the packet-ins it gets (table-miss flow in 1.3, table miss in 1.0).
# Without the controller, the bridge in fail mode "standalone" fails open
# and forwards as a learning switch.
. "$abs_top_srcdir/tests/system/lib.sh"
. "$abs_top_srcdir/tests/system/dpctl-lib.sh"

. "$abs_top_srcdir/tests/system/two-hosts-lib.sh"
two_hosts_setup "ovs-ofctl ovs-testcontroller"

check_output "" sluice-appctl bridge/add br0 fail_mode=secure
check_output "1" sluice-appctl bridge/add-port br0 v1 type=system
check_output "2" sluice-appctl bridge/add-port br0 v2 type=system

# Secure, no controller: no flows, no forwarding.
check_output "" ovs-ofctl --no-stats dump-flows br0
ip netns exec "$ns1" $PING -c 2 -i 0.1 -W 1 10.1.0.2 >"$TESTDIR/ping0" \
    && fail "a secure bridge without a controller forwarded"

port=16653
for version in OpenFlow13 OpenFlow10; do
    ip netns exec "$ns_sw" ovs-testcontroller -O $version --detach \
        --pidfile="$TESTDIR/tc.pid" --log-file="$TESTDIR/tc-$version.log" \
        "ptcp:$port:127.0.0.1" || fail "ovs-testcontroller did not start"
    tc_pid=$(cat "$TESTDIR/tc.pid")
    TEST_PIDS="$TEST_PIDS $tc_pid"
    check_output "" sluice-appctl bridge/set-controller br0 \
        "tcp:127.0.0.1:$port"
    wait_for 10 sh -c "sluice-appctl bridge/show br0 | grep -q 'state=ACTIVE'" \
        || fail "$version: the bridge did not connect to the controller"

    # The first packets set the flows up through packet-ins (the very
    # first may be lost while ARP and the controller catch up); then
    # every ping must go through the installed flows.
    ip netns exec "$ns1" $PING -c 3 -i 0.2 -W 2 10.1.0.2 >/dev/null || true
    ip netns exec "$ns1" $PING -c 3 -i 0.2 -W 2 10.1.0.2 \
        >"$TESTDIR/ping-$version" \
        || fail "$version: ping through the controller's flows failed: $(cat "$TESTDIR/ping-$version")"
    n=$(ovs-ofctl dump-flows br0 | grep -c 'idle_timeout=60,.*priority=[0-9]*,icmp' || true)
    [ "$n" -ge 2 ] || fail "$version: the controller installed $n ICMP flows: $(ovs-ofctl dump-flows br0)"

    check_output "" sluice-appctl bridge/set-controller br0
    kill "$tc_pid"
    ovs-ofctl del-flows br0
    port=$((port + 1))
done

# Standalone with an unreachable controller: fail-open, a learning switch.
check_output "" sluice-appctl bridge/set-controller br0 "tcp:127.0.0.1:$port"
check_output "" sluice-appctl bridge/set-fail-mode br0 standalone
ip netns exec "$ns1" $PING -c 3 -i 0.2 -W 2 10.1.0.2 >"$TESTDIR/ping-open" \
    || fail "fail-open did not forward: $(cat "$TESTDIR/ping-open")"

check_output "" sluice-appctl exit
pass
