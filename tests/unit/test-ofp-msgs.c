/* Unit tests for lib/ofp-msgs.c.  Expected bytes were checked with Open
 * vSwitch 3.1's "ovs-ofctl ofp-print". */
#include <config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "buffer.h"
#include "list.h"
#include "ofp-errors.h"
#include "ofp-msgs.h"
#include "openflow.h"
#include "util.h"

/* Decodes the SIZE bytes at MSG, which must hold a whole message. */
static enum ofperr
decode(const uint8_t *msg, enum ofpraw *raw)
{
    return ofpraw_decode(raw, (const struct ofp_header *) msg);
}

/* Builds RAW in VERSION with xid 5 and the smallest body plus N_ELEMENTS
 * elements, and checks that it decodes as RAW. */
static void
check_raw_roundtrip(enum ofpraw raw, enum ofp_version version,
                    size_t n_elements)
{
    size_t element;
    size_t body = ofpraw_min_body_size(raw, &element);
    struct buffer *b = ofpraw_alloc_xid(raw, version, htonl(5), 0);
    enum ofpraw decoded = -1;
    enum ofptype type;

    buffer_put_zeros(b, body + n_elements * element);
    ofpmsg_update_length(b);
    assert_int_equal(decode(b->data, &decoded), 0);
    assert_int_equal(decoded, raw);
    assert_int_equal(ofptype_decode(&type, b->data), 0);
    assert_int_equal(type, ofptype_from_ofpraw(raw));

    if (element != 1) {
        /* One byte more is a bad length. */
        buffer_put_zeros(b, 1);
        ofpmsg_update_length(b);
        assert_int_equal(decode(b->data, &decoded), OFPERR_OFPBRC_BAD_LEN);
    }
    buffer_delete(b);
}

static void
test_every_raw_in_every_version(void **state SLUICE_UNUSED)
{
    int raw, v;
    int n = 0;

    for (raw = 0; raw < OFPRAW_N_RAWS; raw++) {
        for (v = OFP_MIN_VERSION; v <= OFP_MAX_VERSION; v++) {
            if (ofpraw_in_version(raw, v)) {
                check_raw_roundtrip(raw, v, 0);
                check_raw_roundtrip(raw, v, 2);
                n++;
            }
        }
    }
    assert_true(n > 300);
}

static void
check_header(enum ofpraw raw, enum ofp_version version,
             const uint8_t *expected, size_t size)
{
    struct buffer *b = ofpraw_alloc_xid(raw, version, htonl(5), 0);

    buffer_put_zeros(b, ofpraw_min_body_size(raw, NULL));
    ofpmsg_update_length(b);
    assert_int_equal(b->size, size);
    assert_memory_equal(b->data, expected, size);
    assert_ptr_equal(buffer_header(b), b->data);
    buffer_delete(b);
}

static void
test_headers(void **state SLUICE_UNUSED)
{
    static const uint8_t features13[] = {
        0x04, 0x05, 0x00, 0x08, 0x00, 0x00, 0x00, 0x05,
    };
    static const uint8_t barrier10[] = {
        0x01, 0x12, 0x00, 0x08, 0x00, 0x00, 0x00, 0x05,
    };
    static const uint8_t barrier13[] = {
        0x04, 0x14, 0x00, 0x08, 0x00, 0x00, 0x00, 0x05,
    };
    /* OFPST_TABLE request: 12-byte header in 1.0, 16 bytes from 1.1. */
    static const uint8_t table_req10[] = {
        0x01, 0x10, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x05, 0x00, 0x03, 0, 0,
    };
    static const uint8_t table_req13[] = {
        0x04, 0x12, 0x00, 0x10, 0x00, 0x00, 0x00, 0x05,
        0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    };
    static const uint8_t set_flow_format[] = {
        0x01, 0x04, 0x00, 0x14, 0x00, 0x00, 0x00, 0x05,
        0x00, 0x00, 0x23, 0x20, 0x00, 0x00, 0x00, 0x0c,
        0x00, 0x00, 0x00, 0x00,
    };
    /* NXST_FLOW_MONITOR request: NXST header, empty body. */
    static const uint8_t nxst10[] = {
        0x01, 0x10, 0x00, 0x18, 0x00, 0x00, 0x00, 0x05,
        0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x23, 0x20,
        0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00,
    };
    static const uint8_t onf_bundle13[] = {
        0x04, 0x04, 0x00, 0x18, 0x00, 0x00, 0x00, 0x05,
        0x4f, 0x4e, 0x46, 0x00, 0x00, 0x00, 0x08, 0xfc,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    };

    check_header(OFPRAW_OFPT_FEATURES_REQUEST, OFP13_VERSION, features13,
                 sizeof features13);
    check_header(OFPRAW_OFPT10_BARRIER_REQUEST, OFP10_VERSION, barrier10,
                 sizeof barrier10);
    check_header(OFPRAW_OFPT11_BARRIER_REQUEST, OFP13_VERSION, barrier13,
                 sizeof barrier13);
    check_header(OFPRAW_OFPST_TABLE_REQUEST, OFP10_VERSION, table_req10,
                 sizeof table_req10);
    check_header(OFPRAW_OFPST_TABLE_REQUEST, OFP13_VERSION, table_req13,
                 sizeof table_req13);
    check_header(OFPRAW_NXT_SET_FLOW_FORMAT, OFP10_VERSION, set_flow_format,
                 sizeof set_flow_format);
    check_header(OFPRAW_NXST_FLOW_MONITOR_REQUEST, OFP10_VERSION, nxst10,
                 sizeof nxst10);
    check_header(OFPRAW_ONFT13_BUNDLE_CONTROL, OFP13_VERSION, onf_bundle13,
                 sizeof onf_bundle13);
}

