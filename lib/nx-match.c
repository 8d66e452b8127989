/* NXM and OXM match encodings.  See nx-match.h. */
#include <config.h>
#include "nx-match.h"
#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "buffer.h"
#include "dynamic-string.h"
#include "hash.h"
#include "match.h"
#include "packets.h"
#include "util.h"

#define VLAN_CFI 0x1000
#define TPID_PRESENT 0x8000

/* Header without hasmask and length. */
static uint32_t
header_key(uint32_t header)
{
    return header & 0xfffffe00;
}

uint32_t
mf_nxm_header(enum mf_field_id id)
{
    return mf_from_id(id)->nxm_header;
}

uint32_t
mf_oxm_header(enum mf_field_id id, enum ofp_version version)
{
    const struct mf_field *f = mf_from_id(id);
    return f->oxm_header && version >= f->oxm_version ? f->oxm_header : 0;
}

uint32_t
mf_header_for_version(enum mf_field_id id, enum ofp_version version)
{
    const struct mf_field *f = mf_from_id(id);

    if (version >= OFP12_VERSION) {
        uint32_t oxm = mf_oxm_header(id, version);
        return oxm ? oxm : f->nxm_header ? f->nxm_header : f->oxm_header;
    }
    return f->nxm_header ? f->nxm_header : f->oxm_header;
}

/* The fields by NXM and OXM header (without hasmask and length), in an
 * open-addressed table built once: decoding a match looks up every
 * field's header, so a scan of every field for each was a tenth of the
 * time a switch spent on a flow_mod.  Where two fields share a header,
 * the one with the lower id wins, as in a scan by id. */
#define HEADER_TABLE_SIZE 1024          /* Power of 2, > 2 * MFF_N_IDS. */
static struct {
    uint32_t key;
    const struct mf_field *field;       /* NULL: empty. */
} header_table[HEADER_TABLE_SIZE];
static pthread_once_t header_table_once = PTHREAD_ONCE_INIT;
BUILD_ASSERT_DECL(HEADER_TABLE_SIZE > 2 * MFF_N_IDS);

static size_t
header_slot(uint32_t key)
{
    return hash_int(key, 0) & (HEADER_TABLE_SIZE - 1);
}

static void
header_table_add(uint32_t header, const struct mf_field *f)
{
    uint32_t key = header_key(header);
    for (size_t i = header_slot(key); ; i = (i + 1) & (HEADER_TABLE_SIZE - 1)) {
        if (!header_table[i].field) {
            header_table[i].key = key;
            header_table[i].field = f;
            return;
        } else if (header_table[i].key == key) {
            return;                     /* A lower id has it. */
        }
    }
}

static void
header_table_init(void)
{
    for (int id = 0; id < MFF_N_IDS; id++) {
        const struct mf_field *f = mf_from_id(id);
        if (f->nxm_header) {
            header_table_add(f->nxm_header, f);
        }
        if (f->oxm_header) {
            header_table_add(f->oxm_header, f);
        }
    }
}

const struct mf_field *
mf_from_nxm_header(uint32_t header)
{
    uint32_t key = header_key(header);

    pthread_once(&header_table_once, header_table_init);
    for (size_t i = header_slot(key); header_table[i].field;
         i = (i + 1) & (HEADER_TABLE_SIZE - 1)) {
        if (header_table[i].key == key) {
            return header_table[i].field;
        }
    }
    return NULL;
}

unsigned int
nxm_field_bytes(const struct mf_field *field, uint32_t header)
{
    if (field->id == MFF_IN_PORT
        && header_key(header) == header_key(field->nxm_header)) {
        return 2;
    }
    return field->n_bytes;
}

/* Converts FIELD's VALUE to the bytes of a TLV with HEADER, in *BYTES. */
static void
value_to_wire(const struct mf_field *field, uint32_t header,
              const union mf_value *value, bool is_mask, uint8_t *bytes)
{
    if (nxm_field_bytes(field, header) == 2 && field->id == MFF_IN_PORT) {
        uint32_t port = ntohl(value->be32);
        uint16_t p16;
        be16 w;

        if (is_mask) {
            p16 = port ? 0xffff : 0;
        } else if (!port_to_ofp10_port(port, &p16)) {
            p16 = OFPP10_NONE;
        }
        w = htons(p16);
        memcpy(bytes, &w, 2);
    } else {
        memcpy(bytes, value->b, field->n_bytes);
    }
}

