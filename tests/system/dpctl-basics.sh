# dpctl against a datapath-only sluice-vswitchd: datapaths and ports (DPDK
# vdevs) are created and shown; megaflows in Open vSwitch's syntax are
# added, dumped (printed back exactly), fetched by ufid, modified and
# deleted; every malformed command gets an error that names the offending
# token, with exit status 2, and changes nothing; the daemon goes on and
# exits cleanly.
. "$abs_top_srcdir/tests/system/lib.sh"
. "$abs_top_srcdir/tests/system/dpctl-lib.sh"

start_datapath_daemon "$DP_TEST_CONFIG"

check_output "" sluice-appctl dpctl/dump-dps
check_output "" sluice-appctl dpctl/add-dp dp0
check_output "netdev@dp0" sluice-appctl dpctl/dump-dps
appctl_fails "datapath dp0: already exists" dpctl/add-dp dp0
appctl_fails "unsupported datapath type \"system\"" dpctl/add-dp system@x

# Ports: a chosen number, options with commas in quotes.
check_output "" sluice-appctl dpctl/add-if dp0 \
    p1,type=dpdk,dpdk-devargs=net_ring0 \
    'p2,type=dpdk,port_no=5,dpdk-devargs="net_null0,no-rx=1"'
check_output "netdev@dp0:
  lookups: hit:0 missed:0 lost:0
  flows: 0
  masks: hit:0 total:0 hit/pkt:0.00
  cache: hit:0 hit-rate:0.00%
  port 0: dp0 (internal)
  port 1: p1 (dpdk: dpdk-devargs=net_ring0)
  port 5: p2 (dpdk: dpdk-devargs=net_null0,no-rx=1)" \
    sluice-appctl dpctl/show
sluice-appctl dpctl/show -s dp0 | grep -q '^    RX packets:0 errors:0 dropped:0' \
    || fail "dpctl/show -s lacks port counters"

# A port that fails leaves the others alone.
appctl_fails 'port p3: could not attach DPDK device "net_bogus0"' \
    dpctl/add-if dp0 p3,type=dpdk,dpdk-devargs=net_bogus0
appctl_fails 'port p3: unknown port type "bogus"' \
    dpctl/add-if dp0 p3,type=bogus
appctl_fails "port p1: already in datapath dp0" \
    dpctl/add-if dp0 p1,type=dpdk,dpdk-devargs=net_ring1
appctl_fails "p4: port_no=x: not a port number" \
    dpctl/add-if dp0 p4,type=dpdk,port_no=x
appctl_fails 'p4: missing' dpctl/add-if dp0 'p4,type'
appctl_fails "dp0: no port named nosuch" dpctl/del-if dp0 nosuch
appctl_fails "the local port goes only with the datapath" \
    dpctl/del-if dp0 dp0
appctl_fails 'datapath "nosuch" does not exist' dpctl/show nosuch
[ "$(sluice-appctl dpctl/show | grep -c '^  port ')" -eq 3 ] \
    || fail "failed port commands changed the ports"

# Megaflows: every one is printed back exactly as it was given, on the
# non-PMD thread and on the PMD thread.
flows='recirc_id(0),in_port(1),eth(src=00:11:22:33:44:55,dst=01:00:00:00:00:00/01:00:00:00:00:00),eth_type(0x0800),ipv4(src=10.0.0.0/255.255.255.0,dst=10.0.0.2,proto=6,tos=0,ttl=64,frag=no),tcp(src=80,dst=0/0xff00),tcp_flags(syn|ack)
recirc_id(0),in_port(5),eth_type(0x8100),vlan(vid=10,pcp=0),encap(eth_type(0x86dd),ipv6(src=2001:db8::1,dst=2001:db8::/ffff:ffff::,proto=17),udp(dst=53))
recirc_id(0x5),dp_hash(0x5/0xff),in_port(1),eth_type(0x0806),arp(sip=10.0.0.1,op=1)
recirc_id(0),in_port(1),eth_type(0x0800),ipv4(proto=1,frag=no),icmp(type=8,code=0)'
actions='5,push_vlan(vid=10,pcp=3),1'
echo "$flows" | while read -r flow; do
    check_output "" sluice-appctl dpctl/add-flow dp0 "$flow" "$actions"
done
expected=$(echo "$flows" | sed "s/\$/, actions:$actions/" | sort)
expected=$(printf '%s\n%s\n' "$expected" "$expected" | sort)
actual=$(dump_flows)
[ "$actual" = "$expected" ] \
    || fail "dump-flows differs
