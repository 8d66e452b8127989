/* ofp-actions: OpenFlow actions and instructions.  See ofp-actions.h. */
#include <config.h>
#include "ofp-actions.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "buffer.h"
#include "dynamic-string.h"
#include "match.h"
#include "nx-match.h"

/* Wire constants of the actions and instructions.  Names follow the
 * specifications; the version infix says which version defines them. */

/* OpenFlow 1.0 action types. */
enum {
    OFPAT10_OUTPUT = 0,
    OFPAT10_SET_VLAN_VID = 1,
    OFPAT10_SET_VLAN_PCP = 2,
    OFPAT10_STRIP_VLAN = 3,
    OFPAT10_SET_DL_SRC = 4,
    OFPAT10_SET_DL_DST = 5,
    OFPAT10_SET_NW_SRC = 6,
    OFPAT10_SET_NW_DST = 7,
    OFPAT10_SET_NW_TOS = 8,
    OFPAT10_SET_TP_SRC = 9,
    OFPAT10_SET_TP_DST = 10,
    OFPAT10_ENQUEUE = 11,
};

/* OpenFlow 1.1 to 1.5 action types (1.1-only ones are marked 11). */
enum {
    OFPAT11_OUTPUT = 0,
    OFPAT11_SET_VLAN_VID = 1,       /* 1.1 only. */
    OFPAT11_SET_VLAN_PCP = 2,       /* 1.1 only. */
    OFPAT11_SET_DL_SRC = 3,         /* 1.1 only. */
    OFPAT11_SET_DL_DST = 4,         /* 1.1 only. */
    OFPAT11_SET_NW_SRC = 5,         /* 1.1 only. */
    OFPAT11_SET_NW_DST = 6,         /* 1.1 only. */
    OFPAT11_SET_NW_TOS = 7,         /* 1.1 only. */
    OFPAT11_SET_NW_ECN = 8,         /* 1.1 only. */
    OFPAT11_SET_TP_SRC = 9,         /* 1.1 only. */
    OFPAT11_SET_TP_DST = 10,        /* 1.1 only. */
    OFPAT11_SET_MPLS_TTL = 15,
    OFPAT11_DEC_MPLS_TTL = 16,
    OFPAT11_PUSH_VLAN = 17,
    OFPAT11_POP_VLAN = 18,
    OFPAT11_SET_QUEUE = 21,
    OFPAT11_GROUP = 22,
    OFPAT11_SET_NW_TTL = 23,
    OFPAT11_DEC_NW_TTL = 24,
    OFPAT12_SET_FIELD = 25,
    OFPAT15_COPY_FIELD = 28,
    OFPAT15_METER = 29,
};

#define OFPAT_VENDOR 0xffff
#define NX_VENDOR_ID 0x00002320

/* Nicira action subtypes. */
enum {
    NXAST_RESUBMIT = 1,
    NXAST_SET_QUEUE = 4,
    NXAST_POP_QUEUE = 5,
    NXAST_REG_MOVE = 6,
    NXAST_REG_LOAD = 7,
    NXAST_NOTE = 8,
    NXAST_RESUBMIT_TABLE = 14,
    NXAST_OUTPUT_REG = 15,
    NXAST_DEC_TTL = 18,
    NXAST_CONTROLLER = 20,
    NXAST_DEC_TTL_CNT_IDS = 21,
    NXAST_WRITE_METADATA = 22,
    NXAST_SET_MPLS_TTL = 25,
    NXAST_DEC_MPLS_TTL = 26,
    NXAST_REG_LOAD2 = 33,
    NXAST_GROUP = 40,
};

/* Instruction types (OpenFlow 1.1+). */
enum {
    OFPIT11_GOTO_TABLE = 1,
    OFPIT11_WRITE_METADATA = 2,
    OFPIT11_WRITE_ACTIONS = 3,
    OFPIT11_APPLY_ACTIONS = 4,
    OFPIT11_CLEAR_ACTIONS = 5,
    OFPIT13_METER = 6,              /* 1.3 and 1.4. */
    OFPIT_EXPERIMENTER = 0xffff,
};

/* Byte-level access to wire structs, which need not be aligned. */
static uint16_t
rd16(const uint8_t *p, size_t ofs)
{
    return ntohs(get_unaligned_be16(p + ofs));
}

static uint32_t
rd32(const uint8_t *p, size_t ofs)
{
    return ntohl(get_unaligned_be32(p + ofs));
}

static uint64_t
rd64(const uint8_t *p, size_t ofs)
{
    return ntohll(get_unaligned_be64(p + ofs));
}

static void
wr16(uint8_t *p, size_t ofs, uint16_t x)
{
    put_unaligned_be16(p + ofs, htons(x));
}

static void
wr32(uint8_t *p, size_t ofs, uint32_t x)
{
    put_unaligned_be32(p + ofs, htonl(x));
}

/* Names. */

static const char *const type_names[OFPACT_N_TYPES] = {
    [OFPACT_OUTPUT] = "output",
    [OFPACT_CONTROLLER] = "controller",
    [OFPACT_ENQUEUE] = "enqueue",
    [OFPACT_OUTPUT_REG] = "output_reg",
    [OFPACT_GROUP] = "group",
    [OFPACT_RESUBMIT] = "resubmit",
    [OFPACT_SET_QUEUE] = "set_queue",
    [OFPACT_POP_QUEUE] = "pop_queue",
    [OFPACT_PUSH_VLAN] = "push_vlan",
    [OFPACT_STRIP_VLAN] = "strip_vlan",
    [OFPACT_SET_VLAN_VID] = "mod_vlan_vid",
    [OFPACT_SET_VLAN_PCP] = "mod_vlan_pcp",
    [OFPACT_SET_ETH_SRC] = "mod_dl_src",
    [OFPACT_SET_ETH_DST] = "mod_dl_dst",
    [OFPACT_SET_IPV4_SRC] = "mod_nw_src",
    [OFPACT_SET_IPV4_DST] = "mod_nw_dst",
    [OFPACT_SET_IP_DSCP] = "mod_nw_tos",
    [OFPACT_SET_IP_ECN] = "mod_nw_ecn",
    [OFPACT_SET_IP_TTL] = "mod_nw_ttl",
    [OFPACT_SET_L4_SRC_PORT] = "mod_tp_src",
    [OFPACT_SET_L4_DST_PORT] = "mod_tp_dst",
    [OFPACT_SET_FIELD] = "set_field",
    [OFPACT_REG_MOVE] = "move",
    [OFPACT_DEC_TTL] = "dec_ttl",
    [OFPACT_SET_MPLS_TTL] = "set_mpls_ttl",
    [OFPACT_DEC_MPLS_TTL] = "dec_mpls_ttl",
    [OFPACT_NOTE] = "note",
    [OFPACT_METER] = "meter",
    [OFPACT_CLEAR_ACTIONS] = "clear_actions",
    [OFPACT_WRITE_ACTIONS] = "write_actions",
    [OFPACT_WRITE_METADATA] = "write_metadata",
    [OFPACT_GOTO_TABLE] = "goto_table",
};

const char *
ofpact_type_name(enum ofpact_type type)
{
    return (unsigned int) type < OFPACT_N_TYPES ? type_names[type] : NULL;
}

bool
ofpact_is_instruction(enum ofpact_type type)
{
    return type >= OFPACT_METER && type <= OFPACT_GOTO_TABLE;
}

/* Building. */

struct ofpact *
ofpact_put(struct buffer *b, enum ofpact_type type, size_t size)
{
    size_t len = ROUND_UP(size, OFPACT_ALIGN);
    struct ofpact *a = buffer_put_zeros(b, len);
    a->type = type;
    a->raw = OFPACT_RAW_DEFAULT;
    a->len = len;
    return a;
}

bool
ofpact_finish(struct buffer *b, size_t offset)
{
    size_t len = b->size - offset;
    size_t padded = ROUND_UP(len, OFPACT_ALIGN);
    if (padded > UINT16_MAX) {
        buffer_truncate(b, offset);
        return false;
    }
    buffer_put_zeros(b, padded - len);
    struct ofpact *a = buffer_at_assert(b, offset, sizeof *a);
    a->len = padded;
    return true;
}

/* Appends an action of TYPE whose struct is STRUCT and returns it typed. */
#define PUT(B, TYPE, STRUCT) \
    ((struct STRUCT *) (void *) ofpact_put(B, TYPE, sizeof(struct STRUCT)))

/* Ports. */

/* Returns true if PORT is a port an output action may name in a list
 * checked against MAX_PORTS. */
static bool
output_port_ok(uint32_t port, uint32_t max_ports)
{
    switch (port) {
    case OFPP_IN_PORT:
    case OFPP_TABLE:
    case OFPP_NORMAL:
    case OFPP_FLOOD:
    case OFPP_ALL:
    case OFPP_CONTROLLER:
    case OFPP_LOCAL:
        return true;
    default:
        return port < max_ports;
    }
}

/* Converts OpenFlow 1.1 port PORT and checks it as OpenFlow 1.1+ decoding
 * does: the numbers between OFPP_MAX and the reserved ports are invalid. */
static enum ofperr
port_from_ofp11(uint32_t port, uint32_t *out)
{
    if (port > OFPP_MAX && port < OFPP_IN_PORT) {
        return OFPERR_OFPBAC_BAD_OUT_PORT;
    }
    *out = port;
    return 0;
}

/* Decoding. */

struct decode_ctx {
    enum ofp_version version;
    struct buffer *out;
};

static enum ofperr decode_action_list(const uint8_t *p, size_t size,
                                      enum ofp_version version,
                                      struct buffer *out);

static void
put_output(struct buffer *out, uint32_t port, uint16_t max_len)
{
    if (port == OFPP_CONTROLLER) {
        struct ofpact_controller *c = PUT(out, OFPACT_CONTROLLER,
                                          ofpact_controller);
        c->max_len = max_len;
        c->controller_id = 0;
        c->reason = OFPR_ACTION;
    } else {
        struct ofpact_output *o = PUT(out, OFPACT_OUTPUT, ofpact_output);
        o->port = port;
        o->max_len = max_len;
    }
}

static enum ofperr
decode_output(struct buffer *out, uint32_t port, uint16_t max_len)
{
    if (!output_port_ok(port, OFPP_MAX)) {
        return OFPERR_OFPBAC_BAD_OUT_PORT;
    }
    put_output(out, port, max_len);
    return 0;
}

/* Stores in *MASK the mask of all of FIELD's bits. */
static void
field_full_mask(const struct mf_field *field, union mf_value *mask)
{
    union mf_subvalue sv;
    memset(&sv, 0, sizeof sv);
    for (unsigned int bit = 0; bit < field->n_bits && bit < 128; bit++) {
        sv.u8[15 - bit / 8] |= 1u << (bit % 8);
    }
    memset(mask, 0, sizeof *mask);
    mf_subvalue_to_value(field, &sv, mask);
}

/* Returns true if MASK covers all of FIELD's bits. */
static bool
mask_is_full(const struct mf_field *field, const union mf_value *mask)
{
    union mf_value full;
    field_full_mask(field, &full);
    for (size_t i = 0; i < field->n_bytes; i++) {
        if ((mask->b[i] & full.b[i]) != full.b[i]) {
            return false;
        }
    }
    return true;
}

static void
put_set_field(struct buffer *out, enum mf_field_id id,
              const union mf_value *value, const union mf_value *mask,
              enum ofpact_raw raw)
{
    struct ofpact_set_field *sf = PUT(out, OFPACT_SET_FIELD,
                                      ofpact_set_field);
    sf->ofpact.raw = raw;
    sf->field = mf_from_id(id);
    sf->value = *value;
    field_full_mask(sf->field, &sf->mask);
    for (size_t i = 0; mask && i < sizeof sf->mask; i++) {
        sf->mask.b[i] &= mask->b[i];
    }
    for (size_t i = 0; i < sizeof sf->value; i++) {
        sf->value.b[i] &= sf->mask.b[i];
    }
}

/* Returns true if the N bytes at P are zero. */
static bool
zeros(const uint8_t *p, size_t n)
{
    return is_all_zeros(p, n);
}

/* Sets SV to the subfield bits of VALUE under MASK of FIELD.  Returns true
 * if MASK is one contiguous run of 1-bits, storing the run in *SF and the
 * right-aligned value in *SV. */
static bool
mask_to_subfield(const struct mf_field *field, const union mf_value *value,
                 const union mf_value *mask, struct mf_subfield *sf,
                 union mf_subvalue *sv)
{
    union mf_subvalue v, m;
    mf_value_to_subvalue(field, value, &v);
    mf_value_to_subvalue(field, mask, &m);

    int lo = -1, hi = -1;
    for (int bit = 0; bit < 128; bit++) {
        bool set = m.u8[15 - bit / 8] & (1u << (bit % 8));
        if (set) {
            if (lo < 0) {
                lo = bit;
            } else if (hi != bit - 1) {
                return false;
            }
            hi = bit;
        }
    }
    if (lo < 0) {
        return false;
    }
    sf->field = field;
    sf->ofs = lo;
    sf->n_bits = hi - lo + 1;

    /* Shift V right by LO bits. */
    memset(sv, 0, sizeof *sv);
    for (int bit = 0; bit + lo < 128 && bit < (int) sf->n_bits; bit++) {
        int src = bit + lo;
        if (v.u8[15 - src / 8] & (1u << (src % 8))) {
            sv->u8[15 - bit / 8] |= 1u << (bit % 8);
        }
    }
    return true;
}

/* Builds the value and mask of a load of SV into subfield SF. */
static void
subfield_to_mask(const struct mf_subfield *sf, const union mf_subvalue *sv,
                 union mf_value *value, union mf_value *mask)
{
    union mf_subvalue v, m;
    memset(&v, 0, sizeof v);
    memset(&m, 0, sizeof m);
    for (unsigned int bit = 0; bit < sf->n_bits; bit++) {
        unsigned int dst = bit + sf->ofs;
        if (dst >= 128) {
            break;
        }
        m.u8[15 - dst / 8] |= 1u << (dst % 8);
        if (sv->u8[15 - bit / 8] & (1u << (bit % 8))) {
            v.u8[15 - dst / 8] |= 1u << (dst % 8);
        }
    }
    mf_subvalue_to_value(sf->field, &v, value);
    mf_subvalue_to_value(sf->field, &m, mask);
}

