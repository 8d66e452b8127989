/*
 * sluice-vsctl: configures Sluice (or Open vSwitch) through its OVSDB
 * database, with the commands, options, output and exit status of
 * ovs-vsctl.
 *
 *   sluice-vsctl [OPTIONS] COMMAND [ARG...] [-- [OPTIONS] COMMAND [ARG...]]
 *
 * Design.  One invocation is one database transaction, made optimistic:
 *
 *   1. Every command line is parsed and checked before connecting.
 *   2. The whole database is read with one "transact" of one "select" per
 *      table (a consistent snapshot) into an in-memory replica
 *      (ovsdb/ovsdb-db.h).
 *   3. The commands run in order against the replica, through vsctl-db.h,
 *      which keeps a local, never committed transaction: later commands
 *      see earlier ones' effects, and "@name"s of --id link them.
 *   4. The difference between the replica and the snapshot becomes one
 *      "transact": for each table that a command read, a "wait" that its
 *      rows are still those of the snapshot, with the same configuration
 *      (every column but the status ones the switch keeps writing, such as
 *      ofport, link_state or statistics, and next_cfg), then the
 *      inserts, updates and deletes (rows of non-root tables are left to
 *      the server's garbage collection, as Open vSwitch's IDL does), then,
 *      unless --no-wait, "next_cfg" += 1 and a "select" that tells its new
 *      value, and a comment.  If a "wait" fails, something changed under
 *      us: everything is read and run again from step 2.
 *   5. After the commit, unless --no-wait, a "monitor" of Open_vSwitch's
 *      cur_cfg waits until the switch has applied the new configuration
 *      (cur_cfg >= next_cfg), and the interfaces that add-br, add-port and
 *      add-bond created are checked for ofport -1.  Then the commands'
 *      output is printed.
 *
 * wait-until polls: when its condition does not hold, steps 2-3 run again
 * every 100 ms until it does or --timeout ends the process.
 */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "command-line.h"
#include "dirs.h"
#include "dynamic-string.h"
#include "json.h"
#include "jsonrpc.h"
#include "ovsdb/ovsdb-db.h"
#include "ovsdb/ovsdb-error.h"
#include "ovsdb/ovsdb-schema.h"
#include "shash.h"
#include "stream.h"
#include "timeval.h"
#include "util.h"
#include "vlog.h"
#include "vsctl-db.h"

VLOG_DEFINE_THIS_MODULE(vsctl);
/* Transaction errors are logged under the name Open vSwitch's IDL logs
 * them with, so that both programs print the same. */
VLOG_DEFINE_MODULE(ovsdb_idl);

/* Options. */
static char *db_remote;
static bool no_wait;
static bool dry_run;
static bool oneline;
static bool retry;
static unsigned int timeout_secs;
static struct vsctl_style style = { VSF_LIST, VSD_DEFAULT, true, false };

/* The bridge commands' view of the database. */
struct vbridge {
    char *name;
    struct uuid row;            /* Bridge row (the parent's if fake). */
    struct vbridge *parent;     /* Null for a real bridge. */
    int vlan;                   /* 0 for a real bridge. */
};

struct vport {
    char *name;
    struct uuid uuid;
    struct vbridge *br;
};

struct viface {
    char *name;
    struct uuid uuid;
    struct vport *port;
};

struct vsctl_state {
    bool valid;
    struct shash bridges;       /* Name -> struct vbridge *. */
    struct shash ports;         /* Name -> struct vport *. */
    struct shash ifaces;        /* Name -> struct viface *. */
    struct uuid *new_ifaces;    /* Local uuids of interfaces to check. */
    size_t n_new_ifaces, allocated_new_ifaces;
};

static void
cache_clear(struct vsctl_state *st)
{
    struct shash_node *node;

    SHASH_FOR_EACH (node, &st->bridges) {
        struct vbridge *b = node->data;
        free(b->name);
        free(b);
    }
    SHASH_FOR_EACH (node, &st->ports) {
        struct vport *p = node->data;
        free(p->name);
        free(p);
    }
    SHASH_FOR_EACH (node, &st->ifaces) {
        struct viface *i = node->data;
        free(i->name);
        free(i);
    }
    shash_clear(&st->bridges);
    shash_clear(&st->ports);
    shash_clear(&st->ifaces);
    st->valid = false;
}

static void
invalidate_cache(struct vsctl_context *ctx)
{
    cache_clear(ctx->aux);
}

static struct vbridge *
add_vbridge(struct vsctl_state *st, const char *name, const struct uuid *row,
            struct vbridge *parent, int vlan)
{
    struct vbridge *b = xzalloc(sizeof *b);
    b->name = xstrdup(name);
    b->row = *row;
    b->parent = parent;
    b->vlan = vlan;
    shash_add(&st->bridges, name, b);
    return b;
}

static struct vport *
add_vport(struct vsctl_state *st, const char *name, const struct uuid *uuid,
          struct vbridge *br)
{
    struct vport *p = xzalloc(sizeof *p);
    p->name = xstrdup(name);
    p->uuid = *uuid;
    p->br = br;
    shash_add(&st->ports, name, p);
    return p;
}

static struct viface *
add_viface(struct vsctl_state *st, const char *name, const struct uuid *uuid,
           struct vport *port)
{
    struct viface *i = xzalloc(sizeof *i);
    i->name = xstrdup(name);
    i->uuid = *uuid;
    i->port = port;
    shash_add(&st->ifaces, name, i);
    return i;
}

/* Returns the VLAN of a port that stands for a fake bridge, or -1. */
static int
fake_bridge_vlan(const struct ovsdb_row *port)
{
    const struct ovsdb_datum *fake = vsctl_get(port, "fake_bridge");
    long long tag = vsctl_get_int(port, "tag", -1);
    if (fake->n && fake->keys[0].boolean && tag >= 0 && tag <= 4095) {
        return tag;
    }
    return -1;
}

static struct vsctl_state *
get_cache(struct vsctl_context *ctx)
{
    struct vsctl_state *st = ctx->aux;
    if (st->valid) {
        return st;
    }
    st->valid = true;

    struct ovsdb_row *ovs = vsctl_ctx_ovs(ctx);
    struct ovsdb_table *bt = vsctl_ctx_table(ctx, "Bridge");
    struct ovsdb_table *pt = vsctl_ctx_table(ctx, "Port");
    struct ovsdb_table *it = vsctl_ctx_table(ctx, "Interface");
    const struct ovsdb_datum *brs = vsctl_get(ovs, "bridges");

    for (size_t i = 0; i < brs->n; i++) {
        const struct ovsdb_row *br = vsctl_ctx_find_row(ctx, bt,
                                                        &brs->keys[i].uuid);
        if (!br) {
            continue;
        }
        const char *name = vsctl_get_string(br, "name");
        if (shash_find(&st->bridges, name)) {
            VLOG_WARN("%s: database contains duplicate bridge name", name);
            continue;
        }
        struct vbridge *vb = add_vbridge(st, name, &brs->keys[i].uuid, NULL,
                                         0);
        const struct ovsdb_datum *ports = vsctl_get(br, "ports");
        for (size_t j = 0; j < ports->n; j++) {
            const struct ovsdb_row *port
                = vsctl_ctx_find_row(ctx, pt, &ports->keys[j].uuid);
            if (!port) {
                continue;
            }
            const char *pname = vsctl_get_string(port, "name");
            int vlan = fake_bridge_vlan(port);
            if (vlan >= 0 && strcmp(pname, name)
                && !shash_find(&st->bridges, pname)) {
                add_vbridge(st, pname, &brs->keys[i].uuid, vb, vlan);
            }
        }
    }

    for (size_t i = 0; i < brs->n; i++) {
        const struct ovsdb_row *br = vsctl_ctx_find_row(ctx, bt,
                                                        &brs->keys[i].uuid);
        if (!br) {
            continue;
        }
        struct vbridge *vb = shash_find_data(&st->bridges,
                                             vsctl_get_string(br, "name"));
        if (!vb || vb->parent || !uuid_equals(&vb->row, &brs->keys[i].uuid)) {
            continue;
        }
        const struct ovsdb_datum *ports = vsctl_get(br, "ports");
        for (size_t j = 0; j < ports->n; j++) {
            const struct ovsdb_row *port
                = vsctl_ctx_find_row(ctx, pt, &ports->keys[j].uuid);
            if (!port) {
                continue;
            }
            const char *pname = vsctl_get_string(port, "name");
            if (shash_find(&st->ports, pname)) {
                continue;
            }
            struct vbridge *owner = vb;
            int vlan = fake_bridge_vlan(port);
            long long tag = vsctl_get_int(port, "tag", -1);
            if (vlan >= 0 && strcmp(pname, vb->name)) {
                struct vbridge *fb = shash_find_data(&st->bridges, pname);
                if (fb && fb->parent == vb) {
                    owner = fb;
                }
            } else if (tag >= 0 && tag <= 4095) {
                struct shash_node *node;
                SHASH_FOR_EACH (node, &st->bridges) {
                    struct vbridge *fb = node->data;
                    if (fb->parent == vb && fb->vlan == tag) {
                        owner = fb;
                        break;
                    }
                }
            }
            struct vport *vp = add_vport(st, pname, &ports->keys[j].uuid,
                                         owner);
            const struct ovsdb_datum *ifs = vsctl_get(port, "interfaces");
            for (size_t k = 0; k < ifs->n; k++) {
                const struct ovsdb_row *iface
                    = vsctl_ctx_find_row(ctx, it, &ifs->keys[k].uuid);
                if (!iface) {
                    continue;
                }
                const char *iname = vsctl_get_string(iface, "name");
                if (!shash_find(&st->ifaces, iname)) {
                    add_viface(st, iname, &ifs->keys[k].uuid, vp);
                }
            }
        }
    }
    return st;
}

