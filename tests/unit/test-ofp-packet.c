/* Unit tests for lib/ofp-packet.c: packet-in and packet-out in OpenFlow
 * 1.0 to 1.5 and the Nicira forms.
 *
 * The expected bytes of each message were checked with the real
 * "ovs-ofctl ofp-print HEX" (Open vSwitch 3.1), and the packet-out bytes
 * are what the real "ovs-ofctl packet-out" sent to a fake switch; the
 * expected text is what ovs-ofctl printed after the "(xid=0x0):" label. */
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
#include "ofp-actions.h"
#include "ofp-errors.h"
#include "ofp-msgs.h"
#include "ofp-packet.h"
#include "openflow.h"
#include "packets.h"
#include "util.h"

/* An ICMP echo request, 10.0.0.1 to 10.0.0.2, 60 bytes. */
#define ICMP_PACKET                                                     \
    "50540000000250540000000108004500002e00000000400100000a0000010a"   \
    "0000020800f7ff00000000000000000000000000000000000000000000"

#define ICMP_SUMMARY                                                    \
    "icmp,vlan_tci=0x0000,dl_src=50:54:00:00:00:01,"                    \
    "dl_dst=50:54:00:00:00:02,nw_src=10.0.0.1,nw_dst=10.0.0.2,nw_tos=0," \
    "nw_ecn=0,nw_ttl=64,nw_frag=no,icmp_type=8,icmp_code=0 "             \
    "icmp_csum:f7ff\n"

/* Converts HEX (spaces ignored) to bytes in B (initialized here). */
static void
hex_to_buffer(const char *hex, struct buffer *b)
{
    buffer_init(b, strlen(hex) / 2);
    while (*hex) {
        if (*hex == ' ') {
            hex++;
            continue;
        }
        char byte[3] = { hex[0], hex[1], '\0' };
        uint8_t value = strtoul(byte, NULL, 16);
        buffer_put(b, &value, 1);
        hex += 2;
    }
}

/* Asserts that B holds the bytes of HEX (spaces ignored), printing both
 * when it does not. */
static void
assert_bytes(const struct buffer *b, const char *hex)
{
    struct buffer expected;
    hex_to_buffer(hex, &expected);
    if (b->size != expected.size || memcmp(b->data, expected.data, b->size)) {
        struct ds ds = DS_EMPTY_INITIALIZER;
        ds_put_hex(&ds, b->data, b->size);
        fail_msg("got      %s\nexpected %s", ds_cstr(&ds), hex);
    }
    buffer_uninit(&expected);
}

static struct buffer packet;

static int
setup_packet(void **state)
{
    (void) state;
    hex_to_buffer(ICMP_PACKET, &packet);
    return 0;
}

static int
teardown_packet(void **state)
{
    (void) state;
    buffer_uninit(&packet);
    return 0;
}

/* Packet-in. */

struct pin_case {
    enum ofp_version version;
    enum nx_packet_in_format format;
    const char *hex;            /* "P" stands for the packet, which
                                 * follows if there is no "P". */
    const char *text;           /* After the label; the summary follows. */
};

static void
make_pin(struct ofp_packet_in *pin, enum ofp_packet_in_reason reason,
         uint8_t table_id, be64 cookie, bool with_metadata)
{
    struct oflow flow;

    memset(&flow, 0, sizeof flow);
    flow.dp.in_port = 1;
    if (with_metadata) {
        flow.metadata = htonll(0x3);
        flow.regs[0] = 5;
        flow.pkt_mark = 0x7;
    }
    ofp_packet_in_init(pin, packet.data, packet.size, reason, table_id,
                       cookie, &flow);
}

