/* Unit tests for lib/ofp-switch.c.  Every expected message was built from
 * the OpenFlow specifications and checked with Open vSwitch 3.1's
 * "ovs-ofctl ofp-print HEX", whose output is the expected text. */
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
#include "ofp-errors.h"
#include "ofp-msgs.h"
#include "ofp-port.h"
#include "ofp-switch.h"
#include "openflow.h"
#include "util.h"

/* Returns a new buffer holding the bytes that HEX ("01 02 0a") spells. */
static struct buffer *
hex_to_buffer(const char *hex)
{
    struct buffer *b = buffer_new(strlen(hex) / 2);

    while (*hex) {
        unsigned int byte;
        int n;

        if (*hex == ' ') {
            hex++;
            continue;
        }
        assert_int_equal(sscanf(hex, "%2x%n", &byte, &n), 1);
        assert_int_equal(n, 2);
        *(uint8_t *) buffer_put_uninit(b, 1) = byte;
        hex += 2;
    }
    return b;
}

/* Asserts that message B is the bytes HEX spells.  If ANY_XID, B's xid
 * (fresh from ofp_alloc_xid()) is not compared. */
static void
check_bytes(const struct buffer *b, const char *hex, bool any_xid)
{
    struct buffer *expected = hex_to_buffer(hex);

    assert_int_equal(b->size, expected->size);
    if (any_xid) {
        assert_memory_equal(b->data, expected->data, 4);
        assert_memory_equal((uint8_t *) b->data + 8,
                            (uint8_t *) expected->data + 8, b->size - 8);
    } else {
        assert_memory_equal(b->data, expected->data, b->size);
    }
    buffer_delete(expected);
}

/* Asserts that LABEL followed by the text in S (and a newline if it does
 * not end with one, as the whole-message printer adds) is EXPECTED, and
 * empties S. */
static void
check_text(struct ds *s, const char *label, const char *expected)
{
    struct ds full = DS_EMPTY_INITIALIZER;

    ds_put_format(&full, "%s%s", label, ds_cstr(s));
    if (ds_last(&full) != '\n') {
        ds_put_char(&full, '\n');
    }
    assert_string_equal(ds_cstr(&full), expected);
    ds_destroy(&full);
    ds_clear(s);
}

static const struct ofp_header *
oh_of(const struct buffer *b)
{
    return b->data;
}

/* Echo, barrier, features request. */

static void
test_echo(void **state SLUICE_UNUSED)
{
    static const char request_hex[] = "01 02 00 0c 00 00 00 05 61 62 63 64";
    struct ds s = DS_EMPTY_INITIALIZER;
    struct buffer *request, *reply, *b;
    const void *payload;
    size_t size;

    request = ofp_encode_echo_request(OFP10_VERSION, "abcd", 4);
    check_bytes(request, request_hex, true);
    buffer_delete(request);

    request = hex_to_buffer(request_hex);
    reply = ofp_encode_echo_reply(oh_of(request));
    check_bytes(reply, "01 03 00 0c 00 00 00 05 61 62 63 64", false);

    assert_int_equal(ofp_decode_echo(oh_of(request), &payload, &size), 0);
    assert_int_equal(size, 4);
    assert_memory_equal(payload, "abcd", 4);
    ofp_echo_format(&s, payload, size);
    check_text(&s, "OFPT_ECHO_REQUEST (xid=0x5):",
               "OFPT_ECHO_REQUEST (xid=0x5): 4 bytes of payload\n"
               "00000000  61 62 63 64                                     "
               "|abcd            |\n");
    assert_int_equal(ofp_decode_echo(oh_of(reply), &payload, &size), 0);
    assert_int_equal(size, 4);

    /* An empty payload (OpenFlow 1.3). */
    b = ofp_encode_echo_request(OFP13_VERSION, NULL, 0);
    check_bytes(b, "04 02 00 08 00 00 00 00", true);
    assert_int_equal(ofp_decode_echo(oh_of(b), &payload, &size), 0);
    assert_int_equal(size, 0);
    ofp_echo_format(&s, payload, size);
    check_text(&s, "OFPT_ECHO_REQUEST (OF1.3) (xid=0x0):",
               "OFPT_ECHO_REQUEST (OF1.3) (xid=0x0): 0 bytes of payload\n");
    buffer_delete(b);

    /* Not an echo; a header shorter than itself. */
    b = hex_to_buffer("01 05 00 08 00 00 00 01");
    assert_int_equal(ofp_decode_echo(oh_of(b), &payload, &size),
                     OFPERR_OFPBRC_BAD_TYPE);
    buffer_delete(b);
    b = hex_to_buffer("01 02 00 04 00 00 00 01");
    assert_int_equal(ofp_decode_echo(oh_of(b), &payload, &size),
                     OFPERR_OFPBRC_BAD_LEN);
    buffer_delete(b);

    buffer_delete(request);
    buffer_delete(reply);
    ds_destroy(&s);
}

static void
test_barrier_and_features_request(void **state SLUICE_UNUSED)
{
    struct buffer *request, *reply;

    request = ofp_encode_barrier_request(OFP10_VERSION);
    check_bytes(request, "01 12 00 08 00 00 00 00", true);
    reply = ofp_encode_barrier_reply(oh_of(request));
    assert_int_equal(reply->size, 8);
    assert_int_equal(oh_of(reply)->type, 0x13);
    assert_int_equal(oh_of(reply)->xid, oh_of(request)->xid);
    buffer_delete(request);
    buffer_delete(reply);

    request = ofp_encode_barrier_request(OFP13_VERSION);
    check_bytes(request, "04 14 00 08 00 00 00 00", true);
    reply = ofp_encode_barrier_reply(oh_of(request));
    assert_int_equal(oh_of(reply)->type, 0x15);
    assert_int_equal(oh_of(reply)->version, OFP13_VERSION);
    buffer_delete(request);
    buffer_delete(reply);

    request = ofp_encode_features_request(OFP15_VERSION);
    check_bytes(request, "06 05 00 08 00 00 00 00", true);
    buffer_delete(request);
}

/* Features reply. */

/* One OpenFlow 1.0 port: 1(eth0), 50:54:00:00:00:01, PORT_DOWN, current
 * 10MB-HD 10MB-FD 100MB-HD 100MB-FD COPPER AUTO_NEG. */
static const char port10_hex[] =
    "00 01 50 54 00 00 00 01 65 74 68 30 00 00 00 00 00 00 00 00 00 00 00 00"
    " 00 00 00 01 00 00 00 00 00 00 02 8f 00 00 00 00 00 00 00 00 00 00 00 00";

