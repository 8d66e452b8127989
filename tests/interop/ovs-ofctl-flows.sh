# Flow tables that the real ovs-ofctl (Open vSwitch 3.1) fills in
# sluice-vswitchd read back as Open vSwitch's own switch reads them back.
#
# For each of OpenFlow 1.0 to 1.5: tests/interop/gen-flows.py writes 1000
# varied flows that the version can carry; "ovs-ofctl -O VERSION
# add-flows" loads them into an empty Sluice bridge and into an empty Open
# vSwitch bridge (ovsdb-server and ovs-vswitchd run here in a private
# sandbox, bridge datapath_type=netdev, no DPDK), and "dump-flows
# --no-stats" must print the same set from both; so must dump-aggregate
# (flow_count), mod-flows, del-flows --strict of a sample and del-flows of
# everything.  Then the same with sluice-ofctl instead of ovs-ofctl on the
# Sluice side.  Where Open vSwitch cannot run, the Sluice bridge is
# compared with the file itself by "ovs-ofctl diff-flows", which
# canonicalizes both sides.
#
# Every difference is recorded, sorted, in $TESTDIR/diffs/ (kept when the
# test fails) and summarized at the end, so that one run shows all that
# remains to fix.
. "$abs_top_srcdir/tests/system/lib.sh"
. "$abs_top_srcdir/tests/system/dpctl-lib.sh"

if ! command -v ovs-ofctl >/dev/null; then
    echo "SKIP: $TEST_NAME: ovs-ofctl not installed (openvswitch-common)"
    test_failed=0
    exit 77
fi
command -v python3 >/dev/null || fail "python3 is needed for gen-flows.py"
N_FLOWS=${N_FLOWS:-1000}
GEN="$abs_top_srcdir/tests/interop/gen-flows.py"
DIFFS=$TESTDIR/diffs
mkdir -p "$DIFFS"

start_switch_daemon "$DP_TEST_CONFIG"
check_output "" sluice-appctl bridge/add br0 fail_mode=secure
SLUICE_BR="unix:$SLUICE_RUNDIR/br0.mgmt"

. "$abs_top_srcdir/tests/interop/ovs-sandbox-lib.sh"
if start_ovs; then
    echo "$TEST_NAME: comparing with Open vSwitch $(ovs-vswitchd --version | sed -n '1s/.* //p')"
else
    echo "$TEST_NAME: Open vSwitch does not run here: comparing with the flow files"
fi
export OVS_RUNDIR=$SLUICE_RUNDIR

FAILURES=""
# record NAME EXPECTED_FILE ACTUAL_FILE: records a difference between two
# sorted dumps, if there is one.
record() {
    name=$1 expected=$2 actual=$3
    if ! diff -u "$expected" "$actual" >"$DIFFS/$name.diff" 2>&1; then
        FAILURES="$FAILURES $name"
        echo "$TEST_NAME: $name differs ($(grep -c '^[-+][^-+]' "$DIFFS/$name.diff") lines):" >&2
        grep '^[-+][^-+]' "$DIFFS/$name.diff" | head -n 6 >&2
    else
        rm -f "$DIFFS/$name.diff"
    fi
}

# run NAME COMMAND...: runs COMMAND; a failure is recorded with its output.
run() {
    name=$1; shift
    if ! "$@" >"$DIFFS/$name.out" 2>&1; then
        FAILURES="$FAILURES $name"
        echo "$TEST_NAME: $name: \"$*\" failed:" >&2
        head -n 6 "$DIFFS/$name.out" >&2
        return 1
    fi
    rm -f "$DIFFS/$name.out"
}

# dump VERSION TOOL BRIDGE FILE: the bridge's flows, sorted, into FILE.
dump() {
    "$2" -O "$1" --no-names --no-stats dump-flows "$3" 2>&1 | sort >"$4"
}

# aggregate VERSION TOOL BRIDGE [FLOW]: prints the bridge's flow_count.
aggregate() {
    "$2" -O "$1" --no-names dump-aggregate "$3" ${4:+"$4"} 2>&1 \
        | sed -n 's/.*flow_count=\([0-9]*\).*/\1/p'
}

# strict_deletes FILE: del-flows --strict arguments for some of FILE's
# flows: their table, priority and match, without cookie, timeouts and
# actions.
strict_deletes() {
    awk 'NR % 37 == 1' "$1" \
        | sed -E 's/,actions=.*//; s/(^|,)(cookie|idle_timeout|hard_timeout)=[^,]*//g; s/^,//'
}

