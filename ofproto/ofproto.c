/* ofproto: one OpenFlow switch.  See ofproto.h. */

#include <config.h>
#include "ofproto.h"

/* The datapath's headers first: see datapath/dp-key.h. */
#include "datapath/dpif.h"

#include <errno.h>
#include <string.h>
#include "buffer.h"
#include "dirs.h"
#include "dynamic-string.h"
#include "hash.h"
#include "hmap.h"
#include "ofp-errors.h"
#include "ofp-msgs.h"
#include "ofp-protocol.h"
#include "openflow.h"
#include "poll-loop.h"
#include "shash.h"
#include "smap.h"
#include "timeval.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(ofproto);

/* A port of a switch. */
struct ofport {
    struct hmap_node ofp_node;      /* In ofproto->ports, by ofp_port. */
    uint32_t ofp_port;              /* OpenFlow number. */
    uint32_t dp_port;               /* Number in the shared datapath. */
    char *name;
    char *type;
};

struct ofproto {
    struct shash_node *node;        /* In all_ofprotos. */
    char *name;
    uint64_t datapath_id;
    struct dpif *dpif;              /* The shared datapath. */
    struct hmap ports;              /* struct ofport, by ofp_port. */
    struct tables tables;
    struct connmgr *connmgr;
    char *mgmt_target;              /* "punix:$RUNDIR/NAME.mgmt". */
    char **extra_listeners;
    size_t n_extra_listeners;
    long long int next_expiry;      /* time_msec() of the next expiry run. */
};

/* Every switch, by name. */
static struct shash all_ofprotos = SHASH_INITIALIZER(&all_ofprotos);

static void handle_openflow(void *ofproto_, struct ofconn *ofconn,
                            const struct ofp_header *oh);

/* Ports. */

static struct ofport *
ofport_find(const struct ofproto *ofproto, uint32_t ofp_port)
{
    struct ofport *port;
    HMAP_FOR_EACH_WITH_HASH (port, ofp_node, hash_int(ofp_port, 0),
                             &ofproto->ports) {
        if (port->ofp_port == ofp_port) {
            return port;
        }
    }
    return NULL;
}

uint32_t
ofproto_port_by_name(const struct ofproto *ofproto, const char *name)
{
    const struct ofport *port;
    HMAP_FOR_EACH (port, ofp_node, &ofproto->ports) {
        if (!strcmp(port->name, name)) {
            return port->ofp_port;
        }
    }
    return 0;
}

static struct ofport *
ofport_insert(struct ofproto *ofproto, uint32_t ofp_port, uint32_t dp_port,
              const char *name, const char *type)
{
    struct ofport *port = xzalloc(sizeof *port);
    port->ofp_port = ofp_port;
    port->dp_port = dp_port;
    port->name = xstrdup(name);
    port->type = xstrdup(type);
    hmap_insert(&ofproto->ports, &port->ofp_node, hash_int(ofp_port, 0));
    return port;
}

static void
ofport_free(struct ofproto *ofproto, struct ofport *port)
{
    hmap_remove(&ofproto->ports, &port->ofp_node);
    free(port->name);
    free(port->type);
    free(port);
}

/* Returns the lowest free OpenFlow port number of OFPROTO. */
static uint32_t
alloc_ofp_port(const struct ofproto *ofproto)
{
    for (uint32_t n = 1; n < OFPP_MAX; n++) {
        if (!ofport_find(ofproto, n)) {
            return n;
        }
    }
    return 0;
}

int
ofproto_port_add(struct ofproto *ofproto, const char *name,
                 const char *type, const struct smap *options,
                 uint32_t *ofp_portp, char **errp)
{
    *errp = NULL;
    if (ofproto_port_by_name(ofproto, name)) {
        *errp = xasprintf("%s: port %s already exists", ofproto->name,
                          name);
        return EEXIST;
    }
    uint32_t ofp_port = *ofp_portp;
    if (!ofp_port || ofp_port >= OFPP_MAX || ofport_find(ofproto, ofp_port)) {
        ofp_port = alloc_ofp_port(ofproto);
        if (!ofp_port) {
            *errp = xasprintf("%s: no free OpenFlow port number for %s",
                              ofproto->name, name);
            return EFBIG;
        }
    }

    uint32_t dp_port = UINT32_MAX;
    int error = dpif_port_add(ofproto->dpif, name, type, options, &dp_port,
                              errp);
    if (error) {
        return error;
    }
    ofport_insert(ofproto, ofp_port, dp_port, name, type);
    *ofp_portp = ofp_port;
    VLOG_INFO("%s: added port %s (type %s) as OpenFlow port %"PRIu32,
              ofproto->name, name, type, ofp_port);
    return 0;
}

