/* Unit tests for lib/ofp-errors.c.  Expected bytes come from Open vSwitch
 * 3.1's "ovs-ofctl encode-error-reply" and "ovs-ofctl print-error". */
#include <config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "buffer.h"
#include "dynamic-string.h"
#include "ofp-errors.h"
#include "openflow.h"
#include "util.h"

/* A request of SIZE bytes (at least 8) in VERSION with xid 5 whose bytes
 * after the header count up from 8. */
static void
make_request(uint8_t *req, size_t size, uint8_t version)
{
    size_t i;

    for (i = 0; i < size; i++) {
        req[i] = i;
    }
    req[0] = version;
    req[1] = 0;
    req[2] = size >> 8;
    req[3] = size;
    memcpy(req + 4, "\0\0\0\5", 4);
}

static void
check_reply(enum ofperr error, uint8_t version, const uint8_t *expected,
            size_t expected_size)
{
    uint8_t req[8];
    struct buffer *b;

    make_request(req, sizeof req, version);
    b = ofperr_encode_reply(error, (const struct ofp_header *) req);
    assert_int_equal(b->size, expected_size);
    assert_memory_equal(b->data, expected, expected_size);
    buffer_delete(b);
}

static void
test_values(void **state SLUICE_UNUSED)
{
    assert_true(OFPERR_OFPHFC_INCOMPATIBLE >= 0x10000);
    assert_false(ofperr_is_valid(0));
    assert_false(ofperr_is_valid(ENOENT));
    assert_true(ofperr_is_valid(OFPERR_OFPBRC_BAD_LEN));
    assert_true(ofperr_is_valid(OFPERR_NXST_NOT_CONFIGURED));
    assert_false(ofperr_is_valid(OFPERR_NXST_NOT_CONFIGURED + 1));
    assert_int_equal(OFPERR_N_ERRORS, 172);
}

static void
test_names(void **state SLUICE_UNUSED)
{
    int e;

    for (e = OFPERR_OFS; e < OFPERR_OFS + OFPERR_N_ERRORS; e++) {
        const char *name = ofperr_get_name(e);
        char *prefixed = xasprintf("OFPERR_%s", name);

        assert_int_equal(ofperr_from_name(name), e);
        assert_int_equal(ofperr_from_name(prefixed), e);
        assert_true(strlen(ofperr_get_description(e)) > 5);
        free(prefixed);
    }
    assert_string_equal(ofperr_get_name(OFPERR_OFPBRC_BAD_LEN),
                        "OFPBRC_BAD_LEN");
    assert_string_equal(ofperr_get_name(OFPERR_OFPBRC_BAD_EXPERIMENTER),
                        "OFPBRC_BAD_VENDOR");
    assert_string_equal(ofperr_get_name(OFPERR_OFPBRC_IS_SLAVE),
                        "OFPBRC_IS_SECONDARY");
    assert_string_equal(ofperr_get_name(OFPERR_OFPBAC_BAD_EXP_TYPE),
                        "OFPBAC_BAD_VENDOR_TYPE");
    assert_string_equal(ofperr_get_name(0), "<invalid>");
    assert_int_equal(ofperr_from_name("OFPTFFC_BAD_ARGUMENT"),
                     OFPERR_OFPBPC_BAD_VALUE);
    assert_int_equal(ofperr_from_name("OFPBRC_BAD_EXPERIMENTER"),
                     OFPERR_OFPBRC_BAD_VENDOR);
    assert_int_equal(ofperr_from_name("OFPBRC_IS_SLAVE"),
                     OFPERR_OFPBRC_IS_SECONDARY);
    assert_int_equal(ofperr_from_name("NO_SUCH_ERROR"), 0);
    assert_string_equal(ofperr_to_string(OFPERR_OFPFMFC_OVERLAP),
                        "OFPFMFC_OVERLAP");
    assert_string_equal(ofperr_to_string(ENOENT),
                        "No such file or directory");
}

static void
check_wire(enum ofperr error, enum ofp_version version, uint32_t vendor,
           int type, int code)
{
    uint32_t v = 0xdead;
    uint16_t t = 0xbeef, c = 0xbeef;

    if (type < 0) {
        assert_false(ofperr_get_wire(error, version, &v, &t, &c));
        assert_int_equal(v, 0xdead);
    } else {
        assert_true(ofperr_get_wire(error, version, &v, &t, &c));
        assert_int_equal(v, vendor);
        assert_int_equal(t, type);
        assert_int_equal(c, code);
    }
}

