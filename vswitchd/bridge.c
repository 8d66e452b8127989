/* bridge: bridges configured through sluice-appctl.  See bridge.h. */

#include <config.h>
#include "bridge.h"

#include "ofproto/ofproto.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "dynamic-string.h"
#include "shash.h"
#include "smap.h"
#include "unixctl.h"
#include "util.h"


/* Bridges in creation order, for "bridge/show". */
static struct shash bridges = SHASH_INITIALIZER(&bridges);

static struct ofproto *
find_bridge(struct unixctl_conn *conn, const char *name)
{
    struct ofproto *ofproto = ofproto_lookup(name);
    if (!ofproto) {
        char *msg = xasprintf("no bridge named %s", name);
        unixctl_command_reply_error(conn, msg);
        free(msg);
    }
    return ofproto;
}

static bool
parse_fail_mode(const char *s, enum ofproto_fail_mode *mode)
{
    if (!strcmp(s, "standalone")) {
        *mode = OFPROTO_FAIL_STANDALONE;
    } else if (!strcmp(s, "secure")) {
        *mode = OFPROTO_FAIL_SECURE;
    } else {
        return false;
    }
    return true;
}

static void
bridge_add_cb(struct unixctl_conn *conn, int argc, const char *argv[],
              void *aux SLUICE_UNUSED)
{
    enum ofproto_fail_mode mode = OFPROTO_FAIL_STANDALONE;
    for (int i = 2; i < argc; i++) {
        if (strncmp(argv[i], "fail_mode=", 10)
            || !parse_fail_mode(argv[i] + 10, &mode)) {
            char *msg = xasprintf("%s: unknown option (expected "
                                  "fail_mode=standalone|secure)", argv[i]);
            unixctl_command_reply_error(conn, msg);
            free(msg);
            return;
        }
    }

    struct ofproto *ofproto;
    char *error;
    if (ofproto_create(argv[1], &ofproto, &error)) {
        unixctl_command_reply_error(conn, error);
        free(error);
        return;
    }
    ofproto_set_fail_mode(ofproto, mode);
    shash_add(&bridges, argv[1], ofproto);
    unixctl_command_reply(conn, NULL);
}

static void
bridge_del_cb(struct unixctl_conn *conn, int argc SLUICE_UNUSED,
              const char *argv[], void *aux SLUICE_UNUSED)
{
    struct ofproto *ofproto = find_bridge(conn, argv[1]);
    if (ofproto) {
        shash_find_and_delete(&bridges, argv[1]);
        ofproto_destroy(ofproto);
        unixctl_command_reply(conn, NULL);
    }
}

/* Removes the keys "vlan_mode", "tag" and "trunks" (Open vSwitch's Port
 * columns) from OPTIONS and parses them into *VLAN.  Returns NULL or an
 * error message. */
static char *
take_vlan_config(struct smap *options, struct port_vlan_config *vlan)
{
    const char *m = smap_get(options, "vlan_mode");
    const char *t = smap_get(options, "tag");
    const char *tr = smap_get(options, "trunks");
    char *mode = m ? xstrdup(m) : NULL;
    char *tag = t ? xstrdup(t) : NULL;
    char *trunks = tr ? xstrdup(tr) : NULL;
    smap_remove(options, "vlan_mode");
    smap_remove(options, "tag");
    smap_remove(options, "trunks");
    char *error = port_vlan_config_parse(mode, tag, trunks, vlan);
    free(mode);
    free(tag);
    free(trunks);
    return error;
}

/* bridge/set-port BRIDGE PORT [vlan_mode=MODE] [tag=VLAN] [trunks=VLANS]:
 * sets the port's VLAN settings (those not given go back to their
 * defaults), as "ovs-vsctl set port" would. */
