/*
 * ofp-errors: OpenFlow error codes, in one version-independent enum, and
 * the OFPT_ERROR message that carries them.
 *
 * An 'enum ofperr' names one error as the specifications (and the Nicira
 * and ONF extensions that Open vSwitch uses) define it, independent of the
 * OpenFlow version: OFPERR_ followed by the specification's code constant
 * (OFPERR_OFPBRC_BAD_LEN).  Each version gives an error its own wire form:
 *
 *   - a standard (type, code) pair, which may differ between versions
 *     (OFPFMFC_OVERLAP is (3,1) in OpenFlow 1.0 and (5,3) from 1.1 on);
 *   - in OpenFlow 1.0 and 1.1, for errors that these versions lack, a
 *     vendor error: type NXET_VENDOR (0xb0c2), code NXVC_VENDOR_ERROR (0),
 *     followed by a Nicira vendor id, type and code;
 *   - from OpenFlow 1.2 on, an experimenter error: type
 *     OFPET_EXPERIMENTER (0xffff), the code field holding the
 *     experimenter's exp_type, followed by the experimenter id (Nicira
 *     0x00002320 or ONF 0x4f4e4600);
 *   - or nothing: then an encoder substitutes
 *     OFPERR_NXBRC_UNENCODABLE_ERROR.
 * These mappings are the ones Open vSwitch 3.1 uses, so that "ovs-ofctl
 * ofp-print" names every error Sluice sends as Sluice meant it.
 *
 * Values: an enum ofperr is at least OFPERR_OFS (0x10000), above every
 * errno value, so that one 'int' may hold 0 (success), a positive errno
 * or an ofperr, and ofperr_is_valid() tells which.
 *
 * Names: ofperr_get_name() returns the name that ovs-ofctl prints, which
 * for three errors is the OpenFlow 1.0 spelling (OFPBRC_BAD_VENDOR,
 * OFPBAC_BAD_VENDOR, OFPBAC_BAD_VENDOR_TYPE) of what the later
 * specifications call ..._BAD_EXPERIMENTER and ..._BAD_EXP_TYPE, and for
 * OFPBRC_IS_SLAVE is Open vSwitch's OFPBRC_IS_SECONDARY; the enum has both
 * spellings.  OpenFlow 1.3's OFPTFFC_BAD_TYPE, OFPTFFC_BAD_LEN
 * and OFPTFFC_BAD_ARGUMENT are OpenFlow 1.4's OFPBPC_BAD_TYPE, _BAD_LEN and
 * _BAD_VALUE (same wire codes in 1.3), and are aliases of them here.
 *
 * Ownership: functions returning a struct buffer * give it to the caller,
 * who frees it with buffer_delete().  Strings returned are static.
 *
 * Thread safety: every function here may be called from any thread.
 */
#ifndef SLUICE_OFP_ERRORS_H
#define SLUICE_OFP_ERRORS_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "openflow.h"

struct buffer;
struct ds;

/* The first enum ofperr value; every errno value is below it. */
#define OFPERR_OFS 0x10000

enum ofperr {
    /* OFPET_HELLO_FAILED. */
    OFPERR_OFPHFC_INCOMPATIBLE = OFPERR_OFS,
    OFPERR_OFPHFC_EPERM,

    /* OFPET_BAD_REQUEST. */
    OFPERR_OFPBRC_BAD_VERSION,
    OFPERR_OFPBRC_BAD_TYPE,
    OFPERR_OFPBRC_BAD_STAT,
    OFPERR_OFPBRC_BAD_EXPERIMENTER,
    OFPERR_OFPBRC_BAD_SUBTYPE,
    OFPERR_OFPBRC_EPERM,
    OFPERR_OFPBRC_BAD_LEN,
    OFPERR_OFPBRC_BUFFER_EMPTY,
    OFPERR_OFPBRC_BUFFER_UNKNOWN,
    OFPERR_OFPBRC_BAD_TABLE_ID,
    OFPERR_OFPBRC_IS_SLAVE,
    OFPERR_OFPBRC_BAD_PORT,
    OFPERR_OFPBRC_BAD_PACKET,
    OFPERR_OFPBRC_MULTIPART_BUFFER_OVERFLOW,
    OFPERR_OFPBRC_PIPELINE_FIELDS_ONLY,
    OFPERR_NXBRC_NXM_INVALID,
    OFPERR_NXBRC_NXM_BAD_TYPE,
    OFPERR_NXBRC_MUST_BE_ZERO,
    OFPERR_NXBRC_BAD_REASON,
    OFPERR_NXBRC_FM_BAD_EVENT,
    OFPERR_NXBRC_UNENCODABLE_ERROR,

