# Groups and meters, programmed with the real ovs-ofctl (Open vSwitch 3.1)
# into a Sluice bridge and into an Open vSwitch bridge (a private sandbox,
# datapath_type=netdev): every command of a session of group-mods, meter-
# mods, flows that use them and dumps prints the same against both, with
# the same exit status, in OpenFlow 1.1 to 1.5 for groups and 1.3 to 1.5
# for meters.  Covers every group type, bucket weights and watches, group
# chaining, OpenFlow 1.5's insert-buckets and remove-buckets, the errors
# for existing and unknown groups and meters and for flows that name
# them, group and meter statistics, features, and the removal of the
# flows that use a deleted group or meter.
#
# Differences that are by design are left out of the comparison and
# checked on their own: Sluice's meters also have DSCP remark bands, which
# Open vSwitch's userspace datapath lacks, so meter-features differ in
# band_types.
. "$abs_top_srcdir/tests/system/lib.sh"
. "$abs_top_srcdir/tests/system/dpctl-lib.sh"

if ! command -v ovs-ofctl >/dev/null; then
    echo "SKIP: $TEST_NAME: ovs-ofctl not installed (openvswitch-common)"
    test_failed=0
    exit 77
fi

start_switch_daemon "$DP_TEST_CONFIG"
check_output "" sluice-appctl bridge/add br0 fail_mode=secure
SLUICE_BR="unix:$SLUICE_RUNDIR/br0.mgmt"

. "$abs_top_srcdir/tests/interop/ovs-sandbox-lib.sh"
if ! start_ovs; then
    echo "SKIP: $TEST_NAME: Open vSwitch does not run here"
    test_failed=0
    exit 77
fi
export OVS_RUNDIR=$SLUICE_RUNDIR

normalize() {
    sed -E "s#$SLUICE_BR#BR#g; s#$OVS_BR#BR#g;
            s/duration[=:][0-9.]+s/duration=X/g"
}

sort_tail() {
    if [ -n "$SORTED" ]; then
        IFS= read -r first || true
        printf '%s\n' "$first"
        sort
    else
        cat
    fi
}

same_sorted() {
    SORTED=1
    same "$@"
    SORTED=""
}

# run_on BRIDGE VERSION ARGS...: "ovs-ofctl -O VERSION ARGS" with each
# argument "BR" replaced by BRIDGE.
run_on() {
    br=$1 v=$2; shift 2
    n=$#
    for a in "$@"; do
        [ "$a" = BR ] && a=$br
        set -- "$@" "$a"
    done
    shift "$n"
    ovs-ofctl -O "$v" "$@"
}

# same VERSION ARGS...: run_on prints the same against both bridges and
# exits the same.  Lines after the first are compared in sorted order
# when SORTED is set (group dumps follow Open vSwitch's hash table).
N_CMDS=0 N_DIFFS=0 SORTED=""
same() {
    set +e
    ovs=$(run_on "$OVS_BR" "$@" 2>&1); ovs_status=$?
    ours=$(run_on "$SLUICE_BR" "$@" 2>&1); our_status=$?
    set -e
    ovs=$(printf '%s\n' "$ovs" | normalize | sort_tail)
    ours=$(printf '%s\n' "$ours" | normalize | sort_tail)
    N_CMDS=$((N_CMDS + 1))
    if [ "$ovs" != "$ours" ] || [ "$ovs_status" != "$our_status" ]; then
        printf '%s: "ovs-ofctl -O %s" differs\n--- Open vSwitch (%s)\n%s\n--- Sluice (%s)\n%s\n' \
            "$TEST_NAME" "$*" "$ovs_status" "$ovs" "$our_status" "$ours" >&2
        N_DIFFS=$((N_DIFFS + 1))
    fi
}

