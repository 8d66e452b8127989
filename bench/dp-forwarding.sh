#!/bin/bash
# Forwarding benchmark: dpdk-testpmd io forwarding (the ceiling), Open
# vSwitch 3.1 with DPDK, and Sluice, side by side on one pinned core, all
# fed from net_pcap (infinite_rx) into net_null, with equivalent flows:
#
#   one       1 megaflow (every packet the same)
#   exact10k  10,000 exact flows, one mask
#   masks100  10,000 flows under 100 masks
#
# Prints Mpps per system and case, the ratios Sluice/OVS and
# Sluice/testpmd, and cycles per packet from pmd-stats.  Run by hand, as
# root, on an otherwise idle machine:
#
#   bench/dp-forwarding.sh [-d SECONDS] [-c CASE]... [-s SYSTEM]...
#
# SYSTEM is testpmd, ovs or sluice (default: all three).  Needs hugepages
# (it reserves 1024 x 2 MB if fewer are free) and the Debian packages dpdk
# and openvswitch-switch-dpdk.  The datapath runs on core 1, the control
# threads on core 0.  Everything started is stopped by PID, and hugepage
# files of its own prefixes are removed.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$top/_build}
secs=5
cases=()
systems=()
while getopts d:c:s:h opt; do
    case $opt in
        d) secs=$OPTARG ;;
        c) cases+=("$OPTARG") ;;
        s) systems+=("$OPTARG") ;;
        *) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    esac
