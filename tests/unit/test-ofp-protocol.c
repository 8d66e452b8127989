/* Unit tests for lib/ofp-protocol.c.  Expected bytes were checked with
 * Open vSwitch 3.1's "ovs-ofctl ofp-print", and protocol names with its
 * "ovs-ofctl parse-flow" output. */
#include <config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "buffer.h"
#include "dynamic-string.h"
#include "ofp-errors.h"
#include "ofp-msgs.h"
#include "ofp-protocol.h"
#include "openflow.h"
#include "util.h"

#define VB(V) OFP_VERSION_BIT(OFP##V##_VERSION)

static void
test_version_names(void **state SLUICE_UNUSED)
{
    enum ofp_version v;
    uint32_t versions = 0;
    struct ds s = DS_EMPTY_INITIALIZER;
    char *error;

    assert_string_equal(ofp_version_to_string(OFP13_VERSION), "OpenFlow13");
    assert_null(ofp_version_to_string(7));
    assert_true(ofp_version_from_string("OpenFlow15", &v));
    assert_int_equal(v, OFP15_VERSION);
    assert_false(ofp_version_from_string("OpenFlow16", &v));

    error = ofp_versions_from_string("OpenFlow10, OpenFlow13", &versions);
    assert_null(error);
    assert_int_equal(versions, VB(10) | VB(13));
    ofp_format_version_names(&s, versions);
    assert_string_equal(ds_cstr(&s), "OpenFlow10, OpenFlow13");
    ds_clear(&s);
    ofp_format_version_bitmap(&s, versions);
    assert_string_equal(ds_cstr(&s), "0x01, 0x04");
    ds_destroy(&s);

    error = ofp_versions_from_string("OpenFlow10,OpenFlow19", &versions);
    assert_string_equal(error, "OpenFlow19: unknown OpenFlow version "
                        "(expected one of OpenFlow10 to OpenFlow15)");
    free(error);
    assert_int_equal(versions, VB(10) | VB(13));
    error = ofp_versions_from_string(" , ", &versions);
    assert_string_equal(error, "\" , \": empty list of OpenFlow versions");
    free(error);

    assert_int_equal(ofp_versions_max(VB(10) | VB(12)), OFP12_VERSION);
    assert_int_equal(ofp_versions_max(0), 0);
}

static void
check_hello(uint32_t versions, const uint8_t *expected, size_t size)
{
    struct buffer *b = ofp_encode_hello(versions);
    uint32_t decoded;

    assert_int_equal(b->size, size);
    /* Skip the xid, which is fresh. */
    assert_memory_equal(b->data, expected, 4);
    assert_memory_equal((uint8_t *) b->data + 8, expected + 8, size - 8);
    assert_true(ofp_decode_hello(b->data, &decoded));
    assert_int_equal(decoded, versions);
    buffer_delete(b);
}

static void
test_hello_encode(void **state SLUICE_UNUSED)
{
    /* 1.0 to 1.5: no bitmap needed. */
    static const uint8_t all[] = { 0x06, 0x00, 0x00, 0x08, 0, 0, 0, 0 };
    static const uint8_t of10[] = { 0x01, 0x00, 0x00, 0x08, 0, 0, 0, 0 };
    /* 1.0, 1.2 and 1.3: "version bitmap: 0x01, 0x03, 0x04". */
    static const uint8_t gaps[] = {
        0x04, 0x00, 0x00, 0x10, 0, 0, 0, 0,
        0x00, 0x01, 0x00, 0x08, 0x00, 0x00, 0x00, 0x1a,
    };
    /* 1.3 only. */
    static const uint8_t of13[] = {
        0x04, 0x00, 0x00, 0x10, 0, 0, 0, 0,
        0x00, 0x01, 0x00, 0x08, 0x00, 0x00, 0x00, 0x10,
    };

    check_hello(OFP_ALL_VERSIONS, all, sizeof all);
    check_hello(VB(10), of10, sizeof of10);
    check_hello(VB(10) | VB(12) | VB(13), gaps, sizeof gaps);
    check_hello(VB(13), of13, sizeof of13);
}

