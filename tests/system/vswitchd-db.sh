# sluice-vswitchd configured through the database, by the real ovs-vsctl
# (Open vSwitch 3.1), which waits for each change to be applied (no
# --no-wait): bridges and ports appear in ovs-ofctl show with the numbers
# asked for, status comes back (ofport, link and admin state, MTU,
# statistics), an interface that cannot be set up gets ofport -1 and a
# reason in its error column, which ovs-vsctl prints, while the others go
# on; controllers connect; a restarted switch rebuilds everything from the
# database with the same OpenFlow port numbers; del-port and del-br
# remove what they name, and the switch goes on with the bridges left
# (whichever was created first).
. "$abs_top_srcdir/tests/system/lib.sh"
. "$abs_top_srcdir/tests/system/dpctl-lib.sh"

SCHEMA=$abs_top_srcdir/vswitchd/vswitch.ovsschema
[ -r "$SCHEMA" ] || SCHEMA=/usr/share/openvswitch/vswitch.ovsschema
for p in ovs-vsctl ovs-ofctl; do
    if ! command -v $p >/dev/null 2>&1 || [ ! -r "$SCHEMA" ]; then
        echo "SKIP: $TEST_NAME: needs $p (openvswitch-switch)"
        test_failed=0
        exit 77
    fi
done

DB=unix:$SLUICE_RUNDIR/db.sock
start_daemon sluice-dbserver --create="$SCHEMA" \
    --remote="punix:$SLUICE_RUNDIR/db.sock" >/dev/null
vsctl() {
    ovs-vsctl --db="$DB" --timeout=20 "$@"
}
vsctl --no-wait init
start_vswitchd_in_netns "$DP_TEST_CONFIG" "$DB"
vswitchd_pid=$pid
export OVS_RUNDIR=$SLUICE_RUNDIR

# ofports: the "N(NAME)" port list of ovs-ofctl show.
ofports() {
    ovs-ofctl show br0 | sed -n 's/^ \([0-9A-Z]*\)(\([^)]*\)).*/\1(\2)/p' \
        | sort | tr '\n' ' '
}

vsctl add-br br0 -- set bridge br0 datapath_type=netdev
vsctl add-port br0 p1 -- set interface p1 type=dpdk \
    options:dpdk-devargs=net_ring0
vsctl add-port br0 vhu -- set interface vhu type=dpdkvhostuserclient \
    options:vhost-server-path="$TESTDIR/vhu.sock" ofport_request=9
check_output "1(p1) 9(vhu) LOCAL(br0) " ofports
check_output "1" vsctl get interface p1 ofport
check_output "9" vsctl get interface vhu ofport
check_output "65534" vsctl get interface br0 ofport
check_output up vsctl get interface p1 admin_state
check_output "[]" vsctl get interface p1 error
vsctl get bridge br0 datapath_id | grep -Eq '^"?[0-9a-f]{16}"?$' \
    || fail "no datapath_id for br0"

# other_config:datapath-id sets the datapath id; a bad one is ignored;
# removing it brings the default back.
default_dpid=$(vsctl get bridge br0 datapath_id)
vsctl set bridge br0 other_config:datapath-id=00000000000000ab
ovs-ofctl show br0 | grep -q 'dpid:00000000000000ab' \
    || fail "datapath-id not applied: $(ovs-ofctl show br0 | head -1)"
wait_for 5 sh -c "ovs-vsctl --db=$DB get bridge br0 datapath_id | grep -q 00000000000000ab" \
    || fail "the datapath_id column did not follow"
vsctl set bridge br0 other_config:datapath-id=xyz
ovs-ofctl show br0 | grep -q 'dpid:00000000000000ab' \
    && fail "a bad datapath-id was not ignored"
vsctl remove bridge br0 other_config datapath-id
wait_for 5 sh -c "[ \"\$(ovs-vsctl --db=$DB get bridge br0 datapath_id)\" = '$default_dpid' ]" \
    || fail "the default datapath id did not come back"

