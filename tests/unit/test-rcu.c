/* Unit tests for lib/thread.c and lib/rcu.c. */
#include <config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "atomic.h"
#include "rcu.h"
#include "thread.h"
#include "timeval.h"
#include "util.h"
#include "unit-test.h"

#define MSEC (1000 * 1000)      /* Nanoseconds per millisecond. */

/* Waits up to 5 s for *FLAG to become true; returns its final value. */
static bool
wait_for_flag(atomic_bool *flag)
{
    long long int deadline = time_msec() + 5000;
    while (!atomic_read_acquire(flag) && time_msec() < deadline) {
        xnanosleep(MSEC);
    }
    return atomic_read_acquire(flag);
}

/* Threads. */

/* Deliberate misuse, for test_lock_errors_abort(). */
static void
relock_mutex(void)
    SLUICE_NO_THREAD_SAFETY_ANALYSIS
{
    struct mutex mutex;
    mutex_init(&mutex);
    mutex_lock(&mutex);
    mutex_lock(&mutex);
}

/* Deliberate misuse, for test_lock_errors_abort(). */
static void
unlock_unheld_mutex(void)
    SLUICE_NO_THREAD_SAFETY_ANALYSIS
{
    struct mutex mutex;
    mutex_init(&mutex);
    mutex_unlock(&mutex);
}

static void
test_lock_errors_abort(void **state)
{
    check_aborts_all(relock_mutex, (const char *const[]) {
        "pthread_mutex_lock failed (Resource deadlock avoided)",
        "lock last acquired at", "test-rcu.c:", NULL
    });
    check_aborts_all(unlock_unheld_mutex, (const char *const[]) {
        "pthread_mutex_unlock failed (Operation not permitted)", NULL
    });
}

struct thread_info {
    bool is_main;
    bool registered;
    bool quiescent;
    unsigned int id;
    char name[THREAD_NAME_MAX + 1];
    char kernel_name[32];
};

static void
get_thread_info(struct thread_info *info)
{
    info->is_main = thread_is_main();
    info->registered = rcu_is_registered();
    info->quiescent = rcu_is_quiescent();
    info->id = thread_id();
    snprintf(info->name, sizeof info->name, "%s", thread_get_name());

    char file_name[64];
    snprintf(file_name, sizeof file_name, "/proc/self/task/%ld/comm",
             (long int) syscall(SYS_gettid));
    FILE *file = fopen(file_name, "r");
    info->kernel_name[0] = '\0';
    if (file) {
        if (fgets(info->kernel_name, sizeof info->kernel_name, file)) {
            info->kernel_name[strcspn(info->kernel_name, "\n")] = '\0';
        }
        fclose(file);
    }
}

static void *
thread_info_main(void *info)
{
    get_thread_info(info);
    return info;
}

static void
test_thread_identity(void **state)
{
    struct thread_info info;

    get_thread_info(&info);
    assert_true(info.is_main);
    assert_string_equal(info.name, "main");
    assert_int_equal(info.id, 0);

    /* A named thread is registered with RCU and online, and the kernel
     * gets the first 15 bytes of its name. */
    void *retval;
    pthread_t thread = thread_create("a-rather-long-thread-name",
                                     thread_info_main, &info);
    thread_join(thread, &retval);
    assert_ptr_equal(retval, &info);
    assert_false(info.is_main);
    assert_true(info.registered);
    assert_false(info.quiescent);
    assert_string_equal(info.name, "a-rather-long-thread-name");
    assert_string_equal(info.kernel_name, "a-rather-long-t");
    unsigned int named_id = info.id;
    assert_true(named_id > 0);

    /* A thread created some other way has a made-up name, a new id, and is
     * not registered. */
    pthread_create(&thread, NULL, thread_info_main, &info);
    pthread_join(thread, NULL);
    assert_false(info.is_main);
    assert_false(info.registered);
    assert_true(info.quiescent);
    assert_true(info.id > named_id);
    char expected[32];
    snprintf(expected, sizeof expected, "thread%u", info.id);
    assert_string_equal(info.name, expected);

    /* The main thread's name for logs changes; its kernel name does not. */
    char comm[32];
    get_thread_info(&info);
    snprintf(comm, sizeof comm, "%s", info.kernel_name);
    thread_set_name("renamed-main");
    get_thread_info(&info);
    assert_string_equal(info.name, "renamed-main");
    assert_string_equal(info.kernel_name, comm);
    thread_set_name("main");

    int cores = count_cpu_cores();
    assert_true(cores >= 1);
    assert_true(cores <= sysconf(_SC_NPROCESSORS_CONF));
}

