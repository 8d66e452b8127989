/* odp-util: text form of datapath flows and actions.  See odp-util.h. */
#include <config.h>
#include "odp-util.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>
#include "buffer.h"
#include "dynamic-string.h"
#include "odp-actions.h"
#include "packets.h"

/* Field descriptors.
 *
 * Every attribute, of flows and of set actions alike, is a list of named
 * fields, each stored at an offset from a base (a struct flow, a struct
 * odp_key_*, a VLAN TCI, an MPLS label stack entry).  The key and the mask
 * share the layout, so one descriptor reads and writes both, and one pair
 * of functions prints and parses any field. */

enum field_kind {
    FK_NUM,             /* A number, or some bits of one. */
    FK_IPV4,            /* A be32 IPv4 address. */
    FK_IPV6,            /* A struct in6_addr. */
    FK_ETH,             /* A struct eth_addr. */
    FK_CFI,             /* vlan(cfi=1): OVS's "tag present", a no-op. */
    FK_READONLY,        /* A field OVS prints in set() that cannot be set. */
};

enum num_style {
    NS_DEC,             /* "80"; mask "/0xff00". */
    NS_HEX,             /* "0x80", or "0" for zero; mask "/0xf0". */
    NS_HEX4,            /* "0x0800"; mask "/0xfff0". */
    NS_FRAG,            /* "no", "first" or "later". */
    NS_TCP_FLAGS,       /* "syn|ack", or masked "+syn-ack". */
};

struct field {
    const char *name;           /* NULL for the value of a bare attribute,
                                 * "in_port(1)". */
    enum field_kind kind;
    enum num_style style;       /* FK_NUM. */
    uint16_t ofs;               /* Offset of the storage from the base. */
    uint8_t size;               /* FK_NUM: bytes of storage, 1, 2 or 4. */
    bool host_order;            /* FK_NUM: storage in host byte order. */
    uint8_t shift;              /* FK_NUM: the field's lowest bit. */
    uint8_t n_bits;             /* FK_NUM: the field's width. */
    uint32_t max;               /* FK_NUM: the largest value. */
};

#define NUM_FIELD(NAME, OFS, SIZE, HOST, SHIFT, BITS, STYLE, MAX)      \
    { NAME, FK_NUM, STYLE, OFS, SIZE, HOST, SHIFT, BITS, MAX }
#define U8_FIELD(NAME, OFS, STYLE) \
    NUM_FIELD(NAME, OFS, 1, false, 0, 8, STYLE, UINT8_MAX)
#define BE16_FIELD(NAME, OFS, STYLE) \
    NUM_FIELD(NAME, OFS, 2, false, 0, 16, STYLE, UINT16_MAX)
#define HOST32_FIELD(NAME, OFS, STYLE) \
    NUM_FIELD(NAME, OFS, 4, true, 0, 32, STYLE, UINT32_MAX)
#define BE16_BITS(NAME, OFS, SHIFT, BITS, STYLE) \
    NUM_FIELD(NAME, OFS, 2, false, SHIFT, BITS, STYLE, (1u << (BITS)) - 1)
#define BE32_BITS(NAME, OFS, SHIFT, BITS, STYLE) \
    NUM_FIELD(NAME, OFS, 4, false, SHIFT, BITS, STYLE, (1u << (BITS)) - 1)
#define ADDR_FIELD(NAME, KIND, OFS) \
    { NAME, KIND, NS_DEC, OFS, 0, false, 0, 0, 0 }
#define SPECIAL_FIELD(NAME, KIND) \
    { NAME, KIND, NS_DEC, 0, 0, false, 0, 0, 0 }

#define FLOW_OFS(MEMBER) offsetof(struct flow, MEMBER)

struct attr {
    const char *name;
    const struct field *fields;
    size_t n_fields;
};

#define ATTR(NAME, FIELDS) { NAME, FIELDS, ARRAY_SIZE(FIELDS) }

/* Flow attributes. */

static const struct field recirc_id_fields[] = {
    HOST32_FIELD(NULL, FLOW_OFS(recirc_id), NS_HEX),
};
static const struct field dp_hash_fields[] = {
    HOST32_FIELD(NULL, FLOW_OFS(dp_hash), NS_HEX),
};
static const struct field in_port_fields[] = {
    HOST32_FIELD(NULL, FLOW_OFS(in_port), NS_DEC),
};
static const struct field eth_fields[] = {
    ADDR_FIELD("src", FK_ETH, FLOW_OFS(dl_src)),
    ADDR_FIELD("dst", FK_ETH, FLOW_OFS(dl_dst)),
};
/* eth_type's value goes to dl_type or to a TPID: based on a be16. */
static const struct field eth_type_fields[] = {
    BE16_FIELD(NULL, 0, NS_HEX4),
};
/* Based on a VLAN TCI. */
static const struct field vlan_fields[] = {
    BE16_BITS("vid", 0, 0, 12, NS_DEC),
    BE16_BITS("pcp", 0, VLAN_PCP_SHIFT, 3, NS_DEC),
    BE16_BITS("dei", 0, 12, 1, NS_DEC),
    SPECIAL_FIELD("cfi", FK_CFI),
};
/* Based on an MPLS label stack entry. */
static const struct field mpls_fields[] = {
    BE32_BITS("label", 0, MPLS_LABEL_SHIFT, 20, NS_DEC),
    BE32_BITS("tc", 0, MPLS_TC_SHIFT, 3, NS_DEC),
    BE32_BITS("ttl", 0, 0, 8, NS_DEC),
    BE32_BITS("bos", 0, MPLS_BOS_SHIFT, 1, NS_DEC),
};
static const struct field ipv4_fields[] = {
    ADDR_FIELD("src", FK_IPV4, FLOW_OFS(nw_src)),
    ADDR_FIELD("dst", FK_IPV4, FLOW_OFS(nw_dst)),
    U8_FIELD("proto", FLOW_OFS(nw_proto), NS_DEC),
    U8_FIELD("tos", FLOW_OFS(nw_tos), NS_HEX),
    U8_FIELD("ttl", FLOW_OFS(nw_ttl), NS_DEC),
    NUM_FIELD("frag", FLOW_OFS(nw_frag), 1, false, 0, 2, NS_FRAG,
              FLOW_NW_FRAG_MASK),
};
static const struct field ipv6_fields[] = {
    ADDR_FIELD("src", FK_IPV6, FLOW_OFS(ipv6_src)),
    ADDR_FIELD("dst", FK_IPV6, FLOW_OFS(ipv6_dst)),
    BE32_BITS("label", FLOW_OFS(ipv6_label), 0, 20, NS_HEX),
    U8_FIELD("proto", FLOW_OFS(nw_proto), NS_DEC),
    U8_FIELD("tclass", FLOW_OFS(nw_tos), NS_HEX),
    U8_FIELD("hlimit", FLOW_OFS(nw_ttl), NS_DEC),
    NUM_FIELD("frag", FLOW_OFS(nw_frag), 1, false, 0, 2, NS_FRAG,
              FLOW_NW_FRAG_MASK),
};
static const struct field arp_fields[] = {
    ADDR_FIELD("sip", FK_IPV4, FLOW_OFS(nw_src)),
    ADDR_FIELD("tip", FK_IPV4, FLOW_OFS(nw_dst)),
    U8_FIELD("op", FLOW_OFS(nw_proto), NS_DEC),
    ADDR_FIELD("sha", FK_ETH, FLOW_OFS(arp_sha)),
    ADDR_FIELD("tha", FK_ETH, FLOW_OFS(arp_tha)),
};
static const struct field ports_fields[] = {
    BE16_FIELD("src", FLOW_OFS(tp_src), NS_DEC),
    BE16_FIELD("dst", FLOW_OFS(tp_dst), NS_DEC),
};
/* ICMP types and codes live in tp_src and tp_dst, as 16-bit fields whose
 * values cannot exceed 255. */
static const struct field icmp_fields[] = {
    NUM_FIELD("type", FLOW_OFS(tp_src), 2, false, 0, 16, NS_DEC, 255),
    NUM_FIELD("code", FLOW_OFS(tp_dst), 2, false, 0, 16, NS_DEC, 255),
};
static const struct field nd_fields[] = {
    ADDR_FIELD("target", FK_IPV6, FLOW_OFS(nd_target)),
    ADDR_FIELD("sll", FK_ETH, FLOW_OFS(nd_sll)),
    ADDR_FIELD("tll", FK_ETH, FLOW_OFS(nd_tll)),
};
static const struct field tcp_flags_fields[] = {
    BE16_BITS(NULL, FLOW_OFS(tcp_flags), 0, 12, NS_TCP_FLAGS),
};

enum attr_id {
    A_RECIRC_ID,
    A_DP_HASH,
    A_IN_PORT,
    A_ETH,
    A_ETH_TYPE,
    A_VLAN,
    A_ENCAP,
    A_MPLS,
    A_IPV4,
    A_IPV6,
    A_ARP,
    A_TCP,
    A_UDP,
    A_SCTP,
    A_ICMP,
    A_ICMPV6,
    A_ND,
    A_TCP_FLAGS,
    N_ATTRS
};

