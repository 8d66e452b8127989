/* Unit tests for lib/cmap.c. */
#include <config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "atomic.h"
#include "cmap.h"
#include "hash.h"
#include "hmap.h"
#include "rcu.h"
#include "thread.h"
#include "timeval.h"
#include "util.h"
#include "unit-test.h"

#define MSEC (1000 * 1000)      /* Nanoseconds per millisecond. */

#define ELEMENT_LIVE 0x4c495645u
#define ELEMENT_DEAD 0xdeadbeefu

struct element {
    struct cmap_node node;
    uint32_t magic;             /* ELEMENT_LIVE until freed. */
    uint32_t key;
    uint32_t hash;
    uint64_t check;             /* element_check(key). */

    /* For the single-threaded tests' reference model. */
    bool present;
    uint64_t seq;               /* Order within its hash's list. */
    size_t idx;                 /* Index in the array of present ones. */
    struct hmap_node hmap_node; /* In the reference map, by 'hash'. */
    unsigned int visited;       /* Generation of the last visit. */
    unsigned int verified;      /* Generation of the last list check. */
};

static uint64_t
element_check(uint32_t key)
{
    return (key + 1) * 0x9e3779b97f4a7c15ull;
}

static void
element_init(struct element *e, uint32_t key, uint32_t hash)
{
    memset(e, 0, sizeof *e);
    e->magic = ELEMENT_LIVE;
    e->key = key;
    e->hash = hash;
    e->check = element_check(key);
}

static bool
element_is_intact(const struct element *e)
{
    return e->magic == ELEMENT_LIVE && e->check == element_check(e->key);
}

/* A small, fast, reproducible random number generator (xorshift64*). */
static uint64_t
random_next(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 0x2545f4914f6cdd1dull;
}

static uint32_t
random_range(uint64_t *state, uint32_t n)
{
    return random_next(state) % n;
}

/* The reference model: a map and, beside it, the same elements in an
 * hmap and an array. */
struct model {
    struct cmap cmap;
    struct hmap ref;
    struct element **present;
    size_t n_present;
    uint64_t next_seq;
    unsigned int generation;
};

/* The reference map's hash for an element with HASH: mixed, because hmap
 * uses the low bits as they are and some tests give hashes whose low bits
 * are all zero. */
static size_t
ref_hash(uint32_t hash)
{
    return hash_int(hash, 0);
}

static void
model_init(struct model *m, size_t max)
{
    cmap_init(&m->cmap);
    hmap_init(&m->ref);
    m->present = xcalloc(max, sizeof *m->present);
    m->n_present = 0;
    m->next_seq = 1;
    m->generation = 0;
}

static void
model_destroy(struct model *m)
{
    cmap_destroy(&m->cmap);
    hmap_destroy(&m->ref);
    free(m->present);
}

static void
model_insert(struct model *m, struct element *e)
{
    assert_false(e->present);
    cmap_insert(&m->cmap, &e->node, e->hash);
    hmap_insert(&m->ref, &e->hmap_node, ref_hash(e->hash));
    e->present = true;
    e->seq = m->next_seq++;
    e->idx = m->n_present;
    m->present[m->n_present++] = e;
}

/* Removes E from the model's array of present elements and reference
 * map. */
static void
model_forget(struct model *m, struct element *e)
{
    hmap_remove(&m->ref, &e->hmap_node);
    struct element *last = m->present[--m->n_present];
    m->present[e->idx] = last;
    last->idx = e->idx;
    e->present = false;
}

static void
model_remove(struct model *m, struct element *e)
{
    assert_true(e->present);
    cmap_remove(&m->cmap, &e->node, e->hash);
    model_forget(m, e);
}

/* Replaces OLD by NEW, which takes OLD's hash and place. */
static void
model_replace(struct model *m, struct element *old, struct element *new)
{
    assert_true(old->present);
    assert_false(new->present);
    new->hash = old->hash;
    cmap_replace(&m->cmap, &old->node, &new->node, old->hash);

    size_t idx = old->idx;
    uint64_t seq = old->seq;
    hmap_remove(&m->ref, &old->hmap_node);
    old->present = false;
    hmap_insert(&m->ref, &new->hmap_node, ref_hash(new->hash));
    new->present = true;
    new->seq = seq;
    new->idx = idx;
    m->present[idx] = new;
}