static void
check_pin_case(const struct pin_case *c, const struct ofp_packet_in *pin)
{
    struct buffer *msg = ofp_encode_packet_in(pin, c->version, c->format);
    const char *p = strchr(c->hex, 'P');
    char *hex = (p
                 ? xasprintf("%.*s%s%s", (int) (p - c->hex), c->hex,
                             ICMP_PACKET, p + 1)
                 : xasprintf("%s%s", c->hex, ICMP_PACKET));
    assert_bytes(msg, hex);
    free(hex);

    struct ofp_packet_in decoded;
    struct ds ds = DS_EMPTY_INITIALIZER;
    assert_int_equal(ofp_decode_packet_in(&decoded, msg->data), 0);
    ofp_packet_in_format(&decoded, &ds);
    char *text = xasprintf("%s\n%s", c->text, ICMP_SUMMARY);
    assert_string_equal(ds_cstr(&ds), text);
    free(text);
    assert_int_equal(decoded.packet_len, packet.size);
    assert_memory_equal(decoded.packet, packet.data, packet.size);
    ds_destroy(&ds);
    buffer_delete(msg);
}

static void
test_packet_in_versions(void **state)
{
    static const struct pin_case cases[] = {
        { OFP10_VERSION, NXPIF_STANDARD,
          "010a004e00000000 ffffffff 003c 0001 01 00",
          " total_len=60 in_port=1 (via action) data_len=60 (unbuffered)" },
        { OFP11_VERSION, NXPIF_STANDARD,
          "020a005400000000 ffffffff 00000001 00000001 003c 01 01",
          " table_id=1 total_len=60 in_port=1 (via action) data_len=60"
          " (unbuffered)" },
        { OFP12_VERSION, NXPIF_STANDARD,
          "030a005e00000000 ffffffff 003c 01 01"
          " 0001000c 80000004 00000001 00000000 0000",
          " table_id=1 total_len=60 in_port=1 (via action) data_len=60"
          " (unbuffered)" },
        { OFP13_VERSION, NXPIF_STANDARD,
          "040a006600000000 ffffffff 003c 01 01 0000000000000005"
          " 0001000c 80000004 00000001 00000000 0000",
          " table_id=1 cookie=0x5 total_len=60 in_port=1 (via action)"
          " data_len=60 (unbuffered)" },
        { OFP14_VERSION, NXPIF_STANDARD,
          "050a006600000000 ffffffff 003c 04 01 0000000000000005"
          " 0001000c 80000004 00000001 00000000 0000",
          " table_id=1 cookie=0x5 total_len=60 in_port=1 (via group)"
          " data_len=60 (unbuffered)" },
        { OFP10_VERSION, NXPIF_NXT_PACKET_IN,
          "0104006e00000000 00002320 00000011 ffffffff 003c 01 01"
          " 0000000000000005 0006 000000000000"
          " 00000002 0001 0000 0000",
          " table_id=1 cookie=0x5 total_len=60 in_port=1 (via action)"
          " data_len=60 (unbuffered)" },
    };

    (void) state;
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct ofp_packet_in pin;
        make_pin(&pin, (cases[i].version == OFP14_VERSION ? OFPR_GROUP
                        : OFPR_ACTION), 1, htonll(5), false);
        check_pin_case(&cases[i], &pin);
    }
}

