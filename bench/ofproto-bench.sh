#!/bin/bash
# OpenFlow benchmark: Open vSwitch 3.1 and Sluice side by side, with the
# real ovs-ofctl against both, flows and traffic from bench/gen-acl.py:
#
#   install  100,000 ACL flows (exact 5-tuples, prefixes, MACs) loaded by
#            "ovs-ofctl add-flows" and by "ovs-ofctl --bundle add-flows"
#            into an empty bridge (netdev datapath, no DPDK), each into a
#            freshly started daemon: flows/s, and the daemon's VmRSS
#            before and after.
#   upcalls  100,000 packets of distinct UDP port pairs into a bridge whose
#            100,000 rules make every packet its own megaflow, replayed
#            once (net_pcap without infinite_rx: a burst faster than any
#            slow path) and in a loop (infinite_rx=1: every packet misses
#            until its megaflow is in, so the rate is the sustained setup
#            rate, up to 10 s): misses per second, megaflows installed per
#            second (pmd-stats "miss with success upcall", sampled over one
#            control connection from the first miss to the last) and the
#            megaflows in the datapath afterwards.
#   acl      Mpps through 10,000 "nw_dst=X actions=drop" rules and a
#            priority-0 output, traffic to 1,024 other addresses, from
#            net_pcap (infinite_rx) into net_null0,no-rx=1.
#
# Run by hand, as root, on an otherwise idle machine:
#
#   bench/ofproto-bench.sh [-d SECONDS] [-c CASE]... [-s SYSTEM]...
#
# SYSTEM is ovs or sluice (default both); BUILD_DIR (default _build) is
# where sluice-vswitchd is.  With SHOW=1 in the environment, the upcalls
# case also prints pmd-stats-show and the number of samples.  The DPDK
# cases need hugepages (1024 x 2 MB are reserved if fewer are free) and
# the package openvswitch-switch-dpdk; the datapath runs on core 1
# (pmd-cpu-mask), the rest on core 0 (lcore mask).  Everything started is
# stopped by PID, and the hugepage files of its own prefixes are removed.
set -eu
shopt -s inherit_errexit
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
        *) sed -n '2,33p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    esac
done
[ ${#cases[@]} -gt 0 ] || cases=(install upcalls acl)
[ ${#systems[@]} -gt 0 ] || systems=(ovs sluice)
for c in "${cases[@]}"; do
    case $c in
        install|upcalls|acl) ;;
        *) echo "$0: unknown case $c (install, upcalls or acl)" >&2; exit 1 ;;
    esac
done
for s in "${systems[@]}"; do
    case $s in
        ovs|sluice) ;;
        *) echo "$0: unknown system $s (ovs or sluice)" >&2; exit 1 ;;
    esac
done

for s in "${systems[@]}"; do
    if [ "$s" = sluice ] && [ ! -x "$build/vswitchd/sluice-vswitchd" ]; then
        echo "$0: no $build/vswitchd/sluice-vswitchd (set BUILD_DIR)" >&2
        exit 1
    fi
done

