/* connmgr: a switch's OpenFlow connections.  See connmgr.h. */

#include <config.h>
#include "connmgr.h"

#include <errno.h>
#include <string.h>
#include "buffer.h"
#include "dynamic-string.h"
#include "ofp-actions.h"
#include "ofp-msgs.h"
#include "pinsched.h"
#include "rconn.h"
#include "timeval.h"
#include "util.h"
#include "vconn.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(connmgr);

/* The most messages handled per connection per connmgr_run(), so that one
 * busy connection cannot starve the others. */
#define MSGS_PER_RUN 50

/* The most packet-ins queued per connection. */
#define PACKET_IN_QUEUE_LIMIT 100

/* OpenFlow's default miss_send_len for controllers; service connections
 * start at 0, which keeps asynchronous messages away from them. */
#define OFP_DEFAULT_MISS_SEND_LEN 128

struct ofconn {
    struct list node;               /* In mgr->ofconns. */
    struct connmgr *mgr;
    struct rconn *rconn;
    enum ofconn_type type;
    char *target;                   /* Controllers: their target. */
    struct connmgr_controller config;   /* Controllers: as configured
                                         * (target points to 'target'). */
    unsigned int seqno;             /* rconn connection seqno seen. */

    /* Per-connection protocol state, reset on each new connection. */
    enum ofp_protocol protocol;
    enum nx_packet_in_format packet_in_format;
    uint16_t miss_send_len;
    uint16_t controller_id;
    enum ofconn_role role;
    uint32_t async[2][OFCONN_ASYNC_N_TYPES];

    struct rconn_packet_counter *packet_in_counter;
    struct rconn_packet_counter *reply_counter;

    /* Controllers with a rate limit: packet-ins for table misses (0) and
     * for actions (1) go through these (lib/pinsched.h), as in Open
     * vSwitch; NULL: no limit. */
    struct pinsched *schedulers[2];

    void *aux;                      /* The switch's, see ofconn_set_aux(). */
    void (*aux_destroy)(void *);
};

struct listener {
    char *target;
    struct pvconn *pvconn;
};

struct connmgr {
    char *name;
    connmgr_handler_cb *handler;
    void *aux;
    struct list ofconns;            /* struct ofconn. */
    struct listener *listeners;
    size_t n_listeners;
    enum ofproto_fail_mode fail_mode;
    uint64_t generation_id;         /* UINT64_MAX: none seen. */
};

struct connmgr *
connmgr_create(const char *name, connmgr_handler_cb *handler, void *aux)
{
    struct connmgr *mgr = xzalloc(sizeof *mgr);
    mgr->name = xstrdup(name);
    mgr->handler = handler;
    mgr->aux = aux;
    list_init(&mgr->ofconns);
    mgr->fail_mode = OFPROTO_FAIL_STANDALONE;
    mgr->generation_id = UINT64_MAX;
    return mgr;
}

static void
ofconn_destroy(struct ofconn *ofconn)
{
    ofconn_set_aux(ofconn, NULL, NULL);
    list_remove(&ofconn->node);
    rconn_destroy(ofconn->rconn);
    rconn_packet_counter_destroy(ofconn->packet_in_counter);
    rconn_packet_counter_destroy(ofconn->reply_counter);
    for (int i = 0; i < 2; i++) {
        pinsched_destroy(ofconn->schedulers[i]);
    }
    free(ofconn->target);
    free(ofconn);
}

void
connmgr_destroy(struct connmgr *mgr)
{
    if (!mgr) {
        return;
    }
    struct ofconn *ofconn;
    LIST_FOR_EACH_SAFE (ofconn, node, &mgr->ofconns) {
        ofconn_destroy(ofconn);
    }
    for (size_t i = 0; i < mgr->n_listeners; i++) {
        pvconn_close(mgr->listeners[i].pvconn);
        free(mgr->listeners[i].target);
    }
    free(mgr->listeners);
    free(mgr->name);
    free(mgr);
}

/* The asynchronous messages a connection gets by default, as the OpenFlow
 * 1.3 specification gives them: packet-ins (no match and action) and
 * flow-removed (all reasons) in role equal or primary, port status in
 * every role. */
