/*
 * bridge-db: bridges configured from the Open_vSwitch database.
 *
 * When sluice-vswitchd is given a database (an OVSDB remote such as
 * "unix:$RUNDIR/db.sock"), it keeps a replica of it (ovsdb/ovsdb-idl.h)
 * and makes its bridges, ports and controllers what the Open_vSwitch,
 * Bridge, Port, Interface and Controller tables say, as Open vSwitch
 * does, and writes status back.  Each time the database changes, the
 * whole configuration is compared with what runs, and only the
 * differences are applied: unchanged ports are not touched.
 *
 * Read (Open vSwitch's columns):
 *   Open_vSwitch  bridges, next_cfg, other_config (the dpdk-... and
 *                 pmd-... keys; see bridge_db_get_dpdk_config())
 *   Bridge        name, ports, controller, fail_mode (standalone when
 *                 empty), protocols (see below)
 *   Port          name, interfaces, tag, trunks, vlan_mode
 *   Interface     name, type (empty: "system"), options, ofport_request,
 *                 mtu_request
 *   Controller    target, inactivity_probe, max_backoff,
 *                 controller_rate_limit, controller_burst_limit
 *
 * Written:
 *   Open_vSwitch  cur_cfg (the next_cfg of the configuration applied, so
 *                 that "ovs-vsctl" without --no-wait returns once the
 *                 switch applied a change), dpdk_initialized
 *   Bridge        datapath_id
 *   Interface     ofport (-1 for an interface that could not be set up),
 *                 error (why, in words), admin_state, link_state,
 *                 mac_in_use, mtu, statistics (every 5 seconds)
 *
 * Every bridge runs on Sluice's one userspace datapath: datapath_type is
 * read by no one ("netdev", "system" and empty all mean the DPDK
 * datapath), and protocols limits the versions offered to controllers
 * (the bridge's management socket accepts every version, as ovs-ofctl
 * -O expects).
 *
 * The internal interface named like its bridge is the bridge's LOCAL
 * port.  A port with more than one interface is a bond, which Sluice does
 * not implement yet: its interfaces get ofport -1 and an error saying so.
 * A change of an interface's type, options or ofport_request re-creates
 * its port (Sluice's devices take their options when they open).
 *
 * Thread safety: main thread only.
 */
#ifndef SLUICE_VSWITCHD_BRIDGE_DB_H
#define SLUICE_VSWITCHD_BRIDGE_DB_H 1

#include <stdbool.h>

struct smap;

/* Connects to the database at REMOTE. */
void bridge_db_init(const char *remote);

/* Waits (blocking, running nothing else) until the database's contents
 * arrived, and adds the datapath settings of Open_vSwitch's other_config
 * to CONFIG: every key that CONFIG does not hold yet, so that the command
 * line's --dpdk-config wins. */
void bridge_db_get_dpdk_config(struct smap *config);

/* Applies database changes and writes status. */
void bridge_db_run(void);
void bridge_db_wait(void);

/* Destroys the bridges made from the database and closes it. */
void bridge_db_exit(void);

#endif /* vswitchd/bridge-db.h */
