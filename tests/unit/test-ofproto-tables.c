/* Unit tests for ofproto/tables.c: flow_mod semantics (add, replace,
 * overlap, modify and delete, loose and strict, cookies, out_port
 * filters), transactions (atomic commit and abort), expiry, statistics and
 * flow_removed callbacks.
 *
 * Action lists here are arrays of 32-bit output port numbers: the tables
 * treat actions as opaque bytes and ask a callback about outputs. */
#include <config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "ofproto/tables.h"
#include <arpa/inet.h>
#include <string.h>
#include "rcu.h"
#include "timeval.h"
#include "util.h"

static bool
outputs_to(const void *ofpacts, size_t len, uint32_t port, uint32_t group)
{
    const uint32_t *ports = ofpacts;
    if (group != OFPG_ANY) {
        return false;           /* No group actions in these tests. */
    }
    for (size_t i = 0; i < len / sizeof *ports; i++) {
        if (ports[i] == port) {
            return true;
        }
    }
    return false;
}

/* flow_removed callbacks seen. */
struct removed_log {
    size_t n;
    int priorities[16];
    enum ofp_flow_removed_reason reasons[16];
};

static void
removed_cb(void *aux, const struct rule *rule,
           enum ofp_flow_removed_reason reason)
{
    struct removed_log *log = aux;
    if (log->n < ARRAY_SIZE(log->priorities)) {
        log->priorities[log->n] = rule->cr.priority;
        log->reasons[log->n] = reason;
    }
    log->n++;
}

static struct tables tables;
static struct removed_log removed_log;

static int
setup(void **state SLUICE_UNUSED)
{
    rcu_register_thread();
    memset(&removed_log, 0, sizeof removed_log);
    tables_init(&tables, outputs_to, removed_cb, &removed_log);
    return 0;
}

static int
teardown(void **state SLUICE_UNUSED)
{
    tables_destroy(&tables);
    rcu_unregister_thread();
    return 0;
}

/* A match on in_port and, if NW_DST is nonzero, IPv4 destination /PLEN. */
static void
make_match(struct match *m, uint32_t in_port, uint32_t nw_dst, int plen)
{
    match_init_catchall(m);
    if (in_port) {
        m->flow.dp.in_port = in_port;
        m->mask.dp.in_port = UINT32_MAX;
    }
    if (nw_dst) {
        m->flow.dp.dl_type = htons(0x0800);
        m->mask.dp.dl_type = htons(0xffff);
        be32 mask = plen ? htonl(UINT32_MAX << (32 - plen)) : 0;
        m->flow.dp.nw_dst = htonl(nw_dst) & mask;
        m->mask.dp.nw_dst = mask;
    }
}

static uint32_t action_ports[4];

/* A flow_mod with COMMAND, the match above, PRIORITY and actions that
 * output to OUT_PORT (0: drop). */
static struct ofp_flow_mod
make_fm(enum ofp_flow_mod_command command, uint32_t in_port, uint32_t nw_dst,
        int plen, int priority, uint32_t out_port)
{
    struct ofp_flow_mod fm;
    memset(&fm, 0, sizeof fm);
    make_match(&fm.match, in_port, nw_dst, plen);
    fm.priority = priority;
    fm.command = command;
    fm.table_id = 0;
    fm.cookie = 0;
    fm.cookie_mask = 0;
    fm.new_cookie = command == OFPFC_ADD ? 0 : OFP_FLOW_MOD_KEEP_COOKIE;
    fm.buffer_id = OFP_NO_BUFFER;
    fm.out_port = OFPP_ANY;
    fm.out_group = OFPG_ANY;
    static uint32_t ports[64][1];
    static size_t next;
    if (out_port) {
        uint32_t *p = ports[next++ % ARRAY_SIZE(ports)];
        p[0] = out_port;
        fm.ofpacts = p;
        fm.ofpacts_len = sizeof *p;
    }
    (void) action_ports;
    return fm;
}

/* The output port of the rule that a packet from IN_PORT to NW_DST hits
 * in table 0 in the current version: 0 for drop, -1 for no rule. */
