/* odp-actions: datapath action lists.  See odp-actions.h. */
#include <config.h>
#include "odp-actions.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include "buffer.h"
#include "dynamic-string.h"

static const char *const type_names[ODP_ACTION_N_TYPES] = {
    [ODP_ACTION_OUTPUT] = "output",
    [ODP_ACTION_USERSPACE] = "userspace",
    [ODP_ACTION_PUSH_VLAN] = "push_vlan",
    [ODP_ACTION_POP_VLAN] = "pop_vlan",
    [ODP_ACTION_SET_MASKED] = "set",
    [ODP_ACTION_RECIRC] = "recirc",
    [ODP_ACTION_CLONE] = "clone",
    [ODP_ACTION_SAMPLE] = "sample",
    [ODP_ACTION_METER] = "meter",
    [ODP_ACTION_HASH] = "hash",
    [ODP_ACTION_TRUNC] = "trunc",
    [ODP_ACTION_DROP] = "drop",
};

static const struct {
    const char *name;
    size_t size;
} set_groups[ODP_SET_N_GROUPS] = {
    [ODP_SET_ETHERNET] = { "eth", sizeof(struct odp_key_ethernet) },
    [ODP_SET_IPV4] = { "ipv4", sizeof(struct odp_key_ipv4) },
    [ODP_SET_IPV6] = { "ipv6", sizeof(struct odp_key_ipv6) },
    [ODP_SET_TCP] = { "tcp", sizeof(struct odp_key_l4) },
    [ODP_SET_UDP] = { "udp", sizeof(struct odp_key_l4) },
    [ODP_SET_SCTP] = { "sctp", sizeof(struct odp_key_l4) },
};

const char *
odp_action_type_name(unsigned int type)
{
    return type < ODP_ACTION_N_TYPES ? type_names[type] : NULL;
}

const char *
odp_set_group_name(unsigned int group)
{
    return group < ODP_SET_N_GROUPS ? set_groups[group].name : NULL;
}

size_t
odp_set_group_size(unsigned int group)
{
    return group < ODP_SET_N_GROUPS ? set_groups[group].size : 0;
}

/* Validation. */

struct validator {
    char *error;                /* First error found, malloc'd. */
};

static bool SLUICE_PRINTF_FORMAT(5, 6)
invalid(struct validator *v, const struct odp_action *a, size_t idx,
        size_t offset, const char *format, ...)
{
    struct ds ds = DS_EMPTY_INITIALIZER;
    const char *name = odp_action_type_name(a->type);
    va_list args;

    ds_put_format(&ds, "action %zu ", idx + 1);
    if (name) {
        ds_put_format(&ds, "(%s) ", name);
    } else {
        ds_put_format(&ds, "(type %u) ", a->type);
    }
    ds_put_format(&ds, "at offset %zu: ", offset);
    va_start(args, format);
    ds_put_format_valist(&ds, format, args);
    va_end(args);
    v->error = ds_steal_cstr(&ds);
    return false;
}

static size_t
padded_len(size_t size)
{
    return ROUND_UP(size, ODP_ACTION_ALIGN);
}

/* Returns true if the value of a SET_MASKED action of GROUP at VALUE and
 * its MASK are well-formed; otherwise stores a description in *WHY. */
static bool
set_masked_ok(unsigned int group, const void *value_, const void *mask_,
              const char **why)
{
    const uint8_t *value = value_;
    const uint8_t *mask = mask_;
    size_t size = odp_set_group_size(group);

    for (size_t i = 0; i < size; i++) {
        if (value[i] & ~mask[i]) {
            *why = "value has bits outside its mask";
            return false;
        }
    }
    if (group == ODP_SET_IPV4) {
        const struct odp_key_ipv4 *m = mask_;
        if (m->pad[0] || m->pad[1]) {
            *why = "nonzero padding";
            return false;
        }
    } else if (group == ODP_SET_IPV6) {
        const struct odp_key_ipv6 *m = mask_;
        if (m->pad[0] || m->pad[1]) {
            *why = "nonzero padding";
            return false;
        }
        if (ntohl(m->label) & ~IPV6_LABEL_MASK) {
            *why = "flow label mask wider than 20 bits";
            return false;
        }
    }
    return true;
}