static const char feat10_hex[] =
    "01 06 00 50 00 00 00 09 00 00 00 00 00 00 12 34 00 00 01 00 fe 00 00 00"
    " 00 00 00 8f 00 00 08 01"
    " 00 01 50 54 00 00 00 01 65 74 68 30 00 00 00 00 00 00 00 00 00 00 00 00"
    " 00 00 00 01 00 00 00 00 00 00 02 8f 00 00 00 00 00 00 00 00 00 00 00 00";

/* Encodes FEATURES in VERSION with xid 9 and no ports, checks the bytes
 * against HEX, decodes them back into *DECODED and checks the text. */
static void
check_features(const struct ofp_switch_features *features,
               enum ofp_version version, const char *hex,
               struct ofp_switch_features *decoded, const char *label,
               const char *text)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    struct buffer ports;
    struct buffer *b;

    b = ofp_encode_features_reply(features, version, htonl(9), NULL, 0);
    check_bytes(b, hex, false);
    assert_int_equal(ofp_decode_features_reply(oh_of(b), decoded, &ports),
                     0);
    assert_int_equal(ports.size, 0);
    assert_int_equal(ofp_switch_features_format(&s, decoded, version,
                                                &ports), 0);
    check_text(&s, label, text);
    buffer_delete(b);
    ds_destroy(&s);
}

static void
test_features_reply(void **state SLUICE_UNUSED)
{
    struct ofp_switch_features f, d;
    struct ds s = DS_EMPTY_INITIALIZER;
    struct buffer *port, *b;
    struct buffer ports;

    /* OpenFlow 1.0 with one port and the action bitmap. */
    memset(&f, 0, sizeof f);
    f.datapath_id = 0x1234;
    f.n_buffers = 256;
    f.n_tables = 254;
    f.auxiliary_id = 7;         /* Dropped: 1.0 has no auxiliary id. */
    f.capabilities = (OFPC_FLOW_STATS | OFPC_TABLE_STATS | OFPC_PORT_STATS
                      | OFPC_STP | OFPC_ARP_MATCH_IP | OFPC_GROUP_STATS
                      | OFPC_PORT_BLOCKED);
    f.ofp10_actions = 0x801 | 0x10000;
    port = hex_to_buffer(port10_hex);
    b = ofp_encode_features_reply(&f, OFP10_VERSION, htonl(9), port->data,
                                  port->size);
    check_bytes(b, feat10_hex, false);
    assert_int_equal(ofp_decode_features_reply(oh_of(b), &d, &ports), 0);
    assert_true(d.datapath_id == 0x1234);
    assert_int_equal(d.n_buffers, 256);
    assert_int_equal(d.n_tables, 254);
    assert_int_equal(d.auxiliary_id, 0);
    assert_int_equal(d.capabilities,
                     OFPC_FLOW_STATS | OFPC_TABLE_STATS | OFPC_PORT_STATS
                     | OFPC_STP | OFPC_ARP_MATCH_IP);
    assert_int_equal(d.ofp10_actions, 0x801);
    assert_int_equal(ports.size, 48);
    assert_memory_equal(ports.data, port->data, 48);
    assert_int_equal(ofp_switch_features_format(&s, &d, OFP10_VERSION,
                                                &ports), 0);
    check_text(&s, "OFPT_FEATURES_REPLY (xid=0x9):",
               "OFPT_FEATURES_REPLY (xid=0x9): dpid:0000000000001234\n"
               "n_tables:254, n_buffers:256\n"
               "capabilities: FLOW_STATS TABLE_STATS PORT_STATS STP "
               "ARP_MATCH_IP\n"
               "actions: output enqueue\n"
               " 1(eth0): addr:50:54:00:00:00:01\n"
               "     config:     PORT_DOWN\n"
               "     state:      0\n"
               "     current:    10MB-HD 10MB-FD 100MB-HD 100MB-FD COPPER "
               "AUTO_NEG\n"
               "     speed: 100 Mbps now, 0 Mbps max\n");
    /* The port list is not consumed by formatting. */
    assert_int_equal(ports.size, 48);
    buffer_delete(b);
    buffer_delete(port);

    /* OpenFlow 1.1: GROUP_STATS takes bit 3, no actions. */
    memset(&f, 0, sizeof f);
    f.datapath_id = UINT64_C(0xfedcba9876543210);
    f.n_buffers = UINT32_MAX;
    f.n_tables = 255;
    f.capabilities = (OFPC_FLOW_STATS | OFPC_TABLE_STATS | OFPC_PORT_STATS
                      | OFPC_GROUP_STATS | OFPC_IP_REASM | OFPC_QUEUE_STATS
                      | OFPC_ARP_MATCH_IP | OFPC_STP);
    f.ofp10_actions = 0xfff;
    check_features(&f, OFP11_VERSION,
                   "02 06 00 20 00 00 00 09 fe dc ba 98 76 54 32 10"
                   " ff ff ff ff ff 00 00 00 00 00 00 ef 00 00 00 00",
                   &d, "OFPT_FEATURES_REPLY (OF1.1) (xid=0x9):",
                   "OFPT_FEATURES_REPLY (OF1.1) (xid=0x9): "
                   "dpid:fedcba9876543210\n"
                   "n_tables:255, n_buffers:4294967295\n"
                   "capabilities: FLOW_STATS TABLE_STATS PORT_STATS "
                   "GROUP_STATS IP_REASM QUEUE_STATS ARP_MATCH_IP\n");
    assert_int_equal(d.ofp10_actions, 0);

    /* OpenFlow 1.2: PORT_BLOCKED, no ARP_MATCH_IP. */
    memset(&f, 0, sizeof f);
    f.datapath_id = 1;
    f.n_tables = 1;
    f.capabilities = (OFPC_FLOW_STATS | OFPC_TABLE_STATS | OFPC_PORT_STATS
                      | OFPC_GROUP_STATS | OFPC_QUEUE_STATS
                      | OFPC_PORT_BLOCKED | OFPC_ARP_MATCH_IP
                      | OFPC_BUNDLES);
    check_features(&f, OFP12_VERSION,
                   "03 06 00 20 00 00 00 09 00 00 00 00 00 00 00 01"
                   " 00 00 00 00 01 00 00 00 00 00 01 4f 00 00 00 00",
                   &d, "OFPT_FEATURES_REPLY (OF1.2) (xid=0x9):",
                   "OFPT_FEATURES_REPLY (OF1.2) (xid=0x9): "
                   "dpid:0000000000000001\n"
                   "n_tables:1, n_buffers:0\n"
                   "capabilities: FLOW_STATS TABLE_STATS PORT_STATS "
                   "GROUP_STATS QUEUE_STATS PORT_BLOCKED\n");

    /* OpenFlow 1.3: the auxiliary id. */
    memset(&f, 0, sizeof f);
    f.datapath_id = 42;
    f.n_tables = 254;
    f.auxiliary_id = 3;
    f.capabilities = (OFPC_FLOW_STATS | OFPC_TABLE_STATS | OFPC_PORT_STATS
                      | OFPC_QUEUE_STATS | OFPC_PORT_BLOCKED);
    check_features(&f, OFP13_VERSION,
                   "04 06 00 20 00 00 00 09 00 00 00 00 00 00 00 2a"
                   " 00 00 00 00 fe 03 00 00 00 00 01 47 00 00 00 00",
                   &d, "OFPT_FEATURES_REPLY (OF1.3) (xid=0x9):",
                   "OFPT_FEATURES_REPLY (OF1.3) (xid=0x9): "
                   "dpid:000000000000002a\n"
                   "n_tables:254, n_buffers:0, auxiliary_id:3\n"
                   "capabilities: FLOW_STATS TABLE_STATS PORT_STATS "
                   "QUEUE_STATS PORT_BLOCKED\n");
    assert_int_equal(d.auxiliary_id, 3);

    /* OpenFlow 1.4: bundles and flow monitoring. */
    f.auxiliary_id = 0;
    f.capabilities |= OFPC_GROUP_STATS | OFPC_BUNDLES | OFPC_FLOW_MONITORING;
    check_features(&f, OFP14_VERSION,
                   "05 06 00 20 00 00 00 09 00 00 00 00 00 00 00 2a"
                   " 00 00 00 00 fe 00 00 00 00 00 07 4f 00 00 00 00",
                   &d, "OFPT_FEATURES_REPLY (OF1.4) (xid=0x9):",
                   "OFPT_FEATURES_REPLY (OF1.4) (xid=0x9): "
                   "dpid:000000000000002a\n"
                   "n_tables:254, n_buffers:0\n"
                   "capabilities: FLOW_STATS TABLE_STATS PORT_STATS "
                   "GROUP_STATS QUEUE_STATS PORT_BLOCKED BUNDLES "
                   "FLOW_MONITORING\n");
    assert_int_equal(d.capabilities, f.capabilities);

    /* No capabilities, no actions. */
    memset(&f, 0, sizeof f);
    check_features(&f, OFP10_VERSION,
                   "01 06 00 20 00 00 00 09 00 00 00 00 00 00 00 00"
                   " 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00",
                   &d, "OFPT_FEATURES_REPLY (xid=0x9):",
                   "OFPT_FEATURES_REPLY (xid=0x9): dpid:0000000000000000\n"
                   "n_tables:0, n_buffers:0\n"
                   "capabilities: 0\n");
    ds_destroy(&s);
}

