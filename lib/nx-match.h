/*
 * nx-match: the TLV encodings of matches, NXM (the Nicira extended match
 * of OpenFlow 1.0 Nicira messages) and OXM (OpenFlow 1.2 to 1.5's
 * ofp_match of type OFPMT_OXM).
 *
 * Both are sequences of entries, each a 32-bit header
 *
 *     class:16  field:7  hasmask:1  length:8
 *
 * followed by 'length' bytes: the value, or the value then a mask of the
 * same width when hasmask is 1.  Class 0x0000 holds the NXM_OF_* fields,
 * 0x0001 the NXM_NX_* fields, 0x8000 the OpenFlow basic OXM_OF_* fields
 * and 0x8001 OXM_OF_PKT_REG* (xreg); both encodings accept any of them.
 * A field's header comes from the registry (meta-flow.h); which one an
 * encoding uses is mf_header_for_version().  An OXM match is wrapped in a
 * 4-byte ofp_match header (type OFPMT_OXM = 1, length excluding padding)
 * and padded with zeros to a multiple of 8 bytes; an NXM match is bare and
 * its length travels in the enclosing message (which pads it).
 *
 * Decoding checks, in this order, each entry: a header and payload that
 * fit (else OFPBMC_BAD_LEN), a known field with the right length (else
 * OFPBMC_BAD_FIELD; a "loose" decode skips unknown fields instead), a
 * mask only on a maskable field (OFPBMC_BAD_MASK unless all-ones), a
 * value valid for the field (OFPBMC_BAD_VALUE), no value bit set where
 * the mask is 0 (OFPBMC_BAD_WILDCARDS), its prerequisites matched by
 * earlier entries (OFPBMC_BAD_PREREQ) and no earlier entry for the same
 * field (OFPBMC_DUP_FIELD; the VLAN views count as one field).
 *
 * Thread safety: functions are reentrant.
 */
#ifndef SLUICE_NX_MATCH_H
#define SLUICE_NX_MATCH_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "meta-flow.h"
#include "ofp-errors.h"
#include "openflow.h"
#include "packets.h"

struct buffer;
struct ds;
struct match;

/* Builds and takes apart NXM/OXM headers. */
#define NXM_HEADER(CLASS, FIELD, HASMASK, LENGTH)                       \
    (((uint32_t) (CLASS) << 16) | ((uint32_t) (FIELD) << 9)             \
     | ((uint32_t) (HASMASK) << 8) | (uint32_t) (LENGTH))
#define NXM_CLASS(HEADER) ((HEADER) >> 16)
#define NXM_FIELD(HEADER) (((HEADER) >> 9) & 0x7f)
#define NXM_HASMASK(HEADER) (((HEADER) >> 8) & 1)
#define NXM_LENGTH(HEADER) ((HEADER) & 0xff)

/* OXM classes. */
#define OFPXMC_NXM_0          0x0000
#define OFPXMC_NXM_1          0x0001
#define OFPXMC_OPENFLOW_BASIC 0x8000
#define OFPXMC_PACKET_REGS    0x8001

/* The NXM_NX_COOKIE pseudo-field of Nicira flow mods and flow stats
 * requests (not a match field: it matches the rule's cookie). */
#define NXM_NX_COOKIE NXM_HEADER(OFPXMC_NXM_1, 30, 0, 8)

/* ofp_match types (OpenFlow 1.1+). */
#define OFPMT_STANDARD 0
#define OFPMT_OXM      1

/* Returns the NXM_* header of field ID (hasmask 0), or 0 if it has
 * none. */
uint32_t mf_nxm_header(enum mf_field_id id);

/* Returns the OXM header of field ID as OpenFlow VERSION defines it (an
 * OXM_OF_* or OXM_OF_PKT_REG* header, hasmask 0), or 0 if VERSION has
 * none for it. */
uint32_t mf_oxm_header(enum mf_field_id id, enum ofp_version version);

/* Returns the header that an encoding for VERSION uses for field ID (what
 * nx_put_entry() writes, and what Nicira actions should use):
 *   - OpenFlow 1.2 and later: the OXM header if VERSION has one, else the
 *     NXM header.
 *   - OpenFlow 1.0 and 1.1 (NXM): the NXM header if there is one, else the
 *     OXM header of whatever version defined it.
 * 0 if the field has no header at all. */
uint32_t mf_header_for_version(enum mf_field_id id,
                               enum ofp_version version);

