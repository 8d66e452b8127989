/* dpdk: DPDK's environment abstraction layer.  See dpdk.h. */
#include <config.h>
#include "dpdk.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_log.h>
#include <rte_version.h>
#include "dirs.h"
#include "dynamic-string.h"
#include "smap.h"
#include "thread.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(dpdk);

/* Memory in MB for --no-huge when dpdk-socket-mem does not say. */
#define DPDK_NO_HUGE_DEFAULT_MB 256

/* The file prefix when the configuration names none. */
#define DPDK_DEFAULT_PREFIX "sluice"

enum dpdk_state {
    DPDK_UNINITIALIZED,
    DPDK_INITIALIZED,
    DPDK_FAILED,                /* rte_eal_init() failed: no second try. */
    DPDK_CLEANED_UP,
};

static struct mutex dpdk_mutex = MUTEX_INITIALIZER;
static _Atomic int dpdk_state = DPDK_UNINITIALIZED;

/* Set by dpdk_init(). */
static char *vhost_sock_dir SLUICE_GUARDED_BY(dpdk_mutex);
static char *hugepage_prefix;   /* dpdk-file-prefix, or NULL. */
static char *hugepage_dir;      /* dpdk-hugepage-dir, or NULL. */

/* Argument vectors. */

static void
args_add(struct dpdk_args *args, const char *arg)
{
    args->argv = xrealloc(args->argv, (args->argc + 2) * sizeof *args->argv);
    args->argv[args->argc++] = xstrdup(arg);
    args->argv[args->argc] = NULL;
}

void
dpdk_args_destroy(struct dpdk_args *args)
{
    if (args) {
        for (int i = 0; i < args->argc; i++) {
            free(args->argv[i]);
        }
        free(args->argv);
        args->argv = NULL;
        args->argc = 0;
    }
}

/* Splits S into words as a POSIX shell would, without expansions: words
 * are separated by unquoted whitespace; '...' quotes everything up to the
 * next single quote; "..." quotes everything except \" \\ \$ \` which
 * stand for the second character; outside quotes a backslash quotes the
 * next character.  Appends the words to ARGS and returns NULL, or returns
 * an error message. */
static char *
split_words(const char *s, struct dpdk_args *args)
{
    struct ds word = DS_EMPTY_INITIALIZER;
    bool in_word = false;
    char *error = NULL;

    for (const char *p = s; ; p++) {
        char c = *p;

        if (c == '\0' || c == ' ' || c == '\t' || c == '\n') {
            if (in_word) {
                args_add(args, ds_cstr(&word));
                ds_clear(&word);
                in_word = false;
            }
            if (c == '\0') {
                break;
            }
        } else if (c == '\'') {
            const char *end = strchr(p + 1, '\'');
            if (!end) {
                error = xstrdup("unterminated single quote");
                break;
            }
            ds_put_buffer(&word, p + 1, end - (p + 1));
            in_word = true;
            p = end;
        } else if (c == '"') {
            for (p++; *p != '"'; p++) {
                if (*p == '\0') {
                    error = xstrdup("unterminated double quote");
                    break;
                } else if (*p == '\\' && p[1] && strchr("\"\\$`", p[1])) {
                    p++;
                }
                ds_put_char(&word, *p);
            }
            if (error) {
                break;
            }
            in_word = true;
        } else if (c == '\\') {
            if (!p[1]) {
                error = xstrdup("backslash at the end");
                break;
            }
            p++;
            ds_put_char(&word, *p);
            in_word = true;
        } else {
            ds_put_char(&word, c);
            in_word = true;
        }
    }
    ds_destroy(&word);
    return error;
}

/* Returns true if ARGS has option OPTION, as "OPTION", "OPTION=VALUE" (for
 * long options) or "OPTIONVALUE" (for short ones). */
