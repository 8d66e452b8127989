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

# sluice-ctl, a script: the daemons' paths are filled in here.
bin_SCRIPTS = utilities/sluice-ctl
CLEANFILES += utilities/sluice-ctl
EXTRA_DIST += utilities/sluice-ctl.in
utilities/sluice-ctl: utilities/sluice-ctl.in Makefile
	$(AM_V_GEN)$(MKDIR_P) utilities && sed \
		-e 's|[@]abs_top_srcdir[@]|$(abs_top_srcdir)|g' \
		-e 's|[@]pkgdatadir[@]|$(pkgdatadir)|g' \
		-e 's|[@]bindir[@]|$(bindir)|g' \
		-e 's|[@]sbindir[@]|$(sbindir)|g' \
		$(srcdir)/utilities/sluice-ctl.in > $@.tmp && \
	chmod +x $@.tmp && mv $@.tmp $@

# sluice-vsctl.
bin_PROGRAMS += utilities/sluice-vsctl
utilities_sluice_vsctl_SOURCES = \
	utilities/sluice-vsctl.c \
	utilities/vsctl-db.c utilities/vsctl-db.h

utilities_sluice_vsctl_LDADD = $(OVSDB_LIBS) $(SLUICE_LIBS)
