/* tables: a switch's flow tables.  See tables.h. */

#include <config.h>
#include "tables.h"

#include <limits.h>
#include <string.h>
#include "timeval.h"
#include "util.h"


/* One change of a transaction: a rule added or one removed (a modify
 * replaces each rule it changes with a new one, a remove and an add). */
enum change_type {
    CHANGE_ADD,
    CHANGE_REMOVE,
};

struct tables_change {
    struct list node;               /* In txn->changes. */
    enum change_type type;
    struct rule *rule;
    struct rule *replaced;          /* ADD: the rule it takes the place of,
                                     * whose counters it inherits (or
                                     * NULL). */
    bool send_removed;              /* REMOVE: call 'removed' at commit. */
    enum ofp_flow_removed_reason reason;
};

/* Rules that became invisible in a committed version and leave the
 * classifiers once no reader can still be looking at an older version. */
struct removal_batch {
    struct list node;               /* In 'pending_batches'. */
    struct tables *tables;
    size_t n;
    struct rule **rules;
};

static void
rule_free(void *rule_)
{
    struct rule *rule = rule_;
    free(rcu_get_protected(&rule->actions));
    free(rule);
}

static struct rule_actions *
rule_actions_create(const void *ofpacts, size_t len)
{
    struct rule_actions *a = xmalloc(sizeof *a + ROUND_UP(len, 8));
    a->len = len;
    if (len) {
        memcpy(a->ofpacts, ofpacts, len);
    }
    return a;
}

void
tables_init(struct tables *tables, tables_outputs_to_cb *outputs_to,
            tables_removed_cb *removed, void *aux)
{
    mutex_init(&tables->mutex);
    for (size_t i = 0; i < OFTABLES_N; i++) {
        struct oftable *t = &tables->tables[i];
        classifier_init(&t->cls);
        t->name = NULL;
        t->max_flows = UINT_MAX;
        t->miss = TABLE_MISS_DEFAULT;
        atomic_init(&t->n_lookups, 0);
        atomic_init(&t->n_matched, 0);
    }
    atomic_init(&tables->version, CLS_VERSION_MIN);
    list_init(&tables->expirable);
    tables->n_rules = 0;
    atomic_init(&tables->seq, 0);
    tables->outputs_to = outputs_to;
    tables->removed = removed;
    tables->aux = aux;
}

/* The batches' grace periods run through rcu_postpone(): the callback
 * removes the batch's rules under the mutex. */
static void
removal_batch_run(void *batch_)
{
    struct removal_batch *batch = batch_;
    struct tables *tables = batch->tables;

    mutex_lock(&tables->mutex);
    for (size_t i = 0; i < batch->n; i++) {
        struct rule *rule = batch->rules[i];
        classifier_remove(&tables->tables[rule->table_id].cls, &rule->cr);
        rcu_postpone(rule_free, rule);
    }
    mutex_unlock(&tables->mutex);
    free(batch->rules);
    free(batch);
}

void
tables_destroy(struct tables *tables)
{
    if (!tables) {
        return;
    }

    /* Let pending removals finish: they use the mutex and classifiers. */
    rcu_barrier();

    mutex_lock(&tables->mutex);
    for (size_t i = 0; i < OFTABLES_N; i++) {
        struct oftable *t = &tables->tables[i];
        struct rule *rule;
        CLS_FOR_EACH (rule, cr, &t->cls) {
            classifier_remove(&t->cls, &rule->cr);
            rcu_postpone(rule_free, rule);
        }
        classifier_destroy(&t->cls);
        free(t->name);
    }
    mutex_unlock(&tables->mutex);
    mutex_destroy(&tables->mutex);
}

void
tables_lock(struct tables *tables)
{
    mutex_lock(&tables->mutex);
}

void
tables_unlock(struct tables *tables)
{
    mutex_unlock(&tables->mutex);
}

