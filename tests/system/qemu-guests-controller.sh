# Two real Linux guests, QEMU under TCG (see qemu-guest-lib.sh), on two
# dpdkvhostuser ports of bridge br0 of sluice-vswitchd, first with the
# bridge in fail mode "secure" driven by a real controller,
# ovs-testcontroller (Open vSwitch 3.1's learning switch) in OpenFlow 1.3,
# then with no controller in fail mode "standalone".
#
# Guest 2 stays up and answers.  Guest 1 sends single echo requests
# ("probes", the warm-up: the first ones may be lost while ARP and the
# controller's packet-ins set the flows up) until guest 2 answers one,
# then pings it 3 times and must get 3 replies, and powers off.  The
# controller must have installed its flows (idle_timeout=60) for the echo
# requests and the echo replies, and each must have counted at least the
# 3 of the clean ping; the real ovs-ofctl reads them.  Then the controller
# is stopped and removed, its flows deleted, and the bridge set to
# "standalone", which gives it the default flow "priority=0
# actions=NORMAL"; guest 1 boots again and its ping must go through that
# flow.
#
# The switch's PMD thread runs on the last core, the guests on the first.
. "$abs_top_srcdir/tests/system/lib.sh"
. "$abs_top_srcdir/tests/system/dpctl-lib.sh"
. "$abs_top_srcdir/tests/system/qemu-guest-lib.sh"
. "$abs_top_srcdir/tests/system/testcontroller-lib.sh"

qemu_guest_check_tools
for qg_p in ovs-ofctl ovs-testcontroller nsenter; do
    command -v $qg_p >/dev/null 2>&1 || qg_skip "no $qg_p"
done
qemu_guest_kernel
initramfs="$TESTDIR/initramfs.cpio"
qemu_guest_initramfs "$initramfs"

pmd_mask=$(printf '0x%x' $((1 << $(last_core))))
start_switch_daemon "$DP_TEST_CONFIG,pmd-cpu-mask=$pmd_mask"
export OVS_RUNDIR="$SLUICE_RUNDIR"

check_output "" sluice-appctl bridge/add br0 fail_mode=secure
check_output "1" sluice-appctl bridge/add-port br0 vm1 type=dpdkvhostuser
check_output "2" sluice-appctl bridge/add-port br0 vm2 type=dpdkvhostuser
check_output "" ovs-ofctl --no-stats dump-flows br0

testcontroller_start br0 OpenFlow13

log="$SLUICE_LOGDIR/sluice-vswitchd.log"
QG_CORE=$(first_core)
qemu_guest_start g2 "$initramfs" "path=$SLUICE_RUNDIR/vm2" \
    52:54:00:00:00:02 "sluice.ip=10.0.0.2/24"
qemu_guest_start g1 "$initramfs" "path=$SLUICE_RUNDIR/vm1" \
    52:54:00:00:00:01 "sluice.ip=10.0.0.1/24 sluice.ping=10.0.0.2"
wait_for 30 grep -q 'port vm1: vhost-user guest attached' "$log" \
    || fail "guest g1 did not attach"
wait_for 30 grep -q 'port vm2: vhost-user guest attached' "$log" \
    || fail "guest g2 did not attach"

# guest_ping GUEST: waits for guest GUEST (guest 1) to ping, report and
# power off; its clean ping must have got every reply.
guest_ping() {
    wait_for 10 test -e "$SLUICE_LOGDIR/$1.log" \
        || fail "guest $1 has no console log"
    qemu_guest_wait "$1" 100 "done"
    qemu_guest_exit "$1" 30
    result=$(qemu_guest_value "$1" PING-RESULT)
    [ "$result" = "3 transmitted, 3 received" ] \
        || fail "guest $1's ping: \"$result\", not \"3 transmitted, 3" \
                "received\""
    echo "$TEST_NAME: guest $1: $(qemu_guest_value "$1" PROBES) probes"
}

# Secure, with the controller.
qemu_guest_wait g2 100 "up 10.0.0.2"
guest_ping g1

# flow_n_packets FLOWS: the n_packets of each line of FLOWS (ovs-ofctl
# dump-flows output), one a line.
flow_n_packets() {
    printf '%s\n' "$1" | sed -n 's/.* n_packets=\([0-9]*\),.*/\1/p'
}

# The controller's flows for ICMP from 10.0.0.1 (the echo requests) and
# from 10.0.0.2 (the replies): each counted the 3 packets of the clean
# ping at least (the switch's counters may lag a little).
icmp_flows_counted() {
    for src in 10.0.0.1 10.0.0.2; do
        flows=$(ovs-ofctl -O OpenFlow13 dump-flows br0 \
                | grep "idle_timeout=60,.*,icmp,.*nw_src=$src,") || return 1
        ok=0
        for n in $(flow_n_packets "$flows"); do
            [ "$n" -lt 3 ] || ok=1
        done
        [ "$ok" -eq 1 ] || return 1
    done
}
wait_for 5 icmp_flows_counted \
    || fail "no controller flow (idle_timeout=60) for ICMP each way" \
            "counted 3 packets: $(ovs-ofctl -O OpenFlow13 dump-flows br0)"
flows=$(ovs-ofctl -O OpenFlow13 dump-flows br0)
n_ctl=$(printf '%s\n' "$flows" | grep -c 'idle_timeout=60,' || true)
echo "$TEST_NAME: the controller installed $n_ctl flows:"
printf '%s\n' "$flows" | grep 'idle_timeout=60,' || true
# In OpenFlow 1.3 the controller's own table-miss flow sends the rest to
# it.
printf '%s\n' "$flows" | grep -q ' priority=0 actions=CONTROLLER:' \
    || fail "no table-miss flow from the controller: $flows"

# Standalone, without a controller: the default NORMAL flow.
testcontroller_stop br0
check_output "" ovs-ofctl del-flows br0
check_output "" ovs-ofctl --no-stats dump-flows br0
check_output "" sluice-appctl bridge/set-fail-mode br0 standalone
check_output " priority=0 actions=NORMAL" ovs-ofctl --no-stats dump-flows br0

qemu_guest_start g1b "$initramfs" "path=$SLUICE_RUNDIR/vm1" \
    52:54:00:00:00:01 "sluice.ip=10.0.0.1/24 sluice.ping=10.0.0.2"
guest_ping g1b
qemu_guest_kill g2

# The NORMAL flow forwarded both ways: at least the 3 requests and the 3
# replies of the clean ping.
normal_counted() {
    n=$(flow_n_packets "$(ovs-ofctl dump-flows br0)")
    [ -n "$n" ] && [ "$n" -ge 6 ]
}
wait_for 5 normal_counted \
    || fail "the NORMAL flow counted fewer than 6 packets:" \
            "$(ovs-ofctl dump-flows br0)"
echo "$TEST_NAME: $(ovs-ofctl dump-flows br0 | grep NORMAL)"

check_output "" sluice-appctl exit
wait_for 10 sh -c "! kill -0 $pid 2>/dev/null" || fail "daemon did not exit"
pass
