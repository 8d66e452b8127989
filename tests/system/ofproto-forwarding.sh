# OpenFlow forwarding between two network namespaces through a bridge with
# two system ports (veth pairs): the new bridge's default flow
# "priority=0 actions=NORMAL" makes it a learning switch (ping works, the
# megaflows match the MAC addresses it learned); flows added with the real
# ovs-ofctl take over (ping works through them, and their n_packets count
# the pings after one revalidation pass); a higher-priority drop flow for
# ICMP stops the pings, and counts them; deleting it restores forwarding.
. "$abs_top_srcdir/tests/system/lib.sh"
. "$abs_top_srcdir/tests/system/dpctl-lib.sh"

. "$abs_top_srcdir/tests/system/two-hosts-lib.sh"
two_hosts_setup "ovs-ofctl"

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
