/* hash: Murmur3-style hashing.  See hash.h. */
#include <config.h>
#include "hash.h"

#include <string.h>

static inline uint32_t
get_unaligned_u32(const uint8_t *p)
{
    uint32_t x;
    memcpy(&x, p, sizeof x);
    return x;
}

uint32_t
hash_bytes(const void *p_, size_t n, uint32_t basis)
{
    const uint8_t *p = p_;
    uint32_t hash = basis;
    size_t orig_n = n;

    while (n >= 4) {
        hash = hash_add(hash, get_unaligned_u32(p));
        p += 4;
        n -= 4;
    }
    if (n) {
        uint32_t tail = 0;
        memcpy(&tail, p, n);
        hash = hash_mix(hash, tail);
    }
    return hash_finish(hash, orig_n);
}

uint32_t
hash_words(const uint32_t *p, size_t n_words, uint32_t basis)
{
    uint32_t hash = basis;
    for (size_t i = 0; i < n_words; i++) {
        hash = hash_add(hash, p[i]);
    }
    return hash_finish(hash, n_words * 4);
}

uint32_t
hash_words64(const uint64_t *p, size_t n_words, uint32_t basis)
{
    uint32_t hash = basis;
    for (size_t i = 0; i < n_words; i++) {
        hash = hash_add64(hash, p[i]);
    }
    return hash_finish(hash, n_words * 8);
}
