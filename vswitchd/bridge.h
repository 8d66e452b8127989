/*
 * bridge: the bridges of sluice-vswitchd and how they are configured.
 *
 * Until the configuration database exists (it will drive bridges the
 * way Open vSwitch's Bridge, Port, Interface and Controller tables do),
 * bridges are configured with sluice-appctl commands, which this module
 * registers:
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

/* Registers the bridge/... commands. */
void bridge_init(void);

/* Runs and waits for every bridge. */
void bridge_run(void);
void bridge_wait(void);

/* Destroys every bridge. */
void bridge_exit(void);

#endif /* vswitchd/bridge.h */