/* Mutual exclusion: threads increment a plain counter under each kind of
 * lock; no increment may be lost. */

enum lock_kind { LOCK_MUTEX, LOCK_SPINLOCK, LOCK_RWLOCK };

struct lock_test {
    enum lock_kind kind;
    struct mutex mutex;
    struct spinlock spinlock;
    struct rwlock rwlock;
    long long int counter;
};

#define N_LOCKERS 4
#define N_INCREMENTS 20000

static void *
locker_main(void *test_)
{
    struct lock_test *test = test_;
    for (int i = 0; i < N_INCREMENTS; i++) {
        switch (test->kind) {
        case LOCK_MUTEX:
            mutex_lock(&test->mutex);
            test->counter++;
            mutex_unlock(&test->mutex);
            break;
        case LOCK_SPINLOCK:
            spinlock_lock(&test->spinlock);
            test->counter++;
            spinlock_unlock(&test->spinlock);
            break;
        case LOCK_RWLOCK:
            if (i % 2) {
                rwlock_wrlock(&test->rwlock);
                test->counter++;
                rwlock_unlock(&test->rwlock);
            } else {
                /* A reader sees a value no writer is changing. */
                rwlock_rdlock(&test->rwlock);
                long long int a = test->counter;
                long long int b = test->counter;
                rwlock_unlock(&test->rwlock);
                if (a != b) {
                    return (void *) 1;
                }
                rwlock_wrlock(&test->rwlock);
                test->counter++;
                rwlock_unlock(&test->rwlock);
            }
            break;
        }
    }
    return NULL;
}

static void
test_locks_exclude(void **state)
{
    struct lock_test test;
    mutex_init(&test.mutex);
    spinlock_init(&test.spinlock);
    rwlock_init(&test.rwlock);

    for (int kind = LOCK_MUTEX; kind <= LOCK_RWLOCK; kind++) {
        pthread_t threads[N_LOCKERS];
        test.kind = kind;
        test.counter = 0;
        for (int i = 0; i < N_LOCKERS; i++) {
            threads[i] = thread_create("locker", locker_main, &test);
        }
        for (int i = 0; i < N_LOCKERS; i++) {
            void *retval;
            thread_join(threads[i], &retval);
            assert_null(retval);
        }
        assert_int_equal(test.counter, N_LOCKERS * N_INCREMENTS);
    }

    mutex_destroy(&test.mutex);
    spinlock_destroy(&test.spinlock);
    rwlock_destroy(&test.rwlock);
}

struct trylock_test {
    struct mutex mutex;
    struct spinlock spinlock;
    struct rwlock rwlock;
    int results[4];
};

/* Takes locks conditionally on stored results, which clang's analysis
 * cannot follow. */
static void *
trylock_main(void *test_)
    SLUICE_NO_THREAD_SAFETY_ANALYSIS
{
    struct trylock_test *test = test_;
    test->results[0] = mutex_trylock(&test->mutex);
    test->results[1] = spinlock_trylock(&test->spinlock);
    test->results[2] = rwlock_trywrlock(&test->rwlock);
    test->results[3] = rwlock_tryrdlock(&test->rwlock);
    if (!test->results[0]) {
        mutex_unlock(&test->mutex);
    }
    if (!test->results[1]) {
        spinlock_unlock(&test->spinlock);
    }
    if (!test->results[2]) {
        rwlock_unlock(&test->rwlock);
    }
    if (!test->results[3]) {
        rwlock_unlock(&test->rwlock);
    }
    return NULL;
}

