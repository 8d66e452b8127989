/*
 * tables: the flow tables of one OpenFlow switch and the rules in them,
 * changed by flow_mods as the OpenFlow specification describes.
 *
 * A switch has OFTABLES_N (255) tables, numbered 0 to 254, each a
 * classifier (lib/classifier.h) of rules.  A rule is a match, a priority,
 * a cookie, timeouts, flags, an action list and counters.  This module
 * knows nothing of ports, the datapath or the wire: ofproto.c decodes
 * requests into struct ofp_flow_mod (ofp-flow.h) and calls in here;
 * translation (xlate) looks rules up; the revalidators add datapath
 * statistics to rules with rule_account(); a periodic call expires rules
 * whose timeouts passed.
 *
 * Versions and atomic changes.  Every change happens in a transaction
 * (struct tables_txn): the changes of one flow_mod, or of a whole bundle,
 * become visible to readers at once, when the transaction commits, by
 * publishing a new classifier version; if any change of the transaction
 * fails, none takes effect.  Readers look rules up in the version
 * tables_version() returns.
 *
 * Concurrency.  Writers (every function below that takes a non-const
 * struct tables, and the transaction functions) must hold 'tables->mutex'
 * (tables_lock()).  Readers (tables_lookup(), rule_get_actions(), the
 * rule accessors documented as such) take no lock and must be online
 * RCU threads; a rule or action list they obtain stays valid until their
 * next quiescent point.  Rule counters are updated with relaxed atomics
 * by any thread through rule_account().
 *
 * Ownership.  The tables own their rules; a removed rule is freed after
 * an RCU grace period.
 */
#ifndef SLUICE_OFPROTO_TABLES_H
#define SLUICE_OFPROTO_TABLES_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "atomic.h"
#include "classifier.h"
#include "list.h"
#include "match.h"
#include "ofp-errors.h"
#include "ofp-flow.h"
#include "rcu.h"
#include "thread.h"

#define OFTABLES_N 255

struct ds;

/* A rule's action list (ofp-actions.h), replaced as a whole under RCU. */
struct rule_actions {
    size_t len;                     /* Bytes in 'ofpacts'. */
    uint64_t ofpacts[];
};

struct rule {
    struct cls_rule cr;             /* In its table's classifier. */
    uint8_t table_id;

    /* Read by anyone (relaxed); written under the mutex. */
    _Atomic be64 cookie;
    RCU(struct rule_actions *) actions;

    /* Under the tables' mutex. */
    uint16_t idle_timeout;
    uint16_t hard_timeout;
    uint16_t importance;
    uint32_t flags;                 /* OFP_FF_*. */
    long long int created;          /* time_msec() of the add. */
    long long int modified;         /* time_msec() of the last add or
                                     * modify. */
    struct list expirable_node;     /* In tables->expirable, if it has a
                                     * timeout. */
    bool removed;                   /* Out, or on its way out. */

    /* Counters: any thread, relaxed atomics. */
    _Atomic uint64_t n_packets;
    _Atomic uint64_t n_bytes;
    _Atomic long long int used;     /* time_msec() of the last packet, or
                                     * 'created'. */
};

/* What a table does with a packet that no rule matches, when it has no
 * table-miss rule (the caller's translation applies it). */
enum table_miss {
    TABLE_MISS_DEFAULT,             /* As the protocol version says. */
    TABLE_MISS_CONTROLLER,
    TABLE_MISS_CONTINUE,
    TABLE_MISS_DROP,
};

struct oftable {
    struct classifier cls;
    char *name;                     /* NULL: the default name. */
    unsigned int max_flows;         /* UINT_MAX: no limit. */
    enum table_miss miss;
    _Atomic uint64_t n_lookups;     /* Counted by translation. */
    _Atomic uint64_t n_matched;
};

/* Filters an out_port/out_group condition: returns true if the action
 * list OFPACTS (LEN bytes) outputs to PORT (unless it is OFPP_ANY) or to
 * GROUP (unless it is OFPG_ANY).  Supplied by the caller, which knows the
 * action encoding. */
typedef bool tables_outputs_to_cb(const void *ofpacts, size_t len,
                                  uint32_t port, uint32_t group);

/* Tells the caller that RULE is being removed for REASON, so that it can
 * send a flow_removed message if the rule asked for one.  Called with the
 * mutex held, once the removal is committed; RULE stays valid until a
 * grace period has passed. */
typedef void tables_removed_cb(void *aux, const struct rule *rule,
                               enum ofp_flow_removed_reason reason);

struct tables {
    struct mutex mutex;
    struct oftable tables[OFTABLES_N];
    _Atomic cls_version_t version;  /* What readers look at. */
    struct list expirable;          /* Rules with timeouts. */
    size_t n_rules;
    _Atomic uint64_t seq;           /* Changes whenever a rule is added,
                                     * removed or given new actions. */

    tables_outputs_to_cb *outputs_to;
    tables_removed_cb *removed;
    void *aux;
};

/* Initializes TABLES, empty.  OUTPUTS_TO and REMOVED (with AUX) are the
 * callbacks above; REMOVED may be NULL. */
void tables_init(struct tables *tables, tables_outputs_to_cb *outputs_to,
                 tables_removed_cb *removed, void *aux);

/* Removes every rule (without flow_removed messages) and frees what
 * TABLES holds, after a grace period.  No reader may start using it. */