static void
test_features_reply_errors(void **state SLUICE_UNUSED)
{
    struct ofp_switch_features d;
    struct ds s = DS_EMPTY_INITIALIZER;
    struct buffer ports;
    struct buffer *b;

    /* OpenFlow 1.0: one byte more than the fixed part. */
    b = hex_to_buffer("01 06 00 21 00 00 00 01 00 00 00 00 00 00 12 34"
                      " 00 00 01 00 fe 00 00 00 00 00 00 87 00 00 0f ff 00");
    assert_int_equal(ofp_decode_features_reply(oh_of(b), &d, &ports),
                     OFPERR_OFPBRC_BAD_LEN);
    buffer_delete(b);

    /* OpenFlow 1.3 has no port list. */
    b = hex_to_buffer("04 06 00 28 00 00 00 01 00 00 00 00 00 00 12 34"
                      " 00 00 01 00 fe 00 00 00 00 00 00 87 00 00 0f ff"
                      " 00 00 00 00 00 00 00 00");
    assert_int_equal(ofp_decode_features_reply(oh_of(b), &d, &ports),
                     OFPERR_OFPBRC_BAD_LEN);
    buffer_delete(b);

    /* A features request is not a reply. */
    b = hex_to_buffer("01 05 00 08 00 00 00 01");
    assert_int_equal(ofp_decode_features_reply(oh_of(b), &d, &ports),
                     OFPERR_OFPBRC_BAD_TYPE);
    buffer_delete(b);

    /* A port list that ofp-port cannot decode (a 48-byte port in a 1.1
     * view): formatting fails and leaves S alone. */
    b = hex_to_buffer(port10_hex);
    memset(&d, 0, sizeof d);
    assert_int_not_equal(ofp_switch_features_format(&s, &d, OFP11_VERSION,
                                                    b), 0);
    assert_int_equal(s.length, 0);
    buffer_delete(b);
    ds_destroy(&s);
}

/* Switch configuration. */

static void
test_switch_config(void **state SLUICE_UNUSED)
{
    struct ofp_switch_config c, d;
    struct ds s = DS_EMPTY_INITIALIZER;
    struct buffer *request, *b;

    c.frag = OFPC_FRAG_DROP;
    c.invalid_ttl_to_controller = true;
    c.miss_send_len = 128;
    b = ofp_encode_set_config(&c, OFP10_VERSION);
    check_bytes(b, "01 09 00 0c 00 00 00 03 00 05 00 80", true);
    assert_int_equal(ofp_decode_set_config(oh_of(b), &d), 0);
    assert_int_equal(d.frag, OFPC_FRAG_DROP);
    assert_true(d.invalid_ttl_to_controller);
    assert_int_equal(d.miss_send_len, 128);
    ofp_switch_config_format(&s, &d);
    check_text(&s, "OFPT_SET_CONFIG (xid=0x3):",
               "OFPT_SET_CONFIG (xid=0x3): frags=drop "
               "invalid_ttl_to_controller miss_send_len=128\n");
    buffer_delete(b);

    /* OpenFlow 1.3 has no invalid-TTL flag. */
    c.frag = OFPC_FRAG_NX_MATCH;
    c.miss_send_len = OFPCML_NO_BUFFER;
    b = ofp_encode_set_config(&c, OFP13_VERSION);
    check_bytes(b, "04 09 00 0c 00 00 00 03 00 03 ff ff", true);
    assert_int_equal(ofp_decode_set_config(oh_of(b), &d), 0);
    assert_false(d.invalid_ttl_to_controller);
    ofp_switch_config_format(&s, &d);
    check_text(&s, "OFPT_SET_CONFIG (OF1.3) (xid=0x3):",
               "OFPT_SET_CONFIG (OF1.3) (xid=0x3): frags=nx-match "
               "miss_send_len=65535\n");
    buffer_delete(b);

    /* Get-config request and reply. */
    request = ofp_encode_get_config_request(OFP12_VERSION);
    check_bytes(request, "03 07 00 08 00 00 00 00", true);
    ((struct ofp_header *) request->data)->xid = htonl(3);
    c.frag = OFPC_FRAG_REASM;
    c.invalid_ttl_to_controller = true;
    c.miss_send_len = OFPCML_MAX;
    b = ofp_encode_get_config_reply(oh_of(request), &c);
    check_bytes(b, "03 08 00 0c 00 00 00 03 00 06 ff e5", false);
    assert_int_equal(ofp_decode_get_config_reply(oh_of(b), &d), 0);
    ofp_switch_config_format(&s, &d);
    check_text(&s, "OFPT_GET_CONFIG_REPLY (OF1.2) (xid=0x3):",
               "OFPT_GET_CONFIG_REPLY (OF1.2) (xid=0x3): frags=reassemble "
               "invalid_ttl_to_controller miss_send_len=65509\n");
    /* The wrong decoder for the message. */
    assert_int_equal(ofp_decode_set_config(oh_of(b), &d),
                     OFPERR_OFPBRC_BAD_TYPE);
    buffer_delete(b);
    buffer_delete(request);
    ds_destroy(&s);
}