/* Checks that SF lies within a field, as Nicira decoding does. */
static enum ofperr
check_subfield(const struct mf_subfield *sf)
{
    return (sf->n_bits && mf_subfield_is_valid(sf)
            ? 0 : OFPERR_OFPBAC_BAD_SET_ARGUMENT);
}

static enum ofperr
decode_reg_load(const uint8_t *a, struct buffer *out)
{
    uint16_t ofs_nbits = rd16(a, 10);
    const struct mf_field *field = mf_from_nxm_header(rd32(a, 12));
    uint64_t value = rd64(a, 16);

    if (!field) {
        return OFPERR_OFPBMC_BAD_FIELD;
    }
    if (!field->writable) {
        return OFPERR_OFPBAC_BAD_SET_ARGUMENT;
    }
    struct mf_subfield sf = {
        .field = field,
        .ofs = ofs_nbits >> 6,
        .n_bits = (ofs_nbits & 0x3f) + 1,
    };
    enum ofperr error = check_subfield(&sf);
    if (error) {
        return error;
    }
    if (sf.n_bits < 64 && value >> sf.n_bits) {
        return OFPERR_OFPBAC_BAD_ARGUMENT;
    }

    union mf_subvalue sv;
    memset(&sv, 0, sizeof sv);
    sv.be64[1] = htonll(value);
    union mf_value v, m;
    subfield_to_mask(&sf, &sv, &v, &m);
    put_set_field(out, field->id, &v, &m, OFPACT_RAW_LOAD);
    return 0;
}

/* Decodes the OXM TLV of a set_field (OFPAT12_SET_FIELD, at OFS in the LEN
 * bytes at A) or of a Nicira reg_load2. */
static enum ofperr
decode_set_field(const uint8_t *a, size_t len, size_t ofs, bool may_mask,
                 enum ofpact_raw raw, struct buffer *out)
{
    const uint8_t *p = a + ofs;
    size_t size = len - ofs;

    if (size < 4) {
        return OFPERR_OFPBAC_BAD_SET_LEN;
    }
    uint32_t header = rd32(p, 0);
    if (NXM_HASMASK(header) && !may_mask) {
        return OFPERR_OFPBAC_BAD_SET_MASK;
    }
    if (!mf_from_nxm_header(header)) {
        return OFPERR_OFPBAC_BAD_SET_TYPE;
    }
    if (4 + NXM_LENGTH(header) > size
        || ROUND_UP(ofs + 4 + NXM_LENGTH(header), 8) != len) {
        return OFPERR_OFPBAC_BAD_SET_LEN;
    }

    const struct mf_field *field;
    union mf_value value, mask;
    enum ofperr error = nx_pull_entry(&p, &size, &field, &value, &mask);
    if (error == OFPERR_OFPBMC_BAD_MASK) {
        return OFPERR_OFPBAC_BAD_SET_MASK;
    } else if (error == OFPERR_OFPBMC_BAD_LEN) {
        return OFPERR_OFPBAC_BAD_SET_LEN;
    } else if (error == OFPERR_OFPBMC_BAD_FIELD) {
        return OFPERR_OFPBAC_BAD_SET_TYPE;
    } else if (error) {
        return OFPERR_OFPBAC_BAD_SET_ARGUMENT;
    }
    if (!zeros(p, size)) {
        return OFPERR_OFPBAC_BAD_SET_ARGUMENT;
    }
    if (field->id == MFF_IN_PORT || !field->writable
        || !mf_is_value_valid(field, &value)) {
        return OFPERR_OFPBAC_BAD_SET_ARGUMENT;
    }
    if (field->id == MFF_VLAN_VID
        && (!(value.be16 & htons(OFPVID_PRESENT))
            || !(mask.be16 & htons(OFPVID_PRESENT)))) {
        return OFPERR_OFPBAC_BAD_SET_ARGUMENT;
    }
    put_set_field(out, field->id, &value, &mask, raw);
    return 0;
}

static enum ofperr
decode_reg_move(const uint8_t *a, struct buffer *out, uint16_t n_bits,
                uint16_t src_ofs, uint16_t dst_ofs, size_t hdr_ofs,
                size_t len)
{
    const uint8_t *p = a + hdr_ofs;
    size_t size = len - hdr_ofs;
    const struct mf_field *src, *dst;
    enum ofperr error;

    error = nx_pull_header(&p, &size, &src);
    if (!error) {
        error = nx_pull_header(&p, &size, &dst);
    }
    if (error) {
        return error;
    }
    if (!zeros(p, size)) {
        return OFPERR_NXBRC_MUST_BE_ZERO;
    }

    struct ofpact_reg_move *move = PUT(out, OFPACT_REG_MOVE,
                                       ofpact_reg_move);
    move->src = (struct mf_subfield) { src, src_ofs, n_bits };
    move->dst = (struct mf_subfield) { dst, dst_ofs, n_bits };
    error = check_subfield(&move->src);
    if (!error) {
        error = check_subfield(&move->dst);
    }
    if (!error && !dst->writable) {
        error = OFPERR_OFPBAC_BAD_SET_ARGUMENT;
    }
    return error;
}

static enum ofperr
decode_nx_action(const uint8_t *a, size_t len, struct buffer *out)
{
    if (len < 16) {
        return OFPERR_OFPBAC_BAD_LEN;
    }
    if (rd32(a, 4) != NX_VENDOR_ID) {
        return OFPERR_OFPBAC_BAD_VENDOR;
    }

    uint16_t subtype = rd16(a, 8);
    size_t fixed;
    switch (subtype) {
    case NXAST_RESUBMIT:
    case NXAST_SET_QUEUE:
    case NXAST_POP_QUEUE:
    case NXAST_RESUBMIT_TABLE:
    case NXAST_DEC_TTL:
    case NXAST_CONTROLLER:
    case NXAST_SET_MPLS_TTL:
    case NXAST_DEC_MPLS_TTL:
    case NXAST_GROUP:
        fixed = 16;
        break;
    case NXAST_REG_MOVE:
    case NXAST_REG_LOAD:
    case NXAST_OUTPUT_REG:
        fixed = 24;
        break;
    case NXAST_WRITE_METADATA:
        fixed = 32;
        break;
    case NXAST_NOTE:
    case NXAST_DEC_TTL_CNT_IDS:
    case NXAST_REG_LOAD2:
        fixed = 0;
        break;
    default:
        return OFPERR_OFPBAC_BAD_VENDOR_TYPE;
    }
    if (fixed && len != fixed) {
        return OFPERR_OFPBAC_BAD_LEN;
    }

    switch (subtype) {
    case NXAST_RESUBMIT:
    case NXAST_RESUBMIT_TABLE: {
        struct ofpact_resubmit *r;
        if (subtype == NXAST_RESUBMIT_TABLE && !zeros(a + 13, 3)) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        r = PUT(out, OFPACT_RESUBMIT, ofpact_resubmit);
        r->in_port = ofp10_port_to_port(rd16(a, 10));
        r->table_id = subtype == NXAST_RESUBMIT ? 0xff : a[12];
        return 0;
    }

    case NXAST_SET_QUEUE:
        PUT(out, OFPACT_SET_QUEUE, ofpact_queue)->queue_id = rd32(a, 12);
        return 0;

    case NXAST_POP_QUEUE:
        ofpact_put(out, OFPACT_POP_QUEUE, sizeof(struct ofpact));
        return 0;

    case NXAST_REG_MOVE:
        return decode_reg_move(a, out, rd16(a, 10), rd16(a, 12),
                               rd16(a, 14), 16, len);

    case NXAST_REG_LOAD:
        return decode_reg_load(a, out);

    case NXAST_REG_LOAD2:
        if (len < 16) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
        return decode_set_field(a, len, 10, true, OFPACT_RAW_SET_FIELD,
                                out);

    case NXAST_NOTE: {
        size_t ofs = out->size;
        struct ofpact_note *note = PUT(out, OFPACT_NOTE, ofpact_note);
        note->length = len - 10;
        buffer_put(out, a + 10, len - 10);
        ignore(ofpact_finish(out, ofs));
        return 0;
    }

    case NXAST_OUTPUT_REG: {
        const struct mf_field *field = mf_from_nxm_header(rd32(a, 12));
        uint16_t ofs_nbits = rd16(a, 10);
        if (!zeros(a + 18, 6)) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        if (!field) {
            return OFPERR_OFPBMC_BAD_FIELD;
        }
        struct mf_subfield src = { field, ofs_nbits >> 6,
                                   (ofs_nbits & 0x3f) + 1 };
        enum ofperr error = check_subfield(&src);
        if (error) {
            return error;
        }
        struct ofpact_output_reg *o = PUT(out, OFPACT_OUTPUT_REG,
                                          ofpact_output_reg);
        o->src = src;
        o->max_len = rd16(a, 16);
        return 0;
    }

    case NXAST_DEC_TTL: {
        size_t ofs = out->size;
        ofpact_put(out, OFPACT_DEC_TTL, sizeof(struct ofpact_cnt_ids));
        uint16_t zero = 0;
        buffer_put(out, &zero, sizeof zero);
        ignore(ofpact_finish(out, ofs));
        struct ofpact_cnt_ids *ids = buffer_at_assert(out, ofs,
                                                      sizeof *ids);
        ids->n_controllers = 1;
        return 0;
    }

    case NXAST_DEC_TTL_CNT_IDS: {
        uint16_t n = rd16(a, 10);
        if (len < ROUND_UP(16 + 2 * (size_t) n, 8)) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
        if (!zeros(a + 12, 4) || !zeros(a + 16 + 2 * n, len - 16 - 2 * n)) {
            return OFPERR_NXBRC_MUST_BE_ZERO;
        }
        size_t ofs = out->size;
        ofpact_put(out, OFPACT_DEC_TTL, sizeof(struct ofpact_cnt_ids));
        for (size_t i = 0; i < n; i++) {
            uint16_t id = rd16(a, 16 + 2 * i);
            buffer_put(out, &id, sizeof id);
        }
        ignore(ofpact_finish(out, ofs));
        struct ofpact_cnt_ids *ids = buffer_at_assert(out, ofs,
                                                      sizeof *ids);
        ids->n_controllers = n;
        ids->ids_given = true;
        return 0;
    }

    case NXAST_CONTROLLER: {
        if (a[15]) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        struct ofpact_controller *c = PUT(out, OFPACT_CONTROLLER,
                                          ofpact_controller);
        c->max_len = rd16(a, 10);
        c->controller_id = rd16(a, 12);
        c->reason = a[14];
        return 0;
    }

    case NXAST_WRITE_METADATA: {
        if (!zeros(a + 10, 6)) {
            return OFPERR_NXBRC_MUST_BE_ZERO;
        }
        struct ofpact_metadata *m = PUT(out, OFPACT_WRITE_METADATA,
                                        ofpact_metadata);
        m->metadata = htonll(rd64(a, 16));
        m->mask = htonll(rd64(a, 24));
        m->metadata &= m->mask;
        return 0;
    }

    case NXAST_SET_MPLS_TTL:
        PUT(out, OFPACT_SET_MPLS_TTL, ofpact_u8)->value = a[10];
        return 0;

    case NXAST_DEC_MPLS_TTL:
        ofpact_put(out, OFPACT_DEC_MPLS_TTL, sizeof(struct ofpact));
        return 0;

    case NXAST_GROUP:
        PUT(out, OFPACT_GROUP, ofpact_group)->group_id = rd32(a, 12);
        return 0;
    }
    return OFPERR_OFPBAC_BAD_VENDOR_TYPE;
}

static enum ofperr
decode_of10_action(const uint8_t *a, size_t len, struct buffer *out)
{
    uint16_t type = rd16(a, 0);
    size_t want;

    switch (type) {
    case OFPAT10_SET_DL_SRC:
    case OFPAT10_SET_DL_DST:
    case OFPAT10_ENQUEUE:
        want = 16;
        break;
    case OFPAT10_OUTPUT:
    case OFPAT10_SET_VLAN_VID:
    case OFPAT10_SET_VLAN_PCP:
    case OFPAT10_STRIP_VLAN:
    case OFPAT10_SET_NW_SRC:
    case OFPAT10_SET_NW_DST:
    case OFPAT10_SET_NW_TOS:
    case OFPAT10_SET_TP_SRC:
    case OFPAT10_SET_TP_DST:
        want = 8;
        break;
    case OFPAT_VENDOR:
        return decode_nx_action(a, len, out);
    default:
        return OFPERR_OFPBAC_BAD_TYPE;
    }
    if (len != want) {
        return OFPERR_OFPBAC_BAD_LEN;
    }

    switch (type) {
    case OFPAT10_OUTPUT: {
        uint16_t port = rd16(a, 4);
        if (port >= OFPP10_MAX && port < OFPP10_IN_PORT) {
            return OFPERR_OFPBAC_BAD_OUT_PORT;
        }
        return decode_output(out, ofp10_port_to_port(port), rd16(a, 6));
    }
    case OFPAT10_SET_VLAN_VID: {
        uint16_t vid = rd16(a, 4);
        if (vid & ~VLAN_VID_MASK) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        struct ofpact_vlan_vid *v = PUT(out, OFPACT_SET_VLAN_VID,
                                        ofpact_vlan_vid);
        v->vlan_vid = vid;
        v->push_vlan_if_needed = true;
        return 0;
    }
    case OFPAT10_SET_VLAN_PCP: {
        if (a[4] & ~7) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        struct ofpact_vlan_pcp *v = PUT(out, OFPACT_SET_VLAN_PCP,
                                        ofpact_vlan_pcp);
        v->vlan_pcp = a[4];
        v->push_vlan_if_needed = true;
        return 0;
    }
    case OFPAT10_STRIP_VLAN:
        ofpact_put(out, OFPACT_STRIP_VLAN, sizeof(struct ofpact))->raw
            = OFPACT_RAW_STRIP_VLAN;
        return 0;
    case OFPAT10_SET_DL_SRC:
    case OFPAT10_SET_DL_DST:
        memcpy(PUT(out, type == OFPAT10_SET_DL_SRC ? OFPACT_SET_ETH_SRC
                   : OFPACT_SET_ETH_DST, ofpact_mac)->mac.ea, a + 4, 6);
        return 0;
    case OFPAT10_SET_NW_SRC:
    case OFPAT10_SET_NW_DST:
        PUT(out, type == OFPAT10_SET_NW_SRC ? OFPACT_SET_IPV4_SRC
            : OFPACT_SET_IPV4_DST, ofpact_ipv4)->ipv4
            = get_unaligned_be32(a + 4);
        return 0;
    case OFPAT10_SET_NW_TOS:
        if (a[4] & 3) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        PUT(out, OFPACT_SET_IP_DSCP, ofpact_u8)->value = a[4];
        return 0;
    case OFPAT10_SET_TP_SRC:
    case OFPAT10_SET_TP_DST:
        PUT(out, type == OFPAT10_SET_TP_SRC ? OFPACT_SET_L4_SRC_PORT
            : OFPACT_SET_L4_DST_PORT, ofpact_l4_port)->port = rd16(a, 4);
        return 0;
    case OFPAT10_ENQUEUE: {
        uint32_t port = ofp10_port_to_port(rd16(a, 4));
        if (port >= OFPP10_MAX && port != OFPP_IN_PORT
            && port != OFPP_LOCAL) {
            return OFPERR_OFPBAC_BAD_OUT_PORT;
        }
        struct ofpact_enqueue *e = PUT(out, OFPACT_ENQUEUE, ofpact_enqueue);
        e->port = port;
        e->queue = rd32(a, 12);
        return 0;
    }
    }
    return OFPERR_OFPBAC_BAD_TYPE;
}

