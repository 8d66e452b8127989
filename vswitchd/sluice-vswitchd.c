/*
 * sluice-vswitchd: the switch daemon.
 *
 *     sluice-vswitchd [OPTIONS] [DATABASE]
 *
 * With DATABASE (an OVSDB remote such as unix:/var/run/sluice/db.sock, as
 * for ovs-vswitchd), the Open_vSwitch database configures it
 * (vswitchd/bridge-db.h): it waits for the database, initializes DPDK
 * from Open_vSwitch:other_config (Open vSwitch's dpdk-... and pmd-...
 * keys, see datapath/dpdk.h and datapath/dpif.h; --dpdk-config overrides
 * them), and makes the bridges the database holds.  Without DATABASE,
 * DPDK takes --dpdk-config alone and bridges are set up with the
 * bridge/... commands (vswitchd/bridge.h), as tests do.  Either way it
 * serves the dpctl/... and dpif-netdev/... commands (datapath/dpctl.h)
 * and runs OpenFlow bridges (ofproto/).  With --datapath-only
 * it runs the datapath alone, managed only with the dpctl commands.  At
 * exit it removes the bridges, stops the datapaths (PMD threads, ports)
 * and releases DPDK.
 */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "command-line.h"
#include "coverage.h"
#include "daemon.h"
#include "dirs.h"
#include "datapath/dpctl.h"
#include "datapath/dpdk.h"
#include "datapath/dpif.h"
#include "fatal-signal.h"
#include "datapath/netdev.h"
#include "bridge.h"
#include "bridge-db.h"
#include "ofproto/ofproto.h"
#include "poll-loop.h"
#include "smap.h"
#include "unixctl.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(vswitchd);

static bool exiting;

/* --datapath-only and --dpdk-config. */
static bool datapath_only;
static struct smap dpdk_config = SMAP_INITIALIZER(&dpdk_config);

/* The DATABASE argument, or null. */
static char *db_remote;

static SLUICE_NORETURN void
usage(void)
{
    printf("%s: Sluice virtual switch daemon\n"
           "usage: %s [OPTIONS] [DATABASE]\n"
           "where DATABASE is the Open_vSwitch database's OVSDB remote,\n"
           "e.g. unix:%s/db.sock; without it, bridges are configured\n"
           "with the bridge/... commands of sluice-appctl.\n"
           "\nOptions:\n"
           "  --unixctl=SOCKET        override default control socket name\n"
           "  --datapath-only         run the DPDK datapath alone, managed\n"
           "                          with the dpctl/... commands (no\n"
           "                          bridges)\n"
           "  --dpdk-config=KEY=VALUE[,KEY=VALUE...]\n"
           "                          datapath and DPDK settings, with Open\n"
           "                          vSwitch's other_config keys (dpdk-init,\n"
           "                          dpdk-lcore-mask, dpdk-socket-mem,\n"
           "                          dpdk-no-huge, dpdk-file-prefix,\n"
           "                          dpdk-extra, vhost-sock-dir,\n"
           "                          pmd-cpu-mask, pmd-rxq-assign,\n"
           "                          pmd-sleep-max, max-idle, flow-limit)\n"
           "  -h, --help              display this help message\n"
           "  -V, --version           display version information\n",
           program_name, program_name, sluice_rundir());
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
        OPT_DATAPATH_ONLY,
        OPT_DPDK_CONFIG,
        VLOG_OPTION_ENUMS,
        DAEMON_OPTION_ENUMS,
    };
    static const struct option long_options[] = {
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {"unixctl", required_argument, NULL, OPT_UNIXCTL},
        {"options", no_argument, NULL, OPT_OPTIONS},
        {"datapath-only", no_argument, NULL, OPT_DATAPATH_ONLY},
        {"dpdk-config", required_argument, NULL, OPT_DPDK_CONFIG},
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
        case OPT_DATAPATH_ONLY:
            datapath_only = true;
            break;
        case OPT_DPDK_CONFIG: {
            char *err;
            if (smap_from_string(&dpdk_config, optarg, &err)) {
                sluice_fatal(0, "--dpdk-config: %s", err);
            }
            break;
        }
        VLOG_OPTION_HANDLERS
        DAEMON_OPTION_HANDLERS
        case '?':
            exit(EXIT_FAILURE);
        default:
            abort();
        }
    }
    free(short_options);

    if (optind < argc && !datapath_only) {
        db_remote = xstrdup(argv[optind++]);
    }
    if (optind < argc) {
        sluice_fatal(0, "unexpected argument \"%s\" (use --help for help)",
                     argv[optind]);
    }
    return unixctl_path;
}

