# tests/: cmocka unit tests (one per lib module), system tests (shell
# scripts that start real daemons in a private run directory), fuzz targets.
# Each section belongs to one area; add tests to your own section.

# System tests: set SYSTEM_TESTS= on the make command line to skip them
# (the sanitizer pass in .ci/run runs the unit tests only).
SYSTEM_TESTS = \
	tests/system/appctl-basics.sh \
	tests/system/daemon-signals.sh \
	tests/interop/ovs-appctl.sh

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
UNIT_TESTS += \
	tests/unit/test-rcu \
	tests/unit/test-cmap \
	tests/unit/test-buffer
tests_unit_test_rcu_SOURCES = tests/unit/test-rcu.c \
	tests/unit/unit-test.c tests/unit/unit-test.h
tests_unit_test_rcu_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_rcu_LDADD = $(UNIT_LDADD)
tests_unit_test_cmap_SOURCES = tests/unit/test-cmap.c \
	tests/unit/unit-test.c tests/unit/unit-test.h
tests_unit_test_cmap_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_cmap_LDADD = $(UNIT_LDADD)
tests_unit_test_buffer_SOURCES = tests/unit/test-buffer.c \
	tests/unit/unit-test.c tests/unit/unit-test.h
tests_unit_test_buffer_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_buffer_LDADD = $(UNIT_LDADD)

# Logging, signals, daemons, command line, unixctl.
UNIT_TESTS += tests/unit/test-vlog
UNIT_TESTS += tests/unit/test-coverage
tests_unit_test_coverage_SOURCES = tests/unit/test-coverage.c
tests_unit_test_coverage_LDADD = $(UNIT_LDADD)
tests_unit_test_vlog_SOURCES = tests/unit/test-vlog.c
tests_unit_test_vlog_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_vlog_LDADD = $(UNIT_LDADD)

# JSON and JSON-RPC.
UNIT_TESTS += tests/unit/test-json
tests_unit_test_json_SOURCES = tests/unit/test-json.c
tests_unit_test_json_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_json_LDADD = $(UNIT_LDADD)
UNIT_TESTS += tests/unit/test-jsonrpc
tests_unit_test_jsonrpc_SOURCES = tests/unit/test-jsonrpc.c
tests_unit_test_jsonrpc_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_jsonrpc_LDADD = $(UNIT_LDADD)
# Sample inputs, also seeds for tests/fuzz/fuzz-json.
EXTRA_DIST += \
	tests/data/json/jsonrpc-stream.jsonl \
	tests/data/json/nested.json \
	tests/data/json/numbers.json \
	tests/data/json/rfc8259-addresses.json \
	tests/data/json/rfc8259-image.json \
	tests/data/json/strings.json

# Streams, sockets, reconnect.
UNIT_TESTS += \
	tests/unit/test-socket-util \
	tests/unit/test-stream \
	tests/unit/test-reconnect
tests_unit_test_socket_util_SOURCES = tests/unit/test-socket-util.c
tests_unit_test_socket_util_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_socket_util_LDADD = $(UNIT_LDADD)
tests_unit_test_stream_SOURCES = tests/unit/test-stream.c
tests_unit_test_stream_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_stream_LDADD = $(UNIT_LDADD)
tests_unit_test_reconnect_SOURCES = tests/unit/test-reconnect.c
tests_unit_test_reconnect_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_reconnect_LDADD = $(UNIT_LDADD)

# Link monitoring: 802.1ag CFM (helper "cfm").
UNIT_TESTS += tests/unit/test-cfm
tests_unit_test_cfm_SOURCES = tests/unit/test-cfm.c
tests_unit_test_cfm_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_cfm_LDADD = $(UNIT_LDADD)

# Packets.
UNIT_TESTS += \
	tests/unit/test-csum \
	tests/unit/test-dp-packet \
	tests/unit/test-flow
tests_unit_test_csum_SOURCES = tests/unit/test-csum.c
tests_unit_test_csum_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_csum_LDADD = $(UNIT_LDADD)
tests_unit_test_dp_packet_SOURCES = tests/unit/test-dp-packet.c \
	tests/unit/unit-test.c tests/unit/unit-test.h
