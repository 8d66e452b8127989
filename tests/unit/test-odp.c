/* Unit tests for lib/odp-actions.c (action encoding and validation) and
 * lib/odp-util.c (the text syntax of datapath flows and actions). */
#include <config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "flow.h"
#include "buffer.h"
#include "dynamic-string.h"
#include "odp-actions.h"
#include "odp-util.h"
#include "packets.h"
#include "util.h"

/* A deterministic pseudo-random generator, so that failures reproduce. */
static uint32_t rng_state = 0x2545f491;

static uint32_t
rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

/* Asserts that validating the SIZE bytes at ACTIONS fails with exactly
 * EXPECTED. */
static void
check_invalid(const void *actions, size_t size, const char *expected)
{
    char *error = NULL;
    assert_int_equal(odp_actions_validate(actions, size, &error), EINVAL);
    assert_non_null(error);
    assert_string_equal(error, expected);
    free(error);
}

static void
check_valid(const void *actions, size_t size)
{
    char *error = (char *) "unset";
    int retval = odp_actions_validate(actions, size, &error);
    if (retval) {
        fail_msg("unexpectedly invalid: %s", error);
    }
    assert_null(error);
}

/* Action encoding. */

static void
test_builders_layout(void **state)
{
    struct buffer b;
    buffer_init(&b, 0);

    odp_put_output(&b, 7);
    odp_put_push_vlan(&b, htons(ETH_TYPE_VLAN_8021AD), htons(0x2005));
    odp_put_pop_vlan(&b);
    odp_put_userspace(&b, 42, "\x01\x02\x03\x04\x05", 5);
    odp_put_recirc(&b, 0x10);
    odp_put_meter(&b, 3);
    odp_put_hash(&b, 99);
    odp_put_trunc(&b, 100);
    size_t ofs = odp_start_nested(&b, ODP_ACTION_CLONE, 0);
    odp_put_output(&b, 1);
    assert_true(odp_end_nested(&b, ofs));
    odp_put_drop(&b);

    /* Every action is a multiple of 8 bytes: 8 each, 24 for a userspace
     * action with a 5-byte cookie, 16 for the clone. */
    assert_int_equal(b.size, 7 * 8 + 24 + 16 + 8);
    check_valid(b.data, b.size);

    static const struct {
        enum odp_action_type type;
        size_t len;
    } expected[] = {
        { ODP_ACTION_OUTPUT, 8 }, { ODP_ACTION_PUSH_VLAN, 8 },
        { ODP_ACTION_POP_VLAN, 8 }, { ODP_ACTION_USERSPACE, 24 },
        { ODP_ACTION_RECIRC, 8 }, { ODP_ACTION_METER, 8 },
        { ODP_ACTION_HASH, 8 }, { ODP_ACTION_TRUNC, 8 },
        { ODP_ACTION_CLONE, 16 }, { ODP_ACTION_DROP, 8 },
    };
    size_t i = 0;
    ODP_ACTIONS_FOR_EACH (a, b.data, b.size) {
        assert_true(i < ARRAY_SIZE(expected));
        assert_int_equal(odp_action_type(a), expected[i].type);
        assert_int_equal(a->len, expected[i].len);
        assert_int_equal(((uintptr_t) a) % ODP_ACTION_ALIGN, 0);
        switch (odp_action_type(a)) {
        case ODP_ACTION_OUTPUT:
            assert_int_equal(odp_action_get_u32(a), 7);
            break;
        case ODP_ACTION_PUSH_VLAN: {
            const struct odp_push_vlan *p = (const void *) a;
            assert_int_equal(ntohs(p->tpid), ETH_TYPE_VLAN_8021AD);
            assert_int_equal(ntohs(p->tci), 0x2005);
            break;
        }
        case ODP_ACTION_USERSPACE: {
            const struct odp_userspace *u = (const void *) a;
            assert_int_equal(u->pid, 42);
            assert_int_equal(u->cookie_size, 5);
            assert_memory_equal(u->cookie, "\x01\x02\x03\x04\x05", 5);
            break;
        }
        case ODP_ACTION_RECIRC:
            assert_int_equal(odp_action_get_u32(a), 0x10);
            break;
        case ODP_ACTION_CLONE: {
            assert_int_equal(odp_nested_size(a), 8);
            const struct odp_action *inner = odp_nested_actions(a);
            assert_int_equal(odp_action_type(inner), ODP_ACTION_OUTPUT);
            assert_int_equal(odp_action_get_u32(inner), 1);
            break;
        }
        default:
            break;
        }
        i++;
    }
    assert_int_equal(i, ARRAY_SIZE(expected));
    buffer_uninit(&b);
}

static void
test_set_masked_builder(void **state)
{
    struct buffer b;
    buffer_init(&b, 0);

    /* Value bits outside the mask are cleared; padding and the flow
     * label's upper bits never enter the mask. */
    struct odp_key_ipv4 v4 = { htonl(0x0a0000ff), htonl(0x0b000001), 0xff,
                               64, { 0, 0 } };
    struct odp_key_ipv4 m4 = { htonl(0xffffff00), 0, 0x03, 0,
                               { 0xff, 0xff } };
    odp_put_set_masked(&b, ODP_SET_IPV4, &v4, &m4);

    struct odp_key_ipv6 v6, m6;
    memset(&v6, 0xab, sizeof v6);
    memset(&m6, 0, sizeof m6);
    m6.label = htonl(0xffffffff);
    odp_put_set_masked(&b, ODP_SET_IPV6, &v6, &m6);

    struct odp_key_l4 ports = { htons(80), htons(8080) };
    odp_put_set_masked(&b, ODP_SET_TCP, &ports, NULL);
    check_valid(b.data, b.size);

    const struct odp_action *a = b.data;
    assert_int_equal(a->len, 8 + 2 * 12);
    const struct odp_key_ipv4 *value = odp_set_value(a);
    const struct odp_key_ipv4 *mask = odp_set_mask(a);
    assert_int_equal(ntohl(value->src), 0x0a000000);
    assert_int_equal(value->dst, 0);
    assert_int_equal(value->tos, 0x03);
    assert_int_equal(value->ttl, 0);
    assert_int_equal(ntohl(mask->src), 0xffffff00);
    assert_int_equal(mask->pad[0] | mask->pad[1], 0);

    a = (const void *) ((const char *) a + a->len);
    assert_int_equal(a->len, 8 + 2 * 40);
    const struct odp_key_ipv6 *mask6 = odp_set_mask(a);
    const struct odp_key_ipv6 *value6 = odp_set_value(a);
    assert_int_equal(ntohl(mask6->label), IPV6_LABEL_MASK);
    assert_int_equal(ntohl(value6->label), 0xbabab);
    assert_true(ipv6_addr_is_zero(&value6->src));

    a = (const void *) ((const char *) a + a->len);
    assert_int_equal(a->len, 16);
    const struct odp_key_l4 *m = odp_set_mask(a);
    assert_int_equal(m->src, 0xffff);
    assert_int_equal(m->dst, 0xffff);
    buffer_uninit(&b);
}

static void
test_nested_overflow(void **state)
{
    struct buffer b;
    buffer_init(&b, 0);

    odp_put_output(&b, 1);
    size_t ofs = odp_start_nested(&b, ODP_ACTION_SAMPLE, UINT32_MAX / 2);
    for (size_t i = 0; i < ODP_NESTED_MAX_SIZE / 8; i++) {
        odp_put_output(&b, i);
    }
    /* Exactly the maximum fits. */
    assert_true(odp_end_nested(&b, ofs));
    assert_int_equal(b.size, 8 + 8 + ODP_NESTED_MAX_SIZE);
    check_valid(b.data, b.size);

    /* One more action does not: the whole sample goes. */
    ofs = odp_start_nested(&b, ODP_ACTION_CLONE, 0);
    for (size_t i = 0; i <= ODP_NESTED_MAX_SIZE / 8; i++) {
        odp_put_output(&b, i);
    }
    size_t before = ofs;
    assert_false(odp_end_nested(&b, ofs));
    assert_int_equal(b.size, before);
    check_valid(b.data, b.size);
    buffer_uninit(&b);
}

/* An aligned scratch area for hand-made action lists. */
static uint64_t raw[64];

static struct odp_action *
raw_action(size_t ofs, uint16_t type, uint16_t len)
{
    struct odp_action *a = (void *) ((char *) raw + ofs);
    a->type = type;
    a->len = len;
    return a;
}

