/*
 * ofp-bundle: OpenFlow bundles, the messages that group changes so that a
 * switch applies them together: bundle control (open, close, commit,
 * discard, and their replies) and bundle add-message, which wraps another
 * message.  OpenFlow 1.4 and later have them as OFPT_BUNDLE_CONTROL and
 * OFPT_BUNDLE_ADD_MESSAGE; OpenFlow 1.3 has them as the ONF extension
 * messages ONFT_BUNDLE_CONTROL (2300) and ONFT_BUNDLE_ADD_MESSAGE (2301)
 * with the same bodies.  Earlier versions have no bundles.
 *
 * Both bodies start with a be32 bundle id, a be16 (the control type;
 * padding in an add-message) and be16 flags.  A control message then has
 * properties; an add-message has the whole inner message, zeros up to a
 * multiple of 8 bytes if properties follow, and properties.  The only
 * property type the specification defines is the experimenter property
 * (0xffff); Sluice knows no experimenter's bundle property and ignores
 * them.
 *
 * Encoders return a whole new message that the caller frees with
 * buffer_delete(); encoding for a version without bundles aborts.
 * Decoders take a whole message OH whose ntohs(OH->length) bytes the
 * caller holds, check its framing with ofp-msgs (returning the
 * OFPERR_OFPBRC_* error ofpraw_decode() gives, or OFPERR_OFPBRC_BAD_TYPE
 * if OH is not the message the decoder is for) and then its body.  The
 * *_format() functions append the text "ovs-ofctl ofp-print" prints after
 * the message's label, as in ofp-switch.h.
 *
 * Thread safety: every function here may be called from any thread.
 */
#ifndef SLUICE_OFP_BUNDLE_H
#define SLUICE_OFP_BUNDLE_H 1

#include <stdbool.h>
#include <stdint.h>
#include "ofp-errors.h"
#include "ofp-msgs.h"
#include "openflow.h"

struct buffer;
struct ds;

/* Bundle control types. */
enum ofp_bundle_ctrl_type {
    OFPBCT_OPEN_REQUEST = 0,
    OFPBCT_OPEN_REPLY = 1,
    OFPBCT_CLOSE_REQUEST = 2,
    OFPBCT_CLOSE_REPLY = 3,
    OFPBCT_COMMIT_REQUEST = 4,
    OFPBCT_COMMIT_REPLY = 5,
    OFPBCT_DISCARD_REQUEST = 6,
    OFPBCT_DISCARD_REPLY = 7,
};

/* Bundle flags. */
#define OFPBF_ATOMIC  (1 << 0)  /* All or nothing. */
#define OFPBF_ORDERED (1 << 1)  /* Apply in the order added. */
#define OFPBF_ALL (OFPBF_ATOMIC | OFPBF_ORDERED)

/* A bundle control message. */
struct ofp_bundle_ctrl {
    uint32_t bundle_id;
    enum ofp_bundle_ctrl_type type;
    uint16_t flags;             /* OFPBF_*. */
};

/* Returns true if VERSION has bundles (OpenFlow 1.3 with the ONF
 * extension, and 1.4 on). */
bool ofp_bundle_version_ok(enum ofp_version version);

/* Returns a new bundle control message in VERSION (see
 * ofp_bundle_version_ok()) with XID carrying BC: OFPT_BUNDLE_CONTROL, or
 * ONFT_BUNDLE_CONTROL in OpenFlow 1.3.  For a reply, use the request's
 * version and xid. */
struct buffer *ofp_encode_bundle_ctrl(const struct ofp_bundle_ctrl *bc,
                                      enum ofp_version version, be32 xid);

/* Decodes bundle control message OH into *BC.  Returns
 * OFPERR_OFPBFC_BAD_TYPE for an unknown control type,
 * OFPERR_OFPBFC_BAD_FLAGS for unknown flags, OFPERR_OFPBPC_BAD_LEN for a
 * malformed property and OFPERR_OFPBPC_BAD_TYPE for a property that is
 * not an experimenter property. */
enum ofperr ofp_decode_bundle_ctrl(const struct ofp_header *oh,
                                   struct ofp_bundle_ctrl *bc);

/* Returns the name of control type TYPE ("OPEN_REQUEST"), or "" if there
 * is none. */
const char *ofp_bundle_ctrl_type_to_string(enum ofp_bundle_ctrl_type type);

/* Appends the text of a bundle control message with BC to S: a newline
 * and " bundle_id=0x2a type=OPEN_REQUEST flags=atomic ordered". */
void ofp_bundle_ctrl_format(struct ds *s, const struct ofp_bundle_ctrl *bc);

/* A bundle add-message.  'msg' is the inner message: the caller's when
 * encoding, a pointer into the decoded message when decoding. */
struct ofp_bundle_add {
    uint32_t bundle_id;
    uint16_t flags;             /* OFPBF_*. */
    const struct ofp_header *msg;
};

/* Returns true if a message of TYPE may be added to a bundle: the flow,
 * group and port modifications and packet-outs, as Open vSwitch allows. */
bool ofp_bundle_is_bundlable(enum ofptype type);

/* Returns a new bundle add-message in VERSION (see ofp_bundle_version_ok())
 * carrying BA.  The message's xid is the inner message's, as the
 * specification requires; the inner message must be of VERSION. */
struct buffer *ofp_encode_bundle_add(const struct ofp_bundle_add *ba,
                                     enum ofp_version version);

/* Decodes bundle add-message OH into *BA, with BA->msg pointing into OH,
 * and stores the inner message's type in *INNER_TYPE if nonnull.  Checks,
 * in order: the flags (OFPERR_OFPBFC_BAD_FLAGS), that an inner header is
 * present (OFPERR_OFPBFC_MSG_BAD_LEN), its version is OH's
 * (OFPERR_OFPBFC_BAD_VERSION), its length fits OH
 * (OFPERR_OFPBFC_MSG_BAD_LEN), its xid is OH's (OFPERR_OFPBFC_MSG_BAD_XID),
 * that it decodes and may be bundled (OFPERR_OFPBFC_MSG_UNSUP), and the
 * properties after it as ofp_decode_bundle_ctrl() does. */
enum ofperr ofp_decode_bundle_add(const struct ofp_header *oh,
                                  struct ofp_bundle_add *ba,
                                  enum ofptype *inner_type);

/* Appends the text of a bundle add-message with BA to S: a newline,
 * " bundle_id=0x2a flags=atomic", a newline, and then, if FORMAT_MSG is
 * nonnull, what FORMAT_MSG(S, BA->msg, AUX) appends for the inner message
 * (ovs-ofctl prints the inner message whole, label and all). */
void ofp_bundle_add_format(struct ds *s, const struct ofp_bundle_add *ba,
                           void (*format_msg)(struct ds *,
                                              const struct ofp_header *,
                                              void *aux),
                           void *aux);

#endif /* ofp-bundle.h */
