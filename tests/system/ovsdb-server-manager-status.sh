# sluice-dbserver writes the status of the remotes that come from the
# database (--remote=db:Open_vSwitch,Open_vSwitch,manager_options) into
# their Manager rows as Open vSwitch's ovsdb-server does: the same three
# Manager rows -- a passive "ptcp:0:127.0.0.1", an active target whose
# peer accepts and answers, an active target nobody listens on -- on both
# servers reach the same "is_connected" and "status" (its keys, and
# "state"; numbers of seconds and the port stand for themselves), and two
# clients on the passive target make it connected with n_connections=2.
. "$abs_top_srcdir/tests/system/lib.sh"

SCHEMA=$abs_top_srcdir/vswitchd/vswitch.ovsschema
OVS_SCHEMA=/usr/share/openvswitch/vswitch.ovsschema
for p in ovsdb-tool ovsdb-server; do
    if ! command -v $p >/dev/null 2>&1 || [ ! -r "$OVS_SCHEMA" ]; then
        echo "SKIP: $TEST_NAME: needs $p and $OVS_SCHEMA (openvswitch-switch)"
        test_failed=0
        exit 77
    fi
done

sluice-dbserver --detach --no-chdir --pidfile --log-file \
    --create="$SCHEMA" --remote="punix:$SLUICE_RUNDIR/db.sock" \
    --remote=db:Open_vSwitch,Open_vSwitch,manager_options \
    || fail "sluice-dbserver did not start"
TEST_PIDS="$TEST_PIDS $(cat "$SLUICE_RUNDIR/sluice-dbserver.pid")"

OVS_DIR=$TESTDIR/ovs
mkdir -p "$OVS_DIR"
ovsdb-tool create "$OVS_DIR/conf.db" "$OVS_SCHEMA"
ovsdb-server --detach --no-chdir --pidfile="$OVS_DIR/ovsdb-server.pid" \
    --log-file="$OVS_DIR/ovsdb-server.log" --remote="punix:$OVS_DIR/db.sock" \
    --remote=db:Open_vSwitch,Open_vSwitch,manager_options \
    --unixctl="$OVS_DIR/ovsdb-server.ctl" "$OVS_DIR/conf.db" \
    || fail "ovsdb-server did not start"
TEST_PIDS="$TEST_PIDS $(cat "$OVS_DIR/ovsdb-server.pid")"

python3 - "$SLUICE_RUNDIR/db.sock" "$OVS_DIR/db.sock" \
    "$abs_top_srcdir/tests/system" <<'PY' || fail "Manager status differs"
import json, socket, sys, threading, time
sys.path.insert(0, sys.argv[3])
from ovsdb_client import Client

# The peer of the active targets: accepts, and answers echo probes.
listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(8)
peer_port = listener.getsockname()[1]
def serve(sock):
    c = Client(sock, timeout=None)
    try:
        while True:
            msg = c.recv()
            if msg.get("method") == "echo":
                c.s.sendall(json.dumps({"result": msg["params"],
                                        "error": None,
                                        "id": msg["id"]}).encode())
    except (ConnectionError, OSError):
        pass
def accept():
    while True:
        sock, _ = listener.accept()
        threading.Thread(target=serve, args=(sock,), daemon=True).start()
threading.Thread(target=accept, daemon=True).start()

# A port nobody listens on.
closed = socket.socket()
closed.bind(("127.0.0.1", 0))
closed_port = closed.getsockname()[1]

TARGETS = ["ptcp:0:127.0.0.1", "tcp:127.0.0.1:%d" % peer_port,
           "tcp:127.0.0.1:%d" % closed_port]
NAMES = {TARGETS[0]: "passive", TARGETS[1]: "active",
         TARGETS[2]: "refused"}

def view(c):
    """The Manager rows: name -> (is_connected, status with numbers
    replaced)."""
    r, _ = c.call("transact", ["Open_vSwitch", {
        "op": "select", "table": "Manager", "where": [],
        "columns": ["target", "is_connected", "status"]}])
    out, ports = {}, {}
    for row in r["result"][0]["rows"]:
        status = dict(row["status"][1])
        if "bound_port" in status:
            ports[NAMES[row["target"]]] = int(status["bound_port"])
        for k in ("bound_port", "sec_since_connect", "sec_since_disconnect"):
            if k in status and status[k].isdigit():
                status[k] = "<n>"
        out[NAMES[row["target"]]] = (row["is_connected"], status)
    return out, ports

def wait_for(c, pred, what):
    deadline = time.time() + 20
    while time.time() < deadline:
        v, ports = view(c)
        if pred(v):
            return v, ports
        time.sleep(0.25)
    print("timed out waiting for %s: %s" % (what, v))
    sys.exit(1)

def run(path):
    c = Client(path)
    ops = [{"op": "insert", "table": "Manager", "uuid-name": "m%d" % i,
            "row": {"target": t}} for i, t in enumerate(TARGETS)]
    ops.append({"op": "insert", "table": "Open_vSwitch", "row": {
        "manager_options": ["set", [["named-uuid", "m%d" % i]
                                    for i in range(len(TARGETS))]]}})
    r, _ = c.call("transact", ["Open_vSwitch"] + ops)
    assert not any("error" in (x or {}) for x in r["result"]), r
    first, ports = wait_for(c, lambda v: len(v) == 3
                            and v["active"][1].get("state") == "ACTIVE"
                            and v["refused"][1].get("state") == "BACKOFF"
                            and "bound_port" in v["passive"][1],
                            "the first status")
    a = socket.create_connection(("127.0.0.1", ports["passive"]))
    b = socket.create_connection(("127.0.0.1", ports["passive"]))
    second, _ = wait_for(c, lambda v: v["passive"][0] is True
                         and v["passive"][1].get("n_connections") == "2",
                         "two connections")
    a.close()
    b.close()
    return first, second

ours = run(sys.argv[1])
theirs = run(sys.argv[2])
print("sluice:", json.dumps(ours, sort_keys=True))
print("ovs:   ", json.dumps(theirs, sort_keys=True))
expected_first = {
    "passive": [False, {"bound_port": "<n>", "sec_since_connect": "<n>",
                        "sec_since_disconnect": "<n>"}],
    "active": [True, {"state": "ACTIVE", "sec_since_connect": "<n>"}],
    "refused": [False, {"state": "BACKOFF"}]}
ok = json.loads(json.dumps(ours)) == json.loads(json.dumps(theirs))
ok = ok and json.loads(json.dumps(ours[0])) == expected_first
ok = ok and ours[1]["passive"][1]["n_connections"] == "2"
sys.exit(0 if ok else 1)
PY
pass