static void
put_header(struct buffer *b, uint32_t header)
{
    be32 h = htonl(header);
    buffer_put(b, &h, 4);
}

void
nx_put_entry(struct buffer *b, const struct mf_field *field,
             enum ofp_version version, const union mf_value *value,
             const union mf_value *mask)
{
    uint32_t header = mf_header_for_version(field->id, version);
    unsigned int n;
    uint8_t bytes[16];

    sluice_assert(header != 0);
    n = nxm_field_bytes(field, header);
    if (mask && is_all_ones(mask, field->n_bytes)) {
        mask = NULL;
    }
    put_header(b, (header & ~0x1ffu) | (mask ? 0x100 : 0)
                  | (mask ? 2 * n : n));
    value_to_wire(field, header, value, false, bytes);
    if (mask) {
        for (unsigned int i = 0; i < n; i++) {
            bytes[i] &= mask->b[i];
        }
    }
    buffer_put(b, bytes, n);
    if (mask) {
        value_to_wire(field, header, mask, true, bytes);
        buffer_put(b, bytes, n);
    }
}

void
nx_put_header(struct buffer *b, const struct mf_field *field,
              enum ofp_version version)
{
    uint32_t header = mf_header_for_version(field->id, version);

    sluice_assert(header != 0);
    put_header(b, header);
}

/* Pulls a 4-byte header from *DATA and looks up its field. */
static enum ofperr
pull_header(const uint8_t **data, size_t *sizep, uint32_t *header,
            const struct mf_field **field)
{
    if (*sizep < 4) {
        return OFPERR_OFPBMC_BAD_LEN;
    }
    *header = ntohl(get_unaligned_be32(*data));
    if (!NXM_LENGTH(*header)) {
        return OFPERR_OFPBMC_BAD_LEN;
    }
    *data += 4;
    *sizep -= 4;

    *field = mf_from_nxm_header(*header);
    if (*field) {
        unsigned int n = nxm_field_bytes(*field, *header);
        if (NXM_LENGTH(*header) != (NXM_HASMASK(*header) ? 2 * n : n)) {
            *field = NULL;
        }
    }
    return 0;
}

enum ofperr
nx_pull_header(const uint8_t **data, size_t *sizep,
               const struct mf_field **field)
{
    const uint8_t *d = *data;
    size_t size = *sizep;
    uint32_t header;
    enum ofperr error;

    if (size >= 4 && NXM_HASMASK(ntohl(get_unaligned_be32(d)))) {
        return OFPERR_OFPBMC_BAD_FIELD;
    }
    error = pull_header(&d, &size, &header, field);
    if (error) {
        return error;
    }
    if (!*field) {
        return OFPERR_OFPBMC_BAD_FIELD;
    }
    *data = d;
    *sizep = size;
    return 0;
}

/* Converts the N wire bytes at P of a TLV for FIELD with HEADER into
 * *VALUE. */
static void
value_from_wire(const struct mf_field *field, uint32_t header,
                const uint8_t *p, bool is_mask, union mf_value *value)
{
    memset(value, 0, sizeof *value);
    if (nxm_field_bytes(field, header) == 2 && field->id == MFF_IN_PORT) {
        uint16_t p16 = ntohs(get_unaligned_be16(p));
        value->be32 = htonl(is_mask ? (p16 == 0xffff ? UINT32_MAX : p16)
                            : ofp10_port_to_port(p16));
    } else {
        memcpy(value->b, p, field->n_bytes);
    }
}

/* Like nx_pull_entry(), also returning the header, and accepting the
 * cookie pseudo-field (*FIELD NULL, *IS_COOKIE true) if ALLOW_COOKIE. */