tests_unit_test_dp_packet_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_dp_packet_LDADD = $(UNIT_LDADD)
tests_unit_test_flow_SOURCES = tests/unit/test-flow.c \
	tests/flow-shapes/shapes.c tests/flow-shapes/shapes.h
tests_unit_test_flow_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_flow_LDADD = $(UNIT_LDADD)

# The flow shapes: gen-shapes writes them as a pcap, flow-dump prints
# Sluice's key for each packet of a pcap, and flow-tshark.sh compares that
# with tshark's decoding (tests/flow-shapes/compare.py).
check_PROGRAMS += tests/flow-shapes/gen-shapes tests/flow-shapes/flow-dump
tests_flow_shapes_gen_shapes_SOURCES = tests/flow-shapes/gen-shapes.c \
	tests/flow-shapes/shapes.c tests/flow-shapes/shapes.h
tests_flow_shapes_gen_shapes_LDADD = $(SLUICE_LIBS)
tests_flow_shapes_flow_dump_SOURCES = tests/flow-shapes/flow-dump.c
tests_flow_shapes_flow_dump_LDADD = $(SLUICE_LIBS)
SYSTEM_TESTS += tests/system/flow-tshark.sh
EXTRA_DIST += tests/flow-shapes/compare.py
# Seeds for tests/fuzz/fuzz-flow: the shapes, from gen-shapes --corpus.
EXTRA_DIST += tests/fuzz/seeds-fuzz-flow

# String maps and ports (netdevs).
UNIT_TESTS += tests/unit/test-smap
tests_unit_test_smap_SOURCES = tests/unit/test-smap.c \
	tests/unit/unit-test.c tests/unit/unit-test.h
tests_unit_test_smap_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_smap_LDADD = $(UNIT_LDADD)
UNIT_TESTS += tests/unit/test-netdev
tests_unit_test_netdev_SOURCES = tests/unit/test-netdev.c
tests_unit_test_netdev_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_netdev_LDADD = $(DATAPATH_TEST_LIBS)
# vhost-user ports against a dpdk-testpmd guest (needs dpdk-testpmd from
# the Debian package dpdk-dev; skipped without it).
check_PROGRAMS += tests/system/netdev-vhost
tests_system_netdev_vhost_SOURCES = tests/system/netdev-vhost.c
tests_system_netdev_vhost_LDADD = $(DATAPATH_LIBS) $(SLUICE_LIBS)
SYSTEM_TESTS += \
	tests/system/vhost-user-server.sh \
	tests/system/vhost-user-client-reconnect.sh

# Megaflow classifier and caches.
UNIT_TESTS += \
	tests/unit/test-dpcls \
	tests/unit/test-emc \
	tests/unit/test-simple-match
tests_unit_test_dpcls_SOURCES = tests/unit/test-dpcls.c \
	tests/flow-shapes/shapes.c tests/flow-shapes/shapes.h \
	tests/unit/unit-test.c tests/unit/unit-test.h
tests_unit_test_dpcls_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_dpcls_LDADD = $(DATAPATH_TEST_LIBS)
tests_unit_test_emc_SOURCES = tests/unit/test-emc.c \
	tests/unit/unit-test.c tests/unit/unit-test.h
tests_unit_test_emc_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_emc_LDADD = $(DATAPATH_TEST_LIBS)
tests_unit_test_simple_match_SOURCES = tests/unit/test-simple-match.c \
	tests/flow-shapes/shapes.c tests/flow-shapes/shapes.h \
	tests/unit/unit-test.c tests/unit/unit-test.h
tests_unit_test_simple_match_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_simple_match_LDADD = $(DATAPATH_TEST_LIBS)

# Datapath flows and actions (odp).
UNIT_TESTS += \
	tests/unit/test-odp \
	tests/unit/test-odp-execute
tests_unit_test_odp_SOURCES = tests/unit/test-odp.c
tests_unit_test_odp_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_odp_LDADD = $(UNIT_LDADD)
tests_unit_test_odp_execute_SOURCES = tests/unit/test-odp-execute.c \
	tests/unit/unit-test.c tests/unit/unit-test.h
tests_unit_test_odp_execute_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_odp_execute_LDADD = $(UNIT_LDADD)
# Seeds for tests/fuzz/fuzz-odp.
EXTRA_DIST += tests/fuzz/seeds-fuzz-odp

