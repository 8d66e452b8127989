/*
 * ofp-queue: OpenFlow queue statistics (every version, 1.0 to 1.5) and
 * the queue get-config request (OpenFlow 1.0 to 1.3), with their text as
 * ovs-ofctl prints it.
 *
 * As in ofp-port.h, the encoders append a message body to a struct buffer
 * after the caller has put the message's header (and multipart header)
 * with ofp-msgs, the decoders pull a body whose headers are already gone,
 * and the *_format() functions append what "ovs-ofctl ofp-print" prints
 * after a message's "(xid=0x0):" label.  Ports are 32-bit (openflow.h).
 *
 * Queue configurations travel in the get-config reply (OpenFlow 1.0 to
 * 1.3) and in OpenFlow 1.4's queue-desc reply, with the same two
 * properties: a minimum and (from 1.2) a maximum rate.
 *
 * Ownership: ofp_queue_configs_decode() returns an array that the caller
 * frees with free().
 *
 * Thread safety: every function here may be called from any thread; the
 * objects passed belong to the caller.
 */
#ifndef SLUICE_OFP_QUEUE_H
#define SLUICE_OFP_QUEUE_H 1

#include <stdint.h>
#include "ofp-errors.h"
#include "openflow.h"

struct buffer;
struct ds;

/* Appends queue id QUEUE to S: "ALL" for OFPQ_ALL, else the number. */
void ofp_queue_id_format(struct ds *s, uint32_t queue);

/* Queue stats request: which port (OFPP_ANY, or OFPP_ALL in OpenFlow 1.0,
 * for all) and which queue (OFPQ_ALL for all). */
struct ofp_queue_stats_request {
    uint32_t port_no;
    uint32_t queue_id;
};

/* Appends the body of RQ in VERSION to B.  RQ's port must be
 * representable in VERSION. */
void ofp_queue_stats_request_encode(const struct ofp_queue_stats_request *rq,
                                    enum ofp_version version,
                                    struct buffer *b);

/* Decodes the queue stats request body B in VERSION.  Returns 0 or
 * OFPERR_OFPBRC_BAD_LEN. */
enum ofperr ofp_queue_stats_request_decode(
    struct buffer *b, enum ofp_version version,
    struct ofp_queue_stats_request *rq);

/* Appends the text of RQ (" port=ANY queue=ALL"). */
void ofp_queue_stats_request_format(struct ds *s,
                                    const struct ofp_queue_stats_request *rq);

/* One queue's counters.  A counter the switch does not keep is UINT64_MAX
 * and an unknown duration (always before OpenFlow 1.3) has duration_sec
 * UINT32_MAX; both print as "?". */
struct ofp_queue_stats {
    uint32_t port_no;
    uint32_t queue_id;
    uint64_t tx_bytes;
    uint64_t tx_packets;
    uint64_t tx_errors;
    uint32_t duration_sec, duration_nsec;
};

/* Appends QS, one element of a queue stats reply, to B in VERSION's form
 * (32 bytes before OpenFlow 1.3, 40 in 1.3, 48 from 1.4). */
void ofp_queue_stats_encode(const struct ofp_queue_stats *qs,
                            enum ofp_version version, struct buffer *b);

/* Pulls one element of a queue stats reply in VERSION off B into *QS.
 * Returns 0, EOF if B is empty, or OFPERR_OFPBRC_BAD_LEN (OpenFlow 1.4
 * properties are skipped, or OFPERR_OFPBPC_BAD_LEN if malformed). */
int ofp_queue_stats_pull(struct buffer *b, enum ofp_version version,
                         struct ofp_queue_stats *qs);

/* Appends the text of QS ("  port 1 queue 2: bytes=..., duration=5s"). */
void ofp_queue_stats_format(struct ds *s, const struct ofp_queue_stats *qs);

/* Decodes the queue stats reply body B in VERSION and appends its text to
 * S (" 1 queues\n" and a line per queue).  Returns 0 or the decoding
 * error (then S is unchanged). */
enum ofperr ofp_queue_stats_reply_format(struct ds *s, struct buffer *b,
                                         enum ofp_version version);

/* Queue get-config request (OpenFlow 1.0 to 1.3). */

/* Appends the body of a queue get-config request for PORT in VERSION to
 * B. */
void ofp_queue_get_config_request_encode(uint32_t port,
                                         enum ofp_version version,
                                         struct buffer *b);

/* Decodes the queue get-config request body B in VERSION into *PORT.
 * Returns 0, or OFPERR_OFPBRC_BAD_LEN, or OFPERR_OFPBRC_BAD_VERSION from
 * OpenFlow 1.4 on (which has no such message). */
