# Groups and meters act on real traffic, in the fast path: frames sent
# from a network namespace into a bridge's system port v1 leave through
# v2 and v3 (whose peers e2 and e3 sit in a second namespace, where their
# receive counters are read) as the groups and meters that the flows name
# say, and group and meter statistics count them.
#
#   - "all": every frame leaves through both ports; the group and each
#     bucket count every frame.
#   - "select": frames of 64 different UDP connections spread over both
#     buckets, none lost; the frames of one connection all take one.
#   - "fast failover": frames take the first bucket while its watched
#     port is live and the second once the first port's link goes down
#     (no flow changes: revalidation follows the port status).
#   - Deleting a group deletes the flows that use it.
#   - A drop meter (10 packets/s, burst 10) lets through at most what its
#     rate and burst allow in the time the burst took, and the frames it
#     passes plus the ones its band counts equal the frames it saw.
#   - A DSCP remark meter lets every frame through, AF11 (DSCP 10) frames
#     over its rate remarked AF12 (DSCP 12), as many as its band counts.
#   - Deleting a meter deletes the flows that use it.
# No assertion depends on timing: bounds are computed from the measured
# duration.
. "$abs_top_srcdir/tests/system/lib.sh"
. "$abs_top_srcdir/tests/system/dpctl-lib.sh"
. "$abs_top_srcdir/tests/system/two-hosts-lib.sh"
two_hosts_setup "ovs-ofctl"

ip link add v3 netns "$ns_sw" type veth peer name e3 netns "$ns2"
ip -n "$ns2" link set e3 up

check_output "" sluice-appctl bridge/add br0 fail_mode=secure
check_output "1" sluice-appctl bridge/add-port br0 v1 type=system
check_output "2" sluice-appctl bridge/add-port br0 v2 type=system
check_output "3" sluice-appctl bridge/add-port br0 v3 type=system
OFCTL="ovs-ofctl -O OpenFlow13"

rx() {
    ip netns exec "$ns2" cat "/sys/class/net/$1/statistics/rx_packets"
}

# send N CONNS [TOS] [PACED]: sends N 64-byte UDP frames from e1, over
# CONNS different source ports, with IP TOS byte TOS (default 0).  The
# first frame of each connection goes first, alone, so that its megaflow
# is in before the rest come; the rest are paced (PACED=1, the default)
# so that no socket buffer drops any, or sent as fast as possible
# (PACED=0).  Prints the seconds the rest took.
send() {
    ip netns exec "$ns1" python3 - "$1" "$2" "${3:-0}" "${4:-1}" <<'PY' \
        || fail "sending failed"
import socket, sys, time
n, conns, tos, paced = (int(a, 0) for a in sys.argv[1:5])
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("e1", 0))
def frame(i):
    sport = 1000 + i % conns
    eth = bytes.fromhex("000000000002" "000000000001" "0800")
    ip = bytes([0x45, tos]) + bytes.fromhex("0032000000004011" "0000"
                                            "c0a80101" "0a000001")
    udp = sport.to_bytes(2, "big") + bytes.fromhex("07d0001e0000") + bytes(22)
    return eth + ip + udp
for i in range(min(n, conns)):
    s.send(frame(i))
time.sleep(0.5)
start = time.monotonic()
for i in range(min(n, conns), n):
    s.send(frame(i))
    if paced and i % 25 == 24:
        time.sleep(0.001)
print("%.3f" % (time.monotonic() - start))
PY
}

# wait_rx PORT COUNT: waits until PORT's peer has received COUNT frames.
wait_rx() {
    wait_for 20 sh -c "[ \$(ip netns exec $ns2 cat /sys/class/net/$1/statistics/rx_packets) -ge $2 ]" \
        || fail "$1 received $(rx "$1") frames, not $2"
}

group_stats() {
    $OFCTL dump-group-stats br0 | grep "group_id=$1," \
        | sed -E 's/duration=[0-9.]+s,//'
}