static const struct attr flow_attrs[N_ATTRS] = {
    [A_RECIRC_ID] = ATTR("recirc_id", recirc_id_fields),
    [A_DP_HASH] = ATTR("dp_hash", dp_hash_fields),
    [A_IN_PORT] = ATTR("in_port", in_port_fields),
    [A_ETH] = ATTR("eth", eth_fields),
    [A_ETH_TYPE] = ATTR("eth_type", eth_type_fields),
    [A_VLAN] = ATTR("vlan", vlan_fields),
    [A_ENCAP] = { "encap", NULL, 0 },
    [A_MPLS] = ATTR("mpls", mpls_fields),
    [A_IPV4] = ATTR("ipv4", ipv4_fields),
    [A_IPV6] = ATTR("ipv6", ipv6_fields),
    [A_ARP] = ATTR("arp", arp_fields),
    [A_TCP] = ATTR("tcp", ports_fields),
    [A_UDP] = ATTR("udp", ports_fields),
    [A_SCTP] = ATTR("sctp", ports_fields),
    [A_ICMP] = ATTR("icmp", icmp_fields),
    [A_ICMPV6] = ATTR("icmpv6", icmp_fields),
    [A_ND] = ATTR("nd", nd_fields),
    [A_TCP_FLAGS] = ATTR("tcp_flags", tcp_flags_fields),
};

/* OVS attributes that every Sluice packet has at zero: accepted with a
 * zero value (and any mask), as no-ops. */
static const char *const zero_attrs[] = {
    "skb_priority", "skb_mark", "ct_state", "ct_zone", "ct_mark",
    "ct_label",
};

/* Set action attributes. */

#define ETH_KEY_OFS(MEMBER) offsetof(struct odp_key_ethernet, MEMBER)
#define IPV4_KEY_OFS(MEMBER) offsetof(struct odp_key_ipv4, MEMBER)
#define IPV6_KEY_OFS(MEMBER) offsetof(struct odp_key_ipv6, MEMBER)
#define L4_KEY_OFS(MEMBER) offsetof(struct odp_key_l4, MEMBER)

static const struct field set_eth_fields[] = {
    ADDR_FIELD("src", FK_ETH, ETH_KEY_OFS(src)),
    ADDR_FIELD("dst", FK_ETH, ETH_KEY_OFS(dst)),
};
static const struct field set_ipv4_fields[] = {
    ADDR_FIELD("src", FK_IPV4, IPV4_KEY_OFS(src)),
    ADDR_FIELD("dst", FK_IPV4, IPV4_KEY_OFS(dst)),
    SPECIAL_FIELD("proto", FK_READONLY),
    U8_FIELD("tos", IPV4_KEY_OFS(tos), NS_HEX),
    U8_FIELD("ttl", IPV4_KEY_OFS(ttl), NS_DEC),
    SPECIAL_FIELD("frag", FK_READONLY),
};
static const struct field set_ipv6_fields[] = {
    ADDR_FIELD("src", FK_IPV6, IPV6_KEY_OFS(src)),
    ADDR_FIELD("dst", FK_IPV6, IPV6_KEY_OFS(dst)),
    BE32_BITS("label", IPV6_KEY_OFS(label), 0, 20, NS_HEX),
    SPECIAL_FIELD("proto", FK_READONLY),
    U8_FIELD("tclass", IPV6_KEY_OFS(tclass), NS_HEX),
    U8_FIELD("hlimit", IPV6_KEY_OFS(hlimit), NS_DEC),
    SPECIAL_FIELD("frag", FK_READONLY),
};
static const struct field set_l4_fields[] = {
    BE16_FIELD("src", L4_KEY_OFS(src), NS_DEC),
    BE16_FIELD("dst", L4_KEY_OFS(dst), NS_DEC),
};

static const struct attr set_attrs[ODP_SET_N_GROUPS] = {
    [ODP_SET_ETHERNET] = ATTR("eth", set_eth_fields),
    [ODP_SET_IPV4] = ATTR("ipv4", set_ipv4_fields),
    [ODP_SET_IPV6] = ATTR("ipv6", set_ipv6_fields),
    [ODP_SET_TCP] = ATTR("tcp", set_l4_fields),
    [ODP_SET_UDP] = ATTR("udp", set_l4_fields),
    [ODP_SET_SCTP] = ATTR("sctp", set_l4_fields),
};

/* push_vlan's fields, based on a struct push_vlan_args. */
struct push_vlan_args {
    be16 tpid;
    be16 tci;
};
static const struct field push_vlan_fields[] = {
    BE16_FIELD("tpid", offsetof(struct push_vlan_args, tpid), NS_HEX4),
    BE16_BITS("vid", offsetof(struct push_vlan_args, tci), 0, 12, NS_DEC),
    BE16_BITS("pcp", offsetof(struct push_vlan_args, tci), VLAN_PCP_SHIFT,
              3, NS_DEC),
    BE16_BITS("dei", offsetof(struct push_vlan_args, tci), 12, 1, NS_DEC),
    SPECIAL_FIELD("cfi", FK_CFI),
};
static const struct attr push_vlan_attr = ATTR("push_vlan",
                                               push_vlan_fields);

/* Field access. */

static uint32_t
num_all_ones(const struct field *f)
{
    return f->n_bits >= 32 ? UINT32_MAX : (UINT32_C(1) << f->n_bits) - 1;
}

static uint32_t
num_load_raw(const void *base, const struct field *f)
{
    const uint8_t *p = (const uint8_t *) base + f->ofs;

    if (f->size == 1) {
        return *p;
    } else if (f->size == 2) {
        uint16_t x;
        memcpy(&x, p, sizeof x);
        return f->host_order ? x : ntohs(x);
    } else {
        uint32_t x;
        memcpy(&x, p, sizeof x);
        return f->host_order ? x : ntohl(x);
    }
}

static void
num_store_raw(void *base, const struct field *f, uint32_t raw)
{
    uint8_t *p = (uint8_t *) base + f->ofs;

    if (f->size == 1) {
        *p = raw;
    } else if (f->size == 2) {
        uint16_t x = f->host_order ? raw : htons(raw);
        memcpy(p, &x, sizeof x);
    } else {
        uint32_t x = f->host_order ? raw : htonl(raw);
        memcpy(p, &x, sizeof x);
    }
}

static uint32_t
num_get(const void *base, const struct field *f)
{
    return (num_load_raw(base, f) >> f->shift) & num_all_ones(f);
}

static void
num_set(void *base, const struct field *f, uint32_t value)
{
    uint32_t bits = num_all_ones(f) << f->shift;
    uint32_t raw = num_load_raw(base, f);
    num_store_raw(base, f, (raw & ~bits) | ((value << f->shift) & bits));
}

static size_t
addr_size(enum field_kind kind)
{
    return (kind == FK_IPV4 ? sizeof(be32)
            : kind == FK_IPV6 ? sizeof(struct in6_addr)
            : kind == FK_ETH ? sizeof(struct eth_addr)
            : 0);
}

/* Returns true if MASK selects any bit of F. */
static bool
field_is_matched(const void *mask, const struct field *f)
{
    if (f->kind == FK_NUM) {
        return num_get(mask, f) != 0;
    }
    size_t n = addr_size(f->kind);
    return n && !is_all_zeros((const uint8_t *) mask + f->ofs, n);
}

/* Returns true if MASK selects every bit of F. */
static bool
field_is_exact(const void *mask, const struct field *f)
{
    if (f->kind == FK_NUM) {
        return num_get(mask, f) == num_all_ones(f);
    }
    size_t n = addr_size(f->kind);
    return n && is_all_ones((const uint8_t *) mask + f->ofs, n);
}

static void
field_clear(void *mask, const struct field *f)
{
    if (f->kind == FK_NUM) {
        num_set(mask, f, 0);
    } else {
        memset((uint8_t *) mask + f->ofs, 0, addr_size(f->kind));
    }
}

/* Printing fields. */

static const char *
frag_name(uint32_t frag)
{
    return (frag == 0 ? "no"
            : frag == FLOW_NW_FRAG_ANY ? "first"
            : frag == (FLOW_NW_FRAG_ANY | FLOW_NW_FRAG_LATER) ? "later"
            : NULL);
}

/* Appends the name of the single TCP flag BIT (host order) to DS: packets.c
 * keeps the names. */
static void
put_tcp_flag(struct ds *ds, uint32_t bit)
{
    tcp_flags_format(ds, bit);
}

static void
format_num_value(struct ds *ds, const struct field *f, uint32_t value,
                 uint32_t mask)
{
    switch (f->style) {
    case NS_DEC:
        ds_put_format(ds, "%"PRIu32, value);
        break;
    case NS_HEX:
        ds_put_format(ds, "%#"PRIx32, value);
        break;
    case NS_HEX4:
        ds_put_format(ds, "0x%04"PRIx32, value);
        break;
    case NS_FRAG: {
        const char *name = frag_name(value);
        if (name) {
            ds_put_cstr(ds, name);
        } else {
            ds_put_format(ds, "%#"PRIx32, value);
        }
        break;
    }
    case NS_TCP_FLAGS:
        if (mask == num_all_ones(f)) {
            if (value) {
                tcp_flags_format(ds, value);
            } else {
                ds_put_char(ds, '0');
            }
        } else {
            for (int bit = 0; bit < f->n_bits; bit++) {
                uint32_t b = UINT32_C(1) << bit;
                if (mask & b) {
                    ds_put_char(ds, value & b ? '+' : '-');
                    put_tcp_flag(ds, b);
                }
            }
        }
        break;
    }
}

