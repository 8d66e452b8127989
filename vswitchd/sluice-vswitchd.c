/*
 * sluice-vswitchd: the switch daemon.
 *
 * For now this is the daemon skeleton every later part plugs into: option
 * parsing, logging, pidfile and detaching, fatal-signal handling and the
 * unixctl control socket with the built-in commands, in a poll loop.  The
 * datapath, the OpenFlow switches and the database client come with later
 * issues.
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
#include "fatal-signal.h"
#include "poll-loop.h"
#include "unixctl.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(vswitchd);

static bool exiting;

static noreturn void
usage(void)
{
    printf("%s: Sluice virtual switch daemon\n"
           "usage: %s [OPTIONS]\n"
           "\nOptions:\n"
           "  --unixctl=SOCKET        override default control socket name\n"
           "  -h, --help              display this help message\n"
           "  -V, --version           display version information\n",
           program_name, program_name);
    daemon_usage();
    vlog_usage();
    exit(EXIT_SUCCESS);
}

static char *
parse_options(int argc, char *argv[])
{
    enum {
        OPT_UNIXCTL = UCHAR_MAX + 1,
        OPT_OPTIONS,
        VLOG_OPTION_ENUMS,
        DAEMON_OPTION_ENUMS,
    };
    static const struct option long_options[] = {
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {"unixctl", required_argument, NULL, OPT_UNIXCTL},
        {"options", no_argument, NULL, OPT_OPTIONS},
        VLOG_LONG_OPTIONS,
        DAEMON_LONG_OPTIONS,
        {NULL, 0, NULL, 0},
    };
    char *short_options = long_options_to_short_options(long_options);
    char *unixctl_path = NULL;

    for (;;) {
        int c = getopt_long(argc, argv, short_options, long_options, NULL);
        if (c == -1) {
            break;
        }
        switch (c) {
        case 'h':
            usage();
        case 'V':
            sluice_print_version();
            exit(EXIT_SUCCESS);
        case OPT_UNIXCTL:
            free(unixctl_path);
            unixctl_path = xstrdup(optarg);
            break;
        case OPT_OPTIONS:
            print_options(long_options);
            exit(EXIT_SUCCESS);
        VLOG_OPTION_HANDLERS
        DAEMON_OPTION_HANDLERS
        case '?':
            exit(EXIT_FAILURE);
        default:
            abort();
        }
    }
    free(short_options);

    if (optind < argc) {
        sluice_fatal(0, "unexpected argument \"%s\" (use --help for help)",
                     argv[optind]);
    }
    return unixctl_path;
}

static void
exit_cb(struct unixctl_conn *conn, int argc SLUICE_UNUSED,
        const char *argv[] SLUICE_UNUSED, void *aux SLUICE_UNUSED)
{
    exiting = true;
    unixctl_command_reply(conn, NULL);
}

int
main(int argc, char *argv[])
{
    set_program_name(argv[0]);
    char *unixctl_path = parse_options(argc, argv);

    fatal_signal_init();
    daemonize_start();

    struct unixctl_server *unixctl;
    int error = unixctl_server_create(unixctl_path, &unixctl);
    if (error) {
        VLOG_FATAL("could not create the control socket (%s)",
                   sluice_strerror(error));
    }
    unixctl_command_register("exit", "", 0, 0, exit_cb, NULL);
    vlog_register_unixctl_commands();

    daemonize_complete();
    VLOG_INFO("%s (Sluice) %s started", program_name, sluice_version());

    while (!exiting) {
        unixctl_server_run(unixctl);
        fatal_signal_run();

        unixctl_server_wait(unixctl);
        fatal_signal_wait();
        if (exiting) {
            poll_immediate_wake();
        }
        poll_block();
    }

    VLOG_INFO("exiting");
    unixctl_server_destroy(unixctl);
    free(unixctl_path);
    return 0;
}
