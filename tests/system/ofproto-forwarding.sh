# OpenFlow forwarding between two network namespaces through a bridge with
# two system ports (veth pairs): the new bridge's default flow
# "priority=0 actions=NORMAL" makes it a learning switch (ping works, the
# megaflows match the MAC addresses it learned); flows added with the real
# ovs-ofctl take over (ping works through them, and their n_packets count
# the pings after one revalidation pass); a higher-priority drop flow for
# ICMP stops the pings, and counts them; deleting it restores forwarding.
. "$abs_top_srcdir/tests/system/lib.sh"
. "$abs_top_srcdir/tests/system/dpctl-lib.sh"

if ! ip netns add "sl$$probe" 2>/dev/null; then
    echo "SKIP: $TEST_NAME: cannot create network namespaces (needs root)"
    test_failed=0
    exit 77
fi
ip netns del "sl$$probe"
command -v ovs-ofctl >/dev/null || { echo "SKIP: $TEST_NAME: no ovs-ofctl"; test_failed=0; exit 77; }

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

check_output "" sluice-appctl bridge/add br0
check_output "1" sluice-appctl bridge/add-port br0 v1 type=system
check_output "2" sluice-appctl bridge/add-port br0 v2 type=system

# dump_flows: the flows without their changing fields.
dump_flows() {
    ovs-ofctl --no-stats dump-flows br0 | sort
}
# n_packets FLOW_SUFFIX: n_packets of the flow whose text ends so.
n_packets() {
    ovs-ofctl dump-flows br0 | grep -F "$1" \
        | sed -n 's/.*n_packets=\([0-9]*\),.*/\1/p'
}

# A new bridge is a learning switch.
check_output " priority=0 actions=NORMAL" dump_flows
ip netns exec "$ns1" $PING -c 3 -i 0.2 -W 2 10.1.0.2 >"$TESTDIR/ping1" \
    || fail "ping through NORMAL failed: $(cat "$TESTDIR/ping1")"
mac1=$(ip -n "$ns1" -o link show e1 | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
sluice-appctl dpctl/dump-flows | grep -q "eth(src=$mac1," \
    || fail "no megaflow matches the learned MAC $mac1"

# OpenFlow flows from the real ovs-ofctl take over.
ovs-ofctl add-flow br0 "priority=10,in_port=1,actions=output:2"
ovs-ofctl add-flow br0 "priority=10,in_port=2,actions=output:1"
ip netns exec "$ns1" $PING -c 5 -i 0.1 -W 2 10.1.0.2 >"$TESTDIR/ping2" \
    || fail "ping through OpenFlow flows failed: $(cat "$TESTDIR/ping2")"
wait_for 5 sh -c "[ \"\$(ovs-ofctl dump-flows br0 | grep -F 'in_port=2 actions=output:1' | sed -n 's/.*n_packets=\([0-9]*\),.*/\1/p')\" -ge 5 ]" \
    || fail "the in_port=2 flow did not count the 5 replies: $(ovs-ofctl dump-flows br0)"

# A drop flow for ICMP stops the pings and counts them, exactly.
ovs-ofctl add-flow br0 "priority=20,icmp,actions=drop"
ip netns exec "$ns1" $PING -c 3 -i 0.1 -W 1 10.1.0.2 >"$TESTDIR/ping3" \
    && fail "ping went through the drop flow"
wait_for 5 sh -c "[ \"\$(ovs-ofctl dump-flows br0 | grep -F 'icmp actions=drop' | sed -n 's/.*n_packets=\([0-9]*\),.*/\1/p')\" = 3 ]" \
    || fail "the drop flow did not count exactly 3 packets: $(ovs-ofctl dump-flows br0)"
check_output " priority=0 actions=NORMAL
 priority=10,in_port=1 actions=output:2
 priority=10,in_port=2 actions=output:1
 priority=20,icmp actions=drop" dump_flows

ovs-ofctl --strict del-flows br0 "priority=20,icmp"
ip netns exec "$ns1" $PING -c 3 -i 0.1 -W 2 10.1.0.2 >"$TESTDIR/ping4" \
    || fail "ping failed after deleting the drop flow: $(cat "$TESTDIR/ping4")"

check_output "" sluice-appctl exit
pass
