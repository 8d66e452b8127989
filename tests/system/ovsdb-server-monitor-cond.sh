# sluice-dbserver's monitor conditions, transaction history and _Server
# database, against Open vSwitch's ovsdb-server where they can be
# compared:
#
#   - The same transactions and monitor_cond requests ("where" with ==, !=,
#     <, <=, >, >=, includes, excludes, true and false, clauses joined by
#     "or") run against both servers, and the initial contents, the
#     update2 notifications (rows moving into a condition arrive as
#     "insert", out of it as "delete"), monitor_cond_change's update and
#     reply, the error tags of bad requests, monitor_cond_since with an
#     unknown id, and the _Server database (get_schema, monitor, select,
#     a refused delete) are the same, row uuids replaced by row names.
#   - Sluice alone (Open vSwitch keeps no history for a standalone
#     database): monitor_cond_since with a known id gets [true, latest,
#     only the changes since, merged per row and filtered by the
#     condition], with the latest id [true, latest, {}], with an unknown
#     id or one pushed out of the 100-transaction history [false, latest,
#     everything].
#   - Open vSwitch's Python IDL, a real client that reads _Server first
#     and uses monitor_cond_since and conditions, follows the database,
#     a condition change and a reconnect; ovsdb-client monitor-cond-since
#     with a known id gets only the change since.
. "$abs_top_srcdir/tests/system/lib.sh"

cat >"$TESTDIR/schema.json" <<'SCHEMA'
{"name": "P", "version": "1.2.3",
 "tables": {
  "Item": {"columns": {
    "name": {"type": "string"},
    "n": {"type": "integer"},
    "w": {"type": "real"},
    "tags": {"type": {"key": "string", "min": 0, "max": "unlimited"}},
    "kv": {"type": {"key": "string", "value": "string",
                    "min": 0, "max": "unlimited"}}}}}}
SCHEMA
sluice-dbserver --detach --no-chdir --pidfile --log-file \
    --create="$TESTDIR/schema.json" || fail "sluice-dbserver did not start"
TEST_PIDS="$TEST_PIDS $(cat "$SLUICE_RUNDIR/sluice-dbserver.pid")"
SDB=$SLUICE_RUNDIR/db.sock

# Open vSwitch's server on the same schema, if it is installed.
ODB=
if command -v ovsdb-server >/dev/null 2>&1 \
   && command -v ovsdb-tool >/dev/null 2>&1; then
    OVS_DIR=$TESTDIR/ovs
    mkdir -p "$OVS_DIR"
    ovsdb-tool create "$OVS_DIR/conf.db" "$TESTDIR/schema.json"
    ovsdb-server --detach --no-chdir --pidfile="$OVS_DIR/ovsdb-server.pid" \
        --log-file="$OVS_DIR/ovsdb-server.log" \
        --remote="punix:$OVS_DIR/db.sock" \
        --unixctl="$OVS_DIR/ovsdb-server.ctl" "$OVS_DIR/conf.db" \
        || fail "ovsdb-server did not start"
    TEST_PIDS="$TEST_PIDS $(cat "$OVS_DIR/ovsdb-server.pid")"
    ODB=$OVS_DIR/db.sock
else
    echo "$TEST_NAME: no ovsdb-server: Sluice's answers are not compared"
fi

python3 - "$SDB" "$ODB" "$abs_top_srcdir/tests/system" <<'PY' \
    || fail "monitor condition checks failed"
import json, re, sys
sys.path.insert(0, sys.argv[3])
from ovsdb_client import Client

ZERO = "00000000-0000-0000-0000-000000000000"
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-"
                     r"[0-9a-f]{12}")
failures = []

def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAILED:", what)


