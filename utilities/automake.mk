# utilities/: command-line tools.
bin_PROGRAMS += utilities/sluice-appctl
utilities_sluice_appctl_SOURCES = utilities/sluice-appctl.c
utilities_sluice_appctl_LDADD = $(SLUICE_LIBS)