    /* OFPET_BAD_ACTION. */
    OFPERR_OFPBAC_BAD_TYPE,
    OFPERR_OFPBAC_BAD_LEN,
    OFPERR_OFPBAC_BAD_EXPERIMENTER,
    OFPERR_OFPBAC_BAD_EXP_TYPE,
    OFPERR_OFPBAC_BAD_OUT_PORT,
    OFPERR_OFPBAC_BAD_ARGUMENT,
    OFPERR_OFPBAC_EPERM,
    OFPERR_OFPBAC_TOO_MANY,
    OFPERR_OFPBAC_BAD_QUEUE,
    OFPERR_OFPBAC_BAD_OUT_GROUP,
    OFPERR_OFPBAC_MATCH_INCONSISTENT,
    OFPERR_OFPBAC_UNSUPPORTED_ORDER,
    OFPERR_OFPBAC_BAD_TAG,
    OFPERR_OFPBAC_BAD_SET_TYPE,
    OFPERR_OFPBAC_BAD_SET_LEN,
    OFPERR_OFPBAC_BAD_SET_ARGUMENT,
    OFPERR_OFPBAC_BAD_SET_MASK,
    OFPERR_NXBAC_MUST_BE_ZERO,
    OFPERR_NXBAC_BAD_CONJUNCTION,

    /* OFPET_BAD_INSTRUCTION. */
    OFPERR_OFPBIC_UNKNOWN_INST,
    OFPERR_OFPBIC_UNSUP_INST,
    OFPERR_OFPBIC_BAD_TABLE_ID,
    OFPERR_OFPBIC_UNSUP_METADATA,
    OFPERR_OFPBIC_UNSUP_METADATA_MASK,
    OFPERR_OFPBIC_BAD_EXPERIMENTER,
    OFPERR_OFPBIC_BAD_EXP_TYPE,
    OFPERR_OFPBIC_BAD_LEN,
    OFPERR_OFPBIC_EPERM,
    OFPERR_OFPBIC_DUP_INST,

    /* OFPET_BAD_MATCH. */
    OFPERR_OFPBMC_BAD_TYPE,
    OFPERR_OFPBMC_BAD_LEN,
    OFPERR_OFPBMC_BAD_TAG,
    OFPERR_OFPBMC_BAD_DL_ADDR_MASK,
    OFPERR_OFPBMC_BAD_NW_ADDR_MASK,
    OFPERR_OFPBMC_BAD_WILDCARDS,
    OFPERR_OFPBMC_BAD_FIELD,
    OFPERR_OFPBMC_BAD_VALUE,
    OFPERR_OFPBMC_BAD_MASK,
    OFPERR_OFPBMC_BAD_PREREQ,
    OFPERR_OFPBMC_DUP_FIELD,
    OFPERR_OFPBMC_EPERM,

    /* OFPET_FLOW_MOD_FAILED. */
    OFPERR_OFPFMFC_UNKNOWN,
    OFPERR_OFPFMFC_TABLE_FULL,
    OFPERR_OFPFMFC_BAD_TABLE_ID,
    OFPERR_OFPFMFC_OVERLAP,
    OFPERR_OFPFMFC_EPERM,
    OFPERR_OFPFMFC_BAD_TIMEOUT,
    OFPERR_OFPFMFC_BAD_EMERG_TIMEOUT,
    OFPERR_OFPFMFC_BAD_COMMAND,
    OFPERR_OFPFMFC_BAD_FLAGS,
    OFPERR_OFPFMFC_UNSUPPORTED,
    OFPERR_NXFMFC_HARDWARE,
    OFPERR_NXFMFC_BAD_TABLE_ID,

