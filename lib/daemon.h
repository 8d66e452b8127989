/*
 * daemon: the options and steps every Sluice daemon shares.
 *
 *   --detach            run in the background; the foreground process exits
 *                       only once the daemon says it is ready (or failed),
 *                       with the daemon's status, so scripts can rely on it
 *   --no-chdir          do not chdir to "/" when detached
 *   --pidfile[=FILE]    write the pid to FILE (default
 *                       $SLUICE_RUNDIR/PROGRAM.pid), locked so that a second
 *                       instance refuses to start; removed at exit
 *   --overwrite-pidfile replace a pidfile even if it is locked
 *
 * Use: parse the options with DAEMON_LONG_OPTIONS/DAEMON_OPTION_HANDLERS,
 * call daemonize_start() before creating threads, open what the daemon
 * serves, then call daemonize_complete().  Main thread only.
 */
#ifndef SLUICE_DAEMON_H
#define SLUICE_DAEMON_H 1

#include <stdbool.h>
#include <sys/types.h>

#define DAEMON_OPTION_ENUMS                     \
    OPT_DETACH,                                 \
    OPT_NO_CHDIR,                               \
    OPT_PIDFILE,                                \
    OPT_OVERWRITE_PIDFILE

#define DAEMON_LONG_OPTIONS                                             \
    {"detach", no_argument, NULL, OPT_DETACH},                          \
    {"no-chdir", no_argument, NULL, OPT_NO_CHDIR},                      \
    {"pidfile", optional_argument, NULL, OPT_PIDFILE},                  \
    {"overwrite-pidfile", no_argument, NULL, OPT_OVERWRITE_PIDFILE}

#define DAEMON_OPTION_HANDLERS                  \
    case OPT_DETACH:                            \
        set_detach();                           \
        break;                                  \
    case OPT_NO_CHDIR:                          \
        set_no_chdir();                         \
        break;                                  \
    case OPT_PIDFILE:                           \
        set_pidfile(optarg);                    \
        break;                                  \
    case OPT_OVERWRITE_PIDFILE:                 \
        set_overwrite_pidfile();                \
        break;

void set_detach(void);
bool get_detach(void);
void set_no_chdir(void);
/* NAME NULL or "" means the default $SLUICE_RUNDIR/PROGRAM.pid. */
void set_pidfile(const char *name);
const char *get_pidfile(void);
void set_overwrite_pidfile(void);

/* Forks into the background if --detach was given (the parent waits for
 * daemonize_complete() in the child), then creates the pidfile.  Exits with
 * a message if the pidfile is locked by a running instance. */
void daemonize_start(void);
/* Tells the waiting parent that start-up succeeded, detaches from the
 * terminal (stdin/stdout/stderr to /dev/null when detached) and chdirs. */
void daemonize_complete(void);

/* Reads the pid in PIDFILE.  Returns the pid if a process holds the
 * pidfile's lock, otherwise a negative errno (-ESRCH: stale or no lock,
 * -ENOENT: no file). */
pid_t read_pidfile(const char *pidfile);

void daemon_usage(void);

#endif /* daemon.h */
