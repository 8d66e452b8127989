/* vlog: per-module logging.  See vlog.h. */
#include <config.h>
#include "vlog.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>
#include <unistd.h>
#include "dirs.h"
#include "dynamic-string.h"
#include "thread.h"
#include "timeval.h"
#include "unixctl.h"

VLOG_DEFINE_THIS_MODULE(vlog);

static const char *const level_names[VLL_N_LEVELS] = {
    "OFF", "EMER", "ERR", "WARN", "INFO", "DBG",
};

static const int syslog_levels[VLL_N_LEVELS] = {
    0, LOG_ALERT, LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG,
};

static const char *const destination_names[VLF_N_DESTINATIONS] = {
    "console", "syslog", "file",
};

/* Every module, in registration order.  Modules register from constructors
 * before main() runs, so the list is fixed once threads exist. */
static struct list vlog_modules = LIST_INITIALIZER(&vlog_modules);

/* Serializes output and level changes. */
static pthread_mutex_t log_mutex = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
static unsigned int msg_num;
static char *log_file_name;
static int log_fd = -1;
static bool syslog_open;

const char *
vlog_get_level_name(enum vlog_level level)
{
    return level < VLL_N_LEVELS ? level_names[level] : "<invalid>";
}

enum vlog_level
vlog_get_level_val(const char *name)
{
    for (int i = 0; i < VLL_N_LEVELS; i++) {
        if (!strcasecmp(level_names[i], name)) {
            return i;
        }
    }
    return VLL_N_LEVELS;
}

const char *
vlog_get_destination_name(enum vlog_destination destination)
{
    return (destination < VLF_N_DESTINATIONS
            ? destination_names[destination] : "<invalid>");
}

enum vlog_destination
vlog_get_destination_val(const char *name)
{
    for (int i = 0; i < VLF_N_DESTINATIONS; i++) {
        if (!strcasecmp(destination_names[i], name)) {
            return i;
        }
    }
    return VLF_N_DESTINATIONS;
}

void
vlog_insert_module(struct vlog_module *module)
{
    list_push_back(&vlog_modules, &module->list_node);
}

struct vlog_module *
vlog_module_from_name(const char *name)
{
    struct vlog_module *module;
    LIST_FOR_EACH (module, list_node, &vlog_modules) {
        if (!strcasecmp(name, module->name)) {
            return module;
        }
    }
    return NULL;
}

enum vlog_level
vlog_get_level(const struct vlog_module *module,
               enum vlog_destination destination)
{
    return __atomic_load_n(&module->levels[destination], __ATOMIC_RELAXED);
}

/* Recomputes MODULE's min_level.  The destination levels only count when
 * the destination is open: a file level does not make every message get
 * formatted while there is no log file. */
static void
update_min_level(struct vlog_module *module)
{
    int min_level = VLL_OFF;
    for (int i = 0; i < VLF_N_DESTINATIONS; i++) {
        if (i == VLF_FILE && log_fd < 0) {
            continue;
        }
        min_level = MAX(min_level, module->levels[i]);
    }
    __atomic_store_n(&module->min_level, min_level, __ATOMIC_RELAXED);
}

static void
set_module_level(struct vlog_module *module,
                 enum vlog_destination destination, enum vlog_level level)
{
    if (destination == VLF_N_DESTINATIONS) {
        for (int i = 0; i < VLF_N_DESTINATIONS; i++) {
            __atomic_store_n(&module->levels[i], level, __ATOMIC_RELAXED);
        }
    } else {
        __atomic_store_n(&module->levels[destination], level,
                         __ATOMIC_RELAXED);
    }
    update_min_level(module);
}

void
vlog_set_levels(struct vlog_module *module,
                enum vlog_destination destination, enum vlog_level level)
{
    pthread_mutex_lock(&log_mutex);
    if (module) {
        set_module_level(module, destination, level);
    } else {
        struct vlog_module *m;
        LIST_FOR_EACH (m, list_node, &vlog_modules) {
            set_module_level(m, destination, level);
        }
    }
    pthread_mutex_unlock(&log_mutex);
}

static void
update_all_min_levels(void)
{
    struct vlog_module *module;
    LIST_FOR_EACH (module, list_node, &vlog_modules) {
        update_min_level(module);
    }
}