int
ofproto_port_del(struct ofproto *ofproto, uint32_t ofp_port)
{
    struct ofport *port = ofport_find(ofproto, ofp_port);
    if (!port || ofp_port == OFPP_LOCAL) {
        return ENOENT;
    }
    dpif_port_del(ofproto->dpif, port->dp_port);
    VLOG_INFO("%s: removed port %s", ofproto->name, port->name);
    ofport_free(ofproto, port);
    return 0;
}

/* Switches. */

/* The datapath id: the low 48 bits from a hash of the name, as a MAC
 * address is when the bridge has none of its own. */
static uint64_t
pick_datapath_id(const char *name)
{
    uint32_t h1 = hash_string(name, 0);
    uint32_t h2 = hash_string(name, h1);
    return (((uint64_t) (h1 & 0xffff) << 32) | h2) & UINT64_C(0xffffffffffff);
}

/* The tables' callback for out_port/out_group filters.  Action lists are
 * not decoded yet, so nothing outputs anywhere a filter asks about. */
static bool
outputs_to(const void *ofpacts SLUICE_UNUSED, size_t len SLUICE_UNUSED,
           uint32_t port SLUICE_UNUSED, uint32_t group SLUICE_UNUSED)
{
    return false;
}

static int
open_shared_datapath(struct dpif **dpifp, char **errp)
{
    if (!dpif_open(OFPROTO_DATAPATH_NAME, dpifp)) {
        return 0;
    }
    return dpif_create(OFPROTO_DATAPATH_NAME, dpifp, errp);
}

static void
update_listeners(struct ofproto *ofproto)
{
    size_t n = 1 + ofproto->n_extra_listeners;
    const char **targets = xmalloc(n * sizeof *targets);
    char *error = NULL;

    targets[0] = ofproto->mgmt_target;
    for (size_t i = 0; i < ofproto->n_extra_listeners; i++) {
        targets[i + 1] = ofproto->extra_listeners[i];
    }
    if (connmgr_set_listeners(ofproto->connmgr, targets, n, &error)) {
        VLOG_WARN("%s", error);
    }
    free(error);
    free(targets);
}

int
ofproto_create(const char *name, struct ofproto **ofprotop, char **errp)
{
    *ofprotop = NULL;
    *errp = NULL;
    if (shash_find(&all_ofprotos, name)) {
        *errp = xasprintf("bridge %s already exists", name);
        return EEXIST;
    }

    struct ofproto *ofproto = xzalloc(sizeof *ofproto);
    ofproto->name = xstrdup(name);
    ofproto->datapath_id = pick_datapath_id(name);
    hmap_init(&ofproto->ports);
    tables_init(&ofproto->tables, outputs_to, NULL, ofproto);

    int error = open_shared_datapath(&ofproto->dpif, errp);
    if (error) {
        goto error;
    }
    uint32_t dp_port = UINT32_MAX;
    error = dpif_port_add(ofproto->dpif, name, "internal", NULL, &dp_port,
                          errp);
    if (error) {
        dpif_close(ofproto->dpif);
        ofproto->dpif = NULL;
        goto error;
    }
    ofport_insert(ofproto, OFPP_LOCAL, dp_port, name, "internal");

    ofproto->connmgr = connmgr_create(name, handle_openflow, ofproto);
    ofproto->mgmt_target = xasprintf("punix:%s/%s.mgmt", sluice_rundir(),
                                     name);
    update_listeners(ofproto);
    ofproto->next_expiry = time_msec() + 1000;
    ofproto->node = shash_add(&all_ofprotos, name, ofproto);
    VLOG_INFO("%s: created bridge (datapath id %016"PRIx64")", name,
              ofproto->datapath_id);
    *ofprotop = ofproto;
    return 0;

error:
    tables_destroy(&ofproto->tables);
    hmap_destroy(&ofproto->ports);
    free(ofproto->name);
    free(ofproto);
    return error;
}