class Run:
    """One server: a writer client, a monitoring client, and the names of
    the rows (uuid -> name) for normalizing."""
    def __init__(self, path):
        self.w, self.m = Client(path), Client(path)
        self.names = {}
        self.log = []

    def norm(self, obj):
        text = json.dumps(obj, sort_keys=True)
        def sub(mo):
            u = mo.group(0)
            return self.names.get(u, "<txn>")
        return json.loads(UUID_RE.sub(sub, text))

    def txn(self, *ops):
        r, _ = self.w.call("transact", ["P"] + list(ops))
        for op, res in zip(ops, r["result"]):
            if op["op"] == "insert" and "uuid" in res:
                self.names[res["uuid"][1]] = "<%s>" % op["row"]["name"]
        return r

    def mcall(self, method, params, what):
        """Calls METHOD on the monitoring client; logs the notifications
        that came before the reply and the reply, normalized."""
        r, notes = self.m.call(method, params)
        error = r.get("error")
        if isinstance(error, dict):
            error = error.get("error")
        # Notifications to different monitors may come in any order.
        self.log.append((what, sorted(self.norm(
            [[n["method"], n["params"]] for n in notes]), key=json.dumps),
            self.norm({"result": r.get("result"), "error": error})))
        return r

    def step(self, what, *ops):
        """Runs OPS on the writer, then an echo on the monitoring client,
        so that its notifications are in the log in order."""
        self.txn(*ops)
        self.mcall("echo", [what], what)


def insert(name, **cols):
    row = {"name": name}
    for k, v in cols.items():
        row[k] = v
    return {"op": "insert", "table": "Item", "row": row}

def update(name, **cols):
    return {"op": "update", "table": "Item",
            "where": [["name", "==", name]], "row": cols}

COLUMNS = ["name", "n", "w", "tags", "kv"]

def where(*clauses):
    return {"Item": [{"where": list(clauses), "columns": COLUMNS}]}

def cond(*clauses):
    return {"Item": [{"where": list(clauses)}]}


def script(run):
    """The same requests against either server."""
    run.txn(insert("a", n=1, tags=["set", ["x"]]),
            insert("b", n=5, w=1.5),
            insert("c", n=10, tags=["set", ["x", "y"]],
                   kv=["map", [["k", "v"]]]))
    run.mcall("monitor_cond", ["P", "lt", where(["n", "<", 6])], "lt")
    run.mcall("monitor_cond", ["P", "tag",
              where(["tags", "includes", "y"], ["name", "==", "a"])], "tag")
    run.mcall("monitor_cond", ["P", "none", where(False)], "none")
    run.mcall("monitor_cond", ["P", "ne", where(["n", "!=", 5])], "ne")
    run.mcall("monitor_cond", ["P", "kv",
              where(["kv", "excludes", ["map", [["k", "v"]]]],
                    ["w", ">=", 1.5])], "kv")
    # No "columns": every column but _uuid.
    run.mcall("monitor_cond", ["P", "all", {"Item": [{"where": [True]}]}],
              "all")
    run.step("b out of lt, into ne", update("b", n=7))
    run.step("c into lt, stays in tag", update("c", n=2))
    run.step("a stays in tag",
             {"op": "mutate", "table": "Item",
              "where": [["name", "==", "a"]],
              "mutations": [["tags", "insert", "y"]]})
    run.step("c into kv", update("c", kv=["map", [["k", "u"]]]))
    run.step("c out of kv", update("c", kv=["map", [["k", "v"]]]))
    run.step("d inserted", insert("d", n=3, w=0.5))
    run.step("a deleted", {"op": "delete", "table": "Item",
                           "where": [["name", "==", "a"]]})
    run.mcall("monitor_cond_change", ["lt", "gt", cond(["n", ">", 5])],
              "change lt to gt")
    run.step("b modified in gt", update("b", n=8))
    run.mcall("monitor_cond_change", ["gt", "gt", cond(["n", "<=", 2],
                                                        ["n", ">", 2])],
              "change gt to all")
    run.mcall("monitor_cond_change", ["nope", "x", cond(True)],
              "unknown monitor")
    run.mcall("monitor_cond_change", ["gt", "tag", cond(True)],
              "duplicate id")
    run.mcall("monitor_cond_change", ["gt", "gt",
              {"Item": [{"columns": ["n"], "where": [True]}]}],
              "columns change")
    run.mcall("monitor_cond_change", ["gt"], "invalid parameters")
    run.mcall("monitor_cond_change", ["gt", "gt",
              cond(["nosuch", "==", 1])], "unknown column")
    run.mcall("monitor_cond", ["P", "bad", where(["tags", "<", 1])],
              "< on a set")
    run.mcall("monitor", ["P", "v1", where(True)], "v1 with where")
    run.mcall("monitor", ["P", "v1", {"Item": {"columns": ["name"]}}],
              "v1 without where")
    run.mcall("monitor_cond_since", ["P", "s-zero", where(["n", ">", 2]),
                                     ZERO], "since zero")
    run.mcall("monitor_cond_since", ["P", "s-unknown", where(["n", ">", 2]),
              "11111111-2222-3333-4444-555555555555"], "since unknown")
    run.step("c into s-zero", update("c", n=9))
    run.mcall("monitor_cancel", ["ne"], "cancel")
    run.mcall("monitor_cancel", ["ne"], "cancel again")

    # _Server.
    sv = run.w.call("transact", ["_Server", {"op": "select",
                                             "table": "Database",
                                             "where": [],
                                             "columns": ["_uuid", "name"]}])
    for row in sv[0]["result"][0]["rows"]:
        run.names[row["_uuid"][1]] = "<db %s>" % row["name"]
    run.mcall("list_dbs", [], "list_dbs")
    r = run.mcall("get_schema", ["_Server"], "get_schema _Server")
    r["result"].pop("cksum", None)
    run.log[-1] = (run.log[-1][0], run.log[-1][1], r["result"])
    run.mcall("monitor_cond", ["_Server", "sv", {"Database": [{
        "columns": ["name", "model", "connected", "leader", "cid", "sid",
                    "index"]}]}], "monitor _Server")
    run.mcall("monitor_cond", ["_Server", "svc", {"Database": [{
        "columns": ["name"], "where": [["name", "==", "P"]]}]}],
        "monitor _Server with a condition")
    run.mcall("transact", ["_Server", {"op": "select", "table": "Database",
                                       "where": [["name", "==", "P"]],
                                       "columns": ["name", "model",
                                                   "connected", "leader"]}],
              "select _Server")
    r = run.mcall("transact", ["_Server", {"op": "delete",
                                           "table": "Database",
                                           "where": []}], "delete _Server")
    run.log[-1] = (run.log[-1][0], run.log[-1][1],
                   [o.get("error") for o in r["result"]])
    r = run.mcall("transact", ["_Server", {"op": "update",
                                           "table": "Database", "where": [],
                                           "row": {"leader": False}}],
                  "update _Server")
    run.log[-1] = (run.log[-1][0], run.log[-1][1],
                   [o.get("error") for o in r["result"]])
    # The "schema" column holds the database's schema.
    r, _ = run.w.call("transact", ["_Server", {"op": "select",
                      "table": "Database", "where": [["name", "==", "P"]],
                      "columns": ["schema"]}])
    text = r["result"][0]["rows"][0]["schema"]
    s, _ = run.w.call("get_schema", ["P"])
    check(json.loads(text) == s["result"],
          "_Server schema column is get_schema P: %s" % text)