/* Appends field F of KEY under MASK to DS as "name=value[/mask]". */
static void
format_field(struct ds *ds, const struct field *f, const void *key,
             const void *mask)
{
    bool exact = field_is_exact(mask, f);
    const uint8_t *k = (const uint8_t *) key + f->ofs;
    const uint8_t *m = (const uint8_t *) mask + f->ofs;

    if (f->name) {
        ds_put_format(ds, "%s=", f->name);
    }
    switch (f->kind) {
    case FK_NUM: {
        uint32_t value = num_get(key, f);
        uint32_t mask_value = num_get(mask, f);
        format_num_value(ds, f, value, mask_value);
        if (!exact && f->style != NS_TCP_FLAGS) {
            ds_put_format(ds, f->style == NS_HEX4 ? "/0x%04"PRIx32
                          : "/%#"PRIx32, mask_value);
        }
        break;
    }
    case FK_IPV4:
        ip_format(ds, get_unaligned_be32(k));
        if (!exact) {
            ds_put_char(ds, '/');
            ip_format(ds, get_unaligned_be32(m));
        }
        break;
    case FK_IPV6: {
        struct in6_addr addr;
        memcpy(&addr, k, sizeof addr);
        ipv6_format_addr(ds, &addr);
        if (!exact) {
            memcpy(&addr, m, sizeof addr);
            ds_put_char(ds, '/');
            ipv6_format_addr(ds, &addr);
        }
        break;
    }
    case FK_ETH: {
        struct eth_addr ea;
        memcpy(&ea, k, sizeof ea);
        eth_addr_format(ds, ea);
        if (!exact) {
            memcpy(&ea, m, sizeof ea);
            ds_put_char(ds, '/');
            eth_addr_format(ds, ea);
        }
        break;
    }
    case FK_CFI:
    case FK_READONLY:
        break;
    }
}

/* The state of a printer: separators go between attributes. */
struct printer {
    struct ds *ds;
    size_t start;               /* Where the printer's output starts. */
};

static void
printer_sep(struct printer *pr)
{
    if (pr->ds->length > pr->start && ds_last(pr->ds) != '(') {
        ds_put_char(pr->ds, ',');
    }
}

/* Appends attribute A with the fields of KEY that REM (the mask of the
 * fields not printed yet) selects, and clears them in REM.  Prints
 * nothing if REM selects none of A's fields, unless FORCE.  Returns true
 * if it printed. */
static bool
format_attr(struct printer *pr, const struct attr *a, const void *key,
            void *rem, bool force)
{
    bool any = force;

    for (size_t i = 0; i < a->n_fields && !any; i++) {
        any = field_is_matched(rem, &a->fields[i]);
    }
    if (!any) {
        return false;
    }

    printer_sep(pr);
    ds_put_format(pr->ds, "%s(", a->name);
    bool first = true;
    for (size_t i = 0; i < a->n_fields; i++) {
        const struct field *f = &a->fields[i];
        if (field_is_matched(rem, f) || (force && !f->name)) {
            if (!first) {
                ds_put_char(pr->ds, ',');
            }
            first = false;
            format_field(pr->ds, f, key, rem);
            field_clear(rem, f);
        }
    }
    ds_put_char(pr->ds, ')');
    return true;
}

/* Parsing fields. */

/* Parses S, a decimal or 0x-prefixed hexadecimal number no larger than
 * MAX, into *VALUE. */
static bool
parse_uint(const char *s, uint64_t max, uint64_t *value)
{
    int base = 10;
    uint64_t v = 0;

    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    if (!*s) {
        return false;
    }
    for (; *s; s++) {
        int d;
        if (*s >= '0' && *s <= '9') {
            d = *s - '0';
        } else if (base == 16 && *s >= 'a' && *s <= 'f') {
            d = *s - 'a' + 10;
        } else if (base == 16 && *s >= 'A' && *s <= 'F') {
            d = *s - 'A' + 10;
        } else {
            return false;
        }
        if (v > (UINT64_MAX - d) / base) {
            return false;
        }
        v = v * base + d;
    }
    if (v > max) {
        return false;
    }
    *value = v;
    return true;
}

/* Parses S as a number for field F, of at most MAX. */
static char *
parse_num_text(const char *s, uint32_t max, const char *what,
               uint32_t *value)
{
    uint64_t v;

    if (!parse_uint(s, UINT64_MAX, &v)) {
        return xasprintf("invalid %s \"%s\"", what, s);
    }
    if (v > max) {
        return xasprintf("%s %s is out of range 0..%"PRIu32, what, s, max);
    }
    *value = v;
    return NULL;
}

/* Looks up the TCP flag NAME (a name or a single-bit number). */
static bool
tcp_flag_from_name(const char *name, size_t len, uint32_t *bit)
{
    char *s = xmemdup0(name, len);
    uint64_t v;
    bool ok = false;

    if (parse_uint(s, TCP_FLAGS_MASK, &v) && IS_POW2(v)) {
        *bit = v;
        ok = true;
    } else {
        struct ds ds = DS_EMPTY_INITIALIZER;
        for (int i = 0; i < 12 && !ok; i++) {
            ds_clear(&ds);
            put_tcp_flag(&ds, UINT32_C(1) << i);
            if (!strcmp(ds_cstr(&ds), s)) {
                *bit = UINT32_C(1) << i;
                ok = true;
            }
        }
        ds_destroy(&ds);
    }
    free(s);
    return ok;
}

static char *
parse_tcp_flags(const char *s, uint32_t *value, uint32_t *mask)
{
    *value = 0;
    if (*s == '+' || *s == '-') {
        /* "+syn-ack": each named flag set or clear, the others
         * wildcarded. */
        *mask = 0;
        while (*s) {
            bool set = *s == '+';
            if (*s != '+' && *s != '-') {
                return xasprintf("expected \"+\" or \"-\" before \"%s\"", s);
            }
            s++;
            size_t len = strcspn(s, "+-");
            uint32_t bit;
            if (!tcp_flag_from_name(s, len, &bit)) {
                return xasprintf("unknown TCP flag \"%.*s\"", (int) len, s);
            }
            if (*mask & bit) {
                return xasprintf("TCP flag \"%.*s\" given twice", (int) len,
                                 s);
            }
            *mask |= bit;
            *value |= set ? bit : 0;
            s += len;
        }
        return NULL;
    }

    /* "syn|ack", exactly these set; "none" for no flags; or a number. */
    uint64_t number;
    *mask = TCP_FLAGS_MASK;
    if (!strcmp(s, "none")) {
        return NULL;
    } else if (parse_uint(s, TCP_FLAGS_MASK, &number)) {
        *value = number;
        return NULL;
    }
    for (;;) {
        size_t len = strcspn(s, "|");
        uint32_t bit;
        if (!tcp_flag_from_name(s, len, &bit)) {
            return xasprintf("unknown TCP flag \"%.*s\"", (int) len, s);
        }
        *value |= bit;
        s += len;
        if (!*s) {
            return NULL;
        }
        s++;
    }
}

static char *
parse_num_field(const struct field *f, const char *value_s,
                const char *mask_s, void *key, void *mask)
{
    uint32_t value, mask_value = num_all_ones(f);
    char *error;

    if (f->style == NS_TCP_FLAGS) {
        if (mask_s && (*value_s == '+' || *value_s == '-')) {
            return xstrdup("\"+flag-flag\" takes no mask");
        }
        error = parse_tcp_flags(value_s, &value, &mask_value);
        if (error) {
            return error;
        }
    } else if (f->style == NS_FRAG
               && (!strcmp(value_s, "no") || !strcmp(value_s, "first")
                   || !strcmp(value_s, "later"))) {
        value = (value_s[0] == 'n' ? 0
                 : value_s[0] == 'f' ? FLOW_NW_FRAG_ANY
                 : FLOW_NW_FRAG_ANY | FLOW_NW_FRAG_LATER);
    } else {
        error = parse_num_text(value_s, f->max,
                               f->style == NS_FRAG ? "fragment type"
                               : "value", &value);
        if (error) {
            return error;
        }
    }
    if (mask_s) {
        error = parse_num_text(mask_s, num_all_ones(f), "mask",
                               &mask_value);
        if (error) {
            return error;
        }
    }
    num_set(key, f, value & mask_value);
    num_set(mask, f, mask_value);
    return NULL;
}

/* Parses an IPv4 or IPv6 mask S (an address or a prefix length) into the
 * SIZE bytes at MASK. */
static bool
parse_ip_mask(int af, const char *s, uint8_t *mask, size_t size)
{
    if (strspn(s, "0123456789") == strlen(s)) {
        uint64_t plen;
        if (!parse_uint(s, size * 8, &plen)) {
            return false;
        }
        memset(mask, 0, size);
        for (size_t i = 0; i < plen; i++) {
            mask[i / 8] |= 0x80 >> (i % 8);
        }
        return true;
    }
    return inet_pton(af, s, mask) == 1;
}

