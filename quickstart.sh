#!/bin/sh
# Installs what Sluice needs (Debian 12), builds it, starts the switch
# (sluice-ctl: the database server and the switch, files in ./_run),
# makes br0 with two vhost-user ports and shows it switching traffic
# between two DPDK guests.  Run as root.
#
#   ./quickstart.sh          install, build, start and show
#   ./quickstart.sh stop     stop what quickstart started
set -eu
cd "$(dirname "$0")"
top=$(pwd)
run="$top/_run"
export SLUICE_RUNDIR="$run" SLUICE_LOGDIR="$run" SLUICE_DBDIR="$run"
build="$top/_build"

ctl() { "$build/utilities/sluice-ctl" "$@"; }
vsctl() { "$build/utilities/sluice-vsctl" --timeout=30 "$@"; }

stop() {
    if [ -x "$build/utilities/sluice-ctl" ]; then
        ctl stop
    fi
}

case ${1:-} in
    stop) stop; exit 0 ;;
    "") ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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
# The two daemons, on the database in $run (created the first time), with
# DPDK running without hugepages; then br0 with two vhost-user ports, on
# which Sluice listens ($run/vm1, $run/vm2) for two guests.  A new bridge
# is a MAC-learning switch (the flow "priority=0 actions=NORMAL").
ctl start --dpdk-config='dpdk-no-huge=true,dpdk-extra=--no-pci'
echo
show() { echo "\$ $*"; "$@"; }
vsctl --may-exist add-br br0 -- set bridge br0 datapath_type=netdev
for vm in vm1 vm2; do
    vsctl --may-exist add-port br0 $vm -- set interface $vm type=dpdkvhostuser
done
echo "quickstart: br0 has ports vm1 and vm2 (vhost-user sockets $run/vm1, $run/vm2)"

# Two DPDK guests (dpdk-testpmd with a virtio-user port, as a VM's driver
# would be), each sending back what it receives with the MAC addresses
# swapped; vm1 starts with a burst of 32 packets, which then bounce
# between the guests through br0.
guest() {
    name=$1 mode=$2
    # testpmd forwards until its standard input closes or SIGINT comes.
    sleep 10 | timeout -s INT "$3" dpdk-testpmd --lcores 0@0,1@0 \
        --no-huge -m 256 --no-pci --no-shconf \
        --file-prefix "quickstart-$name" --log-level=error \
        --vdev "net_virtio_user0,path=$run/$name" -- \
        --no-mlockall --forward-mode=macswap $mode --nb-cores=1 \
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
show "$build/utilities/sluice-vsctl" show
echo
show "$build/utilities/sluice-ofctl" dump-flows br0
echo
show "$build/utilities/sluice-ofctl" dump-ports br0
echo
cat <<MSG
The switch forwarded the guests' traffic and is still running.  Try, with
the same environment:
  export SLUICE_RUNDIR=$run SLUICE_LOGDIR=$run SLUICE_DBDIR=$run
  $build/utilities/sluice-vsctl list interface vm1
  $build/utilities/sluice-ofctl show br0
  $build/utilities/sluice-appctl fdb/show br0
  $build/utilities/sluice-appctl dpif-netdev/pmd-stats-show
  $build/utilities/sluice-ctl status
Stop it with: ./quickstart.sh stop
MSG