sluice = Run(sys.argv[1])
script(sluice)
if sys.argv[2]:
    ovs = Run(sys.argv[2])
    script(ovs)
    check(len(sluice.log) == len(ovs.log), "as many steps")
    for mine, theirs in zip(sluice.log, ovs.log):
        if mine != theirs:
            print("DIFFERS at %s:\n  sluice: %s\n  ovs:    %s"
                  % (mine[0], json.dumps(mine[1:], sort_keys=True),
                     json.dumps(theirs[1:], sort_keys=True)))
        check(mine == theirs, "same as Open vSwitch: %s" % mine[0])
    print("%d steps compared with Open vSwitch" % len(sluice.log))

# Exact expectations, which hold on both servers (checked on Sluice's log
# so that they also hold without Open vSwitch).
log = {what: (notes, reply) for what, notes, reply in sluice.log}
check(log["lt"][1]["result"] == {"Item": {
    "<a>": {"initial": {"name": "a", "n": 1, "tags": "x"}},
    "<b>": {"initial": {"name": "b", "n": 5, "w": 1.5}}}},
    "initial of lt: %s" % log["lt"][1])
check(set(log["tag"][1]["result"]["Item"]) == {"<a>", "<c>"},
      "initial of tag (or): %s" % log["tag"][1])
check(log["none"][1]["result"] == {}, "initial of [false]")
check(set(log["ne"][1]["result"]["Item"]) == {"<a>", "<c>"},
      "initial of ne: %s" % log["ne"][1])
check(set(log["kv"][1]["result"]["Item"]) == {"<a>", "<b>"},
      "initial of kv: %s" % log["kv"][1])