work=$(mktemp -d /tmp/sluice-ofbench.XXXXXX)
# Every daemon's PID goes into $work/pids (the runs are subshells), so
# that whatever a run leaves behind is stopped at exit.
cleanup() {
    local pids
    pids=$(cat "$work/pids" 2>/dev/null || true)
    for pid in $pids; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    [ -z "$pids" ] || sleep 1
    for pid in $pids; do
        kill -KILL "$pid" 2>/dev/null || true
    done
    rm -f /dev/hugepages/ofbench-* 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

python3 "$top/bench/gen-acl.py" "$work"
n_install=$(grep -c . "$work/install.flows")

now() { date +%s.%N; }
# Each daemon runs in a network namespace of its own, if it can, so that
# its bridge's internal port does not appear on the host.
netns=""
if unshare --net true 2>/dev/null; then
    netns="unshare --net"
fi
# rss PID: the VmRSS of PID in kB.
rss() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
# wait_gone PID: waits up to 10 s for PID to exit, then kills it.
wait_gone() {
    for _ in $(seq 100); do
        kill -0 "$1" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -KILL "$1" 2>/dev/null || true
}
# wait_for SECONDS COMMAND...: retries COMMAND every 0.1 s.
wait_for() {
    local n=$(($1 * 10))
    shift
    while ! "$@" >/dev/null 2>&1; do
        n=$((n - 1))
        [ $n -gt 0 ] || return 1
        sleep 0.1
    done
}

# Daemons.  Each start function sets $sw (the bridge's OpenFlow socket
# for ovs-ofctl), $dpid (the PID whose RSS counts) and the functions
# appctl, add_port NAME OFPORT DEVARGS and stop; their argument DPDK is
# "" for a daemon without DPDK.
ovs_start() {
    local dpdk=$1 d=$work/ovs
    mkdir -p "$d"
    export OVS_RUNDIR=$d OVS_DBDIR=$d OVS_LOGDIR=$d OVS_SYSCONFDIR=$d
    ovsdb-tool create "$d/conf.db" /usr/share/openvswitch/vswitch.ovsschema
    ovsdb-server "$d/conf.db" --remote="punix:$d/db.sock" --no-chdir \
        --pidfile="$d/ovsdb-server.pid" --unixctl="$d/ovsdb-server.ctl" \
        --log-file="$d/ovsdb-server.log" --detach >/dev/null 2>&1
    dbpid=$(cat "$d/ovsdb-server.pid")
    echo "$dbpid" >>"$work/pids"
    vsctl() { ovs-vsctl --db="unix:$work/ovs/db.sock" --timeout=60 "$@"; }
    vsctl --no-wait init
    vsctl --no-wait set Open_vSwitch . other_config:max-idle=60000
    local bin=/usr/sbin/ovs-vswitchd
    if [ -n "$dpdk" ]; then
        vsctl --no-wait set Open_vSwitch . other_config:dpdk-init=true \
            other_config:pmd-cpu-mask=0x2 other_config:dpdk-lcore-mask=0x1 \
            other_config:dpdk-socket-mem=1024 \
            "other_config:dpdk-extra=--file-prefix=ofbench-ovs --no-pci"
        bin=/usr/lib/openvswitch-switch-dpdk/ovs-vswitchd-dpdk
    fi
    $netns "$bin" "unix:$d/db.sock" --no-chdir \
        --pidfile="$d/ovs-vswitchd.pid" --unixctl="$d/ovs-vswitchd.ctl" \
        --log-file="$d/ovs-vswitchd.log" --detach >/dev/null 2>&1
    dpid=$(cat "$d/ovs-vswitchd.pid")
    echo "$dpid" >>"$work/pids"
    vsctl add-br br0 -- set bridge br0 datapath_type=netdev \
        fail_mode=secure
    sw=unix:$d/br0.mgmt
    wait_for 10 test -S "$d/br0.mgmt"
    appctl() { ovs-appctl -t "$work/ovs/ovs-vswitchd.ctl" "$@"; }
    add_port() {
        vsctl add-port br0 "$1" -- set Interface "$1" type=dpdk \
            ofport_request="$2" "options:dpdk-devargs=$3"
    }
    stop() {
        appctl exit --cleanup >/dev/null 2>&1 || true
        ovs-appctl -t "$work/ovs/ovsdb-server.ctl" exit >/dev/null 2>&1 \
            || kill -TERM "$dbpid" 2>/dev/null || true
        wait_gone "$dpid"
        wait_gone "$dbpid"
        rm -f /dev/hugepages/ofbench-ovs*
        rm -rf "$work/ovs"
        unset OVS_RUNDIR OVS_DBDIR OVS_LOGDIR OVS_SYSCONFDIR
    }
}

sluice_start() {
    local dpdk=$1 d=$work/sluice config
    mkdir -p "$d"
    export SLUICE_RUNDIR=$d SLUICE_LOGDIR=$d SLUICE_DBDIR=$d
    if [ -n "$dpdk" ]; then
        config="dpdk-lcore-mask=0x1,dpdk-socket-mem=1024"
        config+=",dpdk-file-prefix=ofbench-sl,dpdk-extra=--no-pci"
        config+=",pmd-cpu-mask=0x2,max-idle=60000"
    else
        config="dpdk-init=false,max-idle=60000"
    fi
    $netns "$build/vswitchd/sluice-vswitchd" --detach --no-chdir \
        --pidfile --log-file -vconsole:off --dpdk-config="$config"
    dpid=$(cat "$d/sluice-vswitchd.pid")
    echo "$dpid" >>"$work/pids"
    appctl() { "$build/utilities/sluice-appctl" "$@"; }
    appctl bridge/add br0 fail_mode=secure >/dev/null
    sw=unix:$d/br0.mgmt
    wait_for 10 test -S "$d/br0.mgmt"
    # net_pcap with infinite_rx holds its whole file in the port's pool.
    add_port() {
        local mbufs=""
        case $3 in *infinite_rx=1*) mbufs=n_mbufs=131072 ;; esac
        appctl bridge/add-port br0 "$1" type=dpdk "ofport=$2" \
            "dpdk-devargs=$3" $mbufs >/dev/null
    }
    stop() {
        appctl -T 10 exit >/dev/null 2>&1 \
            || kill -TERM "$dpid" 2>/dev/null || true
        wait_gone "$dpid"
        rm -f /dev/hugepages/ofbench-sl*
        rm -rf "$work/sluice"
        unset SLUICE_RUNDIR SLUICE_LOGDIR SLUICE_DBDIR
    }
}

