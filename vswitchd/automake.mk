# vswitchd/: the switch daemon.
sbin_PROGRAMS += vswitchd/sluice-vswitchd
vswitchd_sluice_vswitchd_SOURCES = \
	vswitchd/bridge.c \
	vswitchd/bridge.h \
	vswitchd/bridge-db.c \
	vswitchd/bridge-db.h \
	vswitchd/sluice-vswitchd.c
vswitchd_sluice_vswitchd_LDADD = $(OFPROTO_LIBS) $(DATAPATH_LIBS) \
	$(OVSDB_LIBS) \
	$(SLUICE_LIBS)

# The Open_vSwitch database schema: every table and column of Open
# vSwitch's (the same names, types and constraints), so that OVSDB
# clients built for Open vSwitch work against sluice-dbserver.
pkgdata_DATA += vswitchd/vswitch.ovsschema
EXTRA_DIST += vswitchd/vswitch.ovsschema