static void
test_trylock(void **state)
    SLUICE_NO_THREAD_SAFETY_ANALYSIS
{
    struct trylock_test test;
    mutex_init(&test.mutex);
    spinlock_init(&test.spinlock);
    rwlock_init(&test.rwlock);

    /* Held elsewhere: EBUSY, except that readers share a read lock. */
    mutex_lock(&test.mutex);
    spinlock_lock(&test.spinlock);
    rwlock_rdlock(&test.rwlock);
    thread_join(thread_create("trylock", trylock_main, &test), NULL);
    assert_int_equal(test.results[0], EBUSY);
    assert_int_equal(test.results[1], EBUSY);
    assert_int_equal(test.results[2], EBUSY);
    assert_int_equal(test.results[3], 0);
    mutex_unlock(&test.mutex);
    spinlock_unlock(&test.spinlock);
    rwlock_unlock(&test.rwlock);

    /* Free: taken (and released by the thread). */
    thread_join(thread_create("trylock", trylock_main, &test), NULL);
    assert_int_equal(test.results[0], 0);
    assert_int_equal(test.results[1], 0);
    assert_int_equal(test.results[2], 0);
    assert_int_equal(test.results[3], EBUSY);   /* Its own write lock. */
    assert_int_equal(mutex_trylock(&test.mutex), 0);
    mutex_unlock(&test.mutex);

    /* A recursive mutex may be relocked by its holder. */
    struct mutex recursive;
    mutex_init_recursive(&recursive);
    mutex_lock(&recursive);
    mutex_lock(&recursive);
    assert_int_equal(mutex_trylock(&recursive), 0);
    mutex_unlock(&recursive);
    mutex_unlock(&recursive);
    mutex_unlock(&recursive);
    mutex_destroy(&recursive);

    mutex_destroy(&test.mutex);
    spinlock_destroy(&test.spinlock);
    rwlock_destroy(&test.rwlock);
    mutex_destroy(NULL);
    spinlock_destroy(NULL);
    rwlock_destroy(NULL);
    cond_destroy(NULL);
}

struct cond_test {
    struct mutex mutex;
    struct cond cond;
    bool signaled;
};

static void *
signaler_main(void *test_)
{
    struct cond_test *test = test_;
    xnanosleep(20 * MSEC);
    mutex_lock(&test->mutex);
    test->signaled = true;
    cond_signal(&test->cond);
    mutex_unlock(&test->mutex);
    return NULL;
}

static void
test_cond(void **state)
{
    struct cond_test test;
    mutex_init(&test.mutex);
    cond_init(&test.cond);
    test.signaled = false;

    /* Nobody signals: the wait times out after at least 30 ms. */
    long long int start = time_msec();
    mutex_lock(&test.mutex);
    while (cond_timedwait(&test.cond, &test.mutex, 30)) {
        continue;
    }
    mutex_unlock(&test.mutex);
    assert_true(time_msec() - start >= 30);

    /* A signal ends the wait. */
    pthread_t thread = thread_create("signaler", signaler_main, &test);
    start = time_msec();
    mutex_lock(&test.mutex);
    while (!test.signaled) {
        assert_true(cond_timedwait(&test.cond, &test.mutex, 5000));
    }
    mutex_unlock(&test.mutex);
    assert_true(time_msec() - start < 4000);
    thread_join(thread, NULL);

    test.signaled = false;
    thread = thread_create("signaler", signaler_main, &test);
    mutex_lock(&test.mutex);
    while (!test.signaled) {
        cond_wait(&test.cond, &test.mutex);
    }
    mutex_unlock(&test.mutex);
    thread_join(thread, NULL);

    cond_destroy(&test.cond);
    mutex_destroy(&test.mutex);
}

