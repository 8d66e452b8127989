# Kernel interfaces through the datapath: two network namespaces, each on
# one end of a veth pair whose other end is a "system" port of the switch,
# ping each other through megaflows set with dpctl (every packet counted
# exactly); the datapath's "internal" port, a tap device, carries traffic
# to and from the switch's own network stack; jumbo frames (MTU 9000) pass
# end to end once the ports' MTU allows them.  The switch runs in a third
# namespace.  Needs root (namespaces, veth); skipped otherwise.
. "$abs_top_srcdir/tests/system/lib.sh"
. "$abs_top_srcdir/tests/system/dpctl-lib.sh"

if ! ip netns add "sl$$probe" 2>/dev/null; then
    echo "SKIP: $TEST_NAME: cannot create network namespaces (needs root)"
    test_failed=0
    exit 77
fi
ip netns del "sl$$probe"

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

# The daemon in the switch's namespace.
ip netns exec "$ns_sw" sluice-vswitchd --detach --no-chdir --pidfile \
    --log-file --datapath-only \
    --dpdk-config="$DP_TEST_CONFIG,max-idle=0" \
    || fail "sluice-vswitchd failed to start"
pid=$(cat "$SLUICE_RUNDIR/sluice-vswitchd.pid")
TEST_PIDS="$TEST_PIDS $pid"

check_output "" sluice-appctl dpctl/add-dp dp0 v1,type=system v2,type=system
check_output "netdev@dp0:
  lookups: hit:0 missed:0 lost:0
  flows: 0
  masks: hit:0 total:0 hit/pkt:0.00
  cache: hit:0 hit-rate:0.00%
  port 0: dp0 (internal)
  port 1: v1
  port 2: v2" sluice-appctl dpctl/show

# Namespace to namespace: one ARP request and reply, three echo requests
# and replies, each counted once by the megaflow of its direction (on the
# non-PMD thread, which polls kernel interfaces).
check_output "" sluice-appctl dpctl/add-flow 'in_port(1)' 2
check_output "" sluice-appctl dpctl/add-flow 'in_port(2)' 1
ip netns exec "$ns1" $PING -c 3 -i 0.2 -W 2 10.1.0.2 >"$TESTDIR/ping1" \
    || fail "ping from $ns1 to $ns2 failed: $(cat "$TESTDIR/ping1")"
grep -q ' 0% packet loss' "$TESTDIR/ping1" || fail "$(cat "$TESTDIR/ping1")"
check_output 4 flow_packets 'recirc_id(0),in_port(1)'
check_output 4 flow_packets 'recirc_id(0),in_port(2)'
check_output 4 port_stat v1 RX packets
check_output 4 port_stat v2 TX packets
check_output "  lookups: hit:8 missed:0 lost:0" \
    sh -c 'sluice-appctl dpctl/show | grep lookups:'

# The internal port: the switch's own stack, on dp0, reaches ns1.
ip -n "$ns_sw" addr add 10.1.0.254/24 dev dp0
check_output "" sluice-appctl dpctl/mod-flow 'in_port(1)' 2,0
check_output "" sluice-appctl dpctl/mod-flow 'in_port(2)' 1,0
check_output "" sluice-appctl dpctl/add-flow 'in_port(0)' 1,2
ip netns exec "$ns1" $PING -c 3 -i 0.2 -W 2 10.1.0.254 >"$TESTDIR/ping2" \
    || fail "ping from $ns1 to the internal port failed: $(cat "$TESTDIR/ping2")"
ip netns exec "$ns_sw" $PING -c 3 -i 0.2 -W 2 10.1.0.2 >"$TESTDIR/ping3" \
    || fail "ping from the internal port to $ns2 failed: $(cat "$TESTDIR/ping3")"
[ "$(port_stat dp0 TX packets)" -gt 0 ] || fail "dp0 sent nothing"
[ "$(port_stat dp0 RX packets)" -gt 0 ] || fail "dp0 received nothing"

# Jumbo frames: too big for MTU 1500 at first, then through at MTU 9000.
ip -n "$ns1" link set e1 mtu 9000
ip -n "$ns2" link set e2 mtu 9000
if ip netns exec "$ns1" $PING -c 1 -W 1 -s 8972 -M do 10.1.0.2 \
       >"$TESTDIR/ping4" 2>&1; then
    fail "a 9000-byte frame passed a 1500-byte MTU"
fi
check_output "" sluice-appctl dpctl/set-if dp0 v1,mtu_request=9000 \
    v2,mtu_request=9000
[ "$(ip -n "$ns_sw" -o link show v1 | sed -n 's/.* mtu \([0-9]*\) .*/\1/p')" \
  = 9000 ] || fail "v1's MTU: $(ip -n "$ns_sw" -o link show v1)"
appctl_fails "v1: mtu_request=9001: not an MTU (68 to 9000)" \
    dpctl/set-if dp0 v1,mtu_request=9001
ip netns exec "$ns1" $PING -c 3 -i 0.2 -W 2 -s 8972 -M do 10.1.0.2 \
    >"$TESTDIR/ping5" 2>&1 \
    || fail "jumbo ping failed: $(cat "$TESTDIR/ping5")"
grep -q '^8980 bytes from 10.1.0.2' "$TESTDIR/ping5" \
    || fail "no jumbo replies: $(cat "$TESTDIR/ping5")"

check_output "" sluice-appctl exit
wait_for 10 sh -c "! kill -0 $pid 2>/dev/null" || fail "daemon did not exit"
pass
