# sluice-dbserver's JSON-RPC protocol, driven by a small client: list_dbs
# and get_schema; monitor (RFC 7047 "update"), monitor_cond ("update2":
# insert, modify with only the toggled set and map elements, delete) and
# monitor_cond_since ("update3"), with a client's own updates arriving
# before its transaction's reply; monitor_cancel; lock, steal and unlock
# between two clients with their notifications; a "wait" answered when
# another client makes it true; and bad input -- constraint and
# referential-integrity violations get RFC 7047 errors, an unknown method
# an error, garbage drops only the client that sent it.
. "$abs_top_srcdir/tests/system/lib.sh"

cat >"$TESTDIR/schema.json" <<'SCHEMA'
{"name": "P", "version": "1.2.3",
 "tables": {
  "Root": {"isRoot": true, "columns": {
    "items": {"type": {"key": {"type": "uuid", "refTable": "Item"},
                       "min": 0, "max": "unlimited"}},
    "n": {"type": {"key": {"type": "integer", "minInteger": 0,
                           "maxInteger": 100}}}}},
  "Item": {"columns": {
    "name": {"type": "string"},
    "tags": {"type": {"key": "string", "min": 0, "max": "unlimited"}},
    "kv": {"type": {"key": "string", "value": "string",
                    "min": 0, "max": "unlimited"}}}}}}
SCHEMA
sluice-dbserver --detach --no-chdir --pidfile --log-file \
    --create="$TESTDIR/schema.json" || fail "sluice-dbserver did not start"
TEST_PIDS="$TEST_PIDS $(cat "$SLUICE_RUNDIR/sluice-dbserver.pid")"

python3 - "$SLUICE_RUNDIR/db.sock" "$abs_top_srcdir/tests/system" <<'PY' \
    || fail "protocol check failed"
import json, socket, sys
sys.path.insert(0, sys.argv[2])
from ovsdb_client import Client

path = sys.argv[1]
failures = []

def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAILED:", what)

a, b = Client(path), Client(path)
r, _ = a.call("list_dbs", [])
check(r["result"] == ["P", "_Server"], "list_dbs: %s" % r)
r, _ = a.call("get_schema", ["P"])
check(r["result"]["name"] == "P" and r["result"]["version"] == "1.2.3"
      and set(r["result"]["tables"]) == {"Root", "Item"}, "get_schema")
r, _ = a.call("get_schema", ["_Server"])
check(r["result"]["name"] == "_Server"
      and set(r["result"]["tables"]) == {"Database"}, "get_schema _Server: %s" % r)
r, _ = a.call("get_schema", ["Nope"])
check(r["result"] is None and r["error"]["error"] == "unknown database",
      "get_schema Nope: %s" % r)

# Monitors on client b: v2 on Item, v1 on Root, v3 on Item.
r, _ = b.call("monitor_cond", ["P", "m2", {"Item": [{"columns": ["name", "tags", "kv"]}]}])
check(r["result"] == {}, "monitor_cond initial (empty): %s" % r)
r, _ = b.call("monitor", ["P", "m1", {"Root": {"columns": ["n", "items"]}}])
check(r["result"] == {}, "monitor initial: %s" % r)
r, _ = b.call("monitor_cond_since", ["P", "m3", {"Item": [{"columns": ["name"]}]},
                                     "00000000-0000-0000-0000-000000000000"])
check(r["result"][0] is False and r["result"][2] == {}, "monitor_cond_since: %s" % r)

# Client b's own transaction: updates come before the reply.
r, notes = b.call("transact", ["P",
    {"op": "insert", "table": "Item", "uuid-name": "i",
     "row": {"name": "one", "tags": ["set", ["a", "b"]],
             "kv": ["map", [["k", "v"]]]}},
    {"op": "insert", "table": "Root", "row": {"n": 1,
     "items": ["named-uuid", "i"]}}])
check("error" not in r["result"][0] and len(r["result"]) == 2, "insert: %s" % r)
item = r["result"][0]["uuid"][1]
root = r["result"][1]["uuid"][1]
methods = sorted(n["method"] for n in notes)
check(methods == ["update", "update2", "update3"], "own updates first: %s" % methods)
for n in notes:
    if n["method"] == "update2":
        check(n["params"][0] == "m2" and n["params"][1]["Item"][item] ==
              {"insert": {"name": "one", "tags": ["set", ["a", "b"]],
                          "kv": ["map", [["k", "v"]]]}}, "update2 insert: %s" % n)
    elif n["method"] == "update":
        row = n["params"][1]["Root"][root]
        check(row == {"new": {"n": 1, "items": ["uuid", item]}}, "update insert: %s" % n)
    else:
        check(n["params"][0] == "m3" and len(n["params"][1]) == 36
              and n["params"][2]["Item"][item] == {"insert": {"name": "one"}},
              "update3 insert: %s" % n)

