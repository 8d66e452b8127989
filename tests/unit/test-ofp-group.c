/* Unit tests for lib/ofp-group.c: group-mod, group stats, group desc and
 * group features in OpenFlow 1.1 to 1.5, and the group text syntax.
 *
 * The group-mod bytes are what the real "ovs-ofctl add-group" (and
 * mod-group, del-groups, insert-buckets, remove-buckets) of Open vSwitch
 * 3.1 sent to a fake switch for the same text (xid 2), and the expected
 * text is what "ovs-ofctl ofp-print" printed for those bytes after the
 * "(xid=0x2):" label.  The reply bytes were checked the same way. */
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
#include "list.h"
#include "ofp-actions.h"
#include "ofp-errors.h"
#include "ofp-group.h"
#include "ofp-msgs.h"
#include "openflow.h"
#include "packets.h"
#include "util.h"

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

/* Asserts that the SIZE bytes at DATA are those of HEX (spaces ignored),
 * printing both when they are not. */
static void
assert_bytes(const void *data, size_t size, const char *hex)
{
    struct buffer expected;
    hex_to_buffer(hex, &expected);
    if (size != expected.size || memcmp(data, expected.data, size)) {
        struct ds ds = DS_EMPTY_INITIALIZER;
        ds_put_hex(&ds, data, size);
        fail_msg("got      %s\nexpected %s", ds_cstr(&ds), hex);
    }
    buffer_uninit(&expected);
}

static void
set_xid(struct buffer *msg, uint32_t xid)
{
    ((struct ofp_header *) msg->data)->xid = htonl(xid);
}

/* Group-mod: text to bytes (as ovs-ofctl sends them) to text (as
 * ovs-ofctl prints them). */
struct gm_case {
    enum ofp_group_mod_command command;
    const char *text;
    enum ofp_version version;
    const char *hex;
    const char *printed;        /* After the label and "\n ". */
};

