/*
 * xlate: translation of a packet's way through a switch's OpenFlow
 * pipeline into datapath actions and a megaflow mask.
 *
 * Given a flow (struct oflow: the packet's fields, with the OpenFlow
 * input port), xlate_actions() looks the flow up in the switch's tables,
 * follows goto_table and resubmit, applies each action to its copy of the
 * flow and, wherever a packet leaves (output, NORMAL, flood, controller),
 * appends datapath actions (lib/odp-actions.h) that first make the
 * packet's headers what the pipeline made them and then send it.  It also
 * builds the set of bits of the flow it looked at ('wc'): every packet
 * that agrees with the flow on those bits would be translated the same
 * way, so the datapath may install one megaflow for all of them.
 *
 * What is supported: the actions of ofp-actions.h except enqueue's queue,
 * MPLS and output:reg (which drop, or are skipped, and are counted in
 * 'n_unsupported'); groups (groups.h: every bucket of an "all" group,
 * each on its own copy of the packet, the live or hashed bucket of the
 * others; a select group's hash covers the Ethernet addresses and type,
 * the VLAN, the IP addresses and protocol and the L4 ports, which
 * therefore enter the megaflow); meters, as datapath METER actions; the action set of write_actions with
 * its OpenFlow order; NORMAL as a MAC-learning switch over every port of
 * the bridge with one learning domain per VLAN and the ports' VLAN modes
 * (access, trunk, native-tagged, native-untagged: ofproto.h).  Packets for controllers become
 * datapath USERSPACE actions whose cookie (struct xlate_pin_cookie) says
 * why, so that every such packet reaches the switch.
 *
 * Thread safety: called with ofproto_mutex held (which keeps the switch's
 * ports stable), from an RCU-registered thread that is online throughout
 * (the rules it looks at stay valid until its next quiescent point).
 */
#ifndef SLUICE_OFPROTO_XLATE_H
#define SLUICE_OFPROTO_XLATE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "buffer.h"
#include "classifier.h"
#include "oflow.h"
#include "openflow.h"
#include "packets.h"

struct ds;
struct ofgroup;
struct ofproto;
struct rule;

/* The USERSPACE action cookie of a packet sent to controllers. */
struct xlate_pin_cookie {
    uint32_t magic;                 /* XLATE_PIN_MAGIC. */
    uint16_t max_len;               /* Bytes of the packet to send. */
    uint16_t controller_id;         /* 0: every controller. */
    uint8_t reason;                 /* enum ofp_packet_in_reason. */
    uint8_t table_id;
    uint8_t miss;                   /* 1: no rule matched (the connections'
                                     * miss_send_len applies). */
    uint8_t pad;
    be64 rule_cookie;
    uint64_t datapath_id;           /* Which switch. */
};
#define XLATE_PIN_MAGIC 0x70696e31u /* "pin1". */

/* The most rules whose statistics one translation reports. */
#define XLATE_MAX_RULES 32

/* The most group and bucket hits whose statistics one translation
 * reports. */
#define XLATE_MAX_GROUP_HITS 32

/* A group that a translation ran: its group counters (BUCKET -1) or one
 * bucket's counters.  Valid while ofproto_mutex stays held. */
struct xlate_group_hit {
    struct ofgroup *group;
    int bucket;
};

struct xlate_in {
    struct ofproto *ofproto;
    struct oflow flow;              /* dp.in_port: the OpenFlow port. */
    cls_version_t version;          /* Of the switch's tables. */
    bool may_learn;                 /* Update MAC learning (upcalls: yes;
                                     * revalidation: no). */
    const struct rule *start_rule;  /* Not NULL: run this rule's actions
                                     * instead of looking up table 0 (for
                                     * packet-out, NULL otherwise). */
    const void *ofpacts;            /* With start_rule NULL and ofpacts
                                     * nonnull: run these actions (packet
                                     * out). */
    size_t ofpacts_len;
    struct ds *trace;               /* Nonnull: append what the pipeline
                                     * did, for ofproto/trace. */
};

struct xlate_out {
    struct buffer odp_actions;      /* Datapath actions. */
    struct oflow wc;                /* 1-bits: looked at. */
    const struct rule *rules[XLATE_MAX_RULES];  /* Rules hit, first
                                                 * XLATE_MAX_RULES. */
    size_t n_rules;
    struct xlate_group_hit group_hits[XLATE_MAX_GROUP_HITS];
    size_t n_group_hits;
    unsigned int n_unsupported;     /* Actions not translated. */
    bool too_deep;                  /* Resubmit depth exceeded: drop. */
};

/* Initializes OUT (which the caller frees with xlate_out_uninit()). */
void xlate_out_init(struct xlate_out *out);
void xlate_out_uninit(struct xlate_out *out);

/* Translates IN into OUT (initialized by the caller). */
void xlate_actions(const struct xlate_in *in, struct xlate_out *out);

#endif /* ofproto/xlate.h */