--- expected
$expected
--- actual
$actual"
sluice-appctl dpctl/dump-flows | grep -q '^flow-dump from the main thread:$' \
    || fail "dump-flows lacks the main thread's title"
sluice-appctl dpctl/dump-flows \
    | grep -Eq '^flow-dump from pmd on cpu core: [0-9]+$' \
    || fail "dump-flows lacks the PMD thread's title"
check_output "  flows: 8" sh -c 'sluice-appctl dpctl/show | grep flows:'

# The same flow again, and malformed flows and actions.
first=$(echo "$flows" | head -n 1)
appctl_fails "add-flow failed: the flow already exists" \
    dpctl/add-flow dp0 "$first" 1
appctl_fails 'ipv4(src=10.0.0.300): invalid IPv4 address "10.0.0.300"' \
    dpctl/add-flow dp0 'in_port(1),eth_type(0x0800),ipv4(src=10.0.0.300)' 1
appctl_fails 'unknown flow attribute "foo"' dpctl/add-flow 'in_port(1),foo(1)' 1
appctl_fails 'tcp() requires ipv4(proto=6) or ipv6(proto=6)' \
    dpctl/add-flow 'in_port(1),tcp(src=1)' 1
appctl_fails 'in_port must be matched exactly' \
    dpctl/add-flow 'eth_type(0x0800)' 1
appctl_fails 'unknown action "bogus"' dpctl/add-flow 'in_port(3)' bogus
appctl_fails 'expected [DP] FLOW ACTIONS' dpctl/add-flow -s x
appctl_fails 'invalid ufid' dpctl/get-flow ufid:1234
check_output "  flows: 8" sh -c 'sluice-appctl dpctl/show | grep flows:'

# By ufid: dump-flows -m shows it, get-flow finds it.
line=$(sluice-appctl dpctl/dump-flows -m | grep 'arp(sip=10.0.0.1' | head -n 1)
ufid=${line%%, *}
case $ufid in
    ufid:????????-????-????-????-????????????) ;;
    *) fail "no ufid in dump-flows -m: $line" ;;
esac
sluice-appctl dpctl/get-flow "$ufid" | grep -q "^$ufid, recirc_id(0x5)," \
    || fail "get-flow $ufid: $(sluice-appctl dpctl/get-flow "$ufid")"

# mod-flow changes the actions of every copy; -s prints the old counts.
arp='recirc_id(0x5),dp_hash(0x5/0xff),in_port(1),eth_type(0x0806),arp(sip=10.0.0.1,op=1)'
check_output "packets:0, bytes:0, used:never" \
    sluice-appctl dpctl/mod-flow -s "$arp" drop
[ "$(dump_flows | grep -Fxc "$arp, actions:drop")" -eq 2 ] \
    || fail "mod-flow did not change both copies: $(dump_flows)"
appctl_fails "mod-flow failed: no such flow" \
    dpctl/mod-flow 'in_port(9)' drop
check_output "" sluice-appctl dpctl/mod-flow --may-create 'in_port(9)' drop
check_output "  flows: 10" sh -c 'sluice-appctl dpctl/show | grep flows:'

# del-flow by key and by ufid, then del-flows.
check_output "" sluice-appctl dpctl/del-flow 'in_port(9)'
appctl_fails "del-flow failed: no such flow" dpctl/del-flow 'in_port(9)'
check_output "" sluice-appctl dpctl/del-flow dp0 "$ufid"
appctl_fails "get-flow failed: no such flow" dpctl/get-flow "$ufid"
check_output "  flows: 6" sh -c 'sluice-appctl dpctl/show | grep flows:'
check_output "" sluice-appctl dpctl/del-flows
check_output "" sluice-appctl dpctl/dump-flows

# The PMD thread polls both DPDK ports.
rxq=$(sluice-appctl dpif-netdev/pmd-rxq-show)
echo "$rxq" | grep -Eq '^pmd thread numa_id [0-9]+ core_id [0-9]+:$' \
    || fail "pmd-rxq-show: $rxq"
echo "$rxq" | grep -q '^  port: p1                queue-id:  0 (enabled)   pmd usage: ' \
    || fail "pmd-rxq-show lacks p1: $rxq"
echo "$rxq" | grep -q '^  port: p2                queue-id:  0 (enabled)   pmd usage: ' \
    || fail "pmd-rxq-show lacks p2: $rxq"
check_output "pmd rxq rebalance requested." \
    sluice-appctl dpif-netdev/pmd-rxq-rebalance
