/* Unit tests for lib/csum.c. */
#include <config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "csum.h"
#include "packets.h"

/* A deterministic pseudo-random generator, so that failures reproduce. */
static uint32_t rng_state = 0x12345678;

static uint32_t
rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

static void
fill_random(uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        p[i] = rng();
    }
}

/* The reference: RFC 1071's algorithm written the obvious way, on 16-bit
 * big-endian words, returning the checksum in host byte order. */
static uint16_t
ref_csum(const uint8_t *p, size_t n)
{
    uint32_t sum = 0;

    for (size_t i = 0; i + 1 < n; i += 2) {
        sum += (p[i] << 8) | p[i + 1];
    }
    if (n & 1) {
        sum += p[n - 1] << 8;
    }
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return ~sum & 0xffff;
}

static void
test_rfc1071_example(void **state)
{
    /* RFC 1071 section 3: the sum of these words is 0xddf2. */
    static const uint8_t data[] = { 0x00, 0x01, 0xf2, 0x03,
                                    0xf4, 0xf5, 0xf6, 0xf7 };
    assert_int_equal(ntohs(csum(data, sizeof data)), 0xffff - 0xddf2);
    assert_int_equal(ntohs(csum_finish(csum_continue(0, data, 8))),
                     0x220d);
}

static void
test_ipv4_header(void **state)
{
    /* A real IPv4 header whose checksum is 0xb861. */
    uint8_t hdr[] = {
        0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
        0xb8, 0x61, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7,
    };

    /* Verifying a correct header yields zero. */
    assert_int_equal(csum(hdr, sizeof hdr), 0);

    /* Computing with the field zeroed yields the stored value. */
    hdr[10] = hdr[11] = 0;
    assert_int_equal(ntohs(csum(hdr, sizeof hdr)), 0xb861);
}

static void
test_edge_lengths(void **state)
{
    static const uint8_t one[] = { 0x01 };
    static const uint8_t ff[] = { 0xff, 0xff };

    /* Nothing sums to zero, whose complement is 0xffff. */
    assert_int_equal(csum(one, 0), 0xffff);
    /* An odd byte is the high byte of a word: 0x0100. */
    assert_int_equal(ntohs(csum(one, 1)), 0xfeff);
    /* 0xffff is negative zero. */
    assert_int_equal(ntohs(csum(ff, 2)), 0x0000);
}

static void
test_matches_reference(void **state)
{
    uint8_t buf[1600 + 8];

    for (int iter = 0; iter < 2000; iter++) {
        size_t n = rng() % 1600;
        size_t ofs = rng() % 8;
        fill_random(buf + ofs, n);
        assert_int_equal(ntohs(csum(buf + ofs, n)), ref_csum(buf + ofs, n));
    }

    /* All-ones data exercises the carries hardest. */
    memset(buf, 0xff, sizeof buf);
    for (size_t n = 0; n < 64; n++) {
        assert_int_equal(ntohs(csum(buf + 1, n)), ref_csum(buf + 1, n));
    }
}

static void
test_continue_in_pieces(void **state)
{
    uint8_t buf[1000];

    for (int iter = 0; iter < 500; iter++) {
        size_t n = rng() % sizeof buf;
        fill_random(buf, n);

        /* Split into even-sized pieces; only the last may be odd. */
        uint32_t partial = 0;
        size_t done = 0;
        while (done < n) {
            size_t piece = (rng() % 64) * 2;
            if (done + piece >= n || !piece) {
                piece = n - done;
            }
            partial = csum_continue(partial, buf + done, piece);
            done += piece;
        }
        assert_int_equal(csum_finish(partial), csum(buf, n));

        /* csum_add16() and csum_add32() agree with csum_continue(). */
        if (n >= 6) {
            partial = csum_add16(0, get_unaligned_be16(buf));
            partial = csum_add32(partial, get_unaligned_be32(buf + 2));
            partial = csum_continue(partial, buf + 6, n - 6);
            assert_int_equal(csum_finish(partial), csum(buf, n));
        }
    }
}

