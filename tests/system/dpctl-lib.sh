# Helpers for the datapath system tests.  Source after lib.sh.

# start_datapath_daemon DPDK_CONFIG: starts sluice-vswitchd --datapath-only
# with --dpdk-config=DPDK_CONFIG, in a private network namespace without
# IPv6 if the test may create one (so that the datapaths' local ports, tap
# devices, neither collide with other tests' nor receive the kernel's
# neighbour discovery, which would upset exact counts).  Records the PID
# and stores it in $pid.  The EAL never probes PCI devices.
start_datapath_daemon() {
    config=$1
    netns_setup=""
    if unshare --net true 2>/dev/null; then
        netns_setup="unshare --net"
    fi
    $netns_setup sh -c '
        echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6 2>/dev/null
        exec "$@"' sh \
        sluice-vswitchd --detach --no-chdir --pidfile --log-file \
        --datapath-only --dpdk-config="$config" \
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
# VIRTIO_ARGS ("path=SOCK" or "path=SOCK,server=1").
guest_start() {
    guest=$1 fd=$2 args=$3
    fifo="$TESTDIR/$guest.in"
    core=$(first_core)
    rm -f "$fifo"
    mkfifo "$fifo"
    eval "exec $fd<>\"\$fifo\""
    stdbuf -o0 dpdk-testpmd --lcores "0@$core,1@$core" --no-huge -m 256 \
        --no-pci --no-shconf --file-prefix "sluice-$TEST_NAME-$$-$guest" \
        --log-level=error \
        --vdev "net_virtio_user0,$args,queue_size=1024" -- \
        -i --no-mlockall --total-num-mbufs=8192 --nb-cores=1 \
        --rxd=1024 --txd=1024 --max-pkt-len=9018 --mbuf-size=10240 \
        < "$fifo" >> "$TESTDIR/$guest.log" 2>&1 &
    eval "guest_pid_$guest=$!"
    TEST_PIDS="$TEST_PIDS $!"
    eval "guest_fd_$guest=$fd"
}

# guest_cmd GUEST COMMAND: sends COMMAND to GUEST.
guest_cmd() {
    eval "fd=\$guest_fd_$1"
    echo "$2" >&"$fd"
}

# guest_stop GUEST: makes GUEST exit and waits for it.
guest_stop() {
    eval "gpid=\$guest_pid_$1"
    guest_cmd "$1" quit
    wait_for 10 sh -c "! kill -0 $gpid 2>/dev/null" \
        || fail "guest $1 did not exit"
}

# guest_stats GUEST: sets $rx_packets and $tx_packets to the counters of
# GUEST's port, from a "show port stats 0" that it is asked for now.
guest_stats() {
    log="$TESTDIR/$1.log"
    n=$(grep -c '^  #*$' "$log" || true)
    guest_cmd "$1" "show port stats 0"
    tries=2000
    while [ "$(grep -c '^  #*$' "$log" || true)" -le "$n" ]; do
        tries=$((tries - 1))
        [ "$tries" -gt 0 ] || fail "guest $1 does not answer"
        sleep 0.005
    done
    rx_packets=$(grep 'RX-packets:' "$log" | tail -n 1 | awk '{print $2}')
    tx_packets=$(grep 'TX-packets:' "$log" | tail -n 1 | awk '{print $2}')
}

# guest_wait_rx GUEST N: waits until GUEST's port has received N packets
# (fails if it receives more, or if it stalls).
guest_wait_rx() {
    tries=2000
    while :; do
        guest_stats "$1"
        [ "$rx_packets" -lt "$2" ] || break
        tries=$((tries - 1))
        [ "$tries" -gt 0 ] || fail "guest $1 received $rx_packets, not $2"
        sleep 0.005
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