static void
test_decode_errors(void **state SLUICE_UNUSED)
{
    enum ofpraw raw;

    /* Unknown version; hello is accepted in any version but 0. */
    static const uint8_t v7_features[] = { 7, 5, 0, 8, 0, 0, 0, 1 };
    static const uint8_t v7_hello[] = { 7, 0, 0, 8, 0, 0, 0, 1 };
    static const uint8_t v0_echo[] = { 0, 2, 0, 8, 0, 0, 0, 1 };
    /* Types: unknown; role request does not exist in 1.0. */
    static const uint8_t type99[] = { 4, 99, 0, 8, 0, 0, 0, 1 };
    static const uint8_t role10[] = {
        1, 24, 0, 24, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0,
    };
    /* Statistics type 99, and meter stats in 1.2. */
    static const uint8_t stat99[] = {
        4, 18, 0, 16, 0, 0, 0, 1, 0, 99, 0, 0, 0, 0, 0, 0,
    };
    static const uint8_t meter12[] = {
        3, 18, 0, 24, 0, 0, 0, 1, 0, 9, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0,
    };
    /* Vendors and subtypes. */
    static const uint8_t vendor_x[] = {
        1, 4, 0, 16, 0, 0, 0, 1, 0, 0, 0x12, 0x34, 0, 0, 0, 12,
    };
    static const uint8_t nx_subtype99[] = {
        1, 4, 0, 16, 0, 0, 0, 1, 0, 0, 0x23, 0x20, 0, 0, 0, 99,
    };
    static const uint8_t onf_bundle14[] = {
        5, 4, 0, 24, 0, 0, 0, 1, 0x4f, 0x4e, 0x46, 0x00, 0, 0, 8, 0xfc,
        0, 0, 0, 0, 0, 0, 0, 0,
    };
    static const uint8_t nxst_vendor_x[] = {
        4, 18, 0, 24, 0, 0, 0, 1, 0xff, 0xff, 0, 0, 0, 0, 0, 0,
        0, 0, 0x12, 0x34, 0, 0, 0, 0,
    };
    static const uint8_t nxst_subtype99[] = {
        1, 16, 0, 24, 0, 0, 0, 1, 0xff, 0xff, 0, 0, 0, 0, 0x23, 0x20,
        0, 0, 0, 99, 0, 0, 0, 0,
    };
    /* Lengths. */
    static const uint8_t len4[] = { 4, 5, 0, 4, 0, 0, 0, 1 };
    static const uint8_t features_long[] = {
        4, 5, 0, 12, 0, 0, 0, 1, 0, 0, 0, 0,
    };
    static const uint8_t vendor_short[] = {
        1, 4, 0, 10, 0, 0, 0, 1, 0, 0,
    };
    static const uint8_t subtype_short[] = {
        1, 4, 0, 12, 0, 0, 0, 1, 0, 0, 0x23, 0x20,
    };
    static const uint8_t stats_short[] = {
        4, 18, 0, 12, 0, 0, 0, 1, 0, 3, 0, 0,
    };
    static const uint8_t set_config_short[] = {
        4, 9, 0, 10, 0, 0, 0, 1, 0, 0,
    };
    /* A port status of 1.0 one byte short. */
    uint8_t port_status10[63] = { 1, 12, 0, 63, 0, 0, 0, 1 };

    assert_int_equal(decode(v7_features, &raw), OFPERR_OFPBRC_BAD_VERSION);
    assert_int_equal(decode(v7_hello, &raw), 0);
    assert_int_equal(raw, OFPRAW_OFPT_HELLO);
    assert_int_equal(decode(v0_echo, &raw), OFPERR_OFPBRC_BAD_VERSION);
    assert_int_equal(decode(type99, &raw), OFPERR_OFPBRC_BAD_TYPE);
    assert_int_equal(decode(role10, &raw), OFPERR_OFPBRC_BAD_TYPE);
    assert_int_equal(decode(stat99, &raw), OFPERR_OFPBRC_BAD_STAT);
    assert_int_equal(decode(meter12, &raw), OFPERR_OFPBRC_BAD_STAT);
    assert_int_equal(decode(vendor_x, &raw),
                     OFPERR_OFPBRC_BAD_EXPERIMENTER);
    assert_int_equal(decode(nx_subtype99, &raw), OFPERR_OFPBRC_BAD_SUBTYPE);
    assert_int_equal(decode(onf_bundle14, &raw), OFPERR_OFPBRC_BAD_SUBTYPE);
    assert_int_equal(decode(nxst_vendor_x, &raw),
                     OFPERR_OFPBRC_BAD_EXPERIMENTER);
    assert_int_equal(decode(nxst_subtype99, &raw),
                     OFPERR_OFPBRC_BAD_SUBTYPE);
    assert_int_equal(decode(len4, &raw), OFPERR_OFPBRC_BAD_LEN);
    assert_int_equal(decode(features_long, &raw), OFPERR_OFPBRC_BAD_LEN);
    assert_int_equal(decode(vendor_short, &raw), OFPERR_OFPBRC_BAD_LEN);
    assert_int_equal(decode(subtype_short, &raw), OFPERR_OFPBRC_BAD_LEN);
    assert_int_equal(decode(stats_short, &raw), OFPERR_OFPBRC_BAD_LEN);
    assert_int_equal(decode(set_config_short, &raw), OFPERR_OFPBRC_BAD_LEN);
    assert_int_equal(decode(port_status10, &raw), OFPERR_OFPBRC_BAD_LEN);
}