notes = dict((p[0], p[1]["Item"]) for m, p in log["b out of lt, into ne"][0])
check(notes.get("lt") == {"<b>": {"delete": None}}
      and notes.get("ne") == {"<b>": {"insert": {"name": "b", "n": 7,
                                                "w": 1.5}}}
      and notes.get("all") == {"<b>": {"modify": {
          "n": 7, "_version": ["uuid", "<txn>"]}}}
      and "tag" not in notes and "none" not in notes,
      "b moves out of lt and into ne: %s" % notes)
notes = dict((p[0], p[1]["Item"]) for m, p in
             log["c into lt, stays in tag"][0])
check(notes.get("lt") == {"<c>": {"insert": {
    "name": "c", "n": 2, "tags": ["set", ["x", "y"]],
    "kv": ["map", [["k", "v"]]]}}}
      and notes.get("tag") == {"<c>": {"modify": {"n": 2}}},
      "c moves into lt: %s" % notes)
notes = dict((p[0], p[1]["Item"]) for m, p in log["c into kv"][0])
check(notes.get("kv", {}).get("<c>", {}).get("insert", {}).get("kv")
      == ["map", [["k", "u"]]], "c moves into kv: %s" % notes)
notes = dict((p[0], p[1]["Item"]) for m, p in log["c out of kv"][0])
check(notes.get("kv") == {"<c>": {"delete": None}},
      "c moves out of kv: %s" % notes)
notes, reply = log["change lt to gt"]
check(notes == [["update2", ["gt", {"Item": {
    "<b>": {"insert": {"name": "b", "n": 7, "w": 1.5}},
    "<c>": {"delete": None}, "<d>": {"delete": None}}}]]]
      and reply == {"result": {}, "error": None},
      "monitor_cond_change: %s %s" % (notes, reply))
notes = log["b modified in gt"][0]
check(["update2", ["gt", {"Item": {"<b>": {"modify": {"n": 8}}}}]] in notes,
      "renamed monitor's update: %s" % notes)
notes, reply = log["change gt to all"]
check(notes and set(notes[0][1][1]["Item"]) == {"<c>", "<d>"},
      "condition made all: %s" % notes)
for what in ("unknown monitor", "duplicate id", "columns change",
             "invalid parameters", "< on a set", "v1 with where"):
    check(log[what][1]["error"] == "syntax error",
          "%s: %s" % (what, log[what]))
check(log["cancel again"][1]["error"] == "unknown monitor",
      "cancel again: %s" % (log["cancel again"],))
check(log["unknown column"][1]["error"] == "unknown column",
      "unknown column: %s" % (log["unknown column"],))
check(log["since unknown"][1]["result"][0] is False
      and set(log["since unknown"][1]["result"][2]["Item"]) == {"<b>", "<d>"},
      "since unknown: %s" % (log["since unknown"],))
check(log["list_dbs"][1]["result"] == ["P", "_Server"], "list_dbs")
check(log["monitor _Server"][1]["result"] == {"Database": {
    "<db P>": {"initial": {"name": "P", "model": "standalone",
                           "connected": True, "leader": True}},
    "<db _Server>": {"initial": {"name": "_Server", "model": "standalone",
                                 "connected": True, "leader": True}}}},
    "_Server contents: %s" % (log["monitor _Server"],))
check(log["delete _Server"][1] == ["not allowed"]
      and log["update _Server"][1] == ["not allowed"],
      "_Server read-only: %s %s" % (log["delete _Server"],
                                   log["update _Server"]))

# A condition with a clause and true (Open vSwitch 3.1's server dies on
# that monitor_cond_change, so it is not compared).
t = Client(sys.argv[1])
r, _ = t.call("monitor_cond", ["P", "t", where(["n", "==", -1])])
check(r["result"] == {}, "n == -1: %s" % r)
r, notes = t.call("monitor_cond_change", ["t", "t", cond(["n", "<=", 2],
                                                         True)])
check(r["result"] == {} and len(notes) == 1
      and set(sluice.norm(notes[0]["params"][1])["Item"])
      == {"<b>", "<c>", "<d>"}, "clause or true: %s" % notes)
# A table without "where" keeps its condition (Open vSwitch 3.1's server
# dies on that too).
r, notes = t.call("monitor_cond_change", ["t", "t", {"Item": [{}]}])
check(r["result"] == {} and notes == [], "no where: %s %s" % (r, notes))
t.s.close()

