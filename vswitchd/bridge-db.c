/* bridge-db: bridges configured from the database.  See bridge-db.h. */

#include <config.h>
#include "bridge-db.h"

#include "datapath/dpdk.h"
#include "datapath/netdev.h"
#include "ofproto/connmgr.h"
#include "ofproto/ofproto.h"
#include "ovsdb/ovsdb-data.h"
#include "ovsdb/ovsdb-db.h"
#include "ovsdb/ovsdb-error.h"
#include "ovsdb/ovsdb-idl.h"
#include "ovsdb/ovsdb-schema.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "dynamic-string.h"
#include "json.h"
#include "ofp-protocol.h"
#include "openflow.h"
#include "packets.h"
#include "poll-loop.h"
#include "shash.h"
#include "smap.h"
#include "timeval.h"
#include "util.h"
#include "uuid.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(bridge_db);

/* How often interface statistics are written (Open vSwitch's default
 * other_config:stats-update-interval). */
#define STATS_INTERVAL_MSEC 5000

/* How often the rest of the status (link state...) is looked at. */
#define STATUS_INTERVAL_MSEC 1000

/* How long an interface that could not be set up waits before the next
 * attempt, unless its configuration changes first (a device may appear
 * later, as a guest's socket or a kernel interface does). */
#define RETRY_INTERVAL_MSEC 10000

/* An interface, as it was last applied. */
struct iface {
    char *name;
    char *type;
    struct smap options;
    int64_t ofport_request;     /* 0: none. */
    int64_t mtu_request;        /* 0: none. */
    uint32_t ofp_port;          /* 0: not set up (see 'error'). */
    char *error;                /* Why it is not set up, or null. */
    long long retry_at;         /* When to try again to set it up. */
    bool config_error;          /* 'error' is the configuration's own. */
    char *vlan;                 /* The Port's VLAN settings, as text. */
    bool seen;                  /* Scratch, for reconfiguration. */
};

/* A bridge made from a Bridge row. */
struct bridge {
    char *name;
    struct ofproto *ofproto;
    struct shash ifaces;        /* Name -> struct iface. */
    char *controllers;          /* Controller settings, as text. */
    int fail_mode;              /* enum ofproto_fail_mode, -1: not set. */
    bool seen;                  /* Scratch, for reconfiguration. */
};

static struct ovsdb_idl *idl;
static struct smap cmdline_config = SMAP_INITIALIZER(&cmdline_config);
static struct smap applied_dp_config = SMAP_INITIALIZER(&applied_dp_config);
static struct shash bridges = SHASH_INITIALIZER(&bridges);
static uint64_t applied_seqno;     /* Of the replica last applied. */
static int64_t applied_cfg;        /* next_cfg of that configuration. */
static bool status_dirty;          /* Status may differ from the db's. */
static bool status_in_flight;      /* A status transaction is pending. */
static long long next_status;      /* time_msec() of the next check. */
static long long next_stats;       /* time_msec() of the next stats. */
static long long next_retry = LLONG_MAX;   /* Of a failed interface. */

void
bridge_db_init(const char *remote)
{
    idl = ovsdb_idl_create(remote, "Open_vSwitch");
}

void
bridge_db_get_dpdk_config(struct smap *config)
{
    smap_destroy(&cmdline_config);
    smap_clone(&cmdline_config, config);
    bool waiting_logged = false;
    long long start = time_msec();
    for (;;) {
        ovsdb_idl_run(idl);
        const struct ovsdb *db = ovsdb_idl_get_db(idl);
        if (db) {
            const struct ovsdb_row *ovs = ovsdb_idl_first_row(
                db, "Open_vSwitch");
            if (ovs) {
                struct smap other = SMAP_INITIALIZER(&other);
                ovsdb_idl_row_get_smap(ovs, "other_config", &other);
                struct smap_node *node;
                SMAP_FOR_EACH (node, &other) {
                    smap_add_once(config, node->key, node->value);
                }
                smap_destroy(&other);
                smap_destroy(&applied_dp_config);
                smap_clone(&applied_dp_config, config);
            }
            return;
        }
        if (!waiting_logged && time_msec() - start > 2000) {
            VLOG_INFO("waiting for the database (%s)",
                      sluice_strerror(ovsdb_idl_get_last_error(idl)));
            waiting_logged = true;
        }
        ovsdb_idl_wait(idl);
        poll_block();
    }
}