const struct rule *
tables_lookup(const struct tables *tables, uint8_t table_id,
              cls_version_t version, const struct oflow *flow,
              struct oflow *wc)
{
    const struct oftable *t = &tables->tables[table_id];
    const struct cls_rule *cr = classifier_lookup(&t->cls, version, flow,
                                                  wc);
    struct oftable *tw = (struct oftable *) t;
    atomic_add_relaxed(&tw->n_lookups, 1);
    if (cr) {
        atomic_add_relaxed(&tw->n_matched, 1);
        return CONTAINER_OF(cr, struct rule, cr);
    }
    return NULL;
}

void
rule_account(struct rule *rule, uint64_t n_packets, uint64_t n_bytes,
             long long int used)
{
    atomic_add_relaxed(&rule->n_packets, n_packets);
    atomic_add_relaxed(&rule->n_bytes, n_bytes);
    long long int old = atomic_read_relaxed(&rule->used);
    while (used > old
           && !atomic_compare_exchange_weak_explicit(
               &rule->used, &old, used, memory_order_relaxed,
               memory_order_relaxed)) {
        continue;
    }
}

/* Transactions. */

void
tables_txn_begin(struct tables_txn *txn, struct tables *tables)
{
    txn->tables = tables;
    txn->version = tables_version(tables) + 1;
    list_init(&txn->changes);
}

static struct tables_change *
txn_record(struct tables_txn *txn, enum change_type type, struct rule *rule)
{
    struct tables_change *c = xzalloc(sizeof *c);
    c->type = type;
    c->rule = rule;
    list_push_back(&txn->changes, &c->node);
    return c;
}

/* Creates a rule for FM in table TABLE_ID from FM's fields (the caller
 * fixes what differs for a modify). */
static struct rule *
rule_create(const struct ofp_flow_mod *fm, uint8_t table_id,
            long long int now)
{
    struct rule *rule = xzalloc(sizeof *rule);
    cls_rule_init(&rule->cr, &fm->match, fm->priority);
    rule->table_id = table_id;
    atomic_init(&rule->cookie, fm->new_cookie == OFP_FLOW_MOD_KEEP_COOKIE
                               ? 0 : fm->new_cookie);
    rcu_init(&rule->actions,
             rule_actions_create(fm->ofpacts, fm->ofpacts_len));
    rule->idle_timeout = fm->idle_timeout;
    rule->hard_timeout = fm->hard_timeout;
    rule->importance = fm->importance;
    rule->flags = fm->flags & (OFP_FF_SEND_FLOW_REM | OFP_FF_NO_PKT_COUNTS
                               | OFP_FF_NO_BYT_COUNTS);
    rule->created = rule->modified = now;
    list_init(&rule->expirable_node);
    atomic_init(&rule->n_packets, 0);
    atomic_init(&rule->n_bytes, 0);
    atomic_init(&rule->used, now);
    return rule;
}

/* Puts RULE (new) into its table in TXN's version, replacing REPLACED (a
 * rule with the same match and priority, or NULL if the classifier is to
 * find it).  COPY_COUNTERS: the new rule inherits the old one's counters
 * at commit. */
static void
txn_insert(struct tables_txn *txn, struct rule *rule, bool copy_counters)
{
    struct oftable *t = &txn->tables->tables[rule->table_id];
    struct cls_rule *old_cr = classifier_replace(&t->cls, &rule->cr,
                                                 txn->version);
    struct tables_change *c = txn_record(txn, CHANGE_ADD, rule);
    if (old_cr) {
        struct rule *old = CONTAINER_OF(old_cr, struct rule, cr);
        c->replaced = copy_counters ? old : NULL;
        struct tables_change *r = txn_record(txn, CHANGE_REMOVE, old);
        r->send_removed = false;
    }
}

/* Returns the table a rule should go in for an add, or an error. */
static enum ofperr
add_table_id(const struct ofp_flow_mod *fm, uint8_t *table_id)
{
    if (fm->table_id == OFPTT_ALL) {
        *table_id = 0;          /* OpenFlow 1.0: no table given. */
    } else if (fm->table_id < OFTABLES_N) {
        *table_id = fm->table_id;
    } else {
        return OFPERR_OFPBRC_BAD_TABLE_ID;
    }
    return 0;
}

struct rule *
tables_rule_prepare(const struct ofp_flow_mod *fm, enum ofperr *error)
{
    uint8_t table_id;

    *error = add_table_id(fm, &table_id);
    return *error ? NULL : rule_create(fm, table_id, time_msec());
}

