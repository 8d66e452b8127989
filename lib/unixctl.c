/* unixctl: daemon control sockets.  See unixctl.h. */
#include <config.h>
#include "unixctl.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>
#include "dirs.h"
#include "dynamic-string.h"
#include "fatal-signal.h"
#include "json.h"
#include "jsonrpc.h"
#include "list.h"
#include "poll-loop.h"
#include "shash.h"
#include "stream.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(unixctl);

/* At most this many connections at once; more wait in the listen queue. */
#define MAX_CONNS 64

struct unixctl_command {
    const char *usage;
    int min_args, max_args;
    unixctl_cb_func *cb;
    void *aux;
};

struct unixctl_conn {
    struct list node;
    struct jsonrpc *rpc;
    /* The id of the request being processed, or NULL while idle. */
    struct json *request_id;
};

struct unixctl_server {
    struct pstream *listener;
    struct list conns;
    size_t n_conns;
    char *path;
};

static struct shash commands = SHASH_INITIALIZER(&commands);

static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);

void
unixctl_command_register(const char *name, const char *usage,
                         int min_args, int max_args,
                         unixctl_cb_func *cb, void *aux)
{
    struct unixctl_command *command = xmalloc(sizeof *command);
    command->usage = usage;
    command->min_args = min_args;
    command->max_args = max_args;
    command->cb = cb;
    command->aux = aux;
    free(shash_replace(&commands, name, command));
}

void
unixctl_command_unregister(const char *name)
{
    free(shash_find_and_delete(&commands, name));
}

static void
list_commands_cb(struct unixctl_conn *conn, int argc SLUICE_UNUSED,
                 const char *argv[] SLUICE_UNUSED, void *aux SLUICE_UNUSED)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    const struct shash_node **nodes = shash_sort(&commands);

    ds_put_cstr(&s, "The available commands are:\n");
    for (size_t i = 0; i < shash_count(&commands); i++) {
        const struct unixctl_command *command = nodes[i]->data;
        ds_put_format(&s, "  %-23s %s\n", nodes[i]->name, command->usage);
    }
    free(nodes);
    unixctl_command_reply(conn, ds_cstr(&s));
    ds_destroy(&s);
}

static void
version_cb(struct unixctl_conn *conn, int argc SLUICE_UNUSED,
           const char *argv[] SLUICE_UNUSED, void *aux SLUICE_UNUSED)
{
    char *version = xasprintf("%s (Sluice) %s\n", program_name,
                              sluice_version());
    unixctl_command_reply(conn, version);
    free(version);
}

static void
register_builtin_commands(void)
{
    static bool done;
    if (!done) {
        done = true;
        unixctl_command_register("help", "", 0, 0, list_commands_cb, NULL);
        unixctl_command_register("list-commands", "", 0, 0,
                                 list_commands_cb, NULL);
        unixctl_command_register("version", "", 0, 0, version_cb, NULL);
    }
}

static void
send_reply(struct unixctl_conn *conn, bool success, const char *body)
{
    if (!conn->request_id) {
        VLOG_WARN("reply without a pending request: %s", body ? body : "");
        return;
    }

    /* Replies always end in a new-line, like ovs-appctl expects. */
    struct json *text;
    if (!body || !body[0]) {
        text = json_string_create("");
    } else if (body[strlen(body) - 1] != '\n') {
        text = json_string_create_format("%s\n", body);
    } else {
        text = json_string_create(body);
    }

    struct jsonrpc_msg *reply = (success
                                 ? jsonrpc_create_reply(text,
                                                        conn->request_id)
                                 : jsonrpc_create_error(text,
                                                        conn->request_id));
    json_destroy(conn->request_id);
    conn->request_id = NULL;
    jsonrpc_send(conn->rpc, reply);
}

void
unixctl_command_reply(struct unixctl_conn *conn, const char *body)
{
    send_reply(conn, true, body);
}

void
unixctl_command_reply_error(struct unixctl_conn *conn, const char *body)
{
    send_reply(conn, false, body);
}