char *
vlog_set_levels_from_string(const char *s_)
{
    char *s = xstrdup(s_);
    char *save_ptr = NULL;
    struct vlog_module *module = NULL;
    enum vlog_destination destination = VLF_N_DESTINATIONS;
    enum vlog_level level = VLL_N_LEVELS;
    bool have_module = false, have_destination = false, have_level = false;
    char *error = NULL;

    for (char *word = strtok_r(s, ": \t", &save_ptr); word;
         word = strtok_r(NULL, ": \t", &save_ptr)) {
        if (!strcasecmp(word, "ANY")) {
            /* "ANY" fills whichever of module or destination is unset:
             * both mean "all". */
            if (!have_module) {
                have_module = true;
            } else if (!have_destination) {
                have_destination = true;
            } else {
                error = xasprintf("\"%s\": too many \"ANY\" words", s_);
                goto exit;
            }
        } else if (vlog_get_destination_val(word) != VLF_N_DESTINATIONS) {
            if (have_destination) {
                error = xasprintf("cannot specify multiple destinations");
                goto exit;
            }
            destination = vlog_get_destination_val(word);
            have_destination = true;
        } else if (vlog_get_level_val(word) != VLL_N_LEVELS) {
            if (have_level) {
                error = xasprintf("cannot specify multiple levels");
                goto exit;
            }
            level = vlog_get_level_val(word);
            have_level = true;
        } else if (vlog_module_from_name(word)) {
            if (have_module && module) {
                error = xasprintf("cannot specify multiple modules");
                goto exit;
            }
            module = vlog_module_from_name(word);
            have_module = true;
        } else {
            error = xasprintf("no destination, level, or module \"%s\"",
                              word);
            goto exit;
        }
    }
    if (!have_module && !have_destination && !have_level) {
        error = xstrdup("nothing to set: expected MODULE:DESTINATION:LEVEL");
        goto exit;
    }
    vlog_set_levels(module, destination,
                    have_level ? level : VLL_DBG);

exit:
    free(s);
    return error;
}

void
vlog_set_verbosity(const char *arg)
{
    if (arg && arg[0]) {
        char *error = vlog_set_levels_from_string(arg);
        if (error) {
            sluice_fatal(0, "processing \"%s\": %s", arg, error);
        }
    } else {
        vlog_set_levels(NULL, VLF_CONSOLE, VLL_DBG);
    }
}

char *
vlog_get_levels(void)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    ds_put_format(&s, "                 console    syslog    file\n");
    ds_put_format(&s, "                 -------    ------    ------\n");

    /* Sort by name for stable output. */
    size_t n = list_size(&vlog_modules), i = 0;
    const struct vlog_module **modules = xmalloc((n ? n : 1) * sizeof *modules);
    struct vlog_module *module;
    LIST_FOR_EACH (module, list_node, &vlog_modules) {
        modules[i++] = module;
    }
    for (size_t a = 1; a < n; a++) {
        for (size_t b = a; b > 0 && strcmp(modules[b - 1]->name,
                                           modules[b]->name) > 0; b--) {
            const struct vlog_module *tmp = modules[b];
            modules[b] = modules[b - 1];
            modules[b - 1] = tmp;
        }
    }
    for (i = 0; i < n; i++) {
        ds_put_format(&s, "%-16s  %4s       %4s       %4s\n",
                      modules[i]->name,
                      level_names[vlog_get_level(modules[i], VLF_CONSOLE)],
                      level_names[vlog_get_level(modules[i], VLF_SYSLOG)],
                      level_names[vlog_get_level(modules[i], VLF_FILE)]);
    }
    free(modules);
    return ds_steal_cstr(&s);
}

int
vlog_set_log_file(const char *file_name)
{
    char *new_name = (file_name && file_name[0]
                      ? xstrdup(file_name)
                      : xasprintf("%s/%s.log", sluice_logdir(),
                                  program_name));
    int fd = open(new_name, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
                  0660);
    if (fd < 0) {
        int error = errno;
        free(new_name);
        return error;
    }

    pthread_mutex_lock(&log_mutex);
    if (log_fd >= 0) {
        close(log_fd);
    }
    log_fd = fd;
    free(log_file_name);
    log_file_name = new_name;
    update_all_min_levels();
    pthread_mutex_unlock(&log_mutex);
    return 0;
}

void
vlog_set_log_file_or_die(const char *file_name)
{
    int error = vlog_set_log_file(file_name);
    if (error) {
        sluice_fatal(error, "could not open log file %s",
                     file_name && file_name[0] ? file_name : "(default)");
    }
}