static void
test_wire_forms(void **state SLUICE_UNUSED)
{
    check_wire(OFPERR_OFPFMFC_OVERLAP, OFP10_VERSION, 0, 3, 1);
    check_wire(OFPERR_OFPFMFC_OVERLAP, OFP11_VERSION, 0, 5, 3);
    check_wire(OFPERR_OFPFMFC_OVERLAP, OFP15_VERSION, 0, 5, 3);
    check_wire(OFPERR_OFPBRC_BAD_TABLE_ID, OFP10_VERSION, 0x2320, 1, 512);
    check_wire(OFPERR_OFPBRC_BAD_TABLE_ID, OFP11_VERSION, 0, 1, 9);
    check_wire(OFPERR_NXBRC_NXM_INVALID, OFP11_VERSION, 0x2320, 1, 256);
    check_wire(OFPERR_NXBRC_NXM_INVALID, OFP12_VERSION, 0x2320, 2, 0);
    check_wire(OFPERR_OFPBFC_UNKNOWN, OFP13_VERSION, 0x4f4e4600, 2300, 0);
    check_wire(OFPERR_OFPBFC_UNKNOWN, OFP14_VERSION, 0, 17, 0);
    check_wire(OFPERR_OFPBFC_UNKNOWN, OFP12_VERSION, 0, -1, 0);
    check_wire(OFPERR_OFPMMFC_UNKNOWN, OFP12_VERSION, 0, -1, 0);
    check_wire(OFPERR_OFPMMFC_UNKNOWN, OFP13_VERSION, 0, 12, 0);
    check_wire(OFPERR_OFPBPC_TOO_MANY, OFP13_VERSION, 0x4f4e4600, 4443, 0);
    check_wire(OFPERR_OFPBPC_BAD_TYPE, OFP13_VERSION, 0, 13, 2);
    check_wire(OFPERR_OFPBRC_IS_SLAVE, OFP10_VERSION, 0, 1, 5);
    check_wire(OFPERR_OFPBRC_IS_SLAVE, OFP12_VERSION, 0, 1, 10);
    check_wire(OFPERR_OFPGMFC_LOOP, OFP10_VERSION, 0x2320, 6, 7);
    check_wire(OFPERR_OFPHFC_INCOMPATIBLE, 7, 0, -1, 0);

    /* Shared codes decode as the first error. */
    assert_int_equal(ofperr_from_wire(OFP10_VERSION, 0, 1, 5),
                     OFPERR_OFPBRC_EPERM);
    assert_int_equal(ofperr_from_wire(OFP11_VERSION, 0, 3, 5),
                     OFPERR_OFPBIC_BAD_EXPERIMENTER);
    assert_int_equal(ofperr_from_wire(OFP12_VERSION, 0, 3, 6),
                     OFPERR_OFPBIC_BAD_EXP_TYPE);
    assert_int_equal(ofperr_from_wire(OFP13_VERSION, 0, 1, 99), 0);
}

static void
test_encode_reply(void **state SLUICE_UNUSED)
{
    /* Standard form. */
    static const uint8_t bad_mask12[] = {
        0x03, 0x01, 0x00, 0x14, 0x00, 0x00, 0x00, 0x05,
        0x00, 0x04, 0x00, 0x08,
        0x03, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x05,
    };
    /* OpenFlow 1.0 vendor form. */
    static const uint8_t bad_table10[] = {
        0x01, 0x01, 0x00, 0x1c, 0x00, 0x00, 0x00, 0x05,
        0xb0, 0xc2, 0x00, 0x00, 0x00, 0x00, 0x23, 0x20,
        0x00, 0x01, 0x02, 0x00,
        0x01, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x05,
    };
    /* ONF experimenter form. */
    static const uint8_t bundle13[] = {
        0x04, 0x01, 0x00, 0x18, 0x00, 0x00, 0x00, 0x05,
        0xff, 0xff, 0x08, 0xfc, 0x4f, 0x4e, 0x46, 0x00,
        0x04, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x05,
    };
    /* Not in OpenFlow 1.2: sent as NXBRC_UNENCODABLE_ERROR. */
    static const uint8_t meter12[] = {
        0x03, 0x01, 0x00, 0x18, 0x00, 0x00, 0x00, 0x05,
        0xff, 0xff, 0x00, 0x0a, 0x00, 0x00, 0x23, 0x20,
        0x03, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x05,
    };
    /* Not in OpenFlow 1.1: NXBRC_UNENCODABLE_ERROR in vendor form. */
    static const uint8_t meter11[] = {
        0x02, 0x01, 0x00, 0x1c, 0x00, 0x00, 0x00, 0x05,
        0xb0, 0xc2, 0x00, 0x00, 0x00, 0x00, 0x23, 0x20,
        0x00, 0x01, 0x02, 0x09,
        0x02, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x05,
    };
    static const uint8_t hello_failed15[] = {
        0x06, 0x01, 0x00, 0x14, 0x00, 0x00, 0x00, 0x05,
        0x00, 0x00, 0x00, 0x00,
        0x06, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x05,
    };

    check_reply(OFPERR_OFPBMC_BAD_MASK, OFP12_VERSION, bad_mask12,
                sizeof bad_mask12);
    check_reply(OFPERR_OFPBRC_BAD_TABLE_ID, OFP10_VERSION, bad_table10,
                sizeof bad_table10);
    check_reply(OFPERR_OFPBFC_UNKNOWN, OFP13_VERSION, bundle13,
                sizeof bundle13);
    check_reply(OFPERR_OFPMMFC_UNKNOWN, OFP12_VERSION, meter12,
                sizeof meter12);
    check_reply(OFPERR_OFPMMFC_UNKNOWN, OFP11_VERSION, meter11,
                sizeof meter11);
    check_reply(OFPERR_OFPHFC_INCOMPATIBLE, OFP15_VERSION, hello_failed15,
                sizeof hello_failed15);
    /* An errno is not an OpenFlow error. */
    check_reply(ENOENT, OFP11_VERSION, meter11, sizeof meter11);
}

