/* ofp-queue: OpenFlow queue statistics and get-config.  See ofp-queue.h. */
#include <config.h>
#include "ofp-queue.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "buffer.h"
#include "dynamic-string.h"
#include "ofp-port.h"
#include "packets.h"
#include "util.h"

/* Wire formats.  OpenFlow 1.0 has a 16-bit port and 2 bytes of padding
 * where later versions have a 32-bit port. */

struct queue_stats_request10_wire {
    be16 port_no;
    uint8_t pad[2];
    be32 queue_id;
} SLUICE_PACKED;

struct queue_stats_request11_wire {
    be32 port_no;
    be32 queue_id;
} SLUICE_PACKED;

/* The counters after the port and queue, in 1.0 to 1.3; 1.3 appends the
 * duration. */
struct queue_counters_wire {
    be64 tx_bytes;
    be64 tx_packets;
    be64 tx_errors;
} SLUICE_PACKED;

struct queue_stats14_wire {
    be16 length;
    uint8_t pad[6];
    be32 port_no;
    be32 queue_id;
    be64 tx_bytes;
    be64 tx_packets;
    be64 tx_errors;
    be32 duration_sec;
    be32 duration_nsec;
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct queue_stats14_wire) == 48);

void
ofp_queue_id_format(struct ds *s, uint32_t queue)
{
    if (queue == OFPQ_ALL) {
        ds_put_cstr(s, "ALL");
    } else {
        ds_put_format(s, "%"PRIu32, queue);
    }
}

/* Puts PORT, in VERSION's form, at the front of the 4 bytes at P. */
static void
put_port(uint8_t *p, uint32_t port, enum ofp_version version)
{
    if (version == OFP10_VERSION) {
        uint16_t port10;
        sluice_assert(port_to_ofp10_port(port, &port10));
        put_unaligned_be16(p, htons(port10));
    } else {
        put_unaligned_be32(p, htonl(port));
    }
}

static uint32_t
get_port(const uint8_t *p, enum ofp_version version)
{
    return (version == OFP10_VERSION
            ? ofp10_port_to_port(ntohs(get_unaligned_be16(p)))
            : ntohl(get_unaligned_be32(p)));
}

void
ofp_queue_stats_request_encode(const struct ofp_queue_stats_request *rq,
                               enum ofp_version version, struct buffer *b)
{
    uint8_t *p = buffer_put_zeros(b, 8);
    put_port(p, rq->port_no, version);
    put_unaligned_be32(p + 4, htonl(rq->queue_id));
}

enum ofperr
ofp_queue_stats_request_decode(struct buffer *b, enum ofp_version version,
                               struct ofp_queue_stats_request *rq)
{
    if (b->size != 8) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    const uint8_t *p = buffer_pull(b, 8);
    rq->port_no = get_port(p, version);
    rq->queue_id = ntohl(get_unaligned_be32(p + 4));
    return 0;
}

void
ofp_queue_stats_request_format(struct ds *s,
                               const struct ofp_queue_stats_request *rq)
{
    ds_put_cstr(s, " port=");
    ofp_port_format(rq->port_no, s);
    ds_put_cstr(s, " queue=");
    ofp_queue_id_format(s, rq->queue_id);
}

void
ofp_queue_stats_encode(const struct ofp_queue_stats *qs,
                       enum ofp_version version, struct buffer *b)
{
    if (version >= OFP14_VERSION) {
        struct queue_stats14_wire *w = buffer_put_zeros(b, sizeof *w);
        w->length = htons(sizeof *w);
        w->port_no = htonl(qs->port_no);
        w->queue_id = htonl(qs->queue_id);
        w->tx_bytes = htonll(qs->tx_bytes);
        w->tx_packets = htonll(qs->tx_packets);
        w->tx_errors = htonll(qs->tx_errors);
        w->duration_sec = htonl(qs->duration_sec);
        w->duration_nsec = htonl(qs->duration_nsec);
        return;
    }