void
tables_rule_discard(struct rule *rule)
{
    if (rule) {
        rule_free(rule);
    }
}

enum ofperr
tables_txn_add_rule(struct tables_txn *txn, struct rule *rule,
                    uint32_t fm_flags)
{
    struct oftable *t = &txn->tables->tables[rule->table_id];
    long long int now = time_msec();

    rule->created = rule->modified = now;
    atomic_store_relaxed(&rule->used, now);
    if (fm_flags & OFP_FF_CHECK_OVERLAP
        && classifier_rule_overlaps(&t->cls, &rule->cr, txn->version)) {
        rule_free(rule);
        return OFPERR_OFPFMFC_OVERLAP;
    }
    const struct cls_rule *same = classifier_find_rule_exactly(
        &t->cls, &rule->cr, txn->version);
    if (!same && classifier_count(&t->cls) >= t->max_flows) {
        rule_free(rule);
        return OFPERR_OFPFMFC_TABLE_FULL;
    }
    txn_insert(txn, rule, !(fm_flags & OFP_FF_RESET_COUNTS));
    return 0;
}

static enum ofperr
txn_add(struct tables_txn *txn, const struct ofp_flow_mod *fm)
{
    enum ofperr error;
    struct rule *rule = tables_rule_prepare(fm, &error);
    return rule ? tables_txn_add_rule(txn, rule, fm->flags) : error;
}

/* True if RULE passes FM's cookie filter. */
static bool
cookie_matches(const struct rule *rule, be64 cookie, be64 cookie_mask)
{
    be64 rc = atomic_read_relaxed(&((struct rule *) rule)->cookie);
    return !((rc ^ cookie) & cookie_mask);
}

/* Collects into *RULES (a malloc'd array of *N) the rules visible in
 * VERSION that a modify or delete (STRICT or not) of MATCH, PRIORITY,
 * cookie filter and out_port/out_group filters selects in table TABLE_ID
 * (OFPTT_ALL: every table). */
static enum ofperr
collect_rules(struct tables *tables, cls_version_t version, uint8_t table_id,
              const struct match *match, int priority, bool strict,
              be64 cookie, be64 cookie_mask, uint32_t out_port,
              uint32_t out_group, struct rule ***rules, size_t *n)
{
    size_t allocated = 0;
    uint8_t first = table_id, last = table_id;

    *rules = NULL;
    *n = 0;
    if (table_id == OFPTT_ALL) {
        first = 0;
        last = OFTABLES_N - 1;
    } else if (table_id >= OFTABLES_N) {
        return OFPERR_OFPBRC_BAD_TABLE_ID;
    }

    struct match target = *match;
    match_normalize(&target);
    for (unsigned int i = first; i <= last; i++) {
        struct oftable *t = &tables->tables[i];
        struct rule *rule;
        CLS_FOR_EACH_TARGET (rule, cr, &t->cls,
                             strict ? CLS_CURSOR_STRICT : CLS_CURSOR_LOOSE,
                             &target, priority, version) {
            if (!cookie_matches(rule, cookie, cookie_mask)) {
                continue;
            }
            if (out_port != OFPP_ANY || out_group != OFPG_ANY) {
                const struct rule_actions *a = rule_get_actions(rule);
                if (!tables->outputs_to(a->ofpacts, a->len, out_port,
                                        out_group)) {
                    continue;
                }
            }
            if (*n >= allocated) {
                allocated = allocated ? 2 * allocated : 16;
                *rules = xrealloc(*rules, allocated * sizeof **rules);
            }
            (*rules)[(*n)++] = rule;
        }
    }
    return 0;
}