static enum ofperr
decode_of11_action(const uint8_t *a, size_t len, enum ofp_version version,
                   struct buffer *out)
{
    uint16_t type = rd16(a, 0);
    bool of11 = version == OFP11_VERSION;
    bool of15 = version >= OFP15_VERSION;
    size_t want = 8;

    switch (type) {
    case OFPAT11_OUTPUT:
        want = 16;
        break;
    case OFPAT11_SET_DL_SRC:
    case OFPAT11_SET_DL_DST:
        if (!of11) {
            return OFPERR_OFPBAC_BAD_TYPE;
        }
        want = 16;
        break;
    case OFPAT11_SET_VLAN_VID:
    case OFPAT11_SET_VLAN_PCP:
    case OFPAT11_SET_NW_SRC:
    case OFPAT11_SET_NW_DST:
    case OFPAT11_SET_NW_TOS:
    case OFPAT11_SET_NW_ECN:
    case OFPAT11_SET_TP_SRC:
    case OFPAT11_SET_TP_DST:
        if (!of11) {
            return OFPERR_OFPBAC_BAD_TYPE;
        }
        break;
    case OFPAT11_SET_MPLS_TTL:
    case OFPAT11_DEC_MPLS_TTL:
    case OFPAT11_PUSH_VLAN:
    case OFPAT11_POP_VLAN:
    case OFPAT11_SET_QUEUE:
    case OFPAT11_GROUP:
    case OFPAT11_SET_NW_TTL:
    case OFPAT11_DEC_NW_TTL:
        break;
    case OFPAT12_SET_FIELD:
        if (of11) {
            return OFPERR_OFPBAC_BAD_TYPE;
        }
        return decode_set_field(a, len, 4, of15, OFPACT_RAW_SET_FIELD, out);
    case OFPAT15_COPY_FIELD:
        if (!of15) {
            return OFPERR_OFPBAC_BAD_TYPE;
        }
        if (len < 16) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
        if (rd16(a, 10)) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        return decode_reg_move(a, out, rd16(a, 4), rd16(a, 6), rd16(a, 8),
                               12, len);
    case OFPAT15_METER:
        if (!of15) {
            return OFPERR_OFPBAC_BAD_TYPE;
        }
        break;
    case OFPAT_VENDOR:
        return decode_nx_action(a, len, out);
    default:
        return OFPERR_OFPBAC_BAD_TYPE;
    }
    if (len != want) {
        return OFPERR_OFPBAC_BAD_LEN;
    }

    switch (type) {
    case OFPAT11_OUTPUT: {
        uint32_t port;
        enum ofperr error = port_from_ofp11(rd32(a, 4), &port);
        return error ? error : decode_output(out, port, rd16(a, 8));
    }
    case OFPAT11_SET_VLAN_VID: {
        uint16_t vid = rd16(a, 4);
        if (vid & ~VLAN_VID_MASK) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        struct ofpact_vlan_vid *v = PUT(out, OFPACT_SET_VLAN_VID,
                                        ofpact_vlan_vid);
        v->ofpact.raw = OFPACT_RAW_OF11_SET_VLAN;
        v->vlan_vid = vid;
        return 0;
    }
    case OFPAT11_SET_VLAN_PCP: {
        if (a[4] & ~7) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        struct ofpact_vlan_pcp *v = PUT(out, OFPACT_SET_VLAN_PCP,
                                        ofpact_vlan_pcp);
        v->ofpact.raw = OFPACT_RAW_OF11_SET_VLAN;
        v->vlan_pcp = a[4];
        return 0;
    }
    case OFPAT11_SET_DL_SRC:
    case OFPAT11_SET_DL_DST:
        memcpy(PUT(out, type == OFPAT11_SET_DL_SRC ? OFPACT_SET_ETH_SRC
                   : OFPACT_SET_ETH_DST, ofpact_mac)->mac.ea, a + 4, 6);
        return 0;
    case OFPAT11_SET_NW_SRC:
    case OFPAT11_SET_NW_DST:
        PUT(out, type == OFPAT11_SET_NW_SRC ? OFPACT_SET_IPV4_SRC
            : OFPACT_SET_IPV4_DST, ofpact_ipv4)->ipv4
            = get_unaligned_be32(a + 4);
        return 0;
    case OFPAT11_SET_NW_TOS:
        if (a[4] & 3) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        PUT(out, OFPACT_SET_IP_DSCP, ofpact_u8)->value = a[4];
        return 0;
    case OFPAT11_SET_NW_ECN:
        if (a[4] & ~3) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        PUT(out, OFPACT_SET_IP_ECN, ofpact_u8)->value = a[4];
        return 0;
    case OFPAT11_SET_TP_SRC:
    case OFPAT11_SET_TP_DST:
        PUT(out, type == OFPAT11_SET_TP_SRC ? OFPACT_SET_L4_SRC_PORT
            : OFPACT_SET_L4_DST_PORT, ofpact_l4_port)->port = rd16(a, 4);
        return 0;
    case OFPAT11_SET_MPLS_TTL:
        PUT(out, OFPACT_SET_MPLS_TTL, ofpact_u8)->value = a[4];
        return 0;
    case OFPAT11_DEC_MPLS_TTL:
        ofpact_put(out, OFPACT_DEC_MPLS_TTL, sizeof(struct ofpact));
        return 0;
    case OFPAT11_PUSH_VLAN: {
        uint16_t eth_type = rd16(a, 4);
        if (eth_type != ETH_TYPE_VLAN_8021Q
            && eth_type != ETH_TYPE_VLAN_8021AD) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        PUT(out, OFPACT_PUSH_VLAN, ofpact_push_vlan)->ethertype
            = htons(eth_type);
        return 0;
    }
    case OFPAT11_POP_VLAN:
        ofpact_put(out, OFPACT_STRIP_VLAN, sizeof(struct ofpact))->raw
            = OFPACT_RAW_POP_VLAN;
        return 0;
    case OFPAT11_SET_QUEUE:
        PUT(out, OFPACT_SET_QUEUE, ofpact_queue)->queue_id = rd32(a, 4);
        return 0;
    case OFPAT11_GROUP:
        PUT(out, OFPACT_GROUP, ofpact_group)->group_id = rd32(a, 4);
        return 0;
    case OFPAT11_SET_NW_TTL:
        PUT(out, OFPACT_SET_IP_TTL, ofpact_u8)->value = a[4];
        return 0;
    case OFPAT11_DEC_NW_TTL: {
        size_t ofs = out->size;
        ofpact_put(out, OFPACT_DEC_TTL, sizeof(struct ofpact_cnt_ids));
        uint16_t zero = 0;
        buffer_put(out, &zero, sizeof zero);
        ignore(ofpact_finish(out, ofs));
        struct ofpact_cnt_ids *ids = buffer_at_assert(out, ofs,
                                                      sizeof *ids);
        ids->n_controllers = 1;
        return 0;
    }
    case OFPAT15_METER:
        PUT(out, OFPACT_METER, ofpact_meter)->meter_id = rd32(a, 4);
        return 0;
    }
    return OFPERR_OFPBAC_BAD_TYPE;
}

/* Decodes SIZE bytes of VERSION actions at P, appending to OUT. */
static enum ofperr
decode_action_list(const uint8_t *p, size_t size, enum ofp_version version,
                   struct buffer *out)
{
    if (size % OFPACT_ALIGN) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    while (size) {
        if (size < 8) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
        uint16_t len = rd16(p, 2);
        if (len < 8 || len % OFPACT_ALIGN || len > size) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
        enum ofperr error = (version == OFP10_VERSION
                             ? decode_of10_action(p, len, out)
                             : decode_of11_action(p, len, version, out));
        if (error) {
            return error;
        }
        p += len;
        size -= len;
    }
    return 0;
}

static bool
version_ok(enum ofp_version version)
{
    return version >= OFP10_VERSION && version <= OFP15_VERSION;
}

/* Moves the METER action of the list from OFS to the end of B, if there
 * is one, to the front of that list. */
static void
move_meter_first(struct buffer *b, size_t ofs)
{
    uint8_t *start = (uint8_t *) b->data + ofs;
    size_t size = b->size - ofs;
    size_t pos = 0;
    while (pos < size) {
        struct ofpact *a = (struct ofpact *) (void *) (start + pos);
        if (a->type == OFPACT_METER && pos) {
            uint8_t meter[sizeof(struct ofpact_meter) + OFPACT_ALIGN];
            size_t len = a->len;
            memcpy(meter, a, len);
            memmove(start + len, start, pos);
            memcpy(start, meter, len);
            return;
        }
        pos += a->len;
    }
}

enum ofperr
ofpacts_decode_actions(const void *actions, size_t size,
                       enum ofp_version version, struct buffer *ofpacts)
{
    size_t orig = ofpacts->size;
    if (!version_ok(version)) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    enum ofperr error = decode_action_list(actions, size, version, ofpacts);
    if (!error) {
        /* A METER action (OpenFlow 1.5) belongs before the others; two of
         * them cannot be represented. */
        move_meter_first(ofpacts, orig);
        if (ofpacts_verify_order(buffer_at_assert(ofpacts, orig, 0),
                                 ofpacts->size - orig)) {
            error = OFPERR_OFPBAC_UNSUPPORTED_ORDER;
        }
    }
    if (error) {
        buffer_truncate(ofpacts, orig);
    }
    return error;
}

enum ofperr
ofpacts_decode_instructions(const void *insts_, size_t size,
                            enum ofp_version version,
                            struct buffer *ofpacts)
{
    const uint8_t *insts = insts_;
    const uint8_t *found[7] = { NULL };
    size_t found_len[7] = { 0 };

    if (!version_ok(version)) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    if (version == OFP10_VERSION) {
        return ofpacts_decode_actions(insts, size, version, ofpacts);
    }
    if (size % 8) {
        return OFPERR_OFPBIC_BAD_LEN;
    }

    /* Find each instruction. */
    for (size_t ofs = 0; ofs < size; ) {
        if (size - ofs < 8) {
            return OFPERR_OFPBIC_BAD_LEN;
        }
        uint16_t type = rd16(insts + ofs, 0);
        uint16_t len = rd16(insts + ofs, 2);
        if (len < 8 || len % 8 || len > size - ofs) {
            return OFPERR_OFPBIC_BAD_LEN;
        }
        if (type == OFPIT_EXPERIMENTER) {
            return OFPERR_OFPBIC_BAD_EXPERIMENTER;
        }
        if (type < OFPIT11_GOTO_TABLE || type > OFPIT13_METER
            || (type == OFPIT13_METER
                && (version < OFP13_VERSION || version > OFP14_VERSION))) {
            return OFPERR_OFPBIC_UNKNOWN_INST;
        }
        if (found[type]) {
            return OFPERR_OFPBIC_DUP_INST;
        }
        size_t want = (type == OFPIT11_WRITE_METADATA ? 24
                       : type == OFPIT11_WRITE_ACTIONS
                         || type == OFPIT11_APPLY_ACTIONS ? 0 : 8);
        if (want && len != want) {
            return OFPERR_OFPBIC_BAD_LEN;
        }
        found[type] = insts + ofs;
        found_len[type] = len;
        ofs += len;
    }

    /* Decode them in the canonical order. */
    size_t orig = ofpacts->size;
    enum ofperr error = 0;
    const uint8_t *i;
    if ((i = found[OFPIT13_METER]) != NULL) {
        PUT(ofpacts, OFPACT_METER, ofpact_meter)->meter_id = rd32(i, 4);
    }
    if ((i = found[OFPIT11_APPLY_ACTIONS]) != NULL) {
        size_t ofs = ofpacts->size;
        error = decode_action_list(i + 8, found_len[OFPIT11_APPLY_ACTIONS]
                                   - 8, version, ofpacts);
        if (!error) {
            move_meter_first(ofpacts, ofs);
        }
    }
    if (!error && found[OFPIT11_CLEAR_ACTIONS]) {
        ofpact_put(ofpacts, OFPACT_CLEAR_ACTIONS, sizeof(struct ofpact));
    }
    if (!error && (i = found[OFPIT11_WRITE_ACTIONS]) != NULL) {
        size_t ofs = ofpacts->size;
        ofpact_put(ofpacts, OFPACT_WRITE_ACTIONS, sizeof(struct ofpact_nest));
        error = decode_action_list(i + 8, found_len[OFPIT11_WRITE_ACTIONS]
                                   - 8, version, ofpacts);
        if (!error && !ofpact_finish(ofpacts, ofs)) {
            /* Too many actions to hold in one OFPACT_WRITE_ACTIONS. */
            error = OFPERR_OFPBAC_TOO_MANY;
        }
    }
    if (!error && (i = found[OFPIT11_WRITE_METADATA]) != NULL) {
        struct ofpact_metadata *m = PUT(ofpacts, OFPACT_WRITE_METADATA,
                                        ofpact_metadata);
        m->metadata = htonll(rd64(i, 8));
        m->mask = htonll(rd64(i, 16));
        if (m->metadata & ~m->mask) {
            error = OFPERR_OFPBIC_UNSUP_METADATA;
        }
    }
    if (!error && (i = found[OFPIT11_GOTO_TABLE]) != NULL) {
        PUT(ofpacts, OFPACT_GOTO_TABLE, ofpact_goto_table)->table_id = i[4];
    }
    if (!error) {
        error = ofpacts_verify_order(buffer_at_assert(ofpacts, orig, 0),
                                     ofpacts->size - orig);
    }
    if (error) {
        buffer_truncate(ofpacts, orig);
    }
    return error;
}