static const struct gm_case gm_cases[] = {
    { OFPGC_ADD,
      "group_id=1,type=select,bucket=weight:10,output:1,bucket=output:2",
      OFP13_VERSION,
      "040f005000000002 0000 01 00 00000001"
      " 0020 000a ffffffff ffffffff 00000000 0000001000000001 0000000000000000"
      " 0020 0001 ffffffff ffffffff 00000000 0000001000000002"
      " 0000000000000000",
      "ADD group_id=1,type=select,bucket=weight:10,actions=output:1,"
      "bucket=actions=output:2" },
    { OFPGC_ADD,
      "group_id=1,type=select,bucket=weight:10,output:1,bucket=output:2",
      OFP11_VERSION,
      "020f005000000002 0000 01 00 00000001"
      " 0020 000a ffffffff ffffffff 00000000 0000001000000001 0000000000000000"
      " 0020 0001 ffffffff ffffffff 00000000 0000001000000002"
      " 0000000000000000",
      "ADD group_id=1,type=select,bucket=weight:10,actions=output:1,"
      "bucket=actions=output:2" },
    { OFPGC_ADD,
      "group_id=1,type=select,bucket=weight:10,output:1,bucket=output:2",
      OFP15_VERSION,
      "060f005800000002 0000 01 00 00000001 0040 0000 ffffffff"
      " 0020 0010 00000000 0000001000000001 0000000000000000 0000 0008 000a"
      " 0000"
      " 0020 0010 00000001 0000001000000002 0000000000000000 0000 0008 0001"
      " 0000",
      "ADD group_id=1,type=select,bucket=bucket_id:0,weight:10,"
      "actions=output:1,bucket=bucket_id:1,actions=output:2" },
    { OFPGC_ADD, "group_id=2,type=all,bucket=output:1,bucket=output:2",
      OFP13_VERSION,
      "040f005000000002 0000 00 00 00000002"
      " 0020 0000 ffffffff ffffffff 00000000 0000001000000001 0000000000000000"
      " 0020 0000 ffffffff ffffffff 00000000 0000001000000002"
      " 0000000000000000",
      "ADD group_id=2,type=all,bucket=actions=output:1,"
      "bucket=actions=output:2" },
    { OFPGC_ADD, "group_id=2,type=all,bucket=output:1,bucket=output:2",
      OFP15_VERSION,
      "060f004800000002 0000 00 00 00000002 0030 0000 ffffffff"
      " 0018 0010 00000000 0000001000000001 0000000000000000"
      " 0018 0010 00000001 0000001000000002 0000000000000000",
      "ADD group_id=2,type=all,bucket=bucket_id:0,actions=output:1,"
      "bucket=bucket_id:1,actions=output:2" },
    { OFPGC_ADD,
      "group_id=3,type=ff,bucket=watch_port:1,output:1,"
      "bucket=watch_port:2,watch_group:7,output:2",
      OFP13_VERSION,
      "040f005000000002 0000 03 00 00000003"
      " 0020 0000 00000001 ffffffff 00000000 0000001000000001 0000000000000000"
      " 0020 0000 00000002 00000007 00000000 0000001000000002"
      " 0000000000000000",
      "ADD group_id=3,type=ff,bucket=watch_port:1,actions=output:1,"
      "bucket=watch_port:2,watch_group:7,actions=output:2" },
    { OFPGC_ADD,
      "group_id=3,type=ff,bucket=watch_port:1,output:1,"
      "bucket=watch_port:2,watch_group:7,output:2",
      OFP15_VERSION,
      "060f006000000002 0000 03 00 00000003 0048 0000 ffffffff"
      " 0020 0010 00000000 0000001000000001 0000000000000000"
      " 0001 0008 00000001"
      " 0028 0010 00000001 0000001000000002 0000000000000000"
      " 0001 0008 00000002 0002 0008 00000007",
      "ADD group_id=3,type=ff,bucket=bucket_id:0,watch_port:1,"
      "actions=output:1,bucket=bucket_id:1,watch_port:2,watch_group:7,"
      "actions=output:2" },
    { OFPGC_MODIFY,
      "group_id=4,type=indirect,"
      "bucket=actions=set_field:10.0.0.1->ip_dst,output:3",
      OFP13_VERSION,
      "040f004000000002 0001 02 00 00000004"
      " 0030 0000 ffffffff ffffffff 00000000"
      " 00190010800018040a00000100000000 0000001000000003 0000000000000000",
      "MOD group_id=4,type=indirect,"
      "bucket=actions=set_field:10.0.0.1->ip_dst,output:3" },
    { OFPGC_DELETE, "group_id=1", OFP13_VERSION,
      "040f001000000002 0002 00 00 00000001",
      "DEL group_id=1,type=all" },
    { OFPGC_DELETE, "", OFP13_VERSION,
      "040f001000000002 0002 00 00 fffffffc",
      "DEL group_id=4294967292,type=all" },
    { OFPGC_DELETE, "group_id=1", OFP15_VERSION,
      "060f001800000002 0002 00 00 00000001 0000 0000 ffffffff",
      "DEL group_id=1,type=all" },
    { OFPGC_INSERT_BUCKET,
      "group_id=1,command_bucket_id=last,bucket=bucket_id:5,output:3",
      OFP15_VERSION,
      "060f003000000002 0003 00 00 00000001 0018 0000 fffffffe"
      " 0018 0010 00000005 0000001000000003 0000000000000000",
      "INSERT_BUCKET command_bucket_id:last,group_id=1,"
      "bucket=bucket_id:5,actions=output:3" },
    { OFPGC_REMOVE_BUCKET, "group_id=1,command_bucket_id=5",
      OFP15_VERSION,
      "060f001800000002 0005 00 00 00000001 0000 0000 00000005",
      "REMOVE_BUCKET command_bucket_id:5,group_id=1" },
    { OFPGC_ADD,
      "group_id=1,type=select,bucket=bucket_id:3,weight:5,output:1",
      OFP15_VERSION,
      "060f003800000002 0000 01 00 00000001 0020 0000 ffffffff"
      " 0020 0010 00000003 0000001000000001 0000000000000000"
      " 0000 0008 0005 0000",
      "ADD group_id=1,type=select,bucket=bucket_id:3,weight:5,"
      "actions=output:1" },
};