static enum ofperr
txn_modify(struct tables_txn *txn, const struct ofp_flow_mod *fm,
           bool strict, long long int now)
{
    struct rule **rules;
    size_t n;
    enum ofperr error = collect_rules(txn->tables, txn->version,
                                      fm->table_id, &fm->match,
                                      fm->priority, strict, fm->cookie,
                                      fm->cookie_mask, OFPP_ANY, OFPG_ANY,
                                      &rules, &n);
    if (error) {
        return error;
    }
    if (!n) {
        free(rules);
        return fm->modify_may_add ? txn_add(txn, fm) : 0;
    }

    for (size_t i = 0; i < n; i++) {
        const struct rule *old = rules[i];
        struct rule *rule = xzalloc(sizeof *rule);

        /* The same rule with new actions and perhaps a new cookie: its
         * match, priority, timeouts, flags and age stay. */
        cls_rule_init(&rule->cr, &old->cr.match, old->cr.priority);
        rule->table_id = old->table_id;
        atomic_init(&rule->cookie,
                    (fm->new_cookie != OFP_FLOW_MOD_KEEP_COOKIE
                     && !fm->keep_cookie_on_modify)
                    ? fm->new_cookie
                    : atomic_read_relaxed(&((struct rule *) old)->cookie));
        rcu_init(&rule->actions,
                 rule_actions_create(fm->ofpacts, fm->ofpacts_len));
        rule->idle_timeout = old->idle_timeout;
        rule->hard_timeout = old->hard_timeout;
        rule->importance = old->importance;
        rule->flags = old->flags;
        rule->created = old->created;
        rule->modified = now;
        list_init(&rule->expirable_node);
        atomic_init(&rule->n_packets, 0);
        atomic_init(&rule->n_bytes, 0);
        atomic_init(&rule->used,
                    atomic_read_relaxed(&((struct rule *) old)->used));
        txn_insert(txn, rule, !(fm->flags & OFP_FF_RESET_COUNTS));
    }
    free(rules);
    return 0;
}

static enum ofperr
txn_delete(struct tables_txn *txn, const struct ofp_flow_mod *fm,
           bool strict)
{
    struct rule **rules;
    size_t n;
    enum ofperr error = collect_rules(txn->tables, txn->version,
                                      fm->table_id, &fm->match,
                                      fm->priority, strict, fm->cookie,
                                      fm->cookie_mask, fm->out_port,
                                      fm->out_group, &rules, &n);
    if (error) {
        return error;
    }
    for (size_t i = 0; i < n; i++) {
        struct rule *rule = rules[i];
        cls_rule_make_invisible_in_version(&rule->cr, txn->version);
        struct tables_change *c = txn_record(txn, CHANGE_REMOVE, rule);
        c->send_removed = (rule->flags & OFP_FF_SEND_FLOW_REM) != 0;
        c->reason = OFPRR_DELETE;
    }
    free(rules);
    return 0;
}

enum ofperr
tables_txn_flow_mod(struct tables_txn *txn, const struct ofp_flow_mod *fm)
{
    long long int now = time_msec();

    if (fm->priority < 0 || fm->priority > UINT16_MAX) {
        return OFPERR_OFPFMFC_UNKNOWN;
    }
    if (fm->flags & OFP_FF_EMERG) {
        return OFPERR_OFPFMFC_BAD_EMERG_TIMEOUT;
    }

    switch (fm->command) {
    case OFPFC_ADD:
        return txn_add(txn, fm);
    case OFPFC_MODIFY:
        return txn_modify(txn, fm, false, now);
    case OFPFC_MODIFY_STRICT:
        return txn_modify(txn, fm, true, now);
    case OFPFC_DELETE:
        return txn_delete(txn, fm, false);
    case OFPFC_DELETE_STRICT:
        return txn_delete(txn, fm, true);
    default:
        return OFPERR_OFPFMFC_BAD_COMMAND;
    }
}