static void
test_packet_in_metadata(void **state)
{
    static const struct pin_case cases[] = {
        { OFP13_VERSION, NXPIF_STANDARD,
          "040a007e00000000 ffffffff 003c 00 00 0000000000000000"
          " 00010028 80000004 00000001 00010004 00000005 00014204 00000007"
          " 80000408 0000000000000003 0000",
          " cookie=0x0 total_len=60 pkt_mark=0x7,reg0=0x5,metadata=0x3,"
          "in_port=1 (via no_match) data_len=60 (unbuffered)" },
        { OFP10_VERSION, NXPIF_NXT_PACKET_IN,
          "0104008e00000000 00002320 00000011 ffffffff 003c 00 00"
          " 0000000000000000 0022 000000000000"
          " 00000002 0001 00010004 00000005 00014204 00000007"
          " 80000408 0000000000000003 000000000000 0000",
          " cookie=0x0 total_len=60 pkt_mark=0x7,reg0=0x5,metadata=0x3,"
          "in_port=1 (via no_match) data_len=60 (unbuffered)" },
        { OFP13_VERSION, NXPIF_NXT_PACKET_IN2,
          "0404009000000000 00002320 0000001e"
          " 0000 0040 P"
          " 0004 0010 00000000 0000000000000000"
          " 0005 0005 00 000000"
          " 0006 0028 80000004 00000001 80000408 0000000000000003"
          " 00010004 00000005 00014204 00000007",
          " cookie=0x0 total_len=60 pkt_mark=0x7,reg0=0x5,metadata=0x3,"
          "in_port=1 (via no_match) data_len=60 (unbuffered)" },
        { OFP10_VERSION, NXPIF_NXT_PACKET_IN2,
          "0104009000000000 00002320 0000001e"
          " 0000 0040 P"
          " 0004 0010 00000000 0000000000000000"
          " 0005 0005 00 000000"
          " 0006 0028 80000004 00000001 80000408 0000000000000003"
          " 00010004 00000005 00014204 00000007",
          " cookie=0x0 total_len=60 pkt_mark=0x7,reg0=0x5,metadata=0x3,"
          "in_port=1 (via no_match) data_len=60 (unbuffered)" },
    };

    (void) state;
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct ofp_packet_in pin;
        make_pin(&pin, OFPR_NO_MATCH, 0, htonll(0), true);
        check_pin_case(&cases[i], &pin);
    }
}

/* The packet summaries ovs-ofctl prints under a packet-in. */
static void
test_packet_summary(void **state)
{
    static const struct {
        const char *hex;
        const char *summary;
    } cases[] = {
        { "505400000002505400000001810020050800452e0028000000003f06"
          "0000c0a80101c0a8010204d20050000000010000000050122000abcd"
          "0000",
          "tcp,dl_vlan=5,dl_vlan_pcp=1,vlan_tci1=0x0000,"
          "dl_src=50:54:00:00:00:01,dl_dst=50:54:00:00:00:02,"
          "nw_src=192.168.1.1,nw_dst=192.168.1.2,nw_tos=44,nw_ecn=2,"
          "nw_ttl=63,nw_frag=no,tp_src=1234,tp_dst=80,tcp_flags=syn|ack "
          "tcp_csum:abcd\n" },
        { "50540000000250540000000108060001080006040001505400000001"
          "0a0000010000000000000a000002",
          "arp,vlan_tci=0x0000,dl_src=50:54:00:00:00:01,"
          "dl_dst=50:54:00:00:00:02,arp_spa=10.0.0.1,arp_tpa=10.0.0.2,"
          "arp_op=1,arp_sha=50:54:00:00:00:01,arp_tha=00:00:00:00:00:00\n" },
        { "50540000000250540000000186dd60000005000c114020010db80000"
          "0000000000000000000120010db80000000000000000000000020035"
          "14e9000c123461626364",
          "udp6,vlan_tci=0x0000,dl_src=50:54:00:00:00:01,"
          "dl_dst=50:54:00:00:00:02,ipv6_src=2001:db8::1,"
          "ipv6_dst=2001:db8::2,ipv6_label=0x00005,nw_tos=0,nw_ecn=0,"
          "nw_ttl=64,nw_frag=no,tp_src=53,tp_dst=5353 udp_csum:1234\n" },
    };

    (void) state;
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct buffer b;
        struct ds ds = DS_EMPTY_INITIALIZER;

        hex_to_buffer(cases[i].hex, &b);
        ofp_packet_summary(b.data, b.size, &ds);
        assert_string_equal(ds_cstr(&ds), cases[i].summary);
        ds_destroy(&ds);
        buffer_uninit(&b);
    }
}

/* Packet-out. */

