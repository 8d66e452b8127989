/* libFuzzer target for the datapath flow and action syntax
 * (lib/odp-util.c), action validation (lib/odp-actions.c) and execution
 * (lib/odp-execute.c).
 *
 * The first byte of the input picks the mode (its value modulo 3, so that
 * seeds can start with '0', '1' or '2'); the rest is the data:
 *   0: a flow in text.  If it parses, it must satisfy its prerequisites,
 *      print, parse back to the same key and mask and print the same.
 *   1: an action list in text.  If it parses, the list must validate
 *      and print; the text must parse back and print the same, and after
 *      that one round the bytes must not change either (an empty list
 *      prints as "drop", which parses as an explicit drop action).
 *   2: an action list in binary.  Validation must not read outside it;
 *      printing must work whether it is valid or not; if it is valid, it
 *      runs, stealing and not, on a batch of sample packets, which must
 *      neither crash nor leak. */
#include <config.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "dp-packet.h"
#include "buffer.h"
#include "dp-packet-batch.h"
#include "dynamic-string.h"
#include "flow.h"
#include "odp-actions.h"
#include "odp-execute.h"
#include "odp-util.h"
#include "packets.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fuzz_flow(const char *s)
{
    struct flow key, mask, key2, mask2;
    char *error = odp_flow_from_string(s, &key, &mask);
    if (error) {
        free(error);
        return;
    }

    error = odp_flow_check(&key, &mask);
    if (error) {
        sluice_abort("parsed flow fails its prerequisites: %s", error);
    }
    char *printed = odp_flow_to_string(&key, &mask);
    error = odp_flow_from_string(printed, &key2, &mask2);
    if (error) {
        sluice_abort("\"%s\" does not parse back: %s", printed, error);
    }
    if (!flow_equal(&key, &key2) || !flow_equal(&mask, &mask2)) {
        sluice_abort("\"%s\" parses back to a different flow", printed);
    }
    char *printed2 = odp_flow_to_string(&key2, &mask2);
    if (strcmp(printed, printed2)) {
        sluice_abort("\"%s\" prints back as \"%s\"", printed, printed2);
    }
    free(printed);
    free(printed2);
}

static void
fuzz_actions_text(const char *s)
{
    struct buffer b, b2, b3;

    buffer_init(&b, 0);
    buffer_init(&b2, 0);
    buffer_init(&b3, 0);
    char *error = odp_actions_from_string(s, &b);
    if (error) {
        if (b.size) {
            sluice_abort("a failed parse left %zu bytes", b.size);
        }
        free(error);
        goto out;
    }

    if (odp_actions_validate(b.data, b.size, &error)) {
        sluice_abort("parsed actions do not validate: %s", error);
    }

    /* An empty list prints as "drop", which parses as an explicit drop
     * action, so the bytes may change once (only that way); after one
     * round they and the text stay the same. */
    char *printed = odp_actions_to_string(b.data, b.size);
    error = odp_actions_from_string(printed, &b2);
    if (error) {
        sluice_abort("\"%s\" does not parse back: %s", printed, error);
    }
    char *printed2 = odp_actions_to_string(b2.data, b2.size);
    if (strcmp(printed, printed2)) {
        sluice_abort("\"%s\" prints back as \"%s\"", printed, printed2);
    }
    if (b2.size < b.size) {
        sluice_abort("\"%s\" parses back shorter", printed);
    }
    error = odp_actions_from_string(printed2, &b3);
    if (error) {
        sluice_abort("\"%s\" does not parse back: %s", printed2, error);
    }
    if (b2.size != b3.size || memcmp(b2.data, b3.data, b2.size)) {
        sluice_abort("\"%s\" parses to different actions each time",
                     printed2);
    }
    free(printed);
    free(printed2);
out:
    buffer_uninit(&b);
    buffer_uninit(&b2);
    buffer_uninit(&b3);
}

/* The datapath's part: outputs free what they are given to keep, meters
 * drop every other packet. */
static void
fuzz_cb(void *dp, struct dp_packet_batch *batch, const struct odp_action *a,
        bool should_steal)
{
    struct dp_packet *packet;

    if (a->type == ODP_ACTION_METER) {
        DP_PACKET_BATCH_REFILL_FOR_EACH (i, n, packet, batch) {
            if (i % 2) {
                dp_packet_delete(packet);
            } else {
                dp_packet_batch_refill(batch, packet, i);
            }
        }
    }
    if (should_steal) {
        dp_packet_batch_delete_all(batch);
    }
}

static void
add_packet(struct dp_packet_batch *batch, const void *data, size_t size)
{
    struct dp_packet *p = dp_packet_clone_data_with_headroom(data, size, 8);
    struct flow flow;
    flow_extract(p, &flow);
    dp_packet_batch_add(batch, p);
}

static void
fuzz_actions_binary(const uint8_t *data, size_t size)
{
    /* Copy to aligned memory of exactly SIZE bytes (ASan catches reads
     * past it). */
    void *actions = size ? xmalloc(size) : NULL;
    if (size) {
        memcpy(actions, data, size);
    }

    char *error;
    int retval = odp_actions_validate(actions, size, &error);
    struct ds ds = DS_EMPTY_INITIALIZER;
    odp_actions_format(&ds, actions, size);
    ds_destroy(&ds);
    if (retval) {
        free(error);
        free(actions);
        return;
    }

    /* Tagged IPv4/TCP, IPv6/UDP with a hop-by-hop header, SCTP, a runt. */
    static const uint8_t tcp4[] = {
        2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x81, 0, 0, 5, 8, 0,
        0x45, 0, 0, 40, 0, 1, 0x40, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
        0x04, 0xd2, 0, 80, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x12, 0xff, 0xff,
        0, 0, 0, 0,
    };
    static const uint8_t udp6[] = {
        2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x86, 0xdd,
        0x60, 0, 0, 0, 0, 16, 0, 64, 0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 1, 0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 2, 17, 0, 1, 4, 0, 0, 0, 0, 0x04, 0xd2, 0, 53, 0, 8, 0x12, 0x34,
    };
    static const uint8_t sctp4[] = {
        2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0,
        0x45, 0, 0, 32, 0, 1, 0x40, 0, 64, 132, 0, 0, 10, 0, 0, 1, 10, 0, 0,
        2, 0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4,
    };
    for (int steal = 0; steal < 2; steal++) {
        struct dp_packet_batch batch;
        dp_packet_batch_init(&batch);
        add_packet(&batch, tcp4, sizeof tcp4);
        add_packet(&batch, udp6, sizeof udp6);
        add_packet(&batch, sctp4, sizeof sctp4);
        add_packet(&batch, tcp4, 5);
        odp_execute_actions(NULL, &batch, steal, actions, size, fuzz_cb);
        if (steal && batch.count) {
            sluice_abort("a stealing execution left %zu packets",
                         batch.count);
        }
        dp_packet_batch_delete_all(&batch);
    }
    free(actions);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size || size > 8192) {
        return 0;
    }

    int mode = data[0] % 3;
    data++;
    size--;
    if (mode == 2) {
        fuzz_actions_binary(data, size);
    } else {
        char *s = xmemdup0((const char *) data, size);
        if (mode == 0) {
            fuzz_flow(s);
        } else {
            fuzz_actions_text(s);
        }
        free(s);
    }
    return 0;
}
