/* Unit tests for lib/ofp-port.c: port descriptions, port-status,
 * port-mod and port statistics in OpenFlow 1.0 to 1.5, and of
 * lib/ofp-queue.c: queue statistics and get-config requests.
 *
 * The expected bytes of each message were checked with the real
 * "ovs-ofctl ofp-print HEX" (Open vSwitch 3.1), and the expected text is
 * what it printed after the message's "(xid=0x0):" label. */
#include <config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "buffer.h"
#include "dynamic-string.h"
#include "ofp-errors.h"
#include "ofp-msgs.h"
#include "ofp-port.h"
#include "ofp-queue.h"
#include "openflow.h"
#include "packets.h"
#include "util.h"

/* Message framing, which ofp-msgs owns; the tests build it by hand. */

#define OFPT_FEATURES_REPLY 6
#define OFPT_PORT_STATUS 12
#define OFPT10_PORT_MOD 15
#define OFPT11_PORT_MOD 16
#define OFPST_PORT 4
#define OFPST_PORT_DESC 13

static uint8_t
stats_request_type(enum ofp_version version)
{
    return version == OFP10_VERSION ? 16 : 18;
}

static uint8_t
stats_reply_type(enum ofp_version version)
{
    return version == OFP10_VERSION ? 17 : 19;
}

static void
put_header(struct buffer *b, enum ofp_version version, uint8_t type)
{
    struct ofp_header *oh = buffer_put_zeros(b, sizeof *oh);
    oh->version = version;
    oh->type = type;
}

static void
put_mp_header(struct buffer *b, enum ofp_version version, uint8_t type,
              uint16_t mp_type)
{
    put_header(b, version, type);
    put_unaligned_be16(buffer_put_zeros(b, version == OFP10_VERSION ? 4 : 8),
                       htons(mp_type));
}

static size_t
mp_header_size(enum ofp_version version)
{
    return version == OFP10_VERSION ? 12 : 16;
}

static void
finish(struct buffer *b)
{
    struct ofp_header *oh = b->data;
    oh->length = htons(b->size);
}

/* Asserts that B holds exactly the bytes that HEX spells. */
static void
assert_hex(const struct buffer *b, const char *hex)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    ds_put_hex(&s, b->data, b->size);
    if (strcmp(ds_cstr(&s), hex)) {
        /* The whole of it: cmocka cuts long strings short. */
        fprintf(stderr, "actual bytes: %s\n", ds_cstr(&s));
    }
    assert_string_equal(ds_cstr(&s), hex);
    ds_destroy(&s);
}

/* Makes B a read-only view of the body of the message that HEX spells,
 * after HEADER_SIZE bytes of headers; STORAGE holds the bytes. */
static void
body_from_hex(struct buffer *b, uint8_t *storage, size_t size,
              const char *hex, size_t header_size)
{
    size_t n = strlen(hex) / 2;
    assert_true(n <= size);
    for (size_t i = 0; i < n; i++) {
        unsigned int byte;
        assert_int_equal(sscanf(hex + 2 * i, "%2x", &byte), 1);
        storage[i] = byte;
    }
    assert_true(n >= header_size);
    buffer_use_const(b, storage + header_size, n - header_size);
}

/* Asserts that S, without a final newline, is EXPECTED, and clears S. */
static void
assert_text(struct ds *s, const char *expected)
{
    ds_chomp(s, '\n');
    assert_string_equal(ds_cstr(s), expected);
    ds_clear(s);
}

static const struct eth_addr mac = ETH_ADDR_C(aa, bb, cc, dd, ee, ff);

/* A port with bits that some versions lack: NO_FLOOD and the STP state
 * (1.0 only), LIVE and 40GB-FD (1.1 and later). */
static struct ofp_port_desc
sample_port(void)
{
    struct ofp_port_desc port = {
        .port_no = 1,
        .hw_addr = mac,
        .name = "eth0",
        .config = OFP_PC_PORT_DOWN | OFP_PC_NO_RECV | OFP_PC_NO_FLOOD,
        .state = OFP_PS_LINK_DOWN | OFP_PS_LIVE | OFP_PS_STP_FORWARD,
        .curr = OFP_PF_10GB_FD | OFP_PF_COPPER | OFP_PF_AUTONEG,
        .advertised = OFP_PF_1GB_FD | OFP_PF_10GB_FD | OFP_PF_40GB_FD,
        .supported = (OFP_PF_1GB_FD | OFP_PF_10GB_FD | OFP_PF_40GB_FD
                      | OFP_PF_PAUSE),
        .peer = 0,
        .curr_speed = 10000000,
        .max_speed = 40000000,
    };
    return port;
}

/* Port-status of sample_port() in each version. */
static const struct {
    enum ofp_version version;
    enum ofp_port_reason reason;
    const char *hex;
    const char *text;
} port_status_cases[] = {
    { OFP10_VERSION, OFP_PR_ADD,
      "010c004000000000"
      "0000000000000000"
      "0001aabbccddeeff657468300000000000000000000000000000001500000201"
      "000002c0000000600000046000000000",
      " ADD: 1(eth0): addr:aa:bb:cc:dd:ee:ff\n"
      "     config:     PORT_DOWN NO_RECV NO_FLOOD\n"
      "     state:      STP_FORWARDLINK_DOWN\n"
      "     current:    10GB-FD COPPER AUTO_NEG\n"
      "     advertised: 1GB-FD 10GB-FD\n"
      "     supported:  1GB-FD 10GB-FD AUTO_PAUSE\n"
      "     speed: 10000 Mbps now, 10000 Mbps max" },
    { OFP11_VERSION, OFP_PR_DELETE,
      "020c005000000000"
      "0100000000000000"
      "0000000100000000aabbccddeeff000065746830000000000000000000000000"
      "000000050000000500002840000000e0000040e0000000000098968002625a00",
      " DEL: 1(eth0): addr:aa:bb:cc:dd:ee:ff\n"
      "     config:     PORT_DOWN NO_RECV\n"
      "     state:      LINK_DOWN LIVE\n"
      "     current:    10GB-FD COPPER AUTO_NEG\n"
      "     advertised: 1GB-FD 10GB-FD 40GB-FD\n"
      "     supported:  1GB-FD 10GB-FD 40GB-FD AUTO_PAUSE\n"
      "     speed: 10000 Mbps now, 40000 Mbps max" },
    { OFP13_VERSION, OFP_PR_MODIFY,
      "040c005000000000"
      "0200000000000000"
      "0000000100000000aabbccddeeff000065746830000000000000000000000000"
      "000000050000000500002840000000e0000040e0000000000098968002625a00",
      " MOD: 1(eth0): addr:aa:bb:cc:dd:ee:ff\n"
      "     config:     PORT_DOWN NO_RECV\n"
      "     state:      LINK_DOWN LIVE\n"
      "     current:    10GB-FD COPPER AUTO_NEG\n"
      "     advertised: 1GB-FD 10GB-FD 40GB-FD\n"
      "     supported:  1GB-FD 10GB-FD 40GB-FD AUTO_PAUSE\n"
      "     speed: 10000 Mbps now, 40000 Mbps max" },
    { OFP14_VERSION, OFP_PR_ADD,
      "050c005800000000"
      "0000000000000000"
      "0000000100480000aabbccddeeff000065746830000000000000000000000000"
      "0000000500000005000000200000000000002840000000e0000040e000000000"
      "0098968002625a00",
      " ADD: 1(eth0): addr:aa:bb:cc:dd:ee:ff\n"
      "     config:     PORT_DOWN NO_RECV\n"
      "     state:      LINK_DOWN LIVE\n"
      "     current:    10GB-FD COPPER AUTO_NEG\n"
      "     advertised: 1GB-FD 10GB-FD 40GB-FD\n"
      "     supported:  1GB-FD 10GB-FD 40GB-FD AUTO_PAUSE\n"
      "     speed: 10000 Mbps now, 40000 Mbps max" },
    { OFP15_VERSION, OFP_PR_ADD,
      "060c005800000000"
      "0000000000000000"
      "0000000100480000aabbccddeeff000065746830000000000000000000000000"
      "0000000500000005000000200000000000002840000000e0000040e000000000"
      "0098968002625a00",
      " ADD: 1(eth0): addr:aa:bb:cc:dd:ee:ff\n"
      "     config:     PORT_DOWN NO_RECV\n"
      "     state:      LINK_DOWN LIVE\n"
      "     current:    10GB-FD COPPER AUTO_NEG\n"
      "     advertised: 1GB-FD 10GB-FD 40GB-FD\n"
      "     supported:  1GB-FD 10GB-FD 40GB-FD AUTO_PAUSE\n"
      "     speed: 10000 Mbps now, 40000 Mbps max" },
};