sluice-appctl dpif-netdev/pmd-stats-show | grep -q '^main thread:$' \
    || fail "pmd-stats-show lacks the main thread"
check_output "" sluice-appctl dpif-netdev/pmd-stats-clear
appctl_fails 'pmd-sleep-max: "x" is not a number of microseconds' \
    dpif-netdev/set-config pmd-sleep-max=x
check_output "" sluice-appctl dpif-netdev/set-config max-idle=20000

# Ports and datapaths go.
check_output "" sluice-appctl dpctl/del-if dp0 p2
[ "$(sluice-appctl dpctl/show | grep -c '^  port ')" -eq 2 ] \
    || fail "del-if left the port"
check_output "" sluice-appctl dpctl/del-dp dp0
check_output "" sluice-appctl dpctl/dump-dps
appctl_fails "no datapath exists" dpctl/dump-flows

# Meters (Sluice's datapath-only commands, in ovs-ofctl add-meter syntax):
# added, shown as ovs-ofctl dump-meters and meter-stats print them (the
# flow count being the megaflows that apply the meter), modified, deleted;
# errors name the meter.
check_output "" sluice-appctl dpctl/add-dp dpm
check_output "" sluice-appctl dpif-netdev/meter-show
check_output "" sluice-appctl dpif-netdev/meter-add \
    meter=2,kbps,burst,bands=type=drop,rate=1000,burst_size=100
check_output "" sluice-appctl dpif-netdev/meter-add dpm meter=1 pktps \
    bands=type=dscp_remark rate=500 prec_level=1 type=drop rate=1000
check_output "" sluice-appctl dpctl/add-flow 'in_port(0)' 'meter(1),0'
check_output "" sluice-appctl dpctl/add-flow 'in_port(1)' \
    'clone(meter(1),0),meter(2)'
show_meters() {
    sluice-appctl dpif-netdev/meter-show "$@" \
        | sed 's/duration:[0-9]*\.[0-9]*s/duration:?s/'
}
check_output "meter=1 pktps bands=
type=dscp_remark rate=500 prec_level=1
type=drop rate=1000
meter:1 flow_count:2 packet_in_count:0 byte_in_count:0 duration:?s bands:
0: packet_count:0 byte_count:0
1: packet_count:0 byte_count:0
meter=2 kbps burst bands=
type=drop rate=1000 burst_size=100
meter:2 flow_count:1 packet_in_count:0 byte_in_count:0 duration:?s bands:
0: packet_count:0 byte_count:0" show_meters
appctl_fails "meter 1: already exists" \
    dpif-netdev/meter-add meter=1,pktps,bands=type=drop,rate=1
appctl_fails "meter 3: no such meter" \
    dpif-netdev/meter-mod meter=3,pktps,bands=type=drop,rate=1
appctl_fails "meter 3: exactly one of kbps and pktps is required" \
    dpif-netdev/meter-add meter=3,kbps,pktps,bands=type=drop,rate=1
appctl_fails "meter 3: band 0: rate must not be 0" \
    dpif-netdev/meter-add meter=3,kbps,bands=type=drop
appctl_fails 'unknown meter band type "red"' \
    dpif-netdev/meter-add meter=3,kbps,bands=type=red,rate=1
appctl_fails "meter 262144: id out of range" \
    dpif-netdev/meter-add meter=262144,kbps,bands=type=drop,rate=1
appctl_fails '"x" is not a meter id' dpif-netdev/meter-show meter=x
check_output "" sluice-appctl dpif-netdev/meter-mod dpm \
    meter=1,kbps,stats,bands=type=drop,rate=64
check_output "meter=1 kbps stats bands=
type=drop rate=64
meter:1 flow_count:2 packet_in_count:0 byte_in_count:0 duration:?s bands:
0: packet_count:0 byte_count:0" show_meters dpm meter=1
check_output "" sluice-appctl dpif-netdev/meter-del meter=1
appctl_fails "meter 1: no such meter" dpif-netdev/meter-del meter=1
appctl_fails "meter 1: no such meter" dpif-netdev/meter-show meter=1
check_output "" sluice-appctl dpif-netdev/meter-del dpm meter=all
check_output "" sluice-appctl dpif-netdev/meter-show
check_output "" sluice-appctl dpctl/del-dp dpm

kill -0 "$pid" || fail "the daemon died"
check_output "" sluice-appctl exit
wait_for 10 sh -c "! kill -0 $pid 2>/dev/null" || fail "daemon did not exit"
pass
