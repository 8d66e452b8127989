# utilities/: command-line tools.
bin_PROGRAMS += utilities/sluice-appctl
utilities_sluice_appctl_SOURCES = utilities/sluice-appctl.c
utilities_sluice_appctl_LDADD = $(SLUICE_LIBS)

# sluice-ofctl.
bin_PROGRAMS += utilities/sluice-ofctl
utilities_sluice_ofctl_SOURCES = \
	utilities/sluice-ofctl.c \
	utilities/ofctl-print.c utilities/ofctl-print.h
utilities_sluice_ofctl_LDADD = $(SLUICE_LIBS)

# sluice-vsctl.
bin_PROGRAMS += utilities/sluice-vsctl
utilities_sluice_vsctl_SOURCES = \
	utilities/sluice-vsctl.c \
	utilities/vsctl-db.c utilities/vsctl-db.h

utilities_sluice_vsctl_LDADD = $(OVSDB_LIBS) $(SLUICE_LIBS)