static enum ofperr
pull_entry(const uint8_t **data, size_t *sizep, bool allow_cookie,
           const struct mf_field **fieldp, union mf_value *value,
           union mf_value *mask, bool *is_cookie)
{
    const uint8_t *d = *data;
    size_t size = *sizep;
    const struct mf_field *field;
    uint32_t header;
    enum ofperr error;
    unsigned int len;

    *fieldp = NULL;
    *is_cookie = false;
    error = pull_header(&d, &size, &header, &field);
    if (error) {
        return error;
    }
    len = NXM_LENGTH(header);
    if (size < len) {
        return OFPERR_OFPBMC_BAD_LEN;
    }
    *data = d + len;
    *sizep = size - len;

    if (allow_cookie
        && header_key(header) == header_key(NXM_NX_COOKIE)
        && len == (NXM_HASMASK(header) ? 16u : 8u)) {
        memset(value, 0, sizeof *value);
        memset(mask, 0xff, sizeof *mask);
        memcpy(&value->be64, d, 8);
        if (NXM_HASMASK(header)) {
            memcpy(&mask->be64, d + 8, 8);
        }
        *is_cookie = true;
        return 0;
    }
    if (!field) {
        return OFPERR_OFPBMC_BAD_FIELD;
    }

    unsigned int n = nxm_field_bytes(field, header);
    value_from_wire(field, header, d, false, value);
    if (NXM_HASMASK(header)) {
        value_from_wire(field, header, d + n, true, mask);
        for (unsigned int i = 0; i < n; i++) {
            if (d[i] & ~d[n + i]) {
                *fieldp = field;
                return OFPERR_OFPBMC_BAD_WILDCARDS;
            }
        }
    } else {
        memset(mask, 0xff, sizeof *mask);
    }
    *fieldp = field;
    if (!mf_is_mask_valid(field, mask)) {
        return OFPERR_OFPBMC_BAD_MASK;
    }
    if (!mf_is_value_valid(field, value)) {
        return OFPERR_OFPBMC_BAD_VALUE;
    }
    return 0;
}

enum ofperr
nx_pull_entry(const uint8_t **data, size_t *sizep,
              const struct mf_field **field, union mf_value *value,
              union mf_value *mask)
{
    bool is_cookie;
    return pull_entry(data, sizep, false, field, value, mask, &is_cookie);
}

/* Whole matches: encoding. */

static void
put_masked(struct buffer *b, enum mf_field_id id, enum ofp_version version,
           const void *value, const void *mask)
{
    const struct mf_field *field = mf_from_id(id);
    union mf_value v, m;

    memset(&v, 0, sizeof v);
    memset(&m, 0, sizeof m);
    memcpy(v.b, value, field->n_bytes);
    memcpy(m.b, mask, field->n_bytes);
    if (!is_all_zeros(&m, field->n_bytes)) {
        nx_put_entry(b, field, version, &v, &m);
    }
}

static void
put_exact(struct buffer *b, enum mf_field_id id, enum ofp_version version,
          const void *value)
{
    const struct mf_field *field = mf_from_id(id);
    union mf_value v;

    memset(&v, 0, sizeof v);
    memcpy(v.b, value, field->n_bytes);
    nx_put_entry(b, field, version, &v, NULL);
}

static void
put_field(struct buffer *b, enum mf_field_id id, enum ofp_version version,
          const struct match *match)
{
    const struct mf_field *field = mf_from_id(id);
    union mf_value v, m;

    mf_get_mask(field, match, &m);
    if (!is_all_zeros(&m, field->n_bytes)) {
        mf_get_value(field, &match->flow, &v);
        nx_put_entry(b, field, version, &v, &m);
    }
}

static void
put_u8(struct buffer *b, enum mf_field_id id, enum ofp_version version,
       uint8_t x)
{
    put_exact(b, id, version, &x);
}

/* Appends the entries of MATCH for VERSION (0 for NXM). */
static void
put_raw(struct buffer *b, const struct match *match,
        enum ofp_version version)
{
    const struct flow *f = &match->flow.dp;
    const struct flow *m = &match->mask.dp;
    bool oxm = version >= OFP12_VERSION;
    be16 dl_type = f->dl_type;

