/*
 * classifier: the OpenFlow classifier, a set of prioritized rules with
 * arbitrary masks over struct oflow (oflow.h), as each OpenFlow table of a
 * bridge holds them.
 *
 * Rules.  A rule is a match (match.h) and a priority.  The caller embeds a
 * 'struct cls_rule' in its own rule object (ofproto's flow entry) and gets
 * back to it with CONTAINER_OF() when a lookup or an iteration returns the
 * rule.  A lookup returns the matching rule with the highest priority;
 * among overlapping rules of equal priority (OpenFlow leaves the choice
 * undefined) it returns one of them, always the same one for the same
 * classifier contents.  Several rules may have the same match and
 * different priorities.
 *
 * Versions.  Each rule is visible from the version in which it was added
 * until the version in which it is removed (not included): lookups,
 * iterations and finds take the version they look at.  The owner keeps a
 * current version number that readers use; to change the table
 * atomically (an OpenFlow bundle, or just one flow_mod), it adds rules
 * with version current + 1, marks rules removed in version current + 1
 * (cls_rule_make_invisible_in_version()), then publishes current + 1 to
 * its readers: every reader sees the table either wholly before or wholly
 * after the change.  Once no reader can still be using an older version
 * (after an RCU grace period), it takes the invisible rules out with
 * classifier_remove().  A caller that does not need versions passes
 * CLS_VERSION_MIN everywhere.
 *
 * Megaflow wildcards.  classifier_lookup() also reports which bits of the
 * flow it had to examine: any flow that agrees with the looked-up one on
 * those bits gets the same answer.  It keeps that set small with tuple
 * space search (one subtable per distinct mask), visiting subtables in
 * order of their highest priority and stopping as soon as no remaining
 * subtable can hold a better rule; staged lookup (a subtable's fields are
 * checked in four stages, metadata and in_port, then L2, L3 and L4, and a
 * subtable that fails at a stage un-wildcards only the stages it got to);
 * and prefix tries on the IPv4 and IPv6 source and destination addresses
 * (when a subtable whose rules match a /N prefix of an address misses at
 * the stage with the addresses, and no rule in the classifier has an
 * N-bit prefix that matches the packet, the lookup un-wildcards only the
 * address bits that the trie walk had to look at; the tries are walked
 * only then, never for a lookup without WC).  See
 * classifier_set_prefix_fields().
 *
 * Concurrency.  Writers (every function documented as "a writer
 * operation", which includes the finds, the overlap check and the
 * iterations) must be serialized by the caller, normally with the mutex
 * that guards its flow tables.  Readers (classifier_lookup() and the
 * counters) take no lock, make no atomic read-modify-write and never
 * block; they must be RCU-registered threads (rcu.h), online while they
 * read, and may run at any time, concurrently with one writer.  A reader
 * sees each rule that stays in the classifier throughout its lookup; a
 * rule inserted or removed meanwhile may or may not be seen (use versions
 * when that matters).  Rules are fully written before they are published.
 *
 * Ownership.  The caller allocates and frees rules; the classifier never
 * copies or frees them.  After classifier_remove(), readers may still hold
 * the rule until their next quiescent point, so free it (or the object
 * around it) with rcu_postpone(), never directly, and do not insert it
 * again before that.  The classifier frees its own subtables and indexes,
 * also after a grace period.
 */
#ifndef SLUICE_CLASSIFIER_H
#define SLUICE_CLASSIFIER_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "atomic.h"
#include "cmap.h"
#include "hmap.h"
#include "match.h"
#include "oflow.h"
#include "rcu.h"

/* A version number.  A rule is visible in versions V with add_version <= V
 * < remove_version. */
typedef uint64_t cls_version_t;

#define CLS_VERSION_MIN 0                       /* The first version. */
#define CLS_VERSION_MAX (UINT64_MAX - 1)        /* The last version. */
#define CLS_VERSION_NOT_REMOVED UINT64_MAX      /* Visible forever. */