static void
test_encode_whole_request(void **state SLUICE_UNUSED)
{
    uint8_t req[80];
    const void *payload;
    size_t payload_size;
    struct buffer *b;

    make_request(req, sizeof req, OFP13_VERSION);
    b = ofperr_encode_reply(OFPERR_OFPBRC_BAD_LEN,
                            (const struct ofp_header *) req);
    assert_int_equal(b->size, 12 + 80);
    assert_int_equal(((const uint8_t *) b->data)[3], 92);
    assert_int_equal(ofperr_decode_msg(b->data, b->size, &payload,
                                       &payload_size),
                     OFPERR_OFPBRC_BAD_LEN);
    assert_int_equal(payload_size, 80);
    assert_memory_equal(payload, req, 80);
    buffer_delete(b);
}

/* Every error that a version can express decodes as itself, or as an
 * error with the same wire form (a code that two errors share). */
static void
test_roundtrip(void **state SLUICE_UNUSED)
{
    int e, v;

    for (e = OFPERR_OFS; e < OFPERR_OFS + OFPERR_N_ERRORS; e++) {
        for (v = OFP_MIN_VERSION; v <= OFP_MAX_VERSION; v++) {
            uint32_t vendor, vendor2;
            uint16_t type, code, type2, code2;
            const void *payload;
            size_t payload_size;
            struct buffer *b;
            int d;

            if (!ofperr_get_wire(e, v, &vendor, &type, &code)) {
                continue;
            }
            b = ofperr_encode_msg(e, v, htonl(7), "abc", 3);
            d = ofperr_decode_msg(b->data, b->size, &payload,
                                  &payload_size);
            assert_true(ofperr_is_valid(d));
            assert_true(ofperr_get_wire(d, v, &vendor2, &type2, &code2));
            assert_int_equal(vendor, vendor2);
            assert_int_equal(type, type2);
            assert_int_equal(code, code2);
            assert_int_equal(payload_size, 3);
            assert_memory_equal(payload, "abc", 3);
            buffer_delete(b);
        }
    }
}

static void
test_decode_malformed(void **state SLUICE_UNUSED)
{
    /* Too short for type and code. */
    static const uint8_t short_msg[] = {
        0x01, 0x01, 0x00, 0x0a, 0, 0, 0, 1, 0x00, 0x01,
    };
    /* A vendor error without its vendor header. */
    static const uint8_t short_vendor[] = {
        0x01, 0x01, 0x00, 0x0c, 0, 0, 0, 1, 0xb0, 0xc2, 0x00, 0x00,
    };
    /* An experimenter error without its experimenter id. */
    static const uint8_t short_exp[] = {
        0x04, 0x01, 0x00, 0x0c, 0, 0, 0, 1, 0xff, 0xff, 0x00, 0x02,
    };
    /* Not an error at all. */
    static const uint8_t echo[] = {
        0x04, 0x02, 0x00, 0x0c, 0, 0, 0, 1, 0x00, 0x01, 0x00, 0x06,
    };
    /* An unknown code. */
    static const uint8_t unknown[] = {
        0x04, 0x01, 0x00, 0x0c, 0, 0, 0, 1, 0x00, 0x01, 0x00, 0x63,
    };
    /* Length field beyond the bytes given. */
    static const uint8_t overrun[] = {
        0x04, 0x01, 0x00, 0x20, 0, 0, 0, 1, 0x00, 0x01, 0x00, 0x06,
    };
    static const uint8_t ok[] = {
        0x04, 0x01, 0x00, 0x0c, 0, 0, 0, 1, 0x00, 0x01, 0x00, 0x06,
    };

    assert_int_equal(ofperr_decode_msg((const void *) short_msg,
                                       sizeof short_msg, NULL, NULL), 0);
    assert_int_equal(ofperr_decode_msg((const void *) short_vendor,
                                       sizeof short_vendor, NULL, NULL), 0);
    assert_int_equal(ofperr_decode_msg((const void *) short_exp,
                                       sizeof short_exp, NULL, NULL), 0);
    assert_int_equal(ofperr_decode_msg((const void *) echo, sizeof echo,
                                       NULL, NULL), 0);
    assert_int_equal(ofperr_decode_msg((const void *) unknown,
                                       sizeof unknown, NULL, NULL), 0);
    assert_int_equal(ofperr_decode_msg((const void *) overrun,
                                       sizeof overrun, NULL, NULL), 0);
    assert_int_equal(ofperr_decode_msg((const void *) ok, sizeof ok,
                                       NULL, NULL),
                     OFPERR_OFPBRC_BAD_LEN);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_wire_forms),
        cmocka_unit_test(test_encode_reply),
        cmocka_unit_test(test_encode_whole_request),
        cmocka_unit_test(test_roundtrip),
        cmocka_unit_test(test_decode_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
