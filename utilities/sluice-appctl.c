/*
 * sluice-appctl: sends a command to a running Sluice daemon's control
 * socket and prints the reply.
 *
 *   sluice-appctl [-t TARGET] [-T SECS] COMMAND [ARG...]
 *
 * TARGET is a daemon name (its pidfile $SLUICE_RUNDIR/TARGET.pid leads to
 * $SLUICE_RUNDIR/TARGET.PID.ctl), or a socket path (anything with a '/').
 * Exit status: 0 success, 1 connection or protocol failure, 2 the command
 * itself failed (its error text goes to stderr).
 */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "command-line.h"
#include "daemon.h"
#include "dirs.h"
#include "jsonrpc.h"
#include "unixctl.h"
#include "util.h"

static SLUICE_NORETURN void
usage(void)
{
    printf("%s, for querying and controlling Sluice daemons\n"
           "usage: %s [TARGET] COMMAND [ARG...]\n"
           "Targets:\n"
           "  -t, --target=TARGET  pidfile name or socket of the daemon "
           "(default: sluice-vswitchd)\n"
           "Common commands:\n"
           "  list-commands      list the commands the daemon supports\n"
           "  version            print the daemon's version\n"
           "  vlog/list          list logging modules and their levels\n"
           "  vlog/set ARG       set logging levels, e.g. ANY:dbg\n"
           "  exit               make the daemon exit\n"
           "Other options:\n"
           "  -T, --timeout=SECS  wait at most SECS seconds for a reply\n"
           "  -h, --help          display this help message\n"
           "  -V, --version       display %s version information\n",
           program_name, program_name, program_name);
    exit(EXIT_SUCCESS);
}

static const char *
parse_command_line(int argc, char *argv[])
{
    enum { OPT_OPTIONS = UCHAR_MAX + 1 };
    static const struct option long_options[] = {
        {"target", required_argument, NULL, 't'},
        {"execute", no_argument, NULL, 'e'},
        {"help", no_argument, NULL, 'h'},
        {"options", no_argument, NULL, OPT_OPTIONS},
        {"timeout", required_argument, NULL, 'T'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    char *short_options_ = long_options_to_short_options(long_options);
    /* Stop at the first non-option: it is the command. */
    char *short_options = xasprintf("+%s", short_options_);
    free(short_options_);
    const char *target = NULL;
    unsigned int timeout = 0;

    for (;;) {
        int option = getopt_long(argc, argv, short_options, long_options,
                                 NULL);
        if (option == -1) {
            break;
        }
        switch (option) {
        case 't':
            if (target) {
                sluice_fatal(0, "-t or --target may be specified only once");
            }
            target = optarg;
            break;
        case 'e':
            /* ovs-appctl's -e is the default; accept it for compatibility. */
            break;
        case 'h':
            usage();
        case OPT_OPTIONS:
            print_options(long_options);
            exit(EXIT_SUCCESS);
        case 'T':
            if (!str_to_uint(optarg, 10, &timeout) || !timeout) {
                sluice_fatal(0, "value %s on -T or --timeout is invalid",
                             optarg);
            }
            break;
        case 'V':
            sluice_print_version();
            exit(EXIT_SUCCESS);
        case '?':
            exit(EXIT_FAILURE);
        default:
            abort();
        }
    }
    free(short_options);

    if (optind >= argc) {
        sluice_fatal(0, "at least one non-option argument is required "
                     "(use --help for help)");
    }
    ctl_timeout_setup(timeout);
    return target ? target : "sluice-vswitchd";
}

/* Returns the socket path for TARGET; the caller frees it. */
static char *
target_to_socket(const char *target)
{
    if (strchr(target, '/')) {
        return xstrdup(target);
    }
    char *pidfile = xasprintf("%s/%s.pid", sluice_rundir(), target);
    pid_t pid = read_pidfile(pidfile);
    if (pid < 0) {
        sluice_fatal(-pid, "cannot read pidfile \"%s\"", pidfile);
    }
    free(pidfile);
    return xasprintf("%s/%s.%ld.ctl", sluice_rundir(), target, (long) pid);
}

int
main(int argc, char *argv[])
{
    set_program_name(argv[0]);
    const char *target = parse_command_line(argc, argv);
    char *socket_name = target_to_socket(target);

    struct jsonrpc *client;
    int error = unixctl_client_create(socket_name, &client);
    if (error) {
        sluice_fatal(error, "cannot connect to \"%s\"", socket_name);
    }

    char *cmd_result, *cmd_error;
    const char *command = argv[optind];
    error = unixctl_client_transact(client, command, argc - optind - 1,
                                    argv + optind + 1, &cmd_result,
                                    &cmd_error);
    if (error) {
        sluice_fatal(error, "%s: transaction error", target);
    }

    int status = 0;
    if (cmd_error) {
        jsonrpc_close(client);
        fputs(cmd_error, stderr);
        sluice_error(0, "%s: server returned an error", target);
        status = 2;
    } else if (cmd_result) {
        fputs(cmd_result, stdout);
    } else {
        sluice_fatal(0, "%s: reply had neither result nor error", target);
    }
    if (!cmd_error) {
        jsonrpc_close(client);
    }
    free(cmd_result);
    free(cmd_error);
    free(socket_name);
    return status;
}