/* Reading the configuration. */

static void
iface_destroy(struct iface *iface)
{
    free(iface->name);
    free(iface->type);
    smap_destroy(&iface->options);
    free(iface->error);
    free(iface->vlan);
    free(iface);
}

/* Removes IFACE's port from BR, if it has one. */
static void
iface_unplug(struct bridge *br, struct iface *iface)
{
    if (iface->ofp_port && iface->ofp_port != OFPP_LOCAL) {
        ofproto_port_del(br->ofproto, iface->ofp_port);
    }
    iface->ofp_port = 0;
}

static void
bridge_destroy(struct bridge *br)
{
    struct shash_node *node;
    SHASH_FOR_EACH_SAFE (node, &br->ifaces) {
        iface_destroy(node->data);
        shash_delete(&br->ifaces, node);
    }
    shash_destroy(&br->ifaces);
    ofproto_destroy(br->ofproto);
    VLOG_INFO("deleted bridge %s", br->name);
    free(br->name);
    free(br->controllers);
    free(br);
}

/* The desired configuration of one interface, read from the database. */
struct iface_cfg {
    const struct ovsdb_row *row;
    const char *name;
    const char *type;
    struct smap options;
    int64_t ofport_request;
    int64_t mtu_request;
    char *vlan;                 /* "vlan_mode|tag|trunks", to compare. */
    struct port_vlan_config vlan_config;    /* Parsed, unless vlan_error. */
    char *vlan_error;           /* Why the VLAN settings are wrong. */
    char *error;                /* A configuration error, or null. */
};

/* Formats the integers of COLUMN of ROW, separated by commas. */
static void
format_integers(const struct ovsdb_row *row, const char *column,
                struct ds *ds)
{
    const struct ovsdb_datum *d = ovsdb_idl_row_get_datum(row, column);
    for (size_t i = 0; i < d->n; i++) {
        ds_put_format(ds, "%s%"PRId64, i ? "," : "", d->keys[i].integer);
    }
}

static void
iface_cfg_read(struct iface_cfg *cfg, const struct ovsdb_row *port,
               const struct ovsdb_row *row, size_t n_ifaces)
{
    cfg->row = row;
    cfg->name = ovsdb_idl_row_get_string(row, "name");
    cfg->type = ovsdb_idl_row_get_string(row, "type");
    if (!cfg->type || !*cfg->type) {
        cfg->type = "system";
    }
    smap_init(&cfg->options);
    ovsdb_idl_row_get_smap(row, "options", &cfg->options);
    if (!ovsdb_idl_row_get_integer(row, "ofport_request",
                                   &cfg->ofport_request)) {
        cfg->ofport_request = 0;
    }
    if (!ovsdb_idl_row_get_integer(row, "mtu_request", &cfg->mtu_request)) {
        cfg->mtu_request = 0;
    }

    struct ds tag = DS_EMPTY_INITIALIZER;
    struct ds trunks = DS_EMPTY_INITIALIZER;
    const char *mode = ovsdb_idl_row_get_string(port, "vlan_mode");
    format_integers(port, "tag", &tag);
    format_integers(port, "trunks", &trunks);
    cfg->vlan = xasprintf("%s|%s|%s", mode ? mode : "", ds_cstr(&tag),
                          ds_cstr(&trunks));
    cfg->vlan_error = port_vlan_config_parse(mode, ds_cstr(&tag),
                                             ds_cstr(&trunks),
                                             &cfg->vlan_config);
    ds_destroy(&tag);
    ds_destroy(&trunks);

    cfg->error = (n_ifaces > 1
                  ? xasprintf("port %s: bonds of several interfaces are not "
                              "implemented yet",
                              ovsdb_idl_row_get_string(port, "name"))
                  : NULL);
}

static void
iface_cfg_destroy(struct iface_cfg *cfg)
{
    smap_destroy(&cfg->options);
    free(cfg->vlan);
    free(cfg->vlan_config.trunks);    /* Null after an error. */
    free(cfg->vlan_error);
    free(cfg->error);
}

/* Applies CFG's VLAN settings to IFACE's port.  Returns null or an error
 * message. */
