/* sluice-dbserver: the OVSDB server (RFC 7047) for Sluice's configuration
 * database.  See the usage text and ovsdb/ovsdb-server.h. */

#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "command-line.h"
#include "coverage.h"
#include "daemon.h"
#include "dirs.h"
#include "fatal-signal.h"
#include "ovsdb-db.h"
#include "ovsdb-error.h"
#include "ovsdb-file.h"
#include "ovsdb-schema.h"
#include "ovsdb-server.h"
#include "poll-loop.h"
#include "unixctl.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(dbserver);

static bool exiting;

static SLUICE_NORETURN void
usage(void)
{
    printf("%s: Sluice's OVSDB server\n"
           "usage: %s [OPTIONS] [DATABASE]\n"
           "where DATABASE is a database file (default: "
           "$SLUICE_DBDIR/conf.db),\n"
           "created with \"sluice-ctl start\" or \"ovsdb-tool create\".\n"
           "\nOptions:\n"
           "  --remote=REMOTE         listen on REMOTE (punix:PATH, "
           "ptcp:PORT[:IP],\n"
           "                          pssl:PORT[:IP]), connect to it "
           "(unix:PATH,\n"
           "                          tcp:IP:PORT), or serve the targets "
           "that a\n"
           "                          column names "
           "(db:DB,TABLE,COLUMN); may be\n"
           "                          repeated (default: "
           "punix:$SLUICE_RUNDIR/db.sock)\n"
           "  --create=SCHEMA         create DATABASE from the schema file "
           "SCHEMA\n"
           "                          first if it does not exist\n"
           "  --unixctl=SOCKET        override default control socket "
           "name\n"
           "  -h, --help              display this help message\n"
           "  -V, --version           display version information\n",
           program_name, program_name);
    daemon_usage();
    vlog_usage();
    exit(EXIT_SUCCESS);
}

struct options {
    char **remotes;
    size_t n_remotes;
    char *unixctl_path;
    char *db_path;
    char *create_schema;        /* --create, or null. */
};

static void
parse_options(int argc, char *argv[], struct options *o)
{
    enum {
        OPT_REMOTE = UCHAR_MAX + 1,
        OPT_CREATE,
        OPT_UNIXCTL,
        OPT_OPTIONS,
        VLOG_OPTION_ENUMS,
        DAEMON_OPTION_ENUMS,
    };
    static const struct option long_options[] = {
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {"remote", required_argument, NULL, OPT_REMOTE},
        {"create", required_argument, NULL, OPT_CREATE},
        {"unixctl", required_argument, NULL, OPT_UNIXCTL},
        {"options", no_argument, NULL, OPT_OPTIONS},
        VLOG_LONG_OPTIONS,
        DAEMON_LONG_OPTIONS,
        {NULL, 0, NULL, 0},
    };
    char *short_options = long_options_to_short_options(long_options);

    memset(o, 0, sizeof *o);
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
        case OPT_REMOTE:
            o->remotes = xrealloc(o->remotes,
                                  (o->n_remotes + 1) * sizeof *o->remotes);
            o->remotes[o->n_remotes++] = xstrdup(optarg);
            break;
        case OPT_CREATE:
            free(o->create_schema);
            o->create_schema = xstrdup(optarg);
            break;
        case OPT_UNIXCTL:
            free(o->unixctl_path);
            o->unixctl_path = xstrdup(optarg);
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

    if (optind + 1 < argc) {
        sluice_fatal(0, "only one database file may be given (use --help "
                     "for help)");
    }
    o->db_path = (optind < argc ? xstrdup(argv[optind])
                  : xasprintf("%s/conf.db", sluice_dbdir()));
    if (!o->n_remotes) {
        o->remotes = xmalloc(sizeof *o->remotes);
        o->remotes[o->n_remotes++] = xasprintf("punix:%s/db.sock",
                                               sluice_rundir());
    }
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
    struct options o;

    set_program_name(argv[0]);
    parse_options(argc, argv, &o);
    fatal_signal_init();

    /* Open the database before detaching, so that a bad file is reported
     * to whoever started the server. */
    struct ovsdb *db;
    struct ovsdb_file *file;
    struct ovsdb_error *error = NULL;
    if (o.create_schema && access(o.db_path, F_OK)) {
        struct ovsdb_schema *schema;
        error = ovsdb_schema_from_file(o.create_schema, &schema);
        if (!error) {
            error = ovsdb_file_create(o.db_path, schema);
            ovsdb_schema_destroy(schema);
        }
        if (error) {
            char *s = ovsdb_error_to_string(error);
            sluice_fatal(0, "%s: cannot create from %s: %s", o.db_path,
                         o.create_schema, s);
        }
        VLOG_INFO("created %s from %s", o.db_path, o.create_schema);
    }
    error = ovsdb_file_open(o.db_path, false, &db, &file);
    if (error) {
        char *s = ovsdb_error_to_string(error);
        sluice_fatal(0, "%s", s);
    }

    daemonize_start();
    struct unixctl_server *unixctl;
    int retval = unixctl_server_create(o.unixctl_path, &unixctl);
    if (retval) {
        VLOG_FATAL("could not create the control socket (%s)",
                   sluice_strerror(retval));
    }
    unixctl_command_register("exit", "", 0, 0, exit_cb, NULL);
    vlog_register_unixctl_commands();
    coverage_register_unixctl_commands();

    struct ovsdb_server *server = ovsdb_server_create(db);
    for (size_t i = 0; i < o.n_remotes; i++) {
        char *err;
        if (ovsdb_server_add_remote(server, o.remotes[i], &err)) {
            VLOG_FATAL("%s", err);
        }
    }
    daemonize_complete();
    VLOG_INFO("%s (Sluice) %s started, serving %s", program_name,
              sluice_version(), o.db_path);

    while (!exiting) {
        unixctl_server_run(unixctl);
        fatal_signal_run();
        coverage_run();
        ovsdb_server_run(server);
        struct ovsdb_error *cerror = ovsdb_file_run(file);
        if (cerror) {
            char *s = ovsdb_error_to_string(cerror);
            VLOG_WARN("compaction failed: %s", s);
            free(s);
            ovsdb_error_destroy(cerror);
        }

        unixctl_server_wait(unixctl);
        fatal_signal_wait();
        coverage_wait();
        ovsdb_server_wait(server);
        if (exiting) {
            poll_immediate_wake();
        }
        poll_block();
    }

    VLOG_INFO("exiting");
    ovsdb_server_destroy(server);
    ovsdb_file_close(file);
    ovsdb_destroy(db);
    unixctl_server_destroy(unixctl);
    for (size_t i = 0; i < o.n_remotes; i++) {
        free(o.remotes[i]);
    }
    free(o.remotes);
    free(o.unixctl_path);
    free(o.db_path);
    free(o.create_schema);
    return 0;
}