enum ofperr ofp_queue_get_config_request_decode(struct buffer *b,
                                                enum ofp_version version,
                                                uint32_t *port);

/* Appends the text of a get-config request for PORT (" port=1"). */
void ofp_queue_get_config_request_format(struct ds *s, uint32_t port);

/* Queue configurations. */

/* A rate in tenths of a percent of the port's speed above this is
 * "disabled"; UINT16_MAX means "not configured" (the property is left
 * out). */
#define OFP_QUEUE_RATE_MAX 1000
#define OFP_QUEUE_RATE_UNSET UINT16_MAX

struct ofp_queue_config {
    uint32_t port_no;
    uint32_t queue_id;
    uint16_t min_rate;          /* Tenths of a percent, or ..._UNSET. */
    uint16_t max_rate;          /* Same; OpenFlow 1.2 and later only. */
};

/* Appends the start of a get-config reply for PORT in VERSION (1.0 to
 * 1.3) to B; append its queues with ofp_queue_config_encode(). */
void ofp_queue_get_config_reply_start(uint32_t port,
                                      enum ofp_version version,
                                      struct buffer *b);

/* Appends QC as one queue of a get-config reply in VERSION (1.0 to 1.3)
 * to B, with a min-rate property unless it is OFP_QUEUE_RATE_UNSET and
 * (from 1.2) likewise a max-rate property. */
void ofp_queue_config_encode(const struct ofp_queue_config *qc,
                             enum ofp_version version, struct buffer *b);

/* Decodes the get-config reply body B in VERSION (1.0 to 1.3): its port
 * into *PORT and its queues into a malloc'ed array *QUEUESP of *N_QUEUESP
 * elements (each with the reply's port).  Returns 0 or
 * OFPERR_OFPBRC_BAD_LEN for a truncated reply, queue or property
 * (unknown properties are skipped); on error *QUEUESP is NULL. */
enum ofperr ofp_queue_get_config_reply_decode(
    struct buffer *b, enum ofp_version version, uint32_t *port,
    struct ofp_queue_config **queuesp, size_t *n_queuesp);

/* Appends the text of the N queues at QUEUES to S, as ovs-ofctl prints
 * get-config and queue-desc replies: before each queue whose port differs
 * from the previous queue's, "port=1" and a newline (with a space before
 * it for the first queue); then for each queue "queue 2:", its rates
 * (" min_rate:50.0%", " max_rate:(disabled)") and a newline. */
void ofp_queue_configs_format(struct ds *s,
                              const struct ofp_queue_config *queues,
                              size_t n);

/* Decodes the get-config reply body B in VERSION and appends its text to
 * S.  Returns 0 or the decoding error (then S is unchanged). */
enum ofperr ofp_queue_get_config_reply_format(struct ds *s, struct buffer *b,
                                              enum ofp_version version);

/* Queue-desc (OpenFlow 1.4 and later).  The request body is a port and a
 * queue, as a queue stats request's. */

/* Appends the body of a queue-desc request for RQ to B. */
void ofp_queue_desc_request_encode(const struct ofp_queue_stats_request *rq,
                                   struct buffer *b);

/* Decodes the queue-desc request body B.  Returns 0 or
 * OFPERR_OFPBRC_BAD_LEN. */
enum ofperr ofp_queue_desc_request_decode(
    struct buffer *b, struct ofp_queue_stats_request *rq);

/* Appends the text of a queue-desc request (" port=1 queue=2", without
 * the queue if it is OFPQ_ALL). */
void ofp_queue_desc_request_format(struct ds *s,
                                   const struct ofp_queue_stats_request *rq);

/* Appends QC, one element of a queue-desc reply, to B. */
void ofp_queue_desc_encode(const struct ofp_queue_config *qc,
                           struct buffer *b);

/* Decodes the whole queue-desc reply body B into a malloc'ed array
 * *QUEUESP of *N_QUEUESP elements.  Returns 0 or OFPERR_OFPBRC_BAD_LEN,
 * OFPERR_OFPBPC_BAD_LEN for a malformed property (unknown properties are
 * skipped); on error *QUEUESP is NULL. */
enum ofperr ofp_queue_descs_decode(struct buffer *b,
                                   struct ofp_queue_config **queuesp,
                                   size_t *n_queuesp);

/* Decodes the queue-desc reply body B and appends its text to S.  Returns
 * 0 or the decoding error (then S is unchanged). */
enum ofperr ofp_queue_desc_reply_format(struct ds *s, struct buffer *b);

#endif /* ofp-queue.h */