static struct vbridge *
find_bridge(struct vsctl_context *ctx, const char *name, bool must_exist)
{
    struct vbridge *b = shash_find_data(&get_cache(ctx)->bridges, name);
    if (!b && must_exist) {
        vsctl_fatal("no bridge named %s", name);
    }
    return b;
}

static struct vbridge *
real_bridge(struct vbridge *b)
{
    return b->parent ? b->parent : b;
}

static struct vport *
find_port(struct vsctl_context *ctx, const char *name, bool must_exist)
{
    struct vport *p = shash_find_data(&get_cache(ctx)->ports, name);
    if (p && !strcmp(p->name, p->br->name) && !p->br->parent) {
        /* A bridge's own port is not a port for these commands. */
        p = NULL;
    }
    if (!p && must_exist) {
        vsctl_fatal("no port named %s", name);
    }
    return p;
}

static struct viface *
find_iface(struct vsctl_context *ctx, const char *name, bool must_exist)
{
    struct viface *i = shash_find_data(&get_cache(ctx)->ifaces, name);
    if (i && !strcmp(i->name, i->port->br->name)) {
        i = NULL;
    }
    if (!i && must_exist) {
        vsctl_fatal("no interface named %s", name);
    }
    return i;
}

static void
check_conflicts(struct vsctl_context *ctx, const char *name, const char *msg)
{
    struct vsctl_state *st = get_cache(ctx);
    struct vbridge *b = shash_find_data(&st->bridges, name);
    struct vport *p = shash_find_data(&st->ports, name);
    struct viface *i = shash_find_data(&st->ifaces, name);

    if (b) {
        vsctl_fatal("%s because a bridge named %s already exists", msg, name);
    }
    if (p) {
        vsctl_fatal("%s because a port named %s already exists on bridge %s",
                    msg, name, p->br->name);
    }
    if (i) {
        vsctl_fatal("%s because an interface named %s already exists on "
                    "bridge %s", msg, name, i->port->br->name);
    }
}

static int
compare_strings(const void *a_, const void *b_)
{
    const char *const *a = a_;
    const char *const *b = b_;
    return strcmp(*a, *b);
}

/* Prints the N strings NAMES sorted, one a line. */
static void
output_sorted(struct vsctl_context *ctx, const char **names, size_t n)
{
    qsort(names, n, sizeof *names, compare_strings);
    for (size_t i = 0; i < n; i++) {
        ds_put_format(ctx->output, "%s\n", names[i]);
    }
}

static struct ovsdb_row *
row_of(struct vsctl_context *ctx, const char *table, const struct uuid *uuid)
{
    struct ovsdb_row *row = vsctl_ctx_find_row(
        ctx, vsctl_ctx_table(ctx, table), uuid);
    if (!row) {
        vsctl_fatal("%s row vanished", table);
    }
    return row;
}

static struct ovsdb_row *
insert_row(struct vsctl_context *ctx, const char *table)
{
    return vsctl_ctx_insert(ctx, vsctl_ctx_table(ctx, table), NULL);
}

static struct ovsdb_row *
set_string(struct vsctl_context *ctx, struct ovsdb_row *row,
           const char *column, const char *value)
{
    struct ovsdb_datum d;
    vsctl_datum_string(&d, value);
    return vsctl_ctx_set(ctx, row, column, &d);
}

static struct ovsdb_row *
set_empty(struct vsctl_context *ctx, const struct ovsdb_row *row,
          const char *column)
{
    struct ovsdb_datum d;
    ovsdb_datum_init_empty(&d);
    return vsctl_ctx_set(ctx, row, column, &d);
}

static void
remember_new_iface(struct vsctl_context *ctx, const struct ovsdb_row *iface)
{
    struct vsctl_state *st = ctx->aux;
    if (st->n_new_ifaces >= st->allocated_new_ifaces) {
        st->new_ifaces = x2nrealloc(st->new_ifaces,
                                    &st->allocated_new_ifaces,
                                    sizeof *st->new_ifaces);
    }
    st->new_ifaces[st->n_new_ifaces++] = *ovsdb_row_get_uuid(iface);
}

/* Inserts an Interface named NAME (of TYPE if nonnull) and returns its
 * uuid. */
static struct uuid
new_iface(struct vsctl_context *ctx, const char *name, const char *type)
{
    struct ovsdb_row *iface = insert_row(ctx, "Interface");
    iface = set_string(ctx, iface, "name", name);
    if (type) {
        iface = set_string(ctx, iface, "type", type);
    }
    remember_new_iface(ctx, iface);
    return *ovsdb_row_get_uuid(iface);
}

/* Commands. */

static void
cmd_init(struct vsctl_context *ctx SLUICE_UNUSED)
{
}

static void
cmd_add_br(struct vsctl_context *ctx)
{
    bool may_exist = vsctl_has_option(ctx, "--may-exist");
    const char *name = ctx->argv[1];
    const char *parent_name = NULL;
    int vlan = 0;

    if (ctx->argc == 2) {
        /* A real bridge. */
    } else if (ctx->argc == 4) {
        parent_name = ctx->argv[2];
        if (!str_to_int(ctx->argv[3], 10, &vlan) || vlan < 0
            || vlan > 4095) {
            vsctl_fatal("%s: vlan must be between 0 and 4095", ctx->argv[0]);
        }
    } else {
        vsctl_fatal("'%s' command takes exactly 1 or 3 arguments",
                    ctx->argv[0]);
    }

    if (may_exist) {
        struct vbridge *b = find_bridge(ctx, name, false);
        if (b) {
            if (!parent_name) {
                if (b->parent) {
                    vsctl_fatal("\"--may-exist add-br %s\" but %s is a VLAN "
                                "bridge for VLAN %d", name, name, b->vlan);
                }
            } else {
                struct vbridge *parent = find_bridge(ctx, parent_name, true);
                if (!b->parent) {
                    vsctl_fatal("\"--may-exist add-br %s %s %d\" but %s is "
                                "not a VLAN bridge", name, parent_name, vlan,
                                name);
                } else if (b->parent != parent) {
                    vsctl_fatal("\"--may-exist add-br %s %s %d\" but %s has "
                                "the wrong parent %s", name, parent_name,
                                vlan, name, b->parent->name);
                } else if (b->vlan != vlan) {
                    vsctl_fatal("\"--may-exist add-br %s %s %d\" but %s is a "
                                "VLAN bridge for the wrong VLAN %d", name,
                                parent_name, vlan, name, b->vlan);
                }
            }
            return;
        }
    }
    char *msg = xasprintf("cannot create a bridge named %s", name);
    check_conflicts(ctx, name, msg);
    free(msg);

    if (!parent_name) {
        struct uuid iface = new_iface(ctx, name, "internal");
        struct ovsdb_row *port = insert_row(ctx, "Port");
        port = set_string(ctx, port, "name", name);
        struct ovsdb_datum d;
        vsctl_datum_uuids(&d, &iface, 1);
        port = vsctl_ctx_set(ctx, port, "interfaces", &d);
        struct uuid port_uuid = *ovsdb_row_get_uuid(port);

        struct ovsdb_row *br = insert_row(ctx, "Bridge");
        br = set_string(ctx, br, "name", name);
        vsctl_datum_uuids(&d, &port_uuid, 1);
        br = vsctl_ctx_set(ctx, br, "ports", &d);
        struct uuid br_uuid = *ovsdb_row_get_uuid(br);
        vsctl_add_uuid(ctx, vsctl_ctx_ovs(ctx), "bridges", &br_uuid);
    } else {
        struct vbridge *parent = find_bridge(ctx, parent_name, false);
        if (!parent) {
            vsctl_fatal("parent bridge %s does not exist", parent_name);
        }
        if (parent->parent) {
            vsctl_fatal("cannot create bridge with fake bridge as parent");
        }
        struct uuid iface = new_iface(ctx, name, "internal");
        struct ovsdb_row *port = insert_row(ctx, "Port");
        port = set_string(ctx, port, "name", name);
        struct ovsdb_datum d;
        vsctl_datum_uuids(&d, &iface, 1);
        port = vsctl_ctx_set(ctx, port, "interfaces", &d);
        vsctl_datum_bool(&d, true);
        port = vsctl_ctx_set(ctx, port, "fake_bridge", &d);
        vsctl_datum_int(&d, vlan);
        port = vsctl_ctx_set(ctx, port, "tag", &d);
        struct uuid port_uuid = *ovsdb_row_get_uuid(port);
        vsctl_add_uuid(ctx, row_of(ctx, "Bridge", &parent->row), "ports",
                       &port_uuid);
    }
    invalidate_cache(ctx);
}

/* Deletes port P: its rows and its place in its bridge. */
static void
del_port(struct vsctl_context *ctx, struct vport *p)
{
    struct ovsdb_row *br = row_of(ctx, "Bridge", &real_bridge(p->br)->row);
    vsctl_remove_uuid(ctx, br, "ports", &p->uuid);

    struct ovsdb_row *port = row_of(ctx, "Port", &p->uuid);
    const struct ovsdb_datum *ifs = vsctl_get(port, "interfaces");
    struct ovsdb_table *it = vsctl_ctx_table(ctx, "Interface");
    size_t n = ifs->n;
    struct uuid *uuids = xmalloc((n + 1) * sizeof *uuids);
    for (size_t i = 0; i < n; i++) {
        uuids[i] = ifs->keys[i].uuid;
    }
    vsctl_ctx_delete(ctx, port);
    for (size_t i = 0; i < n; i++) {
        struct ovsdb_row *iface = vsctl_ctx_find_row(ctx, it, &uuids[i]);
        if (iface) {
            vsctl_ctx_delete(ctx, iface);
        }
    }
    free(uuids);
}