static void
test_port_status(void **state SLUICE_UNUSED)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    for (size_t i = 0; i < ARRAY_SIZE(port_status_cases); i++) {
        enum ofp_version version = port_status_cases[i].version;
        struct ofp_port_status ps = {
            .reason = port_status_cases[i].reason,
            .desc = sample_port(),
        };
        struct buffer b;
        buffer_init(&b, 0);
        put_header(&b, version, OFPT_PORT_STATUS);
        ofp_port_status_encode(&ps, version, &b);
        finish(&b);
        assert_hex(&b, port_status_cases[i].hex);

        /* Decoding gives back what the version can carry. */
        struct ofp_port_status decoded;
        buffer_pull(&b, sizeof(struct ofp_header));
        assert_int_equal(ofp_port_status_decode(&b, version, &decoded), 0);
        assert_int_equal(b.size, 0);
        assert_int_equal(decoded.reason, ps.reason);
        assert_int_equal(decoded.desc.port_no, 1);
        assert_string_equal(decoded.desc.name, "eth0");
        assert_true(eth_addr_equals(decoded.desc.hw_addr, mac));
        if (version == OFP10_VERSION) {
            assert_int_equal(decoded.desc.config, 0x15);
            assert_int_equal(decoded.desc.state,
                             OFP_PS_LINK_DOWN | OFP_PS_STP_FORWARD);
            assert_int_equal(decoded.desc.advertised,
                             OFP_PF_1GB_FD | OFP_PF_10GB_FD);
            assert_int_equal(decoded.desc.max_speed, 10000000);
        } else {
            assert_int_equal(decoded.desc.config, 0x05);
            assert_int_equal(decoded.desc.state,
                             OFP_PS_LINK_DOWN | OFP_PS_LIVE);
            assert_int_equal(decoded.desc.advertised,
                             ps.desc.advertised);
            assert_int_equal(decoded.desc.supported, ps.desc.supported);
            assert_int_equal(decoded.desc.max_speed, 40000000);
        }
        assert_int_equal(decoded.desc.curr, ps.desc.curr);
        assert_int_equal(decoded.desc.curr_speed, 10000000);

        ofp_port_status_format(&s, &decoded);
        assert_text(&s, port_status_cases[i].text);
        buffer_uninit(&b);
    }
    ds_destroy(&s);
}

static void
test_port_status_errors(void **state SLUICE_UNUSED)
{
    struct ofp_port_desc port = sample_port();
    struct ofp_port_status ps;
    struct buffer b, view;

    /* A bad reason. */
    buffer_init(&b, 0);
    struct ofp_port_status bad = { .reason = OFP_PR_MODIFY, .desc = port };
    ofp_port_status_encode(&bad, OFP13_VERSION, &b);
    ((uint8_t *) b.data)[0] = 3;
    buffer_use_const(&view, b.data, b.size);
    assert_int_equal(ofp_port_status_decode(&view, OFP13_VERSION, &ps),
                     OFPERR_NXBRC_BAD_REASON);

    /* Truncated, too long, and missing the port. */
    ((uint8_t *) b.data)[0] = 0;
    buffer_use_const(&view, b.data, b.size - 1);
    assert_int_equal(ofp_port_status_decode(&view, OFP13_VERSION, &ps),
                     OFPERR_OFPBRC_BAD_LEN);
    buffer_put_zeros(&b, 8);
    buffer_use_const(&view, b.data, b.size);
    assert_int_equal(ofp_port_status_decode(&view, OFP13_VERSION, &ps),
                     OFPERR_OFPBRC_BAD_LEN);
    buffer_use_const(&view, b.data, 8);
    assert_int_equal(ofp_port_status_decode(&view, OFP13_VERSION, &ps),
                     OFPERR_OFPBRC_BAD_LEN);
    buffer_use_const(&view, b.data, 7);
    assert_int_equal(ofp_port_status_decode(&view, OFP13_VERSION, &ps),
                     OFPERR_OFPBRC_BAD_LEN);
    buffer_uninit(&b);
}

static void
test_port_desc_14_errors(void **state SLUICE_UNUSED)
{
    struct ofp_port_desc port = sample_port(), decoded;
    struct buffer b, view;

    buffer_init(&b, 0);
    ofp_port_desc_encode(&port, OFP14_VERSION, &b);
    assert_int_equal(b.size, ofp_port_desc_size(OFP14_VERSION));
    uint8_t *p = b.data;

    /* The length says more than there is, or less than the fixed part,
     * or is not a multiple of 8. */
    buffer_use_const(&view, b.data, b.size - 8);
    assert_int_equal(ofp_port_desc_pull(&view, OFP14_VERSION, &decoded),
                     OFPERR_OFPBRC_BAD_LEN);
    p[5] = 32;
    buffer_use_const(&view, b.data, b.size);
    assert_int_equal(ofp_port_desc_pull(&view, OFP14_VERSION, &decoded),
                     OFPERR_OFPBRC_BAD_LEN);
    p[5] = 71;
    buffer_use_const(&view, b.data, b.size);
    assert_int_equal(ofp_port_desc_pull(&view, OFP14_VERSION, &decoded),
                     OFPERR_OFPBRC_BAD_LEN);
    p[5] = 72;

    /* A property whose length overruns the port. */
    p[43] = 40;
    buffer_use_const(&view, b.data, b.size);
    assert_int_equal(ofp_port_desc_pull(&view, OFP14_VERSION, &decoded),
                     OFPERR_OFPBPC_BAD_LEN);
    /* An Ethernet property of the wrong length. */
    p[43] = 24;
    buffer_use_const(&view, b.data, b.size);
    assert_int_equal(ofp_port_desc_pull(&view, OFP14_VERSION, &decoded),
                     OFPERR_OFPBPC_BAD_LEN);
    /* An unknown property is ignored: the speeds stay zero. */
    p[43] = 32;
    p[41] = 7;
    buffer_use_const(&view, b.data, b.size);
    assert_int_equal(ofp_port_desc_pull(&view, OFP14_VERSION, &decoded),
                     0);
    assert_int_equal(decoded.curr, 0);
    assert_int_equal(decoded.curr_speed, 0);
    assert_int_equal(decoded.config, 0x05);
    assert_int_equal(ofp_port_desc_pull(&view, OFP14_VERSION, &decoded),
                     EOF);
    buffer_uninit(&b);
}

/* A port-desc reply with ports out of order prints them sorted, and
 * names stop at the first unprintable byte. */
static const struct {
    enum ofp_version version;
    const char *hex;
    const char *text;
} port_desc_reply_cases[] = {
    { OFP10_VERSION,
      "0111006c00000000000d0000"
      "fffeaabbccddeeff627230000000000000000000000000000000000000000000"
      "00000000000000000000000000000000"
      "0002aabbccddeeff7032ff780000000000000000000000000000000200000100"
      "0000008200000000000002ff00000001",
      "\n"
      " 2(p2): addr:aa:bb:cc:dd:ee:ff\n"
      "     config:     NO_STP\n"
      "     state:      STP_LEARN\n"
      "     current:    10MB-FD COPPER\n"
      "     supported:  10MB-HD 10MB-FD 100MB-HD 100MB-FD 1GB-HD 1GB-FD "
      "10GB-FD COPPER AUTO_NEG\n"
      "     peer:       10MB-HD\n"
      "     speed: 10 Mbps now, 10000 Mbps max\n"
      " LOCAL(br0): addr:aa:bb:cc:dd:ee:ff\n"
      "     config:     0\n"
      "     state:      0\n"
      "     speed: 0 Mbps now, 0 Mbps max" },
};