static char *
parse_addr_field(const struct field *f, const char *value_s,
                 const char *mask_s, void *key, void *mask)
{
    size_t n = addr_size(f->kind);
    uint8_t value[16], mask_bytes[16];
    const char *what;
    bool ok;

    memset(mask_bytes, 0xff, sizeof mask_bytes);
    if (f->kind == FK_ETH) {
        struct eth_addr ea;
        what = "Ethernet";
        ok = eth_addr_from_string(value_s, &ea);
        memcpy(value, &ea, sizeof ea);
        if (ok && mask_s) {
            if (!eth_addr_from_string(mask_s, &ea)) {
                return xasprintf("invalid Ethernet mask \"%s\"", mask_s);
            }
            memcpy(mask_bytes, &ea, sizeof ea);
        }
    } else {
        int af = f->kind == FK_IPV4 ? AF_INET : AF_INET6;
        what = f->kind == FK_IPV4 ? "IPv4" : "IPv6";
        ok = inet_pton(af, value_s, value) == 1;
        if (ok && mask_s && !parse_ip_mask(af, mask_s, mask_bytes, n)) {
            return xasprintf("invalid %s mask \"%s\"", what, mask_s);
        }
    }
    if (!ok) {
        return xasprintf("invalid %s address \"%s\"", what, value_s);
    }

    uint8_t *k = (uint8_t *) key + f->ofs;
    uint8_t *m = (uint8_t *) mask + f->ofs;
    for (size_t i = 0; i < n; i++) {
        k[i] = value[i] & mask_bytes[i];
        m[i] = mask_bytes[i];
    }
    return NULL;
}

/* Parses TOKEN, the text of field F ("value" or "value/mask"), into KEY
 * and MASK.  Returns NULL or a malloc'd reason. */
static char *
parse_field(const struct field *f, const char *token, bool allow_mask,
            void *key, void *mask)
{
    char *value_s = xstrdup(token);
    char *mask_s = strchr(value_s, '/');
    char *error;

    if (mask_s) {
        *mask_s++ = '\0';
    }
    if (!*value_s) {
        error = xstrdup("missing value");
    } else if (mask_s && !allow_mask) {
        error = xstrdup("a mask is not allowed here");
    } else if (f->kind == FK_CFI) {
        error = (!strcmp(token, "1") ? NULL
                 : xstrdup("only cfi=1 (a present tag) is supported"));
    } else if (f->kind == FK_READONLY) {
        error = xasprintf("field \"%s\" cannot be set", f->name);
    } else if (f->kind == FK_NUM) {
        error = parse_num_field(f, value_s, mask_s, key, mask);
    } else {
        error = parse_addr_field(f, value_s, mask_s, key, mask);
    }
    free(value_s);
    return error;
}

/* The parser. */

struct parser {
    const char *p;              /* Current position. */
    char *error;                /* The first error, malloc'd. */
};

static bool SLUICE_PRINTF_FORMAT(2, 3)
parse_error(struct parser *p, const char *format, ...)
{
    if (!p->error) {
        va_list args;
        va_start(args, format);
        p->error = xvasprintf(format, args);
        va_end(args);
    }
    return false;
}

/* Reports that the text at the current position is not what was
 * EXPECTED. */
static bool
syntax_error(struct parser *p, const char *expected)
{
    if (!*p->p) {
        return parse_error(p, "syntax error at end of input: expected %s",
                           expected);
    }
    size_t len = strnlen(p->p, 24);
    return parse_error(p, "syntax error at \"%.*s%s\": expected %s",
                       (int) len, p->p, p->p[len] ? "..." : "", expected);
}

static void
skip_space(struct parser *p)
{
    while (*p->p == ' ' || *p->p == '\t' || *p->p == '\n'
           || *p->p == '\r') {
        p->p++;
    }
}

/* Skips spaces, then consumes C if it comes next. */
static bool
match_char(struct parser *p, char c)
{
    skip_space(p);
    if (*p->p == c) {
        p->p++;
        return true;
    }
    return false;
}

static bool
expect_char(struct parser *p, char c)
{
    if (match_char(p, c)) {
        return true;
    }
    char expected[4] = { '"', c, '"', '\0' };
    return syntax_error(p, expected);
}

/* Skips spaces and reads a name ([A-Za-z0-9_]+) into NAME (at most
 * NAME_SIZE - 1 characters, longer names are an error).  Returns false,
 * with an error, if there is none. */
static bool
scan_name(struct parser *p, char *name, size_t name_size)
{
    skip_space(p);
    size_t len = 0;
    while ((p->p[len] >= 'a' && p->p[len] <= 'z')
           || (p->p[len] >= 'A' && p->p[len] <= 'Z')
           || (p->p[len] >= '0' && p->p[len] <= '9') || p->p[len] == '_') {
        len++;
    }
    if (!len) {
        return syntax_error(p, "a name");
    }
    if (len >= name_size) {
        return parse_error(p, "name \"%.*s...\" is too long",
                           (int) MIN(len, 32), p->p);
    }
    memcpy(name, p->p, len);
    name[len] = '\0';
    p->p += len;
    return true;
}

/* Reads the token of a value: everything up to the next ',' or ')' (or the
 * end), without trailing spaces.  Returns a malloc'd copy, or NULL (with
 * an error) if it contains '('. */
static char *
scan_value(struct parser *p)
{
    skip_space(p);
    size_t len = strcspn(p->p, ",()");
    if (p->p[len] == '(') {
        p->p += len;
        syntax_error(p, "\",\" or \")\"");
        return NULL;
    }
    const char *start = p->p;
    p->p += len;
    while (len && (start[len - 1] == ' ' || start[len - 1] == '\t'
                   || start[len - 1] == '\n' || start[len - 1] == '\r')) {
        len--;
    }
    return xmemdup0(start, len);
}

static const struct field *
find_field(const struct attr *a, const char *name)
{
    for (size_t i = 0; i < a->n_fields; i++) {
        if (a->fields[i].name && !strcmp(a->fields[i].name, name)) {
            return &a->fields[i];
        }
    }
    return NULL;
}

static bool
unknown_field(struct parser *p, const struct attr *a, const char *name,
              const char *token)
{
    struct ds names = DS_EMPTY_INITIALIZER;
    for (size_t i = 0; i < a->n_fields; i++) {
        if (a->fields[i].kind != FK_CFI) {
            ds_put_format(&names, "%s%s", i ? ", " : "",
                          a->fields[i].name);
        }
    }
    parse_error(p, "%s(%s=%s): unknown field \"%s\" (%s has %s)", a->name,
                name, token, name, a->name, ds_cstr(&names));
    ds_destroy(&names);
    return false;
}

/* Parses the fields of attribute A, "name=value,...", and the ')' that
 * ends them (the '(' is already consumed), into KEY and MASK.  Up to
 * MAX_ENTRIES entries of ENTRY_SIZE bytes each may be given (for mpls()):
 * a field named again starts the next entry. */
static bool
parse_fields(struct parser *p, const struct attr *a, void *key, void *mask,
             bool allow_mask, size_t max_entries, size_t entry_size)
{
    uint32_t seen = 0;
    size_t entry = 0;

    BUILD_ASSERT_DECL(ARRAY_SIZE(ipv6_fields) < 32);
    if (match_char(p, ')')) {
        return true;
    }
    for (;;) {
        char name[32];
        if (!scan_name(p, name, sizeof name) || !expect_char(p, '=')) {
            return false;
        }
        char *token = scan_value(p);
        if (!token) {
            return false;
        }

        const struct field *f = find_field(a, name);
        if (!f) {
            unknown_field(p, a, name, token);
            free(token);
            return false;
        }
        uint32_t bit = UINT32_C(1) << (f - a->fields);
        if (seen & bit) {
            if (entry + 1 >= max_entries) {
                if (max_entries > 1) {
                    parse_error(p, "%s(%s=%s): more than %zu label stack "
                                "entries", a->name, name, token,
                                max_entries);
                } else {
                    parse_error(p, "%s(%s=%s): field \"%s\" given twice",
                                a->name, name, token, name);
                }
                free(token);
                return false;
            }
            entry++;
            seen = 0;
        }
        seen |= bit;

        char *error = parse_field(f, token, allow_mask,
                                  (char *) key + entry * entry_size,
                                  (char *) mask + entry * entry_size);
        if (error) {
            parse_error(p, "%s(%s=%s): %s", a->name, name, token, error);
            free(error);
            free(token);
            return false;
        }
        free(token);

        if (match_char(p, ')')) {
            return true;
        } else if (!match_char(p, ',')) {
            return syntax_error(p, "\",\" or \")\"");
        }
    }
}

/* Parses the value of bare attribute A, "value)" (the '(' is already
 * consumed), into KEY and MASK. */
static bool
parse_bare(struct parser *p, const struct attr *a, void *key, void *mask)
{
    char *token = scan_value(p);
    if (!token) {
        return false;
    }

    char *error = parse_field(&a->fields[0], token, true, key, mask);
    if (error) {
        parse_error(p, "%s(%s): %s", a->name, token, error);
        free(error);
        free(token);
        return false;
    }
    free(token);
    return expect_char(p, ')');
}

/* Flow prerequisites. */

static bool
dl_is(const struct flow *key, const struct flow *mask, uint16_t type)
{
    return mask->dl_type == htons(0xffff) && key->dl_type == htons(type);
}

static bool
proto_is(const struct flow *key, const struct flow *mask, uint8_t proto)
{
    return mask->nw_proto == 0xff && key->nw_proto == proto;
}