static void
del_bridge(struct vsctl_context *ctx, struct vbridge *b)
{
    struct vsctl_state *st = get_cache(ctx);
    struct shash_node *node;
    size_t n = 0;
    struct vport **ports = xmalloc((shash_count(&st->ports) + 1)
                                   * sizeof *ports);

    SHASH_FOR_EACH (node, &st->ports) {
        struct vport *p = node->data;
        if (p->br == b || p->br->parent == b) {
            ports[n++] = p;
        }
    }
    for (size_t i = 0; i < n; i++) {
        del_port(ctx, ports[i]);
    }
    free(ports);
    if (!b->parent) {
        vsctl_remove_uuid(ctx, vsctl_ctx_ovs(ctx), "bridges", &b->row);
        vsctl_ctx_delete(ctx, row_of(ctx, "Bridge", &b->row));
    }
    invalidate_cache(ctx);
}

static void
cmd_del_br(struct vsctl_context *ctx)
{
    bool must_exist = !vsctl_has_option(ctx, "--if-exists");
    struct vbridge *b = find_bridge(ctx, ctx->argv[1], must_exist);
    if (b) {
        del_bridge(ctx, b);
    }
}

static void
cmd_list_br(struct vsctl_context *ctx)
{
    struct vsctl_state *st = get_cache(ctx);
    bool real = vsctl_has_option(ctx, "--real");
    bool fake = vsctl_has_option(ctx, "--fake");
    const char **names = xmalloc((shash_count(&st->bridges) + 1)
                                 * sizeof *names);
    struct shash_node *node;
    size_t n = 0;

    if (!real && !fake) {
        real = fake = true;
    }
    SHASH_FOR_EACH (node, &st->bridges) {
        struct vbridge *b = node->data;
        if (b->parent ? fake : real) {
            names[n++] = b->name;
        }
    }
    output_sorted(ctx, names, n);
    free(names);
}

static void
cmd_br_exists(struct vsctl_context *ctx)
{
    if (!find_bridge(ctx, ctx->argv[1], false)) {
        fflush(stdout);
        fflush(stderr);
        _exit(2);
    }
}

static void
cmd_br_to_vlan(struct vsctl_context *ctx)
{
    struct vbridge *b = find_bridge(ctx, ctx->argv[1], true);
    ds_put_format(ctx->output, "%d\n", b->vlan);
}

static void
cmd_br_to_parent(struct vsctl_context *ctx)
{
    struct vbridge *b = find_bridge(ctx, ctx->argv[1], true);
    ds_put_format(ctx->output, "%s\n", real_bridge(b)->name);
}

static void
cmd_list_ports(struct vsctl_context *ctx)
{
    struct vbridge *b = find_bridge(ctx, ctx->argv[1], true);
    struct vsctl_state *st = get_cache(ctx);
    const char **names = xmalloc((shash_count(&st->ports) + 1)
                                 * sizeof *names);
    struct shash_node *node;
    size_t n = 0;

    SHASH_FOR_EACH (node, &st->ports) {
        struct vport *p = node->data;
        if (p->br == b && strcmp(p->name, b->name)) {
            names[n++] = p->name;
        }
    }
    output_sorted(ctx, names, n);
    free(names);
}

static void
cmd_list_ifaces(struct vsctl_context *ctx)
{
    struct vbridge *b = find_bridge(ctx, ctx->argv[1], true);
    struct vsctl_state *st = get_cache(ctx);
    const char **names = xmalloc((shash_count(&st->ifaces) + 1)
                                 * sizeof *names);
    struct shash_node *node;
    size_t n = 0;

    SHASH_FOR_EACH (node, &st->ifaces) {
        struct viface *i = node->data;
        if (i->port->br == b && strcmp(i->name, b->name)) {
            names[n++] = i->name;
        }
    }
    output_sorted(ctx, names, n);
    free(names);
}

/* add-port and add-bond. */
static void
add_port(struct vsctl_context *ctx, const char *br_name,
         const char *port_name, bool may_exist, bool fake_iface,
         char **iface_names, int n_ifaces, char **settings, int n_settings)
{
    struct vsctl_state *st = get_cache(ctx);

    if (may_exist) {
        struct vport *p = find_port(ctx, port_name, false);
        struct ds cmd = DS_EMPTY_INITIALIZER;
        ds_put_cstr(&cmd, "--may-exist");
        for (int i = 0; i < ctx->argc; i++) {
            ds_put_format(&cmd, " %s", ctx->argv[i]);
        }
        if (p) {
            struct vbridge *b = find_bridge(ctx, br_name, true);
            if (p->br != b) {
                if (p->br->parent == b) {
                    vsctl_fatal("\"%s\" but %s is actually attached to "
                                "VLAN bridge %s", ds_cstr(&cmd), port_name,
                                p->br->name);
                }
                vsctl_fatal("\"%s\" but %s is actually attached to bridge "
                            "%s", ds_cstr(&cmd), port_name, p->br->name);
            }
            /* Compare the interfaces. */
            const char **want = xmalloc((n_ifaces + 1) * sizeof *want);
            const char **have = xmalloc((shash_count(&st->ifaces) + 1)
                                        * sizeof *have);
            size_t n_have = 0;
            struct shash_node *node;
            for (int i = 0; i < n_ifaces; i++) {
                want[i] = iface_names[i];
            }
            SHASH_FOR_EACH (node, &st->ifaces) {
                struct viface *vi = node->data;
                if (vi->port == p) {
                    have[n_have++] = vi->name;
                }
            }
            qsort(want, n_ifaces, sizeof *want, compare_strings);
            qsort(have, n_have, sizeof *have, compare_strings);
            bool same = n_have == (size_t) n_ifaces;
            for (size_t i = 0; same && i < n_have; i++) {
                same = !strcmp(want[i], have[i]);
            }
            if (!same) {
                struct ds w = DS_EMPTY_INITIALIZER;
                struct ds h = DS_EMPTY_INITIALIZER;
                for (int i = 0; i < n_ifaces; i++) {
                    ds_put_format(&w, "%s%s", i ? ", " : "", want[i]);
                }
                for (size_t i = 0; i < n_have; i++) {
                    ds_put_format(&h, "%s%s", i ? ", " : "", have[i]);
                }
                vsctl_fatal("\"%s\" but %s actually has interface(s) %s",
                            ds_cstr(&cmd), port_name, ds_cstr(&h));
            }
            free(want);
            free(have);
            ds_destroy(&cmd);
            return;
        }
        ds_destroy(&cmd);
    }

    char *msg = xasprintf("cannot create a port named %s", port_name);
    check_conflicts(ctx, port_name, msg);
    free(msg);
    for (int i = 0; i < n_ifaces; i++) {
        msg = xasprintf("cannot create an interface named %s",
                        iface_names[i]);
        check_conflicts(ctx, iface_names[i], msg);
        free(msg);
    }
    struct vbridge *b = find_bridge(ctx, br_name, true);

    struct uuid *ifaces = xmalloc(n_ifaces * sizeof *ifaces);
    for (int i = 0; i < n_ifaces; i++) {
        ifaces[i] = new_iface(ctx, iface_names[i], NULL);
    }
    struct ovsdb_row *port = insert_row(ctx, "Port");
    port = set_string(ctx, port, "name", port_name);
    struct ovsdb_datum d;
    vsctl_datum_uuids(&d, ifaces, n_ifaces);
    port = vsctl_ctx_set(ctx, port, "interfaces", &d);
    if (fake_iface) {
        vsctl_datum_bool(&d, true);
        port = vsctl_ctx_set(ctx, port, "bond_fake_iface", &d);
    }
    if (b->parent) {
        vsctl_datum_int(&d, b->vlan);
        port = vsctl_ctx_set(ctx, port, "tag", &d);
    }
    struct uuid port_uuid = *ovsdb_row_get_uuid(port);

    /* Settings may change anything; the cache is kept only without. */
    void (*invalidate)(struct vsctl_context *) = ctx->invalidate;
    ctx->invalidate = NULL;
    vsctl_set_columns(ctx, port, settings, n_settings);
    ctx->invalidate = invalidate;

    vsctl_add_uuid(ctx, row_of(ctx, "Bridge", &real_bridge(b)->row),
                   "ports", &port_uuid);
    if (n_settings) {
        invalidate_cache(ctx);
    } else {
        struct vport *vp = add_vport(st, port_name, &port_uuid, b);
        for (int i = 0; i < n_ifaces; i++) {
            if (!shash_find(&st->ifaces, iface_names[i])) {
                add_viface(st, iface_names[i], &ifaces[i], vp);
            }
        }
    }
    free(ifaces);
}

static void
cmd_add_port(struct vsctl_context *ctx)
{
    add_port(ctx, ctx->argv[1], ctx->argv[2],
             vsctl_has_option(ctx, "--may-exist"), false, &ctx->argv[2], 1,
             &ctx->argv[3], ctx->argc - 3);
}

static void
cmd_add_bond(struct vsctl_context *ctx)
{
    int n_ifaces;

    for (n_ifaces = 3; n_ifaces < ctx->argc; n_ifaces++) {
        if (strchr(ctx->argv[n_ifaces], '=')) {
            break;
        }
    }
    n_ifaces -= 3;
    if (n_ifaces < 2) {
        vsctl_fatal("add-bond requires at least 2 interfaces, but only %d "
                    "were specified", n_ifaces);
    }
    add_port(ctx, ctx->argv[1], ctx->argv[2],
             vsctl_has_option(ctx, "--may-exist"),
             vsctl_has_option(ctx, "--fake-iface"), &ctx->argv[3], n_ifaces,
             &ctx->argv[3 + n_ifaces], ctx->argc - 3 - n_ifaces);
}

