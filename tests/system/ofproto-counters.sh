# OpenFlow counters follow the traffic exactly: 100,000 frames sent into a
# bridge's system port (a veth from a network namespace) through a flow
# "in_port=1,actions=output:2" make its n_packets exactly 100,000 and its
# n_bytes 6,400,000 in dump-flows within a revalidation interval; when the
# flow's idle timeout expires it is removed, and a flow_removed with the
# same counts reaches a connection that asked for asynchronous messages
# (ovs-ofctl monitor).  The first frame goes alone, so that the megaflow
# exists before the rest arrive (a burst of misses larger than the upcall
# queue would be dropped, by design, and not count).
. "$abs_top_srcdir/tests/system/lib.sh"
. "$abs_top_srcdir/tests/system/dpctl-lib.sh"

. "$abs_top_srcdir/tests/system/two-hosts-lib.sh"
two_hosts_setup "ovs-ofctl"

N=100000

check_output "" sluice-appctl bridge/add br0 fail_mode=secure
check_output "1" sluice-appctl bridge/add-port br0 v1 type=system
check_output "2" sluice-appctl bridge/add-port br0 v2 type=system
ovs-ofctl add-flow br0 \
    "in_port=1,idle_timeout=10,send_flow_rem,actions=output:2"
ovs-ofctl monitor br0 65534 >"$TESTDIR/monitor" 2>&1 &
mon_pid=$!
TEST_PIDS="$TEST_PIDS $mon_pid"
wait_for 5 sh -c "sluice-appctl bridge/show br0 | grep -q 'service: .*ACTIVE'" \
    || fail "ovs-ofctl monitor did not connect"

ip netns exec "$ns1" python3 - "$N" <<'PY' || fail "sending failed"
import socket, sys, time
n = int(sys.argv[1])
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("e1", 0))
eth = bytes.fromhex("000000000002" "000000000001" "0800")
ip = bytes.fromhex("45000032000000004011" "0000" "c0a80101" "0a000001")
udp = bytes.fromhex("03e807d0001e0000") + bytes(22)
frame = eth + ip + udp
assert len(frame) == 64
s.send(frame)
time.sleep(0.5)
# Paced, so that the kernel's socket buffers never drop a frame before
# the switch reads it.
for i in range(n - 1):
    s.send(frame)
    if i % 25 == 24:
        time.sleep(0.001)
PY

flow_line() {
    ovs-ofctl dump-flows br0 | grep 'in_port=1 actions=output:2' || true
}
wait_for 30 sh -c "ovs-ofctl dump-flows br0 | grep -q 'n_packets=$N, n_bytes=$((N * 64)),'" \
    || fail "the flow did not count $N packets: $(flow_line; sluice-appctl dpctl/show -s | grep -A1 ': v1$')"
flow_line | grep -q "n_packets=$N, n_bytes=$((N * 64)), idle_timeout=10," \
    || fail "unexpected flow: $(flow_line)"
sluice-appctl dpif-netdev/pmd-stats-show | grep -q 'miss with failed upcall: 0' \
    || fail "upcalls failed: $(sluice-appctl dpif-netdev/pmd-stats-show)"

# Idle, it goes, and the monitor hears of it with the same counts.
wait_for 30 sh -c "! ovs-ofctl dump-flows br0 | grep -q in_port=1" \
    || fail "the idle flow was not removed"
wait_for 5 grep -q "OFPT_FLOW_REMOVED" "$TESTDIR/monitor" \
    || fail "no flow_removed: $(cat "$TESTDIR/monitor")"
grep "OFPT_FLOW_REMOVED" "$TESTDIR/monitor" \
    | grep -q "in_port=1 reason=idle .* pkts$N bytes$((N * 64))" \
    || fail "wrong flow_removed: $(grep OFPT_FLOW_REMOVED "$TESTDIR/monitor")"

kill "$mon_pid"
check_output "" sluice-appctl exit
pass
