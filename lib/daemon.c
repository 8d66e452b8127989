/* daemon: detaching, pidfiles.  See daemon.h. */
#include <config.h>
#include "daemon.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "dirs.h"
#include "fatal-signal.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(daemon);

static bool detach;
static bool chdir_ = true;
static char *pidfile;
static bool overwrite_pidfile;
static int pidfile_fd = -1;

/* In the detached child: the write end of the pipe to the waiting parent. */
static int ready_fd = -1;

void
set_detach(void)
{
    detach = true;
}

bool
get_detach(void)
{
    return detach;
}

void
set_no_chdir(void)
{
    chdir_ = false;
}

void
set_pidfile(const char *name)
{
    free(pidfile);
    pidfile = (name && name[0]
               ? abs_file_name(sluice_rundir(), name)
               : xasprintf("%s/%s.pid", sluice_rundir(), program_name));
}

const char *
get_pidfile(void)
{
    return pidfile;
}

void
set_overwrite_pidfile(void)
{
    overwrite_pidfile = true;
}

/* Returns the pid of the process holding a write lock on FD, or 0 if none,
 * or a negative errno. */
static pid_t
lock_holder(int fd)
{
    struct flock lck = {
        .l_type = F_WRLCK,
        .l_whence = SEEK_SET,
    };
    if (fcntl(fd, F_GETLK, &lck)) {
        return -errno;
    }
    return lck.l_type == F_UNLCK ? 0 : lck.l_pid;
}

pid_t
read_pidfile(const char *file)
{
    int fd = open(file, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return -errno;
    }
    pid_t holder = lock_holder(fd);
    if (holder <= 0) {
        close(fd);
        return holder ? holder : -ESRCH;
    }

    char buf[32];
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) {
        return -ESRCH;
    }
    buf[n] = '\0';
    int pid;
    if (!str_to_int(strtok(buf, "\n"), 10, &pid) || pid != holder) {
        /* The holder is authoritative. */
        return holder;
    }
    return pid;
}

static void
remove_pidfile(void *aux SLUICE_UNUSED)
{
    if (pidfile) {
        unlink(pidfile);
    }
}

static void
make_pidfile(void)
{
    char *tmp = xasprintf("%s.tmp%ld", pidfile, (long) getpid());
    int fd = open(tmp, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        VLOG_FATAL("%s: create failed (%s)", tmp, sluice_strerror(errno));
    }

    /* Refuse to replace a pidfile that a live process holds. */
    if (!overwrite_pidfile) {
        pid_t pid = read_pidfile(pidfile);
        if (pid > 0) {
            unlink(tmp);
            VLOG_FATAL("%s: already running as pid %ld, aborting",
                       pidfile, (long) pid);
        }
    }

    struct flock lck = {
        .l_type = F_WRLCK,
        .l_whence = SEEK_SET,
    };
    if (fcntl(fd, F_SETLK, &lck)) {
        VLOG_FATAL("%s: fcntl(F_SETLK) failed (%s)", tmp,
                   sluice_strerror(errno));
    }
    char buf[32];
    int len = snprintf(buf, sizeof buf, "%ld\n", (long) getpid());
    if (write(fd, buf, len) != len || fsync(fd)) {
        VLOG_FATAL("%s: write failed (%s)", tmp, sluice_strerror(errno));
    }
    if (rename(tmp, pidfile)) {
        VLOG_FATAL("failed to rename \"%s\" to \"%s\" (%s)", tmp, pidfile,
                   sluice_strerror(errno));
    }
    free(tmp);

    /* Keep FD open: closing it would drop the lock. */
    pidfile_fd = fd;
    fatal_signal_add_hook(remove_pidfile, NULL, NULL, true);
}

void
daemonize_start(void)
{
    if (detach) {
        int fds[2];
        if (pipe2(fds, O_CLOEXEC)) {
            VLOG_FATAL("pipe failed (%s)", sluice_strerror(errno));
        }
        pid_t pid = fork();
        if (pid < 0) {
            VLOG_FATAL("fork failed (%s)", sluice_strerror(errno));
        } else if (pid > 0) {
            /* Parent: wait for the child to report readiness, or die. */
            close(fds[1]);
            char c;
            ssize_t n;
            do {
                n = read(fds[0], &c, 1);
            } while (n < 0 && errno == EINTR);
            if (n == 1) {
                _exit(0);
            }
            int status;
            while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
                continue;
            }
            if (WIFEXITED(status)) {
                _exit(WEXITSTATUS(status) ? WEXITSTATUS(status) : 1);
            }
            fprintf(stderr, "%s: daemon died during start-up (%s)\n",
                    program_name,
                    WIFSIGNALED(status) ? strsignal(WTERMSIG(status))
                                        : "unknown status");
            _exit(1);
        }
        /* Child. */
        close(fds[0]);
        ready_fd = fds[1];
        setsid();
    }
    if (pidfile) {
        make_pidfile();
    }
}

void
daemonize_complete(void)
{
    if (ready_fd >= 0) {
        ignore(write(ready_fd, "", 1) == 1);
        close(ready_fd);
        ready_fd = -1;

        int null = open("/dev/null", O_RDWR);
        if (null >= 0) {
            dup2(null, STDIN_FILENO);
            dup2(null, STDOUT_FILENO);
            dup2(null, STDERR_FILENO);
            if (null > STDERR_FILENO) {
                close(null);
            }
        }
        if (chdir_) {
            ignore(chdir("/") == 0);
        }
    }
}

void
daemon_usage(void)
{
    printf("\nDaemon options:\n"
           "  --detach                run in background as daemon\n"
           "  --no-chdir              do not chdir to '/'\n"
           "  --pidfile[=FILE]        create pidfile (default: %s/%s.pid)\n"
           "  --overwrite-pidfile     with --pidfile, start even if already "
           "running\n",
           sluice_rundir(), program_name);
}
