/* Unit tests for lib/ofp-match.c: OpenFlow 1.0 and 1.1 standard matches.
 *
 * The expected ofp10_match and ofp11_match bytes are the match part of
 * the flow_mods that the real ovs-ofctl (Open vSwitch 3.1) sent for the
 * same match ("ovs-ofctl -O OpenFlow10/OpenFlow11 add-flow"). */
#include <config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "buffer.h"
#include "dynamic-string.h"
#include "match.h"
#include "ofp-errors.h"
#include "ofp-match.h"
#include "ofp-protocol.h"
#include "packets.h"
#include "util.h"

static void
parse_match(const char *s, struct match *match)
{
    char *error = match_parse(s, match);
    if (error) {
        fail_msg("%s: %s", s, error);
    }
}

static char *
hex_of(const void *p, size_t n)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    for (size_t i = 0; i < n; i++) {
        ds_put_format(&s, "%02x", ((const uint8_t *) p)[i]);
    }
    return ds_steal_cstr(&s);
}

static void
from_hex(const char *hex, void *p, size_t n)
{
    assert_int_equal(strlen(hex), 2 * n);
    for (size_t i = 0; i < n; i++) {
        unsigned int byte;
        assert_int_equal(sscanf(hex + 2 * i, "%2x", &byte), 1);
        ((uint8_t *) p)[i] = byte;
    }
}

static const struct {
    const char *match;          /* Input, match_parse() syntax. */
    const char *ofp10;          /* ovs-ofctl's ofp10_match. */
    const char *ofp11;          /* ovs-ofctl's ofp11_match. */
    const char *text;           /* match_format() of either decoded. */
} cases[] = {
    { "ip,nw_src=10.0.0.1",
      "003800ef0000000000000000000000000000000000000800000000000a000001"
      "0000000000000000",
      "0000005800000000000003f7000000000000ffffffffffff000000000000ffff"
      "ffffffff00000000080000000a0000010000000000000000ffffffff00000000"
      "00000000000000000000000000000000ffffffffffffffff",
      "ip,nw_src=10.0.0.1" },
    { "tcp,dl_vlan=5,nw_dst=10.0.0.0/8,tp_dst=80",
      "0036204d00000000000000000000000000000005000008000006000000000000"
      "0a00000000000050",
      "000000580000000000000355000000000000ffffffffffff000000000000ffff"
      "ffffffff000500000800000600000000ffffffff0a00000000ffffff00000050"
      "00000000000000000000000000000000ffffffffffffffff",
      "tcp,dl_vlan=5,nw_dst=10.0.0.0/8,tp_dst=80" },
    { "in_port=3,dl_src=00:11:22:33:44:55,dl_dst=aa:bb:cc:dd:ee:ff,"
      "dl_vlan=0xffff,arp,arp_op=1",
      "002820c00003001122334455aabbccddeeffffff000008060001000000000000"
      "0000000000000000",
      "0000005800000003000003d4001122334455000000000000aabbccddeeff0000"
      "00000000ffff00000806000100000000ffffffff00000000ffffffff00000000"
      "00000000000000000000000000000000ffffffffffffffff",
      "arp,in_port=3,vlan_tci=0x0000,dl_src=00:11:22:33:44:55,"
      "dl_dst=aa:bb:cc:dd:ee:ff,arp_op=1" },
};

static void
test_ofp10_encode_decode(void **state)
{
    (void) state;
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct match match, decoded;
        struct ofp10_match om;

        parse_match(cases[i].match, &match);
        assert_true(ofp10_match_fits(&match));
        ofp10_match_from_match(&match, &om);
        char *hex = hex_of(&om, sizeof om);
        if (strcmp(hex, cases[i].ofp10)) {
            fail_msg("%s:\n got  %s\n want %s", cases[i].match, hex,
                     cases[i].ofp10);
        }
        free(hex);

        ofp10_match_to_match(&om, &decoded);
        assert_true(match_equal(&match, &decoded));
        char *text = match_to_string(&decoded);
        assert_string_equal(text, cases[i].text);
        free(text);
    }
}

