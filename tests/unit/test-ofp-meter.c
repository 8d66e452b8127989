/* Unit tests for lib/ofp-meter.c: meter-mod, meter stats, config and
 * features, and the add-meter syntax.
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
#include "ofp-meter.h"
#include "ofp-msgs.h"
#include "openflow.h"
#include "packets.h"
#include "util.h"

/* Message framing, which ofp-msgs owns; the tests build it by hand. */
#define OFPT13_METER_MOD 29
#define OFPT13_MULTIPART_REQUEST 18
#define OFPT13_MULTIPART_REPLY 19
#define OFPMP_METER 9
#define OFPMP_METER_CONFIG 10
#define OFPMP_METER_FEATURES 11

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
    put_unaligned_be16(buffer_put_zeros(b, 8), htons(mp_type));
}

static void
finish(struct buffer *b)
{
    struct ofp_header *oh = b->data;
    oh->length = htons(b->size);
}

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

/* Asserts that S, without a final newline, is EXPECTED, and clears S. */
static void
assert_text(struct ds *s, const char *expected)
{
    ds_chomp(s, '\n');
    assert_string_equal(ds_cstr(s), expected);
    ds_clear(s);
}

/* Parses TEXT for COMMAND, encodes it in VERSION, and checks the bytes
 * against HEX and the decoded meter-mod's text against EXPECTED. */
static void
check_meter_mod(const char *text, enum ofp_meter_command command,
                enum ofp_version version, const char *hex,
                const char *expected)
{
    struct ofp_meter_mod mm, decoded;
    char *error = ofp_meter_mod_from_string(text, command, &mm);
    if (error) {
        fail_msg("%s: %s", text, error);
    }

    struct buffer b;
    buffer_init(&b, 0);
    put_header(&b, version, OFPT13_METER_MOD);
    ofp_meter_mod_encode(&mm, &b);
    finish(&b);
    assert_hex(&b, hex);

    buffer_pull(&b, sizeof(struct ofp_header));
    assert_int_equal(ofp_meter_mod_decode(&b, &decoded), 0);
    assert_int_equal(decoded.command, command);
    assert_int_equal(decoded.meter.meter_id, mm.meter.meter_id);

    struct ds s = DS_EMPTY_INITIALIZER;
    ofp_meter_mod_format(&s, &decoded);
    assert_text(&s, expected);
    ds_destroy(&s);
    ofp_meter_config_uninit(&mm.meter);
    ofp_meter_config_uninit(&decoded.meter);
    buffer_uninit(&b);
}

static void
test_meter_mod(void **state SLUICE_UNUSED)
{
    check_meter_mod("meter=1,kbps,burst,stats,band=type=drop,rate=1000,"
                    "burst_size=100,type=dscp_remark,rate=2000,"
                    "prec_level=1",
                    OFP_MC_ADD, OFP13_VERSION,
                    "041d003000000000"
                    "0000000d00000001"
                    "00010010000003e80000006400000000"
                    "00020010000007d00000000001000000",
                    " ADD meter=1 kbps burst stats bands=\n"
                    "type=drop rate=1000 burst_size=100\n"
                    "type=dscp_remark rate=2000 burst_size=0 prec_level=1");
    check_meter_mod("meter=all pktps bands=type=drop rate=1000",
                    OFP_MC_MODIFY, OFP14_VERSION,
                    "051d002000000000"
                    "00010002ffffffff"
                    "00010010000003e80000000000000000",
                    " MOD meter=all pktps bands=\n"
                    "type=drop rate=1000");
    check_meter_mod("meter=5", OFP_MC_DELETE, OFP13_VERSION,
                    "041d001000000000"
                    "0002000000000005",
                    " DEL meter=5 bands=");
    check_meter_mod("", OFP_MC_DELETE, OFP15_VERSION,
                    "061d001000000000"
                    "00020000ffffffff",
                    " DEL meter=all bands=");
    /* Without a unit, as ovs-ofctl sends it (a switch takes kbps). */
    check_meter_mod("meter=slowpath,band=type=drop,rate=10",
                    OFP_MC_ADD, OFP13_VERSION,
                    "041d002000000000"
                    "00000000fffffffd"
                    "000100100000000a0000000000000000",
                    " ADD meter=slowpath bands=\n"
                    "type=drop rate=10");
}