/* Messages that the real "ovs-ofctl packet-out" sent (xid 2). */
static const struct {
    const char *hex;            /* "P" stands for the packet. */
    const char *text;           /* The first line, after the label. */
} po_cases[] = {
    { "010d005400000002 ffffffff 0001 0008 0000000800020000 P",
      " in_port=1 actions=output:2 data_len=60\n" },
    { "020d006400000002 ffffffff 00000001 0010 000000000000"
      " 0000001000000002 0000000000000000 P",
      " in_port=1 actions=output:2 data_len=60\n" },
    { "050d006400000002 ffffffff 00000001 0010 000000000000"
      " 0000001000000002 0000000000000000 P",
      " in_port=1 actions=output:2 data_len=60\n" },
    { "060d006c00000002 ffffffff 0010 0000"
      " 0001000c 80000004 00000001 00000000"
      " 0000001000000002 0000000000000000 P",
      " in_port=1 actions=output:2 data_len=60\n" },
    { "040d007c00000002 ffffffff fffffffe 0028 000000000000"
      " 0011000881000000 0019001080000c02 1005000000000000"
      " 00000010fffffffd 0080000000000000 P",
      " in_port=LOCAL actions=push_vlan:0x8100,set_field:4101->vlan_vid,"
      "CONTROLLER:128 data_len=60\n" },
    { "010d001000000002 00000005 0001 0000",
      " in_port=1 actions=drop buffer=0x00000005\n" },
};

static char *
expand_packet(const char *hex)
{
    const char *p = strchr(hex, 'P');
    return (p
            ? xasprintf("%.*s%s%s", (int) (p - hex), hex, ICMP_PACKET, p + 1)
            : xstrdup(hex));
}

static void
test_packet_out(void **state)
{
    (void) state;
    for (size_t i = 0; i < ARRAY_SIZE(po_cases); i++) {
        char *hex = expand_packet(po_cases[i].hex);
        struct ofp_packet_out po;
        struct buffer msg, ofpacts;
        struct ds ds = DS_EMPTY_INITIALIZER;

        hex_to_buffer(hex, &msg);
        buffer_init(&ofpacts, 64);
        assert_int_equal(ofp_decode_packet_out(&po, msg.data, &ofpacts), 0);
        ofp_packet_out_format(&po, &ds);
        char *text = xasprintf("%s%s", po_cases[i].text,
                               po.packet_len ? ICMP_SUMMARY : "");
        assert_string_equal(ds_cstr(&ds), text);
        free(text);
        assert_int_equal(ofp_packet_out_check_buffer(&po),
                         po.buffer_id == OFP_NO_BUFFER
                         ? 0 : OFPERR_OFPBRC_BUFFER_UNKNOWN);

        /* Encoding gives the same bytes back (but for the xid). */
        struct buffer *out = ofp_encode_packet_out(
            &po, ((const struct ofp_header *) msg.data)->version);
        ((struct ofp_header *) out->data)->xid = htonl(2);
        assert_bytes(out, hex);

        buffer_delete(out);
        ds_destroy(&ds);
        buffer_uninit(&ofpacts);
        buffer_uninit(&msg);
        free(hex);
    }
}

