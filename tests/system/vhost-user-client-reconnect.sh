#!/bin/sh
# A dpdkvhostuserclient port connects to a dpdk-testpmd guest that listens
# (virtio-user server=1), exchanges traffic with exact counters, and
# connects again by itself after the guest exits, after it is killed, and
# after it comes back.  See tests/system/netdev-vhost.c.
. "$abs_top_srcdir/tests/system/lib.sh"

status=0
"$abs_top_builddir/tests/system/netdev-vhost" client-reconnect \
    > "$TESTDIR/netdev-vhost.log" 2>&1 || status=$?
cat "$TESTDIR/netdev-vhost.log"
if [ "$status" -eq 77 ]; then
    test_failed=0
    exit 77
fi
[ "$status" -eq 0 ] || fail "netdev-vhost failed (status $status)"
pass