static void
test_port_desc_reply(void **state SLUICE_UNUSED)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    uint8_t storage[1024];
    struct buffer b;

    for (size_t i = 0; i < ARRAY_SIZE(port_desc_reply_cases); i++) {
        enum ofp_version v = port_desc_reply_cases[i].version;
        body_from_hex(&b, storage, sizeof storage,
                      port_desc_reply_cases[i].hex, mp_header_size(v));
        assert_int_equal(ofp_port_desc_reply_format(&s, &b, v), 0);
        assert_text(&s, port_desc_reply_cases[i].text);
    }

    /* Every version: the ports re-encode to the same bytes. */
    for (enum ofp_version v = OFP10_VERSION; v <= OFP15_VERSION; v++) {
        struct ofp_port_desc ports[2] = { sample_port(), sample_port() };
        ports[1].port_no = OFPP_LOCAL;
        strcpy(ports[1].name, "br0-with-a-long");
        ports[1].config = 0;

        struct buffer enc;
        buffer_init(&enc, 0);
        ofp_port_descs_encode(ports, 2, v, &enc);
        assert_int_equal(enc.size, 2 * ofp_port_desc_size(v));

        struct buffer view;
        struct ofp_port_desc *decoded;
        size_t n;
        buffer_use_const(&view, enc.data, enc.size);
        assert_int_equal(ofp_port_descs_decode(&view, v, &decoded, &n), 0);
        assert_int_equal(n, 2);
        assert_int_equal(decoded[1].port_no, OFPP_LOCAL);
        assert_string_equal(decoded[1].name, "br0-with-a-long");

        struct buffer again;
        buffer_init(&again, 0);
        ofp_port_descs_encode(decoded, n, v, &again);
        assert_int_equal(again.size, enc.size);
        assert_memory_equal(again.data, enc.data, enc.size);

        /* A truncated list fails as a whole. */
        buffer_use_const(&view, enc.data, enc.size - 1);
        free(decoded);
        assert_int_equal(ofp_port_descs_decode(&view, v, &decoded, &n),
                         OFPERR_OFPBRC_BAD_LEN);
        assert_null(decoded);
        assert_int_equal(n, 0);
        buffer_uninit(&again);
        buffer_uninit(&enc);
    }
    ds_destroy(&s);
}

static void
test_port_desc_request(void **state SLUICE_UNUSED)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    struct buffer b, view;
    uint32_t port;

    /* Before 1.5 the request has no body. */
    buffer_init(&b, 0);
    put_mp_header(&b, OFP13_VERSION, stats_request_type(OFP13_VERSION),
                  OFPST_PORT_DESC);
    ofp_port_desc_request_encode(OFPP_ANY, OFP13_VERSION, &b);
    finish(&b);
    assert_hex(&b, "0412001000000000000d000000000000");
    buffer_use_const(&view, (uint8_t *) b.data + 16, 0);
    assert_int_equal(ofp_port_desc_request_decode(&view, OFP13_VERSION,
                                                  &port), 0);
    assert_int_equal(port, OFPP_ANY);
    buffer_use_const(&view, b.data, 8);
    assert_int_equal(ofp_port_desc_request_decode(&view, OFP13_VERSION,
                                                  &port),
                     OFPERR_OFPBRC_BAD_LEN);

    /* OpenFlow 1.5 names a port. */
    buffer_clear(&b);
    put_mp_header(&b, OFP15_VERSION, stats_request_type(OFP15_VERSION),
                  OFPST_PORT_DESC);
    ofp_port_desc_request_encode(3, OFP15_VERSION, &b);
    finish(&b);
    assert_hex(&b, "0612001800000000000d0000000000000000000300000000");
    buffer_use_const(&view, (uint8_t *) b.data + 16, 8);
    assert_int_equal(ofp_port_desc_request_decode(&view, OFP15_VERSION,
                                                  &port), 0);
    assert_int_equal(port, 3);
    ofp_port_desc_request_format(&s, port);
    assert_text(&s, " port=3");
    ofp_port_desc_request_format(&s, OFPP_ANY);
    assert_text(&s, " port=ANY");
    buffer_use_const(&view, (uint8_t *) b.data + 16, 4);
    assert_int_equal(ofp_port_desc_request_decode(&view, OFP15_VERSION,
                                                  &port),
                     OFPERR_OFPBRC_BAD_LEN);
    buffer_uninit(&b);
    ds_destroy(&s);
}

static void
test_features_reply_ports(void **state SLUICE_UNUSED)
{
    /* The port list of an OpenFlow 1.0 features reply, after the 32-byte
     * fixed part that ofp-switch writes. */
    struct ofp_port_desc port = {
        .port_no = 1, .hw_addr = mac, .name = "a",
    };
    struct buffer b;
    buffer_init(&b, 0);
    put_header(&b, OFP10_VERSION, OFPT_FEATURES_REPLY);
    uint8_t *fixed = buffer_put_zeros(&b, 24);
    fixed[7] = 0x9a;
    ofp_port_descs_encode(&port, 1, OFP10_VERSION, &b);
    finish(&b);
    assert_hex(&b, "0106005000000000000000000000009a0000000000000000"
               "0000000000000000"
               "0001aabbccddeeff6100000000000000000000000000000000"
               "0000000000000000000000000000000000000000000000");
    buffer_uninit(&b);
}

/* Port-mod. */
static const struct {
    enum ofp_version version;
    struct ofp_port_mod pm;
    const char *hex;
    const char *text;
} port_mod_cases[] = {
    { OFP10_VERSION,
      { 1, ETH_ADDR_C(aa, bb, cc, dd, ee, ff), OFP_PC_NO_PACKET_IN,
        OFP_PC_PORT_DOWN | OFP_PC_NO_PACKET_IN, 0x7f },
      "010f002000000000"
      "0001aabbccddeeff00000040000000410000007f00000000",
      " port: 1: addr:aa:bb:cc:dd:ee:ff\n"
      "     config: NO_PACKET_IN\n"
      "     mask:   PORT_DOWN NO_PACKET_IN\n"
      "     advertise: 10MB-HD 10MB-FD 100MB-HD 100MB-FD 1GB-HD 1GB-FD "
      "10GB-FD" },
    { OFP11_VERSION,
      { 1, ETH_ADDR_C(aa, bb, cc, dd, ee, ff), 0, OFP_PC_PORT_DOWN, 0 },
      "0210002800000000"
      "0000000100000000aabbccddeeff0000000000000000000100000000"
      "00000000",
      " port: 1: addr:aa:bb:cc:dd:ee:ff\n"
      "     config: 0\n"
      "     mask:   PORT_DOWN\n"
      "     advertise: UNCHANGED" },
    { OFP13_VERSION,
      { OFPP_LOCAL, ETH_ADDR_C(aa, bb, cc, dd, ee, ff), 0, 0x65,
        OFP_PF_1GB_FD | OFP_PF_AUTONEG },
      "0410002800000000"
      "fffffffe00000000aabbccddeeff0000000000000000006500002020"
      "00000000",
      " port: LOCAL: addr:aa:bb:cc:dd:ee:ff\n"
      "     config: 0\n"
      "     mask:   PORT_DOWN NO_RECV NO_FWD NO_PACKET_IN\n"
      "     advertise: 1GB-FD AUTO_NEG" },
    { OFP14_VERSION,
      { 1, ETH_ADDR_C(aa, bb, cc, dd, ee, ff), OFP_PC_PORT_DOWN,
        OFP_PC_PORT_DOWN, OFP_PF_1GB_FD | OFP_PF_AUTONEG },
      "0510002800000000"
      "0000000100000000aabbccddeeff00000000000100000001"
      "0000000800002020",
      " port: 1: addr:aa:bb:cc:dd:ee:ff\n"
      "     config: PORT_DOWN\n"
      "     mask:   PORT_DOWN\n"
      "     advertise: 1GB-FD AUTO_NEG" },
    { OFP15_VERSION,
      { 1, ETH_ADDR_C(aa, bb, cc, dd, ee, ff), OFP_PC_PORT_DOWN,
        OFP_PC_PORT_DOWN, 0 },
      "0610002000000000"
      "0000000100000000aabbccddeeff00000000000100000001",
      " port: 1: addr:aa:bb:cc:dd:ee:ff\n"
      "     config: PORT_DOWN\n"
      "     mask:   PORT_DOWN\n"
      "     advertise: UNCHANGED" },
};

