/* OpenFlow matches: text syntax and prerequisites.  See match.h. */
#include <config.h>
#include "match.h"
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "dynamic-string.h"
#include "meta-flow.h"
#include "packets.h"
#include "util.h"

#define VLAN_CFI 0x1000
#define TPID_PRESENT 0x8000

/* Printing. */

static void
put_u32_masked(struct ds *ds, const char *name, uint32_t value,
               uint32_t mask)
{
    if (mask) {
        ds_put_format(ds, "%s=0x%"PRIx32, name, value);
        if (mask != UINT32_MAX) {
            ds_put_format(ds, "/0x%"PRIx32, mask);
        }
        ds_put_char(ds, ',');
    }
}

static void
put_field(struct ds *ds, const char *name, enum mf_field_id id,
          const struct match *match)
{
    const struct mf_field *field = mf_from_id(id);
    union mf_value value, mask;

    mf_get_mask(field, match, &mask);
    if (is_all_zeros(&mask, field->n_bytes)) {
        return;
    }
    mf_get_value(field, &match->flow, &value);
    ds_put_format(ds, "%s=", name);
    mf_format(field, &value, &mask, ds);
    ds_put_char(ds, ',');
}

/* Ports print in decimal when exact and as hex "0x10/0xfff0" when
 * masked, as ovs-ofctl does for its 16-bit fields. */
static void
put_be16_masked(struct ds *ds, const char *name, be16 value, be16 mask)
{
    if (mask) {
        if (mask == htons(0xffff)) {
            ds_put_format(ds, "%s=%"PRIu16",", name, ntohs(value));
        } else {
            ds_put_format(ds, "%s=0x%"PRIx16"/0x%"PRIx16",", name,
                          ntohs(value), ntohs(mask));
        }
    }
}

static void
put_vlan(struct ds *ds, const struct match *match)
{
    const struct flow_vlan *fv = &match->flow.dp.vlans[0];
    const struct flow_vlan *mv = &match->mask.dp.vlans[0];
    uint16_t m = ((ntohs(mv->tci) & ~VLAN_CFI)
                  | (ntohs(mv->tpid) & TPID_PRESENT ? VLAN_CFI : 0));
    uint16_t f = ((ntohs(fv->tci) & ~VLAN_CFI)
                  | (ntohs(fv->tpid) & TPID_PRESENT ? VLAN_CFI : 0));
    uint16_t vid_mask = m & VLAN_VID_MASK;
    uint16_t pcp_mask = m & VLAN_PCP_MASK;

    if (!m) {
        return;
    }
    if (m & f & VLAN_CFI
        && (!vid_mask || vid_mask == VLAN_VID_MASK)
        && (!pcp_mask || pcp_mask == VLAN_PCP_MASK)
        && (vid_mask || pcp_mask)) {
        if (vid_mask) {
            ds_put_format(ds, "dl_vlan=%d,", f & VLAN_VID_MASK);
        }
        if (pcp_mask) {
            ds_put_format(ds, "dl_vlan_pcp=%d,", f >> VLAN_PCP_SHIFT);
        }
    } else if (m == 0xffff) {
        ds_put_format(ds, "vlan_tci=0x%04"PRIx16",", f);
    } else {
        ds_put_format(ds, "vlan_tci=0x%04"PRIx16"/0x%04"PRIx16",", f, m);
    }
}

