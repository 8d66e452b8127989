/* dpctl: the datapath's unixctl commands.  See dpctl.h. */
#include <config.h>
#include "dpctl.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "buffer.h"
#include "dynamic-string.h"
#include "netdev.h"
#include "odp-actions.h"
#include "odp-util.h"
#include "ofp-meter.h"
#include "openflow.h"
#include "packets.h"
#include "shash.h"
#include "smap.h"
#include "thread.h"
#include "timeval.h"
#include "unixctl.h"
#include "util.h"

/* The settings dpctl/add-dp gives new datapaths. */
static struct mutex config_mutex = MUTEX_INITIALIZER;
static struct smap default_config SLUICE_GUARDED_BY(config_mutex)
    = SMAP_INITIALIZER(&default_config);

/* Settings given with dpif-netdev/set-config, per datapath name, on top of
 * the defaults. */
static struct shash dp_configs SLUICE_GUARDED_BY(config_mutex)
    = SHASH_INITIALIZER(&dp_configs);

int
dpctl_set_default_config(const struct smap *config, char **errp)
{
    int error = dpif_check_config(config, errp);
    if (!error) {
        mutex_lock(&config_mutex);
        smap_destroy(&default_config);
        smap_clone(&default_config, config);
        mutex_unlock(&config_mutex);
    }
    return error;
}

/* Stores in CONFIG the settings for datapath NAME. */
static void
get_dp_config(const char *name, struct smap *config)
{
    mutex_lock(&config_mutex);
    smap_clone(config, &default_config);
    const struct smap *extra = shash_find_data(&dp_configs, name);
    if (extra) {
        struct smap_node *node;
        SMAP_FOR_EACH (node, extra) {
            smap_replace(config, node->key, node->value);
        }
    }
    mutex_unlock(&config_mutex);
}

static void
forget_dp_config(const char *name)
{
    mutex_lock(&config_mutex);
    struct smap *extra = shash_find_and_delete(&dp_configs, name);
    mutex_unlock(&config_mutex);
    if (extra) {
        smap_destroy(extra);
        free(extra);
    }
}

/* Formatting. */

static void
format_tcp_flags(struct ds *ds, uint16_t flags)
{
    static const struct {
        uint16_t bit;
        const char *name;
    } names[] = {
        { TCP_SYN, "S" }, { TCP_FIN, "F" }, { TCP_PSH, "P" },
        { TCP_RST, "R" }, { TCP_URG, "U" }, { TCP_ACK, "." },
        { TCP_ECE, "E" }, { TCP_CWR, "C" }, { TCP_NS, "N" },
    };
    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        if (flags & names[i].bit) {
            ds_put_cstr(ds, names[i].name);
        }
    }
    for (uint16_t bit = 0x200; bit <= 0x800; bit <<= 1) {
        if (flags & bit) {
            ds_put_format(ds, "[%"PRIx16"]", bit);
        }
    }
}

void
dpctl_format_flow_stats(struct ds *ds, const struct dpif_flow_stats *stats)
{
    ds_put_format(ds, "packets:%"PRIu64", bytes:%"PRIu64", used:",
                  stats->n_packets, stats->n_bytes);
    if (stats->used) {
        long long int age = time_msec() - stats->used;
        ds_put_format(ds, "%.3fs", (age > 0 ? age : 0) / 1000.0);
    } else {
        ds_put_cstr(ds, "never");
    }
    if (stats->tcp_flags) {
        ds_put_cstr(ds, ", flags:");
        format_tcp_flags(ds, stats->tcp_flags);
    }
}

void
dpctl_format_flow(struct ds *ds, const struct dpif_flow *flow, bool verbose)
{
    if (verbose) {
        dpif_ufid_format(&flow->ufid, ds);
        ds_put_cstr(ds, ", ");
    }
    odp_flow_format(ds, &flow->key, &flow->mask);
    ds_put_cstr(ds, ", ");
    dpctl_format_flow_stats(ds, &flow->stats);
    ds_put_cstr(ds, ", actions:");
    odp_actions_format(ds, flow->actions, flow->actions_size);
}

/* Appends SIZE as Open vSwitch's dpctl/show prints byte counts. */
static void
format_human_size(struct ds *ds, uint64_t size)
{
    if (size >= 1024ULL * 1024 * 1024) {
        ds_put_format(ds, " (%.1f GiB)", size / (1024.0 * 1024 * 1024));
    } else if (size >= 1024 * 1024) {
        ds_put_format(ds, " (%.1f MiB)", size / (1024.0 * 1024));
    } else if (size >= 1024) {
        ds_put_format(ds, " (%.1f KiB)", size / 1024.0);
    }
}

/* Datapath arguments. */

/* Opens datapath NAME or, if NAME is NULL, the only datapath.  Returns
 * NULL after appending a message to ERR on failure. */
static struct dpif *
open_dp(const char *name, struct ds *err)
{
    struct dpif *dpif = NULL;
    char *default_name = NULL;

    if (!name) {
        struct shash names = SHASH_INITIALIZER(&names);
        dpif_enumerate(&names);
        if (shash_count(&names) == 1) {
            struct shash_node *node;
            SHASH_FOR_EACH (node, &names) {
                default_name = xstrdup(node->name);
            }
        } else if (shash_is_empty(&names)) {
            ds_put_cstr(err, "no datapath exists (create one with "
                        "dpctl/add-dp)");
        } else {
            ds_put_cstr(err, "there are several datapaths: name one");
        }
        shash_destroy(&names);
        if (!default_name) {
            return NULL;
        }
        name = default_name;
    }
    if (dpif_open(name, &dpif)) {
        ds_put_format(err, "datapath \"%s\" does not exist", name);
    }
    free(default_name);
    return dpif;
}

/* Returns true if S looks like a datapath name rather than a flow, an
 * option or a filter. */
static bool
is_dp_name(const char *s)
{
    return s[0] != '-' && !strpbrk(s, "(=,");
}

/* Replies to CONN with ERR's text as an error, or with OUT's text. */
static void
reply(struct unixctl_conn *conn, struct ds *out, struct ds *err)
{
    if (err->length) {
        ds_chomp(err, '\n');
        ds_put_char(err, '\n');
        unixctl_command_reply_error(conn, ds_cstr(err));
    } else {
        unixctl_command_reply(conn, ds_cstr(out));
    }
    ds_destroy(out);
    ds_destroy(err);
}

/* Ports. */

/* Parses IFACE ("NAME[,type=T][,port_no=N][,KEY=VALUE...]") into its name,
 * type, port number and options.  Returns false after appending a message
 * to ERR. */
