/*
 * vlog: logging with per-module levels, several destinations and rate
 * limiting.
 *
 * Each source file that logs declares its module once:
 *
 *     VLOG_DEFINE_THIS_MODULE(stream);
 *
 * and then logs with VLOG_ERR(...), VLOG_WARN(...), VLOG_INFO(...),
 * VLOG_DBG(...) (printf-style).  Messages that a peer or a packet can
 * trigger repeatedly must be rate-limited:
 *
 *     static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);
 *     VLOG_WARN_RL(&rl, "%s: bad message", name);
 *
 * (at most 20 messages in a burst, refilled at 5 per minute; suppressed
 * messages are counted and reported with the next one that passes).
 *
 * Destinations: console (stderr), file (--log-file), syslog.  Each module
 * has a level per destination; a message is emitted to a destination when
 * its level is at or above the module's level there.  Defaults: console
 * and file at INFO, syslog at ERR.  Levels are changed with
 * vlog_set_levels_from_string() ("MODULE:DESTINATION:LEVEL", any part may
 * be "ANY"), which the `--verbose` option and `vlog/set` call.
 *
 * Each line reads "TIME|SEQ|MODULE|LEVEL|MESSAGE", for example
 * "2026-11-23T12:00:00.123Z|00042|stream|WARN|unix:/x: connection
 * refused"; a thread other than the main one shows its name after the
 * module, "MODULE(NAME)".  TIME is UTC with milliseconds; SEQ counts the
 * process's messages.  Syslog gets the line without TIME.
 *
 * Thread safety: logging is thread-safe (one mutex around the output);
 * the level check before formatting is a lock-free read.  Never log per
 * packet on the fast path: count instead (see coverage).
 */
#ifndef SLUICE_VLOG_H
#define SLUICE_VLOG_H 1

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include "list.h"
#include "util.h"

enum vlog_level {
    VLL_OFF,
    VLL_EMER,
    VLL_ERR,
    VLL_WARN,
    VLL_INFO,
    VLL_DBG,
    VLL_N_LEVELS
};

enum vlog_destination {
    VLF_CONSOLE,
    VLF_SYSLOG,
    VLF_FILE,
    VLF_N_DESTINATIONS
};

const char *vlog_get_level_name(enum vlog_level);
/* Returns the level named NAME ("off", "emer", "err", "warn", "info",
 * "dbg"), or VLL_N_LEVELS if NAME is not one. */
enum vlog_level vlog_get_level_val(const char *name);
const char *vlog_get_destination_name(enum vlog_destination);
enum vlog_destination vlog_get_destination_val(const char *name);

struct vlog_module {
    struct list list_node;
    const char *name;
    /* Per-destination levels; read without a lock. */
    int levels[VLF_N_DESTINATIONS];
    int min_level;              /* Highest (most verbose) of 'levels'. */
    bool honor_rate_limits;
};

void vlog_insert_module(struct vlog_module *);