# All: every frame through both ports.
$OFCTL add-group br0 "group_id=1,type=all,bucket=output:2,bucket=output:3"
$OFCTL add-flow br0 "priority=10,in_port=1,udp,actions=group:1"
b2=$(rx e2) b3=$(rx e3)
send 1000 1 >/dev/null
wait_rx e2 $((b2 + 1000))
wait_rx e3 $((b3 + 1000))
sleep 1
[ "$(rx e2)" = $((b2 + 1000)) ] && [ "$(rx e3)" = $((b3 + 1000)) ] \
    || fail "all: e2 $(($(rx e2) - b2)), e3 $(($(rx e3) - b3)), not 1000 each"
expected="group_id=1,ref_count=1,packet_count=1000,byte_count=64000,bucket0:packet_count=1000,byte_count=64000,bucket1:packet_count=1000,byte_count=64000"
wait_for 10 sh -c "$OFCTL dump-group-stats br0 | grep -q 'packet_count=1000,byte_count=64000,bucket0'" \
    || fail "all: group stats $(group_stats 1)"
[ "$(group_stats 1 | sed 's/^ *//')" = "$expected" ] \
    || fail "all: group stats $(group_stats 1)"

# Select: 64 connections spread over both buckets, none lost.
$OFCTL mod-group br0 "group_id=1,type=select,bucket=output:2,bucket=output:3"
b2=$(rx e2) b3=$(rx e3)
send 1280 64 >/dev/null
wait_for 20 sh -c "[ \$((\$(ip netns exec $ns2 cat /sys/class/net/e2/statistics/rx_packets) + \$(ip netns exec $ns2 cat /sys/class/net/e3/statistics/rx_packets))) -ge $((b2 + b3 + 1280)) ]" \
    || fail "select: $(($(rx e2) - b2)) + $(($(rx e3) - b3)) frames, not 1280"
sleep 1
d2=$(($(rx e2) - b2)) d3=$(($(rx e3) - b3))
[ $((d2 + d3)) = 1280 ] && [ "$d2" -gt 0 ] && [ "$d3" -gt 0 ] \
    || fail "select: e2 got $d2, e3 $d3 of 1280"
echo "$TEST_NAME: select group: $d2 and $d3 of 1280 frames (64 connections)"
# One connection: one bucket.
b2=$(rx e2) b3=$(rx e3)
send 300 1 >/dev/null
sleep 1
d2=$(($(rx e2) - b2)) d3=$(($(rx e3) - b3))
{ [ "$d2" = 300 ] && [ "$d3" = 0 ]; } || { [ "$d2" = 0 ] && [ "$d3" = 300 ]; } \
    || fail "select, one connection: e2 got $d2, e3 $d3 of 300"

# Fast failover: the first live bucket.
$OFCTL add-group br0 \
    "group_id=2,type=ff,bucket=watch_port:2,output:2,bucket=watch_port:3,output:3"
$OFCTL mod-flows br0 "in_port=1,udp,actions=group:2"
b2=$(rx e2) b3=$(rx e3)
send 200 1 >/dev/null
wait_rx e2 $((b2 + 200))
[ "$(rx e3)" = "$b3" ] || fail "ff: e3 got $(($(rx e3) - b3)) frames"
ip -n "$ns2" link set e2 down
wait_for 10 sh -c "$OFCTL dump-ports-desc br0 2 | grep -q 'state:.*LINK_DOWN'" \
    || fail "port 2 did not go down: $($OFCTL dump-ports-desc br0 2)"
b3=$(rx e3)
send 200 1 >/dev/null
wait_rx e3 $((b3 + 200))
ip -n "$ns2" link set e2 up

# Deleting a group deletes its flows.
$OFCTL add-flow br0 "priority=20,in_port=1,tcp,actions=group:1"
$OFCTL del-groups br0 group_id=1
$OFCTL dump-flows br0 | grep -q "group:1" \
    && fail "a flow still uses deleted group 1: $($OFCTL dump-flows br0)"
$OFCTL dump-flows br0 | grep -q "group:2" \
    || fail "the flow of group 2 went too: $($OFCTL dump-flows br0)"
$OFCTL del-flows br0

