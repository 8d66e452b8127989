# The real ovs-vsctl (Open vSwitch 3.1) configures Sluice's database server
# as it configures Open vSwitch's: the same script of ovs-vsctl commands
# (init, add-br, add-port with a dpdkvhostuserclient interface and its
# options, set, get, list, find, show, del-port, del-br, and commands
# that fail) runs against sluice-dbserver, on a database it created
# from Sluice's schema (vswitchd/vswitch.ovsschema), and against Open
# vSwitch's ovsdb-server, on a database that "ovsdb-tool create" made
# from Open vSwitch's schema, and every command prints the same and
# exits the same (UUIDs replaced by their order of appearance).  A
# Manager row opens a listener (passive target) or makes the server
# connect out (active target), and deleting it undoes that.  Then
# sluice-dbserver is stopped with SIGKILL and restarted: everything
# acknowledged is still there, and ovsdb-tool reads the journal.
. "$abs_top_srcdir/tests/system/lib.sh"

OVS_SCHEMA=/usr/share/openvswitch/vswitch.ovsschema
SCHEMA=$abs_top_srcdir/vswitchd/vswitch.ovsschema
for p in ovs-vsctl ovsdb-tool ovsdb-server; do
    if ! command -v $p >/dev/null 2>&1 || [ ! -r "$OVS_SCHEMA" ]; then
        echo "SKIP: $TEST_NAME: needs $p and $OVS_SCHEMA (openvswitch-switch)"
        test_failed=0
        exit 77
    fi
done

# Sluice's server, on a database made from Sluice's schema (the first
# start creates it; a restart finds it).
SDB=$SLUICE_RUNDIR/db.sock
start_sluice_db() {
    sluice-dbserver --detach --no-chdir --pidfile --log-file \
        --create="$SCHEMA" \
        --remote="punix:$SLUICE_RUNDIR/db.sock" \
        --remote=db:Open_vSwitch,Open_vSwitch,manager_options \
        || fail "sluice-dbserver did not start"
    db_pid=$(cat "$SLUICE_RUNDIR/sluice-dbserver.pid")
    TEST_PIDS="$TEST_PIDS $db_pid"
}
start_sluice_db
grep -qF "created $SLUICE_DBDIR/conf.db from $SCHEMA" \
    "$SLUICE_LOGDIR/sluice-dbserver.log" \
    || fail "sluice-dbserver did not create its database from $SCHEMA"

# Open vSwitch's, in a directory of its own.
OVS_DIR=$TESTDIR/ovs
mkdir -p "$OVS_DIR"
ovsdb-tool create "$OVS_DIR/conf.db" "$OVS_SCHEMA"
ovsdb-server --detach --no-chdir --pidfile="$OVS_DIR/ovsdb-server.pid" \
    --log-file="$OVS_DIR/ovsdb-server.log" --remote="punix:$OVS_DIR/db.sock" \
    --unixctl="$OVS_DIR/ovsdb-server.ctl" "$OVS_DIR/conf.db" \
    || fail "ovsdb-server did not start"
TEST_PIDS="$TEST_PIDS $(cat "$OVS_DIR/ovsdb-server.pid")"
ODB=$OVS_DIR/db.sock


N_CMDS=0 SORT=cat
# same ARGS...: ovs-vsctl --no-wait ARGS against both servers.  same_any
# compares the lines in any order: "show", "list" and "find" print rows
# in the order of the client's hash table of UUIDs, which are random.
same_any() {
    SORT=sort
    same "$@"
    SORT=cat
}
same() {
    set +e
    ovs=$(ovs-vsctl --db="unix:$ODB" --no-wait --timeout=10 "$@" 2>&1)
    ovs_status=$?
    ours=$(ovs-vsctl --db="unix:$SDB" --no-wait --timeout=10 "$@" 2>&1)
    our_status=$?
    set -e
    ovs=$(printf '%s\n' "$ovs" | sed "s#$ODB#DB#g" | $SORT | number_uuids)
    ours=$(printf '%s\n' "$ours" | sed "s#$SDB#DB#g" | $SORT | number_uuids)
    N_CMDS=$((N_CMDS + 1))
    if [ "$ovs" != "$ours" ] || [ "$ovs_status" != "$our_status" ]; then
        printf '%s: "ovs-vsctl %s" differs\n--- ovsdb-server (%s)\n%s\n--- sluice-dbserver (%s)\n%s\n' \
            "$TEST_NAME" "$*" "$ovs_status" "$ovs" "$our_status" "$ours" >&2
        exit 1
    fi
}

same init
same_any show
same add-br br0
same add-port br0 vm1 -- set interface vm1 type=dpdkvhostuserclient \
    options:vhost-server-path=/tmp/vm1.sock