# Datapath core: dpif-netdev, PMD threads, upcalls, dpctl.
UNIT_TESTS += tests/unit/test-dpif
tests_unit_test_dpif_SOURCES = tests/unit/test-dpif.c
tests_unit_test_dpif_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_dpif_LDADD = $(DATAPATH_TEST_LIBS)
SYSTEM_TESTS += \
	tests/system/dpctl-basics.sh \
	tests/system/vhost-guests-forwarding.sh \
	tests/system/system-ports-ping.sh
EXTRA_DIST += tests/system/dpctl-lib.sh tests/system/icmp-ping.py

# Real Linux guests: QEMU under TCG boots Debian's cloud kernel (downloaded
# on first use into tests/guest-cache of the build directory) with a
# busybox initramfs (needs qemu-system-x86, busybox-static and cpio;
# skipped without them).
SYSTEM_TESTS += tests/system/qemu-guests-ping.sh
SYSTEM_TESTS += tests/system/qemu-guests-controller.sh
EXTRA_DIST += \
	tests/system/qemu-guest-lib.sh \
	tests/system/qemu-guest-init.sh \
	tests/system/testcontroller-lib.sh

# testpmd guests driven by ovs-testcontroller.
SYSTEM_TESTS += tests/system/vhost-guests-controller.sh

# OpenFlow fields and matches.
UNIT_TESTS += \
	tests/unit/test-meta-flow \
	tests/unit/test-match \
	tests/unit/test-nx-match
tests_unit_test_meta_flow_SOURCES = tests/unit/test-meta-flow.c
tests_unit_test_meta_flow_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_meta_flow_LDADD = $(UNIT_LDADD)
tests_unit_test_match_SOURCES = tests/unit/test-match.c
tests_unit_test_match_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_match_LDADD = $(UNIT_LDADD)
tests_unit_test_nx_match_SOURCES = tests/unit/test-nx-match.c
tests_unit_test_nx_match_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_nx_match_LDADD = $(UNIT_LDADD)

# Fuzz targets: built only by ./configure CC=clang --enable-fuzz, linked
# with $(FUZZ_LDFLAGS) (set by configure: the sanitizers plus
# -fsanitize=fuzzer); tests/fuzz/run.sh runs each for a while.
if ENABLE_FUZZ
# JSON fuzz target.
noinst_PROGRAMS += tests/fuzz/fuzz-json
tests_fuzz_fuzz_json_SOURCES = tests/fuzz/fuzz-json.c
tests_fuzz_fuzz_json_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_json_LDADD = $(SLUICE_LIBS)

# Flow extraction fuzz target.
noinst_PROGRAMS += tests/fuzz/fuzz-flow
tests_fuzz_fuzz_flow_SOURCES = tests/fuzz/fuzz-flow.c
tests_fuzz_fuzz_flow_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_flow_LDADD = $(SLUICE_LIBS)

# Datapath flow and action syntax fuzz target (odp).
noinst_PROGRAMS += tests/fuzz/fuzz-odp
tests_fuzz_fuzz_odp_SOURCES = tests/fuzz/fuzz-odp.c
tests_fuzz_fuzz_odp_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_odp_LDADD = $(SLUICE_LIBS)

endif
EXTRA_DIST += tests/fuzz/run.sh

# OpenFlow flow messages.
UNIT_TESTS += \
	tests/unit/test-ofp-match \
	tests/unit/test-ofp-flow
tests_unit_test_ofp_match_SOURCES = tests/unit/test-ofp-match.c
tests_unit_test_ofp_match_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ofp_match_LDADD = $(UNIT_LDADD)
tests_unit_test_ofp_flow_SOURCES = tests/unit/test-ofp-flow.c
tests_unit_test_ofp_flow_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ofp_flow_LDADD = $(UNIT_LDADD)

# OpenFlow packets and groups.
UNIT_TESTS += tests/unit/test-ofp-packet
tests_unit_test_ofp_packet_SOURCES = tests/unit/test-ofp-packet.c
tests_unit_test_ofp_packet_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ofp_packet_LDADD = $(UNIT_LDADD)
UNIT_TESTS += tests/unit/test-ofp-group
tests_unit_test_ofp_group_SOURCES = tests/unit/test-ofp-group.c
tests_unit_test_ofp_group_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ofp_group_LDADD = $(UNIT_LDADD)