static int
lookup_port(uint32_t in_port, uint32_t nw_dst)
{
    struct oflow flow;
    memset(&flow, 0, sizeof flow);
    flow.dp.in_port = in_port;
    flow.dp.dl_type = htons(0x0800);
    flow.dp.nw_dst = htonl(nw_dst);
    const struct rule *rule = tables_lookup(&tables, 0,
                                            tables_version(&tables), &flow,
                                            NULL);
    if (!rule) {
        return -1;
    }
    const struct rule_actions *a = rule_get_actions(rule);
    return a->len ? (int) ((const uint32_t *) a->ofpacts)[0] : 0;
}

static const struct rule *
lookup_rule(uint32_t in_port, uint32_t nw_dst)
{
    struct oflow flow;
    memset(&flow, 0, sizeof flow);
    flow.dp.in_port = in_port;
    flow.dp.dl_type = htons(0x0800);
    flow.dp.nw_dst = htonl(nw_dst);
    return tables_lookup(&tables, 0, tables_version(&tables), &flow, NULL);
}

static void
do_fm(const struct ofp_flow_mod *fm, enum ofperr expected)
{
    assert_int_equal(tables_flow_mod(&tables, fm), expected);
}

static void
test_add_and_priorities(void **state SLUICE_UNUSED)
{
    struct ofp_flow_mod fm;

    assert_int_equal(lookup_port(1, 0x0a000001), -1);
    fm = make_fm(OFPFC_ADD, 1, 0, 0, 100, 2);
    do_fm(&fm, 0);
    fm = make_fm(OFPFC_ADD, 1, 0x0a000000, 24, 200, 3);
    do_fm(&fm, 0);
    fm = make_fm(OFPFC_ADD, 0, 0, 0, 0, 0);     /* Table-miss: drop. */
    do_fm(&fm, 0);

    assert_int_equal(lookup_port(1, 0x0a000001), 3);
    assert_int_equal(lookup_port(1, 0x0b000001), 2);
    assert_int_equal(lookup_port(7, 0x0a000001), 0);
    assert_int_equal(tables.n_rules, 3);
    assert_int_equal(tables_version(&tables), 3);

    /* Bad table and priority. */
    fm = make_fm(OFPFC_ADD, 1, 0, 0, 100, 2);
    fm.table_id = 254;
    do_fm(&fm, 0);
    fm.table_id = 255;
    do_fm(&fm, 0);                              /* OpenFlow 1.0: table 0. */
    assert_int_equal(tables.n_rules, 4);        /* Replaced, not added. */
    fm.priority = 70000;
    do_fm(&fm, OFPERR_OFPFMFC_UNKNOWN);
    fm = make_fm(7, 1, 0, 0, 100, 2);
    do_fm(&fm, OFPERR_OFPFMFC_BAD_COMMAND);
}

static void
test_replace_and_overlap(void **state SLUICE_UNUSED)
{
    struct ofp_flow_mod fm = make_fm(OFPFC_ADD, 1, 0x0a000000, 8, 100, 2);
    do_fm(&fm, 0);
    struct rule *rule = (struct rule *) lookup_rule(1, 0x0a000001);
    rule_account(rule, 10, 1000, time_msec());

    /* Same match and priority: replaced, counters kept. */
    fm = make_fm(OFPFC_ADD, 1, 0x0a000000, 8, 100, 5);
    do_fm(&fm, 0);
    assert_int_equal(lookup_port(1, 0x0a000001), 5);
    assert_int_equal(tables.n_rules, 1);
    rule = (struct rule *) lookup_rule(1, 0x0a000001);
    assert_int_equal(atomic_read_relaxed(&rule->n_packets), 10);

    /* With RESET_COUNTS they start again. */
    fm = make_fm(OFPFC_ADD, 1, 0x0a000000, 8, 100, 6);
    fm.flags = OFP_FF_RESET_COUNTS;
    do_fm(&fm, 0);
    rule = (struct rule *) lookup_rule(1, 0x0a000001);
    assert_int_equal(atomic_read_relaxed(&rule->n_packets), 0);

    /* Overlap: same priority, some packet matches both. */
    fm = make_fm(OFPFC_ADD, 1, 0x0a010000, 16, 100, 7);
    fm.flags = OFP_FF_CHECK_OVERLAP;
    do_fm(&fm, OFPERR_OFPFMFC_OVERLAP);
    fm.priority = 101;
    do_fm(&fm, 0);                  /* Another priority: no overlap. */
    fm = make_fm(OFPFC_ADD, 1, 0x0b000000, 8, 100, 7);
    fm.flags = OFP_FF_CHECK_OVERLAP;
    do_fm(&fm, 0);                  /* Disjoint. */
    assert_int_equal(tables.n_rules, 3);

    /* A full table. */
    tables.tables[0].max_flows = 3;
    fm = make_fm(OFPFC_ADD, 2, 0, 0, 1, 1);
    do_fm(&fm, OFPERR_OFPFMFC_TABLE_FULL);
    fm = make_fm(OFPFC_ADD, 1, 0x0b000000, 8, 100, 8);
    do_fm(&fm, 0);                  /* A replacement still fits. */
}