static void
test_hello_decode(void **state SLUICE_UNUSED)
{
    uint32_t versions;

    /* A plain hello of a future version offers everything below it. */
    static const uint8_t v9[] = { 0x09, 0x00, 0x00, 0x08, 0, 0, 0, 1 };
    /* Unknown element first, then the bitmap (0x01, 0x02, 0x03, 0x06). */
    static const uint8_t two[] = {
        0x04, 0x00, 0x00, 0x18, 0, 0, 0, 1,
        0x00, 0x07, 0x00, 0x05, 0xaa, 0, 0, 0,
        0x00, 0x01, 0x00, 0x08, 0x00, 0x00, 0x00, 0x4e,
    };
    /* An element that overruns the message. */
    static const uint8_t overrun[] = {
        0x04, 0x00, 0x00, 0x10, 0, 0, 0, 1,
        0x00, 0x01, 0x00, 0x10, 0x00, 0x00, 0x00, 0x10,
    };
    /* An empty bitmap (only bit 0, which names no version). */
    static const uint8_t empty[] = {
        0x04, 0x00, 0x00, 0x10, 0, 0, 0, 1,
        0x00, 0x01, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01,
    };
    /* An element with a length below its header's. */
    static const uint8_t tiny[] = {
        0x04, 0x00, 0x00, 0x10, 0, 0, 0, 1,
        0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x10,
    };

    assert_true(ofp_decode_hello((const void *) v9, &versions));
    assert_int_equal(versions, 0x3fe);
    assert_true(ofp_decode_hello((const void *) two, &versions));
    assert_int_equal(versions, 0x4e);
    assert_false(ofp_decode_hello((const void *) overrun, &versions));
    assert_int_equal(versions, 0x1e);
    assert_false(ofp_decode_hello((const void *) empty, &versions));
    assert_false(ofp_decode_hello((const void *) tiny, &versions));
}

static void
test_negotiation(void **state SLUICE_UNUSED)
{
    assert_int_equal(ofp_negotiate_version(OFP_ALL_VERSIONS,
                                           OFP_ALL_VERSIONS),
                     OFP15_VERSION);
    assert_int_equal(ofp_negotiate_version(OFP_ALL_VERSIONS, 0x3fe),
                     OFP15_VERSION);
    assert_int_equal(ofp_negotiate_version(VB(10) | VB(13),
                                           VB(10) | VB(12) | VB(13)),
                     OFP13_VERSION);
    assert_int_equal(ofp_negotiate_version(VB(10) | VB(13),
                                           VB(11) | VB(12) | VB(14)), 0);
    assert_int_equal(ofp_negotiate_version(VB(10), VB(10)), OFP10_VERSION);
    assert_int_equal(ofp_negotiate_version(OFP_ALL_VERSIONS,
                                           OFP_VERSION_BIT(9)), 0);
}

static void
test_hello_failed(void **state SLUICE_UNUSED)
{
    static const char text[] = "We support OpenFlow10, OpenFlow13, you "
        "support OpenFlow14, no common versions.";
    static const char text2[] = "We support OpenFlow13, you support "
        "versions 0x07, no common versions.";
    struct buffer *b = ofp_encode_hello_failed(VB(10) | VB(13), VB(14),
                                               htonl(9));
    const uint8_t *p = b->data;
    const void *payload;
    size_t size;

    assert_int_equal(b->size, 12 + strlen(text));
    assert_int_equal(p[0], OFP13_VERSION);
    assert_int_equal(p[1], OFPT_ERROR);
    assert_memory_equal(p + 4, "\0\0\0\x09\0\0\0\0", 8);
    assert_int_equal(ofperr_decode_msg(b->data, b->size, &payload, &size),
                     OFPERR_OFPHFC_INCOMPATIBLE);
    assert_int_equal(size, strlen(text));
    assert_memory_equal(payload, text, size);
    buffer_delete(b);

    b = ofp_encode_hello_failed(VB(13), OFP_VERSION_BIT(7), htonl(9));
    assert_int_equal(ofperr_decode_msg(b->data, b->size, &payload, &size),
                     OFPERR_OFPHFC_INCOMPATIBLE);
    assert_int_equal(size, strlen(text2));
    assert_memory_equal(payload, text2, size);
    buffer_delete(b);
}