static void
ofconn_reset_async(struct ofconn *ofconn)
{
    static const uint32_t all = UINT32_MAX;

    memset(ofconn->async, 0, sizeof ofconn->async);
    ofconn->async[0][OFCONN_ASYNC_PACKET_IN] = (1u << 0) | (1u << 1);
    ofconn->async[0][OFCONN_ASYNC_PORT_STATUS] = all;
    ofconn->async[0][OFCONN_ASYNC_FLOW_REMOVED] = all;
    ofconn->async[1][OFCONN_ASYNC_PORT_STATUS] = all;
}

/* Resets what a peer may have set, for a new connection. */
static void
ofconn_reset(struct ofconn *ofconn)
{
    int version = rconn_get_version(ofconn->rconn);
    ofconn->protocol = version > 0 ? ofp_protocol_from_version(version) : 0;
    ofconn->packet_in_format = NXPIF_STANDARD;
    ofconn->miss_send_len = (ofconn->type == OFCONN_CONTROLLER
                             ? OFP_DEFAULT_MISS_SEND_LEN : 0);
    ofconn->controller_id = 0;
    ofconn->role = OFCONN_ROLE_EQUAL;
    ofconn_reset_async(ofconn);
    ofconn_set_aux(ofconn, NULL, NULL);
}

static struct ofconn *
ofconn_create(struct connmgr *mgr, struct rconn *rconn,
              enum ofconn_type type)
{
    struct ofconn *ofconn = xzalloc(sizeof *ofconn);
    ofconn->mgr = mgr;
    ofconn->rconn = rconn;
    ofconn->type = type;
    ofconn->seqno = rconn_get_connection_seqno(rconn);
    ofconn->packet_in_counter = rconn_packet_counter_create();
    ofconn->reply_counter = rconn_packet_counter_create();
    ofconn_reset(ofconn);
    list_push_back(&mgr->ofconns, &ofconn->node);
    return ofconn;
}

/* Sends the packet-ins in TXQ (emptied) to OFCONN's controller. */
static void
ofconn_send_pins(struct ofconn *ofconn, struct list *txq)
{
    struct buffer *msg;
    LIST_FOR_EACH_POP (msg, list_node, txq) {
        rconn_send_with_limit(ofconn->rconn, msg, ofconn->packet_in_counter,
                              PACKET_IN_QUEUE_LIMIT);
    }
}

static void
ofconn_run(struct ofconn *ofconn)
{
    struct connmgr *mgr = ofconn->mgr;

    for (int i = 0; i < 2; i++) {
        if (ofconn->schedulers[i]) {
            struct list txq = LIST_INITIALIZER(&txq);
            pinsched_run(ofconn->schedulers[i], &txq, time_msec());
            ofconn_send_pins(ofconn, &txq);
        }
    }
    rconn_run(ofconn->rconn);
    unsigned int seqno = rconn_get_connection_seqno(ofconn->rconn);
    if (seqno != ofconn->seqno) {
        ofconn->seqno = seqno;
        ofconn_reset(ofconn);
    }
    for (int i = 0; i < MSGS_PER_RUN; i++) {
        struct buffer *msg = rconn_recv(ofconn->rconn);
        if (!msg) {
            break;
        }
        if (!ofconn->protocol) {
            /* The first message after the hello exchange. */
            ofconn_reset(ofconn);
        }
        mgr->handler(mgr->aux, ofconn, msg->data);
        buffer_delete(msg);
    }
}

void
connmgr_run(struct connmgr *mgr)
{
    for (size_t i = 0; i < mgr->n_listeners; i++) {
        struct listener *l = &mgr->listeners[i];
        for (;;) {
            struct vconn *vconn;
            int error = pvconn_accept(l->pvconn, &vconn);
            if (error) {
                if (error != EAGAIN) {
                    VLOG_WARN("%s: accept on %s failed: %s", mgr->name,
                              l->target, sluice_strerror(error));
                }
                break;
            }
            struct rconn *rc = rconn_create(-1, 0, 0, 0);
            rconn_connect_unreliably(rc, vconn, NULL);
            ofconn_create(mgr, rc, OFCONN_SERVICE);
        }
    }

    struct ofconn *ofconn;
    LIST_FOR_EACH_SAFE (ofconn, node, &mgr->ofconns) {
        ofconn_run(ofconn);
        if (ofconn->type == OFCONN_SERVICE
            && !rconn_is_alive(ofconn->rconn)) {
            ofconn_destroy(ofconn);
        }
    }
}

