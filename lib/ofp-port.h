/*
 * ofp-port: OpenFlow port descriptions, port-status, port-mod and port
 * statistics, in every version from OpenFlow 1.0 to 1.5, and their text
 * form as ovs-ofctl prints it.
 *
 * A 'struct ofp_port_desc' describes one port independently of the
 * version: its 32-bit port number (see openflow.h), and its config, state
 * and feature bits in the OFP_PC_*, OFP_PS_* and OFP_PF_* layouts below,
 * which hold the bits of every version (OpenFlow 1.0's STP bits, 1.1's
 * larger speeds).  Each version's wire form drops what it cannot say.
 *
 * Message bodies only: the encoders here append a body to a struct buffer
 * after the caller has put the message's header (and multipart header)
 * with ofp-msgs; the decoders pull a body from a buffer whose data starts
 * just past those headers.  Decoders return 0 or an enum ofperr (and EOF
 * where they pull one element of a list, at its end); they never print.
 *
 * Text: the *_format() functions append what "ovs-ofctl ofp-print" prints
 * for a message after its "NAME (OF1.x) (xid=0x0):" label, so that the
 * printer of whole messages joins the two.
 *
 * Also here, because every OpenFlow module needs them: port numbers as
 * text (ofp_port_format(), ofp_port_from_string()), durations and flag
 * words as text (ofp_format_duration(), ofp_format_bit_names()) and
 * OpenFlow 1.4's property lists (ofp_prop_pull(), ofp_prop_start(),
 * ofp_prop_end()).
 *
 * Thread safety: every function here may be called from any thread; the
 * objects passed belong to the caller.
 */
#ifndef SLUICE_OFP_PORT_H
#define SLUICE_OFP_PORT_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ofp-errors.h"
#include "openflow.h"
#include "packets.h"

struct buffer;
struct ds;

/* Port config bits (OpenFlow 1.0's layout, a superset of 1.1's). */
enum {
    OFP_PC_PORT_DOWN    = 1 << 0, /* Administratively down. */
    OFP_PC_NO_STP       = 1 << 1, /* OpenFlow 1.0 only. */
    OFP_PC_NO_RECV      = 1 << 2, /* Drop received packets. */
    OFP_PC_NO_RECV_STP  = 1 << 3, /* OpenFlow 1.0 only. */
    OFP_PC_NO_FLOOD     = 1 << 4, /* OpenFlow 1.0 only. */
    OFP_PC_NO_FWD       = 1 << 5, /* Drop packets sent to the port. */
    OFP_PC_NO_PACKET_IN = 1 << 6, /* No packet-in for the port. */
};
#define OFP_PC_ALL10 0x7fu         /* Bits OpenFlow 1.0 has. */
#define OFP_PC_ALL11 0x65u         /* Bits OpenFlow 1.1 and later have. */

/* Port state bits: OpenFlow 1.1's bits plus OpenFlow 1.0's STP state in
 * bits 8 and 9 (where OpenFlow 1.0 has it). */
enum {
    OFP_PS_LINK_DOWN  = 1 << 0,
    OFP_PS_BLOCKED    = 1 << 1,  /* OpenFlow 1.1 and later. */
    OFP_PS_LIVE       = 1 << 2,  /* OpenFlow 1.1 and later. */
    OFP_PS_STP_LISTEN = 0 << 8,  /* OpenFlow 1.0 only, as the next 3. */
    OFP_PS_STP_LEARN  = 1 << 8,
    OFP_PS_STP_FORWARD = 2 << 8,
    OFP_PS_STP_BLOCK  = 3 << 8,
    OFP_PS_STP_MASK   = 3 << 8,
};

/* Port feature bits (OpenFlow 1.1's layout, a superset of 1.0's). */
enum {
    OFP_PF_10MB_HD    = 1 << 0,
    OFP_PF_10MB_FD    = 1 << 1,
    OFP_PF_100MB_HD   = 1 << 2,
    OFP_PF_100MB_FD   = 1 << 3,
    OFP_PF_1GB_HD     = 1 << 4,
    OFP_PF_1GB_FD     = 1 << 5,
    OFP_PF_10GB_FD    = 1 << 6,
    OFP_PF_40GB_FD    = 1 << 7,  /* OpenFlow 1.1 and later, as the next 3. */
    OFP_PF_100GB_FD   = 1 << 8,
    OFP_PF_1TB_FD     = 1 << 9,
    OFP_PF_OTHER      = 1 << 10,
    OFP_PF_COPPER     = 1 << 11,
    OFP_PF_FIBER      = 1 << 12,
    OFP_PF_AUTONEG    = 1 << 13,
    OFP_PF_PAUSE      = 1 << 14,
    OFP_PF_PAUSE_ASYM = 1 << 15,
};