static void
test_protocols(void **state SLUICE_UNUSED)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    uint32_t protocols = 0;
    char *error;

    assert_int_equal(ofp_protocol_from_version(OFP10_VERSION),
                     OFP_PROTO_OF10_STD);
    assert_int_equal(ofp_protocol_from_version(OFP13_VERSION),
                     OFP_PROTO_OF13_OXM);
    assert_int_equal(ofp_protocol_from_version(7), 0);
    assert_int_equal(ofp_protocol_to_version(OFP_PROTO_OF10_NXM_TID),
                     OFP10_VERSION);
    assert_int_equal(ofp_protocol_to_version(OFP_PROTO_OF15_OXM),
                     OFP15_VERSION);
    assert_int_equal(ofp_protocols_to_versions(OFP_PROTO_ANY),
                     OFP_ALL_VERSIONS);
    assert_int_equal(ofp_protocol_set_tid(OFP_PROTO_OF10_NXM, true),
                     OFP_PROTO_OF10_NXM_TID);
    assert_int_equal(ofp_protocol_set_tid(OFP_PROTO_OF10_STD_TID, false),
                     OFP_PROTO_OF10_STD);
    assert_int_equal(ofp_protocol_set_tid(OFP_PROTO_OF13_OXM, false),
                     OFP_PROTO_OF13_OXM);

    assert_string_equal(ofp_protocol_to_string(OFP_PROTO_OF10_STD),
                        "OpenFlow10-table_id");
    assert_string_equal(ofp_protocol_to_string(OFP_PROTO_OF10_NXM),
                        "NXM-table_id");
    assert_string_equal(ofp_protocol_to_string(OFP_PROTO_OF12_OXM),
                        "OXM-OpenFlow12");

    /* As "ovs-ofctl parse-flow" prints its usable protocols. */
    ofp_format_protocols(&s, OFP_PROTO_ANY & ~(OFP_PROTO_OF10_STD
                                               | OFP_PROTO_OF10_NXM));
    assert_string_equal(ds_cstr(&s),
                        "OXM,OpenFlow10+table_id,NXM+table_id,OpenFlow11");
    ds_clear(&s);
    ofp_format_protocols(&s, OFP_PROTO_OF10_NXM_ANY | OFP_PROTO_OF12_OXM
                         | OFP_PROTO_OF13_OXM | OFP_PROTO_OF14_OXM
                         | OFP_PROTO_OF15_OXM);
    assert_string_equal(ds_cstr(&s), "NXM,OXM");
    ds_clear(&s);
    ofp_format_protocols(&s, OFP_PROTO_ANY);
    assert_string_equal(ds_cstr(&s), "any");
    ds_destroy(&s);

    error = ofp_protocols_from_string("OpenFlow10,NXM+table_id,OpenFlow13",
                                      &protocols);
    assert_null(error);
    assert_int_equal(protocols, OFP_PROTO_OF10_STD_ANY
                     | OFP_PROTO_OF10_NXM_TID | OFP_PROTO_OF13_OXM);
    error = ofp_protocols_from_string("OXM-OpenFlow14,bogus", &protocols);
    assert_string_equal(error, "bogus: unknown flow protocol");
    free(error);
}

static void
check_msg(struct buffer *b, const uint8_t *expected, size_t size)
{
    assert_int_equal(b->size, size);
    assert_memory_equal(b->data, expected, 4);
    assert_memory_equal((uint8_t *) b->data + 8, expected + 8, size - 8);
}