static bool
parse_iface(const char *iface, char **namep, char **typep,
            uint32_t *port_nop, int *mtup, struct smap *options,
            struct ds *err)
{
    const char *comma = strchr(iface, ',');
    char *parse_err = NULL;

    *namep = comma ? xmemdup0(iface, comma - iface) : xstrdup(iface);
    *typep = NULL;
    *port_nop = ODPP_NONE;
    *mtup = 0;
    smap_init(options);
    if (!(*namep)[0]) {
        ds_put_format(err, "\"%s\": missing port name", iface);
        goto error;
    }
    if (comma && smap_from_string(options, comma + 1, &parse_err)) {
        ds_put_format(err, "%s: %s", *namep, parse_err);
        free(parse_err);
        goto error;
    }

    const char *type = smap_get(options, "type");
    if (type) {
        *typep = xstrdup(type);
        smap_remove(options, "type");
    }
    const char *port_no_s = smap_get(options, "port_no");
    if (port_no_s) {
        unsigned int port_no;
        if (!str_to_uint(port_no_s, 10, &port_no)
            || port_no >= DPIF_MAX_PORTS) {
            ds_put_format(err, "%s: port_no=%s: not a port number (0 to "
                          "%u)", *namep, port_no_s, DPIF_MAX_PORTS - 1);
            goto error;
        }
        *port_nop = port_no;
        smap_remove(options, "port_no");
    }
    const char *mtu_s = smap_get(options, "mtu_request");
    if (mtu_s) {
        if (!str_to_int(mtu_s, 10, mtup) || *mtup < NETDEV_MIN_MTU
            || *mtup > NETDEV_MAX_MTU) {
            ds_put_format(err, "%s: mtu_request=%s: not an MTU (%d to %d)",
                          *namep, mtu_s, NETDEV_MIN_MTU, NETDEV_MAX_MTU);
            goto error;
        }
        smap_remove(options, "mtu_request");
    }
    return true;

error:
    free(*namep);
    free(*typep);
    *namep = *typep = NULL;
    smap_destroy(options);
    return false;
}

/* Adds the ports IFACES (N of them) to DPIF.  Stops at the first failure,
 * with a message in ERR. */
static void
add_ifaces(struct dpif *dpif, const char *const ifaces[], int n,
           struct ds *err)
{
    for (int i = 0; i < n && !err->length; i++) {
        struct smap options;
        char *name, *type;
        uint32_t port_no;
        int mtu;

        if (!parse_iface(ifaces[i], &name, &type, &port_no, &mtu, &options,
                         err)) {
            break;
        }
        char *msg = NULL;
        int error = dpif_port_add(dpif, name, type ? type : "system",
                                  &options, &port_no, &msg);
        if (!error && mtu) {
            error = dpif_port_set_mtu(dpif, port_no, mtu, &msg);
        }
        if (error) {
            ds_put_format(err, "adding %s to %s failed: %s", name,
                          dpif_name(dpif),
                          msg ? msg : sluice_strerror(error));
        }
        free(msg);
        free(name);
        free(type);
        smap_destroy(&options);
    }
}

static void
dpctl_add_dp(struct unixctl_conn *conn, int argc, const char *argv[],
             void *aux SLUICE_UNUSED)
{
    struct ds out = DS_EMPTY_INITIALIZER, err = DS_EMPTY_INITIALIZER;
    struct dpif *dpif;
    char *msg = NULL;

    int error = dpif_create(argv[1], &dpif, &msg);
    if (error) {
        ds_put_format(&err, "%s", msg ? msg : sluice_strerror(error));
        free(msg);
        reply(conn, &out, &err);
        return;
    }

    struct smap config;
    get_dp_config(dpif_name(dpif), &config);
    error = dpif_set_config(dpif, &config, &msg);
    smap_destroy(&config);
    if (error) {
        ds_put_format(&err, "%s: %s", dpif_name(dpif), msg);
        free(msg);
        dpif_delete(dpif);
    } else {
        add_ifaces(dpif, &argv[2], argc - 2, &err);
    }
    dpif_close(dpif);
    reply(conn, &out, &err);
}

static void
dpctl_del_dp(struct unixctl_conn *conn, int argc SLUICE_UNUSED,
             const char *argv[], void *aux SLUICE_UNUSED)
{
    struct ds out = DS_EMPTY_INITIALIZER, err = DS_EMPTY_INITIALIZER;
    struct dpif *dpif = open_dp(argv[1], &err);

    if (dpif) {
        forget_dp_config(dpif_name(dpif));
        dpif_delete(dpif);
        dpif_close(dpif);
    }
    reply(conn, &out, &err);
}

static void
dpctl_dump_dps(struct unixctl_conn *conn, int argc SLUICE_UNUSED,
               const char *argv[] SLUICE_UNUSED, void *aux SLUICE_UNUSED)
{
    struct ds out = DS_EMPTY_INITIALIZER, err = DS_EMPTY_INITIALIZER;
    struct shash names = SHASH_INITIALIZER(&names);

    dpif_enumerate(&names);
    const struct shash_node **sorted = shash_sort(&names);
    for (size_t i = 0; i < shash_count(&names); i++) {
        ds_put_format(&out, "%s@%s\n", DPIF_TYPE, sorted[i]->name);
    }
    free(sorted);
    shash_destroy(&names);
    reply(conn, &out, &err);
}

static void
dpctl_add_if(struct unixctl_conn *conn, int argc, const char *argv[],
             void *aux SLUICE_UNUSED)
{
    struct ds out = DS_EMPTY_INITIALIZER, err = DS_EMPTY_INITIALIZER;
    struct dpif *dpif = open_dp(argv[1], &err);

    if (dpif) {
        add_ifaces(dpif, &argv[2], argc - 2, &err);
        dpif_close(dpif);
    }
    reply(conn, &out, &err);
}