static void
test_port_mod(void **state SLUICE_UNUSED)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    for (size_t i = 0; i < ARRAY_SIZE(port_mod_cases); i++) {
        enum ofp_version v = port_mod_cases[i].version;
        const struct ofp_port_mod *pm = &port_mod_cases[i].pm;
        struct buffer b;
        buffer_init(&b, 0);
        put_header(&b, v, v == OFP10_VERSION ? OFPT10_PORT_MOD
                   : OFPT11_PORT_MOD);
        ofp_port_mod_encode(pm, v, &b);
        finish(&b);
        assert_hex(&b, port_mod_cases[i].hex);

        struct ofp_port_mod decoded;
        buffer_pull(&b, sizeof(struct ofp_header));
        assert_int_equal(ofp_port_mod_decode(&b, v, &decoded), 0);
        assert_int_equal(decoded.port_no, pm->port_no);
        assert_true(eth_addr_equals(decoded.hw_addr, pm->hw_addr));
        assert_int_equal(decoded.config, pm->config);
        assert_int_equal(decoded.mask, pm->mask);
        assert_int_equal(decoded.advertise, pm->advertise);
        ofp_port_mod_format(&s, &decoded);
        assert_text(&s, port_mod_cases[i].text);
        buffer_uninit(&b);
    }
    ds_destroy(&s);
}

static void
test_port_mod_errors(void **state SLUICE_UNUSED)
{
    struct ofp_port_mod pm = {
        .port_no = 1, .hw_addr = mac, .config = OFP_PC_PORT_DOWN,
        .mask = OFP_PC_PORT_DOWN, .advertise = OFP_PF_1GB_FD,
    };
    struct ofp_port_mod decoded;
    struct buffer b, view;

    /* Wrong sizes in each form. */
    for (enum ofp_version v = OFP10_VERSION; v <= OFP15_VERSION; v++) {
        buffer_init(&b, 0);
        ofp_port_mod_encode(&pm, v, &b);
        buffer_use_const(&view, b.data, b.size - 1);
        assert_int_equal(ofp_port_mod_decode(&view, v, &decoded),
                         v >= OFP14_VERSION ? OFPERR_OFPBPC_BAD_LEN
                         : OFPERR_OFPBRC_BAD_LEN);
        buffer_use_const(&view, b.data, 20);
        assert_int_equal(ofp_port_mod_decode(&view, v, &decoded),
                         OFPERR_OFPBRC_BAD_LEN);
        if (v >= OFP14_VERSION) {
            /* An unknown property is ignored; an Ethernet property of
             * the wrong length is an error. */
            uint8_t *p = b.data;
            p[25] = 1;
            buffer_use_const(&view, b.data, b.size);
            assert_int_equal(ofp_port_mod_decode(&view, v, &decoded), 0);
            assert_int_equal(decoded.advertise, 0);
            assert_int_equal(decoded.mask, OFP_PC_PORT_DOWN);
            p[25] = 0;
            p[27] = 6;
            buffer_use_const(&view, b.data, b.size);
            assert_int_equal(ofp_port_mod_decode(&view, v, &decoded),
                             OFPERR_OFPBPC_BAD_LEN);
        }
        buffer_uninit(&b);
    }

    /* The checks a switch makes. */
    struct ofp_port_desc port = sample_port();
    uint32_t changeable = OFP_PC_ALL11;
    assert_int_equal(ofp_port_mod_check(&pm, &port, changeable), 0);
    assert_int_equal(ofp_port_mod_check(&pm, NULL, changeable),
                     OFPERR_OFPPMFC_BAD_PORT);
    pm.port_no = OFPP_CONTROLLER;
    assert_int_equal(ofp_port_mod_check(&pm, &port, changeable),
                     OFPERR_OFPPMFC_BAD_PORT);
    pm.port_no = OFPP_LOCAL;
    assert_int_equal(ofp_port_mod_check(&pm, &port, changeable), 0);
    pm.hw_addr.ea[5] = 0;
    assert_int_equal(ofp_port_mod_check(&pm, &port, changeable),
                     OFPERR_OFPPMFC_BAD_HW_ADDR);
    pm.hw_addr = mac;
    pm.mask |= OFP_PC_NO_STP;
    assert_int_equal(ofp_port_mod_check(&pm, &port, changeable),
                     OFPERR_OFPPMFC_BAD_CONFIG);
    pm.mask = OFP_PC_PORT_DOWN;
    pm.advertise = OFP_PF_100GB_FD;
    assert_int_equal(ofp_port_mod_check(&pm, &port, changeable),
                     OFPERR_OFPPMFC_BAD_ADVERTISE);
}

/* Port statistics. */

static struct ofp_port_stats
sample_stats(void)
{
    struct ofp_port_stats ps = {
        .port_no = 1,
        .rx_packets = 1, .tx_packets = 2, .rx_bytes = 3, .tx_bytes = 4,
        .rx_dropped = 5, .tx_dropped = UINT64_MAX, .rx_errors = 7,
        .tx_errors = 8, .rx_frame_errors = 9, .rx_over_errors = UINT64_MAX,
        .rx_crc_errors = 11, .collisions = 12,
        .duration_sec = 5, .duration_nsec = 500000000,
    };
    return ps;
}

static void
assert_stats_equal(const struct ofp_port_stats *a,
                   const struct ofp_port_stats *b)
{
    assert_int_equal(a->port_no, b->port_no);
    assert_true(a->rx_packets == b->rx_packets);
    assert_true(a->tx_packets == b->tx_packets);
    assert_true(a->rx_bytes == b->rx_bytes);
    assert_true(a->tx_bytes == b->tx_bytes);
    assert_true(a->rx_dropped == b->rx_dropped);
    assert_true(a->tx_dropped == b->tx_dropped);
    assert_true(a->rx_errors == b->rx_errors);
    assert_true(a->tx_errors == b->tx_errors);
    assert_true(a->rx_frame_errors == b->rx_frame_errors);
    assert_true(a->rx_over_errors == b->rx_over_errors);
    assert_true(a->rx_crc_errors == b->rx_crc_errors);
    assert_true(a->collisions == b->collisions);
    assert_int_equal(a->duration_sec, b->duration_sec);
    assert_int_equal(a->duration_nsec, b->duration_nsec);
}

