/*
 * oflow: the fields that an OpenFlow pipeline sees.
 *
 * A 'struct oflow' is a packet's datapath key (struct flow, flow.h) plus
 * the metadata that exists only while the slow path runs a packet through
 * the OpenFlow tables: the OpenFlow metadata field, the Nicira registers,
 * the packet mark and the action set's output port.  The OpenFlow
 * classifier (classifier.h), matches (match.h), the field registry
 * (meta-flow.h) and translation all work on it; the datapath never sees
 * the metadata words.
 *
 * Differences from the datapath's meaning of struct flow's fields:
 *
 *   - dp.in_port holds the OpenFlow port number (32 bits; OpenFlow 1.0's
 *     16-bit reserved ports 0xfff8 to 0xffff are stored as OpenFlow 1.1's
 *     0xfffffff8 to 0xffffffff, see openflow.h), not the datapath's port
 *     number.  ofproto maps one to the other.
 *   - dp.recirc_id and dp.dp_hash are datapath-only: OpenFlow matches
 *     leave them wildcarded.
 *   - The outer VLAN tag: OpenFlow's "VLAN present" bit (OFPVID_PRESENT,
 *     or OpenFlow 1.0's dl_vlan other than 0xffff) is bit 0x8000 of
 *     dp.vlans[0].tpid, which is set for both 802.1Q (0x8100) and 802.1ad
 *     (0x88a8) tags and clear when there is no tag (TPID 0).  So "any
 *     tagged packet" is tpid 0x8000/0x8000, "untagged" tpid 0/0xffff, and
 *     a VLAN id is the low 12 bits of dp.vlans[0].tci (the TCI as on the
 *     wire: PCP in the top 3 bits, DEI in bit 12).
 *
 * Like struct flow, a struct oflow is compared and masked as OFLOW_U64S
 * 64-bit words; unused bits are always zero.
 */
#ifndef SLUICE_OFLOW_H
#define SLUICE_OFLOW_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "flow.h"
#include "packets.h"
#include "util.h"

/* The number of 32-bit Nicira registers (reg0 to reg15).  xreg N is the
 * 64-bit register made of regs[2N] (high half) and regs[2N + 1] (low half);
 * xxreg N the 128-bit register of regs[4N] to regs[4N + 3], highest
 * first. */
#define OFLOW_N_REGS 16

struct oflow {
    struct flow dp;                 /* The packet: words 0 to 17. */

    /* Pipeline metadata: words 18 to 27. */
    be64 metadata;                  /* OpenFlow 1.1+ "metadata". */
    uint32_t regs[OFLOW_N_REGS];    /* Nicira registers. */
    uint32_t pkt_mark;              /* Nicira packet mark. */
    uint32_t actset_output;         /* OpenFlow 1.5 action set output port,
                                     * or 0 while the set has none. */
} __attribute__((aligned(8)));

#define OFLOW_U64S (sizeof(struct oflow) / sizeof(uint64_t))
BUILD_ASSERT_DECL(sizeof(struct oflow) % sizeof(uint64_t) == 0);
BUILD_ASSERT_DECL(offsetof(struct oflow, metadata) == FLOW_U64S * 8);
BUILD_ASSERT_DECL(OFLOW_U64S == FLOW_U64S + 10);

/* The index of the 64-bit word of struct oflow that holds FIELD. */
#define OFLOW_U64_INDEX(FIELD) (offsetof(struct oflow, FIELD) / 8)

/* Returns FLOW viewed as OFLOW_U64S words. */
static inline const uint64_t *
oflow_u64s(const struct oflow *flow)
{
    return (const uint64_t *) (const void *) flow;
}

static inline uint64_t *
oflow_u64s_rw(struct oflow *flow)
{
    return (uint64_t *) (void *) flow;
}

/* Returns true if A and B are equal. */
static inline bool
oflow_equal(const struct oflow *a, const struct oflow *b)
{
    return !memcmp(a, b, sizeof *a);
}

/* Stores FLOW masked by MASK in *DST (which may be FLOW). */
static inline void
oflow_mask(struct oflow *dst, const struct oflow *flow,
           const struct oflow *mask)
{
    const uint64_t *f = oflow_u64s(flow);
    const uint64_t *m = oflow_u64s(mask);
    uint64_t *d = oflow_u64s_rw(dst);
    for (size_t i = 0; i < OFLOW_U64S; i++) {
        d[i] = f[i] & m[i];
    }
}

/* Returns true if FLOW matches the masked key KEY under MASK. */
static inline bool
oflow_matches(const struct oflow *flow, const struct oflow *key,
              const struct oflow *mask)
{
    const uint64_t *f = oflow_u64s(flow);
    const uint64_t *k = oflow_u64s(key);
    const uint64_t *m = oflow_u64s(mask);
    uint64_t diff = 0;
    for (size_t i = 0; i < OFLOW_U64S; i++) {
        diff |= (f[i] & m[i]) ^ k[i];
    }
    return !diff;
}

/* ORs the bits of SRC into DST (to accumulate wildcards). */
static inline void
oflow_union(struct oflow *dst, const struct oflow *src)
{
    const uint64_t *s = oflow_u64s(src);
    uint64_t *d = oflow_u64s_rw(dst);
    for (size_t i = 0; i < OFLOW_U64S; i++) {
        d[i] |= s[i];
    }
}

#endif /* oflow.h */