static void
test_ofp11_encode_decode(void **state)
{
    (void) state;
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct match match, decoded;
        struct ofp11_match om;

        parse_match(cases[i].match, &match);
        assert_true(ofp_match_usable_protocols(&match) & OFP_PROTO_OF11_STD);
        ofp11_match_from_match(&match, &om);
        char *hex = hex_of(&om, sizeof om);
        if (strcmp(hex, cases[i].ofp11)) {
            fail_msg("%s:\n got  %s\n want %s", cases[i].match, hex,
                     cases[i].ofp11);
        }
        free(hex);

        assert_int_equal(ofp11_match_to_match(&om, &decoded), 0);
        assert_true(match_equal(&match, &decoded));

        struct buffer b;
        buffer_init(&b, 0);
        assert_int_equal(ofp11_put_match(&b, &match, OFP_PROTO_OF11_STD),
                         OFP11_MATCH_SIZE);
        size_t padded;
        assert_int_equal(ofp11_pull_match(&b, &decoded, &padded), 0);
        assert_int_equal(padded, OFP11_MATCH_SIZE);
        assert_int_equal(b.size, 0);
        assert_true(match_equal(&match, &decoded));
        buffer_uninit(&b);
    }
}

/* OpenFlow 1.1's extras: masks, any-tag, MPLS and metadata. */
static void
test_ofp11_extras(void **state)
{
    (void) state;
    static const char *const matches[] = {
        "dl_dst=01:00:00:00:00:00/01:00:00:00:00:00",
        "ip,nw_src=10.0.0.0/255.0.255.0",
        "vlan_tci=0x1000/0x1000",
        "vlan_tci=0x1000/0x1000,dl_vlan_pcp=3",
        "mpls,mpls_label=17,mpls_tc=2",
        "metadata=0x12/0xff",
        "icmp,icmp_type=8,icmp_code=0,nw_tos=16",
    };
    for (size_t i = 0; i < ARRAY_SIZE(matches); i++) {
        struct match match, decoded;
        struct ofp11_match om;

        parse_match(matches[i], &match);
        uint32_t usable = ofp_match_usable_protocols(&match);
        assert_true(usable & OFP_PROTO_OF11_STD);
        assert_int_equal(!!(usable & OFP_PROTO_OF10_STD),
                         ofp10_match_fits(&match));
        ofp11_match_from_match(&match, &om);
        assert_int_equal(ofp11_match_to_match(&om, &decoded), 0);
        if (!match_equal(&match, &decoded)) {
            char *a = match_to_string(&match);
            char *b = match_to_string(&decoded);
            fail_msg("%s: decoded as %s", a, b);
        }
    }
}

/* Which protocols can carry which matches. */
static void
test_usable(void **state)
{
    (void) state;
    static const struct {
        const char *match;
        bool of10, of11;
    } cases2[] = {
        { "", true, true },
        { "ip,nw_src=10.0.0.0/8,tcp,tp_src=1", true, true },
        { "dl_vlan_pcp=5", true, true },
        { "dl_vlan=0xffff", true, true },
        { "vlan_tci=0x1000/0x1000", false, true },
        { "vlan_tci=0x1005/0x1fff", true, true },
        { "vlan_tci=0x0005/0x0fff", false, false },
        { "reg0=1", false, false },
        { "metadata=1", false, true },
        { "dl_src=00:00:00:00:00:01/ff:ff:ff:ff:ff:00", false, true },
        { "ip,nw_dst=10.0.0.1/255.255.0.255", false, true },
        { "tcp,tp_dst=0x10/0xf0", false, false },
        { "ipv6", true, true },
        { "ipv6,nw_proto=6", false, false },
        { "ip,nw_ttl=3", false, false },
        { "ip,nw_ecn=1", false, false },
        { "ip,nw_frag=yes", false, false },
        { "arp,arp_sha=00:00:00:00:00:01", false, false },
        { "mpls,mpls_label=3", false, true },
        { "mpls,mpls_bos=1", false, false },
        { "in_port=70000", false, true },
        { "tcp,tcp_flags=+syn", false, false },
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases2); i++) {
        struct match match;
        parse_match(cases2[i].match, &match);
        uint32_t usable = ofp_match_usable_protocols(&match);
        if (!!(usable & OFP_PROTO_OF10_STD) != cases2[i].of10
            || !!(usable & OFP_PROTO_OF11_STD) != cases2[i].of11
            || ofp10_match_fits(&match) != cases2[i].of10
            || !(usable & OFP_PROTO_OF10_NXM)
            || !(usable & OFP_PROTO_OF13_OXM)) {
            fail_msg("%s: usable 0x%x", cases2[i].match, (unsigned) usable);
        }
    }
}