void
connmgr_wait(struct connmgr *mgr)
{
    for (size_t i = 0; i < mgr->n_listeners; i++) {
        pvconn_wait(mgr->listeners[i].pvconn);
    }
    struct ofconn *ofconn;
    LIST_FOR_EACH (ofconn, node, &mgr->ofconns) {
        rconn_run_wait(ofconn->rconn);
        rconn_recv_wait(ofconn->rconn);
        for (int i = 0; i < 2; i++) {
            pinsched_wait(ofconn->schedulers[i], time_msec());
        }
    }
}

int
connmgr_set_listeners(struct connmgr *mgr, const char *const targets[],
                      size_t n, char **errp)
{
    struct listener *old = mgr->listeners;
    size_t n_old = mgr->n_listeners;
    int first_error = 0;

    *errp = NULL;
    mgr->listeners = xcalloc(n ? n : 1, sizeof *mgr->listeners);
    mgr->n_listeners = 0;
    for (size_t i = 0; i < n; i++) {
        struct pvconn *pvconn = NULL;

        /* Keep an open listener for the same target. */
        for (size_t j = 0; j < n_old; j++) {
            if (old[j].pvconn && !strcmp(old[j].target, targets[i])) {
                pvconn = old[j].pvconn;
                old[j].pvconn = NULL;
                break;
            }
        }
        if (!pvconn) {
            int error = pvconn_open(targets[i], 0, 0, &pvconn);
            if (error) {
                if (!first_error) {
                    first_error = error;
                    *errp = xasprintf("%s: could not listen on %s: %s",
                                      mgr->name, targets[i],
                                      sluice_strerror(error));
                }
                continue;
            }
            VLOG_INFO("%s: listening on %s", mgr->name, targets[i]);
        }
        struct listener *l = &mgr->listeners[mgr->n_listeners++];
        l->target = xstrdup(targets[i]);
        l->pvconn = pvconn;
    }
    for (size_t j = 0; j < n_old; j++) {
        pvconn_close(old[j].pvconn);
        free(old[j].target);
    }
    free(old);
    return first_error;
}

static bool
controller_config_equal(const struct connmgr_controller *a,
                        const struct connmgr_controller *b)
{
    return (!strcmp(a->target, b->target)
            && a->probe_interval_ms == b->probe_interval_ms
            && a->max_backoff_ms == b->max_backoff_ms
            && a->allowed_versions == b->allowed_versions
            && a->rate_limit == b->rate_limit
            && a->burst_limit == b->burst_limit);
}