static void
test_meter_mod_parse_errors(void **state SLUICE_UNUSED)
{
    static const struct {
        const char *text;
        enum ofp_meter_command command;
        const char *error;
    } cases[] = {
        { "kbps,band=type=drop,rate=1", OFP_MC_ADD,
          "must specify a meter (meter=ID)" },
        { "meter=1,kbps", OFP_MC_ADD,
          "must specify bands (band=type=drop,rate=N)" },
        { "meter=1,band=", OFP_MC_MODIFY,
          "must specify bands (band=type=drop,rate=N)" },
        { "meter=x,band=type=drop", OFP_MC_ADD,
          "meter: \"x\" is not a meter id" },
        { "meter=1,band=type=police", OFP_MC_ADD,
          "unknown meter band type \"police\"" },
        { "meter=1,band=rate=5", OFP_MC_ADD,
          "band field \"rate\" before the band's \"type\"" },
        { "meter=1,band=type=drop,rate=fast", OFP_MC_ADD,
          "rate: \"fast\" is not a number" },
        { "meter=1,band=type=drop,rate", OFP_MC_ADD,
          "band field \"rate\" needs a value" },
        { "meter=1,band=type=drop,prec_level=1", OFP_MC_ADD,
          "unknown meter band field \"prec_level\"" },
        { "meter=1,band=type=dscp_remark,prec_level=256", OFP_MC_ADD,
          "prec_level 256 is above 255" },
        { "meter=1,fast,band=type=drop", OFP_MC_ADD,
          "unknown meter field \"fast\"" },
        { "meter=1,kbps", OFP_MC_DELETE,
          "unknown meter field \"kbps\"" },
        { "meter=1,band=type=drop", OFP_MC_DELETE,
          "deleting a meter takes no bands" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct ofp_meter_mod mm;
        char *error = ofp_meter_mod_from_string(cases[i].text,
                                                cases[i].command, &mm);
        if (!error) {
            fail_msg("\"%s\" parsed", cases[i].text);
        }
        assert_string_equal(error, cases[i].error);
        assert_null(mm.meter.bands);
        free(error);
    }
}

/* Decodes the meter-mod body in HEX and returns the error. */
static enum ofperr
decode_hex(const char *hex)
{
    uint8_t bytes[256];
    size_t n = strlen(hex) / 2;
    assert_true(n <= sizeof bytes);
    for (size_t i = 0; i < n; i++) {
        unsigned int byte;
        assert_int_equal(sscanf(hex + 2 * i, "%2x", &byte), 1);
        bytes[i] = byte;
    }

    struct buffer b;
    struct ofp_meter_mod mm;
    buffer_use_const(&b, bytes, n);
    enum ofperr error = ofp_meter_mod_decode(&b, &mm);
    ofp_meter_config_uninit(&mm.meter);
    return error;
}

static void
test_meter_mod_decode_errors(void **state SLUICE_UNUSED)
{
    assert_int_equal(decode_hex("00000001000000"), OFPERR_OFPBRC_BAD_LEN);
    assert_int_equal(decode_hex("0003000100000001"),
                     OFPERR_OFPMMFC_BAD_COMMAND);
    assert_int_equal(decode_hex("0000001100000001"),
                     OFPERR_OFPMMFC_BAD_FLAGS);
    assert_int_equal(decode_hex("0000000100000001"
                                "000100100000000100000000000000"),
                     OFPERR_OFPBRC_BAD_LEN);
    assert_int_equal(decode_hex("0000000100000001"
                                "00010018000000010000000000000000"),
                     OFPERR_OFPBRC_BAD_LEN);
    assert_int_equal(decode_hex("0000000100000001"
                                "ffff0010000000010000000000002320"),
                     OFPERR_OFPMMFC_BAD_BAND);
    assert_int_equal(decode_hex("0000000100000001"
                                "00010010000000010000000000000000"), 0);
}

static void
test_meter_mod_check(void **state SLUICE_UNUSED)
{
    static const struct {
        const char *text;
        enum ofp_meter_command command;
        enum ofperr error;
    } cases[] = {
        { "meter=1,kbps,band=type=drop,rate=1", OFP_MC_ADD, 0 },
        { "meter=0,kbps,band=type=drop,rate=1", OFP_MC_ADD,
          OFPERR_OFPMMFC_INVALID_METER },
        { "meter=4294901761,band=type=drop,rate=1", OFP_MC_ADD,
          OFPERR_OFPMMFC_INVALID_METER },
        { "meter=all,band=type=drop,rate=1", OFP_MC_ADD,
          OFPERR_OFPMMFC_INVALID_METER },
        { "meter=all", OFP_MC_DELETE, 0 },
        { "meter=controller,band=type=drop,rate=1", OFP_MC_ADD, 0 },
        { "meter=101,band=type=drop,rate=1", OFP_MC_ADD,
          OFPERR_OFPMMFC_OUT_OF_METERS },
        { "meter=101,band=type=drop,rate=1", OFP_MC_MODIFY, 0 },
        { "meter=1,kbps,pktps,band=type=drop,rate=1", OFP_MC_ADD,
          OFPERR_OFPMMFC_BAD_FLAGS },
        { "meter=1,band=type=drop,rate=1,type=drop,rate=2,type=drop,rate=3",
          OFP_MC_ADD, OFPERR_OFPMMFC_OUT_OF_BANDS },
        { "meter=1,band=type=drop,rate=0", OFP_MC_ADD,
          OFPERR_OFPMMFC_BAD_RATE },
        { "meter=1,band=type=drop,rate=1,burst_size=5", OFP_MC_ADD,
          OFPERR_OFPMMFC_BAD_BURST },
        { "meter=1,burst,band=type=drop,rate=1,burst_size=5", OFP_MC_ADD,
          0 },
        { "meter=1,band=type=dscp_remark,rate=1", OFP_MC_ADD,
          OFPERR_OFPMMFC_BAD_BAND_VALUE },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct ofp_meter_mod mm;
        char *error = ofp_meter_mod_from_string(cases[i].text,
                                                cases[i].command, &mm);
        if (error) {
            fail_msg("%s: %s", cases[i].text, error);
        }
        enum ofperr got = ofp_meter_mod_check(&mm, 100, 2);
        if (got != cases[i].error) {
            fail_msg("%s: %s, expected %s", cases[i].text,
                     got ? ofperr_get_name(got) : "ok",
                     cases[i].error ? ofperr_get_name(cases[i].error)
                     : "ok");
        }
        ofp_meter_config_uninit(&mm.meter);
    }

    /* A meter-mod with no bands. */
    struct ofp_meter_mod mm = {
        .command = OFP_MC_ADD,
        .meter = { .meter_id = 1, .flags = OFP_MF_KBPS },
    };
    assert_int_equal(ofp_meter_mod_check(&mm, 100, 2),
                     OFPERR_OFPMMFC_OUT_OF_BANDS);
}

static void
test_meter_requests(void **state SLUICE_UNUSED)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    struct buffer b, view;
    uint32_t id;

    buffer_init(&b, 0);
    put_mp_header(&b, OFP13_VERSION, OFPT13_MULTIPART_REQUEST, OFPMP_METER);
    ofp_meter_request_encode(OFPM_ALL, &b);
    finish(&b);
    assert_hex(&b, "04120018000000000009000000000000ffffffff00000000");
    buffer_use_const(&view, (uint8_t *) b.data + 16, 8);
    assert_int_equal(ofp_meter_request_decode(&view, &id), 0);
    assert_int_equal(id, OFPM_ALL);
    ofp_meter_request_format(&s, id);
    assert_text(&s, " meter=all");

    buffer_clear(&b);
    put_mp_header(&b, OFP13_VERSION, OFPT13_MULTIPART_REQUEST,
                  OFPMP_METER_CONFIG);
    ofp_meter_request_encode(7, &b);
    finish(&b);
    assert_hex(&b, "0412001800000000000a000000000000"
               "0000000700000000");
    buffer_use_const(&view, (uint8_t *) b.data + 16, 8);
    assert_int_equal(ofp_meter_request_decode(&view, &id), 0);
    assert_int_equal(id, 7);
    ofp_meter_request_format(&s, id);
    assert_text(&s, " meter=7");

    buffer_use_const(&view, (uint8_t *) b.data + 16, 4);
    assert_int_equal(ofp_meter_request_decode(&view, &id),
                     OFPERR_OFPBRC_BAD_LEN);
    buffer_uninit(&b);
    ds_destroy(&s);
}

