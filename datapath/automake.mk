# datapath/: the DPDK fast path.  It knows nothing of OpenFlow: ports
# (netdevs), PMD threads, the exact-match cache, the megaflow classifier,
# action execution and upcalls.  Programs link $(DATAPATH_LIBS) before
# $(SLUICE_LIBS).  Each section belongs to one area; add files to your own.
noinst_LIBRARIES += datapath/libdatapath.a
datapath_libdatapath_a_SOURCES =

# Ports: netdev interface, DPDK ethdev and vhost-user, AF_PACKET, tap, EAL.
datapath_libdatapath_a_SOURCES += \
	datapath/dpdk.c datapath/dpdk.h \
	datapath/netdev.c datapath/netdev.h datapath/netdev-provider.h \
	datapath/netdev-dpdk.c \
	datapath/netdev-linux.c

# Megaflow classifier and caches.
datapath_libdatapath_a_SOURCES += \
	datapath/dp-key.h \
	datapath/dpcls.c \
	datapath/dpcls.h \
	datapath/emc.c \
	datapath/emc.h \
	datapath/smc.c \
	datapath/simple-match.c \
	datapath/simple-match.h \
	datapath/smc.h

# Datapath core: dpif interface, dpif-netdev, PMD threads, dpctl.
datapath_libdatapath_a_SOURCES += \
	datapath/dpif.h \
	datapath/dpif-netdev-private.h \
	datapath/dpif-netdev.c \
	datapath/dpif-netdev-flow.c \
	datapath/dpif-netdev-meter.c \
	datapath/dpif-netdev-pmd.c \
	datapath/dpctl.c \
	datapath/dpctl.h

DATAPATH_TEST_LIBS = $(DATAPATH_LIBS) $(SLUICE_LIBS) $(CMOCKA_LIBS)
