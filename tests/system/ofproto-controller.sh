# A bridge in fail mode "secure" driven by a real controller,
# ovs-testcontroller (Open vSwitch 3.1's learning-switch controller), in
# OpenFlow 1.3 and in OpenFlow 1.0: two network namespaces on system ports
# reach each other only through the flows the controller installs after
# the packet-ins it gets (table-miss flow in 1.3, table miss in 1.0).
# Without the controller, the bridge in fail mode "standalone" fails open
# and forwards as a learning switch.
. "$abs_top_srcdir/tests/system/lib.sh"
. "$abs_top_srcdir/tests/system/dpctl-lib.sh"

if ! ip netns add "sl$$probe" 2>/dev/null; then
    echo "SKIP: $TEST_NAME: cannot create network namespaces (needs root)"
    test_failed=0
    exit 77
fi
ip netns del "sl$$probe"
for p in ovs-ofctl ovs-testcontroller; do
    command -v $p >/dev/null || { echo "SKIP: $TEST_NAME: no $p"; test_failed=0; exit 77; }
done

PING="python3 $abs_top_srcdir/tests/system/icmp-ping.py"
ns_sw="sl$$sw" ns1="sl$$n1" ns2="sl$$n2"
netns_cleanup() {
    for pid in $TEST_PIDS; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in $TEST_PIDS; do
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.2
        done
    done
    for ns in $ns_sw $ns1 $ns2; do
        ip netns del "$ns" 2>/dev/null || true
    done
}
trap 'st=$?; netns_cleanup; (exit $st); cleanup' EXIT

for ns in $ns_sw $ns1 $ns2; do
    ip netns add "$ns"
    ip netns exec "$ns" sh -c '
        echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6
        echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6
        ip link set lo up'
done
ip link add v1 netns "$ns_sw" type veth peer name e1 netns "$ns1"
ip link add v2 netns "$ns_sw" type veth peer name e2 netns "$ns2"
ip -n "$ns1" addr add 10.1.0.1/24 dev e1
ip -n "$ns2" addr add 10.1.0.2/24 dev e2
ip -n "$ns1" link set e1 up
ip -n "$ns2" link set e2 up

ip netns exec "$ns_sw" sluice-vswitchd --detach --no-chdir --pidfile \
    --log-file --dpdk-config="$DP_TEST_CONFIG" \
    || fail "sluice-vswitchd failed to start"
pid=$(cat "$SLUICE_RUNDIR/sluice-vswitchd.pid")
TEST_PIDS="$TEST_PIDS $pid"
export OVS_RUNDIR=$SLUICE_RUNDIR

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
