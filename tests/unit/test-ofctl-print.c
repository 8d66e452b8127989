/* Tests for sluice-ofctl's message printer (utilities/ofctl-print.c).
 * Every expected text is what "ovs-ofctl ofp-print HEX" (Open vSwitch 3.1)
 * prints for the same bytes. */
#include <config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "ofctl-print.h"
#include "util.h"

/* Parses HEX ("01 02 ...") into a malloc'ed array; stores its size. */
static uint8_t *
hex_to_bytes(const char *hex, size_t *sizep)
{
    uint8_t *bytes = xmalloc(strlen(hex) / 2 + 1);
    size_t n = 0;

    for (const char *p = hex; *p; ) {
        if (*p == ' ') {
            p++;
            continue;
        }
        char digits[3] = { p[0], p[1], '\0' };
        bytes[n++] = strtoul(digits, NULL, 16);
        p += 2;
    }
    *sizep = n;
    return bytes;
}

static void
check_print(const char *hex, int verbosity, const char *expected)
{
    size_t size;
    uint8_t *bytes = hex_to_bytes(hex, &size);
    char *s = ofctl_msg_to_string(bytes, size, verbosity);

    assert_string_equal(s, expected);
    free(s);
    free(bytes);
}

/* A label, without the version for OpenFlow 1.0, with it otherwise. */
static void
test_labels(void **state SLUICE_UNUSED)
{
    check_print("01 05 00 08 00 00 00 02", 1,
                "OFPT_FEATURES_REQUEST (xid=0x2):\n");
    check_print("05 00 00 10 00 00 00 01 00 01 00 08 00 00 00 32", 1,
                "OFPT_HELLO (OF1.4) (xid=0x1):\n"
                " version bitmap: 0x01, 0x04, 0x05\n");
}

/* Statistics flags follow the label. */
static void
test_stats_flags(void **state SLUICE_UNUSED)
{
    check_print("04 13 00 10 00 00 00 09 00 04 00 00 00 00 00 00", 1,
                "OFPST_PORT reply (OF1.3) (xid=0x9): 0 ports\n");
    check_print("04 13 00 10 00 00 00 09 00 04 00 01 00 00 00 00", 1,
                "OFPST_PORT reply (OF1.3) (xid=0x9): flags=[more] "
                "0 ports\n");
}

/* An error prints the request it carries, truncated to 64 bytes here. */
static void
test_error_with_truncated_request(void **state SLUICE_UNUSED)
{
    check_print("04 01 00 4c 00 00 00 07 00 01 00 02 "
                "04 12 00 48 00 00 00 07 00 04 00 00 00 00 00 00 "
                "00 00 00 01 00 00 00 00 00 00 00 00 00 00 00 00 "
                "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
                "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00", 2,
                "OFPT_ERROR (OF1.3) (xid=0x7): OFPBRC_BAD_STAT\n"
                "OFPST_PORT request (OF1.3) (xid=0x7):\n"
                "(***truncated to 64 bytes from 72***)\n"
                "00000000  04 12 00 48 00 00 00 07-00 04 00 00 00 00 00 00 "
                "|...H............|\n"
                "00000010  00 00 00 01 00 00 00 00-00 00 00 00 00 00 00 00 "
                "|................|\n"
                "00000020  00 00 00 00 00 00 00 00-00 00 00 00 00 00 00 00 "
                "|................|\n"
                "00000030  00 00 00 00 00 00 00 00-00 00 00 00 00 00 00 00 "
                "|................|\n");
}

/* A message that does not decode: the error and a hex dump. */
static void
test_decode_error(void **state SLUICE_UNUSED)
{
    check_print("01 13 00 0c 00 00 00 05 00 00 00 01", 1,
                "***decode error: OFPBRC_BAD_LEN***\n"
                "00000000  01 13 00 0c 00 00 00 05-00 00 00 01             "
                "|............    |\n");
    check_print("", 1, "OpenFlow message is empty\n");
}