static void
test_switch_config_errors(void **state SLUICE_UNUSED)
{
    struct ofp_switch_config d;
    struct buffer *b;

    /* The invalid-TTL flag in OpenFlow 1.3: an error in set-config, ignored
     * in a get-config reply. */
    b = hex_to_buffer("04 09 00 0c 00 00 00 01 00 04 00 80");
    assert_int_equal(ofp_decode_set_config(oh_of(b), &d),
                     OFPERR_OFPSCFC_BAD_FLAGS);
    buffer_delete(b);
    b = hex_to_buffer("04 08 00 0c 00 00 00 01 00 0c 00 80");
    assert_int_equal(ofp_decode_get_config_reply(oh_of(b), &d), 0);
    assert_int_equal(d.frag, OFPC_FRAG_NORMAL);
    assert_false(d.invalid_ttl_to_controller);
    assert_int_equal(d.miss_send_len, 128);
    buffer_delete(b);

    /* An unknown flag in OpenFlow 1.0. */
    b = hex_to_buffer("01 09 00 0c 00 00 00 01 00 08 00 80");
    assert_int_equal(ofp_decode_set_config(oh_of(b), &d),
                     OFPERR_OFPSCFC_BAD_FLAGS);
    buffer_delete(b);

    /* A body one byte too long. */
    b = hex_to_buffer("01 09 00 0d 00 00 00 01 00 00 00 80 00");
    assert_int_equal(ofp_decode_set_config(oh_of(b), &d),
                     OFPERR_OFPBRC_BAD_LEN);
    buffer_delete(b);

    /* miss_send_len between OFPCML_MAX and OFPCML_NO_BUFFER: accepted, as
     * Open vSwitch does. */
    b = hex_to_buffer("04 09 00 0c 00 00 00 01 00 00 ff f0");
    assert_int_equal(ofp_decode_set_config(oh_of(b), &d), 0);
    assert_int_equal(d.miss_send_len, 0xfff0);
    buffer_delete(b);
}

/* Description statistics. */

/* Asserts that the SIZE-byte field at P holds STR and zeros after it. */
static void
check_field(const uint8_t *p, const char *str, size_t size)
{
    size_t len = strlen(str);
    size_t i;

    assert_memory_equal(p, str, len);
    for (i = len; i < size; i++) {
        assert_int_equal(p[i], 0);
    }
}

static void
test_desc_stats(void **state SLUICE_UNUSED)
{
    struct ofp_switch_desc desc, d;
    struct ds s = DS_EMPTY_INITIALIZER;
    struct buffer *request, *reply;
    const uint8_t *body;

    request = ofp_encode_desc_stats_request(OFP10_VERSION);
    check_bytes(request, "01 10 00 0c 00 00 00 00 00 00 00 00", true);
    buffer_delete(request);
    request = ofp_encode_desc_stats_request(OFP13_VERSION);
    check_bytes(request, "04 12 00 10 00 00 00 00 00 00 00 00 00 00 00 00",
                true);
    ((struct ofp_header *) request->data)->xid = htonl(1);

    memset(&desc, 0, sizeof desc);
    strcpy(desc.mfr_desc, "Nicira, Inc.");
    strcpy(desc.hw_desc, "Open vSwitch");
    strcpy(desc.sw_desc, "3.1.0");
    strcpy(desc.serial_num, "None");
    strcpy(desc.dp_desc, "br0 datapath");
    reply = ofp_encode_desc_stats_reply(oh_of(request), &desc);
    assert_int_equal(reply->size, 16 + 1056);
    body = reply->data;
    {
        struct buffer *hdr = hex_to_buffer("04 13 04 30 00 00 00 01"
                                           " 00 00 00 00 00 00 00 00");

        assert_memory_equal(body, hdr->data, 16);
        buffer_delete(hdr);
    }
    check_field(body + 16, "Nicira, Inc.", 256);
    check_field(body + 16 + 256, "Open vSwitch", 256);
    check_field(body + 16 + 512, "3.1.0", 256);
    check_field(body + 16 + 768, "None", 32);
    check_field(body + 16 + 800, "br0 datapath", 256);
    assert_int_equal(ofp_decode_desc_stats_reply(oh_of(reply), &d), 0);
    assert_string_equal(d.mfr_desc, desc.mfr_desc);
    assert_string_equal(d.hw_desc, desc.hw_desc);
    assert_string_equal(d.sw_desc, desc.sw_desc);
    assert_string_equal(d.serial_num, desc.serial_num);
    assert_string_equal(d.dp_desc, desc.dp_desc);
    ofp_switch_desc_format(&s, &d);
    check_text(&s, "OFPST_DESC reply (OF1.3) (xid=0x1):",
               "OFPST_DESC reply (OF1.3) (xid=0x1):\n"
               "Manufacturer: Nicira, Inc.\n"
               "Hardware: Open vSwitch\n"
               "Software: 3.1.0\n"
               "Serial Num: None\n"
               "DP Description: br0 datapath\n");
    buffer_delete(reply);

    /* Strings that fill their fields have no terminator on the wire. */
    memset(desc.mfr_desc, 'A', OFP_DESC_STR_LEN);
    memset(desc.serial_num, 'D', OFP_SERIAL_NUM_LEN);
    reply = ofp_encode_desc_stats_reply(oh_of(request), &desc);
    body = reply->data;
    assert_int_equal(body[16 + 255], 'A');
    assert_int_equal(body[16 + 256], 'O');
    assert_int_equal(body[16 + 768 + 31], 'D');
    assert_int_equal(body[16 + 800], 'b');
    assert_int_equal(ofp_decode_desc_stats_reply(oh_of(reply), &d), 0);
    assert_int_equal(strlen(d.mfr_desc), 256);
    assert_int_equal(strlen(d.serial_num), 32);
    assert_string_equal(d.hw_desc, "Open vSwitch");
    buffer_delete(reply);

    /* Errors: the request is not a reply; a short reply. */
    assert_int_equal(ofp_decode_desc_stats_reply(oh_of(request), &d),
                     OFPERR_OFPBRC_BAD_TYPE);
    reply = hex_to_buffer("04 13 00 18 00 00 00 01 00 00 00 00 00 00 00 00"
                          " 41 41 41 41 41 41 41 41");
    assert_int_equal(ofp_decode_desc_stats_reply(oh_of(reply), &d),
                     OFPERR_OFPBRC_BAD_LEN);
    buffer_delete(reply);
    buffer_delete(request);
    ds_destroy(&s);
}