static void
dpctl_set_if(struct unixctl_conn *conn, int argc, const char *argv[],
             void *aux SLUICE_UNUSED)
{
    struct ds out = DS_EMPTY_INITIALIZER, err = DS_EMPTY_INITIALIZER;
    struct dpif *dpif = open_dp(argv[1], &err);

    for (int i = 2; dpif && i < argc && !err.length; i++) {
        struct dpif_port port;
        struct smap options;
        char *name, *type;
        uint32_t port_no;
        int mtu;

        if (!parse_iface(argv[i], &name, &type, &port_no, &mtu, &options,
                         &err)) {
            break;
        }
        if (dpif_port_query_by_name(dpif, name, &port)) {
            ds_put_format(&err, "%s: no port named %s", dpif_name(dpif),
                          name);
        } else {
            if (type && strcmp(type, port.type)) {
                ds_put_format(&err, "%s: can't change type from %s to %s",
                              name, port.type, type);
            } else if (port_no != ODPP_NONE && port_no != port.port_no) {
                ds_put_format(&err, "%s: can't change port number from "
                              "%"PRIu32" to %"PRIu32, name, port.port_no,
                              port_no);
            } else {
                /* The options given change those the port has. */
                struct smap config = SMAP_INITIALIZER(&config);
                struct smap_node *node;
                char *msg = NULL;
                int error = 0;

                dpif_port_get_config(dpif, port.port_no, &config, NULL);
                SMAP_FOR_EACH (node, &options) {
                    smap_replace(&config, node->key, node->value);
                }
                if (!smap_is_empty(&options)) {
                    error = dpif_port_set_config(dpif, port.port_no,
                                                 &config, &msg);
                }
                smap_destroy(&config);
                if (!error && mtu) {
                    error = dpif_port_set_mtu(dpif, port.port_no, mtu, &msg);
                }
                if (error) {
                    ds_put_format(&err, "%s", msg ? msg
                                  : sluice_strerror(error));
                }
                free(msg);
            }
            dpif_port_destroy(&port);
        }
        free(name);
        free(type);
        smap_destroy(&options);
    }
    dpif_close(dpif);
    reply(conn, &out, &err);
}

static void
dpctl_del_if(struct unixctl_conn *conn, int argc, const char *argv[],
             void *aux SLUICE_UNUSED)
{
    struct ds out = DS_EMPTY_INITIALIZER, err = DS_EMPTY_INITIALIZER;
    struct dpif *dpif = open_dp(argv[1], &err);

    for (int i = 2; dpif && i < argc && !err.length; i++) {
        struct dpif_port port;
        unsigned int port_no;

        if (!dpif_port_query_by_name(dpif, argv[i], &port)) {
            port_no = port.port_no;
            dpif_port_destroy(&port);
        } else if (!str_to_uint(argv[i], 10, &port_no)
                   || dpif_port_query_by_number(dpif, port_no, NULL)) {
            ds_put_format(&err, "%s: no port named %s", dpif_name(dpif),
                          argv[i]);
            break;
        }
        int error = dpif_port_del(dpif, port_no);
        if (error) {
            ds_put_format(&err, "deleting port %s from %s failed: %s",
                          argv[i], dpif_name(dpif),
                          error == EINVAL
                          ? "the local port goes only with the datapath"
                          : sluice_strerror(error));
        }
    }
    dpif_close(dpif);
    reply(conn, &out, &err);
}

static void
show_port_stats(struct ds *out, const struct netdev_stats *s)
{
    ds_put_format(out, "    RX packets:%"PRIu64" errors:%"PRIu64
                  " dropped:%"PRIu64" overruns:? frame:?\n",
                  s->rx_packets, s->rx_errors, s->rx_dropped);
    ds_put_format(out, "    TX packets:%"PRIu64" errors:%"PRIu64
                  " dropped:%"PRIu64" aborted:? carrier:?\n",
                  s->tx_packets, s->tx_errors, s->tx_dropped);
    ds_put_cstr(out, "    collisions:?\n");
    ds_put_format(out, "    RX bytes:%"PRIu64, s->rx_bytes);
    format_human_size(out, s->rx_bytes);
    ds_put_format(out, "  TX bytes:%"PRIu64, s->tx_bytes);
    format_human_size(out, s->tx_bytes);
    ds_put_char(out, '\n');
}

static void
show_dp(struct dpif *dpif, bool with_stats, struct ds *out)
{
    struct dpif_dp_stats stats;
    struct dpif_port *ports;

    dpif_get_dp_stats(dpif, &stats);
    ds_put_format(out, "%s:\n", dpif_full_name(dpif));
    ds_put_format(out, "  lookups: hit:%"PRIu64" missed:%"PRIu64
                  " lost:%"PRIu64"\n",
                  stats.n_hit, stats.n_missed, stats.n_lost);
    ds_put_format(out, "  flows: %"PRIu64"\n", stats.n_flows);
    uint64_t n_pkts = stats.n_hit + stats.n_missed;
    ds_put_format(out, "  masks: hit:%"PRIu64" total:%"PRIu64
                  " hit/pkt:%.2f\n", stats.n_mask_hit, stats.n_masks,
                  n_pkts ? (double) stats.n_mask_hit / n_pkts : 0.0);
    uint64_t cache_hit = (stats.n_simple_hit + stats.n_emc_hit
                          + stats.n_smc_hit);
    ds_put_format(out, "  cache: hit:%"PRIu64" hit-rate:%.2f%%\n",
                  cache_hit,
                  n_pkts ? (double) cache_hit * 100 / n_pkts : 0.0);

    size_t n = dpif_port_list(dpif, &ports);
    for (size_t i = 0; i < n; i++) {
        const struct dpif_port *port = &ports[i];

        ds_put_format(out, "  port %"PRIu32": %s", port->port_no,
                      port->name);
        if (strcmp(port->type, "system")) {
            struct smap config = SMAP_INITIALIZER(&config);
            ds_put_format(out, " (%s", port->type);
            dpif_port_get_config(dpif, port->port_no, &config, NULL);
            if (!smap_is_empty(&config)) {
                const struct smap_node **nodes = smap_sort(&config);
                ds_put_cstr(out, ": ");
                for (size_t j = 0; j < smap_count(&config); j++) {
                    ds_put_format(out, "%s%s=%s", j ? ", " : "",
                                  nodes[j]->key, nodes[j]->value);
                }
                free(nodes);
            }
            smap_destroy(&config);
            ds_put_char(out, ')');
        }
        ds_put_char(out, '\n');

        if (with_stats) {
            struct netdev_stats s;
            if (!dpif_port_get_stats(dpif, port->port_no, &s)) {
                show_port_stats(out, &s);
            }
        }
    }
    dpif_port_list_destroy(ports, n);
}

