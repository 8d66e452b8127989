/* libFuzzer target for the LACP engine (lib/lacp.c).
 *
 * The input is a script for one aggregation with two members on a clock
 * that only moves forward.  Its first byte chooses active or passive, fast
 * or slow and fallback-ab; then each step starts with an opcode byte:
 *   0: a frame of the next byte's value in bytes, as is, to a member;
 *   1: lacp_run() after the next byte's value times 100 ms;
 *   2: a carrier change;
 *   3: a valid LACPDU with the next byte's value XORed into one byte
 *      (chosen by the byte after), to a member.
 * Every frame is handed over in a buffer of exactly its size, so ASan
 * reports any read past it.  After each step it checks that:
 *   - lacp_process_packet() returns 0 or EINVAL, and only valid LACPDUs
 *     and markers leave rx_errors alone;
 *   - the actor state bits are coherent: never both Expired and Defaulted,
 *     Collecting and Distributing only with Synchronization, Activity as
 *     configured; a current member is neither expired nor defaulted;
 *     may_enable needs the carrier;
 *   - the status is negotiated exactly when some member is synchronized;
 *   - lacp_next_wakeup() is not in the past after lacp_run();
 *   - every frame lacp_run() sends is LACP_FRAME_SIZE bytes and is taken
 *     as a valid LACPDU by another lacp;
 *   - lacp_format() and lacp_format_stats() work. */
#include <config.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "dynamic-string.h"
#include "lacp.h"
#include "packets.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int member_ids[2];
static int echo_id;

/* A valid LACPDU from system 02:00:00:00:00:09, port 1, key 1. */
static const uint8_t template[LACP_FRAME_SIZE] = {
    0x01, 0x80, 0xc2, 0x00, 0x00, 0x02, 0x50, 0x54, 0x00, 0x00, 0x09, 0x01,
    0x88, 0x09,
    0x01, 0x01,
    0x01, 0x14, 0xff, 0xfe, 0x02, 0x00, 0x00, 0x00, 0x00, 0x09, 0x00, 0x01,
    0xff, 0xff, 0x00, 0x01, 0x3f, 0x00, 0x00, 0x00,
    0x02, 0x14, 0xff, 0xfe, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01,
    0xff, 0xff, 0x00, 0x01, 0x3f, 0x00, 0x00, 0x00,
    0x03, 0x10,
};

/* Checks the frames lacp_run() sends by feeding them to 'echo'. */
static void
check_sent(void *aux, void *id SLUICE_UNUSED, const void *frame,
           size_t size)
{
    struct lacp *echo = aux;
    if (size != LACP_FRAME_SIZE) {
        sluice_abort("sent a frame of %zu bytes", size);
    }
    if (lacp_process_packet(echo, &echo_id, frame, size)) {
        sluice_abort("sent a frame that does not parse");
    }
}

static void
check_member(const struct lacp *lacp, const void *id, bool active,
             bool carrier_up)
{
    uint8_t state = lacp_member_actor_state(lacp, id);
    if ((state & LACP_STATE_EXPIRED) && (state & LACP_STATE_DEFAULTED)) {
        sluice_abort("expired and defaulted: 0x%02x", state);
    }
    if ((state & (LACP_STATE_COLLECTING | LACP_STATE_DISTRIBUTING))
        && !(state & LACP_STATE_SYNC)) {
        sluice_abort("collecting without sync: 0x%02x", state);
    }
    if (!(state & LACP_STATE_ACTIVITY) != !active) {
        sluice_abort("activity bit wrong: 0x%02x", state);
    }
    if (lacp_member_is_current(lacp, id)
        && (state & (LACP_STATE_EXPIRED | LACP_STATE_DEFAULTED))) {
        sluice_abort("current but 0x%02x", state);
    }
    if (lacp_member_may_enable(lacp, id) && !carrier_up) {
        sluice_abort("enabled without carrier");
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size) {
        return 0;
    }

    bool active = data[0] & 1;
    struct lacp *lacp = lacp_create();
    struct lacp_settings s = {
        .name = "bond0",
        .id = eth_addr_from_uint64(UINT64_C(0x020000000001)),
        .priority = 65534,
        .active = active,
        .fast = data[0] & 2,
        .fallback_ab = data[0] & 4,
    };
    lacp_configure(lacp, &s);
    bool carrier[2] = { true, true };
    for (int i = 0; i < 2; i++) {
        struct lacp_member_settings ms = {
            .name = i ? "p2" : "p1",
            .id = i + 1,
            .priority = 65535,
            .mac = eth_addr_from_uint64(UINT64_C(0x505400000000) | i),
        };
        lacp_member_register(lacp, &member_ids[i], &ms);
    }

    struct lacp *echo = lacp_create();
    struct lacp_settings es = s;
    es.name = "echo";
    es.active = false;
    lacp_configure(echo, &es);
    struct lacp_member_settings ems = { .name = "e", .id = 1 };
    lacp_member_register(echo, &echo_id, &ems);

    long long int now = 0;
    size_t i = 1;
    while (i < size) {
        uint8_t op = data[i++];
        void *id = &member_ids[(op >> 2) & 1];
        uint8_t arg = i < size ? data[i++] : 0;

        struct lacp_member_stats before, after;
        lacp_member_get_stats(lacp, id, &before);
        int error = -1;

        switch (op & 3) {
        case 0: {
            size_t n = MIN((size_t) arg, size - i);
            uint8_t *frame = xmalloc(n ? n : 1);
            memcpy(frame, data + i, n);
            i += n;
            error = lacp_process_packet(lacp, id, frame, n);
            free(frame);
            break;
        }
        case 1:
            now += arg * 100LL;
            lacp_run(lacp, now, check_sent, echo);
            if (lacp_next_wakeup(lacp) < now) {
                sluice_abort("next wakeup in the past");
            }
            break;
        case 2: {
            int k = (op >> 2) & 1;
            carrier[k] = !carrier[k];
            lacp_member_carrier_changed(lacp, id, carrier[k]);
            break;
        }
        case 3: {
            uint8_t *frame = xmalloc(sizeof template);
            memcpy(frame, template, sizeof template);
            uint8_t where = i < size ? data[i++] : 0;
            frame[where % sizeof template] ^= arg;
            error = lacp_process_packet(lacp, id, frame, sizeof template);
            free(frame);
            break;
        }
        }

        lacp_member_get_stats(lacp, id, &after);
        if (error != -1) {
            if (error != 0 && error != EINVAL) {
                sluice_abort("lacp_process_packet() returned %d", error);
            }
            if ((error == EINVAL) != (after.rx_errors == before.rx_errors
                                      + 1)) {
                sluice_abort("error %d but rx_errors %llu -> %llu", error,
                             (unsigned long long) before.rx_errors,
                             (unsigned long long) after.rx_errors);
            }
        }

        bool synced = false;
        for (int k = 0; k < 2; k++) {
            check_member(lacp, &member_ids[k], active, carrier[k]);
            synced |= (lacp_member_actor_state(lacp, &member_ids[k])
                       & LACP_STATE_SYNC) != 0;
        }
        if ((lacp_status(lacp) == LACP_NEGOTIATED) != synced) {
            sluice_abort("status and sync disagree");
        }
    }

    struct ds ds = DS_EMPTY_INITIALIZER;
    lacp_format(lacp, &ds);
    lacp_format_stats(lacp, &ds);
    ds_destroy(&ds);
    lacp_destroy(lacp);
    lacp_destroy(echo);
    return 0;
}