/* Order. */

/* Returns the position of TYPE in the instruction order: 0 for METER, 1
 * for a bare action, then 2 to 5 for the other instructions. */
static int
order_of(enum ofpact_type type)
{
    switch (type) {
    case OFPACT_METER:
        return 0;
    case OFPACT_CLEAR_ACTIONS:
        return 2;
    case OFPACT_WRITE_ACTIONS:
        return 3;
    case OFPACT_WRITE_METADATA:
        return 4;
    case OFPACT_GOTO_TABLE:
        return 5;
    default:
        return 1;
    }
}

enum ofperr
ofpacts_verify_order(const void *ofpacts, size_t len)
{
    int last = -1;
    OFPACT_FOR_EACH (a, ofpacts, len) {
        int order = order_of(a->type);
        if (order < last) {
            return OFPERR_OFPBIC_UNSUP_INST;
        } else if (order == last && order != 1) {
            return OFPERR_OFPBIC_DUP_INST;
        }
        last = order;
    }
    return 0;
}

/* Encoding. */

static uint8_t *
put_of_action(struct buffer *b, uint16_t type, size_t len)
{
    uint8_t *a = buffer_put_zeros(b, len);
    wr16(a, 0, type);
    wr16(a, 2, len);
    return a;
}

static uint8_t *
put_nx_action(struct buffer *b, uint16_t subtype, size_t len)
{
    uint8_t *a = put_of_action(b, OFPAT_VENDOR, len);
    wr32(a, 4, NX_VENDOR_ID);
    wr16(a, 8, subtype);
    return a;
}

/* Appends a header for FIELD as Nicira actions write it. */
static void
put_nx_field_header(struct buffer *b, const struct mf_field *field)
{
    nx_put_header(b, field, OFP10_VERSION);
}

/* Fixes the length of the action started at OFS in B after its variable
 * part: pads to 8 bytes and writes the length. */
static void
finish_wire_action(struct buffer *b, size_t ofs)
{
    size_t len = b->size - ofs;
    buffer_put_zeros(b, ROUND_UP(len, 8) - len);
    wr16(buffer_at_assert(b, ofs, 4), 2, b->size - ofs);
}

static void
encode_output(struct buffer *b, uint32_t port, uint16_t max_len,
              enum ofp_version version)
{
    if (version == OFP10_VERSION) {
        uint16_t p10;
        if (!port_to_ofp10_port(port, &p10)) {
            p10 = OFPP10_NONE;
        }
        uint8_t *a = put_of_action(b, OFPAT10_OUTPUT, 8);
        wr16(a, 4, p10);
        wr16(a, 6, max_len);
    } else {
        uint8_t *a = put_of_action(b, OFPAT11_OUTPUT, 16);
        wr32(a, 4, port);
        wr16(a, 8, max_len);
    }
}

/* Returns bit BIT of SV. */
static bool
subvalue_bit(const union mf_subvalue *sv, int bit)
{
    return (sv->u8[15 - bit / 8] >> (bit % 8)) & 1;
}

/* Appends set_field SF as Nicira reg_load actions, one for each run of
 * contiguous 1-bits in its mask (at most 64 bits each), as Open vSwitch
 * does; a field without an NXM or OXM header (none is writable today)
 * would take a reg_load2. */
static void
encode_load(struct buffer *b, const struct ofpact_set_field *sf)
{
    uint32_t header = mf_header_for_version(sf->field->id, OFP10_VERSION);
    union mf_subvalue v, m;

    if (!header) {
        size_t ofs = b->size;
        put_nx_action(b, NXAST_REG_LOAD2, 10);
        nx_put_entry(b, sf->field, OFP10_VERSION, &sf->value, &sf->mask);
        finish_wire_action(b, ofs);
        return;
    }

    mf_value_to_subvalue(sf->field, &sf->value, &v);
    mf_value_to_subvalue(sf->field, &sf->mask, &m);
    for (int bit = 0; bit < 128; ) {
        if (!subvalue_bit(&m, bit)) {
            bit++;
            continue;
        }
        int lo = bit;
        while (bit < 128 && subvalue_bit(&m, bit) && bit - lo < 64) {
            bit++;
        }
        int n = bit - lo;
        uint64_t value = 0;
        for (int i = n - 1; i >= 0; i--) {
            value = (value << 1) | subvalue_bit(&v, lo + i);
        }
        uint8_t *a = put_nx_action(b, NXAST_REG_LOAD, 24);
        wr16(a, 10, (lo << 6) | (n - 1));
        wr32(a, 12, header);
        put_unaligned_be64(a + 16, htonll(value));
    }
}

static void
encode_set_field_oxm(struct buffer *b, enum mf_field_id id,
                     const union mf_value *value, const union mf_value *mask,
                     enum ofp_version version)
{
    size_t ofs = b->size;
    put_of_action(b, OFPAT12_SET_FIELD, 4);
    nx_put_entry(b, mf_from_id(id), version, value, mask);
    finish_wire_action(b, ofs);
}

/* Appends a set of field ID to VALUE (exact) as VERSION writes it:
 * set_field for OpenFlow 1.2+, a Nicira load otherwise. */
static void
encode_set_exact(struct buffer *b, enum mf_field_id id,
                 const union mf_value *value, enum ofp_version version)
{
    if (version >= OFP12_VERSION && mf_oxm_header(id, version)) {
        encode_set_field_oxm(b, id, value, NULL, version);
    } else {
        struct ofpact_set_field sf;
        memset(&sf, 0, sizeof sf);
        sf.field = mf_from_id(id);
        sf.value = *value;
        field_full_mask(sf.field, &sf.mask);
        encode_load(b, &sf);
    }
}

static void
encode_push_vlan(struct buffer *b, uint16_t tpid)
{
    uint8_t *a = put_of_action(b, OFPAT11_PUSH_VLAN, 8);
    wr16(a, 4, tpid);
}

/* Tries to encode set_field SF as an OpenFlow 1.0 or 1.1 "set" action.
 * Returns true if it did. */
static bool
encode_set_field_old(struct buffer *b, const struct ofpact_set_field *sf,
                     enum ofp_version version)
{
    bool of10 = version == OFP10_VERSION;
    const union mf_value *v = &sf->value;
    uint8_t *a;

    if (!mask_is_full(sf->field, &sf->mask)) {
        return false;
    }
    switch (sf->field->id) {
    case MFF_ETH_SRC:
    case MFF_ETH_DST:
        a = put_of_action(b, (sf->field->id == MFF_ETH_SRC
                              ? (of10 ? OFPAT10_SET_DL_SRC
                                 : OFPAT11_SET_DL_SRC)
                              : (of10 ? OFPAT10_SET_DL_DST
                                 : OFPAT11_SET_DL_DST)), 16);
        memcpy(a + 4, v->mac.ea, 6);
        return true;
    case MFF_IPV4_SRC:
    case MFF_IPV4_DST:
        a = put_of_action(b, (sf->field->id == MFF_IPV4_SRC
                              ? (of10 ? OFPAT10_SET_NW_SRC
                                 : OFPAT11_SET_NW_SRC)
                              : (of10 ? OFPAT10_SET_NW_DST
                                 : OFPAT11_SET_NW_DST)), 8);
        put_unaligned_be32(a + 4, v->be32);
        return true;
    case MFF_IP_DSCP:
    case MFF_IP_DSCP_SHIFTED:
        a = put_of_action(b, of10 ? OFPAT10_SET_NW_TOS : OFPAT11_SET_NW_TOS,
                          8);
        a[4] = sf->field->id == MFF_IP_DSCP ? v->u8 : v->u8 << 2;
        return true;
    case MFF_IP_ECN:
        if (of10) {
            return false;
        }
        a = put_of_action(b, OFPAT11_SET_NW_ECN, 8);
        a[4] = v->u8;
        return true;
    case MFF_IP_TTL:
        if (of10) {
            return false;
        }
        a = put_of_action(b, OFPAT11_SET_NW_TTL, 8);
        a[4] = v->u8;
        return true;
    case MFF_TCP_SRC:
    case MFF_UDP_SRC:
    case MFF_SCTP_SRC:
        a = put_of_action(b, of10 ? OFPAT10_SET_TP_SRC : OFPAT11_SET_TP_SRC,
                          8);
        put_unaligned_be16(a + 4, v->be16);
        return true;
    case MFF_TCP_DST:
    case MFF_UDP_DST:
    case MFF_SCTP_DST:
        a = put_of_action(b, of10 ? OFPAT10_SET_TP_DST : OFPAT11_SET_TP_DST,
                          8);
        put_unaligned_be16(a + 4, v->be16);
        return true;
    case MFF_VLAN_VID:
        if (!(v->be16 & htons(OFPVID_PRESENT))) {
            return false;
        }
        a = put_of_action(b, of10 ? OFPAT10_SET_VLAN_VID
                          : OFPAT11_SET_VLAN_VID, 8);
        wr16(a, 4, ntohs(v->be16) & VLAN_VID_MASK);
        return true;
    case MFF_VLAN_PCP:
    case MFF_DL_VLAN_PCP:
        a = put_of_action(b, of10 ? OFPAT10_SET_VLAN_PCP
                          : OFPAT11_SET_VLAN_PCP, 8);
        a[4] = v->u8;
        return true;
    default:
        return false;
    }
}

static void
encode_set_field(struct buffer *b, const struct ofpact_set_field *sf,
                 enum ofp_version version)
{
    bool exact = mask_is_full(sf->field, &sf->mask);

    if (version >= OFP15_VERSION) {
        if (mf_header_for_version(sf->field->id, version)) {
            encode_set_field_oxm(b, sf->field->id, &sf->value,
                                 exact ? NULL : &sf->mask, version);
            return;
        }
    } else if (version >= OFP12_VERSION) {
        if (exact && sf->ofpact.raw != OFPACT_RAW_LOAD
            && mf_header_for_version(sf->field->id, version)) {
            encode_set_field_oxm(b, sf->field->id, &sf->value, NULL,
                                 version);
            return;
        }
    } else if (sf->ofpact.raw != OFPACT_RAW_LOAD
               && encode_set_field_old(b, sf, version)) {
        return;
    }
    encode_load(b, sf);
}

static void
encode_vlan(struct buffer *b, const struct ofpact *a,
            enum ofp_version version)
{
    bool vid = a->type == OFPACT_SET_VLAN_VID;
    const struct ofpact_vlan_vid *vv = (const void *) a;
    const struct ofpact_vlan_pcp *vp = (const void *) a;
    bool push = (vid ? vv->push_vlan_if_needed && !vv->flow_has_vlan
                 : vp->push_vlan_if_needed && !vp->flow_has_vlan);
    uint8_t *w;

    if (version == OFP10_VERSION) {
        w = put_of_action(b, vid ? OFPAT10_SET_VLAN_VID
                          : OFPAT10_SET_VLAN_PCP, 8);
        if (vid) {
            wr16(w, 4, vv->vlan_vid);
        } else {
            w[4] = vp->vlan_pcp;
        }
        return;
    }
    if (push) {
        encode_push_vlan(b, ETH_TYPE_VLAN_8021Q);
    }
    if (version == OFP11_VERSION) {
        w = put_of_action(b, vid ? OFPAT11_SET_VLAN_VID
                          : OFPAT11_SET_VLAN_PCP, 8);
        if (vid) {
            wr16(w, 4, vv->vlan_vid);
        } else {
            w[4] = vp->vlan_pcp;
        }
    } else {
        union mf_value v;
        memset(&v, 0, sizeof v);
        if (vid) {
            v.be16 = htons(vv->vlan_vid | OFPVID_PRESENT);
        } else {
            v.u8 = vp->vlan_pcp;
        }
        encode_set_field_oxm(b, vid ? MFF_VLAN_VID : MFF_VLAN_PCP, &v,
                             NULL, version);
    }
}

/* Encodes one of the set actions of OpenFlow 1.0 and 1.1 (mod_dl_src
 * and the like). */
static void
encode_old_set(struct buffer *b, const struct ofpact *a,
               enum ofp_version version)
{
    union mf_value v;
    enum mf_field_id id;

    memset(&v, 0, sizeof v);
    switch ((enum ofpact_type) a->type) {
    case OFPACT_SET_ETH_SRC:
    case OFPACT_SET_ETH_DST:
        id = a->type == OFPACT_SET_ETH_SRC ? MFF_ETH_SRC : MFF_ETH_DST;
        v.mac = ((const struct ofpact_mac *) (const void *) a)->mac;
        break;
    case OFPACT_SET_IPV4_SRC:
    case OFPACT_SET_IPV4_DST:
        id = a->type == OFPACT_SET_IPV4_SRC ? MFF_IPV4_SRC : MFF_IPV4_DST;
        v.be32 = ((const struct ofpact_ipv4 *) (const void *) a)->ipv4;
        break;
    case OFPACT_SET_IP_DSCP:
        id = MFF_IP_DSCP_SHIFTED;
        v.u8 = ((const struct ofpact_u8 *) (const void *) a)->value >> 2;
        break;
    case OFPACT_SET_IP_ECN:
        id = MFF_IP_ECN;
        v.u8 = ((const struct ofpact_u8 *) (const void *) a)->value;
        break;
    case OFPACT_SET_IP_TTL:
        id = MFF_IP_TTL;
        v.u8 = ((const struct ofpact_u8 *) (const void *) a)->value;
        break;
    case OFPACT_SET_L4_SRC_PORT:
    case OFPACT_SET_L4_DST_PORT: {
        const struct ofpact_l4_port *l4 = (const void *) a;
        bool src = a->type == OFPACT_SET_L4_SRC_PORT;
        id = (l4->flow_ip_proto == 17 ? (src ? MFF_UDP_SRC : MFF_UDP_DST)
              : l4->flow_ip_proto == 132 ? (src ? MFF_SCTP_SRC
                                            : MFF_SCTP_DST)
              : (src ? MFF_TCP_SRC : MFF_TCP_DST));
        v.be16 = htons(l4->port);
        break;
    }
    default:
        return;
    }

