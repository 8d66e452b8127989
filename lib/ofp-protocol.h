/*
 * ofp-protocol: OpenFlow versions and version negotiation, and the
 * "protocol" an OpenFlow connection speaks.
 *
 * Versions.  Version names are those ovs-ofctl's -O option takes,
 * "OpenFlow10" to "OpenFlow15".  A set of versions is a bitmap with bit V
 * set for version number V (bit 1 for OpenFlow 1.0, OFP10_VERSION), as in
 * the hello message's version bitmap element.
 *
 * Negotiation (OpenFlow 1.3.1 section 6.3.1).  Each side sends a hello
 * whose header carries the highest version it supports; a hello carries a
 * version bitmap element unless the sender supports every version from
 * 1.0 up to that one.  Both sides then use the highest version both
 * support; if there is none, the receiver sends an OFPET_HELLO_FAILED /
 * OFPHFC_INCOMPATIBLE error and closes the connection.
 *
 * Protocols.  Within OpenFlow 1.0 a connection's flow format may be the
 * standard ofp_match or the Nicira extended match (NXM, chosen with
 * NXT_SET_FLOW_FORMAT), and the flow-mod table id extension may be on or
 * off (NXT_FLOW_MOD_TABLE_ID), giving four protocols; every later version
 * is one protocol.  A set of protocols is an OR of enum ofp_protocol bits.
 *
 * Ownership: returned buffers belong to the caller (buffer_delete());
 * returned error strings are malloc'ed and freed by the caller.
 * Thread safety: every function may be called from any thread.
 */
#ifndef SLUICE_OFP_PROTOCOL_H
#define SLUICE_OFP_PROTOCOL_H 1

#include <stdbool.h>
#include <stdint.h>
#include "ofp-errors.h"
#include "openflow.h"

struct buffer;
struct ds;

/* Version sets. */
#define OFP_VERSION_BIT(V) (UINT32_C(1) << (V))
#define OFP_ALL_VERSIONS 0x7eu          /* OpenFlow 1.0 to 1.5. */

/* Returns VERSION's name ("OpenFlow13"), or NULL if it has none. */
const char *ofp_version_to_string(enum ofp_version version);

/* Parses a version name ("OpenFlow13") into *VERSION.  Returns false if
 * S names no version. */
bool ofp_version_from_string(const char *s, enum ofp_version *version);

/* Parses S, a list of version names separated by commas (with optional
 * spaces), into a version bitmap in *VERSIONS.  Returns NULL, or on error
 * a malloc'ed message naming the bad word, leaving *VERSIONS unchanged.
 * An empty list is an error. */
char *ofp_versions_from_string(const char *s, uint32_t *versions)
    SLUICE_WARN_UNUSED_RESULT;

/* Appends the names of the versions in VERSIONS to S, separated by ", "
 * ("OpenFlow10, OpenFlow13"). */
void ofp_format_version_names(struct ds *s, uint32_t versions);

/* Appends the version numbers in VERSIONS to S as ovs-ofctl prints a
 * hello's bitmap ("0x01, 0x04"). */
void ofp_format_version_bitmap(struct ds *s, uint32_t versions);

/* Returns the highest version in VERSIONS, or 0 if there is none. */
enum ofp_version ofp_versions_max(uint32_t versions);

/* Hello messages and negotiation. */

/* Returns a new hello that offers the versions in VERSIONS (which must
 * contain at least one of OFP_ALL_VERSIONS), with a fresh xid. */
struct buffer *ofp_encode_hello(uint32_t versions);

/* Decodes hello message OH (whose ntohs(OH->length) bytes the caller
 * holds) into the set of versions its sender supports, *VERSIONS.  A hello
 * without a version bitmap offers every version from 1.0 to its header's
 * version.  Unknown elements are ignored.  Returns false if the hello is
 * malformed (an element that overruns the message or is shorter than its
 * header) or its bitmap is empty; *VERSIONS is then the best guess (the
 * header's version and below). */
bool ofp_decode_hello(const struct ofp_header *oh, uint32_t *versions);

/* Returns the version to use between a side supporting OURS and a peer
 * supporting THEIRS: the highest in both.  Returns 0 if there is none. */
enum ofp_version ofp_negotiate_version(uint32_t ours, uint32_t theirs);

/* Returns the OFPET_HELLO_FAILED / OFPHFC_INCOMPATIBLE error to send when
 * OURS and THEIRS have no version in common, in the highest version of
 * OURS, with xid XID and a text naming both sets. */
struct buffer *ofp_encode_hello_failed(uint32_t ours, uint32_t theirs,
                                       be32 xid);

/* Protocols. */
enum ofp_protocol {
    OFP_PROTO_OF10_STD = 1 << 0,     /* OpenFlow 1.0, ofp_match. */
    OFP_PROTO_OF10_STD_TID = 1 << 1, /* ...with flow_mod table id. */
    OFP_PROTO_OF10_NXM = 1 << 2,     /* OpenFlow 1.0, Nicira match. */
    OFP_PROTO_OF10_NXM_TID = 1 << 3, /* ...with flow_mod table id. */
    OFP_PROTO_OF11_STD = 1 << 4,     /* OpenFlow 1.1, ofp11_match. */
    OFP_PROTO_OF12_OXM = 1 << 5,     /* OpenFlow 1.2 to 1.5: OXM. */
    OFP_PROTO_OF13_OXM = 1 << 6,
    OFP_PROTO_OF14_OXM = 1 << 7,
    OFP_PROTO_OF15_OXM = 1 << 8,
};