    /* OFPET_GROUP_MOD_FAILED. */
    OFPERR_OFPGMFC_GROUP_EXISTS,
    OFPERR_OFPGMFC_INVALID_GROUP,
    OFPERR_OFPGMFC_WEIGHT_UNSUPPORTED,
    OFPERR_OFPGMFC_OUT_OF_GROUPS,
    OFPERR_OFPGMFC_OUT_OF_BUCKETS,
    OFPERR_OFPGMFC_CHAINING_UNSUPPORTED,
    OFPERR_OFPGMFC_WATCH_UNSUPPORTED,
    OFPERR_OFPGMFC_LOOP,
    OFPERR_OFPGMFC_UNKNOWN_GROUP,
    OFPERR_OFPGMFC_CHAINED_GROUP,
    OFPERR_OFPGMFC_BAD_TYPE,
    OFPERR_OFPGMFC_BAD_COMMAND,
    OFPERR_OFPGMFC_BAD_BUCKET,
    OFPERR_OFPGMFC_BAD_WATCH,
    OFPERR_OFPGMFC_EPERM,
    OFPERR_OFPGMFC_UNKNOWN_BUCKET,
    OFPERR_OFPGMFC_BUCKET_EXISTS,

    /* OFPET_PORT_MOD_FAILED. */
    OFPERR_OFPPMFC_BAD_PORT,
    OFPERR_OFPPMFC_BAD_HW_ADDR,
    OFPERR_OFPPMFC_BAD_CONFIG,
    OFPERR_OFPPMFC_BAD_ADVERTISE,
    OFPERR_OFPPMFC_EPERM,

    /* OFPET_TABLE_MOD_FAILED. */
    OFPERR_OFPTMFC_BAD_TABLE,
    OFPERR_OFPTMFC_BAD_CONFIG,
    OFPERR_OFPTMFC_EPERM,

    /* OFPET_QUEUE_OP_FAILED. */
    OFPERR_OFPQOFC_BAD_PORT,
    OFPERR_OFPQOFC_BAD_QUEUE,
    OFPERR_OFPQOFC_EPERM,
    OFPERR_NXQOFC_QUEUE_ERROR,

    /* OFPET_SWITCH_CONFIG_FAILED. */
    OFPERR_OFPSCFC_BAD_FLAGS,
    OFPERR_OFPSCFC_BAD_LEN,
    OFPERR_OFPSCFC_EPERM,

    /* OFPET_ROLE_REQUEST_FAILED. */
    OFPERR_OFPRRFC_STALE,
    OFPERR_OFPRRFC_UNSUP,
    OFPERR_OFPRRFC_BAD_ROLE,

    /* OFPET_METER_MOD_FAILED. */
    OFPERR_OFPMMFC_UNKNOWN,
    OFPERR_OFPMMFC_METER_EXISTS,
    OFPERR_OFPMMFC_INVALID_METER,
    OFPERR_OFPMMFC_UNKNOWN_METER,
    OFPERR_OFPMMFC_BAD_COMMAND,
    OFPERR_OFPMMFC_BAD_FLAGS,
    OFPERR_OFPMMFC_BAD_RATE,
    OFPERR_OFPMMFC_BAD_BURST,
    OFPERR_OFPMMFC_BAD_BAND,
    OFPERR_OFPMMFC_BAD_BAND_VALUE,
    OFPERR_OFPMMFC_OUT_OF_METERS,
    OFPERR_OFPMMFC_OUT_OF_BANDS,

    /* OFPET_TABLE_FEATURES_FAILED. */
    OFPERR_OFPTFFC_BAD_TABLE,
    OFPERR_OFPTFFC_BAD_METADATA,
    OFPERR_OFPTFFC_EPERM,