    if (id == MFF_IP_TTL && version >= OFP11_VERSION) {
        put_of_action(b, OFPAT11_SET_NW_TTL, 8)[4] = v.u8;
        return;
    } else if (version >= OFP12_VERSION) {
        encode_set_exact(b, id, &v, version);
        return;
    }

    /* OpenFlow 1.0 and 1.1 have these as actions, except that 1.0 lacks
     * ECN and TTL. */
    struct ofpact_set_field sf;
    memset(&sf, 0, sizeof sf);
    sf.field = mf_from_id(id);
    sf.value = v;
    field_full_mask(sf.field, &sf.mask);
    if (!encode_set_field_old(b, &sf, version)) {
        encode_load(b, &sf);
    }
}

static void encode_list(const void *ofpacts, size_t len,
                        enum ofp_version version, struct buffer *b);

static void
encode_action(const struct ofpact *a, enum ofp_version version,
              struct buffer *b)
{
    bool of10 = version == OFP10_VERSION;
    uint8_t *w;

    switch ((enum ofpact_type) a->type) {
    case OFPACT_OUTPUT: {
        const struct ofpact_output *o = (const void *) a;
        encode_output(b, o->port, o->max_len, version);
        break;
    }
    case OFPACT_CONTROLLER: {
        const struct ofpact_controller *c = (const void *) a;
        if (c->reason == OFPR_ACTION && !c->controller_id) {
            encode_output(b, OFPP_CONTROLLER, c->max_len, version);
        } else {
            w = put_nx_action(b, NXAST_CONTROLLER, 16);
            wr16(w, 10, c->max_len);
            wr16(w, 12, c->controller_id);
            w[14] = c->reason;
        }
        break;
    }
    case OFPACT_ENQUEUE: {
        const struct ofpact_enqueue *e = (const void *) a;
        if (of10) {
            uint16_t p10;
            if (!port_to_ofp10_port(e->port, &p10)) {
                p10 = OFPP10_NONE;
            }
            w = put_of_action(b, OFPAT10_ENQUEUE, 16);
            wr16(w, 4, p10);
            wr32(w, 12, e->queue);
        } else {
            w = put_of_action(b, OFPAT11_SET_QUEUE, 8);
            wr32(w, 4, e->queue);
            encode_output(b, e->port, UINT16_MAX, version);
            put_nx_action(b, NXAST_POP_QUEUE, 16);
        }
        break;
    }
    case OFPACT_OUTPUT_REG: {
        const struct ofpact_output_reg *o = (const void *) a;
        w = put_nx_action(b, NXAST_OUTPUT_REG, 24);
        wr16(w, 10, (o->src.ofs << 6) | (o->src.n_bits - 1));
        wr32(w, 12, mf_header_for_version(o->src.field->id,
                                          OFP10_VERSION));
        wr16(w, 16, o->max_len);
        break;
    }
    case OFPACT_GROUP: {
        uint32_t id = ((const struct ofpact_group *) (const void *) a)
                      ->group_id;
        if (of10) {
            wr32(put_nx_action(b, NXAST_GROUP, 16), 12, id);
        } else {
            wr32(put_of_action(b, OFPAT11_GROUP, 8), 4, id);
        }
        break;
    }
    case OFPACT_RESUBMIT: {
        const struct ofpact_resubmit *r = (const void *) a;
        uint16_t p10;
        if (!port_to_ofp10_port(r->in_port, &p10)) {
            p10 = OFPP10_NONE;
        }
        w = put_nx_action(b, NXAST_RESUBMIT_TABLE, 16);
        wr16(w, 10, p10);
        w[12] = r->table_id;
        break;
    }
    case OFPACT_SET_QUEUE: {
        uint32_t q = ((const struct ofpact_queue *) (const void *) a)
                     ->queue_id;
        if (of10) {
            wr32(put_nx_action(b, NXAST_SET_QUEUE, 16), 12, q);
        } else {
            wr32(put_of_action(b, OFPAT11_SET_QUEUE, 8), 4, q);
        }
        break;
    }
    case OFPACT_POP_QUEUE:
        put_nx_action(b, NXAST_POP_QUEUE, 16);
        break;
    case OFPACT_PUSH_VLAN:
        if (!of10) {
            encode_push_vlan(b, ntohs(((const struct ofpact_push_vlan *)
                                       (const void *) a)->ethertype));
        }
        break;
    case OFPACT_STRIP_VLAN:
        put_of_action(b, of10 ? OFPAT10_STRIP_VLAN : OFPAT11_POP_VLAN, 8);
        break;
    case OFPACT_SET_VLAN_VID:
    case OFPACT_SET_VLAN_PCP:
        encode_vlan(b, a, version);
        break;
    case OFPACT_SET_ETH_SRC:
    case OFPACT_SET_ETH_DST:
    case OFPACT_SET_IPV4_SRC:
    case OFPACT_SET_IPV4_DST:
    case OFPACT_SET_IP_DSCP:
    case OFPACT_SET_IP_ECN:
    case OFPACT_SET_IP_TTL:
    case OFPACT_SET_L4_SRC_PORT:
    case OFPACT_SET_L4_DST_PORT:
        encode_old_set(b, a, version);
        break;
    case OFPACT_SET_FIELD:
        encode_set_field(b, (const void *) a, version);
        break;
    case OFPACT_REG_MOVE: {
        const struct ofpact_reg_move *m = (const void *) a;
        size_t ofs = b->size;
        if (version >= OFP15_VERSION) {
            w = put_of_action(b, OFPAT15_COPY_FIELD, 12);
            wr16(w, 4, m->src.n_bits);
            wr16(w, 6, m->src.ofs);
            wr16(w, 8, m->dst.ofs);
            nx_put_header(b, m->src.field, version);
            nx_put_header(b, m->dst.field, version);
        } else {
            w = put_nx_action(b, NXAST_REG_MOVE, 16);
            wr16(w, 10, m->src.n_bits);
            wr16(w, 12, m->src.ofs);
            wr16(w, 14, m->dst.ofs);
            put_nx_field_header(b, m->src.field);
            put_nx_field_header(b, m->dst.field);
        }
        finish_wire_action(b, ofs);
        break;
    }
    case OFPACT_DEC_TTL: {
        const struct ofpact_cnt_ids *ids = (const void *) a;
        if (!ids->ids_given) {
            if (of10) {
                put_nx_action(b, NXAST_DEC_TTL, 16);
            } else {
                put_of_action(b, OFPAT11_DEC_NW_TTL, 8);
            }
        } else {
            size_t ofs = b->size;
            w = put_nx_action(b, NXAST_DEC_TTL_CNT_IDS, 16);
            wr16(w, 10, ids->n_controllers);
            for (size_t i = 0; i < ids->n_controllers; i++) {
                be16 id = htons(ids->cnt_ids[i]);
                buffer_put(b, &id, sizeof id);
            }
            finish_wire_action(b, ofs);
        }
        break;
    }
    case OFPACT_SET_MPLS_TTL: {
        uint8_t ttl = ((const struct ofpact_u8 *) (const void *) a)->value;
        if (of10) {
            put_nx_action(b, NXAST_SET_MPLS_TTL, 16)[10] = ttl;
        } else {
            put_of_action(b, OFPAT11_SET_MPLS_TTL, 8)[4] = ttl;
        }
        break;
    }
    case OFPACT_DEC_MPLS_TTL:
        if (of10) {
            put_nx_action(b, NXAST_DEC_MPLS_TTL, 16);
        } else {
            put_of_action(b, OFPAT11_DEC_MPLS_TTL, 8);
        }
        break;
    case OFPACT_NOTE: {
        const struct ofpact_note *n = (const void *) a;
        size_t ofs = b->size;
        put_nx_action(b, NXAST_NOTE, 10);
        buffer_put(b, n->data, n->length);
        if (b->size - ofs < 16) {
            buffer_put_zeros(b, 16 - (b->size - ofs));
        }
        finish_wire_action(b, ofs);
        break;
    }
    case OFPACT_METER:
        if (version >= OFP15_VERSION) {
            wr32(put_of_action(b, OFPAT15_METER, 8), 4,
                 ((const struct ofpact_meter *) (const void *) a)->meter_id);
        }
        break;
    case OFPACT_WRITE_METADATA:
        if (of10) {
            const struct ofpact_metadata *m = (const void *) a;
            w = put_nx_action(b, NXAST_WRITE_METADATA, 32);
            put_unaligned_be64(w + 16, m->metadata);
            put_unaligned_be64(w + 24, m->mask);
        }
        break;
    case OFPACT_GOTO_TABLE:
        if (of10) {
            w = put_nx_action(b, NXAST_RESUBMIT_TABLE, 16);
            wr16(w, 10, OFPP10_IN_PORT);
            w[12] = ((const struct ofpact_goto_table *) (const void *) a)
                    ->table_id;
        }
        break;
    case OFPACT_CLEAR_ACTIONS:
    case OFPACT_WRITE_ACTIONS:
        break;
    }
}

static void
encode_list(const void *ofpacts, size_t len, enum ofp_version version,
            struct buffer *b)
{
    OFPACT_FOR_EACH (a, ofpacts, len) {
        encode_action(a, version, b);
    }
}

size_t
ofpacts_encode_actions(const void *ofpacts, size_t len,
                       enum ofp_version version, struct buffer *b)
{
    size_t orig = b->size;
    OFPACT_FOR_EACH (a, ofpacts, len) {
        if (!ofpact_is_instruction(a->type)
            || (a->type == OFPACT_METER && version >= OFP15_VERSION)
            || version == OFP10_VERSION) {
            encode_action(a, version, b);
        }
    }
    return b->size - orig;
}

static uint8_t *
put_instruction(struct buffer *b, uint16_t type, size_t len)
{
    uint8_t *i = buffer_put_zeros(b, len);
    wr16(i, 0, type);
    wr16(i, 2, len);
    return i;
}

size_t
ofpacts_encode_instructions(const void *ofpacts, size_t len,
                            enum ofp_version version, struct buffer *b)
{
    size_t orig = b->size;
    if (version == OFP10_VERSION) {
        return ofpacts_encode_actions(ofpacts, len, version, b);
    }

    /* Meter (1.3, 1.4), then the apply-actions, then the rest. */
    bool have_apply = false;
    OFPACT_FOR_EACH (a, ofpacts, len) {
        if (a->type == OFPACT_METER && version >= OFP13_VERSION
            && version <= OFP14_VERSION) {
            wr32(put_instruction(b, OFPIT13_METER, 8), 4,
                 ((const struct ofpact_meter *) (const void *) a)->meter_id);
        } else if (!ofpact_is_instruction(a->type)
                   || (a->type == OFPACT_METER
                       && version >= OFP15_VERSION)) {
            have_apply = true;
        }
    }
    if (have_apply) {
        size_t ofs = b->size;
        put_instruction(b, OFPIT11_APPLY_ACTIONS, 8);
        OFPACT_FOR_EACH (a, ofpacts, len) {
            if (!ofpact_is_instruction(a->type)
                || (a->type == OFPACT_METER && version >= OFP15_VERSION)) {
                encode_action(a, version, b);
            }
        }
        wr16(buffer_at_assert(b, ofs, 4), 2, b->size - ofs);
    }
    OFPACT_FOR_EACH (a, ofpacts, len) {
        uint8_t *i;
        switch ((enum ofpact_type) a->type) {
        case OFPACT_CLEAR_ACTIONS:
            put_instruction(b, OFPIT11_CLEAR_ACTIONS, 8);
            break;
        case OFPACT_WRITE_ACTIONS: {
            size_t ofs = b->size;
            put_instruction(b, OFPIT11_WRITE_ACTIONS, 8);
            encode_list(ofpact_nest_actions(a), ofpact_nest_size(a),
                        version, b);
            wr16(buffer_at_assert(b, ofs, 4), 2, b->size - ofs);
            break;
        }
        case OFPACT_WRITE_METADATA: {
            const struct ofpact_metadata *m = (const void *) a;
            i = put_instruction(b, OFPIT11_WRITE_METADATA, 24);
            put_unaligned_be64(i + 8, m->metadata);
            put_unaligned_be64(i + 16, m->mask);
            break;
        }
        case OFPACT_GOTO_TABLE:
            i = put_instruction(b, OFPIT11_GOTO_TABLE, 8);
            i[4] = ((const struct ofpact_goto_table *) (const void *) a)
                   ->table_id;
            break;
        default:
            break;
        }
    }
    return b->size - orig;
}

/* Validation. */

static bool
flow_has_vlan(const struct oflow *flow)
{
    return (flow->dp.vlans[0].tpid & htons(0x8000)) != 0;
}

static bool
flow_is_ip(const struct oflow *flow)
{
    return (flow->dp.dl_type == htons(ETH_TYPE_IP)
            || flow->dp.dl_type == htons(ETH_TYPE_IPV6));
}

static enum ofperr
check_field(const struct mf_field *field, const struct oflow *flow,
            bool have_match)
{
    return (!have_match || mf_are_prereqs_ok(field, flow)
            ? 0 : OFPERR_OFPBAC_MATCH_INCONSISTENT);
}

