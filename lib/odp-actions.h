/*
 * odp-actions: the datapath's action lists.
 *
 * A datapath action list is a compact, self-describing sequence of actions
 * in a byte array (usually a struct buffer), executed in order on a packet
 * or a batch (see odp-execute.h).  Each action is a 4-byte header
 * (struct odp_action: a type and a length) followed by its payload; the
 * length counts the header, the payload and the zero padding that rounds
 * every action up to a multiple of ODP_ACTION_ALIGN (8) bytes, so that the
 * next action starts aligned.  CLONE and SAMPLE carry a nested action list
 * after an 8-byte prefix.  An empty list drops the packet; so does an
 * explicit DROP, which must be the last action of its list.
 *
 * The actions, their payloads and their text form (odp-util.h):
 *
 *   OUTPUT      u32 port                     "3"
 *   USERSPACE   u32 pid, up to 32 cookie     "userspace(pid=1,userdata(0a0b))"
 *               bytes
 *   PUSH_VLAN   be16 tpid, be16 tci          "push_vlan(vid=10,pcp=3)"
 *   POP_VLAN    nothing                      "pop_vlan"
 *   SET_MASKED  one header group (Ethernet,  "set(ipv4(src=10.0.0.1))"
 *               IPv4, IPv6, TCP, UDP, SCTP)
 *               as a value and a mask
 *   RECIRC      u32 recirculation id         "recirc(0x1)"
 *   CLONE       nested actions, run on a     "clone(push_vlan(vid=5),2)"
 *               copy of the packet
 *   SAMPLE      u32 probability out of       "sample(sample=50.0%,actions(1))"
 *               UINT32_MAX, nested actions
 *   METER       u32 meter id                 "meter(0)"
 *   HASH        u32 basis: sets the dp_hash  "hash(l4(0))"
 *               metadata from a hash of the
 *               packet's headers
 *   TRUNC       u32 max_len: the following   "trunc(100)"
 *               outputs send at most that
 *               many bytes
 *   DROP        nothing                      "drop"
 *
 * A SET_MASKED action sets the bits of each header field that its mask
 * selects: field = (field & ~mask) | value.  Its value never has bits
 * outside the mask (the builders clear them, validation insists).  A plain
 * "set" is a masked set whose mask is all ones.
 *
 * Validation: the datapath runs odp_actions_validate() on every list it
 * installs, and the executor and the printer assume a list that passed
 * it.  Validation checks every length, the payload of each type, the
 * nesting depth (at most ODP_ACTIONS_MAX_DEPTH nested lists) and that a
 * list starts ODP_ACTION_ALIGN-aligned (memory from malloc() is).  Any
 * byte sequence may be given to it: it never reads outside the list.
 * ODP_ACTIONS_FOR_EACH is likewise safe on any bytes: it stops at the
 * first header that does not fit.
 *
 * Byte order: ports, ids, probabilities and lengths are in host order;
 * header field values (TPIDs, TCIs, addresses, ports, labels) are in
 * network order, as in the packet.
 *
 * Ownership and thread safety: a list is plain bytes owned by whoever
 * holds its buffer; a validated list may be read by any number of threads
 * at once.  The builders append to the caller's buffer and are reentrant.
 */
#ifndef SLUICE_ODP_ACTIONS_H
#define SLUICE_ODP_ACTIONS_H 1

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "packets.h"
#include "util.h"

struct buffer;

/* Every action's length is a multiple of this, and a list must start at an
 * address that is too. */
#define ODP_ACTION_ALIGN 8

/* The deepest nesting of CLONE and SAMPLE lists: a top-level list is depth
 * 0, the actions of a clone within it depth 1, and so on. */
#define ODP_ACTIONS_MAX_DEPTH 8

/* The largest USERSPACE cookie, in bytes. */
#define ODP_USERSPACE_COOKIE_MAX 32

/* The largest nested list: an action's 16-bit length covers it and its
 * 8-byte prefix. */