static bool
is_ip(const struct flow *key, const struct flow *mask)
{
    return dl_is(key, mask, ETH_TYPE_IP) || dl_is(key, mask, ETH_TYPE_IPV6);
}

/* Returns NULL if attribute ID's prerequisites hold for KEY under MASK,
 * otherwise what they are. */
static const char *
attr_prereq_error(enum attr_id id, const struct flow *key,
                  const struct flow *mask)
{
    switch (id) {
    case A_MPLS:
        return (dl_is(key, mask, ETH_TYPE_MPLS)
                || dl_is(key, mask, ETH_TYPE_MPLS_MCAST) ? NULL
                : "mpls() requires eth_type(0x8847) or eth_type(0x8848)");
    case A_IPV4:
        return (dl_is(key, mask, ETH_TYPE_IP) ? NULL
                : "ipv4() requires eth_type(0x0800)");
    case A_IPV6:
        return (dl_is(key, mask, ETH_TYPE_IPV6) ? NULL
                : "ipv6() requires eth_type(0x86dd)");
    case A_ARP:
        return (dl_is(key, mask, ETH_TYPE_ARP)
                || dl_is(key, mask, ETH_TYPE_RARP) ? NULL
                : "arp() requires eth_type(0x0806) or eth_type(0x8035)");
    case A_TCP:
        return (is_ip(key, mask) && proto_is(key, mask, IPPROTO_TCP) ? NULL
                : "tcp() requires ipv4(proto=6) or ipv6(proto=6)");
    case A_TCP_FLAGS:
        return (is_ip(key, mask) && proto_is(key, mask, IPPROTO_TCP) ? NULL
                : "tcp_flags() requires ipv4(proto=6) or ipv6(proto=6)");
    case A_UDP:
        return (is_ip(key, mask) && proto_is(key, mask, IPPROTO_UDP) ? NULL
                : "udp() requires ipv4(proto=17) or ipv6(proto=17)");
    case A_SCTP:
        return (is_ip(key, mask) && proto_is(key, mask, IPPROTO_SCTP)
                ? NULL
                : "sctp() requires ipv4(proto=132) or ipv6(proto=132)");
    case A_ICMP:
        return (dl_is(key, mask, ETH_TYPE_IP)
                && proto_is(key, mask, IPPROTO_ICMP) ? NULL
                : "icmp() requires ipv4(proto=1)");
    case A_ICMPV6:
        return (dl_is(key, mask, ETH_TYPE_IPV6)
                && proto_is(key, mask, IPPROTO_ICMPV6) ? NULL
                : "icmpv6() requires ipv6(proto=58)");
    case A_ND:
        return (dl_is(key, mask, ETH_TYPE_IPV6)
                && proto_is(key, mask, IPPROTO_ICMPV6)
                && mask->tp_src == htons(0xffff)
                && (key->tp_src == htons(ND_TYPE_NEIGHBOR_SOLICIT)
                    || key->tp_src == htons(ND_TYPE_NEIGHBOR_ADVERT))
                ? NULL
                : "nd() requires icmpv6(type=135) or icmpv6(type=136)");
    case A_RECIRC_ID:
    case A_DP_HASH:
    case A_IN_PORT:
    case A_ETH:
    case A_ETH_TYPE:
    case A_VLAN:
    case A_ENCAP:
    case N_ATTRS:
        break;
    }
    return NULL;
}

/* The attributes whose fields have prerequisites, in the order in which
 * odp_flow_check() blames them. */
static const enum attr_id prereq_attrs[] = {
    A_IPV4, A_IPV6, A_ARP, A_TCP, A_UDP, A_SCTP, A_ICMP, A_ICMPV6, A_ND,
    A_TCP_FLAGS,
};

char *
odp_flow_check(const struct flow *key_, const struct flow *mask)
{
    const uint64_t *k = flow_u64s(key_);
    const uint64_t *m = flow_u64s(mask);
    struct flow key, rem = *mask;

    for (size_t i = 0; i < FLOW_U64S; i++) {
        ((uint64_t *) (void *) &key)[i] = k[i] & m[i];
    }

    if (!is_all_zeros(mask->mpls_lse, sizeof mask->mpls_lse)) {
        const char *error = attr_prereq_error(A_MPLS, &key, mask);
        if (error) {
            return xstrdup(error);
        }
    }

    /* A field is fine if any attribute that holds it is: clear the fields
     * of every attribute whose prerequisites hold, then blame the first
     * attribute that holds a field still set. */
    for (size_t i = 0; i < ARRAY_SIZE(prereq_attrs); i++) {
        const struct attr *a = &flow_attrs[prereq_attrs[i]];
        if (!attr_prereq_error(prereq_attrs[i], &key, mask)) {
            for (size_t j = 0; j < a->n_fields; j++) {
                field_clear(&rem, &a->fields[j]);
            }
        }
    }
    for (size_t i = 0; i < ARRAY_SIZE(prereq_attrs); i++) {
        const struct attr *a = &flow_attrs[prereq_attrs[i]];
        for (size_t j = 0; j < a->n_fields; j++) {
            if (field_is_matched(&rem, &a->fields[j])) {
                return xstrdup(attr_prereq_error(prereq_attrs[i], &key,
                                                 mask));
            }
        }
    }
    return NULL;
}

/* Flow parsing. */

/* What one nesting level (see "VLAN tags" in odp-util.h) holds. */
struct flow_level {
    bool seen[N_ATTRS];
    bool has_l34;               /* An L3 or L4 attribute is here. */
    const char *l34_name;       /* The first of them. */
    be16 eth_type[2];           /* eth_type()'s value and mask. */
};

static bool parse_flow_level(struct parser *, struct flow *key,
                             struct flow *mask, int depth,
                             bool seen_l34[N_ATTRS]);

static int
find_flow_attr(const char *name)
{
    for (int i = 0; i < N_ATTRS; i++) {
        if (!strcmp(flow_attrs[i].name, name)) {
            return i;
        }
    }
    return -1;
}

/* Parses OVS's "packet_type(ns=0,id=0)" (Ethernet), after its '('. */
static bool
parse_packet_type(struct parser *p)
{
    static const struct field fields[] = {
        HOST32_FIELD("ns", 0, NS_DEC),
        HOST32_FIELD("id", 4, NS_DEC),
    };
    static const struct attr attr = ATTR("packet_type", fields);
    uint32_t key[2] = { 0, 0 }, mask[2] = { 0, 0 };

    if (!parse_fields(p, &attr, key, mask, true, 1, 0)) {
        return false;
    }
    if (key[0] || key[1]) {
        return parse_error(p, "packet_type(ns=%"PRIu32",id=%#"PRIx32"): "
                           "only Ethernet (ns=0,id=0) is supported",
                           key[0], key[1]);
    }
    return true;
}

/* Parses a zero-only OVS attribute NAME, after its '('. */
static bool
parse_zero_attr(struct parser *p, const char *name)
{
    char *token = scan_value(p);
    if (!token) {
        return false;
    }

    size_t len = strcspn(token, "/");
    bool zero = len > 0;
    for (size_t i = 0; i < len; i++) {
        if (token[i] != '0' && !(i == 1 && token[i] == 'x')) {
            zero = false;
        }
    }
    if (!zero) {
        parse_error(p, "%s(%s): only %s(0) is supported", name, token,
                    name);
        free(token);
        return false;
    }
    free(token);
    return expect_char(p, ')');
}

/* Parses one attribute at nesting level DEPTH. */
static bool
parse_flow_attr(struct parser *p, struct flow *key, struct flow *mask,
                int depth, struct flow_level *level, bool seen_l34[N_ATTRS])
{
    char name[32];

    if (!scan_name(p, name, sizeof name)) {
        return false;
    }
    const char *where = depth ? "inside encap()" : "at the top level";
    int id = find_flow_attr(name);
    if (id < 0) {
        if (!strcmp(name, "packet_type") || !strcmp(name, "tunnel")) {
            if (depth) {
                return parse_error(p, "%s() is only allowed at the top "
                                   "level", name);
            }
            if (!strcmp(name, "tunnel")) {
                return parse_error(p, "tunnel() is not supported");
            }
            return expect_char(p, '(') && parse_packet_type(p);
        }
        for (size_t i = 0; i < ARRAY_SIZE(zero_attrs); i++) {
            if (!strcmp(name, zero_attrs[i])) {
                if (depth) {
                    return parse_error(p, "%s() is only allowed at the top "
                                       "level", name);
                }
                return expect_char(p, '(') && parse_zero_attr(p, name);
            }
        }
        return parse_error(p, "unknown flow attribute \"%s\"", name);
    }

    const struct attr *a = &flow_attrs[id];
    if (level->seen[id] || (id >= A_MPLS && seen_l34[id])) {
        return parse_error(p, "%s() given twice %s", name, where);
    }
    level->seen[id] = true;
    if (!expect_char(p, '(')) {
        return false;
    }

    switch ((enum attr_id) id) {
    case A_RECIRC_ID:
    case A_DP_HASH:
    case A_IN_PORT:
    case A_ETH:
        if (depth) {
            return parse_error(p, "%s() is only allowed at the top level, "
                               "not inside encap()", name);
        }
        return (id == A_ETH
                ? parse_fields(p, a, key, mask, true, 1, 0)
                : parse_bare(p, a, key, mask));

    case A_ETH_TYPE:
        return parse_bare(p, a, &level->eth_type[0], &level->eth_type[1]);

    case A_VLAN:
        if (depth >= FLOW_MAX_VLAN_HEADERS) {
            return parse_error(p, "vlan(): more than %d VLAN headers",
                               FLOW_MAX_VLAN_HEADERS);
        }
        return parse_fields(p, a, &key->vlans[depth].tci,
                            &mask->vlans[depth].tci, true, 1, 0);

    case A_ENCAP:
        if (!level->seen[A_VLAN]) {
            return parse_error(p, "encap() must follow vlan()");
        }
        return (parse_flow_level(p, key, mask, depth + 1, seen_l34)
                && expect_char(p, ')'));

    case A_MPLS:
        seen_l34[id] = true;
        level->has_l34 = true;
        level->l34_name = level->l34_name ? level->l34_name : a->name;
        return parse_fields(p, a, key->mpls_lse, mask->mpls_lse, true,
                            FLOW_MAX_MPLS_LABELS, sizeof(be32));

    case A_IPV4:
    case A_IPV6:
    case A_ARP:
    case A_TCP:
    case A_UDP:
    case A_SCTP:
    case A_ICMP:
    case A_ICMPV6:
    case A_ND:
    case A_TCP_FLAGS:
        seen_l34[id] = true;
        level->has_l34 = true;
        level->l34_name = level->l34_name ? level->l34_name : a->name;
        return (id == A_TCP_FLAGS
                ? parse_bare(p, a, key, mask)
                : parse_fields(p, a, key, mask, true, 1, 0));

    case N_ATTRS:
        break;
    }
    return false;
}

