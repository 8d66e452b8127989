/* Unit tests for lib/vlog.c, lib/backtrace.c, lib/command-line.c and
 * lib/daemon.c's pidfile reading. */
#include <config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "atomic.h"
#include "backtrace.h"
#include "command-line.h"
#include "daemon.h"
#include "dynamic-string.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(test_vlog);

static char log_name[] = "/tmp/test-vlog.XXXXXX";

static char *
read_log(void)
{
    FILE *f = fopen(log_name, "r");
    struct ds s = DS_EMPTY_INITIALIZER;
    int c;
    while (f && (c = getc(f)) != EOF) {
        ds_put_char(&s, c);
    }
    if (f) {
        fclose(f);
    }
    return ds_steal_cstr(&s);
}

static size_t
count_substrings(const char *s, const char *sub)
{
    size_t n = 0;
    for (const char *p = s; (p = strstr(p, sub)) != NULL; p += strlen(sub)) {
        n++;
    }
    return n;
}

static int
setup_log(void **state)
{
    int fd = mkstemp(log_name);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(vlog_set_log_file(log_name), 0);
    /* Keep the console quiet. */
    vlog_set_levels(NULL, VLF_CONSOLE, VLL_OFF);
    return 0;
}

static int
teardown_log(void **state)
{
    unlink(log_name);
    return 0;
}

static void
test_levels(void **state)
{
    struct vlog_module *m = vlog_module_from_name("test_vlog");
    assert_ptr_equal(m, THIS_MODULE);
    assert_int_equal(vlog_get_level(m, VLF_FILE), VLL_INFO);
    assert_int_equal(vlog_get_level(m, VLF_SYSLOG), VLL_ERR);

    VLOG_DBG("invisible debug %d", 1);
    VLOG_INFO("visible info %d", 2);

    char *error = vlog_set_levels_from_string("test_vlog:file:dbg");
    assert_null(error);
    assert_int_equal(vlog_get_level(m, VLF_FILE), VLL_DBG);
    assert_int_equal(vlog_get_level(m, VLF_CONSOLE), VLL_OFF);
    VLOG_DBG("visible debug %d", 3);

    char *log = read_log();
    assert_null(strstr(log, "invisible debug 1"));
    assert_non_null(strstr(log, "|test_vlog|INFO|visible info 2\n"));
    assert_non_null(strstr(log, "|test_vlog|DBG|visible debug 3\n"));
    free(log);

    /* "ANY:dbg" sets every module on every destination. */
    error = vlog_set_levels_from_string("ANY:dbg");
    assert_null(error);
    assert_int_equal(vlog_get_level(vlog_module_from_name("vlog"),
                                    VLF_SYSLOG), VLL_DBG);
    /* Words may come in any order. */
    error = vlog_set_levels_from_string("warn:console:ANY");
    assert_null(error);
    assert_int_equal(vlog_get_level(m, VLF_CONSOLE), VLL_WARN);
    vlog_set_levels(NULL, VLF_N_DESTINATIONS, VLL_INFO);
    vlog_set_levels(NULL, VLF_CONSOLE, VLL_OFF);

    /* Errors name the bad word. */
    error = vlog_set_levels_from_string("nosuch:dbg");
    assert_non_null(error);
    assert_string_equal(error,
                        "no destination, level, or module \"nosuch\"");
    free(error);
    error = vlog_set_levels_from_string("file:console:dbg");
    assert_string_equal(error, "cannot specify multiple destinations");
    free(error);
    error = vlog_set_levels_from_string("dbg:info");
    assert_string_equal(error, "cannot specify multiple levels");
    free(error);

    char *table = vlog_get_levels();
    assert_non_null(strstr(table, "test_vlog          OFF       INFO"
                                  "       INFO\n"));
    free(table);

    assert_int_equal(vlog_get_level_val("WaRn"), VLL_WARN);
    assert_int_equal(vlog_get_level_val("loud"), VLL_N_LEVELS);
    assert_string_equal(vlog_get_destination_name(VLF_FILE), "file");
}

static void
test_rate_limit(void **state)
{
    /* Burst of 3, then nothing for a while (1 per minute). */
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 3);
    for (int i = 0; i < 10; i++) {
        VLOG_WARN_RL(&rl, "rate limited message");
    }
    char *log = read_log();
    assert_int_equal(count_substrings(log, "rate limited message"), 3);
    free(log);
    assert_int_equal(rl.n_dropped, 7);

    /* Pretend a minute passed: the next message gets through and reports
     * the dropped ones. */
    rl.last_fill -= 60 * 1000;
    VLOG_WARN_RL(&rl, "rate limited message");
    log = read_log();
    assert_int_equal(count_substrings(log, "rate limited message"), 4);
    assert_non_null(strstr(log, "Dropped 7 log messages in last"));
    free(log);
}

