# The configuration issue's acceptance: one script of vsctl commands
# (add-br, add-port with a dpdkvhostuserclient interface and its
# vhost-server-path, set, get, list, show, a bad interface, del-port,
# del-br) runs against Sluice's two daemons, waiting for each change to be
# applied (no --no-wait), once with the real ovs-vsctl (Open vSwitch 3.1)
# and once with sluice-vsctl, each on a fresh database.  After every change
# the switch has applied it (ovs-ofctl show lists the ports), and the two
# tools print the same thing and exit the same way for every command
# (UUIDs replaced by their order of appearance, the program's name by
# VSCTL, and the log directory each names for its switch by LOGDIR).
. "$abs_top_srcdir/tests/system/lib.sh"
. "$abs_top_srcdir/tests/system/dpctl-lib.sh"

for p in ovs-vsctl ovs-ofctl; do
    if ! command -v $p >/dev/null 2>&1; then
        echo "SKIP: $TEST_NAME: needs $p (openvswitch-switch)"
        test_failed=0
        exit 77
    fi
done
SCHEMA=$abs_top_srcdir/vswitchd/vswitch.ovsschema
export OVS_RUNDIR=$SLUICE_RUNDIR

normalize() {
    sed -E -e 's/(ovs|sluice)-vsctl: /VSCTL: /g' \
        -e 's/(The default log directory is) ".*"/\1 LOGDIR/' \
        | number_uuids
}

# ofports: the "N(NAME)" port list of ovs-ofctl show br0, sorted.
ofports() {
    ovs-ofctl show br0 2>/dev/null \
        | sed -n 's/^ \([0-9A-Z]*\)(\([^)]*\)).*/\1(\2)/p' | sort | tr '\n' ' '
}

# applied EXPECTED: the switch shows exactly the ports EXPECTED.
applied() {
    got=$(ofports)
    [ "$got" = "$1" ] || fail "$TOOL: after \"$LAST\", ovs-ofctl show lists \"$got\", not \"$1\""
}

# run ARGS...: runs $TOOL ARGS (waiting) and appends what it printed and
# its exit status to $OUT.  run_sorted sorts the output first (show and
# list print rows in hash order).
SORT=cat
run() {
    LAST="$*"
    set +e
    out=$("$TOOL" --db="unix:$SLUICE_RUNDIR/db.sock" --timeout=30 "$@" 2>&1)
    status=$?
    set -e
    {
        echo "### $*"
        printf '%s\n' "$out" | $SORT
        echo "### exit $status"
    } >> "$OUT"
    N_CMDS=$((N_CMDS + 1))
}
run_sorted() {
    SORT=sort
    run "$@"
    SORT=cat
}

# script TOOL: starts the daemons on a new database, runs the script with
# TOOL, stops them.  The output goes to $TESTDIR/TOOL.out.
script() {
    TOOL=$1 OUT=$TESTDIR/$(basename "$1").out N_CMDS=0
    rm -f "$SLUICE_DBDIR/conf.db" "$OUT"
    start_daemon sluice-dbserver --create="$SCHEMA" \
        --remote="punix:$SLUICE_RUNDIR/db.sock" >/dev/null
    db_pid=$pid
    "$TOOL" --db="unix:$SLUICE_RUNDIR/db.sock" --no-wait init
    start_vswitchd_in_netns "$DP_TEST_CONFIG" "unix:$SLUICE_RUNDIR/db.sock"
    sw_pid=$pid

    run add-br br0 -- set bridge br0 datapath_type=netdev
    applied "LOCAL(br0) "
    run add-port br0 vm1 -- set interface vm1 type=dpdkvhostuserclient \
        options:vhost-server-path="$TESTDIR/vm1.sock"
    applied "1(vm1) LOCAL(br0) "
    run add-port br0 p1 -- set interface p1 type=dpdk \
        'options:dpdk-devargs="net_null0,no-rx=1"'
    applied "1(vm1) 2(p1) LOCAL(br0) "
    run set interface vm1 ofport_request=10
    applied "10(vm1) 2(p1) LOCAL(br0) "
    run set port p1 tag=100 -- set bridge br0 fail_mode=secure
    run get interface vm1 ofport
    run get interface vm1 options:vhost-server-path
    run get port p1 tag
    run --columns=name,type,options,ofport,ofport_request,error list interface vm1
    run --columns=name,datapath_type,fail_mode list bridge br0
    run list-ports br0
    run list-ifaces br0
    run_sorted show
    run add-port br0 bad -- set interface bad type=dpdk \
        options:dpdk-devargs=net_bogus0
    applied "10(vm1) 2(p1) LOCAL(br0) "
    run get interface bad ofport
    run get interface bad error
    run --columns=name,ofport find interface ofport=-1
    run del-port br0 bad
    run del-port br0 vm1
    applied "2(p1) LOCAL(br0) "
    run del-port br0 nope
    run --if-exists del-port br0 nope
    run del-br br0
    [ -z "$(ofports)" ] || fail "$TOOL: br0 is still there after del-br"
    run list-br
    run_sorted show

    check_output "" sluice-appctl -t "$SLUICE_RUNDIR/sluice-vswitchd.$sw_pid.ctl" exit
    check_output "" sluice-appctl -t "$SLUICE_RUNDIR/sluice-dbserver.$db_pid.ctl" exit
    wait_for 10 sh -c "! kill -0 $sw_pid 2>/dev/null && ! kill -0 $db_pid 2>/dev/null" \
        || fail "the daemons did not exit"
}

script ovs-vsctl
script "$abs_top_builddir/utilities/sluice-vsctl"
normalize < "$TESTDIR/ovs-vsctl.out" > "$TESTDIR/ovs.norm"
normalize < "$TESTDIR/sluice-vsctl.out" > "$TESTDIR/sluice.norm"
if ! diff -u "$TESTDIR/ovs.norm" "$TESTDIR/sluice.norm" >&2; then
    fail "ovs-vsctl and sluice-vsctl printed different things (above)"
fi
grep -q "Error detected while setting up 'bad'" "$TESTDIR/ovs.norm" \
    || fail "the bad interface was not reported"
echo "$TEST_NAME: $N_CMDS commands, each applied by the switch, printed the same with ovs-vsctl and sluice-vsctl"
pass