static void
dpctl_show(struct unixctl_conn *conn, int argc, const char *argv[],
           void *aux SLUICE_UNUSED)
{
    struct ds out = DS_EMPTY_INITIALIZER, err = DS_EMPTY_INITIALIZER;
    bool with_stats = false;
    int i = 1;

    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "-s") || !strcmp(argv[i], "--statistics")) {
            with_stats = true;
        } else {
            ds_put_format(&err, "unknown option \"%s\"", argv[i]);
            reply(conn, &out, &err);
            return;
        }
    }

    if (i < argc) {
        for (; i < argc && !err.length; i++) {
            struct dpif *dpif = open_dp(argv[i], &err);
            if (dpif) {
                show_dp(dpif, with_stats, &out);
                dpif_close(dpif);
            }
        }
    } else {
        struct shash names = SHASH_INITIALIZER(&names);
        dpif_enumerate(&names);
        const struct shash_node **sorted = shash_sort(&names);
        for (size_t j = 0; j < shash_count(&names); j++) {
            struct dpif *dpif;
            if (!dpif_open(sorted[j]->name, &dpif)) {
                show_dp(dpif, with_stats, &out);
                dpif_close(dpif);
            }
        }
        free(sorted);
        shash_destroy(&names);
    }
    reply(conn, &out, &err);
}

/* Flows. */

/* Parses "[ufid:UFID,]FLOW" into *UFID (if present: *HAS_UFID), KEY and
 * MASK.  A bare "ufid:UFID" is accepted if BARE_UFID_OK, leaving KEY and
 * MASK unset.  Returns false after appending a message to ERR. */
static bool
parse_flow_arg(const char *s, bool bare_ufid_ok, struct dpif_ufid *ufid,
               bool *has_ufid, struct flow *key, struct flow *mask,
               struct ds *err)
{
    *has_ufid = false;
    if (!strncmp(s, "ufid:", 5)) {
        const char *comma = strchr(s, ',');
        char *ufid_s = comma ? xmemdup0(s, comma - s) : xstrdup(s);
        bool ok = dpif_ufid_from_string(ufid_s, ufid);
        if (!ok) {
            ds_put_format(err, "%s: invalid ufid (expected "
                          "ufid:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)",
                          ufid_s);
        }
        free(ufid_s);
        if (!ok) {
            return false;
        }
        *has_ufid = true;
        if (!comma) {
            if (!bare_ufid_ok) {
                ds_put_format(err, "%s: a flow key must follow the ufid",
                              s);
                return false;
            }
            return true;
        }
        s = comma + 1;
    }

    char *error = odp_flow_from_string(s, key, mask);
    if (error) {
        ds_put_format(err, "parsing flow key: %s", error);
        free(error);
        return false;
    }
    return true;
}

/* Parses the action list S into ACTIONS. */
static bool
parse_actions_arg(const char *s, struct buffer *actions, struct ds *err)
{
    char *error = odp_actions_from_string(s, actions);
    if (error) {
        ds_put_format(err, "parsing actions: %s", error);
        free(error);
        return false;
    }
    return true;
}

/* Shared by add-flow and mod-flow. */
static void
put_flow(struct unixctl_conn *conn, int argc, const char *argv[],
         enum dpif_flow_put_flags flags, bool allow_options)
{
    struct ds out = DS_EMPTY_INITIALIZER, err = DS_EMPTY_INITIALIZER;
    bool print_stats = false;
    int i = 1;

    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "-s") || !strcmp(argv[i], "--statistics")) {
            print_stats = true;
        } else if (allow_options && !strcmp(argv[i], "--clear")) {
            flags |= DPIF_FP_ZERO_STATS;
        } else if (allow_options && !strcmp(argv[i], "--may-create")) {
            flags |= DPIF_FP_CREATE;
        } else {
            ds_put_format(&err, "unknown option \"%s\"", argv[i]);
            reply(conn, &out, &err);
            return;
        }
    }
    int n_args = argc - i;
    if (n_args != 2 && n_args != 3) {
        ds_put_format(&err, "%s: expected [DP] FLOW ACTIONS", argv[0]);
        reply(conn, &out, &err);
        return;
    }

    struct dpif *dpif = open_dp(n_args == 3 ? argv[i] : NULL, &err);
    const char *flow_s = argv[argc - 2];
    const char *actions_s = argv[argc - 1];
    struct flow key, mask;
    struct dpif_ufid ufid;
    bool has_ufid;
    uint64_t stub[128];
    struct buffer actions;

    buffer_use_stack(&actions, stub, sizeof stub);
    if (dpif
        && parse_flow_arg(flow_s, false, &ufid, &has_ufid, &key, &mask,
                          &err)
        && parse_actions_arg(actions_s, &actions, &err)) {
        struct dpif_flow_stats stats;
        char *msg = NULL;
        int error = dpif_flow_put(dpif, flags, &key, &mask, actions.data,
                                  actions.size, has_ufid ? &ufid : NULL,
                                  DPIF_PMD_ALL, &stats, &msg);
        if (error) {
            const char *what = (error == EEXIST ? "the flow already exists"
                                : error == ENOENT ? "no such flow"
                                : error == E2BIG ? "the flow table is full"
                                : NULL);
            ds_put_format(&err, "%s failed: %s (%s)", argv[0] + 6,
                          msg ? msg : what ? what : sluice_strerror(error),
                          sluice_strerror(error));
        } else if (print_stats) {
            dpctl_format_flow_stats(&out, &stats);
            ds_put_char(&out, '\n');
        }
        free(msg);
    }
    buffer_uninit(&actions);
    dpif_close(dpif);
    reply(conn, &out, &err);
}

static void
dpctl_add_flow(struct unixctl_conn *conn, int argc, const char *argv[],
               void *aux SLUICE_UNUSED)
{
    put_flow(conn, argc, argv, DPIF_FP_CREATE, false);
}

static void
dpctl_mod_flow(struct unixctl_conn *conn, int argc, const char *argv[],
               void *aux SLUICE_UNUSED)
{
    put_flow(conn, argc, argv, DPIF_FP_MODIFY, true);
}

/* Shared by get-flow and del-flow: parses "[-s] [DP] FLOW". */
static struct dpif *
parse_dp_and_flow(struct unixctl_conn *conn, int argc, const char *argv[],
                  bool *print_stats, struct dpif_ufid *ufid, bool *has_ufid,
                  struct flow *key, struct flow *mask)
{
    struct ds out = DS_EMPTY_INITIALIZER, err = DS_EMPTY_INITIALIZER;
    int i = 1;

