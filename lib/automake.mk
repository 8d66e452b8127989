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
lib_libsluice_a_SOURCES += \
	lib/atomic.h \
	lib/thread.c lib/thread.h \
	lib/rcu.c lib/rcu.h \
	lib/cmap.c lib/cmap.h \
	lib/buffer.c lib/buffer.h

# Logging, signals, daemons, command line, unixctl.
lib_libsluice_a_SOURCES += \
	lib/vlog.c lib/vlog.h \
	lib/coverage.c lib/coverage.h \
	lib/backtrace.c lib/backtrace.h \
	lib/fatal-signal.c lib/fatal-signal.h \
	lib/daemon.c lib/daemon.h \
	lib/command-line.c lib/command-line.h \
	lib/unixctl.c lib/unixctl.h

# JSON and JSON-RPC.
lib_libsluice_a_SOURCES += \
	lib/uuid.c lib/uuid.h \
	lib/json.c lib/json.h \
	lib/jsonrpc.c lib/jsonrpc.h

# Streams, sockets, reconnect.
lib_libsluice_a_SOURCES += \
	lib/socket-util.c lib/socket-util.h \
	lib/stream.c lib/stream.h lib/stream-provider.h \
	lib/stream-fd.c lib/stream-fd.h \
	lib/stream-unix.c \
	lib/stream-tcp.c \
	lib/stream-ssl.c lib/stream-ssl.h \
	lib/reconnect.c lib/reconnect.h

# Packets: buffers, headers, flow extraction, checksums.
lib_libsluice_a_SOURCES += lib/dp-packet-batch.h
lib_libsluice_a_SOURCES += \
	lib/packets.c lib/packets.h \
	lib/dp-packet.c lib/dp-packet.h \
	lib/flow.c lib/flow.h \
	lib/csum.c lib/csum.h

# String maps.
lib_libsluice_a_SOURCES += lib/smap.c lib/smap.h

# Datapath flows and actions (odp).
lib_libsluice_a_SOURCES += \
	lib/odp-actions.c lib/odp-actions.h \
	lib/odp-execute.c lib/odp-execute.h \
	lib/odp-util.c lib/odp-util.h

# OpenFlow: the pipeline's fields (oflow.h) and constants (openflow.h).
lib_libsluice_a_SOURCES += \
	lib/oflow.h \
	lib/ofp-flow.h \
	lib/openflow.h

# OpenFlow: field registry, matches, OXM/NXM codec (meta-flow, match,
# nx-match, ofp-match).
lib_libsluice_a_SOURCES += \
	lib/meta-flow.c lib/meta-flow.h \
	lib/match.c lib/match.h \
	lib/nx-match.c lib/nx-match.h

# OpenFlow: messages, errors, version negotiation, ports (ofp-msgs,
# ofp-errors, ofp-protocol, ofp-port, ...).
lib_libsluice_a_SOURCES += \
	lib/ofp-errors.c lib/ofp-errors.h \
	lib/ofp-msgs.c lib/ofp-msgs.h \
	lib/ofp-protocol.c lib/ofp-protocol.h
# Switch messages and bundles (helper "switch"):
lib_libsluice_a_SOURCES += \
	lib/ofp-switch.c lib/ofp-switch.h \
	lib/ofp-bundle.c lib/ofp-bundle.h
# Ports, tables, meters, queues (helper "ports"):
lib_libsluice_a_SOURCES += \
	lib/ofp-port.c lib/ofp-port.h \
	lib/ofp-meter.c lib/ofp-meter.h \
	lib/ofp-queue.c lib/ofp-queue.h \
	lib/ofp-table.c lib/ofp-table.h

# OpenFlow: actions and instructions (ofp-actions).
lib_libsluice_a_SOURCES += \
	lib/ofp-actions.c lib/ofp-actions.h

# OpenFlow: the classifier.
lib_libsluice_a_SOURCES += \
	lib/classifier.c lib/classifier.h

# L2 switching: MAC learning.
lib_libsluice_a_SOURCES += lib/mac-learning.c lib/mac-learning.h

# OpenFlow: connections (vconn, rconn, pinsched).
lib_libsluice_a_SOURCES += \
	lib/vconn.c lib/vconn.h \
	lib/rconn.c lib/rconn.h \
	lib/pinsched.c lib/pinsched.h

# OpenFlow: standard matches and flow messages.
lib_libsluice_a_SOURCES += \
	lib/ofp-match.c lib/ofp-match.h \
	lib/ofp-flow.c

# OpenFlow: packet-in, packet-out, groups.
lib_libsluice_a_SOURCES += \
	lib/ofp-packet.c lib/ofp-packet.h \
	lib/ofp-group.c lib/ofp-group.h

# Bonds: the LACP protocol engine (802.1AX).
lib_libsluice_a_SOURCES += lib/lacp.c lib/lacp.h

# Link monitoring: 802.1ag CFM continuity checks.
lib_libsluice_a_SOURCES += lib/cfm.c lib/cfm.h