static void
cmd_del_port(struct vsctl_context *ctx)
{
    bool must_exist = !vsctl_has_option(ctx, "--if-exists");
    bool with_iface = vsctl_has_option(ctx, "--with-iface");
    const char *target = ctx->argv[ctx->argc - 1];
    struct vport *p = find_port(ctx, target, false);

    if (!p && with_iface) {
        struct viface *i = find_iface(ctx, target, false);
        if (i) {
            p = i->port;
        }
    }
    if (!p) {
        if (must_exist) {
            vsctl_fatal("no %s named %s",
                        with_iface ? "port or interface" : "port", target);
        }
        return;
    }
    if (ctx->argc == 3) {
        struct vbridge *b = find_bridge(ctx, ctx->argv[1], true);
        if (p->br != b) {
            if (p->br->parent == b) {
                vsctl_fatal("bridge %s does not have a port %s (although "
                            "its child bridge %s does)", ctx->argv[1],
                            ctx->argv[2], p->br->name);
            }
            vsctl_fatal("bridge %s does not have a port %s", ctx->argv[1],
                        ctx->argv[2]);
        }
    }
    del_port(ctx, p);
    invalidate_cache(ctx);
}

static void
cmd_port_to_br(struct vsctl_context *ctx)
{
    struct vport *p = find_port(ctx, ctx->argv[1], true);
    ds_put_format(ctx->output, "%s\n", p->br->name);
}

static void
cmd_iface_to_br(struct vsctl_context *ctx)
{
    struct viface *i = find_iface(ctx, ctx->argv[1], true);
    ds_put_format(ctx->output, "%s\n", i->port->br->name);
}

/* Prints the sorted "target"s of the rows of TABLE in uuid-set COLUMN of
 * ROW. */
static void
output_targets(struct vsctl_context *ctx, const struct ovsdb_row *row,
               const char *column, const char *table)
{
    const struct ovsdb_datum *d = vsctl_get(row, column);
    struct ovsdb_table *t = vsctl_ctx_table(ctx, table);
    const char **names = xmalloc((d->n + 1) * sizeof *names);
    size_t n = 0;

    for (size_t i = 0; i < d->n; i++) {
        const struct ovsdb_row *r = vsctl_ctx_find_row(ctx, t,
                                                       &d->keys[i].uuid);
        if (r) {
            names[n++] = vsctl_get_string(r, "target");
        }
    }
    output_sorted(ctx, names, n);
    free(names);
}

/* Deletes the rows of TABLE in uuid-set COLUMN of ROW and clears it. */
static struct ovsdb_row *
delete_targets(struct vsctl_context *ctx, const struct ovsdb_row *row,
               const char *column, const char *table)
{
    const struct ovsdb_datum *d = vsctl_get(row, column);
    struct ovsdb_table *t = vsctl_ctx_table(ctx, table);

    for (size_t i = 0; i < d->n; i++) {
        const struct ovsdb_row *r = vsctl_ctx_find_row(ctx, t,
                                                       &d->keys[i].uuid);
        if (r) {
            vsctl_ctx_delete(ctx, r);
        }
    }
    return set_empty(ctx, row, column);
}

/* Replaces the rows of TABLE in COLUMN of ROW by new ones with TARGETS. */
static void
set_targets(struct vsctl_context *ctx, const struct ovsdb_row *row,
            const char *column, const char *table, char **targets, int n)
{
    struct uuid row_uuid = *ovsdb_row_get_uuid(row);
    const char *row_table = row->table->schema->name;
    struct uuid *uuids = xmalloc((n + 1) * sizeof *uuids);

    delete_targets(ctx, row, column, table);
    for (int i = 0; i < n; i++) {
        struct ovsdb_row *r = insert_row(ctx, table);
        r = set_string(ctx, r, "target", targets[i]);
        uuids[i] = *ovsdb_row_get_uuid(r);
    }
    struct ovsdb_datum d;
    vsctl_datum_uuids(&d, uuids, n);
    vsctl_ctx_set(ctx, row_of(ctx, row_table, &row_uuid), column, &d);
    free(uuids);
}

/* Returns the Bridge row of the real bridge NAME (not fake). */
static struct ovsdb_row *
only_real_bridge_row(struct vsctl_context *ctx, const char *name)
{
    struct vbridge *b = find_bridge(ctx, name, true);
    if (b->parent) {
        vsctl_fatal("%s is a fake bridge", name);
    }
    return row_of(ctx, "Bridge", &b->row);
}

static struct ovsdb_row *
real_bridge_row(struct vsctl_context *ctx, const char *name)
{
    struct vbridge *b = real_bridge(find_bridge(ctx, name, true));
    return row_of(ctx, "Bridge", &b->row);
}

static void
cmd_get_controller(struct vsctl_context *ctx)
{
    output_targets(ctx, real_bridge_row(ctx, ctx->argv[1]), "controller",
                   "Controller");
}

static void
cmd_del_controller(struct vsctl_context *ctx)
{
    delete_targets(ctx, only_real_bridge_row(ctx, ctx->argv[1]), "controller",
                   "Controller");
}

static void
cmd_set_controller(struct vsctl_context *ctx)
{
    set_targets(ctx, only_real_bridge_row(ctx, ctx->argv[1]), "controller",
                "Controller", &ctx->argv[2], ctx->argc - 2);
}

static void
cmd_get_fail_mode(struct vsctl_context *ctx)
{
    const char *mode = vsctl_get_string(real_bridge_row(ctx, ctx->argv[1]),
                                        "fail_mode");
    if (mode && mode[0]) {
        ds_put_format(ctx->output, "%s\n", mode);
    }
}

static void
cmd_del_fail_mode(struct vsctl_context *ctx)
{
    set_empty(ctx, only_real_bridge_row(ctx, ctx->argv[1]), "fail_mode");
}

static void
cmd_set_fail_mode(struct vsctl_context *ctx)
{
    const char *mode = ctx->argv[2];
    struct ovsdb_row *br = only_real_bridge_row(ctx, ctx->argv[1]);

    if (strcmp(mode, "standalone") && strcmp(mode, "secure")) {
        vsctl_fatal("fail-mode must be \"standalone\" or \"secure\"");
    }
    set_string(ctx, br, "fail_mode", mode);
}

static void
cmd_get_manager(struct vsctl_context *ctx)
{
    output_targets(ctx, vsctl_ctx_ovs(ctx), "manager_options", "Manager");
}

static void
cmd_del_manager(struct vsctl_context *ctx)
{
    delete_targets(ctx, vsctl_ctx_ovs(ctx), "manager_options", "Manager");
}

static void
cmd_set_manager(struct vsctl_context *ctx)
{
    set_targets(ctx, vsctl_ctx_ovs(ctx), "manager_options", "Manager",
                &ctx->argv[1], ctx->argc - 1);
}

static void
cmd_emer_reset(struct vsctl_context *ctx)
{
    static const char *const br_cols[] = {
        "controller", "fail_mode", "mirrors", "netflow", "sflow", "ipfix",
        "flood_vlans",
    };
    static const char *const doomed[] = {
        "Mirror", "Controller", "Manager", "NetFlow", "sFlow", "IPFIX",
        "SSL",
    };
    struct ovsdb_row *ovs = vsctl_ctx_ovs(ctx);
    size_t n;

    ovs = set_empty(ctx, ovs, "manager_options");
    set_empty(ctx, ovs, "ssl");

    struct ovsdb_row **rows = vsctl_ctx_rows(ctx, vsctl_ctx_table(ctx,
                                                                  "Bridge"),
                                             &n);
    for (size_t i = 0; i < n; i++) {
        struct ovsdb_row *br = rows[i];
        for (size_t c = 0; c < ARRAY_SIZE(br_cols); c++) {
            br = set_empty(ctx, br, br_cols[c]);
        }
        /* Keep only other_config:hwaddr. */
        const struct ovsdb_column *oc = vsctl_column(br, "other_config");
        struct ovsdb_datum keep;
        ovsdb_datum_init_empty(&keep);
        const struct ovsdb_datum *cur = &br->fields[oc->index];
        for (size_t k = 0; k < cur->n; k++) {
            if (!strcmp(cur->keys[k].string, "hwaddr")) {
                keep.n = 1;
                keep.keys = xmalloc(sizeof *keep.keys);
                keep.values = xmalloc(sizeof *keep.values);
                keep.keys[0].string = xstrdup("hwaddr");
                keep.values[0].string = xstrdup(cur->values[k].string);
            }
        }
        vsctl_ctx_set(ctx, br, "other_config", &keep);
    }
    free(rows);

    rows = vsctl_ctx_rows(ctx, vsctl_ctx_table(ctx, "Port"), &n);
    for (size_t i = 0; i < n; i++) {
        set_empty(ctx, rows[i], "other_config");
    }
    free(rows);

    rows = vsctl_ctx_rows(ctx, vsctl_ctx_table(ctx, "Interface"), &n);
    for (size_t i = 0; i < n; i++) {
        struct ovsdb_row *iface = rows[i];
        struct ovsdb_datum d;
        vsctl_datum_int(&d, 0);
        iface = vsctl_ctx_set(ctx, iface, "ingress_policing_rate", &d);
        vsctl_datum_int(&d, 0);
        vsctl_ctx_set(ctx, iface, "ingress_policing_burst", &d);
    }
    free(rows);

    for (size_t t = 0; t < ARRAY_SIZE(doomed); t++) {
        struct ovsdb_table *table = ovsdb_find_table(ctx->db, doomed[t]);
        if (!table) {
            continue;
        }
        rows = vsctl_ctx_rows(ctx, table, &n);
        for (size_t i = 0; i < n; i++) {
            vsctl_ctx_delete(ctx, rows[i]);
        }
        free(rows);
    }
    invalidate_cache(ctx);
}