/* For iterations and classifier_find_loosely(): every rule in the
 * classifier, whatever versions it is visible in. */
#define CLS_VERSION_ANY UINT64_MAX

struct cls_subtable;
struct cls_subtables;
struct cls_trie_node;

/* The address fields with a prefix trie, in classifier_lookup()'s order.
 * Public for tests; CLS_N_TRIES counts them. */
enum cls_trie_field {
    CLS_TRIE_NW_SRC,                /* IPv4 source (or ARP sender). */
    CLS_TRIE_NW_DST,                /* IPv4 destination (or ARP target). */
    CLS_TRIE_IPV6_SRC,
    CLS_TRIE_IPV6_DST,
    CLS_N_TRIES
};

/* A rule, embedded by the caller.  The caller sets it up with
 * cls_rule_init() and then reads only 'match' and 'priority' (through
 * the accessors or directly); all other members are private, and none may
 * change while the rule is in a classifier. */
struct cls_rule {
    struct cmap_node cmap_node;         /* In its subtable, if first. */
    RCU(struct cls_rule *) next;        /* Same match, lower priority. */
    struct cls_subtable *subtable;      /* NULL if in no classifier. */
    uint32_t hash;                      /* Hash of match in subtable. */
    int priority;                       /* Higher wins. */
    cls_version_t add_version;          /* First version it is visible. */
    _Atomic(cls_version_t) remove_version;  /* First invisible version. */
    struct match match;                 /* Normalized (flow & mask). */
};

/* A classifier.  All members are private. */
struct classifier {
    /* Read by lookups. */
    RCU(struct cls_subtables *) subtables;  /* By max priority, desc. */
    RCU(struct cls_trie_node *) tries[CLS_N_TRIES];
    atomic_size_t n_rules;
    unsigned int trie_fields;           /* 1 << enum cls_trie_field. */

    /* Writers only. */
    struct hmap subtables_by_mask;      /* cls_subtable by hash of mask. */
    struct cls_subtables *writer_subtables;     /* Writer's copy. */
    size_t allocated_subtables;
};

/* Initializes RULE with MATCH (copied and normalized: flow bits outside
 * the mask are cleared) and PRIORITY, visible from CLS_VERSION_MIN until
 * removed.  RULE is in no classifier afterward. */
void cls_rule_init(struct cls_rule *rule, const struct match *match,
                   int priority);

/* Returns true if RULE is visible in VERSION.  Any thread. */
static inline bool
cls_rule_visible_in_version(const struct cls_rule *rule,
                            cls_version_t version)
{
    return (rule->add_version <= version
            && version < atomic_read_relaxed(&rule->remove_version));
}

/* Makes RULE, which must be visible in VERSION or have been added in a
 * later version, invisible from VERSION on.  Lookups in older versions
 * still see it.  A writer operation. */
void cls_rule_make_invisible_in_version(struct cls_rule *rule,
                                        cls_version_t version);

/* Makes RULE visible again in every version from its add version on,
 * undoing cls_rule_make_invisible_in_version() (to roll back a bundle).
 * A writer operation. */
void cls_rule_restore_visibility(struct cls_rule *rule);

/* Returns true if RULE is in a classifier. */
static inline bool
cls_rule_is_inserted(const struct cls_rule *rule)
{
    return rule->subtable != NULL;
}

/* Returns true if RULE's match is a subset of TARGET's, OpenFlow's
 * "loose" match: RULE matches every field TARGET matches, with the same
 * value under TARGET's mask (RULE may match more fields, or more bits of
 * them).  TARGET must be normalized. */
bool cls_rule_is_loose_match(const struct cls_rule *rule,
                             const struct match *target);

/* Initializes CLS as an empty classifier. */
void classifier_init(struct classifier *cls);

/* Chooses the address fields that CLS tracks with prefix tries: bit
 * (1 << F) of FIELDS for each enum cls_trie_field F.  A new classifier
 * tracks all of them (CLS_ALL_TRIES).  Tries make megaflows narrower for
 * packets that miss a rule by a few address bits, at the cost of work on
 * every insertion and removal of a rule that matches a prefix of the
 * field.  Returns 0, or EBUSY if CLS is not empty.  A writer
 * operation. */