/* The longest port name, not counting its null terminator. */
#define OFP_PORT_NAME_MAX 15

/* A port's description, as in a features reply, a port-desc reply or a
 * port-status message. */
struct ofp_port_desc {
    uint32_t port_no;
    struct eth_addr hw_addr;
    char name[OFP_PORT_NAME_MAX + 1];   /* Null-terminated. */
    uint32_t config;            /* OFP_PC_*. */
    uint32_t state;             /* OFP_PS_*. */
    uint32_t curr;              /* OFP_PF_*: current features. */
    uint32_t advertised;        /* OFP_PF_*: advertised to the peer. */
    uint32_t supported;         /* OFP_PF_*: supported by the port. */
    uint32_t peer;              /* OFP_PF_*: advertised by the peer. */
    uint32_t curr_speed;        /* Current bit rate in kbps. */
    uint32_t max_speed;         /* Maximum bit rate in kbps. */
};

/* Port numbers and durations as text. */

/* Appends PORT to S as ovs-ofctl prints it: a reserved port's name
 * ("LOCAL", "CONTROLLER", "ANY", ...) or the number in decimal. */
void ofp_port_format(uint32_t port, struct ds *s);

/* Parses S as a port number (decimal) or a reserved port's name (in any
 * case; "NONE" is "ANY") into *PORT.  Returns false if S is neither. */
bool ofp_port_from_string(const char *s, uint32_t *port);

/* Appends the duration SEC seconds plus NSEC nanoseconds to S as ovs-ofctl
 * prints it: "5s", "5.500s" (whole milliseconds), "5.0000001s". */
void ofp_format_duration(struct ds *s, uint32_t sec, uint32_t nsec);

/* Appends the names of the bits set in BITS to S, separated by spaces, as
 * NAMES (indexed by bit number, NULL for an unnamed bit; N_NAMES entries)
 * gives them; an unnamed bit as its value in hex ("0x80"); "0" if no bit
 * is set.  This is how ovs-ofctl prints flag words. */
void ofp_format_bit_names(struct ds *s, uint32_t bits,
                          const char *const names[], size_t n_names);

/* OpenFlow 1.4 properties: be16 type, be16 length (of the type, length
 * and body, without padding), the body, and zeros up to a multiple of 8
 * bytes. */

/* Pulls one property off the front of B: stores its type in *TYPE and
 * makes PROPERTY (uninitialized before) a read-only view of its body,
 * without the 4-byte type and length and without padding.  Returns 0, or
 * OFPERR_OFPBPC_BAD_LEN (leaving B unchanged) if the property is shorter
 * than its header or longer, padded, than B's data. */
enum ofperr ofp_prop_pull(struct buffer *b, struct buffer *property,
                          uint16_t *type);

/* Starts a property of type TYPE at the end of B and returns its offset in
 * B's data, for ofp_prop_end(). */
size_t ofp_prop_start(struct buffer *b, uint16_t type);

/* Ends the property that starts at offset START_OFS in B's data: sets its
 * length and pads it with zeros to a multiple of 8 bytes. */
void ofp_prop_end(struct buffer *b, size_t start_ofs);

/* Port descriptions. */

/* Returns the bytes that one port takes in VERSION: 48 in OpenFlow 1.0, 64
 * in 1.1 to 1.3, 72 in 1.4 and 1.5 (with the Ethernet property). */
size_t ofp_port_desc_size(enum ofp_version version);

/* Appends PORT to B in VERSION's form.  PORT's number must be
 * representable in VERSION (an OpenFlow 1.0 port is at most OFPP10_MAX or
 * a reserved port). */
void ofp_port_desc_encode(const struct ofp_port_desc *port,
                          enum ofp_version version, struct buffer *b);