/* A flow stats reply prints one flow a line, as dump-flows shows them. */
static void
test_flow_stats_reply(void **state SLUICE_UNUSED)
{
    check_print(
        "01 11 00 c8 00 00 00 04 ff ff 00 00 00 00 23 20 "
        "00 00 00 00 00 00 00 00 00 50 00 00 00 00 00 09 "
        "0c 19 88 c0 00 05 00 64 00 00 00 12 00 0a 00 0a "
        "00 00 00 00 00 00 00 12 00 00 00 00 00 00 00 00 "
        "00 00 00 00 00 00 00 00 00 00 06 02 08 00 00 00 "
        "0f 08 0a 00 00 00 ff 00 00 00 00 00 00 00 00 00 "
        "00 00 00 08 00 01 00 00 00 60 02 00 00 00 00 09 "
        "0a c9 d7 40 80 00 00 00 00 00 00 11 00 0a 00 0a "
        "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
        "00 00 00 00 00 00 00 00 00 00 06 02 08 00 00 00 "
        "0c 01 06 00 00 14 02 00 50 00 00 00 00 00 00 00 "
        "00 01 00 08 00 05 00 00 ff ff 00 10 00 00 23 20 "
        "00 0e ff f8 03 00 00 00 ",
        1,
        "NXST_FLOW reply (xid=0x4):\n"
        " cookie=0x12, duration=9.203s, table=0, n_packets=0, n_bytes=0, "
        "idle_timeout=100, idle_age=9, priority=5,ip,nw_src=10.0.0.0/8 "
        "actions=output:1\n"
        " cookie=0x0, duration=9.181s, table=2, n_packets=0, n_bytes=0, "
        "idle_age=9, tcp,tp_dst=80 actions=mod_vlan_vid:5,resubmit(,3)\n");
}

/* An error about a flow_mod prints the flow_mod. */
static void
test_flow_mod_error(void **state SLUICE_UNUSED)
{
    check_print("04 01 00 64 00 00 00 06 00 0c 00 02 04 0e 00 58 "
                "00 00 00 06 00 00 00 00 00 00 00 00 00 00 00 00 "
                "00 00 00 00 02 00 00 00 00 00 80 00 ff ff ff ff "
                "ff ff ff ff ff ff ff ff 00 00 00 00 00 01 00 04 "
                "00 00 00 00 00 06 00 08 00 00 00 05 00 04 00 18 "
                "00 00 00 00 00 00 00 10 00 00 00 01 00 00 00 00 "
                "00 00 00 00", 2,
                "OFPT_ERROR (OF1.3) (xid=0x6): OFPMMFC_INVALID_METER\n"
                "OFPT_FLOW_MOD (OF1.3) (xid=0x6): ADD table:2 "
                "actions=meter:5,output:1\n");
}

/* Aggregate replies and the Nicira flow format request. */
static void
test_aggregate_and_flow_format(void **state SLUICE_UNUSED)
{
    check_print("04 13 00 28 00 00 00 02 00 02 00 00 00 00 00 00 "
                "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
                "00 00 00 02 00 00 00 00", 1,
                "OFPST_AGGREGATE reply (OF1.3) (xid=0x2): packet_count=0 "
                "byte_count=0 flow_count=2\n");
    check_print("01 04 00 14 00 00 00 06 00 00 23 20 00 00 00 0c "
                "00 00 00 02", 1,
                "NXT_SET_FLOW_FORMAT (xid=0x6): format=nxm\n");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_labels),
        cmocka_unit_test(test_stats_flags),
        cmocka_unit_test(test_error_with_truncated_request),
        cmocka_unit_test(test_decode_error),
        cmocka_unit_test(test_flow_stats_reply),
        cmocka_unit_test(test_flow_mod_error),
        cmocka_unit_test(test_aggregate_and_flow_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