static void
test_validate_rejects(void **state)
{
    memset(raw, 0, sizeof raw);
    check_invalid(raw, 4, "action 1 (type 0) at offset 0: unknown action "
                  "type 0");

    raw_action(0, ODP_ACTION_OUTPUT, 8);
    raw_action(8, ODP_ACTION_OUTPUT, 8);
    check_valid(raw, 16);
    check_invalid(raw, 20, "action 3 (type 0) at offset 16: unknown "
                  "action type 0");
    check_invalid(raw, 18, "action 3 at offset 16: 2 trailing bytes are "
                  "too few for an action header");
    check_invalid(raw, 12, "action 2 (output) at offset 8: length 8 runs "
                  "past the end of the list (4 bytes left)");

    raw_action(8, 99, 8);
    check_invalid(raw, 16, "action 2 (type 99) at offset 8: unknown action "
                  "type 99");
    raw_action(8, ODP_ACTION_OUTPUT, 12);
    check_invalid(raw, 24, "action 2 (output) at offset 8: length 12 is not "
                  "a positive multiple of 8");
    raw_action(8, ODP_ACTION_OUTPUT, 0);
    check_invalid(raw, 24, "action 2 (output) at offset 8: length 0 is not "
                  "a positive multiple of 8");
    raw_action(8, ODP_ACTION_OUTPUT, 16);
    check_invalid(raw, 24, "action 2 (output) at offset 8: length 16 is not "
                  "8");

    /* Padding must be zero. */
    memset(raw, 0, sizeof raw);
    struct odp_action_u32 *pop = (void *) raw_action(0, ODP_ACTION_POP_VLAN,
                                                     8);
    pop->value = 1;
    check_invalid(raw, 8, "action 1 (pop_vlan) at offset 0: nonzero "
                  "padding");

    /* Drop must be last. */
    memset(raw, 0, sizeof raw);
    raw_action(0, ODP_ACTION_DROP, 8);
    raw_action(8, ODP_ACTION_OUTPUT, 8);
    check_valid(raw, 8);
    check_invalid(raw, 16, "action 1 (drop) at offset 0: drop must be the "
                  "last action of its list");

    /* push_vlan with another TPID. */
    memset(raw, 0, sizeof raw);
    struct odp_push_vlan *push = (void *) raw_action(
        0, ODP_ACTION_PUSH_VLAN, 8);
    push->tpid = htons(0x9100);
    check_invalid(raw, 8, "action 1 (push_vlan) at offset 0: TPID 0x9100 "
                  "is neither 0x8100 nor 0x88a8");

    /* Userspace cookies. */
    memset(raw, 0, sizeof raw);
    struct odp_userspace *u = (void *) raw_action(0, ODP_ACTION_USERSPACE,
                                                  48);
    u->cookie_size = 33;
    check_invalid(raw, 48, "action 1 (userspace) at offset 0: cookie of 33 "
                  "bytes exceeds the maximum 32");
    u->cookie_size = 5;
    check_invalid(raw, 48, "action 1 (userspace) at offset 0: length 48 is "
                  "not 24 for a 5-byte cookie");
    u->hdr.len = 24;
    check_valid(raw, 24);
    u->cookie[6] = 1;
    check_invalid(raw, 24, "action 1 (userspace) at offset 0: nonzero "
                  "padding");
    u->hdr.len = 8;
    check_invalid(raw, 8, "action 1 (userspace) at offset 0: length 8 is "
                  "too short");

    /* Masked sets. */
    memset(raw, 0, sizeof raw);
    struct odp_set_masked *set = (void *) raw_action(
        0, ODP_ACTION_SET_MASKED, 16);
    set->group = ODP_SET_UDP;
    check_valid(raw, 16);
    set->group = 77;
    check_invalid(raw, 16, "action 1 (set) at offset 0: unknown set group "
                  "77");
    set->group = ODP_SET_IPV4;
    check_invalid(raw, 16, "action 1 (set) at offset 0: length 16 is not 32 "
                  "for group ipv4");
    set->group = ODP_SET_UDP;
    struct odp_key_l4 *value = (void *) (set + 1);
    value->src = htons(1);
    check_invalid(raw, 16, "action 1 (set) at offset 0: udp: value has bits "
                  "outside its mask");
    value->src = 0;
    set->pad[1] = 1;
    check_invalid(raw, 16, "action 1 (set) at offset 0: nonzero padding");

    memset(raw, 0, sizeof raw);
    set = (void *) raw_action(0, ODP_ACTION_SET_MASKED, 88);
    set->group = ODP_SET_IPV6;
    struct odp_key_ipv6 *mask6 = (void *) ((char *) (set + 1) + 40);
    mask6->label = htonl(0x00100000);
    check_invalid(raw, 88, "action 1 (set) at offset 0: ipv6: flow label "
                  "mask wider than 20 bits");

    /* Nested lists are validated too, and their depth is limited. */
    memset(raw, 0, sizeof raw);
    raw_action(0, ODP_ACTION_CLONE, 24);
    raw_action(8, ODP_ACTION_OUTPUT, 8);
    raw_action(16, ODP_ACTION_OUTPUT, 8);
    check_valid(raw, 24);
    raw_action(16, ODP_ACTION_OUTPUT, 16);
    check_invalid(raw, 24, "action 1 (clone) at offset 0: in nested "
                  "actions: action 2 (output) at offset 8: length 16 runs "
                  "past the end of the list (8 bytes left)");
    raw_action(16, ODP_ACTION_OUTPUT, 8);
    ((struct odp_nested *) (void *) raw)->arg = 1;
    check_invalid(raw, 24, "action 1 (clone) at offset 0: nonzero padding");

    memset(raw, 0, sizeof raw);
    for (int depth = 0; depth <= ODP_ACTIONS_MAX_DEPTH; depth++) {
        raw_action(depth * 8, ODP_ACTION_SAMPLE,
                   8 * (ODP_ACTIONS_MAX_DEPTH + 1 - depth));
    }
    /* Nine nested samples, the innermost empty: one too many. */
    size_t size = 8 * (ODP_ACTIONS_MAX_DEPTH + 1);
    char *error;
    assert_int_equal(odp_actions_validate(raw, size, &error), EINVAL);
    assert_non_null(strstr(error, "actions nested more than 8 deep"));
    free(error);
    /* Eight are fine. */
    memset(raw, 0, sizeof raw);
    for (int depth = 0; depth < ODP_ACTIONS_MAX_DEPTH; depth++) {
        raw_action(depth * 8, ODP_ACTION_SAMPLE,
                   8 * (ODP_ACTIONS_MAX_DEPTH - depth));
    }
    check_valid(raw, 8 * ODP_ACTIONS_MAX_DEPTH);

    /* Alignment. */
    memset(raw, 0, sizeof raw);
    raw_action(0, ODP_ACTION_OUTPUT, 8);
    assert_int_equal(odp_actions_validate((char *) raw + 4, 8, NULL),
                     EINVAL);

    /* The empty list is valid. */
    check_valid(NULL, 0);
}

static void
test_for_each_is_safe(void **state)
{
    /* The iterator stops at a zero length, a length past the end, a
     * length that is not a multiple of 8 and a truncated header, whatever
     * follows. */
    memset(raw, 0, sizeof raw);
    raw_action(0, ODP_ACTION_OUTPUT, 8);
    raw_action(8, ODP_ACTION_OUTPUT, 0);
    int n = 0;
    ODP_ACTIONS_FOR_EACH (a, raw, sizeof raw) {
        n++;
    }
    assert_int_equal(n, 1);

    raw_action(8, ODP_ACTION_OUTPUT, 16);
    n = 0;
    ODP_ACTIONS_FOR_EACH (a, raw, 20) {
        n++;
    }
    assert_int_equal(n, 1);

    raw_action(8, ODP_ACTION_OUTPUT, 12);
    n = 0;
    ODP_ACTIONS_FOR_EACH (a, raw, sizeof raw) {
        n++;
    }
    assert_int_equal(n, 1);

    raw_action(8, ODP_ACTION_OUTPUT, 8);
    n = 0;
    ODP_ACTIONS_FOR_EACH (a, raw, 19) {
        n++;
    }
    assert_int_equal(n, 2);

    /* Random bytes: the iterator never leaves the list. */
    for (int iter = 0; iter < 1000; iter++) {
        size_t size = rng() % sizeof raw;
        for (size_t i = 0; i < ARRAY_SIZE(raw); i++) {
            raw[i] = (uint64_t) rng() << 32 | rng();
        }
        for (size_t i = 0; i < ARRAY_SIZE(raw) * 4; i += 1 + rng() % 4) {
            ((uint16_t *) (void *) raw)[i] = rng() % 48;
        }
        ODP_ACTIONS_FOR_EACH (a, raw, size) {
            assert_true((const char *) a + a->len
                        <= (const char *) raw + size);
        }
        char *error;
        if (!odp_actions_validate(raw, size, &error)) {
            /* Anything that validates also formats. */
            char *s = odp_actions_to_string(raw, size);
            free(s);
        } else {
            free(error);
        }
    }
}