/* "show". */
struct show_table {
    const char *table;
    const char *name_column;    /* Null: print the uuid. */
    const char *columns[4];
};

static const struct show_table show_tables[] = {
    {"Open_vSwitch", NULL, {"manager_options", "bridges", "ovs_version"}},
    {"Bridge", "name", {"controller", "fail_mode", "datapath_type",
                        "ports"}},
    {"Port", "name", {"tag", "trunks", "interfaces"}},
    {"Interface", "name", {"type", "options", "error"}},
    {"Controller", "target", {"is_connected"}},
    {"Manager", "target", {"is_connected"}},
};

static const struct show_table *
find_show_table(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(show_tables); i++) {
        if (!strcmp(show_tables[i].table, name)) {
            return &show_tables[i];
        }
    }
    return NULL;
}

static void
show_row(struct vsctl_context *ctx, const struct ovsdb_row *row, int level)
{
    const struct show_table *st = find_show_table(row->table->schema->name);
    struct ds *out = ctx->output;

    ds_put_char_multiple(out, ' ', level * 4);
    if (st->name_column) {
        const struct ovsdb_column *c = vsctl_column(row, st->name_column);
        ds_put_format(out, "%s ", row->table->schema->name);
        ovsdb_datum_to_string(&row->fields[c->index], &c->type, out);
    } else {
        char buf[UUID_STRING_SIZE];
        ds_put_cstr(out, uuid_to_string(ovsdb_row_get_uuid(row), buf));
    }
    ds_put_char(out, '\n');

    for (size_t i = 0; i < ARRAY_SIZE(st->columns) && st->columns[i]; i++) {
        const struct ovsdb_column *c
            = ovsdb_table_schema_find_column(row->table->schema,
                                             st->columns[i]);
        if (!c) {
            continue;
        }
        const struct ovsdb_datum *d = &row->fields[c->index];
        const char *ref = c->type.key.uuid.ref_table_name;
        if (c->type.key.type == OVSDB_TYPE_UUID && ref
            && find_show_table(ref)) {
            struct ovsdb_table *rt = vsctl_ctx_table(ctx, ref);
            for (size_t k = 0; k < d->n; k++) {
                const struct ovsdb_row *child
                    = vsctl_ctx_find_row(ctx, rt, &d->keys[k].uuid);
                if (child) {
                    show_row(ctx, child, level + 1);
                }
            }
        } else if (!ovsdb_datum_is_default(d, &c->type)) {
            ds_put_char_multiple(out, ' ', (level + 1) * 4);
            ds_put_format(out, "%s: ", c->name);
            ovsdb_datum_to_string(d, &c->type, out);
            ds_put_char(out, '\n');
        }
    }
}

static void
cmd_show(struct vsctl_context *ctx)
{
    size_t n;
    struct ovsdb_row **rows = vsctl_ctx_rows(
        ctx, vsctl_ctx_table(ctx, "Open_vSwitch"), &n);
    for (size_t i = 0; i < n; i++) {
        show_row(ctx, rows[i], 0);
    }
    free(rows);
}

static const struct vsctl_command_syntax vsctl_commands[] = {
    {"init", 0, 0, "", cmd_init, NULL, ""},
    {"emer-reset", 0, 0, "", cmd_emer_reset, NULL, ""},
    {"show", 0, 0, "", cmd_show, NULL, ""},
    {"add-br", 1, 3, "NEW-BRIDGE [PARENT] [NEW-VLAN]", cmd_add_br, NULL,
     "--may-exist"},
    {"del-br", 1, 1, "BRIDGE", cmd_del_br, NULL, "--if-exists"},
    {"list-br", 0, 0, "", cmd_list_br, NULL, "--real,--fake"},
    {"br-exists", 1, 1, "BRIDGE", cmd_br_exists, NULL, ""},
    {"br-to-vlan", 1, 1, "BRIDGE", cmd_br_to_vlan, NULL, ""},
    {"br-to-parent", 1, 1, "BRIDGE", cmd_br_to_parent, NULL, ""},
    {"list-ports", 1, 1, "BRIDGE", cmd_list_ports, NULL, ""},
    {"add-port", 2, INT_MAX, "BRIDGE NEW-PORT [COLUMN[:KEY]=VALUE]...",
     cmd_add_port, NULL, "--may-exist"},
    {"add-bond", 4, INT_MAX,
     "BRIDGE NEW-BOND-PORT SYSIFACE... [COLUMN[:KEY]=VALUE]...",
     cmd_add_bond, NULL, "--may-exist,--fake-iface"},
    {"del-port", 1, 2, "[BRIDGE] PORT|IFACE", cmd_del_port, NULL,
     "--if-exists,--with-iface"},
    {"port-to-br", 1, 1, "PORT", cmd_port_to_br, NULL, ""},
    {"list-ifaces", 1, 1, "BRIDGE", cmd_list_ifaces, NULL, ""},
    {"iface-to-br", 1, 1, "IFACE", cmd_iface_to_br, NULL, ""},
    {"get-controller", 1, 1, "BRIDGE", cmd_get_controller, NULL, ""},
    {"del-controller", 1, 1, "BRIDGE", cmd_del_controller, NULL, ""},
    {"set-controller", 1, INT_MAX, "BRIDGE TARGET...", cmd_set_controller,
     NULL, ""},
    {"get-fail-mode", 1, 1, "BRIDGE", cmd_get_fail_mode, NULL, ""},
    {"del-fail-mode", 1, 1, "BRIDGE", cmd_del_fail_mode, NULL, ""},
    {"set-fail-mode", 2, 2, "BRIDGE MODE", cmd_set_fail_mode, NULL, ""},
    {"get-manager", 0, 0, "", cmd_get_manager, NULL, ""},
    {"del-manager", 0, 0, "", cmd_del_manager, NULL, ""},
    {"set-manager", 1, INT_MAX, "TARGET...", cmd_set_manager, NULL, ""},
    {NULL, 0, 0, NULL, NULL, NULL, NULL},
};

static const struct vsctl_command_syntax *
find_command(const char *name)
{
    for (const struct vsctl_command_syntax *s = vsctl_commands; s->name;
         s++) {
        if (!strcmp(s->name, name)) {
            return s;
        }
    }
    for (const struct vsctl_command_syntax *s = vsctl_db_commands; s->name;
         s++) {
        if (!strcmp(s->name, name)) {
            return s;
        }
    }
    return NULL;
}

/* Returns true if the comma-separated LIST holds option NAME (with '=' if
 * it takes a value); stores in *TAKES_VALUE whether it does. */
static bool
syntax_has_option(const char *list, const char *name, bool *takes_value)
{
    size_t len = strlen(name);
    const char *p = list;

    while (p && *p) {
        size_t n = strcspn(p, ",");
        if (n >= len && !strncmp(p, name, len)
            && (n == len || (n == len + 1 && p[len] == '='))) {
            *takes_value = n == len + 1;
            return true;
        }
        p += n;
        if (*p == ',') {
            p++;
        }
    }
    return false;
}

/* Parses one command from ARGV[0..ARGC), with LOCAL options from before it
 * (taken over). */
static void
parse_command(int argc, char **argv, struct shash *local,
              struct vsctl_command *cmd)
{
    int i;

    shash_init(&cmd->options);
    struct shash_node *ln;
    SHASH_FOR_EACH (ln, local) {
        shash_add(&cmd->options, ln->name, ln->data);
    }
    shash_clear(local);
    for (i = 0; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
        const char *opt = argv[i];
        const char *eq = strchr(opt, '=');
        char *name = eq ? xmemdup0(opt, eq - opt) : xstrdup(opt);
        char *value = eq ? xstrdup(eq + 1) : NULL;
        if (shash_find(&cmd->options, name)) {
            vsctl_fatal("'%s' option specified multiple times", name);
        }
        shash_add_nocopy(&cmd->options, name, value);
    }
    if (i == argc) {
        vsctl_fatal("missing command name (use --help for help)");
    }
    const struct vsctl_command_syntax *s = find_command(argv[i]);
    if (!s) {
        vsctl_fatal("unknown command '%s'; use --help for help", argv[i]);
    }
    struct shash_node *node;
    SHASH_FOR_EACH (node, &cmd->options) {
        bool takes_value;
        if (!syntax_has_option(s->options, node->name, &takes_value)) {
            vsctl_fatal("'%s' command has no '%s' option", s->name,
                        node->name);
        }
        if (takes_value && !node->data) {
            vsctl_fatal("missing argument to '%s' option on '%s' command",
                        node->name, s->name);
        }
        if (!takes_value && node->data) {
            vsctl_fatal("'%s' option on '%s' does not accept an argument",
                        node->name, s->name);
        }
    }
    int n_args = argc - i - 1;
    if (n_args < s->min_args) {
        vsctl_fatal("'%s' command requires at least %d arguments", s->name,
                    s->min_args);
    }
    if (n_args > s->max_args) {
        vsctl_fatal("'%s' command takes at most %d arguments", s->name,
                    s->max_args);
    }
    cmd->syntax = s;
    cmd->argc = n_args + 1;
    cmd->argv = &argv[i];
    ds_init(&cmd->output);
}

/* The local options that may come before the first command. */
static const char *const local_options[] = {
    "--if-exists", "--id", "--columns", "--all", "--may-exist",
    "--with-iface", "--fake-iface", "--real", "--fake",
};