static int
compare_seq(const void *a_, const void *b_)
{
    const struct element *const *a = a_;
    const struct element *const *b = b_;
    return (*a)->seq < (*b)->seq ? -1 : (*a)->seq > (*b)->seq;
}

/* Checks that the map's list for HASH holds exactly the model's elements
 * with HASH, in insertion order.  Marks them verified in generation GEN. */
static void
model_verify_hash(struct model *m, uint32_t hash, unsigned int gen)
{
    enum { MAX_LIST = 4096 };
    static struct element *expected[MAX_LIST];
    size_t n = 0;
    struct element *e;

    HMAP_FOR_EACH_WITH_HASH (e, hmap_node, ref_hash(hash), &m->ref) {
        if (e->hash == hash) {
            assert_true(n < MAX_LIST);
            expected[n++] = e;
            e->verified = gen;
        }
    }
    qsort(expected, n, sizeof *expected, compare_seq);

    size_t i = 0;
    CMAP_FOR_EACH_WITH_HASH (e, node, hash, &m->cmap) {
        assert_true(i < n);
        assert_ptr_equal(e, expected[i]);
        assert_true(element_is_intact(e));
        i++;
    }
    assert_int_equal(i, n);
    assert_null(e);

    struct cmap_node *first = cmap_find(&m->cmap, hash);
    if (n) {
        assert_ptr_equal(first, &expected[0]->node);
    } else {
        assert_null(first);
    }
}

/* Checks the whole map against the model: count, iteration, every list,
 * and batch lookups of present and absent hashes. */
static void
model_verify(struct model *m, uint64_t *rng)
{
    unsigned int gen = ++m->generation;
    struct element *e;
    size_t n = 0;

    assert_int_equal(cmap_count(&m->cmap), m->n_present);
    assert_int_equal(cmap_is_empty(&m->cmap), m->n_present == 0);
    assert_true(cmap_capacity(&m->cmap) >= hmap_count(&m->ref) / 64);

    CMAP_FOR_EACH (e, node, &m->cmap) {
        assert_true(e->present);
        assert_int_not_equal(e->visited, gen);
        e->visited = gen;
        n++;
    }
    assert_null(e);
    assert_int_equal(n, m->n_present);

    for (size_t i = 0; i < m->n_present; i++) {
        e = m->present[i];
        if (e->verified != gen) {
            model_verify_hash(m, e->hash, gen);
        }
    }

    /* Batches of up to 32: present hashes in the even bits, random
     * (almost surely absent) ones in the odd bits; bit 31 left out. */
    for (size_t i = 0; i < m->n_present; i += 16) {
        uint32_t hashes[CMAP_BATCH_MAX];
        struct cmap_node *nodes[CMAP_BATCH_MAX];
        struct cmap_node sentinel;
        uint32_t map = 0;

        for (int j = 0; j < CMAP_BATCH_MAX; j++) {
            nodes[j] = &sentinel;
            hashes[j] = 0;
        }
        for (int j = 0; j < 16 && i + j < m->n_present; j++) {
            hashes[2 * j] = m->present[i + j]->hash;
            hashes[2 * j + 1] = random_next(rng);
            map |= UINT32_C(3) << (2 * j);
        }
        map &= ~(UINT32_C(1) << 31);

        uint32_t found = cmap_find_batch(&m->cmap, map, hashes, nodes);
        for (int j = 0; j < CMAP_BATCH_MAX; j++) {
            uint32_t bit = UINT32_C(1) << j;
            if (!(map & bit)) {
                assert_ptr_equal(nodes[j], &sentinel);
                assert_false(found & bit);
            } else {
                struct cmap_node *node = cmap_find(&m->cmap, hashes[j]);
                assert_ptr_equal(nodes[j], node);
                assert_int_equal(!!(found & bit), node != NULL);
            }
        }
        /* Every present hash was found.  (A random hash might collide
         * with a present one: the loop above compared it with
         * cmap_find().) */
        assert_int_equal(found & map & 0x55555555, map & 0x55555555);
    }
}

/* A random mix of insertions, removals and replacements, against the
 * model, with KEY_MOD distinct hashes (so with many duplicates when it is
 * small). */
