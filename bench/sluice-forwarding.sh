#!/bin/bash
# Helper of bench/dp-forwarding.sh: runs Sluice's datapath for one case and
# prints "MPPS CYCLES_PER_PACKET MEGAFLOWS".
#
#   bench/sluice-forwarding.sh BUILD_DIR WORK_DIR CASE SECONDS
#
# WORK_DIR holds CASE.pcap and CASE.dpflows from gen-traffic.py.  With
# SHOW=1 in the environment it also prints pmd-stats-show and the flows to
# stderr after the measurement.  The PMD
# runs on core 1, everything else on core 0; hugepage files use the prefix
# bench-sl and are removed at exit.
set -eu
build=$1 work=$2 case=$3 secs=$4
d=$work/sluice
mkdir -p "$d"
export SLUICE_RUNDIR=$d SLUICE_LOGDIR=$d SLUICE_DBDIR=$d
appctl() { "$build/utilities/sluice-appctl" "$@"; }

"$build/vswitchd/sluice-vswitchd" --detach --no-chdir \
    --pidfile --log-file -vconsole:off --datapath-only \
    --dpdk-config="dpdk-lcore-mask=0x1,dpdk-socket-mem=1024,dpdk-file-prefix=bench-sl,dpdk-extra=--no-pci,pmd-cpu-mask=0x2"
pid=$(cat "$d/sluice-vswitchd.pid")
stop() {
    appctl -T 10 exit >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null
    # Wait for it to be gone: the next case reuses the pidfile and prefix.
    for _ in $(seq 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f /dev/hugepages/bench-sl*
    rm -rf "$d"
}
trap stop EXIT

appctl dpctl/add-dp sluice >/dev/null
appctl dpctl/add-if sluice \
    "p0,type=dpdk,port_no=1,n_mbufs=16384,dpdk-devargs=\"net_pcap0,rx_pcap=$work/$case.pcap,infinite_rx=1\"" \
    "p1,type=dpdk,port_no=2,dpdk-devargs=\"net_null0,no-rx=1\"" >/dev/null

# Install the flows over one control connection (10,000 appctl processes
# would take longer than the measurement).
python3 - "$d/sluice-vswitchd.$pid.ctl" "$work/$case.dpflows" <<'PY'
import json, socket, sys
sock = socket.socket(socket.AF_UNIX)
sock.connect(sys.argv[1])
dec = json.JSONDecoder()
buf = ""
for i, line in enumerate(open(sys.argv[2])):
    key, actions = line.rsplit(" ", 1)
    req = {"method": "dpctl/add-flow",
           "params": ["sluice", key, actions.strip()], "id": i}
    sock.sendall(json.dumps(req).encode())
    while True:
        try:
            reply, end = dec.raw_decode(buf)
            buf = buf[end:].lstrip()
            break
        except ValueError:
            buf += sock.recv(65536).decode()
    if reply.get("error"):
        sys.exit("add-flow %s: %s" % (key, reply["error"]))
PY

sleep 2
appctl dpif-netdev/pmd-stats-clear >/dev/null
tx0=$(appctl dpctl/show -s | awk '/port 2:/ {p=1} p && /TX packets:/ {sub(/.*TX packets:/, ""); print $1 + 0; exit}')
t0=$(date +%s.%N)
sleep "$secs"; [ -n "${SHOW:-}" ] && { appctl dpif-netdev/pmd-stats-show; appctl dpctl/dump-flows; } >&2
tx1=$(appctl dpctl/show -s | awk '/port 2:/ {p=1} p && /TX packets:/ {sub(/.*TX packets:/, ""); print $1 + 0; exit}')
t1=$(date +%s.%N)
cpp=$(appctl dpif-netdev/pmd-stats-show \
      | awk '/avg processing cycles per packet/ {print $6; exit}')
flows=$(appctl dpctl/dump-flows | grep -vc '^flow-dump from' || true)
awk -v a="$tx0" -v b="$tx1" -v s="$t0" -v e="$t1" -v c="${cpp:--}" \
    -v f="$flows" 'BEGIN {printf "%.2f %s %d\n", (b - a) / (e - s) / 1e6, c, f}'