static void
test_meter_config_reply(void **state SLUICE_UNUSED)
{
    struct ofp_meter_band bands[] = {
        { OFP_MBT_DROP, 1000, 100, 0 },
        { OFP_MBT_DSCP_REMARK, 2000, 0, 1 },
    };
    struct ofp_meter_config configs[] = {
        { 1, OFP_MF_KBPS | OFP_MF_BURST | OFP_MF_STATS, 2, bands },
        { 2, OFP_MF_KBPS, 0, NULL },
    };
    struct ds s = DS_EMPTY_INITIALIZER;
    struct buffer b;

    buffer_init(&b, 0);
    put_mp_header(&b, OFP13_VERSION, OFPT13_MULTIPART_REPLY,
                  OFPMP_METER_CONFIG);
    for (size_t i = 0; i < ARRAY_SIZE(configs); i++) {
        ofp_meter_config_encode(&configs[i], &b);
    }
    finish(&b);
    assert_hex(&b, "0413004000000000000a000000000000"
               "0028000d00000001"
               "00010010000003e80000006400000000"
               "00020010000007d00000000001000000"
               "0008000100000002");

    buffer_pull(&b, 16);
    struct buffer view;
    buffer_use_const(&view, b.data, b.size);
    assert_int_equal(ofp_meter_config_reply_format(&s, &view), 0);
    assert_text(&s, "\n"
                "meter=1 kbps burst stats bands=\n"
                "type=drop rate=1000 burst_size=100\n"
                "type=dscp_remark rate=2000 burst_size=0 prec_level=1\n"
                "\n"
                "meter=2 kbps bands=");

    /* Errors: a length past the end, below the fixed part, or not a whole
     * number of bands; a bad band. */
    struct ofp_meter_config config;
    uint8_t *p = b.data;
    buffer_use_const(&view, b.data, 39);
    assert_int_equal(ofp_meter_config_pull(&view, &config),
                     OFPERR_OFPBRC_BAD_LEN);
    buffer_use_const(&view, b.data, 7);
    assert_int_equal(ofp_meter_config_pull(&view, &config),
                     OFPERR_OFPBRC_BAD_LEN);
    p[1] = 4;
    buffer_use_const(&view, b.data, b.size);
    assert_int_equal(ofp_meter_config_pull(&view, &config),
                     OFPERR_OFPBRC_BAD_LEN);
    p[1] = 0x20;
    buffer_use_const(&view, b.data, b.size);
    assert_int_equal(ofp_meter_config_pull(&view, &config),
                     OFPERR_OFPBRC_BAD_LEN);
    p[1] = 0x28;
    p[9] = 3;
    buffer_use_const(&view, b.data, b.size);
    assert_int_equal(ofp_meter_config_pull(&view, &config),
                     OFPERR_OFPMMFC_BAD_BAND);
    buffer_use_const(&view, b.data, b.size);
    ds_put_cstr(&s, "x");
    assert_int_equal(ofp_meter_config_reply_format(&s, &view),
                     OFPERR_OFPMMFC_BAD_BAND);
    assert_string_equal(ds_cstr(&s), "x");
    buffer_uninit(&b);
    ds_destroy(&s);
}

