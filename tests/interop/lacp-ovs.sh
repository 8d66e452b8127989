# Sluice's LACP engine (lib/lacp.c, driven by tests/interop/lacp-peer)
# negotiates with an Open vSwitch 3.1 bond (lacp=active, lacp-time=fast)
# over a dummy interface: each side ends up current, attached and enabled
# with the other as partner, and lacp/show and lacp/show-stats print the
# same lines as Open vSwitch's.
. "$abs_top_srcdir/tests/system/lib.sh"

if ! command -v ovs-vswitchd >/dev/null || ! command -v ovsdb-server >/dev/null
then
    echo "SKIP: $TEST_NAME: Open vSwitch not installed (openvswitch-switch)"
    test_failed=0
    exit 77
fi

dir=$TESTDIR/ovs
mkdir -p "$dir"
export OVS_RUNDIR=$dir OVS_DBDIR=$dir OVS_LOGDIR=$dir OVS_SYSCONFDIR=$dir
ovsdb-tool create "$dir/conf.db" /usr/share/openvswitch/vswitch.ovsschema
ovsdb-server --detach --no-chdir --pidfile="$dir/ovsdb-server.pid" \
    --log-file="$dir/ovsdb-server.log" --remote="punix:$dir/db.sock" \
    --unixctl="$dir/ovsdb-server.ctl" "$dir/conf.db" \
    || fail "ovsdb-server did not start"
TEST_PIDS="$TEST_PIDS $(cat "$dir/ovsdb-server.pid")"
ovs-vswitchd --enable-dummy=override --detach --no-chdir \
    --pidfile="$dir/ovs-vswitchd.pid" --log-file="$dir/ovs-vswitchd.log" \
    --unixctl="$dir/ovs-vswitchd.ctl" "unix:$dir/db.sock" \
    || fail "ovs-vswitchd did not start"
TEST_PIDS="$TEST_PIDS $(cat "$dir/ovs-vswitchd.pid")"
ctl=$dir/ovs-vswitchd.ctl

ovs-vsctl --db="unix:$dir/db.sock" --timeout=30 \
    add-br br0 -- set bridge br0 datapath_type=dummy \
    -- add-bond br0 bond0 p1 p2 lacp=active \
    -- set interface p1 type=dummy options:tx_pcap="$dir/p1.pcap" \
    -- set interface p2 type=dummy \
    -- set port bond0 other_config:lacp-time=fast \
    || fail "could not create the bond"
wait_for 10 test -s "$dir/p1.pcap" || fail "OVS sends no LACPDU on p1"

out=$TESTDIR/peer.out
"$abs_top_builddir/tests/interop/lacp-peer" "$ctl" p1 "$dir/p1.pcap" 4 \
    >"$out" || { cat "$out" >&2; fail "Sluice's member is not enabled"; }
ovs_show=$(ovs-appctl -t "$ctl" lacp/show bond0)
ovs_stats=$(ovs-appctl -t "$ctl" lacp/show-stats bond0)
ovs_sys_id=$(echo "$ovs_show" | sed -n 's/^  sys_id: //p')
p1=$(echo "$ovs_show" | sed -n '/^member: p1:/,/^member: p2:/p')
p1_port=$(echo "$p1" | sed -n 's/^  port_id: //p')

all_up="activity timeout aggregation synchronized collecting distributing"

# Sluice's side: negotiated with OVS's system and p1's port.
for line in "  status: active negotiated" "member: x1: current attached" \
        "  may_enable: true" "  partner sys_id: $ovs_sys_id" \
        "  partner port_id: $p1_port" \
        "  partner state: $all_up"
do
    grep -qxF "$line" "$out" || { cat "$out" >&2; fail "peer lacks: $line"; }
done

# OVS's side: p1 is negotiated with Sluice's system and port 7.
for line in "member: p1: current attached" "  may_enable: true" \
        "  partner sys_id: 02:00:00:00:00:99" "  partner sys_priority: 100" \
        "  partner port_id: 7" \
        "  partner state: $all_up"
do
    echo "$p1" | grep -qxF "$line" \
        || { echo "$ovs_show" >&2; fail "OVS lacks: $line"; }
done

# The same layout: the labels of the header and of a member's block, and
# of the statistics.
labels() {
    sed 's/^---- [^ ]*/---- NAME/; s/: .*//; s/:$//'
}
ovs_layout=$(echo "$ovs_show" | sed '/^member: p2:/,$d' | labels)
sluice_layout=$(sed '/statistics ----$/,$d' "$out" | labels)
[ "$ovs_layout" = "$sluice_layout" ] \
    || fail "lacp/show layout differs: $ovs_layout // $sluice_layout"
ovs_layout=$(echo "$ovs_stats" | sed '/^member: p2:/,$d' | labels)
sluice_layout=$(sed -n '/statistics ----$/,$p' "$out" | labels)
[ "$ovs_layout" = "$sluice_layout" ] \
    || fail "lacp/show-stats layout differs: $ovs_layout // $sluice_layout"

pass