#define ODP_NESTED_MAX_SIZE (UINT16_MAX - UINT16_MAX % ODP_ACTION_ALIGN \
                             - ODP_ACTION_ALIGN)

enum odp_action_type {
    ODP_ACTION_OUTPUT = 1,      /* struct odp_action_u32: port. */
    ODP_ACTION_USERSPACE,       /* struct odp_userspace. */
    ODP_ACTION_PUSH_VLAN,       /* struct odp_push_vlan. */
    ODP_ACTION_POP_VLAN,        /* No payload. */
    ODP_ACTION_SET_MASKED,      /* struct odp_set_masked. */
    ODP_ACTION_RECIRC,          /* struct odp_action_u32: recirc id. */
    ODP_ACTION_CLONE,           /* struct odp_nested, arg 0. */
    ODP_ACTION_SAMPLE,          /* struct odp_nested, arg probability. */
    ODP_ACTION_METER,           /* struct odp_action_u32: meter id. */
    ODP_ACTION_HASH,            /* struct odp_action_u32: basis. */
    ODP_ACTION_TRUNC,           /* struct odp_action_u32: max_len. */
    ODP_ACTION_DROP,            /* No payload. */
};

/* The number of action types plus one (types start at 1). */
#define ODP_ACTION_N_TYPES (ODP_ACTION_DROP + 1)

/* The header of every action. */
struct odp_action {
    uint16_t type;              /* enum odp_action_type. */
    uint16_t len;               /* Bytes, with header and padding. */
};
BUILD_ASSERT_DECL(sizeof(struct odp_action) == 4);

/* OUTPUT, RECIRC, METER, HASH and TRUNC: one 32-bit argument. */
struct odp_action_u32 {
    struct odp_action hdr;
    uint32_t value;
};
BUILD_ASSERT_DECL(sizeof(struct odp_action_u32) == 8);

/* USERSPACE: send the packet to the upcall handler identified by 'pid'
 * with the opaque 'cookie'. */
struct odp_userspace {
    struct odp_action hdr;
    uint32_t pid;
    uint8_t cookie_size;        /* At most ODP_USERSPACE_COOKIE_MAX. */
    uint8_t pad[3];             /* Zero. */
    uint8_t cookie[];           /* 'cookie_size' bytes, then zero padding. */
};
BUILD_ASSERT_DECL(sizeof(struct odp_userspace) == 12);

/* PUSH_VLAN: insert a tag right after the Ethernet addresses. */
struct odp_push_vlan {
    struct odp_action hdr;
    be16 tpid;                  /* ETH_TYPE_VLAN_8021Q or _8021AD. */
    be16 tci;                   /* Priority, DEI and VLAN id, as sent. */
};
BUILD_ASSERT_DECL(sizeof(struct odp_push_vlan) == 8);

/* CLONE and SAMPLE: an argument, then the nested list, which fills the
 * rest of the action. */
struct odp_nested {
    struct odp_action hdr;
    uint32_t arg;               /* CLONE: 0.  SAMPLE: the probability that
                                 * a packet is sampled, out of UINT32_MAX
                                 * (UINT32_MAX: always, 0: never). */
};
BUILD_ASSERT_DECL(sizeof(struct odp_nested) == ODP_ACTION_ALIGN);

/* The header groups a SET_MASKED action can change. */
enum odp_set_group {
    ODP_SET_ETHERNET = 1,       /* struct odp_key_ethernet. */
    ODP_SET_IPV4,               /* struct odp_key_ipv4. */
    ODP_SET_IPV6,               /* struct odp_key_ipv6. */
    ODP_SET_TCP,                /* struct odp_key_l4. */
    ODP_SET_UDP,                /* struct odp_key_l4. */
    ODP_SET_SCTP,               /* struct odp_key_l4. */
};

#define ODP_SET_N_GROUPS (ODP_SET_SCTP + 1)

struct odp_key_ethernet {
    struct eth_addr src;
    struct eth_addr dst;
};
BUILD_ASSERT_DECL(sizeof(struct odp_key_ethernet) == 12);