static bool validate_list(struct validator *, const void *actions,
                          size_t size, int depth);

static bool
validate_action(struct validator *v, const struct odp_action *a,
                size_t idx, size_t offset, bool last, int depth)
{
    const char *name = odp_action_type_name(a->type);
    size_t len = a->len;

    if (!name) {
        return invalid(v, a, idx, offset, "unknown action type %u",
                       a->type);
    }
    if (len % ODP_ACTION_ALIGN || len < ODP_ACTION_ALIGN) {
        return invalid(v, a, idx, offset,
                       "length %zu is not a positive multiple of %d", len,
                       ODP_ACTION_ALIGN);
    }

    switch ((enum odp_action_type) a->type) {
    case ODP_ACTION_OUTPUT:
    case ODP_ACTION_RECIRC:
    case ODP_ACTION_METER:
    case ODP_ACTION_HASH:
    case ODP_ACTION_TRUNC:
        if (len != sizeof(struct odp_action_u32)) {
            return invalid(v, a, idx, offset, "length %zu is not %zu", len,
                           sizeof(struct odp_action_u32));
        }
        break;

    case ODP_ACTION_POP_VLAN:
    case ODP_ACTION_DROP: {
        const struct odp_action_u32 *u = (const void *) a;
        if (len != sizeof *u) {
            return invalid(v, a, idx, offset, "length %zu is not %zu", len,
                           sizeof *u);
        }
        if (u->value) {
            return invalid(v, a, idx, offset, "nonzero padding");
        }
        if (a->type == ODP_ACTION_DROP && !last) {
            return invalid(v, a, idx, offset,
                           "drop must be the last action of its list");
        }
        break;
    }

    case ODP_ACTION_USERSPACE: {
        const struct odp_userspace *u = (const void *) a;
        if (len < padded_len(sizeof *u)) {
            return invalid(v, a, idx, offset, "length %zu is too short",
                           len);
        }
        if (u->cookie_size > ODP_USERSPACE_COOKIE_MAX) {
            return invalid(v, a, idx, offset,
                           "cookie of %u bytes exceeds the maximum %d",
                           u->cookie_size, ODP_USERSPACE_COOKIE_MAX);
        }
        size_t expected = padded_len(sizeof *u + u->cookie_size);
        if (len != expected) {
            return invalid(v, a, idx, offset,
                           "length %zu is not %zu for a %u-byte cookie",
                           len, expected, u->cookie_size);
        }
        if (!is_all_zeros(u->pad, sizeof u->pad)
            || !is_all_zeros(u->cookie + u->cookie_size,
                             len - sizeof *u - u->cookie_size)) {
            return invalid(v, a, idx, offset, "nonzero padding");
        }
        break;
    }

    case ODP_ACTION_PUSH_VLAN: {
        const struct odp_push_vlan *p = (const void *) a;
        if (len != sizeof *p) {
            return invalid(v, a, idx, offset, "length %zu is not %zu", len,
                           sizeof *p);
        }
        if (!eth_type_vlan(p->tpid)) {
            return invalid(v, a, idx, offset,
                           "TPID 0x%04x is neither 0x8100 nor 0x88a8",
                           ntohs(p->tpid));
        }
        break;
    }

    case ODP_ACTION_SET_MASKED: {
        const struct odp_set_masked *s = (const void *) a;
        const char *group = odp_set_group_name(s->group);
        const char *why;

        if (len < sizeof *s + 1) {
            return invalid(v, a, idx, offset, "length %zu is too short",
                           len);
        }
        if (!group) {
            return invalid(v, a, idx, offset, "unknown set group %u",
                           s->group);
        }
        size_t expected = padded_len(sizeof *s
                                     + 2 * odp_set_group_size(s->group));
        if (len != expected) {
            return invalid(v, a, idx, offset,
                           "length %zu is not %zu for group %s", len,
                           expected, group);
        }
        if (!is_all_zeros(s->pad, sizeof s->pad)) {
            return invalid(v, a, idx, offset, "nonzero padding");
        }
        if (!set_masked_ok(s->group, odp_set_value(a), odp_set_mask(a),
                           &why)) {
            return invalid(v, a, idx, offset, "%s: %s", group, why);
        }
        break;
    }

    case ODP_ACTION_CLONE:
    case ODP_ACTION_SAMPLE: {
        const struct odp_nested *n = (const void *) a;
        if (a->type == ODP_ACTION_CLONE && n->arg) {
            return invalid(v, a, idx, offset, "nonzero padding");
        }
        if (depth >= ODP_ACTIONS_MAX_DEPTH) {
            return invalid(v, a, idx, offset,
                           "actions nested more than %d deep",
                           ODP_ACTIONS_MAX_DEPTH);
        }

        struct validator inner = { NULL };
        if (!validate_list(&inner, odp_nested_actions(a),
                           odp_nested_size(a), depth + 1)) {
            invalid(v, a, idx, offset, "in nested actions: %s",
                    inner.error);
            free(inner.error);
            return false;
        }
        break;
    }
    }
    return true;
}