static char *
apply_vlan(struct bridge *br, struct iface *iface,
           const struct iface_cfg *cfg)
{
    if (cfg->vlan_error) {
        return xstrdup(cfg->vlan_error);
    }
    ofproto_port_set_vlan(br->ofproto, iface->ofp_port, &cfg->vlan_config);
    return NULL;
}

/* Sets up IFACE (new, or re-created) in BR from CFG. */
static void
iface_plug(struct bridge *br, struct iface *iface, const struct iface_cfg *cfg)
{
    free(iface->error);
    iface->error = NULL;
    free(iface->vlan);
    iface->vlan = NULL;

    iface->config_error = cfg->error != NULL;
    if (cfg->error) {
        iface->error = xstrdup(cfg->error);
        return;
    }
    if (!strcmp(cfg->name, br->name)) {
        if (strcmp(cfg->type, "internal")) {
            iface->error = xasprintf("%s: the interface named like its "
                                     "bridge must be of type internal",
                                     cfg->name);
            return;
        }
        iface->ofp_port = OFPP_LOCAL;
    } else {
        uint32_t ofp_port = (cfg->ofport_request > 0
                             && cfg->ofport_request < OFPP_MAX
                             ? cfg->ofport_request : 0);
        char *error;
        if (ofproto_port_add(br->ofproto, cfg->name, cfg->type,
                             &cfg->options, &ofp_port, &error)) {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);
            VLOG_WARN_RL(&rl, "%s: could not add interface %s: %s",
                         br->name, cfg->name, error);
            iface->error = error;
            iface->retry_at = time_msec() + RETRY_INTERVAL_MSEC;
            if (iface->retry_at < next_retry) {
                next_retry = iface->retry_at;
            }
            return;
        }
        iface->ofp_port = ofp_port;
    }

    iface->error = apply_vlan(br, iface, cfg);
    if (iface->error) {
        iface_unplug(br, iface);
        return;
    }
    iface->vlan = xstrdup(cfg->vlan);
}

/* Makes IFACE match CFG: re-creates its port if its device settings
 * changed, else updates what can change in place. */
static void
iface_reconfigure(struct bridge *br, struct iface *iface,
                  const struct iface_cfg *cfg)
{
    bool recreate = (strcmp(iface->type, cfg->type)
                     || !smap_equal(&iface->options, &cfg->options)
                     || iface->ofport_request != cfg->ofport_request
                     || (cfg->error != NULL) != iface->config_error
                     || (!iface->ofp_port && !cfg->error
                         && time_msec() >= iface->retry_at));
    if (recreate) {
        iface_unplug(br, iface);
        free(iface->type);
        iface->type = xstrdup(cfg->type);
        smap_destroy(&iface->options);
        smap_clone(&iface->options, &cfg->options);
        iface->ofport_request = cfg->ofport_request;
        iface->mtu_request = 0;
        iface_plug(br, iface, cfg);
    } else if (iface->ofp_port && strcmp(iface->vlan, cfg->vlan)) {
        char *error = apply_vlan(br, iface, cfg);
        if (error) {
            iface_unplug(br, iface);
            free(iface->error);
            iface->error = error;
        } else {
            free(iface->vlan);
            iface->vlan = xstrdup(cfg->vlan);
        }
    }

    if (!iface->ofp_port && !cfg->error && iface->retry_at < next_retry) {
        next_retry = iface->retry_at;
    }

    if (iface->ofp_port && cfg->mtu_request != iface->mtu_request) {
        bool up;
        struct netdev *netdev = ofproto_port_get_netdev(br->ofproto,
                                                        iface->ofp_port, &up);
        if (netdev && cfg->mtu_request > 0) {
            int error = netdev_set_mtu(netdev, cfg->mtu_request);
            if (error) {
                VLOG_WARN("%s: could not set MTU %"PRId64" (%s)",
                          cfg->name, cfg->mtu_request,
                          sluice_strerror(error));
            }
        }
        iface->mtu_request = cfg->mtu_request;
    }
}

/* Formats BR_ROW's controllers' settings as text, so that a change is
 * noticed by comparing strings, and fills CS (room for N). */
static char *
read_controllers(const struct ovsdb *db, const struct ovsdb_row *br_row,
                 struct connmgr_controller **csp, size_t *np)
{
    size_t n;
    const struct ovsdb_row **rows = ovsdb_idl_row_get_refs(db, br_row,
                                                          "controller", &n);
    uint32_t versions = 0;
    const struct ovsdb_datum *protocols = ovsdb_idl_row_get_datum(
        br_row, "protocols");
    for (size_t i = 0; i < protocols->n; i++) {
        enum ofp_version v;
        if (ofp_version_from_string(protocols->keys[i].string, &v)) {
            versions |= 1u << v;
        }
    }

