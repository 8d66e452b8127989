/*
 * upcall: the slow path's side of the shared datapath.
 *
 * Handling misses.  The datapath's handler thread calls back here with
 * batches of packets that no megaflow matched.  Each is translated
 * (xlate.h) through the switch that owns its input port; the datapath
 * then installs the resulting megaflow (the bits translation looked at,
 * and its datapath actions) and executes it on the packet.  The rules the
 * packet hit are credited with it.
 *
 * Packets for controllers arrive as USERSPACE-action upcalls carrying an
 * xlate_pin_cookie; they are queued here and turned into packet-in
 * messages by the main thread (upcall_run()), since OpenFlow connections
 * belong to it.
 *
 * Revalidation.  upcall_run() periodically (every REVALIDATE_MSEC, and
 * soon after a switch's flow tables or MAC table change) dumps the
 * datapath's megaflows, translates each again, credits the rules it hits
 * with the packets and bytes the megaflow forwarded since the last pass,
 * and deletes the megaflows whose translation changed, so that flow table
 * changes reach the fast path and OpenFlow counters follow the traffic.
 *
 * Thread safety: upcall_start(), upcall_stop(), upcall_run() and
 * upcall_wait() are for the main thread; the miss handler runs in the
 * datapath's handler thread and takes ofproto_mutex while it translates.
 */
#ifndef SLUICE_OFPROTO_UPCALL_H
#define SLUICE_OFPROTO_UPCALL_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct dpif;
struct ofproto;

/* How often revalidation runs without a reason to run sooner, and at
 * most how often it runs while flow or MAC tables keep changing. */
#define REVALIDATE_MSEC 500
#define REVALIDATE_MIN_MSEC 20

/* Registers the miss handler on DPIF, the shared datapath. */
void upcall_start(struct dpif *dpif);

/* Unregisters it and forgets the megaflows' bookkeeping. */
void upcall_stop(struct dpif *dpif);

/* Revalidates when due and sends queued packet-ins. */
void upcall_run(struct dpif *dpif);
void upcall_wait(struct dpif *dpif);

/* Makes the next upcall_run() revalidate at once (a flow table or MAC
 * table changed). */
void upcall_request_revalidation(void);

/* Sends the queued packet-in data of one packet to the controllers of
 * OFPROTO: implemented by ofproto.c, called by upcall_run(). */
struct xlate_pin_cookie;
void ofproto_send_packet_in(struct ofproto *ofproto,
                            const struct xlate_pin_cookie *cookie,
                            uint32_t in_port, const void *packet,
                            size_t size);

/* Returns the switch with datapath id DPID, or NULL (ofproto.c). */
struct ofproto *ofproto_find_by_datapath_id(uint64_t dpid);

#endif /* ofproto/upcall.h */
