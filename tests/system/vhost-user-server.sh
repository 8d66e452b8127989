#!/bin/sh
# A dpdkvhostuser port (Sluice listens) exchanges traffic with a
# dpdk-testpmd guest that has two queue pairs: the guest's bursts arrive on
# both receive queues, every packet sent comes back intact, jumbo frames
# pass through mergeable buffers, and the counters of both sides are exact.
# The port notices when the guest leaves.  See tests/system/netdev-vhost.c.
. "$abs_top_srcdir/tests/system/lib.sh"

status=0
"$abs_top_builddir/tests/system/netdev-vhost" server \
    > "$TESTDIR/netdev-vhost.log" 2>&1 || status=$?
cat "$TESTDIR/netdev-vhost.log"
if [ "$status" -eq 77 ]; then
    test_failed=0
    exit 77
fi
[ "$status" -eq 0 ] || fail "netdev-vhost failed (status $status)"
pass