static const struct {
    enum ofp_version version;
    const char *hex;
    const char *text;
} port_stats_cases[] = {
    { OFP10_VERSION,
      "0111007400000000000400000001000000000000"
      "0000000000000001000000000000000200000000000000030000000000000004"
      "0000000000000005ffffffffffffffff00000000000000070000000000000008"
      "0000000000000009ffffffffffffffff000000000000000b000000000000000c",
      " 1 ports\n"
      "  port  1: rx pkts=1, bytes=3, drop=5, errs=7, frame=9, over=?, "
      "crc=11\n"
      "           tx pkts=2, bytes=4, drop=?, errs=8, coll=12" },
    { OFP12_VERSION,
      "0313007800000000000400000000000000000001"
      "00000000"
      "0000000000000001000000000000000200000000000000030000000000000004"
      "0000000000000005ffffffffffffffff00000000000000070000000000000008"
      "0000000000000009ffffffffffffffff000000000000000b000000000000000c",
      " 1 ports\n"
      "  port  1: rx pkts=1, bytes=3, drop=5, errs=7, frame=9, over=?, "
      "crc=11\n"
      "           tx pkts=2, bytes=4, drop=?, errs=8, coll=12" },
    { OFP13_VERSION,
      "0413008000000000000400000000000000000001"
      "00000000"
      "0000000000000001000000000000000200000000000000030000000000000004"
      "0000000000000005ffffffffffffffff00000000000000070000000000000008"
      "0000000000000009ffffffffffffffff000000000000000b000000000000000c"
      "000000051dcd6500",
      " 1 ports\n"
      "  port  1: rx pkts=1, bytes=3, drop=5, errs=7, frame=9, over=?, "
      "crc=11\n"
      "           tx pkts=2, bytes=4, drop=?, errs=8, coll=12\n"
      "           duration=5.500s" },
    { OFP14_VERSION,
      "0513008800000000000400000000000000780000"
      "00000001000000051dcd6500"
      "0000000000000001000000000000000200000000000000030000000000000004"
      "0000000000000005ffffffffffffffff00000000000000070000000000000008"
      "0000002800000000"
      "0000000000000009ffffffffffffffff000000000000000b000000000000000c",
      " 1 ports\n"
      "  port  1: rx pkts=1, bytes=3, drop=5, errs=7, frame=9, over=?, "
      "crc=11\n"
      "           tx pkts=2, bytes=4, drop=?, errs=8, coll=12\n"
      "           duration=5.500s" },
};

static void
test_port_stats(void **state SLUICE_UNUSED)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    for (size_t i = 0; i < ARRAY_SIZE(port_stats_cases); i++) {
        enum ofp_version v = port_stats_cases[i].version;
        struct ofp_port_stats ps = sample_stats();
        struct buffer b;
        buffer_init(&b, 0);
        put_mp_header(&b, v, stats_reply_type(v), OFPST_PORT);
        ofp_port_stats_encode(&ps, v, &b);
        finish(&b);
        assert_hex(&b, port_stats_cases[i].hex);

        buffer_pull(&b, mp_header_size(v));
        struct buffer view;
        buffer_use_const(&view, b.data, b.size);
        assert_int_equal(ofp_port_stats_reply_format(&s, &view, v), 0);
        assert_text(&s, port_stats_cases[i].text);

        struct ofp_port_stats decoded;
        assert_int_equal(ofp_port_stats_pull(&b, v, &decoded), 0);
        if (v < OFP13_VERSION) {
            assert_int_equal(decoded.duration_sec, UINT32_MAX);
            decoded.duration_sec = ps.duration_sec;
            decoded.duration_nsec = ps.duration_nsec;
        }
        assert_stats_equal(&decoded, &ps);
        assert_int_equal(ofp_port_stats_pull(&b, v, &decoded), EOF);
        buffer_uninit(&b);
    }

    /* A 1.4 element without properties leaves the Ethernet counters
     * unknown; truncation is an error. */
    struct buffer b, view;
    struct ofp_port_stats ps = sample_stats(), decoded;
    buffer_init(&b, 0);
    ofp_port_stats_encode(&ps, OFP14_VERSION, &b);
    uint8_t *p = b.data;
    p[1] = 80;
    buffer_use_const(&view, b.data, 80);
    assert_int_equal(ofp_port_stats_pull(&view, OFP14_VERSION, &decoded), 0);
    assert_true(decoded.collisions == UINT64_MAX);
    assert_true(decoded.rx_packets == 1);
    buffer_use_const(&view, b.data, 79);
    assert_int_equal(ofp_port_stats_pull(&view, OFP14_VERSION, &decoded),
                     OFPERR_OFPBRC_BAD_LEN);
    p[1] = 72;
    buffer_use_const(&view, b.data, b.size);
    assert_int_equal(ofp_port_stats_pull(&view, OFP14_VERSION, &decoded),
                     OFPERR_OFPBRC_BAD_LEN);
    p[1] = 120;
    p[83] = 44;
    buffer_use_const(&view, b.data, b.size);
    assert_int_equal(ofp_port_stats_pull(&view, OFP14_VERSION, &decoded),
                     OFPERR_OFPBPC_BAD_LEN);
    p[83] = 32;
    buffer_use_const(&view, b.data, b.size);
    assert_int_equal(ofp_port_stats_pull(&view, OFP14_VERSION, &decoded),
                     OFPERR_OFPBPC_BAD_LEN);
    for (enum ofp_version v = OFP10_VERSION; v <= OFP13_VERSION; v++) {
        buffer_clear(&b);
        ofp_port_stats_encode(&ps, v, &b);
        buffer_use_const(&view, b.data, b.size - 1);
        assert_int_equal(ofp_port_stats_pull(&view, v, &decoded),
                         OFPERR_OFPBRC_BAD_LEN);
        struct ds s2 = DS_EMPTY_INITIALIZER;
        assert_int_equal(ofp_port_stats_reply_format(&s2, &view, v),
                         OFPERR_OFPBRC_BAD_LEN);
        assert_int_equal(s2.length, 0);
        ds_destroy(&s2);
    }
    buffer_uninit(&b);
    ds_destroy(&s);
}

static void
test_port_stats_request(void **state SLUICE_UNUSED)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    struct buffer b, view;
    uint32_t port;

    buffer_init(&b, 0);
    put_mp_header(&b, OFP10_VERSION, stats_request_type(OFP10_VERSION),
                  OFPST_PORT);
    ofp_port_stats_request_encode(OFPP_ANY, OFP10_VERSION, &b);
    finish(&b);
    assert_hex(&b, "011000140000000000040000ffff000000000000");
    buffer_use_const(&view, (uint8_t *) b.data + 12, 8);
    assert_int_equal(ofp_port_stats_request_decode(&view, OFP10_VERSION,
                                                   &port), 0);
    assert_int_equal(port, OFPP_ANY);
    ofp_port_stats_request_format(&s, port);
    assert_text(&s, " port_no=ANY");

    buffer_clear(&b);
    put_mp_header(&b, OFP13_VERSION, stats_request_type(OFP13_VERSION),
                  OFPST_PORT);
    ofp_port_stats_request_encode(3, OFP13_VERSION, &b);
    finish(&b);
    assert_hex(&b, "0412001800000000000400000000000000000003"
               "00000000");
    buffer_use_const(&view, (uint8_t *) b.data + 16, 8);
    assert_int_equal(ofp_port_stats_request_decode(&view, OFP13_VERSION,
                                                   &port), 0);
    assert_int_equal(port, 3);
    ofp_port_stats_request_format(&s, port);
    assert_text(&s, " port_no=3");

    buffer_use_const(&view, (uint8_t *) b.data + 16, 4);
    assert_int_equal(ofp_port_stats_request_decode(&view, OFP13_VERSION,
                                                   &port),
                     OFPERR_OFPBRC_BAD_LEN);
    buffer_uninit(&b);
    ds_destroy(&s);
}