void
tables_txn_commit(struct tables_txn *txn)
{
    struct tables *tables = txn->tables;
    struct tables_change *c;
    size_t n_removed = 0;

    if (list_is_empty(&txn->changes)) {
        return;
    }

    /* Counters move from replaced rules to their successors just before
     * the switch of versions, so that little accounting to the old rule
     * is lost. */
    LIST_FOR_EACH (c, node, &txn->changes) {
        if (c->type == CHANGE_ADD && c->replaced) {
            struct rule *old = c->replaced;
            atomic_store_relaxed(&c->rule->n_packets,
                                 atomic_read_relaxed(&old->n_packets));
            atomic_store_relaxed(&c->rule->n_bytes,
                                 atomic_read_relaxed(&old->n_bytes));
        }
        if (c->type == CHANGE_REMOVE) {
            n_removed++;
        }
    }
    atomic_store_explicit(&tables->version, txn->version,
                          memory_order_release);
    atomic_add_relaxed(&tables->seq, 1);

    struct removal_batch *batch = NULL;
    if (n_removed) {
        batch = xmalloc(sizeof *batch);
        batch->tables = tables;
        batch->n = 0;
        batch->rules = xmalloc(n_removed * sizeof *batch->rules);
    }
    LIST_FOR_EACH_SAFE (c, node, &txn->changes) {
        struct rule *rule = c->rule;
        if (c->type == CHANGE_ADD) {
            tables->n_rules++;
            if (rule->idle_timeout || rule->hard_timeout) {
                list_push_back(&tables->expirable, &rule->expirable_node);
            }
        } else {
            tables->n_rules--;
            rule->removed = true;
            list_remove(&rule->expirable_node);
            list_init(&rule->expirable_node);
            if (c->send_removed && tables->removed) {
                tables->removed(tables->aux, rule, c->reason);
            }
            batch->rules[batch->n++] = rule;
        }
        list_remove(&c->node);
        free(c);
    }
    if (batch) {
        rcu_postpone(removal_batch_run, batch);
    }
}

void
tables_txn_abort(struct tables_txn *txn)
{
    struct tables_change *c;

    /* Newest first, so that a rule added and then removed in TXN is
     * restored before it is taken out. */
    while (!list_is_empty(&txn->changes)) {
        c = CONTAINER_OF(list_pop_back(&txn->changes), struct tables_change,
                         node);
        struct rule *rule = c->rule;
        if (c->type == CHANGE_ADD) {
            classifier_remove(&txn->tables->tables[rule->table_id].cls,
                              &rule->cr);
            rcu_postpone(rule_free, rule);
        } else {
            cls_rule_restore_visibility(&rule->cr);
        }
        free(c);
    }
}

enum ofperr
tables_flow_mod(struct tables *tables, const struct ofp_flow_mod *fm)
{
    struct tables_txn txn;

    mutex_lock(&tables->mutex);
    tables_txn_begin(&txn, tables);
    enum ofperr error = tables_txn_flow_mod(&txn, fm);
    if (error) {
        tables_txn_abort(&txn);
    } else {
        tables_txn_commit(&txn);
    }
    mutex_unlock(&tables->mutex);
    return error;
}

/* Expiry. */

static bool
rule_expired(const struct rule *rule, long long int now,
             enum ofp_flow_removed_reason *reason)
{
    if (rule->hard_timeout
        && now >= rule->modified + rule->hard_timeout * 1000LL) {
        *reason = OFPRR_HARD_TIMEOUT;
        return true;
    }
    if (rule->idle_timeout) {
        long long int used = atomic_read_relaxed(&((struct rule *) rule)
                                                 ->used);
        if (now >= used + rule->idle_timeout * 1000LL) {
            *reason = OFPRR_IDLE_TIMEOUT;
            return true;
        }
    }
    return false;
}

size_t
tables_expire(struct tables *tables, long long int now)
{
    struct tables_txn txn;
    struct rule *rule;
    size_t n = 0;

    mutex_lock(&tables->mutex);
    tables_txn_begin(&txn, tables);
    LIST_FOR_EACH (rule, expirable_node, &tables->expirable) {
        enum ofp_flow_removed_reason reason;
        if (rule_expired(rule, now, &reason)) {
            cls_rule_make_invisible_in_version(&rule->cr, txn.version);
            struct tables_change *c = txn_record(&txn, CHANGE_REMOVE, rule);
            c->send_removed = (rule->flags & OFP_FF_SEND_FLOW_REM) != 0;
            c->reason = reason;
            n++;
        }
    }
    tables_txn_commit(&txn);
    mutex_unlock(&tables->mutex);
    return n;
}

/* Rules selected by their actions. */

/* Stores in *RULES (malloc'd) and *N the rules of every table, visible in
 * VERSION, whose actions PRED selects. */