const char *
vlog_get_log_file(void)
{
    return log_file_name;
}

int
vlog_get_log_fd(void)
{
    return log_fd;
}

int
vlog_reopen_log_file(void)
{
    if (!log_file_name) {
        return 0;
    }
    char *name = xstrdup(log_file_name);
    int error = vlog_set_log_file(name);
    free(name);
    return error;
}

void
vlog_set_syslog_target(const char *ident)
{
    static char *syslog_ident;
    pthread_mutex_lock(&log_mutex);
    free(syslog_ident);
    syslog_ident = xstrdup(ident && ident[0] ? ident : program_name);
    openlog(syslog_ident, LOG_NDELAY | LOG_PID, LOG_DAEMON);
    syslog_open = true;
    pthread_mutex_unlock(&log_mutex);
}

static void
format_message(struct ds *s, const struct vlog_module *module,
               enum vlog_level level, unsigned int seq,
               const char *format, va_list args)
{
    char *when = xastrftime_msec("%Y-%m-%dT%H:%M:%S%.###Z",
                                 time_wall_msec(), 1);
    ds_put_format(s, "%s|%05u|%s", when, seq, module->name);
    if (!thread_is_main()) {
        ds_put_format(s, "(%s)", thread_get_name());
    }
    ds_put_format(s, "|%s|", level_names[level]);
    free(when);
    ds_put_format_valist(s, format, args);
    while (ds_chomp(s, '\n')) {
        continue;
    }
    ds_put_char(s, '\n');
}

static void
write_fully(int fd, const char *data, size_t n)
{
    while (n > 0) {
        ssize_t retval = write(fd, data, n);
        if (retval < 0) {
            if (errno == EINTR) {
                continue;
            }
            return;
        }
        data += retval;
        n -= retval;
    }
}

void
vlog_valist(const struct vlog_module *module, enum vlog_level level,
            const char *format, va_list args)
{
    bool to_console = (int) vlog_get_level(module, VLF_CONSOLE) >= (int) level;
    bool to_syslog = (int) vlog_get_level(module, VLF_SYSLOG) >= (int) level;
    bool to_file = (int) vlog_get_level(module, VLF_FILE) >= (int) level;
    if (level == VLL_OFF || level >= VLL_N_LEVELS
        || !(to_console || to_syslog || to_file)) {
        return;
    }

    int saved_errno = errno;
    struct ds s = DS_EMPTY_INITIALIZER;

    pthread_mutex_lock(&log_mutex);
    unsigned int seq = ++msg_num;
    format_message(&s, module, level, seq, format, args);
    if (to_console) {
        write_fully(STDERR_FILENO, s.string, s.length);
    }
    if (to_file && log_fd >= 0) {
        write_fully(log_fd, s.string, s.length);
    }
    if (to_syslog) {
        if (!syslog_open) {
            openlog(program_name, LOG_NDELAY | LOG_PID, LOG_DAEMON);
            syslog_open = true;
        }
        /* Skip the timestamp: syslog adds its own. */
        const char *msg = strchr(s.string, '|');
        syslog(syslog_levels[level], "%s", msg ? msg + 1 : s.string);
    }
    pthread_mutex_unlock(&log_mutex);

    ds_destroy(&s);
    errno = saved_errno;
}

void
vlog(const struct vlog_module *module, enum vlog_level level,
     const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vlog_valist(module, level, format, args);
    va_end(args);
}

void
vlog_fatal(const struct vlog_module *module, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vlog_valist(module, VLL_EMER, format, args);
    va_end(args);
    exit(EXIT_FAILURE);
}

void
vlog_abort(const struct vlog_module *module, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vlog_valist(module, VLL_EMER, format, args);
    va_end(args);
    abort();
}

void
vlog_write_async_signal_safe(const char *message, size_t length)
{
    write_fully(STDERR_FILENO, message, length);
    if (log_fd >= 0) {
        write_fully(log_fd, message, length);
    }
}

/* Each message costs this many token units; rates are in messages per
 * minute. */
#define VLOG_MSG_TOKENS 1000

static void
rl_lock(struct vlog_rate_limit *rl)
{
    while (__atomic_exchange_n(&rl->lock, 1, __ATOMIC_ACQUIRE)) {
        continue;
    }
}

