#!/bin/sh
# Installs what Sluice needs (Debian 12), builds it with -Werror and runs
# every test.  Exits non-zero on any failure.
#
#   ./check.sh                 build in _build/ and run all tests
#   ./check.sh --sanitize      also build in _build-san/ with ASan+UBSan and
#                              run the unit tests there
#   BUILD_DIR=dir ./check.sh   use another build directory
set -eu
cd "$(dirname "$0")"
top=$(pwd)

sanitize=no
for arg in "$@"; do
    case $arg in
        --sanitize) sanitize=yes ;;
        -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "check.sh: unknown option $arg" >&2; exit 2 ;;
    esac
done

./build-aux/install-deps.sh
./build-aux/setup-hugepages.sh

if [ ! -x configure ] || [ configure.ac -nt configure ]; then
    autoreconf -fi >/dev/null
fi

jobs=$(nproc 2>/dev/null || echo 2)

build_and_test() {
    dir=$1; shift
    mkdir -p "$dir"
    (
        cd "$dir"
        if [ ! -f Makefile ] || [ "$top/configure" -nt Makefile ]; then
            "$top/configure" -q --enable-werror "$@"
        fi
        make -s -j"$jobs"
        make -s -j"$jobs" check ${CHECK_ARGS:-} || {
            for log in $(find tests -name '*.log' ! -name test-suite.log); do
                if grep -q '^FAIL\|^ERROR' "${log%.log}.trs" 2>/dev/null; then
                    echo "===== $log"
                    tail -n 60 "$log"
                fi
            done
            exit 1
        }
        sed -n '1,12p' test-suite.log
    )
    # Tally for the closing line.
    p=$(sed -n 's/^# PASS: *//p' "$dir/test-suite.log")
    f=$(sed -n 's/^# FAIL: *//p' "$dir/test-suite.log")
    e=$(sed -n 's/^# ERROR: *//p' "$dir/test-suite.log")
    total_pass=$((total_pass + p))
    total_fail=$((total_fail + f + e))
}
total_pass=0
total_fail=0

build_and_test "${BUILD_DIR:-_build}"

if [ "$sanitize" = yes ]; then
    # Unit tests only: the system tests start DPDK daemons whose hugepage
    # mappings ASan does not cope with.
    CHECK_ARGS="SYSTEM_TESTS=" ASAN_OPTIONS=detect_leaks=1 \
        UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        build_and_test _build-san --enable-asan --enable-ubsan CC=gcc
fi
echo "check: $total_pass passed, $total_fail failed"
