# Helpers for the datapath system tests.  Source after lib.sh.  The tests
# need root (tap devices for the datapaths' local ports, namespaces): they
# are skipped without it.

if [ "$(id -u)" != 0 ]; then
    echo "SKIP: $TEST_NAME: needs root (tap devices, network namespaces)"
    test_failed=0
    exit 77
fi

# start_datapath_daemon DPDK_CONFIG: starts sluice-vswitchd --datapath-only
# with --dpdk-config=DPDK_CONFIG, in a private network namespace without
# IPv6 if the test may create one (so that the datapaths' local ports, tap
# devices, neither collide with other tests' nor receive the kernel's
# neighbour discovery, which would upset exact counts).  Records the PID
# and stores it in $pid.  The EAL never probes PCI devices.
start_datapath_daemon() {
    start_vswitchd_in_netns "$1" --datapath-only
}

# start_switch_daemon DPDK_CONFIG: the same without --datapath-only: the
# daemon runs bridges (bridge/... commands) over the shared datapath.
start_switch_daemon() {
    start_vswitchd_in_netns "$1"
}

# start_vswitchd_in_netns DPDK_CONFIG [OPTION]...: starts sluice-vswitchd
# as start_datapath_daemon describes, with OPTIONs.
start_vswitchd_in_netns() {
    config=$1
    shift
    netns_setup=""
    if unshare --net true 2>/dev/null; then
        netns_setup="unshare --net"
    fi
    $netns_setup sh -c '
        echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6 2>/dev/null
        exec "$@"' sh \
        sluice-vswitchd --detach --no-chdir --pidfile --log-file \
        --dpdk-config="$config" "$@" \
        || fail "sluice-vswitchd failed to start"
    pid=$(cat "$SLUICE_RUNDIR/sluice-vswitchd.pid")
    TEST_PIDS="$TEST_PIDS $pid"
}

# The default --dpdk-config of the datapath tests: no hugepages, no PCI.
DP_TEST_CONFIG='dpdk-no-huge=true,dpdk-extra=--no-pci'

# appctl_fails EXPECTED ARGS...: runs sluice-appctl ARGS, which must fail
# with exit status 2 and an error that contains EXPECTED.
appctl_fails() {
    expected=$1; shift
    set +e
    err=$(sluice-appctl "$@" 2>&1); status=$?
    set -e
    [ "$status" -eq 2 ] || fail "sluice-appctl $* exited $status, not 2: $err"
    case $err in
        *"$expected"*) ;;
        *) fail "sluice-appctl $*: error lacks \"$expected\": $err" ;;
    esac
}

# dump_flows [ARGS...]: dpctl/dump-flows without the per-thread titles and
# the statistics, sorted.
dump_flows() {
    sluice-appctl dpctl/dump-flows "$@" | grep -v '^flow-dump from' \
        | sed 's/, packets:[0-9]*, bytes:[0-9]*, used:[^,]*, /, /' | sort
}

# flow_packets FLOW: the packets that megaflow FLOW (as dump-flows prints
# it) counted, summed over the threads.
flow_packets() {
    sluice-appctl dpctl/dump-flows | awk -v flow="$1" '
        index($0, flow ", packets:") == 1 {
            s = substr($0, length(flow) + 11); sub(/,.*/, "", s); n += s
        }
        END { print n + 0 }'
}

# The first and the last core this test may run on.
first_core() {
    awk '/^Cpus_allowed_list:/ { split($2, r, /[-,]/); print r[1] }' \
        /proc/self/status
}
last_core() {
    awk '/^Cpus_allowed_list:/ { n = split($2, r, /[-,]/); print r[n] }' \
        /proc/self/status
}

# DPDK guests: dpdk-testpmd in interactive mode with one virtio-user port,
# driven through a FIFO on its standard input, its output in
# $TESTDIR/GUEST.log.  Its lcores share the first core (the switch's PMD
# thread has the last).  A guest is killed by PID at the end of the test.