static void
random_workload(uint32_t key_mod, size_t n_elements, int n_ops,
                uint64_t seed)
{
    struct element *elements = xcalloc(n_elements, sizeof *elements);
    struct element **spare = xcalloc(n_elements, sizeof *spare);
    size_t n_spare = 0;
    uint64_t rng = seed;
    struct model m;

    model_init(&m, n_elements);
    for (size_t i = 0; i < n_elements; i++) {
        element_init(&elements[i], i,
                     hash_int(i % key_mod, (uint32_t) seed));
        spare[n_spare++] = &elements[i];
    }

    for (int op = 0; op < n_ops; op++) {
        uint32_t r = random_range(&rng, 100);
        struct element *e;

        if (r < 55 && n_spare) {
            size_t k = random_range(&rng, n_spare);
            e = spare[k];
            spare[k] = spare[--n_spare];
            e->hash = hash_int(e->key % key_mod, (uint32_t) seed);
            model_insert(&m, e);
        } else if (r < 90 && m.n_present) {
            e = m.present[random_range(&rng, m.n_present)];
            model_remove(&m, e);
            spare[n_spare++] = e;
        } else if (m.n_present && n_spare) {
            size_t k = random_range(&rng, n_spare);
            struct element *new = spare[k];
            e = m.present[random_range(&rng, m.n_present)];
            spare[k] = e;
            model_replace(&m, e, new);
            e = new;
        } else {
            continue;
        }
        model_verify_hash(&m, e->hash, 0);
        if (op % 2000 == 0) {
            model_verify(&m, &rng);
        }
    }
    model_verify(&m, &rng);

    while (m.n_present) {
        model_remove(&m, m.present[m.n_present - 1]);
    }
    model_verify(&m, &rng);
    model_destroy(&m);
    free(spare);
    free(elements);
}

static void
test_random_with_duplicates(void **state)
{
    /* 3000 elements over 97 hashes: lists of about 30. */
    random_workload(97, 3000, 20000, 1);
}

static void
test_random_distinct(void **state)
{
    random_workload(UINT32_MAX, 5000, 30000, 2);
}

static void
test_grow_and_shrink(void **state)
{
    enum { N = 100000 };
    struct element *elements = xcalloc(N, sizeof *elements);
    uint64_t rng = 3;
    struct model m;

    model_init(&m, N);
    assert_int_equal(cmap_capacity(&m.cmap), 0);

    /* Hashes that differ only in their high bits: the map must spread
     * them anyway. */
    size_t last_capacity = 0;
    int n_grows = 0;
    for (size_t i = 0; i < N; i++) {
        element_init(&elements[i], i, (uint32_t) i << 15);
        model_insert(&m, &elements[i]);

        size_t capacity = cmap_capacity(&m.cmap);
        assert_true(capacity >= m.n_present);
        if (capacity != last_capacity) {
            assert_true(capacity > last_capacity);
            last_capacity = capacity;
            n_grows++;
        }
        if (i == 1000 || i == 20000) {
            model_verify(&m, &rng);
        }
    }
    model_verify(&m, &rng);
    assert_true(n_grows >= 10);
    assert_true(last_capacity >= N);
    assert_true(last_capacity < 4 * N);

    /* Remove in random order: the table shrinks back to one bucket. */
    for (size_t i = 0; i < N; i++) {
        size_t j = i + random_range(&rng, N - i);
        struct element *tmp = m.present[i];
        m.present[i] = m.present[j];
        m.present[j] = tmp;
        m.present[i]->idx = i;
        m.present[j]->idx = j;
    }
    int n_shrinks = 0;
    while (m.n_present) {
        model_remove(&m, m.present[m.n_present - 1]);
        size_t capacity = cmap_capacity(&m.cmap);
        assert_true(capacity >= m.n_present);
        if (capacity != last_capacity) {
            assert_true(capacity < last_capacity);
            last_capacity = capacity;
            n_shrinks++;
        }
        if (m.n_present == 50000 || m.n_present == 100) {
            model_verify(&m, &rng);
        }
    }
    model_verify(&m, &rng);
    assert_true(n_shrinks >= 5);
    assert_true(cmap_capacity(&m.cmap) <= 4);

    model_destroy(&m);
    free(elements);
}

static void
check_list(struct cmap *cmap, uint32_t hash, struct element *const *want,
           size_t n)
{
    struct element *e;
    size_t i = 0;
    CMAP_FOR_EACH_WITH_HASH (e, node, hash, cmap) {
        assert_true(i < n);
        assert_ptr_equal(e, want[i]);
        i++;
    }
    assert_int_equal(i, n);
}