static SLUICE_NORETURN void
usage(void)
{
    printf("\
%s: Sluice configuration utility, compatible with ovs-vsctl\n\
usage: %s [OPTIONS] COMMAND [ARG...]\n\
\n\
Open vSwitch commands:\n\
  init                        initialize database, if not yet initialized\n\
  show                        print overview of database contents\n\
  emer-reset                  reset configuration to clean state\n\
\n\
Bridge commands:\n\
  add-br BRIDGE               create a new bridge named BRIDGE\n\
  add-br BRIDGE PARENT VLAN   create new fake BRIDGE in PARENT on VLAN\n\
  del-br BRIDGE               delete BRIDGE and all of its ports\n\
  list-br                     print the names of all the bridges\n\
  br-exists BRIDGE            exit 2 if BRIDGE does not exist\n\
  br-to-vlan BRIDGE           print the VLAN which BRIDGE is on\n\
  br-to-parent BRIDGE         print the parent of BRIDGE\n\
\n\
Port commands (a bond is considered to be a single port):\n\
  list-ports BRIDGE           print the names of all the ports on BRIDGE\n\
  add-port BRIDGE PORT        add network device PORT to BRIDGE\n\
  add-bond BRIDGE PORT IFACE...  add bonded port PORT in BRIDGE from IFACES\n\
  del-port [BRIDGE] PORT      delete PORT (which may be bonded) from BRIDGE\n\
  port-to-br PORT             print name of bridge that contains PORT\n\
\n\
Interface commands (a bond consists of multiple interfaces):\n\
  list-ifaces BRIDGE          print the names of all interfaces on BRIDGE\n\
  iface-to-br IFACE           print name of bridge that contains IFACE\n\
\n\
Controller commands:\n\
  get-controller BRIDGE      print the controllers for BRIDGE\n\
  del-controller BRIDGE      delete the controllers for BRIDGE\n\
  set-controller BRIDGE TARGET...  set the controllers for BRIDGE\n\
  get-fail-mode BRIDGE       print the fail-mode for BRIDGE\n\
  del-fail-mode BRIDGE       delete the fail-mode for BRIDGE\n\
  set-fail-mode BRIDGE MODE  set the fail-mode for BRIDGE to MODE\n\
\n\
Manager commands:\n\
  get-manager                print the managers\n\
  del-manager                delete the managers\n\
  set-manager TARGET...      set the list of managers to TARGET...\n\
\n\
Database commands:\n\
  list TBL [REC]              list RECord (or all records) in TBL\n\
  find TBL CONDITION...       list records satisfying CONDITION in TBL\n\
  get TBL REC COL[:KEY]       print values of COLumns in RECord in TBL\n\
  set TBL REC COL[:KEY]=VALUE set COLumn values in RECord in TBL\n\
  add TBL REC COL [KEY=]VALUE add (KEY=)VALUE to COLumn in RECord in TBL\n\
  remove TBL REC COL [KEY=]VALUE  remove (KEY=)VALUE from COLumn\n\
  clear TBL REC COL           clear values from COLumn in RECord in TBL\n\
  create TBL COL[:KEY]=VALUE  create and initialize new record\n\
  destroy TBL REC             delete RECord from TBL\n\
  wait-until TBL REC [COL[:KEY]=VALUE]  wait until condition is true\n\
Potentially unsafe database commands require --force option.\n\
\n\
Conditions are COLUMN[:KEY]OP VALUE, OP one of = != < > <= >= {=} {!=}\n\
{<} {>} {<=} {>=}.  Records are named by UUID (or a unique prefix of\n\
at least 4 digits), by name (Bridge, Port, Interface, Mirror, Flow_Table),\n\
by target (Manager), by bridge name (Controller, NetFlow, sFlow, IPFIX,\n\
AutoAttach), by port name (QoS) or \".\" (Open_vSwitch, SSL).  Separate\n\
commands with \"--\"; \"--id=@NAME\" on create or get names a row for the\n\
commands that follow.\n\
\n\
Options:\n\
  --db=DATABASE               connect to DATABASE\n\
                              (default: unix:%s/db.sock)\n\
  --no-wait                   do not wait for the switch to reconfigure\n\
  --retry                     keep trying to connect to server forever\n\
  -t, --timeout=SECS          wait at most SECS seconds for the switch\n\
  --dry-run                   do not commit changes to database\n\
  --oneline                   print exactly one line of output per command\n\
\n\
Output formatting options:\n\
  -f, --format=FORMAT         set output formatting to FORMAT\n\
                              (\"table\", \"html\", \"csv\", \"json\" or \"list\")\n\
  -d, --data=FORMAT           set table cell output formatting to\n\
                              FORMAT (\"string\", \"bare\" or \"json\")\n\
  --no-headings               omit table heading row\n\
  --pretty                    pretty-print JSON in output\n\
  --bare                      equivalent to \"--format=list --data=bare\n\
                              --no-headings\"\n\
\n\
Logging options:\n\
  -v, --verbose=[SPEC]        set logging levels\n\
  --log-file[=FILE]           enable logging to specified FILE\n\
\n\
Other options:\n\
  -h, --help                  display this help message\n\
  -V, --version               display version information\n\
\n\
Example: %s add-br br0 -- add-port br0 vm1 -- set interface vm1 \\\n\
           type=dpdkvhostuserclient options:vhost-server-path=/tmp/vm1.sock\n",
           program_name, program_name, sluice_rundir(), program_name);
    exit(EXIT_SUCCESS);
}

/* SIGALRM (--timeout): log as a daemon's fatal-signal handler does, then
 * die by the signal. */