static enum ofperr
check_list(void *ofpacts, size_t len,
           const struct ofpact_check_params *p, struct oflow *flow,
           bool have_match)
{
    for (struct ofpact *a = ofpacts;
         (char *) a < (char *) ofpacts + len;
         a = (struct ofpact *) (void *) ((char *) a + a->len)) {
        enum ofperr error = 0;

        switch ((enum ofpact_type) a->type) {
        case OFPACT_OUTPUT: {
            uint32_t port = ((struct ofpact_output *) (void *) a)->port;
            if (!output_port_ok(port, p->max_ports)) {
                error = OFPERR_OFPBAC_BAD_OUT_PORT;
            }
            break;
        }
        case OFPACT_ENQUEUE: {
            uint32_t port = ((struct ofpact_enqueue *) (void *) a)->port;
            if (port >= p->max_ports && port != OFPP_IN_PORT
                && port != OFPP_LOCAL) {
                error = OFPERR_OFPBAC_BAD_OUT_PORT;
            }
            break;
        }
        case OFPACT_OUTPUT_REG: {
            struct ofpact_output_reg *o = (void *) a;
            error = check_subfield(&o->src);
            if (!error) {
                error = check_field(o->src.field, flow, have_match);
            }
            break;
        }
        case OFPACT_RESUBMIT: {
            struct ofpact_resubmit *r = (void *) a;
            if (r->table_id != 0xff && r->table_id >= p->n_tables) {
                error = OFPERR_OFPBRC_BAD_TABLE_ID;
            }
            break;
        }
        case OFPACT_PUSH_VLAN:
            flow->dp.vlans[0].tpid
                = ((struct ofpact_push_vlan *) (void *) a)->ethertype;
            break;
        case OFPACT_STRIP_VLAN:
            if (a->raw == OFPACT_RAW_POP_VLAN && have_match
                && !flow_has_vlan(flow)) {
                error = OFPERR_OFPBAC_MATCH_INCONSISTENT;
            }
            flow->dp.vlans[0].tpid = 0;
            flow->dp.vlans[0].tci = 0;
            break;
        case OFPACT_SET_VLAN_VID:
        case OFPACT_SET_VLAN_PCP: {
            bool *has, push;
            if (a->type == OFPACT_SET_VLAN_VID) {
                struct ofpact_vlan_vid *v = (void *) a;
                has = &v->flow_has_vlan;
                push = v->push_vlan_if_needed;
            } else {
                struct ofpact_vlan_pcp *v = (void *) a;
                has = &v->flow_has_vlan;
                push = v->push_vlan_if_needed;
            }
            *has = flow_has_vlan(flow);
            if (!*has && !push && have_match) {
                error = OFPERR_OFPBAC_MATCH_INCONSISTENT;
            }
            if (!*has) {
                flow->dp.vlans[0].tpid = htons(ETH_TYPE_VLAN_8021Q);
            }
            break;
        }
        case OFPACT_SET_IPV4_SRC:
        case OFPACT_SET_IPV4_DST:
            if (have_match && flow->dp.dl_type != htons(ETH_TYPE_IP)) {
                error = OFPERR_OFPBAC_MATCH_INCONSISTENT;
            }
            break;
        case OFPACT_SET_IP_DSCP:
        case OFPACT_SET_IP_ECN:
        case OFPACT_SET_IP_TTL:
            if (have_match && !flow_is_ip(flow)) {
                error = OFPERR_OFPBAC_MATCH_INCONSISTENT;
            }
            break;
        case OFPACT_SET_L4_SRC_PORT:
        case OFPACT_SET_L4_DST_PORT: {
            struct ofpact_l4_port *l4 = (void *) a;
            uint8_t proto = flow->dp.nw_proto;
            if (have_match && (!flow_is_ip(flow)
                               || (proto != 6 && proto != 17
                                   && proto != 132))) {
                error = OFPERR_OFPBAC_MATCH_INCONSISTENT;
            }
            l4->flow_ip_proto = proto;
            break;
        }
        case OFPACT_SET_FIELD: {
            struct ofpact_set_field *sf = (void *) a;
            error = check_field(sf->field, flow, have_match);
            if (!error && sf->field->id == MFF_VLAN_VID
                && (sf->value.be16 & htons(OFPVID_PRESENT))) {
                flow->dp.vlans[0].tpid |= htons(0x8000);
            }
            break;
        }
        case OFPACT_REG_MOVE: {
            struct ofpact_reg_move *m = (void *) a;
            error = check_subfield(&m->src);
            if (!error) {
                error = check_subfield(&m->dst);
            }
            if (!error && m->src.n_bits != m->dst.n_bits) {
                error = OFPERR_OFPBAC_BAD_SET_ARGUMENT;
            }
            if (!error) {
                error = check_field(m->src.field, flow, have_match);
            }
            if (!error) {
                error = check_field(m->dst.field, flow, have_match);
            }
            break;
        }
        case OFPACT_SET_MPLS_TTL:
        case OFPACT_DEC_MPLS_TTL:
            if (have_match && !eth_type_mpls(flow->dp.dl_type)) {
                error = OFPERR_OFPBAC_MATCH_INCONSISTENT;
            }
            break;
        case OFPACT_WRITE_ACTIONS: {
            struct oflow copy = *flow;
            error = check_list((char *) a + sizeof(struct ofpact_nest),
                               a->len - sizeof(struct ofpact_nest), p,
                               &copy, have_match);
            break;
        }
        case OFPACT_GOTO_TABLE: {
            uint8_t t = ((struct ofpact_goto_table *) (void *) a)->table_id;
            if ((p->table_id != 0xff && t <= p->table_id)
                || t >= p->n_tables) {
                error = OFPERR_OFPBIC_BAD_TABLE_ID;
            }
            break;
        }
        case OFPACT_CONTROLLER:
        case OFPACT_GROUP:
        case OFPACT_SET_QUEUE:
        case OFPACT_POP_QUEUE:
        case OFPACT_SET_ETH_SRC:
        case OFPACT_SET_ETH_DST:
        case OFPACT_DEC_TTL:
        case OFPACT_NOTE:
        case OFPACT_METER:
        case OFPACT_CLEAR_ACTIONS:
        case OFPACT_WRITE_METADATA:
            break;
        }
        if (error) {
            return error;
        }
    }
    return 0;
}

enum ofperr
ofpacts_check(void *ofpacts, size_t len,
              const struct ofpact_check_params *params)
{
    struct oflow flow;
    if (params->match) {
        flow = params->match->flow;
    } else {
        memset(&flow, 0, sizeof flow);
    }
    enum ofperr error = ofpacts_verify_order(ofpacts, len);
    return error ? error : check_list(ofpacts, len, params, &flow,
                                      params->match != NULL);
}

/* Comparison and queries. */

bool
ofpacts_equal(const void *a, size_t a_len, const void *b, size_t b_len)
{
    return a_len == b_len && !memcmp(a, b, a_len);
}

bool
ofpacts_output_to(const void *ofpacts, size_t len, uint32_t port,
                  uint32_t group)
{
    OFPACT_FOR_EACH (a, ofpacts, len) {
        switch (a->type) {
        case OFPACT_OUTPUT:
            if (((const struct ofpact_output *) (const void *) a)->port
                == port) {
                return true;
            }
            break;
        case OFPACT_ENQUEUE:
            if (((const struct ofpact_enqueue *) (const void *) a)->port
                == port) {
                return true;
            }
            break;
        case OFPACT_CONTROLLER:
            if (port == OFPP_CONTROLLER) {
                return true;
            }
            break;
        case OFPACT_GROUP:
            if (group != OFPG_ANY
                && ((const struct ofpact_group *) (const void *) a)->group_id
                   == group) {
                return true;
            }
            break;
        case OFPACT_WRITE_ACTIONS:
            if (ofpacts_output_to(ofpact_nest_actions(a),
                                  ofpact_nest_size(a), port, group)) {
                return true;
            }
            break;
        default:
            break;
        }
    }
    return false;
}


/* Text: parsing. */

/* Parses S as an unsigned integer no larger than MAX (decimal or 0x hex)
 * into *VALUE.  Returns NULL or an error naming WHAT. */
static char *
parse_uint(const char *s, const char *what, unsigned long long max,
           unsigned long long *value)
{
    if (!str_to_ullong(s, 0, value) || *value > max) {
        return xasprintf("%s: invalid value \"%s\" (at most %llu)", what, s,
                         max);
    }
    return NULL;
}

static char *
parse_u32(const char *s, const char *what, uint32_t *value)
{
    unsigned long long v;
    char *error = parse_uint(s, what, UINT32_MAX, &v);
    *value = v;
    return error;
}

static char *
parse_port(const char *s, const char *what, uint32_t *port)
{
    if (!mf_parse_ofp_port(s, port)) {
        return xasprintf("%s: unknown port \"%s\"", what, s);
    }
    return NULL;
}

/* Splits "key:value" or "key(value)" ARG at the first ':' or '(' into a
 * malloc'd name and a value (NULL if there is none). */
static void
split_action(const char *s, char **name, char **value)
{
    size_t n = strcspn(s, ":(");
    *name = xmemdup0(s, n);
    if (s[n] == ':') {
        *value = xstrdup(s + n + 1);
    } else if (s[n] == '(') {
        size_t len = strlen(s + n + 1);
        *value = xmemdup0(s + n + 1, len && s[n + len] == ')' ? len - 1
                          : len);
    } else {
        *value = NULL;
    }
}

/* Cuts the next comma-separated token, at parenthesis depth 0, from *SP.
 * Returns it malloc'd, or NULL at the end. */
static char *
next_token(const char **sp)
{
    const char *s = *sp;
    while (*s == ' ' || *s == ',') {
        s++;
    }
    if (!*s) {
        *sp = s;
        return NULL;
    }
    const char *start = s;
    int depth = 0;
    for (; *s; s++) {
        if (*s == '(') {
            depth++;
        } else if (*s == ')') {
            depth--;
        } else if (*s == ',' && depth <= 0) {
            break;
        }
    }
    size_t len = s - start;
    while (len && start[len - 1] == ' ') {
        len--;
    }
    *sp = s;
    return xmemdup0(start, len);
}

static char *parse_list(const char *s, struct buffer *out, bool nested);

static char *
parse_controller(const char *arg, struct buffer *out)
{
    size_t ofs = out->size;
    struct ofpact_controller *c = PUT(out, OFPACT_CONTROLLER,
                                      ofpact_controller);
    c->max_len = UINT16_MAX;
    c->reason = OFPR_ACTION;
    if (!arg || !*arg) {
        return NULL;
    }
    if (!strchr(arg, '=')) {
        unsigned long long v;
        char *error = parse_uint(arg, "controller", UINT16_MAX, &v);
        c->max_len = v;
        return error;
    }

    char *copy = xstrdup(arg);
    char *error = NULL;
    char *save = NULL;
    for (char *kv = strtok_r(copy, ",", &save); kv && !error;
         kv = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(kv, '=');
        const char *val = eq ? eq + 1 : "";
        if (eq) {
            *eq = '\0';
        }
        unsigned long long v;
        c = buffer_at_assert(out, ofs, sizeof *c);
        if (!strcmp(kv, "reason")) {
            static const char *const reasons[] = {
                [OFPR_NO_MATCH] = "no_match",
                [OFPR_ACTION] = "action",
                [OFPR_INVALID_TTL] = "invalid_ttl",
                [OFPR_ACTION_SET] = "action_set",
                [OFPR_GROUP] = "group",
                [OFPR_PACKET_OUT] = "packet_out",
            };
            size_t i;
            for (i = 0; i < ARRAY_SIZE(reasons); i++) {
                if (!strcmp(val, reasons[i])) {
                    c->reason = i;
                    break;
                }
            }
            if (i == ARRAY_SIZE(reasons)) {
                error = xasprintf("controller: unknown reason \"%s\"", val);
            }
        } else if (!strcmp(kv, "max_len")) {
            error = parse_uint(val, "controller max_len", UINT16_MAX, &v);
            c->max_len = v;
        } else if (!strcmp(kv, "id")) {
            error = parse_uint(val, "controller id", UINT16_MAX, &v);
            c->controller_id = v;
        } else {
            error = xasprintf("controller: unsupported argument \"%s\"",
                              kv);
        }
    }
    free(copy);
    return error;
}

/* Parses "VALUE->FIELD" of set_field. */
static char *
parse_set_field(const char *arg, struct buffer *out)
{
    const char *arrow = arg ? strstr(arg, "->") : NULL;
    if (!arrow) {
        return xasprintf("set_field: \"%s\" lacks \"->\"", arg ? arg : "");
    }
    const struct mf_field *field = mf_from_name(arrow + 2);
    if (!field) {
        return xasprintf("set_field: unknown field \"%s\"", arrow + 2);
    }
    if (!field->writable) {
        return xasprintf("set_field: field %s is not writable",
                         field->name);
    }

    char *text = xmemdup0(arg, arrow - arg);
    union mf_value value, mask;
    char *error = mf_parse(field, text, &value, &mask);
    free(text);
    if (error) {
        char *msg = xasprintf("set_field: %s", error);
        free(error);
        return msg;
    }
    if (!mf_is_value_valid(field, &value)) {
        return xasprintf("set_field: value %s is invalid for field %s",
                         arg, field->name);
    }
    put_set_field(out, field->id, &value, &mask, OFPACT_RAW_SET_FIELD);
    return NULL;
}

/* Parses a hexadecimal or decimal number of up to 128 bits into SV. */
static bool
parse_subvalue(const char *s, union mf_subvalue *sv)
{
    memset(sv, 0, sizeof *sv);
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        const char *p = s + 2;
        size_t len = strlen(p);
        if (!len || len > 32) {
            return false;
        }
        for (size_t i = 0; i < len; i++) {
            int c = p[len - 1 - i];
            int d = (isdigit(c) ? c - '0'
                     : c >= 'a' && c <= 'f' ? c - 'a' + 10
                     : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1);
            if (d < 0) {
                return false;
            }
            sv->u8[15 - i / 2] |= d << (4 * (i % 2));
        }
        return true;
    }
    unsigned long long v;
    if (!str_to_ullong(s, 10, &v)) {
        return false;
    }
    sv->be64[1] = htonll(v);
    return true;
}

/* Returns true if SV has a bit set at or above bit N_BITS. */
static bool
subvalue_exceeds(const union mf_subvalue *sv, unsigned int n_bits)
{
    for (unsigned int bit = n_bits; bit < 128; bit++) {
        if (sv->u8[15 - bit / 8] & (1u << (bit % 8))) {
            return true;
        }
    }
    return false;
}