static void
test_modify(void **state SLUICE_UNUSED)
{
    struct ofp_flow_mod fm = make_fm(OFPFC_ADD, 1, 0x0a000000, 8, 100, 2);
    fm.new_cookie = htonll(0x11);
    do_fm(&fm, 0);
    fm = make_fm(OFPFC_ADD, 1, 0x0a010000, 16, 200, 3);
    fm.new_cookie = htonll(0x22);
    fm.hard_timeout = 60;
    do_fm(&fm, 0);
    fm = make_fm(OFPFC_ADD, 2, 0, 0, 100, 4);
    fm.new_cookie = htonll(0x11);
    do_fm(&fm, 0);

    /* Loose: both in_port=1 rules are within "in_port=1". */
    fm = make_fm(OFPFC_MODIFY, 1, 0, 0, 0, 9);
    do_fm(&fm, 0);
    assert_int_equal(lookup_port(1, 0x0a000001), 9);
    assert_int_equal(lookup_port(1, 0x0a010001), 9);
    assert_int_equal(lookup_port(2, 0), 4);
    const struct rule *r = lookup_rule(1, 0x0a010001);
    assert_int_equal(r->hard_timeout, 60);      /* Kept. */
    assert_int_equal(ntohll(atomic_read_relaxed(&((struct rule *) r)->cookie)),
                     0x22);

    /* Cookie filter and new cookie. */
    fm = make_fm(OFPFC_MODIFY, 0, 0, 0, 0, 7);
    fm.cookie = htonll(0x11);
    fm.cookie_mask = htonll(UINT64_MAX);
    fm.new_cookie = htonll(0x33);
    do_fm(&fm, 0);
    assert_int_equal(lookup_port(1, 0x0a000001), 7);
    assert_int_equal(lookup_port(1, 0x0a010001), 9);
    assert_int_equal(lookup_port(2, 0), 7);
    r = lookup_rule(2, 0);
    assert_int_equal(ntohll(atomic_read_relaxed(&((struct rule *) r)->cookie)),
                     0x33);

    /* Strict: only the exact match and priority. */
    fm = make_fm(OFPFC_MODIFY_STRICT, 1, 0x0a010000, 16, 100, 5);
    do_fm(&fm, 0);
    assert_int_equal(lookup_port(1, 0x0a010001), 9);    /* Priority 200. */
    fm.priority = 200;
    do_fm(&fm, 0);
    assert_int_equal(lookup_port(1, 0x0a010001), 5);
    assert_int_equal(tables.n_rules, 3);

    /* Nothing selected: no change, or an add for OpenFlow 1.0. */
    fm = make_fm(OFPFC_MODIFY_STRICT, 3, 0, 0, 10, 6);
    do_fm(&fm, 0);
    assert_int_equal(tables.n_rules, 3);
    fm.modify_may_add = true;
    do_fm(&fm, 0);
    assert_int_equal(tables.n_rules, 4);
    assert_int_equal(lookup_port(3, 0), 6);
}

