/* Unit tests for lib/ofp-bundle.c.  Every expected message was built from
 * the OpenFlow 1.4 specification (and the ONF extension for 1.3) and
 * checked with Open vSwitch 3.1's "ovs-ofctl ofp-print HEX", whose output
 * is the expected text. */
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
#include "ofp-bundle.h"
#include "ofp-errors.h"
#include "ofp-msgs.h"
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

/* Asserts that message B is the bytes HEX spells. */
static void
check_bytes(const struct buffer *b, const char *hex)
{
    struct buffer *expected = hex_to_buffer(hex);

    assert_int_equal(b->size, expected->size);
    assert_memory_equal(b->data, expected->data, b->size);
    buffer_delete(expected);
}

static const struct ofp_header *
oh_of(const struct buffer *b)
{
    return b->data;
}

/* Bundle control. */

/* Encodes BC in VERSION with XID, checks the bytes against HEX, decodes
 * them back and checks that LABEL and the text are EXPECTED. */
static void
check_ctrl(const struct ofp_bundle_ctrl *bc, enum ofp_version version,
           be32 xid, const char *hex, const char *label, const char *text)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    struct ofp_bundle_ctrl d;
    struct buffer *b;

    b = ofp_encode_bundle_ctrl(bc, version, xid);
    check_bytes(b, hex);
    assert_int_equal(ofp_decode_bundle_ctrl(oh_of(b), &d), 0);
    assert_int_equal(d.bundle_id, bc->bundle_id);
    assert_int_equal(d.type, bc->type);
    assert_int_equal(d.flags, bc->flags);
    ds_put_cstr(&s, label);
    ofp_bundle_ctrl_format(&s, &d);
    ds_put_char(&s, '\n');
    assert_string_equal(ds_cstr(&s), text);
    buffer_delete(b);
    ds_destroy(&s);
}

static void
test_bundle_ctrl(void **state SLUICE_UNUSED)
{
    struct ofp_bundle_ctrl bc;

    bc.bundle_id = 0x2a;
    bc.type = OFPBCT_OPEN_REQUEST;
    bc.flags = OFPBF_ATOMIC | OFPBF_ORDERED;
    check_ctrl(&bc, OFP14_VERSION, htonl(1),
               "05 21 00 10 00 00 00 01 00 00 00 2a 00 00 00 03",
               "OFPT_BUNDLE_CONTROL (OF1.4) (xid=0x1):",
               "OFPT_BUNDLE_CONTROL (OF1.4) (xid=0x1):\n"
               " bundle_id=0x2a type=OPEN_REQUEST flags=atomic ordered\n");

    /* OpenFlow 1.3: ONFT_BUNDLE_CONTROL (2300). */
    bc.bundle_id = 0;
    bc.type = OFPBCT_COMMIT_REPLY;
    bc.flags = 0;
    check_ctrl(&bc, OFP13_VERSION, htonl(5),
               "04 04 00 18 00 00 00 05 4f 4e 46 00 00 00 08 fc"
               " 00 00 00 00 00 05 00 00",
               "ONFT_BUNDLE_CONTROL (OF1.3) (xid=0x5):",
               "ONFT_BUNDLE_CONTROL (OF1.3) (xid=0x5):\n"
               " bundle_id=0 type=COMMIT_REPLY flags=0\n");

    bc.bundle_id = UINT32_MAX;
    bc.type = OFPBCT_DISCARD_REPLY;
    bc.flags = OFPBF_ORDERED;
    check_ctrl(&bc, OFP15_VERSION, htonl(5),
               "06 21 00 10 00 00 00 05 ff ff ff ff 00 07 00 02",
               "OFPT_BUNDLE_CONTROL (OF1.5) (xid=0x5):",
               "OFPT_BUNDLE_CONTROL (OF1.5) (xid=0x5):\n"
               " bundle_id=0xffffffff type=DISCARD_REPLY flags=ordered\n");

    assert_string_equal(ofp_bundle_ctrl_type_to_string(OFPBCT_OPEN_REPLY),
                        "OPEN_REPLY");
    assert_string_equal(ofp_bundle_ctrl_type_to_string(OFPBCT_CLOSE_REQUEST),
                        "CLOSE_REQUEST");
    assert_string_equal(ofp_bundle_ctrl_type_to_string(OFPBCT_CLOSE_REPLY),
                        "CLOSE_REPLY");
    assert_string_equal(
        ofp_bundle_ctrl_type_to_string(OFPBCT_COMMIT_REQUEST),
        "COMMIT_REQUEST");
    assert_string_equal(
        ofp_bundle_ctrl_type_to_string(OFPBCT_DISCARD_REQUEST),
        "DISCARD_REQUEST");
    assert_string_equal(ofp_bundle_ctrl_type_to_string(8), "");

    assert_false(ofp_bundle_version_ok(OFP12_VERSION));
    assert_true(ofp_bundle_version_ok(OFP13_VERSION));
    assert_true(ofp_bundle_version_ok(OFP15_VERSION));
}