static void
alarm_handler(int sig)
{
    char line[160];
    struct timespec ts;
    struct tm tm;

    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    int n = snprintf(line, sizeof line,
                     "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ|00001|"
                     "fatal_signal|WARN|terminating with signal %d "
                     "(Alarm clock)\n",
                     tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec,
                     ts.tv_nsec / 1000000, sig);
    if (n > 0) {
        ignore(write(STDERR_FILENO, line, MIN((size_t) n, sizeof line - 1))
               >= 0);
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Parses the options and returns the index of the first command
 * argument; options meant for the first command go into LOCAL. */
static int
parse_options(int argc, char *argv[], struct shash *local)
{
    enum {
        OPT_DB = UCHAR_MAX + 1, OPT_NO_WAIT, OPT_DRY_RUN, OPT_ONELINE,
        OPT_NO_SYSLOG, OPT_RETRY, OPT_NO_HEADINGS, OPT_PRETTY, OPT_BARE,
        OPT_OPTIONS, OPT_COMMANDS, VLOG_OPTION_ENUMS, OPT_LOCAL,
    };
    static const struct option global[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"no-wait", no_argument, NULL, OPT_NO_WAIT},
        {"dry-run", no_argument, NULL, OPT_DRY_RUN},
        {"oneline", no_argument, NULL, OPT_ONELINE},
        {"no-syslog", no_argument, NULL, OPT_NO_SYSLOG},
        {"retry", no_argument, NULL, OPT_RETRY},
        {"timeout", required_argument, NULL, 't'},
        {"format", required_argument, NULL, 'f'},
        {"data", required_argument, NULL, 'd'},
        {"no-headings", no_argument, NULL, OPT_NO_HEADINGS},
        {"pretty", no_argument, NULL, OPT_PRETTY},
        {"bare", no_argument, NULL, OPT_BARE},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {"options", no_argument, NULL, OPT_OPTIONS},
        VLOG_LONG_OPTIONS,
    };
    size_t n_global = ARRAY_SIZE(global);
    size_t n_local = ARRAY_SIZE(local_options);
    struct option *options = xcalloc(n_global + n_local + 1,
                                     sizeof *options);

    memcpy(options, global, sizeof global);
    for (size_t i = 0; i < n_local; i++) {
        struct option *o = &options[n_global + i];
        o->name = local_options[i] + 2;
        o->has_arg = optional_argument;
        o->flag = NULL;
        o->val = OPT_LOCAL + i;
    }
    char *short_ = long_options_to_short_options(options);
    char *short_options = xasprintf("+%s", short_);
    free(short_);

    opterr = 0;
    for (;;) {
        int idx = optind;
        int c = getopt_long(argc, argv, short_options, options, NULL);
        if (c == -1) {
            break;
        }
        switch (c) {
        case OPT_DB:
            free(db_remote);
            db_remote = xstrdup(optarg);
            break;
        case OPT_NO_WAIT:
            no_wait = true;
            break;
        case OPT_DRY_RUN:
            dry_run = true;
            break;
        case OPT_ONELINE:
            oneline = true;
            break;
        case OPT_NO_SYSLOG:
            break;
        case OPT_RETRY:
            retry = true;
            break;
        case 't':
            if (!str_to_uint(optarg, 10, &timeout_secs)) {
                vsctl_fatal("value %s on -t or --timeout is invalid",
                            optarg);
            }
            break;
        case 'f':
            if (!strcmp(optarg, "list")) {
                style.format = VSF_LIST;
            } else if (!strcmp(optarg, "table")) {
                style.format = VSF_TABLE;
            } else if (!strcmp(optarg, "html")) {
                style.format = VSF_HTML;
            } else if (!strcmp(optarg, "csv")) {
                style.format = VSF_CSV;
            } else if (!strcmp(optarg, "json")) {
                style.format = VSF_JSON;
            } else {
                vsctl_fatal("unknown output format \"%s\"", optarg);
            }
            break;
        case 'd':
            if (!strcmp(optarg, "string")) {
                style.data = VSD_STRING;
            } else if (!strcmp(optarg, "bare")) {
                style.data = VSD_BARE;
            } else if (!strcmp(optarg, "json")) {
                style.data = VSD_JSON;
            } else {
                vsctl_fatal("unknown data format \"%s\"", optarg);
            }
            break;
        case OPT_NO_HEADINGS:
            style.headings = false;
            break;
        case OPT_PRETTY:
            style.pretty = true;
            break;
        case OPT_BARE:
            style.format = VSF_LIST;
            style.data = VSD_BARE;
            style.headings = false;
            break;
        case 'h':
            usage();
        case 'V':
            printf("%s (Sluice) %s\n", program_name, sluice_version());
            exit(EXIT_SUCCESS);
        case OPT_OPTIONS:
            print_options(options);
            exit(EXIT_SUCCESS);
        VLOG_OPTION_HANDLERS
        case '?':
            if (optopt) {
                vsctl_fatal("option '-%c' is invalid", optopt);
            }
            vsctl_fatal("unrecognized option '%s'", argv[idx]);
        default:
            if (c >= OPT_LOCAL && c < OPT_LOCAL + (int) n_local) {
                const char *name = local_options[c - OPT_LOCAL];
                if (shash_find(local, name)) {
                    vsctl_fatal("'%s' option specified multiple times",
                                name);
                }
                shash_add(local, name, optarg ? xstrdup(optarg) : NULL);
                break;
            }
            abort();
        }
    }
    free(short_options);
    free(options);
    return optind;
}

/* The connection. */
static struct jsonrpc *rpc;

static struct json *
transact(struct json *params)
{
    struct jsonrpc_msg *reply;
    int error = jsonrpc_transact_block(
        rpc, jsonrpc_create_request("transact", params, NULL), &reply);
    if (error) {
        vsctl_fatal("transaction failed: %s", sluice_strerror(error));
    }
    if (reply->type == JSONRPC_ERROR) {
        char *s = json_to_string(reply->error, JSSF_SORT);
        vsctl_fatal("transaction error: %s", s);
    }
    struct json *result = json_clone(reply->result);
    jsonrpc_msg_destroy(reply);
    if (result->type != JSON_ARRAY) {
        vsctl_fatal("transaction reply is not an array");
    }
    return result;
}

static void
connect_db(void)
{
    for (;;) {
        struct stream *stream;
        int error = stream_open_block(stream_open(db_remote, &stream, 0),
                                      -1, &stream);
        if (!error) {
            rpc = jsonrpc_open(stream);
            return;
        }
        if (!retry) {
            vsctl_fatal("%s: database connection failed (%s)", db_remote,
                        sluice_strerror(error));
        }
        xnanosleep(1000 * 1000 * 1000);
    }
}

static struct ovsdb_schema *
get_schema(void)
{
    struct jsonrpc_msg *reply;
    int error = jsonrpc_transact_block(
        rpc, jsonrpc_create_request("get_schema", json_array_create_1(
                                        json_string_create("Open_vSwitch")),
                                    NULL), &reply);
    if (error) {
        vsctl_fatal("%s: database connection failed (%s)", db_remote,
                    sluice_strerror(error));
    }
    if (reply->type != JSONRPC_REPLY) {
        char *s = json_to_string(reply->error, JSSF_SORT);
        vsctl_fatal("%s: get_schema failed: %s", db_remote, s);
    }
    struct ovsdb_schema *schema;
    struct ovsdb_error *e = ovsdb_schema_from_json(reply->result, &schema);
    jsonrpc_msg_destroy(reply);
    if (e) {
        char *s = ovsdb_error_to_string(e);
        vsctl_fatal("%s: bad schema: %s", db_remote, s);
    }
    return schema;
}

/* Reads the whole database: returns the "select" results and stores the
 * replica in *DBP. */
static struct json *
load_db(const struct ovsdb_schema *schema, char **tables, size_t n_tables,
        struct ovsdb **dbp)
{
    struct json *params = json_array_create_1(
        json_string_create(schema->name));
    for (size_t i = 0; i < n_tables; i++) {
        struct json *op = json_object_create();
        json_object_put_string(op, "op", "select");
        json_object_put_string(op, "table", tables[i]);
        json_object_put(op, "where", json_array_create_empty());
        json_array_add(params, op);
    }
    struct json *result = transact(params);
    const struct json_array *a = json_array(result);
    if (a->n < n_tables) {
        vsctl_fatal("short reply to reading the database");
    }

    struct json *record = json_object_create();
    for (size_t i = 0; i < n_tables; i++) {
        const struct json *res = a->elems[i];
        const struct json *rows = res->type == JSON_OBJECT
                                  ? json_object_get(res, "rows") : NULL;
        if (!rows) {
            char *s = json_to_string(res, JSSF_SORT);
            vsctl_fatal("transaction error: %s", s);
        }
        struct json *table = json_object_create();
        for (size_t r = 0; r < json_array(rows)->n; r++) {
            const struct json *row = json_array(rows)->elems[r];
            const struct json *u = json_object_get(row, "_uuid");
            struct json *cols = json_object_create();
            struct shash_node *node;
            SHASH_FOR_EACH (node, json_object(row)) {
                if (node->name[0] != '_') {
                    json_object_put(cols, node->name,
                                    json_clone(node->data));
                }
            }
            json_object_put(table, json_string(json_array(u)->elems[1]),
                            cols);
        }
        json_object_put(record, tables[i], table);
    }
    struct ovsdb *db = ovsdb_create(ovsdb_schema_clone(schema));
    struct ovsdb_error *error = ovsdb_apply_record_json(db, record);
    json_destroy(record);
    if (error) {
        char *s = ovsdb_error_to_string(error);
        vsctl_fatal("cannot load the database: %s", s);
    }
    *dbp = db;
    return result;
}

/* Waits until Open_vSwitch's cur_cfg reaches NEXT_CFG. */
static void
wait_for_cur_cfg(int64_t next_cfg)
{
    struct json *id;
    struct json *monitor = json_object_create();
    struct json *req = json_object_create();
    json_object_put(req, "columns",
                    json_array_create_1(json_string_create("cur_cfg")));
    json_object_put(monitor, "Open_vSwitch", req);
    struct jsonrpc_msg *request = jsonrpc_create_request(
        "monitor", json_array_create_3(json_string_create("Open_vSwitch"),
                                       json_string_create("cur_cfg"),
                                       monitor), &id);
    int error = jsonrpc_send_block(rpc, request);

    for (;;) {
        struct jsonrpc_msg *msg;
        if (!error) {
            error = jsonrpc_recv_block(rpc, &msg);
        }
        if (error) {
            vsctl_fatal("%s: database connection failed (%s)", db_remote,
                        sluice_strerror(error));
        }
        const struct json *updates = NULL;
        if (msg->type == JSONRPC_REPLY && json_equal(msg->id, id)) {
            updates = msg->result;
        } else if (msg->type == JSONRPC_NOTIFY
                   && !strcmp(msg->method, "update")
                   && json_array(msg->params)->n == 2) {
            updates = json_array(msg->params)->elems[1];
        } else if (msg->type == JSONRPC_ERROR) {
            char *s = json_to_string(msg->error, JSSF_SORT);
            vsctl_fatal("monitor failed: %s", s);
        }
        bool done = false;
        const struct json *t = updates && updates->type == JSON_OBJECT
                                ? json_object_get(updates, "Open_vSwitch")
                                : NULL;
        if (t && t->type == JSON_OBJECT) {
            struct shash_node *node;
            SHASH_FOR_EACH (node, json_object(t)) {
                const struct json *new = json_object_get(node->data, "new");
                const struct json *cur = new ? json_object_get(new, "cur_cfg")
                                             : NULL;
                if (cur && cur->type == JSON_INTEGER
                    && json_integer(cur) >= next_cfg) {
                    done = true;
                }
            }
        }
        jsonrpc_msg_destroy(msg);
        if (done) {
            break;
        }
    }
    json_destroy(id);
}

/* After the switch applied the configuration: reports the new interfaces
 * that it could not set up. */
static void
check_new_ifaces(struct vsctl_context *ctx, struct vsctl_state *st)
{
    if (!st->n_new_ifaces) {
        return;
    }
    struct json *params = json_array_create_1(
        json_string_create("Open_vSwitch"));
    struct uuid *real = xmalloc(st->n_new_ifaces * sizeof *real);
    size_t n = 0;
    for (size_t i = 0; i < st->n_new_ifaces; i++) {
        if (!vsctl_ctx_real_uuid(ctx, &st->new_ifaces[i], &real[n])) {
            continue;
        }
        char buf[UUID_STRING_SIZE];
        struct json *op = json_object_create();
        json_object_put_string(op, "op", "select");
        json_object_put_string(op, "table", "Interface");
        json_object_put(op, "where", json_array_create_1(
            json_array_create_3(json_string_create("_uuid"),
                                json_string_create("=="),
                                json_array_create_2(
                                    json_string_create("uuid"),
                                    json_string_create(
                                        uuid_to_string(&real[n], buf))))));
        json_object_put(op, "columns", json_array_create_3(
                            json_string_create("name"),
                            json_string_create("ofport"),
                            json_string_create("error")));
        json_array_add(params, op);
        n++;
    }
    free(real);
    if (!n) {
        json_destroy(params);
        return;
    }
    struct json *result = transact(params);
    bool any = false;
    for (size_t i = 0; i < json_array(result)->n; i++) {
        const struct json *r = json_array(result)->elems[i];
        const struct json *rows = r->type == JSON_OBJECT
                                  ? json_object_get(r, "rows") : NULL;
        for (size_t k = 0; rows && k < json_array(rows)->n; k++) {
            const struct json *row = json_array(rows)->elems[k];
            const struct json *ofport = json_object_get(row, "ofport");
            const struct json *name = json_object_get(row, "name");
            const struct json *err = json_object_get(row, "error");
            if (!ofport || ofport->type != JSON_INTEGER
                || json_integer(ofport) != -1 || !name
                || name->type != JSON_STRING) {
                continue;
            }
            fflush(stdout);
            if (err && err->type == JSON_STRING) {
                fprintf(stderr, "%s: Error detected while setting up '%s': "
                        "%s.  See ovs-vswitchd log for details.\n",
                        program_name, json_string(name), json_string(err));
            } else {
                fprintf(stderr, "%s: Error detected while setting up '%s'.  "
                        "See ovs-vswitchd log for details.\n",
                        program_name, json_string(name));
            }
            any = true;
        }
    }
    if (any) {
        fprintf(stderr, "%s: The default log directory is \"%s\".\n",
                program_name, sluice_logdir());
    }
    json_destroy(result);
}

static void
print_output(struct vsctl_command *cmds, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        struct ds *ds = &cmds[i].output;
        if (oneline) {
            ds_chomp(ds, '\n');
            for (size_t j = 0; j < ds->length; j++) {
                int c = ds->string[j];
                if (c == '\n') {
                    fputs("\\n", stdout);
                } else if (c == '\\') {
                    fputs("\\\\", stdout);
                } else {
                    putchar(c);
                }
            }
            putchar('\n');
        } else {
            fputs(ds_cstr(ds), stdout);
        }
    }
}

