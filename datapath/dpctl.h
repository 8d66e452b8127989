/*
 * dpctl: the datapath's control commands, with Open vSwitch's names,
 * arguments and output ("ovs-appctl dpctl/..."), run through unixctl by
 * the daemon that holds the datapaths:
 *
 *   dpctl/add-dp DP [IFACE...]        dpctl/del-dp DP
 *   dpctl/dump-dps
 *   dpctl/add-if DP IFACE...          dpctl/set-if DP IFACE...
 *   dpctl/del-if DP IFACE...
 *   dpctl/show [-s] [DP...]
 *   dpctl/dump-flows [-m] [DP] [pmd=CORE]
 *   dpctl/add-flow [DP] FLOW ACTIONS
 *   dpctl/mod-flow [--clear] [--may-create] [-s] [DP] FLOW ACTIONS
 *   dpctl/get-flow [DP] FLOW|ufid:UFID
 *   dpctl/del-flow [-s] [DP] FLOW|ufid:UFID
 *   dpctl/del-flows [DP]
 *   dpif-netdev/pmd-stats-show [-pmd CORE] [DP]
 *   dpif-netdev/pmd-stats-clear [DP]
 *   dpif-netdev/pmd-rxq-show [-pmd CORE] [DP]
 *   dpif-netdev/pmd-rxq-rebalance [DP]
 *   dpif-netdev/set-config [DP] KEY=VALUE[,KEY=VALUE...]
 *   dpif-netdev/meter-add [DP] METER  dpif-netdev/meter-mod [DP] METER
 *   dpif-netdev/meter-del [DP] [meter=ID|meter=all]
 *   dpif-netdev/meter-show [DP] [meter=ID|meter=all]
 *
 * DP is "netdev@NAME" or "NAME"; where it is optional, the only datapath
 * is meant (it is an error if there are several or none).  IFACE is
 * "NAME[,type=TYPE][,port_no=N][,mtu_request=MTU][,OPTION=VALUE...]", the
 * options being the port's (see netdev_set_config()); a value with commas
 * is written in double quotes:
 * p0,type=dpdk,dpdk-devargs="net_pcap0,rx_pcap=in.pcap".  set-if changes
 * the options it names and keeps the others.
 * FLOW and ACTIONS are in the datapath flow syntax of odp-util.h; FLOW
 * may start with "ufid:UFID," to choose the flow's id.  METER is in the
 * syntax of "ovs-ofctl add-meter" (ofp_meter_mod_from_string());
 * meter-add fails if the meter exists, meter-mod if it does not (and
 * restarts its counters); meter-show prints each meter as "ovs-ofctl
 * dump-meters" and then "ovs-ofctl meter-stats" would, the flow count
 * being the number of megaflows that apply the meter (a megaflow that
 * several PMD threads hold counts once).  Open vSwitch has no datapath
 * meter commands: these are Sluice's, for datapath-only use (with an
 * OpenFlow bridge, meters belong to "ovs-ofctl add-meter").  Failures
 * reply with an error message (sluice-appctl exits with status 2) that
 * names what was wrong; a command never takes the daemon down.
 *
 * Thread safety: the commands run in the main thread, like every unixctl
 * command; the other functions may be called from any thread.
 */
#ifndef SLUICE_DPCTL_H
#define SLUICE_DPCTL_H 1

#include <stdbool.h>
#include "dpif.h"

struct ds;
struct smap;

/* Registers the commands listed above.  Call once, from the main
 * thread. */
void dpctl_unixctl_register(void);

/* Sets the datapath settings (dpif_set_config()) that dpctl/add-dp gives
 * the datapaths it creates and that dpif-netdev/set-config starts from;
 * CONFIG is copied.  Returns 0, or EINVAL with a message in *ERRP if a
 * setting is invalid (nothing is changed then). */
int dpctl_set_default_config(const struct smap *config, char **errp);

/* Appends FLOW to DS as dpctl/dump-flows prints it: "[ufid:UFID, ]FLOW,
 * packets:N, bytes:N, used:T[, flags:F], actions:ACTIONS", with the ufid
 * if VERBOSE. */
void dpctl_format_flow(struct ds *ds, const struct dpif_flow *flow,
                       bool verbose);

/* Appends STATS to DS as "packets:N, bytes:N, used:T[, flags:F]", T being
 * the seconds since the last packet ("0.123s") or "never", F the TCP
 * flags as Open vSwitch prints them ("S", "F", "P", "R", "U", "." for
 * ACK, "E", "C", "N"). */
void dpctl_format_flow_stats(struct ds *ds,
                             const struct dpif_flow_stats *stats);

#endif /* dpctl.h */