static void
test_duplicates(void **state)
{
    struct element e[8];
    struct cmap cmap = CMAP_INITIALIZER;
    const uint32_t hash = 0x12345678;

    assert_null(cmap_find(&cmap, hash));
    for (int i = 0; i < 8; i++) {
        element_init(&e[i], i, hash);
    }
    for (int i = 0; i < 5; i++) {
        cmap_insert(&cmap, &e[i].node, hash);
    }
    assert_int_equal(cmap_count(&cmap), 5);
    check_list(&cmap, hash, (struct element *[]) {
        &e[0], &e[1], &e[2], &e[3], &e[4] }, 5);

    cmap_remove(&cmap, &e[2].node, hash);       /* Middle. */
    check_list(&cmap, hash, (struct element *[]) {
        &e[0], &e[1], &e[3], &e[4] }, 4);
    cmap_remove(&cmap, &e[0].node, hash);       /* Head. */
    check_list(&cmap, hash, (struct element *[]) {
        &e[1], &e[3], &e[4] }, 3);
    cmap_remove(&cmap, &e[4].node, hash);       /* Tail. */
    check_list(&cmap, hash, (struct element *[]) { &e[1], &e[3] }, 2);

    cmap_replace(&cmap, &e[1].node, &e[5].node, hash);     /* Head. */
    check_list(&cmap, hash, (struct element *[]) { &e[5], &e[3] }, 2);
    cmap_replace(&cmap, &e[3].node, &e[6].node, hash);     /* Tail. */
    check_list(&cmap, hash, (struct element *[]) { &e[5], &e[6] }, 2);
    assert_int_equal(cmap_count(&cmap), 2);

    /* A different hash is a different list, even in the same buckets. */
    cmap_insert(&cmap, &e[7].node, hash + 1);
    check_list(&cmap, hash + 1, (struct element *[]) { &e[7] }, 1);
    check_list(&cmap, hash, (struct element *[]) { &e[5], &e[6] }, 2);

    cmap_remove(&cmap, &e[5].node, hash);
    cmap_remove(&cmap, &e[6].node, hash);
    cmap_remove(&cmap, &e[7].node, hash + 1);
    assert_null(cmap_find(&cmap, hash));
    assert_int_equal(cmap_count(&cmap), 0);
    assert_true(cmap_is_empty(&cmap));

    cmap_destroy(&cmap);
    cmap_destroy(NULL);
}

static struct element death_elements[2];

static void
insert_twice(void)
{
    struct cmap cmap;
    cmap_init(&cmap);
    element_init(&death_elements[0], 0, 7);
    cmap_insert(&cmap, &death_elements[0].node, 7);
    cmap_insert(&cmap, &death_elements[0].node, 7);
}

static void
remove_with_wrong_hash(void)
{
    struct cmap cmap;
    cmap_init(&cmap);
    element_init(&death_elements[0], 0, 7);
    cmap_insert(&cmap, &death_elements[0].node, 7);
    cmap_remove(&cmap, &death_elements[0].node, 8);
}

static void
remove_absent(void)
{
    struct cmap cmap;
    cmap_init(&cmap);
    element_init(&death_elements[0], 0, 7);
    element_init(&death_elements[1], 1, 7);
    cmap_insert(&cmap, &death_elements[0].node, 7);
    cmap_remove(&cmap, &death_elements[1].node, 7);
}

static void
replace_absent(void)
{
    struct cmap cmap;
    cmap_init(&cmap);
    element_init(&death_elements[0], 0, 7);
    element_init(&death_elements[1], 1, 7);
    cmap_replace(&cmap, &death_elements[0].node, &death_elements[1].node,
                 7);
}

static void
test_misuse_aborts(void **state)
{
    check_aborts(insert_twice, "cmap_insert: node");
    check_aborts(insert_twice, "is already in the map with hash 0x7");
    check_aborts(remove_with_wrong_hash,
                 "cmap_remove: node");
    check_aborts(remove_with_wrong_hash,
                 "is not in the map with hash 0x8");
    check_aborts(remove_absent, "is not in the map with hash 0x7");
    check_aborts(replace_absent, "cmap_replace: node");
}

static void
element_free_cb(void *e_)
{
    struct element *e = e_;
    e->magic = ELEMENT_DEAD;
    free(e);
}

