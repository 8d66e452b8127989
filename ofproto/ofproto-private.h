/*
 * ofproto-private: the switch structures that ofproto.c, xlate.c and
 * upcall.c share.  Nothing outside ofproto/ includes this header.
 *
 * Locking: 'ofproto_mutex' guards every switch's set of ports (and the
 * switches themselves) against the handler thread, which translates
 * packets with it held; the main thread takes it to add or remove ports
 * and switches.  Flow tables follow tables.h's rules; the MAC learning
 * table has its own lock.
 */
#ifndef SLUICE_OFPROTO_PRIVATE_H
#define SLUICE_OFPROTO_PRIVATE_H 1

#include "ofproto.h"
#include <stdbool.h>
#include <stdint.h>
#include "hmap.h"
#include "ofp-port.h"
#include "ofp-switch.h"
#include "atomic.h"
#include "thread.h"

struct dpif;
struct mac_learning;
struct netdev;
struct shash_node;

extern struct mutex ofproto_mutex;

/* Every switch, by name (main thread; changes under ofproto_mutex). */
struct shash;
extern struct shash all_ofprotos;

/* A port of a switch. */
struct ofport {
    struct hmap_node ofp_node;      /* In ofproto->ports, by ofp_port. */
    struct hmap_node dp_node;       /* In 'all_dp_ports', by dp_port. */
    struct ofproto *ofproto;
    uint32_t ofp_port;              /* OpenFlow number. */
    uint32_t dp_port;               /* Number in the shared datapath. */
    char *name;
    char *type;
    struct netdev *netdev;          /* A reference, for status. */
    uint32_t config;                /* OFP_PC_*, as port-mods set it. */
    long long int created;          /* time_msec() when added. */
    uint64_t change_seq;            /* netdev's, when 'desc' was taken. */
    struct ofp_port_desc desc;      /* As last reported. */

    /* NORMAL's view of VLANs (under ofproto_mutex). */
    enum port_vlan_mode vlan_mode;
    int tag;                        /* -1: none. */
    uint8_t *trunks;                /* 4096-bit bitmap, NULL: all. */
};

/* Returns true if PORT carries VLAN in the NORMAL action (its access or
 * native VLAN, or a VLAN it trunks). */
bool ofport_includes_vlan(const struct ofport *port, uint16_t vlan);

struct ofproto {
    struct shash_node *node;        /* In all_ofprotos. */
    char *name;
    uint64_t datapath_id;
    enum ofp_frag_handling frag;    /* As set-config sets it. */
    struct dpif *dpif;              /* The shared datapath. */
    struct hmap ports;              /* struct ofport, by ofp_port. */
    struct hmap groups;             /* struct ofgroup (groups.h). */
    struct hmap meters;             /* struct ofmeter (meters.h). */
    struct tables tables;
    struct connmgr *connmgr;
    char *mgmt_target;              /* "punix:$RUNDIR/NAME.mgmt". */
    char **extra_listeners;
    size_t n_extra_listeners;
    long long int next_expiry;      /* time_msec() of the next expiry run. */
    struct mac_learning *ml;        /* For NORMAL. */
    bool has_default_flow;          /* "priority=0,actions=NORMAL". */

    /* What table misses do, as the main thread last saw the connections;
     * read by translation in the handler thread. */
    atomic_bool fail_open;          /* Act as a learning switch. */
    atomic_bool miss_packet_ins;    /* Some connection wants packet-ins. */
};


/* Returns the port of switch OFPROTO with OpenFlow number OFP_PORT, or
 * NULL.  The caller holds ofproto_mutex or is the main thread. */
struct ofport *ofport_find(const struct ofproto *ofproto, uint32_t ofp_port);

/* Returns the port with datapath number DP_PORT in any switch, or NULL.
 * The caller holds ofproto_mutex. */
struct ofport *ofport_find_by_dp_port(uint32_t dp_port);

/* Returns true if OFPROTO acts as a learning switch for table misses (fail
 * mode standalone, controllers configured, none connected). */
bool ofproto_fail_open(const struct ofproto *ofproto);

/* Returns true if some connection of OFPROTO wants table-miss
 * packet-ins. */
bool ofproto_wants_miss_packet_ins(const struct ofproto *ofproto);

/* Returns the shared datapath (NULL before the first switch). */
struct dpif *ofproto_shared_dpif(void);

#endif /* ofproto/ofproto-private.h */