/* Roles. */

/* Decodes role message B into *RR and checks its text. */
static void
check_role(const struct buffer *b, struct ofp_role_request *rr,
           const char *label, const char *text)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    assert_int_equal(ofp_decode_role_message(oh_of(b), rr), 0);
    ofp_role_request_format(&s, rr);
    check_text(&s, label, text);
    ds_destroy(&s);
}

static void
test_role(void **state SLUICE_UNUSED)
{
    struct ofp_role_request rr, d;
    struct buffer *request, *reply;

    /* OpenFlow 1.0: Nicira's form, which has no generation id. */
    rr.role = OFPCR_ROLE_MASTER;
    rr.have_generation_id = true;
    rr.generation_id = 5;
    request = ofp_encode_role_request(&rr, OFP10_VERSION);
    check_bytes(request, "01 04 00 14 00 00 00 0b 00 00 23 20 00 00 00 0a"
                " 00 00 00 01", true);
    ((struct ofp_header *) request->data)->xid = htonl(11);
    check_role(request, &d, "NXT_ROLE_REQUEST (xid=0xb):",
               "NXT_ROLE_REQUEST (xid=0xb): role=primary\n");
    assert_int_equal(d.role, OFPCR_ROLE_MASTER);
    assert_false(d.have_generation_id);
    rr.role = OFPCR_ROLE_SLAVE;
    reply = ofp_encode_role_reply(oh_of(request), &rr);
    check_bytes(reply, "01 04 00 14 00 00 00 0b 00 00 23 20 00 00 00 0b"
                " 00 00 00 02", false);
    check_role(reply, &d, "NXT_ROLE_REPLY (xid=0xb):",
               "NXT_ROLE_REPLY (xid=0xb): role=secondary\n");
    buffer_delete(request);
    buffer_delete(reply);

    /* OpenFlow 1.1 uses Nicira's form too; EQUAL is NX_ROLE_OTHER. */
    rr.role = OFPCR_ROLE_EQUAL;
    request = ofp_encode_role_request(&rr, OFP11_VERSION);
    check_bytes(request, "02 04 00 14 00 00 00 0b 00 00 23 20 00 00 00 0a"
                " 00 00 00 00", true);
    assert_int_equal(ofp_decode_role_message(oh_of(request), &d), 0);
    assert_int_equal(d.role, OFPCR_ROLE_EQUAL);
    buffer_delete(request);

    /* OpenFlow 1.2: the standard form with a generation id. */
    rr.role = OFPCR_ROLE_MASTER;
    rr.generation_id = 7;
    request = ofp_encode_role_request(&rr, OFP12_VERSION);
    check_bytes(request, "03 18 00 18 00 00 00 0b 00 00 00 02 00 00 00 00"
                " 00 00 00 00 00 00 00 07", true);
    ((struct ofp_header *) request->data)->xid = htonl(11);
    check_role(request, &d, "OFPT_ROLE_REQUEST (OF1.2) (xid=0xb):",
               "OFPT_ROLE_REQUEST (OF1.2) (xid=0xb): role=primary "
               "generation_id=7\n");
    assert_true(d.have_generation_id);
    assert_true(d.generation_id == 7);
    buffer_delete(request);

    /* A reply without a generation id: 0xffff...ff. */
    request = hex_to_buffer("04 18 00 18 00 00 00 0b 00 00 00 00 00 00 00 00"
                            " 00 00 00 00 00 00 00 2a");
    check_role(request, &d, "OFPT_ROLE_REQUEST (OF1.3) (xid=0xb):",
               "OFPT_ROLE_REQUEST (OF1.3) (xid=0xb): role=nochange\n");
    assert_false(d.have_generation_id);
    rr.role = OFPCR_ROLE_SLAVE;
    rr.have_generation_id = false;
    reply = ofp_encode_role_reply(oh_of(request), &rr);
    check_bytes(reply, "04 19 00 18 00 00 00 0b 00 00 00 03 00 00 00 00"
                " ff ff ff ff ff ff ff ff", false);
    check_role(reply, &d, "OFPT_ROLE_REPLY (OF1.3) (xid=0xb):",
               "OFPT_ROLE_REPLY (OF1.3) (xid=0xb): role=secondary\n");
    assert_false(d.have_generation_id);
    buffer_delete(reply);
    /* ...and a reply with one, even for NOCHANGE. */
    rr.role = OFPCR_ROLE_NOCHANGE;
    rr.have_generation_id = true;
    rr.generation_id = 42;
    reply = ofp_encode_role_reply(oh_of(request), &rr);
    check_role(reply, &d, "OFPT_ROLE_REPLY (OF1.3) (xid=0xb):",
               "OFPT_ROLE_REPLY (OF1.3) (xid=0xb): role=nochange "
               "generation_id=42\n");
    buffer_delete(reply);
    buffer_delete(request);
}

static void
test_role_errors(void **state SLUICE_UNUSED)
{
    struct ofp_role_request d;
    struct buffer *b;

    b = hex_to_buffer("03 18 00 18 00 00 00 01 00 00 00 04 00 00 00 00"
                      " 00 00 00 00 00 00 00 2a");
    assert_int_equal(ofp_decode_role_message(oh_of(b), &d),
                     OFPERR_OFPRRFC_BAD_ROLE);
    buffer_delete(b);
    b = hex_to_buffer("01 04 00 14 00 00 00 01 00 00 23 20 00 00 00 0a"
                      " 00 00 00 03");
    assert_int_equal(ofp_decode_role_message(oh_of(b), &d),
                     OFPERR_OFPRRFC_BAD_ROLE);
    buffer_delete(b);
    /* OFPT_ROLE_REQUEST does not exist before OpenFlow 1.2. */
    b = hex_to_buffer("02 18 00 18 00 00 00 01 00 00 00 01 00 00 00 00"
                      " 00 00 00 00 00 00 00 2a");
    assert_int_equal(ofp_decode_role_message(oh_of(b), &d),
                     OFPERR_OFPBRC_BAD_TYPE);
    buffer_delete(b);
    /* A short body. */
    b = hex_to_buffer("03 18 00 14 00 00 00 01 00 00 00 01 00 00 00 00");
    assert_int_equal(ofp_decode_role_message(oh_of(b), &d),
                     OFPERR_OFPBRC_BAD_LEN);
    buffer_delete(b);
    /* Not a role message. */
    b = hex_to_buffer("03 05 00 08 00 00 00 01");
    assert_int_equal(ofp_decode_role_message(oh_of(b), &d),
                     OFPERR_OFPBRC_BAD_TYPE);
    buffer_delete(b);
}