    if (m->in_port) {
        put_field(b, MFF_IN_PORT, version, match);
    }
    if (match->mask.actset_output) {
        put_field(b, MFF_ACTSET_OUTPUT, version, match);
    }

    put_field(b, MFF_ETH_SRC, version, match);
    put_field(b, MFF_ETH_DST, version, match);
    put_field(b, MFF_ETH_TYPE, version, match);

    if (oxm) {
        uint16_t vid_mask = ((ntohs(m->vlans[0].tci) & VLAN_VID_MASK)
                             | (ntohs(m->vlans[0].tpid) & TPID_PRESENT
                                ? VLAN_CFI : 0));
        uint16_t vid = ((ntohs(f->vlans[0].tci) & VLAN_VID_MASK)
                        | (ntohs(f->vlans[0].tpid) & TPID_PRESENT
                           ? VLAN_CFI : 0)) & vid_mask;
        be16 v16 = htons(vid);
        be16 m16 = htons(vid_mask == (VLAN_VID_MASK | VLAN_CFI)
                         ? 0xffff : vid_mask);

        if (vid_mask) {
            put_masked(b, MFF_VLAN_VID, version, &v16, &m16);
        }
        if (vid && m->vlans[0].tci & htons(VLAN_PCP_MASK)) {
            put_u8(b, MFF_VLAN_PCP, version,
                   ntohs(f->vlans[0].tci) >> VLAN_PCP_SHIFT);
        }
    } else {
        put_field(b, MFF_VLAN_TCI, version, match);
    }

    if (eth_type_mpls(dl_type)) {
        uint32_t lm = ntohl(m->mpls_lse[0]);
        if (lm & MPLS_TC_MASK) {
            put_field(b, MFF_MPLS_TC, version, match);
        }
        if (lm & MPLS_BOS_MASK) {
            put_field(b, MFF_MPLS_BOS, version, match);
        }
        if (lm & MPLS_TTL_MASK) {
            put_field(b, MFF_MPLS_TTL, version, match);
        }
        if (lm & MPLS_LABEL_MASK) {
            put_field(b, MFF_MPLS_LABEL, version, match);
        }
    }