static void
test_pull(void **state SLUICE_UNUSED)
{
    static const uint8_t table_req13[] = {
        0x04, 0x12, 0x00, 0x10, 0x00, 0x00, 0x00, 0x05,
        0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    };
    static const uint8_t set_config[] = {
        0x04, 0x09, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x05,
        0x00, 0x01, 0x00, 0x80,
    };
    struct buffer b;
    enum ofpraw raw;
    enum ofptype type;

    buffer_use_const(&b, table_req13, sizeof table_req13);
    assert_int_equal(ofpraw_pull(&raw, &b), 0);
    assert_int_equal(raw, OFPRAW_OFPST_TABLE_REQUEST);
    assert_int_equal(b.size, 0);
    assert_ptr_equal(buffer_header(&b), table_req13);
    assert_ptr_equal(buffer_msg(&b), table_req13 + 16);

    buffer_use_const(&b, set_config, sizeof set_config);
    assert_int_equal(ofptype_pull(&type, &b), 0);
    assert_int_equal(type, OFPTYPE_SET_CONFIG);
    assert_int_equal(b.size, 4);

    /* The buffer must hold exactly the message. */
    buffer_use_const(&b, set_config, sizeof set_config - 1);
    assert_int_equal(ofpraw_pull(&raw, &b), OFPERR_OFPBRC_BAD_LEN);
    buffer_use_const(&b, set_config, 4);
    assert_int_equal(ofpraw_pull(&raw, &b), OFPERR_OFPBRC_BAD_LEN);
}

static void
test_names(void **state SLUICE_UNUSED)
{
    assert_string_equal(ofpraw_get_name(OFPRAW_OFPT_HELLO), "OFPT_HELLO");
    assert_string_equal(ofpraw_get_name(OFPRAW_OFPST11_FLOW_REQUEST),
                        "OFPST_FLOW request");
    assert_string_equal(ofpraw_get_name(OFPRAW_NXST_FLOW_REPLY),
                        "NXST_FLOW reply");
    assert_string_equal(ofpraw_get_name(OFPRAW_ONFT13_BUNDLE_CONTROL),
                        "ONFT_BUNDLE_CONTROL");
    assert_string_equal(ofptype_get_name(OFPTYPE_FLOW_MOD), "FLOW_MOD");
    assert_int_equal(ofptype_from_ofpraw(OFPRAW_NXT_FLOW_MOD),
                     OFPTYPE_FLOW_MOD);
    assert_int_equal(ofptype_from_ofpraw(OFPRAW_ONFT13_BUNDLE_ADD_MESSAGE),
                     OFPTYPE_BUNDLE_ADD_MESSAGE);
}

