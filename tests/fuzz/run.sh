#!/bin/sh
# Builds the libFuzzer targets with clang in _build-fuzz/ and runs each for
# SECONDS (default 60).  Exits non-zero if any target finds a crash, leak or
# sanitizer report; the reproducer is left in _build-fuzz/.
#
#   tests/fuzz/run.sh [SECONDS] [TARGET...]
set -eu
cd "$(dirname "$0")/../.."
top=$(pwd)
secs=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-"fuzz-json fuzz-flow fuzz-odp fuzz-ofp-msg fuzz-lacp fuzz-cfm"}

[ -x configure ] || autoreconf -fi >/dev/null
mkdir -p _build-fuzz
cd _build-fuzz
[ -f Makefile ] || "$top/configure" -q CC=clang --enable-fuzz
status=0
for t in $targets; do
    make -s -j2 "tests/fuzz/$t"
    corpus="corpus-$t"
    mkdir -p "$corpus"
    case $t in
        fuzz-json) seeds="$top/tests/data/json" ;;
        *) seeds="$top/tests/fuzz/seeds-$t" ;;
    esac
    [ -d "$seeds" ] || seeds=
    echo "fuzz: running $t for $secs s"
    if ! ASAN_OPTIONS=detect_leaks=1 "tests/fuzz/$t" -max_total_time="$secs" \
            -print_final_stats=1 "$corpus" $seeds >"$t.out" 2>&1; then
        echo "fuzz: $t FAILED, see _build-fuzz/$t.out"
        tail -n 40 "$t.out"
        status=1
    else
        grep -E 'stat::number_of_executed_units|Done [0-9]+ runs' "$t.out" \
            | sed "s/^/fuzz: $t: /" | tail -n 2
    fi
done
exit $status