static void
collect_rules_if(struct tables *tables, cls_version_t version,
                 tables_actions_pred *pred, void *aux,
                 struct rule ***rules, size_t *n)
{
    struct match catchall;

    match_init_catchall(&catchall);
    collect_rules(tables, version, OFPTT_ALL, &catchall, 0, false, 0, 0,
                  OFPP_ANY, OFPG_ANY, rules, n);
    size_t kept = 0;
    for (size_t i = 0; i < *n; i++) {
        const struct rule_actions *a = rule_get_actions((*rules)[i]);
        if (pred(a->ofpacts, a->len, aux)) {
            (*rules)[kept++] = (*rules)[i];
        }
    }
    *n = kept;
}

size_t
tables_delete_if(struct tables *tables, tables_actions_pred *pred, void *aux,
                 enum ofp_flow_removed_reason reason)
{
    struct tables_txn txn;
    struct rule **rules;
    size_t n;

    mutex_lock(&tables->mutex);
    tables_txn_begin(&txn, tables);
    collect_rules_if(tables, txn.version, pred, aux, &rules, &n);
    for (size_t i = 0; i < n; i++) {
        struct rule *rule = rules[i];
        cls_rule_make_invisible_in_version(&rule->cr, txn.version);
        struct tables_change *c = txn_record(&txn, CHANGE_REMOVE, rule);
        c->send_removed = (rule->flags & OFP_FF_SEND_FLOW_REM) != 0;
        c->reason = reason;
    }
    tables_txn_commit(&txn);
    mutex_unlock(&tables->mutex);
    free(rules);
    return n;
}

size_t
tables_count_if(struct tables *tables, tables_actions_pred *pred, void *aux)
{
    struct rule **rules;
    size_t n;

    mutex_lock(&tables->mutex);
    collect_rules_if(tables, tables_version(tables), pred, aux, &rules, &n);
    mutex_unlock(&tables->mutex);
    free(rules);
    return n;
}

/* Statistics. */

enum ofperr
tables_for_each_selected(struct tables *tables,
                         const struct ofp_flow_stats_request *req,
                         void (*cb)(const struct rule *, void *aux),
                         void *aux)
{
    struct rule **rules;
    size_t n;

    mutex_lock(&tables->mutex);
    enum ofperr error = collect_rules(tables, tables_version(tables),
                                      req->table_id, &req->match, 0, false,
                                      req->cookie, req->cookie_mask,
                                      req->out_port, req->out_group,
                                      &rules, &n);
    if (!error) {
        for (size_t i = 0; i < n; i++) {
            cb(rules[i], aux);
        }
    }
    mutex_unlock(&tables->mutex);
    free(rules);
    return error;
}

void
rule_to_flow_stats(const struct rule *rule_, long long int now,
                   struct ofp_flow_stats *fs)
{
    struct rule *rule = (struct rule *) rule_;
    const struct rule_actions *a = rule_get_actions(rule);
    long long int age = now - rule->created;

    memset(fs, 0, sizeof *fs);
    fs->match = rule->cr.match;
    fs->cookie = atomic_read_relaxed(&rule->cookie);
    fs->table_id = rule->table_id;
    fs->priority = rule->cr.priority;
    fs->duration_sec = age / 1000;
    fs->duration_nsec = (age % 1000) * 1000000;
    fs->idle_timeout = rule->idle_timeout;
    fs->hard_timeout = rule->hard_timeout;
    long long int used = atomic_read_relaxed(&rule->used);
    fs->idle_age = used > rule->created ? (now - used) / 1000
                                        : (now - rule->created) / 1000;
    fs->hard_age = (now - rule->modified) / 1000;
    fs->importance = rule->importance;
    fs->flags = rule->flags;
    fs->packet_count = atomic_read_relaxed(&rule->n_packets);
    fs->byte_count = atomic_read_relaxed(&rule->n_bytes);
    fs->ofpacts = a->ofpacts;
    fs->ofpacts_len = a->len;
}

size_t
tables_count(const struct tables *tables, uint8_t table_id)
{
    return classifier_count(&tables->tables[table_id].cls);
}
