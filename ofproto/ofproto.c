/* ofproto: one OpenFlow switch.  See ofproto.h. */

#include <config.h>
#include "ofproto.h"
#include "ofproto-private.h"
#include "upcall.h"
#include "xlate.h"

/* The datapath's headers first: see datapath/dp-key.h. */
#include "datapath/dpif.h"
#include "datapath/netdev.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "buffer.h"
#include "dirs.h"
#include "dp-packet.h"
#include "dynamic-string.h"
#include "hash.h"
#include "hmap.h"
#include "mac-learning.h"
#include "ofp-actions.h"
#include "ofp-bundle.h"
#include "ofp-errors.h"
#include "ofp-flow.h"
#include "coverage.h"
#include "groups.h"
#include "meters.h"
#include "odp-util.h"
#include "ofp-group.h"
#include "ofp-meter.h"
#include "ofp-packet.h"
#include "ofp-msgs.h"
#include "ofp-port.h"
#include "ofp-protocol.h"
#include "ofp-switch.h"
#include "ofp-table.h"
#include "meta-flow.h"
#include "nx-match.h"
#include "openflow.h"
#include "poll-loop.h"
#include "shash.h"
#include "smap.h"
#include "timeval.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(ofproto);

static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);

/* Every switch, by name. */
struct shash all_ofprotos = SHASH_INITIALIZER(&all_ofprotos);

/* Every port of every switch, by datapath port number. */
static struct hmap all_dp_ports = HMAP_INITIALIZER(&all_dp_ports);

struct mutex ofproto_mutex = MUTEX_INITIALIZER;

/* The shared datapath, while a switch exists. */
static struct dpif *shared_dpif;

static void handle_openflow(void *ofproto_, struct ofconn *ofconn,
                            const struct ofp_header *oh);
static bool ofport_refresh_desc(struct ofport *port);
static void send_port_status(struct ofproto *, const struct ofport *,
                             enum ofp_port_reason);
static tables_outputs_to_cb outputs_to;
static void update_miss_behaviour(struct ofproto *);
static const struct ofport **sorted_ports(const struct ofproto *, size_t *n);
static tables_removed_cb rule_removed_cb;

/* Ports. */

struct ofport *
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

struct ofport *
ofport_find_by_dp_port(uint32_t dp_port)
{
    struct ofport *port;
    HMAP_FOR_EACH_WITH_HASH (port, dp_node, hash_int(dp_port, 0),
                             &all_dp_ports) {
        if (port->dp_port == dp_port) {
            return port;
        }
    }
    return NULL;
}