static void
bridge_set_port_cb(struct unixctl_conn *conn, int argc, const char *argv[],
                   void *aux SLUICE_UNUSED)
{
    struct ofproto *ofproto = find_bridge(conn, argv[1]);
    if (!ofproto) {
        return;
    }
    uint32_t ofp_port = ofproto_port_by_name(ofproto, argv[2]);
    if (!ofp_port) {
        char *msg = xasprintf("%s: no port %s", argv[1], argv[2]);
        unixctl_command_reply_error(conn, msg);
        free(msg);
        return;
    }

    struct smap options = SMAP_INITIALIZER(&options);
    char *error = NULL;
    for (int i = 3; i < argc && !error; i++) {
        const char *eq = strchr(argv[i], '=');
        if (!eq || eq == argv[i]) {
            error = xasprintf("%s: expected KEY=VALUE", argv[i]);
        } else {
            char *key = xmemdup0(argv[i], eq - argv[i]);
            if (strcmp(key, "vlan_mode") && strcmp(key, "tag")
                && strcmp(key, "trunks")) {
                error = xasprintf("%s: unknown port setting (vlan_mode, "
                                  "tag, trunks)", key);
            } else {
                smap_replace(&options, key, eq + 1);
            }
            free(key);
        }
    }
    struct port_vlan_config vlan = { .trunks = NULL };
    if (!error) {
        error = take_vlan_config(&options, &vlan);
    }
    if (error) {
        unixctl_command_reply_error(conn, error);
        free(error);
    } else {
        ofproto_port_set_vlan(ofproto, ofp_port, &vlan);
        unixctl_command_reply(conn, NULL);
    }
    free(vlan.trunks);
    smap_destroy(&options);
}

static void
bridge_add_port_cb(struct unixctl_conn *conn, int argc, const char *argv[],
                   void *aux SLUICE_UNUSED)
{
    struct ofproto *ofproto = find_bridge(conn, argv[1]);
    if (!ofproto) {
        return;
    }

    struct smap options = SMAP_INITIALIZER(&options);
    const char *type = "system";
    uint32_t ofp_port = 0;
    for (int i = 3; i < argc; i++) {
        const char *eq = strchr(argv[i], '=');
        if (!eq || eq == argv[i]) {
            char *msg = xasprintf("%s: expected KEY=VALUE", argv[i]);
            unixctl_command_reply_error(conn, msg);
            free(msg);
            smap_destroy(&options);
            return;
        }
        if (!strncmp(argv[i], "type=", 5)) {
            type = argv[i] + 5;
        } else if (!strncmp(argv[i], "ofport=", 7)) {
            unsigned int n;
            if (!str_to_uint(argv[i] + 7, 10, &n) || !n || n >= 0xff00) {
                char *msg = xasprintf("%s: bad OpenFlow port number",
                                      argv[i]);
                unixctl_command_reply_error(conn, msg);
                free(msg);
                smap_destroy(&options);
                return;
            }
            ofp_port = n;
        } else {
            char *key = xmemdup0(argv[i], eq - argv[i]);
            smap_replace(&options, key, eq + 1);
            free(key);
        }
    }

    /* The VLAN settings are the bridge's, not the port's device's. */
    struct port_vlan_config vlan;
    char *error = take_vlan_config(&options, &vlan);
    if (error) {
        unixctl_command_reply_error(conn, error);
        free(error);
        smap_destroy(&options);
        return;
    }
    if (ofproto_port_add(ofproto, argv[2], type, &options, &ofp_port,
                         &error)) {
        unixctl_command_reply_error(conn, error);
        free(error);
    } else {
        ofproto_port_set_vlan(ofproto, ofp_port, &vlan);
        char *msg = xasprintf("%"PRIu32, ofp_port);
        unixctl_command_reply(conn, msg);
        free(msg);
    }
    free(vlan.trunks);
    smap_destroy(&options);
}

static void
bridge_del_port_cb(struct unixctl_conn *conn, int argc SLUICE_UNUSED,
                   const char *argv[], void *aux SLUICE_UNUSED)
{
    struct ofproto *ofproto = find_bridge(conn, argv[1]);
    if (!ofproto) {
        return;
    }
    uint32_t ofp_port = ofproto_port_by_name(ofproto, argv[2]);
    if (!ofp_port || ofproto_port_del(ofproto, ofp_port)) {
        char *msg = xasprintf("bridge %s has no port %s", argv[1], argv[2]);
        unixctl_command_reply_error(conn, msg);
        free(msg);
        return;
    }
    unixctl_command_reply(conn, NULL);
}