static bool
validate_list(struct validator *v, const void *actions, size_t size,
              int depth)
{
    const uint8_t *p = actions;
    size_t offset = 0;

    for (size_t idx = 0; offset < size; idx++) {
        const struct odp_action *a = (const void *) (p + offset);
        size_t left = size - offset;

        if (left < sizeof *a) {
            v->error = xasprintf("action %zu at offset %zu: %zu trailing "
                                 "bytes are too few for an action header",
                                 idx + 1, offset, left);
            return false;
        }
        if (a->len > left) {
            return invalid(v, a, idx, offset,
                           "length %u runs past the end of the list "
                           "(%zu bytes left)", a->len, left);
        }
        if (!validate_action(v, a, idx, offset, a->len == left, depth)) {
            return false;
        }
        offset += a->len;
    }
    return true;
}

bool
odp_actions_need_layers(const void *actions, size_t size)
{
    ODP_ACTIONS_FOR_EACH (a, actions, size) {
        switch (odp_action_type(a)) {
        case ODP_ACTION_SET_MASKED: {
            const struct odp_set_masked *set = (const void *) a;
            if (set->group != ODP_SET_ETHERNET) {
                return true;
            }
            break;
        }
        case ODP_ACTION_CLONE:
        case ODP_ACTION_SAMPLE:
            if (odp_actions_need_layers(odp_nested_actions(a),
                                        odp_nested_size(a))) {
                return true;
            }
            break;
        case ODP_ACTION_OUTPUT:
        case ODP_ACTION_USERSPACE:
        case ODP_ACTION_PUSH_VLAN:
        case ODP_ACTION_POP_VLAN:
        case ODP_ACTION_RECIRC:
        case ODP_ACTION_METER:
        case ODP_ACTION_HASH:
        case ODP_ACTION_TRUNC:
        case ODP_ACTION_DROP:
        default:
            break;
        }
    }
    return false;
}

int
odp_actions_validate(const void *actions, size_t size, char **errp)
{
    struct validator v = { NULL };

    if (size && (uintptr_t) actions % ODP_ACTION_ALIGN) {
        v.error = xasprintf("action list at %p is not %d-byte aligned",
                            actions, ODP_ACTION_ALIGN);
    } else {
        validate_list(&v, actions, size, 0);
    }

    if (errp) {
        *errp = v.error;
    } else {
        free(v.error);
    }
    return v.error ? EINVAL : 0;
}

/* Building. */

/* Appends an action of TYPE with a PAYLOAD_SIZE-byte payload, zeroed
 * including its padding, and returns its header. */
static struct odp_action *
put_action(struct buffer *b, enum odp_action_type type, size_t payload_size)
{
    size_t len = padded_len(sizeof(struct odp_action) + payload_size);
    struct odp_action *a = buffer_put_zeros(b, len);

    a->type = type;
    a->len = len;
    return a;
}

static void
put_u32(struct buffer *b, enum odp_action_type type, uint32_t value)
{
    struct odp_action_u32 *u = (void *) put_action(b, type, sizeof value);
    u->value = value;
}

void
odp_put_output(struct buffer *b, uint32_t port)
{
    put_u32(b, ODP_ACTION_OUTPUT, port);
}