static void
test_meter_stats_reply(void **state SLUICE_UNUSED)
{
    struct ofp_meter_band_stats bands[] = { { 7, 8 }, { 9, 10 } };
    struct ofp_meter_stats stats[] = {
        { 1, 2, 30, 4000, 5, 500000000, 2, bands },
        { 2, 0, 0, 0, 0, 0, 0, NULL },
    };
    struct ds s = DS_EMPTY_INITIALIZER;
    struct buffer b;

    buffer_init(&b, 0);
    put_mp_header(&b, OFP13_VERSION, OFPT13_MULTIPART_REPLY, OFPMP_METER);
    for (size_t i = 0; i < ARRAY_SIZE(stats); i++) {
        ofp_meter_stats_encode(&stats[i], &b);
    }
    finish(&b);
    assert_hex(&b, "04130080000000000009000000000000"
               "00000001004800000000000000000002"
               "000000000000001e0000000000000fa0"
               "000000051dcd6500"
               "00000000000000070000000000000008"
               "0000000000000009000000000000000a"
               "00000002002800000000000000000000"
               "00000000000000000000000000000000"
               "0000000000000000");

    buffer_pull(&b, 16);
    struct buffer view;
    buffer_use_const(&view, b.data, b.size);
    assert_int_equal(ofp_meter_stats_reply_format(&s, &view), 0);
    assert_text(&s, "\n"
                "meter:1 flow_count:2 packet_in_count:30 "
                "byte_in_count:4000 duration:5.500s bands:\n"
                "0: packet_count:7 byte_count:8\n"
                "1: packet_count:9 byte_count:10\n"
                "\n"
                "meter:2 flow_count:0 packet_in_count:0 byte_in_count:0 "
                "duration:0s bands:");

    struct ofp_meter_stats decoded;
    buffer_use_const(&view, b.data, b.size);
    assert_int_equal(ofp_meter_stats_pull(&view, &decoded), 0);
    assert_int_equal(decoded.n_bands, 2);
    assert_true(decoded.bands[1].byte_count == 10);
    assert_true(decoded.byte_in_count == 4000);
    ofp_meter_stats_uninit(&decoded);

    /* Errors. */
    uint8_t *p = b.data;
    buffer_use_const(&view, b.data, 39);
    assert_int_equal(ofp_meter_stats_pull(&view, &decoded),
                     OFPERR_OFPBRC_BAD_LEN);
    buffer_use_const(&view, b.data, 71);
    assert_int_equal(ofp_meter_stats_pull(&view, &decoded),
                     OFPERR_OFPBRC_BAD_LEN);
    p[5] = 0x50;
    buffer_use_const(&view, b.data, b.size);
    assert_int_equal(ofp_meter_stats_pull(&view, &decoded),
                     OFPERR_OFPBRC_BAD_LEN);
    p[5] = 0x20;
    buffer_use_const(&view, b.data, b.size);
    assert_int_equal(ofp_meter_stats_pull(&view, &decoded),
                     OFPERR_OFPBRC_BAD_LEN);
    buffer_use_const(&view, b.data, b.size);
    assert_int_equal(ofp_meter_stats_reply_format(&s, &view),
                     OFPERR_OFPBRC_BAD_LEN);
    assert_int_equal(s.length, 0);
    buffer_uninit(&b);
    ds_destroy(&s);
}