for v in OpenFlow11 OpenFlow12 OpenFlow13 OpenFlow14 OpenFlow15; do
    same $v del-groups BR
    same $v del-flows BR
    same $v add-group BR "group_id=1,type=all,bucket=output:1,bucket=output:2"
    same $v add-group BR \
        "group_id=2,type=select,bucket=weight:10,output:1,bucket=weight:20,actions=mod_dl_src:00:00:00:00:00:01,output:2"
    same $v add-group BR "group_id=3,type=indirect,bucket=output:3"
    same $v add-group BR \
        "group_id=4,type=ff,bucket=watch_port:1,output:1,bucket=watch_port:2,watch_group:3,output:2"
    same $v add-group BR "group_id=5,type=all,bucket=group:1,bucket=group:3"
    same $v add-group BR "group_id=1,type=all,bucket=output:1"
    same $v add-group BR "group_id=6,type=indirect,bucket=output:1,bucket=output:2"
    same $v add-group BR "group_id=7,type=all,bucket=group:99"
    same $v add-group BR "group_id=8,type=ff,bucket=output:1"
    same $v add-group BR "group_id=9,type=all,bucket=weight:5,output:1"
    same_sorted $v dump-groups BR
    same_sorted $v dump-groups BR 2
    same_sorted $v dump-groups BR 99
    same $v mod-group BR "group_id=3,type=indirect,bucket=output:4"
    same $v mod-group BR "group_id=10,type=all,bucket=output:4"
    same $v mod-group BR "group_id=1,type=select,bucket=output:4,bucket=output:5"
    same $v --may-create mod-group BR "group_id=11,type=all,bucket=output:6"
    same $v add-flow BR "priority=10,ip,actions=group:1"
    same $v add-flow BR "priority=11,tcp,actions=group:99"
    same $v add-flow BR "priority=12,udp,actions=group:5"
    same $v add-flow BR "priority=13,arp,actions=group:3"
    same_sorted $v dump-groups BR
    same_sorted $v dump-group-stats BR
    same_sorted $v dump-group-stats BR 1
    same $v del-groups BR group_id=1
    same $v --no-stats dump-flows BR
    same $v del-groups BR group_id=99
    same_sorted $v dump-group-stats BR
    if [ $v != OpenFlow11 ]; then
        same $v dump-group-features BR
    fi
    if [ $v = OpenFlow15 ]; then
        same $v insert-buckets BR \
            "group_id=2,command_bucket_id=first,bucket=bucket_id:7,weight:5,output:7"
        same $v insert-buckets BR \
            "group_id=2,command_bucket_id=last,bucket=bucket_id:8,weight:5,output:8"
        same $v insert-buckets BR \
            "group_id=2,command_bucket_id=1,bucket=bucket_id:9,weight:5,output:9"
        same $v insert-buckets BR \
            "group_id=2,command_bucket_id=1,bucket=bucket_id:7,output:7"
        same $v insert-buckets BR \
            "group_id=2,command_bucket_id=42,bucket=bucket_id:10,output:7"
        same $v insert-buckets BR \
            "group_id=42,command_bucket_id=last,bucket=bucket_id:10,output:7"
        same_sorted $v dump-groups BR 2
        same $v remove-buckets BR "group_id=2,command_bucket_id=7"
        same $v remove-buckets BR "group_id=2,command_bucket_id=first"
        same $v remove-buckets BR "group_id=2,command_bucket_id=last"
        same $v remove-buckets BR "group_id=2,command_bucket_id=42"
        same_sorted $v dump-groups BR 2
        same $v remove-buckets BR "group_id=2,command_bucket_id=all"
        same_sorted $v dump-groups BR 2
    fi
    same $v del-groups BR
    same_sorted $v dump-groups BR
    same $v --no-stats dump-flows BR
done

for v in OpenFlow13 OpenFlow14 OpenFlow15; do
    same $v del-meters BR
    same $v del-flows BR
    same $v add-meter BR \
        "meter=1,pktps,burst,stats,band=type=drop,rate=100,burst_size=10"
    same $v add-meter BR "meter=2,kbps,band=type=drop,rate=1000"
    same $v add-meter BR "meter=3,kbps,stats,bands=type=drop,rate=1000,type=drop,rate=2000"
    same $v add-meter BR "meter=1,kbps,band=type=drop,rate=5"
    same $v add-meter BR "meter=4,kbps,pktps,band=type=drop,rate=5"
    same $v add-meter BR "meter=5,kbps,band=type=drop,rate=0"
    same $v dump-meters BR
    same $v dump-meters BR meter=2
    same $v dump-meters BR meter=9
    same $v meter-stats BR meter=9
    same $v mod-meter BR "meter=2,kbps,band=type=drop,rate=2000"
    same $v mod-meter BR "meter=9,kbps,band=type=drop,rate=2000"
    same $v add-flow BR "priority=5,udp,actions=meter:1,output:1"
    same $v add-flow BR "priority=6,tcp,actions=meter:2,group:1"
    same $v add-flow BR "priority=7,tcp,actions=meter:9,output:1"
    same $v add-flow BR "priority=8,icmp,actions=meter:2,output:1"
    same $v meter-stats BR
    same $v meter-stats BR meter=2
    same $v dump-meters BR
    same $v del-meter BR meter=2
    same $v --no-stats dump-flows BR
    same $v meter-stats BR
    same $v del-meter BR meter=42
    same $v del-meters BR
    same $v dump-meters BR
    same $v --no-stats dump-flows BR
done

# meter-features: the same but for Sluice's DSCP remark bands.
for v in OpenFlow13 OpenFlow15; do
    ovs=$(ovs-ofctl -O $v meter-features "$OVS_BR")
    ours=$(ovs-ofctl -O $v meter-features "$SLUICE_BR")
    expected=$(printf '%s\n' "$ovs" | sed 's/^band_types: drop$/band_types: drop dscp_remark/')
    [ "$ours" = "$expected" ] || fail "meter-features: \"$ours\", Open vSwitch: \"$ovs\""
done

[ "$N_DIFFS" = 0 ] || fail "$N_DIFFS of $N_CMDS commands printed differently"
echo "$TEST_NAME: $N_CMDS commands printed the same against both switches"
check_output "" sluice-appctl exit
pass