check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)

TESTS += $(SYSTEM_TESTS)
EXTRA_DIST += $(SYSTEM_TESTS) tests/system/lib.sh

# MAC learning.
UNIT_TESTS += tests/unit/test-mac-learning
tests_unit_test_mac_learning_SOURCES = tests/unit/test-mac-learning.c
tests_unit_test_mac_learning_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_mac_learning_LDADD = $(UNIT_LDADD)

# OpenFlow ports, tables, meters.
UNIT_TESTS += tests/unit/test-ofp-port
tests_unit_test_ofp_port_SOURCES = tests/unit/test-ofp-port.c
tests_unit_test_ofp_port_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ofp_port_LDADD = $(UNIT_LDADD)
UNIT_TESTS += tests/unit/test-ofp-meter
tests_unit_test_ofp_meter_SOURCES = tests/unit/test-ofp-meter.c
tests_unit_test_ofp_meter_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ofp_meter_LDADD = $(UNIT_LDADD)
UNIT_TESTS += tests/unit/test-ofp-table
tests_unit_test_ofp_table_SOURCES = tests/unit/test-ofp-table.c
tests_unit_test_ofp_table_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ofp_table_LDADD = $(UNIT_LDADD)

# OpenFlow connections.
UNIT_TESTS += tests/unit/test-vconn
tests_unit_test_vconn_SOURCES = tests/unit/test-vconn.c
tests_unit_test_vconn_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_vconn_LDADD = $(UNIT_LDADD)
UNIT_TESTS += tests/unit/test-rconn
tests_unit_test_rconn_SOURCES = tests/unit/test-rconn.c
tests_unit_test_rconn_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_rconn_LDADD = $(UNIT_LDADD)
UNIT_TESTS += tests/unit/test-pinsched
tests_unit_test_pinsched_SOURCES = tests/unit/test-pinsched.c
tests_unit_test_pinsched_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_pinsched_LDADD = $(UNIT_LDADD)

# OpenFlow messages.
UNIT_TESTS += \
	tests/unit/test-ofp-errors \
	tests/unit/test-ofp-msgs \
	tests/unit/test-ofp-protocol
tests_unit_test_ofp_errors_SOURCES = tests/unit/test-ofp-errors.c
tests_unit_test_ofp_errors_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ofp_errors_LDADD = $(UNIT_LDADD)
tests_unit_test_ofp_msgs_SOURCES = tests/unit/test-ofp-msgs.c
tests_unit_test_ofp_msgs_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ofp_msgs_LDADD = $(UNIT_LDADD)
tests_unit_test_ofp_protocol_SOURCES = tests/unit/test-ofp-protocol.c
tests_unit_test_ofp_protocol_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ofp_protocol_LDADD = $(UNIT_LDADD)

# OpenFlow classifier.
UNIT_TESTS += tests/unit/test-classifier
tests_unit_test_classifier_SOURCES = tests/unit/test-classifier.c
tests_unit_test_classifier_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_classifier_LDADD = $(UNIT_LDADD)

# ofproto: flow tables.
UNIT_TESTS += tests/unit/test-ofproto-tables
tests_unit_test_ofproto_tables_SOURCES = tests/unit/test-ofproto-tables.c
tests_unit_test_ofproto_tables_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ofproto_tables_LDADD = $(OFPROTO_LIBS) $(UNIT_LDADD)

# ofproto: bridges set up with bridge/..., reached by the real ovs-ofctl.
SYSTEM_TESTS += tests/system/ofproto-bridge.sh
SYSTEM_TESTS += tests/system/ofproto-forwarding.sh
SYSTEM_TESTS += tests/system/ofproto-controller.sh
SYSTEM_TESTS += tests/system/ofproto-counters.sh
EXTRA_DIST += tests/system/two-hosts-lib.sh

# vswitchd: bridges configured through the database by ovs-vsctl.
SYSTEM_TESTS += tests/system/vswitchd-db.sh
SYSTEM_TESTS += tests/system/vswitchd-db-guests.sh
SYSTEM_TESTS += tests/system/sluice-ctl.sh

# ofproto: controller and service connections.
UNIT_TESTS += tests/unit/test-connmgr
tests_unit_test_connmgr_SOURCES = tests/unit/test-connmgr.c
tests_unit_test_connmgr_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_connmgr_LDADD = $(OFPROTO_LIBS) $(UNIT_LDADD)

