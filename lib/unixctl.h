/*
 * unixctl: run-time control of a daemon over a Unix socket.
 *
 * A daemon creates a unixctl server on "$SLUICE_RUNDIR/PROGRAM.PID.ctl" (or
 * a path given by --unixctl) and registers commands; sluice-appctl (or
 * Open vSwitch's ovs-appctl: the protocol is the same) connects and sends
 * JSON-RPC requests whose method is the command name and whose params are
 * its string arguments.  The reply's result is the command's output text;
 * an error reply carries an error message.
 *
 * Commands run in the daemon's main thread from unixctl_server_run().  A
 * command's callback must eventually call unixctl_command_reply() or
 * unixctl_command_reply_error() exactly once on its connection, either
 * before returning or later (for commands that wait for something).
 * Registration and every server call belong to the main thread.
 *
 * Built-in commands: "help" and "list-commands", "version", and the vlog
 * commands registered by vlog_register_unixctl_commands().
 */
#ifndef SLUICE_UNIXCTL_H
#define SLUICE_UNIXCTL_H 1

#include <stdbool.h>

struct unixctl_server;
struct unixctl_conn;
struct jsonrpc;

typedef void unixctl_cb_func(struct unixctl_conn *, int argc,
                             const char *argv[], void *aux);

/* Registers NAME, taking MIN_ARGS..MAX_ARGS arguments (argv[0] is NAME),
 * with the USAGE string shown by list-commands.  CB(conn, argc, argv, AUX)
 * runs it. Re-registering a name replaces it. */
void unixctl_command_register(const char *name, const char *usage,
                              int min_args, int max_args,
                              unixctl_cb_func *cb, void *aux);
void unixctl_command_unregister(const char *name);

/* Replies to the request on CONN with BODY (NULL: empty) as success or
 * error text. */
void unixctl_command_reply(struct unixctl_conn *, const char *body);
void unixctl_command_reply_error(struct unixctl_conn *, const char *body);

/* Creates a server listening on PATH: NULL means the default
 * $SLUICE_RUNDIR/PROGRAM.PID.ctl, "none" means no server (stores NULL and
 * returns 0); a relative PATH is relative to $SLUICE_RUNDIR.  Returns 0 or
 * an errno value, logging the reason. */
int unixctl_server_create(const char *path, struct unixctl_server **);
void unixctl_server_run(struct unixctl_server *);
void unixctl_server_wait(struct unixctl_server *);
void unixctl_server_destroy(struct unixctl_server *);
const char *unixctl_server_get_path(const struct unixctl_server *);

/* Client side.  Connects to the server at PATH; stores the connection in
 * *CLIENT.  Returns 0 or an errno value. */
int unixctl_client_create(const char *path, struct jsonrpc **client);
/* Runs COMMAND with ARGC arguments ARGV on CLIENT and waits for the reply.
 * On success returns 0 and stores the reply text in *RESULT (the command
 * succeeded) or *ERROR (it failed), the other NULL; the caller frees both.
 * Returns an errno value if the transaction itself failed. */
int unixctl_client_transact(struct jsonrpc *client, const char *command,
                            int argc, char *argv[], char **result,
                            char **error);

#endif /* unixctl.h */
