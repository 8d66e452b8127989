# lib/: the core library every program links.  Each section belongs to one
# area; add files to your own section.
noinst_LIBRARIES += lib/libsluice.a

# Core: memory, strings, containers, time, event loop.
lib_libsluice_a_SOURCES = \
	lib/util.c lib/util.h \
	lib/dynamic-string.c lib/dynamic-string.h \
	lib/list.h \
	lib/hash.c lib/hash.h \
	lib/hmap.c lib/hmap.h \
	lib/shash.c lib/shash.h \
	lib/timeval.c lib/timeval.h \
	lib/poll-loop.c lib/poll-loop.h \
	lib/latch.c lib/latch.h \
	lib/dirs.c lib/dirs.h

# Concurrency: RCU-style deferred free and the concurrent map.

# Logging, signals, daemons, command line, unixctl.
lib_libsluice_a_SOURCES += \
	lib/vlog.c lib/vlog.h \
	lib/backtrace.c lib/backtrace.h \
	lib/fatal-signal.c lib/fatal-signal.h \
	lib/daemon.c lib/daemon.h \
	lib/command-line.c lib/command-line.h

# JSON and JSON-RPC.

# Streams, sockets, reconnect.

# Packets: buffers, headers, flow extraction, checksums.