/* Asserts that decoding bundle control message HEX gives ERROR. */
static void
check_ctrl_error(const char *hex, enum ofperr error)
{
    struct buffer *b = hex_to_buffer(hex);
    struct ofp_bundle_ctrl d;

    assert_int_equal(ofp_decode_bundle_ctrl(oh_of(b), &d), error);
    buffer_delete(b);
}

static void
test_bundle_ctrl_errors(void **state SLUICE_UNUSED)
{
    struct ofp_bundle_ctrl d;
    struct buffer *b;

    /* An unknown type; unknown flags. */
    check_ctrl_error("05 21 00 10 00 00 00 01 00 00 00 2a 00 08 00 03",
                     OFPERR_OFPBFC_BAD_TYPE);
    check_ctrl_error("05 21 00 10 00 00 00 01 00 00 00 2a 00 00 00 04",
                     OFPERR_OFPBFC_BAD_FLAGS);
    /* An experimenter property is ignored. */
    b = hex_to_buffer("05 21 00 20 00 00 00 01 00 00 00 2a 00 02 00 01"
                      " ff ff 00 0c 00 00 23 20 00 00 00 01 00 00 00 00");
    assert_int_equal(ofp_decode_bundle_ctrl(oh_of(b), &d), 0);
    assert_int_equal(d.type, OFPBCT_CLOSE_REQUEST);
    assert_int_equal(d.flags, OFPBF_ATOMIC);
    buffer_delete(b);
    /* Any other property is not. */
    check_ctrl_error("05 21 00 18 00 00 00 01 00 00 00 2a 00 00 00 00"
                     " 00 01 00 08 00 00 00 01", OFPERR_OFPBPC_BAD_TYPE);
    /* A property that overruns the message. */
    check_ctrl_error("05 21 00 18 00 00 00 01 00 00 00 2a 00 00 00 00"
                     " ff ff 00 10 00 00 00 01", OFPERR_OFPBPC_BAD_LEN);
    /* A body shorter than the fixed part. */
    check_ctrl_error("05 21 00 0c 00 00 00 01 00 00 00 2a",
                     OFPERR_OFPBRC_BAD_LEN);
    /* No bundles before OpenFlow 1.3: type 33 is unknown there. */
    check_ctrl_error("03 21 00 10 00 00 00 01 00 00 00 2a 00 00 00 00",
                     OFPERR_OFPBRC_BAD_TYPE);
    /* ...and OpenFlow 1.3 has the ONF form only. */
    check_ctrl_error("04 21 00 10 00 00 00 01 00 00 00 2a 00 00 00 00",
                     OFPERR_OFPBRC_BAD_TYPE);
    /* Not a bundle control message. */
    check_ctrl_error("05 14 00 08 00 00 00 01", OFPERR_OFPBRC_BAD_TYPE);
}

/* Bundle add-message. */

/* An OpenFlow 1.4 flow mod, xid 7: "DEL table:255 actions=drop". */
#define FLOW_MOD14                                                  \
    "05 0e 00 38 00 00 00 07 00 00 00 00 00 00 00 00"               \
    " 00 00 00 00 00 00 00 00 ff 03 00 00 00 00 80 00"              \
    " ff ff ff ff ff ff ff ff ff ff ff ff 00 00 00 00"              \
    " 00 01 00 04 00 00 00 00"