static struct thread_once once_test_once = THREAD_ONCE_INITIALIZER;
static atomic_int once_test_runs;
static int once_test_value;

static void *
once_main(void *arg SLUICE_UNUSED)
{
    if (thread_once_start(&once_test_once)) {
        atomic_add_relaxed(&once_test_runs, 1);
        xnanosleep(10 * MSEC);  /* Let the others arrive and wait. */
        once_test_value = 42;
        thread_once_done(&once_test_once);
    }
    /* Everyone sees the initialization complete. */
    return (void *) (intptr_t) once_test_value;
}

static void
test_thread_once(void **state)
{
    pthread_t threads[4];
    for (int i = 0; i < 4; i++) {
        threads[i] = thread_create("once", once_main, NULL);
    }
    for (int i = 0; i < 4; i++) {
        void *retval;
        thread_join(threads[i], &retval);
        assert_int_equal((intptr_t) retval, 42);
    }
    assert_int_equal(atomic_read_relaxed(&once_test_runs), 1);
    assert_false(thread_once_start(&once_test_once));
}

/* RCU. */

static void
set_flag_cb(void *flag_)
{
    atomic_bool *flag = flag_;
    atomic_store_release(flag, true);
}

static void
test_quiescent_states(void **state)
{
    /* The main thread starts unregistered (nothing here registered it). */
    assert_false(rcu_is_registered());
    assert_true(rcu_is_quiescent());
    rcu_quiesce_start();        /* No effect when unregistered. */
    assert_false(rcu_is_registered());

    rcu_quiesce_end();
    assert_true(rcu_is_registered());
    assert_false(rcu_is_quiescent());
    rcu_quiesce_start();
    assert_true(rcu_is_quiescent());
    rcu_quiesce();              /* Stays quiescent. */
    assert_true(rcu_is_quiescent());
    rcu_quiesce_end();
    assert_false(rcu_is_quiescent());

    /* A callback postponed by a quiescent thread does not wait for that
     * thread's next quiescent point. */
    atomic_bool flag = false;
    rcu_quiesce_start();
    rcu_postpone(set_flag_cb, &flag);
    assert_true(wait_for_flag(&flag));
    rcu_quiesce_end();

    rcu_unregister_thread();
    assert_false(rcu_is_registered());
    assert_true(rcu_is_quiescent());
    rcu_quiesce();
    assert_true(rcu_is_registered());
    rcu_unregister_thread();
    rcu_unregister_thread();    /* Twice is fine. */
    assert_false(rcu_is_registered());
}

/* A reader thread that stays online, holding (in principle) references,
 * until told to pass a quiescent point, as many times as told. */
struct reader {
    pthread_t thread;
    atomic_int quiesce_requests;    /* Quiescent points to pass. */
    atomic_int quiesced;            /* Quiescent points passed. */
    atomic_bool exit;
    atomic_bool started;
};

static void *
reader_main(void *reader_)
{
    struct reader *reader = reader_;
    atomic_store_release(&reader->started, true);
    while (!atomic_read_acquire(&reader->exit)) {
        if (atomic_read_acquire(&reader->quiesce_requests)
            > atomic_read_relaxed(&reader->quiesced)) {
            rcu_quiesce();
            atomic_add_relaxed(&reader->quiesced, 1);
        }
        xnanosleep(MSEC / 4);
    }
    return NULL;
}

static void
reader_start(struct reader *reader)
{
    atomic_init(&reader->quiesce_requests, 0);
    atomic_init(&reader->quiesced, 0);
    atomic_init(&reader->exit, false);
    atomic_init(&reader->started, false);
    reader->thread = thread_create("reader", reader_main, reader);
    assert_true(wait_for_flag(&reader->started));
}