/* Flows. */

static void
check_flow_roundtrip(const char *s)
{
    struct flow key, mask;
    char *error = odp_flow_from_string(s, &key, &mask);
    if (error) {
        fail_msg("\"%s\": %s", s, error);
    }
    char *printed = odp_flow_to_string(&key, &mask);
    if (strcmp(printed, s)) {
        fail_msg("\"%s\" printed as \"%s\"", s, printed);
    }
    free(printed);
}

static void
test_flow_canonical(void **state)
{
    static const char *const flows[] = {
        "",
        "in_port(1)",
        "recirc_id(0),in_port(1)",
        "recirc_id(0x1),dp_hash(0x5/0xff),in_port(1/0xff)",
        "dp_hash(0)",
        "in_port(1),eth(src=00:01:02:03:04:05,dst=10:11:12:13:14:15)",
        "in_port(1),eth(src=00:01:02:03:04:00/ff:ff:ff:ff:ff:f0,"
        "dst=10:11:12:13:14:10/ff:ff:ff:ff:ff:f0)",
        "eth(dst=01:00:00:00:00:00/01:00:00:00:00:00)",
        "in_port(1),eth(src=00:01:02:03:04:05,dst=10:11:12:13:14:15),"
        "eth_type(0x1234)",
        "in_port(1),eth_type(0x1230/0xfff0)",
        "in_port(1),eth(src=00:01:02:03:04:05,dst=10:11:12:13:14:15),"
        "eth_type(0x0800),ipv4(src=35.8.2.41,dst=172.16.0.20,proto=5,"
        "tos=0x80,ttl=128,frag=no)",
        "eth_type(0x0800),ipv4(src=35.8.2.41,dst=172.16.0.20,proto=5,"
        "tos=0x81,ttl=128,frag=first)",
        "eth_type(0x0800),ipv4(frag=later)",
        "eth_type(0x0800),ipv4(frag=no/0x1)",
        "eth_type(0x0800),ipv4(frag=first/0x1)",
        "eth_type(0x0800),ipv4(src=35.8.2.0/255.255.255.0,"
        "dst=172.16.0.0/255.255.255.0,proto=0/0xf0,tos=0x80/0xf0,"
        "ttl=128/0xf0,frag=no)",
        "eth_type(0x0800),ipv4(src=35.8.2.41,dst=172.16.0.20,proto=6,"
        "tos=0,ttl=128,frag=no),tcp(src=80,dst=8080)",
        "eth_type(0x0800),ipv4(proto=6),tcp(src=0/0xff00,dst=144/0xff),"
        "tcp_flags(syn|ack)",
        "eth_type(0x0800),ipv4(proto=6),tcp_flags(+syn-ack)",
        "eth_type(0x0800),ipv4(proto=6),tcp_flags(0)",
        "eth_type(0x0800),ipv4(proto=6),tcp_flags(fin|0x200)",
        "eth_type(0x0800),ipv4(proto=17,frag=no),udp(src=81,dst=6632)",
        "eth_type(0x0800),ipv4(proto=132),sctp(src=1,dst=2)",
        "eth_type(0x0800),ipv4(proto=1),icmp(type=0/0xf0,code=2)",
        "in_port(1),eth(src=00:01:02:03:04:05,dst=10:11:12:13:14:15),"
        "eth_type(0x86dd),ipv6(src=::1,dst=::2,label=0,proto=10,"
        "tclass=0x70,hlimit=128,frag=no)",
        "eth_type(0x86dd),ipv6(src=::1/::255,dst=::4/::255,label=0/0xf0,"
        "proto=0/0xf0,tclass=0x70/0xf0,hlimit=128/0xf0,frag=no)",
        "eth_type(0x86dd),ipv6(src=2001:db8::1,label=0x12345,proto=6),"
        "tcp(dst=22)",
        "eth_type(0x86dd),ipv6(src=2001:db8::/ffff:ffff::,proto=17),"
        "udp(src=6630,dst=22)",
        "eth_type(0x86dd),ipv6(proto=58),icmpv6(type=1,code=2)",
        "eth_type(0x86dd),ipv6(proto=58),icmpv6(type=136,code=0),"
        "nd(target=::3,sll=00:05:06:07:08:09,tll=00:0a:0b:0c:0d:0e)",
        "eth_type(0x86dd),ipv6(proto=58),icmpv6(type=135,code=0),"
        "nd(target=fe80::1:50/ffff::ff:f0,sll=00:05:06:07:08:00/"
        "ff:ff:ff:ff:ff:00)",
        "eth_type(0x0806),arp(sip=1.2.3.4,tip=5.6.7.8,op=1,"
        "sha=00:0f:10:11:12:13,tha=00:14:15:16:17:18)",
        "eth_type(0x8035),arp(sip=1.2.3.0/255.255.255.250,"
        "tip=5.6.7.8/255.255.255.250,op=0/0xf0,"
        "sha=00:0f:10:11:12:00/ff:ff:ff:ff:ff:00,"
        "tha=00:14:15:16:17:00/ff:ff:ff:ff:ff:00)",
        "eth_type(0x8847),mpls(label=100,tc=3,ttl=64,bos=1)",
        "eth_type(0x8848),mpls(label=100/0xff,tc=7,ttl=64,bos=1)",
        "eth_type(0x8847),mpls(label=1,tc=0,ttl=64,bos=0,"
        "label=2,tc=0,ttl=64,bos=1)",
        "eth_type(0x8847),mpls(label=0/0,tc=0/0,ttl=0/0,bos=0/0,"
        "label=0/0,tc=0/0,ttl=0/0,bos=0/0,label=3,tc=1/0x1,ttl=1,bos=1)",
        /* VLAN tags. */
        "in_port(1),eth(src=00:01:02:03:04:05,dst=10:11:12:13:14:15),"
        "eth_type(0x8100),vlan(vid=99,pcp=7),encap(eth_type(0x0800),"
        "ipv4(src=35.8.2.41,dst=172.16.0.20,proto=6,tos=0,ttl=128,"
        "frag=no),tcp(src=80,dst=8080))",
        "eth_type(0x8100),vlan(vid=96/0xff0,pcp=6/0x6),"
        "encap(eth_type(0x0800))",
        "eth_type(0x8100),vlan(vid=10,dei=1)",
        "eth_type(0x8100),vlan(vid=10,dei=0)",
        "eth_type(0x8100),vlan()",
        "eth_type(0x88a8),vlan(vid=100,pcp=0),encap(eth_type(0x8100),"
        "vlan(vid=10),encap(eth_type(0x0800),ipv4(frag=no)))",
        "eth_type(0x88a8),vlan(vid=100),encap(eth_type(0x8100),vlan(),"
        "encap(eth_type(0x8100)))",
        "eth_type(0x8100),vlan(vid=5),encap(eth_type(0x8847),"
        "mpls(label=7,tc=0,ttl=9,bos=1))",
        /* A truncated tag: dl_type 0x8100 and no tag. */
        "eth_type(0x8100)",
        /* Zero or one tag, then IPv4. */
        "eth_type(0x0000/0x0000),vlan(),encap(eth_type(0x0800),"
        "ipv4(dst=10.0.0.1))",
        /* Untagged, any type. */
        "eth_type(0x0000/0x0000)",
        /* Exactly one tag, any type after it. */
        "eth_type(0x8100),vlan(vid=10),encap(eth_type(0x0000/0x0000))",
        "eth_type(0x0000),vlan(vid=5)",
        "eth_type(0x8000/0xf000),vlan(pcp=3)",
        "eth_type(0x0000/0x0000),vlan(vid=4)",
    };

    for (size_t i = 0; i < ARRAY_SIZE(flows); i++) {
        check_flow_roundtrip(flows[i]);
    }
}

