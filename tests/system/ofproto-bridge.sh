# Bridges in sluice-vswitchd, set up with the bridge/... commands: a bridge
# gets its LOCAL port in the shared datapath "ovs-netdev" and its
# management socket $RUNDIR/br0.mgmt, ports get OpenFlow numbers (chosen or
# the lowest free), bad requests fail alone with messages naming the
# object, and the real ovs-ofctl (Open vSwitch 3.1) reaches the bridge by
# name through OVS_RUNDIR: it negotiates a version and gets echo replies.
. "$abs_top_srcdir/tests/system/lib.sh"
. "$abs_top_srcdir/tests/system/dpctl-lib.sh"

start_switch_daemon "$DP_TEST_CONFIG"

check_output "" sluice-appctl bridge/add br0
check_output "1" sluice-appctl bridge/add-port br0 p1 type=dpdk \
    dpdk-devargs=net_ring0
check_output "5" sluice-appctl bridge/add-port br0 p2 type=dpdk ofport=5 \
    'dpdk-devargs=net_null0,no-rx=1'
check_output "2" sluice-appctl bridge/add-port br0 p3 type=dpdk \
    dpdk-devargs=net_ring1
check_output "" sluice-appctl bridge/add br1 fail_mode=secure

dpid=$(sluice-appctl bridge/show br0 | sed -n 's/^br0: datapath id \([0-9a-f]*\),.*/\1/p')
[ ${#dpid} -eq 16 ] || fail "no datapath id in bridge/show"
check_output "br0: datapath id $dpid, 1 rules
  1: p1 (dpdk, datapath port 2)
  2: p3 (dpdk, datapath port 4)
  5: p2 (dpdk, datapath port 3)
  LOCAL: br0 (internal, datapath port 1)
br0: fail_mode=standalone
  listening: punix:$SLUICE_RUNDIR/br0.mgmt" sluice-appctl bridge/show br0
sluice-appctl bridge/show br1 | grep -q '^br1: fail_mode=secure$' \
    || fail "br1 is not in fail mode secure"
sluice-appctl dpctl/show | grep -q '^  port 5: br1 (internal)$' \
    || fail "br1's LOCAL port is not in the shared datapath"

# Errors name what is wrong, and change nothing.
appctl_fails "bridge br0 already exists" bridge/add br0
appctl_fails "no bridge named br9" bridge/add-port br9 p9
appctl_fails 'port p9: unknown port type "bogus"' \
    bridge/add-port br0 p9 type=bogus
appctl_fails "br0: port p1 already exists" bridge/add-port br0 p1
appctl_fails "ofport=0: bad OpenFlow port number" \
    bridge/add-port br0 p9 ofport=0
appctl_fails "bridge br0 has no port p9" bridge/del-port br0 p9
appctl_fails "fail_mode=open: unknown option" bridge/add br2 fail_mode=open
[ "$(sluice-appctl bridge/show br0 | grep -c 'datapath port')" -eq 4 ] \
    || fail "a failed request changed the bridge"

# The real ovs-ofctl finds the bridge by name, as with Open vSwitch, and
# sees what the bridge has: its ports and its default flow.
export OVS_RUNDIR=$SLUICE_RUNDIR
ovs-ofctl probe br0 || fail "ovs-ofctl probe br0 failed"
check_output " 1(p1)
 2(p3)
 5(p2)
 LOCAL(br0)" sh -c "ovs-ofctl show br0 | grep -o '^ [0-9A-Z]*([a-z0-9]*)'"
check_output "OFPST_DESC reply (xid=0x2):
Manufacturer: The Sluice project
Hardware: Sluice
Software: $(sluice-appctl version | sed 's/.* //')
Serial Num: None
DP Description: br0" ovs-ofctl dump-desc br0
check_output " priority=0 actions=NORMAL" ovs-ofctl --no-stats dump-flows br0
ovs-ofctl mod-port br0 p3 down
ovs-ofctl -O OpenFlow13 dump-ports-desc br0 | grep -A1 '^ 2(p3)' \
    | grep -q 'config:     PORT_DOWN' || fail "mod-port p3 down had no effect"
for v in OpenFlow10 OpenFlow13 OpenFlow15; do
    out=$(ovs-ofctl -O $v ping br0 2>&1) || fail "ovs-ofctl -O $v ping: $out"
    echo "$out" | grep -q "bytes from br0: xid=" \
        || fail "ovs-ofctl -O $v ping: unexpected output: $out"
done

# Ports and bridges go; the bridge's socket with it.
check_output "" sluice-appctl bridge/del-port br0 p3
check_output "" sluice-appctl bridge/del br1
sluice-appctl dpctl/show | grep -q 'br1' && fail "br1 left ports behind"
check_output "" sluice-appctl bridge/del br0
[ -e "$SLUICE_RUNDIR/br0.mgmt" ] && fail "br0.mgmt left behind"
check_output "" sluice-appctl exit
pass