/* An OpenFlow 1.4 packet-out of 44 bytes, xid 7. */
#define PACKET_OUT14                                                \
    "05 0d 00 2c 00 00 00 07 ff ff ff ff 00 00 00 00"               \
    " 00 10 00 00 00 00 00 00 00 00 00 10 ff ff ff fd"              \
    " ff e5 00 00 00 00 00 00 aa bb cc dd"

/* Formats the inner message for the tests: its type and length. */
static void
format_inner(struct ds *s, const struct ofp_header *oh, void *aux)
{
    ds_put_format(s, "%s: type %d, %d bytes", (const char *) aux, oh->type,
                  ntohs(oh->length));
}

static void
test_bundle_add(void **state SLUICE_UNUSED)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    struct ofp_bundle_add ba, d;
    struct buffer *inner, *b;
    enum ofptype type;

    /* OpenFlow 1.4 with a flow mod. */
    inner = hex_to_buffer(FLOW_MOD14);
    ba.bundle_id = 0x2a;
    ba.flags = OFPBF_ATOMIC | OFPBF_ORDERED;
    ba.msg = oh_of(inner);
    b = ofp_encode_bundle_add(&ba, OFP14_VERSION);
    check_bytes(b, "05 22 00 48 00 00 00 07 00 00 00 2a 00 00 00 03 "
                FLOW_MOD14);
    assert_int_equal(ofp_decode_bundle_add(oh_of(b), &d, &type), 0);
    assert_int_equal(type, OFPTYPE_FLOW_MOD);
    assert_int_equal(d.bundle_id, 0x2a);
    assert_int_equal(d.flags, OFPBF_ATOMIC | OFPBF_ORDERED);
    assert_ptr_equal(d.msg, (const uint8_t *) b->data + 16);
    /* ovs-ofctl prints "OFPT_BUNDLE_ADD_MESSAGE (OF1.4) (xid=0x7):\n
     * bundle_id=0x2a flags=atomic ordered\n" and then the inner flow mod
     * whole. */
    ofp_bundle_add_format(&s, &d, format_inner, "inner");
    assert_string_equal(ds_cstr(&s),
                        "\n bundle_id=0x2a flags=atomic ordered\n"
                        "inner: type 14, 56 bytes");
    ds_clear(&s);
    ofp_bundle_add_format(&s, &d, NULL, NULL);
    assert_string_equal(ds_cstr(&s),
                        "\n bundle_id=0x2a flags=atomic ordered\n");
    ds_clear(&s);
    buffer_delete(b);
    buffer_delete(inner);

    /* OpenFlow 1.3: ONFT_BUNDLE_ADD_MESSAGE (2301). */
    inner = hex_to_buffer(FLOW_MOD14);
    ((struct ofp_header *) inner->data)->version = OFP13_VERSION;
    ba.flags = 0;
    ba.bundle_id = 1;
    ba.msg = oh_of(inner);
    b = ofp_encode_bundle_add(&ba, OFP13_VERSION);
    assert_int_equal(b->size, 24 + 56);
    {
        struct buffer *head = hex_to_buffer(
            "04 04 00 50 00 00 00 07 4f 4e 46 00 00 00 08 fd"
            " 00 00 00 01 00 00 00 00");

        assert_memory_equal(b->data, head->data, head->size);
        buffer_delete(head);
    }
    assert_memory_equal((uint8_t *) b->data + 24, inner->data, 56);
    assert_int_equal(ofp_decode_bundle_add(oh_of(b), &d, NULL), 0);
    assert_int_equal(d.bundle_id, 1);
    ofp_bundle_add_format(&s, &d, NULL, NULL);
    assert_string_equal(ds_cstr(&s), "\n bundle_id=0x1 flags=0\n");
    ds_clear(&s);
    buffer_delete(b);
    buffer_delete(inner);

    /* A packet-out of 44 bytes, padding and an experimenter property. */
    b = hex_to_buffer("05 22 00 50 00 00 00 07 00 00 00 01 00 00 00 02 "
                      PACKET_OUT14 " 00 00 00 00"
                      " ff ff 00 0c 00 00 23 20 00 00 00 01 00 00 00 00");
    assert_int_equal(ofp_decode_bundle_add(oh_of(b), &d, &type), 0);
    assert_int_equal(type, OFPTYPE_PACKET_OUT);
    assert_int_equal(d.flags, OFPBF_ORDERED);
    buffer_delete(b);
    /* ...and just padding. */
    b = hex_to_buffer("05 22 00 40 00 00 00 07 00 00 00 01 00 00 00 00 "
                      PACKET_OUT14 " 00 00 00 00");
    assert_int_equal(ofp_decode_bundle_add(oh_of(b), &d, &type), 0);
    buffer_delete(b);

    assert_true(ofp_bundle_is_bundlable(OFPTYPE_PORT_MOD));
    assert_true(ofp_bundle_is_bundlable(OFPTYPE_GROUP_MOD));
    assert_false(ofp_bundle_is_bundlable(OFPTYPE_BARRIER_REQUEST));
    assert_false(ofp_bundle_is_bundlable(OFPTYPE_METER_MOD));
    ds_destroy(&s);
}