/* Makes READER pass a quiescent point and waits until it has. */
static void
reader_quiesce(struct reader *reader)
{
    int n = atomic_add_relaxed(&reader->quiesce_requests, 1) + 1;
    long long int deadline = time_msec() + 5000;
    while (atomic_read_acquire(&reader->quiesced) < n) {
        assert_true(time_msec() < deadline);
        xnanosleep(MSEC / 4);
    }
}

static void
reader_stop(struct reader *reader)
{
    atomic_store_release(&reader->exit, true);
    thread_join(reader->thread, NULL);
}

static void
test_postpone_waits_for_readers(void **state)
{
    struct reader reader;
    atomic_bool flag1 = false;
    atomic_bool flag2 = false;

    reader_start(&reader);

    /* The reader has not passed a quiescent point since the callback was
     * postponed: it must not run, however long we wait and whoever
     * tries. */
    rcu_postpone(set_flag_cb, &flag1);
    xnanosleep(100 * MSEC);
    assert_int_equal(rcu_run(), 0);
    assert_false(atomic_read_acquire(&flag1));

    /* Once it has, the callback runs (rcu_barrier() waits for it). */
    reader_quiesce(&reader);
    rcu_barrier();
    assert_true(atomic_read_acquire(&flag1));

    /* The same again, now left to the background thread. */
    rcu_postpone(set_flag_cb, &flag2);
    xnanosleep(50 * MSEC);
    assert_false(atomic_read_acquire(&flag2));
    reader_quiesce(&reader);
    assert_true(wait_for_flag(&flag2));

    reader_stop(&reader);
}

/* A registered thread's own callbacks wait in its batch until its next
 * quiescent point. */
struct batching_test {
    atomic_bool flag;
    atomic_bool postponed;
    atomic_bool may_quiesce;
};

static void *
batching_main(void *test_)
{
    struct batching_test *test = test_;
    rcu_postpone(set_flag_cb, &test->flag);
    atomic_store_release(&test->postponed, true);
    while (!atomic_read_acquire(&test->may_quiesce)) {
        xnanosleep(MSEC / 4);
    }
    rcu_quiesce();
    return NULL;
}

static void
test_postpone_batches_until_quiescent(void **state)
{
    struct batching_test test;
    atomic_init(&test.flag, false);
    atomic_init(&test.postponed, false);
    atomic_init(&test.may_quiesce, false);

    pthread_t thread = thread_create("batcher", batching_main, &test);
    assert_true(wait_for_flag(&test.postponed));
    xnanosleep(50 * MSEC);
    assert_int_equal(rcu_run(), 0);
    assert_false(atomic_read_acquire(&test.flag));

    atomic_store_release(&test.may_quiesce, true);
    thread_join(thread, NULL);
    assert_true(wait_for_flag(&test.flag));
}

struct sync_test {
    atomic_bool done;
    long long int elapsed;
};

static void *
synchronizer_main(void *test_)
{
    struct sync_test *test = test_;
    long long int start = time_msec();
    rcu_synchronize();
    test->elapsed = time_msec() - start;
    atomic_store_release(&test->done, true);
    return NULL;
}

static void *
register_and_exit_main(void *arg SLUICE_UNUSED)
{
    rcu_register_thread();
    return NULL;                /* Without unregistering. */
}

static void
test_synchronize(void **state)
{
    enum { N_READERS = 3 };
    struct reader readers[N_READERS];
    struct sync_test test;
    pthread_t thread;

    /* rcu_synchronize() returns only after every reader has passed a
     * quiescent point. */
    for (int i = 0; i < N_READERS; i++) {
        reader_start(&readers[i]);
    }
    atomic_init(&test.done, false);
    pthread_create(&thread, NULL, synchronizer_main, &test);
    for (int i = 0; i < N_READERS; i++) {
        xnanosleep(30 * MSEC);
        assert_false(atomic_read_acquire(&test.done));
        reader_quiesce(&readers[i]);
    }
    assert_true(wait_for_flag(&test.done));
    pthread_join(thread, NULL);
    for (int i = 0; i < N_READERS; i++) {
        reader_stop(&readers[i]);
    }

    /* Threads that exited, even without unregistering, do not hold it
     * up, and neither does a registered caller. */
    thread_join(thread_create("exiter", register_and_exit_main, NULL), NULL);
    pthread_create(&thread, NULL, register_and_exit_main, NULL);
    pthread_join(thread, NULL);
    rcu_register_thread();
    long long int start = time_msec();
    rcu_synchronize();
    assert_true(time_msec() - start < 2000);
    assert_false(rcu_is_quiescent());   /* Back online afterward. */
    rcu_unregister_thread();
}

