#!/bin/bash
# Configuration benchmark: Open vSwitch 3.1 (ovsdb-server + ovs-vswitchd)
# and Sluice (sluice-dbserver + sluice-vswitchd) side by side, each
# configured through its database by a vsctl that waits until the switch
# applied the change (no --no-wait):
#
#   latency  N ports added one command at a time ("add-port br0 pI --
#            set interface pI type=internal"): milliseconds per command,
#            from the command's start to its return, i.e. until the
#            switch reported cur_cfg.
#   bulk     1,000 ports added in one transaction (one vsctl invocation,
#            "--" between the add-port commands): seconds until it returns
#            (every port created and numbered), and the switch's VmRSS.
#
# Ports are internal ports (tap devices) on a netdev bridge, which both
# switches create without DPDK or hardware; each daemon runs in a network
# namespace of its own.  With Sluice, the case runs with ovs-vsctl and,
# if it was built, with sluice-vsctl.  Run by hand, as root:
#
#   bench/vsctl-bench.sh [-n N] [-b BULK] [-s SYSTEM]...
#
# N (default 100) is the number of ports of the latency case, BULK
# (default 1000) that of the bulk case; SYSTEM is ovs or sluice (default
# both).  BUILD_DIR (default _build) is where Sluice was built.
set -eu
shopt -s inherit_errexit
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$top/_build}
n_latency=100
n_bulk=1000
systems=()
while getopts n:b:s:h opt; do
    case $opt in
        n) n_latency=$OPTARG ;;
        b) n_bulk=$OPTARG ;;
        s) systems+=("$OPTARG") ;;
        *) sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    esac
done
[ ${#systems[@]} -gt 0 ] || systems=(ovs sluice)

work=$(mktemp -d /tmp/sluice-vsctlbench.XXXXXX)
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
    rm -rf "$work"
}
trap cleanup EXIT

netns=""
if unshare --net true 2>/dev/null; then
    netns="unshare --net"
fi
now() { date +%s.%N; }
rss() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
wait_gone() {
    for _ in $(seq 100); do
        kill -0 "$1" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -KILL "$1" 2>/dev/null || true
}

# start SYSTEM: starts SYSTEM's two daemons on an empty database with
# br0; sets $db (the database remote), $swpid and the function stop.
start() {
    local d=$work/$1
    mkdir -p "$d"
    db=unix:$d/db.sock
    case $1 in
    ovs)
        export OVS_RUNDIR=$d OVS_DBDIR=$d OVS_LOGDIR=$d OVS_SYSCONFDIR=$d
        ovsdb-tool create "$d/conf.db" /usr/share/openvswitch/vswitch.ovsschema
        ovsdb-server "$d/conf.db" --remote="punix:$d/db.sock" --no-chdir \
            --pidfile="$d/ovsdb-server.pid" --unixctl="$d/ovsdb-server.ctl" \
            --log-file="$d/ovsdb-server.log" --detach >/dev/null 2>&1
        dbpid=$(cat "$d/ovsdb-server.pid")
        echo "$dbpid" >>"$work/pids"
        ovs-vsctl --db="$db" --no-wait init
        $netns /usr/sbin/ovs-vswitchd "$db" --no-chdir \
            --pidfile="$d/ovs-vswitchd.pid" --unixctl="$d/ovs-vswitchd.ctl" \
            --log-file="$d/ovs-vswitchd.log" --detach >/dev/null 2>&1
        swpid=$(cat "$d/ovs-vswitchd.pid")
        ;;
    sluice)
        export SLUICE_RUNDIR=$d SLUICE_LOGDIR=$d SLUICE_DBDIR=$d
        "$build/ovsdb/sluice-dbserver" --detach --no-chdir --pidfile \
            --log-file -vconsole:off \
            --create="$top/vswitchd/vswitch.ovsschema" \
            --remote="punix:$d/db.sock"
        dbpid=$(cat "$d/sluice-dbserver.pid")
        echo "$dbpid" >>"$work/pids"
        ovs-vsctl --db="$db" --no-wait init
        $netns "$build/vswitchd/sluice-vswitchd" --detach --no-chdir \
            --pidfile --log-file -vconsole:off \
            --dpdk-config=dpdk-init=false "$db"
        swpid=$(cat "$d/sluice-vswitchd.pid")
        ;;
    esac
    echo "$swpid" >>"$work/pids"
    ovs-vsctl --db="$db" --timeout=60 add-br br0 \
        -- set bridge br0 datapath_type=netdev fail_mode=secure
    stop() {
        kill -TERM "$swpid" 2>/dev/null || true
        wait_gone "$swpid"
        kill -TERM "$dbpid" 2>/dev/null || true
        wait_gone "$dbpid"
        rm -rf "$work/ovs" "$work/sluice"
    }
}

# run SYSTEM CLI: both cases with CLI (a vsctl program) against SYSTEM.
run() {
    local system=$1 cli=$2 t0 t1 args i
    start "$system"
    vsctl() { "$cli" --db="$db" --timeout=600 "$@"; }

    t0=$(now)
    for i in $(seq "$n_latency"); do
        vsctl add-port br0 "l$i" -- set interface "l$i" type=internal
    done
    t1=$(now)
    printf '%-8s %-14s latency  %8.2f ms per add-port (%d ports)\n' \
        "$system" "$(basename "$cli")" \
        "$(echo "($t1 - $t0) * 1000 / $n_latency" | bc -l)" "$n_latency"

    args=()
    for i in $(seq "$n_bulk"); do
        args+=(-- add-port br0 "b$i" -- set interface "b$i" type=internal)
    done
    t0=$(now)
    vsctl "${args[@]:1}"
    t1=$(now)
    local up
    up=$(ovs-vsctl --db="$db" --bare --columns=ofport list interface \
         | grep -c '^[1-9]')
    printf '%-8s %-14s bulk     %8.2f s for %d ports in one transaction (%d numbered), RSS %d MiB\n' \
        "$system" "$(basename "$cli")" "$(echo "$t1 - $t0" | bc -l)" \
        "$n_bulk" "$up" $(( $(rss "$swpid") / 1024 ))
    stop
}

for s in "${systems[@]}"; do
    case $s in
        ovs) run ovs ovs-vsctl ;;
        sluice)
            run sluice ovs-vsctl
            if [ -x "$build/utilities/sluice-vsctl" ]; then
                run sluice "$build/utilities/sluice-vsctl"
            fi
            ;;
        *) echo "$0: unknown system $s (ovs or sluice)" >&2; exit 1 ;;
    esac
done