/* Asserts that decoding bundle add-message HEX gives ERROR. */
static void
check_add_error(const char *hex, enum ofperr error)
{
    struct buffer *b = hex_to_buffer(hex);
    struct ofp_bundle_add d;

    assert_int_equal(ofp_decode_bundle_add(oh_of(b), &d, NULL), error);
    buffer_delete(b);
}

static void
test_bundle_add_errors(void **state SLUICE_UNUSED)
{
    /* Unknown flags. */
    check_add_error("05 22 00 48 00 00 00 07 00 00 00 2a 00 00 00 07 "
                    FLOW_MOD14, OFPERR_OFPBFC_BAD_FLAGS);
    /* No inner header. */
    check_add_error("05 22 00 14 00 00 00 07 00 00 00 2a 00 00 00 01"
                    " 05 14 00 08", OFPERR_OFPBFC_MSG_BAD_LEN);
    /* An inner message of another version. */
    check_add_error("05 22 00 18 00 00 00 07 00 00 00 2a 00 00 00 01"
                    " 04 14 00 08 00 00 00 07", OFPERR_OFPBFC_BAD_VERSION);
    /* An inner length beyond the message, or below a header. */
    check_add_error("05 22 00 18 00 00 00 07 00 00 00 2a 00 00 00 01"
                    " 05 14 00 10 00 00 00 07", OFPERR_OFPBFC_MSG_BAD_LEN);
    check_add_error("05 22 00 18 00 00 00 07 00 00 00 2a 00 00 00 01"
                    " 05 14 00 04 00 00 00 07", OFPERR_OFPBFC_MSG_BAD_LEN);
    /* An inner xid that is not the outer one. */
    check_add_error("05 22 00 18 00 00 00 07 00 00 00 2a 00 00 00 01"
                    " 05 14 00 08 00 00 00 08", OFPERR_OFPBFC_MSG_BAD_XID);
    /* A barrier may not be bundled; a malformed port mod neither. */
    check_add_error("05 22 00 18 00 00 00 07 00 00 00 2a 00 00 00 01"
                    " 05 14 00 08 00 00 00 07", OFPERR_OFPBFC_MSG_UNSUP);
    check_add_error("05 22 00 18 00 00 00 07 00 00 00 2a 00 00 00 01"
                    " 05 10 00 08 00 00 00 07", OFPERR_OFPBFC_MSG_UNSUP);
    /* A property that is not an experimenter's after the padding. */
    check_add_error("05 22 00 48 00 00 00 07 00 00 00 01 00 00 00 00 "
                    PACKET_OUT14 " 00 00 00 00 00 01 00 08 00 00 00 00",
                    OFPERR_OFPBPC_BAD_TYPE);
    /* Bytes after the inner message that cannot hold its padding. */
    check_add_error("05 22 00 46 00 00 00 07 00 00 00 01 00 00 00 00 "
                    PACKET_OUT14 " 00 00", OFPERR_OFPBPC_BAD_LEN);
    /* Not an add-message. */
    check_add_error("05 21 00 10 00 00 00 01 00 00 00 2a 00 00 00 03",
                    OFPERR_OFPBRC_BAD_TYPE);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bundle_ctrl),
        cmocka_unit_test(test_bundle_ctrl_errors),
        cmocka_unit_test(test_bundle_add),
        cmocka_unit_test(test_bundle_add_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