void
ofproto_destroy(struct ofproto *ofproto)
{
    if (!ofproto) {
        return;
    }
    shash_delete(&all_ofprotos, ofproto->node);
    connmgr_destroy(ofproto->connmgr);

    struct ofport *port;
    HMAP_FOR_EACH_SAFE (port, ofp_node, &ofproto->ports) {
        dpif_port_del(ofproto->dpif, port->dp_port);
        ofport_free(ofproto, port);
    }
    hmap_destroy(&ofproto->ports);
    tables_destroy(&ofproto->tables);
    dpif_close(ofproto->dpif);
    for (size_t i = 0; i < ofproto->n_extra_listeners; i++) {
        free(ofproto->extra_listeners[i]);
    }
    free(ofproto->extra_listeners);
    VLOG_INFO("%s: deleted bridge", ofproto->name);
    free(ofproto->mgmt_target);
    free(ofproto->name);
    free(ofproto);
}

struct ofproto *
ofproto_lookup(const char *name)
{
    return shash_find_data(&all_ofprotos, name);
}

void
ofproto_run(struct ofproto *ofproto)
{
    connmgr_run(ofproto->connmgr);
    long long int now = time_msec();
    if (now >= ofproto->next_expiry) {
        tables_expire(&ofproto->tables, now);
        ofproto->next_expiry = now + 1000;
    }
}

void
ofproto_wait(struct ofproto *ofproto)
{
    connmgr_wait(ofproto->connmgr);
    poll_timer_wait_until(ofproto->next_expiry);
}

void
ofproto_run_all(void)
{
    struct shash_node *node;
    SHASH_FOR_EACH (node, &all_ofprotos) {
        ofproto_run(node->data);
    }
}

void
ofproto_wait_all(void)
{
    struct shash_node *node;
    SHASH_FOR_EACH (node, &all_ofprotos) {
        ofproto_wait(node->data);
    }
}

const char *
ofproto_get_name(const struct ofproto *ofproto)
{
    return ofproto->name;
}

uint64_t
ofproto_get_datapath_id(const struct ofproto *ofproto)
{
    return ofproto->datapath_id;
}

void
ofproto_set_controllers(struct ofproto *ofproto,
                        const struct connmgr_controller cs[], size_t n)
{
    connmgr_set_controllers(ofproto->connmgr, cs, n);
}

void
ofproto_set_fail_mode(struct ofproto *ofproto, enum ofproto_fail_mode mode)
{
    connmgr_set_fail_mode(ofproto->connmgr, mode);
}

int
ofproto_set_listeners(struct ofproto *ofproto, const char *const targets[],
                      size_t n, char **errp)
{
    for (size_t i = 0; i < ofproto->n_extra_listeners; i++) {
        free(ofproto->extra_listeners[i]);
    }
    free(ofproto->extra_listeners);
    ofproto->extra_listeners = xmalloc((n ? n : 1)
                                       * sizeof *ofproto->extra_listeners);
    for (size_t i = 0; i < n; i++) {
        ofproto->extra_listeners[i] = xstrdup(targets[i]);
    }
    ofproto->n_extra_listeners = n;

    size_t n_all = n + 1;
    const char **all = xmalloc(n_all * sizeof *all);
    all[0] = ofproto->mgmt_target;
    for (size_t i = 0; i < n; i++) {
        all[i + 1] = targets[i];
    }
    int error = connmgr_set_listeners(ofproto->connmgr, all, n_all, errp);
    free(all);
    return error;
}

struct tables *
ofproto_get_tables(struct ofproto *ofproto)
{
    return &ofproto->tables;
}

static int
compare_ports(const void *a_, const void *b_)
{
    const struct ofport *const *a = a_;
    const struct ofport *const *b = b_;
    return ((*a)->ofp_port > (*b)->ofp_port) - ((*a)->ofp_port
                                                < (*b)->ofp_port);
}