    /* OFPET_BAD_PROPERTY (the first three are OpenFlow 1.3's
     * OFPTFFC_BAD_TYPE, OFPTFFC_BAD_LEN and OFPTFFC_BAD_ARGUMENT). */
    OFPERR_OFPBPC_BAD_TYPE,
    OFPERR_OFPBPC_BAD_LEN,
    OFPERR_OFPBPC_BAD_VALUE,
    OFPERR_OFPBPC_TOO_MANY,
    OFPERR_OFPBPC_DUP_TYPE,
    OFPERR_OFPBPC_BAD_EXPERIMENTER,
    OFPERR_OFPBPC_BAD_EXP_TYPE,
    OFPERR_OFPBPC_BAD_EXP_VALUE,
    OFPERR_OFPBPC_EPERM,

    /* OFPET_ASYNC_CONFIG_FAILED. */
    OFPERR_OFPACFC_INVALID,
    OFPERR_OFPACFC_UNSUPPORTED,
    OFPERR_OFPACFC_EPERM,

    /* OFPET_BUNDLE_FAILED. */
    OFPERR_OFPBFC_UNKNOWN,
    OFPERR_OFPBFC_EPERM,
    OFPERR_OFPBFC_BAD_ID,
    OFPERR_OFPBFC_BUNDLE_EXIST,
    OFPERR_OFPBFC_BUNDLE_CLOSED,
    OFPERR_OFPBFC_OUT_OF_BUNDLES,
    OFPERR_OFPBFC_BAD_TYPE,
    OFPERR_OFPBFC_BAD_FLAGS,
    OFPERR_OFPBFC_MSG_BAD_LEN,
    OFPERR_OFPBFC_MSG_BAD_XID,
    OFPERR_OFPBFC_MSG_UNSUP,
    OFPERR_OFPBFC_MSG_CONFLICT,
    OFPERR_OFPBFC_MSG_TOO_MANY,
    OFPERR_OFPBFC_MSG_FAILED,
    OFPERR_OFPBFC_TIMEOUT,
    OFPERR_OFPBFC_BUNDLE_IN_PROGRESS,
    OFPERR_OFPBFC_BAD_VERSION,

    /* OFPET_FLOW_MONITOR_FAILED. */
    OFPERR_OFPMOFC_UNKNOWN,
    OFPERR_OFPMOFC_MONITOR_EXISTS,
    OFPERR_OFPMOFC_INVALID_MONITOR,
    OFPERR_OFPMOFC_UNKNOWN_MONITOR,
    OFPERR_OFPMOFC_BAD_COMMAND,
    OFPERR_OFPMOFC_BAD_FLAGS,
    OFPERR_OFPMOFC_BAD_TABLE_ID,
    OFPERR_OFPMOFC_BAD_OUT,

    /* Nicira: TLV table mods, NXT_RESUME, statistics protocols. */
    OFPERR_NXTTMFC_BAD_COMMAND,
    OFPERR_NXTTMFC_BAD_OPT_LEN,
    OFPERR_NXTTMFC_BAD_FIELD_IDX,
    OFPERR_NXTTMFC_TABLE_FULL,
    OFPERR_NXTTMFC_ALREADY_MAPPED,
    OFPERR_NXTTMFC_DUP_ENTRY,
    OFPERR_NXR_NOT_SUPPORTED,
    OFPERR_NXR_STALE,
    OFPERR_NXST_NOT_CONFIGURED,
};

/* The number of enum ofperr values. */
#define OFPERR_N_ERRORS (OFPERR_NXST_NOT_CONFIGURED + 1 - OFPERR_OFS)

/* Other spellings of the same errors (see the comment at the top). */
#define OFPERR_OFPBRC_BAD_VENDOR OFPERR_OFPBRC_BAD_EXPERIMENTER
#define OFPERR_OFPBAC_BAD_VENDOR OFPERR_OFPBAC_BAD_EXPERIMENTER
#define OFPERR_OFPBAC_BAD_VENDOR_TYPE OFPERR_OFPBAC_BAD_EXP_TYPE
#define OFPERR_OFPBRC_IS_SECONDARY OFPERR_OFPBRC_IS_SLAVE
#define OFPERR_OFPTFFC_BAD_TYPE OFPERR_OFPBPC_BAD_TYPE
#define OFPERR_OFPTFFC_BAD_LEN OFPERR_OFPBPC_BAD_LEN
#define OFPERR_OFPTFFC_BAD_ARGUMENT OFPERR_OFPBPC_BAD_VALUE

