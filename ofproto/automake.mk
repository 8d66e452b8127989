# ofproto/: one OpenFlow switch per bridge: flow tables, groups, meters,
# bundles, controller connections, translation to datapath actions.
# Programs link $(OFPROTO_LIBS) before $(DATAPATH_LIBS) and $(SLUICE_LIBS).
# Each section belongs to one area; add files to your own.
noinst_LIBRARIES += ofproto/libofproto.a
ofproto_libofproto_a_SOURCES =

# Flow tables and rules.
ofproto_libofproto_a_SOURCES += \
	ofproto/tables.c \
	ofproto/tables.h

# Controller and service connections.
ofproto_libofproto_a_SOURCES += \
	ofproto/connmgr.c \
	ofproto/connmgr.h

# The switch: ports, requests, the shared datapath.
ofproto_libofproto_a_SOURCES += \
	ofproto/ofproto.c \
	ofproto/ofproto.h

# Groups and meters.
ofproto_libofproto_a_SOURCES += \
	ofproto/groups.c \
	ofproto/groups.h \
	ofproto/meters.c \
	ofproto/meters.h

# Translation, upcalls and revalidation.
ofproto_libofproto_a_SOURCES += \
	ofproto/ofproto-private.h \
	ofproto/upcall.c \
	ofproto/upcall.h \
	ofproto/xlate.c \
	ofproto/xlate.h
