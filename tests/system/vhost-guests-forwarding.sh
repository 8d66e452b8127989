# Two dpdk-testpmd guests, one on a dpdkvhostuser port (Sluice listens) and
# one on a dpdkvhostuserclient port (the guest listens), exchange 100,000
# packets each way through megaflows set with dpctl, with exact counts on
# both guests, both ports and the megaflows.  Ports that cannot work (a bad
# devargs, a missing socket path) fail alone with a clear error.  The
# client port reconnects when its guest restarts, and forwarding resumes
# with exact counts again.
#
# The switch's PMD thread runs on the last core, the guests on the first.
# A guest sends in rounds of 4,000 packets (125 bursts of 32), which fit in
# the other guest's ring of 4,096, and the next round waits until the other
# guest has received the last one: a guest that shares its core with the
# other cannot always keep up with a burst of 100,000, and its ring would
# overflow.
. "$abs_top_srcdir/tests/system/lib.sh"
. "$abs_top_srcdir/tests/system/dpctl-lib.sh"

if ! command -v dpdk-testpmd >/dev/null 2>&1; then
    echo "SKIP: $TEST_NAME: dpdk-testpmd is not installed (dpdk-dev)"
    test_failed=0
    exit 77
fi

N=100000
BURSTS=125                      # Per round: 125 bursts of 32 packets.
ROUND=$((BURSTS * 32))
ROUNDS=$((N / ROUND))
GUEST_QUEUE_SIZE=4096

pmd_mask=$(printf '0x%x' $((1 << $(last_core))))
start_datapath_daemon "$DP_TEST_CONFIG,pmd-cpu-mask=$pmd_mask,max-idle=0"

client_sock="$TESTDIR/vm2.sock"
check_output "" sluice-appctl dpctl/add-dp dp0 vm1,type=dpdkvhostuser \
    "vm2,type=dpdkvhostuserclient,vhost-server-path=$client_sock"
check_output "" sluice-appctl dpctl/add-flow 'in_port(1)' 2
check_output "" sluice-appctl dpctl/add-flow 'in_port(2)' 1

log="$SLUICE_LOGDIR/sluice-vswitchd.log"
attached() {
    grep -c "port $1: vhost-user guest attached" "$log" || true
}

guest_start g1 7 "path=$SLUICE_RUNDIR/vm1"
guest_start g2 8 "path=$client_sock,server=1"
wait_for 30 sh -c "[ \$(grep -c 'port vm1: vhost-user guest attached' '$log') -ge 1 ]" \
    || fail "guest g1 did not attach"
wait_for 30 sh -c "[ \$(grep -c 'port vm2: vhost-user guest attached' '$log') -ge 1 ]" \
    || fail "guest g2 did not attach"
for g in g1 g2; do
    guest_cmd $g "set fwd rxonly"
    guest_cmd $g "start"
done

# send FROM TO: FROM sends N packets to TO in rounds; checks every count.
send() {
    from=$1 to=$2
    guest_stats "$from"; from_tx0=$tx_packets
    guest_stats "$to"; to_rx0=$rx_packets
    guest_cmd "$from" stop
    i=0
    while [ "$i" -lt "$ROUNDS" ]; do
        i=$((i + 1))
        guest_cmd "$from" "start tx_first $BURSTS"
        guest_cmd "$from" stop
        guest_wait_rx "$to" $((to_rx0 + i * ROUND))
    done
    guest_cmd "$from" start
    guest_stats "$from"
    [ $((tx_packets - from_tx0)) -eq "$N" ] \
        || fail "$from sent $((tx_packets - from_tx0)) packets, not $N"
}

# Guest 1 to guest 2, then back.
send g1 g2
send g2 g1

# The switch's view: every packet in and out once, nothing dropped, each
# megaflow counted its direction (on the PMD thread).
[ "$(port_stat vm1 RX packets)" -eq "$N" ] || fail "vm1 received $(port_stat vm1 RX packets)"
[ "$(port_stat vm2 TX packets)" -eq "$N" ] || fail "vm2 sent $(port_stat vm2 TX packets)"
[ "$(port_stat vm2 RX packets)" -eq "$N" ] || fail "vm2 received $(port_stat vm2 RX packets)"
[ "$(port_stat vm1 TX packets)" -eq "$N" ] || fail "vm1 sent $(port_stat vm1 TX packets)"
for p in vm1 vm2; do
    [ "$(port_stat $p TX dropped)" -eq 0 ] || fail "$p dropped packets"
done
[ "$(flow_packets 'recirc_id(0),in_port(1)')" -eq "$N" ] \
    || fail "megaflow in_port(1) counted $(flow_packets 'recirc_id(0),in_port(1)')"
[ "$(flow_packets 'recirc_id(0),in_port(2)')" -eq "$N" ] \
    || fail "megaflow in_port(2) counted $(flow_packets 'recirc_id(0),in_port(2)')"
check_output "  lookups: hit:$((2 * N)) missed:0 lost:0" \
    sh -c 'sluice-appctl dpctl/show | grep lookups:'

# Ports that cannot work fail alone, with a clear error; the others keep
# forwarding (below).
appctl_fails 'port bad0: could not attach DPDK device "net_bogus0"' \
    dpctl/add-if dp0 bad0,type=dpdk,dpdk-devargs=net_bogus0
appctl_fails 'port bad1: options:vhost-server-path is required' \
    dpctl/add-if dp0 bad1,type=dpdkvhostuserclient

# Guest 2 restarts: the client port reconnects and forwarding resumes.
before=$(attached vm2)
guest_stop g2
guest_start g2 8 "path=$client_sock,server=1"
wait_for 30 sh -c "[ \$(grep -c 'port vm2: vhost-user guest attached' '$log') -gt $before ]" \
    || fail "the client port did not reconnect to the restarted guest"
guest_cmd g2 "set fwd rxonly"
guest_cmd g2 start
N=$((ROUND * 5))
ROUNDS=5
send g1 g2
send g2 g1

guest_stop g1
guest_stop g2
check_output "" sluice-appctl exit
wait_for 10 sh -c "! kill -0 $pid 2>/dev/null" || fail "daemon did not exit"
pass