same add-port br0 vm2 -- set interface vm2 type=dpdkvhostuser
same set bridge br0 fail_mode=secure other_config:hwaddr=00:11:22:33:44:55
same set port vm1 tag=10 trunks=20,30
same set interface vm2 mtu_request=9000 ofport_request=7
same get bridge br0 fail_mode other_config name
same get interface vm1 options:vhost-server-path
same list-br
same list-ports br0
same list-ifaces br0
same port-to-br vm1
same iface-to-br vm2
same br-exists br0
same br-exists nope
same_any --columns=name,type,options list interface vm1
same_any --columns=name find interface type=dpdkvhostuser
same_any show
same add-br br0
same add-port br0 vm1
same del-port br0 nope
same --if-exists del-port br0 nope
same set bridge br0 fail_mode=bogus
same set-controller br0 tcp:127.0.0.1:6653 ptcp:6634
same get-controller br0
same del-controller br0
same set-fail-mode br0 standalone
same get-fail-mode br0
same add-br br1 -- set bridge br1 datapath_type=netdev
same list-br
same del-port br0 vm2
same list-ports br0
same clear bridge br0 other_config
same remove port vm1 trunks 20
same add port vm1 trunks 40
same get port vm1 trunks
same destroy bridge br1
same list-br
same del-br br1
same list-br
same_any show
echo "$TEST_NAME: $N_CMDS ovs-vsctl commands printed the same against both servers"

# Remotes from the database: a manager's passive target opens a listener,
# and deleting it closes the listener.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ovs-vsctl --db="unix:$SDB" --no-wait set-manager "ptcp:$port:127.0.0.1"
wait_for 10 ovs-vsctl --db="tcp:127.0.0.1:$port" --no-wait --timeout=2 br-exists br0 \
    || fail "the manager's ptcp:$port remote does not answer"
ovs-vsctl --db="unix:$SDB" --no-wait del-manager
wait_for 10 sh -c "! ovs-vsctl --db=tcp:127.0.0.1:$port --no-wait --timeout=1 br-exists br0 2>/dev/null" \
    || fail "the listener outlived its Manager row"
# An active target: the server connects out to a listening client.
python3 - "$port" "$TESTDIR/active.ok" <<'PY' &
import json, socket, sys
l = socket.socket()
l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
l.bind(("127.0.0.1", int(sys.argv[1])))
l.listen(1)
l.settimeout(20)
c, _ = l.accept()
c.sendall(json.dumps({"method": "list_dbs", "params": [], "id": 1}).encode())
c.settimeout(10)
buf = b""
while b"Open_vSwitch" not in buf:
    buf += c.recv(4096)
open(sys.argv[2], "w").write(buf.decode())
PY
peer=$!
TEST_PIDS="$TEST_PIDS $peer"
sleep 0.5
ovs-vsctl --db="unix:$SDB" --no-wait set-manager "tcp:127.0.0.1:$port"
wait $peer || fail "the server did not connect out to tcp:127.0.0.1:$port"
grep -q '"result":\["Open_vSwitch","_Server"\]' "$TESTDIR/active.ok" || fail "list_dbs over the active remote: $(cat $TESTDIR/active.ok)"
rm -f "$TESTDIR/active.ok"
ovs-vsctl --db="unix:$SDB" --no-wait del-manager

# SIGKILL: what was acknowledged survives.
before=$(ovs-vsctl --db="unix:$SDB" --no-wait show | number_uuids)
kill -KILL "$db_pid"
wait_for 5 sh -c "! kill -0 $db_pid 2>/dev/null" || fail "server did not die"
start_sluice_db
after=$(ovs-vsctl --db="unix:$SDB" --no-wait show | number_uuids)
[ "$before" = "$after" ] || fail "after SIGKILL: \"$after\", before: \"$before\""
ovsdb-tool show-log "$SLUICE_DBDIR/conf.db" >/dev/null \
    || fail "ovsdb-tool cannot read the journal"

# A client that sends garbage is dropped; the others go on.
python3 - "$SDB" <<'PY' || fail "the server kept a client that sent garbage"
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(b'{"method": "echo", "params": [], "id": 1}{garbage}}]]')
s.settimeout(5)
try:
    while s.recv(4096):
        pass
except ConnectionResetError:
    pass
except socket.timeout:
    sys.exit("not dropped")
PY
ovs-vsctl --db="unix:$SDB" --no-wait list-br | grep -qx br0 \
    || fail "the server stopped answering after a bad client"

check_output "" sluice-appctl -t "$SLUICE_RUNDIR/sluice-dbserver.$db_pid.ctl" exit
pass
