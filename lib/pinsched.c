/* pinsched: packet-in rate limiting and fair queueing.  See pinsched.h. */
#include <config.h>
#include "pinsched.h"

#include <limits.h>
#include <stdlib.h>
#include "buffer.h"
#include "hash.h"
#include "hmap.h"
#include "poll-loop.h"
#include "util.h"

/* Tokens are counted in thousandths of a packet, so that RATE_LIMIT
 * packets per second is RATE_LIMIT tokens per millisecond. */
#define TOKENS_PER_PACKET 1000

/* Packet-ins released per pinsched_run() call at most. */
#define PINSCHED_RUN_BATCH 50

/* The packet-ins queued for one input port. */
struct pinqueue {
    struct hmap_node node;      /* In 'queues', by port number. */
    struct list active_node;    /* In 'active' (always: empty queues are
                                 * freed). */
    uint32_t port_no;
    struct list packets;        /* struct buffer, by 'list_node'. */
    unsigned int n;
};

struct pinsched {
    struct hmap queues;         /* struct pinqueue, by port number. */
    struct list active;         /* Round-robin order of the queues. */
    unsigned int n_queued;

    int rate_limit;             /* Packets per second. */
    int burst_limit;            /* Packets. */
    long long tokens;           /* Thousandths of a packet. */
    long long last_fill;        /* Time of the last refill, ms. */

    unsigned long long n_normal;
    unsigned long long n_limited;
    unsigned long long n_queue_dropped;
};

/* Token bucket. */

static void
refill(struct pinsched *ps, long long now)
{
    long long max = (long long) ps->burst_limit * TOKENS_PER_PACKET;
    if (now > ps->last_fill) {
        long long elapsed = now - ps->last_fill;
        /* Avoid overflow after a long idle time. */
        if (elapsed >= max / ps->rate_limit + 1) {
            ps->tokens = max;
        } else {
            ps->tokens = MIN(max, ps->tokens + elapsed * ps->rate_limit);
        }
        ps->last_fill = now;
    }
}

/* Takes one packet's worth of tokens if there are enough. */
static bool
withdraw(struct pinsched *ps, long long now)
{
    refill(ps, now);
    if (ps->tokens >= TOKENS_PER_PACKET) {
        ps->tokens -= TOKENS_PER_PACKET;
        return true;
    }
    return false;
}

/* Queues. */

static struct pinqueue *
find_queue(const struct pinsched *ps, uint32_t port_no)
{
    struct pinqueue *q;
    HMAP_FOR_EACH_WITH_HASH (q, node, hash_int(port_no, 0), &ps->queues) {
        if (q->port_no == port_no) {
            return q;
        }
    }
    return NULL;
}

/* Removes and returns the oldest packet of Q, freeing Q if it empties. */
static struct buffer *
dequeue(struct pinsched *ps, struct pinqueue *q)
{
    struct buffer *packet;
    INIT_CONTAINER(packet, list_pop_front(&q->packets), list_node);
    q->n--;
    ps->n_queued--;
    if (!q->n) {
        hmap_remove(&ps->queues, &q->node);
        list_remove(&q->active_node);
        free(q);
    }
    return packet;
}

/* Drops the oldest packet-in of the longest queue. */
static void
drop_one(struct pinsched *ps)
{
    struct pinqueue *longest = NULL, *q;
    LIST_FOR_EACH (q, active_node, &ps->active) {
        if (!longest || q->n > longest->n) {
            longest = q;
        }
    }
    buffer_delete(dequeue(ps, longest));
    ps->n_queue_dropped++;
}

static void
enqueue(struct pinsched *ps, uint32_t port_no, struct buffer *packet)
{
    struct pinqueue *q = find_queue(ps, port_no);
    if (!q) {
        q = xmalloc(sizeof *q);
        q->port_no = port_no;
        list_init(&q->packets);
        q->n = 0;
        hmap_insert(&ps->queues, &q->node, hash_int(port_no, 0));
        list_push_back(&ps->active, &q->active_node);
    }
    list_push_back(&q->packets, &packet->list_node);
    q->n++;
    ps->n_queued++;
}