    if (dl_type == htons(ETH_TYPE_IP) || dl_type == htons(ETH_TYPE_IPV6)) {
        if (dl_type == htons(ETH_TYPE_IP)) {
            put_field(b, MFF_IPV4_SRC, version, match);
            put_field(b, MFF_IPV4_DST, version, match);
        } else {
            put_field(b, MFF_IPV6_SRC, version, match);
            put_field(b, MFF_IPV6_DST, version, match);
        }
        if (m->nw_frag) {
            uint8_t frag = f->nw_frag & FLOW_NW_FRAG_MASK;
            uint8_t fmask = m->nw_frag & FLOW_NW_FRAG_MASK;
            uint8_t ones = 0xff;
            put_masked(b, MFF_IP_FRAG, version, &frag,
                       fmask == FLOW_NW_FRAG_MASK ? &ones : &fmask);
        }
        if (m->nw_tos & IP_DSCP_MASK) {
            if (oxm) {
                put_u8(b, MFF_IP_DSCP_SHIFTED, version, f->nw_tos >> 2);
            } else {
                put_u8(b, MFF_IP_DSCP, version, f->nw_tos & IP_DSCP_MASK);
            }
        }
        if (m->nw_tos & IP_ECN_MASK) {
            put_u8(b, MFF_IP_ECN, version, f->nw_tos & IP_ECN_MASK);
        }
        if (m->nw_ttl) {
            put_u8(b, MFF_IP_TTL, version, f->nw_ttl);
        }
        put_field(b, MFF_IPV6_LABEL, version, match);
        if (m->nw_proto) {
            put_u8(b, MFF_IP_PROTO, version, f->nw_proto);
            if (f->nw_proto == IPPROTO_TCP) {
                put_field(b, MFF_TCP_SRC, version, match);
                put_field(b, MFF_TCP_DST, version, match);
                put_field(b, MFF_TCP_FLAGS, version, match);
            } else if (f->nw_proto == IPPROTO_UDP) {
                put_field(b, MFF_UDP_SRC, version, match);
                put_field(b, MFF_UDP_DST, version, match);
            } else if (f->nw_proto == IPPROTO_SCTP) {
                put_field(b, MFF_SCTP_SRC, version, match);
                put_field(b, MFF_SCTP_DST, version, match);
            } else if (f->nw_proto == IPPROTO_ICMP
                       && dl_type == htons(ETH_TYPE_IP)) {
                if (m->tp_src) {
                    put_u8(b, MFF_ICMPV4_TYPE, version, ntohs(f->tp_src));
                }
                if (m->tp_dst) {
                    put_u8(b, MFF_ICMPV4_CODE, version, ntohs(f->tp_dst));
                }
            } else if (f->nw_proto == IPPROTO_ICMPV6
                       && dl_type == htons(ETH_TYPE_IPV6)) {
                if (m->tp_src) {
                    put_u8(b, MFF_ICMPV6_TYPE, version, ntohs(f->tp_src));
                }
                if (m->tp_dst) {
                    put_u8(b, MFF_ICMPV6_CODE, version, ntohs(f->tp_dst));
                }
                if (!f->tp_dst && (f->tp_src == htons(135)
                                   || f->tp_src == htons(136))) {
                    put_field(b, MFF_ND_TARGET, version, match);
                    if (f->tp_src == htons(135)) {
                        put_field(b, MFF_ND_SLL, version, match);
                    } else {
                        put_field(b, MFF_ND_TLL, version, match);
                    }
                }
            }
        }
    } else if (dl_type == htons(ETH_TYPE_ARP)
               || dl_type == htons(ETH_TYPE_RARP)) {
        if (m->nw_proto) {
            be16 op = htons(f->nw_proto);
            put_exact(b, MFF_ARP_OP, version, &op);
        }
        put_field(b, MFF_ARP_SPA, version, match);
        put_field(b, MFF_ARP_TPA, version, match);
        put_field(b, MFF_ARP_SHA, version, match);
        put_field(b, MFF_ARP_THA, version, match);
    }

    if (version < OFP15_VERSION) {
        for (int i = 0; i < OFLOW_N_REGS; i++) {
            put_field(b, MFF_REG0 + i, version, match);
        }
    } else {
        for (int i = 0; i < OFLOW_N_REGS / 2; i++) {
            put_field(b, MFF_XREG0 + i, version, match);
        }
    }
    put_field(b, MFF_PKT_MARK, version, match);
    put_field(b, MFF_METADATA, version, match);
}

size_t
nx_put_match(struct buffer *b, const struct match *match, be64 cookie,
             be64 cookie_mask)
{
    size_t start = b->size;
    size_t len;

    put_raw(b, match, 0);
    if (cookie_mask) {
        bool masked = cookie_mask != htonll(UINT64_MAX);
        cookie &= cookie_mask;
        put_header(b, NXM_HEADER(OFPXMC_NXM_1, 30, masked, masked ? 16 : 8));
        buffer_put(b, &cookie, 8);
        if (masked) {
            buffer_put(b, &cookie_mask, 8);
        }
    }
    len = b->size - start;
    buffer_put_zeros(b, ROUND_UP(len, 8) - len);
    return len;
}

size_t
oxm_put_match(struct buffer *b, const struct match *match,
              enum ofp_version version)
{
    size_t start = b->size;
    size_t len;
    be16 hdr[2];

    buffer_put_zeros(b, 4);
    put_raw(b, match, version);
    len = b->size - start;
    hdr[0] = htons(OFPMT_OXM);
    hdr[1] = htons(len);
    memcpy((uint8_t *) b->data + start, hdr, 4);
    buffer_put_zeros(b, ROUND_UP(len, 8) - len);
    return len;
}

/* Whole matches: decoding. */