/* Packet-out and packet-in messages that must not decode. */
static void
test_decode_errors(void **state)
{
    static const struct {
        const char *hex;
        enum ofperr error;
    } po_errors[] = {
        /* Actions longer than the message. */
        { "010d001000000002 00000005 0001 0008", OFPERR_OFPBRC_BAD_LEN },
        /* in_port in the unusable range 0xff00 to 0xfff7. */
        { "010d001000000002 ffffffff ff00 0000", OFPERR_OFPBRC_BAD_PORT },
        { "040d001800000002 ffffffff ffffff00 0000 000000000000",
          OFPERR_OFPBRC_BAD_PORT },
        /* OpenFlow 1.5: no in_port, or a packet field in the match. */
        { "060d001800000002 ffffffff 0000 0000 00010004 00000000",
          OFPERR_OFPBRC_BAD_PORT },
        { "060d002800000002 ffffffff 0000 0000"
          " 00010012 80000004 00000001 80000a02 0800 000000000000",
          OFPERR_OFPBRC_PIPELINE_FIELDS_ONLY },
        /* An action of an unknown type. */
        { "010d001800000002 ffffffff 0001 0008 00ee000800000000",
          OFPERR_OFPBAC_BAD_TYPE },
        /* Not a packet-out. */
        { "010a001200000000 ffffffff 0000 0001 0000",
          OFPERR_OFPBRC_BAD_TYPE },
    };
    static const struct {
        const char *hex;
        enum ofperr error;
    } pin_errors[] = {
        /* Match length past the end. */
        { "040a002000000000 ffffffff 0000 0000 0000000000000000"
          " 00010018 80000004", OFPERR_OFPBMC_BAD_LEN },
        /* No padding after the match. */
        { "040a002800000000 ffffffff 0000 0000 0000000000000000"
          " 0001000c 80000004 00000001 00000000", OFPERR_OFPBRC_BAD_LEN },
        /* NXT_PACKET_IN whose NXM overruns the message. */
        { "0104002800000000 00002320 00000011 ffffffff 0000 0000"
          " 0000000000000000 0010 000000000000", OFPERR_OFPBRC_BAD_LEN },
        /* NXT_PACKET_IN2 without a packet, and with a bad reason. */
        { "0104001800000000 00002320 0000001e 0003 0005 01 000000",
          OFPERR_OFPBRC_BAD_PACKET },
        { "0104002000000000 00002320 0000001e 0000 0004 00000000"
          " 0005 0006 0000 0000", OFPERR_OFPBPC_BAD_LEN },
        /* Not a packet-in. */
        { "010d001000000002 00000005 0001 0000", OFPERR_OFPBRC_BAD_TYPE },
    };

    (void) state;
    for (size_t i = 0; i < ARRAY_SIZE(po_errors); i++) {
        struct ofp_packet_out po;
        struct buffer msg, ofpacts;

        hex_to_buffer(po_errors[i].hex, &msg);
        buffer_init(&ofpacts, 64);
        enum ofperr error = ofp_decode_packet_out(&po, msg.data, &ofpacts);
        if (error != po_errors[i].error) {
            fail_msg("packet-out %zu: got %s, expected %s", i,
                     ofperr_get_name(error),
                     ofperr_get_name(po_errors[i].error));
        }
        buffer_uninit(&ofpacts);
        buffer_uninit(&msg);
    }
    for (size_t i = 0; i < ARRAY_SIZE(pin_errors); i++) {
        struct ofp_packet_in pin;
        struct buffer msg;

        hex_to_buffer(pin_errors[i].hex, &msg);
        enum ofperr error = ofp_decode_packet_in(&pin, msg.data);
        if (error != pin_errors[i].error) {
            fail_msg("packet-in %zu: got %s, expected %s", i,
                     ofperr_get_name(error),
                     ofperr_get_name(pin_errors[i].error));
        }
        buffer_uninit(&msg);
    }
}

/* Reasons, truncation and the metadata that a packet-in carries. */
static void
test_packet_in_helpers(void **state)
{
    static const char *const names[] = {
        "no_match", "action", "invalid_ttl", "action_set", "group",
        "packet_out",
    };
    struct ofp_packet_in pin;
    struct oflow flow;

    (void) state;
    for (int i = 0; i < OFPR_N_REASONS; i++) {
        enum ofp_packet_in_reason reason;
        assert_string_equal(ofp_packet_in_reason_to_string(i), names[i]);
        assert_true(ofp_packet_in_reason_from_string(names[i], &reason));
        assert_int_equal(reason, i);
    }
    assert_null(ofp_packet_in_reason_to_string(OFPR_N_REASONS));
    assert_false(ofp_packet_in_reason_from_string("miss", &(enum
                                                  ofp_packet_in_reason) {0}));

    assert_int_equal(ofp_packet_in_truncated_len(60, 0xffff), 60);
    assert_int_equal(ofp_packet_in_truncated_len(60, 128), 60);
    assert_int_equal(ofp_packet_in_truncated_len(1500, 128), 128);
    assert_int_equal(ofp_packet_in_truncated_len(60, 0), 0);

    /* in_port always, other fields only when nonzero. */
    memset(&flow, 0, sizeof flow);
    flow.dp.in_port = 0;
    flow.regs[3] = 9;
    ofp_packet_in_set_metadata(&pin, &flow);
    char *s = match_to_string(&pin.flow_metadata);
    assert_string_equal(s, "reg3=0x9,in_port=0");
    free(s);
    assert_int_equal(ofp_packet_in_get_in_port(&pin), 0);

    /* A truncated, buffered packet-in prints both lengths. */
    make_pin(&pin, OFPR_INVALID_TTL, 0, htonll(UINT64_MAX), false);
    pin.packet_len = 14;
    pin.buffer_id = 0x10;
    struct buffer *msg = ofp_encode_packet_in(&pin, OFP10_VERSION,
                                              NXPIF_STANDARD);
    struct ofp_packet_in decoded;
    struct ds ds = DS_EMPTY_INITIALIZER;
    assert_int_equal(ofp_decode_packet_in(&decoded, msg->data), 0);
    ofp_packet_in_format(&decoded, &ds);
    assert_string_equal(ds_cstr(&ds),
                        " total_len=60 in_port=1 (via invalid_ttl)"
                        " data_len=14 buffer=0x00000010\n"
                        "ip,vlan_tci=0x0000,dl_src=50:54:00:00:00:01,"
                        "dl_dst=50:54:00:00:00:02,nw_src=0.0.0.0,"
                        "nw_dst=0.0.0.0,nw_proto=0,nw_tos=0,nw_ecn=0,"
                        "nw_ttl=0,nw_frag=no\n");
    ds_destroy(&ds);
    buffer_delete(msg);
}