static void
run_commands(struct vsctl_context *ctx, struct vsctl_command *cmds,
             size_t n_cmds)
{
    for (size_t i = 0; i < n_cmds; i++) {
        struct vsctl_command *c = &cmds[i];
        ds_clear(&c->output);
        ctx->cmd = c;
        ctx->argc = c->argc;
        ctx->argv = c->argv;
        ctx->options = &c->options;
        ctx->output = &c->output;
        if (c->syntax->run) {
            c->syntax->run(ctx);
        }
        if (ctx->try_again) {
            return;
        }
    }
}

int
main(int argc, char *argv[])
{
    struct shash local = SHASH_INITIALIZER(&local);

    set_program_name(argv[0]);
    char *lv = vlog_set_levels_from_string("ANY:console:warn");
    free(lv);
    int first = parse_options(argc, argv, &local);

    /* Split the commands at "--". */
    struct vsctl_command *cmds = xcalloc(argc + 1, sizeof *cmds);
    size_t n_cmds = 0;
    for (int start = first; start < argc; ) {
        int end = start;
        while (end < argc && strcmp(argv[end], "--")) {
            end++;
        }
        if (end > start) {
            parse_command(end - start, &argv[start], &local, &cmds[n_cmds++]);
        } else if (!shash_is_empty(&local)) {
            /* Options with no command yet: keep them for the next. */
        }
        start = end + 1;
    }
    if (!n_cmds) {
        vsctl_fatal("missing command name (use --help for help)");
    }
    shash_destroy_free_data(&local);

    if (!db_remote) {
        db_remote = xasprintf("unix:%s/db.sock", sluice_rundir());
    }
    if (timeout_secs) {
        signal(SIGALRM, alarm_handler);
        alarm(timeout_secs);
    }

    connect_db();
    struct ovsdb_schema *schema = get_schema();
    size_t n_tables = shash_count(&schema->tables);
    char **tables = xmalloc(n_tables * sizeof *tables);
    {
        const struct shash_node **nodes = shash_sort(&schema->tables);
        for (size_t i = 0; i < n_tables; i++) {
            tables[i] = xstrdup(nodes[i]->name);
        }
        free(nodes);
    }

    struct vsctl_state state;
    memset(&state, 0, sizeof state);
    shash_init(&state.bridges);
    shash_init(&state.ports);
    shash_init(&state.ifaces);

    for (;;) {
        struct ovsdb *db;
        struct json *loaded = load_db(schema, tables, n_tables, &db);
        struct vsctl_context ctx;

        vsctl_ctx_init(&ctx, db, &style);
        ctx.invalidate = invalidate_cache;
        ctx.aux = &state;
        cache_clear(&state);
        state.n_new_ifaces = 0;
        vsctl_ctx_ovs(&ctx);

        run_commands(&ctx, cmds, n_cmds);
        if (ctx.try_again) {
            vsctl_ctx_destroy(&ctx);
            ovsdb_destroy(db);
            json_destroy(loaded);
            xnanosleep(100 * 1000 * 1000);
            continue;
        }
        vsctl_ctx_check_symbols(&ctx);

        struct json *ops = json_array_create_1(
            json_string_create(schema->name));
        size_t n_changes;
        vsctl_ctx_build_ops(&ctx, ops, loaded, tables, &n_changes);
        size_t n_waits = json_array(ops)->n - 1 - n_changes;
        int64_t next_cfg = -1;
        bool committed = false;

        if (n_changes && !dry_run) {
            struct ovsdb_row *ovs = vsctl_ctx_ovs(&ctx);
            char buf[UUID_STRING_SIZE];
            uuid_to_string(ovsdb_row_get_uuid(ovs), buf);
            size_t select_op = 0;
            if (!no_wait) {
                struct json *where = json_array_create_1(json_array_create_3(
                    json_string_create("_uuid"), json_string_create("=="),
                    json_array_create_2(json_string_create("uuid"),
                                        json_string_create(buf))));
                struct json *op = json_object_create();
                json_object_put_string(op, "op", "mutate");
                json_object_put_string(op, "table", "Open_vSwitch");
                json_object_put(op, "where", json_clone(where));
                json_object_put(op, "mutations", json_array_create_1(
                    json_array_create_3(json_string_create("next_cfg"),
                                        json_string_create("+="),
                                        json_integer_create(1))));
                json_array_add(ops, op);
                op = json_object_create();
                json_object_put_string(op, "op", "select");
                json_object_put_string(op, "table", "Open_vSwitch");
                json_object_put(op, "where", where);
                json_object_put(op, "columns", json_array_create_1(
                                    json_string_create("next_cfg")));
                select_op = json_array(ops)->n - 1;
                json_array_add(ops, op);
            }
            struct ds comment = DS_EMPTY_INITIALIZER;
            ds_put_format(&comment, "%s:", program_name);
            for (int i = 1; i < argc; i++) {
                ds_put_format(&comment, " %s", argv[i]);
            }
            struct json *op = json_object_create();
            json_object_put_string(op, "op", "comment");
            json_object_put(op, "comment",
                            json_string_create_nocopy(ds_steal_cstr(&comment)));
            json_array_add(ops, op);

            struct json *result = transact(ops);
            const struct json_array *res = json_array(result);
            bool again = false;
            for (size_t i = 0; i < res->n; i++) {
                const struct json *r = res->elems[i];
                const struct json *e = r->type == JSON_OBJECT
                                       ? json_object_get(r, "error") : NULL;
                if (!e) {
                    continue;
                }
                if (i < n_waits && e->type == JSON_STRING
                    && !strcmp(json_string(e), "timed out")) {
                    VLOG_INFO("database changed while the commands ran: "
                              "trying again");
                    again = true;
                    break;
                }
                char *s = json_to_string(r, JSSF_SORT);
                if (vlog_is_enabled(&VLM_ovsdb_idl, VLL_WARN)) {
                    vlog(&VLM_ovsdb_idl, VLL_WARN, "transaction error: %s",
                         s);
                }
                vsctl_fatal("transaction error: %s", s);
            }
            if (again) {
                json_destroy(result);
                vsctl_ctx_destroy(&ctx);
                ovsdb_destroy(db);
                json_destroy(loaded);
                continue;
            }
            vsctl_ctx_set_results(&ctx, result, n_waits);
            /* The "select" is the operation after the "mutate", whose
             * index in OPS (which starts with the database name) is
             * 'select_op': in the results it is at 'select_op'. */
            if (!no_wait && select_op && select_op < res->n) {
                const struct json *sel = res->elems[select_op];
                const struct json *rows = json_object_get(sel, "rows");
                if (rows && json_array(rows)->n == 1) {
                    const struct json *v = json_object_get(
                        json_array(rows)->elems[0], "next_cfg");
                    if (v && v->type == JSON_INTEGER) {
                        next_cfg = json_integer(v);
                    }
                }
            }
            json_destroy(result);
            committed = true;
        } else {
            json_destroy(ops);
        }
        if (committed) {
            for (size_t i = 0; i < n_cmds; i++) {
                if (cmds[i].syntax->postprocess) {
                    ctx.cmd = &cmds[i];
                    ctx.argc = cmds[i].argc;
                    ctx.argv = cmds[i].argv;
                    ctx.options = &cmds[i].options;
                    ctx.output = &cmds[i].output;
                    cmds[i].syntax->postprocess(&ctx);
                }
            }
        }
        if (committed && next_cfg >= 0) {
            wait_for_cur_cfg(next_cfg);
            check_new_ifaces(&ctx, &state);
        }
        print_output(cmds, n_cmds);

        vsctl_ctx_destroy(&ctx);
        ovsdb_destroy(db);
        json_destroy(loaded);
        break;
    }

    cache_clear(&state);
    shash_destroy(&state.bridges);
    shash_destroy(&state.ports);
    shash_destroy(&state.ifaces);
    free(state.new_ifaces);
    for (size_t i = 0; i < n_cmds; i++) {
        shash_destroy_free_data(&cmds[i].options);
        ds_destroy(&cmds[i].output);
    }
    free(cmds);
    for (size_t i = 0; i < n_tables; i++) {
        free(tables[i]);
    }
    free(tables);
    ovsdb_schema_destroy(schema);
    jsonrpc_close(rpc);
    free(db_remote);
    return 0;
}
