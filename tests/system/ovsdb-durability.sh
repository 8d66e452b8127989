# A configuration once acknowledged is never lost: a client commits
# 10,000 durable transactions (each inserts a row numbered i) into
# sluice-dbserver while the server is killed with SIGKILL at random
# moments -- sometimes between transactions, sometimes with one in
# flight, sometimes after a random pause -- and restarted at once.  After
# each restart the journal must load (the server starts), and every
# transaction whose reply the client had received must be there; a
# transaction in flight at the kill may or may not be.  At the end the
# database holds exactly the acknowledged rows (plus in-flight ones), and
# Open vSwitch's ovsdb-tool, if installed, reads the journal.
#
# The number of transactions can be lowered with OVSDB_DURABILITY_N for
# quick runs; the acceptance runs 10,000.
. "$abs_top_srcdir/tests/system/lib.sh"

N=${OVSDB_DURABILITY_N:-10000}
cat >"$TESTDIR/schema.json" <<'SCHEMA'
{"name": "Durable", "version": "1.0.0",
 "tables": {"T": {"isRoot": true,
                  "columns": {"n": {"type": "integer"}}}}}
SCHEMA
DB=$SLUICE_DBDIR/conf.db
SOCK=$SLUICE_RUNDIR/db.sock

python3 - "$N" "$DB" "$SOCK" "$TESTDIR/schema.json" "$TESTDIR/pids" \
    "$abs_top_srcdir/tests/system" <<'PY' \
    || fail "durability check failed"
import json, os, random, signal, socket, subprocess, sys, time

n, db, sock_path, schema, pid_log, libdir = sys.argv[1:7]
sys.path.insert(0, libdir)
from ovsdb_client import Client
n = int(n)
random.seed(int(os.environ.get("OVSDB_DURABILITY_SEED", "1")))
server = None

def start():
    global server
    server = subprocess.Popen(["sluice-dbserver", "--create=" + schema,
                               "--remote=punix:" + sock_path, db],
                              stderr=subprocess.DEVNULL)
    with open(pid_log, "a") as f:
        f.write("%d\n" % server.pid)
    for _ in range(500):
        try:
            s = socket.socket(socket.AF_UNIX)
            s.connect(sock_path)
            return s
        except OSError:
            if server.poll() is not None:
                sys.exit("sluice-dbserver exited with status %d: the "
                         "journal did not load" % server.returncode)
            time.sleep(0.01)
    sys.exit("sluice-dbserver did not come up")

def transact(c, i, xid):
    c.send("transact", ["Durable",
                        {"op": "insert", "table": "T", "row": {"n": i}},
                        {"op": "commit", "durable": True}], xid)

def committed(c):
    reply, _ = c.call("transact", ["Durable",
                                   {"op": "select", "table": "T",
                                    "where": [], "columns": ["n"]}])
    return [r["n"] for r in reply["result"][0]["rows"]]

def kill():
    server.send_signal(signal.SIGKILL)
    server.wait()

acked, in_flight = set(), set()
c = Client(start())
kills = 0
next_kill = random.randint(1, 2 * n // 40 + 1)
for i in range(1, n + 1):
    transact(c, i, i)
    if i == next_kill:
        mode = random.choice(["in-flight", "after-reply", "pause"])
        if mode == "in-flight":
            in_flight.add(i)
        else:
            reply = c.recv()
            assert reply.get("error") is None and "error" not in reply["result"][0], reply
            acked.add(i)
            if mode == "pause":
                time.sleep(random.random() * 0.05)
        kill()
        kills += 1
        c = Client(start())
        have = set(committed(c))
        lost = acked - have
        if lost:
            sys.exit("after kill %d: %d acknowledged transactions lost, "
                     "e.g. %s" % (kills, len(lost), sorted(lost)[:5]))
        extra = have - acked - in_flight
        if extra:
            sys.exit("after kill %d: rows never sent: %s"
                     % (kills, sorted(extra)[:5]))
        acked |= have & in_flight
        in_flight -= have
        next_kill = i + random.randint(1, 2 * n // 40 + 1)
        continue
    reply = c.recv()
    if reply.get("error") is not None or "error" in reply["result"][0]:
        sys.exit("transaction %d failed: %s" % (i, reply))
    acked.add(i)

have = set(committed(c))
if acked - have or have - acked - in_flight:
    sys.exit("at the end: lost %s, extra %s" % (sorted(acked - have)[:5],
             sorted(have - acked - in_flight)[:5]))
kill()
print("%d transactions, %d kills, %d acknowledged, %d in flight at a "
      "kill, none lost" % (n, kills, len(acked), len(in_flight)))
PY
for pid in $(cat "$TESTDIR/pids"); do
    TEST_PIDS="$TEST_PIDS $pid"
done
if command -v ovsdb-tool >/dev/null 2>&1; then
    ovsdb-tool show-log "$DB" >/dev/null || fail "ovsdb-tool cannot read $DB"
fi
pass
