#!/bin/sh
# Installs what Sluice needs (Debian 12), builds it, starts the switch daemon
# in a private directory (./_run) and shows that it answers.
#
#   ./quickstart.sh          install, build, start and show
#   ./quickstart.sh stop     stop what quickstart started
set -eu
cd "$(dirname "$0")"
top=$(pwd)
run="$top/_run"
export SLUICE_RUNDIR="$run" SLUICE_LOGDIR="$run" SLUICE_DBDIR="$run"
build="$top/_build"

appctl() { "$build/utilities/sluice-appctl" "$@"; }

stop() {
    if [ -f "$run/sluice-vswitchd.pid" ]; then
        pid=$(cat "$run/sluice-vswitchd.pid")
        if kill -0 "$pid" 2>/dev/null; then
            echo "quickstart: stopping sluice-vswitchd (pid $pid)"
            appctl -T 5 exit 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
        fi
    fi
}

case ${1:-} in
    stop) stop; exit 0 ;;
    "") ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "quickstart.sh: unknown argument $1" >&2; exit 2 ;;
esac

./build-aux/install-deps.sh
./build-aux/setup-hugepages.sh
if [ ! -x configure ] || [ configure.ac -nt configure ]; then
    autoreconf -fi >/dev/null
fi
mkdir -p "$build" "$run"
(
    cd "$build"
    [ -f Makefile ] || "$top/configure" -q
    make -s -j"$(nproc 2>/dev/null || echo 2)"
)

stop
"$build/vswitchd/sluice-vswitchd" --detach --no-chdir --pidfile --log-file
pid=$(cat "$run/sluice-vswitchd.pid")
echo "quickstart: sluice-vswitchd running as pid $pid (files in $run)"
echo
echo "\$ sluice-appctl version"
appctl version
echo "\$ sluice-appctl vlog/list | head -5"
appctl vlog/list | head -5
echo
cat <<MSG
The switch daemon is running.  Try, with the same environment:
  export SLUICE_RUNDIR=$run SLUICE_LOGDIR=$run
  $build/utilities/sluice-appctl list-commands
  $build/utilities/sluice-appctl vlog/set ANY:dbg
Stop it with: ./quickstart.sh stop
MSG