# guest_start GUEST FD VIRTIO_ARGS: starts guest GUEST, whose commands go
# through file descriptor FD (3 to 9), with virtio-user devargs
# VIRTIO_ARGS ("path=SOCK" or "path=SOCK,server=1").  (The helpers' own
# variables start with "g_", so as not to clobber the test's.)
guest_start() {
    g_fifo="$TESTDIR/$1.in"
    g_core=$(first_core)
    rm -f "$g_fifo"
    mkfifo "$g_fifo"
    eval "exec $2<>\"\$g_fifo\""
    stdbuf -o0 dpdk-testpmd --lcores "0@$g_core,1@$g_core" --no-huge \
        -m 256 --no-pci --no-shconf \
        --file-prefix "sluice-$TEST_NAME-$$-$1" --log-level=error \
        --vdev "net_virtio_user0,$3,queue_size=$GUEST_QUEUE_SIZE" -- \
        -i --no-mlockall --total-num-mbufs=16384 --nb-cores=1 \
        --rxd="$GUEST_QUEUE_SIZE" --txd="$GUEST_QUEUE_SIZE" \
        --max-pkt-len=9018 --mbuf-size=10240 \
        < "$g_fifo" >> "$TESTDIR/$1.log" 2>&1 &
    eval "guest_pid_$1=$!"
    TEST_PIDS="$TEST_PIDS $!"
    eval "guest_fd_$1=$2"
}

# The guests' virtio ring size.
GUEST_QUEUE_SIZE=1024

# guest_cmd GUEST COMMAND: sends COMMAND to GUEST.
guest_cmd() {
    eval "g_fd=\$guest_fd_$1"
    echo "$2" >&"$g_fd"
}

# guest_stop GUEST: makes GUEST exit and waits for it.
guest_stop() {
    eval "g_pid=\$guest_pid_$1"
    guest_cmd "$1" quit
    wait_for 10 sh -c "! kill -0 $g_pid 2>/dev/null" \
        || fail "guest $1 did not exit"
}

# guest_stats GUEST: sets $rx_packets and $tx_packets to the counters of
# GUEST's port, from a "show port stats 0" that it is asked for now.
guest_stats() {
    g_log="$TESTDIR/$1.log"
    g_n=$(grep -c '^  #*$' "$g_log" || true)
    guest_cmd "$1" "show port stats 0"
    g_tries=2000
    while [ "$(grep -c '^  #*$' "$g_log" || true)" -le "$g_n" ]; do
        g_tries=$((g_tries - 1))
        [ "$g_tries" -gt 0 ] || fail "guest $1 does not answer"
        sleep 0.002
    done
    rx_packets=$(grep 'RX-packets:' "$g_log" | tail -n 1 | awk '{print $2}')
    tx_packets=$(grep 'TX-packets:' "$g_log" | tail -n 1 | awk '{print $2}')
}

# guest_wait_rx GUEST N: waits until GUEST's port has received N packets
# (fails if it receives more, or if it stalls).
guest_wait_rx() {
    g_wait=2000
    while :; do
        guest_stats "$1"
        [ "$rx_packets" -lt "$2" ] || break
        g_wait=$((g_wait - 1))
        [ "$g_wait" -gt 0 ] || fail "guest $1 received $rx_packets, not $2"
        sleep 0.002
    done
    [ "$rx_packets" -eq "$2" ] \
        || fail "guest $1 received $rx_packets packets, not $2"
}

# port_stat PORT DIR KEY: counter KEY ("packets", "errors" or "dropped")
# of direction DIR ("RX" or "TX") of datapath port PORT (its name), from
# dpctl/show -s.
port_stat() {
    sluice-appctl dpctl/show -s | awk -v port="$1" -v dir="$2" -v key="$3" '
        $1 == "port" { cur = $3 }
        cur == port && $1 == dir && $2 ~ /^packets:/ {
            for (i = 2; i <= NF; i++) {
                if (index($i, key ":") == 1) {
                    print substr($i, length(key) + 2); exit
                }
            }
        }'
}
