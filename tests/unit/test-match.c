/* Unit tests for lib/match.c: the ovs-ofctl text syntax of matches.  The
 * expected texts are what ovs-ofctl 3.1 parse-flow prints for the same
 * input. */
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
check(const char *in, const char *out)
{
    struct match m, m2;
    char *error = match_parse(in, &m);
    char *text;

    assert_null(error);
    text = match_to_string(&m);
    assert_string_equal(text, out);
    /* The printed form parses back to the same match. */
    assert_null(match_parse(text, &m2));
    assert_true(match_equal(&m, &m2));
    free(text);
}

static void
test_format_like_ovs_ofctl(void **state SLUICE_UNUSED)
{
    check("tcp,in_port=1,nw_src=10.0.0.0/8,tp_dst=80,reg0=5/0xff,"
          "metadata=0x1,dl_vlan=10",
          "tcp,reg0=0x5/0xff,metadata=0x1,in_port=1,dl_vlan=10,"
          "nw_src=10.0.0.0/8,tp_dst=80");
    check("in_port=LOCAL,dl_src=00:11:22:33:44:55,"
          "dl_dst=01:00:00:00:00:00/01:00:00:00:00:00,udp6,"
          "ipv6_src=2001:db8::/32,tp_src=0x10/0xfff0,nw_tos=8,nw_ecn=2,"
          "nw_ttl=3,ip_frag=first,ipv6_label=5",
          "udp6,in_port=LOCAL,dl_src=00:11:22:33:44:55,"
          "dl_dst=01:00:00:00:00:00/01:00:00:00:00:00,"
          "ipv6_src=2001:db8::/32,ipv6_label=0x00005,nw_tos=8,nw_ecn=2,"
          "nw_ttl=3,nw_frag=first,tp_src=0x10/0xfff0");
    check("icmp6,icmp_type=135,nd_target=::1,nd_sll=00:00:00:00:00:01",
          "icmp6,icmp_type=135,nd_target=::1,nd_sll=00:00:00:00:00:01");
    check("tcp,tcp_flags=+syn-ack", "tcp,tcp_flags=+syn-ack");
    check("tcp,tcp_flags=syn|ack", "tcp,tcp_flags=syn|ack");
    check("vlan_tci=0x1000/0x1000,dl_vlan_pcp=3", "dl_vlan_pcp=3");
    check("vlan_tci=0", "vlan_tci=0x0000");
    check("dl_vlan=0xffff", "vlan_tci=0x0000");
    check("vlan_vid=0x1005,vlan_pcp=2", "dl_vlan=5,dl_vlan_pcp=2");
    check("vlan_vid=0x1000/0x1000", "vlan_tci=0x1000/0x1000");
    check("mpls,mpls_label=5,mpls_tc=1,mpls_bos=1,mpls_ttl=3",
          "mpls,mpls_label=5,mpls_tc=1,mpls_ttl=3,mpls_bos=1");
    check("arp,arp_op=1,arp_spa=1.2.3.4,arp_sha=00:00:00:00:00:01",
          "arp,arp_spa=1.2.3.4,arp_op=1,arp_sha=00:00:00:00:00:01");
    check("ip,ip_dscp=10", "ip,nw_tos=40");
    check("ip,nw_proto=47", "ip,nw_proto=47");
    check("dl_type=0x88cc", "dl_type=0x88cc");
    check("pkt_mark=0x5/0xf,icmp,icmp_type=8,icmp_code=0",
          "pkt_mark=0x5/0xf,icmp,icmp_type=8,icmp_code=0");
    check("ipv6,ipv6_dst=::1/::ffff", "ipv6,ipv6_dst=::1/::ffff");
    check("ip,nw_dst=10.1.0.1/255.0.255.255",
          "ip,nw_dst=10.0.0.1/255.0.255.255");
    check("in_port:5 ip", "ip,in_port=5");
    check("", "");
}

/* Like ovs-ofctl, fields whose prerequisites are missing are dropped. */
static void
test_normalization(void **state SLUICE_UNUSED)
{
    check("tp_dst=80", "");
    check("ip,tp_dst=80", "ip");
    check("nw_src=1.2.3.4", "");
    check("ip_dscp=10", "");

    struct match m;
    struct ds ds;
    ds_init(&ds);
    match_init_catchall(&m);
    assert_int_equal(match_parse_keyword(&m, "tp_dst", "80", NULL),
                     MATCH_PARSE_OK);
    assert_true(match_normalize_prereqs(&m, &ds));
    assert_string_equal(ds_cstr(&ds), "tp_dst=80");
    assert_true(match_is_catchall(&m));
    assert_false(match_normalize_prereqs(&m, NULL));
    ds_destroy(&ds);
}

static void
test_check_prereqs(void **state SLUICE_UNUSED)
{
    struct match m;
    char *error;

    match_init_catchall(&m);
    match_parse_keyword(&m, "tcp_dst", "80", NULL);
    error = match_check_prereqs(&m);
    assert_string_equal(error,
                        "tcp_dst: prerequisites not met (needs tcp or tcp6)");
    free(error);

    assert_null(match_parse("udp,tp_src=53", &m));
    assert_null(match_check_prereqs(&m));
    assert_null(match_parse("arp,nw_src=1.2.3.4", &m));
    assert_null(match_check_prereqs(&m));
}

static void
test_keywords(void **state SLUICE_UNUSED)
{
    struct match m;
    char *error = NULL;

    match_init_catchall(&m);
    assert_int_equal(match_parse_keyword(&m, "priority", "5", &error),
                     MATCH_PARSE_NOT_MATCH);
    assert_null(error);
    assert_true(match_is_catchall(&m));
    assert_int_equal(match_parse_keyword(&m, "nw_src", "1.2.3", &error),
                     MATCH_PARSE_ERROR);
    assert_string_equal(error, "1.2.3: invalid IP address");
    free(error);
    assert_int_equal(match_parse_keyword(&m, "tcp", "1", &error),
                     MATCH_PARSE_ERROR);
    free(error);
    /* A field without a value is wildcarded. */
    assert_int_equal(match_parse_keyword(&m, "reg1", "7", &error),
                     MATCH_PARSE_OK);
    assert_int_equal(match_parse_keyword(&m, "reg1", NULL, &error),
                     MATCH_PARSE_OK);
    assert_true(match_is_catchall(&m));

    error = match_parse("tcp,priority=5", &m);
    assert_string_equal(error, "priority: unknown field or protocol keyword");
    free(error);
    error = match_parse("eth_type=0x800/0xff00", &m);
    assert_string_equal(error, "0x800/0xff00: invalid mask for field "
                        "eth_type");
    free(error);
    error = match_parse("reg0=0x100000000", &m);
    assert_string_equal(error, "0x100000000: value too large for 4-byte "
                        "field reg0");
    free(error);
    error = match_parse("ip,ip_frag=sometimes", &m);
    assert_non_null(strstr(error, "unknown fragment type for ip_frag"));
    free(error);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_like_ovs_ofctl),
        cmocka_unit_test(test_normalization),
        cmocka_unit_test(test_check_prereqs),
        cmocka_unit_test(test_keywords),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