static void
test_pseudo_ipv4(void **state)
{
    uint8_t seg[200];

    for (int iter = 0; iter < 500; iter++) {
        be32 src = rng(), dst = rng();
        uint8_t proto = rng();
        size_t n = rng() % sizeof seg;
        fill_random(seg, n);

        /* The pseudo-header laid out in memory. */
        uint8_t buf[12 + sizeof seg];
        memcpy(buf, &src, 4);
        memcpy(buf + 4, &dst, 4);
        buf[8] = 0;
        buf[9] = proto;
        buf[10] = n >> 8;
        buf[11] = n;
        memcpy(buf + 12, seg, n);

        uint32_t pseudo = csum_pseudo_ipv4(src, dst, proto, n);
        assert_int_equal(ntohs(csum_finish(csum_continue(pseudo, seg, n))),
                         ref_csum(buf, 12 + n));
    }
}

static void
test_pseudo_ipv6(void **state)
{
    uint8_t seg[200];

    for (int iter = 0; iter < 500; iter++) {
        struct in6_addr src, dst;
        fill_random((uint8_t *) &src, sizeof src);
        fill_random((uint8_t *) &dst, sizeof dst);
        uint8_t proto = rng();
        size_t n = rng() % sizeof seg;
        fill_random(seg, n);

        uint8_t buf[40 + sizeof seg];
        memcpy(buf, &src, 16);
        memcpy(buf + 16, &dst, 16);
        buf[32] = 0;
        buf[33] = 0;
        buf[34] = n >> 8;
        buf[35] = n;
        buf[36] = buf[37] = buf[38] = 0;
        buf[39] = proto;
        memcpy(buf + 40, seg, n);

        uint32_t pseudo = csum_pseudo_ipv6(&src, &dst, proto, n);
        assert_int_equal(ntohs(csum_finish(csum_continue(pseudo, seg, n))),
                         ref_csum(buf, 40 + n));
    }
}

/* A real UDP/IPv4 datagram with a correct checksum verifies to zero. */
static void
test_udp_verify(void **state)
{
    static const uint8_t udp[] = {
        0xd4, 0x31, 0x00, 0x35,     /* Ports 54321 -> 53. */
        0x00, 0x0c, 0x00, 0x00,     /* Length 12, checksum below. */
        'a', 'b', 'c', 'd',
    };
    be32 src = htonl(0xc0a80001), dst = htonl(0x08080808);
    uint8_t copy[sizeof udp];

    memcpy(copy, udp, sizeof udp);
    uint32_t pseudo = csum_pseudo_ipv4(src, dst, IPPROTO_UDP, sizeof copy);
    be16 sum = csum_finish(csum_continue(pseudo, copy, sizeof copy));
    memcpy(copy + 6, &sum, 2);
    assert_int_equal(csum_finish(csum_continue(pseudo, copy, sizeof copy)),
                     0);
}

static void
test_rfc1624_example(void **state)
{
    /* RFC 1624 section 4: equation 3 gives 0x0000 where equation 2 gave
     * the wrong 0xffff. */
    assert_int_equal(ntohs(recalc_csum16(htons(0xdd2f), htons(0x5555),
                                         htons(0x3285))), 0x0000);
}

/* Changes N_BYTES at an even offset of random data and checks that the
 * incremental update matches a full recomputation. */
static void
check_recalc(size_t n_bytes)
{
    uint8_t data[64];

    for (int iter = 0; iter < 5000; iter++) {
        size_t size = n_bytes + 2 * (rng() % ((sizeof data - n_bytes) / 2));
        size_t ofs = 2 * (rng() % ((size - n_bytes) / 2 + 1));
        fill_random(data, size);
        be16 old_csum = csum(data, size);

        uint8_t old[16], new[16];
        memcpy(old, data + ofs, n_bytes);
        fill_random(new, n_bytes);
        if (iter % 10 == 0) {
            /* Also try changes to and from all-ones and zeros. */
            memset(new, iter % 20 ? 0xff : 0x00, n_bytes);
        }
        memcpy(data + ofs, new, n_bytes);
        be16 full = csum(data, size);

        be16 incr;
        if (n_bytes == 2) {
            incr = recalc_csum16(old_csum, get_unaligned_be16(old),
                                 get_unaligned_be16(new));
        } else if (n_bytes == 4) {
            incr = recalc_csum32(old_csum, get_unaligned_be32(old),
                                 get_unaligned_be32(new));
        } else if (n_bytes == 6) {
            struct eth_addr a, b;
            memcpy(&a, old, 6);
            memcpy(&b, new, 6);
            incr = recalc_csum48(old_csum, &a, &b);
        } else {
            struct in6_addr a, b;
            memcpy(&a, old, 16);
            memcpy(&b, new, 16);
            incr = recalc_csum128(old_csum, &a, &b);
        }

        if (is_all_zeros(data, size)) {
            /* The one documented difference: 0x0000 for 0xffff. */
            assert_int_equal(full, 0xffff);
            assert_int_equal(incr, 0x0000);
        } else {
            assert_int_equal(incr, full);
        }
    }
}