int
unixctl_server_create(const char *path, struct unixctl_server **serverp)
{
    *serverp = NULL;
    if (path && !strcmp(path, "none")) {
        return 0;
    }
    register_builtin_commands();

    char *abs_path = (path
                      ? abs_file_name(sluice_rundir(), path)
                      : xasprintf("%s/%s.%ld.ctl", sluice_rundir(),
                                  program_name, (long) getpid()));
    char *name = xasprintf("punix:%s", abs_path);
    struct pstream *listener;
    int error = pstream_open(name, &listener, 0);
    free(name);
    if (error) {
        VLOG_ERR("could not listen for control connections on %s (%s)",
                 abs_path, sluice_strerror(error));
        free(abs_path);
        return error;
    }
    fatal_signal_add_file_to_unlink(abs_path);

    struct unixctl_server *server = xzalloc(sizeof *server);
    server->listener = listener;
    server->path = abs_path;
    list_init(&server->conns);
    *serverp = server;
    return 0;
}

static void
process_request(struct unixctl_conn *conn, struct jsonrpc_msg *request)
{
    struct unixctl_command *command;
    struct ds params_text = DS_EMPTY_INITIALIZER;
    const struct json_array *params = json_array(request->params);
    char *error = NULL;

    conn->request_id = json_clone(request->id);

    for (size_t i = 0; i < params->n; i++) {
        ds_put_char(&params_text, ' ');
        if (params->elems[i]->type == JSON_STRING) {
            ds_put_cstr(&params_text, json_string(params->elems[i]));
        } else {
            json_to_ds(params->elems[i], 0, &params_text);
        }
    }
    if (VLOG_IS_DBG_ENABLED()) {
        char *id = json_to_string(request->id, 0);
        VLOG_DBG("received request %s%s, id=%s", request->method,
                 ds_cstr(&params_text), id);
        free(id);
    }
    ds_destroy(&params_text);

    command = shash_find_data(&commands, request->method);
    if (!command) {
        error = xasprintf("\"%s\" is not a valid command (use "
                          "\"list-commands\" to see a list of valid "
                          "commands)", request->method);
    } else if ((int) params->n < command->min_args) {
        error = xasprintf("\"%s\" command requires at least %d arguments",
                          request->method, command->min_args);
    } else if ((int) params->n > command->max_args) {
        error = xasprintf("\"%s\" command takes at most %d arguments",
                          request->method, command->max_args);
    } else {
        for (size_t i = 0; i < params->n; i++) {
            if (params->elems[i]->type != JSON_STRING) {
                error = xasprintf("\"%s\" command has non-string argument",
                                  request->method);
                break;
            }
        }
    }

    if (error) {
        unixctl_command_reply_error(conn, error);
        free(error);
        return;
    }

    const char **argv = xmalloc((params->n + 2) * sizeof *argv);
    argv[0] = request->method;
    for (size_t i = 0; i < params->n; i++) {
        argv[i + 1] = json_string(params->elems[i]);
    }
    argv[params->n + 1] = NULL;
    command->cb(conn, params->n + 1, argv, command->aux);
    free(argv);
}

static void
kill_connection(struct unixctl_server *server, struct unixctl_conn *conn)
{
    list_remove(&conn->node);
    server->n_conns--;
    jsonrpc_close(conn->rpc);
    json_destroy(conn->request_id);
    free(conn);
}

/* Runs CONN; returns its status (0 while it works). */
static int
run_connection(struct unixctl_conn *conn)
{
    jsonrpc_run(conn->rpc);
    int error = jsonrpc_get_status(conn->rpc);
    if (error || jsonrpc_get_backlog(conn->rpc)) {
        return error;
    }

    /* Process a bounded number of requests per pass, one at a time: a
     * command may reply later, and then the next request waits. */
    for (int i = 0; i < 10 && !conn->request_id; i++) {
        struct jsonrpc_msg *msg;
        error = jsonrpc_recv(conn->rpc, &msg);
        if (error) {
            return error == EAGAIN ? 0 : error;
        }
        if (msg->type == JSONRPC_REQUEST) {
            process_request(conn, msg);
        } else {
            VLOG_WARN_RL(&rl, "%s: received unexpected %s message",
                         jsonrpc_get_name(conn->rpc),
                         jsonrpc_msg_type_to_string(msg->type));
            error = EINVAL;
        }
        jsonrpc_msg_destroy(msg);
        if (error) {
            return error;
        }
        if (jsonrpc_get_backlog(conn->rpc)) {
            break;
        }
    }
    return jsonrpc_get_status(conn->rpc);
}