/* Parses the attributes of nesting level DEPTH, up to the end of the
 * input (DEPTH 0) or the ')' that closes the encap() (not consumed). */
static bool
parse_flow_level(struct parser *p, struct flow *key, struct flow *mask,
                 int depth, bool seen_l34[N_ATTRS])
{
    struct flow_level level;
    char end = depth ? ')' : '\0';

    memset(&level, 0, sizeof level);
    skip_space(p);
    if (*p->p != end) {
        for (;;) {
            if (!parse_flow_attr(p, key, mask, depth, &level, seen_l34)) {
                return false;
            }
            skip_space(p);
            if (*p->p == end) {
                break;
            } else if (!match_char(p, ',')) {
                return syntax_error(p, depth ? "\",\" or \")\""
                                    : "\",\" or the end");
            }
        }
    }

    be16 type = level.eth_type[0];
    be16 type_mask = level.eth_type[1];
    if (level.seen[A_VLAN]) {
        if (!level.seen[A_ETH_TYPE]) {
            return parse_error(p, "vlan() requires eth_type(0x8100) or "
                               "eth_type(0x88a8) at the same level");
        }
        if (type_mask == htons(0xffff) && type && !eth_type_vlan(type)) {
            return parse_error(p, "eth_type(0x%04x) is not a VLAN TPID "
                               "(0x8100 or 0x88a8), so vlan() cannot "
                               "follow it", ntohs(type));
        }
        if (level.has_l34) {
            return parse_error(p, "%s() must be inside encap() when vlan() "
                               "is given", level.l34_name);
        }
        key->vlans[depth].tpid = type;
        mask->vlans[depth].tpid = type_mask;
    } else if (level.seen[A_ETH_TYPE]) {
        key->dl_type = type;
        mask->dl_type = type_mask;
        if (depth < FLOW_MAX_VLAN_HEADERS) {
            /* No further tag. */
            key->vlans[depth].tpid = 0;
            mask->vlans[depth].tpid = htons(0xffff);
        }
    }
    return true;
}

char *
odp_flow_from_string(const char *s, struct flow *key, struct flow *mask)
{
    struct parser p = { s, NULL };
    bool seen_l34[N_ATTRS];

    memset(key, 0, sizeof *key);
    memset(mask, 0, sizeof *mask);
    memset(seen_l34, 0, sizeof seen_l34);
    if (!parse_flow_level(&p, key, mask, 0, seen_l34)) {
        return p.error;
    }

    /* The key holds only bits under the mask. */
    const uint64_t *m = flow_u64s(mask);
    for (size_t i = 0; i < FLOW_U64S; i++) {
        ((uint64_t *) (void *) key)[i] &= m[i];
    }

    for (int id = 0; id < N_ATTRS; id++) {
        if (seen_l34[id]) {
            const char *error = attr_prereq_error(id, key, mask);
            if (error) {
                return xstrdup(error);
            }
        }
    }
    return odp_flow_check(key, mask);
}

/* Flow printing. */

static void
format_mpls(struct printer *pr, const struct flow *key, struct flow *rem)
{
    int n = 0;
    for (int i = 0; i < FLOW_MAX_MPLS_LABELS; i++) {
        if (rem->mpls_lse[i]) {
            n = i + 1;
        }
    }
    if (!n) {
        return;
    }

    /* Every entry shows all four fields, so that a repeated name always
     * starts the next one. */
    printer_sep(pr);
    ds_put_cstr(pr->ds, "mpls(");
    for (int i = 0; i < n; i++) {
        for (size_t j = 0; j < ARRAY_SIZE(mpls_fields); j++) {
            if (i || j) {
                ds_put_char(pr->ds, ',');
            }
            format_field(pr->ds, &mpls_fields[j], &key->mpls_lse[i],
                         &rem->mpls_lse[i]);
        }
        rem->mpls_lse[i] = 0;
    }
    ds_put_char(pr->ds, ')');
}

/* Appends the L3 and L4 attributes: those that KEY's protocols call for
 * first, then any field that is matched but was not printed yet (only for
 * a mask that does not satisfy the prerequisites). */
static void
format_l3l4(struct printer *pr, const struct flow *key,
            const struct flow *mask, struct flow *rem)
{
    if (dl_is(key, mask, ETH_TYPE_MPLS)
        || dl_is(key, mask, ETH_TYPE_MPLS_MCAST)) {
        format_mpls(pr, key, rem);
    }

    bool v4 = dl_is(key, mask, ETH_TYPE_IP);
    bool v6 = dl_is(key, mask, ETH_TYPE_IPV6);
    if (v4) {
        format_attr(pr, &flow_attrs[A_IPV4], key, rem, false);
    } else if (v6) {
        format_attr(pr, &flow_attrs[A_IPV6], key, rem, false);
    } else if (dl_is(key, mask, ETH_TYPE_ARP)
               || dl_is(key, mask, ETH_TYPE_RARP)) {
        format_attr(pr, &flow_attrs[A_ARP], key, rem, false);
    }

    if ((v4 || v6) && mask->nw_proto == 0xff) {
        switch (key->nw_proto) {
        case IPPROTO_TCP:
            format_attr(pr, &flow_attrs[A_TCP], key, rem, false);
            format_attr(pr, &flow_attrs[A_TCP_FLAGS], key, rem, false);
            break;
        case IPPROTO_UDP:
            format_attr(pr, &flow_attrs[A_UDP], key, rem, false);
            break;
        case IPPROTO_SCTP:
            format_attr(pr, &flow_attrs[A_SCTP], key, rem, false);
            break;
        case IPPROTO_ICMP:
            if (v4) {
                format_attr(pr, &flow_attrs[A_ICMP], key, rem, false);
            }
            break;
        case IPPROTO_ICMPV6:
            if (v6) {
                format_attr(pr, &flow_attrs[A_ICMPV6], key, rem, false);
                if (!attr_prereq_error(A_ND, key, mask)) {
                    format_attr(pr, &flow_attrs[A_ND], key, rem, false);
                }
            }
            break;
        }
    }

    /* Leftovers. */
    static const enum attr_id leftovers[] = {
        A_IPV4, A_IPV6, A_ARP, A_TCP, A_TCP_FLAGS, A_ND,
    };
    for (size_t i = 0; i < ARRAY_SIZE(leftovers); i++) {
        format_attr(pr, &flow_attrs[leftovers[i]], key, rem, false);
    }
    format_mpls(pr, key, rem);
}

/* Returns true if REM matches anything that nesting level DEPTH + 1 or
 * deeper would print: a deeper tag, dl_type, MPLS, L3 or L4 fields. */
static bool
deeper_is_matched(const struct flow *rem, int depth)
{
    for (int i = depth + 1; i < FLOW_MAX_VLAN_HEADERS; i++) {
        if (rem->vlans[i].tpid || rem->vlans[i].tci) {
            return true;
        }
    }
    size_t start = offsetof(struct flow, mpls_lse);
    return (rem->dl_type
            || !is_all_zeros((const char *) rem + start,
                             sizeof *rem - start));
}

static void
format_eth_type(struct printer *pr, const be16 *type, be16 *type_mask)
{
    format_attr(pr, &flow_attrs[A_ETH_TYPE], type, type_mask, true);
}