static void
test_port_names_and_durations(void **state SLUICE_UNUSED)
{
    static const struct {
        uint32_t port;
        const char *text;
    } names[] = {
        { 0, "0" }, { 65279, "65279" }, { 0xffffff00u, "65280" },
        { OFPP_UNSET, "UNSET" }, { OFPP_IN_PORT, "IN_PORT" },
        { OFPP_TABLE, "TABLE" }, { OFPP_NORMAL, "NORMAL" },
        { OFPP_FLOOD, "FLOOD" }, { OFPP_ALL, "ALL" },
        { OFPP_CONTROLLER, "CONTROLLER" }, { OFPP_LOCAL, "LOCAL" },
        { OFPP_ANY, "ANY" },
    };
    struct ds s = DS_EMPTY_INITIALIZER;
    uint32_t port;

    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        ofp_port_format(names[i].port, &s);
        assert_string_equal(ds_cstr(&s), names[i].text);
        ds_clear(&s);
    }
    assert_true(ofp_port_from_string("local", &port));
    assert_int_equal(port, OFPP_LOCAL);
    assert_true(ofp_port_from_string("NONE", &port));
    assert_int_equal(port, OFPP_ANY);
    assert_true(ofp_port_from_string("42", &port));
    assert_int_equal(port, 42);
    assert_false(ofp_port_from_string("eth0", &port));
    assert_false(ofp_port_from_string("-1", &port));
    assert_false(ofp_port_from_string("", &port));

    ofp_format_duration(&s, 5, 0);
    assert_string_equal(ds_cstr(&s), "5s");
    ds_clear(&s);
    ofp_format_duration(&s, 5, 500000000);
    assert_string_equal(ds_cstr(&s), "5.500s");
    ds_clear(&s);
    ofp_format_duration(&s, 0, 100);
    assert_string_equal(ds_cstr(&s), "0.0000001s");
    ds_destroy(&s);
}

static void
test_props(void **state SLUICE_UNUSED)
{
    struct buffer b, prop;
    uint16_t type;

    buffer_init(&b, 0);
    size_t ofs = ofp_prop_start(&b, 0x1234);
    buffer_put(&b, "abc", 3);
    ofp_prop_end(&b, ofs);
    assert_hex(&b, "1234000761626300");

    struct buffer view;
    buffer_use_const(&view, b.data, b.size);
    assert_int_equal(ofp_prop_pull(&view, &prop, &type), 0);
    assert_int_equal(type, 0x1234);
    assert_int_equal(prop.size, 3);
    assert_memory_equal(prop.data, "abc", 3);
    assert_int_equal(view.size, 0);

    /* The padding must be there, and the length must cover the header. */
    buffer_use_const(&view, b.data, 7);
    assert_int_equal(ofp_prop_pull(&view, &prop, &type),
                     OFPERR_OFPBPC_BAD_LEN);
    assert_int_equal(view.size, 7);
    ((uint8_t *) b.data)[3] = 3;
    buffer_use_const(&view, b.data, b.size);
    assert_int_equal(ofp_prop_pull(&view, &prop, &type),
                     OFPERR_OFPBPC_BAD_LEN);
    buffer_use_const(&view, b.data, 3);
    assert_int_equal(ofp_prop_pull(&view, &prop, &type),
                     OFPERR_OFPBPC_BAD_LEN);
    buffer_uninit(&b);
}

/* Queues (lib/ofp-queue.c). */

#define OFPST_QUEUE 5

static const struct {
    enum ofp_version version;
    const char *hex;
    const char *text;
} queue_stats_cases[] = {
    { OFP10_VERSION,
      "0111002c00000000000500000001000000000002"
      "0000000000000064000000000000000affffffffffffffff",
      " 1 queues\n"
      "  port 1 queue 2: bytes=100, pkts=10, errors=?, duration=?" },
    { OFP11_VERSION,
      "0213003000000000000500000000000000000001"
      "00000002"
      "0000000000000064000000000000000affffffffffffffff",
      " 1 queues\n"
      "  port 1 queue 2: bytes=100, pkts=10, errors=?, duration=?" },
    { OFP13_VERSION,
      "0413003800000000000500000000000000000001"
      "00000002"
      "0000000000000064000000000000000affffffffffffffff"
      "0000000500000000",
      " 1 queues\n"
      "  port 1 queue 2: bytes=100, pkts=10, errors=?, duration=5s" },
    { OFP15_VERSION,
      "0613004000000000000500000000000000300000"
      "000000000000000100000002"
      "0000000000000064000000000000000affffffffffffffff"
      "0000000500000000",
      " 1 queues\n"
      "  port 1 queue 2: bytes=100, pkts=10, errors=?, duration=5s" },
};

static void
test_queue_stats(void **state SLUICE_UNUSED)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    for (size_t i = 0; i < ARRAY_SIZE(queue_stats_cases); i++) {
        enum ofp_version v = queue_stats_cases[i].version;
        struct ofp_queue_stats qs = {
            .port_no = 1, .queue_id = 2, .tx_bytes = 100, .tx_packets = 10,
            .tx_errors = UINT64_MAX, .duration_sec = 5, .duration_nsec = 0,
        };
        struct buffer b, view;
        buffer_init(&b, 0);
        put_mp_header(&b, v, stats_reply_type(v), OFPST_QUEUE);
        ofp_queue_stats_encode(&qs, v, &b);
        finish(&b);
        assert_hex(&b, queue_stats_cases[i].hex);

        buffer_pull(&b, mp_header_size(v));
        buffer_use_const(&view, b.data, b.size);
        assert_int_equal(ofp_queue_stats_reply_format(&s, &view, v), 0);
        assert_text(&s, queue_stats_cases[i].text);

        /* Truncations. */
        buffer_use_const(&view, b.data, b.size - 1);
        assert_int_equal(ofp_queue_stats_reply_format(&s, &view, v),
                         OFPERR_OFPBRC_BAD_LEN);
        assert_int_equal(s.length, 0);
        if (v >= OFP14_VERSION) {
            uint8_t *p = b.data;
            p[1] = 40;
            buffer_use_const(&view, b.data, b.size);
            assert_int_equal(ofp_queue_stats_pull(&view, v, &qs),
                             OFPERR_OFPBRC_BAD_LEN);
            /* A property after the fixed part. */
            p[1] = 56;
            buffer_put(&b, "\x00\x01\x00\x05\x01\x00\x00\x00", 8);
            buffer_use_const(&view, b.data, b.size);
            assert_int_equal(ofp_queue_stats_pull(&view, v, &qs), 0);
            assert_int_equal(view.size, 0);
            p = b.data;
            p[51] = 9;
            buffer_use_const(&view, b.data, b.size);
            assert_int_equal(ofp_queue_stats_pull(&view, v, &qs),
                             OFPERR_OFPBPC_BAD_LEN);
        }
        buffer_uninit(&b);
    }
    ds_destroy(&s);
}