    struct ds s = DS_EMPTY_INITIALIZER;
    struct connmgr_controller *cs = xcalloc(n ? n : 1, sizeof *cs);
    for (size_t i = 0; i < n; i++) {
        int64_t v;
        cs[i].target = ovsdb_idl_row_get_string(rows[i], "target");
        if (ovsdb_idl_row_get_integer(rows[i], "inactivity_probe", &v)) {
            cs[i].probe_interval_ms = v > 0 && v < INT32_MAX ? v : 0;
        }
        if (ovsdb_idl_row_get_integer(rows[i], "max_backoff", &v)) {
            cs[i].max_backoff_ms = v > 0 && v < INT32_MAX ? v : 0;
        }
        if (ovsdb_idl_row_get_integer(rows[i], "controller_rate_limit",
                                      &v)) {
            cs[i].rate_limit = v > 0 && v < INT32_MAX ? v : 0;
        }
        if (ovsdb_idl_row_get_integer(rows[i], "controller_burst_limit",
                                      &v)) {
            cs[i].burst_limit = v > 0 && v < INT32_MAX ? v : 0;
        }
        cs[i].allowed_versions = versions;
        ds_put_format(&s, "%s,%d,%d,%d,%d,%"PRIu32";", cs[i].target,
                      cs[i].probe_interval_ms, cs[i].max_backoff_ms,
                      cs[i].rate_limit, cs[i].burst_limit, versions);
    }
    free(rows);
    *csp = cs;
    *np = n;
    return ds_steal_cstr(&s);
}

static void
bridge_reconfigure_controllers(struct bridge *br, const struct ovsdb *db,
                               const struct ovsdb_row *br_row)
{
    struct connmgr_controller *cs;
    size_t n;
    char *text = read_controllers(db, br_row, &cs, &n);
    if (!br->controllers || strcmp(text, br->controllers)) {
        ofproto_set_controllers(br->ofproto, cs, n);
        free(br->controllers);
        br->controllers = text;
    } else {
        free(text);
    }
    free(cs);

    /* other_config:datapath-id, 16 hex digits as in Open vSwitch. */
    struct smap other = SMAP_INITIALIZER(&other);
    ovsdb_idl_row_get_smap(br_row, "other_config", &other);
    const char *dpid_s = smap_get(&other, "datapath-id");
    uint64_t dpid = 0;
    if (dpid_s) {
        const char *hex = (!strncmp(dpid_s, "0x", 2) ? dpid_s + 2 : dpid_s);
        char *end;
        unsigned long long v = strtoull(hex, &end, 16);
        if (strlen(hex) != 16 || *end || !v) {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
            VLOG_WARN_RL(&rl, "%s: other_config:datapath-id \"%s\" is not "
                         "16 hex digits (and not 0); ignored", br->name,
                         dpid_s);
        } else {
            dpid = v;
        }
    }
    ofproto_set_datapath_id(br->ofproto, dpid);
    smap_destroy(&other);

    const char *fm = ovsdb_idl_row_get_string(br_row, "fail_mode");
    int mode = (fm && !strcmp(fm, "secure")
                ? OFPROTO_FAIL_SECURE : OFPROTO_FAIL_STANDALONE);
    if (mode != br->fail_mode) {
        ofproto_set_fail_mode(br->ofproto, mode);
        br->fail_mode = mode;
    }
}

/* Reads the interfaces that BR_ROW wants into CFGS (name -> struct
 * iface_cfg), the first of each name winning. */
static void
read_ifaces(const struct ovsdb *db, const struct ovsdb_row *br_row,
            struct shash *cfgs)
{
    size_t n_ports;
    const struct ovsdb_row **ports = ovsdb_idl_row_get_refs(db, br_row,
                                                           "ports", &n_ports);
    for (size_t i = 0; i < n_ports; i++) {
        size_t n;
        const struct ovsdb_row **ifaces = ovsdb_idl_row_get_refs(
            db, ports[i], "interfaces", &n);
        for (size_t j = 0; j < n; j++) {
            struct iface_cfg *cfg = xzalloc(sizeof *cfg);
            iface_cfg_read(cfg, ports[i], ifaces[j], n);
            if (!shash_add_once(cfgs, cfg->name, cfg)) {
                VLOG_WARN("%s: interface %s appears twice; ignoring one",
                          ovsdb_idl_row_get_string(br_row, "name"),
                          cfg->name);
                iface_cfg_destroy(cfg);
                free(cfg);
            }
        }
        free(ifaces);
    }
    free(ports);
}