static void
test_stats_reply(void **state SLUICE_UNUSED)
{
    static const uint8_t flow_req13[] = {
        0x04, 0x12, 0x00, 0x38, 0x12, 0x34, 0x56, 0x78,
        0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0xff, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0x00, 0x01, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00,
    };
    static const uint8_t reply_hdr[] = {
        0x04, 0x13, 0x00, 0x10, 0x12, 0x34, 0x56, 0x78,
        0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    };
    struct buffer *b;
    enum ofpraw raw;

    assert_int_equal(decode(flow_req13, &raw), 0);
    assert_int_equal(raw, OFPRAW_OFPST11_FLOW_REQUEST);
    assert_int_equal(ofpraw_stats_request_to_reply(raw, OFP13_VERSION),
                     OFPRAW_OFPST13_FLOW_REPLY);
    assert_int_equal(ofpraw_stats_request_to_reply(raw, OFP12_VERSION),
                     OFPRAW_OFPST11_FLOW_REPLY);
    assert_true(ofpmsg_is_stat_request((const void *) flow_req13));
    assert_false(ofpmsg_is_stat_reply((const void *) flow_req13));

    b = ofpraw_alloc_stats_reply((const void *) flow_req13, 0);
    assert_int_equal(b->size, sizeof reply_hdr);
    assert_memory_equal(b->data, reply_hdr, sizeof reply_hdr);
    assert_true(ofpmsg_is_stat_reply(b->data));
    assert_false(ofpmp_more(b->data));
    buffer_delete(b);
}

static void
check_parts(struct list *replies, size_t n_items, size_t item_size,
            size_t header_size)
{
    struct buffer *msg;
    size_t n = 0, total = 0;

    LIST_FOR_EACH (msg, list_node, replies) {
        const struct ofp_header *oh = msg->data;
        bool last = &msg->list_node == list_back(replies);
        enum ofpraw raw;
        size_t body;

        n++;
        assert_int_equal(ntohs(oh->length), msg->size);
        assert_true(msg->size <= 65535);
        assert_int_equal(ofpraw_decode(&raw, oh), 0);
        assert_int_equal(ofpmp_more(oh), !last);
        assert_int_equal(ntohl(oh->xid), 0x1234);
        body = msg->size - header_size;
        assert_int_equal(body % item_size, 0);
        if (!last) {
            /* A part is full: one more item would not have fitted. */
            assert_true(msg->size + item_size > 65535);
        }
        total += body / item_size;
    }
    assert_int_equal(total, n_items);
    assert_true(n > 1);
}

static void
test_multipart_split(void **state SLUICE_UNUSED)
{
    static const uint8_t port_req10[] = {
        0x01, 0x10, 0x00, 0x14, 0x00, 0x00, 0x12, 0x34,
        0x00, 0x04, 0x00, 0x00, 0xff, 0xff, 0, 0, 0, 0, 0, 0,
    };
    struct list replies;
    size_t i;

    /* Fixed-size items (OpenFlow 1.0 port stats, 104 bytes). */
    ofpmp_init(&replies, (const void *) port_req10);
    assert_int_equal(ofpmp_version(&replies), OFP10_VERSION);
    for (i = 0; i < 1500; i++) {
        uint8_t *p = ofpmp_append(&replies, 104);

        p[0] = i >> 8;
        p[1] = i;
    }
    check_parts(&replies, 1500, 104, 12);
    buffer_list_delete(&replies);

    /* Items appended directly, then moved if they overflow. */
    ofpmp_init(&replies, (const void *) port_req10);
    for (i = 0; i < 1500; i++) {
        struct buffer *msg = ofpmp_reserve(&replies, 0);
        size_t start = msg->size;

        buffer_put_zeros(msg, 104);
        ofpmp_postappend(&replies, start);
    }
    check_parts(&replies, 1500, 104, 12);
    buffer_list_delete(&replies);
}

/* OpenFlow 1.5 changed the bodies of flow_removed and of the flow and
 * aggregate stats replies (statistics as OXS fields), so each has a form
 * of its own there, while 1.1 to 1.4 keep theirs. */