static void
test_delete(void **state SLUICE_UNUSED)
{
    struct ofp_flow_mod fm = make_fm(OFPFC_ADD, 1, 0x0a000000, 8, 100, 2);
    fm.flags = OFP_FF_SEND_FLOW_REM;
    do_fm(&fm, 0);
    fm = make_fm(OFPFC_ADD, 1, 0x0a010000, 16, 200, 3);
    do_fm(&fm, 0);
    fm = make_fm(OFPFC_ADD, 2, 0, 0, 100, 3);
    fm.flags = OFP_FF_SEND_FLOW_REM;
    do_fm(&fm, 0);
    fm = make_fm(OFPFC_ADD, 2, 0, 0, 100, 3);
    fm.table_id = 5;
    do_fm(&fm, 0);

    /* out_port filter: only rules that output to port 3, in table 0. */
    fm = make_fm(OFPFC_DELETE, 0, 0, 0, 0, 0);
    fm.out_port = 3;
    do_fm(&fm, 0);
    assert_int_equal(tables.n_rules, 2);
    assert_int_equal(lookup_port(1, 0x0a010001), 2);
    assert_int_equal(lookup_port(2, 0), -1);
    assert_int_equal(removed_log.n, 1);     /* Only the one that asked. */
    assert_int_equal(removed_log.priorities[0], 100);
    assert_int_equal(removed_log.reasons[0], OFPRR_DELETE);
    assert_int_equal(tables_count(&tables, 5), 1);

    /* Strict needs the priority. */
    fm = make_fm(OFPFC_DELETE_STRICT, 1, 0x0a000000, 8, 99, 0);
    do_fm(&fm, 0);
    assert_int_equal(tables.n_rules, 2);
    fm.priority = 100;
    do_fm(&fm, 0);
    assert_int_equal(tables.n_rules, 1);
    assert_int_equal(removed_log.n, 2);

    /* Every table. */
    fm = make_fm(OFPFC_DELETE, 0, 0, 0, 0, 0);
    fm.table_id = OFPTT_ALL;
    do_fm(&fm, 0);
    assert_int_equal(tables.n_rules, 0);
    fm.table_id = 255 - 1;
    do_fm(&fm, 0);
}

static void
test_transactions(void **state SLUICE_UNUSED)
{
    struct ofp_flow_mod fm = make_fm(OFPFC_ADD, 1, 0, 0, 100, 2);
    do_fm(&fm, 0);
    cls_version_t before = tables_version(&tables);

    /* Changes are invisible until the commit. */
    struct tables_txn txn;
    tables_lock(&tables);
    tables_txn_begin(&txn, &tables);
    fm = make_fm(OFPFC_ADD, 2, 0, 0, 100, 3);
    assert_int_equal(tables_txn_flow_mod(&txn, &fm), 0);
    fm = make_fm(OFPFC_MODIFY, 1, 0, 0, 0, 4);
    assert_int_equal(tables_txn_flow_mod(&txn, &fm), 0);
    fm = make_fm(OFPFC_ADD, 1, 0, 0, 100, 2);
    fm.flags = OFP_FF_CHECK_OVERLAP;   /* An identical rule overlaps. */
    assert_int_equal(tables_txn_flow_mod(&txn, &fm), OFPERR_OFPFMFC_OVERLAP);
    fm.flags = 0;
    assert_int_equal(tables_txn_flow_mod(&txn, &fm), 0);    /* Replace. */
    tables_unlock(&tables);
    assert_int_equal(lookup_port(1, 0), 2);
    assert_int_equal(lookup_port(2, 0), -1);
    assert_int_equal(tables_version(&tables), before);

    /* Abort: nothing happened. */
    tables_lock(&tables);
    tables_txn_abort(&txn);
    tables_unlock(&tables);
    assert_int_equal(lookup_port(1, 0), 2);
    assert_int_equal(lookup_port(2, 0), -1);
    assert_int_equal(tables.n_rules, 1);

    /* Again, committed: all at once. */
    tables_lock(&tables);
    tables_txn_begin(&txn, &tables);
    fm = make_fm(OFPFC_ADD, 2, 0, 0, 100, 3);
    assert_int_equal(tables_txn_flow_mod(&txn, &fm), 0);
    fm = make_fm(OFPFC_MODIFY, 0, 0, 0, 0, 4);
    assert_int_equal(tables_txn_flow_mod(&txn, &fm), 0);    /* Sees both. */
    fm = make_fm(OFPFC_DELETE_STRICT, 2, 0, 0, 100, 0);
    assert_int_equal(tables_txn_flow_mod(&txn, &fm), 0);
    tables_txn_commit(&txn);
    tables_unlock(&tables);
    assert_int_equal(tables_version(&tables), before + 1);
    assert_int_equal(lookup_port(1, 0), 4);
    assert_int_equal(lookup_port(2, 0), -1);
    assert_int_equal(tables.n_rules, 1);

    /* The old rules leave the classifier after a grace period. */
    rcu_quiesce_start();
    rcu_barrier();
    rcu_quiesce_end();
    assert_int_equal(tables_count(&tables, 0), 1);
}