static void
bridge_set_controller_cb(struct unixctl_conn *conn, int argc,
                         const char *argv[], void *aux SLUICE_UNUSED)
{
    struct ofproto *ofproto = find_bridge(conn, argv[1]);
    if (!ofproto) {
        return;
    }
    /* Targets, and Open vSwitch's Controller settings for all of them. */
    struct connmgr_controller *cs = xcalloc(argc, sizeof *cs);
    int rate_limit = 0, burst_limit = 0;
    size_t n = 0;
    for (int i = 2; i < argc; i++) {
        const char *eq = strchr(argv[i], '=');
        if (!eq) {
            cs[n++].target = argv[i];
            continue;
        }
        int *value = (!strncmp(argv[i], "controller_rate_limit=", 22)
                      ? &rate_limit
                      : !strncmp(argv[i], "controller_burst_limit=", 23)
                      ? &burst_limit : NULL);
        unsigned int v;
        if (!value || !str_to_uint(eq + 1, 10, &v) || v < 1 || v > INT_MAX) {
            char *msg = (value
                         ? xasprintf("%s: not a number of packets (1 or "
                                     "more)", argv[i])
                         : xasprintf("%s: unknown controller setting "
                                     "(controller_rate_limit, "
                                     "controller_burst_limit)", argv[i]));
            unixctl_command_reply_error(conn, msg);
            free(msg);
            free(cs);
            return;
        }
        *value = v;
    }
    for (size_t i = 0; i < n; i++) {
        cs[i].rate_limit = rate_limit;
        cs[i].burst_limit = burst_limit;
    }
    ofproto_set_controllers(ofproto, cs, n);
    free(cs);
    unixctl_command_reply(conn, NULL);
}

static void
bridge_set_fail_mode_cb(struct unixctl_conn *conn, int argc SLUICE_UNUSED,
                        const char *argv[], void *aux SLUICE_UNUSED)
{
    struct ofproto *ofproto = find_bridge(conn, argv[1]);
    enum ofproto_fail_mode mode;
    if (!ofproto) {
        return;
    }
    if (!parse_fail_mode(argv[2], &mode)) {
        char *msg = xasprintf("%s: fail mode must be standalone or secure",
                              argv[2]);
        unixctl_command_reply_error(conn, msg);
        free(msg);
        return;
    }
    ofproto_set_fail_mode(ofproto, mode);
    unixctl_command_reply(conn, NULL);
}

static void
bridge_set_listeners_cb(struct unixctl_conn *conn, int argc,
                        const char *argv[], void *aux SLUICE_UNUSED)
{
    struct ofproto *ofproto = find_bridge(conn, argv[1]);
    char *error;
    if (!ofproto) {
        return;
    }
    if (ofproto_set_listeners(ofproto, &argv[2], argc - 2, &error)) {
        unixctl_command_reply_error(conn, error);
        free(error);
        return;
    }
    unixctl_command_reply(conn, NULL);
}

static void
bridge_show_cb(struct unixctl_conn *conn, int argc, const char *argv[],
               void *aux SLUICE_UNUSED)
{
    struct ds ds = DS_EMPTY_INITIALIZER;
    if (argc > 1) {
        struct ofproto *ofproto = find_bridge(conn, argv[1]);
        if (!ofproto) {
            return;
        }
        ofproto_format(ofproto, &ds);
    } else {
        const struct shash_node **nodes = shash_sort(&bridges);
        for (size_t i = 0; i < shash_count(&bridges); i++) {
            ofproto_format(nodes[i]->data, &ds);
        }
        free(nodes);
    }
    unixctl_command_reply(conn, ds_cstr(&ds));
    ds_destroy(&ds);
}

static void
memory_show_cb(struct unixctl_conn *conn, int argc SLUICE_UNUSED,
               const char *argv[] SLUICE_UNUSED, void *aux SLUICE_UNUSED)
{
    struct ds ds = DS_EMPTY_INITIALIZER;
    ofproto_format_memory(&ds);
    unixctl_command_reply(conn, ds_cstr(&ds));
    ds_destroy(&ds);
}

static void
dpif_show_cb(struct unixctl_conn *conn, int argc SLUICE_UNUSED,
             const char *argv[] SLUICE_UNUSED, void *aux SLUICE_UNUSED)
{
    struct ds ds = DS_EMPTY_INITIALIZER;
    ofproto_format_dpif(&ds);
    unixctl_command_reply(conn, ds_cstr(&ds));
    ds_destroy(&ds);
}