int classifier_set_prefix_fields(struct classifier *cls,
                                 unsigned int fields);

#define CLS_ALL_TRIES ((1u << CLS_N_TRIES) - 1)

/* Frees CLS's subtables and indexes (after a grace period, since readers
 * may still use them).  Rules still in CLS are forgotten, not freed: the
 * caller frees them (after a grace period if readers may hold them), and
 * must not use them with CLS again.  Afterward CLS may only be
 * initialized again.  A null CLS is a no-op.  A writer operation. */
void classifier_destroy(struct classifier *cls);

/* Inserts RULE, which must be initialized and in no classifier, visible
 * from VERSION on.  Returns 0, or EEXIST without inserting anything if CLS
 * holds a rule with the same match and priority that is still visible in
 * VERSION or later.  A writer operation. */
int classifier_insert(struct classifier *cls, struct cls_rule *rule,
                      cls_version_t version);

/* Inserts RULE, which must be initialized and in no classifier, visible
 * from VERSION on.  If CLS holds a rule with the same match and priority
 * that is visible in VERSION or later, makes it invisible from VERSION on
 * and returns it (it stays in CLS for readers of older versions: the
 * caller takes it out with classifier_remove() once none remains; with
 * versions unused, at once).  Otherwise returns NULL.  Readers see the old
 * rule or the new one, never neither.  A writer operation. */
struct cls_rule *classifier_replace(struct classifier *cls,
                                    struct cls_rule *rule,
                                    cls_version_t version);

/* Removes RULE, which must be in CLS, whatever versions it is visible in.
 * Readers may hold RULE until their next quiescent point: free it with
 * rcu_postpone().  A writer operation. */
void classifier_remove(struct classifier *cls, struct cls_rule *rule);

/* Returns the highest-priority rule in CLS that is visible in VERSION and
 * matches FLOW, or NULL.  If WC is nonnull, ORs into it the bits of FLOW
 * that the lookup examined: every flow that agrees with FLOW on the bits
 * set in WC afterward gets the same rule.  A reader operation: no lock,
 * no allocation. */
const struct cls_rule *classifier_lookup(const struct classifier *cls,
                                         cls_version_t version,
                                         const struct oflow *flow,
                                         struct oflow *wc);

/* Returns the rule in CLS with exactly MATCH (normalized) and PRIORITY
 * that is visible in VERSION, or NULL.  A writer operation. */
const struct cls_rule *classifier_find_match_exactly(
    const struct classifier *cls, const struct match *match, int priority,
    cls_version_t version);

/* Returns the rule in CLS with the same match and priority as TARGET that
 * is visible in VERSION, or NULL.  A writer operation. */
const struct cls_rule *classifier_find_rule_exactly(
    const struct classifier *cls, const struct cls_rule *target,
    cls_version_t version);

/* Returns the highest-priority rule in CLS, visible in VERSION, whose
 * match is a subset of TARGET's (see cls_rule_is_loose_match()), or NULL.
 * TARGET must be normalized.  A writer operation that may visit every
 * rule. */
const struct cls_rule *classifier_find_loosely(const struct classifier *cls,
                                               const struct match *target,
                                               cls_version_t version);

/* Returns true if a rule in CLS, visible in VERSION, has TARGET's
 * priority and a match that overlaps TARGET's (some packet matches both),
 * as OFPFF_CHECK_OVERLAP requires checking.  TARGET itself need not be
 * in CLS.  A writer operation that may visit every rule of equal or
 * higher maximum priority. */
bool classifier_rule_overlaps(const struct classifier *cls,
                              const struct cls_rule *target,
                              cls_version_t version);

/* Returns the number of rules in CLS, in any version: exact for a writer,
 * recent for anyone else. */
size_t classifier_count(const struct classifier *cls);