# meter_field METER FIELD: a number from meter METER's meter-stats.
meter_field() {
    $OFCTL meter-stats br0 "meter=$1" | tr ' \n' '\n\n' \
        | sed -n "s/^$2:\([0-9]*\)$/\1/p" | head -n 1
}
band_packets() {
    $OFCTL meter-stats br0 "meter=$1" | sed -n 's/^0: packet_count:\([0-9]*\) .*/\1/p'
}

# Drop meter: at most burst + rate * time through.
$OFCTL add-meter br0 "meter=1,pktps,burst,stats,band=type=drop,rate=10,burst_size=10"
$OFCTL add-flow br0 "priority=10,in_port=1,udp,actions=meter:1,output:2"
b2=$(rx e2)
burst_secs=$(send 2000 1 0 0)
wait_for 10 sh -c "[ \"\$($OFCTL meter-stats br0 meter=1 | sed -n 's/.*packet_in_count:\([0-9]*\).*/\1/p')\" -gt 100 ]" \
    || fail "meter 1 saw no burst: $($OFCTL meter-stats br0 meter=1)"
sleep 1
passed=$(($(rx e2) - b2))
seen=$(meter_field 1 packet_in_count)
dropped=$(band_packets 1)
limit=$(awk -v s="$burst_secs" 'BEGIN { printf "%d", 1 + 10 + 10 * (s + 1.5) }')
[ "$passed" -ge 1 ] && [ "$passed" -le "$limit" ] \
    || fail "drop meter passed $passed frames in ${burst_secs}s (at most $limit)"
[ $((passed + dropped)) = "$seen" ] \
    || fail "drop meter: $passed passed + $dropped dropped != $seen seen"
[ "$(meter_field 1 flow_count)" = 1 ] \
    || fail "meter 1 flow_count: $($OFCTL meter-stats br0 meter=1)"
echo "$TEST_NAME: drop meter: $passed of $seen frames passed in ${burst_secs}s, $dropped dropped"

# DSCP remark meter: everything through, the excess remarked AF11 -> AF12.
$OFCTL add-meter br0 "meter=2,pktps,burst,band=type=dscp_remark,rate=10,burst_size=10,prec_level=1"
$OFCTL add-flow br0 "priority=11,in_port=1,udp,actions=meter:2,output:3"
ip netns exec "$ns2" python3 - 1000 >"$TESTDIR/remark" 2>&1 <<'PY' &
import socket, sys, time
n = int(sys.argv[1])
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0800))
s.bind(("e3", 0))
s.settimeout(20)
counts = {}
try:
    while sum(counts.values()) < n:
        f = s.recv(2048)
        if len(f) >= 34 and f[23] == 17:
            counts[f[15]] = counts.get(f[15], 0) + 1
except socket.timeout:
    pass
print(" ".join("%#x:%d" % kv for kv in sorted(counts.items())))
PY
rx_pid=$!
TEST_PIDS="$TEST_PIDS $rx_pid"
sleep 1
send 1000 1 0x28 >/dev/null
wait "$rx_pid" || fail "the receiver failed: $(cat "$TESTDIR/remark")"
result=$(cat "$TESTDIR/remark")
af11=$(printf '%s\n' "$result" | tr ' ' '\n' | sed -n 's/^0x28://p')
af12=$(printf '%s\n' "$result" | tr ' ' '\n' | sed -n 's/^0x30://p')
remarked=$(band_packets 2)
[ $((${af11:-0} + ${af12:-0})) = 1000 ] && [ "${af12:-0}" -gt 0 ] \
    && [ "${af11:-0}" -gt 0 ] \
    || fail "remark: received $result (TOS:count), not 1000 frames of AF11 and AF12"
[ "$remarked" = "$af12" ] \
    || fail "remark: the band counted $remarked, $af12 frames were remarked"
echo "$TEST_NAME: remark meter: $af11 AF11 and $af12 AF12 of 1000 frames"

# Deleting a meter deletes its flows.
$OFCTL del-meter br0 meter=1
$OFCTL dump-flows br0 | grep -q "meter:1" \
    && fail "a flow still uses deleted meter 1: $($OFCTL dump-flows br0)"
$OFCTL dump-flows br0 | grep -q "meter:2" \
    || fail "the flow of meter 2 went too: $($OFCTL dump-flows br0)"

check_output "" sluice-appctl bridge/del br0
pass