static char *
parse_load(const char *arg, struct buffer *out)
{
    const char *arrow = arg ? strstr(arg, "->") : NULL;
    if (!arrow) {
        return xasprintf("load: \"%s\" lacks \"->\"", arg ? arg : "");
    }
    struct mf_subfield dst;
    const char *p = arrow + 2;
    char *error = mf_parse_subfield(&dst, &p);
    if (error) {
        char *msg = xasprintf("load: %s", error);
        free(error);
        return msg;
    }
    if (*p) {
        return xasprintf("load: trailing garbage \"%s\"", p);
    }
    if (!dst.field->writable) {
        return xasprintf("load: field %s is not writable", dst.field->name);
    }

    char *text = xmemdup0(arg, arrow - arg);
    union mf_subvalue sv;
    bool ok = parse_subvalue(text, &sv);
    if (!ok) {
        error = xasprintf("load: invalid value \"%s\"", text);
    } else if (subvalue_exceeds(&sv, dst.n_bits)) {
        error = xasprintf("load: value %s does not fit into %u bits", text,
                          dst.n_bits);
    }
    free(text);
    if (error) {
        return error;
    }

    union mf_value value, mask;
    subfield_to_mask(&dst, &sv, &value, &mask);
    put_set_field(out, dst.field->id, &value, &mask, OFPACT_RAW_LOAD);
    return NULL;
}

static char *
parse_move(const char *arg, struct buffer *out)
{
    const char *arrow = arg ? strstr(arg, "->") : NULL;
    if (!arrow) {
        return xasprintf("move: \"%s\" lacks \"->\"", arg ? arg : "");
    }
    struct mf_subfield src, dst;
    char *text = xmemdup0(arg, arrow - arg);
    const char *p = text;
    char *error = mf_parse_subfield(&src, &p);
    if (!error && *p) {
        error = xasprintf("trailing garbage \"%s\"", p);
    }
    free(text);
    if (!error) {
        p = arrow + 2;
        error = mf_parse_subfield(&dst, &p);
        if (!error && *p) {
            error = xasprintf("trailing garbage \"%s\"", p);
        }
    }
    if (!error && src.n_bits != dst.n_bits) {
        error = xasprintf("source field is %u bits wide but destination is "
                          "%u bits wide", src.n_bits, dst.n_bits);
    }
    if (!error && !dst.field->writable) {
        error = xasprintf("field %s is not writable", dst.field->name);
    }
    if (error) {
        char *msg = xasprintf("move: %s", error);
        free(error);
        return msg;
    }
    struct ofpact_reg_move *m = PUT(out, OFPACT_REG_MOVE, ofpact_reg_move);
    m->src = src;
    m->dst = dst;
    return NULL;
}

static char *
parse_resubmit(const char *name, const char *arg, struct buffer *out)
{
    uint32_t port = OFPP_IN_PORT;
    unsigned long long table = 0xff;
    char *error = NULL;

    if (!arg) {
        return xstrdup("resubmit: missing argument");
    }
    if (strchr(name, '(') || strchr(arg, ',')) {
        const char *comma = strchr(arg, ',');
        char *p = xmemdup0(arg, comma ? (size_t) (comma - arg)
                           : strlen(arg));
        if (*p) {
            error = parse_port(p, "resubmit", &port);
        }
        free(p);
        if (!error && comma && comma[1]) {
            if (strchr(comma + 1, ',')) {
                return xasprintf("resubmit: unsupported argument \"%s\"",
                                 arg);
            }
            error = parse_uint(comma + 1, "resubmit table", 254, &table);
        }
    } else {
        error = parse_port(arg, "resubmit", &port);
    }
    if (!error && port == OFPP_IN_PORT && table == 0xff) {
        error = xstrdup("at least one \"in_port\" or \"table\" must be "
                        "specified on resubmit");
    }
    if (error) {
        return error;
    }
    struct ofpact_resubmit *r = PUT(out, OFPACT_RESUBMIT, ofpact_resubmit);
    r->in_port = port;
    r->table_id = table;
    return NULL;
}

static char *
parse_dec_ttl(const char *arg, struct buffer *out)
{
    size_t ofs = out->size;
    ofpact_put(out, OFPACT_DEC_TTL, sizeof(struct ofpact_cnt_ids));
    uint16_t n = 0;
    bool given = arg != NULL;

    if (!arg) {
        uint16_t zero = 0;
        buffer_put(out, &zero, sizeof zero);
        n = 1;
    } else {
        char *copy = xstrdup(arg);
        char *save = NULL;
        for (char *t = strtok_r(copy, ", ", &save); t;
             t = strtok_r(NULL, ", ", &save)) {
            unsigned long long id;
            char *error = parse_uint(t, "dec_ttl controller id", UINT16_MAX,
                                     &id);
            if (error) {
                free(copy);
                buffer_truncate(out, ofs);
                return error;
            }
            uint16_t id16 = id;
            buffer_put(out, &id16, sizeof id16);
            n++;
        }
        free(copy);
        if (!n) {
            buffer_truncate(out, ofs);
            return xstrdup("dec_ttl_cnt_ids: expected at least one "
                           "controller id.");
        }
    }
    /* The wire form has room for this many. */
    if (n > (UINT16_MAX - 16) / 2 || !ofpact_finish(out, ofs)) {
        buffer_truncate(out, ofs);
        return xstrdup("dec_ttl: too many controller ids");
    }
    struct ofpact_cnt_ids *ids = buffer_at_assert(out, ofs, sizeof *ids);
    ids->n_controllers = n;
    ids->ids_given = given;
    return NULL;
}

static char *
parse_note(const char *arg, struct buffer *out)
{
    size_t ofs = out->size;
    ofpact_put(out, OFPACT_NOTE, sizeof(struct ofpact_note));
    size_t n = 0;
    const char *p = arg ? arg : "";

    while (*p) {
        if (*p == '.') {
            p++;
            continue;
        }
        if (!isxdigit((unsigned char) p[0])
            || !isxdigit((unsigned char) p[1])) {
            buffer_truncate(out, ofs);
            return xasprintf("note: bad hex digit in \"%s\"", arg);
        }
        char hex[3] = { p[0], p[1], '\0' };
        uint8_t byte = strtoul(hex, NULL, 16);
        buffer_put(out, &byte, 1);
        n++;
        p += 2;
    }
    /* The wire form pads the note to fill its action, and so does
     * ovs-ofctl's parser: 6 bytes, then multiples of 8. */
    size_t padded = n <= 6 ? 6 : 6 + ROUND_UP(n - 6, 8);
    if (padded > UINT16_MAX - 17) {
        buffer_truncate(out, ofs);
        return xstrdup("note: too long");
    }
    buffer_put_zeros(out, padded - n);
    ignore(ofpact_finish(out, ofs));
    struct ofpact_note *note = buffer_at_assert(out, ofs, sizeof *note);
    note->length = padded;
    return NULL;
}

static char *
parse_metadata(const char *arg, struct buffer *out)
{
    if (!arg) {
        return xstrdup("write_metadata: missing argument");
    }
    const char *slash = strchr(arg, '/');
    char *v = xmemdup0(arg, slash ? (size_t) (slash - arg) : strlen(arg));
    unsigned long long value, mask = UINT64_MAX;
    char *error = parse_uint(v, "write_metadata", UINT64_MAX, &value);
    free(v);
    if (!error && slash) {
        error = parse_uint(slash + 1, "write_metadata mask", UINT64_MAX,
                           &mask);
    }
    if (error) {
        return error;
    }
    struct ofpact_metadata *m = PUT(out, OFPACT_WRITE_METADATA,
                                    ofpact_metadata);
    m->metadata = htonll(value & mask);
    m->mask = htonll(mask);
    return NULL;
}

/* Parses one action NAME with argument ARG (NULL if none). */
static char *
parse_one(const char *token, const char *name, const char *arg,
          struct buffer *out, bool nested)
{
    unsigned long long v;
    uint32_t u32;
    char *error = NULL;

#define NEED_ARG                                                        \
    if (!arg || !*arg) {                                                \
        return xasprintf("%s: missing argument", name);                 \
    }

    if (!strcasecmp(name, "output")) {
        NEED_ARG;
        if (strchr(arg, '[')) {
            struct mf_subfield src;
            const char *p = arg;
            error = mf_parse_subfield(&src, &p);
            if (error) {
                return error;
            }
            struct ofpact_output_reg *o = PUT(out, OFPACT_OUTPUT_REG,
                                              ofpact_output_reg);
            o->src = src;
            o->max_len = UINT16_MAX;
            return NULL;
        }
        error = parse_port(arg, "output", &u32);
        if (!error) {
            put_output(out, u32, u32 == OFPP_CONTROLLER ? UINT16_MAX : 0);
        }
        return error;
    } else if (!strcasecmp(name, "controller")) {
        return parse_controller(arg, out);
    } else if (!strcasecmp(name, "enqueue")) {
        NEED_ARG;
        const char *sep = strpbrk(arg, ":,");
        if (!sep) {
            return xasprintf("enqueue: \"%s\" lacks a queue", arg);
        }
        char *port = xmemdup0(arg, sep - arg);
        uint32_t q;
        error = parse_port(port, "enqueue", &u32);
        free(port);
        if (!error) {
            error = parse_u32(sep + 1, "enqueue queue", &q);
        }
        if (!error) {
            struct ofpact_enqueue *e = PUT(out, OFPACT_ENQUEUE,
                                           ofpact_enqueue);
            e->port = u32;
            e->queue = q;
        }
        return error;
    } else if (!strcasecmp(name, "group")) {
        NEED_ARG;
        error = parse_u32(arg, "group", &u32);
        if (!error) {
            PUT(out, OFPACT_GROUP, ofpact_group)->group_id = u32;
        }
        return error;
    } else if (!strcasecmp(name, "resubmit")) {
        return parse_resubmit(token, arg, out);
    } else if (!strcasecmp(name, "set_queue")) {
        NEED_ARG;
        error = parse_u32(arg, "set_queue", &u32);
        if (!error) {
            PUT(out, OFPACT_SET_QUEUE, ofpact_queue)->queue_id = u32;
        }
        return error;
    } else if (!strcasecmp(name, "pop_queue")) {
        ofpact_put(out, OFPACT_POP_QUEUE, sizeof(struct ofpact));
        return NULL;
    } else if (!strcasecmp(name, "push_vlan")) {
        NEED_ARG;
        error = parse_uint(arg, "push_vlan", UINT16_MAX, &v);
        if (!error && v != ETH_TYPE_VLAN_8021Q
            && v != ETH_TYPE_VLAN_8021AD) {
            error = xasprintf("%s: not a valid VLAN ethertype", arg);
        }
        if (!error) {
            PUT(out, OFPACT_PUSH_VLAN, ofpact_push_vlan)->ethertype
                = htons(v);
        }
        return error;
    } else if (!strcasecmp(name, "strip_vlan")
               || !strcasecmp(name, "pop_vlan")) {
        ofpact_put(out, OFPACT_STRIP_VLAN, sizeof(struct ofpact))->raw
            = (!strcasecmp(name, "pop_vlan") ? OFPACT_RAW_POP_VLAN
               : OFPACT_RAW_STRIP_VLAN);
        return NULL;
    } else if (!strcasecmp(name, "mod_vlan_vid")
               || !strcasecmp(name, "set_vlan_vid")) {
        NEED_ARG;
        error = parse_uint(arg, name, VLAN_VID_MASK, &v);
        if (!error) {
            struct ofpact_vlan_vid *vv = PUT(out, OFPACT_SET_VLAN_VID,
                                             ofpact_vlan_vid);
            vv->vlan_vid = v;
            vv->push_vlan_if_needed = name[0] == 'm';
            vv->ofpact.raw = (name[0] == 'm' ? OFPACT_RAW_DEFAULT
                              : OFPACT_RAW_OF11_SET_VLAN);
        }
        return error;
    } else if (!strcasecmp(name, "mod_vlan_pcp")
               || !strcasecmp(name, "set_vlan_pcp")) {
        NEED_ARG;
        error = parse_uint(arg, name, 7, &v);
        if (!error) {
            struct ofpact_vlan_pcp *vp = PUT(out, OFPACT_SET_VLAN_PCP,
                                             ofpact_vlan_pcp);
            vp->vlan_pcp = v;
            vp->push_vlan_if_needed = name[0] == 'm';
            vp->ofpact.raw = (name[0] == 'm' ? OFPACT_RAW_DEFAULT
                              : OFPACT_RAW_OF11_SET_VLAN);
        }
        return error;
    } else if (!strcasecmp(name, "mod_dl_src")
               || !strcasecmp(name, "mod_dl_dst")) {
        NEED_ARG;
        struct eth_addr mac;
        if (!eth_addr_from_string(arg, &mac)) {
            return xasprintf("%s: invalid Ethernet address \"%s\"", name,
                             arg);
        }
        PUT(out, name[7] == 's' ? OFPACT_SET_ETH_SRC : OFPACT_SET_ETH_DST,
            ofpact_mac)->mac = mac;
        return NULL;
    } else if (!strcasecmp(name, "mod_nw_src")
               || !strcasecmp(name, "mod_nw_dst")) {
        NEED_ARG;
        struct in_addr ip;
        if (inet_pton(AF_INET, arg, &ip) != 1) {
            return xasprintf("%s: invalid IP address \"%s\"", name, arg);
        }
        PUT(out, name[7] == 's' ? OFPACT_SET_IPV4_SRC : OFPACT_SET_IPV4_DST,
            ofpact_ipv4)->ipv4 = ip.s_addr;
        return NULL;
    } else if (!strcasecmp(name, "mod_nw_tos")) {
        NEED_ARG;
        error = parse_uint(arg, name, 255, &v);
        if (!error && v & 3) {
            error = xasprintf("%s: not a valid TOS", arg);
        }
        if (!error) {
            PUT(out, OFPACT_SET_IP_DSCP, ofpact_u8)->value = v;
        }
        return error;
    } else if (!strcasecmp(name, "mod_nw_ecn")) {
        NEED_ARG;
        error = parse_uint(arg, name, 3, &v);
        if (!error) {
            PUT(out, OFPACT_SET_IP_ECN, ofpact_u8)->value = v;
        }
        return error;
    } else if (!strcasecmp(name, "mod_nw_ttl")) {
        NEED_ARG;
        error = parse_uint(arg, name, 255, &v);
        if (!error) {
            PUT(out, OFPACT_SET_IP_TTL, ofpact_u8)->value = v;
        }
        return error;
    } else if (!strcasecmp(name, "mod_tp_src")
               || !strcasecmp(name, "mod_tp_dst")) {
        NEED_ARG;
        error = parse_uint(arg, name, UINT16_MAX, &v);
        if (!error) {
            PUT(out, name[7] == 's' ? OFPACT_SET_L4_SRC_PORT
                : OFPACT_SET_L4_DST_PORT, ofpact_l4_port)->port = v;
        }
        return error;
    } else if (!strcasecmp(name, "set_field")) {
        return parse_set_field(arg, out);
    } else if (!strcasecmp(name, "load")) {
        return parse_load(arg, out);
    } else if (!strcasecmp(name, "move")) {
        return parse_move(arg, out);
    } else if (!strcasecmp(name, "dec_ttl")) {
        return parse_dec_ttl(arg, out);
    } else if (!strcasecmp(name, "set_mpls_ttl")) {
        NEED_ARG;
        error = parse_uint(arg, name, 255, &v);
        if (!error) {
            PUT(out, OFPACT_SET_MPLS_TTL, ofpact_u8)->value = v;
        }
        return error;
    } else if (!strcasecmp(name, "dec_mpls_ttl")) {
        ofpact_put(out, OFPACT_DEC_MPLS_TTL, sizeof(struct ofpact));
        return NULL;
    } else if (!strcasecmp(name, "note")) {
        return parse_note(arg, out);
    } else if (!strcasecmp(name, "meter") && !nested) {
        NEED_ARG;
        error = parse_u32(arg, "meter", &u32);
        if (!error) {
            PUT(out, OFPACT_METER, ofpact_meter)->meter_id = u32;
        }
        return error;
    } else if (!strcasecmp(name, "clear_actions") && !nested) {
        ofpact_put(out, OFPACT_CLEAR_ACTIONS, sizeof(struct ofpact));
        return NULL;
    } else if (!strcasecmp(name, "write_actions") && !nested) {
        size_t ofs = out->size;
        ofpact_put(out, OFPACT_WRITE_ACTIONS, sizeof(struct ofpact_nest));
        error = parse_list(arg ? arg : "", out, true);
        if (error) {
            buffer_truncate(out, ofs);
            return error;
        }
        if (!ofpact_finish(out, ofs)) {
            return xstrdup("write_actions: too many actions");
        }
        return NULL;
    } else if (!strcasecmp(name, "write_metadata") && !nested) {
        return parse_metadata(arg, out);
    } else if (!strcasecmp(name, "goto_table") && !nested) {
        NEED_ARG;
        error = parse_uint(arg, "goto_table", 254, &v);
        if (!error) {
            PUT(out, OFPACT_GOTO_TABLE, ofpact_goto_table)->table_id = v;
        }
        return error;
    }
#undef NEED_ARG

