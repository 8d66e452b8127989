/*
 * dp-key: the fast path's flow key: a packet's miniflow with its hash and
 * size, computed once per packet and then used by every lookup stage.
 *
 * A 'struct dp_key' holds the compact form of a packet's flow (a miniflow,
 * see lib/flow.h: a map of the nonzero words of struct flow followed by
 * those words), its size in bytes and miniflow_hash() of the whole of it
 * with basis 0 (the same as flow_hash(flow, 0) of the expanded flow).
 * Since two flows are equal exactly when their miniflows are byte-for-byte
 * equal, two keys are equal exactly when their hashes, sizes and the first
 * 'len' bytes of their miniflows are: the exact-match caches compare keys
 * with one memcmp() and never look at absent fields.  The hash covers
 * every field the key holds (the fast path never relies on a NIC's RSS
 * hash, which ignores MAC addresses and is absent on many ports).
 *
 * The first DP_KEY_HEAD_SIZE bytes of a key (the hash, the size, the map
 * and the first 6 values) are always defined: values past the key's own
 * are zero there.  So two keys of up to 6 values are equal exactly when
 * their heads are, which the exact-match cache compares in a few vector
 * instructions without looking at the size first.  Every key must be
 * completed by dp_key_finish() (the functions below do it).
 *
 * A key is large (160 bytes) and lives on the stack or in a per-thread
 * array, one per packet of a batch; nothing here allocates.
 *
 * Thread safety: all functions are reentrant; a key has one owner at a
 * time.
 */
#ifndef SLUICE_DP_KEY_H
#define SLUICE_DP_KEY_H 1

/* dp-packet.h first: it includes DPDK's headers, which must come before
 * <stdnoreturn.h> (included by util.h), whose 'noreturn' macro breaks
 * their __attribute__((noreturn)).  So the datapath's headers include
 * this one first, and their users include them before lib/ headers. */
#include "dp-packet.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "flow.h"
#include "util.h"

struct dp_key {
    uint32_t hash;              /* miniflow_hash(&mf.mf, 0). */
    uint32_t len;               /* miniflow_size(&mf.mf): map and values. */
    struct miniflow_buf mf;     /* Only the first 'len' bytes are set. */
};

/* The largest possible 'len' of a key. */
#define DP_KEY_MAX_LEN (sizeof(struct miniflow_buf))

/* The size of a key's head, which is always defined (see above), and the
 * number of values it holds. */
#define DP_KEY_HEAD_SIZE 64
#define DP_KEY_HEAD_VALUES 6
BUILD_ASSERT_DECL(offsetof(struct dp_key, mf) == 8);
BUILD_ASSERT_DECL(8 + sizeof(struct miniflow) + DP_KEY_HEAD_VALUES * 8
                  == DP_KEY_HEAD_SIZE);

/* Returns KEY's miniflow. */
static inline const struct miniflow *
dp_key_miniflow(const struct dp_key *key)
{
    return &key->mf.mf;
}

/* Sets KEY's hash and size from its miniflow, which the caller filled,
 * and zeroes the rest of its head. */
static inline void
dp_key_finish(struct dp_key *key)
{
    size_t n = miniflow_n_values(&key->mf.mf);
    for (size_t i = n; i < DP_KEY_HEAD_VALUES; i++) {
        key->mf.values[i] = 0;
    }
    key->len = sizeof key->mf.mf + n * sizeof key->mf.values[0];
    key->hash = miniflow_hash(&key->mf.mf, 0);
}

/* Parses PACKET into KEY with miniflow_extract() (which also sets the
 * packet's layer offsets) and hashes it.  The packet's metadata supplies
 * in_port, recirc_id and dp_hash.  Never fails: a malformed packet gives
 * a partial key, as flow.h describes. */
static inline void
dp_key_from_packet(struct dp_key *key, struct dp_packet *packet)
{
    miniflow_extract(packet, &key->mf.mf);
    dp_key_finish(key);
}

/* Stores FLOW's key in KEY. */
static inline void
dp_key_from_flow(struct dp_key *key, const struct flow *flow)
{
    miniflow_init(&key->mf.mf, flow);
    dp_key_finish(key);
}

/* Stores the flow that KEY represents in FLOW. */
static inline void
dp_key_to_flow(const struct dp_key *key, struct flow *flow)
{
    miniflow_expand(&key->mf.mf, flow);
}

/* Returns true if A and B are the same key. */
static inline bool
dp_key_equal(const struct dp_key *a, const struct dp_key *b)
{
    return (a->hash == b->hash && a->len == b->len
            && !memcmp(&a->mf, &b->mf, a->len));
}

#endif /* dp-key.h */