struct odp_key_ipv4 {
    be32 src;
    be32 dst;
    uint8_t tos;                /* DSCP and ECN. */
    uint8_t ttl;
    uint8_t pad[2];             /* Zero. */
};
BUILD_ASSERT_DECL(sizeof(struct odp_key_ipv4) == 12);

struct odp_key_ipv6 {
    struct in6_addr src;
    struct in6_addr dst;
    be32 label;                 /* Flow label, in the low 20 bits. */
    uint8_t tclass;
    uint8_t hlimit;
    uint8_t pad[2];             /* Zero. */
};
BUILD_ASSERT_DECL(sizeof(struct odp_key_ipv6) == 40);

/* TCP, UDP and SCTP ports. */
struct odp_key_l4 {
    be16 src;
    be16 dst;
};
BUILD_ASSERT_DECL(sizeof(struct odp_key_l4) == 4);

/* SET_MASKED: the group's value struct, then its mask struct, each
 * odp_set_group_size() bytes. */
struct odp_set_masked {
    struct odp_action hdr;
    uint8_t group;              /* enum odp_set_group. */
    uint8_t pad[3];             /* Zero. */
    /* Followed by the value and the mask. */
};
BUILD_ASSERT_DECL(sizeof(struct odp_set_masked) == ODP_ACTION_ALIGN);

/* Reading actions. */

/* Returns the name of action type TYPE as the text syntax spells it
 * ("output", "push_vlan", "set", ...), or NULL for an unknown type. */
const char *odp_action_type_name(unsigned int type);

/* Returns the name of set group GROUP ("eth", "ipv4", "ipv6", "tcp",
 * "udp", "sctp"), or NULL for an unknown group. */
const char *odp_set_group_name(unsigned int group);

/* Returns the size of the value (and of the mask) of set group GROUP, or 0
 * for an unknown group. */
size_t odp_set_group_size(unsigned int group);

static inline enum odp_action_type
odp_action_type(const struct odp_action *a)
{
    return (enum odp_action_type) a->type;
}

/* Returns the 32-bit argument of an OUTPUT, RECIRC, METER, HASH or TRUNC
 * action. */
static inline uint32_t
odp_action_get_u32(const struct odp_action *a)
{
    return ((const struct odp_action_u32 *) (const void *) a)->value;
}

/* Returns the nested list of a CLONE or SAMPLE action and its size. */
static inline const struct odp_action *
odp_nested_actions(const struct odp_action *a)
{
    return (const struct odp_action *) (const void *)
           ((const char *) a + sizeof(struct odp_nested));
}

static inline size_t
odp_nested_size(const struct odp_action *a)
{
    return a->len - sizeof(struct odp_nested);
}

/* Returns the value and the mask of a SET_MASKED action. */
static inline const void *
odp_set_value(const struct odp_action *a)
{
    return (const char *) a + sizeof(struct odp_set_masked);
}

static inline const void *
odp_set_mask(const struct odp_action *a)
{
    const struct odp_set_masked *set = (const void *) a;
    return (const char *) odp_set_value(a) + odp_set_group_size(set->group);
}

/* Internal helper of ODP_ACTIONS_FOR_EACH: true if the action at A has a
 * complete header and a length that is a positive multiple of
 * ODP_ACTION_ALIGN and lies within the list that ends at END. */
static inline bool
odp_action_fits__(const struct odp_action *a, const void *end)
{
    size_t left = (const char *) end - (const char *) a;
    return (left >= sizeof *a && a->len >= ODP_ACTION_ALIGN
            && !(a->len % ODP_ACTION_ALIGN) && a->len <= left);
}

/* Iterates A (declared by the macro as a const struct odp_action *) over
 * the SIZE-byte list at ACTIONS.  Safe on any bytes: it stops at the first
 * action whose header does not fit or whose length is not a positive
 * multiple of ODP_ACTION_ALIGN within the list, so that an unvalidated
 * list is never read beyond SIZE or misaligned (its payloads may still be
 * malformed). */
