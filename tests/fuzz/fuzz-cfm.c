/* libFuzzer target for the CFM engine (lib/cfm.c).
 *
 * The input is a script for one MEP on a clock that only moves forward.
 * Its first byte chooses standard or extended mode and the interval; then
 * each step starts with an opcode byte:
 *   0: a frame of the next byte's value in bytes, as is;
 *   1: cfm_run() after the next byte's value times 10 ms;
 *   2: a CCM that a second MEP (remote MPID 2) composed, with the next
 *      byte's value XORed into one of its bytes (chosen by the byte
 *      after);
 *   3: a fault override: the next byte's value modulo 3 minus 1.
 * Every frame is handed over in a buffer of exactly its size, so ASan
 * reports any read past it.  After each step it checks that:
 *   - a frame that cfm_process_packet() rejects is counted in rx_errors,
 *     one that it takes in rx_ccms;
 *   - the fault bits are known reasons, the health is -1 or 0...100;
 *   - cfm_next_wakeup() is not in the past after cfm_run();
 *   - every frame cfm_run() sends is a CCM that another MEP takes;
 *   - cfm_format() works. */
#include <config.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "cfm.h"
#include "dynamic-string.h"
#include "packets.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Frames the remote MEP sends, kept for opcode 2. */
static uint8_t remote_frame[256];
static size_t remote_size;

static void
keep_frame(void *aux SLUICE_UNUSED, const void *frame, size_t size)
{
    if (size <= sizeof remote_frame) {
        memcpy(remote_frame, frame, size);
        remote_size = size;
    }
}

/* Checks the frames our MEP sends by feeding them to 'echo'. */
static void
check_sent(void *aux, const void *frame, size_t size)
{
    struct cfm *echo = aux;
    uint8_t *copy = xmemdup(frame, size);
    if (!cfm_process_packet(echo, copy, size)) {
        sluice_abort("sent a frame that another MEP rejects");
    }
    free(copy);
}

/* Hands a copy of FRAME to CFM in a buffer of exactly its size; checks
 * that it is counted. */
static void
feed(struct cfm *cfm, const uint8_t *frame, size_t size)
{
    struct cfm_stats before, after;
    cfm_get_stats(cfm, &before);
    uint8_t *copy = size ? xmemdup(frame, size) : xmalloc(1);
    bool ok = cfm_process_packet(cfm, copy, size);
    free(copy);
    cfm_get_stats(cfm, &after);
    if (ok ? after.rx_ccms != before.rx_ccms + 1
           : after.rx_errors != before.rx_errors + 1) {
        sluice_abort("a frame taken (%d) was not counted as such", ok);
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size) {
        return 0;
    }
    static const int intervals[] = { 3, 10, 100, 1000, 250, 1234 };
    bool extended = data[0] & 1;
    int interval = intervals[(data[0] >> 1) % ARRAY_SIZE(intervals)];
    if (!extended && (interval == 250 || interval == 1234)) {
        interval = 1000;
    }

    struct cfm_settings s = {
        .mpid = 1, .interval = interval, .extended = extended, .opup = true,
        .hw_addr = { { { 0x02, 0, 0, 0, 0, 1 } } },
    };
    struct cfm *cfm = cfm_create("fuzz");
    struct cfm *remote = cfm_create("remote");
    struct cfm *echo = cfm_create("echo");
    if (cfm_configure(cfm, &s)) {
        sluice_abort("a valid configuration was refused");
    }
    s.mpid = 2;
    s.hw_addr.ea[5] = 2;
    cfm_configure(remote, &s);
    s.mpid = 3;
    s.hw_addr.ea[5] = 3;
    cfm_configure(echo, &s);

    long long now = 1000;
    remote_size = 0;
    cfm_run(remote, now, keep_frame, NULL);
    for (size_t i = 1; i < size; ) {
        uint8_t op = data[i++] % 4;
        uint8_t arg = i < size ? data[i++] : 0;
        switch (op) {
        case 0: {
            size_t n = MIN(arg, size - i);
            feed(cfm, data + i, n);
            i += n;
            break;
        }
        case 1:
            now += arg * 10;
            cfm_run(remote, now, keep_frame, NULL);
            cfm_run(cfm, now, check_sent, echo);
            if (cfm_next_wakeup(cfm) < now) {
                sluice_abort("next wakeup in the past");
            }
            break;
        case 2:
            if (remote_size) {
                uint8_t frame[sizeof remote_frame];
                memcpy(frame, remote_frame, remote_size);
                uint8_t pos = i < size ? data[i++] : 0;
                frame[pos % remote_size] ^= arg;
                feed(cfm, frame, remote_size);
            }
            break;
        case 3:
            cfm_set_fault_override(cfm, arg % 3 - 1);
            break;
        }

        unsigned int fault = cfm_get_fault(cfm);
        if (fault >> CFM_N_FAULT_REASONS) {
            sluice_abort("unknown fault bits 0x%x", fault);
        }
        int health = cfm_get_health(cfm);
        if (health < -1 || health > 100) {
            sluice_abort("health %d", health);
        }
    }

    struct ds ds = DS_EMPTY_INITIALIZER;
    cfm_format(cfm, now, &ds);
    ds_destroy(&ds);
    cfm_destroy(cfm);
    cfm_destroy(remote);
    cfm_destroy(echo);
    return 0;
}