void
unixctl_server_run(struct unixctl_server *server)
{
    if (!server) {
        return;
    }

    for (int i = 0; i < 10 && server->n_conns < MAX_CONNS; i++) {
        struct stream *stream;
        int error = pstream_accept(server->listener, &stream);
        if (!error) {
            struct unixctl_conn *conn = xzalloc(sizeof *conn);
            conn->rpc = jsonrpc_open(stream);
            list_push_back(&server->conns, &conn->node);
            server->n_conns++;
        } else if (error == EAGAIN) {
            break;
        } else {
            VLOG_WARN_RL(&rl, "%s: accept failed: %s",
                         pstream_get_name(server->listener),
                         sluice_strerror(error));
            break;
        }
    }

    struct unixctl_conn *conn;
    LIST_FOR_EACH_SAFE (conn, node, &server->conns) {
        int error = run_connection(conn);
        if (error && error != EAGAIN) {
            if (error != EOF) {
                VLOG_DBG("%s: connection closed (%s)",
                         jsonrpc_get_name(conn->rpc),
                         sluice_strerror(error));
            }
            kill_connection(server, conn);
        }
    }
}

void
unixctl_server_wait(struct unixctl_server *server)
{
    if (!server) {
        return;
    }
    if (server->n_conns < MAX_CONNS) {
        pstream_wait(server->listener);
    }
    struct unixctl_conn *conn;
    LIST_FOR_EACH (conn, node, &server->conns) {
        jsonrpc_wait(conn->rpc);
        if (!jsonrpc_get_backlog(conn->rpc) && !conn->request_id) {
            jsonrpc_recv_wait(conn->rpc);
        }
    }
}

void
unixctl_server_destroy(struct unixctl_server *server)
{
    if (!server) {
        return;
    }
    struct unixctl_conn *conn;
    LIST_FOR_EACH_SAFE (conn, node, &server->conns) {
        kill_connection(server, conn);
    }
    pstream_close(server->listener);
    fatal_signal_remove_file_to_unlink(server->path);
    free(server->path);
    free(server);
}

const char *
unixctl_server_get_path(const struct unixctl_server *server)
{
    return server ? server->path : NULL;
}

int
unixctl_client_create(const char *path, struct jsonrpc **clientp)
{
    *clientp = NULL;
    char *abs_path = abs_file_name(sluice_rundir(), path);
    char *name = xasprintf("unix:%s", abs_path);
    free(abs_path);

    struct stream *stream;
    int error = stream_open_block(stream_open(name, &stream, 0), 10000,
                                  &stream);
    free(name);
    if (error) {
        return error;
    }
    *clientp = jsonrpc_open(stream);
    return 0;
}

int
unixctl_client_transact(struct jsonrpc *client, const char *command,
                        int argc, char *argv[], char **result, char **error)
{
    *result = *error = NULL;

    struct json *params = json_array_create_empty();
    for (int i = 0; i < argc; i++) {
        json_array_add(params, json_string_create(argv[i]));
    }
    struct jsonrpc_msg *request = jsonrpc_create_request(command, params,
                                                         NULL);
    struct jsonrpc_msg *reply;
    int retval = jsonrpc_transact_block(client, request, &reply);
    if (retval) {
        VLOG_WARN("error communicating with %s: %s",
                  jsonrpc_get_name(client), sluice_strerror(retval));
        return retval;
    }

    const struct json *body = (reply->type == JSONRPC_ERROR
                               ? reply->error : reply->result);
    char *text = (body->type == JSON_STRING
                  ? xstrdup(json_string(body))
                  : json_to_string(body, 0));
    if (reply->type == JSONRPC_ERROR) {
        *error = text;
    } else {
        *result = text;
    }
    jsonrpc_msg_destroy(reply);
    return 0;
}