    *print_stats = false;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "-s") || !strcmp(argv[i], "--statistics")) {
            *print_stats = true;
        } else {
            ds_put_format(&err, "unknown option \"%s\"", argv[i]);
            reply(conn, &out, &err);
            return NULL;
        }
    }
    int n_args = argc - i;
    if (n_args != 1 && n_args != 2) {
        ds_put_format(&err, "%s: expected [DP] FLOW", argv[0]);
        reply(conn, &out, &err);
        return NULL;
    }
    struct dpif *dpif = open_dp(n_args == 2 ? argv[i] : NULL, &err);
    if (dpif && !parse_flow_arg(argv[argc - 1], true, ufid, has_ufid, key,
                                mask, &err)) {
        dpif_close(dpif);
        dpif = NULL;
    }
    if (!dpif) {
        reply(conn, &out, &err);
    } else {
        ds_destroy(&out);
        ds_destroy(&err);
    }
    return dpif;
}

static void
dpctl_del_flow(struct unixctl_conn *conn, int argc, const char *argv[],
               void *aux SLUICE_UNUSED)
{
    struct ds out = DS_EMPTY_INITIALIZER, err = DS_EMPTY_INITIALIZER;
    struct dpif_ufid ufid;
    struct flow key, mask;
    bool print_stats, has_ufid;

    struct dpif *dpif = parse_dp_and_flow(conn, argc, argv, &print_stats,
                                          &ufid, &has_ufid, &key, &mask);
    if (!dpif) {
        return;
    }
    struct dpif_flow_stats stats;
    int error = dpif_flow_del(dpif, has_ufid ? &ufid : NULL, &key, &mask,
                              DPIF_PMD_ALL, &stats);
    if (error) {
        ds_put_format(&err, "del-flow failed: %s (%s)",
                      error == ENOENT ? "no such flow"
                      : sluice_strerror(error), sluice_strerror(error));
    } else if (print_stats) {
        dpctl_format_flow_stats(&out, &stats);
        ds_put_char(&out, '\n');
    }
    dpif_close(dpif);
    reply(conn, &out, &err);
}

static void
dpctl_get_flow(struct unixctl_conn *conn, int argc, const char *argv[],
               void *aux SLUICE_UNUSED)
{
    struct ds out = DS_EMPTY_INITIALIZER, err = DS_EMPTY_INITIALIZER;
    struct dpif_ufid ufid;
    struct flow key, mask;
    bool print_stats, has_ufid;

    struct dpif *dpif = parse_dp_and_flow(conn, argc, argv, &print_stats,
                                          &ufid, &has_ufid, &key, &mask);
    if (!dpif) {
        return;
    }
    struct dpif_flow flow;
    struct buffer buf;
    buffer_init(&buf, 256);
    int error = dpif_flow_get(dpif, has_ufid ? &ufid : NULL, &key, &mask,
                              DPIF_PMD_ALL, &flow, &buf);
    if (error) {
        ds_put_format(&err, "get-flow failed: %s (%s)",
                      error == ENOENT ? "no such flow"
                      : sluice_strerror(error), sluice_strerror(error));
    } else {
        dpctl_format_flow(&out, &flow, true);
        ds_put_char(&out, '\n');
    }
    buffer_uninit(&buf);
    dpif_close(dpif);
    reply(conn, &out, &err);
}

static void
dpctl_del_flows(struct unixctl_conn *conn, int argc, const char *argv[],
                void *aux SLUICE_UNUSED)
{
    struct ds out = DS_EMPTY_INITIALIZER, err = DS_EMPTY_INITIALIZER;
    struct dpif *dpif = open_dp(argc > 1 ? argv[1] : NULL, &err);

    if (dpif) {
        dpif_flow_flush(dpif);
        dpif_close(dpif);
    }
    reply(conn, &out, &err);
}

/* Parses "pmd=CORE" into *PMD_ID.  Returns false after appending a message
 * to ERR. */
static bool
parse_pmd_id(const char *s, uint32_t *pmd_id, struct ds *err)
{
    unsigned int core;
    if (!str_to_uint(s, 10, &core) || core >= DPIF_NON_PMD_ID) {
        ds_put_format(err, "\"%s\" is not a core id", s);
        return false;
    }
    *pmd_id = core;
    return true;
}

static void
dpctl_dump_flows(struct unixctl_conn *conn, int argc, const char *argv[],
                 void *aux SLUICE_UNUSED)
{
    struct ds out = DS_EMPTY_INITIALIZER, err = DS_EMPTY_INITIALIZER;
    const char *dp_name = NULL;
    uint32_t pmd_id = DPIF_PMD_ALL;
    bool verbose = false;

    for (int i = 1; i < argc && !err.length; i++) {
        if (!strcmp(argv[i], "-m") || !strcmp(argv[i], "--more")) {
            verbose = true;
        } else if (!strncmp(argv[i], "pmd=", 4)) {
            parse_pmd_id(argv[i] + 4, &pmd_id, &err);
        } else if (is_dp_name(argv[i]) && !dp_name) {
            dp_name = argv[i];
        } else {
            ds_put_format(&err, "dump-flows: unexpected argument \"%s\"",
                          argv[i]);
        }
    }
    struct dpif *dpif = err.length ? NULL : open_dp(dp_name, &err);
    if (dpif) {
        struct dpif_flow_dump *dump = dpif_flow_dump_create(dpif, pmd_id);
        uint32_t last_pmd = DPIF_PMD_ALL;
        struct dpif_flow flow;

        while (dpif_flow_dump_next(dump, &flow)) {
            if (flow.pmd_id != last_pmd) {
                if (flow.pmd_id == DPIF_NON_PMD_ID) {
                    ds_put_cstr(&out, "flow-dump from the main thread:\n");
                } else {
                    ds_put_format(&out, "flow-dump from pmd on cpu core: "
                                  "%"PRIu32"\n", flow.pmd_id);
                }
                last_pmd = flow.pmd_id;
            }
            dpctl_format_flow(&out, &flow, verbose);
            ds_put_char(&out, '\n');
        }
        dpif_flow_dump_destroy(dump);
        dpif_close(dpif);
    }
    reply(conn, &out, &err);
}

/* PMD commands: "[-pmd CORE] [DP]". */
static struct dpif *
parse_pmd_args(int argc, const char *argv[], bool allow_pmd,
               uint32_t *pmd_id, struct ds *err)
{
    const char *dp_name = NULL;

    *pmd_id = DPIF_PMD_ALL;
    for (int i = 1; i < argc; i++) {
        if (allow_pmd && !strcmp(argv[i], "-pmd") && i + 1 < argc) {
            if (!parse_pmd_id(argv[++i], pmd_id, err)) {
                return NULL;
            }
        } else if (is_dp_name(argv[i]) && !dp_name) {
            dp_name = argv[i];
        } else {
            ds_put_format(err, "%s: unexpected argument \"%s\"", argv[0],
                          argv[i]);
            return NULL;
        }
    }
    return open_dp(dp_name, err);
}