    uint8_t *p = buffer_put_zeros(b, 8);
    put_port(p, qs->port_no, version);
    put_unaligned_be32(p + 4, htonl(qs->queue_id));
    struct queue_counters_wire *c = buffer_put_zeros(b, sizeof *c);
    c->tx_bytes = htonll(qs->tx_bytes);
    c->tx_packets = htonll(qs->tx_packets);
    c->tx_errors = htonll(qs->tx_errors);
    if (version == OFP13_VERSION) {
        p = buffer_put_zeros(b, 8);
        put_unaligned_be32(p, htonl(qs->duration_sec));
        put_unaligned_be32(p + 4, htonl(qs->duration_nsec));
    }
}

int
ofp_queue_stats_pull(struct buffer *b, enum ofp_version version,
                     struct ofp_queue_stats *qs)
{
    if (!b->size) {
        return EOF;
    }
    qs->duration_sec = qs->duration_nsec = UINT32_MAX;

    if (version >= OFP14_VERSION) {
        const struct queue_stats14_wire *w = buffer_at(b, 0, sizeof *w);
        if (!w) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        size_t len = ntohs(w->length);
        if (len < sizeof *w || len > b->size) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        struct buffer props;
        buffer_use_const(&props, w + 1, len - sizeof *w);
        while (props.size) {
            struct buffer prop;
            uint16_t type;
            enum ofperr error = ofp_prop_pull(&props, &prop, &type);
            if (error) {
                return error;
            }
        }
        qs->port_no = ntohl(w->port_no);
        qs->queue_id = ntohl(w->queue_id);
        qs->tx_bytes = ntohll(w->tx_bytes);
        qs->tx_packets = ntohll(w->tx_packets);
        qs->tx_errors = ntohll(w->tx_errors);
        qs->duration_sec = ntohl(w->duration_sec);
        qs->duration_nsec = ntohl(w->duration_nsec);
        buffer_pull(b, len);
        return 0;
    }

    size_t size = 8 + sizeof(struct queue_counters_wire)
                  + (version == OFP13_VERSION ? 8 : 0);
    const uint8_t *p = buffer_try_pull(b, size);
    if (!p) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    qs->port_no = get_port(p, version);
    qs->queue_id = ntohl(get_unaligned_be32(p + 4));
    qs->tx_bytes = ntohll(get_unaligned_be64(p + 8));
    qs->tx_packets = ntohll(get_unaligned_be64(p + 16));
    qs->tx_errors = ntohll(get_unaligned_be64(p + 24));
    if (version == OFP13_VERSION) {
        qs->duration_sec = ntohl(get_unaligned_be32(p + 32));
        qs->duration_nsec = ntohl(get_unaligned_be32(p + 36));
    }
    return 0;
}

static void
format_counter(struct ds *s, const char *label, uint64_t value)
{
    ds_put_cstr(s, label);
    if (value != UINT64_MAX) {
        ds_put_format(s, "%"PRIu64, value);
    } else {
        ds_put_char(s, '?');
    }
}

void
ofp_queue_stats_format(struct ds *s, const struct ofp_queue_stats *qs)
{
    ds_put_cstr(s, "  port ");
    ofp_port_format(qs->port_no, s);
    ds_put_cstr(s, " queue ");
    ofp_queue_id_format(s, qs->queue_id);
    format_counter(s, ": bytes=", qs->tx_bytes);
    format_counter(s, ", pkts=", qs->tx_packets);
    format_counter(s, ", errors=", qs->tx_errors);
    ds_put_cstr(s, ", duration=");
    if (qs->duration_sec != UINT32_MAX) {
        ofp_format_duration(s, qs->duration_sec, qs->duration_nsec);
    } else {
        ds_put_char(s, '?');
    }
    ds_put_char(s, '\n');
}

enum ofperr
ofp_queue_stats_reply_format(struct ds *s, struct buffer *b,
                             enum ofp_version version)
{
    struct ds body = DS_EMPTY_INITIALIZER;
    size_t n = 0;