# History, Sluice only.
sluice.m.s.close()
c = Client(sys.argv[1])
r, _ = c.call("monitor_cond_since", ["P", "h0", {"Item": [{}]}, ZERO])
base = r["result"][1]
check(r["result"][0] is False and UUID_RE.fullmatch(base), "base: %s" % r)
ids = []
def txn(*ops):
    r = sluice.txn(*ops)
    n = c.notification()
    check(n["method"] == "update3" and n["params"][0] == "h0",
          "update3: %s" % n)
    ids.append(n["params"][1])
    return r
txn(update("b", n=20, tags=["set", ["p", "q"]]))
txn(insert("e", n=1))
txn(update("b", tags=["set", ["q", "r"]]), update("e", n=2))
txn({"op": "delete", "table": "Item", "where": [["name", "==", "d"]]})
txn(insert("f", n=4))
txn({"op": "delete", "table": "Item", "where": [["name", "==", "f"]]})
check(len(set(ids)) == 6 and base not in ids, "distinct ids: %s" % ids)

def since(last, where=None, mid="h"):
    req = {"columns": ["name", "n", "tags"]}
    if where is not None:
        req["where"] = where
    r, _ = c.call("monitor_cond_since", ["P", mid, {"Item": [req]}, last])
    c.call("monitor_cancel", [mid])
    return r["result"][0], r["result"][1], sluice.norm(r["result"][2])

found, latest, changes = since(base)
check(found is True and latest == ids[-1] and changes == {"Item": {
    "<b>": {"modify": {"n": 20, "tags": ["set", ["q", "r"]]}},
    "<e>": {"insert": {"name": "e", "n": 2}},
    "<d>": {"delete": None}}},
    "since base, merged per row: %s %s" % (found, changes))
found, latest, changes = since(ids[2])
check(found is True and changes == {"Item": {"<d>": {"delete": None}}},
      "since the third: %s %s" % (found, changes))
found, latest, changes = since(ids[-1])
check(found is True and latest == ids[-1] and changes == {},
      "since the latest: %s %s" % (found, changes))
found, latest, changes = since(base, [["name", "==", "e"]])
check(found is True and changes == {"Item": {
    "<e>": {"insert": {"name": "e", "n": 2}}}},
    "since base with a condition: %s" % (changes,))
found, latest, changes = since(ids[0], [["n", ">", 3]])
check(found is True and changes == {"Item": {
    "<b>": {"modify": {"tags": ["set", ["p", "r"]]}}}},
    "since the first, n > 3: %s" % (changes,))
found, latest, changes = since("11111111-2222-3333-4444-555555555555")
check(found is False and latest == ids[-1]
      and set(changes["Item"]) == {"<b>", "<c>", "<e>"}
      and changes["Item"]["<e>"] == {"initial": {"name": "e", "n": 2}},
      "since an unknown id: %s %s" % (found, changes))
r, _ = c.call("monitor_cond_since", ["P", "bad", {"Item": [{}]}, "nope"])
check(r["error"]["error"] == "syntax error", "bad last-txn-id: %s" % r)
r, _ = c.call("monitor_cancel", ["h0"])
for i in range(100):
    sluice.txn(update("c", n=i))
found, latest, changes = since(ids[-1])
check(found is False and set(changes["Item"]) == {"<b>", "<c>", "<e>"},
      "pushed out of the history: %s" % found)
found, latest, changes = since(latest)
check(found is True and changes == {}, "latest after 100: %s" % found)

print("%d checks failed" % len(failures))
sys.exit(1 if failures else 0)
PY

# A real client: Open vSwitch's Python IDL reads _Server, monitors with
# monitor_cond_since and a condition, and follows changes and a
# condition change.
if /usr/bin/python3 -c 'import ovs.db.idl' 2>/dev/null; then
    /usr/bin/python3 - "$SDB" "$TESTDIR/schema.json" \
        "$abs_top_srcdir/tests/system" <<'PY' || fail "Python IDL check failed"
import sys, time
sys.path.insert(0, sys.argv[3])
import ovs.db.idl, ovs.poller
from ovsdb_client import Client

# Record what the IDL sends and receives.
sent, received = [], []
orig_send, orig_recv = ovs.jsonrpc.Session.send, ovs.jsonrpc.Session.recv
def send(self, msg):
    sent.append(msg)
    return orig_send(self, msg)
def recv(self):
    msg = orig_recv(self)
    if msg is not None:
        received.append(msg)
    return msg