static void
free_cfgs(struct shash *cfgs)
{
    struct shash_node *node;
    SHASH_FOR_EACH_SAFE (node, cfgs) {
        iface_cfg_destroy(node->data);
        free(node->data);
        shash_delete(cfgs, node);
    }
    shash_destroy(cfgs);
}

/* Applies Open_vSwitch:other_config's datapath settings (under those of
 * the command line) if they changed.  DPDK's own (dpdk-...) take effect
 * only at the next start, as in Open vSwitch. */
static void
reconfigure_datapath(const struct ovsdb_row *ovs)
{
    struct smap config = SMAP_INITIALIZER(&config);
    smap_clone(&config, &cmdline_config);
    if (ovs) {
        struct smap other = SMAP_INITIALIZER(&other);
        ovsdb_idl_row_get_smap(ovs, "other_config", &other);
        struct smap_node *node;
        SMAP_FOR_EACH (node, &other) {
            smap_add_once(&config, node->key, node->value);
        }
        smap_destroy(&other);
    }
    if (!smap_equal(&config, &applied_dp_config)) {
        char *error;
        if (ofproto_set_datapath_config(&config, &error)) {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
            VLOG_WARN_RL(&rl, "Open_vSwitch:other_config: %s", error);
            free(error);
        } else {
            VLOG_INFO("applied the datapath settings of "
                      "Open_vSwitch:other_config");
        }
        smap_swap(&config, &applied_dp_config);
    }
    smap_destroy(&config);
}

/* Makes the bridges what DB says. */
static void
reconfigure(const struct ovsdb *db)
{
    const struct ovsdb_row *ovs = ovsdb_idl_first_row(db, "Open_vSwitch");
    reconfigure_datapath(ovs);
    size_t n_br = 0;
    const struct ovsdb_row **br_rows = (ovs
                                        ? ovsdb_idl_row_get_refs(
                                            db, ovs, "bridges", &n_br)
                                        : NULL);

    /* What every bridge wants. */
    struct shash wanted = SHASH_INITIALIZER(&wanted);
    struct shash *cfgs = xcalloc(n_br ? n_br : 1, sizeof *cfgs);
    for (size_t i = 0; i < n_br; i++) {
        const char *name = ovsdb_idl_row_get_string(br_rows[i], "name");
        shash_init(&cfgs[i]);
        if (!shash_add_once(&wanted, name, &cfgs[i])) {
            continue;
        }
        read_ifaces(db, br_rows[i], &cfgs[i]);
    }

    /* First remove what is no longer wanted, everywhere, so that an
     * interface can move from one bridge to another. */
    struct shash_node *node;
    SHASH_FOR_EACH_SAFE (node, &bridges) {
        struct bridge *br = node->data;
        struct shash *want = shash_find_data(&wanted, br->name);
        if (!want) {
            shash_delete(&bridges, node);
            bridge_destroy(br);
            continue;
        }
        struct shash_node *inode;
        SHASH_FOR_EACH_SAFE (inode, &br->ifaces) {
            struct iface *iface = inode->data;
            if (!shash_find(want, iface->name)) {
                iface_unplug(br, iface);
                VLOG_INFO("%s: removed interface %s", br->name,
                          iface->name);
                iface_destroy(iface);
                shash_delete(&br->ifaces, inode);
            }
        }
    }

    /* Then create and change, with the new ports joining the datapath's
     * threads together at the end. */
    ofproto_defer_port_reloads(true);
    for (size_t i = 0; i < n_br; i++) {
        const char *name = ovsdb_idl_row_get_string(br_rows[i], "name");
        struct shash *want = shash_find_data(&wanted, name);
        if (want != &cfgs[i]) {
            continue;           /* A duplicate name. */
        }
        struct bridge *br = shash_find_data(&bridges, name);
        if (!br) {
            struct ofproto *ofproto;
            char *error;
            if (ofproto_create(name, &ofproto, &error)) {
                VLOG_WARN("could not create bridge %s: %s", name, error);
                free(error);
                continue;
            }
            br = xzalloc(sizeof *br);
            br->name = xstrdup(name);
            br->ofproto = ofproto;
            br->fail_mode = -1;
            shash_init(&br->ifaces);
            shash_add(&bridges, name, br);
            VLOG_INFO("created bridge %s", name);
        }
        bridge_reconfigure_controllers(br, db, br_rows[i]);

        /* Sorted, so that ports without an ofport_request get their
         * numbers in a predictable order. */
        const struct shash_node **sorted = shash_sort(want);
        for (size_t j = 0; j < shash_count(want); j++) {
            const struct iface_cfg *cfg = sorted[j]->data;
            struct iface *iface = shash_find_data(&br->ifaces, cfg->name);
            if (!iface) {
                iface = xzalloc(sizeof *iface);
                iface->name = xstrdup(cfg->name);
                iface->type = xstrdup(cfg->type);
                smap_clone(&iface->options, &cfg->options);
                iface->ofport_request = cfg->ofport_request;
                shash_add(&br->ifaces, cfg->name, iface);
                iface_plug(br, iface, cfg);
            }
            iface_reconfigure(br, iface, cfg);
        }
        free(sorted);
    }
    ofproto_defer_port_reloads(false);

    for (size_t i = 0; i < n_br; i++) {
        free_cfgs(&cfgs[i]);
    }
    free(cfgs);
    shash_destroy(&wanted);
    free(br_rows);

    int64_t next_cfg = 0;
    if (ovs) {
        ovsdb_idl_row_get_integer(ovs, "next_cfg", &next_cfg);
    }
    applied_cfg = next_cfg;
    status_dirty = true;
}