#define ODP_ACTIONS_FOR_EACH(A, ACTIONS, SIZE)                          \
    for (const struct odp_action *A = (const void *) (ACTIONS),         \
             *A##_end__ = (const void *) ((const char *) (ACTIONS)      \
                                          + (SIZE));                    \
         odp_action_fits__(A, A##_end__);                               \
         A = (const void *) ((const char *) A + A->len))

/* Validation. */

/* Checks that the SIZE bytes at ACTIONS are a well-formed action list (see
 * the top of this file).  Returns 0 if so.  Otherwise returns EINVAL and,
 * if ERRP is nonnull, stores in *ERRP a malloc'd message that names the
 * offending action and its offset, e.g. "action 2 (push_vlan) at offset 8:
 * length 12 is not 8"; the caller frees it.  On success *ERRP is set to
 * NULL. */
int odp_actions_validate(const void *actions, size_t size, char **errp);

/* Returns true if some action of the validated SIZE-byte list at ACTIONS,
 * nested ones included, reads or writes headers past Ethernet and VLAN
 * tags and so needs the packet's layer offsets (dp-packet.h) that flow
 * extraction sets: a SET_MASKED of any group but Ethernet.  The fast path
 * may skip full extraction only for lists where this is false. */
bool odp_actions_need_layers(const void *actions, size_t size);

/* Building actions.  Each builder appends one action to the caller's
 * buffer B.  Appending may move B's data (see buffer.h).  Arguments that
 * no valid action can hold (a cookie larger than ODP_USERSPACE_COOKIE_MAX,
 * an unknown set group, a TPID that is not 802.1Q or 802.1ad) are bugs:
 * they abort. */

/* Appends an OUTPUT action to port PORT. */
void odp_put_output(struct buffer *b, uint32_t port);

/* Appends a USERSPACE action to handler PID with the COOKIE_SIZE bytes at
 * COOKIE (which may be NULL if COOKIE_SIZE is 0). */
void odp_put_userspace(struct buffer *b, uint32_t pid, const void *cookie,
                       size_t cookie_size);

/* Appends a PUSH_VLAN action that pushes a tag with TPID (network order:
 * 802.1Q or 802.1ad) and TCI (network order, as sent). */
void odp_put_push_vlan(struct buffer *b, be16 tpid, be16 tci);

/* Appends a POP_VLAN action, which removes the outermost tag. */
void odp_put_pop_vlan(struct buffer *b);

/* Appends a SET_MASKED action of group GROUP with the odp_key_* struct at
 * VALUE and the one at MASK (NULL: every field exactly, a plain set).
 * VALUE's bits outside MASK are cleared in the action. */
void odp_put_set_masked(struct buffer *b, enum odp_set_group group,
                        const void *value, const void *mask);

/* Appends a RECIRC action with recirculation id ID. */
void odp_put_recirc(struct buffer *b, uint32_t id);

/* Appends a METER action for meter ID. */
void odp_put_meter(struct buffer *b, uint32_t id);

/* Appends a HASH action with basis BASIS. */
void odp_put_hash(struct buffer *b, uint32_t basis);

/* Appends a TRUNC action to MAX_LEN bytes. */
void odp_put_trunc(struct buffer *b, uint32_t max_len);

/* Appends a DROP action, which must be the last of its list. */
void odp_put_drop(struct buffer *b);

/* Starts a nested action of TYPE (ODP_ACTION_CLONE with ARG 0, or
 * ODP_ACTION_SAMPLE with ARG the probability): appends its prefix and
 * returns its offset in B's data, to be passed to odp_end_nested() once
 * the nested actions have been appended. */
size_t odp_start_nested(struct buffer *b, enum odp_action_type type,
                        uint32_t arg);

/* Ends the nested action started at OFFSET by odp_start_nested(): sets its
 * length to cover everything appended since.  Returns true on success.
 * If the nested list exceeds ODP_NESTED_MAX_SIZE, removes the whole
 * nested action from B (truncating B's data back to OFFSET) and returns
 * false. */
bool odp_end_nested(struct buffer *b, size_t offset);

#endif /* odp-actions.h */