for v in OpenFlow10 OpenFlow11 OpenFlow12 OpenFlow13 OpenFlow14 OpenFlow15
do
    flows=$TESTDIR/flows-$v.txt
    python3 "$GEN" -n "$N_FLOWS" -O "$v" -o "$flows"
    for tool in ovs-ofctl sluice-ofctl; do
        tag=$v-$tool
        run "$tag-clear" ovs-ofctl -O $v --no-names del-flows "$SLUICE_BR" \
            || continue

        # add-flows, then dump-flows and dump-aggregate.
        run "$tag-add-flows" $tool -O $v --no-names add-flows \
            "$SLUICE_BR" "$flows" || continue
        dump $v ovs-ofctl "$SLUICE_BR" "$TESTDIR/sluice.txt"
        if [ -n "$OVS_BR" ]; then
            ovs-ofctl -O $v --no-names del-flows "$OVS_BR"
            ovs-ofctl -O $v --no-names add-flows "$OVS_BR" "$flows" \
                || fail "Open vSwitch refused $flows"
            dump $v ovs-ofctl "$OVS_BR" "$TESTDIR/ovs.txt"
            record "$tag-dump-flows" "$TESTDIR/ovs.txt" "$TESTDIR/sluice.txt"
        else
            run "$tag-diff-flows" ovs-ofctl -O $v --no-names diff-flows \
                "$flows" "$SLUICE_BR"
        fi
        if [ $tool = sluice-ofctl ]; then
            dump $v sluice-ofctl "$SLUICE_BR" "$TESTDIR/sluice2.txt"
            record "$tag-own-dump" "$TESTDIR/sluice.txt" \
                   "$TESTDIR/sluice2.txt"
        fi
        n=$(aggregate $v $tool "$SLUICE_BR")
        [ "$n" = "$N_FLOWS" ] || {
            FAILURES="$FAILURES $tag-aggregate"
            echo "$TEST_NAME: $tag: dump-aggregate says $n flows, not $N_FLOWS" >&2
        }

        # mod-flows (every TCP flow) and an aggregate over a match.
        run "$tag-mod-flows" $tool -O $v --no-names mod-flows "$SLUICE_BR" \
            "tcp,actions=output:77" || :
        # del-flows --strict of a sample of the flows.
        strict_deletes "$flows" >"$TESTDIR/deletes.txt"
        while read -r flow; do
            run "$tag-del-strict" $tool -O $v --no-names --strict del-flows \
                "$SLUICE_BR" "$flow" || break
        done <"$TESTDIR/deletes.txt"
        dump $v ovs-ofctl "$SLUICE_BR" "$TESTDIR/sluice.txt"
        sluice_tcp=$(aggregate $v $tool "$SLUICE_BR" tcp)
        if [ -n "$OVS_BR" ]; then
            ovs-ofctl -O $v --no-names mod-flows "$OVS_BR" \
                "tcp,actions=output:77"
            while read -r flow; do
                ovs-ofctl -O $v --no-names --strict del-flows "$OVS_BR" \
                    "$flow"
            done <"$TESTDIR/deletes.txt"
            dump $v ovs-ofctl "$OVS_BR" "$TESTDIR/ovs.txt"
            record "$tag-mod-del" "$TESTDIR/ovs.txt" "$TESTDIR/sluice.txt"
            ovs_tcp=$(aggregate $v ovs-ofctl "$OVS_BR" tcp)
            [ "$sluice_tcp" = "$ovs_tcp" ] || {
                FAILURES="$FAILURES $tag-aggregate-tcp"
                echo "$TEST_NAME: $tag: $sluice_tcp TCP flows, Open vSwitch has $ovs_tcp" >&2
            }
        fi

        # del-flows without a flow deletes them all.
        run "$tag-del-all" $tool -O $v --no-names del-flows "$SLUICE_BR" || :
        n=$(aggregate $v $tool "$SLUICE_BR")
        expected=0
        if [ -n "$OVS_BR" ]; then
            ovs-ofctl -O $v --no-names del-flows "$OVS_BR"
            expected=$(aggregate $v ovs-ofctl "$OVS_BR")
        fi
        [ "$n" = "$expected" ] || {
            FAILURES="$FAILURES $tag-del-all-count"
            echo "$TEST_NAME: $tag: $n flows left after del-flows, not $expected" >&2
        }
    done

    # As users run it: ovs-ofctl fetches port and table names first.
    run "$v-ovs-ofctl-names" ovs-ofctl -O $v add-flow "$SLUICE_BR" \
        "priority=1,actions=drop" || :
done

check_output "" sluice-appctl bridge/del br0
if [ -n "$FAILURES" ]; then
    fail "differences (in $DIFFS):$FAILURES"
fi
pass