# OpenFlow switch messages and bundles.
UNIT_TESTS += \
	tests/unit/test-ofp-switch \
	tests/unit/test-ofp-bundle
tests_unit_test_ofp_switch_SOURCES = tests/unit/test-ofp-switch.c
tests_unit_test_ofp_switch_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ofp_switch_LDADD = $(UNIT_LDADD)
tests_unit_test_ofp_bundle_SOURCES = tests/unit/test-ofp-bundle.c
tests_unit_test_ofp_bundle_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ofp_bundle_LDADD = $(UNIT_LDADD)

# sluice-ofctl.
SYSTEM_TESTS += tests/system/ofctl-basics.sh
UNIT_TESTS += tests/unit/test-ofctl-print
tests_unit_test_ofctl_print_SOURCES = tests/unit/test-ofctl-print.c \
	utilities/ofctl-print.c utilities/ofctl-print.h
tests_unit_test_ofctl_print_CFLAGS = $(UNIT_CFLAGS) -I$(srcdir)/utilities
tests_unit_test_ofctl_print_LDADD = $(UNIT_LDADD)

# OpenFlow actions.
UNIT_TESTS += tests/unit/test-ofp-actions
tests_unit_test_ofp_actions_SOURCES = tests/unit/test-ofp-actions.c
tests_unit_test_ofp_actions_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ofp_actions_LDADD = $(UNIT_LDADD)
if ENABLE_FUZZ
noinst_PROGRAMS += tests/fuzz/fuzz-ofp-actions
tests_fuzz_fuzz_ofp_actions_SOURCES = tests/fuzz/fuzz-ofp-actions.c
tests_fuzz_fuzz_ofp_actions_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_ofp_actions_LDADD = $(SLUICE_LIBS)
endif

# Interop: ovs-ofctl flows.
SYSTEM_TESTS += tests/interop/ovs-ofctl-flows.sh
EXTRA_DIST += tests/interop/gen-flows.py

# OpenFlow bad input.
SYSTEM_TESTS += tests/system/ofproto-bad-input.sh
EXTRA_DIST += tests/system/ofp-send.py tests/fuzz/seeds-fuzz-ofp-msg
if ENABLE_FUZZ
noinst_PROGRAMS += tests/fuzz/fuzz-ofp-msg
tests_fuzz_fuzz_ofp_msg_SOURCES = tests/fuzz/fuzz-ofp-msg.c
tests_fuzz_fuzz_ofp_msg_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_ofp_msg_LDADD = $(SLUICE_LIBS)
endif

# ofproto/trace.
SYSTEM_TESTS += tests/system/ofproto-trace.sh

# Packet-in rate limiting.
SYSTEM_TESTS += tests/system/ofproto-pin-limit.sh
EXTRA_DIST += tests/system/pin-controller.py

# NORMAL with VLANs.
SYSTEM_TESTS += tests/system/ofproto-vlans.sh
EXTRA_DIST += tests/system/vlan-frames.py

# Groups and meters on real traffic.
SYSTEM_TESTS += tests/system/ofproto-groups-meters.sh

# Interop: ovs-ofctl groups and meters.
SYSTEM_TESTS += tests/interop/ovs-ofctl-groups-meters.sh
EXTRA_DIST += tests/interop/ovs-sandbox-lib.sh

# Interop: tshark.
SYSTEM_TESTS += tests/interop/tshark-openflow.sh

# OVSDB: UUIDs, the data model, schemas, the journal.
UNIT_TESTS += tests/unit/test-uuid
tests_unit_test_uuid_SOURCES = tests/unit/test-uuid.c
tests_unit_test_uuid_LDADD = $(UNIT_LDADD)
OVSDB_UNIT_LDADD = $(OVSDB_LIBS) $(UNIT_LDADD)
UNIT_TESTS += \
	tests/unit/test-ovsdb-data \
	tests/unit/test-ovsdb-schema \
	tests/unit/test-ovsdb-log \
	tests/unit/test-ovsdb-db \
	tests/unit/test-ovsdb-exec \
	tests/unit/test-ovsdb-file \
	tests/unit/test-ovsdb-idl