ovs.jsonrpc.Session.send, ovs.jsonrpc.Session.recv = send, recv

helper = ovs.db.idl.SchemaHelper(location=sys.argv[2])
helper.register_all()
idl = ovs.db.idl.Idl("unix:" + sys.argv[1], helper)
idl.cond_change("Item", [["n", ">=", 50]])

def names():
    return sorted(r.name for r in idl.tables["Item"].rows.values())

def wait_until(pred, what):
    deadline = time.time() + 10
    while time.time() < deadline:
        idl.run()
        if pred():
            return
        poller = ovs.poller.Poller()
        idl.wait(poller)
        poller.timer_wait(100)
        poller.block()
    print("FAILED: Python IDL:", what, names())
    sys.exit(1)

# c has n = 99 from the history checks, b n = 20, e n = 2.
wait_until(lambda: idl.has_ever_connected() and names() == ["c"],
           "initial rows under n >= 50")
w = Client(sys.argv[1])
w.call("transact", ["P", {"op": "update", "table": "Item",
                          "where": [["name", "==", "b"]], "row": {"n": 60}},
                         {"op": "update", "table": "Item",
                          "where": [["name", "==", "c"]], "row": {"n": 1}}])
wait_until(lambda: names() == ["b"], "b moved in, c moved out")
idl.cond_change("Item", [["n", "<", 10]])
wait_until(lambda: names() == ["c", "e"], "after cond_change")
if idl._server_db is None or idl.last_id == "0" * 8 + "-0000-" * 3 + "0" * 12:
    print("FAILED: Python IDL did not read _Server or get update3")
    sys.exit(1)
# Reconnect after a change: monitor_cond_since with the IDL's last id
# finds it in the history and gets only the change.
seen = idl.last_id
idl.force_reconnect()
idl.run()                               # Disconnects.
if idl._session.is_connected():
    print("FAILED: Python IDL still connected")
    sys.exit(1)
w.call("transact", ["P", {"op": "update", "table": "Item",
                          "where": [["name", "==", "e"]], "row": {"n": 50}}])
def found_since():
    ids = [m.id for m in sent if m.method == "monitor_cond_since"
           and m.params[3] == seen]
    return [m.result for m in received
            if m.type == ovs.jsonrpc.Message.T_REPLY and m.id in ids]
wait_until(lambda: names() == ["c"] and found_since(), "after reconnecting")
result = found_since()[0]
if result[0] is not True or list(result[2]["Item"].values()) != [
        {"delete": None}]:
    print("FAILED: Python IDL's monitor_cond_since:", result)
    sys.exit(1)
print("Python IDL: rows follow the condition, its change and a reconnect")
idl.close()
PY
fi

# Another real client: Open vSwitch's ovsdb-client, with monitor-cond-since
# and the id of the last transaction it has seen: it gets only what changed
# since then under its condition ("found: true").
if command -v ovsdb-client >/dev/null 2>&1; then
    last=$(python3 - "$SDB" "$abs_top_srcdir/tests/system" <<'PY'
import sys
sys.path.insert(0, sys.argv[2])
from ovsdb_client import Client
c = Client(sys.argv[1])
r, _ = c.call("monitor_cond_since", ["P", "x", {"Item": [{}]},
                                     "00000000-0000-0000-0000-000000000000"])
print(r["result"][1])
c.call("transact", ["P", {"op": "insert", "table": "Item",
                          "row": {"name": "g", "n": 7}},
                         {"op": "insert", "table": "Item",
                          "row": {"name": "h", "n": 70}}])
PY
)
    timeout 3 ovsdb-client --format=csv --no-headings monitor-cond-since \
        "unix:$SDB" P "$last" '[["n","<",10]]' Item name,n \
        >"$TESTDIR/mcs.out" 2>&1 || true
    sed 's/^[0-9a-f-]*,/<uuid>,/; s/last_id: .*/last_id: <id>/' \
        "$TESTDIR/mcs.out" | grep -v fatal_signal >"$TESTDIR/mcs.norm"
    printf '%s\n' 'found: true, last_id: <id>' '<uuid>,insert,g,7' \
        >"$TESTDIR/mcs.expected"
    diff -u "$TESTDIR/mcs.expected" "$TESTDIR/mcs.norm" \
        || fail "ovsdb-client monitor-cond-since"
    echo "ovsdb-client monitor-cond-since: found, only the change"
fi
pass