static void __attribute__((noinline))
capture_here(struct backtrace *bt)
{
    backtrace_capture(bt);
}

static void
test_backtrace(void **state)
{
    struct backtrace bt;
    capture_here(&bt);
    assert_true(bt.n_frames >= 2);
    struct ds s = DS_EMPTY_INITIALIZER;
    backtrace_format(&s, &bt, "  ");
    assert_non_null(strstr(ds_cstr(&s), " test_backtrace+0x"));
    assert_non_null(strstr(ds_cstr(&s), " main+0x"));
    ds_destroy(&s);
}

/* Another thread's stack, captured while it spins in a known function. */
static atomic_bool spinner_ready, spinner_stop;

static void __attribute__((noinline))
spin_in_known_function(void)
{
    atomic_store(&spinner_ready, true);
    while (!atomic_load(&spinner_stop)) {
        __asm__ volatile("" ::: "memory");
    }
}

static void *
spinner_main(void *arg SLUICE_UNUSED)
{
    spin_in_known_function();
    return NULL;
}

static void
test_backtrace_other_thread(void **state)
{
    struct backtrace bt;
    pthread_t thread;

    atomic_store(&spinner_ready, false);
    atomic_store(&spinner_stop, false);
    assert_int_equal(pthread_create(&thread, NULL, spinner_main, NULL), 0);
    while (!atomic_load(&spinner_ready)) {
        sched_yield();
    }
    assert_true(backtrace_capture_thread(thread, &bt, 5000));
    atomic_store(&spinner_stop, true);
    pthread_join(thread, NULL);

    struct ds s = DS_EMPTY_INITIALIZER;
    backtrace_format(&s, &bt, "  ");
    assert_non_null(strstr(ds_cstr(&s), " spin_in_known_function+0x"));
    assert_non_null(strstr(ds_cstr(&s), " spinner_main+0x"));
    assert_null(strstr(ds_cstr(&s), " test_backtrace_other_thread+0x"));
    ds_destroy(&s);
}

static void
test_short_options(void **state)
{
    static const struct option options[] = {
        {"help", no_argument, NULL, 'h'},
        {"target", required_argument, NULL, 't'},
        {"verbose", optional_argument, NULL, 'v'},
        {"long-only", no_argument, NULL, 1000},
        {NULL, 0, NULL, 0},
    };
    char *s = long_options_to_short_options(options);
    assert_string_equal(s, "ht:v::");
    free(s);
}

static void
test_read_pidfile(void **state)
{
    char name[] = "/tmp/test-pidfile.XXXXXX";
    int fd = mkstemp(name);
    assert_true(fd >= 0);
    dprintf(fd, "%ld\n", (long) getpid());

    /* No lock held: stale. */
    assert_int_equal(read_pidfile(name), -ESRCH);
    assert_int_equal(read_pidfile("/nonexistent/x.pid"), -ENOENT);

    /* A lock held by a child process makes the pid live. */
    int ready[2], done[2];
    assert_int_equal(pipe(ready), 0);
    assert_int_equal(pipe(done), 0);
    pid_t child = fork();
    if (!child) {
        struct flock lck = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
        int cfd = open(name, O_RDWR);
        if (cfd < 0 || fcntl(cfd, F_SETLK, &lck) || ftruncate(cfd, 0)) {
            _exit(1);
        }
        dprintf(cfd, "%ld\n", (long) getpid());
        char c = 0;
        ignore(write(ready[1], &c, 1) == 1);
        ignore(read(done[0], &c, 1) == 1);
        _exit(0);
    }
    char c;
    assert_int_equal(read(ready[0], &c, 1), 1);
    assert_int_equal(read_pidfile(name), child);
    assert_int_equal(write(done[1], &c, 1), 1);
    int status;
    waitpid(child, &status, 0);
    assert_int_equal(read_pidfile(name), -ESRCH);

    close(fd);
    unlink(name);
    close(ready[0]);
    close(ready[1]);
    close(done[0]);
    close(done[1]);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_levels),
        cmocka_unit_test(test_rate_limit),
        cmocka_unit_test(test_backtrace),
        cmocka_unit_test(test_backtrace_other_thread),
        cmocka_unit_test(test_short_options),
        cmocka_unit_test(test_read_pidfile),
    };
    return cmocka_run_group_tests(tests, setup_log, teardown_log);
}