void
match_format(const struct match *match, struct ds *ds)
{
    const struct flow *f = &match->flow.dp;
    const struct flow *m = &match->mask.dp;
    size_t start = ds->length;
    bool skip_type = false, skip_proto = false;
    be16 dl_type = f->dl_type;

    put_u32_masked(ds, "pkt_mark", match->flow.pkt_mark,
                   match->mask.pkt_mark);
    if (match->mask.actset_output) {
        ds_put_cstr(ds, "actset_output=");
        mf_format_ofp_port(match->flow.actset_output, ds);
        ds_put_char(ds, ',');
    }

    if (m->dl_type) {
        const char *name = NULL;

        skip_type = true;
        if (dl_type == htons(ETH_TYPE_IP)
            || dl_type == htons(ETH_TYPE_IPV6)) {
            bool v6 = dl_type == htons(ETH_TYPE_IPV6);
            if (m->nw_proto) {
                skip_proto = true;
                switch (f->nw_proto) {
                case IPPROTO_ICMP:
                    name = v6 ? NULL : "icmp";
                    break;
                case IPPROTO_ICMPV6:
                    name = v6 ? "icmp6" : NULL;
                    break;
                case IPPROTO_TCP:
                    name = v6 ? "tcp6" : "tcp";
                    break;
                case IPPROTO_UDP:
                    name = v6 ? "udp6" : "udp";
                    break;
                case IPPROTO_SCTP:
                    name = v6 ? "sctp6" : "sctp";
                    break;
                }
                if (!name) {
                    skip_proto = false;
                }
            }
            if (!name) {
                name = v6 ? "ipv6" : "ip";
            }
        } else if (dl_type == htons(ETH_TYPE_ARP)) {
            name = "arp";
        } else if (dl_type == htons(ETH_TYPE_RARP)) {
            name = "rarp";
        } else if (dl_type == htons(ETH_TYPE_MPLS)) {
            name = "mpls";
        } else if (dl_type == htons(ETH_TYPE_MPLS_MCAST)) {
            name = "mplsm";
        } else {
            skip_type = false;
        }
        if (name) {
            ds_put_format(ds, "%s,", name);
        }
    }

    for (int i = 0; i < OFLOW_N_REGS; i++) {
        char name[16];
        snprintf(name, sizeof name, "reg%d", i);
        put_u32_masked(ds, name, match->flow.regs[i], match->mask.regs[i]);
    }
    if (match->mask.metadata) {
        ds_put_format(ds, "metadata=0x%"PRIx64, ntohll(match->flow.metadata));
        if (match->mask.metadata != UINT64_MAX) {
            ds_put_format(ds, "/0x%"PRIx64, ntohll(match->mask.metadata));
        }
        ds_put_char(ds, ',');
    }
    if (m->in_port) {
        ds_put_cstr(ds, "in_port=");
        mf_format_ofp_port(f->in_port, ds);
        ds_put_char(ds, ',');
    }
    put_vlan(ds, match);
    put_field(ds, "dl_src", MFF_ETH_SRC, match);
    put_field(ds, "dl_dst", MFF_ETH_DST, match);
    if (!skip_type && m->dl_type) {
        ds_put_format(ds, "dl_type=0x%04"PRIx16",", ntohs(dl_type));
    }

    bool is_arp = (dl_type == htons(ETH_TYPE_ARP)
                   || dl_type == htons(ETH_TYPE_RARP));
    if (dl_type == htons(ETH_TYPE_IPV6)) {
        put_field(ds, "ipv6_src", MFF_IPV6_SRC, match);
        put_field(ds, "ipv6_dst", MFF_IPV6_DST, match);
        if (m->ipv6_label) {
            ds_put_format(ds, "ipv6_label=0x%05"PRIx32,
                          ntohl(f->ipv6_label));
            if ((ntohl(m->ipv6_label) & IPV6_LABEL_MASK)
                != IPV6_LABEL_MASK) {
                ds_put_format(ds, "/0x%05"PRIx32, ntohl(m->ipv6_label));
            }
            ds_put_char(ds, ',');
        }
    } else if (is_arp) {
        put_field(ds, "arp_spa", MFF_ARP_SPA, match);
        put_field(ds, "arp_tpa", MFF_ARP_TPA, match);
    } else {
        put_field(ds, "nw_src", MFF_IPV4_SRC, match);
        put_field(ds, "nw_dst", MFF_IPV4_DST, match);
    }
    if (!skip_proto && m->nw_proto) {
        ds_put_format(ds, "%s=%"PRIu8",", is_arp ? "arp_op" : "nw_proto",
                      f->nw_proto);
    }
    if (is_arp) {
        put_field(ds, "arp_sha", MFF_ARP_SHA, match);
        put_field(ds, "arp_tha", MFF_ARP_THA, match);
    }
    if (m->nw_tos & IP_DSCP_MASK) {
        ds_put_format(ds, "nw_tos=%d,", f->nw_tos & IP_DSCP_MASK);
    }
    if (m->nw_tos & IP_ECN_MASK) {
        ds_put_format(ds, "nw_ecn=%d,", f->nw_tos & IP_ECN_MASK);
    }
    if (m->nw_ttl) {
        ds_put_format(ds, "nw_ttl=%d,", f->nw_ttl);
    }

    uint32_t lse = ntohl(f->mpls_lse[0]), lse_mask = ntohl(m->mpls_lse[0]);
    if (lse_mask & MPLS_LABEL_MASK) {
        ds_put_format(ds, "mpls_label=%"PRIu32",",
                      (lse & MPLS_LABEL_MASK) >> MPLS_LABEL_SHIFT);
    }
    if (lse_mask & MPLS_TC_MASK) {
        ds_put_format(ds, "mpls_tc=%"PRIu32",",
                      (lse & MPLS_TC_MASK) >> MPLS_TC_SHIFT);
    }
    if (lse_mask & MPLS_TTL_MASK) {
        ds_put_format(ds, "mpls_ttl=%"PRIu32",", lse & MPLS_TTL_MASK);
    }
    if (lse_mask & MPLS_BOS_MASK) {
        ds_put_format(ds, "mpls_bos=%d,", (lse & MPLS_BOS_MASK) != 0);
    }

    put_field(ds, "nw_frag", MFF_IP_FRAG, match);

    if (dl_type == htons(ETH_TYPE_IP) && f->nw_proto == IPPROTO_ICMP) {
        put_be16_masked(ds, "icmp_type", f->tp_src, m->tp_src);
        put_be16_masked(ds, "icmp_code", f->tp_dst, m->tp_dst);
    } else if (dl_type == htons(ETH_TYPE_IPV6)
               && f->nw_proto == IPPROTO_ICMPV6) {
        put_be16_masked(ds, "icmp_type", f->tp_src, m->tp_src);
        put_be16_masked(ds, "icmp_code", f->tp_dst, m->tp_dst);
        put_field(ds, "nd_target", MFF_ND_TARGET, match);
        put_field(ds, "nd_sll", MFF_ND_SLL, match);
        put_field(ds, "nd_tll", MFF_ND_TLL, match);
    } else {
        put_be16_masked(ds, "tp_src", f->tp_src, m->tp_src);
        put_be16_masked(ds, "tp_dst", f->tp_dst, m->tp_dst);
    }
    if ((dl_type == htons(ETH_TYPE_IP) || dl_type == htons(ETH_TYPE_IPV6))
        && f->nw_proto == IPPROTO_TCP && m->tcp_flags) {
        put_field(ds, "tcp_flags", MFF_TCP_FLAGS, match);
    }

    if (ds->length > start) {
        ds_chomp(ds, ',');
    }
}