static void
test_meter_features(void **state SLUICE_UNUSED)
{
    struct ofp_meter_features mf = {
        .max_meters = 65536,
        .band_types = (1 << OFP_MBT_DROP) | (1 << OFP_MBT_DSCP_REMARK),
        .capabilities = OFP_MF_ALL,
        .max_bands = 8,
        .max_color = 0,
    };
    struct ds s = DS_EMPTY_INITIALIZER;
    struct buffer b;

    buffer_init(&b, 0);
    put_mp_header(&b, OFP13_VERSION, OFPT13_MULTIPART_REPLY,
                  OFPMP_METER_FEATURES);
    ofp_meter_features_encode(&mf, &b);
    finish(&b);
    assert_hex(&b, "0413002000000000000b000000000000"
               "00010000000000060000000f08000000");

    buffer_pull(&b, 16);
    struct ofp_meter_features decoded;
    struct buffer view;
    buffer_use_const(&view, b.data, b.size);
    assert_int_equal(ofp_meter_features_decode(&view, &decoded), 0);
    ofp_meter_features_format(&s, &decoded);
    assert_text(&s, "\n"
                "max_meter:65536 max_bands:8 max_color:0\n"
                "band_types: drop dscp_remark\n"
                "capabilities: kbps pktps burst stats");
    buffer_use_const(&view, b.data, b.size - 1);
    assert_int_equal(ofp_meter_features_decode(&view, &decoded),
                     OFPERR_OFPBRC_BAD_LEN);
    buffer_uninit(&b);
    ds_destroy(&s);
}