/* Stops the datapaths and releases DPDK, at exit or on a termination
 * signal. */
static void
datapath_cleanup(void *aux SLUICE_UNUSED)
{
    static bool done;
    if (!done) {
        done = true;
        dpif_destroy_all();
        dpdk_cleanup();
    }
}

/* Starts DPDK (unless dpdk-init=false) and the dpctl commands. */
static void
datapath_init(void)
{
    char *err = NULL;

    if (dpif_check_config(&dpdk_config, &err)) {
        VLOG_FATAL("--dpdk-config: %s", err);
    }
    if (smap_get_bool(&dpdk_config, "dpdk-init", true)) {
        int error = dpdk_init(&dpdk_config, &err);
        if (error) {
            VLOG_FATAL("could not initialize DPDK: %s",
                       err ? err : sluice_strerror(error));
        }
    }
    if (dpctl_set_default_config(&dpdk_config, &err)) {
        VLOG_FATAL("--dpdk-config: %s", err);
    }
    dpctl_unixctl_register();
    fatal_signal_add_hook(datapath_cleanup, NULL, NULL, false);
}

static void
exit_cb(struct unixctl_conn *conn, int argc SLUICE_UNUSED,
        const char *argv[] SLUICE_UNUSED, void *aux SLUICE_UNUSED)
{
    exiting = true;
    unixctl_command_reply(conn, NULL);
}

/* How long the main loop keeps looking for more work once it has some
 * (poll_set_spin()): about one request-reply round trip of a client on
 * this host. */
#define MAIN_LOOP_SPIN_USEC 100

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
    coverage_register_unixctl_commands();
    if (db_remote) {
        bridge_db_init(db_remote);
        bridge_db_get_dpdk_config(&dpdk_config);
    }
    datapath_init();
    if (!datapath_only) {
        char *err;
        if (ofproto_set_datapath_config(&dpdk_config, &err)) {
            VLOG_FATAL("datapath settings: %s", err);
        }
        bridge_init(db_remote != NULL);
    }

    daemonize_complete();
    VLOG_INFO("%s (Sluice) %s started", program_name, sluice_version());

    /* A controller or ovs-ofctl that sends a request, waits for the
     * reply and sends the next one (a barrier after every flow_mod) would
     * otherwise wake this thread from its sleep for every request. */
    poll_set_spin(MAIN_LOOP_SPIN_USEC);

    while (!exiting) {
        unixctl_server_run(unixctl);
        fatal_signal_run();
        coverage_run();
        netdev_run();
        dpif_run_all();
        if (!datapath_only) {
            bridge_run();
        }
        if (db_remote) {
            bridge_db_run();
        }

        unixctl_server_wait(unixctl);
        fatal_signal_wait();
        coverage_wait();
        netdev_wait();
        dpif_wait_all();
        if (!datapath_only) {
            bridge_wait();
        }
        if (db_remote) {
            bridge_db_wait();
        }
        if (exiting) {
            poll_immediate_wake();
        }
        poll_block();
    }

    VLOG_INFO("exiting");
    if (db_remote) {
        bridge_db_exit();
    }
    if (!datapath_only) {
        bridge_exit();
    }
    datapath_cleanup(NULL);
    unixctl_server_destroy(unixctl);
    free(unixctl_path);
    free(db_remote);
    smap_destroy(&dpdk_config);
    return 0;
}