static void
test_group_mod(void **state)
{
    (void) state;
    for (size_t i = 0; i < ARRAY_SIZE(gm_cases); i++) {
        const struct gm_case *c = &gm_cases[i];
        struct ofp_group_mod gm, decoded;
        struct ds ds = DS_EMPTY_INITIALIZER;
        char *error;

        error = ofp_parse_group_mod(&gm, c->command, c->text);
        if (error) {
            fail_msg("%s: %s", c->text, error);
        }
        struct buffer *msg = ofp_encode_group_mod(&gm, c->version);
        set_xid(msg, 2);
        assert_bytes(msg->data, msg->size, c->hex);

        assert_int_equal(ofp_decode_group_mod(&decoded, msg->data), 0);
        ofp_group_mod_format(&decoded, c->version, &ds);
        char *expected = xasprintf("\n %s", c->printed);
        assert_string_equal(ds_cstr(&ds), expected);
        free(expected);

        ds_destroy(&ds);
        buffer_delete(msg);
        ofp_group_mod_uninit(&decoded);
        ofp_group_mod_uninit(&gm);
    }
}

/* What dump-groups prints parses back to the same group. */
static void
test_group_text_round_trip(void **state)
{
    (void) state;
    for (size_t i = 0; i < ARRAY_SIZE(gm_cases); i++) {
        const struct gm_case *c = &gm_cases[i];
        struct ofp_group_mod gm, reparsed;
        struct ds ds = DS_EMPTY_INITIALIZER;

        if (c->command != OFPGC_ADD) {
            continue;
        }
        assert_null(ofp_parse_group_mod(&gm, c->command, c->text));
        ofp_group_desc_format(&gm.group, c->version, &ds);
        char *error = ofp_parse_group_mod(&reparsed, c->command,
                                          ds_cstr(&ds));
        if (error) {
            fail_msg("%s: %s", ds_cstr(&ds), error);
        }
        struct buffer *a = ofp_encode_group_mod(&gm, c->version);
        struct buffer *b = ofp_encode_group_mod(&reparsed, c->version);
        set_xid(a, 2);
        set_xid(b, 2);
        assert_int_equal(a->size, b->size);
        assert_memory_equal(a->data, b->data, a->size);

        buffer_delete(a);
        buffer_delete(b);
        ds_destroy(&ds);
        ofp_group_mod_uninit(&reparsed);
        ofp_group_mod_uninit(&gm);
    }
}

static void
test_group_mod_errors(void **state)
{
    static const struct {
        const char *hex;
        enum ofperr error;
    } cases[] = {
        /* Unknown command, unknown type. */
        { "040f001000000002 0009 00 00 00000001",
          OFPERR_OFPGMFC_BAD_COMMAND },
        { "040f001000000002 0000 07 00 00000001", OFPERR_OFPGMFC_BAD_TYPE },
        /* Indirect with no bucket. */
        { "040f001000000002 0000 02 00 00000001",
          OFPERR_OFPGMFC_INVALID_GROUP },
        /* A weight in an "all" group. */
        { "040f002000000002 0000 00 00 00000001"
          " 0010 0001 ffffffff ffffffff 00000000",
          OFPERR_OFPGMFC_INVALID_GROUP },
        /* A fast failover bucket that watches nothing. */
        { "040f002000000002 0000 03 00 00000001"
          " 0010 0000 ffffffff ffffffff 00000000",
          OFPERR_OFPGMFC_INVALID_GROUP },
        /* A watch in an "all" group. */
        { "040f002000000002 0000 00 00 00000001"
          " 0010 0000 00000001 ffffffff 00000000",
          OFPERR_OFPGMFC_WATCH_UNSUPPORTED },
        /* Bucket lengths: too short, past the end. */
        { "040f002000000002 0000 00 00 00000001"
          " 0008 0000 ffffffff ffffffff 00000000",
          OFPERR_OFPGMFC_BAD_BUCKET },
        { "040f002000000002 0000 00 00 00000001"
          " 0018 0000 ffffffff ffffffff 00000000",
          OFPERR_OFPGMFC_BAD_BUCKET },
        /* Watching a port that is no port. */
        { "040f002000000002 0000 03 00 00000001"
          " 0010 0000 ffffff00 ffffffff 00000000",
          OFPERR_OFPGMFC_BAD_WATCH },
        /* An action of an unknown type. */
        { "040f002800000002 0000 00 00 00000001"
          " 0018 0000 ffffffff ffffffff 00000000 00ee000800000000",
          OFPERR_OFPBAC_BAD_TYPE },
        /* OpenFlow 1.5: bucket array past the end, an unknown bucket
         * property, two buckets with one id, a group property. */
        { "060f001800000002 0000 00 00 00000001 0008 0000 ffffffff",
          OFPERR_OFPBRC_BAD_LEN },
        { "060f002800000002 0000 00 00 00000001 0010 0000 ffffffff"
          " 0010 0000 00000000 0009 0008 00000000",
          OFPERR_OFPBPC_BAD_TYPE },
        { "060f002800000002 0000 00 00 00000001 0010 0000 ffffffff"
          " 0008 0000 00000001 0008 0000 00000001",
          OFPERR_OFPGMFC_BUCKET_EXISTS },
        { "060f002000000002 0000 00 00 00000001 0000 0000 ffffffff"
          " 0001 0008 00000000",
          OFPERR_OFPBPC_BAD_TYPE },
        /* insert_bucket at a reserved id that is not first or last. */
        { "060f001800000002 0003 00 00 00000001 0000 0000 fffffff0",
          OFPERR_OFPGMFC_UNKNOWN_BUCKET },
        /* insert_bucket before OpenFlow 1.5. */
        { "040f001000000002 0003 00 00 00000001",
          OFPERR_OFPGMFC_BAD_COMMAND },
        /* Not a group-mod. */
        { "0414000800000002", OFPERR_OFPBRC_BAD_TYPE },
    };

    (void) state;
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct ofp_group_mod gm;
        struct buffer msg;

        hex_to_buffer(cases[i].hex, &msg);
        enum ofperr error = ofp_decode_group_mod(&gm, msg.data);
        if (error != cases[i].error) {
            fail_msg("case %zu: got %s, expected %s", i,
                     ofperr_get_name(error),
                     ofperr_get_name(cases[i].error));
        }
        ofp_group_mod_uninit(&gm);
        buffer_uninit(&msg);
    }
}

