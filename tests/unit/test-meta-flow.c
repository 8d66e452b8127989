/* Unit tests for lib/meta-flow.c: the field registry, values, masks and
 * subfields. */
#include <config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "dynamic-string.h"
#include "match.h"
#include "meta-flow.h"
#include "util.h"

static void
test_names(void **state SLUICE_UNUSED)
{
    static const struct {
        const char *name;
        enum mf_field_id id;
    } names[] = {
        { "ip_dst", MFF_IPV4_DST }, { "nw_dst", MFF_IPV4_DST },
        { "NXM_OF_IP_DST", MFF_IPV4_DST }, { "OXM_OF_IPV4_DST", MFF_IPV4_DST },
        { "reg0", MFF_REG0 }, { "NXM_NX_REG15", MFF_REG15 },
        { "xreg7", MFF_XREG7 }, { "OXM_OF_PKT_REG3", MFF_XREG3 },
        { "xxreg3", MFF_XXREG3 }, { "in_port_oxm", MFF_IN_PORT },
        { "nw_tos", MFF_IP_DSCP }, { "ip_dscp", MFF_IP_DSCP_SHIFTED },
        { "tp_src", MFF_TCP_SRC }, { "dl_type", MFF_ETH_TYPE },
        { "nd_sll", MFF_ND_SLL }, { "OXM_OF_IPV6_ND_TLL", MFF_ND_TLL },
    };
    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        const struct mf_field *f = mf_from_name(names[i].name);
        assert_non_null(f);
        assert_int_equal(f->id, names[i].id);
    }
    assert_null(mf_from_name("no_such_field"));
    for (int id = 0; id < MFF_N_IDS; id++) {
        const struct mf_field *f = mf_from_id(id);
        assert_int_equal(f->id, id);
        assert_ptr_equal(mf_from_name(f->name), f);
    }
}

/* Setting each field in a match and reading it back gives the value and
 * mask, and wildcarding it clears the match. */
static void
test_set_get_every_field(void **state SLUICE_UNUSED)
{
    for (int id = 0; id < MFF_N_IDS; id++) {
        const struct mf_field *f = mf_from_id(id);
        union mf_value v, m, v2, m2;
        struct match match;

        memset(&v, 0, sizeof v);
        for (size_t i = 0; i < f->n_bytes; i++) {
            v.b[i] = 0xa5 ^ (i * 17);
        }
        /* Make the value valid: clear bits above n_bits. */
        for (unsigned int i = 0; i < f->n_bytes * 8 - f->n_bits; i++) {
            v.b[i / 8] &= ~(0x80 >> (i % 8));
        }
        if (id == MFF_IP_DSCP) {
            v.u8 &= 0xfc;
        } else if (id == MFF_VLAN_VID) {
            v.be16 |= htons(0x1000);
        } else if (id == MFF_ARP_OP) {
            v.be16 &= htons(0xff);
        } else if (id == MFF_TCP_FLAGS) {
            v.be16 &= htons(0xfff);
        }
        assert_true(mf_is_value_valid(f, &v));

        match_init_catchall(&match);
        mf_set(f, &v, NULL, &match);
        mf_get_value(f, &match.flow, &v2);
        mf_get_mask(f, &match, &m2);
        assert_memory_equal(&v2, &v, f->n_bytes);
        if (id != MFF_TCP_FLAGS) {
            memset(&m, 0xff, sizeof m);
            assert_memory_equal(&m2, &m, f->n_bytes);
        }
        assert_false(mf_is_all_wild(f, &match));
        mf_set_wild(f, &match);
        assert_true(match_is_catchall(&match));
    }
}

static void
check_parse_format(const char *field, const char *in, const char *out)
{
    const struct mf_field *f = mf_from_name(field);
    union mf_value v, m;
    struct ds ds;

    assert_null(mf_parse(f, in, &v, &m));
    ds_init(&ds);
    mf_format(f, &v, &m, &ds);
    assert_string_equal(ds_cstr(&ds), out);
    ds_destroy(&ds);
}

static void
test_parse_format(void **state SLUICE_UNUSED)
{
    check_parse_format("nw_src", "10.0.0.0/8", "10.0.0.0/8");
    check_parse_format("nw_src", "10.0.0.0/255.255.0.0", "10.0.0.0/16");
    check_parse_format("nw_src", "10.0.0.1/0.255.0.255", "10.0.0.1/0.255.0.255");
    check_parse_format("ipv6_src", "2001:db8::/32", "2001:db8::/32");
    check_parse_format("in_port", "LOCAL", "LOCAL");
    check_parse_format("in_port", "65534", "LOCAL");
    check_parse_format("in_port", "controller", "CONTROLLER");
    check_parse_format("in_port", "17", "17");
    check_parse_format("ip_frag", "later", "later");
    check_parse_format("ip_frag", "not_later", "not_later");
    check_parse_format("tcp_flags", "+syn-ack", "+syn-ack");
    check_parse_format("tcp_flags", "syn|ack", "syn|ack");
    check_parse_format("tcp_flags", "0x012/0x0ff", "-fin+syn-rst-psh+ack"
                       "-urg-ece-cwr");
    check_parse_format("metadata", "0x1/0xff", "0x1/0xff");
    check_parse_format("metadata", "10", "0xa");
    check_parse_format("xxreg1", "0x112233445566778899aabbccddeeff00",
                       "0x112233445566778899aabbccddeeff00");
    check_parse_format("eth_type", "0x0800", "0x800");
    check_parse_format("dl_dst", "01:00:00:00:00:00/01:00:00:00:00:00",
                       "01:00:00:00:00:00/01:00:00:00:00:00");
    check_parse_format("tp_dst", "0x10/0xfff0", "16/0xfff0");
}