tests_unit_test_ovsdb_idl_SOURCES = tests/unit/test-ovsdb-idl.c
tests_unit_test_ovsdb_idl_LDADD = $(OVSDB_UNIT_LDADD)
tests_unit_test_ovsdb_db_SOURCES = tests/unit/test-ovsdb-db.c
tests_unit_test_ovsdb_db_LDADD = $(OVSDB_UNIT_LDADD)
tests_unit_test_ovsdb_exec_SOURCES = tests/unit/test-ovsdb-exec.c
tests_unit_test_ovsdb_exec_LDADD = $(OVSDB_UNIT_LDADD)
tests_unit_test_ovsdb_file_SOURCES = tests/unit/test-ovsdb-file.c
tests_unit_test_ovsdb_file_LDADD = $(OVSDB_UNIT_LDADD)
tests_unit_test_ovsdb_data_SOURCES = tests/unit/test-ovsdb-data.c
tests_unit_test_ovsdb_data_LDADD = $(OVSDB_UNIT_LDADD)
tests_unit_test_ovsdb_schema_SOURCES = tests/unit/test-ovsdb-schema.c
tests_unit_test_ovsdb_schema_LDADD = $(OVSDB_UNIT_LDADD)
tests_unit_test_ovsdb_log_SOURCES = tests/unit/test-ovsdb-log.c
tests_unit_test_ovsdb_log_LDADD = $(OVSDB_UNIT_LDADD)

# OVSDB: the server's protocol.
SYSTEM_TESTS += tests/system/ovsdb-server-protocol.sh
EXTRA_DIST += tests/system/ovsdb_client.py

# OVSDB: monitor conditions, transaction history and _Server, compared
# with Open vSwitch's ovsdb-server.
SYSTEM_TESTS += tests/system/ovsdb-server-monitor-cond.sh

# OVSDB: the status of remotes from the database in their Manager rows,
# compared with Open vSwitch's ovsdb-server.
SYSTEM_TESTS += tests/system/ovsdb-server-manager-status.sh

# OVSDB durability under SIGKILL.
SYSTEM_TESTS += tests/system/ovsdb-durability.sh

# Interop: ovs-vsctl against sluice-dbserver and Open vSwitch's server.
SYSTEM_TESTS += tests/interop/ovs-vsctl-dbserver.sh

# Interop: Sluice's Open_vSwitch schema against Open vSwitch's.
SYSTEM_TESTS += tests/interop/ovs-schema-compat.sh
EXTRA_DIST += tests/interop/ovsschema-diff.py

# Interop: sluice-vsctl prints what ovs-vsctl prints.
SYSTEM_TESTS += tests/interop/sluice-vsctl.sh
SYSTEM_TESTS += tests/interop/vsctl-acceptance.sh

# Bonds: the LACP protocol engine.
UNIT_TESTS += tests/unit/test-lacp
tests_unit_test_lacp_SOURCES = tests/unit/test-lacp.c
tests_unit_test_lacp_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_lacp_LDADD = $(UNIT_LDADD)
# LACP fuzz target (tests/fuzz/run.sh 60 fuzz-lacp).
EXTRA_DIST += tests/fuzz/seeds-fuzz-lacp
if ENABLE_FUZZ
noinst_PROGRAMS += tests/fuzz/fuzz-lacp
tests_fuzz_fuzz_lacp_SOURCES = tests/fuzz/fuzz-lacp.c
tests_fuzz_fuzz_lacp_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_lacp_LDADD = $(SLUICE_LIBS)
endif
# CFM fuzz target (tests/fuzz/run.sh 60 fuzz-cfm).
if ENABLE_FUZZ
noinst_PROGRAMS += tests/fuzz/fuzz-cfm
tests_fuzz_fuzz_cfm_SOURCES = tests/fuzz/fuzz-cfm.c
tests_fuzz_fuzz_cfm_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_cfm_LDADD = $(SLUICE_LIBS)
endif
# LACP against Open vSwitch's bonds: lacp-peer runs lib/lacp.c as the
# partner of an OVS dummy interface.
check_PROGRAMS += tests/interop/lacp-peer
tests_interop_lacp_peer_SOURCES = tests/interop/lacp-peer.c
tests_interop_lacp_peer_LDADD = $(SLUICE_LIBS)
SYSTEM_TESTS += tests/interop/lacp-ovs.sh