done
[ ${#cases[@]} -gt 0 ] || cases=(one exact10k masks100)
[ ${#systems[@]} -gt 0 ] || systems=(testpmd ovs sluice)

work=$(mktemp -d /tmp/sluice-bench.XXXXXX)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    sleep 1
    for pid in "${pids[@]}"; do
        kill -KILL "$pid" 2>/dev/null || true
    done
    rm -f /dev/hugepages/bench-* 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

"$top/build-aux/setup-hugepages.sh" 1024

python3 "$top/bench/gen-traffic.py" "$work"

# Prints the Tx-pps of port 1 from testpmd's "show port stats all".
run_testpmd() {
    local case=$1 fifo=$work/tp.in out=$work/tp.out
    mkfifo "$fifo"
    dpdk-testpmd -l 0,1 --no-pci --file-prefix=bench-tp --socket-mem=1024 \
        --vdev "net_pcap0,rx_pcap=$work/$case.pcap,infinite_rx=1" \
        --vdev net_null0,no-rx=1 -- -i --forward-mode=io --nb-cores=1 \
        <"$fifo" >"$out" 2>&1 &
    local pid=$!
    pids+=("$pid")
    exec 3>"$fifo"
    echo start >&3
    sleep 2
    echo "show port stats all" >&3
    sleep "$secs"
    echo "show port stats all" >&3
    sleep 1
    echo quit >&3
    exec 3>&-
    wait "$pid" || true
    rm -f "$fifo"
    # The last "Tx-pps" of port 1 (the second port block of the last dump).
    awk '/NIC statistics for port 1/ {p=1} p && /Tx-pps/ {v=$2; p=0}
         END {printf "%.2f\n", v / 1e6}' "$out"
}

ovs_start() {
    local d=$work/ovs
    mkdir -p "$d"
    export OVS_RUNDIR=$d OVS_DBDIR=$d OVS_LOGDIR=$d OVS_SYSCONFDIR=$d
    ovsdb-tool create "$d/conf.db" /usr/share/openvswitch/vswitch.ovsschema
    ovsdb-server "$d/conf.db" --remote="punix:$d/db.sock" \
        --pidfile="$d/ovsdb-server.pid" --unixctl="$d/ovsdb-server.ctl" \
        --log-file="$d/ovsdb-server.log" --detach >/dev/null 2>&1
    pids+=("$(cat "$d/ovsdb-server.pid")")
    vsctl() { ovs-vsctl --db="unix:$d/db.sock" "$@"; }
    vsctl --no-wait init
    vsctl --no-wait set Open_vSwitch . other_config:dpdk-init=true \
        other_config:pmd-cpu-mask=0x2 other_config:dpdk-lcore-mask=0x1 \
        other_config:dpdk-socket-mem=1024 \
        "other_config:dpdk-extra=--file-prefix=bench-ovs --no-pci"
    /usr/lib/openvswitch-switch-dpdk/ovs-vswitchd-dpdk "unix:$d/db.sock" \
        --pidfile="$d/ovs-vswitchd.pid" --unixctl="$d/ovs-vswitchd.ctl" \
        --log-file="$d/ovs-vswitchd.log" --detach >/dev/null 2>&1
    pids+=("$(cat "$d/ovs-vswitchd.pid")")
}

ovs_stop() {
    local d=$work/ovs
    ovs-appctl -t "$d/ovs-vswitchd.ctl" exit --cleanup 2>/dev/null || true
    ovs-appctl -t "$d/ovsdb-server.ctl" exit 2>/dev/null || true
    sleep 1
    rm -rf "$d"
    unset OVS_RUNDIR OVS_DBDIR OVS_LOGDIR OVS_SYSCONFDIR
}

# Prints "MPPS CYCLES_PER_PACKET" for OVS on CASE.
run_ovs() {
    local case=$1 d=$work/ovs
    ovs_start
    vsctl() { ovs-vsctl --db="unix:$d/db.sock" "$@"; }
    appctl() { ovs-appctl -t "$d/ovs-vswitchd.ctl" "$@"; }
    vsctl add-br br0 -- set bridge br0 datapath_type=netdev \
        -- add-port br0 p0 -- set Interface p0 type=dpdk ofport_request=1 \
           "options:dpdk-devargs=net_pcap0,rx_pcap=$work/$case.pcap,infinite_rx=1" \
        -- add-port br0 p1 -- set Interface p1 type=dpdk ofport_request=2 \
           options:dpdk-devargs=net_null0,no-rx=1
    ovs-ofctl del-flows "unix:$d/br0.mgmt"
    ovs-ofctl add-flows "unix:$d/br0.mgmt" "$work/$case.offlows"
    sleep 3
    appctl dpif-netdev/pmd-stats-clear >/dev/null
    local t0 t1 tx0 tx1
    tx0=$(vsctl get Interface p1 statistics:tx_packets)
    t0=$(date +%s.%N)
    sleep "$secs"
    tx1=$(vsctl get Interface p1 statistics:tx_packets)
    t1=$(date +%s.%N)
    local cpp
    cpp=$(appctl dpif-netdev/pmd-stats-show \
          | awk '/avg processing cycles per packet/ {print $6; exit}')
    local flows
    flows=$(appctl dpctl/dump-flows 2>/dev/null | wc -l)
    ovs_stop
    awk -v a="$tx0" -v b="$tx1" -v s="$t0" -v e="$t1" -v c="$cpp" \
        -v f="$flows" 'BEGIN {printf "%.2f %s %d\n", (b - a) / (e - s) / 1e6, c, f}'
}

# Prints "MPPS CYCLES_PER_PACKET MEGAFLOWS" for Sluice on CASE.
run_sluice() {
    local case=$1
    if [ ! -x "$build/vswitchd/sluice-vswitchd" ] \
       || [ ! -x "$top/bench/sluice-forwarding.sh" ]; then
        echo "n/a - 0"
        return
    fi
    "$top/bench/sluice-forwarding.sh" "$build" "$work" "$case" "$secs" \
        2>>"$work/sluice.err" || { cat "$work/sluice.err" >&2; echo "- - 0"; }
}

printf '%-9s %10s %10s %10s %10s %12s %10s %10s\n' case testpmd ovs sluice \
    sl/ovs sl/testpmd ovs-cyc/p sl-cyc/p
for case in "${cases[@]}"; do
    tp=- ovs=- sl=- ovs_cpp=- sl_cpp=-
    for sys in "${systems[@]}"; do
        case $sys in
            testpmd) tp=$(run_testpmd "$case") ;;
            # Command substitution, not "< <(...)": the next run must not
            # start before this one has stopped its daemons.
            ovs) out=$(run_ovs "$case"); read -r ovs ovs_cpp ovs_flows <<<"$out" ;;
            sluice) out=$(run_sluice "$case"); read -r sl sl_cpp sl_flows <<<"$out" ;;
        esac
    done
    ratio() {
        awk -v a="$1" -v b="$2" 'BEGIN {
            if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else printf "-" }'
    }
    printf '%-9s %10s %10s %10s %10s %12s %10s %10s\n' "$case" "$tp" "$ovs" \
        "$sl" "$(ratio "$sl" "$ovs")" "$(ratio "$sl" "$tp")" "$ovs_cpp" "$sl_cpp"
done