/* Returns true if ERROR is an enum ofperr value (not 0, not an errno). */
bool ofperr_is_valid(enum ofperr error);

/* Returns ERROR's name as ovs-ofctl prints it, without the "OFPERR_"
 * prefix ("OFPBRC_BAD_LEN"), or "<invalid>" if ERROR is not valid. */
const char *ofperr_get_name(enum ofperr error);

/* Returns a one-sentence description of ERROR, or "<invalid>". */
const char *ofperr_get_description(enum ofperr error);

/* Returns the error named NAME (with or without the "OFPERR_" prefix,
 * any of the spellings above), or 0 if there is none. */
enum ofperr ofperr_from_name(const char *name);

/* Returns the wire form of ERROR in VERSION: the vendor or experimenter id
 * (0 for a standard error), type and code (for experimenter errors of
 * OpenFlow 1.2 and later, *TYPE is the exp_type and *CODE is 0).  Returns
 * false, leaving the outputs unchanged, if ERROR has no form in VERSION
 * or VERSION is not an OpenFlow version. */
bool ofperr_get_wire(enum ofperr error, enum ofp_version version,
                     uint32_t *vendor, uint16_t *type, uint16_t *code);

/* Returns the error that VERSION's wire form (VENDOR, TYPE, CODE) means, as
 * ofperr_get_wire() describes it, or 0 if none does. */
enum ofperr ofperr_from_wire(enum ofp_version version, uint32_t vendor,
                             uint16_t type, uint16_t code);

/* Returns a new OFPT_ERROR message that reports ERROR in reply to the
 * message REQUEST (which starts with a struct ofp_header and is
 * ntohs(request->length) bytes long, at least the header): in REQUEST's
 * version (OpenFlow 1.0 if that is not a version Sluice knows), with its
 * xid, and carrying all of REQUEST (as far as it fits in one message), as
 * Open vSwitch 3.1 does: the specification asks for at least 64 bytes, and
 * a controller that gets the whole request can print it whole.
 * An ERROR that the version cannot express, or an ERROR that is not a
 * valid enum ofperr, is sent as OFPERR_NXBRC_UNENCODABLE_ERROR. */
struct buffer *ofperr_encode_reply(enum ofperr error,
                                   const struct ofp_header *request);

/* Returns a new OFPT_ERROR message that reports ERROR in VERSION with XID,
 * carrying the DATA_SIZE bytes at DATA: for OFPET_HELLO_FAILED, an ASCII
 * explanation; otherwise (part of) the offending request.  Encodes ERROR as
 * ofperr_encode_reply() does. */
struct buffer *ofperr_encode_msg(enum ofperr error, enum ofp_version version,
                                 be32 xid, const void *data,
                                 size_t data_size);

/* Decodes the OFPT_ERROR message MSG of SIZE bytes (SIZE at least
 * ntohs(msg->length), which it must equal).  Returns the error it reports,
 * or 0 if MSG is not an OFPT_ERROR, is malformed, or reports an error that
 * Sluice does not know.  If PAYLOAD is nonnull and the error is decoded,
 * sets *PAYLOAD and *PAYLOAD_SIZE to the data that follows the error's
 * type and code (and vendor or experimenter id): the offending request, or
 * a hello failure's text. */
enum ofperr ofperr_decode_msg(const struct ofp_header *msg, size_t size,
                              const void **payload, size_t *payload_size);

/* Appends ERROR's name to S if it is a valid enum ofperr, otherwise the
 * errno text of ERROR (for example "No such file or directory"). */
void ofperr_format(struct ds *s, int error);

/* Returns the name of ERROR if it is a valid enum ofperr, otherwise the
 * errno text; the string is static or thread-local. */
const char *ofperr_to_string(int error);

#endif /* ofp-errors.h */
