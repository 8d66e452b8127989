/*
 * csum: the Internet checksum (RFC 1071), its incremental update (RFC 1624)
 * and the CRC32c used by SCTP (RFC 9260).
 *
 * A checksum is computed in two steps: a "partial" sum (a uint32_t that
 * accumulates 16-bit words) is built with csum_continue(), csum_add16(),
 * csum_add32() and the pseudo-header helpers, then csum_finish() folds and
 * complements it into the be16 to store in the header.  The partial form
 * is byte-order neutral: words are added as they lie in memory, so the
 * result is already in network byte order.  Only the last block passed to
 * csum_continue() may have an odd length (an odd block pads with a zero
 * byte, as the checksum of the whole data requires).
 *
 * To compute a TCP, UDP or ICMPv6 checksum, zero the checksum field and
 * store csum_finish(csum_continue(csum_pseudo_ipv4/6(...), l4, l4_size));
 * UDP then transmits a computed 0x0000 as 0xffff (0 means "no checksum").
 *
 * The recalc_csum*() functions update a stored checksum after a field
 * changes, without touching the rest of the data (RFC 1624 equation 3).
 * Their result equals a full recomputation except when the new data is all
 * zeros, where they give 0x0000 instead of 0xffff (the two are the same
 * number in ones' complement arithmetic); no IP, TCP or UDP header is all
 * zeros.  They do not know about UDP's 0 = "no checksum" rule: callers
 * leave a zero UDP checksum alone.
 *
 * Thread safety: every function is pure and may be called from any
 * thread.
 */
#ifndef SLUICE_CSUM_H
#define SLUICE_CSUM_H 1

#include <stddef.h>
#include <stdint.h>
#include "packets.h"

/* Adds the 16-bit word X (as it lies in memory) to PARTIAL. */
static inline uint32_t
csum_add16(uint32_t partial, be16 x)
{
    uint32_t sum = partial + x;
    return (sum & 0xffff) + (sum >> 16);
}

/* Adds the 32-bit word X (as it lies in memory) to PARTIAL. */
static inline uint32_t
csum_add32(uint32_t partial, be32 x)
{
    return csum_add16(csum_add16(partial, x & 0xffff), x >> 16);
}

/* Adds the N bytes at DATA, at any alignment, to PARTIAL and returns the
 * new partial sum.  If N is odd, DATA must be the last block. */
uint32_t csum_continue(uint32_t partial, const void *data, size_t n);

/* Folds PARTIAL and returns its ones' complement: the checksum to store. */
be16 csum_finish(uint32_t partial);

/* Returns the Internet checksum of the N bytes at DATA, at any alignment:
 * what an IPv4 header's checksum field must hold (computed with the field
 * zeroed), and what a checksum over data that includes a correct checksum
 * field yields as 0. */
be16 csum(const void *data, size_t n);

/* Returns the partial sum of the IPv4 pseudo-header (RFC 793, RFC 768)
 * for an L4 segment of L4_SIZE bytes of protocol PROTO between SRC and DST
 * (network byte order). */
uint32_t csum_pseudo_ipv4(be32 src, be32 dst, uint8_t proto,
                          uint16_t l4_size);

/* Returns the partial sum of the IPv6 pseudo-header (RFC 8200 section 8.1)
 * for an upper-layer packet of L4_SIZE bytes of protocol PROTO (the final
 * next-header value, not an extension header) between SRC and DST. */
uint32_t csum_pseudo_ipv6(const struct in6_addr *src,
                          const struct in6_addr *dst, uint8_t proto,
                          uint32_t l4_size);

/* Returns OLD_CSUM updated for the 16-bit word OLD_U16 of the covered data
 * becoming NEW_U16 (both as they lie in memory, 2-byte aligned relative to
 * the start of the checksummed data). */
be16 recalc_csum16(be16 old_csum, be16 old_u16, be16 new_u16);

/* Like recalc_csum16() for a 32-bit field such as an IPv4 address. */
be16 recalc_csum32(be16 old_csum, be32 old_u32, be32 new_u32);

/* Like recalc_csum16() for a 48-bit field such as an Ethernet address
 * carried in an ARP or ND payload covered by a checksum. */
be16 recalc_csum48(be16 old_csum, const struct eth_addr *old_ea,
                   const struct eth_addr *new_ea);

/* Like recalc_csum16() for a 128-bit field such as an IPv6 address. */
be16 recalc_csum128(be16 old_csum, const struct in6_addr *old_addr,
                    const struct in6_addr *new_addr);

/* Extends the CRC32c (Castagnoli, reflected polynomial 0x82f63b78) state
 * CRC over the N bytes at DATA and returns the new state.  Start with
 * CRC32C_INIT and finish with crc32c_finish(); crc32c() does all three. */
#define CRC32C_INIT UINT32_C(0xffffffff)
uint32_t crc32c_extend(uint32_t crc, const void *data, size_t n);

static inline uint32_t
crc32c_finish(uint32_t crc)
{
    return crc ^ UINT32_C(0xffffffff);
}

/* Returns the CRC32c of the N bytes at DATA: crc32c("123456789") is
 * 0xe3069283. */
uint32_t crc32c(const void *data, size_t n);

/* Returns the SCTP checksum of the N-byte SCTP packet at DATA (common
 * header and chunks), in the form to store in sctp_csum: the CRC32c
 * computed with the checksum field taken as zero, least significant byte
 * first on the wire as RFC 9260 appendix A requires.  The checksum field
 * of DATA itself is ignored, so this also verifies a received packet:
 * compare the result with its sctp_csum.  N must be at least
 * SCTP_HEADER_LEN. */
be32 sctp_csum(const void *data, size_t n);

#endif /* csum.h */
