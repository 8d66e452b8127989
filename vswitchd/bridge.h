/*
 * bridge: the bridges of sluice-vswitchd and how they are configured.
 *
 * This module registers the operators' commands about bridges (fdb/show,
 * fdb/flush, ofproto/trace, dpif/show, memory/show), whoever configured
 * them.  When sluice-vswitchd runs without a database (bridge-db.h
 * configures bridges from one), bridges are configured with these
 * sluice-appctl commands instead, which tests use:
 *
 *   bridge/add BRIDGE [fail_mode=standalone|secure]
 *   bridge/del BRIDGE
 *   bridge/add-port BRIDGE PORT [type=TYPE] [ofport=N] [KEY=VALUE]...
 *   bridge/del-port BRIDGE PORT
 *   bridge/set-controller BRIDGE [TARGET]...      (none: no controllers)
 *   bridge/set-fail-mode BRIDGE standalone|secure
 *   bridge/set-listeners BRIDGE [TARGET]...       (ptcp:..., pssl:...)
 *   bridge/show [BRIDGE]
 *
 * The KEY=VALUE options of a port are its interface options as in Open
 * vSwitch (dpdk-devargs=..., vhost-server-path=..., n_rxq=...; see
 * doc/ports.md).  Configuration made this way lasts until the daemon
 * exits.
 *
 * Thread safety: main thread only.
 */
#ifndef SLUICE_VSWITCHD_BRIDGE_H
#define SLUICE_VSWITCHD_BRIDGE_H 1

#include <stdbool.h>

/* Registers the operators' commands, and unless CONFIGURED_BY_DB the
 * bridge/... commands. */
void bridge_init(bool configured_by_db);

/* Runs and waits for every bridge. */
void bridge_run(void);
void bridge_wait(void);

/* Destroys every bridge. */
void bridge_exit(void);

#endif /* vswitchd/bridge.h */
