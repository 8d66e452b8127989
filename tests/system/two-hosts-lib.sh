# Two network namespaces ("hosts") on a switch's system ports, for the
# bridge tests.  Source after lib.sh and dpctl-lib.sh, then call
# two_hosts_setup.  Skips the test (exit 77) without root or network
# namespaces, or without one of the programs named in NEEDS (a space-
# separated list, may be empty).
#
# After two_hosts_setup: namespace $ns_sw holds veths v1 and v2 and runs
# sluice-vswitchd (bridges, no --datapath-only; its PID is in TEST_PIDS);
# $ns1 holds e1 (10.1.0.1/24), peer of v1; $ns2 holds e2 (10.1.0.2/24),
# peer of v2; OVS_RUNDIR points at the daemon's run directory so that
# ovs-ofctl finds bridges by name; $PING is the tests' ping.  On exit every
# process in TEST_PIDS is stopped and the namespaces are deleted.
#
# add_host N ADDR: one more host, namespace $ns<N> ("sl$$nN") holding eN
# (ADDR, e.g. 10.1.0.3/24, or "" for none), peer of vN in $ns_sw.

two_hosts_setup() {
    needs=$1
    if ! ip netns add "sl$$probe" 2>/dev/null; then
        echo "SKIP: $TEST_NAME: cannot create network namespaces (needs root)"
        test_failed=0
        exit 77
    fi
    ip netns del "sl$$probe"
    for p in $needs; do
        command -v "$p" >/dev/null \
            || { echo "SKIP: $TEST_NAME: no $p"; test_failed=0; exit 77; }
    done

    PING="python3 $abs_top_srcdir/tests/system/icmp-ping.py"
    ns_sw="sl$$sw" ns1="sl$$n1" ns2="sl$$n2"
    trap 'st=$?; two_hosts_cleanup; (exit $st); cleanup' EXIT

    for ns in $ns_sw $ns1 $ns2; do
        ip netns add "$ns"
        ip netns exec "$ns" sh -c '
            echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6
            echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6
            ip link set lo up'
    done
    ip link add v1 netns "$ns_sw" type veth peer name e1 netns "$ns1"
    ip link add v2 netns "$ns_sw" type veth peer name e2 netns "$ns2"
    ip -n "$ns1" addr add 10.1.0.1/24 dev e1
    ip -n "$ns2" addr add 10.1.0.2/24 dev e2
    ip -n "$ns1" link set e1 up
    ip -n "$ns2" link set e2 up

    ip netns exec "$ns_sw" sluice-vswitchd --detach --no-chdir --pidfile \
        --log-file --dpdk-config="$DP_TEST_CONFIG" \
        || fail "sluice-vswitchd failed to start"
    pid=$(cat "$SLUICE_RUNDIR/sluice-vswitchd.pid")
    TEST_PIDS="$TEST_PIDS $pid"
    export OVS_RUNDIR=$SLUICE_RUNDIR
}

two_hosts_cleanup() {
    for pid in $TEST_PIDS; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in $TEST_PIDS; do
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.2
        done
    done
    for ns in $ns_sw $ns1 $ns2 ${extra_ns:-}; do
        ip netns del "$ns" 2>/dev/null || true
    done
}

add_host() {
    ah_ns="sl$$n$1"
    eval "ns$1=\$ah_ns"
    extra_ns="${extra_ns:-} $ah_ns"
    ip netns add "$ah_ns"
    ip netns exec "$ah_ns" sh -c '
        echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6
        echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6
        ip link set lo up'
    ip link add "v$1" netns "$ns_sw" type veth peer name "e$1" netns "$ah_ns"
    if [ -n "$2" ]; then
        ip -n "$ah_ns" addr add "$2" dev "e$1"
    fi
    ip -n "$ah_ns" link set "e$1" up
}