#define OFP_PROTO_OF10_STD_ANY (OFP_PROTO_OF10_STD | OFP_PROTO_OF10_STD_TID)
#define OFP_PROTO_OF10_NXM_ANY (OFP_PROTO_OF10_NXM | OFP_PROTO_OF10_NXM_TID)
#define OFP_PROTO_OF10_ANY (OFP_PROTO_OF10_STD_ANY | OFP_PROTO_OF10_NXM_ANY)
#define OFP_PROTO_TID (OFP_PROTO_OF10_STD_TID | OFP_PROTO_OF10_NXM_TID)
#define OFP_PROTO_ANY 0x1ffu

/* Returns the protocol a connection speaks right after negotiating VERSION
 * (for OpenFlow 1.0, the standard match without table ids), or 0 if
 * VERSION is not one Sluice speaks. */
enum ofp_protocol ofp_protocol_from_version(enum ofp_version version);

/* Returns the version of PROTOCOL (a single protocol). */
enum ofp_version ofp_protocol_to_version(enum ofp_protocol protocol);

/* Returns the versions of the protocols in PROTOCOLS. */
uint32_t ofp_protocols_to_versions(uint32_t protocols);

/* Returns PROTOCOL with the flow_mod table id extension ENABLE'd (the
 * same PROTOCOL for versions where table ids are always present). */
enum ofp_protocol ofp_protocol_set_tid(enum ofp_protocol protocol,
                                       bool enable);

/* Returns PROTOCOL's name as Open vSwitch spells it: "OpenFlow10-table_id",
 * "OpenFlow10+table_id", "NXM-table_id", "NXM+table_id", "OpenFlow11",
 * "OXM-OpenFlow12" ... "OXM-OpenFlow15". */
const char *ofp_protocol_to_string(enum ofp_protocol protocol);

/* Parses S, a comma-separated list of protocol names (the names above,
 * and the sets "OpenFlow10" (either table id form), "NXM", "OpenFlow12"
 * to "OpenFlow15", "OXM" and "any") into a set of protocols. Returns NULL
 * or a malloc'ed error message. */
char *ofp_protocols_from_string(const char *s, uint32_t *protocols)
    SLUICE_WARN_UNUSED_RESULT;

/* Appends the names of the protocols in PROTOCOLS to S, separated by
 * commas. */
void ofp_format_protocols(struct ds *s, uint32_t protocols);

/* Nicira flow formats (NXT_SET_FLOW_FORMAT). */
enum nx_flow_format {
    NXFF_OPENFLOW10 = 0,
    NXFF_NXM = 2,
};

/* Nicira packet-in formats (NXT_SET_PACKET_IN_FORMAT). */
enum nx_packet_in_format {
    NXPIF_STANDARD = 0,                 /* OFPT_PACKET_IN of the version. */
    NXPIF_NXT_PACKET_IN = 1,            /* NXT_PACKET_IN. */
    NXPIF_NXT_PACKET_IN2 = 2,           /* NXT_PACKET_IN2. */
};

/* Returns a new NXT_SET_FLOW_FORMAT (OpenFlow 1.0) selecting FORMAT. */
struct buffer *ofp_encode_set_flow_format(enum nx_flow_format format);

/* Decodes NXT_SET_FLOW_FORMAT message OH into *FORMAT.  Returns 0, or
 * OFPERR_OFPBRC_EPERM for a format Sluice does not speak. */
enum ofperr ofp_decode_set_flow_format(const struct ofp_header *oh,
                                       enum nx_flow_format *format);

/* Returns a new NXT_FLOW_MOD_TABLE_ID in VERSION that ENABLEs (or
 * disables) the table id in flow mods' command field. */
struct buffer *ofp_encode_flow_mod_table_id(enum ofp_version version,
                                            bool enable);

/* Decodes NXT_FLOW_MOD_TABLE_ID message OH into *ENABLE. */
enum ofperr ofp_decode_flow_mod_table_id(const struct ofp_header *oh,
                                         bool *enable);

/* Returns a new NXT_SET_PACKET_IN_FORMAT in VERSION selecting FORMAT. */
struct buffer *ofp_encode_set_packet_in_format(
    enum ofp_version version, enum nx_packet_in_format format);

/* Decodes NXT_SET_PACKET_IN_FORMAT message OH into *FORMAT.  Returns 0, or
 * OFPERR_OFPBRC_EPERM for an unknown format. */
enum ofperr ofp_decode_set_packet_in_format(
    const struct ofp_header *oh, enum nx_packet_in_format *format);

/* For a connection that speaks CURRENT and should speak WANT (both of the
 * same version), returns the next message to send to get there and stores
 * in *NEXT the protocol in effect once it is sent; returns NULL when
 * CURRENT is WANT or the version cannot change protocol. */
struct buffer *ofp_encode_set_protocol(enum ofp_protocol current,
                                       enum ofp_protocol want,
                                       enum ofp_protocol *next);

#endif /* ofp-protocol.h */