# What the switch can do, as orchestrators read it.
check_output "[netdev]" vsctl get Open_vSwitch . datapath_types
check_output "[dpdk, dpdkvhostuser, dpdkvhostuserclient, internal, system]" \
    vsctl get Open_vSwitch . iface_types
vsctl get Open_vSwitch . dpdk_version | grep -q 'DPDK 22' \
    || fail "dpdk_version: $(vsctl get Open_vSwitch . dpdk_version)"

# Statistics come within one interval (5 s).
wait_for 15 sh -c "ovs-vsctl --db=$DB get interface p1 statistics:rx_packets >/dev/null 2>&1" \
    || fail "no statistics for p1"

# Datapath settings follow Open_vSwitch:other_config at run time: the PMD
# thread moves to the core pmd-cpu-mask names.
appctl() {
    sluice-appctl -t "$SLUICE_RUNDIR/sluice-vswitchd.$vswitchd_pid.ctl" "$@"
}
for core in 0 1; do
    vsctl set Open_vSwitch . other_config:pmd-cpu-mask=$((1 << core))
    wait_for 10 sh -c "sluice-appctl -t $SLUICE_RUNDIR/sluice-vswitchd.$vswitchd_pid.ctl dpif-netdev/pmd-rxq-show | grep -q 'core_id $core:'" \
        || fail "no PMD thread on core $core: $(appctl dpif-netdev/pmd-rxq-show)"
done
vsctl remove Open_vSwitch . other_config pmd-cpu-mask

# A bad interface: ovs-vsctl reports it; nothing else is disturbed.
err=$(vsctl add-port br0 bad -- set interface bad type=dpdk \
      options:dpdk-devargs=net_bogus0 2>&1) \
    || fail "ovs-vsctl add-port bad failed: $err"
case $err in
    *"Error detected while setting up 'bad'"*) ;;
    *) fail "ovs-vsctl did not report the bad interface: $err" ;;
esac
check_output "-1" vsctl get interface bad ofport
vsctl get interface bad error | grep -q 'net_bogus0' \
    || fail "the error column does not name the device: $(vsctl get interface bad error)"
check_output "1(p1) 9(vhu) LOCAL(br0) " ofports
# A bad option value of a port that worked: the port goes, with a reason
# that names the option; the others stay.
vsctl set interface bad options:dpdk-devargs=net_null0,no-rx=1 options:n_rxq=abc
vsctl get interface bad error | grep -q 'n_rxq' \
    || fail "the error column does not name n_rxq: $(vsctl get interface bad error)"
check_output "1(p1) 9(vhu) LOCAL(br0) " ofports
vsctl remove interface bad options n_rxq
# Fixing it brings it up.
vsctl set interface bad options:dpdk-devargs=net_null0,no-rx=1
check_output "[]" vsctl get interface bad error
check_output "1(p1) 2(bad) 9(vhu) LOCAL(br0) " ofports

# An interface whose device is missing is not retried on every database
# change (status writes are changes too), but every 10 s: a kernel
# interface created later comes up on its own.
log=$SLUICE_LOGDIR/sluice-vswitchd.log
before=$(grep -c 'could not add interface late0' "$log" || true)
vsctl add-port br0 late0 2>/dev/null || true
check_output "-1" vsctl get interface late0 ofport
sleep 3
tries=$(( $(grep -c 'could not add interface late0' "$log") - before ))
[ "$tries" -le 2 ] || fail "late0 was tried $tries times in 3 s"
# (Only in the switch's own network namespace, which goes with it.)
if command -v nsenter >/dev/null 2>&1 \
   && [ "$(readlink /proc/$vswitchd_pid/ns/net)" != "$(readlink /proc/$$/ns/net)" ]; then
    nsenter -t "$vswitchd_pid" -n ip link add late0 type veth peer name late0p \
        || fail "could not create late0 in the switch's namespace"
    wait_for 15 sh -c "[ \"\$(ovs-vsctl --db=$DB get interface late0 ofport)\" -gt 0 ]" \
        || fail "late0 did not come up once its device existed"
fi
vsctl del-port br0 late0