/* Writing status. */

/* Adds "COLUMN": VALUE to ROW_JSON if VALUE (taken over, RFC 7047 JSON of
 * the column's type) differs from what ROW holds. */
static void
put_if_changed(struct json *row_json, const struct ovsdb_row *row,
               const char *column, struct json *value)
{
    const struct ovsdb_column *c = ovsdb_table_schema_find_column(
        row->table->schema, column);
    if (!c) {
        json_destroy(value);
        return;
    }
    struct ovsdb_datum datum;
    struct ovsdb_error *error = ovsdb_datum_from_json(&datum, &c->type,
                                                      value, NULL);
    if (error) {
        char *s = ovsdb_error_to_string(error);
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
        VLOG_WARN_RL(&rl, "%s.%s: cannot write status (%s)",
                     row->table->schema->name, column, s);
        free(s);
        ovsdb_error_destroy(error);
        json_destroy(value);
        return;
    }
    if (!ovsdb_datum_equals(&datum, &row->fields[c->index], &c->type)) {
        json_object_put(row_json, column, value);
    } else {
        json_destroy(value);
    }
    ovsdb_datum_destroy(&datum, &c->type);
}

static struct json *
set_json(struct json *elems)
{
    return json_array_create_2(json_string_create("set"), elems);
}

static void
add_update(struct json *ops, const struct ovsdb_row *row, struct json *cols)
{
    if (shash_is_empty(json_object(cols))) {
        json_destroy(cols);
        return;
    }
    char uuid[UUID_STRING_SIZE];
    uuid_to_string(ovsdb_row_get_uuid(row), uuid);
    struct json *op = json_object_create();
    json_object_put_string(op, "op", "update");
    json_object_put_string(op, "table", row->table->schema->name);
    json_object_put(op, "where", json_array_create_1(json_array_create_3(
        json_string_create("_uuid"), json_string_create("=="),
        json_array_create_2(json_string_create("uuid"),
                            json_string_create(uuid)))));
    json_object_put(op, "row", cols);
    json_array_add(ops, op);
}