#define VLOG_DEFINE_MODULE(MODULE)                                      \
    struct vlog_module VLM_##MODULE = {                                 \
        LIST_INITIALIZER(&VLM_##MODULE.list_node),                      \
        #MODULE,                                                        \
        { VLL_INFO, VLL_ERR, VLL_INFO },                                \
        VLL_INFO,                                                       \
        true,                                                           \
    };                                                                  \
    static void init_##MODULE(void) __attribute__((constructor));       \
    static void init_##MODULE(void)                                     \
    {                                                                   \
        vlog_insert_module(&VLM_##MODULE);                              \
    }                                                                   \
    struct vlog_dummy_##MODULE

#define VLOG_DEFINE_THIS_MODULE(MODULE)                                 \
    VLOG_DEFINE_MODULE(MODULE);                                         \
    static struct vlog_module *const THIS_MODULE = &VLM_##MODULE

struct vlog_module *vlog_module_from_name(const char *name);
enum vlog_level vlog_get_level(const struct vlog_module *,
                               enum vlog_destination);
/* Sets MODULE's level for DESTINATION; a null MODULE means every module,
 * VLF_N_DESTINATIONS means every destination. */
void vlog_set_levels(struct vlog_module *, enum vlog_destination,
                     enum vlog_level);
/* Parses "[MODULE|ANY][:DESTINATION|ANY][:LEVEL]" (also "PATTERN:DEST:pat")
 * and applies it.  Returns NULL on success, otherwise an error message the
 * caller frees. */
char *vlog_set_levels_from_string(const char *) SLUICE_WARN_UNUSED_RESULT;
/* Returns a table of every module's levels, for vlog/list; caller frees. */
char *vlog_get_levels(void);

static inline bool
vlog_is_enabled(const struct vlog_module *module, enum vlog_level level)
{
    return module->min_level >= (int) level;
}

/* Opens (or reopens, after log rotation) FILE_NAME for the file
 * destination; NULL means the default, $SLUICE_LOGDIR/PROGRAM.log.
 * Returns 0 or an errno value. */
int vlog_set_log_file(const char *file_name);
const char *vlog_get_log_file(void);
int vlog_reopen_log_file(void);
/* Makes syslog messages go to the local syslog daemon (the default) under
 * program_name. */
void vlog_set_syslog_target(const char *ident);

/* Logs a message; prefer the macros below. */
void vlog(const struct vlog_module *, enum vlog_level, const char *format,
          ...) SLUICE_PRINTF_FORMAT(3, 4);
void vlog_valist(const struct vlog_module *, enum vlog_level,
                 const char *format, va_list) SLUICE_PRINTF_FORMAT(3, 0);
/* Logs at EMER and exits with status 1. */
SLUICE_NORETURN void vlog_fatal(const struct vlog_module *, const char *format, ...)
    SLUICE_PRINTF_FORMAT(2, 3);
/* Logs at EMER and aborts (core dump, backtrace). */
SLUICE_NORETURN void vlog_abort(const struct vlog_module *, const char *format, ...)
    SLUICE_PRINTF_FORMAT(2, 3);

/* Writes MESSAGE to the log file (if any) and stderr with only
 * async-signal-safe calls: for the fatal-signal handler. */
void vlog_write_async_signal_safe(const char *message, size_t length);
/* Returns the file descriptor of the log file, or -1. */
int vlog_get_log_fd(void);

/* Rate limiting: a token bucket with RATE tokens per minute, BURST
 * deep. */
struct vlog_rate_limit {
    unsigned int rate;          /* Tokens per minute. */
    unsigned int burst;         /* Max tokens. */
    unsigned int tokens;        /* Current tokens, x1000. */
    long long last_fill;        /* Monotonic msec of last refill. */
    long long first_dropped;
    unsigned int n_dropped;
    int lock;                   /* Spinlock; rate limiting is rare. */
};

#define VLOG_RATE_LIMIT_INIT(RATE, BURST)                               \
    { (RATE), (BURST), 0, 0, 0, 0, 0 }

/* Returns true if a message at LEVEL from MODULE should be dropped by RL. */
bool vlog_should_drop(const struct vlog_module *, enum vlog_level,
                      struct vlog_rate_limit *);
void vlog_rate_limit(const struct vlog_module *, enum vlog_level,
                     struct vlog_rate_limit *, const char *, ...)
    SLUICE_PRINTF_FORMAT(4, 5);

#define VLOG(LEVEL, ...)                                                \
    do {                                                                \
        enum vlog_level level__ = LEVEL;                                \
        if (vlog_is_enabled(THIS_MODULE, level__)) {                    \
            vlog(THIS_MODULE, level__, __VA_ARGS__);                    \
        }                                                               \
    } while (0)
#define VLOG_RL(RL, LEVEL, ...)                                         \
    do {                                                                \
        enum vlog_level level__ = LEVEL;                                \
        if (vlog_is_enabled(THIS_MODULE, level__)) {                    \
            vlog_rate_limit(THIS_MODULE, level__, RL, __VA_ARGS__);     \
        }                                                               \
    } while (0)

#define VLOG_FATAL(...) vlog_fatal(THIS_MODULE, __VA_ARGS__)
#define VLOG_ABORT(...) vlog_abort(THIS_MODULE, __VA_ARGS__)
#define VLOG_EMER(...) VLOG(VLL_EMER, __VA_ARGS__)
#define VLOG_ERR(...) VLOG(VLL_ERR, __VA_ARGS__)
#define VLOG_WARN(...) VLOG(VLL_WARN, __VA_ARGS__)
#define VLOG_INFO(...) VLOG(VLL_INFO, __VA_ARGS__)
#define VLOG_DBG(...) VLOG(VLL_DBG, __VA_ARGS__)
#define VLOG_ERR_RL(RL, ...) VLOG_RL(RL, VLL_ERR, __VA_ARGS__)
#define VLOG_WARN_RL(RL, ...) VLOG_RL(RL, VLL_WARN, __VA_ARGS__)
#define VLOG_INFO_RL(RL, ...) VLOG_RL(RL, VLL_INFO, __VA_ARGS__)
#define VLOG_DBG_RL(RL, ...) VLOG_RL(RL, VLL_DBG, __VA_ARGS__)
#define VLOG_IS_DBG_ENABLED() vlog_is_enabled(THIS_MODULE, VLL_DBG)
#define VLOG_IS_INFO_ENABLED() vlog_is_enabled(THIS_MODULE, VLL_INFO)

/* Command-line support: the options a daemon accepts for logging.
 *   -v, --verbose[=SPEC]   --log-file[=FILE]   --syslog-target=... */
#define VLOG_OPTION_ENUMS OPT_LOG_FILE, OPT_SYSLOG_IDENT
#define VLOG_LONG_OPTIONS                                               \
    {"verbose", optional_argument, NULL, 'v'},                          \
    {"log-file", optional_argument, NULL, OPT_LOG_FILE},                \
    {"syslog-ident", required_argument, NULL, OPT_SYSLOG_IDENT}
#define VLOG_OPTION_HANDLERS                                            \
    case 'v':                                                           \
        vlog_set_verbosity(optarg);                                     \
        break;                                                          \
    case OPT_LOG_FILE:                                                  \
        vlog_set_log_file_or_die(optarg);                               \
        break;                                                          \
    case OPT_SYSLOG_IDENT:                                              \
        vlog_set_syslog_target(optarg);                                 \
        break;

/* Applies -v/--verbose ARG (NULL: everything at DBG on the console); exits
 * with a message if ARG is invalid. */
void vlog_set_verbosity(const char *arg);
void vlog_set_log_file_or_die(const char *file_name);
void vlog_usage(void);

/* Registers the vlog/set, vlog/list and vlog/reopen unixctl commands. */
void vlog_register_unixctl_commands(void);

#endif /* vlog.h */
