# Two dpdk-testpmd guests listen on vhost-user sockets (virtio-user
# server=1); ovs-vsctl puts them on br0 as dpdkvhostuserclient ports, and
# the bridge (standalone, so NORMAL) carries each guest's packets to the
# other.  sluice-vswitchd is then stopped and started again: it rebuilds
# br0 from the database, its client ports reconnect to the same guests on
# their own, and traffic flows again.
. "$abs_top_srcdir/tests/system/lib.sh"
. "$abs_top_srcdir/tests/system/dpctl-lib.sh"

SCHEMA=$abs_top_srcdir/vswitchd/vswitch.ovsschema
for p in ovs-vsctl dpdk-testpmd; do
    if ! command -v $p >/dev/null 2>&1; then
        echo "SKIP: $TEST_NAME: needs $p"
        test_failed=0
        exit 77
    fi
done

DB=unix:$SLUICE_RUNDIR/db.sock
start_daemon sluice-dbserver --create="$SCHEMA" \
    --remote="punix:$SLUICE_RUNDIR/db.sock" >/dev/null
vsctl() {
    ovs-vsctl --db="$DB" --timeout=30 "$@"
}
vsctl --no-wait init
pmd_mask=$(printf '0x%x' $((1 << $(last_core))))
start_vswitchd_in_netns "$DP_TEST_CONFIG,pmd-cpu-mask=$pmd_mask" "$DB"
vswitchd_pid=$pid

guest_start g1 7 "path=$TESTDIR/vm1.sock,server=1"
guest_start g2 8 "path=$TESTDIR/vm2.sock,server=1"
wait_for 30 test -S "$TESTDIR/vm1.sock" || fail "guest g1 does not listen"
wait_for 30 test -S "$TESTDIR/vm2.sock" || fail "guest g2 does not listen"

vsctl add-br br0 -- set bridge br0 datapath_type=netdev \
    -- add-port br0 vm1 -- set interface vm1 type=dpdkvhostuserclient \
       options:vhost-server-path="$TESTDIR/vm1.sock" \
    -- add-port br0 vm2 -- set interface vm2 type=dpdkvhostuserclient \
       options:vhost-server-path="$TESTDIR/vm2.sock"

log="$SLUICE_LOGDIR/sluice-vswitchd.log"
# attached N: both guests attached at least N times in all.
attached() {
    [ "$(grep -c 'port vm1: vhost-user guest attached' "$log")" -ge "$1" ] &&
    [ "$(grep -c 'port vm2: vhost-user guest attached' "$log")" -ge "$1" ]
}
wait_for 30 attached 1 || fail "the guests did not attach"
for g in g1 g2; do
    guest_cmd $g "set fwd rxonly"
    guest_cmd $g "start"
done

# exchange: g1 sends 32 packets (unknown destination: NORMAL floods them
# to vm2), and g2 receives them; then back.
exchange() {
    guest_stats g2; rx0=$rx_packets
    guest_cmd g1 stop
    guest_cmd g1 "start tx_first 1"
    guest_cmd g1 stop
    guest_cmd g1 start
    guest_wait_rx g2 $((rx0 + 32))
    guest_stats g1; rx0=$rx_packets
    guest_cmd g2 stop
    guest_cmd g2 "start tx_first 1"
    guest_cmd g2 stop
    guest_cmd g2 start
    guest_wait_rx g1 $((rx0 + 32))
}
exchange
echo "$TEST_NAME: the guests exchange packets through br0"

# Restart the switch alone: the database brings br0 back, the ports
# reconnect to the guests, which never restarted.
kill -TERM "$vswitchd_pid"
wait_for 10 sh -c "! kill -0 $vswitchd_pid 2>/dev/null" \
    || fail "sluice-vswitchd did not exit"
start_vswitchd_in_netns "$DP_TEST_CONFIG,pmd-cpu-mask=$pmd_mask" "$DB"
vswitchd_pid=$pid
wait_for 30 attached 2 || fail "the guests did not attach again after a restart"
exchange
echo "$TEST_NAME: and again after sluice-vswitchd restarted"
check_output "1" vsctl get interface vm1 ofport
check_output "2" vsctl get interface vm2 ofport

for g in g1 g2; do
    guest_stop $g
done
check_output "" sluice-appctl -t "$SLUICE_RUNDIR/sluice-vswitchd.$vswitchd_pid.ctl" exit
pass