static enum ofperr
decode_entries(const uint8_t *p, size_t size, bool strict,
               struct match *match, be64 *cookie, be64 *cookie_mask)
{
    match_init_catchall(match);
    if (cookie) {
        *cookie = *cookie_mask = 0;
    }

    while (size) {
        const struct mf_field *field;
        union mf_value value, mask;
        bool is_cookie;
        enum ofperr error;

        error = pull_entry(&p, &size, cookie != NULL, &field, &value, &mask,
                           &is_cookie);
        if (error == OFPERR_OFPBMC_BAD_FIELD && !strict) {
            continue;
        } else if (error) {
            return error;
        }
        if (is_cookie) {
            if (*cookie_mask) {
                return OFPERR_OFPBMC_DUP_FIELD;
            }
            *cookie = value.be64 & mask.be64;
            *cookie_mask = mask.be64;
            continue;
        }
        if (!mf_are_prereqs_ok(field, &match->flow)) {
            return OFPERR_OFPBMC_BAD_PREREQ;
        }
        if (!mf_is_all_wild(field, match)) {
            return OFPERR_OFPBMC_DUP_FIELD;
        }
        mf_set(field, &value, &mask, match);
    }
    return 0;
}

enum ofperr
nx_decode_match(const void *data, size_t size, bool strict,
                struct match *match, be64 *cookie, be64 *cookie_mask)
{
    return decode_entries(data, size, strict, match, cookie, cookie_mask);
}

enum ofperr
oxm_decode_entries(const void *data, size_t size, bool strict,
                   struct match *match)
{
    return decode_entries(data, size, strict, match, NULL, NULL);
}

enum ofperr
oxm_pull_match(struct buffer *b, bool strict, struct match *match)
{
    const uint8_t *p = b->data;
    size_t len;

    if (b->size < 4) {
        return OFPERR_OFPBMC_BAD_LEN;
    }
    if (ntohs(get_unaligned_be16(p)) != OFPMT_OXM) {
        return OFPERR_OFPBMC_BAD_TYPE;
    }
    len = ntohs(get_unaligned_be16(p + 2));
    if (len < 4 || ROUND_UP(len, 8) > b->size) {
        return OFPERR_OFPBMC_BAD_LEN;
    }
    enum ofperr error = decode_entries(p + 4, len - 4, strict, match,
                                       NULL, NULL);
    if (!error) {
        buffer_pull(b, ROUND_UP(len, 8));
    }
    return error;
}

/* Raw printing. */

void
nx_format_raw(const void *data, size_t size, struct ds *ds)
{
    const uint8_t *p = data;
    bool first = true;

    while (size) {
        uint32_t header;
        unsigned int len;

        if (!first) {
            ds_put_cstr(ds, ", ");
        }
        first = false;
        if (size < 4) {
            ds_put_cstr(ds, "<partial header>");
            return;
        }
        header = ntohl(get_unaligned_be32(p));
        len = NXM_LENGTH(header);
        if (size - 4 < len) {
            ds_put_format(ds, "<%u-byte entry truncated>", len);
            return;
        }

        const struct mf_field *f = mf_from_nxm_header(header);
        const char *name = NULL;
        if (f) {
            name = (f->nxm_header
                    && header_key(f->nxm_header) == header_key(header)
                    ? f->nxm_name : f->oxm_name);
        } else if (header_key(header) == header_key(NXM_NX_COOKIE)) {
            name = "NXM_NX_COOKIE";
        }
        if (name) {
            ds_put_format(ds, "%s%s(", name, NXM_HASMASK(header) ? "_W" : "");
        } else {
            ds_put_format(ds, "%d:%d(", NXM_CLASS(header), NXM_FIELD(header));
        }
        if (NXM_HASMASK(header)) {
            ds_put_hex(ds, p + 4, len / 2);
            ds_put_char(ds, '/');
            ds_put_hex(ds, p + 4 + len / 2, len / 2);
        } else {
            ds_put_hex(ds, p + 4, len);
        }
        ds_put_char(ds, ')');
        p += 4 + len;
        size -= 4 + len;
    }
}