    for (;;) {
        struct ofp_queue_stats qs;
        int error = ofp_queue_stats_pull(b, version, &qs);
        if (error == EOF) {
            break;
        } else if (error) {
            ds_destroy(&body);
            return error;
        }
        ofp_queue_stats_format(&body, &qs);
        n++;
    }
    ds_put_format(s, " %zu queues\n", n);
    ds_put_buffer(s, body.string ? body.string : "", body.length);
    ds_destroy(&body);
    return 0;
}

void
ofp_queue_get_config_request_encode(uint32_t port, enum ofp_version version,
                                    struct buffer *b)
{
    sluice_assert(version <= OFP13_VERSION);
    put_port(buffer_put_zeros(b, version == OFP10_VERSION ? 4 : 8), port,
             version);
}

enum ofperr
ofp_queue_get_config_request_decode(struct buffer *b,
                                    enum ofp_version version, uint32_t *port)
{
    if (version >= OFP14_VERSION) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    size_t size = version == OFP10_VERSION ? 4 : 8;
    if (b->size != size) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    *port = get_port(buffer_pull(b, size), version);
    return 0;
}

void
ofp_queue_get_config_request_format(struct ds *s, uint32_t port)
{
    ds_put_cstr(s, " port=");
    ofp_port_format(port, s);
}

/* Queue configurations. */

/* Queue property types and the property's size (header, rate, padding)
 * in the get-config reply; queue-desc properties are 8 bytes. */
#define QUEUE_PROP_MIN_RATE 1
#define QUEUE_PROP_MAX_RATE 2
#define QUEUE_PROP_SIZE 16

void
ofp_queue_get_config_reply_start(uint32_t port, enum ofp_version version,
                                 struct buffer *b)
{
    sluice_assert(version <= OFP13_VERSION);
    put_port(buffer_put_zeros(b, 8), port, version);
}

static void
put_rate_prop(struct buffer *b, uint16_t type, uint16_t rate)
{
    uint8_t *p = buffer_put_zeros(b, QUEUE_PROP_SIZE);
    put_unaligned_be16(p, htons(type));
    put_unaligned_be16(p + 2, htons(QUEUE_PROP_SIZE));
    put_unaligned_be16(p + 8, htons(rate));
}

void
ofp_queue_config_encode(const struct ofp_queue_config *qc,
                        enum ofp_version version, struct buffer *b)
{
    sluice_assert(version <= OFP13_VERSION);

    size_t start = b->size;
    uint8_t *p;
    if (version <= OFP11_VERSION) {
        /* queue_id, len, pad[2]. */
        p = buffer_put_zeros(b, 8);
        put_unaligned_be32(p, htonl(qc->queue_id));
    } else {
        /* queue_id, port, len, pad[6]. */
        p = buffer_put_zeros(b, 16);
        put_unaligned_be32(p, htonl(qc->queue_id));
        put_unaligned_be32(p + 4, htonl(qc->port_no));
    }
    if (qc->min_rate != OFP_QUEUE_RATE_UNSET) {
        put_rate_prop(b, QUEUE_PROP_MIN_RATE, qc->min_rate);
    }
    if (version >= OFP12_VERSION && qc->max_rate != OFP_QUEUE_RATE_UNSET) {
        put_rate_prop(b, QUEUE_PROP_MAX_RATE, qc->max_rate);
    }
    p = buffer_at_assert(b, start, version <= OFP11_VERSION ? 8 : 16);
    put_unaligned_be16(p + (version <= OFP11_VERSION ? 4 : 8),
                       htons(b->size - start));
}

/* Pulls one queue of a get-config reply off B into *QC. */
static enum ofperr
queue_config_pull(struct buffer *b, enum ofp_version version,
                  struct ofp_queue_config *qc)
{
    size_t header_size = version <= OFP11_VERSION ? 8 : 16;
    const uint8_t *p = buffer_at(b, 0, header_size);
    if (!p) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    size_t len = ntohs(get_unaligned_be16(p + (version <= OFP11_VERSION
                                                ? 4 : 8)));
    if (len < header_size || len > b->size) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    qc->queue_id = ntohl(get_unaligned_be32(p));
    qc->min_rate = qc->max_rate = OFP_QUEUE_RATE_UNSET;