static void
pmd_stats_show(struct unixctl_conn *conn, int argc, const char *argv[],
               void *aux SLUICE_UNUSED)
{
    struct ds out = DS_EMPTY_INITIALIZER, err = DS_EMPTY_INITIALIZER;
    uint32_t pmd_id;
    struct dpif *dpif = parse_pmd_args(argc, argv, true, &pmd_id, &err);

    if (dpif) {
        dpif_pmd_stats_show(dpif, pmd_id, &out);
        dpif_close(dpif);
    }
    reply(conn, &out, &err);
}

static void
pmd_stats_clear(struct unixctl_conn *conn, int argc, const char *argv[],
                void *aux SLUICE_UNUSED)
{
    struct ds out = DS_EMPTY_INITIALIZER, err = DS_EMPTY_INITIALIZER;
    uint32_t pmd_id;
    struct dpif *dpif = parse_pmd_args(argc, argv, false, &pmd_id, &err);

    if (dpif) {
        dpif_pmd_stats_clear(dpif);
        dpif_close(dpif);
    }
    reply(conn, &out, &err);
}

static void
pmd_rxq_show(struct unixctl_conn *conn, int argc, const char *argv[],
             void *aux SLUICE_UNUSED)
{
    struct ds out = DS_EMPTY_INITIALIZER, err = DS_EMPTY_INITIALIZER;
    uint32_t pmd_id;
    struct dpif *dpif = parse_pmd_args(argc, argv, true, &pmd_id, &err);

    if (dpif) {
        dpif_pmd_rxq_show(dpif, pmd_id, &out);
        dpif_close(dpif);
    }
    reply(conn, &out, &err);
}

static void
pmd_rxq_rebalance(struct unixctl_conn *conn, int argc, const char *argv[],
                  void *aux SLUICE_UNUSED)
{
    struct ds out = DS_EMPTY_INITIALIZER, err = DS_EMPTY_INITIALIZER;
    uint32_t pmd_id;
    struct dpif *dpif = parse_pmd_args(argc, argv, false, &pmd_id, &err);

    if (dpif) {
        dpif_pmd_rxq_rebalance(dpif);
        dpif_close(dpif);
        ds_put_cstr(&out, "pmd rxq rebalance requested.\n");
    }
    reply(conn, &out, &err);
}

static void
set_config(struct unixctl_conn *conn, int argc, const char *argv[],
           void *aux SLUICE_UNUSED)
{
    struct ds out = DS_EMPTY_INITIALIZER, err = DS_EMPTY_INITIALIZER;
    struct dpif *dpif = open_dp(argc > 2 ? argv[1] : NULL, &err);
    struct smap changes = SMAP_INITIALIZER(&changes);
    char *msg = NULL;

    if (dpif && smap_from_string(&changes, argv[argc - 1], &msg)) {
        ds_put_format(&err, "%s", msg);
        free(msg);
    } else if (dpif) {
        struct smap config;
        struct smap_node *node;

        get_dp_config(dpif_name(dpif), &config);
        SMAP_FOR_EACH (node, &changes) {
            smap_replace(&config, node->key, node->value);
        }
        if (dpif_set_config(dpif, &config, &msg)) {
            ds_put_format(&err, "%s: %s", dpif_name(dpif), msg);
            free(msg);
        } else {
            /* Remember the changes on top of the defaults. */
            mutex_lock(&config_mutex);
            struct smap *extra = shash_find_data(&dp_configs,
                                                 dpif_name(dpif));
            if (!extra) {
                extra = xmalloc(sizeof *extra);
                smap_init(extra);
                shash_add(&dp_configs, dpif_name(dpif), extra);
            }
            SMAP_FOR_EACH (node, &changes) {
                smap_replace(extra, node->key, node->value);
            }
            mutex_unlock(&config_mutex);
        }
        smap_destroy(&config);
    }
    smap_destroy(&changes);
    dpif_close(dpif);
    reply(conn, &out, &err);
}

/* Meters.  Their text is that of "ovs-ofctl add-meter", "dump-meters" and
 * "meter-stats", which ofp-meter.h parses and prints. */

/* Converts CONFIG, parsed by ofp_meter_mod_from_string(), into *DP.
 * Returns false after appending a message to ERR. */
static bool
meter_config_from_ofp(const struct ofp_meter_config *config,
                      struct dpif_meter_config *dp, struct ds *err)
{
    memset(dp, 0, sizeof *dp);
    if (config->n_bands > DPIF_MAX_BANDS) {
        ds_put_format(err, "meter %"PRIu32": %zu bands (at most %d)",
                      config->meter_id, config->n_bands, DPIF_MAX_BANDS);
        return false;
    }
    dp->flags = ((config->flags & OFP_MF_KBPS ? DPIF_METER_KBPS : 0)
                 | (config->flags & OFP_MF_PKTPS ? DPIF_METER_PKTPS : 0)
                 | (config->flags & OFP_MF_BURST ? DPIF_METER_BURST : 0)
                 | (config->flags & OFP_MF_STATS ? DPIF_METER_STATS : 0));
    dp->n_bands = config->n_bands;
    for (size_t i = 0; i < config->n_bands; i++) {
        const struct ofp_meter_band *b = &config->bands[i];
        dp->bands[i].type = (b->type == OFP_MBT_DSCP_REMARK
                             ? DPIF_METER_BAND_DSCP_REMARK
                             : DPIF_METER_BAND_DROP);
        dp->bands[i].rate = b->rate;
        dp->bands[i].burst_size = b->burst_size;
        dp->bands[i].prec_level = (b->type == OFP_MBT_DSCP_REMARK
                                   ? b->prec_level : 0);
    }
    return true;
}

/* Converts meter METER_ID's configuration DP into *CONFIG, which the caller
 * releases with ofp_meter_config_uninit(). */
static void
meter_config_to_ofp(uint32_t meter_id, const struct dpif_meter_config *dp,
                    struct ofp_meter_config *config)
{
    memset(config, 0, sizeof *config);
    config->meter_id = meter_id;
    config->flags = ((dp->flags & DPIF_METER_KBPS ? OFP_MF_KBPS : 0)
                     | (dp->flags & DPIF_METER_PKTPS ? OFP_MF_PKTPS : 0)
                     | (dp->flags & DPIF_METER_BURST ? OFP_MF_BURST : 0)
                     | (dp->flags & DPIF_METER_STATS ? OFP_MF_STATS : 0));
    for (size_t i = 0; i < dp->n_bands; i++) {
        const struct dpif_meter_band *b = &dp->bands[i];
        struct ofp_meter_band band = {
            .type = (b->type == DPIF_METER_BAND_DSCP_REMARK
                     ? OFP_MBT_DSCP_REMARK : OFP_MBT_DROP),
            .rate = b->rate,
            .burst_size = b->burst_size,
            .prec_level = b->prec_level,
        };
        ofp_meter_config_add_band(config, &band);
    }
}

