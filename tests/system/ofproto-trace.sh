# sluice-appctl ofproto/trace shows how a hypothetical packet goes
# through a bridge's pipeline: each table lookup with the rule it finds
# (its match, priority, cookie and actions), resubmits and groups nested
# below the rule that called them, each bucket, NORMAL's decisions and
# each output, then the megaflow the datapath would install and its
# actions.  Nothing is sent and nothing is learned.  The output is
# compared exactly.
. "$abs_top_srcdir/tests/system/lib.sh"
. "$abs_top_srcdir/tests/system/dpctl-lib.sh"

start_switch_daemon "dpdk-init=false"
export OVS_RUNDIR="$SLUICE_RUNDIR"
check_output "" sluice-appctl bridge/add br0 fail_mode=secure
check_output "1" sluice-appctl bridge/add-port br0 p1 type=internal
check_output "2" sluice-appctl bridge/add-port br0 p2 type=internal
check_output "3" sluice-appctl bridge/add-port br0 p3 type=internal tag=10
ovs-ofctl -O OpenFlow13 add-group br0 \
    "group_id=1,type=all,bucket=output:2,bucket=mod_dl_src:00:00:00:00:00:09,output:3"
ovs-ofctl -O OpenFlow13 add-flows br0 - <<'FLOWS'
table=0,priority=10,in_port=1,tcp,actions=resubmit(,1)
table=0,priority=5,in_port=1,actions=NORMAL
table=1,priority=1,tcp,tp_dst=80,cookie=0x42,actions=mod_nw_dst:10.9.9.9,group:1
FLOWS
dp() {
    sluice-appctl dpctl/show | sed -n "s/.*port \([0-9]*\): $1 .*/\1/p"
}
p2=$(dp p2) p3=$(dp p3) local=$(dp br0)

check_output "Flow: tcp,in_port=1,nw_src=10.0.0.1,nw_dst=10.0.0.2,tp_dst=80

bridge(\"br0\")
-------------
 0. tcp,in_port=1, priority 10
    resubmit(,1)
     1. tcp,tp_dst=80, priority 1
        cookie 0x42
        set_field:10.9.9.9->ip_dst,group:1
        group:1 (type all)
            bucket 0: output:2
            -> output to port 2 (p2)
            bucket 1: set_field:00:00:00:00:00:09->eth_src,output:3
            -> output to port 3 (p3)

Megaflow: tcp,in_port=1,dl_src=00:00:00:00:00:00,nw_dst=10.0.0.2,tp_dst=80
Datapath actions: set(ipv4(dst=10.9.9.9)),$p2,set(eth(src=00:00:00:00:00:09)),$p3" \
    sluice-appctl ofproto/trace br0 \
    "in_port=1,tcp,nw_src=10.0.0.1,nw_dst=10.0.0.2,tp_dst=80"

# NORMAL floods a broadcast in VLAN 0: LOCAL and p2, not p3 (VLAN 10).
check_output "Flow: in_port=1,dl_dst=ff:ff:ff:ff:ff:ff

bridge(\"br0\")
-------------
 0. in_port=1, priority 5
    NORMAL
    -> NORMAL: multicast destination, flooding VLAN 0
    -> output to port LOCAL (br0)
    -> output to port 2 (p2)

Megaflow: in_port=1,vlan_tci=0x0000,dl_src=00:00:00:00:00:00,dl_dst=ff:ff:ff:ff:ff:ff,dl_type=0x0000
Datapath actions: $local,$p2" \
    sluice-appctl ofproto/trace br0 "in_port=1,dl_dst=ff:ff:ff:ff:ff:ff"

check_output "Flow: udp,in_port=2

bridge(\"br0\")
-------------
 0. No match.
    drop

Megaflow: in_port=2
Datapath actions: drop" sluice-appctl ofproto/trace br0 "in_port=2,udp"

# Tracing learns nothing.
check_output " port  VLAN  MAC                Age" sluice-appctl fdb/show br0

appctl_fails "the flow must give in_port" ofproto/trace br0 tcp
appctl_fails "bogus" ofproto/trace br0 "in_port=1,bogus=3"
appctl_fails "no bridge named br9" ofproto/trace br9 "in_port=1"

# dpif/show: the shared datapath and each bridge's ports, as
# "NAME OPENFLOW/DATAPATH: (TYPE)".
check_output "netdev@ovs-netdev: hit:0 missed:0
  br0:
    br0 65534/$local: (tap)
    p1 1/$(dp p1): (tap)
    p2 2/$p2: (tap)
    p3 3/$p3: (tap)" sluice-appctl dpif/show

# coverage/show: the three flow_mods of add-flows were counted, and the
# report has Open vSwitch's shape.
cov=$(sluice-appctl coverage/show)
printf '%s\n' "$cov" | head -n 1 | grep -qx "Event coverage, avg rate over last: 5 seconds, last minute, last hour:" \
    || fail "coverage/show: $cov"
printf '%s\n' "$cov" | grep -Eq "^ofproto_flow_mod +[0-9.]+/sec +[0-9.]+/sec +[0-9.]+/sec +total: 3$" \
    || fail "coverage/show lacks 3 flow_mods: $cov"
printf '%s\n' "$cov" | tail -n 1 | grep -Eq "^[0-9]+ events never hit$" \
    || fail "coverage/show: $cov"

# memory/show: what holds memory, counted.
check_output "bridges:1 groups:1 handlers:1 mac-entries:0 megaflows:0 meters:0 ports:4 revalidators:1 rules:3" \
    sluice-appctl memory/show

check_output "" sluice-appctl exit
pass
