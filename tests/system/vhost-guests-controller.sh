# Two dpdk-testpmd guests on two dpdkvhostuser ports of bridge br0 reach
# each other through the flows a real controller installs:
# ovs-testcontroller (Open vSwitch 3.1's learning switch, OpenFlow 1.3)
# with the bridge in fail mode "secure"; then, with the controller gone,
# through the default NORMAL flow of fail mode "standalone".
#
# Each guest has a fixed MAC (00:00:00:00:00:0N) and sends testpmd's UDP
# frames to the other's.  A first burst each way lets the controller
# learn where both MACs are (those frames go through packet-ins and
# packet-outs); from then on every frame must take the controller's
# flows: each guest then sends ROUNDS rounds of 4,000 frames, the other
# must receive exactly that many, and the controller's flow for each
# direction must count at least that many.  The same once more in
# standalone mode through the NORMAL flow, which must count both ways.
#
# The switch's PMD thread runs on the last core, the guests on the first.
. "$abs_top_srcdir/tests/system/lib.sh"
. "$abs_top_srcdir/tests/system/dpctl-lib.sh"
. "$abs_top_srcdir/tests/system/testcontroller-lib.sh"

for p in dpdk-testpmd ovs-ofctl ovs-testcontroller nsenter; do
    if ! command -v $p >/dev/null 2>&1; then
        echo "SKIP: $TEST_NAME: $p is not installed"
        test_failed=0
        exit 77
    fi
done

BURSTS=125                      # Per round: 125 bursts of 32 packets.
ROUND=$((BURSTS * 32))
ROUNDS=5
GUEST_QUEUE_SIZE=4096

pmd_mask=$(printf '0x%x' $((1 << $(last_core))))
start_switch_daemon "$DP_TEST_CONFIG,pmd-cpu-mask=$pmd_mask"
export OVS_RUNDIR="$SLUICE_RUNDIR"

check_output "" sluice-appctl bridge/add br0 fail_mode=secure
check_output "1" sluice-appctl bridge/add-port br0 vm1 type=dpdkvhostuser
check_output "2" sluice-appctl bridge/add-port br0 vm2 type=dpdkvhostuser
testcontroller_start br0 OpenFlow13

log="$SLUICE_LOGDIR/sluice-vswitchd.log"
guest_start g1 7 "path=$SLUICE_RUNDIR/vm1,mac=00:00:00:00:00:01"
guest_start g2 8 "path=$SLUICE_RUNDIR/vm2,mac=00:00:00:00:00:02"
wait_for 30 grep -q 'port vm1: vhost-user guest attached' "$log" \
    || fail "guest g1 did not attach"
wait_for 30 grep -q 'port vm2: vhost-user guest attached' "$log" \
    || fail "guest g2 did not attach"
guest_cmd g1 "set eth-peer 0 00:00:00:00:00:02"
guest_cmd g2 "set eth-peer 0 00:00:00:00:00:01"
for g in g1 g2; do
    guest_cmd $g "set fwd rxonly"
    guest_cmd $g "start"
done

# burst FROM TO: FROM sends one burst of 32 frames; waits until TO has
# received at least one more frame.
burst() {
    guest_stats "$2"; b_rx0=$rx_packets
    guest_cmd "$1" stop
    guest_cmd "$1" "start tx_first 1"
    b_tries=500
    while guest_stats "$2"; [ "$rx_packets" -le "$b_rx0" ]; do
        b_tries=$((b_tries - 1))
        [ "$b_tries" -gt 0 ] || fail "$2 received nothing from $1"
        sleep 0.02
    done
}

# send FROM TO: FROM sends ROUNDS rounds of ROUND frames; TO must receive
# each round exactly.
send() {
    guest_stats "$2"; to_rx0=$rx_packets
    i=0
    while [ "$i" -lt "$ROUNDS" ]; do
        i=$((i + 1))
        guest_cmd "$1" stop
        guest_cmd "$1" "start tx_first $BURSTS"
        guest_wait_rx "$2" $((to_rx0 + i * ROUND))
    done
}

# flow_counts FLOW_FILTER: the n_packets of the flows of br0 whose line
# matches FLOW_FILTER (an extended regular expression).
flow_counts() {
    ovs-ofctl -O OpenFlow13 dump-flows br0 | grep -E "$1" \
        | sed -n 's/.* n_packets=\([0-9]*\),.*/\1/p'
}

# counted FLOW_FILTER N: some flow matching FLOW_FILTER counted N or more.
counted() {
    for n in $(flow_counts "$1"); do
        [ "$n" -lt "$2" ] || return 0
    done
    return 1
}

# Secure: the controller learns both MACs, then its flows carry the rest.
burst g2 g1
burst g1 g2
burst g2 g1
send g1 g2
send g2 g1
N=$((ROUNDS * ROUND))
for dst in 00:00:00:00:00:02 00:00:00:00:00:01; do
    wait_for 5 counted "idle_timeout=60,.*dl_dst=$dst" "$N" \
        || fail "no controller flow to $dst counted $N frames:" \
                "$(ovs-ofctl -O OpenFlow13 dump-flows br0)"
done
echo "$TEST_NAME: secure: $N frames each way through the controller's flows:"
ovs-ofctl -O OpenFlow13 --no-stats dump-flows br0 | grep 'idle_timeout=60' || true

# Standalone, without a controller: the default NORMAL flow.
testcontroller_stop br0
check_output "" ovs-ofctl del-flows br0
check_output "" sluice-appctl bridge/set-fail-mode br0 standalone
check_output " priority=0 actions=NORMAL" ovs-ofctl --no-stats dump-flows br0
burst g2 g1
burst g1 g2
send g1 g2
send g2 g1
wait_for 5 counted "actions=NORMAL" $((2 * N)) \
    || fail "the NORMAL flow counted fewer than $((2 * N)) frames:" \
            "$(ovs-ofctl dump-flows br0)"
echo "$TEST_NAME: standalone: $(ovs-ofctl dump-flows br0 | grep NORMAL)"

guest_stop g1
guest_stop g2
check_output "" sluice-appctl exit
wait_for 10 sh -c "! kill -0 $pid 2>/dev/null" || fail "daemon did not exit"
pass