/* OpenFlow 1.0 decoding details: untagged wins over a PCP, ECN bits and
 * unknown wildcard bits are ignored, an exact in_port 0xfffe is LOCAL. */
static void
test_ofp10_decode_details(void **state)
{
    (void) state;
    struct ofp10_match om;
    struct match match;

    /* dl_vlan 0xffff with dl_vlan_pcp 5 matched, nw_tos 0x13 (ECN 3)
     * matched but no dl_type, in_port 0xfffe, high wildcard bits. */
    from_hex("ffcffffcfffe000000000000000000000000ffff050000001300000000000000"
             "0000000000000000", &om, sizeof om);
    ofp10_match_to_match(&om, &match);
    char *text = match_to_string(&match);
    assert_string_equal(text, "in_port=LOCAL,vlan_tci=0x0000,nw_tos=16");
    free(text);
    assert_true(match.flow.dp.in_port == OFPP_LOCAL);
}

static void
test_ofp11_errors(void **state)
{
    (void) state;
    struct match match, decoded;
    struct ofp11_match om;

    parse_match("dl_vlan=5,dl_vlan_pcp=1,icmp,icmp_type=3,nw_tos=4,"
                "in_port=1", &match);
    ofp11_match_from_match(&match, &om);
    assert_int_equal(ofp11_match_to_match(&om, &decoded), 0);

    struct ofp11_match bad = om;
    bad.dl_vlan = htons(5000);
    assert_int_equal(ofp11_match_to_match(&bad, &decoded),
                     OFPERR_OFPBMC_BAD_VALUE);
    bad = om;
    bad.dl_vlan_pcp = 8;
    assert_int_equal(ofp11_match_to_match(&bad, &decoded),
                     OFPERR_OFPBMC_BAD_VALUE);
    bad = om;
    bad.nw_tos = 5;
    assert_int_equal(ofp11_match_to_match(&bad, &decoded),
                     OFPERR_OFPBMC_BAD_VALUE);
    bad = om;
    bad.tp_src = htons(300);
    assert_int_equal(ofp11_match_to_match(&bad, &decoded),
                     OFPERR_OFPBMC_BAD_FIELD);
    bad = om;
    bad.in_port = htonl(0xffffff10);
    assert_int_equal(ofp11_match_to_match(&bad, &decoded),
                     OFPERR_OFPBMC_BAD_VALUE);

    /* ofp11_pull_match(): a bad length and a bad type. */
    struct buffer b;
    buffer_init(&b, 0);
    bad = om;
    bad.length = htons(80);
    buffer_put(&b, &bad, sizeof bad);
    assert_int_equal(ofp11_pull_match(&b, &decoded, NULL),
                     OFPERR_OFPBMC_BAD_LEN);
    buffer_clear(&b);
    bad = om;
    bad.type = htons(2);
    buffer_put(&b, &bad, sizeof bad);
    assert_int_equal(ofp11_pull_match(&b, &decoded, NULL),
                     OFPERR_OFPBMC_BAD_TYPE);
    buffer_clear(&b);
    buffer_put(&b, &om, 3);
    assert_int_equal(ofp11_pull_match(&b, &decoded, NULL),
                     OFPERR_OFPBMC_BAD_LEN);
    buffer_uninit(&b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ofp10_encode_decode),
        cmocka_unit_test(test_ofp11_encode_decode),
        cmocka_unit_test(test_ofp11_extras),
        cmocka_unit_test(test_usable),
        cmocka_unit_test(test_ofp10_decode_details),
        cmocka_unit_test(test_ofp11_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