void tables_destroy(struct tables *tables);

void tables_lock(struct tables *tables) SLUICE_ACQUIRES(tables->mutex);
void tables_unlock(struct tables *tables) SLUICE_RELEASES(tables->mutex);

/* Returns the version that readers look rules up in.  Any thread. */
static inline cls_version_t
tables_version(const struct tables *tables)
{
    return atomic_load_explicit(&((struct tables *) tables)->version,
                                memory_order_acquire);
}

/* Returns the highest-priority rule of table TABLE_ID that matches FLOW in
 * VERSION, ORing into WC (if nonnull) the bits looked at.  A reader
 * operation. */
const struct rule *tables_lookup(const struct tables *tables,
                                 uint8_t table_id, cls_version_t version,
                                 const struct oflow *flow, struct oflow *wc);

/* Returns RULE's actions.  A reader operation. */
static inline const struct rule_actions *
rule_get_actions(const struct rule *rule)
{
    return rcu_get(&((struct rule *) rule)->actions);
}

/* Adds N_PACKETS packets of N_BYTES bytes to RULE's counters, last hit at
 * USED (time_msec()).  Any thread. */
void rule_account(struct rule *rule, uint64_t n_packets, uint64_t n_bytes,
                  long long int used);

/* Transactions. */

/* A set of changes that take effect together.  Private members. */
struct tables_txn {
    struct tables *tables;
    cls_version_t version;          /* The version being built. */
    struct list changes;            /* struct tables_change. */
};

/* Starts a transaction on TABLES, whose mutex the caller holds. */
void tables_txn_begin(struct tables_txn *txn, struct tables *tables);

/* Applies FM within TXN, as the OpenFlow specification says for each
 * command, without making it visible yet.  Returns 0 or the OpenFlow
 * error for FM (which then has no effect; earlier changes of TXN
 * remain). */
enum ofperr tables_txn_flow_mod(struct tables_txn *txn,
                                const struct ofp_flow_mod *fm);

/* Makes every change of TXN visible at once, calls the removal callback
 * for removed rules that asked for it, and ends TXN. */
void tables_txn_commit(struct tables_txn *txn);

/* Undoes every change of TXN and ends it. */
void tables_txn_abort(struct tables_txn *txn);

/* Adds in two steps, for bundles, so that most of the work happens as
 * their messages arrive and little when they commit. */

/* Creates, outside any transaction, the rule that flow_mod FM (an add)
 * would add; returns NULL, with the error in *ERROR, for a bad table.
 * Any thread; no lock. */
struct rule *tables_rule_prepare(const struct ofp_flow_mod *fm,
                                 enum ofperr *error);

/* Frees RULE, prepared and never added (NULL is allowed). */
void tables_rule_discard(struct rule *rule);

/* Adds RULE, from tables_rule_prepare(), within TXN as the add with
 * flags FM_FLAGS (OFP_FF_*: check overlap, reset counts) would, its
 * times set to now.  Returns 0 or the add's error (RULE is then
 * freed). */
enum ofperr tables_txn_add_rule(struct tables_txn *txn, struct rule *rule,
                                uint32_t fm_flags);

/* Applies FM in a transaction of its own: commits it if it succeeds.
 * Takes and releases the mutex. */
enum ofperr tables_flow_mod(struct tables *tables,
                            const struct ofp_flow_mod *fm);

/* Removes the rules whose hard timeout has passed, or whose idle timeout
 * has passed since they were last used, as of NOW (time_msec()), with
 * flow_removed callbacks.  Returns the number removed.  Takes and
 * releases the mutex. */
size_t tables_expire(struct tables *tables, long long int now);

/* Rules selected by their actions (for groups and meters, whose removal
 * removes the rules that use them). */

/* Returns true if the LEN-byte action list OFPACTS is one the caller
 * looks for. */
typedef bool tables_actions_pred(const void *ofpacts, size_t len,
                                 void *aux);

/* Removes, in a transaction of its own, every rule of every table whose
 * actions PRED (with AUX) selects, with flow_removed callbacks that give
 * REASON.  Returns the number removed.  Takes and releases the mutex. */
size_t tables_delete_if(struct tables *tables, tables_actions_pred *pred,
                        void *aux, enum ofp_flow_removed_reason reason);

/* Returns the number of rules visible now whose actions PRED selects.
 * Takes and releases the mutex. */
size_t tables_count_if(struct tables *tables, tables_actions_pred *pred,
                       void *aux);

/* Statistics. */

/* Calls CB for each rule that REQ selects (its table(s), a loose match,
 * cookie, out_port and out_group), in the current version, with the
 * mutex held.  Returns 0 or OFPERR_OFPBRC_BAD_TABLE_ID. */
enum ofperr tables_for_each_selected(struct tables *tables,
                                     const struct ofp_flow_stats_request *req,
                                     void (*cb)(const struct rule *,
                                                void *aux),
                                     void *aux);

/* Fills *FS from RULE (without the actions when FS's caller does not
 * need them, ofpacts is set to RULE's current list) as of NOW. */
void rule_to_flow_stats(const struct rule *rule, long long int now,
                        struct ofp_flow_stats *fs);

/* Returns the number of rules in table TABLE_ID (any version). */
size_t tables_count(const struct tables *tables, uint8_t table_id);

#endif /* ofproto/tables.h */