void
odp_put_userspace(struct buffer *b, uint32_t pid, const void *cookie,
                  size_t cookie_size)
{
    if (cookie_size > ODP_USERSPACE_COOKIE_MAX) {
        sluice_abort("odp_put_userspace: %zu-byte cookie exceeds the "
                     "maximum %d", cookie_size, ODP_USERSPACE_COOKIE_MAX);
    }

    struct odp_userspace *u = (void *) put_action(
        b, ODP_ACTION_USERSPACE,
        sizeof *u - sizeof u->hdr + cookie_size);
    u->pid = pid;
    u->cookie_size = cookie_size;
    if (cookie_size) {
        memcpy(u->cookie, cookie, cookie_size);
    }
}

void
odp_put_push_vlan(struct buffer *b, be16 tpid, be16 tci)
{
    if (!eth_type_vlan(tpid)) {
        sluice_abort("odp_put_push_vlan: TPID 0x%04x is neither 0x8100 "
                     "nor 0x88a8", ntohs(tpid));
    }

    struct odp_push_vlan *p = (void *) put_action(b, ODP_ACTION_PUSH_VLAN,
                                                  2 * sizeof(be16));
    p->tpid = tpid;
    p->tci = tci;
}

void
odp_put_pop_vlan(struct buffer *b)
{
    put_u32(b, ODP_ACTION_POP_VLAN, 0);
}

void
odp_put_set_masked(struct buffer *b, enum odp_set_group group,
                   const void *value_, const void *mask_)
{
    size_t size = odp_set_group_size(group);
    if (!size) {
        sluice_abort("odp_put_set_masked: unknown set group %d", group);
    }

    struct odp_set_masked *s = (void *) put_action(
        b, ODP_ACTION_SET_MASKED, sizeof *s - sizeof s->hdr + 2 * size);
    uint8_t *value = (uint8_t *) (s + 1);
    uint8_t *mask = value + size;
    const uint8_t *v = value_;

    s->group = group;
    if (mask_) {
        memcpy(mask, mask_, size);
    } else {
        memset(mask, 0xff, size);
    }

    /* Padding is never part of the mask, and the flow label has only 20
     * bits. */
    if (group == ODP_SET_IPV4) {
        struct odp_key_ipv4 *m = (void *) mask;
        memset(m->pad, 0, sizeof m->pad);
    } else if (group == ODP_SET_IPV6) {
        struct odp_key_ipv6 *m = (void *) mask;
        memset(m->pad, 0, sizeof m->pad);
        m->label &= htonl(IPV6_LABEL_MASK);
    }
    for (size_t i = 0; i < size; i++) {
        value[i] = v[i] & mask[i];
    }
}

void
odp_put_recirc(struct buffer *b, uint32_t id)
{
    put_u32(b, ODP_ACTION_RECIRC, id);
}

void
odp_put_meter(struct buffer *b, uint32_t id)
{
    put_u32(b, ODP_ACTION_METER, id);
}

void
odp_put_hash(struct buffer *b, uint32_t basis)
{
    put_u32(b, ODP_ACTION_HASH, basis);
}

void
odp_put_trunc(struct buffer *b, uint32_t max_len)
{
    put_u32(b, ODP_ACTION_TRUNC, max_len);
}

void
odp_put_drop(struct buffer *b)
{
    put_u32(b, ODP_ACTION_DROP, 0);
}

size_t
odp_start_nested(struct buffer *b, enum odp_action_type type, uint32_t arg)
{
    if (type != ODP_ACTION_CLONE && type != ODP_ACTION_SAMPLE) {
        sluice_abort("odp_start_nested: action type %d does not nest",
                     type);
    }
    if (type == ODP_ACTION_CLONE && arg) {
        sluice_abort("odp_start_nested: clone takes no argument");
    }

    size_t offset = b->size;
    struct odp_nested *n = (void *) put_action(b, type, sizeof n->arg);
    n->arg = arg;
    return offset;
}

bool
odp_end_nested(struct buffer *b, size_t offset)
{
    struct odp_nested *n = buffer_at_assert(b, offset, sizeof *n);
    size_t len = b->size - offset;

    if (len - sizeof *n > ODP_NESTED_MAX_SIZE) {
        buffer_truncate(b, offset);
        return false;
    }
    n->hdr.len = len;
    return true;
}