static void
test_role_status(void **state SLUICE_UNUSED)
{
    struct ofp_role_status rs, d;
    struct ds s = DS_EMPTY_INITIALIZER;
    struct buffer *b;

    rs.role = OFPCR_ROLE_EQUAL;
    rs.reason = OFPCRR_CONFIG;
    rs.generation_id = 9;
    b = ofp_encode_role_status(&rs, OFP14_VERSION);
    check_bytes(b, "05 1e 00 18 00 00 00 00 00 00 00 01 01 00 00 00"
                " 00 00 00 00 00 00 00 09", false);
    assert_int_equal(ofp_decode_role_status(oh_of(b), &d), 0);
    assert_int_equal(d.role, OFPCR_ROLE_EQUAL);
    assert_int_equal(d.reason, OFPCRR_CONFIG);
    assert_true(d.generation_id == 9);
    ofp_role_status_format(&s, &d);
    check_text(&s, "OFPT_ROLE_STATUS (OF1.4) (xid=0x0):",
               "OFPT_ROLE_STATUS (OF1.4) (xid=0x0): role=equal "
               "generation_id=9 reason=configuration_changed\n");
    buffer_delete(b);

    /* Properties are ignored; no generation id; an unknown reason. */
    b = hex_to_buffer("05 1e 00 20 00 00 00 01 00 00 00 03 03 00 00 00"
                      " ff ff ff ff ff ff ff ff ff ff 00 08 00 00 00 01");
    assert_int_equal(ofp_decode_role_status(oh_of(b), &d), 0);
    ofp_role_status_format(&s, &d);
    check_text(&s, "OFPT_ROLE_STATUS (OF1.4) (xid=0x1):",
               "OFPT_ROLE_STATUS (OF1.4) (xid=0x1): role=secondary "
               "reason=(unknown)\n");
    buffer_delete(b);
    rs.reason = OFPCRR_MASTER_REQUEST;
    rs.role = OFPCR_ROLE_MASTER;
    ofp_role_status_format(&s, &rs);
    check_text(&s, "L:", "L: role=primary generation_id=9 "
               "reason=primary_request\n");
    rs.reason = OFPCRR_EXPERIMENTER;
    ofp_role_status_format(&s, &rs);
    check_text(&s, "L:", "L: role=primary generation_id=9 "
               "reason=experimenter_data_changed\n");

    b = hex_to_buffer("05 1e 00 18 00 00 00 01 00 00 00 05 00 00 00 00"
                      " ff ff ff ff ff ff ff ff");
    assert_int_equal(ofp_decode_role_status(oh_of(b), &d),
                     OFPERR_OFPRRFC_BAD_ROLE);
    buffer_delete(b);
    b = hex_to_buffer("04 1e 00 18 00 00 00 01 00 00 00 01 00 00 00 00"
                      " ff ff ff ff ff ff ff ff");
    assert_int_equal(ofp_decode_role_status(oh_of(b), &d),
                     OFPERR_OFPBRC_BAD_TYPE);
    buffer_delete(b);
    ds_destroy(&s);
}

/* Asynchronous message configuration. */

static const char async_text[] =
    " primary:\n"
    "       PACKET_IN: no_match action\n"
    "     PORT_STATUS: add delete modify\n"
    "    FLOW_REMOVED: idle hard delete group_delete eviction\n"
    "     ROLE_STATUS: (off)\n"
    "    TABLE_STATUS: (off)\n"
    "  REQUESTFORWARD: (off)\n"
    "\n"
    " secondary:\n"
    "       PACKET_IN: (off)\n"
    "     PORT_STATUS: add modify\n"
    "    FLOW_REMOVED: (off)\n"
    "     ROLE_STATUS: (off)\n"
    "    TABLE_STATUS: (off)\n"
    "  REQUESTFORWARD: (off)\n";

/* The configuration that async_text shows, with extra bits that the mask
 * forms drop. */
static void
init_legacy_config(struct ofp_async_config *ac)
{
    memset(ac, 0, sizeof *ac);
    ac->master[OAM_PACKET_IN] = 0x3 | 0x20;
    ac->master[OAM_PORT_STATUS] = 0x7;
    ac->master[OAM_FLOW_REMOVED] = 0x2f;
    ac->slave[OAM_PORT_STATUS] = 0x5;
    ac->master[OAM_ROLE_STATUS] = 0x1;
}

static void
check_async_text(const struct ofp_async_config *ac, const char *label)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    char *expected = xasprintf("%s\n%s", label, async_text);

    ofp_async_config_format(&s, ac);
    check_text(&s, label, expected);
    free(expected);
    ds_destroy(&s);
}

