/*
 * ofp-packet: OpenFlow packet-in and packet-out messages in a
 * version-independent form, their wire codecs and their text.
 *
 * Packet-in.  A 'struct ofp_packet_in' is what the switch tells a
 * controller about a packet: its first bytes, its full length, why it is
 * sent (enum ofp_packet_in_reason, ofp-actions.h), the table and the rule
 * cookie that sent it, and the pipeline metadata as a match
 * ('flow_metadata': in_port, metadata, registers, pkt_mark).  Open vSwitch
 * puts in_port into the metadata always and the other fields only when
 * they are nonzero; ofp_packet_in_set_metadata() does the same.  Wire
 * forms, by version and the connection's packet-in format (ofp-protocol.h):
 *
 *   NXPIF_STANDARD, OpenFlow 1.0   OFPT_PACKET_IN, 16-bit in_port only
 *   NXPIF_STANDARD, OpenFlow 1.1   OFPT_PACKET_IN, in_port (and in_phy_port)
 *   NXPIF_STANDARD, OpenFlow 1.2   OFPT_PACKET_IN with an OXM match
 *   NXPIF_STANDARD, OpenFlow 1.3+  OFPT_PACKET_IN with cookie and OXM match
 *   NXPIF_NXT_PACKET_IN            NXT_PACKET_IN: cookie and NXM match
 *   NXPIF_NXT_PACKET_IN2           NXT_PACKET_IN2: properties
 *
 * Versions before 1.4 have no action_set, group or packet_out reasons:
 * those are sent as "action", as Open vSwitch does (NXT_PACKET_IN2 keeps
 * them).  Messages without a cookie decode with cookie UINT64_MAX, which
 * the printer leaves out.  Sluice never buffers: buffer_id is always
 * OFP_NO_BUFFER when it sends, but any value decodes and prints.
 *
 * Packet-out.  A 'struct ofp_packet_out' is a controller's request to run
 * actions (ofp-actions.h) on a packet: buffer id, the packet's metadata
 * (in_port; OpenFlow 1.5 carries a whole metadata match) and the packet
 * itself.  OpenFlow 1.0's form has a 16-bit in_port, 1.1 to 1.4 a 32-bit
 * one, 1.5 an OXM match.
 *
 * Text.  The formatters print what "ovs-ofctl ofp-print" and "ovs-ofctl
 * monitor" print after a message's "NAME (OF1.x) (xid=0x0):" label: a
 * first line, then the packet's summary line (ofp_packet_summary()), both
 * ending in a newline.
 *
 * Ownership: decoded structs point into the message they were decoded from
 * ('packet') and into the caller's ofpacts buffer ('ofpacts'); the caller
 * keeps both alive.  Encoders copy.  Returned buffers belong to the caller
 * (buffer_delete()).
 *
 * Thread safety: plain data and reentrant functions.
 */
#ifndef SLUICE_OFP_PACKET_H
#define SLUICE_OFP_PACKET_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "match.h"
#include "ofp-actions.h"
#include "ofp-errors.h"
#include "ofp-protocol.h"
#include "openflow.h"

struct buffer;
struct ds;

/* The number of packet-in reasons (enum ofp_packet_in_reason). */
#define OFPR_N_REASONS (OFPR_PACKET_OUT + 1)

/* Returns REASON's name as ovs-ofctl prints it after "via" ("no_match",
 * "action", "invalid_ttl", "action_set", "group", "packet_out"), or NULL
 * for a value that is not a reason. */
const char *ofp_packet_in_reason_to_string(enum ofp_packet_in_reason reason);

/* Parses a reason name (as above) into *REASON.  Returns false if S names
 * none. */
bool ofp_packet_in_reason_from_string(const char *s,
                                      enum ofp_packet_in_reason *reason);

/* A packet-in, decoded or to encode. */
struct ofp_packet_in {
    const void *packet;             /* The packet's first bytes. */
    size_t packet_len;              /* Bytes at 'packet'. */
    uint32_t total_len;             /* The whole packet's length. */
    uint32_t buffer_id;             /* OFP_NO_BUFFER. */
    enum ofp_packet_in_reason reason;
    uint8_t table_id;
    be64 cookie;                    /* UINT64_MAX: none. */
    struct match flow_metadata;     /* Pipeline metadata fields only. */
};

/* Initializes PIN to send the PACKET_LEN bytes at PACKET (the whole
 * packet) for REASON from table TABLE_ID and a rule with COOKIE, with
 * FLOW's metadata (ofp_packet_in_set_metadata()) and no buffer. */
void ofp_packet_in_init(struct ofp_packet_in *pin, const void *packet,
                        size_t packet_len, enum ofp_packet_in_reason reason,
                        uint8_t table_id, be64 cookie,
                        const struct oflow *flow);

/* Sets PIN's flow_metadata from FLOW as Open vSwitch does: in_port always,
 * metadata, registers and pkt_mark when they are nonzero. */
void ofp_packet_in_set_metadata(struct ofp_packet_in *pin,
                                const struct oflow *flow);

/* Returns PIN's input port (0 if its metadata has none). */
uint32_t ofp_packet_in_get_in_port(const struct ofp_packet_in *pin);

/* Returns how many bytes of a PACKET_LEN-byte packet a packet-in carries
 * when the controller asked for MAX_LEN (an output action's max_len, or the
 * switch's miss_send_len): all of it for OFPCML_NO_BUFFER (0xffff), else
 * at most MAX_LEN. */
size_t ofp_packet_in_truncated_len(size_t packet_len, uint16_t max_len);