char *
match_to_string(const struct match *match)
{
    struct ds ds;

    ds_init(&ds);
    match_format(match, &ds);
    return ds_steal_cstr(&ds);
}

/* Parsing. */

static const struct {
    const char *name;
    uint16_t dl_type;
    uint8_t nw_proto;           /* 0: not set. */
} shorthands[] = {
    { "ip", ETH_TYPE_IP, 0 },
    { "ipv6", ETH_TYPE_IPV6, 0 },
    { "icmp", ETH_TYPE_IP, IPPROTO_ICMP },
    { "icmp6", ETH_TYPE_IPV6, IPPROTO_ICMPV6 },
    { "tcp", ETH_TYPE_IP, IPPROTO_TCP },
    { "tcp6", ETH_TYPE_IPV6, IPPROTO_TCP },
    { "udp", ETH_TYPE_IP, IPPROTO_UDP },
    { "udp6", ETH_TYPE_IPV6, IPPROTO_UDP },
    { "sctp", ETH_TYPE_IP, IPPROTO_SCTP },
    { "sctp6", ETH_TYPE_IPV6, IPPROTO_SCTP },
    { "arp", ETH_TYPE_ARP, 0 },
    { "rarp", ETH_TYPE_RARP, 0 },
    { "mpls", ETH_TYPE_MPLS, 0 },
    { "mplsm", ETH_TYPE_MPLS_MCAST, 0 },
};