static void
test_queue_requests(void **state SLUICE_UNUSED)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    struct ofp_queue_stats_request rq = { OFPP_ANY, OFPQ_ALL }, out;
    struct buffer b, view;
    uint32_t port;

    buffer_init(&b, 0);
    put_mp_header(&b, OFP13_VERSION, stats_request_type(OFP13_VERSION),
                  OFPST_QUEUE);
    ofp_queue_stats_request_encode(&rq, OFP13_VERSION, &b);
    finish(&b);
    assert_hex(&b, "04120018000000000005000000000000ffffffffffffffff");
    buffer_use_const(&view, (uint8_t *) b.data + 16, 8);
    assert_int_equal(ofp_queue_stats_request_decode(&view, OFP13_VERSION,
                                                    &out), 0);
    ofp_queue_stats_request_format(&s, &out);
    assert_text(&s, " port=ANY queue=ALL");
    buffer_use_const(&view, (uint8_t *) b.data + 16, 7);
    assert_int_equal(ofp_queue_stats_request_decode(&view, OFP13_VERSION,
                                                    &out),
                     OFPERR_OFPBRC_BAD_LEN);

    buffer_clear(&b);
    rq.port_no = 1;
    rq.queue_id = 2;
    put_mp_header(&b, OFP10_VERSION, stats_request_type(OFP10_VERSION),
                  OFPST_QUEUE);
    ofp_queue_stats_request_encode(&rq, OFP10_VERSION, &b);
    finish(&b);
    assert_hex(&b, "0110001400000000000500000001000000000002");
    buffer_use_const(&view, (uint8_t *) b.data + 12, 8);
    assert_int_equal(ofp_queue_stats_request_decode(&view, OFP10_VERSION,
                                                    &out), 0);
    ofp_queue_stats_request_format(&s, &out);
    assert_text(&s, " port=1 queue=2");

    /* Get-config requests. */
    buffer_clear(&b);
    put_header(&b, OFP13_VERSION, 22);
    ofp_queue_get_config_request_encode(1, OFP13_VERSION, &b);
    finish(&b);
    assert_hex(&b, "041600100000000000000001" "00000000");
    buffer_use_const(&view, (uint8_t *) b.data + 8, 8);
    assert_int_equal(ofp_queue_get_config_request_decode(
                         &view, OFP13_VERSION, &port), 0);
    ofp_queue_get_config_request_format(&s, port);
    assert_text(&s, " port=1");
    buffer_use_const(&view, (uint8_t *) b.data + 8, 4);
    assert_int_equal(ofp_queue_get_config_request_decode(
                         &view, OFP13_VERSION, &port),
                     OFPERR_OFPBRC_BAD_LEN);
    buffer_use_const(&view, (uint8_t *) b.data + 8, 8);
    assert_int_equal(ofp_queue_get_config_request_decode(
                         &view, OFP14_VERSION, &port),
                     OFPERR_OFPBRC_BAD_VERSION);

    buffer_clear(&b);
    put_header(&b, OFP10_VERSION, 20);
    ofp_queue_get_config_request_encode(2, OFP10_VERSION, &b);
    finish(&b);
    assert_hex(&b, "0114000c00000000" "00020000");
    buffer_use_const(&view, (uint8_t *) b.data + 8, 4);
    assert_int_equal(ofp_queue_get_config_request_decode(
                         &view, OFP10_VERSION, &port), 0);
    assert_int_equal(port, 2);
    buffer_uninit(&b);
    ds_destroy(&s);
}

/* Queue configurations: get-config replies (1.0 to 1.3) and queue-desc
 * replies (1.4+). */
static const struct {
    enum ofp_version version;
    uint32_t port;
    struct ofp_queue_config queues[3];
    size_t n;
    const char *hex;
    const char *text;
} queue_config_cases[] = {
    { OFP10_VERSION, 1,
      { { 1, 1, 500, 700 }, { 1, 2, OFP_QUEUE_RATE_UNSET,
                              OFP_QUEUE_RATE_UNSET } }, 2,
      "0115003000000000" "0001000000000000"
      "0000000100180000" "0001001000000000" "01f4000000000000"
      "0000000200080000",
      " port=1\n"
      "queue 1: min_rate:50.0%\n"
      "queue 2:" },
    { OFP11_VERSION, 1,
      { { 1, 1, 1000, OFP_QUEUE_RATE_UNSET } }, 1,
      "0217002800000000" "0000000100000000"
      "0000000100180000" "0001001000000000" "03e8000000000000",
      " port=1\n"
      "queue 1: min_rate:100.0%" },
    { OFP12_VERSION, 1,
      { { 1, 1, 1001, 800 } }, 1,
      "0317004000000000" "0000000100000000"
      "0000000100000001" "0030000000000000"
      "0001001000000000" "03e9000000000000"
      "0002001000000000" "0320000000000000",
      " port=1\n"
      "queue 1: min_rate:(disabled) max_rate:80.0%" },
    { OFP13_VERSION, OFPP_ANY,
      { { OFPP_ANY, 1, OFP_QUEUE_RATE_UNSET, OFP_QUEUE_RATE_UNSET },
        { OFPP_ANY, 2, OFP_QUEUE_RATE_UNSET, OFP_QUEUE_RATE_UNSET } }, 2,
      "0417003000000000" "ffffffff00000000"
      "00000001ffffffff" "0010000000000000"
      "00000002ffffffff" "0010000000000000",
      " port=ANY\n"
      "queue 1:\n"
      "queue 2:" },
};