static void
format_flow_level(struct printer *pr, const struct flow *key,
                  const struct flow *mask, struct flow *rem, int depth)
{
    if (depth >= FLOW_MAX_VLAN_HEADERS) {
        if (rem->dl_type) {
            format_eth_type(pr, &key->dl_type, &rem->dl_type);
        }
        format_l3l4(pr, key, mask, rem);
        return;
    }

    struct flow_vlan *vlan = &rem->vlans[depth];
    bool deeper = deeper_is_matched(rem, depth);
    if (!vlan->tpid && !vlan->tci && !deeper) {
        return;
    }

    bool untagged = (vlan->tpid == htons(0xffff) && !key->vlans[depth].tpid
                     && !vlan->tci);
    for (int i = depth + 1; untagged && i < FLOW_MAX_VLAN_HEADERS; i++) {
        untagged = !rem->vlans[i].tpid && !rem->vlans[i].tci;
    }
    if (untagged) {
        /* "eth_type(T)" alone: dl_type, and no tag here. */
        vlan->tpid = 0;
        format_eth_type(pr, &key->dl_type, &rem->dl_type);
        format_l3l4(pr, key, mask, rem);
    } else {
        format_eth_type(pr, &key->vlans[depth].tpid, &vlan->tpid);
        format_attr(pr, &flow_attrs[A_VLAN], &key->vlans[depth].tci,
                    &vlan->tci, true);
        if (deeper) {
            printer_sep(pr);
            ds_put_cstr(pr->ds, "encap(");
            format_flow_level(pr, key, mask, rem, depth + 1);
            ds_put_char(pr->ds, ')');
        }
    }
}

void
odp_flow_format(struct ds *ds, const struct flow *key_,
                const struct flow *mask)
{
    struct printer pr = { ds, ds->length };
    const uint64_t *k = flow_u64s(key_);
    const uint64_t *m = flow_u64s(mask);
    struct flow key, rem = *mask;

    for (size_t i = 0; i < FLOW_U64S; i++) {
        ((uint64_t *) (void *) &key)[i] = k[i] & m[i];
    }

    format_attr(&pr, &flow_attrs[A_RECIRC_ID], &key, &rem, false);
    format_attr(&pr, &flow_attrs[A_DP_HASH], &key, &rem, false);
    format_attr(&pr, &flow_attrs[A_IN_PORT], &key, &rem, false);
    format_attr(&pr, &flow_attrs[A_ETH], &key, &rem, false);
    format_flow_level(&pr, &key, mask, &rem, 0);
}

char *
odp_flow_to_string(const struct flow *key, const struct flow *mask)
{
    struct ds ds = DS_EMPTY_INITIALIZER;
    odp_flow_format(&ds, key, mask);
    return ds_steal_cstr(&ds);
}

/* Action parsing. */

static bool parse_action_list(struct parser *, struct buffer *, int depth);

/* Parses "N)" into *VALUE for action NAME. */
static bool
parse_u32_arg(struct parser *p, const char *name, uint32_t *value)
{
    char *token = scan_value(p);
    if (!token) {
        return false;
    }

    char *error = parse_num_text(token, UINT32_MAX, "value", value);
    if (error) {
        parse_error(p, "%s(%s): %s", name, token, error);
        free(error);
        free(token);
        return false;
    }
    free(token);
    return expect_char(p, ')');
}

static bool
parse_push_vlan(struct parser *p, struct buffer *b)
{
    struct push_vlan_args args = { htons(ETH_TYPE_VLAN_8021Q), 0 };
    struct push_vlan_args mask = { 0, 0 };

    if (!parse_fields(p, &push_vlan_attr, &args, &mask, false, 1, 0)) {
        return false;
    }
    if (!eth_type_vlan(args.tpid)) {
        return parse_error(p, "push_vlan(tpid=0x%04x): the TPID must be "
                           "0x8100 or 0x88a8", ntohs(args.tpid));
    }
    odp_put_push_vlan(b, args.tpid, args.tci);
    return true;
}

static bool
parse_set(struct parser *p, struct buffer *b)
{
    char name[32];

    if (!scan_name(p, name, sizeof name)) {
        return false;
    }
    int group = 0;
    for (int i = 1; i < ODP_SET_N_GROUPS; i++) {
        if (!strcmp(set_attrs[i].name, name)) {
            group = i;
        }
    }
    if (!group) {
        return parse_error(p, "set(%s(...)): cannot set \"%s\" (the "
                           "datapath sets eth, ipv4, ipv6, tcp, udp and "
                           "sctp)", name, name);
    }

    /* Room for the largest group's value and mask. */
    struct odp_key_ipv6 value, mask;
    memset(&value, 0, sizeof value);
    memset(&mask, 0, sizeof mask);
    if (!expect_char(p, '(')
        || !parse_fields(p, &set_attrs[group], &value, &mask, true, 1, 0)
        || !expect_char(p, ')')) {
        return false;
    }
    odp_put_set_masked(b, group, &value, &mask);
    return true;
}

static bool
parse_nested(struct parser *p, struct buffer *b, const char *name,
             enum odp_action_type type, uint32_t arg, int depth)
{
    if (depth >= ODP_ACTIONS_MAX_DEPTH) {
        return parse_error(p, "%s(): actions nested more than %d deep",
                           name, ODP_ACTIONS_MAX_DEPTH);
    }

    size_t ofs = odp_start_nested(b, type, arg);
    if (!parse_action_list(p, b, depth + 1)) {
        return false;
    }
    if (!odp_end_nested(b, ofs)) {
        return parse_error(p, "%s(): nested actions exceed %d bytes", name,
                           ODP_NESTED_MAX_SIZE);
    }
    return true;
}

/* Returns the sampling probability (out of UINT32_MAX) of PERCENT. */
static uint32_t
probability_from_percent(double percent)
{
    return percent / 100.0 * UINT32_MAX + 0.5;
}

/* Appends PROBABILITY as a percentage: with one decimal, as OVS prints it,
 * unless more are needed to give back the same probability when parsed. */
static void
format_probability(struct ds *ds, uint32_t probability)
{
    double percent = 100.0 * probability / UINT32_MAX;
    char s[32];

    for (int precision = 1; precision < 12; precision++) {
        snprintf(s, sizeof s, "%.*f", precision, percent);
        double back;
        if (str_to_double(s, &back)
            && probability_from_percent(back) == probability) {
            break;
        }
    }
    ds_put_cstr(ds, s);
}

/* Parses "sample=P%,actions(...))" after "sample(". */
static bool
parse_sample(struct parser *p, struct buffer *b, int depth)
{
    char name[32];

    if (!scan_name(p, name, sizeof name)) {
        return false;
    }
    if (strcmp(name, "sample")) {
        return parse_error(p, "sample(%s...): expected \"sample=\"", name);
    }
    if (!expect_char(p, '=')) {
        return false;
    }

    char *token = scan_value(p);
    if (!token) {
        return false;
    }
    size_t len = strlen(token);
    char *number = xmemdup0(token, len && token[len - 1] == '%'
                                   ? len - 1 : len);
    double percent;
    bool ok = (str_to_double(number, &percent) && percent >= 0.0
               && percent <= 100.0);
    free(number);
    if (!ok) {
        parse_error(p, "sample(sample=%s): invalid percentage \"%s\" "
                    "(expected 0%% to 100%%)", token, token);
        free(token);
        return false;
    }
    free(token);
    uint32_t probability = probability_from_percent(percent);

    if (!expect_char(p, ',') || !scan_name(p, name, sizeof name)) {
        return false;
    }
    if (strcmp(name, "actions")) {
        return parse_error(p, "sample(...,%s...): expected \"actions(\"",
                           name);
    }
    return (expect_char(p, '(')
            && parse_nested(p, b, "sample", ODP_ACTION_SAMPLE, probability,
                            depth)
            && expect_char(p, ')') && expect_char(p, ')'));
}

/* Parses "pid=N,userdata(HEX))" after "userspace(". */
static bool
parse_userspace(struct parser *p, struct buffer *b)
{
    uint8_t cookie[ODP_USERSPACE_COOKIE_MAX];
    size_t cookie_size = 0;
    bool has_pid = false, has_userdata = false;
    uint32_t pid = 0;

    do {
        char name[32];
        if (!scan_name(p, name, sizeof name)) {
            return false;
        }
        if (!strcmp(name, "pid") && !has_pid) {
            char *token;
            char *error = NULL;
            if (!expect_char(p, '=') || !(token = scan_value(p))) {
                return false;
            }
            error = parse_num_text(token, UINT32_MAX, "value", &pid);
            if (error) {
                parse_error(p, "userspace(pid=%s): %s", token, error);
            }
            free(error);
            free(token);
            if (p->error) {
                return false;
            }
            has_pid = true;
        } else if (!strcmp(name, "userdata") && !has_userdata) {
            if (!expect_char(p, '(')) {
                return false;
            }
            skip_space(p);
            size_t len = strcspn(p->p, ")");
            if (len % 2 || len / 2 > ODP_USERSPACE_COOKIE_MAX) {
                return parse_error(p, "userspace(userdata(%.*s%s)): "
                                   "expected an even number of hex digits "
                                   "for at most %d bytes",
                                   (int) MIN(len, 16), p->p,
                                   len > 16 ? "..." : "",
                                   ODP_USERSPACE_COOKIE_MAX);
            }
            for (size_t i = 0; i < len; i += 2) {
                int hi = hexit_value(p->p[i]);
                int lo = hexit_value(p->p[i + 1]);
                if (hi < 0 || lo < 0) {
                    return parse_error(p, "userspace(userdata(%.*s)): "
                                       "invalid hex digit", (int) len,
                                       p->p);
                }
                cookie[i / 2] = hi * 16 + lo;
            }
            cookie_size = len / 2;
            p->p += len;
            if (!expect_char(p, ')')) {
                return false;
            }
            has_userdata = true;
        } else if (!strcmp(name, "pid") || !strcmp(name, "userdata")) {
            return parse_error(p, "userspace(): %s given twice", name);
        } else {
            return parse_error(p, "userspace(%s...): \"%s\" is not "
                               "supported (only pid and userdata)", name,
                               name);
        }
    } while (match_char(p, ','));

    if (!expect_char(p, ')')) {
        return false;
    }
    if (!has_pid) {
        return parse_error(p, "userspace(): pid is required");
    }
    odp_put_userspace(b, pid, cookie, cookie_size);
    return true;
}

