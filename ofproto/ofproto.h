/*
 * ofproto: one OpenFlow switch (a bridge).
 *
 * A switch has a name ("br0"), a datapath id, ports numbered as OpenFlow
 * sees them (1, 2, ... and LOCAL, the bridge's own internal port), flow
 * tables (tables.h), and OpenFlow connections (connmgr.h): the management
 * socket $RUNDIR/NAME.mgmt that ovs-ofctl uses, other listeners, and
 * controllers.  It answers every OpenFlow request itself.
 *
 * The datapath.  Every switch's ports live in one shared datapath,
 * "ovs-netdev" as in Open vSwitch, so that the PMD threads serve all
 * bridges; a switch maps its OpenFlow port numbers to that datapath's
 * port numbers.  The switch's LOCAL port is an internal port named after
 * the switch.
 *
 * Thread safety: a switch is created, run and destroyed by one thread,
 * the main thread.  Translation (handler threads) reads its tables under
 * the rules of tables.h.
 */
#ifndef SLUICE_OFPROTO_OFPROTO_H
#define SLUICE_OFPROTO_OFPROTO_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "connmgr.h"
#include "tables.h"

struct dpif;
struct ds;
struct netdev;
struct ofproto;
struct smap;

/* The shared datapath's name. */
#define OFPROTO_DATAPATH_NAME "ovs-netdev"

/* Creates switch NAME with its LOCAL port (an internal port NAME) in the
 * shared datapath, which it creates if needed, and its management socket
 * $RUNDIR/NAME.mgmt.  Returns 0 and the switch in *OFPROTOP, or an errno
 * value with a message in *ERRP. */
int ofproto_create(const char *name, struct ofproto **ofprotop,
                   char **errp);

/* Sets the shared datapath's settings (Open vSwitch's other_config keys
 * that dpif_set_config() takes: pmd-cpu-mask, max-idle, ...), now if it
 * exists and whenever it is created.  Returns 0, or an error with a
 * message in *ERRP (and changes nothing). */
int ofproto_set_datapath_config(const struct smap *config, char **errp);

/* Removes the switch's ports from the datapath, closes its connections
 * and frees it.  NULL is a no-op. */
void ofproto_destroy(struct ofproto *ofproto);

/* Returns the switch named NAME, or NULL. */
struct ofproto *ofproto_lookup(const char *name);

/* Does the switch's periodic work: connections and their requests, rule
 * expiry. */
void ofproto_run(struct ofproto *ofproto);
void ofproto_wait(struct ofproto *ofproto);

/* Runs or waits for every switch. */
void ofproto_run_all(void);
void ofproto_wait_all(void);

const char *ofproto_get_name(const struct ofproto *ofproto);
uint64_t ofproto_get_datapath_id(const struct ofproto *ofproto);

/* Sets the switch's datapath id to DPID, or back to the one derived from
 * its name if DPID is 0.  Features replies carry the new id from now on;
 * connected controllers learn it when they ask again. */
void ofproto_set_datapath_id(struct ofproto *ofproto, uint64_t dpid);

/* Adds port NAME of TYPE ("dpdk", "dpdkvhostuser", "system", "internal",
 * ...) with OPTIONS to the switch, as OpenFlow port *OFP_PORTP if that is
 * nonzero and free, else the lowest free number, which it stores in
 * *OFP_PORTP.  Returns 0, or an errno value with a message naming the
 * port in *ERRP.  Controllers get a port-status message. */
int ofproto_port_add(struct ofproto *ofproto, const char *name,
                     const char *type, const struct smap *options,
                     uint32_t *ofp_portp, char **errp);

/* Between ofproto_defer_port_reloads(true) and (false) (calls nest),
 * ports added with ofproto_port_add() join the datapath's polling threads
 * all at once at the end (dpif_defer_reload()): adding many ports then
 * costs one reload instead of one each.  Until then they neither receive
 * nor send. */
void ofproto_defer_port_reloads(bool defer);

/* How the NORMAL action treats VLANs on a port, as Open vSwitch's
 * Port.vlan_mode, tag and trunks columns say. */
enum port_vlan_mode {
    PORT_VLAN_TRUNK,            /* Tagged frames of the trunked VLANs;
                                 * untagged ones are VLAN 0. */
    PORT_VLAN_ACCESS,           /* Untagged frames only, of VLAN 'tag'. */
    PORT_VLAN_NATIVE_TAGGED,    /* A trunk whose untagged frames are VLAN
                                 * 'tag', which leaves tagged. */
    PORT_VLAN_NATIVE_UNTAGGED,  /* The same, VLAN 'tag' leaving
                                 * untagged. */
};