static void
test_remove_while_iterating(void **state)
{
    enum { N = 1000 };
    struct cmap cmap;
    struct element *e;

    /* The writer holds references across rcu_postpone(), so it must be
     * registered (online) until its next quiescent point. */
    rcu_register_thread();

    cmap_init(&cmap);
    for (int i = 0; i < N; i++) {
        e = xmalloc(sizeof *e);
        element_init(e, i, hash_int(i, 0));
        cmap_insert(&cmap, &e->node, e->hash);
    }

    /* Remove three keys in four (which shrinks the table on the way: the
     * iteration goes on in the old one). */
    int n = 0;
    size_t capacity = cmap_capacity(&cmap);
    CMAP_FOR_EACH (e, node, &cmap) {
        assert_true(element_is_intact(e));
        if (e->key % 4) {
            cmap_remove(&cmap, &e->node, e->hash);
            rcu_postpone(element_free_cb, e);
        }
        n++;
    }
    assert_int_equal(n, N);
    assert_int_equal(cmap_count(&cmap), N / 4);
    assert_true(cmap_capacity(&cmap) < capacity);
    capacity = cmap_capacity(&cmap);

    /* And the rest, after a quiescent point. */
    rcu_quiesce();
    n = 0;
    CMAP_FOR_EACH (e, node, &cmap) {
        assert_int_equal(e->key % 4, 0);
        cmap_remove(&cmap, &e->node, e->hash);
        rcu_postpone(element_free_cb, e);
        n++;
    }
    assert_int_equal(n, N / 4);
    assert_true(cmap_is_empty(&cmap));
    assert_true(cmap_capacity(&cmap) < capacity);

    cmap_destroy(&cmap);
    rcu_unregister_thread();
    rcu_barrier();
}

/* Unregisters the main thread even if a test that registered it failed, so
 * that it does not hold up the grace periods of the tests that follow. */
static int
unregister_teardown(void **state)
{
    rcu_unregister_thread();
    return 0;
}

/* Concurrency: readers look up keys that are never removed, and check that
 * they are always found and intact, while a writer inserts, replaces and
 * removes other elements.  Two writers: one that makes a large table grow
 * and shrink over and over, with some elements sharing the stable ones'
 * hashes; one that keeps a table of 8 buckets nearly full, so that nearly
 * every insertion moves entries, stable ones included, between buckets
 * (the race that a lookup's counter checks must catch). */

#define N_READERS 2
#define CONCURRENT_MSEC 700

static struct cmap shared_cmap;
static atomic_bool concurrent_stop;
static uint32_t n_stable;

struct reader_stats {
    long long int lookups;
    long long int batches;
    long long int iterations;
    long long int errors;
};

struct writer_stats {
    long long int rounds;
    size_t max_capacity;
    size_t min_capacity;
};

static uint32_t
stable_hash(uint32_t key)
{
    return hash_int(key, 0xabcdef);
}

/* Returns true if the list at NODE holds the intact stable element KEY;
 * counts damaged elements in *ERRORS. */
static bool
list_has_key(struct cmap_node *node, uint32_t key, long long int *errors)
{
    struct element *e;
    bool found = false;
    CMAP_NODE_FOR_EACH (e, node, node) {
        if (!element_is_intact(e)) {
            (*errors)++;
        } else if (e->key == key) {
            found = true;
        }
    }
    return found;
}

static void *
concurrent_reader_main(void *stats_)
{
    struct reader_stats *stats = stats_;
    uint64_t rng = (uintptr_t) stats_;

    while (!atomic_read_acquire(&concurrent_stop)) {
        for (int i = 0; i < 64; i++) {
            uint32_t key = random_range(&rng, n_stable);
            struct cmap_node *node = cmap_find(&shared_cmap,
                                               stable_hash(key));
            if (!list_has_key(node, key, &stats->errors)) {
                stats->errors++;
            }
            stats->lookups++;
        }

        uint32_t hashes[CMAP_BATCH_MAX];
        uint32_t keys[CMAP_BATCH_MAX];
        struct cmap_node *nodes[CMAP_BATCH_MAX];
        for (int i = 0; i < CMAP_BATCH_MAX; i++) {
            keys[i] = random_range(&rng, n_stable);
            hashes[i] = stable_hash(keys[i]);
        }
        uint32_t found = cmap_find_batch(&shared_cmap, UINT32_MAX, hashes,
                                         nodes);
        if (found != UINT32_MAX) {
            stats->errors++;
        }
        for (int i = 0; i < CMAP_BATCH_MAX; i++) {
            if (!list_has_key(nodes[i], keys[i], &stats->errors)) {
                stats->errors++;
            }
        }
        stats->batches++;

        if (stats->batches % 64 == 0) {
            struct element *e;
            CMAP_FOR_EACH (e, node, &shared_cmap) {
                if (!element_is_intact(e)) {
                    stats->errors++;
                }
            }
            stats->iterations++;
        }
        rcu_quiesce();
    }
    return NULL;
}