static void
rl_unlock(struct vlog_rate_limit *rl)
{
    __atomic_store_n(&rl->lock, 0, __ATOMIC_RELEASE);
}

bool
vlog_should_drop(const struct vlog_module *module, enum vlog_level level,
                 struct vlog_rate_limit *rl)
{
    if (!module->honor_rate_limits) {
        return false;
    }
    if (!vlog_is_enabled(module, level)) {
        return true;
    }

    long long now = time_msec();
    rl_lock(rl);
    if (!rl->last_fill) {
        rl->tokens = rl->burst * VLOG_MSG_TOKENS;
        rl->last_fill = now;
    } else if (rl->tokens < VLOG_MSG_TOKENS) {
        long long add = (now - rl->last_fill) * rl->rate
                        * VLOG_MSG_TOKENS / 60000;
        if (add > 0) {
            long long max = (long long) rl->burst * VLOG_MSG_TOKENS;
            rl->tokens = MIN(max, rl->tokens + add);
            rl->last_fill = now;
        }
    }
    if (rl->tokens >= VLOG_MSG_TOKENS) {
        rl->tokens -= VLOG_MSG_TOKENS;
        rl_unlock(rl);
        return false;
    }
    if (!rl->n_dropped) {
        rl->first_dropped = now;
    }
    rl->n_dropped++;
    rl_unlock(rl);
    return true;
}

void
vlog_rate_limit(const struct vlog_module *module, enum vlog_level level,
                struct vlog_rate_limit *rl, const char *format, ...)
{
    if (vlog_should_drop(module, level, rl)) {
        return;
    }

    va_list args;
    va_start(args, format);
    vlog_valist(module, level, format, args);
    va_end(args);

    rl_lock(rl);
    unsigned int n_dropped = rl->n_dropped;
    long long first_dropped = rl->first_dropped;
    rl->n_dropped = 0;
    rl_unlock(rl);
    if (n_dropped) {
        vlog(THIS_MODULE, VLL_INFO, "Dropped %u log messages in last %lld "
             "seconds due to excessive rate", n_dropped,
             (time_msec() - first_dropped) / 1000 + 1);
    }
}

void
vlog_usage(void)
{
    printf("\nLogging options:\n"
           "  -vSPEC, --verbose=SPEC   set logging levels "
           "(MODULE:DESTINATION:LEVEL)\n"
           "  -v, --verbose            set maximum verbosity level\n"
           "  --log-file[=FILE]        enable logging to FILE (default: "
           "%s/%s.log)\n"
           "  --syslog-ident=IDENT     identity for syslog messages\n",
           sluice_logdir(), program_name);
}

static void
vlog_unixctl_set(struct unixctl_conn *conn, int argc, const char *argv[],
                 void *aux SLUICE_UNUSED)
{
    for (int i = 1; i < argc; i++) {
        char *error = vlog_set_levels_from_string(argv[i]);
        if (error) {
            unixctl_command_reply_error(conn, error);
            free(error);
            return;
        }
    }
    unixctl_command_reply(conn, NULL);
}

static void
vlog_unixctl_list(struct unixctl_conn *conn, int argc SLUICE_UNUSED,
                  const char *argv[] SLUICE_UNUSED, void *aux SLUICE_UNUSED)
{
    char *levels = vlog_get_levels();
    unixctl_command_reply(conn, levels);
    free(levels);
}

static void
vlog_unixctl_reopen(struct unixctl_conn *conn, int argc SLUICE_UNUSED,
                    const char *argv[] SLUICE_UNUSED, void *aux SLUICE_UNUSED)
{
    if (!log_file_name) {
        unixctl_command_reply_error(conn, "Logging to file not configured");
        return;
    }
    int error = vlog_reopen_log_file();
    if (error) {
        char *msg = xasprintf("could not reopen %s: %s", log_file_name,
                              sluice_strerror(error));
        unixctl_command_reply_error(conn, msg);
        free(msg);
    } else {
        unixctl_command_reply(conn, NULL);
    }
}

void
vlog_register_unixctl_commands(void)
{
    unixctl_command_register("vlog/set",
                             "[module][:destination][:level]",
                             1, INT_MAX, vlog_unixctl_set, NULL);
    unixctl_command_register("vlog/list", "", 0, 0, vlog_unixctl_list, NULL);
    unixctl_command_register("vlog/reopen", "", 0, 0, vlog_unixctl_reopen,
                             NULL);
}
