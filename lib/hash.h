/*
 * hash: fast non-cryptographic hashing (a Murmur3-style mixer).
 *
 * hash_bytes() and hash_words() give well-distributed 32-bit hashes; the
 * incremental form is hash_add()* then hash_finish().  Same input, same
 * basis, same result on every run and every thread of one build: nothing
 * is randomized (but see hash_add64()).  All functions are pure and thread-safe.
 */
#ifndef SLUICE_HASH_H
#define SLUICE_HASH_H 1

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline uint32_t
hash_rot(uint32_t x, int k)
{
    return (x << k) | (x >> (32 - k));
}

static inline uint32_t
hash_mix(uint32_t hash, uint32_t data)
{
    data *= 0xcc9e2d51;
    data = hash_rot(data, 15);
    data *= 0x1b873593;
    return hash ^ data;
}

/* Adds 32-bit DATA into HASH. */
static inline uint32_t
hash_add(uint32_t hash, uint32_t data)
{
    hash = hash_mix(hash, data);
    hash = hash_rot(hash, 13);
    return hash * 5 + 0xe6546b64;
}

/* Adds 64-bit DATA into HASH.  The fast path hashes flow keys a 64-bit word
 * at a time, so this is one CRC-32C instruction where the CPU has one
 * (every build that links DPDK targets SSE 4.2) and otherwise one 64-bit
 * multiply-rotate-multiply round.  Either way hash_finish() provides the
 * avalanche.  The two give different values, so a stored hash is valid
 * only for the build that computed it. */
#if defined(__SSE4_2__) && defined(__x86_64__)
static inline uint32_t
hash_add64(uint32_t hash, uint64_t data)
{
    return __builtin_ia32_crc32di(hash, data);
}
#else
static inline uint32_t
hash_add64(uint32_t hash, uint64_t data)
{
    data *= UINT64_C(0x87c37b91114253d5);
    data = (data << 31) | (data >> 33);
    data *= UINT64_C(0x4cf5ad432745937f);
    hash ^= (uint32_t) data ^ (uint32_t) (data >> 32);
    hash = hash_rot(hash, 13);
    return hash * 5 + 0xe6546b64;
}
#endif

/* Finalizes HASH after FINAL_BYTES bytes were added. */
static inline uint32_t
hash_finish(uint32_t hash, uint32_t final_bytes)
{
    hash ^= final_bytes;
    hash ^= hash >> 16;
    hash *= 0x85ebca6b;
    hash ^= hash >> 13;
    hash *= 0xc2b2ae35;
    hash ^= hash >> 16;
    return hash;
}

uint32_t hash_bytes(const void *, size_t n_bytes, uint32_t basis);
/* Hashes N_WORDS 32-bit words at P (which must be 4-byte aligned). */
uint32_t hash_words(const uint32_t *p, size_t n_words, uint32_t basis);
/* Hashes N_WORDS 64-bit words at P (which must be 8-byte aligned). */
uint32_t hash_words64(const uint64_t *p, size_t n_words, uint32_t basis);

static inline uint32_t
hash_int(uint32_t x, uint32_t basis)
{
    return hash_finish(hash_add(basis, x), 4);
}

static inline uint32_t
hash_uint64(uint64_t x)
{
    return hash_finish(hash_add64(0, x), 8);
}

static inline uint32_t
hash_uint64_basis(uint64_t x, uint32_t basis)
{
    return hash_finish(hash_add64(basis, x), 8);
}

static inline uint32_t
hash_pointer(const void *p, uint32_t basis)
{
    return hash_uint64_basis((uint64_t) (uintptr_t) p, basis);
}

static inline uint32_t
hash_string(const char *s, uint32_t basis)
{
    return hash_bytes(s, strlen(s), basis);
}

#endif /* hash.h */
