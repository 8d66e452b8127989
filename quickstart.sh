#!/bin/sh
# Installs what Sluice needs (Debian 12), builds it, starts the switch in a
# private directory (./_run) and shows it switching traffic between two
# DPDK guests over vhost-user.  Run as root.
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
# The switch: the DPDK datapath on its own (no database yet), without
# hugepages, with two vhost-user ports for two guests and a megaflow each
# way between them.
"$build/vswitchd/sluice-vswitchd" --detach --no-chdir --pidfile --log-file \
    -vconsole:off --datapath-only \
    --dpdk-config='dpdk-no-huge=true,dpdk-extra=--no-pci'
pid=$(cat "$run/sluice-vswitchd.pid")
echo "quickstart: sluice-vswitchd running as pid $pid (files in $run)"
echo
show() { echo "\$ sluice-appctl $*"; appctl "$@"; }
show version
show dpctl/add-dp dp0 vm1,type=dpdkvhostuser vm2,type=dpdkvhostuser
show dpctl/add-flow dp0 'in_port(1)' 2
show dpctl/add-flow dp0 'in_port(2)' 1

# Two DPDK guests (dpdk-testpmd with a virtio-user port, as a VM's driver
# would be), each sending back what it receives; vm1 starts with a burst
# of 32 packets, which then bounce between the guests through the switch.
guest() {
    name=$1 mode=$2
    # testpmd forwards until its standard input closes or SIGINT comes.
    sleep 10 | timeout -s INT "$3" dpdk-testpmd --lcores 0@0,1@0 \
        --no-huge -m 256 --no-pci --no-shconf \
        --file-prefix "quickstart-$name" --log-level=error \
        --vdev "net_virtio_user0,path=$run/$name" -- \
        --no-mlockall --forward-mode=io $mode --nb-cores=1 \
        --total-num-mbufs=8192 --auto-start >"$run/$name.log" 2>&1
}
echo
echo "quickstart: guests vm1 and vm2 bounce 32 packets between them for 3 seconds"
guest vm2 "" 6 &
rx_pid=$!
sleep 2
guest vm1 --tx-first 3 &
tx_pid=$!
wait "$tx_pid" "$rx_pid" || true
for g in vm1 vm2; do
    echo "$g: $(grep -m1 'RX-packets:' "$run/$g.log" | awk '{print $2}') packets received, $(grep -m1 'TX-packets:' "$run/$g.log" | awk '{print $2}') sent"
done
echo
show dpctl/show -s
show dpctl/dump-flows
echo
cat <<MSG
The switch forwarded the guests' traffic and is still running.  Try, with
the same environment:
  export SLUICE_RUNDIR=$run SLUICE_LOGDIR=$run
  $build/utilities/sluice-appctl dpif-netdev/pmd-stats-show
  $build/utilities/sluice-appctl list-commands
Stop it with: ./quickstart.sh stop
MSG
