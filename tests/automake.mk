# tests/: cmocka unit tests (one per lib module), system tests (shell
# scripts that start real daemons in a private run directory), fuzz targets.
# Each section belongs to one area; add tests to your own section.

# System tests: set SYSTEM_TESTS= on the make command line to skip them
# (the sanitizer pass in .ci/run runs the unit tests only).
SYSTEM_TESTS =

UNIT_LDADD = $(SLUICE_LIBS) $(CMOCKA_LIBS)
UNIT_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)

# Core.
UNIT_TESTS = \
	tests/unit/test-util \
	tests/unit/test-containers
tests_unit_test_util_SOURCES = tests/unit/test-util.c
tests_unit_test_util_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_util_LDADD = $(UNIT_LDADD)
tests_unit_test_containers_SOURCES = tests/unit/test-containers.c
tests_unit_test_containers_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_containers_LDADD = $(UNIT_LDADD)

# Concurrency.

# Logging, signals, daemons, command line, unixctl.
UNIT_TESTS += tests/unit/test-vlog
tests_unit_test_vlog_SOURCES = tests/unit/test-vlog.c
tests_unit_test_vlog_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_vlog_LDADD = $(UNIT_LDADD)

# JSON and JSON-RPC.

# Streams, sockets, reconnect.

# Packets.

# Fuzz targets: built only by ./configure CC=clang --enable-fuzz, linked
# with $(FUZZ_LDFLAGS) (set by configure: the sanitizers plus
# -fsanitize=fuzzer); tests/fuzz/run.sh runs each for a while.
if ENABLE_FUZZ
# JSON fuzz target.

# Flow extraction fuzz target.

endif
EXTRA_DIST += tests/fuzz/run.sh

check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)

TESTS += $(SYSTEM_TESTS)
EXTRA_DIST += $(SYSTEM_TESTS) tests/system/lib.sh