    /* A bare port: a number or a reserved port name. */
    if (!arg && mf_parse_ofp_port(name, &u32)) {
        put_output(out, u32, u32 == OFPP_CONTROLLER ? UINT16_MAX : 0);
        return NULL;
    }
    return xasprintf("unknown action %s", name);
}

static char *
parse_list(const char *s, struct buffer *out, bool nested)
{
    size_t orig = out->size;
    bool drop = false;
    size_t n = 0;
    char *error = NULL;
    char *token;

    while (!error && (token = next_token(&s)) != NULL) {
        char *name, *arg;
        split_action(token, &name, &arg);
        if (!strcasecmp(name, "drop") && !arg) {
            drop = true;
        } else {
            error = parse_one(token, name, arg, out, nested);
        }
        n++;
        free(name);
        free(arg);
        free(token);
    }
    if (!error && drop && n > 1) {
        error = xstrdup("\"drop\" must not be accompanied by any other "
                        "action or instruction");
    }
    if (!error && !nested) {
        enum ofperr e = ofpacts_verify_order(
            buffer_at_assert(out, orig, 0), out->size - orig);
        if (e == OFPERR_OFPBIC_DUP_INST) {
            error = xstrdup("duplicate instruction");
        } else if (e) {
            error = xstrdup("instructions must be given in the order "
                            "meter, apply actions, clear_actions, "
                            "write_actions, write_metadata, goto_table");
        }
    }
    if (error) {
        buffer_truncate(out, orig);
    }
    return error;
}

char *
ofpacts_parse(const char *s, struct buffer *ofpacts)
{
    return parse_list(s, ofpacts, false);
}

/* Text: printing. */

static const char *
reason_name(uint8_t reason)
{
    switch (reason) {
    case OFPR_NO_MATCH: return "no_match";
    case OFPR_ACTION: return "action";
    case OFPR_INVALID_TTL: return "invalid_ttl";
    case OFPR_ACTION_SET: return "action_set";
    case OFPR_GROUP: return "group";
    case OFPR_PACKET_OUT: return "packet_out";
    default: return NULL;
    }
}

/* Appends SV as "0x..." hex without leading zeros, or "0". */
static void
format_subvalue(const union mf_subvalue *sv, struct ds *ds)
{
    size_t i = 0;
    while (i < 16 && !sv->u8[i]) {
        i++;
    }
    if (i == 16) {
        ds_put_cstr(ds, "0");
        return;
    }
    ds_put_format(ds, "0x%x", sv->u8[i]);
    for (i++; i < 16; i++) {
        ds_put_format(ds, "%02x", sv->u8[i]);
    }
}

static void format_list(const void *ofpacts, size_t len, struct ds *ds);

static void
format_action(const struct ofpact *a, struct ds *ds)
{
    switch ((enum ofpact_type) a->type) {
    case OFPACT_OUTPUT: {
        uint32_t port = ((const struct ofpact_output *) (const void *) a)
                        ->port;
        if (port < OFPP_MAX) {
            ds_put_format(ds, "output:%"PRIu32, port);
        } else {
            mf_format_ofp_port(port, ds);
        }
        break;
    }
    case OFPACT_CONTROLLER: {
        const struct ofpact_controller *c = (const void *) a;
        if (c->reason == OFPR_ACTION && !c->controller_id) {
            ds_put_format(ds, "CONTROLLER:%u", c->max_len);
            break;
        }
        size_t start = ds->length;
        ds_put_cstr(ds, "controller(");
        if (c->reason != OFPR_ACTION) {
            const char *r = reason_name(c->reason);
            if (r) {
                ds_put_format(ds, "reason=%s,", r);
            } else {
                ds_put_format(ds, "reason=%u,", c->reason);
            }
        }
        if (c->max_len != UINT16_MAX) {
            ds_put_format(ds, "max_len=%u,", c->max_len);
        }
        if (c->controller_id) {
            ds_put_format(ds, "id=%u,", c->controller_id);
        }
        if (ds->length > start + strlen("controller(")) {
            ds_chomp(ds, ',');
        }
        ds_put_char(ds, ')');
        break;
    }
    case OFPACT_ENQUEUE: {
        const struct ofpact_enqueue *e = (const void *) a;
        ds_put_cstr(ds, "enqueue:");
        mf_format_ofp_port(e->port, ds);
        ds_put_format(ds, ":%"PRIu32, e->queue);
        break;
    }
    case OFPACT_OUTPUT_REG:
        ds_put_cstr(ds, "output:");
        mf_format_subfield(&((const struct ofpact_output_reg *)
                             (const void *) a)->src, ds);
        break;
    case OFPACT_GROUP:
        ds_put_format(ds, "group:%"PRIu32,
                      ((const struct ofpact_group *) (const void *) a)
                      ->group_id);
        break;
    case OFPACT_RESUBMIT: {
        const struct ofpact_resubmit *r = (const void *) a;
        if (r->table_id == 0xff) {
            ds_put_cstr(ds, "resubmit:");
            mf_format_ofp_port(r->in_port, ds);
        } else {
            ds_put_cstr(ds, "resubmit(");
            if (r->in_port != OFPP_IN_PORT) {
                mf_format_ofp_port(r->in_port, ds);
            }
            ds_put_format(ds, ",%u)", r->table_id);
        }
        break;
    }
    case OFPACT_SET_QUEUE:
        ds_put_format(ds, "set_queue:%"PRIu32,
                      ((const struct ofpact_queue *) (const void *) a)
                      ->queue_id);
        break;
    case OFPACT_POP_QUEUE:
        ds_put_cstr(ds, "pop_queue");
        break;
    case OFPACT_PUSH_VLAN:
        ds_put_format(ds, "push_vlan:%#"PRIx16,
                      ntohs(((const struct ofpact_push_vlan *)
                             (const void *) a)->ethertype));
        break;
    case OFPACT_STRIP_VLAN:
        ds_put_cstr(ds, a->raw == OFPACT_RAW_POP_VLAN ? "pop_vlan"
                    : "strip_vlan");
        break;
    case OFPACT_SET_VLAN_VID:
        ds_put_format(ds, "%s:%u", (a->raw == OFPACT_RAW_OF11_SET_VLAN
                                    ? "set_vlan_vid" : "mod_vlan_vid"),
                      ((const struct ofpact_vlan_vid *) (const void *) a)
                      ->vlan_vid);
        break;
    case OFPACT_SET_VLAN_PCP:
        ds_put_format(ds, "%s:%u", (a->raw == OFPACT_RAW_OF11_SET_VLAN
                                    ? "set_vlan_pcp" : "mod_vlan_pcp"),
                      ((const struct ofpact_vlan_pcp *) (const void *) a)
                      ->vlan_pcp);
        break;
    case OFPACT_SET_ETH_SRC:
    case OFPACT_SET_ETH_DST:
        ds_put_format(ds, "%s:", type_names[a->type]);
        eth_addr_format(ds, ((const struct ofpact_mac *) (const void *) a)
                        ->mac);
        break;
    case OFPACT_SET_IPV4_SRC:
    case OFPACT_SET_IPV4_DST: {
        char buf[INET_ADDRSTRLEN];
        struct in_addr ip = {
            .s_addr = ((const struct ofpact_ipv4 *) (const void *) a)->ipv4
        };
        ds_put_format(ds, "%s:%s", type_names[a->type],
                      inet_ntop(AF_INET, &ip, buf, sizeof buf));
        break;
    }
    case OFPACT_SET_IP_DSCP:
    case OFPACT_SET_IP_ECN:
    case OFPACT_SET_IP_TTL:
        ds_put_format(ds, "%s:%u", type_names[a->type],
                      ((const struct ofpact_u8 *) (const void *) a)->value);
        break;
    case OFPACT_SET_L4_SRC_PORT:
    case OFPACT_SET_L4_DST_PORT:
        ds_put_format(ds, "%s:%u", type_names[a->type],
                      ((const struct ofpact_l4_port *) (const void *) a)
                      ->port);
        break;
    case OFPACT_SET_FIELD: {
        const struct ofpact_set_field *sf = (const void *) a;
        struct mf_subfield dst;
        union mf_subvalue sv;
        if (sf->ofpact.raw == OFPACT_RAW_LOAD
            && mask_to_subfield(sf->field, &sf->value, &sf->mask, &dst,
                                &sv)) {
            ds_put_cstr(ds, "load:");
            format_subvalue(&sv, ds);
            ds_put_cstr(ds, "->");
            mf_format_subfield(&dst, ds);
        } else {
            bool exact = mask_is_full(sf->field, &sf->mask);
            ds_put_cstr(ds, "set_field:");
            mf_format(sf->field, &sf->value, exact ? NULL : &sf->mask, ds);
            ds_put_format(ds, "->%s", sf->field->name);
        }
        break;
    }
    case OFPACT_REG_MOVE: {
        const struct ofpact_reg_move *m = (const void *) a;
        ds_put_cstr(ds, "move:");
        mf_format_subfield(&m->src, ds);
        ds_put_cstr(ds, "->");
        mf_format_subfield(&m->dst, ds);
        break;
    }
    case OFPACT_DEC_TTL: {
        const struct ofpact_cnt_ids *ids = (const void *) a;
        ds_put_cstr(ds, "dec_ttl");
        if (ids->ids_given) {
            ds_put_char(ds, '(');
            for (size_t i = 0; i < ids->n_controllers; i++) {
                ds_put_format(ds, "%s%u", i ? "," : "", ids->cnt_ids[i]);
            }
            ds_put_char(ds, ')');
        }
        break;
    }
    case OFPACT_SET_MPLS_TTL:
        ds_put_format(ds, "set_mpls_ttl(%u)",
                      ((const struct ofpact_u8 *) (const void *) a)->value);
        break;
    case OFPACT_DEC_MPLS_TTL:
        ds_put_cstr(ds, "dec_mpls_ttl");
        break;
    case OFPACT_NOTE: {
        const struct ofpact_note *n = (const void *) a;
        ds_put_cstr(ds, "note:");
        for (size_t i = 0; i < n->length; i++) {
            ds_put_format(ds, "%s%02x", i ? "." : "", n->data[i]);
        }
        break;
    }
    case OFPACT_METER:
        ds_put_format(ds, "meter:%"PRIu32,
                      ((const struct ofpact_meter *) (const void *) a)
                      ->meter_id);
        break;
    case OFPACT_CLEAR_ACTIONS:
        ds_put_cstr(ds, "clear_actions");
        break;
    case OFPACT_WRITE_ACTIONS:
        ds_put_cstr(ds, "write_actions(");
        format_list(ofpact_nest_actions(a), ofpact_nest_size(a), ds);
        ds_put_char(ds, ')');
        break;
    case OFPACT_WRITE_METADATA: {
        const struct ofpact_metadata *m = (const void *) a;
        ds_put_format(ds, "write_metadata:%#"PRIx64, ntohll(m->metadata));
        if (m->mask != htonll(UINT64_MAX)) {
            ds_put_format(ds, "/%#"PRIx64, ntohll(m->mask));
        }
        break;
    }
    case OFPACT_GOTO_TABLE:
        ds_put_format(ds, "goto_table:%u",
                      ((const struct ofpact_goto_table *) (const void *) a)
                      ->table_id);
        break;
    }
}

static void
format_list(const void *ofpacts, size_t len, struct ds *ds)
{
    bool first = true;
    OFPACT_FOR_EACH (a, ofpacts, len) {
        if (!first) {
            ds_put_char(ds, ',');
        }
        first = false;
        format_action(a, ds);
    }
}

void
ofpacts_format(const void *ofpacts, size_t len, struct ds *ds)
{
    if (!len) {
        ds_put_cstr(ds, "drop");
    } else {
        format_list(ofpacts, len, ds);
    }
}
