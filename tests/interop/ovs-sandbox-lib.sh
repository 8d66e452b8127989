# Open vSwitch 3.1 in a private sandbox, as a reference peer for the
# interop tests.  Source after lib.sh and dpctl-lib.sh; start_ovs starts
# ovsdb-server and ovs-vswitchd under $TESTDIR/ovs (their PIDs join
# TEST_PIDS, which lib.sh's cleanup stops) with one bridge br0
# (datapath_type=netdev, fail_mode=secure, no ports, no DPDK), in a
# network namespace of its own when it can make one, and sets OVS_BR to
# the bridge's management socket.  Returns nonzero if Open vSwitch is not
# installed or does not start.  It exports OVS_RUNDIR and friends for the
# sandbox: set OVS_RUNDIR back afterwards to reach Sluice's bridges by
# name.

OVS_DIR=$TESTDIR/ovs
OVS_BR=""
start_ovs() {
    command -v ovs-vswitchd >/dev/null && command -v ovsdb-server >/dev/null \
        || return 1
    mkdir -p "$OVS_DIR"
    export OVS_RUNDIR=$OVS_DIR OVS_DBDIR=$OVS_DIR OVS_LOGDIR=$OVS_DIR \
           OVS_SYSCONFDIR=$OVS_DIR
    ovsdb-tool create "$OVS_DIR/conf.db" \
        /usr/share/openvswitch/vswitch.ovsschema || return 1
    ovsdb-server --detach --no-chdir --pidfile="$OVS_DIR/ovsdb-server.pid" \
        --log-file="$OVS_DIR/ovsdb-server.log" \
        --remote="punix:$OVS_DIR/db.sock" \
        --unixctl="$OVS_DIR/ovsdb-server.ctl" "$OVS_DIR/conf.db" || return 1
    TEST_PIDS="$TEST_PIDS $(cat "$OVS_DIR/ovsdb-server.pid")"
    ovs-vsctl --db="unix:$OVS_DIR/db.sock" --no-wait init || return 1
    # Its own network namespace, if it can, for the bridge's tap device.
    netns=""
    if unshare --net true 2>/dev/null; then
        netns="unshare --net"
    fi
    $netns ovs-vswitchd --detach --no-chdir \
        --pidfile="$OVS_DIR/ovs-vswitchd.pid" \
        --log-file="$OVS_DIR/ovs-vswitchd.log" \
        --unixctl="$OVS_DIR/ovs-vswitchd.ctl" "unix:$OVS_DIR/db.sock" \
        || return 1
    TEST_PIDS="$TEST_PIDS $(cat "$OVS_DIR/ovs-vswitchd.pid")"
    ovs-vsctl --db="unix:$OVS_DIR/db.sock" --timeout=30 add-br br0 \
        -- set bridge br0 datapath_type=netdev fail_mode=secure || return 1
    wait_for 10 test -S "$OVS_DIR/br0.mgmt" || return 1
    OVS_BR="unix:$OVS_DIR/br0.mgmt"
}