static void
test_group_parse_errors(void **state)
{
    static const struct {
        enum ofp_group_mod_command command;
        const char *text;
        const char *error;
    } cases[] = {
        { OFPGC_ADD, "type=all,bucket=output:1", "must specify a group_id" },
        { OFPGC_ADD, "group_id=1,bucket=output:1", "must specify a type" },
        { OFPGC_ADD, "group_id=1,type=fancy", "invalid group type fancy" },
        { OFPGC_ADD, "group_id=x,type=all", "invalid group id x" },
        { OFPGC_ADD, "group_id=1,type=all,color=red",
          "unknown keyword color" },
        { OFPGC_ADD, "group_id=1,type=select,bucket=weight:70000,output:1",
          "group 1: bucket 1: invalid weight \"70000\"" },
        { OFPGC_ADD, "group_id=1,type=ff,bucket=watch_port:nowhere,output:1",
          "group 1: bucket 1: nowhere: invalid watch_port" },
        { OFPGC_DELETE, "group_id=1,bucket=output:1",
          "buckets are not allowed when deleting" },
        { OFPGC_ADD, "group_id=1,type=all,command_bucket_id=1",
          "command_bucket_id is not needed" },
        { OFPGC_ADD, "group_id=1,type=indirect",
          "group 1: an indirect group needs exactly one bucket" },
        { OFPGC_ADD, "group_id=1,type=ff,bucket=output:1",
          "group 1: a fast failover bucket must watch a port or a group" },
        { OFPGC_ADD, "group_id=1,type=all,bucket=weight:2,output:1",
          "group 1: only select groups have bucket weights" },
        { OFPGC_ADD, "group_id=1,type=all,bucket=output:1,bucket=bogus:2",
          "group 1: bucket 2: unknown action bogus" },
    };

    (void) state;
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct ofp_group_mod gm;
        char *error = ofp_parse_group_mod(&gm, cases[i].command,
                                          cases[i].text);
        assert_non_null(error);
        assert_string_equal(error, cases[i].error);
        free(error);
        ofp_group_mod_uninit(&gm);
    }
}