static bool
args_have(const struct dpdk_args *args, const char *option)
{
    size_t length = strlen(option);
    bool is_long = option[1] == '-';

    for (int i = 1; i < args->argc; i++) {
        const char *arg = args->argv[i];
        if (!strncmp(arg, option, length)
            && (!arg[length] || (is_long && arg[length] == '=')
                || (!is_long && length == 2))) {
            return true;
        }
    }
    return false;
}

static bool
is_hex_mask(const char *s)
{
    if (!strncmp(s, "0x", 2) || !strncmp(s, "0X", 2)) {
        s += 2;
    }
    if (!*s || strspn(s, "0123456789abcdefABCDEF") != strlen(s)) {
        return false;
    }
    return strspn(s, "0") != strlen(s);
}

/* Checks that S is a comma-separated list of numbers of MB and stores
 * their sum in *SUM. */
static bool
parse_mb_list(const char *s, unsigned long long *sum)
{
    *sum = 0;
    for (;;) {
        size_t n = strspn(s, "0123456789");
        if (!n || n > 9) {
            return false;
        }
        *sum += strtoull(s, NULL, 10);
        s += n;
        if (!*s) {
            return true;
        } else if (*s != ',') {
            return false;
        }
        s++;
    }
}

/* Returns the first CPU the calling thread may run on. */
static int
first_allowed_cpu(void)
{
    cpu_set_t set;

    if (!sched_getaffinity(0, sizeof set, &set)) {
        for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
            if (CPU_ISSET(cpu, &set)) {
                return cpu;
            }
        }
    }
    return 0;
}

static const char *const known_keys[] = {
    "dpdk-init", "dpdk-lcore-mask", "dpdk-socket-mem", "dpdk-socket-limit",
    "dpdk-hugepage-dir", "dpdk-file-prefix", "dpdk-no-huge", "dpdk-extra",
};

static bool
is_known_key(const char *key)
{
    for (size_t i = 0; i < ARRAY_SIZE(known_keys); i++) {
        if (!strcmp(key, known_keys[i])) {
            return true;
        }
    }
    return false;
}

/* Returns an error message if the user gave OPTION both through KEY and in
 * dpdk-extra. */
static char *
check_conflict(const struct smap *config, const char *key,
               const struct dpdk_args *extra, const char *option)
{
    if (smap_get(config, key) && args_have(extra, option)) {
        return xasprintf("other_config:dpdk-extra: %s conflicts with "
                         "other_config:%s", option, key);
    }
    return NULL;
}

static char *
build_args__(const struct smap *config, const char *program,
             struct dpdk_args *args)
{
    struct dpdk_args extra = { 0, NULL };
    const char *lcore_mask = smap_get(config, "dpdk-lcore-mask");
    const char *socket_mem = smap_get(config, "dpdk-socket-mem");
    const char *socket_limit = smap_get(config, "dpdk-socket-limit");
    const char *huge_dir = smap_get(config, "dpdk-hugepage-dir");
    const char *prefix = smap_get(config, "dpdk-file-prefix");
    const char *no_huge_s = smap_get(config, "dpdk-no-huge");
    const char *extra_s = smap_get(config, "dpdk-extra");
    unsigned long long mem_mb = 0;
    char *error = NULL;

    /* The extra arguments, after argv[0], so that args_have() works. */
    args_add(&extra, program);
    if (extra_s) {
        error = split_words(extra_s, &extra);
        if (error) {
            char *e = xasprintf("other_config:dpdk-extra: %s", error);
            free(error);
            dpdk_args_destroy(&extra);
            return e;
        }
    }