static void
test_async_masks(void **state SLUICE_UNUSED)
{
    static const uint32_t oams = ((1u << OAM_PACKET_IN)
                                  | (1u << OAM_PORT_STATUS)
                                  | (1u << OAM_FLOW_REMOVED));
    struct ofp_async_config ac, d, basis;
    struct buffer *b, *request;

    init_legacy_config(&ac);
    memset(&basis, 0xff, sizeof basis);

    /* OpenFlow 1.3's OFPT_SET_ASYNC. */
    b = ofp_encode_set_async_config(&ac, oams, OFP13_VERSION);
    check_bytes(b, "04 1c 00 20 00 00 00 0d 00 00 00 03 00 00 00 00"
                " 00 00 00 07 00 00 00 05 00 00 00 2f 00 00 00 00", true);
    assert_int_equal(ofp_decode_set_async_config(oh_of(b), false, &basis,
                                                 &d), 0);
    ((struct ofp_header *) b->data)->xid = htonl(13);
    check_async_text(&d, "OFPT_SET_ASYNC (OF1.3) (xid=0xd):");
    /* The mask form sets every kind: nothing of BASIS survives. */
    assert_int_equal(d.master[OAM_ROLE_STATUS], 0);
    assert_int_equal(d.master[OAM_PACKET_IN], 0x3);
    buffer_delete(b);

    /* OpenFlow 1.0: Nicira's NXT_SET_ASYNC_CONFIG. */
    b = ofp_encode_set_async_config(&ac, oams, OFP10_VERSION);
    check_bytes(b, "01 04 00 28 00 00 00 0d 00 00 23 20 00 00 00 13"
                " 00 00 00 03 00 00 00 00 00 00 00 07 00 00 00 05"
                " 00 00 00 2f 00 00 00 00", true);
    assert_int_equal(ofp_decode_set_async_config(oh_of(b), false, &basis,
                                                 &d), 0);
    check_async_text(&d, "NXT_SET_ASYNC_CONFIG (xid=0xd):");
    buffer_delete(b);

    /* OpenFlow 1.3's get-async request and reply. */
    request = ofp_encode_get_async_request(OFP13_VERSION);
    check_bytes(request, "04 1a 00 08 00 00 00 00", true);
    ((struct ofp_header *) request->data)->xid = htonl(13);
    b = ofp_encode_get_async_reply(oh_of(request), &ac);
    check_bytes(b, "04 1b 00 20 00 00 00 0d 00 00 00 03 00 00 00 00"
                " 00 00 00 07 00 00 00 05 00 00 00 2f 00 00 00 00", false);
    assert_int_equal(ofp_decode_set_async_config(oh_of(b), true, &basis,
                                                 &d), 0);
    check_async_text(&d, "OFPT_GET_ASYNC_REPLY (OF1.3) (xid=0xd):");
    buffer_delete(b);
    buffer_delete(request);

    /* The mask forms drop undefined bits even when not loose. */
    b = hex_to_buffer("04 1c 00 20 00 00 00 01 ff ff ff ff ff ff ff ff"
                      " ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff");
    assert_int_equal(ofp_decode_set_async_config(oh_of(b), false, &basis,
                                                 &d), 0);
    assert_int_equal(d.master[OAM_PACKET_IN], 0x7);
    assert_int_equal(d.slave[OAM_PORT_STATUS], 0x7);
    assert_int_equal(d.slave[OAM_FLOW_REMOVED], 0x3f);
    buffer_delete(b);

    /* A short body; a message that is not about async config. */
    b = hex_to_buffer("04 1c 00 1c 00 00 00 01 ff ff ff ff ff ff ff ff"
                      " ff ff ff ff ff ff ff ff ff ff ff ff");
    assert_int_equal(ofp_decode_set_async_config(oh_of(b), false, &basis,
                                                 &d), OFPERR_OFPBRC_BAD_LEN);
    buffer_delete(b);
    b = hex_to_buffer("04 1a 00 08 00 00 00 01");
    assert_int_equal(ofp_decode_set_async_config(oh_of(b), false, &basis,
                                                 &d), OFPERR_OFPBRC_BAD_TYPE);
    buffer_delete(b);
}

static const char props14_hex[] =
    "05 1c 00 68 00 00 00 0e"
    " 00 00 00 08 00 00 00 00 00 01 00 08 00 00 00 21"
    " 00 02 00 08 00 00 00 05 00 03 00 08 00 00 00 00"
    " 00 04 00 08 00 00 00 00 00 05 00 08 00 00 00 00"
    " 00 06 00 08 00 00 00 04 00 07 00 08 00 00 00 00"
    " 00 08 00 08 00 00 00 00 00 09 00 08 00 00 00 18"
    " 00 0a 00 08 00 00 00 00 00 0b 00 08 00 00 00 01";

static void
init_props_config(struct ofp_async_config *ac)
{
    memset(ac, 0, sizeof *ac);
    ac->master[OAM_PACKET_IN] = 0x21;
    ac->slave[OAM_PORT_STATUS] = 0x5;
    ac->slave[OAM_ROLE_STATUS] = 0x4;
    ac->master[OAM_TABLE_STATUS] = 0x18 | 0x1;
    ac->master[OAM_REQUESTFORWARD] = 0x1;
}

static void
test_async_props(void **state SLUICE_UNUSED)
{
    struct ofp_async_config ac, d, basis;
    struct ds s = DS_EMPTY_INITIALIZER;
    struct buffer *b, *request;

    init_props_config(&ac);
    memset(&basis, 0, sizeof basis);

    /* OpenFlow 1.4's OFPT_SET_ASYNC, every kind. */
    b = ofp_encode_set_async_config(&ac, UINT32_MAX, OFP14_VERSION);
    check_bytes(b, props14_hex, true);
    assert_int_equal(ofp_decode_set_async_config(oh_of(b), false, &basis,
                                                 &d), 0);
    ac.master[OAM_TABLE_STATUS] = 0x18;
    assert_memory_equal(&d, &ac, sizeof d);
    ofp_async_config_format(&s, &d);
    check_text(&s, "OFPT_SET_ASYNC (OF1.4) (xid=0xe):",
               "OFPT_SET_ASYNC (OF1.4) (xid=0xe):\n"
               " primary:\n"
               "       PACKET_IN: no_match packet_out\n"
               "     PORT_STATUS: (off)\n"
               "    FLOW_REMOVED: (off)\n"
               "     ROLE_STATUS: (off)\n"
               "    TABLE_STATUS: vacancy_down vacancy_up\n"
               "  REQUESTFORWARD: group_mod_request\n"
               "\n"
               " secondary:\n"
               "       PACKET_IN: (off)\n"
               "     PORT_STATUS: add modify\n"
               "    FLOW_REMOVED: (off)\n"
               "     ROLE_STATUS: experimenter_data_changed\n"
               "    TABLE_STATUS: (off)\n"
               "  REQUESTFORWARD: (off)\n");
    buffer_delete(b);

    /* The get-async reply carries the same properties. */
    request = ofp_encode_get_async_request(OFP14_VERSION);
    check_bytes(request, "05 1a 00 08 00 00 00 00", true);
    ((struct ofp_header *) request->data)->xid = htonl(14);
    b = ofp_encode_get_async_reply(oh_of(request), &ac);
    assert_int_equal(b->size, 0x68);
    assert_int_equal(oh_of(b)->type, 27);
    assert_int_equal(oh_of(b)->xid, htonl(14));
    {
        struct buffer *expected = hex_to_buffer(props14_hex);

        assert_memory_equal((uint8_t *) b->data + 8,
                            (uint8_t *) expected->data + 8, 0x60);
        buffer_delete(expected);
    }
    assert_int_equal(ofp_decode_set_async_config(oh_of(b), true, &basis,
                                                 &d), 0);
    assert_memory_equal(&d, &ac, sizeof d);
    buffer_delete(b);
    buffer_delete(request);

    /* Before 1.4, kinds beyond the first three need Nicira's
     * NXT_SET_ASYNC_CONFIG2; a property form changes only what it names. */
    memset(&ac, 0, sizeof ac);
    ac.master[OAM_ROLE_STATUS] = 0x1;
    ac.slave[OAM_ROLE_STATUS] = 0x4;
    b = ofp_encode_set_async_config(&ac, 1u << OAM_ROLE_STATUS,
                                    OFP13_VERSION);
    check_bytes(b, "04 04 00 20 00 00 00 0e 00 00 23 20 00 00 00 1b"
                " 00 06 00 08 00 00 00 04 00 07 00 08 00 00 00 01", true);
    memset(&basis, 0, sizeof basis);
    basis.master[OAM_PACKET_IN] = 0x1;
    assert_int_equal(ofp_decode_set_async_config(oh_of(b), false, &basis,
                                                 &d), 0);
    assert_int_equal(d.master[OAM_PACKET_IN], 0x1);
    assert_int_equal(d.master[OAM_ROLE_STATUS], 0x1);
    assert_int_equal(d.slave[OAM_ROLE_STATUS], 0x4);
    buffer_delete(b);
    ds_destroy(&s);
}