enum match_parse_result
match_parse_keyword(struct match *match, const char *name, const char *value,
                    char **errorp)
{
    const struct mf_field *field;

    for (size_t i = 0; i < ARRAY_SIZE(shorthands); i++) {
        if (!strcmp(name, shorthands[i].name)) {
            union mf_value v;

            if (value && *value) {
                *errorp = xasprintf("%s: the protocol shorthand takes no "
                                    "value (got \"%s\")", name, value);
                return MATCH_PARSE_ERROR;
            }
            memset(&v, 0, sizeof v);
            v.be16 = htons(shorthands[i].dl_type);
            mf_set(mf_from_id(MFF_ETH_TYPE), &v, NULL, match);
            if (shorthands[i].nw_proto) {
                v.u8 = shorthands[i].nw_proto;
                mf_set(mf_from_id(MFF_IP_PROTO), &v, NULL, match);
            }
            return MATCH_PARSE_OK;
        }
    }

    field = mf_from_name(name);
    if (!field) {
        return MATCH_PARSE_NOT_MATCH;
    }

    union mf_value v, m;
    char *error = mf_parse(field, value && *value ? value : "0/0", &v, &m);
    if (error) {
        *errorp = error;
        return MATCH_PARSE_ERROR;
    }
    mf_set(field, &v, &m, match);
    return MATCH_PARSE_OK;
}

char *
match_parse(const char *s, struct match *match)
{
    char *copy = xstrdup(s);
    char *error = NULL;
    char *save = NULL;

    match_init_catchall(match);
    for (char *tok = strtok_r(copy, ", \t\r\n", &save); tok;
         tok = strtok_r(NULL, ", \t\r\n", &save)) {
        size_t key_len = strcspn(tok, "=:");
        const char *value = NULL;

        if (tok[key_len]) {
            tok[key_len] = '\0';
            value = &tok[key_len + 1];
        }
        switch (match_parse_keyword(match, tok, value, &error)) {
        case MATCH_PARSE_OK:
            break;
        case MATCH_PARSE_NOT_MATCH:
            error = xasprintf("%s: unknown field or protocol keyword", tok);
            /* Fall through. */
        case MATCH_PARSE_ERROR:
        default:
            free(copy);
            match_init_catchall(match);
            return error;
        }
    }
    free(copy);
    match_normalize_prereqs(match, NULL);
    return NULL;
}

/* Prerequisites. */

bool
match_normalize_prereqs(struct match *match, struct ds *dropped)
{
    enum {
        MAY_NW_ADDR = 1 << 0,
        MAY_TP_ADDR = 1 << 1,
        MAY_NW_PROTO = 1 << 2,
        MAY_IPVX = 1 << 3,
        MAY_ARP_SHA = 1 << 4,
        MAY_ARP_THA = 1 << 5,
        MAY_IPV6 = 1 << 6,
        MAY_ND_TARGET = 1 << 7,
        MAY_MPLS = 1 << 8,
    };
    const struct flow *f = &match->flow.dp;
    struct match orig = *match;
    struct flow *m = &match->mask.dp;
    unsigned int may = 0;

    if (f->dl_type == htons(ETH_TYPE_IP)) {
        may = MAY_NW_PROTO | MAY_IPVX | MAY_NW_ADDR;
        if (f->nw_proto == IPPROTO_TCP || f->nw_proto == IPPROTO_UDP
            || f->nw_proto == IPPROTO_SCTP || f->nw_proto == IPPROTO_ICMP) {
            may |= MAY_TP_ADDR;
        }
    } else if (f->dl_type == htons(ETH_TYPE_IPV6)) {
        may = MAY_NW_PROTO | MAY_IPVX | MAY_IPV6;
        if (f->nw_proto == IPPROTO_TCP || f->nw_proto == IPPROTO_UDP
            || f->nw_proto == IPPROTO_SCTP) {
            may |= MAY_TP_ADDR;
        } else if (f->nw_proto == IPPROTO_ICMPV6) {
            may |= MAY_TP_ADDR;
            if (f->tp_src == htons(135)) {
                may |= MAY_ND_TARGET | MAY_ARP_SHA;
            } else if (f->tp_src == htons(136)) {
                may |= MAY_ND_TARGET | MAY_ARP_THA;
            }
        }
    } else if (f->dl_type == htons(ETH_TYPE_ARP)
               || f->dl_type == htons(ETH_TYPE_RARP)) {
        may = MAY_NW_PROTO | MAY_NW_ADDR | MAY_ARP_SHA | MAY_ARP_THA;
    } else if (eth_type_mpls(f->dl_type)) {
        may = MAY_MPLS;
    }

    if (!(may & MAY_NW_ADDR)) {
        m->nw_src = m->nw_dst = 0;
    }
    if (!(may & MAY_TP_ADDR)) {
        m->tp_src = m->tp_dst = 0;
    }
    if (!(may & MAY_NW_PROTO)) {
        m->nw_proto = 0;
    }
    if (!(may & MAY_IPVX)) {
        m->nw_tos = 0;
        m->nw_ttl = 0;
    }
    if (!(may & MAY_ARP_SHA)) {
        m->arp_sha = eth_addr_zero;
    }
    if (!(may & MAY_ARP_THA)) {
        m->arp_tha = eth_addr_zero;
    }
    if (!(may & MAY_IPV6)) {
        memset(&m->ipv6_src, 0, sizeof m->ipv6_src);
        memset(&m->ipv6_dst, 0, sizeof m->ipv6_dst);
        m->ipv6_label = 0;
    }
    if (!(may & MAY_ND_TARGET)) {
        memset(&m->nd_target, 0, sizeof m->nd_target);
    }
    if (!(may & MAY_MPLS)) {
        memset(m->mpls_lse, 0, sizeof m->mpls_lse);
    }
    match_normalize(match);

    if (match_equal(&orig, match)) {
        return false;
    }
    if (dropped) {
        match_format(&orig, dropped);
    }
    return true;
}