static void
note_capacity(struct writer_stats *stats)
{
    size_t capacity = cmap_capacity(&shared_cmap);
    stats->max_capacity = MAX(stats->max_capacity, capacity);
    stats->min_capacity = MIN(stats->min_capacity, capacity);
}

/* Grows the table by N_CHURN elements and shrinks it back, in rounds. */
#define N_CHURN 5000

static void *
churn_writer_main(void *stats_)
{
    struct writer_stats *stats = stats_;
    struct element **churn = xcalloc(N_CHURN, sizeof *churn);
    uint64_t rng = 12345;
    uint32_t next_key = n_stable;

    while (!atomic_read_acquire(&concurrent_stop)) {
        /* Insert, a tenth of them sharing a stable element's hash. */
        for (int i = 0; i < N_CHURN; i++) {
            struct element *e = xmalloc(sizeof *e);
            uint32_t key = next_key++;
            uint32_t hash = (i % 10 == 0
                             ? stable_hash(random_range(&rng, n_stable))
                             : hash_int(key, 0x5555));
            element_init(e, key, hash);
            cmap_insert(&shared_cmap, &e->node, hash);
            churn[i] = e;
            if (i % 256 == 0) {
                rcu_quiesce();
            }
        }
        note_capacity(stats);

        /* Replace a fifth of them. */
        for (int i = 0; i < N_CHURN; i += 5) {
            struct element *e = xmalloc(sizeof *e);
            element_init(e, next_key++, churn[i]->hash);
            cmap_replace(&shared_cmap, &churn[i]->node, &e->node, e->hash);
            rcu_postpone(element_free_cb, churn[i]);
            churn[i] = e;
        }
        rcu_quiesce();

        /* Remove them all, in random order. */
        for (int i = N_CHURN; i > 0; i--) {
            int j = random_range(&rng, i);
            struct element *e = churn[j];
            churn[j] = churn[i - 1];
            cmap_remove(&shared_cmap, &e->node, e->hash);
            rcu_postpone(element_free_cb, e);
            if (i % 256 == 0) {
                rcu_quiesce();
            }
        }
        note_capacity(stats);
        rcu_quiesce();
        stats->rounds++;
    }
    free(churn);
    return NULL;
}

/* Keeps between MIN_CHURN and MAX_CHURN other elements beside the 4
 * stable ones: in 8 buckets of 5 entries (34 before it grows, 8 before it
 * shrinks), so the table is nearly full most of the time. */
#define MIN_CHURN 10
#define MAX_CHURN 29

static void *
full_table_writer_main(void *stats_)
{
    struct writer_stats *stats = stats_;
    struct element *churn[MAX_CHURN];
    size_t n = 0;
    uint64_t rng = 54321;
    uint32_t next_key = n_stable;

    while (!atomic_read_acquire(&concurrent_stop)) {
        for (int i = 0; i < 64; i++) {
            if (n < MIN_CHURN || (n < MAX_CHURN && random_next(&rng) & 1)) {
                struct element *e = xmalloc(sizeof *e);
                uint32_t key = next_key++;
                element_init(e, key, hash_int(key, 0x7777));
                cmap_insert(&shared_cmap, &e->node, e->hash);
                churn[n++] = e;
            } else {
                size_t j = random_range(&rng, n);
                struct element *e = churn[j];
                churn[j] = churn[--n];
                cmap_remove(&shared_cmap, &e->node, e->hash);
                rcu_postpone(element_free_cb, e);
            }
            note_capacity(stats);
        }
        rcu_quiesce();
        stats->rounds++;
    }
    while (n > 0) {
        struct element *e = churn[--n];
        cmap_remove(&shared_cmap, &e->node, e->hash);
        rcu_postpone(element_free_cb, e);
    }
    return NULL;
}