/* Group stats. */
static void
test_group_stats(void **state)
{
    static const struct {
        enum ofp_version version;
        const char *hex;
        const char *text;
    } cases[] = {
        { OFP13_VERSION,
          "04130058000000020006000000000000"
          " 0048 0000 00000001 00000002 00000000"
          " 0000000000000010 0000000000000400 0000000a 000000bb"
          " 0000000000000007 0000000000000100"
          " 0000000000000009 0000000000000300",
          "\n group_id=1,duration=10.000000187s,ref_count=2,"
          "packet_count=16,byte_count=1024,bucket0:packet_count=7,"
          "byte_count=256,bucket1:packet_count=9,byte_count=768" },
        { OFP11_VERSION,
          "02130050000000020006000000000000"
          " 0040 0000 00000001 00000002 00000000"
          " 0000000000000010 0000000000000400"
          " 0000000000000007 0000000000000100"
          " 0000000000000009 0000000000000300",
          "\n group_id=1,ref_count=2,packet_count=16,byte_count=1024,"
          "bucket0:packet_count=7,byte_count=256,bucket1:packet_count=9,"
          "byte_count=768" },
    };

    (void) state;
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct ofp_bucket_counter buckets[2] = { { 7, 256 }, { 9, 768 } };
        struct ofp_group_stats gs = {
            .group_id = 1, .ref_count = 2, .packet_count = 16,
            .byte_count = 1024, .duration_sec = 10, .duration_nsec = 187,
            .buckets = buckets, .n_buckets = 2,
        };
        struct buffer *request = ofp_encode_group_stats_request(
            cases[i].version, 1);
        uint32_t group_id;
        struct list replies;

        set_xid(request, 2);
        assert_int_equal(ofp_decode_group_stats_request(request->data,
                                                        &group_id), 0);
        assert_int_equal(group_id, 1);
        ofpmp_init(&replies, request->data);
        ofp_append_group_stats(&gs, &replies);

        struct buffer *reply = CONTAINER_OF(list_front(&replies),
                                            struct buffer, list_node);
        assert_bytes(reply->data, reply->size, cases[i].hex);

        struct buffer msg;
        struct ds ds = DS_EMPTY_INITIALIZER;
        buffer_use_const(&msg, reply->data, reply->size);
        assert_int_equal(ofp_group_stats_reply_format(&msg, &ds), 0);
        assert_string_equal(ds_cstr(&ds), cases[i].text);

        ds_destroy(&ds);
        buffer_list_delete(&replies);
        buffer_delete(request);
    }

    /* The request's bytes. */
    struct buffer *request = ofp_encode_group_stats_request(OFP13_VERSION,
                                                            OFPG_ALL);
    set_xid(request, 2);
    assert_bytes(request->data, request->size,
                 "04120018000000020006000000000000 fffffffc 00000000");
    struct ds ds = DS_EMPTY_INITIALIZER;
    assert_int_equal(ofp_group_request_format(request->data, &ds), 0);
    assert_string_equal(ds_cstr(&ds), " group_id=ALL");
    ds_destroy(&ds);
    buffer_delete(request);
}

