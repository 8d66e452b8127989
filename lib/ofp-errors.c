/* ofp-errors: OpenFlow error codes.  See ofp-errors.h. */
#include <config.h>
#include "ofp-errors.h"

#include <arpa/inet.h>
#include <string.h>
#include "buffer.h"
#include "dynamic-string.h"
#include "ofp-msgs.h"
#include "util.h"

/* Wire constants of OFPT_ERROR. */
#define NXET_VENDOR 0xb0c2              /* OpenFlow 1.0-1.1 vendor error. */
#define NXVC_VENDOR_ERROR 0             /* Its only code. */
#define OFPET12_EXPERIMENTER 0xffff     /* OpenFlow 1.2+ experimenter. */

/* Vendors of error forms. */
#define OF 0u
#define NX NX_VENDOR_ID
#define ONF ONF_VENDOR_ID

/* A name and a description per error. */
struct error_info {
    const char *name;
    const char *description;
};

#define N(ERROR, NAME, DESCRIPTION) \
    [OFPERR_##ERROR - OFPERR_OFS] = { NAME, DESCRIPTION }

static const struct error_info error_infos[OFPERR_N_ERRORS] = {
    N(OFPHFC_INCOMPATIBLE, "OFPHFC_INCOMPATIBLE",
      "No version of OpenFlow in common."),
    N(OFPHFC_EPERM, "OFPHFC_EPERM",
      "Permission denied."),
    N(OFPBRC_BAD_VERSION, "OFPBRC_BAD_VERSION",
      "The header's OpenFlow version is not supported."),
    N(OFPBRC_BAD_TYPE, "OFPBRC_BAD_TYPE",
      "The header's message type is not supported."),
    N(OFPBRC_BAD_STAT, "OFPBRC_BAD_STAT",
      "The statistics (multipart) type is not supported."),
    N(OFPBRC_BAD_EXPERIMENTER, "OFPBRC_BAD_VENDOR",
      "The vendor or experimenter id is not supported."),
    N(OFPBRC_BAD_SUBTYPE, "OFPBRC_BAD_SUBTYPE",
      "The vendor or experimenter subtype is not supported."),
    N(OFPBRC_EPERM, "OFPBRC_EPERM",
      "Permission denied."),
    N(OFPBRC_BAD_LEN, "OFPBRC_BAD_LEN",
      "The message's length is wrong for its type."),
    N(OFPBRC_BUFFER_EMPTY, "OFPBRC_BUFFER_EMPTY",
      "The buffer given has already been used."),
    N(OFPBRC_BUFFER_UNKNOWN, "OFPBRC_BUFFER_UNKNOWN",
      "The buffer given does not exist."),
    N(OFPBRC_BAD_TABLE_ID, "OFPBRC_BAD_TABLE_ID",
      "The table id is invalid or the table does not exist."),
    N(OFPBRC_IS_SLAVE, "OFPBRC_IS_SECONDARY",
      "Denied because the controller's role is secondary (slave)."),
    N(OFPBRC_BAD_PORT, "OFPBRC_BAD_PORT",
      "The port is invalid."),
    N(OFPBRC_BAD_PACKET, "OFPBRC_BAD_PACKET",
      "The packet in a packet-out is invalid."),
    N(OFPBRC_MULTIPART_BUFFER_OVERFLOW, "OFPBRC_MULTIPART_BUFFER_OVERFLOW",
      "A multipart request overflowed the space set aside for it."),
    N(OFPBRC_PIPELINE_FIELDS_ONLY, "OFPBRC_PIPELINE_FIELDS_ONLY",
      "A match holds fields other than pipeline fields where only they "
      "are allowed."),
    N(NXBRC_NXM_INVALID, "NXBRC_NXM_INVALID",
      "The NXM flow match is invalid."),
    N(NXBRC_NXM_BAD_TYPE, "NXBRC_NXM_BAD_TYPE",
      "The NXM field type, or its combination with the mask bit or length, "
      "is invalid or not implemented."),
    N(NXBRC_MUST_BE_ZERO, "NXBRC_MUST_BE_ZERO",
      "A field that must be zero is not."),
    N(NXBRC_BAD_REASON, "NXBRC_BAD_REASON",
      "The reason in a port status message is invalid."),
    N(NXBRC_FM_BAD_EVENT, "NXBRC_FM_BAD_EVENT",
      "The event in a flow monitor reply is not one of abbrev, add, delete "
      "or modify."),
    N(NXBRC_UNENCODABLE_ERROR, "NXBRC_UNENCODABLE_ERROR",
      "The error that occurred cannot be expressed in this OpenFlow "
      "version."),
    N(OFPBAC_BAD_TYPE, "OFPBAC_BAD_TYPE",
      "The action type is unknown."),
    N(OFPBAC_BAD_LEN, "OFPBAC_BAD_LEN",
      "An action's length is wrong."),
    N(OFPBAC_BAD_EXPERIMENTER, "OFPBAC_BAD_VENDOR",
      "The action's vendor or experimenter id is unknown."),
    N(OFPBAC_BAD_EXP_TYPE, "OFPBAC_BAD_VENDOR_TYPE",
      "The action type is unknown for its vendor or experimenter id."),
    N(OFPBAC_BAD_OUT_PORT, "OFPBAC_BAD_OUT_PORT",
      "The output port is invalid."),
    N(OFPBAC_BAD_ARGUMENT, "OFPBAC_BAD_ARGUMENT",
      "An action argument is invalid."),
    N(OFPBAC_EPERM, "OFPBAC_EPERM",
      "Permission denied."),
    N(OFPBAC_TOO_MANY, "OFPBAC_TOO_MANY",
      "There are too many actions."),
    N(OFPBAC_BAD_QUEUE, "OFPBAC_BAD_QUEUE",
      "The output queue is invalid."),
    N(OFPBAC_BAD_OUT_GROUP, "OFPBAC_BAD_OUT_GROUP",
      "The group id in a group action is invalid."),
    N(OFPBAC_MATCH_INCONSISTENT, "OFPBAC_MATCH_INCONSISTENT",
      "The action does not apply to this match, or a prerequisite of its "
      "field is not met."),
    N(OFPBAC_UNSUPPORTED_ORDER, "OFPBAC_UNSUPPORTED_ORDER",
      "The order of the actions in an apply-actions instruction is not "
      "supported."),
    N(OFPBAC_BAD_TAG, "OFPBAC_BAD_TAG",
      "The action uses an unsupported tag or encapsulation."),
    N(OFPBAC_BAD_SET_TYPE, "OFPBAC_BAD_SET_TYPE",
      "The action uses an unknown or unsupported OXM or NXM field."),
    N(OFPBAC_BAD_SET_LEN, "OFPBAC_BAD_SET_LEN",
      "The action reaches past the end of an OXM or NXM field, or has a "
      "length of zero."),
    N(OFPBAC_BAD_SET_ARGUMENT, "OFPBAC_BAD_SET_ARGUMENT",
      "The action sets a field to an invalid or unsupported value, or "
      "changes a read-only field."),
    N(OFPBAC_BAD_SET_MASK, "OFPBAC_BAD_SET_MASK",
      "The field in a set-field action has its mask bit set."),
    N(NXBAC_MUST_BE_ZERO, "NXBAC_MUST_BE_ZERO",
      "An action argument that must be zero is not."),
    N(NXBAC_BAD_CONJUNCTION, "NXBAC_BAD_CONJUNCTION",
      "A conjunction action must be the only action, with 1 <= k <= n and 2"
      " <= n <= 64."),
    N(OFPBIC_UNKNOWN_INST, "OFPBIC_UNKNOWN_INST",
      "The instruction is unknown."),
    N(OFPBIC_UNSUP_INST, "OFPBIC_UNSUP_INST",
      "The switch or table does not support the instruction."),
    N(OFPBIC_BAD_TABLE_ID, "OFPBIC_BAD_TABLE_ID",
      "The table id is invalid."),
    N(OFPBIC_UNSUP_METADATA, "OFPBIC_UNSUP_METADATA",
      "The metadata value is not supported."),
    N(OFPBIC_UNSUP_METADATA_MASK, "OFPBIC_UNSUP_METADATA_MASK",
      "The metadata mask is not supported."),
    N(OFPBIC_BAD_EXPERIMENTER, "OFPBIC_BAD_EXPERIMENTER",
      "The instruction's experimenter id is unknown."),
    N(OFPBIC_BAD_EXP_TYPE, "OFPBIC_BAD_EXP_TYPE",
      "The instruction is unknown for its experimenter id."),
    N(OFPBIC_BAD_LEN, "OFPBIC_BAD_LEN",
      "An instruction's length is wrong."),
    N(OFPBIC_EPERM, "OFPBIC_EPERM",
      "Permission denied."),
    N(OFPBIC_DUP_INST, "OFPBIC_DUP_INST",
      "An instruction appears more than once."),
    N(OFPBMC_BAD_TYPE, "OFPBMC_BAD_TYPE",
      "The match type is not supported."),
    N(OFPBMC_BAD_LEN, "OFPBMC_BAD_LEN",
      "The match's length is wrong."),
    N(OFPBMC_BAD_TAG, "OFPBMC_BAD_TAG",
      "The match uses an unsupported tag or encapsulation."),
    N(OFPBMC_BAD_DL_ADDR_MASK, "OFPBMC_BAD_DL_ADDR_MASK",
      "The Ethernet address mask is not supported."),
    N(OFPBMC_BAD_NW_ADDR_MASK, "OFPBMC_BAD_NW_ADDR_MASK",
      "The network address mask is not supported."),
    N(OFPBMC_BAD_WILDCARDS, "OFPBMC_BAD_WILDCARDS",
      "The wildcards are not supported."),
    N(OFPBMC_BAD_FIELD, "OFPBMC_BAD_FIELD",
      "A field in the match is not supported."),
    N(OFPBMC_BAD_VALUE, "OFPBMC_BAD_VALUE",
      "A value in the match is not supported."),
    N(OFPBMC_BAD_MASK, "OFPBMC_BAD_MASK",
      "A mask in the match is not supported."),
    N(OFPBMC_BAD_PREREQ, "OFPBMC_BAD_PREREQ",
      "A prerequisite of a field in the match is not met."),
    N(OFPBMC_DUP_FIELD, "OFPBMC_DUP_FIELD",
      "A field appears more than once in the match."),
    N(OFPBMC_EPERM, "OFPBMC_EPERM",
      "Permission denied."),
    N(OFPFMFC_UNKNOWN, "OFPFMFC_UNKNOWN",
      "Unspecified error."),
    N(OFPFMFC_TABLE_FULL, "OFPFMFC_TABLE_FULL",
      "The flow was not added because its table is full."),
    N(OFPFMFC_BAD_TABLE_ID, "OFPFMFC_BAD_TABLE_ID",
      "The table does not exist."),
    N(OFPFMFC_OVERLAP, "OFPFMFC_OVERLAP",
      "The flow overlaps an existing flow and the check-overlap flag is "
      "set."),
    N(OFPFMFC_EPERM, "OFPFMFC_EPERM",
      "Permission denied."),
    N(OFPFMFC_BAD_TIMEOUT, "OFPFMFC_BAD_TIMEOUT",
      "The flow was not added because its idle or hard timeout is not "
      "supported."),
    N(OFPFMFC_BAD_EMERG_TIMEOUT, "OFPFMFC_BAD_EMERG_TIMEOUT",
      "The emergency flow was not added because its timeout is not zero."),
    N(OFPFMFC_BAD_COMMAND, "OFPFMFC_BAD_COMMAND",
      "The command is unknown or not supported."),
    N(OFPFMFC_BAD_FLAGS, "OFPFMFC_BAD_FLAGS",
      "The flags are unknown or not supported."),
    N(OFPFMFC_UNSUPPORTED, "OFPFMFC_UNSUPPORTED",
      "The action list cannot be processed in the order given."),
    N(NXFMFC_HARDWARE, "NXFMFC_HARDWARE",
      "Generic hardware error."),
    N(NXFMFC_BAD_TABLE_ID, "NXFMFC_BAD_TABLE_ID",
      "The table id given in the command field (with the flow-mod table id "
      "extension) does not exist."),
    N(OFPGMFC_GROUP_EXISTS, "OFPGMFC_GROUP_EXISTS",
      "The group was not added because a group with its id exists."),
    N(OFPGMFC_INVALID_GROUP, "OFPGMFC_INVALID_GROUP",
      "The group was not added because its id is invalid."),
    N(OFPGMFC_WEIGHT_UNSUPPORTED, "OFPGMFC_WEIGHT_UNSUPPORTED",
      "Unequal load sharing in select groups is not supported."),
    N(OFPGMFC_OUT_OF_GROUPS, "OFPGMFC_OUT_OF_GROUPS",
      "The group table is full."),
    N(OFPGMFC_OUT_OF_BUCKETS, "OFPGMFC_OUT_OF_BUCKETS",
      "The group has more buckets than allowed."),
    N(OFPGMFC_CHAINING_UNSUPPORTED, "OFPGMFC_CHAINING_UNSUPPORTED",
      "Groups that forward to groups are not supported."),
    N(OFPGMFC_WATCH_UNSUPPORTED, "OFPGMFC_WATCH_UNSUPPORTED",
      "The group cannot watch the port or group given."),
    N(OFPGMFC_LOOP, "OFPGMFC_LOOP",
      "The group would cause a loop."),
    N(OFPGMFC_UNKNOWN_GROUP, "OFPGMFC_UNKNOWN_GROUP",
      "The group to modify does not exist."),
    N(OFPGMFC_CHAINED_GROUP, "OFPGMFC_CHAINED_GROUP",
      "The group was not deleted because another group forwards to it."),
    N(OFPGMFC_BAD_TYPE, "OFPGMFC_BAD_TYPE",
      "The group type is unknown or not supported."),
    N(OFPGMFC_BAD_COMMAND, "OFPGMFC_BAD_COMMAND",
      "The command is unknown or not supported."),
    N(OFPGMFC_BAD_BUCKET, "OFPGMFC_BAD_BUCKET",
      "A bucket is invalid."),
    N(OFPGMFC_BAD_WATCH, "OFPGMFC_BAD_WATCH",
      "The watch port or group is invalid."),
    N(OFPGMFC_EPERM, "OFPGMFC_EPERM",
      "Permission denied."),
    N(OFPGMFC_UNKNOWN_BUCKET, "OFPGMFC_UNKNOWN_BUCKET",
      "The bucket id in an insert or remove bucket command is invalid."),
    N(OFPGMFC_BUCKET_EXISTS, "OFPGMFC_BUCKET_EXISTS",
      "A bucket with that bucket id already exists."),
    N(OFPPMFC_BAD_PORT, "OFPPMFC_BAD_PORT",
      "The port does not exist."),
    N(OFPPMFC_BAD_HW_ADDR, "OFPPMFC_BAD_HW_ADDR",
      "The hardware address does not match the port."),
    N(OFPPMFC_BAD_CONFIG, "OFPPMFC_BAD_CONFIG",
      "The port configuration is invalid."),
    N(OFPPMFC_BAD_ADVERTISE, "OFPPMFC_BAD_ADVERTISE",
      "The advertised features are invalid."),
    N(OFPPMFC_EPERM, "OFPPMFC_EPERM",
      "Permission denied."),
    N(OFPTMFC_BAD_TABLE, "OFPTMFC_BAD_TABLE",
      "The table does not exist."),
    N(OFPTMFC_BAD_CONFIG, "OFPTMFC_BAD_CONFIG",
      "The table configuration is invalid."),
    N(OFPTMFC_EPERM, "OFPTMFC_EPERM",
      "Permission denied."),
    N(OFPQOFC_BAD_PORT, "OFPQOFC_BAD_PORT",
      "The port is invalid or does not exist."),
    N(OFPQOFC_BAD_QUEUE, "OFPQOFC_BAD_QUEUE",
      "The queue does not exist."),
    N(OFPQOFC_EPERM, "OFPQOFC_EPERM",
      "Permission denied."),
    N(NXQOFC_QUEUE_ERROR, "NXQOFC_QUEUE_ERROR",
      "A system error occurred while retrieving the queue's details."),
    N(OFPSCFC_BAD_FLAGS, "OFPSCFC_BAD_FLAGS",
      "The configuration flags are invalid."),
    N(OFPSCFC_BAD_LEN, "OFPSCFC_BAD_LEN",
      "The miss send length is invalid."),
    N(OFPSCFC_EPERM, "OFPSCFC_EPERM",
      "Permission denied."),
    N(OFPRRFC_STALE, "OFPRRFC_STALE",
      "The message is stale: its generation id is old."),
    N(OFPRRFC_UNSUP, "OFPRRFC_UNSUP",
      "Changing the controller role is not supported."),
    N(OFPRRFC_BAD_ROLE, "OFPRRFC_BAD_ROLE",
      "The role is invalid."),
    N(OFPMMFC_UNKNOWN, "OFPMMFC_UNKNOWN",
      "Unspecified error."),
    N(OFPMMFC_METER_EXISTS, "OFPMMFC_METER_EXISTS",
      "The meter was not added because a meter with its id exists."),
    N(OFPMMFC_INVALID_METER, "OFPMMFC_INVALID_METER",
      "The meter was not added because its id is invalid."),
    N(OFPMMFC_UNKNOWN_METER, "OFPMMFC_UNKNOWN_METER",
      "The meter to modify does not exist."),
    N(OFPMMFC_BAD_COMMAND, "OFPMMFC_BAD_COMMAND",
      "The command is unknown or not supported."),
    N(OFPMMFC_BAD_FLAGS, "OFPMMFC_BAD_FLAGS",
      "The flags are not supported."),
    N(OFPMMFC_BAD_RATE, "OFPMMFC_BAD_RATE",
      "The rate is not supported."),
    N(OFPMMFC_BAD_BURST, "OFPMMFC_BAD_BURST",
      "The burst size is not supported."),
    N(OFPMMFC_BAD_BAND, "OFPMMFC_BAD_BAND",
      "The band is not supported."),
    N(OFPMMFC_BAD_BAND_VALUE, "OFPMMFC_BAD_BAND_VALUE",
      "The band value is not supported."),
    N(OFPMMFC_OUT_OF_METERS, "OFPMMFC_OUT_OF_METERS",
      "No more meters are available."),
    N(OFPMMFC_OUT_OF_BANDS, "OFPMMFC_OUT_OF_BANDS",
      "The meter has more bands than allowed."),
    N(OFPTFFC_BAD_TABLE, "OFPTFFC_BAD_TABLE",
      "The table does not exist."),
    N(OFPTFFC_BAD_METADATA, "OFPTFFC_BAD_METADATA",
      "The metadata mask is invalid."),
    N(OFPTFFC_EPERM, "OFPTFFC_EPERM",
      "Permission denied."),
    N(OFPBPC_BAD_TYPE, "OFPBPC_BAD_TYPE",
      "The property type is unknown."),
    N(OFPBPC_BAD_LEN, "OFPBPC_BAD_LEN",
      "A property's length is wrong."),
    N(OFPBPC_BAD_VALUE, "OFPBPC_BAD_VALUE",
      "A property value is not supported."),
    N(OFPBPC_TOO_MANY, "OFPBPC_TOO_MANY",
      "There are too many properties."),
    N(OFPBPC_DUP_TYPE, "OFPBPC_DUP_TYPE",
      "A property type appears more than once."),
    N(OFPBPC_BAD_EXPERIMENTER, "OFPBPC_BAD_EXPERIMENTER",
      "The property's experimenter id is unknown."),
    N(OFPBPC_BAD_EXP_TYPE, "OFPBPC_BAD_EXP_TYPE",
      "The property's experimenter type is unknown."),
    N(OFPBPC_BAD_EXP_VALUE, "OFPBPC_BAD_EXP_VALUE",
      "The property's experimenter value is unknown."),
    N(OFPBPC_EPERM, "OFPBPC_EPERM",
      "Permission denied."),
    N(OFPACFC_INVALID, "OFPACFC_INVALID",
      "A mask is invalid."),
    N(OFPACFC_UNSUPPORTED, "OFPACFC_UNSUPPORTED",
      "The configuration is not supported."),
    N(OFPACFC_EPERM, "OFPACFC_EPERM",
      "Permission denied."),
    N(OFPBFC_UNKNOWN, "OFPBFC_UNKNOWN",
      "Unspecified error."),
    N(OFPBFC_EPERM, "OFPBFC_EPERM",
      "Permission denied."),
    N(OFPBFC_BAD_ID, "OFPBFC_BAD_ID",
      "The bundle id does not exist."),
    N(OFPBFC_BUNDLE_EXIST, "OFPBFC_BUNDLE_EXIST",
      "The bundle id already exists."),
    N(OFPBFC_BUNDLE_CLOSED, "OFPBFC_BUNDLE_CLOSED",
      "The bundle is closed."),
    N(OFPBFC_OUT_OF_BUNDLES, "OFPBFC_OUT_OF_BUNDLES",
      "There are too many bundles."),
    N(OFPBFC_BAD_TYPE, "OFPBFC_BAD_TYPE",
      "The bundle control type is unknown or not supported."),
    N(OFPBFC_BAD_FLAGS, "OFPBFC_BAD_FLAGS",
      "The bundle flags are unknown, not supported or inconsistent."),
    N(OFPBFC_MSG_BAD_LEN, "OFPBFC_MSG_BAD_LEN",
      "The length of a message in the bundle is wrong."),
    N(OFPBFC_MSG_BAD_XID, "OFPBFC_MSG_BAD_XID",
      "A message in the bundle has an inconsistent or duplicate xid."),
    N(OFPBFC_MSG_UNSUP, "OFPBFC_MSG_UNSUP",
      "A message in the bundle is not supported in a bundle."),
    N(OFPBFC_MSG_CONFLICT, "OFPBFC_MSG_CONFLICT",
      "The combination of messages in the bundle is not supported."),
    N(OFPBFC_MSG_TOO_MANY, "OFPBFC_MSG_TOO_MANY",
      "The bundle has too many messages."),
    N(OFPBFC_MSG_FAILED, "OFPBFC_MSG_FAILED",
      "A message in the bundle failed."),
    N(OFPBFC_TIMEOUT, "OFPBFC_TIMEOUT",
      "The bundle took too long."),
    N(OFPBFC_BUNDLE_IN_PROGRESS, "OFPBFC_BUNDLE_IN_PROGRESS",
      "A bundle is locking the resource."),
    N(OFPBFC_BAD_VERSION, "OFPBFC_BAD_VERSION",
      "The OpenFlow versions of a bundle add message and the message it "
      "carries differ."),
    N(OFPMOFC_UNKNOWN, "OFPMOFC_UNKNOWN",
      "Unspecified error."),
    N(OFPMOFC_MONITOR_EXISTS, "OFPMOFC_MONITOR_EXISTS",
      "The monitor was not added because a monitor with its id exists."),
    N(OFPMOFC_INVALID_MONITOR, "OFPMOFC_INVALID_MONITOR",
      "The monitor was not added because it is invalid."),
    N(OFPMOFC_UNKNOWN_MONITOR, "OFPMOFC_UNKNOWN_MONITOR",
      "The monitor to modify does not exist."),
    N(OFPMOFC_BAD_COMMAND, "OFPMOFC_BAD_COMMAND",
      "The command is unknown or not supported."),
    N(OFPMOFC_BAD_FLAGS, "OFPMOFC_BAD_FLAGS",
      "The flags are not supported."),
    N(OFPMOFC_BAD_TABLE_ID, "OFPMOFC_BAD_TABLE_ID",
      "The table does not exist."),
    N(OFPMOFC_BAD_OUT, "OFPMOFC_BAD_OUT",
      "The output port or group is invalid."),
    N(NXTTMFC_BAD_COMMAND, "NXTTMFC_BAD_COMMAND",
      "The TLV table command is not a valid operation."),
    N(NXTTMFC_BAD_OPT_LEN, "NXTTMFC_BAD_OPT_LEN",
      "The option length is not a valid TLV option size."),
    N(NXTTMFC_BAD_FIELD_IDX, "NXTTMFC_BAD_FIELD_IDX",
      "The field index is out of range for the tun_metadata fields."),
    N(NXTTMFC_TABLE_FULL, "NXTTMFC_TABLE_FULL",
      "The options configured exceed the switch's maximum."),
    N(NXTTMFC_ALREADY_MAPPED, "NXTTMFC_ALREADY_MAPPED",
      "The field index is already mapped."),
    N(NXTTMFC_DUP_ENTRY, "NXTTMFC_DUP_ENTRY",
      "The option is already mapped to another field."),
    N(NXR_NOT_SUPPORTED, "NXR_NOT_SUPPORTED",
      "The datapath does not support resuming continuations."),
    N(NXR_STALE, "NXR_STALE",
      "The continuation is stale: the switch restarted or the bridge was "
      "destroyed since it was made, or another switch made it."),
    N(NXST_NOT_CONFIGURED, "NXST_NOT_CONFIGURED",
      "The protocol is not configured on this switch."),
};

/* One wire form of an error, for a range of versions.  For VENDOR OF, the
 * standard (TYPE, CODE); for another vendor in OpenFlow 1.0 and 1.1, the
 * TYPE and CODE of a NXET_VENDOR error; from 1.2 on, TYPE is the
 * exp_type of an OFPET12_EXPERIMENTER error and CODE is 0.
 *
 * Where one form means two errors in a version (OpenFlow 1.0's (1,5) is
 * both OFPBRC_EPERM and OFPBRC_IS_SLAVE), decoding takes the first row,
 * so rows are in enum order. */
struct error_form {
    enum ofperr error;
    uint8_t min_version, max_version;
    uint32_t vendor;
    uint16_t type, code;
};

#define R(ERROR, MIN, MAX, VENDOR, TYPE, CODE)                        \
    { OFPERR_##ERROR, OFP##MIN##_VERSION, OFP##MAX##_VERSION,         \
      VENDOR, TYPE, CODE }

/* The forms that Open vSwitch 3.1 uses ("ovs-ofctl print-error"). */
static const struct error_form error_forms[] = {
    R(OFPHFC_INCOMPATIBLE, 10, 15, OF, 0, 0),
    R(OFPHFC_EPERM, 10, 15, OF, 0, 1),
    R(OFPBRC_BAD_VERSION, 10, 15, OF, 1, 0),
    R(OFPBRC_BAD_TYPE, 10, 15, OF, 1, 1),
    R(OFPBRC_BAD_STAT, 10, 15, OF, 1, 2),
    R(OFPBRC_BAD_EXPERIMENTER, 10, 15, OF, 1, 3),
    R(OFPBRC_BAD_SUBTYPE, 10, 15, OF, 1, 4),
    R(OFPBRC_EPERM, 10, 15, OF, 1, 5),
    R(OFPBRC_BAD_LEN, 10, 15, OF, 1, 6),
    R(OFPBRC_BUFFER_EMPTY, 10, 15, OF, 1, 7),
    R(OFPBRC_BUFFER_UNKNOWN, 10, 15, OF, 1, 8),
    R(OFPBRC_BAD_TABLE_ID, 10, 10, NX, 1, 512),
    R(OFPBRC_BAD_TABLE_ID, 11, 15, OF, 1, 9),
    R(OFPBRC_IS_SLAVE, 10, 11, OF, 1, 5),
    R(OFPBRC_IS_SLAVE, 12, 15, OF, 1, 10),
    R(OFPBRC_BAD_PORT, 10, 11, NX, 1, 514),
    R(OFPBRC_BAD_PORT, 12, 15, OF, 1, 11),
    R(OFPBRC_BAD_PACKET, 12, 15, OF, 1, 12),
    R(OFPBRC_MULTIPART_BUFFER_OVERFLOW, 13, 15, OF, 1, 13),
    R(OFPBRC_PIPELINE_FIELDS_ONLY, 15, 15, OF, 1, 17),
    R(NXBRC_NXM_INVALID, 10, 11, NX, 1, 256),
    R(NXBRC_NXM_INVALID, 12, 15, NX, 2, 0),
    R(NXBRC_NXM_BAD_TYPE, 10, 11, NX, 1, 257),
    R(NXBRC_NXM_BAD_TYPE, 12, 15, NX, 3, 0),
    R(NXBRC_MUST_BE_ZERO, 10, 11, NX, 1, 515),
    R(NXBRC_MUST_BE_ZERO, 12, 15, NX, 4, 0),
    R(NXBRC_BAD_REASON, 10, 11, NX, 1, 516),
    R(NXBRC_BAD_REASON, 12, 15, NX, 5, 0),
    R(NXBRC_FM_BAD_EVENT, 10, 11, NX, 1, 520),
    R(NXBRC_FM_BAD_EVENT, 12, 15, NX, 9, 0),
    R(NXBRC_UNENCODABLE_ERROR, 10, 11, NX, 1, 521),
    R(NXBRC_UNENCODABLE_ERROR, 12, 15, NX, 10, 0),
    R(OFPBAC_BAD_TYPE, 10, 15, OF, 2, 0),
    R(OFPBAC_BAD_LEN, 10, 15, OF, 2, 1),
    R(OFPBAC_BAD_EXPERIMENTER, 10, 15, OF, 2, 2),
    R(OFPBAC_BAD_EXP_TYPE, 10, 15, OF, 2, 3),
    R(OFPBAC_BAD_OUT_PORT, 10, 15, OF, 2, 4),
    R(OFPBAC_BAD_ARGUMENT, 10, 15, OF, 2, 5),
    R(OFPBAC_EPERM, 10, 15, OF, 2, 6),
    R(OFPBAC_TOO_MANY, 10, 15, OF, 2, 7),
    R(OFPBAC_BAD_QUEUE, 10, 15, OF, 2, 8),
    R(OFPBAC_BAD_OUT_GROUP, 10, 10, NX, 2, 9),
    R(OFPBAC_BAD_OUT_GROUP, 11, 15, OF, 2, 9),
    R(OFPBAC_MATCH_INCONSISTENT, 10, 10, NX, 1, 522),
    R(OFPBAC_MATCH_INCONSISTENT, 11, 15, OF, 2, 10),
    R(OFPBAC_UNSUPPORTED_ORDER, 11, 15, OF, 2, 11),
    R(OFPBAC_BAD_TAG, 11, 15, OF, 2, 12),
    R(OFPBAC_BAD_SET_TYPE, 10, 11, NX, 1, 523),
    R(OFPBAC_BAD_SET_TYPE, 12, 15, OF, 2, 13),
    R(OFPBAC_BAD_SET_LEN, 10, 11, NX, 1, 524),
    R(OFPBAC_BAD_SET_LEN, 12, 15, OF, 2, 14),
    R(OFPBAC_BAD_SET_ARGUMENT, 10, 11, NX, 1, 525),
    R(OFPBAC_BAD_SET_ARGUMENT, 12, 15, OF, 2, 15),
    R(OFPBAC_BAD_SET_MASK, 13, 14, ONF, 4250, 0),
    R(OFPBAC_BAD_SET_MASK, 15, 15, OF, 2, 16),
    R(NXBAC_MUST_BE_ZERO, 10, 11, NX, 2, 256),
    R(NXBAC_MUST_BE_ZERO, 12, 15, NX, 11, 0),
    R(NXBAC_BAD_CONJUNCTION, 10, 11, NX, 2, 526),
    R(NXBAC_BAD_CONJUNCTION, 12, 15, NX, 15, 0),
    R(OFPBIC_UNKNOWN_INST, 11, 15, OF, 3, 0),
    R(OFPBIC_UNSUP_INST, 10, 10, NX, 2, 257),
    R(OFPBIC_UNSUP_INST, 11, 15, OF, 3, 1),
    R(OFPBIC_BAD_TABLE_ID, 11, 15, OF, 3, 2),
    R(OFPBIC_UNSUP_METADATA, 11, 15, OF, 3, 3),
    R(OFPBIC_UNSUP_METADATA_MASK, 11, 15, OF, 3, 4),
    R(OFPBIC_BAD_EXPERIMENTER, 11, 15, OF, 3, 5),
    R(OFPBIC_BAD_EXP_TYPE, 11, 11, OF, 3, 5),
    R(OFPBIC_BAD_EXP_TYPE, 12, 15, OF, 3, 6),
    R(OFPBIC_BAD_LEN, 12, 15, OF, 3, 7),
    R(OFPBIC_EPERM, 12, 15, OF, 3, 8),
    R(OFPBIC_DUP_INST, 11, 11, NX, 3, 256),
    R(OFPBIC_DUP_INST, 12, 13, ONF, 2600, 0),
    R(OFPBIC_DUP_INST, 14, 15, OF, 3, 9),
    R(OFPBMC_BAD_TYPE, 11, 15, OF, 4, 0),
    R(OFPBMC_BAD_LEN, 11, 15, OF, 4, 1),
    R(OFPBMC_BAD_TAG, 11, 15, OF, 4, 2),
    R(OFPBMC_BAD_DL_ADDR_MASK, 11, 15, OF, 4, 3),
    R(OFPBMC_BAD_NW_ADDR_MASK, 11, 15, OF, 4, 4),
    R(OFPBMC_BAD_WILDCARDS, 10, 10, NX, 1, 262),
    R(OFPBMC_BAD_WILDCARDS, 11, 15, OF, 4, 5),
    R(OFPBMC_BAD_FIELD, 10, 10, NX, 0, 263),
    R(OFPBMC_BAD_FIELD, 11, 15, OF, 4, 6),
    R(OFPBMC_BAD_VALUE, 10, 10, NX, 1, 258),
    R(OFPBMC_BAD_VALUE, 11, 15, OF, 4, 7),
    R(OFPBMC_BAD_MASK, 10, 11, NX, 1, 259),
    R(OFPBMC_BAD_MASK, 12, 15, OF, 4, 8),
    R(OFPBMC_BAD_PREREQ, 10, 11, NX, 1, 260),
    R(OFPBMC_BAD_PREREQ, 12, 15, OF, 4, 9),
    R(OFPBMC_DUP_FIELD, 10, 11, NX, 1, 261),
    R(OFPBMC_DUP_FIELD, 12, 15, OF, 4, 10),
    R(OFPBMC_EPERM, 12, 15, OF, 4, 11),
    R(OFPFMFC_UNKNOWN, 11, 15, OF, 5, 0),
    R(OFPFMFC_TABLE_FULL, 10, 10, OF, 3, 0),
    R(OFPFMFC_TABLE_FULL, 11, 15, OF, 5, 1),
    R(OFPFMFC_BAD_TABLE_ID, 11, 15, OF, 5, 2),
    R(OFPFMFC_OVERLAP, 10, 10, OF, 3, 1),
    R(OFPFMFC_OVERLAP, 11, 15, OF, 5, 3),
    R(OFPFMFC_EPERM, 10, 10, OF, 3, 2),
    R(OFPFMFC_EPERM, 11, 15, OF, 5, 4),
    R(OFPFMFC_BAD_TIMEOUT, 11, 15, OF, 5, 5),
    R(OFPFMFC_BAD_EMERG_TIMEOUT, 10, 10, OF, 3, 3),
    R(OFPFMFC_BAD_COMMAND, 10, 10, OF, 3, 4),
    R(OFPFMFC_BAD_COMMAND, 11, 15, OF, 5, 6),
    R(OFPFMFC_BAD_FLAGS, 10, 10, NX, 3, 258),
    R(OFPFMFC_BAD_FLAGS, 11, 11, NX, 5, 258),
    R(OFPFMFC_BAD_FLAGS, 12, 15, OF, 5, 7),
    R(OFPFMFC_UNSUPPORTED, 10, 10, OF, 3, 5),
    R(NXFMFC_HARDWARE, 10, 11, NX, 5, 256),
    R(NXFMFC_HARDWARE, 12, 15, NX, 12, 0),
    R(NXFMFC_BAD_TABLE_ID, 10, 11, NX, 5, 257),
    R(NXFMFC_BAD_TABLE_ID, 12, 15, NX, 13, 0),
    R(OFPGMFC_GROUP_EXISTS, 10, 10, NX, 6, 0),
    R(OFPGMFC_GROUP_EXISTS, 11, 15, OF, 6, 0),
    R(OFPGMFC_INVALID_GROUP, 10, 10, NX, 6, 1),
    R(OFPGMFC_INVALID_GROUP, 11, 15, OF, 6, 1),
    R(OFPGMFC_WEIGHT_UNSUPPORTED, 10, 10, NX, 6, 2),
    R(OFPGMFC_WEIGHT_UNSUPPORTED, 11, 15, OF, 6, 2),
    R(OFPGMFC_OUT_OF_GROUPS, 10, 10, NX, 6, 3),
    R(OFPGMFC_OUT_OF_GROUPS, 11, 15, OF, 6, 3),
    R(OFPGMFC_OUT_OF_BUCKETS, 10, 10, NX, 6, 4),
    R(OFPGMFC_OUT_OF_BUCKETS, 11, 15, OF, 6, 4),
    R(OFPGMFC_CHAINING_UNSUPPORTED, 10, 10, NX, 6, 5),
    R(OFPGMFC_CHAINING_UNSUPPORTED, 11, 15, OF, 6, 5),
    R(OFPGMFC_WATCH_UNSUPPORTED, 10, 10, NX, 6, 6),
    R(OFPGMFC_WATCH_UNSUPPORTED, 11, 15, OF, 6, 6),
    R(OFPGMFC_LOOP, 10, 10, NX, 6, 7),
    R(OFPGMFC_LOOP, 11, 15, OF, 6, 7),
    R(OFPGMFC_UNKNOWN_GROUP, 10, 10, NX, 6, 8),
    R(OFPGMFC_UNKNOWN_GROUP, 11, 15, OF, 6, 8),
    R(OFPGMFC_CHAINED_GROUP, 10, 10, NX, 6, 9),
    R(OFPGMFC_CHAINED_GROUP, 12, 15, OF, 6, 9),
    R(OFPGMFC_BAD_TYPE, 10, 10, NX, 6, 10),
    R(OFPGMFC_BAD_TYPE, 12, 15, OF, 6, 10),
    R(OFPGMFC_BAD_COMMAND, 10, 10, NX, 6, 11),
    R(OFPGMFC_BAD_COMMAND, 12, 15, OF, 6, 11),
    R(OFPGMFC_BAD_BUCKET, 10, 10, NX, 6, 12),
    R(OFPGMFC_BAD_BUCKET, 12, 15, OF, 6, 12),
    R(OFPGMFC_BAD_WATCH, 10, 10, NX, 6, 13),
    R(OFPGMFC_BAD_WATCH, 12, 15, OF, 6, 13),
    R(OFPGMFC_EPERM, 10, 10, NX, 6, 14),
    R(OFPGMFC_EPERM, 12, 15, OF, 6, 14),
    R(OFPGMFC_UNKNOWN_BUCKET, 10, 10, NX, 6, 15),
    R(OFPGMFC_UNKNOWN_BUCKET, 15, 15, OF, 6, 15),
    R(OFPGMFC_BUCKET_EXISTS, 10, 10, NX, 6, 16),
    R(OFPGMFC_BUCKET_EXISTS, 15, 15, OF, 6, 16),
    R(OFPPMFC_BAD_PORT, 10, 10, OF, 4, 0),
    R(OFPPMFC_BAD_PORT, 11, 15, OF, 7, 0),
    R(OFPPMFC_BAD_HW_ADDR, 10, 10, OF, 4, 1),
    R(OFPPMFC_BAD_HW_ADDR, 11, 15, OF, 7, 1),
    R(OFPPMFC_BAD_CONFIG, 11, 15, OF, 7, 2),
    R(OFPPMFC_BAD_ADVERTISE, 11, 15, OF, 7, 3),
    R(OFPPMFC_EPERM, 12, 15, OF, 7, 4),
    R(OFPTMFC_BAD_TABLE, 11, 15, OF, 8, 0),
    R(OFPTMFC_BAD_CONFIG, 11, 15, OF, 8, 1),
    R(OFPTMFC_EPERM, 12, 15, OF, 8, 2),
    R(OFPQOFC_BAD_PORT, 10, 10, OF, 5, 0),
    R(OFPQOFC_BAD_PORT, 11, 15, OF, 9, 0),
    R(OFPQOFC_BAD_QUEUE, 10, 10, OF, 5, 1),
    R(OFPQOFC_BAD_QUEUE, 11, 15, OF, 9, 1),
    R(OFPQOFC_EPERM, 10, 10, OF, 5, 2),
    R(OFPQOFC_EPERM, 11, 15, OF, 9, 2),
    R(NXQOFC_QUEUE_ERROR, 14, 15, NX, 23, 0),
    R(OFPSCFC_BAD_FLAGS, 11, 15, OF, 10, 0),
    R(OFPSCFC_BAD_LEN, 11, 15, OF, 10, 1),
    R(OFPSCFC_EPERM, 12, 15, OF, 10, 2),
    R(OFPRRFC_STALE, 12, 15, OF, 11, 0),
    R(OFPRRFC_UNSUP, 12, 15, OF, 11, 1),
    R(OFPRRFC_BAD_ROLE, 10, 11, NX, 1, 513),
    R(OFPRRFC_BAD_ROLE, 12, 15, OF, 11, 2),
    R(OFPMMFC_UNKNOWN, 13, 15, OF, 12, 0),
    R(OFPMMFC_METER_EXISTS, 13, 15, OF, 12, 1),
    R(OFPMMFC_INVALID_METER, 13, 15, OF, 12, 2),
    R(OFPMMFC_UNKNOWN_METER, 13, 15, OF, 12, 3),
    R(OFPMMFC_BAD_COMMAND, 13, 15, OF, 12, 4),
    R(OFPMMFC_BAD_FLAGS, 13, 15, OF, 12, 5),
    R(OFPMMFC_BAD_RATE, 13, 15, OF, 12, 6),
    R(OFPMMFC_BAD_BURST, 13, 15, OF, 12, 7),
    R(OFPMMFC_BAD_BAND, 13, 15, OF, 12, 8),
    R(OFPMMFC_BAD_BAND_VALUE, 13, 15, OF, 12, 9),
    R(OFPMMFC_OUT_OF_METERS, 13, 15, OF, 12, 10),
    R(OFPMMFC_OUT_OF_BANDS, 13, 15, OF, 12, 11),
    R(OFPTFFC_BAD_TABLE, 13, 15, OF, 13, 0),
    R(OFPTFFC_BAD_METADATA, 13, 15, OF, 13, 1),
    R(OFPTFFC_EPERM, 13, 15, OF, 13, 5),
    R(OFPBPC_BAD_TYPE, 10, 11, NX, 13, 2),
    R(OFPBPC_BAD_TYPE, 12, 12, NX, 25, 0),
    R(OFPBPC_BAD_TYPE, 13, 13, OF, 13, 2),
    R(OFPBPC_BAD_TYPE, 14, 15, OF, 14, 0),
    R(OFPBPC_BAD_LEN, 10, 11, NX, 13, 3),
    R(OFPBPC_BAD_LEN, 12, 12, NX, 26, 0),
    R(OFPBPC_BAD_LEN, 13, 13, OF, 13, 3),
    R(OFPBPC_BAD_LEN, 14, 15, OF, 14, 1),
    R(OFPBPC_BAD_VALUE, 10, 11, NX, 13, 4),
    R(OFPBPC_BAD_VALUE, 12, 12, NX, 27, 0),
    R(OFPBPC_BAD_VALUE, 13, 13, OF, 13, 4),
    R(OFPBPC_BAD_VALUE, 14, 15, OF, 14, 2),
    R(OFPBPC_TOO_MANY, 10, 11, NX, 14, 3),
    R(OFPBPC_TOO_MANY, 12, 12, NX, 28, 0),
    R(OFPBPC_TOO_MANY, 13, 13, ONF, 4443, 0),
    R(OFPBPC_TOO_MANY, 14, 15, OF, 14, 3),
    R(OFPBPC_DUP_TYPE, 10, 11, NX, 14, 4),
    R(OFPBPC_DUP_TYPE, 12, 12, NX, 29, 0),
    R(OFPBPC_DUP_TYPE, 13, 13, ONF, 4444, 0),
    R(OFPBPC_DUP_TYPE, 14, 15, OF, 14, 4),
    R(OFPBPC_BAD_EXPERIMENTER, 10, 11, NX, 14, 5),
    R(OFPBPC_BAD_EXPERIMENTER, 12, 12, NX, 30, 0),
    R(OFPBPC_BAD_EXPERIMENTER, 13, 13, ONF, 4445, 0),
    R(OFPBPC_BAD_EXPERIMENTER, 14, 15, OF, 14, 5),
    R(OFPBPC_BAD_EXP_TYPE, 10, 11, NX, 14, 6),
    R(OFPBPC_BAD_EXP_TYPE, 12, 12, NX, 31, 0),
    R(OFPBPC_BAD_EXP_TYPE, 13, 13, ONF, 4446, 0),
    R(OFPBPC_BAD_EXP_TYPE, 14, 15, OF, 14, 6),
    R(OFPBPC_BAD_EXP_VALUE, 10, 11, NX, 14, 7),
    R(OFPBPC_BAD_EXP_VALUE, 12, 12, NX, 32, 0),
    R(OFPBPC_BAD_EXP_VALUE, 13, 13, ONF, 4447, 0),
    R(OFPBPC_BAD_EXP_VALUE, 14, 15, OF, 14, 7),
    R(OFPBPC_EPERM, 10, 11, NX, 14, 8),
    R(OFPBPC_EPERM, 12, 12, NX, 33, 0),
    R(OFPBPC_EPERM, 13, 13, ONF, 4448, 0),
    R(OFPBPC_EPERM, 14, 15, OF, 14, 8),
    R(OFPACFC_INVALID, 13, 13, ONF, 2370, 0),
    R(OFPACFC_INVALID, 14, 15, OF, 15, 0),
    R(OFPACFC_UNSUPPORTED, 13, 13, ONF, 2371, 0),
    R(OFPACFC_UNSUPPORTED, 14, 15, OF, 15, 1),
    R(OFPACFC_EPERM, 13, 13, ONF, 2372, 0),
    R(OFPACFC_EPERM, 14, 15, OF, 15, 2),
    R(OFPBFC_UNKNOWN, 13, 13, ONF, 2300, 0),
    R(OFPBFC_UNKNOWN, 14, 15, OF, 17, 0),
    R(OFPBFC_EPERM, 13, 13, ONF, 2301, 0),
    R(OFPBFC_EPERM, 14, 15, OF, 17, 1),
    R(OFPBFC_BAD_ID, 13, 13, ONF, 2302, 0),
    R(OFPBFC_BAD_ID, 14, 15, OF, 17, 2),
    R(OFPBFC_BUNDLE_EXIST, 13, 13, ONF, 2303, 0),
    R(OFPBFC_BUNDLE_EXIST, 14, 15, OF, 17, 3),
    R(OFPBFC_BUNDLE_CLOSED, 13, 13, ONF, 2304, 0),
    R(OFPBFC_BUNDLE_CLOSED, 14, 15, OF, 17, 4),
    R(OFPBFC_OUT_OF_BUNDLES, 13, 13, ONF, 2305, 0),
    R(OFPBFC_OUT_OF_BUNDLES, 14, 15, OF, 17, 5),
    R(OFPBFC_BAD_TYPE, 13, 13, ONF, 2306, 0),
    R(OFPBFC_BAD_TYPE, 14, 15, OF, 17, 6),
    R(OFPBFC_BAD_FLAGS, 13, 13, ONF, 2307, 0),
    R(OFPBFC_BAD_FLAGS, 14, 15, OF, 17, 7),
    R(OFPBFC_MSG_BAD_LEN, 13, 13, ONF, 2308, 0),
    R(OFPBFC_MSG_BAD_LEN, 14, 15, OF, 17, 8),
    R(OFPBFC_MSG_BAD_XID, 13, 13, ONF, 2309, 0),
    R(OFPBFC_MSG_BAD_XID, 14, 15, OF, 17, 9),
    R(OFPBFC_MSG_UNSUP, 13, 13, ONF, 2310, 0),
    R(OFPBFC_MSG_UNSUP, 14, 15, OF, 17, 10),
    R(OFPBFC_MSG_CONFLICT, 13, 13, ONF, 2311, 0),
    R(OFPBFC_MSG_CONFLICT, 14, 15, OF, 17, 11),
    R(OFPBFC_MSG_TOO_MANY, 13, 13, ONF, 2312, 0),
    R(OFPBFC_MSG_TOO_MANY, 14, 15, OF, 17, 12),
    R(OFPBFC_MSG_FAILED, 13, 13, ONF, 2313, 0),
    R(OFPBFC_MSG_FAILED, 14, 15, OF, 17, 13),
    R(OFPBFC_TIMEOUT, 13, 13, ONF, 2314, 0),
    R(OFPBFC_TIMEOUT, 14, 15, OF, 17, 14),
    R(OFPBFC_BUNDLE_IN_PROGRESS, 13, 13, ONF, 2315, 0),
    R(OFPBFC_BUNDLE_IN_PROGRESS, 14, 15, OF, 17, 15),
    R(OFPBFC_BAD_VERSION, 14, 15, NX, 22, 0),
    R(OFPMOFC_UNKNOWN, 14, 15, OF, 16, 0),
    R(OFPMOFC_MONITOR_EXISTS, 10, 11, NX, 1, 517),
    R(OFPMOFC_MONITOR_EXISTS, 12, 13, NX, 6, 0),
    R(OFPMOFC_MONITOR_EXISTS, 14, 15, OF, 16, 1),
    R(OFPMOFC_INVALID_MONITOR, 14, 15, OF, 16, 2),
    R(OFPMOFC_UNKNOWN_MONITOR, 10, 11, NX, 1, 519),
    R(OFPMOFC_UNKNOWN_MONITOR, 12, 13, NX, 8, 0),
    R(OFPMOFC_UNKNOWN_MONITOR, 14, 15, OF, 16, 3),
    R(OFPMOFC_BAD_COMMAND, 14, 15, OF, 16, 4),
    R(OFPMOFC_BAD_FLAGS, 10, 11, NX, 1, 518),
    R(OFPMOFC_BAD_FLAGS, 12, 13, NX, 7, 0),
    R(OFPMOFC_BAD_FLAGS, 14, 15, OF, 16, 5),
    R(OFPMOFC_BAD_TABLE_ID, 14, 15, OF, 16, 6),
    R(OFPMOFC_BAD_OUT, 14, 15, OF, 16, 7),
    R(NXTTMFC_BAD_COMMAND, 10, 11, NX, 1, 527),
    R(NXTTMFC_BAD_COMMAND, 12, 15, NX, 16, 0),
    R(NXTTMFC_BAD_OPT_LEN, 10, 11, NX, 1, 528),
    R(NXTTMFC_BAD_OPT_LEN, 12, 15, NX, 17, 0),
    R(NXTTMFC_BAD_FIELD_IDX, 10, 11, NX, 1, 529),
    R(NXTTMFC_BAD_FIELD_IDX, 12, 15, NX, 18, 0),
    R(NXTTMFC_TABLE_FULL, 10, 11, NX, 1, 530),
    R(NXTTMFC_TABLE_FULL, 12, 15, NX, 19, 0),
    R(NXTTMFC_ALREADY_MAPPED, 10, 11, NX, 1, 531),
    R(NXTTMFC_ALREADY_MAPPED, 12, 15, NX, 20, 0),
    R(NXTTMFC_DUP_ENTRY, 10, 11, NX, 1, 532),
    R(NXTTMFC_DUP_ENTRY, 12, 15, NX, 21, 0),
    R(NXR_NOT_SUPPORTED, 10, 11, NX, 1, 533),
    R(NXR_NOT_SUPPORTED, 12, 15, NX, 34, 0),
    R(NXR_STALE, 10, 11, NX, 1, 534),
    R(NXR_STALE, 12, 15, NX, 35, 0),
    R(NXST_NOT_CONFIGURED, 10, 11, NX, 1, 535),
    R(NXST_NOT_CONFIGURED, 12, 15, NX, 36, 0),
};

bool
ofperr_is_valid(enum ofperr error)
{
    return (int) error >= OFPERR_OFS
           && (int) error < OFPERR_OFS + OFPERR_N_ERRORS;
}

const char *
ofperr_get_name(enum ofperr error)
{
    return (ofperr_is_valid(error)
            ? error_infos[error - OFPERR_OFS].name : "<invalid>");
}

const char *
ofperr_get_description(enum ofperr error)
{
    return (ofperr_is_valid(error)
            ? error_infos[error - OFPERR_OFS].description : "<invalid>");
}

/* Other spellings that ofperr_from_name() accepts. */
static const struct {
    const char *name;
    enum ofperr error;
} error_aliases[] = {
    { "OFPBRC_BAD_EXPERIMENTER", OFPERR_OFPBRC_BAD_EXPERIMENTER },
    { "OFPBRC_IS_SLAVE", OFPERR_OFPBRC_IS_SLAVE },
    { "OFPBAC_BAD_EXPERIMENTER", OFPERR_OFPBAC_BAD_EXPERIMENTER },
    { "OFPBAC_BAD_EXP_TYPE", OFPERR_OFPBAC_BAD_EXP_TYPE },
    { "OFPTFFC_BAD_TYPE", OFPERR_OFPBPC_BAD_TYPE },
    { "OFPTFFC_BAD_LEN", OFPERR_OFPBPC_BAD_LEN },
    { "OFPTFFC_BAD_ARGUMENT", OFPERR_OFPBPC_BAD_VALUE },
};

enum ofperr
ofperr_from_name(const char *name)
{
    size_t i;

    if (!strncmp(name, "OFPERR_", 7)) {
        name += 7;
    }
    for (i = 0; i < OFPERR_N_ERRORS; i++) {
        if (!strcmp(name, error_infos[i].name)) {
            return OFPERR_OFS + i;
        }
    }
    for (i = 0; i < ARRAY_SIZE(error_aliases); i++) {
        if (!strcmp(name, error_aliases[i].name)) {
            return error_aliases[i].error;
        }
    }
    return 0;
}

static const struct error_form *
find_form(enum ofperr error, enum ofp_version version)
{
    size_t i;

    for (i = 0; i < ARRAY_SIZE(error_forms); i++) {
        const struct error_form *f = &error_forms[i];

        if (f->error == error
            && version >= f->min_version && version <= f->max_version) {
            return f;
        }
    }
    return NULL;
}

bool
ofperr_get_wire(enum ofperr error, enum ofp_version version,
                uint32_t *vendor, uint16_t *type, uint16_t *code)
{
    const struct error_form *f = find_form(error, version);

    if (!f) {
        return false;
    }
    *vendor = f->vendor;
    *type = f->type;
    *code = f->code;
    return true;
}

enum ofperr
ofperr_from_wire(enum ofp_version version, uint32_t vendor, uint16_t type,
                 uint16_t code)
{
    size_t i;

    for (i = 0; i < ARRAY_SIZE(error_forms); i++) {
        const struct error_form *f = &error_forms[i];

        if (version >= f->min_version && version <= f->max_version
            && f->vendor == vendor && f->type == type && f->code == code) {
            return f->error;
        }
    }
    return 0;
}

struct buffer *
ofperr_encode_msg(enum ofperr error, enum ofp_version version, be32 xid,
                  const void *data, size_t data_size)
{
    const struct error_form *f;
    struct buffer *b;
    size_t room;

    if (version < OFP_MIN_VERSION || version > OFP_MAX_VERSION) {
        version = OFP10_VERSION;
    }
    f = ofperr_is_valid(error) ? find_form(error, version) : NULL;
    if (!f) {
        f = find_form(OFPERR_NXBRC_UNENCODABLE_ERROR, version);
    }

    b = ofpraw_alloc_xid(OFPRAW_OFPT_ERROR, version, xid, 12 + data_size);
    if (f->vendor == OF) {
        buffer_put(b, &(be16) { htons(f->type) }, 2);
        buffer_put(b, &(be16) { htons(f->code) }, 2);
    } else if (version <= OFP11_VERSION) {
        buffer_put(b, &(be16) { htons(NXET_VENDOR) }, 2);
        buffer_put(b, &(be16) { htons(NXVC_VENDOR_ERROR) }, 2);
        buffer_put(b, &(be32) { htonl(f->vendor) }, 4);
        buffer_put(b, &(be16) { htons(f->type) }, 2);
        buffer_put(b, &(be16) { htons(f->code) }, 2);
    } else {
        buffer_put(b, &(be16) { htons(OFPET12_EXPERIMENTER) }, 2);
        buffer_put(b, &(be16) { htons(f->type) }, 2);
        buffer_put(b, &(be32) { htonl(f->vendor) }, 4);
    }
    room = OFPMSG_MAX_SIZE - b->size;
    buffer_put(b, data, MIN(data_size, room));
    ofpmsg_update_length(b);
    return b;
}

struct buffer *
ofperr_encode_reply(enum ofperr error, const struct ofp_header *request)
{
    size_t size = MAX(ntohs(request->length), sizeof *request);

    return ofperr_encode_msg(error, request->version, request->xid,
                             request, size);
}

enum ofperr
ofperr_decode_msg(const struct ofp_header *msg, size_t size,
                  const void **payload, size_t *payload_size)
{
    struct buffer b;
    enum ofperr error;
    enum ofpraw raw;
    const be16 *tc;
    uint32_t vendor = OF;
    uint16_t type, code;

    if (size < sizeof *msg || ntohs(msg->length) > size) {
        return 0;
    }
    buffer_use_const(&b, msg, ntohs(msg->length));
    if (ofpraw_pull(&raw, &b) || raw != OFPRAW_OFPT_ERROR) {
        return 0;
    }
    tc = buffer_pull(&b, 4);
    type = ntohs(get_unaligned_be16(&tc[0]));
    code = ntohs(get_unaligned_be16(&tc[1]));
    if (type == NXET_VENDOR && code == NXVC_VENDOR_ERROR) {
        const uint8_t *nve = buffer_try_pull(&b, 8);

        if (!nve) {
            return 0;
        }
        vendor = ntohl(get_unaligned_be32(nve));
        type = ntohs(get_unaligned_be16(nve + 4));
        code = ntohs(get_unaligned_be16(nve + 6));
    } else if (type == OFPET12_EXPERIMENTER) {
        const uint8_t *exp = buffer_try_pull(&b, 4);

        if (!exp) {
            return 0;
        }
        vendor = ntohl(get_unaligned_be32(exp));
        type = code;
        code = 0;
    }

    error = ofperr_from_wire(msg->version, vendor, type, code);
    if (error && payload) {
        *payload = b.data;
        *payload_size = b.size;
    }
    return error;
}

void
ofperr_format(struct ds *s, int error)
{
    ds_put_cstr(s, ofperr_to_string(error));
}

const char *
ofperr_to_string(int error)
{
    return (ofperr_is_valid(error)
            ? ofperr_get_name(error) : sluice_strerror(error));
}
