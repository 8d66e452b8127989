# vswitchd/: the switch daemon.
sbin_PROGRAMS += vswitchd/sluice-vswitchd
vswitchd_sluice_vswitchd_SOURCES = vswitchd/sluice-vswitchd.c
vswitchd_sluice_vswitchd_LDADD = $(DATAPATH_LIBS) $(SLUICE_LIBS)