void
ofproto_format(const struct ofproto *ofproto, struct ds *ds)
{
    size_t n = hmap_count(&ofproto->ports);
    const struct ofport **ports = xmalloc((n ? n : 1) * sizeof *ports);
    const struct ofport *port;
    size_t i = 0;

    HMAP_FOR_EACH (port, ofp_node, &ofproto->ports) {
        ports[i++] = port;
    }
    qsort(ports, n, sizeof *ports, compare_ports);
    ds_put_format(ds, "%s: datapath id %016"PRIx64", %zu rules\n",
                  ofproto->name, ofproto->datapath_id,
                  ofproto->tables.n_rules);
    for (i = 0; i < n; i++) {
        port = ports[i];
        ds_put_cstr(ds, "  ");
        if (port->ofp_port == OFPP_LOCAL) {
            ds_put_cstr(ds, "LOCAL");
        } else {
            ds_put_format(ds, "%"PRIu32, port->ofp_port);
        }
        ds_put_format(ds, ": %s (%s, datapath port %"PRIu32")\n",
                      port->name, port->type, port->dp_port);
    }
    free(ports);
    connmgr_format_status(ofproto->connmgr, ds);
}

/* OpenFlow requests. */

static enum ofperr
handle_barrier(struct ofconn *ofconn, const struct ofp_header *oh)
{
    enum ofpraw raw = (oh->version == OFP10_VERSION
                       ? OFPRAW_OFPT10_BARRIER_REPLY
                       : OFPRAW_OFPT11_BARRIER_REPLY);
    ofconn_send_reply(ofconn, ofpraw_alloc_reply(raw, oh, 0));
    return 0;
}

static enum ofperr
handle_set_flow_format(struct ofconn *ofconn, const struct ofp_header *oh)
{
    enum nx_flow_format format;
    enum ofperr error = ofp_decode_set_flow_format(oh, &format);
    if (error) {
        return error;
    }
    enum ofp_protocol cur = ofconn_get_protocol(ofconn);
    bool tid = (cur & OFP_PROTO_TID) != 0;
    enum ofp_protocol next = (format == NXFF_NXM
                              ? OFP_PROTO_OF10_NXM : OFP_PROTO_OF10_STD);
    ofconn_set_protocol(ofconn, ofp_protocol_set_tid(next, tid));
    return 0;
}

static enum ofperr
handle_flow_mod_table_id(struct ofconn *ofconn, const struct ofp_header *oh)
{
    bool enable;
    enum ofperr error = ofp_decode_flow_mod_table_id(oh, &enable);
    if (!error) {
        ofconn_set_protocol(ofconn,
                            ofp_protocol_set_tid(ofconn_get_protocol(ofconn),
                                                 enable));
    }
    return error;
}

static enum ofperr
handle_set_packet_in_format(struct ofconn *ofconn,
                            const struct ofp_header *oh)
{
    enum nx_packet_in_format format;
    enum ofperr error = ofp_decode_set_packet_in_format(oh, &format);
    if (!error) {
        ofconn_set_packet_in_format(ofconn, format);
    }
    return error;
}

/* Handles OH, received on OFCONN, and returns 0 or the error to send
 * back. */
static enum ofperr
handle_openflow__(struct ofproto *ofproto SLUICE_UNUSED,
                  struct ofconn *ofconn, const struct ofp_header *oh)
{
    enum ofptype type;
    enum ofperr error = ofptype_decode(&type, oh);
    if (error) {
        return error;
    }

    switch (type) {
    case OFPTYPE_BARRIER_REQUEST:
        return handle_barrier(ofconn, oh);
    case OFPTYPE_SET_FLOW_FORMAT:
        return handle_set_flow_format(ofconn, oh);
    case OFPTYPE_FLOW_MOD_TABLE_ID:
        return handle_flow_mod_table_id(ofconn, oh);
    case OFPTYPE_SET_PACKET_IN_FORMAT:
        return handle_set_packet_in_format(ofconn, oh);

    case OFPTYPE_HELLO:
    case OFPTYPE_ECHO_REPLY:
        /* Handled by the connection; nothing to do. */
        return 0;
    case OFPTYPE_ERROR:
        /* A controller's error about something we sent: log only. */
        VLOG_INFO("%s: received an error message",
                  ofconn_get_name(ofconn));
        return 0;

    default:
        /* Not supported (yet): the specification's answer. */
        return (ofpmsg_is_stat_request(oh) ? OFPERR_OFPBRC_BAD_STAT
                                           : OFPERR_OFPBRC_BAD_TYPE);
    }
}

static void
handle_openflow(void *ofproto_, struct ofconn *ofconn,
                const struct ofp_header *oh)
{
    enum ofperr error = handle_openflow__(ofproto_, ofconn, oh);
    if (error) {
        ofconn_send_error(ofconn, oh, error);
    }
}