# start SYSTEM DPDK: starts SYSTEM's daemon with an empty bridge br0.  The
# runs happen in subshells, which the EXIT trap of the script does not
# cover: each stops its daemon on its own exit, however it exits.
start() {
    case $1 in
        ovs) ovs_start "$2" ;;
        sluice) sluice_start "$2" ;;
    esac
    trap stop EXIT
}

# flow_count: the bridge's flow_count from dump-aggregate.
flow_count() {
    ovs-ofctl dump-aggregate "$sw" | sed -n 's/.*flow_count=\([0-9]*\).*/\1/p'
}

# Prints "FLOWS_PER_S RSS_BEFORE_KB RSS_AFTER_KB" for SYSTEM loading the
# install flows with OPTION ("" or --bundle).
run_install() {
    local sys=$1 opt=$2 t0 t1 r0 r1 n
    start "$sys" ""
    sleep 1
    r0=$(rss "$dpid")
    t0=$(now)
    if [ -n "$opt" ]; then
        ovs-ofctl -O OpenFlow14 --bundle add-flows "$sw" "$work/install.flows"
    else
        ovs-ofctl add-flows "$sw" "$work/install.flows"
    fi
    t1=$(now)
    sleep 1
    r1=$(rss "$dpid")
    n=$(flow_count)
    stop
    trap - EXIT
    [ "$n" = "$n_install" ] \
        || echo "$sys $opt: $n flows in the table, not $n_install" >&2
    awk -v n="$n_install" -v s="$t0" -v e="$t1" -v a="$r0" -v b="$r1" \
        'BEGIN {printf "%.0f %d %d\n", n / (e - s), a, b}'
}

# megaflows: the number of megaflows in the datapath.
megaflows() {
    appctl dpctl/dump-flows 2>/dev/null | grep -c 'actions:' || true
}