static void
test_expiry(void **state SLUICE_UNUSED)
{
    long long int now = time_msec();
    struct ofp_flow_mod fm = make_fm(OFPFC_ADD, 1, 0, 0, 100, 2);
    fm.idle_timeout = 10;
    fm.flags = OFP_FF_SEND_FLOW_REM;
    do_fm(&fm, 0);
    fm = make_fm(OFPFC_ADD, 2, 0, 0, 100, 2);
    fm.hard_timeout = 20;
    fm.flags = OFP_FF_SEND_FLOW_REM;
    do_fm(&fm, 0);
    fm = make_fm(OFPFC_ADD, 3, 0, 0, 100, 2);
    do_fm(&fm, 0);

    /* Traffic keeps the idle rule alive; the hard one goes anyway. */
    assert_int_equal(tables_expire(&tables, now + 5000), 0);
    rule_account((struct rule *) lookup_rule(1, 0), 1, 60, now + 15000);
    assert_int_equal(tables_expire(&tables, now + 21000), 1);
    assert_int_equal(removed_log.n, 1);
    assert_int_equal(removed_log.reasons[0], OFPRR_HARD_TIMEOUT);
    assert_int_equal(lookup_port(2, 0), -1);
    assert_int_equal(tables_expire(&tables, now + 24000), 0);
    assert_int_equal(tables_expire(&tables, now + 26000), 1);
    assert_int_equal(removed_log.reasons[1], OFPRR_IDLE_TIMEOUT);
    assert_int_equal(tables.n_rules, 1);
    assert_int_equal(tables_expire(&tables, now + 1000000), 0);
}

struct stats_aux {
    size_t n;
    uint64_t packets;
};

static void
count_cb(const struct rule *rule, void *aux_)
{
    struct stats_aux *aux = aux_;
    struct ofp_flow_stats fs;
    rule_to_flow_stats(rule, time_msec(), &fs);
    aux->n++;
    aux->packets += fs.packet_count;
}

static void
test_stats(void **state SLUICE_UNUSED)
{
    struct ofp_flow_mod fm = make_fm(OFPFC_ADD, 1, 0x0a000000, 8, 100, 2);
    fm.new_cookie = htonll(5);
    do_fm(&fm, 0);
    fm = make_fm(OFPFC_ADD, 1, 0x0b000000, 8, 100, 3);
    do_fm(&fm, 0);
    fm = make_fm(OFPFC_ADD, 2, 0, 0, 100, 3);
    fm.table_id = 1;
    do_fm(&fm, 0);
    rule_account((struct rule *) lookup_rule(1, 0x0a000001), 7, 700,
                 time_msec());
    rule_account((struct rule *) lookup_rule(1, 0x0b000001), 3, 300,
                 time_msec());

    struct ofp_flow_stats_request req;
    memset(&req, 0, sizeof req);
    match_init_catchall(&req.match);
    req.out_port = OFPP_ANY;
    req.out_group = OFPG_ANY;
    req.table_id = OFPTT_ALL;

    struct stats_aux aux = { 0, 0 };
    assert_int_equal(tables_for_each_selected(&tables, &req, count_cb, &aux),
                     0);
    assert_int_equal(aux.n, 3);
    assert_int_equal(aux.packets, 10);

    req.cookie = htonll(5);
    req.cookie_mask = htonll(UINT64_MAX);
    aux = (struct stats_aux) { 0, 0 };
    tables_for_each_selected(&tables, &req, count_cb, &aux);
    assert_int_equal(aux.n, 1);
    assert_int_equal(aux.packets, 7);

    req.cookie_mask = 0;
    req.out_port = 3;
    req.table_id = 0;
    aux = (struct stats_aux) { 0, 0 };
    tables_for_each_selected(&tables, &req, count_cb, &aux);
    assert_int_equal(aux.n, 1);
    assert_int_equal(aux.packets, 3);

    req.table_id = OFTABLES_N - 1;          /* The last table: empty. */
    aux = (struct stats_aux) { 0, 0 };
    assert_int_equal(tables_for_each_selected(&tables, &req, count_cb, &aux),
                     0);
    assert_int_equal(aux.n, 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_add_and_priorities, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_replace_and_overlap, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_modify, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delete, setup, teardown),
        cmocka_unit_test_setup_teardown(test_transactions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_expiry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stats, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