/* Returns true if CLS has no rules (see classifier_count()). */
bool classifier_is_empty(const struct classifier *cls);

/* Returns the number of subtables (distinct masks) in CLS.  A writer
 * operation. */
size_t classifier_n_subtables(const struct classifier *cls);

/* Iteration. */

/* Which rules a cursor visits. */
enum cls_cursor_mode {
    CLS_CURSOR_ALL,             /* Every rule. */
    CLS_CURSOR_LOOSE,           /* Rules whose match is a subset of the
                                 * target (cls_rule_is_loose_match()). */
    CLS_CURSOR_STRICT,          /* Rules with the target's match and
                                 * priority. */
};

/* Iteration state.  Private. */
struct cls_cursor {
    const struct classifier *cls;
    const struct cls_subtables *subtables;
    size_t subtable_idx;
    const struct match *target;
    int priority;
    enum cls_cursor_mode mode;
    cls_version_t version;
    struct cmap_cursor heads;           /* In the current subtable. */
    bool in_subtable;
    bool chain_only;                    /* Strict: one chain of rules. */
    struct cls_rule *rule;              /* Current rule, NULL at the end. */
};

/* Starts iterating over the rules of CLS visible in VERSION (every rule
 * for CLS_VERSION_ANY) that MODE
 * selects with TARGET (a normalized match, ignored for CLS_CURSOR_ALL) and
 * PRIORITY (used only by CLS_CURSOR_STRICT).  Rules come in no particular
 * order.  TARGET must stay valid during the iteration.  The iterating
 * writer may remove the current rule (and must then be an online RCU
 * thread, which keeps the rule valid); other changes during an iteration
 * may make it miss rules or visit them twice.  A writer operation. */
struct cls_cursor cls_cursor_start(const struct classifier *cls,
                                   enum cls_cursor_mode mode,
                                   const struct match *target, int priority,
                                   cls_version_t version);

/* Moves CURSOR to the next rule. */
void cls_cursor_advance(struct cls_cursor *cursor);

#define CLS_ITER__(RULE) RULE##__cls_iter

/* Iterates RULE (a pointer to the caller's type, which contains a 'struct
 * cls_rule' named MEMBER) over the rules that cls_cursor_start(CLS, MODE,
 * TARGET, PRIORITY, VERSION) selects.  After a loop that ran to its end,
 * RULE is NULL. */
#define CLS_FOR_EACH_TARGET(RULE, MEMBER, CLS, MODE, TARGET, PRIORITY,    \
                            VERSION)                                    \
    for (struct cls_cursor CLS_ITER__(RULE)                             \
             = cls_cursor_start(CLS, MODE, TARGET, PRIORITY, VERSION);  \
         (CLS_ITER__(RULE).rule                                         \
          ? (INIT_CONTAINER(RULE, CLS_ITER__(RULE).rule, MEMBER), 1)    \
          : ((RULE) = NULL, 0));                                        \
         cls_cursor_advance(&CLS_ITER__(RULE)))

/* Iterates RULE over every rule of CLS, in every version. */
#define CLS_FOR_EACH(RULE, MEMBER, CLS)                                 \
    CLS_FOR_EACH_TARGET(RULE, MEMBER, CLS, CLS_CURSOR_ALL, NULL, 0,     \
                        CLS_VERSION_ANY)

/* Prefix tries, for tests. */

/* Walks the trie of FIELD in CLS with the address in FLOW, as a lookup
 * does: stores in *PLEN_MATCHES whether some rule has a prefix of length
 * N (1 to 128) that matches the address, as bit N % 64 of
 * PLEN_MATCHES[N / 64] (PLEN_MATCHES has room for 3), and returns the
 * number of leading address bits the walk examined.  A reader
 * operation. */
unsigned int classifier_trie_lookup(const struct classifier *cls,
                                    enum cls_trie_field field,
                                    const struct oflow *flow,
                                    uint64_t plen_matches[3]);

#endif /* classifier.h */