static void
test_recalc16(void **state)
{
    check_recalc(2);
}

static void
test_recalc32(void **state)
{
    check_recalc(4);
}

static void
test_recalc48(void **state)
{
    check_recalc(6);
}

static void
test_recalc128(void **state)
{
    check_recalc(16);
}

static void
test_recalc_chain(void **state)
{
    /* Many updates in a row never drift from the truth. */
    uint8_t data[40];
    fill_random(data, sizeof data);
    be16 sum = csum(data, sizeof data);
    for (int i = 0; i < 10000; i++) {
        size_t ofs = 2 * (rng() % (sizeof data / 2));
        be16 old = get_unaligned_be16(data + ofs);
        be16 new = rng();
        put_unaligned_be16(data + ofs, new);
        sum = recalc_csum16(sum, old, new);
        if (!is_all_zeros(data, sizeof data)) {
            assert_int_equal(sum, csum(data, sizeof data));
        }
    }
}

static void
test_crc32c_vectors(void **state)
{
    uint8_t buf[32];

    assert_int_equal(crc32c("123456789", 9), 0xe3069283);
    assert_int_equal(crc32c("", 0), 0);

    /* RFC 3720 appendix B.4. */
    memset(buf, 0, sizeof buf);
    assert_int_equal(crc32c(buf, sizeof buf), 0x8a9136aa);
    memset(buf, 0xff, sizeof buf);
    assert_int_equal(crc32c(buf, sizeof buf), 0x62a8ab43);
    for (size_t i = 0; i < sizeof buf; i++) {
        buf[i] = i;
    }
    assert_int_equal(crc32c(buf, sizeof buf), 0x46dd794e);
    for (size_t i = 0; i < sizeof buf; i++) {
        buf[i] = 31 - i;
    }
    assert_int_equal(crc32c(buf, sizeof buf), 0x113fdb5c);

    /* Extending in pieces gives the same result. */
    uint32_t crc = crc32c_extend(CRC32C_INIT, buf, 10);
    crc = crc32c_extend(crc, buf + 10, 22);
    assert_int_equal(crc32c_finish(crc), 0x113fdb5c);
}

static void
test_sctp_csum(void **state)
{
    uint8_t pkt[48];

    fill_random(pkt, sizeof pkt);

    /* The field's own contents do not matter. */
    be32 first = sctp_csum(pkt, sizeof pkt);
    memset(pkt + 8, 0x5a, 4);
    assert_int_equal(sctp_csum(pkt, sizeof pkt), first);

    /* It is the CRC32c with the field zeroed, least significant byte
     * first. */
    memset(pkt + 8, 0, 4);
    uint32_t crc = crc32c(pkt, sizeof pkt);
    uint8_t bytes[4];
    memcpy(bytes, &first, 4);
    assert_int_equal(bytes[0], crc & 0xff);
    assert_int_equal(bytes[1], (crc >> 8) & 0xff);
    assert_int_equal(bytes[2], (crc >> 16) & 0xff);
    assert_int_equal(bytes[3], crc >> 24);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc1071_example),
        cmocka_unit_test(test_ipv4_header),
        cmocka_unit_test(test_edge_lengths),
        cmocka_unit_test(test_matches_reference),
        cmocka_unit_test(test_continue_in_pieces),
        cmocka_unit_test(test_pseudo_ipv4),
        cmocka_unit_test(test_pseudo_ipv6),
        cmocka_unit_test(test_udp_verify),
        cmocka_unit_test(test_rfc1624_example),
        cmocka_unit_test(test_recalc16),
        cmocka_unit_test(test_recalc32),
        cmocka_unit_test(test_recalc48),
        cmocka_unit_test(test_recalc128),
        cmocka_unit_test(test_recalc_chain),
        cmocka_unit_test(test_crc32c_vectors),
        cmocka_unit_test(test_sctp_csum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