    struct buffer props;
    buffer_use_const(&props, p + header_size, len - header_size);
    while (props.size) {
        const uint8_t *prop = buffer_at(&props, 0, 8);
        if (!prop) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        uint16_t type = ntohs(get_unaligned_be16(prop));
        size_t prop_len = ntohs(get_unaligned_be16(prop + 2));
        if (prop_len < 8 || prop_len % 8 || prop_len > props.size) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        if (type == QUEUE_PROP_MIN_RATE || type == QUEUE_PROP_MAX_RATE) {
            if (prop_len != QUEUE_PROP_SIZE) {
                return OFPERR_OFPBRC_BAD_LEN;
            }
            uint16_t rate = ntohs(get_unaligned_be16(prop + 8));
            if (type == QUEUE_PROP_MIN_RATE) {
                qc->min_rate = rate;
            } else {
                qc->max_rate = rate;
            }
        }
        buffer_pull(&props, prop_len);
    }
    buffer_pull(b, len);
    return 0;
}

enum ofperr
ofp_queue_get_config_reply_decode(struct buffer *b, enum ofp_version version,
                                  uint32_t *port,
                                  struct ofp_queue_config **queuesp,
                                  size_t *n_queuesp)
{
    struct ofp_queue_config *queues = NULL;
    size_t n = 0, allocated = 0;

    *queuesp = NULL;
    *n_queuesp = 0;
    const uint8_t *p = buffer_try_pull(b, 8);
    if (!p) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    *port = get_port(p, version);
    while (b->size) {
        if (n >= allocated) {
            queues = x2nrealloc(queues, &allocated, sizeof *queues);
        }
        enum ofperr error = queue_config_pull(b, version, &queues[n]);
        if (error) {
            free(queues);
            return error;
        }
        queues[n++].port_no = *port;
    }
    *queuesp = queues;
    *n_queuesp = n;
    return 0;
}

static void
format_rate(struct ds *s, const char *name, uint16_t rate)
{
    if (rate == OFP_QUEUE_RATE_UNSET) {
        return;
    }
    ds_put_format(s, " %s:", name);
    if (rate <= OFP_QUEUE_RATE_MAX) {
        ds_put_format(s, "%.1f%%", rate / 10.0);
    } else {
        ds_put_cstr(s, "(disabled)");
    }
}

void
ofp_queue_configs_format(struct ds *s, const struct ofp_queue_config *queues,
                         size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct ofp_queue_config *qc = &queues[i];
        if (!i || qc->port_no != queues[i - 1].port_no) {
            ds_put_cstr(s, i ? "port=" : " port=");
            ofp_port_format(qc->port_no, s);
            ds_put_char(s, '\n');
        }
        ds_put_cstr(s, "queue ");
        ofp_queue_id_format(s, qc->queue_id);
        ds_put_char(s, ':');
        format_rate(s, "min_rate", qc->min_rate);
        format_rate(s, "max_rate", qc->max_rate);
        ds_put_char(s, '\n');
    }
}

enum ofperr
ofp_queue_get_config_reply_format(struct ds *s, struct buffer *b,
                                  enum ofp_version version)
{
    struct ofp_queue_config *queues;
    size_t n;
    uint32_t port;
    enum ofperr error = ofp_queue_get_config_reply_decode(b, version, &port,
                                                          &queues, &n);
    if (!error) {
        ofp_queue_configs_format(s, queues, n);
        free(queues);
    }
    return error;
}

/* Queue-desc. */

#define QUEUE_DESC_PROP_MIN_RATE 1
#define QUEUE_DESC_PROP_MAX_RATE 2

struct queue_desc_wire {
    be32 port_no;
    be32 queue_id;
    be16 len;
    uint8_t pad[6];
} SLUICE_PACKED;
BUILD_ASSERT_DECL(sizeof(struct queue_desc_wire) == 16);

