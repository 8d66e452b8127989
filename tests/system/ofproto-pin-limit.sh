# Packet-in rate limiting, as Open vSwitch's Controller
# controller_rate_limit and controller_burst_limit settings do: a bridge
# in fail mode "secure" with no flows sends a packet-in for every frame
# (OpenFlow 1.0 table misses) to its controller (pin-controller.py, which
# counts them); with a limit of 100 packet-ins a second and bursts of 50,
# a burst of 2,000 frames reaches the controller as at most the burst
# plus the rate over the time it took; the rest wait in the scheduler's
# queues or are dropped, and bridge/show counts each: once the queues
# are empty, the controller has received exactly the packet-ins that went
# straight through plus the queued ones that were not dropped.  Bad
# settings are refused.
. "$abs_top_srcdir/tests/system/lib.sh"
. "$abs_top_srcdir/tests/system/dpctl-lib.sh"
. "$abs_top_srcdir/tests/system/two-hosts-lib.sh"
two_hosts_setup ""

port=$((20000 + $$ % 10000))
ip netns exec "$ns_sw" python3 "$abs_top_srcdir/tests/system/pin-controller.py" \
    "$port" "$TESTDIR/pins" &
TEST_PIDS="$TEST_PIDS $!"
wait_for 10 grep -qs listening "$TESTDIR/pins" || fail "controller did not start"

check_output "" sluice-appctl bridge/add br0 fail_mode=secure
check_output "1" sluice-appctl bridge/add-port br0 v1 type=system
appctl_fails "controller_rate_limit=0: not a number of packets (1 or more)" \
    bridge/set-controller br0 "tcp:127.0.0.1:$port" controller_rate_limit=0
appctl_fails "inactivity_probe=5: unknown controller setting" \
    bridge/set-controller br0 "tcp:127.0.0.1:$port" inactivity_probe=5
check_output "" sluice-appctl bridge/set-controller br0 \
    "tcp:127.0.0.1:$port" controller_rate_limit=100 controller_burst_limit=50
wait_for 10 sh -c "sluice-appctl bridge/show br0 | grep -q 'state=ACTIVE'" \
    || fail "the controller did not connect: $(sluice-appctl bridge/show br0)"
sluice-appctl bridge/show br0 | grep -q "packet-in rate limit: 100/s, burst 50" \
    || fail "bridge/show: $(sluice-appctl bridge/show br0)"

start=$(date +%s.%N)
ip netns exec "$ns1" python3 - <<'PY' || fail "sending failed"
import socket, time
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("e1", 0))
frame = (bytes.fromhex("000000000002" "000000000001" "0800")
         + bytes.fromhex("45000032000000004011" "0000" "c0a80101" "0a000001")
         + bytes.fromhex("03e807d0001e0000") + bytes(22))
for i in range(2000):
    s.send(frame)
    if i % 25 == 24:
        time.sleep(0.001)
PY

# miss_stat FIELD: the miss scheduler's FIELD from bridge/show.
miss_stat() {
    sluice-appctl bridge/show br0 | sed -n "s/.*packet-in miss: .*$1=\([0-9]*\).*/\1/p"
}
wait_for 60 sh -c "sluice-appctl bridge/show br0 | grep -q 'packet-in miss: .*queued=0 '" \
    || fail "the queue did not drain: $(sluice-appctl bridge/show br0)"
normal=$(miss_stat normal) limited=$(miss_stat limited)
dropped=$(miss_stat dropped)
expected=$((normal + limited - dropped))
pins() { grep -c '^pin$' "$TESTDIR/pins" || true; }
wait_for 10 sh -c "[ \$(grep -c '^pin\$' '$TESTDIR/pins') -ge $expected ]" \
    || fail "the controller got $(pins) packet-ins, expected $expected"
end=$(date +%s.%N)
got=$(pins)
[ "$got" = "$expected" ] \
    || fail "the controller got $got packet-ins, not $normal + $limited - $dropped"
limit=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%d", 50 + 100 * (e - s + 1) }')
[ "$got" -le "$limit" ] && [ "$got" -ge 50 ] \
    || fail "$got packet-ins in $(awk -v s="$start" -v e="$end" 'BEGIN { print e - s }') s (at most $limit)"
[ "$dropped" -gt 0 ] || fail "nothing was dropped: $(sluice-appctl bridge/show br0)"
echo "$TEST_NAME: $got packet-ins reached the controller ($normal straight, $limited limited, $dropped dropped)"

check_output "" sluice-appctl bridge/del br0
pass
