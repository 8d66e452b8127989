/* lacp-peer: runs a Sluice LACP aggregation (lib/lacp.c) as the partner of
 * one interface of an Open vSwitch bond, for tests/interop/lacp-ovs.sh.
 *
 *   lacp-peer OVS_CTL IFACE PCAP SECONDS
 *
 * IFACE is a dummy interface of an ovs-vswitchd started with
 * --enable-dummy, whose options:tx_pcap is PCAP.  Every 100 ms lacp-peer
 * reads the frames OVS added to PCAP, hands them to lacp_process_packet(),
 * runs lacp_run() on the real clock, and injects each frame it is asked to
 * send with "ovs-appctl -t OVS_CTL netdev-dummy/receive IFACE HEX".  After
 * SECONDS it prints lacp/show and lacp/show-stats for its side and exits
 * 0 if its member may be enabled, 1 otherwise. */
#include <config.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "dynamic-string.h"
#include "lacp.h"
#include "packets.h"
#include "util.h"

static int member;

struct peer {
    const char *ctl;
    const char *iface;
};

static long long int
now_msec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void
inject(void *aux, void *id SLUICE_UNUSED, const void *frame, size_t size)
{
    const struct peer *peer = aux;
    const uint8_t *bytes = frame;
    struct ds cmd = DS_EMPTY_INITIALIZER;

    ds_put_format(&cmd, "ovs-appctl -t '%s' netdev-dummy/receive '%s' ",
                  peer->ctl, peer->iface);
    for (size_t i = 0; i < size; i++) {
        ds_put_format(&cmd, "%02x", bytes[i]);
    }
    ds_put_cstr(&cmd, " >/dev/null");
    if (system(ds_cstr(&cmd))) {
        sluice_abort("could not inject a frame: %s", ds_cstr(&cmd));
    }
    ds_destroy(&cmd);
}

/* Processes the frames of the pcap file PATH after the first *N_SEEN, and
 * adds their number to *N_SEEN. */
static void
read_pcap(struct lacp *lacp, const char *path, size_t *n_seen)
{
    FILE *file = fopen(path, "rb");
    uint8_t header[24], record[16], frame[2048];
    size_t n = 0;

    if (!file) {
        return;
    }
    if (fread(header, 1, sizeof header, file) == sizeof header) {
        while (fread(record, 1, sizeof record, file) == sizeof record) {
            uint32_t size;
            memcpy(&size, record + 8, sizeof size);
            if (size > sizeof frame || fread(frame, 1, size, file) != size) {
                break;
            }
            if (n++ >= *n_seen) {
                lacp_process_packet(lacp, &member, frame, size);
            }
        }
    }
    fclose(file);
    *n_seen = MAX(*n_seen, n);
}

int
main(int argc, char *argv[])
{
    if (argc != 5) {
        fprintf(stderr, "usage: %s OVS_CTL IFACE PCAP SECONDS\n", argv[0]);
        return 2;
    }
    struct peer peer = { argv[1], argv[2] };
    const char *pcap = argv[3];
    long long int duration = atoi(argv[4]) * 1000LL;

    struct lacp *lacp = lacp_create();
    struct lacp_settings s = {
        .name = "peer",
        .id = eth_addr_from_uint64(UINT64_C(0x020000000099)),
        .priority = 100,
        .active = true,
        .fast = true,
    };
    lacp_configure(lacp, &s);
    struct lacp_member_settings ms = {
        .name = "x1",
        .id = 7,
        .priority = 65535,
        .mac = eth_addr_from_uint64(UINT64_C(0x505400000099)),
    };
    lacp_member_register(lacp, &member, &ms);

    size_t n_seen = 0;
    long long int start = now_msec();
    for (;;) {
        long long int now = now_msec();
        read_pcap(lacp, pcap, &n_seen);
        lacp_run(lacp, now, inject, &peer);
        if (now - start >= duration) {
            break;
        }
        nanosleep(&(struct timespec) { .tv_nsec = 100 * 1000 * 1000 },
                  NULL);
    }

    struct ds ds = DS_EMPTY_INITIALIZER;
    lacp_format(lacp, &ds);
    lacp_format_stats(lacp, &ds);
    fputs(ds_cstr(&ds), stdout);
    ds_destroy(&ds);
    bool enabled = lacp_member_may_enable(lacp, &member);
    lacp_destroy(lacp);
    return enabled ? 0 : 1;
}