void
ofp_queue_desc_request_encode(const struct ofp_queue_stats_request *rq,
                              struct buffer *b)
{
    ofp_queue_stats_request_encode(rq, OFP14_VERSION, b);
}

enum ofperr
ofp_queue_desc_request_decode(struct buffer *b,
                              struct ofp_queue_stats_request *rq)
{
    return ofp_queue_stats_request_decode(b, OFP14_VERSION, rq);
}

void
ofp_queue_desc_request_format(struct ds *s,
                              const struct ofp_queue_stats_request *rq)
{
    ds_put_cstr(s, " port=");
    ofp_port_format(rq->port_no, s);
    if (rq->queue_id != OFPQ_ALL) {
        ds_put_cstr(s, " queue=");
        ofp_queue_id_format(s, rq->queue_id);
    }
}

void
ofp_queue_desc_encode(const struct ofp_queue_config *qc, struct buffer *b)
{
    size_t start = b->size;
    struct queue_desc_wire *w = buffer_put_zeros(b, sizeof *w);
    w->port_no = htonl(qc->port_no);
    w->queue_id = htonl(qc->queue_id);

    static const uint16_t types[2] = {
        QUEUE_DESC_PROP_MIN_RATE, QUEUE_DESC_PROP_MAX_RATE,
    };
    const uint16_t rates[2] = { qc->min_rate, qc->max_rate };
    for (int i = 0; i < 2; i++) {
        if (rates[i] != OFP_QUEUE_RATE_UNSET) {
            size_t prop = ofp_prop_start(b, types[i]);
            put_unaligned_be16(buffer_put_zeros(b, 4), htons(rates[i]));
            ofp_prop_end(b, prop);
        }
    }
    w = buffer_at_assert(b, start, sizeof *w);
    w->len = htons(b->size - start);
}

static enum ofperr
queue_desc_pull(struct buffer *b, struct ofp_queue_config *qc)
{
    const struct queue_desc_wire *w = buffer_at(b, 0, sizeof *w);
    if (!w) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    size_t len = ntohs(w->len);
    if (len < sizeof *w || len > b->size) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    qc->port_no = ntohl(w->port_no);
    qc->queue_id = ntohl(w->queue_id);
    qc->min_rate = qc->max_rate = OFP_QUEUE_RATE_UNSET;

    struct buffer props;
    buffer_use_const(&props, w + 1, len - sizeof *w);
    while (props.size) {
        struct buffer prop;
        uint16_t type;
        enum ofperr error = ofp_prop_pull(&props, &prop, &type);
        if (error) {
            return error;
        }
        if (type == QUEUE_DESC_PROP_MIN_RATE
            || type == QUEUE_DESC_PROP_MAX_RATE) {
            if (prop.size != 4) {
                return OFPERR_OFPBPC_BAD_LEN;
            }
            uint16_t rate = ntohs(get_unaligned_be16(prop.data));
            if (type == QUEUE_DESC_PROP_MIN_RATE) {
                qc->min_rate = rate;
            } else {
                qc->max_rate = rate;
            }
        }
    }
    buffer_pull(b, len);
    return 0;
}

enum ofperr
ofp_queue_descs_decode(struct buffer *b, struct ofp_queue_config **queuesp,
                       size_t *n_queuesp)
{
    struct ofp_queue_config *queues = NULL;
    size_t n = 0, allocated = 0;

    *queuesp = NULL;
    *n_queuesp = 0;
    while (b->size) {
        if (n >= allocated) {
            queues = x2nrealloc(queues, &allocated, sizeof *queues);
        }
        enum ofperr error = queue_desc_pull(b, &queues[n]);
        if (error) {
            free(queues);
            return error;
        }
        n++;
    }
    *queuesp = queues;
    *n_queuesp = n;
    return 0;
}

enum ofperr
ofp_queue_desc_reply_format(struct ds *s, struct buffer *b)
{
    struct ofp_queue_config *queues;
    size_t n;
    enum ofperr error = ofp_queue_descs_decode(b, &queues, &n);
    if (!error) {
        ofp_queue_configs_format(s, queues, n);
        free(queues);
    }
    return error;
}
