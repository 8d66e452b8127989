# Shared helpers for system tests.  Source it first thing:
#
#     . "$abs_top_srcdir/tests/system/lib.sh"
#
# It creates a private run directory ($TESTDIR) with SLUICE_RUNDIR,
# SLUICE_LOGDIR and SLUICE_DBDIR pointing into it, puts the built programs
# on PATH, and on exit kills every daemon a test started (by the PID in its
# pidfile) and removes the directory unless the test failed.

set -eu

: "${abs_top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${abs_top_builddir:=$abs_top_srcdir/_build}"
export PATH="$abs_top_builddir/vswitchd:$abs_top_builddir/utilities:$abs_top_builddir/ovsdb:$PATH"

TEST_NAME=$(basename "$0" .sh)
TESTDIR=$(mktemp -d "${TMPDIR:-/tmp}/sluice-$TEST_NAME.XXXXXX")
export SLUICE_RUNDIR="$TESTDIR/run" SLUICE_LOGDIR="$TESTDIR/log" \
       SLUICE_DBDIR="$TESTDIR/db"
mkdir -p "$SLUICE_RUNDIR" "$SLUICE_LOGDIR" "$SLUICE_DBDIR"

# PIDs of daemons started by this test (see start_daemon).
TEST_PIDS=""
test_failed=1

cleanup() {
    status=$?
    for pid in $TEST_PIDS; do
        if kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid" 2>/dev/null || true
        fi
    done
    for pid in $TEST_PIDS; do
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.2
        done
        kill -KILL "$pid" 2>/dev/null || true
    done
    if [ "$status" -eq 77 ]; then
        rm -rf "$TESTDIR"           # Skipped: nothing to look at.
    elif [ "$status" -ne 0 ] || [ "$test_failed" -ne 0 ]; then
        echo "FAILED: $TEST_NAME (files kept in $TESTDIR)" >&2
        for log in "$SLUICE_LOGDIR"/*.log; do
            [ -f "$log" ] || continue
            echo "----- $log (last 30 lines)" >&2
            tail -n 30 "$log" >&2
        done
    else
        rm -rf "$TESTDIR"
    fi
}
trap cleanup EXIT

# Prints a failure message and exits.
fail() {
    echo "$TEST_NAME: $*" >&2
    exit 1
}

# Marks the test as passed; call it last.
pass() {
    test_failed=0
    echo "PASS: $TEST_NAME"
}

# start_daemon PROGRAM [ARGS...]: starts PROGRAM detached with a pidfile and
# log file in the private directory and records its PID.
start_daemon() {
    prog=$1; shift
    "$prog" --detach --no-chdir --pidfile --log-file "$@" \
        || fail "$prog failed to start"
    pid=$(cat "$SLUICE_RUNDIR/$prog.pid")
    TEST_PIDS="$TEST_PIDS $pid"
    echo "$pid"
}

# wait_for SECONDS COMMAND...: retries COMMAND until it succeeds or SECONDS
# pass; returns COMMAND's last status.  Used for events, not for timing.
wait_for() {
    secs=$1; shift
    tries=$((secs * 10))
    while [ "$tries" -gt 0 ]; do
        if "$@"; then
            return 0
        fi
        sleep 0.1
        tries=$((tries - 1))
    done
    "$@"
}

# check_output EXPECTED COMMAND...: runs COMMAND and compares its stdout
# with EXPECTED exactly.
check_output() {
    expected=$1; shift
    actual=$("$@") || fail "command failed: $*"
    if [ "$actual" != "$expected" ]; then
        printf '%s: output of "%s" differs\n--- expected\n%s\n--- actual\n%s\n' \
            "$TEST_NAME" "$*" "$expected" "$actual" >&2
        exit 1
    fi
}

# number_uuids: copies standard input to standard output with each UUID
# replaced by <N>, N its order of first appearance, so that the outputs
# of two runs (or two servers) can be compared.
number_uuids() {
    python3 -c '
import re, sys
seen = {}
def sub(m):
    return seen.setdefault(m.group(0), "<%d>" % len(seen))
sys.stdout.write(re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-"
                        r"[0-9a-f]{12}", sub, sys.stdin.read()))'
}