/* Public functions. */

struct pinsched *
pinsched_create(int rate_limit, int burst_limit, long long now)
{
    struct pinsched *ps = xzalloc(sizeof *ps);
    hmap_init(&ps->queues);
    list_init(&ps->active);
    pinsched_set_limits(ps, rate_limit, burst_limit);
    ps->tokens = (long long) ps->burst_limit * TOKENS_PER_PACKET;
    ps->last_fill = now;
    return ps;
}

void
pinsched_destroy(struct pinsched *ps)
{
    if (ps) {
        while (ps->n_queued) {
            struct pinqueue *q;
            INIT_CONTAINER(q, list_front(&ps->active), active_node);
            buffer_delete(dequeue(ps, q));
        }
        hmap_destroy(&ps->queues);
        free(ps);
    }
}

void
pinsched_set_limits(struct pinsched *ps, int rate_limit, int burst_limit)
{
    if (rate_limit <= 0) {
        rate_limit = 1000;
    }
    if (burst_limit <= 0) {
        burst_limit = rate_limit / 4;
    }
    burst_limit = MAX(burst_limit, 1);
    burst_limit = MIN(burst_limit, INT_MAX / TOKENS_PER_PACKET);

    ps->rate_limit = rate_limit;
    ps->burst_limit = burst_limit;
    ps->tokens = MIN(ps->tokens,
                     (long long) burst_limit * TOKENS_PER_PACKET);
    while (ps->n_queued > (unsigned int) burst_limit) {
        drop_one(ps);
    }
}

void
pinsched_get_limits(const struct pinsched *ps, int *rate_limit,
                    int *burst_limit)
{
    *rate_limit = ps ? ps->rate_limit : 0;
    *burst_limit = ps ? ps->burst_limit : 0;
}

void
pinsched_send(struct pinsched *ps, uint32_t port_no, struct buffer *packet,
              struct list *txq, long long now)
{
    if (!ps) {
        list_push_back(txq, &packet->list_node);
    } else if (!ps->n_queued && withdraw(ps, now)) {
        ps->n_normal++;
        list_push_back(txq, &packet->list_node);
    } else {
        ps->n_limited++;
        if (ps->n_queued >= (unsigned int) ps->burst_limit) {
            drop_one(ps);
        }
        enqueue(ps, port_no, packet);
    }
}

void
pinsched_run(struct pinsched *ps, struct list *txq, long long now)
{
    if (!ps) {
        return;
    }
    for (int i = 0; i < PINSCHED_RUN_BATCH && ps->n_queued; i++) {
        if (!withdraw(ps, now)) {
            break;
        }
        struct pinqueue *q;
        INIT_CONTAINER(q, list_front(&ps->active), active_node);
        if (q->n > 1) {
            /* Its turn is over: to the back of the line. */
            list_remove(&q->active_node);
            list_push_back(&ps->active, &q->active_node);
        }
        struct buffer *packet = dequeue(ps, q);
        list_push_back(txq, &packet->list_node);
    }
}

void
pinsched_wait(struct pinsched *ps, long long now)
{
    if (ps && ps->n_queued) {
        refill(ps, now);
        if (ps->tokens >= TOKENS_PER_PACKET) {
            poll_immediate_wake();
        } else {
            long long missing = TOKENS_PER_PACKET - ps->tokens;
            poll_timer_wait_until(now + DIV_ROUND_UP(missing,
                                                     ps->rate_limit));
        }
    }
}

void
pinsched_get_stats(const struct pinsched *ps, struct pinsched_stats *stats)
{
    if (ps) {
        stats->n_queued = ps->n_queued;
        stats->n_normal = ps->n_normal;
        stats->n_limited = ps->n_limited;
        stats->n_queue_dropped = ps->n_queue_dropped;
    } else {
        *stats = (struct pinsched_stats) { 0 };
    }
}