static void
iface_status(const struct bridge *br, const struct iface *iface,
             const struct ovsdb_row *row, bool stats, struct json *ops)
{
    struct json *cols = json_object_create();
    /* The database numbers ports as OpenFlow 1.0 does (LOCAL is 65534). */
    int64_t ofport = (!iface->ofp_port ? -1
                      : iface->ofp_port == OFPP_LOCAL ? 65534
                      : (int64_t) iface->ofp_port);
    put_if_changed(cols, row, "ofport", json_integer_create(ofport));
    put_if_changed(cols, row, "error",
                   iface->error ? json_string_create(iface->error)
                                : set_json(json_array_create_empty()));

    bool admin_up = false;
    struct netdev *netdev = (iface->ofp_port
                             ? ofproto_port_get_netdev(br->ofproto,
                                                       iface->ofp_port,
                                                       &admin_up)
                             : NULL);
    if (netdev) {
        put_if_changed(cols, row, "admin_state",
                       json_string_create(admin_up ? "up" : "down"));
        put_if_changed(cols, row, "link_state",
                       json_string_create(netdev_get_carrier(netdev)
                                          ? "up" : "down"));
        struct eth_addr mac;
        if (!netdev_get_etheraddr(netdev, &mac)) {
            put_if_changed(cols, row, "mac_in_use",
                           json_string_create_format(ETH_ADDR_FMT,
                                                     ETH_ADDR_ARGS(mac)));
        }
        int mtu;
        if (!netdev_get_mtu(netdev, &mtu)) {
            put_if_changed(cols, row, "mtu", json_integer_create(mtu));
        }
        struct netdev_stats s;
        if (stats && !netdev_get_stats(netdev, &s)) {
            struct json *pairs = json_array_create_empty();
            static const char *const names[] = {
                "rx_bytes", "rx_dropped", "rx_errors", "rx_packets",
                "tx_bytes", "tx_dropped", "tx_errors", "tx_packets",
            };
            const uint64_t values[] = {
                s.rx_bytes, s.rx_dropped, s.rx_errors, s.rx_packets,
                s.tx_bytes, s.tx_dropped, s.tx_errors, s.tx_packets,
            };
            for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
                json_array_add(pairs, json_array_create_2(
                                   json_string_create(names[i]),
                                   json_integer_create(values[i])));
            }
            put_if_changed(cols, row, "statistics", json_array_create_2(
                               json_string_create("map"), pairs));
        }
    } else {
        put_if_changed(cols, row, "admin_state",
                       set_json(json_array_create_empty()));
        put_if_changed(cols, row, "link_state",
                       set_json(json_array_create_empty()));
    }
    add_update(ops, row, cols);
}

static void
controller_status(const struct bridge *br, const struct ovsdb_row *row,
                  struct json *ops)
{
    const char *target = ovsdb_idl_row_get_string(row, "target");
    struct connmgr_controller_status st;
    if (!target || !ofproto_get_controller_status(br->ofproto, target,
                                                  &st)) {
        return;
    }
    struct json *cols = json_object_create();
    put_if_changed(cols, row, "is_connected",
                   json_boolean_create(st.is_connected));
    put_if_changed(cols, row, "role", json_string_create(st.role));
    struct json *pairs = json_array_create_empty();
    if (st.last_error) {
        json_array_add(pairs, json_array_create_2(
                           json_string_create("last_error"),
                           json_string_create(
                               st.last_error == EOF
                               ? "End of file"
                               : sluice_strerror(st.last_error))));
    }
    json_array_add(pairs, json_array_create_2(json_string_create("state"),
                                              json_string_create(st.state)));
    put_if_changed(cols, row, "status",
                   json_array_create_2(json_string_create("map"), pairs));
    add_update(ops, row, cols);
}

static void
status_reply(void *aux SLUICE_UNUSED, const struct json *result,
             const char *error)
{
    status_in_flight = false;
    if (error) {
        VLOG_WARN("writing status to the database failed: %s", error);
        status_dirty = true;
        return;
    }
    const struct json_array *a = json_array(result);
    for (size_t i = 0; i < a->n; i++) {
        const struct json *r = a->elems[i];
        const struct json *e = (r->type == JSON_OBJECT
                                ? json_object_get(r, "error") : NULL);
        if (e) {
            char *s = json_to_string(r, 0);
            VLOG_WARN("writing status to the database failed: %s", s);
            free(s);
            break;
        }
    }
}