    /* Values. */
    if (lcore_mask && !is_hex_mask(lcore_mask)) {
        error = xasprintf("other_config:dpdk-lcore-mask: \"%s\" is not a "
                          "hexadecimal CPU mask", lcore_mask);
    } else if (socket_mem && !parse_mb_list(socket_mem, &mem_mb)) {
        error = xasprintf("other_config:dpdk-socket-mem: \"%s\" is not a "
                          "comma-separated list of MB", socket_mem);
    } else if (socket_limit && !parse_mb_list(socket_limit, &mem_mb)) {
        error = xasprintf("other_config:dpdk-socket-limit: \"%s\" is not a "
                          "comma-separated list of MB", socket_limit);
    } else if (huge_dir && huge_dir[0] != '/') {
        error = xasprintf("other_config:dpdk-hugepage-dir: \"%s\" is not "
                          "an absolute directory name", huge_dir);
    } else if (prefix && (!prefix[0] || strchr(prefix, '/'))) {
        error = xasprintf("other_config:dpdk-file-prefix: \"%s\" is not a "
                          "valid file name prefix", prefix);
    } else if (no_huge_s && strcmp(no_huge_s, "true")
               && strcmp(no_huge_s, "false")) {
        error = xasprintf("other_config:dpdk-no-huge: \"%s\" is neither "
                          "\"true\" nor \"false\"", no_huge_s);
    }
    if (!error) {
        bool no_huge = (smap_get_bool(config, "dpdk-no-huge", false)
                        || args_have(&extra, "--no-huge"));
        if (no_huge && socket_limit) {
            error = xstrdup("other_config:dpdk-socket-limit cannot be used "
                            "without hugepages (dpdk-no-huge)");
        } else if (no_huge && huge_dir) {
            error = xstrdup("other_config:dpdk-hugepage-dir cannot be used "
                            "without hugepages (dpdk-no-huge)");
        }
    }

    /* Conflicts with dpdk-extra. */
    static const char *const conflicts[][2] = {
        { "dpdk-lcore-mask", "-c" },
        { "dpdk-lcore-mask", "-l" },
        { "dpdk-lcore-mask", "--lcores" },
        { "dpdk-socket-mem", "--socket-mem" },
        { "dpdk-socket-mem", "-m" },
        { "dpdk-socket-limit", "--socket-limit" },
        { "dpdk-hugepage-dir", "--huge-dir" },
        { "dpdk-file-prefix", "--file-prefix" },
        { "dpdk-file-prefix", "--in-memory" },
    };
    for (size_t i = 0; !error && i < ARRAY_SIZE(conflicts); i++) {
        error = check_conflict(config, conflicts[i][0], &extra,
                               conflicts[i][1]);
    }
    if (error) {
        dpdk_args_destroy(&extra);
        return error;
    }

    args_add(args, program);

    /* CPUs. */
    if (lcore_mask) {
        args_add(args, "-c");
        args_add(args, lcore_mask);
    } else if (!args_have(&extra, "-c") && !args_have(&extra, "-l")
               && !args_have(&extra, "--lcores")) {
        char *cpu = xasprintf("%d", first_allowed_cpu());
        args_add(args, "-l");
        args_add(args, cpu);
        free(cpu);
    }

    /* Memory and files. */
    bool no_huge = smap_get_bool(config, "dpdk-no-huge", false);
    if (no_huge || args_have(&extra, "--no-huge")) {
        if (no_huge && !args_have(&extra, "--no-huge")) {
            args_add(args, "--no-huge");
        }
        if (!args_have(&extra, "-m")) {
            char *mb = xasprintf("%llu", (socket_mem && mem_mb
                                          ? mem_mb
                                          : DPDK_NO_HUGE_DEFAULT_MB));
            args_add(args, "-m");
            args_add(args, mb);
            free(mb);
        }
        if (!args_have(&extra, "--no-shconf")) {
            args_add(args, "--no-shconf");
        }
    } else {
        if (socket_mem) {
            args_add(args, "--socket-mem");
            args_add(args, socket_mem);
        }
        if (socket_limit) {
            args_add(args, "--socket-limit");
            args_add(args, socket_limit);
        }
        if (huge_dir) {
            args_add(args, "--huge-dir");
            args_add(args, huge_dir);
        }
        if (!prefix && !args_have(&extra, "--file-prefix")
            && !args_have(&extra, "--in-memory")) {
            args_add(args, "--in-memory");
        }
    }
    if (!args_have(&extra, "--file-prefix")) {
        args_add(args, "--file-prefix");
        args_add(args, prefix ? prefix : DPDK_DEFAULT_PREFIX);
    }