# poll_upcalls CTL_SOCKET: samples pmd-stats-show over one connection to
# the daemon's control socket, as often as it answers, until the PMD
# threads' miss counts have not moved for 2 s after moving, or 10 s after
# the first miss, or 60 s without any, and prints "MISSES_PER_S
# MEGAFLOWS_PER_S SECONDS": the rates from the last sample before the
# first miss to the first sample after the last one.  A megaflow is a
# miss with success upcall.
poll_upcalls() {
    python3 - "$1" <<'PY'
import json, re, socket, sys, time
sock = socket.socket(socket.AF_UNIX)
sock.connect(sys.argv[1])
dec = json.JSONDecoder()
buf = ""
def counts(i):
    global buf
    req = {"method": "dpif-netdev/pmd-stats-show", "params": [], "id": i}
    sock.sendall(json.dumps(req).encode())
    while True:
        try:
            reply, end = dec.raw_decode(buf)
            buf = buf[end:].lstrip()
            break
        except ValueError:
            buf += sock.recv(65536).decode()
    ok = fail = 0
    pmd = False
    for line in (reply.get("result") or "").splitlines():
        if not line.startswith(" "):
            pmd = line.startswith("pmd thread")
        elif pmd:
            m = re.match(r"\s*miss with (\w+) upcall: (\d+)", line)
            if m and m.group(1) == "success":
                ok += int(m.group(2))
            elif m:
                fail += int(m.group(2))
    return ok, fail
samples = []
start = time.time()
since = changed = None
i = 0
while True:
    time.sleep(0.002)
    i += 1
    ok, fail = counts(i)
    t = time.time()
    if samples and ok + fail != sum(samples[-1][1:]):
        changed = t
        since = since or t
    samples.append((t, ok, fail))
    if since is None:
        if t - start > 60:
            break
    elif t - changed > 2 or t - since > 10:
        break
first = 0
while first + 1 < len(samples) and sum(samples[first + 1][1:]) == 0:
    first += 1
last = len(samples) - 1
while last > first and sum(samples[last - 1][1:]) == sum(samples[-1][1:]):
    last -= 1
d = samples[last][0] - samples[first][0]
if d <= 0:
    print("- - -")
else:
    print("%.0f %.0f %.3f" % (sum(samples[last][1:]) / d,
                              (samples[last][1] - samples[first][1]) / d, d))
print("%d samples over %.3f s" % (len(samples), d), file=sys.stderr)
PY
}

# Prints "MISSES_PER_S MEGAFLOWS_PER_S MEGAFLOWS_AFTER SECONDS" for SYSTEM
# replaying the upcall pcap once (LOOP "") or forever (LOOP ",infinite_rx=1").
run_upcalls() {
    local sys=$1 loop=$2 ctl out n
    start "$sys" dpdk
    ovs-ofctl -O OpenFlow14 --bundle add-flows "$sw" "$work/upcall.flows"
    add_port p1 2 net_null0,no-rx=1
    sleep 2
    case $sys in
        ovs) ctl=$work/ovs/ovs-vswitchd.ctl ;;
        sluice) ctl=$work/sluice/sluice-vswitchd.$dpid.ctl ;;
    esac
    poll_upcalls "$ctl" >"$work/rates" 2>"$work/poll.err" &
    local poller=$!
    sleep 0.5
    add_port p0 1 "net_pcap0,rx_pcap=$work/upcall.pcap$loop"
    wait "$poller" || { cat "$work/poll.err" >&2; return 1; }
    n=$(megaflows)
    if [ -n "${SHOW:-}" ]; then
        { appctl dpif-netdev/pmd-stats-show; cat "$work/poll.err"; } >&2
    fi
    stop
    trap - EXIT
    read -r m f d <"$work/rates"
    echo "$m $f $n $d"
}