/* ofproto/trace BRIDGE FLOW: see ofproto_trace(). */
static void
ofproto_trace_cb(struct unixctl_conn *conn, int argc SLUICE_UNUSED,
                 const char *argv[], void *aux SLUICE_UNUSED)
{
    struct ofproto *ofproto = find_bridge(conn, argv[1]);
    if (!ofproto) {
        return;
    }
    struct ds ds = DS_EMPTY_INITIALIZER;
    char *error = ofproto_trace(ofproto, argv[2], &ds);
    if (error) {
        unixctl_command_reply_error(conn, error);
        free(error);
    } else {
        unixctl_command_reply(conn, ds_cstr(&ds));
    }
    ds_destroy(&ds);
}

static void
fdb_show_cb(struct unixctl_conn *conn, int argc SLUICE_UNUSED,
            const char *argv[], void *aux SLUICE_UNUSED)
{
    struct ofproto *ofproto = find_bridge(conn, argv[1]);
    if (ofproto) {
        struct ds ds = DS_EMPTY_INITIALIZER;
        ofproto_format_fdb(ofproto, &ds);
        unixctl_command_reply(conn, ds_cstr(&ds));
        ds_destroy(&ds);
    }
}

static void
fdb_flush_cb(struct unixctl_conn *conn, int argc, const char *argv[],
             void *aux SLUICE_UNUSED)
{
    if (argc > 1) {
        struct ofproto *ofproto = find_bridge(conn, argv[1]);
        if (!ofproto) {
            return;
        }
        ofproto_flush_fdb(ofproto);
    } else {
        ofproto_flush_fdb(NULL);
    }
    unixctl_command_reply(conn, "table successfully flushed");
}

void
bridge_init(bool configured_by_db)
{
    unixctl_command_register("fdb/show", "BRIDGE", 1, 1, fdb_show_cb, NULL);
    unixctl_command_register("ofproto/trace", "BRIDGE FLOW", 2, 2,
                             ofproto_trace_cb, NULL);
    unixctl_command_register("dpif/show", "", 0, 0, dpif_show_cb, NULL);
    unixctl_command_register("memory/show", "", 0, 0, memory_show_cb, NULL);
    unixctl_command_register("fdb/flush", "[BRIDGE]", 0, 1, fdb_flush_cb,
                             NULL);
    if (configured_by_db) {
        return;
    }

    unixctl_command_register("bridge/add",
                             "BRIDGE [fail_mode=standalone|secure]", 1, 2,
                             bridge_add_cb, NULL);
    unixctl_command_register("bridge/del", "BRIDGE", 1, 1, bridge_del_cb,
                             NULL);
    unixctl_command_register("bridge/add-port",
                             "BRIDGE PORT [type=TYPE] [ofport=N] "
                             "[KEY=VALUE]...", 2, INT_MAX,
                             bridge_add_port_cb, NULL);
    unixctl_command_register("bridge/set-port",
                             "BRIDGE PORT [vlan_mode=MODE] [tag=VLAN] "
                             "[trunks=VLAN,...]", 2, 5,
                             bridge_set_port_cb, NULL);
    unixctl_command_register("bridge/del-port", "BRIDGE PORT", 2, 2,
                             bridge_del_port_cb, NULL);
    unixctl_command_register("bridge/set-controller",
                             "BRIDGE [TARGET]... [controller_rate_limit=N] "
                             "[controller_burst_limit=N]",
                             1, INT_MAX, bridge_set_controller_cb, NULL);
    unixctl_command_register("bridge/set-fail-mode",
                             "BRIDGE standalone|secure", 2, 2,
                             bridge_set_fail_mode_cb, NULL);
    unixctl_command_register("bridge/set-listeners", "BRIDGE [TARGET]...",
                             1, INT_MAX, bridge_set_listeners_cb, NULL);
    unixctl_command_register("bridge/show", "[BRIDGE]", 0, 1,
                             bridge_show_cb, NULL);
}

void
bridge_run(void)
{
    ofproto_run_all();
}

void
bridge_wait(void)
{
    ofproto_wait_all();
}

void
bridge_exit(void)
{
    struct shash_node *node;
    SHASH_FOR_EACH_SAFE (node, &bridges) {
        struct ofproto *ofproto = node->data;
        shash_delete(&bridges, node);
        ofproto_destroy(ofproto);
    }
}