/* Readers follow an RCU pointer while a writer replaces its target and
 * frees the old one with rcu_postpone(); no reader may see a freed
 * object (which ASan would report, and the poison would show). */

#define OBJ_LIVE 0x4c495645u
#define OBJ_DEAD 0xdeadbeefu

struct obj {
    uint32_t magic;
    uint32_t value;
    uint64_t check;
};

static RCU(struct obj *) shared_obj;
static atomic_bool stress_stop;
static atomic_llong stress_reads;
static atomic_llong stress_errors;

static uint64_t
obj_check(uint32_t value)
{
    return (uint64_t) value * 0x9e3779b97f4a7c15ull;
}

static void
obj_free(void *obj_)
{
    struct obj *obj = obj_;
    obj->magic = OBJ_DEAD;
    free(obj);
}

static void *
stress_reader_main(void *arg SLUICE_UNUSED)
{
    uint32_t last = 0;
    while (!atomic_read_acquire(&stress_stop)) {
        for (int i = 0; i < 100; i++) {
            const struct obj *obj = rcu_get(&shared_obj);
            if (obj->magic != OBJ_LIVE || obj->check != obj_check(obj->value)
                || obj->value < last) {
                atomic_add_relaxed(&stress_errors, 1);
            }
            last = obj->value;
            atomic_add_relaxed(&stress_reads, 1);
        }
        rcu_quiesce();
    }
    return NULL;
}

static struct obj *
obj_create(uint32_t value)
{
    struct obj *obj = xmalloc(sizeof *obj);
    obj->magic = OBJ_LIVE;
    obj->value = value;
    obj->check = obj_check(value);
    return obj;
}

static void
test_rcu_pointer_stress(void **state)
{
    pthread_t readers[2];

    rcu_init(&shared_obj, obj_create(0));
    for (int i = 0; i < 2; i++) {
        readers[i] = thread_create("stress", stress_reader_main, NULL);
    }

    long long int deadline = time_msec() + 300;
    uint32_t value = 0;
    while (time_msec() < deadline) {
        struct obj *old = rcu_get_protected(&shared_obj);
        rcu_set(&shared_obj, obj_create(++value));
        rcu_postpone(obj_free, old);
        if (value % 16 == 0) {
            xnanosleep(MSEC / 10);
        }
    }

    atomic_store_release(&stress_stop, true);
    for (int i = 0; i < 2; i++) {
        thread_join(readers[i], NULL);
    }
    assert_int_equal(atomic_read_relaxed(&stress_errors), 0);
    assert_true(atomic_read_relaxed(&stress_reads) > 1000);
    assert_true(value > 100);

    rcu_postpone(obj_free, rcu_get_protected(&shared_obj));
    rcu_barrier();
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        /* Forks: first, while there are few threads. */
        cmocka_unit_test(test_lock_errors_abort),
        cmocka_unit_test(test_thread_identity),
        cmocka_unit_test(test_locks_exclude),
        cmocka_unit_test(test_trylock),
        cmocka_unit_test(test_cond),
        cmocka_unit_test(test_thread_once),
        cmocka_unit_test(test_quiescent_states),
        cmocka_unit_test(test_postpone_waits_for_readers),
        cmocka_unit_test(test_postpone_batches_until_quiescent),
        cmocka_unit_test(test_synchronize),
        cmocka_unit_test(test_rcu_pointer_stress),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