struct port_vlan_config {
    enum port_vlan_mode mode;
    int tag;                    /* 0-4095, or -1 for none. */
    uint8_t *trunks;            /* Bitmap of 4096 VLANs (512 bytes), or
                                 * NULL: every VLAN. */
};

/* Parses Open vSwitch's "vlan_mode" (access, trunk, native-tagged,
 * native-untagged; empty: access if TAG is set, else trunk), "tag" (a VLAN
 * 0-4095, or empty) and "trunks" (VLANs separated by commas or spaces,
 * with optional square brackets; empty: all) into *CONFIG, whose 'trunks'
 * the caller frees.  Returns NULL or a malloc'd message; a native mode
 * without a tag is an error. */
char *port_vlan_config_parse(const char *vlan_mode, const char *tag,
                             const char *trunks,
                             struct port_vlan_config *config)
    SLUICE_WARN_UNUSED_RESULT;

/* Sets the VLAN configuration of OpenFlow port OFP_PORT to CONFIG (copied;
 * NULL: a trunk of every VLAN, the default).  Returns 0 or ENOENT. */
int ofproto_port_set_vlan(struct ofproto *ofproto, uint32_t ofp_port,
                          const struct port_vlan_config *config);

/* Removes OpenFlow port OFP_PORT.  Returns 0 or ENOENT. */
int ofproto_port_del(struct ofproto *ofproto, uint32_t ofp_port);

/* Returns the OpenFlow number of the port NAME, or 0. */
uint32_t ofproto_port_by_name(const struct ofproto *ofproto,
                              const char *name);

/* Returns the device of OpenFlow port OFP_PORT (a borrowed reference, valid
 * until the port is removed), and in *ADMIN_UP whether OpenFlow port-mods
 * left it up; or null if there is no such port. */
struct netdev *ofproto_port_get_netdev(const struct ofproto *ofproto,
                                       uint32_t ofp_port, bool *admin_up);

/* Stores the state of the switch's connection to controller TARGET in
 * *ST and returns true, or returns false if it has no such controller. */
bool ofproto_get_controller_status(const struct ofproto *ofproto,
                                   const char *target,
                                   struct connmgr_controller_status *st);

/* Sets the controllers and the fail mode. */
void ofproto_set_controllers(struct ofproto *ofproto,
                             const struct connmgr_controller cs[], size_t n);
void ofproto_set_fail_mode(struct ofproto *ofproto,
                           enum ofproto_fail_mode mode);

/* Sets extra listeners besides the management socket ("ptcp:6653" ...).
 * Returns 0 or an error with a message in *ERRP. */
int ofproto_set_listeners(struct ofproto *ofproto,
                          const char *const targets[], size_t n,
                          char **errp);

/* The switch's tables, for translation and tests. */
struct tables *ofproto_get_tables(struct ofproto *ofproto);

/* Appends a description of the switch (ports, connections) to DS. */
void ofproto_format(const struct ofproto *ofproto, struct ds *ds);

/* Traces a packet with the fields FLOW_TEXT gives (ovs-ofctl's match
 * syntax, e.g. "in_port=1,tcp,nw_dst=10.0.0.1,tp_dst=80"; fields not
 * given are zero) through OFPROTO's pipeline without sending anything or
 * learning MACs, and appends to DS what ovs-appctl ofproto/trace shows:
 * the flow, every table lookup with the rule it found and its actions
 * (resubmits and groups nested), NORMAL's decisions, then the megaflow
 * that the datapath would install and its actions.  Returns NULL or a
 * malloc'd error message. */
char *ofproto_trace(struct ofproto *ofproto, const char *flow_text,
                    struct ds *ds) SLUICE_WARN_UNUSED_RESULT;

/* Appends what "ovs-appctl dpif/show" prints: the shared datapath's
 * name and hit/missed counts, then each bridge with its ports as
 * "NAME OFPORT/DPPORT: (TYPE)", both sorted by name.  Nothing without
 * bridges. */
void ofproto_format_dpif(struct ds *ds);

/* Appends what "ovs-appctl memory/show" prints for the switches: counts
 * of what holds memory, "bridges:N groups:N handlers:1 mac-entries:N
 * megaflows:N meters:N ports:N revalidators:1 rules:N" (names sorted, as
 * Open vSwitch prints its memory report). */
void ofproto_format_memory(struct ds *ds);

/* Appends OFPROTO's MAC learning table as "ovs-appctl fdb/show" prints
 * it. */
void ofproto_format_fdb(const struct ofproto *ofproto, struct ds *ds);

/* Forgets everything OFPROTO's MAC learning table learned (every
 * switch's, if OFPROTO is null). */
void ofproto_flush_fdb(struct ofproto *ofproto);

#endif /* ofproto/ofproto.h */