static void
test_nicira_protocol_messages(void **state SLUICE_UNUSED)
{
    /* "NXT_SET_FLOW_FORMAT: format=nxm". */
    static const uint8_t sff[] = {
        0x01, 0x04, 0x00, 0x14, 0, 0, 0, 0,
        0x00, 0x00, 0x23, 0x20, 0x00, 0x00, 0x00, 0x0c,
        0x00, 0x00, 0x00, 0x02,
    };
    /* "NXT_FLOW_MOD_TABLE_ID: enable". */
    static const uint8_t tid[] = {
        0x01, 0x04, 0x00, 0x18, 0, 0, 0, 0,
        0x00, 0x00, 0x23, 0x20, 0x00, 0x00, 0x00, 0x0f,
        0x01, 0, 0, 0, 0, 0, 0, 0,
    };
    /* NXT_SET_PACKET_IN_FORMAT nxt_packet_in2 in OpenFlow 1.3. */
    static const uint8_t pif[] = {
        0x04, 0x04, 0x00, 0x14, 0, 0, 0, 0,
        0x00, 0x00, 0x23, 0x20, 0x00, 0x00, 0x00, 0x10,
        0x00, 0x00, 0x00, 0x02,
    };
    enum nx_flow_format ff;
    enum nx_packet_in_format pf;
    enum ofp_protocol next;
    struct buffer *b;
    bool enable;

    b = ofp_encode_set_flow_format(NXFF_NXM);
    check_msg(b, sff, sizeof sff);
    assert_int_equal(ofp_decode_set_flow_format(b->data, &ff), 0);
    assert_int_equal(ff, NXFF_NXM);
    ((uint8_t *) b->data)[19] = 1;
    assert_int_equal(ofp_decode_set_flow_format(b->data, &ff),
                     OFPERR_OFPBRC_EPERM);
    buffer_delete(b);

    b = ofp_encode_flow_mod_table_id(OFP10_VERSION, true);
    check_msg(b, tid, sizeof tid);
    assert_int_equal(ofp_decode_flow_mod_table_id(b->data, &enable), 0);
    assert_true(enable);
    assert_int_equal(ofp_decode_set_flow_format(b->data, &ff),
                     OFPERR_OFPBRC_BAD_TYPE);
    buffer_delete(b);

    b = ofp_encode_set_packet_in_format(OFP13_VERSION, NXPIF_NXT_PACKET_IN2);
    check_msg(b, pif, sizeof pif);
    assert_int_equal(ofp_decode_set_packet_in_format(b->data, &pf), 0);
    assert_int_equal(pf, NXPIF_NXT_PACKET_IN2);
    ((uint8_t *) b->data)[19] = 3;
    assert_int_equal(ofp_decode_set_packet_in_format(b->data, &pf),
                     OFPERR_OFPBRC_EPERM);
    buffer_delete(b);

    /* From standard OpenFlow 1.0 to NXM with table ids: two steps. */
    b = ofp_encode_set_protocol(OFP_PROTO_OF10_STD, OFP_PROTO_OF10_NXM_TID,
                                &next);
    assert_non_null(b);
    assert_int_equal(next, OFP_PROTO_OF10_NXM);
    assert_int_equal(ofp_decode_set_flow_format(b->data, &ff), 0);
    assert_int_equal(ff, NXFF_NXM);
    buffer_delete(b);
    b = ofp_encode_set_protocol(next, OFP_PROTO_OF10_NXM_TID, &next);
    assert_non_null(b);
    assert_int_equal(next, OFP_PROTO_OF10_NXM_TID);
    assert_int_equal(ofp_decode_flow_mod_table_id(b->data, &enable), 0);
    assert_true(enable);
    buffer_delete(b);
    assert_null(ofp_encode_set_protocol(next, OFP_PROTO_OF10_NXM_TID,
                                        &next));
    assert_null(ofp_encode_set_protocol(OFP_PROTO_OF13_OXM,
                                        OFP_PROTO_OF10_STD, &next));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version_names),
        cmocka_unit_test(test_hello_encode),
        cmocka_unit_test(test_hello_decode),
        cmocka_unit_test(test_negotiation),
        cmocka_unit_test(test_hello_failed),
        cmocka_unit_test(test_protocols),
        cmocka_unit_test(test_nicira_protocol_messages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
