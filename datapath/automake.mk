# datapath/: the DPDK fast path.  It knows nothing of OpenFlow: ports
# (netdevs), PMD threads, the exact-match cache, the megaflow classifier,
# action execution and upcalls.  Programs link $(DATAPATH_LIBS) before
# $(SLUICE_LIBS).  Each section belongs to one area; add files to your own.
noinst_LIBRARIES += datapath/libdatapath.a
datapath_libdatapath_a_SOURCES =

# Ports: netdev interface, DPDK ethdev and vhost-user, AF_PACKET, tap, EAL.

# Megaflow classifier and caches.

# Datapath core: dpif interface, dpif-netdev, PMD threads, dpctl.

DATAPATH_TEST_LIBS = $(DATAPATH_LIBS) $(SLUICE_LIBS) $(CMOCKA_LIBS)