    for (int i = 1; i < extra.argc; i++) {
        args_add(args, extra.argv[i]);
    }
    dpdk_args_destroy(&extra);
    return NULL;
}

int
dpdk_build_args(const struct smap *config, const char *program,
                struct dpdk_args *args, char **errp)
{
    args->argc = 0;
    args->argv = NULL;

    char *error = build_args__(config, program, args);
    if (error) {
        dpdk_args_destroy(args);
        if (errp) {
            *errp = error;
        } else {
            free(error);
        }
        return EINVAL;
    }
    if (errp) {
        *errp = NULL;
    }
    return 0;
}

/* Logging. */

/* The messages kept by dpdk_log_capture_start(), or NULL when the thread
 * does not capture. */
static __thread struct ds *log_capture;

/* Removes from MESSAGE the prefixes that DPDK puts before the text: the
 * log type ("EAL: ", "VHOST_CONFIG: ") and the function ("probe(): "). */
static const char *
strip_prefixes(const char *message)
{
    static const char upper[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
    static const char any[] = "abcdefghijklmnopqrstuvwxyz"
                              "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
    size_t n = strspn(message, upper);

    if (n && !strncmp(message + n, ": ", 2)) {
        message += n + 2;
    }
    n = strspn(message, any);
    if (n && !strncmp(message + n, "(): ", 4)) {
        message += n + 4;
    }
    return message;
}

static void
dpdk_log_line(unsigned int rte_level, const char *line, size_t length)
{
    enum vlog_level level = (rte_level <= RTE_LOG_CRIT ? VLL_EMER
                             : rte_level <= RTE_LOG_ERR ? VLL_ERR
                             : rte_level <= RTE_LOG_WARNING ? VLL_WARN
                             : rte_level <= RTE_LOG_INFO ? VLL_INFO
                             : VLL_DBG);

    if (level == VLL_EMER) {
        /* VLOG_EMER is for the process's own death; DPDK's critical
         * messages are errors to us. */
        level = VLL_ERR;
    }
    VLOG(level, "%.*s", (int) length, line);

    if (log_capture && rte_level <= RTE_LOG_ERR) {
        char *copy = xmemdup0(line, length);
        if (log_capture->length) {
            ds_put_cstr(log_capture, "; ");
        }
        ds_put_cstr(log_capture, strip_prefixes(copy));
        free(copy);
    }
}

/* fopencookie() write function for DPDK's log stream: DPDK writes each
 * message with one vfprintf() and flushes, so each call holds whole
 * lines. */
static ssize_t
dpdk_log_write(void *cookie SLUICE_UNUSED, const char *buf, size_t size)
{
    int level = rte_log_cur_msg_loglevel();
    unsigned int rte_level = level > 0 ? (unsigned int) level : RTE_LOG_INFO;
    const char *p = buf, *end = buf + size;

    while (p < end) {
        const char *nl = memchr(p, '\n', end - p);
        const char *line_end = nl ? nl : end;
        if (line_end > p) {
            dpdk_log_line(rte_level, p, line_end - p);
        }
        p = line_end + 1;
    }
    return size;
}

static void
dpdk_log_redirect(void)
{
    static cookie_io_functions_t functions = { .write = dpdk_log_write };
    FILE *stream = fopencookie(NULL, "w+", functions);

    if (stream) {
        setvbuf(stream, NULL, _IOLBF, 0);
        rte_openlog_stream(stream);
    } else {
        VLOG_WARN("could not redirect DPDK's log: %s",
                  sluice_strerror(errno));
    }
}

void
dpdk_log_capture_start(void)
{
    if (!log_capture) {
        log_capture = xmalloc(sizeof *log_capture);
        ds_init(log_capture);
    }
    ds_clear(log_capture);
}

char *
dpdk_log_capture_finish(void)
{
    char *messages = NULL;

    if (log_capture) {
        if (log_capture->length) {
            messages = ds_steal_cstr(log_capture);
        }
        ds_destroy(log_capture);
        free(log_capture);
        log_capture = NULL;
    }
    return messages;
}

/* Initialization. */

static char *
make_vhost_sock_dir(const struct smap *config)
{
    const char *dir = smap_get(config, "vhost-sock-dir");

    if (!dir || !dir[0]) {
        return xstrdup(sluice_rundir());
    }
    return abs_file_name(sluice_rundir(), dir);
}

int
dpdk_init(const struct smap *config, char **errp)
{
    struct dpdk_args args;
    char *error = NULL;
    int retval = 0;

    mutex_lock(&dpdk_mutex);
    enum dpdk_state state = atomic_read_relaxed(&dpdk_state);
    if (state != DPDK_UNINITIALIZED) {
        error = xstrdup(state == DPDK_INITIALIZED
                        ? "DPDK is already initialized"
                        : "DPDK initialization failed or ended earlier in "
                          "this process; restart the daemon to try again");
        retval = EALREADY;
        goto out;
    }

    retval = dpdk_build_args(config, program_name ? program_name : "sluice",
                             &args, &error);
    if (retval) {
        goto out;
    }

    struct smap_node *node;
    SMAP_FOR_EACH (node, config) {
        if (!strncmp(node->key, "dpdk-", 5) && !is_known_key(node->key)) {
            VLOG_WARN("ignoring unknown DPDK option other_config:%s",
                      node->key);
        }
    }

    free(vhost_sock_dir);
    vhost_sock_dir = make_vhost_sock_dir(config);
    free(hugepage_prefix);
    hugepage_prefix = xstrdup(smap_get_def(config, "dpdk-file-prefix", ""));
    if (!hugepage_prefix[0]) {
        free(hugepage_prefix);
        hugepage_prefix = NULL;
    }
    free(hugepage_dir);
    hugepage_dir = (smap_get(config, "dpdk-hugepage-dir")
                    ? xstrdup(smap_get(config, "dpdk-hugepage-dir"))
                    : NULL);

    /* Keep the EAL's run-time files in our run directory. */
    struct stat st;
    if (!getenv("RUNTIME_DIRECTORY")
        && !stat(sluice_rundir(), &st) && S_ISDIR(st.st_mode)) {
        setenv("RUNTIME_DIRECTORY", sluice_rundir(), 1);
    }

    struct ds line = DS_EMPTY_INITIALIZER;
    for (int i = 0; i < args.argc; i++) {
        ds_put_format(&line, "%s%s", i ? " " : "", args.argv[i]);
    }
    VLOG_INFO("EAL arguments: %s", ds_cstr(&line));
    ds_destroy(&line);

    dpdk_log_redirect();

    /* rte_eal_init() pins the calling thread to the main lcore's CPU and
     * may reorder the array: give it a copy and restore the affinity. */
    cpu_set_t affinity;
    bool have_affinity = !pthread_getaffinity_np(pthread_self(),
                                                 sizeof affinity, &affinity);
    char **argv = xmemdup(args.argv, (args.argc + 1) * sizeof *args.argv);

    dpdk_log_capture_start();
    int n = rte_eal_init(args.argc, argv);
    int eal_errno = rte_errno;
    char *messages = dpdk_log_capture_finish();
    free(argv);
    if (have_affinity) {
        pthread_setaffinity_np(pthread_self(), sizeof affinity, &affinity);
    }

    if (n < 0) {
        retval = eal_errno > 0 ? eal_errno : EINVAL;
        error = xasprintf("could not initialize DPDK: %s%s%s",
                          rte_strerror(eal_errno),
                          messages ? ": " : "", messages ? messages : "");
        atomic_store_relaxed(&dpdk_state, DPDK_FAILED);
    } else {
        VLOG_INFO("%s initialized", rte_version());
        atomic_store_release(&dpdk_state, DPDK_INITIALIZED);
    }
    free(messages);
    dpdk_args_destroy(&args);

out:
    mutex_unlock(&dpdk_mutex);
    if (errp) {
        *errp = error;
    } else if (error) {
        VLOG_ERR("%s", error);
        free(error);
    }
    return retval;
}

const char *
dpdk_get_version(void)
{
    return rte_version();
}

bool
dpdk_is_initialized(void)
{
    return atomic_read_acquire(&dpdk_state) == DPDK_INITIALIZED;
}

const char *
dpdk_get_vhost_sock_dir(void)
{
    mutex_lock(&dpdk_mutex);
    if (!vhost_sock_dir) {
        vhost_sock_dir = xstrdup(sluice_rundir());
    }
    const char *dir = vhost_sock_dir;
    mutex_unlock(&dpdk_mutex);
    return dir;
}

int
dpdk_register_thread(void)
{
    if (!dpdk_is_initialized() || rte_lcore_id() != LCORE_ID_ANY) {
        return 0;
    }
    if (rte_thread_register()) {
        int error = rte_errno > 0 ? rte_errno : ENOSPC;
        VLOG_WARN("could not register thread %s with DPDK: %s",
                  thread_get_name(), rte_strerror(error));
        return error;
    }
    return 0;
}

void
dpdk_unregister_thread(void)
{
    if (dpdk_is_initialized() && rte_lcore_id() != LCORE_ID_ANY
        && rte_lcore_id() != rte_get_main_lcore()) {
        rte_thread_unregister();
    }
}

/* Removes every entry of directory DIR whose name starts with PREFIX, and
 * DIR itself if REMOVE_DIR (and it is empty then). */
static void
remove_files(const char *dir, const char *prefix, bool remove_dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        return;
    }

    size_t length = strlen(prefix);
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")
            || strncmp(de->d_name, prefix, length)) {
            continue;
        }
        char *file = xasprintf("%s/%s", dir, de->d_name);
        if (unlink(file) && errno != ENOENT) {
            VLOG_WARN("could not remove %s: %s", file,
                      sluice_strerror(errno));
        }
        free(file);
    }
    closedir(d);
    if (remove_dir) {
        rmdir(dir);
    }
}