# Prints "MPPS MEGAFLOWS" for SYSTEM through the 10,000-rule ACL.
run_acl() {
    local sys=$1 p0 p1 t0 t1
    start "$sys" dpdk
    ovs-ofctl -O OpenFlow14 --bundle add-flows "$sw" "$work/acl.flows"
    add_port p1 2 net_null0,no-rx=1
    add_port p0 1 "net_pcap0,rx_pcap=$work/acl.pcap,infinite_rx=1"
    sleep 3
    tx() {
        ovs-ofctl dump-ports "$sw" 2 \
            | sed -n 's/.*tx pkts=\([0-9]*\).*/\1/p'
    }
    p0=$(tx); t0=$(now)
    sleep "$secs"
    p1=$(tx); t1=$(now)
    local n
    n=$(megaflows)
    stop
    trap - EXIT
    awk -v a="$p0" -v b="$p1" -v s="$t0" -v e="$t1" -v n="$n" \
        'BEGIN {printf "%.2f %d\n", (b - a) / (e - s) / 1e6, n}'
}

ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN {
        if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else printf "-" }'
}
has() {
    local s
    for s in "${systems[@]}"; do
        [ "$s" = "$1" ] && return 0
    done
    return 1
}
need_dpdk() {
    [ -n "${hugepages_done:-}" ] && return
    "$top/build-aux/setup-hugepages.sh" 1024
    hugepages_done=1
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for case in "${cases[@]}"; do
    case $case in
    install)
        # RSS in MiB before and after; B/flow is the growth per flow.
        printf '%-8s %-8s %-7s %9s %10s %10s %8s\n' install mode system \
            flows/s RSS-before RSS-after B/flow
        for opt in "" --bundle; do
            declare -A rate=() mib=() per=()
            for sys in ovs sluice; do
                has "$sys" || continue
                out=$(run_install "$sys" "$opt")
                read -r f r0 r1 <<<"$out"
                rate[$sys]=$f
                read -r a b c <<<"$(awk -v a="$r0" -v b="$r1" \
                    -v n="$n_install" 'BEGIN {
                    printf "%.1f %.1f %.0f\n", a / 1024, b / 1024,
                           (b - a) * 1024 / n }')"
                mib[$sys]=$b per[$sys]=$c
                printf '%-8s %-8s %-7s %9s %10s %10s %8s\n' "" \
                    "${opt:-plain}" "$sys" "$f" "$a" "$b" "$c"
            done
            printf '%-8s %-8s %-7s %9s %10s %10s %8s\n' "" "${opt:-plain}" \
                sl/ovs "$(ratio "${rate[sluice]:-}" "${rate[ovs]:-}")" "" \
                "$(ratio "${mib[sluice]:-}" "${mib[ovs]:-}")" \
                "$(ratio "${per[sluice]:-}" "${per[ovs]:-}")"
            unset rate mib per
        done
        ;;
    upcalls)
        need_dpdk
        printf '%-8s %-5s %-7s %10s %12s %10s %7s\n' upcalls pcap system \
            misses/s megaflows/s megaflows secs
        for loop in "" ",infinite_rx=1"; do
            declare -A mf=()
            mode=once
            [ -z "$loop" ] || mode=loop
            for sys in ovs sluice; do
                has "$sys" || continue
                out=$(run_upcalls "$sys" "$loop")
                read -r m f n d <<<"$out"
                mf[$sys]=$f
                printf '%-8s %-5s %-7s %10s %12s %10s %7s\n' "" "$mode" \
                    "$sys" "$m" "$f" "$n" "$d"
            done
            printf '%-8s %-5s %-7s %10s %12s\n' "" "$mode" sl/ovs "" \
                "$(ratio "${mf[sluice]:-}" "${mf[ovs]:-}")"
            unset mf
        done
        ;;
    acl)
        need_dpdk
        printf '%-8s %-8s %10s %10s\n' acl system Mpps megaflows
        declare -A mpps=()
        for sys in ovs sluice; do
            has "$sys" || continue
            out=$(run_acl "$sys")
            read -r m n <<<"$out"
            mpps[$sys]=$m
            printf '%-8s %-8s %10s %10s\n' "" "$sys" "$m" "$n"
        done
        printf '%-8s %-8s %10s\n' "" sl/ovs \
            "$(ratio "${mpps[sluice]:-}" "${mpps[ovs]:-}")"
        unset mpps
        ;;
    esac
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
