# Two real Linux guests, QEMU under TCG booting Debian's cloud kernel (see
# qemu-guest-lib.sh), ping each other through vhost-user ports of a
# datapath-only sluice-vswitchd: guest 1 on a dpdkvhostuser port (Sluice
# listens), guest 2 on a dpdkvhostuserclient port (QEMU listens).  Megaflows
# set with dpctl forward ARP and ICMP each way, one megaflow per protocol
# and direction.  Guest 1 waits until guest 2 answers (single echo
# requests, "probes"), then pings it 3 times and must get 3 replies.  Each
# of the four megaflows must have counted packets: the ICMP one from guest
# 1 exactly its probes and the 3 requests, the one from guest 2 at least
# the 4 replies that guest 1 saw.  Every packet a guest sent must have hit
# one of them, and none may have been dropped on the way to guest 1.
#
# The switch's PMD thread runs on the last core, the guests on the first.
. "$abs_top_srcdir/tests/system/lib.sh"
. "$abs_top_srcdir/tests/system/dpctl-lib.sh"
. "$abs_top_srcdir/tests/system/qemu-guest-lib.sh"

qemu_guest_check_tools
qemu_guest_kernel
initramfs="$TESTDIR/initramfs.cpio"
qemu_guest_initramfs "$initramfs"

pmd_mask=$(printf '0x%x' $((1 << $(last_core))))
start_datapath_daemon "$DP_TEST_CONFIG,pmd-cpu-mask=$pmd_mask,max-idle=0"

client_sock="$TESTDIR/vm2.sock"
check_output "" sluice-appctl dpctl/add-dp dp0 vm1,type=dpdkvhostuser \
    "vm2,type=dpdkvhostuserclient,vhost-server-path=$client_sock"
arp1='recirc_id(0),in_port(1),eth_type(0x0806)'
arp2='recirc_id(0),in_port(2),eth_type(0x0806)'
icmp1='recirc_id(0),in_port(1),eth_type(0x0800),ipv4(proto=1,frag=no)'
icmp2='recirc_id(0),in_port(2),eth_type(0x0800),ipv4(proto=1,frag=no)'
check_output "" sluice-appctl dpctl/add-flow "$arp1" 2
check_output "" sluice-appctl dpctl/add-flow "$arp2" 1
check_output "" sluice-appctl dpctl/add-flow "$icmp1" 2
check_output "" sluice-appctl dpctl/add-flow "$icmp2" 1

log="$SLUICE_LOGDIR/sluice-vswitchd.log"
QG_CORE=$(first_core)
qemu_guest_start g2 "$initramfs" "path=$client_sock,server=on" \
    52:54:00:00:00:02 "sluice.ip=10.0.0.2/24"
qemu_guest_start g1 "$initramfs" "path=$SLUICE_RUNDIR/vm1" \
    52:54:00:00:00:01 "sluice.ip=10.0.0.1/24 sluice.ping=10.0.0.2"
wait_for 30 grep -q 'port vm1: vhost-user guest attached' "$log" \
    || fail "guest g1 did not attach"
wait_for 30 grep -q 'port vm2: vhost-user guest attached' "$log" \
    || fail "guest g2 did not attach"

# Both guests boot, guest 1 pings, reports and powers off.
qemu_guest_wait g2 150 "up 10.0.0.2"
qemu_guest_wait g1 150 "done"
qemu_guest_exit g1 30
qemu_guest_kill g2
result=$(qemu_guest_value g1 PING-RESULT)
[ "$result" = "3 transmitted, 3 received" ] \
    || fail "guest g1's ping: \"$result\", not \"3 transmitted, 3 received\""
probes=$(qemu_guest_value g1 PROBES)

# The switch's view, now that no guest runs.  Every packet a guest sent
# matched one of the megaflows (the guests have no IPv6): no upcalls.
check_output "  lookups: hit:$(($(port_stat vm1 RX packets) + \
    $(port_stat vm2 RX packets))) missed:0 lost:0" \
    sh -c 'sluice-appctl dpctl/show | grep lookups:'
n_arp1=$(flow_packets "$arp1") n_arp2=$(flow_packets "$arp2")
n_icmp1=$(flow_packets "$icmp1") n_icmp2=$(flow_packets "$icmp2")
echo "$TEST_NAME: $probes probes; megaflows: ARP $n_arp1 and $n_arp2," \
    "ICMP $n_icmp1 and $n_icmp2 packets"
[ "$((n_arp1 + n_icmp1))" -eq "$(port_stat vm1 RX packets)" ] \
    || fail "vm1 received $(port_stat vm1 RX packets) packets, its" \
            "megaflows counted $n_arp1 + $n_icmp1"
[ "$((n_arp2 + n_icmp2))" -eq "$(port_stat vm2 RX packets)" ] \
    || fail "vm2 received $(port_stat vm2 RX packets) packets, its" \
            "megaflows counted $n_arp2 + $n_icmp2"
# ARP each way: guest 1 asked for guest 2's address, guest 2 answered.
[ "$n_arp1" -gt 0 ] || fail "megaflow $arp1 counted no packet"
[ "$n_arp2" -gt 0 ] || fail "megaflow $arp2 counted no packet"
# ICMP: guest 1 sent its probes (single echo requests, the last one
# answered) and 3 requests; guest 2 answered at least the last probe and
# the 3 requests, and never more than it was asked.
[ "$n_icmp1" -eq "$((probes + 3))" ] \
    || fail "megaflow $icmp1 counted $n_icmp1, not $probes + 3"
[ "$n_icmp2" -ge 4 ] && [ "$n_icmp2" -le "$n_icmp1" ] \
    || fail "megaflow $icmp2 counted $n_icmp2 (guest 1 sent $n_icmp1)"
# Guest 1 was up for all that guest 2 sent: nothing dropped towards it.
[ "$(port_stat vm1 TX packets)" -eq "$((n_arp2 + n_icmp2))" ] \
    || fail "vm1 sent $(port_stat vm1 TX packets) of $((n_arp2 + n_icmp2))"
[ "$(port_stat vm1 TX dropped)" -eq 0 ] || fail "vm1 dropped packets"

check_output "" sluice-appctl exit
wait_for 10 sh -c "! kill -0 $pid 2>/dev/null" || fail "daemon did not exit"
pass