static const char *
prereq_description(enum mf_prereqs prereqs)
{
    switch (prereqs) {
    case MFP_VLAN_VID:
        return "a VLAN tag (vlan_tci=0x1000/0x1000)";
    case MFP_ARP:
        return "arp or rarp";
    case MFP_IPV4:
        return "ip";
    case MFP_IPV6:
        return "ipv6";
    case MFP_IP_ANY:
        return "ip or ipv6";
    case MFP_MPLS:
        return "mpls or mplsm";
    case MFP_TCP:
        return "tcp or tcp6";
    case MFP_UDP:
        return "udp or udp6";
    case MFP_SCTP:
        return "sctp or sctp6";
    case MFP_ICMPV4:
        return "icmp";
    case MFP_ICMPV6:
        return "icmp6";
    case MFP_ND:
        return "icmp6 with icmp_type=135 or 136 and icmp_code=0";
    case MFP_ND_SOLICIT:
        return "icmp6 with icmp_type=135 and icmp_code=0";
    case MFP_ND_ADVERT:
        return "icmp6 with icmp_type=136 and icmp_code=0";
    case MFP_NONE:
    default:
        return "nothing";
    }
}

/* Stores in *BITS the bits of struct oflow that FIELD occupies. */
static void
field_bits(const struct mf_field *field, struct oflow *bits)
{
    struct match m;
    union mf_value zero;

    match_init_catchall(&m);
    memset(&zero, 0, sizeof zero);
    mf_set(field, &zero, NULL, &m);
    *bits = m.mask;
}

static bool
oflows_overlap(const struct oflow *a, const struct oflow *b)
{
    for (size_t i = 0; i < OFLOW_U64S; i++) {
        if (oflow_u64s(a)[i] & oflow_u64s(b)[i]) {
            return true;
        }
    }
    return false;
}

char *
match_check_prereqs(const struct match *match)
{
    for (int id = 0; id < MFF_N_IDS; id++) {
        const struct mf_field *field = mf_from_id(id);
        struct oflow bits;

        if (mf_is_all_wild(field, match)
            || mf_are_match_prereqs_ok(field, match)) {
            continue;
        }

        /* Several fields share storage (ip_src and arp_spa, the L4 ports,
         * ...): the bits are fine if any of their fields may have them. */
        bool ok = false;
        field_bits(field, &bits);
        for (int other = 0; other < MFF_N_IDS && !ok; other++) {
            const struct mf_field *of = mf_from_id(other);
            struct oflow obits;

            if (other == id || !mf_are_match_prereqs_ok(of, match)) {
                continue;
            }
            field_bits(of, &obits);
            ok = oflows_overlap(&bits, &obits);
        }
        if (!ok) {
            return xasprintf("%s: prerequisites not met (needs %s)",
                             field->name,
                             prereq_description(field->prereqs));
        }
    }
    return NULL;
}