/* Decodes the OpenFlow 1.4 set-async whose properties are PROPS_HEX,
 * strictly and then loosely, and checks the errors. */
static void
check_async_prop_error(const char *props_hex, enum ofperr strict,
                       enum ofperr loose)
{
    struct ofp_async_config basis, d;
    struct buffer *props = hex_to_buffer(props_hex);
    struct buffer *b = ofpraw_alloc_xid(OFPRAW_OFPT14_SET_ASYNC,
                                        OFP14_VERSION, htonl(1), 0);

    buffer_put(b, props->data, props->size);
    ofpmsg_update_length(b);
    memset(&basis, 0, sizeof basis);
    assert_int_equal(ofp_decode_set_async_config(oh_of(b), false, &basis,
                                                 &d), strict);
    assert_int_equal(ofp_decode_set_async_config(oh_of(b), true, &basis,
                                                 &d), loose);
    buffer_delete(b);
    buffer_delete(props);
}

static void
test_async_errors(void **state SLUICE_UNUSED)
{
    struct ofp_async_config basis, d;
    struct buffer *b;

    /* A bit that the kind does not define: port-status reason 3. */
    check_async_prop_error("00 03 00 08 00 00 00 08", OFPERR_OFPACFC_INVALID,
                           0);
    /* Packet-in reason 3 exists from 1.4 on only: valid here. */
    check_async_prop_error("00 01 00 08 00 00 00 08", 0, 0);
    /* An unknown property type. */
    check_async_prop_error("00 0c 00 08 00 00 00 01",
                           OFPERR_OFPACFC_UNSUPPORTED, 0);
    /* An experimenter property. */
    check_async_prop_error("ff ff 00 0c 00 00 23 20 00 00 00 01"
                           " 00 00 00 00", OFPERR_OFPBPC_BAD_EXP_TYPE, 0);
    /* A property with a body of 8 bytes. */
    check_async_prop_error("00 00 00 0c 00 00 00 01 00 00 00 00"
                           " 00 00 00 00",
                           OFPERR_OFPBPC_BAD_LEN, OFPERR_OFPBPC_BAD_LEN);
    /* A property whose padding overruns the message. */
    check_async_prop_error("00 00 00 08 00 00 00 01 00 01 00 0c 00 00 00 01",
                           OFPERR_OFPBPC_BAD_LEN, OFPERR_OFPBPC_BAD_LEN);
    /* A property shorter than its header. */
    check_async_prop_error("00 00 00 02 00 00 00 01",
                           OFPERR_OFPBPC_BAD_LEN, OFPERR_OFPBPC_BAD_LEN);

    /* In the loose form the undefined bits are dropped. */
    b = hex_to_buffer("05 1c 00 10 00 00 00 01 00 03 00 08 00 00 00 0f");
    memset(&basis, 0, sizeof basis);
    assert_int_equal(ofp_decode_set_async_config(oh_of(b), true, &basis,
                                                 &d), 0);
    assert_int_equal(d.master[OAM_PORT_STATUS], 0x7);
    buffer_delete(b);

    /* Packet-in reason 3 in NXT_SET_ASYNC_CONFIG2 of OpenFlow 1.0. */
    b = hex_to_buffer("01 04 00 18 00 00 00 01 00 00 23 20 00 00 00 1b"
                      " 00 01 00 08 00 00 00 08");
    assert_int_equal(ofp_decode_set_async_config(oh_of(b), false, &basis,
                                                 &d),
                     OFPERR_OFPACFC_INVALID);
    buffer_delete(b);

    /* What each version allows. */
    assert_int_equal(ofp_async_config_allowed(OAM_PACKET_IN, OFP13_VERSION),
                     0x7);
    assert_int_equal(ofp_async_config_allowed(OAM_PACKET_IN, OFP15_VERSION),
                     0x3f);
    assert_int_equal(ofp_async_config_allowed(OAM_TABLE_STATUS,
                                              OFP14_VERSION), 0x18);
    assert_int_equal(ofp_async_config_allowed(OAM_REQUESTFORWARD,
                                              OFP14_VERSION), 0x3);
}

/* NXT_SET_CONTROLLER_ID. */

static void
test_controller_id(void **state SLUICE_UNUSED)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    struct buffer *b;
    uint16_t id;

    b = ofp_encode_set_controller_id(123, OFP10_VERSION);
    check_bytes(b, "01 04 00 18 00 00 00 0c 00 00 23 20 00 00 00 14"
                " 00 00 00 00 00 00 00 7b", true);
    assert_int_equal(ofp_decode_set_controller_id(oh_of(b), &id), 0);
    assert_int_equal(id, 123);
    ofp_controller_id_format(&s, id);
    check_text(&s, "NXT_SET_CONTROLLER_ID (xid=0xc):",
               "NXT_SET_CONTROLLER_ID (xid=0xc): id=123\n");
    buffer_delete(b);

    /* The padding is ignored. */
    b = hex_to_buffer("04 04 00 18 00 00 00 01 00 00 23 20 00 00 00 14"
                      " 01 02 03 04 05 06 ff ff");
    assert_int_equal(ofp_decode_set_controller_id(oh_of(b), &id), 0);
    assert_int_equal(id, 65535);
    buffer_delete(b);

    b = hex_to_buffer("01 04 00 14 00 00 00 01 00 00 23 20 00 00 00 14"
                      " 00 00 00 7b");
    assert_int_equal(ofp_decode_set_controller_id(oh_of(b), &id),
                     OFPERR_OFPBRC_BAD_LEN);
    buffer_delete(b);
    b = hex_to_buffer("01 04 00 14 00 00 00 01 00 00 23 20 00 00 00 0a"
                      " 00 00 00 01");
    assert_int_equal(ofp_decode_set_controller_id(oh_of(b), &id),
                     OFPERR_OFPBRC_BAD_TYPE);
    buffer_delete(b);
    ds_destroy(&s);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_echo),
        cmocka_unit_test(test_barrier_and_features_request),
        cmocka_unit_test(test_features_reply),
        cmocka_unit_test(test_features_reply_errors),
        cmocka_unit_test(test_switch_config),
        cmocka_unit_test(test_switch_config_errors),
        cmocka_unit_test(test_desc_stats),
        cmocka_unit_test(test_role),
        cmocka_unit_test(test_role_errors),
        cmocka_unit_test(test_role_status),
        cmocka_unit_test(test_async_masks),
        cmocka_unit_test(test_async_props),
        cmocka_unit_test(test_async_errors),
        cmocka_unit_test(test_controller_id),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