void
connmgr_set_controllers(struct connmgr *mgr,
                        const struct connmgr_controller cs[], size_t n)
{
    bool *kept = xcalloc(n ? n : 1, sizeof *kept);
    struct ofconn *ofconn;

    LIST_FOR_EACH_SAFE (ofconn, node, &mgr->ofconns) {
        if (ofconn->type != OFCONN_CONTROLLER) {
            continue;
        }
        bool keep = false;
        for (size_t i = 0; i < n; i++) {
            if (!kept[i] && controller_config_equal(&ofconn->config, &cs[i])) {
                kept[i] = keep = true;
                break;
            }
        }
        if (!keep) {
            VLOG_INFO("%s: removed controller %s", mgr->name,
                      ofconn->target);
            ofconn_destroy(ofconn);
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (kept[i]) {
            continue;
        }
        const struct connmgr_controller *c = &cs[i];
        struct rconn *rc = rconn_create(c->probe_interval_ms,
                                        c->max_backoff_ms, 0,
                                        c->allowed_versions);
        char *name = xasprintf("%s<->%s", mgr->name, c->target);
        rconn_connect(rc, c->target, name);
        free(name);
        ofconn = ofconn_create(mgr, rc, OFCONN_CONTROLLER);
        ofconn->target = xstrdup(c->target);
        ofconn->config = *c;
        ofconn->config.target = ofconn->target;
        if (c->rate_limit > 0) {
            for (int j = 0; j < 2; j++) {
                ofconn->schedulers[j] = pinsched_create(
                    c->rate_limit, c->burst_limit, time_msec());
            }
        }
        VLOG_INFO("%s: added controller %s", mgr->name, c->target);
    }
    free(kept);
}

void
connmgr_set_fail_mode(struct connmgr *mgr, enum ofproto_fail_mode mode)
{
    mgr->fail_mode = mode;
}

enum ofproto_fail_mode
connmgr_get_fail_mode(const struct connmgr *mgr)
{
    return mgr->fail_mode;
}

bool
connmgr_has_controllers(const struct connmgr *mgr)
{
    const struct ofconn *ofconn;
    LIST_FOR_EACH (ofconn, node, &mgr->ofconns) {
        if (ofconn->type == OFCONN_CONTROLLER) {
            return true;
        }
    }
    return false;
}

bool
connmgr_fail_open_active(const struct connmgr *mgr)
{
    const struct ofconn *ofconn;
    bool any = false;

    if (mgr->fail_mode != OFPROTO_FAIL_STANDALONE) {
        return false;
    }
    LIST_FOR_EACH (ofconn, node, &mgr->ofconns) {
        if (ofconn->type == OFCONN_CONTROLLER) {
            any = true;
            if (rconn_is_connected(ofconn->rconn)) {
                return false;
            }
        }
    }
    return any;
}

static bool ofconn_wants(const struct ofconn *, enum ofconn_async_type,
                         uint8_t reason);

bool
connmgr_wants_miss_packet_ins(const struct connmgr *mgr)
{
    const struct ofconn *ofconn;
    LIST_FOR_EACH (ofconn, node, &mgr->ofconns) {
        if (ofconn_wants(ofconn, OFCONN_ASYNC_PACKET_IN, 0 /* no_match */)
            && ofconn_get_version(ofconn) < OFP13_VERSION
            && ofconn->miss_send_len) {
            return true;
        }
    }
    return false;
}

static const char *
role_name(enum ofconn_role role)
{
    switch (role) {
    case OFCONN_ROLE_PRIMARY:
        return "primary";
    case OFCONN_ROLE_SECONDARY:
        return "secondary";
    case OFCONN_ROLE_EQUAL:
    default:
        return "other";
    }
}

bool
connmgr_get_controller_status(const struct connmgr *mgr, const char *target,
                              struct connmgr_controller_status *st)
{
    const struct ofconn *ofconn;
    LIST_FOR_EACH (ofconn, node, &mgr->ofconns) {
        if (ofconn->type == OFCONN_CONTROLLER && ofconn->target
            && !strcmp(ofconn->target, target)) {
            st->is_connected = rconn_is_connected(ofconn->rconn);
            st->role = (ofconn->role == OFCONN_ROLE_PRIMARY ? "master"
                        : ofconn->role == OFCONN_ROLE_SECONDARY ? "slave"
                        : "other");
            st->state = rconn_get_state(ofconn->rconn);
            st->last_error = rconn_get_last_error(ofconn->rconn);
            return true;
        }
    }
    return false;
}

void
connmgr_format_status(const struct connmgr *mgr, struct ds *ds)
{
    const struct ofconn *ofconn;

    ds_put_format(ds, "%s: fail_mode=%s\n", mgr->name,
                  mgr->fail_mode == OFPROTO_FAIL_SECURE ? "secure"
                                                        : "standalone");
    for (size_t i = 0; i < mgr->n_listeners; i++) {
        ds_put_format(ds, "  listening: %s\n", mgr->listeners[i].target);
    }
    LIST_FOR_EACH (ofconn, node, &mgr->ofconns) {
        ds_put_format(ds, "  %s: %s role=%s state=%s\n",
                      ofconn->type == OFCONN_CONTROLLER ? "controller"
                                                        : "service",
                      ofconn_get_name(ofconn), role_name(ofconn->role),
                      rconn_get_state(ofconn->rconn));
        if (ofconn->schedulers[0]) {
            int rate, burst;
            pinsched_get_limits(ofconn->schedulers[0], &rate, &burst);
            ds_put_format(ds, "    packet-in rate limit: %d/s, burst %d\n",
                          rate, burst);
            static const char *const names[2] = { "miss", "action" };
            for (int i = 0; i < 2; i++) {
                struct pinsched_stats st;
                pinsched_get_stats(ofconn->schedulers[i], &st);
                ds_put_format(ds, "    packet-in %s: normal=%llu "
                              "limited=%llu queued=%u dropped=%llu\n",
                              names[i], st.n_normal, st.n_limited,
                              st.n_queued, st.n_queue_dropped);
            }
        }
    }
}

/* Asynchronous messages. */

static bool
ofconn_wants(const struct ofconn *ofconn, enum ofconn_async_type type,
             uint8_t reason)
{
    if (!rconn_is_connected(ofconn->rconn) || !ofconn->protocol) {
        return false;
    }
    if (ofconn->type == OFCONN_SERVICE && !ofconn->miss_send_len) {
        /* Service connections get asynchronous messages only once they
         * asked for them with a nonzero miss_send_len (as "ovs-ofctl
         * monitor" does). */
        return false;
    }
    int idx = ofconn->role == OFCONN_ROLE_SECONDARY;
    return reason < 32 && (ofconn->async[idx][type] & (1u << reason));
}

void
connmgr_send_async(struct connmgr *mgr, enum ofconn_async_type type,
                   uint8_t reason,
                   struct buffer *(*build)(enum ofp_protocol, void *aux),
                   void *aux)
{
    /* One message per protocol, indexed by the protocol's bit number. */
    struct buffer *by_protocol[32] = { NULL };
    bool built[32] = { false };
    struct ofconn *ofconn;

    LIST_FOR_EACH (ofconn, node, &mgr->ofconns) {
        if (!ofconn_wants(ofconn, type, reason)) {
            continue;
        }
        unsigned int idx = __builtin_ctz(ofconn->protocol);
        if (!built[idx]) {
            by_protocol[idx] = build(ofconn->protocol, aux);
            built[idx] = true;
        }
        if (!by_protocol[idx]) {
            continue;
        }
        struct buffer *msg = buffer_clone(by_protocol[idx]);
        if (type == OFCONN_ASYNC_PACKET_IN) {
            rconn_send_with_limit(ofconn->rconn, msg,
                                  ofconn->packet_in_counter,
                                  PACKET_IN_QUEUE_LIMIT);
        } else {
            rconn_send(ofconn->rconn, msg, ofconn->reply_counter);
        }
    }
    for (size_t i = 0; i < ARRAY_SIZE(by_protocol); i++) {
        buffer_delete(by_protocol[i]);
    }
}

void
connmgr_send_packet_in(struct connmgr *mgr, uint8_t reason, bool miss,
                       uint16_t max_len, uint16_t controller_id,
                       uint32_t in_port,
                       struct buffer *(*build)(enum ofp_protocol,
                                               enum nx_packet_in_format,
                                               uint16_t max_len, void *aux),
                       void *aux)
{
    struct ofconn *ofconn;

    LIST_FOR_EACH (ofconn, node, &mgr->ofconns) {
        if (!ofconn_wants(ofconn, OFCONN_ASYNC_PACKET_IN, reason)
            || (controller_id && ofconn->controller_id != controller_id)
            || (miss && ofconn_get_version(ofconn) >= OFP13_VERSION)) {
            continue;
        }
        uint16_t len = miss ? ofconn->miss_send_len : max_len;
        if (miss && !len) {
            continue;
        }
        struct buffer *msg = build(ofconn->protocol,
                                   ofconn->packet_in_format, len, aux);
        if (msg) {
            struct list txq = LIST_INITIALIZER(&txq);
            pinsched_send(ofconn->schedulers[reason != OFPR_NO_MATCH],
                          in_port, msg, &txq, time_msec());
            ofconn_send_pins(ofconn, &txq);
        }
    }
}

/* Connections. */

enum ofconn_type
ofconn_get_type(const struct ofconn *ofconn)
{
    return ofconn->type;
}

enum ofp_version
ofconn_get_version(const struct ofconn *ofconn)
{
    return rconn_get_version(ofconn->rconn);
}

enum ofp_protocol
ofconn_get_protocol(const struct ofconn *ofconn)
{
    return ofconn->protocol;
}

void
ofconn_set_protocol(struct ofconn *ofconn, enum ofp_protocol protocol)
{
    ofconn->protocol = protocol;
}

enum nx_packet_in_format
ofconn_get_packet_in_format(const struct ofconn *ofconn)
{
    return ofconn->packet_in_format;
}

void
ofconn_set_packet_in_format(struct ofconn *ofconn,
                            enum nx_packet_in_format format)
{
    ofconn->packet_in_format = format;
}

uint16_t
ofconn_get_miss_send_len(const struct ofconn *ofconn)
{
    return ofconn->miss_send_len;
}

void
ofconn_set_miss_send_len(struct ofconn *ofconn, uint16_t miss_send_len)
{
    ofconn->miss_send_len = miss_send_len;
}

uint16_t
ofconn_get_controller_id(const struct ofconn *ofconn)
{
    return ofconn->controller_id;
}

void
ofconn_set_controller_id(struct ofconn *ofconn, uint16_t id)
{
    ofconn->controller_id = id;
}

enum ofconn_role
ofconn_get_role(const struct ofconn *ofconn)
{
    return ofconn->role;
}

enum ofperr
ofconn_set_role(struct ofconn *ofconn, enum ofconn_role role,
                uint64_t generation_id)
{
    struct connmgr *mgr = ofconn->mgr;

    if (role != OFCONN_ROLE_EQUAL && generation_id != UINT64_MAX) {
        if (mgr->generation_id != UINT64_MAX
            && (int64_t) (generation_id - mgr->generation_id) < 0) {
            return OFPERR_OFPRRFC_STALE;
        }
        mgr->generation_id = generation_id;
    }
    if (role == OFCONN_ROLE_PRIMARY) {
        struct ofconn *other;
        LIST_FOR_EACH (other, node, &mgr->ofconns) {
            if (other != ofconn && other->role == OFCONN_ROLE_PRIMARY) {
                other->role = OFCONN_ROLE_SECONDARY;
            }
        }
    }
    ofconn->role = role;
    return 0;
}

uint64_t
connmgr_get_generation_id(const struct connmgr *mgr)
{
    return mgr->generation_id;
}

void
ofconn_get_async_config(const struct ofconn *ofconn, uint32_t masks[2][3])
{
    BUILD_ASSERT_DECL(OFCONN_ASYNC_N_TYPES == 3);
    memcpy(masks, ofconn->async, sizeof ofconn->async);
}

void
ofconn_set_async_config(struct ofconn *ofconn, const uint32_t masks[2][3])
{
    memcpy(ofconn->async, masks, sizeof ofconn->async);
}

void
ofconn_send_reply(struct ofconn *ofconn, struct buffer *msg)
{
    rconn_send(ofconn->rconn, msg, ofconn->reply_counter);
}

void
ofconn_send_replies(struct ofconn *ofconn, struct list *replies)
{
    struct buffer *msg;
    LIST_FOR_EACH_POP (msg, list_node, replies) {
        ofconn_send_reply(ofconn, msg);
    }
}

void
ofconn_send_error(struct ofconn *ofconn, const struct ofp_header *request,
                  enum ofperr error)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);

    enum ofpraw raw;
    VLOG_INFO_RL(&rl, "%s: sending %s error reply to %s message",
                 ofconn_get_name(ofconn), ofperr_get_name(error),
                 (ofpraw_decode(&raw, request) ? "a malformed"
                  : ofpraw_get_name(raw)));
    ofconn_send_reply(ofconn, ofperr_encode_reply(error, request));
}

const char *
ofconn_get_name(const struct ofconn *ofconn)
{
    return rconn_get_name(ofconn->rconn);
}

struct connmgr *
ofconn_get_connmgr(const struct ofconn *ofconn)
{
    return ofconn->mgr;
}

void
ofconn_set_aux(struct ofconn *ofconn, void *aux, void (*destroy)(void *))
{
    if (ofconn->aux && ofconn->aux_destroy) {
        ofconn->aux_destroy(ofconn->aux);
    }
    ofconn->aux = aux;
    ofconn->aux_destroy = destroy;
}

void *
ofconn_get_aux(const struct ofconn *ofconn)
{
    return ofconn->aux;
}