static void
test_of15_flow_forms(void **state SLUICE_UNUSED)
{
    /* OFPT_FLOW_REMOVED (OF1.5): the fixed part, an empty OXM match and an
     * empty OXS list, as "ovs-ofctl ofp-print" reads it. */
    static const uint8_t removed15[] = {
        0x06, 0x0b, 0x00, 0x28, 0x00, 0x00, 0x00, 0x05,
        0x00, 0x02, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x01, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00,
    };
    /* OFPST_AGGREGATE reply (OF1.5) with only a flow count. */
    static const uint8_t aggregate15[] = {
        0x06, 0x13, 0x00, 0x20, 0x00, 0x00, 0x00, 0x05,
        0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x0c, 0x80, 0x02, 0x06, 0x04,
        0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00,
    };
    uint8_t copy[sizeof removed15];
    enum ofpraw raw;

    assert_int_equal(decode(removed15, &raw), 0);
    assert_int_equal(raw, OFPRAW_OFPT15_FLOW_REMOVED);
    assert_string_equal(ofpraw_get_name(raw), "OFPT_FLOW_REMOVED");
    assert_int_equal(ofptype_from_ofpraw(raw), OFPTYPE_FLOW_REMOVED);

    /* The same type number in 1.4 is the 1.1 form, whose 40-byte fixed
     * part this body (32 bytes) is too short for. */
    memcpy(copy, removed15, sizeof copy);
    copy[0] = OFP14_VERSION;
    assert_int_equal(decode(copy, &raw), OFPERR_OFPBRC_BAD_LEN);
    /* 1.5's body is 16 bytes and then whole 8-byte units. */
    copy[0] = OFP15_VERSION;
    copy[3] = 0x24;
    assert_int_equal(decode(copy, &raw), OFPERR_OFPBRC_BAD_LEN);
    copy[3] = 0x18;
    assert_int_equal(decode(copy, &raw), 0);
    assert_int_equal(raw, OFPRAW_OFPT15_FLOW_REMOVED);
    copy[3] = 0x10;
    assert_int_equal(decode(copy, &raw), OFPERR_OFPBRC_BAD_LEN);

    assert_int_equal(decode(aggregate15, &raw), 0);
    assert_int_equal(raw, OFPRAW_OFPST15_AGGREGATE_REPLY);
    assert_string_equal(ofpraw_get_name(raw), "OFPST_AGGREGATE reply");
    assert_int_equal(ofptype_from_ofpraw(raw), OFPTYPE_AGGREGATE_STATS_REPLY);

    /* Which reply answers which request, version by version. */
    assert_int_equal(ofpraw_stats_request_to_reply(
                         OFPRAW_OFPST11_FLOW_REQUEST, OFP15_VERSION),
                     OFPRAW_OFPST15_FLOW_REPLY);
    assert_int_equal(ofpraw_stats_request_to_reply(
                         OFPRAW_OFPST11_FLOW_REQUEST, OFP14_VERSION),
                     OFPRAW_OFPST13_FLOW_REPLY);
    assert_int_equal(ofpraw_stats_request_to_reply(
                         OFPRAW_OFPST11_AGGREGATE_REQUEST, OFP15_VERSION),
                     OFPRAW_OFPST15_AGGREGATE_REPLY);
    assert_int_equal(ofpraw_stats_request_to_reply(
                         OFPRAW_OFPST11_AGGREGATE_REQUEST, OFP14_VERSION),
                     OFPRAW_OFPST_AGGREGATE_REPLY);
    assert_int_equal(ofpraw_stats_request_to_reply(
                         OFPRAW_OFPST10_AGGREGATE_REQUEST, OFP10_VERSION),
                     OFPRAW_OFPST_AGGREGATE_REPLY);

    /* Each form exists only in its versions. */
    assert_false(ofpraw_in_version(OFPRAW_OFPT11_FLOW_REMOVED,
                                   OFP15_VERSION));
    assert_true(ofpraw_in_version(OFPRAW_OFPT11_FLOW_REMOVED,
                                  OFP14_VERSION));
    assert_false(ofpraw_in_version(OFPRAW_OFPT15_FLOW_REMOVED,
                                   OFP14_VERSION));
    assert_false(ofpraw_in_version(OFPRAW_OFPST13_FLOW_REPLY,
                                   OFP15_VERSION));
    assert_false(ofpraw_in_version(OFPRAW_OFPST_AGGREGATE_REPLY,
                                   OFP15_VERSION));
    assert_true(ofpraw_in_version(OFPRAW_OFPST_AGGREGATE_REPLY,
                                  OFP10_VERSION));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_raw_in_every_version),
        cmocka_unit_test(test_headers),
        cmocka_unit_test(test_decode_errors),
        cmocka_unit_test(test_pull),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_stats_reply),
        cmocka_unit_test(test_multipart_split),
        cmocka_unit_test(test_of15_flow_forms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