/* Looks up a field by an NXM or OXM header (hasmask bit and length
 * ignored).  Returns NULL if no field has that class and field number. */
const struct mf_field *mf_from_nxm_header(uint32_t header);

/* Returns the bytes of FIELD's value in the TLV whose header is HEADER
 * (in_port's NXM_OF_IN_PORT is 2 bytes, its OXM 4). */
unsigned int nxm_field_bytes(const struct mf_field *field, uint32_t header);

/* Appends one TLV (header, value, mask if MASK nonnull) for FIELD in the
 * form for VERSION (OXM for 1.2+, NXM otherwise; see
 * mf_header_for_version()).  A MASK that is all-ones is left out. */
void nx_put_entry(struct buffer *b, const struct mf_field *field,
                  enum ofp_version version, const union mf_value *value,
                  const union mf_value *mask);

/* Appends a bare header (hasmask 0) for FIELD, as in Nicira actions. */
void nx_put_header(struct buffer *b, const struct mf_field *field,
                   enum ofp_version version);

/* Pulls one TLV from the front of *DATA (*SIZEP bytes left); on success
 * advances both and returns 0 with *FIELD, *VALUE and *MASK (all-ones
 * when the TLV has none); else returns an OFPERR_OFPBMC_* error: BAD_LEN
 * if truncated, BAD_FIELD if unknown (then *DATA and *SIZEP are still
 * advanced past the entry and *FIELD is NULL, so a loose decoder can skip
 * it), BAD_MASK for a mask on an unmaskable field, BAD_VALUE for an
 * invalid value, BAD_WILDCARDS for value bits outside the mask. */
enum ofperr nx_pull_entry(const uint8_t **data, size_t *sizep,
                          const struct mf_field **field,
                          union mf_value *value, union mf_value *mask);

/* Pulls a bare header (hasmask 0, as in Nicira actions) from the front of
 * *DATA and returns its field in *FIELD.  Returns 0, OFPBMC_BAD_LEN or
 * OFPBMC_BAD_FIELD. */
enum ofperr nx_pull_header(const uint8_t **data, size_t *sizep,
                           const struct mf_field **field);

/* Appends MATCH in NXM form to B, with a NXM_NX_COOKIE(_W) entry at the
 * end if COOKIE_MASK is nonzero, then zeros to a multiple of 8 bytes (as
 * Nicira messages want).  Returns the unpadded length (the message's
 * match_len). */
size_t nx_put_match(struct buffer *b, const struct match *match,
                    be64 cookie, be64 cookie_mask);

/* Appends MATCH as an OpenFlow VERSION (1.2+) ofp_match of type OFPMT_OXM,
 * header and padding included.  Returns the unpadded length (the value
 * of the ofp_match's length field). */
size_t oxm_put_match(struct buffer *b, const struct match *match,
                     enum ofp_version version);

/* Decodes the SIZE bytes of NXM at DATA into MATCH (and the cookie pseudo
 * field into *COOKIE and *COOKIE_MASK, zero if absent; both may be NULL
 * if the message cannot have one, then a cookie is OFPBMC_BAD_FIELD).
 * STRICT: unknown fields are OFPBMC_BAD_FIELD; otherwise skipped.  See
 * the top of this file for the checks. */
enum ofperr nx_decode_match(const void *data, size_t size, bool strict,
                            struct match *match, be64 *cookie,
                            be64 *cookie_mask);

/* Pulls an OXM ofp_match (header, entries and padding) from the front of
 * B into MATCH.  Errors: OFPBMC_BAD_TYPE for a type other than OFPMT_OXM,
 * OFPBMC_BAD_LEN for a length that is too short or overruns B, then the
 * entries' errors as in nx_decode_match(). */
enum ofperr oxm_pull_match(struct buffer *b, bool strict,
                           struct match *match);

/* Decodes the SIZE bytes of OXM entries at DATA (no ofp_match header)
 * into MATCH, as nx_decode_match() does (no cookie). */
enum ofperr oxm_decode_entries(const void *data, size_t size, bool strict,
                               struct match *match);

/* Appends the SIZE bytes of NXM/OXM entries at DATA to DS as ovs-ofctl's
 * ofp-print shows raw matches: "NXM_OF_IN_PORT(0001),
 * NXM_NX_REG0_W(00000005/000000ff)", or "<error>" text at a bad entry. */
void nx_format_raw(const void *data, size_t size, struct ds *ds);

#endif /* nx-match.h */