/* Calls FUNC(mount point) for every hugetlbfs mount. */
static void
for_each_hugetlbfs(void (*func)(const char *dir))
{
    FILE *mounts = fopen("/proc/mounts", "r");
    char source[256], dir[1024], type[64];

    if (!mounts) {
        return;
    }
    while (fscanf(mounts, "%255s %1023s %63s %*[^\n]", source, dir,
                  type) == 3) {
        if (!strcmp(type, "hugetlbfs")) {
            func(dir);
        }
    }
    fclose(mounts);
}

static void
remove_hugepage_files(const char *dir)
{
    char *prefix = xasprintf("%smap_", hugepage_prefix);
    remove_files(dir, prefix, false);
    free(prefix);
}

void
dpdk_cleanup(void)
{
    mutex_lock(&dpdk_mutex);
    if (atomic_read_relaxed(&dpdk_state) != DPDK_INITIALIZED) {
        mutex_unlock(&dpdk_mutex);
        return;
    }

    char *runtime_dir = xstrdup(rte_eal_get_runtime_dir());
    rte_eal_cleanup();
    atomic_store_release(&dpdk_state, DPDK_CLEANED_UP);

    if (hugepage_prefix) {
        if (hugepage_dir) {
            remove_hugepage_files(hugepage_dir);
        } else {
            for_each_hugetlbfs(remove_hugepage_files);
        }
    }
    if (runtime_dir[0]) {
        remove_files(runtime_dir, "", true);
        char *parent = dir_name(runtime_dir);
        rmdir(parent);          /* Only if it is empty now. */
        free(parent);
    }
    free(runtime_dir);
    mutex_unlock(&dpdk_mutex);
}