/* Returns a new packet-in for PIN in VERSION and FORMAT with xid 0 (as
 * Open vSwitch sends asynchronous messages).  OpenFlow 1.0 can carry only
 * a 16-bit in_port (a larger one is sent as OFPP_NONE) and neither
 * OpenFlow 1.0 nor 1.1 carries the other metadata fields. */
struct buffer *ofp_encode_packet_in(const struct ofp_packet_in *pin,
                                    enum ofp_version version,
                                    enum nx_packet_in_format format);

/* Decodes packet-in OH (OFPT_PACKET_IN of any version, NXT_PACKET_IN or
 * NXT_PACKET_IN2; the caller holds ntohs(OH->length) bytes) into *PIN,
 * whose 'packet' then points into OH.  Errors: OFPBRC_BAD_LEN for a
 * truncated message, OFPBRC_BAD_TYPE for a message that is not a
 * packet-in, the match's OFPBMC_* errors, and OFPBPC_BAD_LEN and
 * OFPBRC_BAD_PACKET (no packet property) for NXT_PACKET_IN2, whose
 * unknown properties (userdata, continuations) are skipped. */
enum ofperr ofp_decode_packet_in(struct ofp_packet_in *pin,
                                 const struct ofp_header *oh);

/* Appends PIN to DS as "ovs-ofctl ofp-print" prints it after the label,
 * e.g. " table_id=1 cookie=0x5 total_len=60 in_port=1 (via no_match)
 * data_len=60 (unbuffered)\n" and the packet's summary line. */
void ofp_packet_in_format(const struct ofp_packet_in *pin, struct ds *ds);

/* Appends a one-line summary of the SIZE-byte Ethernet frame at DATA to DS
 * as ovs-ofctl prints it under a packet-in or packet-out: the packet's
 * fields in flow syntax, then its L4 checksum, and a newline, e.g.
 * "icmp,vlan_tci=0x0000,dl_src=50:54:00:00:00:01,...,icmp_type=8,
 * icmp_code=0 icmp_csum:f7ff\n". */
void ofp_packet_summary(const void *data, size_t size, struct ds *ds);

/* A packet-out, decoded or to encode. */
struct ofp_packet_out {
    const void *packet;             /* The packet (if buffer_id is
                                     * OFP_NO_BUFFER). */
    size_t packet_len;
    uint32_t buffer_id;             /* OFP_NO_BUFFER: the packet is here. */
    struct match flow_metadata;     /* in_port (always set exactly) and,
                                     * in OpenFlow 1.5, other metadata. */
    const void *ofpacts;            /* Actions (ofp-actions.h). */
    size_t ofpacts_len;
};

/* Returns PO's input port. */
uint32_t ofp_packet_out_get_in_port(const struct ofp_packet_out *po);

/* Sets PO's input port to IN_PORT, keeping its other metadata. */
void ofp_packet_out_set_in_port(struct ofp_packet_out *po, uint32_t in_port);

/* Returns a new packet-out for PO in VERSION with a fresh xid.  Versions
 * before 1.5 carry only in_port of the metadata.  The actions are encoded
 * as ofpacts_encode_actions() does. */
struct buffer *ofp_encode_packet_out(const struct ofp_packet_out *po,
                                     enum ofp_version version);

/* Decodes packet-out OH into *PO, with the actions appended to OFPACTS
 * (which the caller initializes and owns; PO's 'ofpacts' points into it,
 * and 'packet' into OH).  Errors: OFPBRC_BAD_TYPE if OH is not a
 * packet-out, OFPBRC_BAD_LEN (actions overrunning the message),
 * OFPBRC_BAD_PORT (an in_port that is neither an ordinary port nor LOCAL,
 * CONTROLLER or ANY), OFPBMC_* for an OpenFlow 1.5 match (which may hold
 * only metadata fields: else OFPBRC_PIPELINE_FIELDS_ONLY) and the
 * actions' OFPBAC_*
 * errors. */
enum ofperr ofp_decode_packet_out(struct ofp_packet_out *po,
                                  const struct ofp_header *oh,
                                  struct buffer *ofpacts);

/* Returns 0 if a switch that never buffers packets (Sluice) can execute
 * PO, else OFPBRC_BUFFER_UNKNOWN (PO names a buffer). */
enum ofperr ofp_packet_out_check_buffer(const struct ofp_packet_out *po);

/* Appends to PACKET the bytes that the hex digits of S (spaces allowed
 * between bytes) give.  Returns NULL or a malloc'd error message. */
char *ofp_parse_hex_packet(const char *s, struct buffer *packet)
    SLUICE_WARN_UNUSED_RESULT;

/* Parses S, a packet-out in ovs-ofctl's syntax ("in_port=1,packet=HEX,
 * actions=ACTIONS", keywords in any order, actions last), into *PO: the
 * packet's bytes go to PACKET and the actions to OFPACTS (both
 * initialized and owned by the caller; PO points into them).  in_port is
 * a port number or name as ofp_port_from_string() takes it (default
 * CONTROLLER); OpenFlow 1.5's other metadata fields are not supported.
 * Returns NULL or a malloc'd error message. */
char *ofp_parse_packet_out(const char *s, struct ofp_packet_out *po,
                           struct buffer *packet, struct buffer *ofpacts)
    SLUICE_WARN_UNUSED_RESULT;

/* Appends PO to DS as "ovs-ofctl ofp-print" prints it after the label:
 * " in_port=1 actions=output:2 data_len=60\n" and the packet's summary
 * line (or " buffer=0x00000005\n" for a buffered packet). */
void ofp_packet_out_format(const struct ofp_packet_out *po, struct ds *ds);

#endif /* ofp-packet.h */