/* Pulls one port in VERSION's form off the front of B into *PORT.  Returns
 * 0, EOF if B is empty, or OFPERR_OFPBRC_BAD_LEN (or a property error for
 * OpenFlow 1.4+) if B holds a truncated or malformed port.  Bits a version
 * does not define are dropped; in OpenFlow 1.0 the speeds come from the
 * highest speed among the current and supported features, and 1.4
 * properties other than Ethernet are ignored. */
int ofp_port_desc_pull(struct buffer *b, enum ofp_version version,
                       struct ofp_port_desc *port);

/* Appends N ports to B in VERSION's form: the body of a port-desc reply,
 * or the port list of an OpenFlow 1.0 to 1.2 features reply. */
void ofp_port_descs_encode(const struct ofp_port_desc *ports, size_t n,
                           enum ofp_version version, struct buffer *b);

/* Decodes the whole of B as a list of ports in VERSION's form into a
 * malloc'ed array in *PORTSP (the caller frees it) with *N_PORTSP
 * elements.  Returns 0 or an error as ofp_port_desc_pull() does (then
 * *PORTSP is NULL and *N_PORTSP 0). */
enum ofperr ofp_port_descs_decode(struct buffer *b, enum ofp_version version,
                                  struct ofp_port_desc **portsp,
                                  size_t *n_portsp);

/* Appends PORT to S as ovs-ofctl prints it in "show" and
 * "dump-ports-desc": " 1(eth0): addr:...\n" and the indented config,
 * state, features and speed lines, each ending in a newline. */
void ofp_port_desc_format(struct ds *s, const struct ofp_port_desc *port);

/* Appends the N ports at PORTS to S as ofp_port_desc_format() does, in
 * order of port number (as ovs-ofctl sorts them); PORTS is not changed. */
void ofp_port_descs_format(struct ds *s, const struct ofp_port_desc *ports,
                           size_t n);

/* Port-desc request and reply. */

/* Appends the body of a port-desc request for PORT to B: empty before
 * OpenFlow 1.5 (which always asks for every port; PORT must then be
 * OFPP_ANY), the port number and padding in 1.5. */
void ofp_port_desc_request_encode(uint32_t port, enum ofp_version version,
                                  struct buffer *b);

/* Decodes the body B of a port-desc request in VERSION into *PORT
 * (OFPP_ANY before OpenFlow 1.5).  Returns 0 or OFPERR_OFPBRC_BAD_LEN. */
enum ofperr ofp_port_desc_request_decode(struct buffer *b,
                                         enum ofp_version version,
                                         uint32_t *port);

/* Appends the text of a port-desc request for PORT to S (" port=ANY"). */
void ofp_port_desc_request_format(struct ds *s, uint32_t port);

/* Decodes the port-desc reply body B in VERSION and appends its text to S
 * ("\n" and the ports, sorted).  Returns 0 or the decoding error (then S
 * is unchanged). */
enum ofperr ofp_port_desc_reply_format(struct ds *s, struct buffer *b,
                                       enum ofp_version version);

/* Port-status. */

enum ofp_port_reason {
    OFP_PR_ADD = 0,
    OFP_PR_DELETE = 1,
    OFP_PR_MODIFY = 2,
};

struct ofp_port_status {
    enum ofp_port_reason reason;
    struct ofp_port_desc desc;
};

/* Appends the body of a port-status message for PS in VERSION to B. */
void ofp_port_status_encode(const struct ofp_port_status *ps,
                            enum ofp_version version, struct buffer *b);

/* Decodes the port-status body B in VERSION into *PS.  Returns 0,
 * OFPERR_OFPBRC_BAD_LEN if B is not exactly one port's status, or
 * OFPERR_NXBRC_BAD_REASON for a reason other than add, delete or
 * modify. */
enum ofperr ofp_port_status_decode(struct buffer *b,
                                   enum ofp_version version,
                                   struct ofp_port_status *ps);

/* Appends the text of PS to S (" ADD: 1(eth0): addr:...\n..."). */
void ofp_port_status_format(struct ds *s, const struct ofp_port_status *ps);

/* Port-mod. */

struct ofp_port_mod {
    uint32_t port_no;
    struct eth_addr hw_addr;    /* Must match the port's. */
    uint32_t config;            /* OFP_PC_*: new values of bits in 'mask'. */
    uint32_t mask;              /* OFP_PC_*: bits to change. */
    uint32_t advertise;         /* OFP_PF_*, or 0 to leave unchanged. */
};