/* Returns true if the SIZE bytes of ACTIONS, nested ones included, apply
 * meter METER_ID. */
static bool
actions_use_meter(const void *actions, size_t size, uint32_t meter_id)
{
    ODP_ACTIONS_FOR_EACH (a, actions, size) {
        switch (odp_action_type(a)) {
        case ODP_ACTION_METER:
            if (odp_action_get_u32(a) == meter_id) {
                return true;
            }
            break;
        case ODP_ACTION_CLONE:
        case ODP_ACTION_SAMPLE:
            if (actions_use_meter(odp_nested_actions(a), odp_nested_size(a),
                                  meter_id)) {
                return true;
            }
            break;
        default:
            break;
        }
    }
    return false;
}

/* Returns the number of DPIF's megaflows whose actions apply meter
 * METER_ID.  A megaflow that several pollers hold counts once (its copies
 * share a ufid). */
static uint32_t
count_meter_flows(const struct dpif *dpif, uint32_t meter_id)
{
    struct dpif_flow_dump *dump = dpif_flow_dump_create(
        (struct dpif *) dpif, DPIF_PMD_ALL);
    struct dpif_ufid *ufids = NULL;
    size_t n = 0, allocated = 0;
    struct dpif_flow flow;

    while (dpif_flow_dump_next(dump, &flow)) {
        if (!actions_use_meter(flow.actions, flow.actions_size, meter_id)) {
            continue;
        }
        size_t i;
        for (i = 0; i < n && !dpif_ufid_equal(&ufids[i], &flow.ufid); i++) {
            continue;
        }
        if (i == n) {
            if (n == allocated) {
                allocated = MAX(2 * allocated, 8);
                ufids = xrealloc(ufids, allocated * sizeof *ufids);
            }
            ufids[n++] = flow.ufid;
        }
    }
    dpif_flow_dump_destroy(dump);
    free(ufids);
    return n;
}

/* Appends meter METER_ID of DPIF, as "ovs-ofctl dump-meters" and then
 * "ovs-ofctl meter-stats" print it, to OUT.  The flow count is that of
 * the datapath's megaflows that apply the meter.  Returns false if there
 * is no such meter. */
static bool
show_meter(const struct dpif *dpif, uint32_t meter_id, long long int now,
           struct ds *out)
{
    struct dpif_meter_config dp_config;
    struct dpif_meter_stats dp_stats;

    if (dpif_meter_get_config(dpif, meter_id, &dp_config)
        || dpif_meter_get(dpif, meter_id, &dp_stats)) {
        return false;
    }

    struct ofp_meter_config config;
    meter_config_to_ofp(meter_id, &dp_config, &config);
    ofp_meter_config_format(out, &config);
    ofp_meter_config_uninit(&config);

    long long int msec = MAX(now - dp_stats.created, 0);
    struct ofp_meter_band_stats bands[DPIF_MAX_BANDS];
    struct ofp_meter_stats stats = {
        .meter_id = meter_id,
        .flow_count = count_meter_flows(dpif, meter_id),
        .packet_in_count = dp_stats.n_packets,
        .byte_in_count = dp_stats.n_bytes,
        .duration_sec = msec / 1000,
        .duration_nsec = msec % 1000 * 1000000,
        .n_bands = dp_stats.n_bands,
        .bands = bands,
    };
    for (size_t i = 0; i < dp_stats.n_bands; i++) {
        bands[i].packet_count = dp_stats.bands[i].n_packets;
        bands[i].byte_count = dp_stats.bands[i].n_bytes;
    }
    ofp_meter_stats_format(out, &stats);
    return true;
}

/* Returns true if S is a keyword of the meter syntax without a value, so
 * that it cannot be a datapath name. */
static bool
is_meter_flag(const char *s)
{
    return (!strcmp(s, "kbps") || !strcmp(s, "pktps") || !strcmp(s, "burst")
            || !strcmp(s, "stats"));
}

/* "dpif-netdev/meter-add [DP] METER..." and "meter-mod": the words of
 * METER may be separate arguments. */
static void
meter_put(struct unixctl_conn *conn, int argc, const char *argv[],
          bool modify)
{
    struct ds out = DS_EMPTY_INITIALIZER, err = DS_EMPTY_INITIALIZER;
    int first = 1;

    if (argc > 2 && is_dp_name(argv[1]) && !is_meter_flag(argv[1])) {
        first = 2;
    }
    struct dpif *dpif = open_dp(first == 2 ? argv[1] : NULL, &err);
    if (dpif) {
        struct ds text = DS_EMPTY_INITIALIZER;
        for (int i = first; i < argc; i++) {
            ds_put_format(&text, "%s%s", i > first ? " " : "", argv[i]);
        }

        struct dpif_meter_config config, old;
        struct ofp_meter_mod mm;
        char *msg = ofp_meter_mod_from_string(ds_cstr(&text),
                                              (modify ? OFP_MC_MODIFY
                                               : OFP_MC_ADD), &mm);
        uint32_t meter_id = mm.meter.meter_id;
        if (msg) {
            ds_put_cstr(&err, msg);
            free(msg);
        } else if (!meter_config_from_ofp(&mm.meter, &config, &err)) {
            /* Already reported. */
        } else {
            bool exists = !dpif_meter_get_config(dpif, meter_id, &old);
            if (exists && !modify) {
                ds_put_format(&err, "meter %"PRIu32": already exists (use "
                              "dpif-netdev/meter-mod)", meter_id);
            } else if (!exists && modify) {
                ds_put_format(&err, "meter %"PRIu32": no such meter",
                              meter_id);
            } else if (dpif_meter_set(dpif, meter_id, config.flags,
                                      config.bands, config.n_bands,
                                      &msg)) {
                ds_put_format(&err, "%s: %s", dpif_name(dpif), msg);
                free(msg);
            }
        }
        ofp_meter_config_uninit(&mm.meter);
        ds_destroy(&text);
        dpif_close(dpif);
    }
    reply(conn, &out, &err);
}

static void
meter_add(struct unixctl_conn *conn, int argc, const char *argv[],
          void *aux SLUICE_UNUSED)
{
    meter_put(conn, argc, argv, false);
}