static void
test_queue_get_config_reply(void **state SLUICE_UNUSED)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    for (size_t i = 0; i < ARRAY_SIZE(queue_config_cases); i++) {
        enum ofp_version v = queue_config_cases[i].version;
        struct buffer b, view;
        buffer_init(&b, 0);
        put_header(&b, v, v == OFP10_VERSION ? 21 : 23);
        ofp_queue_get_config_reply_start(queue_config_cases[i].port, v, &b);
        for (size_t j = 0; j < queue_config_cases[i].n; j++) {
            ofp_queue_config_encode(&queue_config_cases[i].queues[j], v,
                                    &b);
        }
        finish(&b);
        assert_hex(&b, queue_config_cases[i].hex);

        buffer_pull(&b, 8);
        buffer_use_const(&view, b.data, b.size);
        assert_int_equal(ofp_queue_get_config_reply_format(&s, &view, v),
                         0);
        assert_text(&s, queue_config_cases[i].text);

        /* Truncated in the port or within a queue. */
        const size_t sizes[] = { 4, 12, b.size - 4, b.size - 1 };
        for (size_t j = 0; j < ARRAY_SIZE(sizes); j++) {
            struct ofp_queue_config *queues;
            size_t n;
            uint32_t port;
            buffer_use_const(&view, b.data, sizes[j]);
            assert_int_equal(ofp_queue_get_config_reply_decode(
                                 &view, v, &port, &queues, &n),
                             OFPERR_OFPBRC_BAD_LEN);
            assert_null(queues);
            assert_int_equal(n, 0);
            free(queues);
        }
        buffer_uninit(&b);
    }

    /* A rate property of the wrong length, and an unknown property that
     * is skipped. */
    uint8_t bytes[] = {
        0, 1, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 1, 0, 16, 0, 0,
        0, 1, 0, 8, 0, 0, 0, 0,
    };
    struct buffer view;
    struct ofp_queue_config *queues;
    size_t n;
    uint32_t port;
    buffer_use_const(&view, bytes, sizeof bytes);
    assert_int_equal(ofp_queue_get_config_reply_decode(
                         &view, OFP10_VERSION, &port, &queues, &n),
                     OFPERR_OFPBRC_BAD_LEN);
    bytes[17] = 7;
    buffer_use_const(&view, bytes, sizeof bytes);
    assert_int_equal(ofp_queue_get_config_reply_decode(
                         &view, OFP10_VERSION, &port, &queues, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(queues[0].min_rate, OFP_QUEUE_RATE_UNSET);
    free(queues);
    ds_destroy(&s);
}

static void
test_queue_desc(void **state SLUICE_UNUSED)
{
    const struct ofp_queue_config queues[] = {
        { 1, 2, 500, 1001 },
        { 3, 4, OFP_QUEUE_RATE_UNSET, OFP_QUEUE_RATE_UNSET },
        { 3, 5, 0, OFP_QUEUE_RATE_UNSET },
    };
    struct ds s = DS_EMPTY_INITIALIZER;
    struct buffer b, view;

    buffer_init(&b, 0);
    put_mp_header(&b, OFP14_VERSION, stats_reply_type(OFP14_VERSION), 15);
    for (size_t i = 0; i < ARRAY_SIZE(queues); i++) {
        ofp_queue_desc_encode(&queues[i], &b);
    }
    finish(&b);
    assert_hex(&b, "0513005800000000000f000000000000"
               "0000000100000002002000000000000000010008" "01f40000"
               "0002000803e90000"
               "0000000300000004001000000000000000000003"
               "0000000500180000000000000001000800000000");
    buffer_pull(&b, 16);
    buffer_use_const(&view, b.data, b.size);
    assert_int_equal(ofp_queue_desc_reply_format(&s, &view), 0);
    assert_text(&s, " port=1\n"
                "queue 2: min_rate:50.0% max_rate:(disabled)\n"
                "port=3\n"
                "queue 4:\n"
                "queue 5: min_rate:0.0%");

    struct ofp_queue_config *decoded;
    size_t n;
    buffer_use_const(&view, b.data, b.size - 1);
    assert_int_equal(ofp_queue_descs_decode(&view, &decoded, &n),
                     OFPERR_OFPBRC_BAD_LEN);
    assert_null(decoded);
    uint8_t *p = b.data;
    p[19] = 12;
    buffer_use_const(&view, b.data, b.size);
    assert_int_equal(ofp_queue_descs_decode(&view, &decoded, &n),
                     OFPERR_OFPBPC_BAD_LEN);
    buffer_uninit(&b);

    /* Requests. */
    struct ofp_queue_stats_request rq = { 1, 2 }, out;
    buffer_init(&b, 0);
    put_mp_header(&b, OFP14_VERSION, stats_request_type(OFP14_VERSION), 15);
    ofp_queue_desc_request_encode(&rq, &b);
    finish(&b);
    assert_hex(&b, "0512001800000000000f0000000000000000000100000002");
    buffer_use_const(&view, (uint8_t *) b.data + 16, 8);
    assert_int_equal(ofp_queue_desc_request_decode(&view, &out), 0);
    ofp_queue_desc_request_format(&s, &out);
    assert_text(&s, " port=1 queue=2");
    out.port_no = OFPP_ANY;
    out.queue_id = OFPQ_ALL;
    ofp_queue_desc_request_format(&s, &out);
    assert_text(&s, " port=ANY");
    buffer_use_const(&view, (uint8_t *) b.data + 16, 4);
    assert_int_equal(ofp_queue_desc_request_decode(&view, &out),
                     OFPERR_OFPBRC_BAD_LEN);
    buffer_uninit(&b);
    ds_destroy(&s);
}

/* Every message built with ofp-msgs' framing and these encoders passes
 * ofp-msgs' length checks and decodes again. */
static void
test_with_ofp_msgs(void **state SLUICE_UNUSED)
{
    for (enum ofp_version v = OFP10_VERSION; v <= OFP15_VERSION; v++) {
        struct ofp_port_status ps = { OFP_PR_MODIFY, sample_port() };
        struct ofp_port_mod pm = {
            1, mac, OFP_PC_PORT_DOWN, OFP_PC_PORT_DOWN, OFP_PF_1GB_FD,
        };
        struct ofp_port_stats stats = sample_stats();
        struct ofp_queue_stats qs = { 1, 2, 3, 4, 5, 6, 7 };
        struct ofp_port_desc ports[2] = { sample_port(), sample_port() };
        enum ofpraw raw;

        struct buffer *b = ofpraw_alloc(
            v == OFP10_VERSION ? OFPRAW_OFPT10_PORT_STATUS
            : v <= OFP13_VERSION ? OFPRAW_OFPT11_PORT_STATUS
            : OFPRAW_OFPT14_PORT_STATUS, v, 0);
        ofp_port_status_encode(&ps, v, b);
        ofpmsg_update_length(b);
        assert_int_equal(ofpraw_pull(&raw, b), 0);
        assert_int_equal(ofp_port_status_decode(b, v, &ps), 0);
        buffer_delete(b);

        b = ofpraw_alloc(v == OFP10_VERSION ? OFPRAW_OFPT10_PORT_MOD
                         : v <= OFP13_VERSION ? OFPRAW_OFPT11_PORT_MOD
                         : OFPRAW_OFPT14_PORT_MOD, v, 0);
        ofp_port_mod_encode(&pm, v, b);
        ofpmsg_update_length(b);
        assert_int_equal(ofpraw_pull(&raw, b), 0);
        assert_int_equal(ofp_port_mod_decode(b, v, &pm), 0);
        assert_int_equal(pm.advertise, OFP_PF_1GB_FD);
        buffer_delete(b);

        b = ofpraw_alloc(v == OFP10_VERSION ? OFPRAW_OFPST10_PORT_REPLY
                         : v <= OFP12_VERSION ? OFPRAW_OFPST11_PORT_REPLY
                         : v == OFP13_VERSION ? OFPRAW_OFPST13_PORT_REPLY
                         : OFPRAW_OFPST14_PORT_REPLY, v, 0);
        ofp_port_stats_encode(&stats, v, b);
        ofp_port_stats_encode(&stats, v, b);
        ofpmsg_update_length(b);
        assert_int_equal(ofpraw_pull(&raw, b), 0);
        assert_int_equal(ofp_port_stats_pull(b, v, &stats), 0);
        assert_int_equal(ofp_port_stats_pull(b, v, &stats), 0);
        assert_int_equal(ofp_port_stats_pull(b, v, &stats), EOF);
        buffer_delete(b);

        b = ofpraw_alloc(v == OFP10_VERSION ? OFPRAW_OFPST10_PORT_DESC_REPLY
                         : v <= OFP13_VERSION
                         ? OFPRAW_OFPST11_PORT_DESC_REPLY
                         : OFPRAW_OFPST14_PORT_DESC_REPLY, v, 0);
        ofp_port_descs_encode(ports, 2, v, b);
        ofpmsg_update_length(b);
        assert_int_equal(ofpraw_pull(&raw, b), 0);
        struct ofp_port_desc *decoded;
        size_t n;
        assert_int_equal(ofp_port_descs_decode(b, v, &decoded, &n), 0);
        assert_int_equal(n, 2);
        free(decoded);
        buffer_delete(b);

        b = ofpraw_alloc(v == OFP10_VERSION ? OFPRAW_OFPST10_QUEUE_REPLY
                         : v <= OFP12_VERSION ? OFPRAW_OFPST11_QUEUE_REPLY
                         : v == OFP13_VERSION ? OFPRAW_OFPST13_QUEUE_REPLY
                         : OFPRAW_OFPST14_QUEUE_REPLY, v, 0);
        ofp_queue_stats_encode(&qs, v, b);
        ofpmsg_update_length(b);
        assert_int_equal(ofpraw_pull(&raw, b), 0);
        assert_int_equal(ofp_queue_stats_pull(b, v, &qs), 0);
        assert_int_equal(qs.queue_id, 2);
        buffer_delete(b);

        b = ofpraw_alloc(v == OFP10_VERSION ? OFPRAW_OFPST10_PORT_REQUEST
                         : OFPRAW_OFPST11_PORT_REQUEST, v, 0);
        ofp_port_stats_request_encode(OFPP_LOCAL, v, b);
        ofpmsg_update_length(b);
        uint32_t port;
        assert_int_equal(ofpraw_pull(&raw, b), 0);
        assert_int_equal(ofp_port_stats_request_decode(b, v, &port), 0);
        assert_int_equal(port, OFPP_LOCAL);
        buffer_delete(b);

        b = ofpraw_alloc(v <= OFP14_VERSION
                         ? OFPRAW_OFPST10_PORT_DESC_REQUEST
                         : OFPRAW_OFPST15_PORT_DESC_REQUEST, v, 0);
        ofp_port_desc_request_encode(OFPP_ANY, v, b);
        ofpmsg_update_length(b);
        assert_int_equal(ofpraw_pull(&raw, b), 0);
        assert_int_equal(ofp_port_desc_request_decode(b, v, &port), 0);
        assert_int_equal(port, OFPP_ANY);
        buffer_delete(b);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_port_status),
        cmocka_unit_test(test_port_status_errors),
        cmocka_unit_test(test_port_desc_14_errors),
        cmocka_unit_test(test_port_desc_reply),
        cmocka_unit_test(test_port_desc_request),
        cmocka_unit_test(test_features_reply_ports),
        cmocka_unit_test(test_port_mod),
        cmocka_unit_test(test_port_mod_errors),
        cmocka_unit_test(test_port_stats),
        cmocka_unit_test(test_port_stats_request),
        cmocka_unit_test(test_port_names_and_durations),
        cmocka_unit_test(test_props),
        cmocka_unit_test(test_queue_stats),
        cmocka_unit_test(test_queue_requests),
        cmocka_unit_test(test_queue_get_config_reply),
        cmocka_unit_test(test_queue_desc),
        cmocka_unit_test(test_with_ofp_msgs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