/* The text form that "ovs-ofctl packet-out" takes. */
static void
test_parse_packet_out(void **state SLUICE_UNUSED)
{
    struct ofp_packet_out po;
    struct buffer pkt, ofpacts;
    char *error;

    buffer_init(&pkt, 0);
    buffer_init(&ofpacts, 0);
    error = ofp_parse_packet_out("in_port=3,packet=0a0b 0c,"
                                 "actions=output:2,output:4",
                                 &po, &pkt, &ofpacts);
    assert_null(error);
    assert_int_equal(ofp_packet_out_get_in_port(&po), 3);
    assert_int_equal(po.packet_len, 3);
    assert_memory_equal(po.packet, "\x0a\x0b\x0c", 3);
    assert_int_equal(po.buffer_id, OFP_NO_BUFFER);
    assert_true(ofpacts_output_to(po.ofpacts, po.ofpacts_len, 4, OFPG_ANY));

    /* Defaults: in_port CONTROLLER, no actions (drop). */
    buffer_clear(&pkt);
    buffer_clear(&ofpacts);
    error = ofp_parse_packet_out("packet=ff", &po, &pkt, &ofpacts);
    assert_null(error);
    assert_int_equal(ofp_packet_out_get_in_port(&po), OFPP_CONTROLLER);
    assert_int_equal(po.ofpacts_len, 0);

    static const struct {
        const char *s;
        const char *error;
    } bad[] = {
        { "in_port=1,actions=drop", "must specify packet" },
        { "packet=abc,actions=drop", "packet: Trailing garbage in packet data" },
        { "packet=zz", "packet: Trailing garbage in packet data" },
        { "in_port=x,packet=00", "x is not a valid OpenFlow port" },
        { "in_port,packet=00", "in_port: field requires a value" },
        { "tun_id=1,packet=00", "tun_id: unknown packet-out field (in_port, "
                                "packet, actions)" },
    };
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        buffer_clear(&pkt);
        buffer_clear(&ofpacts);
        error = ofp_parse_packet_out(bad[i].s, &po, &pkt, &ofpacts);
        assert_non_null(error);
        assert_string_equal(error, bad[i].error);
        free(error);
    }
    buffer_uninit(&pkt);
    buffer_uninit(&ofpacts);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_packet_in_versions),
        cmocka_unit_test(test_packet_in_metadata),
        cmocka_unit_test(test_packet_summary),
        cmocka_unit_test(test_packet_out),
        cmocka_unit_test(test_parse_packet_out),
        cmocka_unit_test(test_decode_errors),
        cmocka_unit_test(test_packet_in_helpers),
    };
    return cmocka_run_group_tests(tests, setup_packet, teardown_packet);
}