static void
meter_mod(struct unixctl_conn *conn, int argc, const char *argv[],
          void *aux SLUICE_UNUSED)
{
    meter_put(conn, argc, argv, true);
}

/* Parses "[DP] [meter=ID|meter=all]" for meter-del and meter-show;
 * *METER_ID is OFPM_ALL for every meter. */
static struct dpif *
parse_meter_select(int argc, const char *argv[], uint32_t *meter_id,
                   struct ds *err)
{
    const char *dp_name = NULL;

    *meter_id = OFPM_ALL;
    for (int i = 1; i < argc; i++) {
        if (!strncmp(argv[i], "meter=", 6)) {
            if (!ofp_meter_id_from_string(argv[i] + 6, meter_id)
                || (*meter_id >= DPIF_MAX_METERS && *meter_id != OFPM_ALL)) {
                ds_put_format(err, "%s: \"%s\" is not a meter id from 0 "
                              "to %u or \"all\"", argv[0], argv[i] + 6,
                              DPIF_MAX_METERS - 1);
                return NULL;
            }
        } else if (is_dp_name(argv[i]) && !dp_name) {
            dp_name = argv[i];
        } else {
            ds_put_format(err, "%s: unexpected argument \"%s\"", argv[0],
                          argv[i]);
            return NULL;
        }
    }
    return open_dp(dp_name, err);
}

/* Stores in *IDS (malloc'd) the meters that METER_ID selects and returns
 * their number. */
static size_t
select_meters(const struct dpif *dpif, uint32_t meter_id, uint32_t **ids)
{
    if (meter_id == OFPM_ALL) {
        return dpif_meter_list(dpif, ids);
    }
    *ids = xmalloc(sizeof **ids);
    **ids = meter_id;
    return 1;
}

static void
meter_del(struct unixctl_conn *conn, int argc, const char *argv[],
          void *aux SLUICE_UNUSED)
{
    struct ds out = DS_EMPTY_INITIALIZER, err = DS_EMPTY_INITIALIZER;
    uint32_t meter_id;
    struct dpif *dpif = parse_meter_select(argc, argv, &meter_id, &err);

    if (dpif) {
        uint32_t *ids;
        size_t n = select_meters(dpif, meter_id, &ids);
        for (size_t i = 0; i < n; i++) {
            if (dpif_meter_del(dpif, ids[i], NULL)) {
                ds_put_format(&err, "meter %"PRIu32": no such meter",
                              ids[i]);
            }
        }
        free(ids);
        dpif_close(dpif);
    }
    reply(conn, &out, &err);
}

static void
meter_show(struct unixctl_conn *conn, int argc, const char *argv[],
           void *aux SLUICE_UNUSED)
{
    struct ds out = DS_EMPTY_INITIALIZER, err = DS_EMPTY_INITIALIZER;
    uint32_t meter_id;
    struct dpif *dpif = parse_meter_select(argc, argv, &meter_id, &err);

    if (dpif) {
        long long int now = time_msec();
        uint32_t *ids;
        size_t n = select_meters(dpif, meter_id, &ids);
        for (size_t i = 0; i < n; i++) {
            if (!show_meter(dpif, ids[i], now, &out)
                && meter_id != OFPM_ALL) {
                ds_put_format(&err, "meter %"PRIu32": no such meter",
                              ids[i]);
            }
        }
        free(ids);
        dpif_close(dpif);
    }
    reply(conn, &out, &err);
}

void
dpctl_unixctl_register(void)
{
    unixctl_command_register("dpctl/add-dp", "dp [iface...]", 1, INT_MAX,
                             dpctl_add_dp, NULL);
    unixctl_command_register("dpctl/del-dp", "dp", 1, 1, dpctl_del_dp, NULL);
    unixctl_command_register("dpctl/dump-dps", "", 0, 0, dpctl_dump_dps,
                             NULL);
    unixctl_command_register("dpctl/add-if", "dp iface...", 2, INT_MAX,
                             dpctl_add_if, NULL);
    unixctl_command_register("dpctl/set-if", "dp iface...", 2, INT_MAX,
                             dpctl_set_if, NULL);
    unixctl_command_register("dpctl/del-if", "dp iface...", 2, INT_MAX,
                             dpctl_del_if, NULL);
    unixctl_command_register("dpctl/show", "[-s] [dp...]", 0, INT_MAX,
                             dpctl_show, NULL);
    unixctl_command_register("dpctl/dump-flows", "[-m] [dp] [pmd=core]",
                             0, 3, dpctl_dump_flows, NULL);
    unixctl_command_register("dpctl/add-flow", "[-s] [dp] flow actions",
                             2, 4, dpctl_add_flow, NULL);
    unixctl_command_register("dpctl/mod-flow",
                             "[--clear] [--may-create] [-s] [dp] flow "
                             "actions", 2, 6, dpctl_mod_flow, NULL);
    unixctl_command_register("dpctl/get-flow", "[dp] flow|ufid", 1, 2,
                             dpctl_get_flow, NULL);
    unixctl_command_register("dpctl/del-flow", "[-s] [dp] flow|ufid", 1, 3,
                             dpctl_del_flow, NULL);
    unixctl_command_register("dpctl/del-flows", "[dp]", 0, 1,
                             dpctl_del_flows, NULL);
    unixctl_command_register("dpif-netdev/pmd-stats-show",
                             "[-pmd core] [dp]", 0, 3, pmd_stats_show, NULL);
    unixctl_command_register("dpif-netdev/pmd-stats-clear", "[dp]", 0, 1,
                             pmd_stats_clear, NULL);
    unixctl_command_register("dpif-netdev/pmd-rxq-show", "[-pmd core] [dp]",
                             0, 3, pmd_rxq_show, NULL);
    unixctl_command_register("dpif-netdev/pmd-rxq-rebalance", "[dp]", 0, 1,
                             pmd_rxq_rebalance, NULL);
    unixctl_command_register("dpif-netdev/set-config",
                             "[dp] key=value[,key=value...]", 1, 2,
                             set_config, NULL);
    unixctl_command_register("dpif-netdev/meter-add", "[dp] meter", 1,
                             INT_MAX, meter_add, NULL);
    unixctl_command_register("dpif-netdev/meter-mod", "[dp] meter", 1,
                             INT_MAX, meter_mod, NULL);
    unixctl_command_register("dpif-netdev/meter-del",
                             "[dp] [meter=id|all]", 0, 2, meter_del, NULL);
    unixctl_command_register("dpif-netdev/meter-show",
                             "[dp] [meter=id|all]", 0, 2, meter_show, NULL);
}