/* Messages built with ofp-msgs' framing and these encoders pass ofp-msgs'
 * length checks and decode again. */
static void
test_with_ofp_msgs(void **state SLUICE_UNUSED)
{
    for (enum ofp_version v = OFP13_VERSION; v <= OFP15_VERSION; v++) {
        struct ofp_meter_mod mm;
        enum ofpraw raw;
        char *error = ofp_meter_mod_from_string(
            "meter=1,pktps,band=type=drop,rate=5", OFP_MC_ADD, &mm);
        assert_null(error);

        struct buffer *b = ofpraw_alloc(OFPRAW_OFPT13_METER_MOD, v, 0);
        ofp_meter_mod_encode(&mm, b);
        ofpmsg_update_length(b);
        ofp_meter_config_uninit(&mm.meter);
        assert_int_equal(ofpraw_pull(&raw, b), 0);
        assert_int_equal(ofp_meter_mod_decode(b, &mm), 0);
        assert_int_equal(mm.meter.n_bands, 1);
        ofp_meter_config_uninit(&mm.meter);
        buffer_delete(b);

        struct ofp_meter_band_stats bands[] = { { 7, 8 } };
        struct ofp_meter_stats ms = { 1, 2, 3, 4, 5, 6, 1, bands };
        b = ofpraw_alloc(OFPRAW_OFPST13_METER_REPLY, v, 0);
        ofp_meter_stats_encode(&ms, b);
        ofpmsg_update_length(b);
        assert_int_equal(ofpraw_pull(&raw, b), 0);
        assert_int_equal(ofp_meter_stats_pull(b, &ms), 0);
        ofp_meter_stats_uninit(&ms);
        buffer_delete(b);

        struct ofp_meter_features mf = { 10, 6, 0xf, 4, 0 };
        b = ofpraw_alloc(OFPRAW_OFPST13_METER_FEATURES_REPLY, v, 0);
        ofp_meter_features_encode(&mf, b);
        ofpmsg_update_length(b);
        assert_int_equal(ofpraw_pull(&raw, b), 0);
        assert_int_equal(ofp_meter_features_decode(b, &mf), 0);
        buffer_delete(b);

        uint32_t id;
        b = ofpraw_alloc(OFPRAW_OFPST13_METER_CONFIG_REQUEST, v, 0);
        ofp_meter_request_encode(3, b);
        ofpmsg_update_length(b);
        assert_int_equal(ofpraw_pull(&raw, b), 0);
        assert_int_equal(ofp_meter_request_decode(b, &id), 0);
        assert_int_equal(id, 3);
        buffer_delete(b);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_meter_mod),
        cmocka_unit_test(test_meter_mod_parse_errors),
        cmocka_unit_test(test_meter_mod_decode_errors),
        cmocka_unit_test(test_meter_mod_check),
        cmocka_unit_test(test_meter_requests),
        cmocka_unit_test(test_meter_config_reply),
        cmocka_unit_test(test_meter_stats_reply),
        cmocka_unit_test(test_meter_features),
        cmocka_unit_test(test_with_ofp_msgs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
