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