static void
test_flow_normalized(void **state)
{
    static const struct {
        const char *in;
        const char *out;
    } flows[] = {
        /* The example, in_port first: printed in OVS's order,
         * masked values shown under their mask. */
        { "in_port(1),recirc_id(0),dp_hash(0x5/0xff),"
          "eth(src=00:11:22:33:44:55,dst=ff:ff:ff:ff:ff:ff/"
          "01:00:00:00:00:00),eth_type(0x8100),vlan(vid=10,pcp=0),"
          "encap(eth_type(0x0800),ipv4(src=10.0.0.1/255.255.255.0,"
          "dst=10.0.0.2,proto=6,tos=0,ttl=64,frag=no),"
          "tcp(src=80,dst=0/0xff00),tcp_flags(syn|ack))",
          "recirc_id(0),dp_hash(0x5/0xff),in_port(1),"
          "eth(src=00:11:22:33:44:55,dst=01:00:00:00:00:00/"
          "01:00:00:00:00:00),eth_type(0x8100),vlan(vid=10,pcp=0),"
          "encap(eth_type(0x0800),ipv4(src=10.0.0.0/255.255.255.0,"
          "dst=10.0.0.2,proto=6,tos=0,ttl=64,frag=no),"
          "tcp(src=80,dst=0/0xff00),tcp_flags(syn|ack))" },
        /* Spaces, hex and decimal, prefix lengths, field order. */
        { " in_port( 0x10 ) , eth_type(2048), ipv4(dst=10.1.0.0/16, "
          "ttl=0x40, src=1.2.3.4/32) ",
          "in_port(16),eth_type(0x0800),ipv4(src=1.2.3.4,"
          "dst=10.1.0.0/255.255.0.0,ttl=64)" },
        { "eth_type(0x86dd),ipv6(dst=2001:db8::1/32)",
          "eth_type(0x86dd),ipv6(dst=2001:db8::/ffff:ffff::)" },
        { "eth_type(0x0800),ipv4(tos=128,proto=6),tcp_flags(0x12)",
          "eth_type(0x0800),ipv4(proto=6,tos=0x80),tcp_flags(syn|ack)" },
        { "eth_type(0x0800),ipv4(proto=6),tcp_flags(none)",
          "eth_type(0x0800),ipv4(proto=6),tcp_flags(0)" },
        { "eth_type(0x0800),ipv4(proto=6),tcp_flags(0x2/0x12)",
          "eth_type(0x0800),ipv4(proto=6),tcp_flags(+syn-ack)" },
        { "eth_type(0x0800),ipv4(proto=6),tcp_flags(syn/0xfff)",
          "eth_type(0x0800),ipv4(proto=6),tcp_flags(syn)" },
        { "eth_type(0x0800),ipv4(frag=0x3)",
          "eth_type(0x0800),ipv4(frag=later)" },
        /* A fully wildcarded field or attribute is not printed. */
        { "eth(),in_port(1/0),eth_type(0x0800),ipv4(src=1.2.3.4/0)",
          "eth_type(0x0800)" },
        /* OVS's no-op attributes. */
        { "skb_priority(0),skb_mark(0/0xffffffff),ct_state(0/0x3f),"
          "ct_zone(0),ct_mark(0),ct_label(0),recirc_id(0),dp_hash(0),"
          "in_port(2),packet_type(ns=0,id=0),"
          "eth(src=00:00:00:00:00:01,dst=00:00:00:00:00:02),"
          "eth_type(0x0806)",
          "recirc_id(0),dp_hash(0),in_port(2),"
          "eth(src=00:00:00:00:00:01,dst=00:00:00:00:00:02),"
          "eth_type(0x0806)" },
        /* OVS's cfi=1 means "tag present". */
        { "eth_type(0x8100),vlan(vid=5,pcp=0,cfi=1)",
          "eth_type(0x8100),vlan(vid=5,pcp=0)" },
        /* Empty encap(). */
        { "eth_type(0x8100),vlan(vid=5),encap()",
          "eth_type(0x8100),vlan(vid=5)" },
        /* icmpv6 as the printer orders it. */
        { "nd(target=fe80::1),icmpv6(code=0,type=135),ipv6(proto=58),"
          "eth_type(0x86dd)",
          "eth_type(0x86dd),ipv6(proto=58),icmpv6(type=135,code=0),"
          "nd(target=fe80::1)" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(flows); i++) {
        struct flow key, mask;
        char *error = odp_flow_from_string(flows[i].in, &key, &mask);
        if (error) {
            fail_msg("\"%s\": %s", flows[i].in, error);
        }
        char *s = odp_flow_to_string(&key, &mask);
        if (strcmp(s, flows[i].out)) {
            fail_msg("\"%s\" printed as \"%s\", expected \"%s\"",
                     flows[i].in, s, flows[i].out);
        }
        free(s);
        check_flow_roundtrip(flows[i].out);
    }
}

/* Checks what the VLAN nesting maps to in struct flow. */
static void
test_flow_vlan_mapping(void **state)
{
    struct flow key, mask;
    char *error;

    /* One tag, then IPv4: the tag's TPID and TCI, no second tag, dl_type
     * IPv4. */
    error = odp_flow_from_string(
        "in_port(3),eth_type(0x8100),vlan(vid=10,pcp=5),"
        "encap(eth_type(0x0800),ipv4(dst=10.0.0.1))", &key, &mask);
    assert_null(error);
    assert_int_equal(key.in_port, 3);
    assert_int_equal(mask.in_port, UINT32_MAX);
    assert_int_equal(ntohs(key.vlans[0].tpid), ETH_TYPE_VLAN_8021Q);
    assert_int_equal(ntohs(mask.vlans[0].tpid), 0xffff);
    assert_int_equal(ntohs(key.vlans[0].tci), 5 << 13 | 10);
    assert_int_equal(ntohs(mask.vlans[0].tci), 0xefff);
    assert_int_equal(key.vlans[1].tpid, 0);
    assert_int_equal(ntohs(mask.vlans[1].tpid), 0xffff);
    assert_int_equal(mask.vlans[1].tci, 0);
    assert_int_equal(ntohs(key.dl_type), ETH_TYPE_IP);
    assert_int_equal(ntohs(mask.dl_type), 0xffff);
    assert_int_equal(ntohl(key.nw_dst), 0x0a000001);
    assert_int_equal(mask.nw_dst, 0xffffffff);
    assert_int_equal(mask.nw_src, 0);

    /* Untagged: the first tag's TPID matched exactly as 0. */
    error = odp_flow_from_string("eth_type(0x86dd)", &key, &mask);
    assert_null(error);
    assert_int_equal(key.vlans[0].tpid, 0);
    assert_int_equal(ntohs(mask.vlans[0].tpid), 0xffff);
    assert_int_equal(mask.vlans[0].tci, 0);
    assert_int_equal(mask.vlans[1].tpid, 0);
    assert_int_equal(ntohs(key.dl_type), ETH_TYPE_IPV6);

    /* No eth_type: nothing about tags. */
    error = odp_flow_from_string("in_port(1)", &key, &mask);
    assert_null(error);
    assert_true(is_all_zeros(mask.vlans, sizeof mask.vlans));
    assert_int_equal(mask.dl_type, 0);

    /* Two tags. */
    error = odp_flow_from_string(
        "eth_type(0x88a8),vlan(vid=100,dei=1),encap(eth_type(0x8100),"
        "vlan(pcp=2),encap(eth_type(0x0806)))", &key, &mask);
    assert_null(error);
    assert_int_equal(ntohs(key.vlans[0].tpid), ETH_TYPE_VLAN_8021AD);
    assert_int_equal(ntohs(key.vlans[0].tci), VLAN_DEI | 100);
    assert_int_equal(ntohs(mask.vlans[0].tci), VLAN_DEI | VLAN_VID_MASK);
    assert_int_equal(ntohs(key.vlans[1].tpid), ETH_TYPE_VLAN_8021Q);
    assert_int_equal(ntohs(key.vlans[1].tci), 2 << 13);
    assert_int_equal(ntohs(mask.vlans[1].tci), VLAN_PCP_MASK);
    assert_int_equal(ntohs(key.dl_type), ETH_TYPE_ARP);

    /* MPLS label stack entries, top first. */
    error = odp_flow_from_string(
        "eth_type(0x8847),mpls(label=5,tc=1,ttl=64,bos=0,label=6,bos=1)",
        &key, &mask);
    assert_null(error);
    assert_int_equal(key.mpls_lse[0], mpls_lse_from_fields(5, 1, 0, 64));
    assert_int_equal(mask.mpls_lse[0], 0xffffffff);
    assert_int_equal(key.mpls_lse[1], mpls_lse_from_fields(6, 0, 1, 0));
    assert_int_equal(ntohl(mask.mpls_lse[1]),
                     MPLS_LABEL_MASK | MPLS_BOS_MASK);
    assert_int_equal(mask.mpls_lse[2], 0);

    /* A flow extracted from a real tagged packet prints the OVS way. */
    uint8_t pkt[64];
    memset(pkt, 0, sizeof pkt);
    memcpy(pkt, "\x01\x02\x03\x04\x05\x06\x0a\x0b\x0c\x0d\x0e\x0f"
           "\x81\x00\x20\x0a\x08\x00", 18);
    pkt[18] = 0x45;
    pkt[20] = 0;
    pkt[21] = 46;
    pkt[26] = 64;
    pkt[27] = 17;
    memcpy(pkt + 30, "\x0a\x00\x00\x01\x0a\x00\x00\x02", 8);
    memcpy(pkt + 38, "\x00\x35\x00\x36\x00\x1a\x00\x00", 8);
    struct dp_packet p;
    dp_packet_use_const(&p, pkt, sizeof pkt);
    p.md.in_port = 4;
    flow_extract(&p, &key);
    /* Match exactly on every field this packet has. */
    memset(&mask, 0, sizeof mask);
    mask.in_port = mask.recirc_id = mask.dp_hash = UINT32_MAX;
    mask.dl_src = mask.dl_dst = eth_addr_broadcast;
    mask.dl_type = htons(0xffff);
    mask.vlans[0].tpid = mask.vlans[0].tci = htons(0xffff);
    mask.vlans[1].tpid = htons(0xffff);
    mask.nw_src = mask.nw_dst = htonl(0xffffffff);
    mask.nw_proto = mask.nw_tos = mask.nw_ttl = 0xff;
    mask.nw_frag = FLOW_NW_FRAG_MASK;
    mask.tp_src = mask.tp_dst = htons(0xffff);
    char *s = odp_flow_to_string(&key, &mask);
    assert_string_equal(s, "recirc_id(0),dp_hash(0),in_port(4),"
                        "eth(src=0a:0b:0c:0d:0e:0f,dst=01:02:03:04:05:06),"
                        "eth_type(0x8100),vlan(vid=10,pcp=1,dei=0),"
                        "encap(eth_type(0x0800),ipv4(src=10.0.0.1,"
                        "dst=10.0.0.2,proto=17,tos=0,ttl=64,frag=no),"
                        "udp(src=53,dst=54))");
    free(s);
}

static void
test_flow_errors(void **state)
{
    static const struct {
        const char *in;
        const char *error;
    } cases[] = {
        { "eth_type(0x0800),ipv4(src=10.0.0.300)",
          "ipv4(src=10.0.0.300): invalid IPv4 address \"10.0.0.300\"" },
        { "in_port(1),foo(2)", "unknown flow attribute \"foo\"" },
        { "eth_type(0x0800),ipv4(ttl=300)",
          "ipv4(ttl=300): value 300 is out of range 0..255" },
        { "eth_type(0x0800),ipv4(ttl=12x)",
          "ipv4(ttl=12x): invalid value \"12x\"" },
        { "eth_type(0x0800),ipv4(ttl=1/0x100)",
          "ipv4(ttl=1/0x100): mask 0x100 is out of range 0..255" },
        { "eth_type(0x0800),ipv4(bogus=1)",
          "ipv4(bogus=1): unknown field \"bogus\" (ipv4 has src, dst, "
          "proto, tos, ttl, frag)" },
        { "eth_type(0x0800),ipv4(ttl=1,ttl=2)",
          "ipv4(ttl=2): field \"ttl\" given twice" },
        { "eth_type(0x0800),ipv4(ttl)",
          "syntax error at \")\": expected \"=\"" },
        { "eth_type(0x0800),ipv4(ttl=)",
          "ipv4(ttl=): missing value" },
        { "in_port(1", "syntax error at end of input: expected \")\"" },
        { "in_port(1))",
          "syntax error at \")\": expected \",\" or the end" },
        { "in_port(1),,eth()",
          "syntax error at \",eth()\": expected a name" },
        { "in_port(1),in_port(2)", "in_port() given twice at the top level" },
        { "in_port()", "in_port(): missing value" },
        { "in_port(0x1g)", "in_port(0x1g): invalid value \"0x1g\"" },
        { "in_port(4294967296)",
          "in_port(4294967296): value 4294967296 is out of range "
          "0..4294967295" },
        { "in_port(1(2))", "syntax error at \"(2))\": expected \",\" or "
          "\")\"" },
        { "eth_type(0x0800),tcp(dst=80)",
          "tcp() requires ipv4(proto=6) or ipv6(proto=6)" },
        { "eth_type(0x0800),ipv4(proto=17),tcp(dst=80)",
          "tcp() requires ipv4(proto=6) or ipv6(proto=6)" },
        { "eth_type(0x0800),ipv4(proto=6/0xfe),tcp(dst=80)",
          "tcp() requires ipv4(proto=6) or ipv6(proto=6)" },
        { "eth_type(0x0800),ipv4(proto=17),tcp_flags(syn)",
          "tcp_flags() requires ipv4(proto=6) or ipv6(proto=6)" },
        { "eth_type(0x86dd),ipv6(proto=1),icmp(type=1)",
          "icmp() requires ipv4(proto=1)" },
        { "ipv4(src=1.2.3.4)", "ipv4() requires eth_type(0x0800)" },
        { "eth_type(0x0800),ipv6(src=::1)",
          "ipv6() requires eth_type(0x86dd)" },
        { "eth_type(0x0800),arp(op=1)",
          "arp() requires eth_type(0x0806) or eth_type(0x8035)" },
        { "eth_type(0x0800),mpls(label=1)",
          "mpls() requires eth_type(0x8847) or eth_type(0x8848)" },
        { "eth_type(0x86dd),ipv6(proto=58),icmpv6(type=1),nd(target=::1)",
          "nd() requires icmpv6(type=135) or icmpv6(type=136)" },
        { "vlan(vid=5)", "vlan() requires eth_type(0x8100) or "
          "eth_type(0x88a8) at the same level" },
        { "eth_type(0x0800),vlan(vid=5)",
          "eth_type(0x0800) is not a VLAN TPID (0x8100 or 0x88a8), so "
          "vlan() cannot follow it" },
        { "eth_type(0x8100),vlan(vid=5000)",
          "vlan(vid=5000): value 5000 is out of range 0..4095" },
        { "eth_type(0x8100),vlan(cfi=0)",
          "vlan(cfi=0): only cfi=1 (a present tag) is supported" },
        { "eth_type(0x8100),vlan(vid=1),ipv4(src=1.2.3.4)",
          "ipv4() must be inside encap() when vlan() is given" },
        { "eth_type(0x8100),vlan(),encap(eth_type(0x8100),vlan(),"
          "encap(eth_type(0x8100),vlan()))",
          "vlan(): more than 2 VLAN headers" },
        { "encap(eth_type(0x0800))", "encap() must follow vlan()" },
        { "eth_type(0x8100),vlan(),encap(in_port(1))",
          "in_port() is only allowed at the top level, not inside "
          "encap()" },
        { "eth_type(0x8100),vlan(),encap(eth_type(0x0800),"
          "eth_type(0x0800))",
          "eth_type() given twice inside encap()" },
        { "eth_type(0x8100),vlan(),encap(eth_type(0x0800),ipv4(),"
          "ipv4())", "ipv4() given twice inside encap()" },
        { "eth(src=00:11:22:33:44)",
          "eth(src=00:11:22:33:44): invalid Ethernet address "
          "\"00:11:22:33:44\"" },
        { "eth(src=00:11:22:33:44:55/ff)",
          "eth(src=00:11:22:33:44:55/ff): invalid Ethernet mask \"ff\"" },
        { "eth_type(0x86dd),ipv6(src=::1/129)",
          "ipv6(src=::1/129): invalid IPv6 mask \"129\"" },
        { "eth_type(0x86dd),ipv6(src=::g)",
          "ipv6(src=::g): invalid IPv6 address \"::g\"" },
        { "eth_type(0x0800),ipv4(src=1.2.3.4/255.0.255.x)",
          "ipv4(src=1.2.3.4/255.0.255.x): invalid IPv4 mask "
          "\"255.0.255.x\"" },
        { "eth_type(0x0800),ipv4(frag=maybe)",
          "ipv4(frag=maybe): invalid fragment type \"maybe\"" },
        { "eth_type(0x0800),ipv4(proto=6),tcp_flags(syn|bogus)",
          "tcp_flags(syn|bogus): unknown TCP flag \"bogus\"" },
        { "eth_type(0x0800),ipv4(proto=6),tcp_flags(+syn+syn)",
          "tcp_flags(+syn+syn): TCP flag \"syn\" given twice" },
        { "eth_type(0x0800),ipv4(proto=6),tcp_flags(+syn*ack)",
          "tcp_flags(+syn*ack): unknown TCP flag \"syn*ack\"" },
        { "eth_type(0x8847),mpls(label=1,label=2,label=3,label=4)",
          "mpls(label=4): more than 3 label stack entries" },
        { "eth_type(0x0800),ipv4(proto=1),icmp(type=256)",
          "icmp(type=256): value 256 is out of range 0..255" },
        { "tunnel(tun_id=1)", "tunnel() is not supported" },
        { "ct_state(0x21)", "ct_state(0x21): only ct_state(0) is "
          "supported" },
        { "packet_type(ns=1,id=0)",
          "packet_type(ns=1,id=0): only Ethernet (ns=0,id=0) is "
          "supported" },
        { "eth_type(0x8100),vlan(),encap(skb_mark(0))",
          "skb_mark() is only allowed at the top level" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct flow key, mask;
        char *error = odp_flow_from_string(cases[i].in, &key, &mask);
        if (!error) {
            fail_msg("\"%s\" parsed without error", cases[i].in);
        }
        if (strcmp(error, cases[i].error)) {
            fail_msg("\"%s\": got error \"%s\", expected \"%s\"",
                     cases[i].in, error, cases[i].error);
        }
        free(error);
    }
}

static void
test_flow_check(void **state)
{
    struct flow key, mask;

    memset(&key, 0, sizeof key);
    memset(&mask, 0, sizeof mask);
    char *error = odp_flow_check(&key, &mask);
    assert_null(error);

    /* Ports without a protocol. */
    mask.tp_dst = htons(0xffff);
    key.tp_dst = htons(80);
    error = odp_flow_check(&key, &mask);
    assert_string_equal(error,
                        "tcp() requires ipv4(proto=6) or ipv6(proto=6)");
    free(error);

    /* UDP under IPv6 is fine, and so is a key bit outside the mask. */
    key.dl_type = htons(ETH_TYPE_IPV6);
    mask.dl_type = htons(0xffff);
    key.nw_proto = IPPROTO_UDP;
    mask.nw_proto = 0xff;
    key.nw_src = htonl(1);
    error = odp_flow_check(&key, &mask);
    assert_null(error);

    /* ND addresses are fine under a neighbour advertisement, ARP's are
     * not under IPv6 otherwise. */
    key.nw_proto = IPPROTO_ICMPV6;
    key.tp_src = htons(ND_TYPE_NEIGHBOR_ADVERT);
    mask.tp_src = htons(0xffff);
    mask.arp_sha = eth_addr_broadcast;
    error = odp_flow_check(&key, &mask);
    assert_null(error);
    key.tp_src = htons(128);
    error = odp_flow_check(&key, &mask);
    assert_string_equal(error, "arp() requires eth_type(0x0806) or "
                        "eth_type(0x8035)");
    free(error);
}

/* Random keys and masks. */

static uint32_t
random_mask32(int bits)
{
    uint32_t ones = bits >= 32 ? UINT32_MAX : (UINT32_C(1) << bits) - 1;
    switch (rng() % 4) {
    case 0:
        return 0;
    case 1:
    case 2:
        return ones;
    default:
        return rng() & ones;
    }
}

static void
random_bytes_mask(void *key_, void *mask_, size_t n)
{
    uint8_t *key = key_, *mask = mask_;
    int choice = rng() % 4;
    for (size_t i = 0; i < n; i++) {
        key[i] = rng();
        mask[i] = (choice == 0 ? 0 : choice == 3 ? rng() : 0xff);
    }
}

#define RANDOM_FIELD(KEY, MASK, FIELD, BITS, CONV)                      \
    ((MASK)->FIELD = CONV(random_mask32(BITS)),                         \
     (KEY)->FIELD = CONV(rng()))

static uint8_t
id8(uint32_t x)
{
    return x;
}

static uint32_t
hton32(uint32_t x)
{
    return htonl(x);
}

static uint16_t
hton16(uint32_t x)
{
    return htons(x);
}

static void
random_flow(struct flow *key, struct flow *mask)
{
    static const uint16_t dl_types[] = {
        ETH_TYPE_IP, ETH_TYPE_IPV6, ETH_TYPE_ARP, ETH_TYPE_RARP,
        ETH_TYPE_MPLS, ETH_TYPE_MPLS_MCAST, 0x1234, ETH_TYPE_VLAN_8021Q,
    };
    static const uint8_t protos[] = {
        IPPROTO_TCP, IPPROTO_UDP, IPPROTO_SCTP, IPPROTO_ICMP,
        IPPROTO_ICMPV6, 47,
    };

    memset(key, 0, sizeof *key);
    memset(mask, 0, sizeof *mask);
    mask->in_port = random_mask32(32);
    key->in_port = rng();
    mask->recirc_id = random_mask32(32);
    key->recirc_id = rng();
    mask->dp_hash = random_mask32(32);
    key->dp_hash = rng();
    random_bytes_mask(&key->dl_src, &mask->dl_src, 6);
    random_bytes_mask(&key->dl_dst, &mask->dl_dst, 6);

    for (int i = 0; i < FLOW_MAX_VLAN_HEADERS; i++) {
        static const uint16_t tpids[] = {
            0, ETH_TYPE_VLAN_8021Q, ETH_TYPE_VLAN_8021AD,
        };
        key->vlans[i].tpid = htons(tpids[rng() % 3]);
        switch (rng() % 4) {
        case 0:
            mask->vlans[i].tpid = 0;
            break;
        case 1:
            mask->vlans[i].tpid = htons(rng());
            break;
        default:
            mask->vlans[i].tpid = htons(0xffff);
            break;
        }
        RANDOM_FIELD(key, mask, vlans[i].tci, 16, hton16);
    }

    uint16_t dl = dl_types[rng() % ARRAY_SIZE(dl_types)];
    key->dl_type = htons(dl);
    int dl_choice = rng() % 8;
    mask->dl_type = (dl_choice == 0 ? 0 : dl_choice == 1 ? htons(rng())
                     : htons(0xffff));
    if (mask->dl_type != htons(0xffff)) {
        dl = 0;
    }

    bool v4 = dl == ETH_TYPE_IP, v6 = dl == ETH_TYPE_IPV6;
    if (dl == ETH_TYPE_MPLS || dl == ETH_TYPE_MPLS_MCAST) {
        for (int i = 0; i < FLOW_MAX_MPLS_LABELS; i++) {
            RANDOM_FIELD(key, mask, mpls_lse[i], 32, hton32);
        }
    } else if (dl == ETH_TYPE_ARP || dl == ETH_TYPE_RARP) {
        RANDOM_FIELD(key, mask, nw_src, 32, hton32);
        RANDOM_FIELD(key, mask, nw_dst, 32, hton32);
        RANDOM_FIELD(key, mask, nw_proto, 8, id8);
        random_bytes_mask(&key->arp_sha, &mask->arp_sha, 6);
        random_bytes_mask(&key->arp_tha, &mask->arp_tha, 6);
    } else if (v4 || v6) {
        if (v4) {
            RANDOM_FIELD(key, mask, nw_src, 32, hton32);
            RANDOM_FIELD(key, mask, nw_dst, 32, hton32);
        } else {
            random_bytes_mask(&key->ipv6_src, &mask->ipv6_src, 16);
            random_bytes_mask(&key->ipv6_dst, &mask->ipv6_dst, 16);
            RANDOM_FIELD(key, mask, ipv6_label, 20, hton32);
        }
        RANDOM_FIELD(key, mask, nw_tos, 8, id8);
        RANDOM_FIELD(key, mask, nw_ttl, 8, id8);
        RANDOM_FIELD(key, mask, nw_frag, 2, id8);

        key->nw_proto = protos[rng() % ARRAY_SIZE(protos)];
        mask->nw_proto = random_mask32(8);
        if (mask->nw_proto == 0xff) {
            uint8_t proto = key->nw_proto;
            bool icmp = ((proto == IPPROTO_ICMP && v4)
                         || (proto == IPPROTO_ICMPV6 && v6));
            if (proto == IPPROTO_TCP || proto == IPPROTO_UDP
                || proto == IPPROTO_SCTP) {
                RANDOM_FIELD(key, mask, tp_src, 16, hton16);
                RANDOM_FIELD(key, mask, tp_dst, 16, hton16);
            } else if (icmp) {
                key->tp_src = htons(rng() % 256);
                key->tp_dst = htons(rng() % 256);
                mask->tp_src = htons(random_mask32(16));
                mask->tp_dst = htons(random_mask32(16));
            }
            if (proto == IPPROTO_TCP) {
                RANDOM_FIELD(key, mask, tcp_flags, 12, hton16);
            }
            if (icmp && v6 && rng() % 2) {
                key->tp_src = htons(rng() % 2 ? ND_TYPE_NEIGHBOR_SOLICIT
                                    : ND_TYPE_NEIGHBOR_ADVERT);
                mask->tp_src = htons(0xffff);
                random_bytes_mask(&key->nd_target, &mask->nd_target, 16);
                random_bytes_mask(&key->nd_sll, &mask->nd_sll, 6);
                random_bytes_mask(&key->nd_tll, &mask->nd_tll, 6);
            }
        }
    }

    uint64_t *k = (uint64_t *) (void *) key;
    const uint64_t *m = flow_u64s(mask);
    for (size_t i = 0; i < FLOW_U64S; i++) {
        k[i] &= m[i];
    }
}

static void
test_flow_random_roundtrip(void **state)
{
    for (int iter = 0; iter < 20000; iter++) {
        struct flow key, mask, key2, mask2;

        random_flow(&key, &mask);
        char *error = odp_flow_check(&key, &mask);
        if (error) {
            fail_msg("random flow fails its prerequisites: %s", error);
        }

        char *s = odp_flow_to_string(&key, &mask);
        error = odp_flow_from_string(s, &key2, &mask2);
        if (error) {
            fail_msg("iteration %d: \"%s\" does not parse: %s", iter, s,
                     error);
        }
        if (!flow_equal(&key, &key2) || !flow_equal(&mask, &mask2)) {
            char *s2 = odp_flow_to_string(&key2, &mask2);
            fail_msg("iteration %d: \"%s\" parses back as a different "
                     "flow, printed \"%s\"", iter, s, s2);
        }
        char *s2 = odp_flow_to_string(&key2, &mask2);
        assert_string_equal(s, s2);
        free(s);
        free(s2);
    }
}

/* Actions. */

static void
check_actions_roundtrip(const char *s)
{
    struct buffer b;
    buffer_init(&b, 0);
    char *error = odp_actions_from_string(s, &b);
    if (error) {
        fail_msg("\"%s\": %s", s, error);
    }
    check_valid(b.data, b.size);
    char *printed = odp_actions_to_string(b.data, b.size);
    if (strcmp(printed, s)) {
        fail_msg("\"%s\" printed as \"%s\"", s, printed);
    }
    free(printed);
    buffer_uninit(&b);
}

static void
test_actions_canonical(void **state)
{
    static const char *const lists[] = {
        "drop",
        "1",
        "1,2,3",
        "4294967295",
        "push_vlan(vid=12,pcp=0)",
        "push_vlan(tpid=0x88a8,vid=13,pcp=5)",
        "push_vlan(vid=4095,pcp=7,dei=1)",
        "pop_vlan",
        "pop_vlan,pop_vlan,2",
        "set(eth(src=00:01:02:03:04:05,dst=10:11:12:13:14:15))",
        "set(eth(src=00:01:02:03:04:05,dst=10:11:12:00:00:00/"
        "ff:ff:ff:00:00:00))",
        "set(eth(dst=10:11:12:13:14:15))",
        "set(eth())",
        "set(ipv4(src=35.8.2.41,dst=172.16.0.20,tos=0x80,ttl=128))",
        "set(ipv4(src=35.8.2.0/255.255.255.0,tos=0x80,ttl=128))",
        "set(ipv4(tos=0/0x3))",
        "set(ipv4(tos=0x80/0xfc))",
        "set(ipv4(ttl=63))",
        "set(ipv6(src=::1,dst=::2))",
        "set(ipv6(src=2001:db8::1,dst=2001:db8::2,label=0x12345,"
        "tclass=0x70,hlimit=128))",
        "set(ipv6(label=0/0xfff,tclass=0x70/0x70))",
        "set(tcp(src=80,dst=8080))",
        "set(tcp(src=0/0xff00,dst=8080))",
        "set(tcp(dst=8080))",
        "set(udp(src=81))",
        "set(sctp(src=82,dst=6633))",
        "recirc(0)",
        "recirc(0x1)",
        "clone(1)",
        "clone(drop)",
        "clone(clone(push_vlan(vid=12,pcp=0),2),1)",
        "sample(sample=9.7%,actions(1,2,3,push_vlan(vid=1,pcp=2)))",
        "sample(sample=0.0%,actions(1))",
        "sample(sample=100.0%,actions(drop))",
        "userspace(pid=0,userdata(01020304))",
        "userspace(pid=1234567)",
        "userspace(pid=1,userdata(000102030405060708090a0b0c0d0e0f"
        "101112131415161718191a1b1c1d1e1f))",
        "meter(0)",
        "meter(4294967295)",
        "hash(l4(0))",
        "hash(l4(77))",
        "trunc(100)",
        "trunc(100),1,2,drop",
        "1,clone(set(ipv4(ttl=1)),hash(l4(3)),recirc(0x2)),meter(7),"
        "userspace(pid=9,userdata(ff))",
    };

    for (size_t i = 0; i < ARRAY_SIZE(lists); i++) {
        check_actions_roundtrip(lists[i]);
    }
}

static void
test_actions_normalized(void **state)
{
    static const struct {
        const char *in;
        const char *out;
    } lists[] = {
        { "", "drop" },
        { "  ", "drop" },
        { " 1 , 2 ", "1,2" },
        { "0x10", "16" },
        { "hash(hash_l4(5))", "hash(l4(5))" },
        { "push_vlan(vid=13,pcp=5,cfi=1)", "push_vlan(vid=13,pcp=5)" },
        { "push_vlan(tpid=0x8100,vid=1,pcp=0)", "push_vlan(vid=1,pcp=0)" },
        { "push_vlan(pcp=2)", "push_vlan(vid=0,pcp=2)" },
        { "clone()", "clone(drop)" },
        { "recirc(16)", "recirc(0x10)" },
        { "sample(sample=50%,actions(1))",
          "sample(sample=50.0%,actions(1))" },
        { "sample(sample=33.33,actions())",
          "sample(sample=33.33%,actions(drop))" },
        { "set(ipv4(src=10.0.0.1/24))",
          "set(ipv4(src=10.0.0.0/255.255.255.0))" },
        { "set(ipv4(ttl=64/0xff,tos=0))", "set(ipv4(tos=0,ttl=64))" },
        { "set(ipv6(label=0xfffff/0xfffff))",
          "set(ipv6(label=0xfffff))" },
        { "set(tcp(src=1/0))", "set(tcp())" },
        { "userspace(userdata(0A0b),pid=3)",
          "userspace(pid=3,userdata(0a0b))" },
        { "userspace(pid=3,userdata())", "userspace(pid=3)" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(lists); i++) {
        struct buffer b;
        buffer_init(&b, 0);
        char *error = odp_actions_from_string(lists[i].in, &b);
        if (error) {
            fail_msg("\"%s\": %s", lists[i].in, error);
        }
        check_valid(b.data, b.size);
        char *s = odp_actions_to_string(b.data, b.size);
        if (strcmp(s, lists[i].out)) {
            fail_msg("\"%s\" printed as \"%s\", expected \"%s\"",
                     lists[i].in, s, lists[i].out);
        }
        free(s);
        buffer_uninit(&b);
        check_actions_roundtrip(lists[i].out);
    }
}

static void
test_actions_errors(void **state)
{
    char deep[256] = "";
    for (int i = 0; i <= ODP_ACTIONS_MAX_DEPTH; i++) {
        strcat(deep, "clone(");
    }
    strcat(deep, "1");
    for (int i = 0; i <= ODP_ACTIONS_MAX_DEPTH; i++) {
        strcat(deep, ")");
    }

    const struct {
        const char *in;
        const char *error;
    } cases[] = {
        { "foo", "unknown action \"foo\"" },
        { "1,foo(2)", "unknown action \"foo\"" },
        { "1,2,", "syntax error at end of input: expected a name" },
        { "1;2", "output to \"1;2\": invalid port \"1;2\"" },
        { "4294967296",
          "output to \"4294967296\": port 4294967296 is out of range "
          "0..4294967295" },
        { "drop,1", "drop must be the last action of its list" },
        { "clone(drop,1)", "drop must be the last action of its list" },
        { "pop_vlan(1)", "syntax error at \"(1)\": expected \",\" or the "
          "end" },
        { "push_vlan(vid=4096)",
          "push_vlan(vid=4096): value 4096 is out of range 0..4095" },
        { "push_vlan(pcp=8)",
          "push_vlan(pcp=8): value 8 is out of range 0..7" },
        { "push_vlan(tpid=0x9100,vid=1)",
          "push_vlan(tpid=0x9100): the TPID must be 0x8100 or 0x88a8" },
        { "push_vlan(vid=1/0xff)",
          "push_vlan(vid=1/0xff): a mask is not allowed here" },
        { "push_vlan(vid=1,vid=2)",
          "push_vlan(vid=2): field \"vid\" given twice" },
        { "set(ipv4(proto=6))",
          "ipv4(proto=6): field \"proto\" cannot be set" },
        { "set(ipv6(frag=no))",
          "ipv6(frag=no): field \"frag\" cannot be set" },
        { "set(vlan(vid=1))",
          "set(vlan(...)): cannot set \"vlan\" (the datapath sets eth, "
          "ipv4, ipv6, tcp, udp and sctp)" },
        { "set(ipv4(ttl=256))",
          "ipv4(ttl=256): value 256 is out of range 0..255" },
        { "set(tcp(src=80)", "syntax error at end of input: expected "
          "\")\"" },
        { "recirc(x)", "recirc(x): invalid value \"x\"" },
        { "recirc()", "recirc(): invalid value \"\"" },
        { "meter(1,2)", "syntax error at \",2)\": expected \")\"" },
        { "sample(sample=150%,actions(1))",
          "sample(sample=150%): invalid percentage \"150%\" (expected 0% "
          "to 100%)" },
        { "sample(sample=-1%,actions(1))",
          "sample(sample=-1%): invalid percentage \"-1%\" (expected 0% "
          "to 100%)" },
        { "sample(probability=5,actions(1))",
          "sample(probability...): expected \"sample=\"" },
        { "sample(sample=5%,1)",
          "sample(...,1...): expected \"actions(\"" },
        { "userspace(pid=1,userdata(0102x3))",
          "userspace(userdata(0102x3)): invalid hex digit" },
        { "userspace(pid=1,userdata(012))",
          "userspace(userdata(012)): expected an even number of hex "
          "digits for at most 32 bytes" },
        { "userspace(userdata(01))", "userspace(): pid is required" },
        { "userspace(pid=1,pid=2)", "userspace(): pid given twice" },
        { "userspace(pid=1,actions)",
          "userspace(actions...): \"actions\" is not supported (only pid "
          "and userdata)" },
        { "userspace(pid=x)", "userspace(pid=x): invalid value \"x\"" },
        { "hash(sym_l4(0))",
          "hash(sym_l4(...)): unsupported hash algorithm \"sym_l4\" (only "
          "l4)" },
        { "clone(1", "syntax error at end of input: expected \",\" or "
          "\")\"" },
        { deep, "clone(): actions nested more than 8 deep" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        /* A failed parse leaves what the buffer held. */
        struct buffer b;
        buffer_init(&b, 0);
        odp_put_output(&b, 99);
        char *error = odp_actions_from_string(cases[i].in, &b);
        if (!error) {
            fail_msg("\"%s\" parsed without error", cases[i].in);
        }
        if (strcmp(error, cases[i].error)) {
            fail_msg("\"%s\": got error \"%s\", expected \"%s\"",
                     cases[i].in, error, cases[i].error);
        }
        free(error);
        assert_int_equal(b.size, 8);
        assert_int_equal(odp_action_get_u32(b.data), 99);
        buffer_uninit(&b);
    }
}

static void
test_actions_encoding_from_text(void **state)
{
    struct buffer b;
    buffer_init(&b, 0);

    char *error = odp_actions_from_string(
        "set(ipv4(src=10.1.2.3,ttl=7/0xf)),sample(sample=50.0%,"
        "actions(userspace(pid=5,userdata(abcd))))", &b);
    assert_null(error);
    check_valid(b.data, b.size);

    const struct odp_action *a = b.data;
    assert_int_equal(odp_action_type(a), ODP_ACTION_SET_MASKED);
    const struct odp_set_masked *set = (const void *) a;
    assert_int_equal(set->group, ODP_SET_IPV4);
    const struct odp_key_ipv4 *value = odp_set_value(a);
    const struct odp_key_ipv4 *mask = odp_set_mask(a);
    assert_int_equal(ntohl(value->src), 0x0a010203);
    assert_int_equal(mask->src, 0xffffffff);
    assert_int_equal(value->ttl, 7);
    assert_int_equal(mask->ttl, 0xf);
    assert_int_equal(mask->dst, 0);
    assert_int_equal(mask->tos, 0);

    a = (const void *) ((const char *) a + a->len);
    assert_int_equal(odp_action_type(a), ODP_ACTION_SAMPLE);
    const struct odp_nested *sample = (const void *) a;
    assert_int_equal(sample->arg, UINT32_MAX / 2 + 1);
    const struct odp_userspace *u = (const void *) odp_nested_actions(a);
    assert_int_equal(odp_action_type(&u->hdr), ODP_ACTION_USERSPACE);
    assert_int_equal(u->pid, 5);
    assert_int_equal(u->cookie_size, 2);
    assert_int_equal(u->cookie[0], 0xab);
    assert_int_equal(u->cookie[1], 0xcd);
    assert_int_equal(odp_nested_size(a), 16);
    assert_int_equal((const char *) a + a->len,
                     (const char *) b.data + b.size);

    /* "drop" is an explicit drop action. */
    buffer_clear(&b);
    error = odp_actions_from_string("drop", &b);
    assert_null(error);
    assert_int_equal(b.size, 8);
    assert_int_equal(odp_action_type(b.data), ODP_ACTION_DROP);
    buffer_uninit(&b);

    /* Printing an invalid list says so. */
    memset(raw, 0, sizeof raw);
    raw_action(0, ODP_ACTION_OUTPUT, 16);
    char *s = odp_actions_to_string(raw, 16);
    assert_string_equal(s, "<invalid actions: action 1 (output) at offset "
                        "0: length 16 is not 8>");
    free(s);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builders_layout),
        cmocka_unit_test(test_set_masked_builder),
        cmocka_unit_test(test_nested_overflow),
        cmocka_unit_test(test_validate_rejects),
        cmocka_unit_test(test_for_each_is_safe),
        cmocka_unit_test(test_flow_canonical),
        cmocka_unit_test(test_flow_normalized),
        cmocka_unit_test(test_flow_vlan_mapping),
        cmocka_unit_test(test_flow_errors),
        cmocka_unit_test(test_flow_check),
        cmocka_unit_test(test_flow_random_roundtrip),
        cmocka_unit_test(test_actions_canonical),
        cmocka_unit_test(test_actions_normalized),
        cmocka_unit_test(test_actions_errors),
        cmocka_unit_test(test_actions_encoding_from_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