/* Sends the status that differs from the replica's, with cur_cfg. */
static void
write_status(const struct ovsdb *db, bool stats)
{
    struct json *ops = json_array_create_empty();

    size_t n;
    const struct ovsdb_row **rows = ovsdb_idl_table_rows(db, "Bridge", &n);
    for (size_t i = 0; i < n; i++) {
        const struct bridge *br = shash_find_data(
            &bridges, ovsdb_idl_row_get_string(rows[i], "name"));
        if (!br) {
            continue;
        }
        struct json *cols = json_object_create();
        put_if_changed(cols, rows[i], "datapath_id",
                       json_string_create_format(
                           "%016"PRIx64,
                           ofproto_get_datapath_id(br->ofproto)));
        add_update(ops, rows[i], cols);

        size_t n_ctls;
        const struct ovsdb_row **ctls = ovsdb_idl_row_get_refs(
            db, rows[i], "controller", &n_ctls);
        for (size_t j = 0; j < n_ctls; j++) {
            controller_status(br, ctls[j], ops);
        }
        free(ctls);

        size_t n_ports;
        const struct ovsdb_row **ports = ovsdb_idl_row_get_refs(
            db, rows[i], "ports", &n_ports);
        for (size_t j = 0; j < n_ports; j++) {
            size_t n_ifaces;
            const struct ovsdb_row **ifaces = ovsdb_idl_row_get_refs(
                db, ports[j], "interfaces", &n_ifaces);
            for (size_t k = 0; k < n_ifaces; k++) {
                const struct iface *iface = shash_find_data(
                    &br->ifaces, ovsdb_idl_row_get_string(ifaces[k],
                                                          "name"));
                if (iface) {
                    iface_status(br, iface, ifaces[k], stats, ops);
                }
            }
            free(ifaces);
        }
        free(ports);
    }
    free(rows);

    const struct ovsdb_row *ovs = ovsdb_idl_first_row(db, "Open_vSwitch");
    if (ovs) {
        struct json *cols = json_object_create();
        put_if_changed(cols, ovs, "cur_cfg",
                       json_integer_create(applied_cfg));
        put_if_changed(cols, ovs, "dpdk_initialized",
                       json_boolean_create(dpdk_is_initialized()));
        put_if_changed(cols, ovs, "dpdk_version",
                       json_string_create(dpdk_get_version()));
        put_if_changed(cols, ovs, "datapath_types", set_json(
                           json_array_create_1(json_string_create("netdev"))));
        struct shash types = SHASH_INITIALIZER(&types);
        netdev_enumerate_types(&types);
        struct json *names = json_array_create_empty();
        struct shash_node *node;
        SHASH_FOR_EACH (node, &types) {
            json_array_add(names, json_string_create(node->name));
        }
        shash_destroy(&types);
        put_if_changed(cols, ovs, "iface_types", set_json(names));
        add_update(ops, ovs, cols);
    }

    if (json_array(ops)->n) {
        status_in_flight = ovsdb_idl_transact(idl, ops, status_reply, NULL);
    } else {
        json_destroy(ops);
    }
}

void
bridge_db_run(void)
{
    ovsdb_idl_run(idl);
    const struct ovsdb *db = ovsdb_idl_get_db(idl);
    if (!db) {
        return;
    }
    uint64_t seqno = ovsdb_idl_get_seqno(idl);
    if (seqno != applied_seqno || time_msec() >= next_retry) {
        applied_seqno = seqno;
        next_retry = LLONG_MAX;
        reconfigure(db);
    }

    long long now = time_msec();
    bool stats = now >= next_stats;
    if (!status_in_flight && (status_dirty || stats || now >= next_status)) {
        status_dirty = false;
        write_status(db, stats);
        next_status = now + STATUS_INTERVAL_MSEC;
        if (stats) {
            next_stats = now + STATS_INTERVAL_MSEC;
        }
    }
}

void
bridge_db_wait(void)
{
    ovsdb_idl_wait(idl);
    if (next_retry != LLONG_MAX) {
        poll_timer_wait_until(next_retry);
    }
    if (!status_in_flight) {
        if (status_dirty) {
            poll_immediate_wake();
        } else {
            poll_timer_wait_until(next_status < next_stats
                                  ? next_status : next_stats);
        }
    }
}

void
bridge_db_exit(void)
{
    struct shash_node *node;
    SHASH_FOR_EACH_SAFE (node, &bridges) {
        struct bridge *br = node->data;
        shash_delete(&bridges, node);
        bridge_destroy(br);
    }
    ovsdb_idl_destroy(idl);
    idl = NULL;
    smap_destroy(&cmdline_config);
    smap_destroy(&applied_dp_config);
}