static void
check_parse_error(const char *field, const char *in, const char *error)
{
    union mf_value v, m;
    char *e = mf_parse(mf_from_name(field), in, &v, &m);
    assert_non_null(e);
    assert_string_equal(e, error);
    free(e);
}

static void
test_parse_errors(void **state SLUICE_UNUSED)
{
    check_parse_error("nw_proto", "6/0xf", "6/0xf: invalid mask for field "
                      "nw_proto");
    check_parse_error("reg0", "x", "x: bad syntax for reg0");
    check_parse_error("vlan_pcp", "9", "9: value out of range for field "
                      "vlan_pcp");
    check_parse_error("in_port", "0xffffff01",
                      "0xffffff01: port value out of range for in_port");
    check_parse_error("nw_src", "10.0.0.0/33", "10.0.0.0/33: IP prefix "
                      "length must be between 0 and 32");
    check_parse_error("tcp_flags", "+syn-bogus",
                      "bogus: unknown TCP flag for tcp_flags");
    check_parse_error("dl_src", "00:11:22", "00:11:22: invalid Ethernet "
                      "address for eth_src");
}

static void
test_subfields(void **state SLUICE_UNUSED)
{
    struct mf_subfield sf;
    const char *s;
    struct ds ds;
    char *error;

    ds_init(&ds);
    s = "NXM_NX_REG0[0..15]->x";
    assert_null(mf_parse_subfield(&sf, &s));
    assert_string_equal(s, "->x");
    assert_int_equal(sf.field->id, MFF_REG0);
    assert_int_equal(sf.ofs, 0);
    assert_int_equal(sf.n_bits, 16);
    mf_format_subfield(&sf, &ds);
    assert_string_equal(ds_cstr(&ds), "NXM_NX_REG0[0..15]");

    s = "eth_dst[]";
    assert_null(mf_parse_subfield(&sf, &s));
    ds_clear(&ds);
    mf_format_subfield(&sf, &ds);
    assert_string_equal(ds_cstr(&ds), "NXM_OF_ETH_DST[]");

    s = "reg5[5]";
    assert_null(mf_parse_subfield(&sf, &s));
    ds_clear(&ds);
    mf_format_subfield(&sf, &ds);
    assert_string_equal(ds_cstr(&ds), "NXM_NX_REG5[5]");

    s = "metadata[60..63]";
    assert_null(mf_parse_subfield(&sf, &s));
    ds_clear(&ds);
    mf_format_subfield(&sf, &ds);
    assert_string_equal(ds_cstr(&ds), "OXM_OF_METADATA[60..63]");

    s = "reg0[5..40]";
    error = mf_parse_subfield(&sf, &s);
    assert_string_equal(error, "reg0[5..40]: ending bit 40 is not valid "
                        "because field is only 32 bits wide");
    free(error);
    s = "bogus[]";
    error = mf_parse_subfield(&sf, &s);
    assert_string_equal(error, "bogus[]: unknown field `bogus'");
    free(error);
    s = "reg0[x]";
    error = mf_parse_subfield(&sf, &s);
    assert_non_null(error);
    free(error);
    ds_destroy(&ds);

    /* Reading and writing bits. */
    struct match match;
    union mf_subvalue sv;
    match_init_catchall(&match);
    s = "reg1[4..11]";
    assert_null(mf_parse_subfield(&sf, &s));
    memset(&sv, 0, sizeof sv);
    sv.u8[15] = 0xab;
    mf_write_subfield(&sf, &sv, &match);
    assert_int_equal(match.flow.regs[1], 0xab0);
    assert_int_equal(match.mask.regs[1], 0xff0);
    mf_write_subfield_flow(&sf, &sv, &match.flow);
    mf_read_subfield(&sf, &match.flow, &sv);
    assert_int_equal(sv.u8[15], 0xab);
    assert_int_equal(sv.u8[14], 0);

    /* A subfield of a 128-bit register spans words. */
    s = "xxreg0[60..67]";
    assert_null(mf_parse_subfield(&sf, &s));
    sv.u8[15] = 0xff;
    struct oflow flow;
    memset(&flow, 0, sizeof flow);
    mf_write_subfield_flow(&sf, &sv, &flow);
    assert_int_equal(flow.regs[1], 0xf);
    assert_int_equal(flow.regs[2], 0xf0000000);
    assert_int_equal(flow.regs[3], 0);
}

static void
test_prereqs(void **state SLUICE_UNUSED)
{
    struct match m;
    struct oflow mask;

    assert_null(match_parse("icmp6,icmp_type=136", &m));
    assert_true(mf_are_prereqs_ok(mf_from_id(MFF_ND_TLL), &m.flow));
    assert_false(mf_are_prereqs_ok(mf_from_id(MFF_ND_SLL), &m.flow));
    assert_true(mf_are_match_prereqs_ok(mf_from_id(MFF_ND_TARGET), &m));
    assert_false(mf_are_prereqs_ok(mf_from_id(MFF_TCP_DST), &m.flow));

    memset(&mask, 0, sizeof mask);
    mf_mask_field_and_prereqs(mf_from_id(MFF_TCP_DST), &mask);
    assert_true(mask.dp.tp_dst == htons(0xffff));
    assert_int_equal(mask.dp.nw_proto, 0xff);
    assert_true(mask.dp.dl_type == htons(0xffff));
    assert_true(mask.dp.tp_src == 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_set_get_every_field),
        cmocka_unit_test(test_parse_format),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_subfields),
        cmocka_unit_test(test_prereqs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