/* Runs N_READERS readers of N_STABLE_ stable elements against WRITER for
 * CONCURRENT_MSEC, checks that the readers found every stable element
 * every time, and returns the writer's statistics in *WRITER_STATS. */
static void
run_concurrent(uint32_t n_stable_, void *(*writer_main)(void *),
               struct writer_stats *writer_stats)
{
    struct element *stable = xcalloc(n_stable_, sizeof *stable);
    struct reader_stats reader_stats[N_READERS];
    pthread_t readers[N_READERS];

    n_stable = n_stable_;
    atomic_store_relaxed(&concurrent_stop, false);
    cmap_init(&shared_cmap);
    for (uint32_t i = 0; i < n_stable; i++) {
        element_init(&stable[i], i, stable_hash(i));
        cmap_insert(&shared_cmap, &stable[i].node, stable[i].hash);
    }

    memset(reader_stats, 0, sizeof reader_stats);
    for (int i = 0; i < N_READERS; i++) {
        readers[i] = thread_create("cmap-reader", concurrent_reader_main,
                                   &reader_stats[i]);
    }
    writer_stats->rounds = 0;
    writer_stats->max_capacity = 0;
    writer_stats->min_capacity = SIZE_MAX;
    pthread_t writer = thread_create("cmap-writer", writer_main,
                                     writer_stats);

    xnanosleep((uint64_t) CONCURRENT_MSEC * MSEC);
    atomic_store_release(&concurrent_stop, true);
    thread_join(writer, NULL);
    for (int i = 0; i < N_READERS; i++) {
        thread_join(readers[i], NULL);
    }

    for (int i = 0; i < N_READERS; i++) {
        struct reader_stats *s = &reader_stats[i];
        print_message("reader %d: %lld lookups, %lld batches, "
                      "%lld iterations, %lld errors\n", i, s->lookups,
                      s->batches, s->iterations, s->errors);
        assert_int_equal(s->errors, 0);
        assert_true(s->lookups > 0);
        assert_true(s->batches > 0);
    }
    print_message("writer: %lld rounds, capacity %zu to %zu\n",
                  writer_stats->rounds, writer_stats->min_capacity,
                  writer_stats->max_capacity);
    assert_true(writer_stats->rounds >= 1);

    /* Every stable element is still there, once. */
    assert_int_equal(cmap_count(&shared_cmap), n_stable);
    for (uint32_t i = 0; i < n_stable; i++) {
        struct element *e;
        int n = 0;
        CMAP_FOR_EACH_WITH_HASH (e, node, stable_hash(i), &shared_cmap) {
            assert_ptr_equal(e, &stable[i]);
            n++;
        }
        assert_int_equal(n, 1);
    }

    for (uint32_t i = 0; i < n_stable; i++) {
        cmap_remove(&shared_cmap, &stable[i].node, stable[i].hash);
    }
    cmap_destroy(&shared_cmap);
    rcu_barrier();
    free(stable);
}

static void
test_concurrent_grow_shrink(void **state)
{
    struct writer_stats stats;
    run_concurrent(2000, churn_writer_main, &stats);

    /* The table grew to hold the churn (of which a tenth share hashes
     * with stable elements) and shrank back after it. */
    assert_true(stats.max_capacity >= 2000 + N_CHURN * 9 / 10);
    assert_true(stats.min_capacity < 2000 + N_CHURN * 9 / 10);
}

static void
test_concurrent_full_table(void **state)
{
    struct writer_stats stats;
    run_concurrent(4, full_table_writer_main, &stats);

    /* The table stayed small (it may grow once or twice when a search
     * for room fails, and shrink back). */
    assert_true(stats.max_capacity >= 4 + MAX_CHURN);
    assert_true(stats.max_capacity < 4 * (4 + MAX_CHURN));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        /* Forks: first, while there are few threads. */
        cmocka_unit_test(test_misuse_aborts),
        cmocka_unit_test(test_duplicates),
        cmocka_unit_test(test_random_with_duplicates),
        cmocka_unit_test(test_random_distinct),
        cmocka_unit_test(test_grow_and_shrink),
        cmocka_unit_test_teardown(test_remove_while_iterating,
                                  unregister_teardown),
        cmocka_unit_test(test_concurrent_grow_shrink),
        cmocka_unit_test(test_concurrent_full_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