/* Group desc: the groups of the group-mod cases, as a desc reply. */
static void
test_group_desc(void **state)
{
    static const struct {
        enum ofp_version version;
        const char *text;
        const char *hex;
        const char *printed;
    } cases[] = {
        { OFP13_VERSION,
          "group_id=1,type=select,bucket=weight:10,output:1,bucket=output:2",
          "04130058000000020007000000000000"
          " 0048 01 00 00000001"
          " 0020 000a ffffffff ffffffff 00000000"
          " 0000001000000001 0000000000000000"
          " 0020 0001 ffffffff ffffffff 00000000"
          " 0000001000000002 0000000000000000",
          "\n group_id=1,type=select,bucket=weight:10,actions=output:1,"
          "bucket=actions=output:2" },
        { OFP15_VERSION,
          "group_id=3,type=ff,bucket=watch_port:1,output:1",
          "06130040000000020007000000000000"
          " 0030 03 00 00000003 0020 000000000000"
          " 0020 0010 00000000 0000001000000001 0000000000000000"
          " 0001 0008 00000001",
          "\n group_id=3,type=ff,bucket=bucket_id:0,watch_port:1,"
          "actions=output:1" },
    };

    (void) state;
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct buffer *request = ofp_encode_group_desc_request(
            cases[i].version, OFPG_ALL);
        struct ofp_group_mod gm;
        struct list replies;
        uint32_t group_id;

        set_xid(request, 2);
        assert_int_equal(ofp_decode_group_desc_request(request->data,
                                                       &group_id), 0);
        assert_int_equal(group_id, OFPG_ALL);
        assert_null(ofp_parse_group_mod(&gm, OFPGC_ADD, cases[i].text));
        ofpmp_init(&replies, request->data);
        ofp_append_group_desc(&gm.group, &replies);

        struct buffer *reply = CONTAINER_OF(list_front(&replies),
                                            struct buffer, list_node);
        assert_bytes(reply->data, reply->size, cases[i].hex);

        struct buffer msg;
        struct ds ds = DS_EMPTY_INITIALIZER;
        buffer_use_const(&msg, reply->data, reply->size);
        assert_int_equal(ofp_group_desc_reply_format(&msg, &ds), 0);
        assert_string_equal(ds_cstr(&ds), cases[i].printed);

        ds_destroy(&ds);
        buffer_list_delete(&replies);
        buffer_delete(request);
        ofp_group_mod_uninit(&gm);
    }

    /* Requests, as ovs-ofctl prints them. */
    struct ds ds = DS_EMPTY_INITIALIZER;
    struct buffer *request = ofp_encode_group_desc_request(OFP15_VERSION, 7);
    set_xid(request, 2);
    assert_bytes(request->data, request->size,
                 "06120018000000020007000000000000 00000007 00000000");
    assert_int_equal(ofp_group_request_format(request->data, &ds), 0);
    assert_string_equal(ds_cstr(&ds), " group_id=7");
    buffer_delete(request);
    request = ofp_encode_group_desc_request(OFP13_VERSION, 7);
    set_xid(request, 2);
    assert_bytes(request->data, request->size,
                 "04120010000000020007000000000000");
    ds_clear(&ds);
    assert_int_equal(ofp_group_request_format(request->data, &ds), 0);
    assert_string_equal(ds_cstr(&ds), " group_id=ALL");
    buffer_delete(request);
    ds_destroy(&ds);
}

static void
test_group_features(void **state)
{
    struct ofp_group_features gf = {
        .types = 0xf,
        .capabilities = OFPGFC_SELECT_WEIGHT | OFPGFC_CHAINING,
        .max_groups = { 0xffffff00, 0xffffff00, 0x100, 0x10 },
        .actions = { 0x03ff0001, 0x00400001, 1, 1 },
    };
    struct ofp_group_features decoded;

    (void) state;
    struct buffer *request = ofp_encode_group_features_request(OFP13_VERSION);
    set_xid(request, 2);
    assert_bytes(request->data, request->size,
                 "04120010000000020008000000000000");
    struct buffer *reply = ofp_encode_group_features_reply(&gf,
                                                           request->data);
    assert_bytes(reply->data, reply->size,
                 "04130038000000020008000000000000 0000000f 00000005"
                 " ffffff00 ffffff00 00000100 00000010"
                 " 03ff0001 00400001 00000001 00000001");
    assert_int_equal(ofp_decode_group_features_reply(reply->data, &decoded),
                     0);
    assert_memory_equal(&decoded, &gf, sizeof gf);

    struct ds ds = DS_EMPTY_INITIALIZER;
    ofp_group_features_format(&decoded, &ds);
    assert_string_equal(ds_cstr(&ds),
        "\n Group table:\n"
        "    Types:  0xf\n"
        "    Capabilities:  0x5\n"
        "    all group:\n"
        "       max_groups=0xffffff00\n"
        "       actions: output group set_field strip_vlan push_vlan"
        " mod_nw_ttl dec_ttl dec_mpls_ttl push_mpls pop_mpls set_queue\n"
        "    select group:\n"
        "       max_groups=0xffffff00\n"
        "       actions: output group\n"
        "    indirect group:\n"
        "       max_groups=0x100\n"
        "       actions: output\n"
        "    fast failover group:\n"
        "       max_groups=0x10\n"
        "       actions: output\n");
    ds_destroy(&ds);
    buffer_delete(reply);
    buffer_delete(request);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_group_mod),
        cmocka_unit_test(test_group_text_round_trip),
        cmocka_unit_test(test_group_mod_errors),
        cmocka_unit_test(test_group_parse_errors),
        cmocka_unit_test(test_group_stats),
        cmocka_unit_test(test_group_desc),
        cmocka_unit_test(test_group_features),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