# Changes in place and renumbering.
vsctl set interface p1 ofport_request=7
check_output "2(bad) 7(p1) 9(vhu) LOCAL(br0) " ofports
vsctl set port vhu tag=10 -- set interface bad mtu_request=2000
check_output "2000" vsctl get interface bad mtu
vsctl set port vhu vlan_mode=native-untagged -- clear port vhu tag
vsctl get interface vhu error | grep -q 'native' \
    || fail "a native VLAN mode without a tag is not reported"
vsctl set port vhu tag=10
check_output "[]" vsctl get interface vhu error

# A controller connects (the switch's hello arrives, the controller
# answers with its own) and the Controller row says so.  The switch runs
# in a network namespace of its own: the controller listens on a Unix
# socket.
python3 - "$TESTDIR/ctl.sock" "$TESTDIR/ctl.done" <<'PY' &
import os, socket, sys, time
l = socket.socket(socket.AF_UNIX)
l.bind(sys.argv[1])
l.listen(1)
l.settimeout(20)
c, _ = l.accept()
c.settimeout(10)
hello = c.recv(8)
if len(hello) != 8 or hello[1] != 0:
    sys.exit(1)
c.sendall(bytes([1, 0, 0, 8, 0, 0, 0, 1]))
deadline = time.time() + 30
while not os.path.exists(sys.argv[2]) and time.time() < deadline:
    time.sleep(0.05)
PY
peer=$!
TEST_PIDS="$TEST_PIDS $peer"
wait_for 5 test -S "$TESTDIR/ctl.sock"
vsctl set-controller br0 "unix:$TESTDIR/ctl.sock" -- set-fail-mode br0 secure
wait_for 10 sh -c "[ \"\$(ovs-vsctl --db=$DB get controller br0 is_connected)\" = true ]" \
    || fail "the Controller row does not say it is connected"
check_output "ACTIVE" vsctl get controller br0 status:state
vsctl show | grep -q 'is_connected: true' \
    || fail "ovs-vsctl show does not print is_connected: true"
touch "$TESTDIR/ctl.done"
wait $peer || fail "the controller got no OpenFlow hello"
vsctl del-controller br0

# A second bridge; an interface moves between bridges in one transaction.
vsctl add-br br1 -- set bridge br1 datapath_type=netdev
vsctl del-port br0 bad -- add-port br1 bad -- set interface bad type=dpdk \
    options:dpdk-devargs=net_null0,no-rx=1
check_output "[]" vsctl get interface bad error
ovs-ofctl show br1 | grep -q '(bad)' || fail "bad did not move to br1"
check_output "7(p1) 9(vhu) LOCAL(br0) " ofports

# Restart: everything comes back from the database, same numbers.
kill -TERM "$vswitchd_pid"
wait_for 10 sh -c "! kill -0 $vswitchd_pid 2>/dev/null" \
    || fail "sluice-vswitchd did not exit"
start_vswitchd_in_netns "$DP_TEST_CONFIG" "$DB"
vswitchd_pid=$pid
wait_for 20 sh -c "ovs-ofctl show br0 >/dev/null 2>&1" \
    || fail "br0 did not come back after a restart"
wait_for 10 sh -c "[ \"\$(ovs-ofctl show br0 | grep -c '^ [0-9A-Z]*(')\" = 3 ]"
check_output "7(p1) 9(vhu) LOCAL(br0) " ofports
ovs-ofctl show br1 | grep -q '(bad)' || fail "br1 lost bad after a restart"

# Removal.
vsctl del-port br0 vhu
check_output "7(p1) LOCAL(br0) " ofports
vsctl del-br br1
wait_for 5 sh -c "! ovs-ofctl show br1 >/dev/null 2>&1" \
    || fail "br1 still answers after del-br"
# Whichever bridge came first is gone once br0 goes too: the switch goes
# on with br3 (revalidation runs on the shared datapath every second).
vsctl add-br br3 -- set bridge br3 datapath_type=netdev
vsctl del-br br0
sleep 1.5
ovs-ofctl show br3 | grep -q '(br3)' || fail "br3 does not answer"
kill -0 "$vswitchd_pid" || fail "sluice-vswitchd died after del-br"

check_output "" appctl exit
pass