struct dpif *
ofproto_shared_dpif(void)
{
    return shared_dpif;
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

struct netdev *
ofproto_port_get_netdev(const struct ofproto *ofproto, uint32_t ofp_port,
                        bool *admin_up)
{
    const struct ofport *port = ofport_find(ofproto, ofp_port);
    if (!port) {
        return NULL;
    }
    *admin_up = !(port->config & OFP_PC_PORT_DOWN);
    return port->netdev;
}

bool
ofproto_get_controller_status(const struct ofproto *ofproto,
                              const char *target,
                              struct connmgr_controller_status *st)
{
    return connmgr_get_controller_status(ofproto->connmgr, target, st);
}

/* Computes PORT's description from its netdev and configuration. */
static void
ofport_get_desc(const struct ofport *port, struct ofp_port_desc *desc)
{
    memset(desc, 0, sizeof *desc);
    desc->port_no = port->ofp_port;
    snprintf(desc->name, sizeof desc->name, "%s", port->name);
    desc->config = port->config;
    bool up = port->netdev && netdev_get_carrier(port->netdev);
    if (port->netdev) {
        netdev_get_etheraddr(port->netdev, &desc->hw_addr);
    }
    desc->state = up ? OFP_PS_LIVE : OFP_PS_LINK_DOWN;
    if (port->config & OFP_PC_PORT_DOWN) {
        desc->state &= ~OFP_PS_LIVE;
    }
    /* Virtual ports report 10 Gb/s full duplex, as Open vSwitch does for
     * devices without a speed of their own. */
    desc->curr = OFP_PF_10GB_FD | OFP_PF_COPPER;
    desc->curr_speed = 10000000;
    desc->max_speed = 0;
}

/* Refreshes PORT's reported description; returns true if it changed. */
static bool
ofport_refresh_desc(struct ofport *port)
{
    struct ofp_port_desc desc;

    port->change_seq = port->netdev ? netdev_get_change_seq(port->netdev) : 0;
    ofport_get_desc(port, &desc);
    if (!memcmp(&desc, &port->desc, sizeof desc)) {
        return false;
    }
    /* Translation reads the state (fast failover, select liveness) and
     * the configuration: megaflows must follow. */
    mutex_lock(&ofproto_mutex);
    port->desc = desc;
    mutex_unlock(&ofproto_mutex);
    upcall_request_revalidation();
    return true;
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
    port->netdev = netdev_from_name(name);
    port->created = time_msec();
    port->vlan_mode = PORT_VLAN_TRUNK;
    port->tag = -1;
    port->ofproto = ofproto;
    mutex_lock(&ofproto_mutex);
    hmap_insert(&ofproto->ports, &port->ofp_node, hash_int(ofp_port, 0));
    hmap_insert(&all_dp_ports, &port->dp_node, hash_int(dp_port, 0));
    mutex_unlock(&ofproto_mutex);
    ofport_refresh_desc(port);
    return port;
}

static void
ofport_free(struct ofproto *ofproto, struct ofport *port)
{
    mutex_lock(&ofproto_mutex);
    hmap_remove(&ofproto->ports, &port->ofp_node);
    hmap_remove(&all_dp_ports, &port->dp_node);
    mutex_unlock(&ofproto_mutex);
    mac_learning_flush_port(ofproto->ml, MAC_PORT(port->ofp_port));
    netdev_close(port->netdev);
    free(port->name);
    free(port->type);
    free(port->trunks);
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
    struct ofport *port = ofport_insert(ofproto, ofp_port, dp_port, name,
                                        type);
    send_port_status(ofproto, port, OFP_PR_ADD);
    *ofp_portp = ofp_port;
    VLOG_INFO("%s: added port %s (type %s) as OpenFlow port %"PRIu32,
              ofproto->name, name, type, ofp_port);
    return 0;
}

char *
port_vlan_config_parse(const char *vlan_mode, const char *tag,
                       const char *trunks, struct port_vlan_config *config)
{
    config->tag = -1;
    config->trunks = NULL;
    if (tag && *tag) {
        unsigned int n;
        if (!str_to_uint(tag, 10, &n) || n > 4095) {
            return xasprintf("tag=%s: not a VLAN (0 to 4095)", tag);
        }
        config->tag = n;
    }

    if (!vlan_mode || !*vlan_mode) {
        config->mode = config->tag >= 0 ? PORT_VLAN_ACCESS : PORT_VLAN_TRUNK;
    } else if (!strcmp(vlan_mode, "access")) {
        config->mode = PORT_VLAN_ACCESS;
    } else if (!strcmp(vlan_mode, "trunk")) {
        config->mode = PORT_VLAN_TRUNK;
    } else if (!strcmp(vlan_mode, "native-tagged")) {
        config->mode = PORT_VLAN_NATIVE_TAGGED;
    } else if (!strcmp(vlan_mode, "native-untagged")) {
        config->mode = PORT_VLAN_NATIVE_UNTAGGED;
    } else {
        return xasprintf("vlan_mode=%s: not access, trunk, native-tagged "
                         "or native-untagged", vlan_mode);
    }
    if ((config->mode == PORT_VLAN_NATIVE_TAGGED
         || config->mode == PORT_VLAN_NATIVE_UNTAGGED) && config->tag < 0) {
        return xasprintf("vlan_mode=%s needs a tag (the native VLAN)",
                         vlan_mode);
    }
    if (config->mode == PORT_VLAN_ACCESS && config->tag < 0) {
        config->tag = 0;
    }

    if (trunks && *trunks) {
        char *copy = xstrdup(trunks);
        char *save = NULL;
        config->trunks = xzalloc(4096 / 8);
        for (char *t = strtok_r(copy, "[], ", &save); t;
             t = strtok_r(NULL, "[], ", &save)) {
            unsigned int n;
            if (!str_to_uint(t, 10, &n) || n > 4095) {
                char *msg = xasprintf("trunks=%s: %s is not a VLAN (0 to "
                                      "4095)", trunks, t);
                free(copy);
                free(config->trunks);
                config->trunks = NULL;
                return msg;
            }
            config->trunks[n / 8] |= 1u << (n % 8);
        }
        free(copy);
    }
    return NULL;
}

int
ofproto_port_set_vlan(struct ofproto *ofproto, uint32_t ofp_port,
                      const struct port_vlan_config *config)
{
    struct ofport *port = ofport_find(ofproto, ofp_port);
    if (!port) {
        return ENOENT;
    }
    uint8_t *trunks = (config && config->trunks
                       ? xmemdup(config->trunks, 4096 / 8) : NULL);
    mutex_lock(&ofproto_mutex);
    free(port->trunks);
    port->trunks = trunks;
    port->vlan_mode = config ? config->mode : PORT_VLAN_TRUNK;
    port->tag = config ? config->tag : -1;
    mutex_unlock(&ofproto_mutex);
    /* What was learned on the port may be in the wrong VLAN now. */
    mac_learning_flush_port(ofproto->ml, MAC_PORT(ofp_port));
    upcall_request_revalidation();
    return 0;
}

bool
ofport_includes_vlan(const struct ofport *port, uint16_t vlan)
{
    if (port->vlan_mode != PORT_VLAN_TRUNK && port->tag == vlan) {
        return true;
    }
    return (port->vlan_mode != PORT_VLAN_ACCESS
            && (!port->trunks || (port->trunks[vlan / 8] >> (vlan % 8)) & 1));
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
    send_port_status(ofproto, port, OFP_PR_DELETE);
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

/* ofproto_defer_port_reloads() nesting depth. */
static unsigned int n_reload_deferrals;

void
ofproto_defer_port_reloads(bool defer)
{
    if (defer) {
        if (!n_reload_deferrals++ && shared_dpif) {
            dpif_defer_reload(shared_dpif, true);
        }
    } else {
        sluice_assert(n_reload_deferrals > 0);
        if (!--n_reload_deferrals && shared_dpif) {
            dpif_defer_reload(shared_dpif, false);
        }
    }
}

/* The shared datapath's settings (ofproto_set_datapath_config()). */
static struct smap dp_config = SMAP_INITIALIZER(&dp_config);

static int
open_shared_datapath(struct dpif **dpifp, char **errp)
{
    if (!dpif_open(OFPROTO_DATAPATH_NAME, dpifp)) {
        return 0;
    }
    int error = dpif_create(OFPROTO_DATAPATH_NAME, dpifp, errp);
    if (!error) {
        char *msg = NULL;
        if (dpif_set_config(*dpifp, &dp_config, &msg)) {
            VLOG_WARN("%s: %s", OFPROTO_DATAPATH_NAME, msg);
        }
        free(msg);
    }
    return error;
}

int
ofproto_set_datapath_config(const struct smap *config, char **errp)
{
    *errp = NULL;
    int error = dpif_check_config(config, errp);
    if (error) {
        return error;
    }
    smap_destroy(&dp_config);
    smap_clone(&dp_config, config);
    return shared_dpif ? dpif_set_config(shared_dpif, &dp_config, errp) : 0;
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

/* The default flow "priority=0,actions=NORMAL" in table 0, which Open
 * vSwitch gives a bridge in fail mode standalone that has no controllers,
 * so that it forwards as a learning switch until someone programs it.
 * Added and removed as the configuration changes (a flow a controller
 * added with that match and priority is removed with it). */
static void
set_default_flow(struct ofproto *ofproto, bool add)
{
    struct buffer ofpacts;
    struct ofp_flow_mod fm;

    buffer_init(&ofpacts, 64);
    char *error = ofpacts_parse("NORMAL", &ofpacts);
    sluice_assert(!error);
    memset(&fm, 0, sizeof fm);
    match_init_catchall(&fm.match);
    fm.priority = 0;
    fm.command = add ? OFPFC_ADD : OFPFC_DELETE_STRICT;
    fm.table_id = 0;
    fm.buffer_id = OFP_NO_BUFFER;
    fm.out_port = OFPP_ANY;
    fm.out_group = OFPG_ANY;
    fm.ofpacts = ofpacts.data;
    fm.ofpacts_len = ofpacts.size;
    sluice_assert(!tables_flow_mod(&ofproto->tables, &fm));
    buffer_uninit(&ofpacts);
}

static void
update_default_flow(struct ofproto *ofproto)
{
    bool want = (connmgr_get_fail_mode(ofproto->connmgr)
                 == OFPROTO_FAIL_STANDALONE
                 && !connmgr_has_controllers(ofproto->connmgr));
    if (want != ofproto->has_default_flow) {
        set_default_flow(ofproto, want);
        ofproto->has_default_flow = want;
    }
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
    hmap_init(&ofproto->groups);
    hmap_init(&ofproto->meters);
    tables_init(&ofproto->tables, outputs_to, rule_removed_cb, ofproto);

    ofproto->ml = mac_learning_create(MAC_DEFAULT_IDLE_TIME);
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
    mutex_lock(&ofproto_mutex);
    ofproto->node = shash_add(&all_ofprotos, name, ofproto);
    if (!shared_dpif) {
        /* A handle of its own: the bridge that opened the datapath first
         * may be deleted before the others. */
        if (!dpif_open(OFPROTO_DATAPATH_NAME, &shared_dpif)) {
            upcall_start(shared_dpif);
            if (n_reload_deferrals) {
                dpif_defer_reload(shared_dpif, true);
            }
        } else {
            VLOG_ERR("%s: cannot open the shared datapath", name);
            shared_dpif = NULL;
        }
    }
    mutex_unlock(&ofproto_mutex);
    update_default_flow(ofproto);
    VLOG_INFO("%s: created bridge (datapath id %016"PRIx64")", name,
              ofproto->datapath_id);
    *ofprotop = ofproto;
    return 0;

error:
    mac_learning_destroy(ofproto->ml);
    tables_destroy(&ofproto->tables);
    hmap_destroy(&ofproto->ports);
    hmap_destroy(&ofproto->groups);
    hmap_destroy(&ofproto->meters);
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
    mutex_lock(&ofproto_mutex);
    shash_delete(&all_ofprotos, ofproto->node);
    bool last = shash_is_empty(&all_ofprotos);
    mutex_unlock(&ofproto_mutex);
    if (last && shared_dpif) {
        if (n_reload_deferrals) {
            dpif_defer_reload(shared_dpif, false);
        }
        upcall_stop(shared_dpif);
        dpif_close(shared_dpif);
        shared_dpif = NULL;
    }
    connmgr_destroy(ofproto->connmgr);

    struct ofport *port;
    HMAP_FOR_EACH_SAFE (port, ofp_node, &ofproto->ports) {
        dpif_port_del(ofproto->dpif, port->dp_port);
        ofport_free(ofproto, port);
    }
    hmap_destroy(&ofproto->ports);
    tables_destroy(&ofproto->tables);
    groups_destroy(ofproto);
    hmap_destroy(&ofproto->groups);
    meters_destroy(ofproto);
    hmap_destroy(&ofproto->meters);
    mac_learning_destroy(ofproto->ml);
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
    struct ofport *port;
    HMAP_FOR_EACH (port, ofp_node, &ofproto->ports) {
        if (port->netdev
            && netdev_get_change_seq(port->netdev) != port->change_seq
            && ofport_refresh_desc(port)) {
            send_port_status(ofproto, port, OFP_PR_MODIFY);
        }
    }
    connmgr_run(ofproto->connmgr);
    update_miss_behaviour(ofproto);
    long long int now = time_msec();
    if (now >= ofproto->next_expiry) {
        tables_expire(&ofproto->tables, now);
        mac_learning_run(ofproto->ml, now);
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
    if (shared_dpif) {
        upcall_run(shared_dpif);
    }
}

void
ofproto_wait_all(void)
{
    struct shash_node *node;
    SHASH_FOR_EACH (node, &all_ofprotos) {
        ofproto_wait(node->data);
    }
    if (shared_dpif) {
        upcall_wait(shared_dpif);
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
ofproto_set_datapath_id(struct ofproto *ofproto, uint64_t dpid)
{
    uint64_t new = dpid ? dpid : pick_datapath_id(ofproto->name);
    if (new != ofproto->datapath_id) {
        VLOG_INFO("%s: datapath id changed to %016"PRIx64, ofproto->name,
                  new);
        ofproto->datapath_id = new;
    }
}

void
ofproto_set_controllers(struct ofproto *ofproto,
                        const struct connmgr_controller cs[], size_t n)
{
    connmgr_set_controllers(ofproto->connmgr, cs, n);
    update_default_flow(ofproto);
}

void
ofproto_set_fail_mode(struct ofproto *ofproto, enum ofproto_fail_mode mode)
{
    connmgr_set_fail_mode(ofproto->connmgr, mode);
    update_default_flow(ofproto);
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

/* Returns OFPROTO's ports sorted by OpenFlow number (LOCAL last) in an
 * array the caller frees, with their number in *N. */
static const struct ofport **
sorted_ports(const struct ofproto *ofproto, size_t *n)
{
    const struct ofport **ports;
    const struct ofport *port;
    size_t i = 0;

    *n = hmap_count(&ofproto->ports);
    ports = xmalloc((*n ? *n : 1) * sizeof *ports);
    HMAP_FOR_EACH (port, ofp_node, &ofproto->ports) {
        ports[i++] = port;
    }
    qsort(ports, *n, sizeof *ports, compare_ports);
    return ports;
}

/* Appends PORT's VLAN settings, unless it is a trunk of every VLAN (the
 * default): ", access VLAN 10", ", trunk of VLANs 10,20",
 * ", native-untagged VLAN 20, trunk of VLANs 10". */
static void
format_port_vlans(const struct ofport *port, struct ds *ds)
{
    static const char *const modes[] = {
        [PORT_VLAN_TRUNK] = "trunk",
        [PORT_VLAN_ACCESS] = "access",
        [PORT_VLAN_NATIVE_TAGGED] = "native-tagged",
        [PORT_VLAN_NATIVE_UNTAGGED] = "native-untagged",
    };
    if (port->vlan_mode != PORT_VLAN_TRUNK) {
        ds_put_format(ds, ", %s VLAN %d", modes[port->vlan_mode], port->tag);
    }
    if (port->vlan_mode != PORT_VLAN_ACCESS && port->trunks) {
        ds_put_cstr(ds, ", trunk of VLANs ");
        bool first = true;
        for (int v = 0; v < 4096; v++) {
            if ((port->trunks[v / 8] >> (v % 8)) & 1) {
                ds_put_format(ds, "%s%d", first ? "" : ",", v);
                first = false;
            }
        }
        if (first) {
            ds_put_cstr(ds, "none");
        }
    }
}

void
ofproto_format(const struct ofproto *ofproto, struct ds *ds)
{
    size_t n, i;
    const struct ofport **ports = sorted_ports(ofproto, &n);
    const struct ofport *port;
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
        ds_put_format(ds, ": %s (%s, datapath port %"PRIu32,
                      port->name, port->type, port->dp_port);
        format_port_vlans(port, ds);
        ds_put_cstr(ds, ")\n");
    }
    free(ports);
    connmgr_format_status(ofproto->connmgr, ds);
}

char *
ofproto_trace(struct ofproto *ofproto, const char *flow_text, struct ds *ds)
{
    struct match match;
    char *error = match_parse(flow_text, &match);
    if (error) {
        return error;
    }
    if (!match.mask.dp.in_port) {
        return xstrdup("the flow must give in_port");
    }

    struct xlate_in in;
    memset(&in, 0, sizeof in);
    in.ofproto = ofproto;
    oflow_mask(&in.flow, &match.flow, &match.mask);
    in.version = tables_version(&ofproto->tables);
    in.may_learn = false;
    in.trace = ds;

    ds_put_cstr(ds, "Flow: ");
    match_format(&match, ds);
    ds_put_format(ds, "\n\nbridge(\"%s\")\n", ofproto->name);
    ds_put_char_multiple(ds, '-', strlen(ofproto->name) + 10);
    ds_put_char(ds, '\n');

    struct xlate_out out;
    xlate_out_init(&out);
    mutex_lock(&ofproto_mutex);
    xlate_actions(&in, &out);
    mutex_unlock(&ofproto_mutex);

    struct match megaflow = { .flow = in.flow, .mask = out.wc };
    match_normalize(&megaflow);
    ds_put_cstr(ds, "\nMegaflow: ");
    match_format(&megaflow, ds);
    ds_put_cstr(ds, "\nDatapath actions: ");
    odp_actions_format(ds, out.odp_actions.data, out.odp_actions.size);
    ds_put_char(ds, '\n');
    if (out.too_deep) {
        ds_put_cstr(ds, "Translation stopped: too many resubmits or "
                    "groups; the packet is dropped.\n");
    }
    if (out.n_unsupported) {
        ds_put_format(ds, "%u actions were not translated (see "
                      "ofproto/xlate.h).\n", out.n_unsupported);
    }
    xlate_out_uninit(&out);
    return NULL;
}

static int
compare_ports_by_name(const void *a_, const void *b_)
{
    const struct ofport *const *a = a_;
    const struct ofport *const *b = b_;
    return strcmp((*a)->name, (*b)->name);
}

void
ofproto_format_dpif(struct ds *ds)
{
    if (!shared_dpif) {
        return;
    }
    struct dpif_dp_stats stats;
    memset(&stats, 0, sizeof stats);
    dpif_get_dp_stats(shared_dpif, &stats);
    ds_put_format(ds, "%s: hit:%"PRIu64" missed:%"PRIu64"\n",
                  dpif_full_name(shared_dpif), stats.n_hit, stats.n_missed);

    const struct shash_node **nodes = shash_sort(&all_ofprotos);
    for (size_t i = 0; i < shash_count(&all_ofprotos); i++) {
        const struct ofproto *ofproto = nodes[i]->data;
        size_t n;
        const struct ofport **ports = sorted_ports(ofproto, &n);
        qsort(ports, n, sizeof *ports, compare_ports_by_name);
        ds_put_format(ds, "  %s:\n", ofproto->name);
        for (size_t j = 0; j < n; j++) {
            ds_put_format(ds, "    %s %"PRIu32"/%"PRIu32": (%s)\n",
                          ports[j]->name,
                          ports[j]->ofp_port == OFPP_LOCAL
                          ? 65534 : ports[j]->ofp_port,
                          ports[j]->dp_port,
                          !strcmp(ports[j]->type, "internal")
                          ? "tap" : ports[j]->type);
        }
        free(ports);
    }
    free(nodes);
}

void
ofproto_format_memory(struct ds *ds)
{
    size_t n_groups = 0, n_meters = 0, n_ports = 0, n_rules = 0;
    size_t n_macs = 0;
    struct shash_node *node;

    SHASH_FOR_EACH (node, &all_ofprotos) {
        const struct ofproto *ofproto = node->data;
        struct mac_learning_stats ml;
        mac_learning_get_stats(ofproto->ml, &ml);
        n_groups += hmap_count(&ofproto->groups);
        n_meters += hmap_count(&ofproto->meters);
        n_ports += hmap_count(&ofproto->ports);
        n_rules += ofproto->tables.n_rules;
        n_macs += ml.n_entries;
    }
    struct dpif_dp_stats stats;
    memset(&stats, 0, sizeof stats);
    if (shared_dpif) {
        dpif_get_dp_stats(shared_dpif, &stats);
    }
    ds_put_format(ds, "bridges:%zu groups:%zu handlers:1 mac-entries:%zu "
                  "megaflows:%"PRIu64" meters:%zu ports:%zu "
                  "revalidators:1 rules:%zu\n",
                  shash_count(&all_ofprotos), n_groups, n_macs,
                  stats.n_flows, n_meters, n_ports, n_rules);
}

static void
fdb_port_name(const void *port, void *aux SLUICE_UNUSED, char *name,
              size_t size)
{
    uint32_t n = (uint32_t) (uintptr_t) port;
    if (n == OFPP_LOCAL) {
        snprintf(name, size, "LOCAL");
    } else {
        snprintf(name, size, "%"PRIu32, n);
    }
}

void
ofproto_format_fdb(const struct ofproto *ofproto, struct ds *ds)
{
    mac_learning_format(ofproto->ml, time_msec(), fdb_port_name, NULL, ds);
}

void
ofproto_flush_fdb(struct ofproto *ofproto)
{
    if (!ofproto) {
        struct shash_node *node;
        SHASH_FOR_EACH (node, &all_ofprotos) {
            struct ofproto *o = node->data;
            mac_learning_flush(o->ml);
        }
    } else {
        mac_learning_flush(ofproto->ml);
    }
    upcall_request_revalidation();
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

/* Port status messages to the connections that want them. */
struct port_status_aux {
    struct ofp_port_status ps;
};

static struct buffer *
build_port_status(enum ofp_protocol protocol, void *aux_)
{
    struct port_status_aux *aux = aux_;
    enum ofp_version version = ofp_protocol_to_version(protocol);
    enum ofpraw raw = (version >= OFP14_VERSION ? OFPRAW_OFPT14_PORT_STATUS
                       : version >= OFP11_VERSION ? OFPRAW_OFPT11_PORT_STATUS
                       : OFPRAW_OFPT10_PORT_STATUS);
    uint16_t ofp10_port;
    if (version == OFP10_VERSION
        && !port_to_ofp10_port(aux->ps.desc.port_no, &ofp10_port)) {
        return NULL;
    }
    struct buffer *msg = ofpraw_alloc_xid(raw, version, 0, 0);
    ofp_port_status_encode(&aux->ps, version, msg);
    ofpmsg_update_length(msg);
    return msg;
}

static void
send_port_status(struct ofproto *ofproto, const struct ofport *port,
                 enum ofp_port_reason reason)
{
    struct port_status_aux aux;
    aux.ps.reason = reason;
    aux.ps.desc = port->desc;
    connmgr_send_async(ofproto->connmgr, OFCONN_ASYNC_PORT_STATUS, reason,
                       build_port_status, &aux);
}

/* Returns the switch's ports in *PORTSP (sorted by number; the caller
 * frees them) and their number, skipping those VERSION cannot number. */
static size_t
collect_port_descs(const struct ofproto *ofproto, enum ofp_version version,
                   uint32_t which, struct ofp_port_desc **portsp)
{
    size_t n = 0;
    struct ofp_port_desc *ports = xmalloc((hmap_count(&ofproto->ports) + 1)
                                          * sizeof *ports);
    const struct ofport *port;
    HMAP_FOR_EACH (port, ofp_node, &ofproto->ports) {
        uint16_t ofp10_port;
        if (version == OFP10_VERSION
            && !port_to_ofp10_port(port->ofp_port, &ofp10_port)) {
            continue;
        }
        if (which != OFPP_ANY && which != port->ofp_port) {
            continue;
        }
        ports[n++] = port->desc;
    }
    *portsp = ports;
    return n;
}

static enum ofperr
handle_features_request(struct ofproto *ofproto, struct ofconn *ofconn,
                        const struct ofp_header *oh)
{
    struct ofp_switch_features features = {
        .datapath_id = ofproto->datapath_id,
        .n_buffers = 0,
        .n_tables = OFTABLES_N,
        .auxiliary_id = 0,
        .capabilities = (OFPC_FLOW_STATS | OFPC_TABLE_STATS
                         | OFPC_PORT_STATS | OFPC_GROUP_STATS
                         | OFPC_QUEUE_STATS | OFPC_ARP_MATCH_IP),
        .ofp10_actions = OFP10_ACTIONS_ALL,
    };
    struct buffer ports;
    buffer_init(&ports, 0);
    if (oh->version < OFP13_VERSION) {
        struct ofp_port_desc *descs;
        size_t n = collect_port_descs(ofproto, oh->version, OFPP_ANY, &descs);
        ofp_port_descs_encode(descs, n, oh->version, &ports);
        free(descs);
    }
    ofconn_send_reply(ofconn,
                      ofp_encode_features_reply(&features, oh->version,
                                                oh->xid, ports.data,
                                                ports.size));
    buffer_uninit(&ports);
    return 0;
}

static enum ofperr
handle_get_config(struct ofproto *ofproto, struct ofconn *ofconn,
                  const struct ofp_header *oh)
{
    struct ofp_switch_config config = {
        .frag = ofproto->frag,
        .invalid_ttl_to_controller = false,
        .miss_send_len = ofconn_get_miss_send_len(ofconn),
    };
    ofconn_send_reply(ofconn, ofp_encode_get_config_reply(oh, &config));
    return 0;
}

static enum ofperr
handle_set_config(struct ofproto *ofproto, struct ofconn *ofconn,
                  const struct ofp_header *oh)
{
    struct ofp_switch_config config;
    enum ofperr error = ofp_decode_set_config(oh, &config);
    if (error) {
        return error;
    }
    if (config.frag == OFPC_FRAG_REASM) {
        /* Reassembly is not supported: keep the current handling, as
         * Open vSwitch does. */
        config.frag = ofproto->frag;
    }
    ofproto->frag = config.frag;
    ofconn_set_miss_send_len(ofconn, config.miss_send_len);
    return 0;
}

static enum ofperr
handle_desc_stats(struct ofproto *ofproto, struct ofconn *ofconn,
                  const struct ofp_header *oh)
{
    struct ofp_switch_desc desc;
    memset(&desc, 0, sizeof desc);
    snprintf(desc.mfr_desc, sizeof desc.mfr_desc, "The Sluice project");
    snprintf(desc.hw_desc, sizeof desc.hw_desc, "Sluice");
    snprintf(desc.sw_desc, sizeof desc.sw_desc, "%s", sluice_version());
    snprintf(desc.serial_num, sizeof desc.serial_num, "None");
    snprintf(desc.dp_desc, sizeof desc.dp_desc, "%s", ofproto->name);
    ofconn_send_reply(ofconn, ofp_encode_desc_stats_reply(oh, &desc));
    return 0;
}

static enum ofperr
handle_role_request(struct ofconn *ofconn, const struct ofp_header *oh)
{
    struct ofp_role_request rr;
    enum ofperr error = ofp_decode_role_message(oh, &rr);
    if (error) {
        return error;
    }
    if (rr.role != OFPCR_ROLE_NOCHANGE) {
        enum ofconn_role role = (rr.role == OFPCR_ROLE_MASTER
                                 ? OFCONN_ROLE_PRIMARY
                                 : rr.role == OFPCR_ROLE_SLAVE
                                 ? OFCONN_ROLE_SECONDARY
                                 : OFCONN_ROLE_EQUAL);
        error = ofconn_set_role(ofconn, role,
                                (rr.have_generation_id
                                 ? rr.generation_id : UINT64_MAX));
        if (error) {
            return error;
        }
    }
    struct ofp_role_request reply;
    enum ofconn_role role = ofconn_get_role(ofconn);
    reply.role = (role == OFCONN_ROLE_PRIMARY ? OFPCR_ROLE_MASTER
                  : role == OFCONN_ROLE_SECONDARY ? OFPCR_ROLE_SLAVE
                  : OFPCR_ROLE_EQUAL);
    uint64_t gen = connmgr_get_generation_id(
        ofconn_get_connmgr(ofconn));
    reply.have_generation_id = gen != UINT64_MAX;
    reply.generation_id = gen;
    ofconn_send_reply(ofconn, ofp_encode_role_reply(oh, &reply));
    return 0;
}

/* The connection's async masks in the codec's form and back. */
static void
async_to_ofp(const struct ofconn *ofconn, struct ofp_async_config *ac)
{
    uint32_t masks[2][3];
    ofconn_get_async_config(ofconn, masks);
    memset(ac, 0, sizeof *ac);
    ac->master[OAM_PACKET_IN] = masks[0][OFCONN_ASYNC_PACKET_IN];
    ac->master[OAM_PORT_STATUS] = masks[0][OFCONN_ASYNC_PORT_STATUS];
    ac->master[OAM_FLOW_REMOVED] = masks[0][OFCONN_ASYNC_FLOW_REMOVED];
    ac->slave[OAM_PACKET_IN] = masks[1][OFCONN_ASYNC_PACKET_IN];
    ac->slave[OAM_PORT_STATUS] = masks[1][OFCONN_ASYNC_PORT_STATUS];
    ac->slave[OAM_FLOW_REMOVED] = masks[1][OFCONN_ASYNC_FLOW_REMOVED];
}

static enum ofperr
handle_get_async(struct ofconn *ofconn, const struct ofp_header *oh)
{
    struct ofp_async_config ac;
    async_to_ofp(ofconn, &ac);
    ofconn_send_reply(ofconn, ofp_encode_get_async_reply(oh, &ac));
    return 0;
}

static enum ofperr
handle_set_async(struct ofconn *ofconn, const struct ofp_header *oh)
{
    struct ofp_async_config basis, ac;
    async_to_ofp(ofconn, &basis);
    enum ofperr error = ofp_decode_set_async_config(oh, false, &basis, &ac);
    if (error) {
        return error;
    }
    uint32_t masks[2][3] = {
        { ac.master[OAM_PACKET_IN], ac.master[OAM_PORT_STATUS],
          ac.master[OAM_FLOW_REMOVED] },
        { ac.slave[OAM_PACKET_IN], ac.slave[OAM_PORT_STATUS],
          ac.slave[OAM_FLOW_REMOVED] },
    };
    ofconn_set_async_config(ofconn, masks);
    return 0;
}

static enum ofperr
handle_set_controller_id(struct ofconn *ofconn, const struct ofp_header *oh)
{
    uint16_t id;
    enum ofperr error = ofp_decode_set_controller_id(oh, &id);
    if (!error) {
        ofconn_set_controller_id(ofconn, id);
    }
    return error;
}

static enum ofperr
handle_port_desc_stats(struct ofproto *ofproto, struct ofconn *ofconn,
                       const struct ofp_header *oh)
{
    struct buffer b;
    uint32_t which;
    enum ofpraw raw;

    buffer_use_const(&b, oh, ntohs(oh->length));
    enum ofperr error = ofpraw_pull(&raw, &b);
    if (!error) {
        error = ofp_port_desc_request_decode(&b, oh->version, &which);
    }
    if (error) {
        return error;
    }

    struct ofp_port_desc *descs;
    size_t n = collect_port_descs(ofproto, oh->version, which, &descs);
    struct list replies;
    ofpmp_init(&replies, oh);
    for (size_t i = 0; i < n; i++) {
        struct buffer *reply = ofpmp_reserve(&replies,
                                             ofp_port_desc_size(oh->version)
                                             + 64);
        size_t start = reply->size;
        ofp_port_desc_encode(&descs[i], oh->version, reply);
        ofpmp_postappend(&replies, start);
    }
    free(descs);
    ofconn_send_replies(ofconn, &replies);
    return 0;
}

static enum ofperr
handle_port_stats(struct ofproto *ofproto, struct ofconn *ofconn,
                  const struct ofp_header *oh)
{
    struct buffer b;
    uint32_t which;
    enum ofpraw raw;

    buffer_use_const(&b, oh, ntohs(oh->length));
    enum ofperr error = ofpraw_pull(&raw, &b);
    if (!error) {
        error = ofp_port_stats_request_decode(&b, oh->version, &which);
    }
    if (error) {
        return error;
    }
    if (which != OFPP_ANY && !ofport_find(ofproto, which)) {
        return OFPERR_OFPBRC_BAD_PORT;
    }

    struct list replies;
    ofpmp_init(&replies, oh);
    long long int now = time_msec();
    size_t n_ports;
    const struct ofport **ports = sorted_ports(ofproto, &n_ports);
    for (size_t i = 0; i < n_ports; i++) {
        const struct ofport *port = ports[i];
        uint16_t ofp10_port;
        if ((which != OFPP_ANY && which != port->ofp_port)
            || (oh->version == OFP10_VERSION
                && !port_to_ofp10_port(port->ofp_port, &ofp10_port))) {
            continue;
        }
        struct netdev_stats ns;
        memset(&ns, 0, sizeof ns);
        dpif_port_get_stats(ofproto->dpif, port->dp_port, &ns);
        struct ofp_port_stats ps = {
            .port_no = port->ofp_port,
            .rx_packets = ns.rx_packets,
            .tx_packets = ns.tx_packets,
            .rx_bytes = ns.rx_bytes,
            .tx_bytes = ns.tx_bytes,
            .rx_dropped = ns.rx_dropped,
            .tx_dropped = ns.tx_dropped,
            .rx_errors = ns.rx_errors,
            .tx_errors = ns.tx_errors,
            .rx_frame_errors = UINT64_MAX,
            .rx_over_errors = UINT64_MAX,
            .rx_crc_errors = UINT64_MAX,
            .collisions = UINT64_MAX,
            .duration_sec = (now - port->created) / 1000,
            .duration_nsec = ((now - port->created) % 1000) * 1000000,
        };
        struct buffer *reply = ofpmp_reserve(&replies, 256);
        size_t start = reply->size;
        ofp_port_stats_encode(&ps, oh->version, reply);
        ofpmp_postappend(&replies, start);
    }
    free(ports);
    ofconn_send_replies(ofconn, &replies);
    return 0;
}

static enum ofperr
handle_port_mod(struct ofproto *ofproto, const struct ofp_header *oh)
{
    struct ofp_port_mod pm;
    struct buffer b;
    enum ofpraw raw;

    buffer_use_const(&b, oh, ntohs(oh->length));
    enum ofperr error = ofpraw_pull(&raw, &b);
    if (!error) {
        error = ofp_port_mod_decode(&b, oh->version, &pm);
    }
    if (error) {
        return error;
    }
    struct ofport *port = ofport_find(ofproto, pm.port_no);
    error = ofp_port_mod_check(&pm, port ? &port->desc : NULL,
                               (OFP_PC_PORT_DOWN | OFP_PC_NO_RECV
                                | OFP_PC_NO_FWD | OFP_PC_NO_PACKET_IN
                                | OFP_PC_NO_FLOOD));
    if (error) {
        return error;
    }
    port->config = (port->config & ~pm.mask) | (pm.config & pm.mask);
    if (ofport_refresh_desc(port)) {
        send_port_status(ofproto, port, OFP_PR_MODIFY);
    }
    return 0;
}

/* Table features: what every table of a Sluice switch supports, as an
 * OpenFlow 1.3+ table features reply (and OpenFlow 1.1/1.2 table
 * statistics) describe it. */

/* OpenFlow 1.1+ action types Sluice translates. */
#define SUPPORTED_OFPAT ((UINT64_C(1) << 0)       /* output */        \
                         | (UINT64_C(1) << 17)    /* push_vlan */     \
                         | (UINT64_C(1) << 18)    /* pop_vlan */      \
                         | (UINT64_C(1) << 21)    /* set_queue */     \
                         | (UINT64_C(1) << 23)    /* set_nw_ttl */    \
                         | (UINT64_C(1) << 24)    /* dec_nw_ttl */    \
                         | (UINT64_C(1) << 25))   /* set_field */

static void
table_features_init(struct ofp_table_features *tf, uint8_t table_id,
                    enum ofp_version version)
{
    memset(tf, 0, sizeof *tf);
    tf->table_id = table_id;
    if (table_id) {
        snprintf(tf->name, sizeof tf->name, "table%u", table_id);
    } else {
        snprintf(tf->name, sizeof tf->name, "classifier");
    }
    tf->metadata_match = UINT64_MAX;
    tf->metadata_write = UINT64_MAX;
    tf->max_entries = 1000000;

    struct ofp_table_feature_set *fs = &tf->nonmiss;
    fs->instructions = 0x7e;        /* goto_table ... meter. */
    if (table_id == OFTABLES_N - 1) {
        fs->instructions &= ~(1u << 1);     /* No table after it. */
    }
    for (unsigned int t = table_id + 1; t < OFTABLES_N; t++) {
        ofp_table_features_add_next_table(fs->next_tables, t);
    }
    fs->write_actions = fs->apply_actions = SUPPORTED_OFPAT;

    tf->match = xmalloc(MFF_N_IDS * sizeof *tf->match);
    tf->wildcards = xmalloc(MFF_N_IDS * sizeof *tf->wildcards);
    fs->write_setfield = xmalloc(MFF_N_IDS * sizeof *fs->write_setfield);
    fs->apply_setfield = xmalloc(MFF_N_IDS * sizeof *fs->apply_setfield);
    for (int id = 0; id < MFF_N_IDS; id++) {
        const struct mf_field *f = mf_from_id(id);
        uint32_t header = mf_oxm_header(id, version);
        if (!header) {
            continue;
        }
        tf->match[tf->n_match++] = (f->maskable
                                    ? header | (1u << 8) : header);
        tf->wildcards[tf->n_wildcards++] = header;
        if (f->writable) {
            fs->write_setfield[fs->n_write_setfield++] = header;
            fs->apply_setfield[fs->n_apply_setfield++] = header;
        }
    }

    /* The table-miss flow supports the same. */
    struct ofp_table_feature_set *miss = &tf->miss;
    *miss = *fs;
    miss->write_setfield = xmemdup(fs->write_setfield,
                                   fs->n_write_setfield
                                   * sizeof *fs->write_setfield);
    miss->apply_setfield = xmemdup(fs->apply_setfield,
                                   fs->n_apply_setfield
                                   * sizeof *fs->apply_setfield);
}

static enum ofperr
handle_table_features(struct ofproto *ofproto SLUICE_UNUSED,
                      struct ofconn *ofconn, const struct ofp_header *oh)
{
    struct buffer b;
    enum ofpraw raw;

    buffer_use_const(&b, oh, ntohs(oh->length));
    enum ofperr error = ofpraw_pull(&raw, &b);
    if (error) {
        return error;
    }
    if (b.size) {
        /* Changing the tables' features is not supported. */
        return OFPERR_OFPTFFC_EPERM;
    }

    struct list replies;
    ofpmp_init(&replies, oh);
    for (int i = 0; i < OFTABLES_N; i++) {
        struct ofp_table_features tf;
        table_features_init(&tf, i, oh->version);
        struct buffer *reply = ofpmp_reserve(&replies, 8192);
        size_t start = reply->size;
        ofp_table_features_encode(&tf, reply);
        ofpmp_postappend(&replies, start);
        ofp_table_features_uninit(&tf);
    }
    ofconn_send_replies(ofconn, &replies);
    return 0;
}

static enum ofperr
handle_table_stats(struct ofproto *ofproto, struct ofconn *ofconn,
                   const struct ofp_header *oh)
{
    struct list replies;
    ofpmp_init(&replies, oh);
    for (int i = 0; i < OFTABLES_N; i++) {
        const struct oftable *t = &ofproto->tables.tables[i];
        struct ofp_table_stats ts = {
            .table_id = i,
            .active_count = tables_count(&ofproto->tables, i),
            .lookup_count = atomic_read_relaxed(
                &((struct oftable *) t)->n_lookups),
            .matched_count = atomic_read_relaxed(
                &((struct oftable *) t)->n_matched),
        };
        struct ofp_table_info info;
        memset(&info, 0, sizeof info);
        if (t->name) {
            snprintf(info.name, sizeof info.name, "%s", t->name);
        } else if (i) {
            snprintf(info.name, sizeof info.name, "table%d", i);
        } else {
            snprintf(info.name, sizeof info.name, "classifier");
        }
        info.wildcards = OFP_TW10_ALL;
        info.max_entries = 1000000;
        if (ofp_table_stats_version_ok(oh->version)) {
            struct buffer *reply = ofpmp_reserve(&replies, 128);
            size_t start = reply->size;
            ofp_table_stats_encode(&ts, &info, oh->version, reply);
            ofpmp_postappend(&replies, start);
        } else {
            /* OpenFlow 1.1 and 1.2 describe each table too. */
            struct ofp_table_features tf;
            table_features_init(&tf, i, oh->version);
            struct buffer *reply = ofpmp_reserve(&replies, 256);
            size_t start = reply->size;
            ofp_table_stats_encode_11(&ts, &tf, OFP_TABLE_MISS_DROP,
                                      oh->version, reply);
            ofpmp_postappend(&replies, start);
            ofp_table_features_uninit(&tf);
        }
    }
    ofconn_send_replies(ofconn, &replies);
    return 0;
}

/* Flow tables. */

static struct buffer *
build_flow_removed(enum ofp_protocol protocol, void *fr_)
{
    return ofp_encode_flow_removed(fr_, protocol);
}

/* The tables' callback: a rule that asked for it was removed. */
static void
rule_removed_cb(void *ofproto_, const struct rule *rule,
                enum ofp_flow_removed_reason reason)
{
    struct ofproto *ofproto = ofproto_;
    struct ofp_flow_stats fs;
    long long int now = time_msec();

    rule_to_flow_stats(rule, now, &fs);
    struct ofp_flow_removed fr = {
        .match = fs.match,
        .cookie = fs.cookie,
        .priority = fs.priority,
        .reason = reason,
        .table_id = fs.table_id,
        .duration_sec = fs.duration_sec,
        .duration_nsec = fs.duration_nsec,
        .idle_timeout = fs.idle_timeout,
        .hard_timeout = fs.hard_timeout,
        .packet_count = fs.packet_count,
        .byte_count = fs.byte_count,
    };
    connmgr_send_async(ofproto->connmgr, OFCONN_ASYNC_FLOW_REMOVED, reason,
                       build_flow_removed, &fr);
}

/* Checks that the groups and meters that the LEN-byte action list OFPACTS
 * names exist, as Open vSwitch does (write_actions included). */
static enum ofperr
check_groups_and_meters(const struct ofproto *ofproto, const void *ofpacts,
                        size_t len)
{
    OFPACT_FOR_EACH (a, ofpacts, len) {
        if (a->type == OFPACT_GROUP
            && !ofgroup_find(ofproto,
                             ((const struct ofpact_group *) a)->group_id)) {
            return OFPERR_OFPBAC_BAD_OUT_GROUP;
        } else if (a->type == OFPACT_METER
                   && !ofmeter_find(ofproto,
                                    ((const struct ofpact_meter *) a)
                                    ->meter_id)) {
            return OFPERR_OFPMMFC_INVALID_METER;
        } else if (a->type == OFPACT_WRITE_ACTIONS) {
            enum ofperr error = check_groups_and_meters(
                ofproto, ofpact_nest_actions(a), ofpact_nest_size(a));
            if (error) {
                return error;
            }
        }
    }
    return 0;
}

/* The tables' out_port/out_group filter. */
static bool
outputs_to(const void *ofpacts, size_t len, uint32_t port, uint32_t group)
{
    return ofpacts_output_to(ofpacts, len, port, group);
}

/* Checks the LEN-byte action list OFPACTS of a rule with MATCH in table
 * TABLE_ID (which it may adjust, see ofpacts_check()), and that the
 * groups and meters it names exist. */
static enum ofperr
ofproto_check_ofpacts(const struct ofproto *ofproto,
                      const struct match *match, uint8_t table_id,
                      const void *ofpacts, size_t len)
{
    struct match m = *match;
    struct ofpact_check_params params = {
        .match = &m,
        .max_ports = OFPP_MAX,
        .table_id = table_id,
        .n_tables = OFTABLES_N,
    };
    enum ofperr error = ofpacts_verify_order(ofpacts, len);
    if (!error) {
        error = ofpacts_check((void *) ofpacts, len, &params);
    }
    if (!error) {
        error = check_groups_and_meters(ofproto, ofpacts, len);
    }
    return error;
}

/* Decodes flow_mod OH, received on OFCONN, into *FM with its actions in
 * OFPACTS, and checks the actions against the flow's match and table. */
static enum ofperr
decode_flow_mod(const struct ofproto *ofproto, const struct ofconn *ofconn,
                const struct ofp_header *oh, struct ofp_flow_mod *fm,
                struct buffer *ofpacts)
{
    enum ofperr error = ofp_decode_flow_mod(fm, oh,
                                            ofconn_get_protocol(ofconn),
                                            ofpacts);
    if (!error) {
        error = ofproto_check_ofpacts(ofproto, &fm->match,
                                      fm->table_id == OFPTT_ALL
                                      ? 0 : fm->table_id,
                                      fm->ofpacts, fm->ofpacts_len);
    }
    return error;
}

static enum ofperr
reject_secondary(const struct ofconn *ofconn)
{
    return (ofconn_get_role(ofconn) == OFCONN_ROLE_SECONDARY
            ? OFPERR_OFPBRC_IS_SLAVE : 0);
}

COVERAGE_DEFINE(ofproto_flow_mod);
COVERAGE_DEFINE(ofproto_packet_out);
COVERAGE_DEFINE(ofproto_packet_in);
COVERAGE_DEFINE(ofproto_bundle_commit);
COVERAGE_DEFINE(ofproto_error_reply);

static enum ofperr
handle_flow_mod(struct ofproto *ofproto, struct ofconn *ofconn,
                const struct ofp_header *oh)
{
    COVERAGE_INC(ofproto_flow_mod);
    struct ofp_flow_mod fm;
    struct buffer ofpacts;

    enum ofperr error = reject_secondary(ofconn);
    if (error) {
        return error;
    }
    buffer_init(&ofpacts, 256);
    error = decode_flow_mod(ofproto, ofconn, oh, &fm, &ofpacts);
    if (!error) {
        error = tables_flow_mod(&ofproto->tables, &fm);
    }
    if (!error && fm.buffer_id != OFP_NO_BUFFER) {
        /* Sluice never buffers packets, so no buffer id is valid; the
         * flow_mod itself has taken effect, as the specification asks. */
        error = OFPERR_OFPBRC_BUFFER_UNKNOWN;
    }
    buffer_uninit(&ofpacts);
    return error;
}

struct flow_stats_aux {
    struct list *replies;
    struct ofp_aggregate_stats agg;
    long long int now;
};

static void
flow_stats_cb(const struct rule *rule, void *aux_)
{
    struct flow_stats_aux *aux = aux_;
    struct ofp_flow_stats fs;

    rule_to_flow_stats(rule, aux->now, &fs);
    if (aux->replies) {
        ofp_append_flow_stats_reply(&fs, aux->replies);
    } else {
        aux->agg.packet_count += fs.packet_count;
        aux->agg.byte_count += fs.byte_count;
        aux->agg.flow_count++;
    }
}

static enum ofperr
handle_flow_stats(struct ofproto *ofproto, struct ofconn *ofconn,
                  const struct ofp_header *oh)
{
    struct ofp_flow_stats_request fsr;
    enum ofperr error = ofp_decode_flow_stats_request(&fsr, oh);
    if (error) {
        return error;
    }

    struct list replies;
    struct flow_stats_aux aux = {
        .replies = fsr.aggregate ? NULL : &replies,
        .now = time_msec(),
    };
    if (!fsr.aggregate) {
        ofpmp_init(&replies, oh);
    }
    error = tables_for_each_selected(&ofproto->tables, &fsr, flow_stats_cb,
                                     &aux);
    if (error) {
        if (!fsr.aggregate) {
            buffer_list_delete(&replies);
        }
        return error;
    }
    if (fsr.aggregate) {
        ofconn_send_reply(ofconn,
                          ofp_encode_aggregate_stats_reply(&aux.agg, oh));
    } else {
        ofconn_send_replies(ofconn, &replies);
    }
    return 0;
}

struct ofproto *
ofproto_find_by_datapath_id(uint64_t dpid)
{
    struct shash_node *node;
    SHASH_FOR_EACH (node, &all_ofprotos) {
        struct ofproto *ofproto = node->data;
        if (ofproto->datapath_id == dpid) {
            return ofproto;
        }
    }
    return NULL;
}

static struct buffer *
build_packet_in(enum ofp_protocol protocol, enum nx_packet_in_format format,
                uint16_t max_len, void *pin_)
{
    struct ofp_packet_in pin = *(const struct ofp_packet_in *) pin_;

    pin.packet_len = ofp_packet_in_truncated_len(pin.total_len, max_len);
    return ofp_encode_packet_in(&pin, ofp_protocol_to_version(protocol),
                                format);
}

void
ofproto_send_packet_in(struct ofproto *ofproto,
                       const struct xlate_pin_cookie *cookie,
                       uint32_t in_port, const void *packet, size_t size)
{
    COVERAGE_INC(ofproto_packet_in);
    struct ofp_packet_in pin;
    struct oflow flow;

    memset(&flow, 0, sizeof flow);
    flow.dp.in_port = in_port;
    ofp_packet_in_init(&pin, packet, size, cookie->reason,
                       cookie->table_id, cookie->rule_cookie, &flow);
    connmgr_send_packet_in(ofproto->connmgr, cookie->reason, cookie->miss,
                           cookie->max_len, cookie->controller_id, in_port,
                           build_packet_in, &pin);
}

/* Returns true if OFPROTO should act as a learning switch on its own: its
 * fail mode is standalone and no controller it has is connected. */
bool
ofproto_fail_open(const struct ofproto *ofproto)
{
    return atomic_read_relaxed(&((struct ofproto *) ofproto)->fail_open);
}

bool
ofproto_wants_miss_packet_ins(const struct ofproto *ofproto)
{
    return atomic_read_relaxed(
        &((struct ofproto *) ofproto)->miss_packet_ins);
}

/* Publishes what table misses should do now; a change makes revalidation
 * translate the megaflows again. */
static void
update_miss_behaviour(struct ofproto *ofproto)
{
    bool fail_open = connmgr_fail_open_active(ofproto->connmgr);
    bool pins = connmgr_wants_miss_packet_ins(ofproto->connmgr);
    if (fail_open != atomic_read_relaxed(&ofproto->fail_open)
        || pins != atomic_read_relaxed(&ofproto->miss_packet_ins)) {
        atomic_store_relaxed(&ofproto->fail_open, fail_open);
        atomic_store_relaxed(&ofproto->miss_packet_ins, pins);
        upcall_request_revalidation();
    }
}

/* Maps OpenFlow port OFP_PORT of OFPROTO to a datapath port for a
 * packet's metadata: ODPP_NONE for reserved ports. */
static uint32_t
dp_port_of(const struct ofproto *ofproto, uint32_t ofp_port)
{
    const struct ofport *port = ofport_find(ofproto, ofp_port);
    return port ? port->dp_port : ODPP_NONE;
}

static enum ofperr
handle_packet_out(struct ofproto *ofproto, struct ofconn *ofconn,
                  const struct ofp_header *oh)
{
    COVERAGE_INC(ofproto_packet_out);
    struct ofp_packet_out po;
    struct buffer ofpacts;

    enum ofperr error = reject_secondary(ofconn);
    if (error) {
        return error;
    }
    buffer_init(&ofpacts, 256);
    error = ofp_decode_packet_out(&po, oh, &ofpacts);
    if (!error) {
        error = ofp_packet_out_check_buffer(&po);
    }
    if (!error) {
        error = ofproto_check_ofpacts(ofproto, &po.flow_metadata, 0xff,
                                      po.ofpacts, po.ofpacts_len);
    }
    if (error) {
        buffer_uninit(&ofpacts);
        return error;
    }

    uint32_t in_port = ofp_packet_out_get_in_port(&po);
    struct dp_packet packet;
    dp_packet_use_const(&packet, po.packet, po.packet_len);
    packet.md.in_port = dp_port_of(ofproto, in_port);

    struct xlate_in in;
    memset(&in, 0, sizeof in);
    in.ofproto = ofproto;
    flow_extract(&packet, &in.flow.dp);
    in.flow.dp.in_port = in_port;
    in.version = tables_version(&ofproto->tables);
    in.may_learn = false;
    in.ofpacts = po.ofpacts;
    in.ofpacts_len = po.ofpacts_len;

    struct xlate_out out;
    xlate_out_init(&out);
    mutex_lock(&ofproto_mutex);
    xlate_actions(&in, &out);
    mutex_unlock(&ofproto_mutex);
    if (out.odp_actions.size) {
        char *err = NULL;
        if (dpif_execute(ofproto->dpif, &packet, out.odp_actions.data,
                         out.odp_actions.size, &err)) {
            VLOG_WARN_RL(&rl, "%s: packet-out failed: %s", ofproto->name,
                         err ? err : "unknown error");
        }
        free(err);
    }
    xlate_out_uninit(&out);
    buffer_uninit(&ofpacts);
    return 0;
}

/* Bundles: each connection's open bundles, kept with the connection
 * (ofconn_set_aux()).  Only flow_mods may be bundled; they are decoded and
 * checked when added and applied in one transaction at commit. */
struct bundle_msg {
    struct list node;
    struct buffer *raw;             /* The inner flow_mod, checked when it
                                     * was added, for errors at commit. */
    struct rule *rule;              /* An add: its rule, made as the
                                     * message came (so that a commit has
                                     * only to insert), or NULL: decode
                                     * 'raw' again at commit. */
    uint32_t fm_flags;              /* The add's OFP_FF_* flags. */
};

struct bundle {
    struct list node;
    uint32_t id;
    uint16_t flags;
    bool closed;
    struct list msgs;               /* struct bundle_msg. */
};

struct bundles {
    struct list list;               /* struct bundle. */
};

static void
bundle_free(struct bundle *b)
{
    struct bundle_msg *m;
    LIST_FOR_EACH_POP (m, node, &b->msgs) {
        buffer_delete(m->raw);
        tables_rule_discard(m->rule);
        free(m);
    }
    list_remove(&b->node);
    free(b);
}

static void
bundles_destroy(void *bundles_)
{
    struct bundles *bundles = bundles_;
    struct bundle *b;
    LIST_FOR_EACH_SAFE (b, node, &bundles->list) {
        bundle_free(b);
    }
    free(bundles);
}

static struct bundles *
ofconn_bundles(struct ofconn *ofconn)
{
    struct bundles *bundles = ofconn_get_aux(ofconn);
    if (!bundles) {
        bundles = xmalloc(sizeof *bundles);
        list_init(&bundles->list);
        ofconn_set_aux(ofconn, bundles, bundles_destroy);
    }
    return bundles;
}

static struct bundle *
bundle_find(struct bundles *bundles, uint32_t id)
{
    struct bundle *b;
    LIST_FOR_EACH (b, node, &bundles->list) {
        if (b->id == id) {
            return b;
        }
    }
    return NULL;
}

/* Applies bundle B in one transaction.  On failure sends the error of the
 * failing message and returns OFPBFC_MSG_FAILED. */
static enum ofperr
bundle_commit(struct ofproto *ofproto, struct ofconn *ofconn,
              struct bundle *b)
{
    COVERAGE_INC(ofproto_bundle_commit);
    struct tables_txn txn;
    struct bundle_msg *m;
    enum ofperr error = 0;

    struct buffer ofpacts;
    buffer_init(&ofpacts, 256);
    tables_lock(&ofproto->tables);
    tables_txn_begin(&txn, &ofproto->tables);
    LIST_FOR_EACH (m, node, &b->msgs) {
        if (m->rule) {
            /* Its groups and meters may have gone since it came. */
            const struct rule_actions *a = rule_get_actions(m->rule);
            struct rule *rule = m->rule;
            m->rule = NULL;
            error = check_groups_and_meters(ofproto, a->ofpacts, a->len);
            if (error) {
                tables_rule_discard(rule);
            } else {
                error = tables_txn_add_rule(&txn, rule, m->fm_flags);
            }
        } else {
            struct ofp_flow_mod fm;
            buffer_clear(&ofpacts);
            error = decode_flow_mod(ofproto, ofconn, m->raw->data, &fm,
                                    &ofpacts);
            if (!error) {
                error = tables_txn_flow_mod(&txn, &fm);
            }
        }
        if (error) {
            ofconn_send_error(ofconn, m->raw->data, error);
            break;
        }
    }
    buffer_uninit(&ofpacts);
    if (error) {
        tables_txn_abort(&txn);
    } else {
        tables_txn_commit(&txn);
    }
    tables_unlock(&ofproto->tables);
    return error ? OFPERR_OFPBFC_MSG_FAILED : 0;
}

static enum ofperr
handle_bundle_control(struct ofproto *ofproto, struct ofconn *ofconn,
                      const struct ofp_header *oh)
{
    struct ofp_bundle_ctrl bc;
    enum ofperr error = ofp_decode_bundle_ctrl(oh, &bc);
    if (error) {
        return error;
    }
    struct bundles *bundles = ofconn_bundles(ofconn);
    struct bundle *b = bundle_find(bundles, bc.bundle_id);
    struct ofp_bundle_ctrl reply = { .bundle_id = bc.bundle_id,
                                     .flags = bc.flags };

    switch (bc.type) {
    case OFPBCT_OPEN_REQUEST:
        if (b) {
            bundle_free(b);
            return OFPERR_OFPBFC_BAD_ID;
        }
        b = xzalloc(sizeof *b);
        b->id = bc.bundle_id;
        b->flags = bc.flags;
        list_init(&b->msgs);
        list_push_back(&bundles->list, &b->node);
        reply.type = OFPBCT_OPEN_REPLY;
        break;
    case OFPBCT_CLOSE_REQUEST:
        if (!b) {
            return OFPERR_OFPBFC_BAD_ID;
        } else if (b->closed) {
            bundle_free(b);
            return OFPERR_OFPBFC_BUNDLE_CLOSED;
        }
        b->closed = true;
        reply.type = OFPBCT_CLOSE_REPLY;
        break;
    case OFPBCT_COMMIT_REQUEST:
        if (!b) {
            return OFPERR_OFPBFC_BAD_ID;
        }
        error = bundle_commit(ofproto, ofconn, b);
        bundle_free(b);
        if (error) {
            return error;
        }
        reply.type = OFPBCT_COMMIT_REPLY;
        break;
    case OFPBCT_DISCARD_REQUEST:
        if (!b) {
            return OFPERR_OFPBFC_BAD_ID;
        }
        bundle_free(b);
        reply.type = OFPBCT_DISCARD_REPLY;
        break;
    case OFPBCT_OPEN_REPLY:
    case OFPBCT_CLOSE_REPLY:
    case OFPBCT_COMMIT_REPLY:
    case OFPBCT_DISCARD_REPLY:
    default:
        return OFPERR_OFPBFC_BAD_TYPE;
    }
    ofconn_send_reply(ofconn,
                      ofp_encode_bundle_ctrl(&reply, oh->version, oh->xid));
    return 0;
}

static enum ofperr
handle_bundle_add(struct ofproto *ofproto, struct ofconn *ofconn,
                  const struct ofp_header *oh)
{
    struct ofp_bundle_add ba;
    enum ofptype inner;
    enum ofperr error = ofp_decode_bundle_add(oh, &ba, &inner);
    if (error) {
        return error;
    }
    struct bundles *bundles = ofconn_bundles(ofconn);
    struct bundle *b = bundle_find(bundles, ba.bundle_id);
    if (!b) {
        /* An add to a bundle that is not open implicitly opens it. */
        b = xzalloc(sizeof *b);
        b->id = ba.bundle_id;
        b->flags = ba.flags;
        list_init(&b->msgs);
        list_push_back(&bundles->list, &b->node);
    } else if (b->closed) {
        bundle_free(b);
        return OFPERR_OFPBFC_BUNDLE_CLOSED;
    } else if (b->flags != ba.flags) {
        bundle_free(b);
        return OFPERR_OFPBFC_BAD_FLAGS;
    }
    if (inner != OFPTYPE_FLOW_MOD) {
        return OFPERR_OFPBFC_MSG_UNSUP;
    }
    error = reject_secondary(ofconn);
    if (error) {
        return error;
    }

    /* Check the flow_mod now, so that the add-message gets its error, and
     * make an add's rule now, while the controller is still sending. */
    struct ofp_flow_mod fm;
    struct buffer ofpacts;
    struct rule *rule = NULL;
    buffer_init(&ofpacts, 256);
    error = decode_flow_mod(ofproto, ofconn, ba.msg, &fm, &ofpacts);
    if (!error && fm.command == OFPFC_ADD) {
        rule = tables_rule_prepare(&fm, &error);
    }
    buffer_uninit(&ofpacts);
    if (error) {
        return error;
    }

    struct bundle_msg *m = xmalloc(sizeof *m);
    m->raw = buffer_clone_data_with_headroom(ba.msg, ntohs(ba.msg->length),
                                             0);
    m->rule = rule;
    m->fm_flags = fm.flags;
    list_push_back(&b->msgs, &m->node);
    return 0;
}

static enum ofperr
handle_group_mod(struct ofproto *ofproto, struct ofconn *ofconn,
                 const struct ofp_header *oh)
{
    enum ofperr error = reject_secondary(ofconn);
    return error ? error : groups_handle_mod(ofproto, oh);
}

static enum ofperr
handle_meter_mod(struct ofproto *ofproto, struct ofconn *ofconn,
                 const struct ofp_header *oh)
{
    enum ofperr error = reject_secondary(ofconn);
    return error ? error : meters_handle_mod(ofproto, oh);
}

/* Table-mod: the settings are accepted and ignored (Sluice's tables have
 * no eviction or vacancy events, and OpenFlow 1.3 deprecated the miss
 * config), except for table 254, which as in Open vSwitch may not be
 * configured. */
static enum ofperr
handle_table_mod(struct ofconn *ofconn, const struct ofp_header *oh)
{
    struct ofp_table_mod tm;
    struct buffer b;
    enum ofpraw raw;

    enum ofperr error = reject_secondary(ofconn);
    if (error) {
        return error;
    }
    buffer_use_const(&b, oh, ntohs(oh->length));
    error = ofpraw_pull(&raw, &b);
    if (!error) {
        error = ofp_table_mod_decode(&b, oh->version, &tm);
    }
    if (!error && tm.table_id == OFTABLES_N - 1) {
        error = OFPERR_OFPTMFC_EPERM;
    }
    return error;
}

/* Handles OH, received on OFCONN, and returns 0 or the error to send
 * back. */
static enum ofperr
handle_openflow__(struct ofproto *ofproto, struct ofconn *ofconn,
                  const struct ofp_header *oh)
{
    enum ofptype type;
    enum ofperr error = ofptype_decode(&type, oh);
    if (error) {
        return error;
    }

    switch (type) {
    case OFPTYPE_BARRIER_REQUEST:
        return handle_barrier(ofconn, oh);
    case OFPTYPE_FEATURES_REQUEST:
        return handle_features_request(ofproto, ofconn, oh);
    case OFPTYPE_GET_CONFIG_REQUEST:
        return handle_get_config(ofproto, ofconn, oh);
    case OFPTYPE_SET_CONFIG:
        return handle_set_config(ofproto, ofconn, oh);
    case OFPTYPE_DESC_STATS_REQUEST:
        return handle_desc_stats(ofproto, ofconn, oh);
    case OFPTYPE_ROLE_REQUEST:
        return handle_role_request(ofconn, oh);
    case OFPTYPE_GET_ASYNC_REQUEST:
        return handle_get_async(ofconn, oh);
    case OFPTYPE_SET_ASYNC_CONFIG:
        return handle_set_async(ofconn, oh);
    case OFPTYPE_SET_CONTROLLER_ID:
        return handle_set_controller_id(ofconn, oh);
    case OFPTYPE_PORT_DESC_STATS_REQUEST:
        return handle_port_desc_stats(ofproto, ofconn, oh);
    case OFPTYPE_PORT_STATS_REQUEST:
        return handle_port_stats(ofproto, ofconn, oh);
    case OFPTYPE_PORT_MOD:
        return handle_port_mod(ofproto, oh);
    case OFPTYPE_TABLE_STATS_REQUEST:
        return handle_table_stats(ofproto, ofconn, oh);
    case OFPTYPE_TABLE_FEATURES_STATS_REQUEST:
        return handle_table_features(ofproto, ofconn, oh);
    case OFPTYPE_FLOW_MOD:
        return handle_flow_mod(ofproto, ofconn, oh);
    case OFPTYPE_PACKET_OUT:
        return handle_packet_out(ofproto, ofconn, oh);
    case OFPTYPE_GROUP_MOD:
        return handle_group_mod(ofproto, ofconn, oh);
    case OFPTYPE_METER_MOD:
        return handle_meter_mod(ofproto, ofconn, oh);
    case OFPTYPE_GROUP_STATS_REQUEST:
        return groups_handle_stats(ofproto, ofconn, oh);
    case OFPTYPE_GROUP_DESC_STATS_REQUEST:
        return groups_handle_desc(ofproto, ofconn, oh);
    case OFPTYPE_GROUP_FEATURES_STATS_REQUEST:
        return groups_handle_features(ofconn, oh);
    case OFPTYPE_METER_STATS_REQUEST:
        return meters_handle_stats(ofproto, ofconn, oh);
    case OFPTYPE_METER_CONFIG_STATS_REQUEST:
        return meters_handle_config(ofproto, ofconn, oh);
    case OFPTYPE_METER_FEATURES_STATS_REQUEST:
        return meters_handle_features(ofconn, oh);
    case OFPTYPE_TABLE_MOD:
        return handle_table_mod(ofconn, oh);
    case OFPTYPE_BUNDLE_CONTROL:
        return handle_bundle_control(ofproto, ofconn, oh);
    case OFPTYPE_BUNDLE_ADD_MESSAGE:
        return handle_bundle_add(ofproto, ofconn, oh);
    case OFPTYPE_FLOW_STATS_REQUEST:
    case OFPTYPE_AGGREGATE_STATS_REQUEST:
        return handle_flow_stats(ofproto, ofconn, oh);
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
        COVERAGE_INC(ofproto_error_reply);
        ofconn_send_error(ofconn, oh, error);
    }
}