# Client a modifies: b gets the toggled elements only.
r, _ = a.call("transact", ["P",
    {"op": "mutate", "table": "Item", "where": [["_uuid", "==", ["uuid", item]]],
     "mutations": [["tags", "delete", "a"], ["tags", "insert", "c"],
                   ["kv", "insert", ["map", [["k2", "v2"]]]]]},
    {"op": "update", "table": "Root", "where": [], "row": {"n": 2}}])
check(r["result"] == [{"count": 1}, {"count": 1}], "mutate: %s" % r)
got = {}
while "update" not in got or "update2" not in got:
    n = b.notification()
    got[n["method"]] = n
check(got["update2"]["params"][1]["Item"][item] ==
      {"modify": {"tags": ["set", ["a", "c"]], "kv": ["map", [["k2", "v2"]]]}},
      "update2 modify: %s" % got["update2"])
check(got["update"]["params"][1]["Root"][root] ==
      {"old": {"n": 1}, "new": {"n": 2, "items": ["uuid", item]}},
      "update modify: %s" % got["update"])
check("update3" not in got or got["update3"]["params"][2] == {}, "update3 unchanged name")

# A wait on b answered when a makes it true.
wxid = b.send("transact", ["P", {"op": "wait", "table": "Root", "timeout": 10000,
    "where": [], "columns": ["n"], "until": "==", "rows": [{"n": 5}]}])
r, _ = a.call("transact", ["P", {"op": "update", "table": "Root", "where": [],
                                  "row": {"n": 5}}])
check(r["result"] == [{"count": 1}], "update n=5: %s" % r)
while True:
    msg = b.recv()
    if msg.get("id") == wxid:
        check(msg["result"] == [{}], "wait result: %s" % msg)
        break

# Deleting the root's reference collects the item: delete notifications.
r, _ = b.call("monitor_cancel", ["m1"])
check(r["result"] == {}, "monitor_cancel: %s" % r)
r, notes = b.call("transact", ["P", {"op": "update", "table": "Root", "where": [],
                                      "row": {"items": ["set", []]}}])
check(r["result"] == [{"count": 1}], "drop reference: %s" % r)
d2 = [n for n in notes if n["method"] == "update2"]
check(d2 and d2[0]["params"][1]["Item"][item] == {"delete": None},
      "update2 delete (garbage collected): %s" % notes)
check(not [n for n in notes if n["method"] == "update"], "canceled monitor silent")

# Locks.
r, _ = a.call("lock", ["L"]); check(r["result"] == {"locked": True}, "a lock")
r, _ = b.call("lock", ["L"]); check(r["result"] == {"locked": False}, "b waits")
r, _ = a.call("transact", ["P", {"op": "assert", "lock": "L"}])
check(r["result"] == [{}], "assert by owner: %s" % r)
r, _ = b.call("steal", ["L"]); check(r["result"] == {"locked": True}, "b steals")
n = a.notification()
check(n["method"] == "stolen" and n["params"] == ["L"], "stolen: %s" % n)
r, _ = a.call("transact", ["P", {"op": "assert", "lock": "L"}])
check(r["result"][0].get("error") == "not owner", "assert after steal: %s" % r)
r, _ = a.call("lock", ["L"]); check(r["result"] == {"locked": False}, "a waits")
r, _ = b.call("unlock", ["L"]); check(r["result"] == {}, "b unlocks")
n = a.notification()
check(n["method"] == "locked" and n["params"] == ["L"], "locked: %s" % n)

# Bad input.
r, _ = a.call("transact", ["P", {"op": "update", "table": "Root", "where": [],
                                  "row": {"n": 1000}}])
check(r["result"][0].get("error") == "constraint violation", "range: %s" % r)
r, _ = a.call("transact", ["P", {"op": "update", "table": "Root", "where": [],
    "row": {"items": ["uuid", "11111111-2222-3333-4444-555555555555"]}}])
check(r["result"][-1].get("error") == "referential integrity violation",
      "dangling reference: %s" % r)
r, _ = a.call("transact", ["P", {"op": "frobnicate", "table": "Root"}])
check(r["result"][0].get("error") in ("unknown operation", "syntax error"),
      "unknown op: %s" % r)
r, _ = a.call("bogus_method", [])
check(r["error"]["error"] == "unknown method", "unknown method: %s" % r)
r, _ = a.call("transact", ["Nope", {"op": "comment", "comment": "x"}])
check(r["error"]["error"] == "unknown database", "unknown database: %s" % r)
bad = socket.socket(socket.AF_UNIX); bad.connect(path)
bad.sendall(b'{"method": "echo", "params": [], "id": 1} ]]]{{{')
bad.settimeout(5)
try:
    while bad.recv(4096):
        pass
except ConnectionResetError:
    pass
r, _ = a.call("echo", ["still", "here"])
check(r["result"] == ["still", "here"], "others unaffected: %s" % r)

print("%d checks failed" % len(failures))
sys.exit(1 if failures else 0)
PY
pass