/* Parses "l4(N))" or "hash_l4(N))" after "hash(". */
static bool
parse_hash(struct parser *p, struct buffer *b)
{
    char name[32];
    uint32_t basis;

    if (!scan_name(p, name, sizeof name)) {
        return false;
    }
    if (strcmp(name, "l4") && strcmp(name, "hash_l4")) {
        return parse_error(p, "hash(%s(...)): unsupported hash algorithm "
                           "\"%s\" (only l4)", name, name);
    }
    if (!expect_char(p, '(') || !parse_u32_arg(p, "hash", &basis)
        || !expect_char(p, ')')) {
        return false;
    }
    odp_put_hash(b, basis);
    return true;
}

/* Parses one action.  Sets *IS_DROP if it is "drop". */
static bool
parse_action(struct parser *p, struct buffer *b, int depth, bool *is_drop)
{
    uint32_t value;

    *is_drop = false;
    skip_space(p);
    if (*p->p >= '0' && *p->p <= '9') {
        size_t len = strcspn(p->p, ",) \t\r\n");
        char *token = xmemdup0(p->p, len);
        char *error = parse_num_text(token, UINT32_MAX, "port", &value);
        if (error) {
            parse_error(p, "output to \"%s\": %s", token, error);
            free(error);
            free(token);
            return false;
        }
        free(token);
        p->p += len;
        odp_put_output(b, value);
        return true;
    }

    char name[32];
    if (!scan_name(p, name, sizeof name)) {
        return false;
    }
    if (!strcmp(name, "drop")) {
        odp_put_drop(b);
        *is_drop = true;
        return true;
    } else if (!strcmp(name, "pop_vlan")) {
        odp_put_pop_vlan(b);
        return true;
    }

    static const char *const with_args[] = {
        "push_vlan", "set", "recirc", "meter", "trunc", "clone", "sample",
        "userspace", "hash",
    };
    bool known = false;
    for (size_t i = 0; i < ARRAY_SIZE(with_args); i++) {
        known = known || !strcmp(name, with_args[i]);
    }
    if (!known) {
        return parse_error(p, "unknown action \"%s\"", name);
    } else if (!expect_char(p, '(')) {
        return false;
    }

    if (!strcmp(name, "push_vlan")) {
        return parse_push_vlan(p, b);
    } else if (!strcmp(name, "set")) {
        return parse_set(p, b);
    } else if (!strcmp(name, "recirc")) {
        bool ok = parse_u32_arg(p, name, &value);
        if (ok) {
            odp_put_recirc(b, value);
        }
        return ok;
    } else if (!strcmp(name, "meter")) {
        bool ok = parse_u32_arg(p, name, &value);
        if (ok) {
            odp_put_meter(b, value);
        }
        return ok;
    } else if (!strcmp(name, "trunc")) {
        bool ok = parse_u32_arg(p, name, &value);
        if (ok) {
            odp_put_trunc(b, value);
        }
        return ok;
    } else if (!strcmp(name, "clone")) {
        return (parse_nested(p, b, name, ODP_ACTION_CLONE, 0, depth)
                && expect_char(p, ')'));
    } else if (!strcmp(name, "sample")) {
        return parse_sample(p, b, depth);
    } else if (!strcmp(name, "userspace")) {
        return parse_userspace(p, b);
    } else {
        return parse_hash(p, b);
    }
}

/* Parses a comma-separated list of actions up to the end of the input
 * (DEPTH 0) or the ')' that closes a nested list (not consumed). */
static bool
parse_action_list(struct parser *p, struct buffer *b, int depth)
{
    char end = depth ? ')' : '\0';

    skip_space(p);
    if (*p->p == end) {
        return true;
    }
    for (;;) {
        bool is_drop;
        if (!parse_action(p, b, depth, &is_drop)) {
            return false;
        }
        skip_space(p);
        if (*p->p == end) {
            return true;
        } else if (!match_char(p, ',')) {
            return syntax_error(p, depth ? "\",\" or \")\""
                                : "\",\" or the end");
        } else if (is_drop) {
            return parse_error(p, "drop must be the last action of its "
                               "list");
        }
    }
}

char *
odp_actions_from_string(const char *s, struct buffer *actions)
{
    struct parser p = { s, NULL };
    size_t old_size = actions->size;

    if (!parse_action_list(&p, actions, 0)) {
        buffer_truncate(actions, old_size);
        return p.error;
    }
    return NULL;
}

/* Action printing. */

static void format_action_list(struct ds *, const void *actions,
                               size_t size);

static void
format_action(struct ds *ds, const struct odp_action *a)
{
    switch (odp_action_type(a)) {
    case ODP_ACTION_OUTPUT:
        ds_put_format(ds, "%"PRIu32, odp_action_get_u32(a));
        break;

    case ODP_ACTION_USERSPACE: {
        const struct odp_userspace *u = (const void *) a;
        ds_put_format(ds, "userspace(pid=%"PRIu32, u->pid);
        if (u->cookie_size) {
            ds_put_cstr(ds, ",userdata(");
            for (size_t i = 0; i < u->cookie_size; i++) {
                ds_put_format(ds, "%02x", u->cookie[i]);
            }
            ds_put_char(ds, ')');
        }
        ds_put_char(ds, ')');
        break;
    }

    case ODP_ACTION_PUSH_VLAN: {
        const struct odp_push_vlan *v = (const void *) a;
        ds_put_cstr(ds, "push_vlan(");
        if (v->tpid != htons(ETH_TYPE_VLAN_8021Q)) {
            ds_put_format(ds, "tpid=0x%04x,", ntohs(v->tpid));
        }
        ds_put_format(ds, "vid=%u,pcp=%d", vlan_tci_to_vid(v->tci),
                      vlan_tci_to_pcp(v->tci));
        if (vlan_tci_to_dei(v->tci)) {
            ds_put_cstr(ds, ",dei=1");
        }
        ds_put_char(ds, ')');
        break;
    }

    case ODP_ACTION_POP_VLAN:
        ds_put_cstr(ds, "pop_vlan");
        break;

    case ODP_ACTION_SET_MASKED: {
        const struct odp_set_masked *s = (const void *) a;
        struct odp_key_ipv6 rem;
        struct printer pr = { ds, ds->length };

        memcpy(&rem, odp_set_mask(a), odp_set_group_size(s->group));
        ds_put_cstr(ds, "set(");
        if (!format_attr(&pr, &set_attrs[s->group], odp_set_value(a), &rem,
                         false)) {
            ds_put_format(ds, "%s()", set_attrs[s->group].name);
        }
        ds_put_char(ds, ')');
        break;
    }

    case ODP_ACTION_RECIRC:
        ds_put_format(ds, "recirc(%#"PRIx32")", odp_action_get_u32(a));
        break;

    case ODP_ACTION_CLONE:
        ds_put_cstr(ds, "clone(");
        format_action_list(ds, odp_nested_actions(a), odp_nested_size(a));
        ds_put_char(ds, ')');
        break;

    case ODP_ACTION_SAMPLE: {
        const struct odp_nested *n = (const void *) a;
        ds_put_cstr(ds, "sample(sample=");
        format_probability(ds, n->arg);
        ds_put_cstr(ds, "%,actions(");
        format_action_list(ds, odp_nested_actions(a), odp_nested_size(a));
        ds_put_cstr(ds, "))");
        break;
    }

    case ODP_ACTION_METER:
        ds_put_format(ds, "meter(%"PRIu32")", odp_action_get_u32(a));
        break;

    case ODP_ACTION_HASH:
        ds_put_format(ds, "hash(l4(%"PRIu32"))", odp_action_get_u32(a));
        break;

    case ODP_ACTION_TRUNC:
        ds_put_format(ds, "trunc(%"PRIu32")", odp_action_get_u32(a));
        break;

    case ODP_ACTION_DROP:
        ds_put_cstr(ds, "drop");
        break;
    }
}

static void
format_action_list(struct ds *ds, const void *actions, size_t size)
{
    if (!size) {
        ds_put_cstr(ds, "drop");
        return;
    }
    ODP_ACTIONS_FOR_EACH (a, actions, size) {
        if (a != actions) {
            ds_put_char(ds, ',');
        }
        format_action(ds, a);
    }
}

void
odp_actions_format(struct ds *ds, const void *actions, size_t size)
{
    char *error;

    if (odp_actions_validate(actions, size, &error)) {
        ds_put_format(ds, "<invalid actions: %s>", error);
        free(error);
        return;
    }
    format_action_list(ds, actions, size);
}

char *
odp_actions_to_string(const void *actions, size_t size)
{
    struct ds ds = DS_EMPTY_INITIALIZER;
    odp_actions_format(&ds, actions, size);
    return ds_steal_cstr(&ds);
}