/* Appends the body of PM in VERSION to B.  PM's port number must be
 * representable in VERSION.  In OpenFlow 1.4+ 'advertise' goes in an
 * Ethernet property, left out when it is 0. */
void ofp_port_mod_encode(const struct ofp_port_mod *pm,
                         enum ofp_version version, struct buffer *b);

/* Decodes the port-mod body B in VERSION into *PM, dropping config bits
 * and features the version does not define.  Returns 0,
 * OFPERR_OFPBRC_BAD_LEN for a body of the wrong size, or for OpenFlow
 * 1.4+ OFPERR_OFPBPC_BAD_LEN for a malformed property.  Properties other
 * than Ethernet are ignored, as Open vSwitch ignores them. */
enum ofperr ofp_port_mod_decode(struct buffer *b, enum ofp_version version,
                                struct ofp_port_mod *pm);

/* Checks PM against the port it names, PORT (NULL if the switch has no
 * such port), as a switch must before applying it.  CHANGEABLE is the
 * OFP_PC_* bits the switch can change.  Returns 0 or, in this order of
 * checks: OFPERR_OFPPMFC_BAD_PORT if there is no such port (or it is a
 * reserved port other than OFPP_LOCAL), OFPERR_OFPPMFC_BAD_HW_ADDR if the
 * MACs differ, OFPERR_OFPPMFC_BAD_CONFIG if the mask has a bit outside
 * CHANGEABLE, OFPERR_OFPPMFC_BAD_ADVERTISE if 'advertise' has a feature
 * that PORT does not support. */
enum ofperr ofp_port_mod_check(const struct ofp_port_mod *pm,
                               const struct ofp_port_desc *port,
                               uint32_t changeable);

/* Appends the text of PM to S (" port: 1: addr:...\n     config: ..."). */
void ofp_port_mod_format(struct ds *s, const struct ofp_port_mod *pm);

/* Port statistics. */

/* One port's counters.  A counter the switch does not keep is UINT64_MAX
 * (printed "?"); durations are UINT32_MAX when unknown (always before
 * OpenFlow 1.3). */
struct ofp_port_stats {
    uint32_t port_no;
    uint64_t rx_packets, tx_packets;
    uint64_t rx_bytes, tx_bytes;
    uint64_t rx_dropped, tx_dropped;
    uint64_t rx_errors, tx_errors;
    uint64_t rx_frame_errors, rx_over_errors, rx_crc_errors;
    uint64_t collisions;
    uint32_t duration_sec, duration_nsec;
};

/* Appends the body of a port stats request for PORT (OFPP_ANY for every
 * port) in VERSION to B. */
void ofp_port_stats_request_encode(uint32_t port, enum ofp_version version,
                                   struct buffer *b);

/* Decodes the port stats request body B in VERSION into *PORT.  Returns 0
 * or OFPERR_OFPBRC_BAD_LEN. */
enum ofperr ofp_port_stats_request_decode(struct buffer *b,
                                          enum ofp_version version,
                                          uint32_t *port);

/* Appends the text of a port stats request for PORT (" port_no=ANY"). */
void ofp_port_stats_request_format(struct ds *s, uint32_t port);

/* Appends PS, one element of a port stats reply, to B in VERSION's form
 * (104 bytes before OpenFlow 1.3, 112 in 1.3, 120 with the Ethernet
 * property from 1.4). */
void ofp_port_stats_encode(const struct ofp_port_stats *ps,
                           enum ofp_version version, struct buffer *b);

/* Pulls one element of a port stats reply in VERSION off the front of B
 * into *PS.  Returns 0, EOF if B is empty, OFPERR_OFPBRC_BAD_LEN if it is
 * truncated, or a property error (unknown properties are ignored). */
int ofp_port_stats_pull(struct buffer *b, enum ofp_version version,
                        struct ofp_port_stats *ps);

/* Appends the text of PS (the "  port  1: rx pkts=..." lines) to S. */
void ofp_port_stats_format(struct ds *s, const struct ofp_port_stats *ps);

/* Decodes the port stats reply body B in VERSION and appends its text to
 * S (" 2 ports\n" and each port's lines).  Returns 0 or the decoding
 * error (then S is unchanged). */
enum ofperr ofp_port_stats_reply_format(struct ds *s, struct buffer *b,
                                        enum ofp_version version);

#endif /* ofp-port.h */
