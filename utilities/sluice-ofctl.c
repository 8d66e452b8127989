/*
 * sluice-ofctl: the ovs-ofctl-compatible OpenFlow command-line tool.
 *
 *   sluice-ofctl [OPTIONS] COMMAND SWITCH [ARG...]
 *
 * SWITCH is a bridge name, which means the bridge's management socket
 * $RUNDIR/SWITCH.mgmt ($SLUICE_RUNDIR, else $OVS_RUNDIR, else
 * /var/run/sluice), a socket file name, or a vconn name ("unix:PATH",
 * "tcp:IP[:PORT]", "ssl:IP[:PORT]").  Commands, options, output and exit
 * statuses follow ovs-ofctl (Open vSwitch 3.1), so that scripts written
 * for it work unchanged; in particular, requests go out with the same
 * transaction ids, one connection per step as ovs-ofctl opens them, and
 * errors from the switch print as ovs-ofctl prints them: on stdout with
 * exit status 0 for statistics requests, on stderr with exit status 1 for
 * modifications.
 *
 * Flow commands: add-flow, add-flows, mod-flows, del-flows (--strict),
 * dump-flows (--no-stats, --sort, --rsort), dump-aggregate, replace-flows
 * and diff-flows.  Unlike ovs-ofctl, a batch of flow_mods is streamed with
 * one barrier at the end instead of one after each (the xids stay
 * ovs-ofctl's); if the switch refuses one, its error is printed as
 * ovs-ofctl prints it, but the flow_mods after it were already sent.
 * diff-flows lists differences by table, priority and match, where
 * ovs-ofctl follows its classifier's order.  With --bundle the changes go
 * in one atomic, ordered bundle (OpenFlow 1.4, or 1.3's ONF extension).
 *
 * Not here yet: the group and packet-out commands, and printing flow
 * monitor replies that "monitor" receives.
 */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "buffer.h"
#include "command-line.h"
#include "dirs.h"
#include "dynamic-string.h"
#include "hash.h"
#include "hmap.h"
#include "list.h"
#include "match.h"
#include "meta-flow.h"
#include "ofctl-print.h"
#include "ofp-actions.h"
#include "ofp-bundle.h"
#include "ofp-errors.h"
#include "ofp-flow.h"
#include "ofp-group.h"
#include "ofp-meter.h"
#include "ofp-packet.h"
#include "ofp-msgs.h"
#include "ofp-port.h"
#include "ofp-protocol.h"
#include "ofp-switch.h"
#include "ofp-table.h"
#include "openflow.h"
#include "poll-loop.h"
#include "timeval.h"
#include "util.h"
#include "vconn.h"

/* -O, --protocols: the OpenFlow versions to offer (OpenFlow 1.0 only
 * unless told otherwise, as ovs-ofctl does: its flow commands mean
 * subtly different things in later versions). */
static uint32_t allowed_versions = OFP_VERSION_BIT(OFP10_VERSION);

/* The protocols of 'allowed_versions'. */
static uint32_t allowed_protocols;

/* --strict: strict matching for mod-flows and del-flows. */
static bool strict;

/* --bundle: make changes in an OpenFlow 1.3+ bundle. */
static bool bundle;

/* --may-create: mod-group adds the group if it does not exist. */
static bool may_create;

/* --names, --no-names: -1 unless given.  Sluice prints port and table
 * numbers only, so this only affects which names are accepted. */
static int use_names = -1;

/* --stats, --no-stats. */
static int show_stats = 1;

/* -m, --more: more verbose messages. */
static int verbosity;

struct ofctl_command {
    const char *name;
    int min_args;
    int max_args;
    void (*handler)(int argc, char *argv[]);
};

static const struct ofctl_command *find_command(const char *name);

/* Connections. */

/* Returns the run directory where bridges' management sockets live. */
static const char *
ofctl_rundir(void)
{
    const char *ovs_rundir = getenv("OVS_RUNDIR");

    if (!getenv("SLUICE_RUNDIR") && ovs_rundir && ovs_rundir[0]) {
        return ovs_rundir;
    }
    return sluice_rundir();
}

/* Tries to open socket file PATH.  Returns 0 with the connection in
 * *VCONNP, or ENOENT if there is no such file; dies on other errors. */
static int
open_vconn_socket(const char *path, struct vconn **vconnp)
{
    struct stat st;

    if (stat(path, &st)) {
        return ENOENT;
    }
    char *vconn_name = xasprintf("unix:%s", path);
    int error = vconn_open(vconn_name, allowed_versions, 0, vconnp);
    if (error && error != ENOENT) {
        sluice_fatal(0, "%s: failed to open socket (%s)", path,
                     sluice_strerror(error));
    }
    free(vconn_name);
    return error;
}

/* Opens a connection to NAME (a bridge, a socket file or a vconn name),
 * for the "mgmt" or "snoop" socket as SUFFIX says, and waits until it has
 * negotiated a version.  Returns the connection's protocol. */
static enum ofp_protocol
open_vconn__(const char *name, const char *suffix, struct vconn **vconnp)
{
    if (strchr(name, ':')) {
        int error = vconn_open(name, allowed_versions, 0, vconnp);
        if (error) {
            sluice_fatal(error, "connecting to %s", name);
        }
    } else {
        char *bridge_path = xasprintf("%s/%s.%s", ofctl_rundir(), name,
                                      suffix);
        if (open_vconn_socket(name, vconnp)
            && open_vconn_socket(bridge_path, vconnp)) {
            sluice_fatal(0, "%s is not a bridge or a socket", name);
        }
        free(bridge_path);
    }

    int error = vconn_connect_block(*vconnp, -1);
    if (error) {
        sluice_fatal(0, "%s: failed to connect to socket (%s)", name,
                     sluice_strerror(error));
    }
    int version = vconn_get_version(*vconnp);
    enum ofp_protocol protocol = ofp_protocol_from_version(version);
    if (!protocol) {
        sluice_fatal(0, "%s: unsupported OpenFlow version 0x%02x", name,
                     version);
    }
    return protocol;
}

static enum ofp_protocol
open_vconn(const char *name, struct vconn **vconnp)
{
    return open_vconn__(name, "mgmt", vconnp);
}

static enum ofp_version
version_of(const struct vconn *vconn)
{
    return vconn_get_version(vconn);
}

/* Returns a string naming the protocols in PROTOCOLS; the caller frees
 * it. */
static char *
protocols_to_string(uint32_t protocols)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    ofp_format_protocols(&s, protocols);
    return ds_steal_cstr(&s);
}

/* Sets VCONN, now speaking *CUR, to speak WANT.  Returns false if the
 * switch refused. */
static bool
try_set_protocol(struct vconn *vconn, enum ofp_protocol want,
                 enum ofp_protocol *cur)
{
    for (;;) {
        enum ofp_protocol next;
        struct buffer *request = ofp_encode_set_protocol(*cur, want, &next);
        if (!request) {
            return *cur == want;
        }

        struct buffer *reply;
        int error = vconn_transact_noreply(vconn, request, &reply);
        if (error) {
            sluice_fatal(error, "talking to %s", vconn_get_name(vconn));
        }
        if (reply) {
            buffer_delete(reply);
            return false;
        }
        *cur = next;
    }
}

/* Opens a connection to NAME for a modification that one of the protocols
 * in USABLE can carry, switching an OpenFlow 1.0 connection to NXM if
 * need be.  Returns the protocol in use. */
static enum ofp_protocol
open_vconn_for_flow_mod(const char *name, struct vconn **vconnp,
                        uint32_t usable)
{
    if (!(usable & allowed_protocols)) {
        char *usable_s = protocols_to_string(usable);
        char *allowed_s = protocols_to_string(allowed_protocols);
        sluice_fatal(0, "none of the usable flow formats (%s) is among the "
                     "allowed flow formats (%s)", usable_s, allowed_s);
    }

    enum ofp_protocol cur = open_vconn(name, vconnp);
    if (usable & allowed_protocols & cur) {
        return cur;
    }
    for (int i = 0; i < 32; i++) {
        enum ofp_protocol f = 1u << i;
        if (f != cur && f & usable & allowed_protocols
            && try_set_protocol(*vconnp, f, &cur)) {
            return f;
        }
    }

    char *usable_s = protocols_to_string(usable);
    sluice_fatal(0, "switch does not support any of the usable flow "
                 "formats (%s)", usable_s);
}

/* Transactions. */

/* Prints message MSG to FILE with VERBOSITY. */
static void
print_msg(FILE *file, const struct buffer *msg, int verbosity_)
{
    char *s = ofctl_msg_to_string(msg->data, msg->size, verbosity_);
    fputs(s, file);
    free(s);
}

static void
send_openflow_buffer(struct vconn *vconn, struct buffer *msg)
{
    int error = vconn_send_block(vconn, msg);
    if (error) {
        sluice_fatal(error, "failed to send packet to switch");
    }
}

static struct buffer *
recv_block(struct vconn *vconn, const char *what)
{
    struct buffer *msg;
    int error = vconn_recv_block(vconn, &msg);
    if (error) {
        sluice_fatal(error, "%s", what);
    }
    return msg;
}

static be32
msg_xid(const struct buffer *msg)
{
    return ((const struct ofp_header *) msg->data)->xid;
}

/* Returns the type of message MSG, or -1 if it does not decode. */
static int
msg_type(const struct buffer *msg)
{
    enum ofptype type;

    return ofptype_decode(&type, msg->data) ? -1 : (int) type;
}

/* Dies with "received bad reply" and the text of MSG. */
static SLUICE_NORETURN void
bad_reply(const struct buffer *msg)
{
    char *s = ofctl_msg_to_string(msg->data, msg->size, verbosity + 1);
    sluice_fatal(0, "received bad reply: %s", s);
}

/* Dies with "received bad reply" and the text of what is left of a reply
 * whose headers were pulled off B, as ovs-ofctl prints it when the reply
 * turned out to be of an unexpected type (the body, read as a message). */
static SLUICE_NORETURN void
bad_reply_body(const struct buffer *b)
{
    bad_reply(b);
}

/* Sends REQUEST (taken over) and prints every reply: for a statistics
 * request each message of the multipart reply, up to the last or an
 * error; otherwise the one reply. */
static void
dump_transaction(struct vconn *vconn, struct buffer *request)
{
    const struct ofp_header *oh = request->data;

    if (!ofpmsg_is_stat_request(oh)) {
        struct buffer *reply;
        int error = vconn_transact(vconn, request, &reply);
        if (error) {
            sluice_fatal(error, "talking to %s", vconn_get_name(vconn));
        }
        print_msg(stdout, reply, verbosity + 1);
        buffer_delete(reply);
        return;
    }

    be32 send_xid = oh->xid;
    enum ofpraw request_raw, reply_raw;
    sluice_assert(!ofpraw_decode(&request_raw, oh));
    reply_raw = ofpraw_stats_request_to_reply(request_raw, oh->version);

    send_openflow_buffer(vconn, request);
    for (bool done = false; !done; ) {
        struct buffer *reply = recv_block(vconn,
                                          "OpenFlow packet receive failed");
        if (msg_xid(reply) == send_xid) {
            enum ofpraw raw;

            print_msg(stdout, reply, verbosity + 1);
            if (ofpraw_decode(&raw, reply->data)) {
                bad_reply(reply);
            } else if (ofptype_from_ofpraw(raw) == OFPTYPE_ERROR) {
                done = true;
            } else if (raw == reply_raw) {
                done = !ofpmp_more(reply->data);
            } else {
                bad_reply(reply);
            }
        }
        buffer_delete(reply);
    }
}

/* Opens a new connection to NAME, sends it a request of type RAW with an
 * empty body and prints the replies. */
static void
dump_trivial_transaction(const char *name, enum ofpraw raw)
{
    struct vconn *vconn;

    open_vconn(name, &vconn);
    struct buffer *request = ofpraw_alloc(raw, version_of(vconn), 0);
    dump_transaction(vconn, request);
    vconn_close(vconn);
}

/* Sends the REQUESTS (a list of buffers, emptied) that have a reply only
 * on error, each followed by a barrier; if one fails, prints the error on
 * stderr and exits with status 1. */
static void
transact_multiple_noreply(struct vconn *vconn, struct list *requests)
{
    struct buffer *reply;
    int error = vconn_transact_multiple_noreply(vconn, requests, &reply);

    if (error) {
        sluice_fatal(error, "talking to %s", vconn_get_name(vconn));
    }
    if (reply) {
        print_msg(stderr, reply, verbosity + 2);
        exit(EXIT_FAILURE);
    }
}

static void
transact_noreply(struct vconn *vconn, struct buffer *request)
{
    struct list requests;

    list_init(&requests);
    list_push_back(&requests, &request->list_node);
    transact_multiple_noreply(vconn, &requests);
}

/* Switch configuration. */

static void
fetch_switch_config(struct vconn *vconn, struct ofp_switch_config *config)
{
    struct buffer *request = ofp_encode_get_config_request(version_of(vconn));
    struct buffer *reply;
    int error = vconn_transact(vconn, request, &reply);

    if (error) {
        sluice_fatal(error, "talking to %s", vconn_get_name(vconn));
    }
    if (msg_type(reply) != OFPTYPE_GET_CONFIG_REPLY
        || ofp_decode_get_config_reply(reply->data, config)) {
        sluice_fatal(0, "%s: bad reply to config request",
                     vconn_get_name(vconn));
    }
    buffer_delete(reply);
}

/* Returns the name of fragment handling mode FRAG, as the switch config
 * text says it; the caller frees it. */
static char *
frag_handling_to_string(enum ofp_frag_handling frag)
{
    struct ofp_switch_config config = { .frag = frag };
    struct ds s = DS_EMPTY_INITIALIZER;

    ofp_switch_config_format(&s, &config);
    const char *p = strstr(ds_cstr(&s), "frags=") + strlen("frags=");
    char *name = xmemdup0(p, strcspn(p, " "));
    ds_destroy(&s);
    return name;
}

static bool
frag_handling_from_string(const char *s, enum ofp_frag_handling *frag)
{
    for (int i = OFPC_FRAG_NORMAL; i <= OFPC_FRAG_NX_MATCH; i++) {
        char *name = frag_handling_to_string(i);
        bool match = !strcasecmp(s, name);
        free(name);
        if (match) {
            *frag = i;
            return true;
        }
    }
    return false;
}

/* Ports. */

/* Returns true if features reply REPLY lists every port: always before
 * OpenFlow 1.3, unless the reply has no room left for another port (then
 * its port list is dropped from REPLY). */
static bool
features_reply_has_ports(struct buffer *reply)
{
    struct ofp_header *oh = reply->data;

    if (oh->version >= OFP13_VERSION) {
        return false;
    }
    if (ntohs(oh->length) + ofp_port_desc_size(oh->version) <= UINT16_MAX) {
        return true;
    }
    buffer_truncate(reply, sizeof *oh + 24);
    oh = reply->data;
    oh->length = htons(reply->size);
    return false;
}

static struct buffer *
encode_port_desc_request(enum ofp_version version, uint32_t port)
{
    struct buffer *b = ofpraw_alloc(version >= OFP15_VERSION
                                    ? OFPRAW_OFPST15_PORT_DESC_REQUEST
                                    : OFPRAW_OFPST10_PORT_DESC_REQUEST,
                                    version, 0);
    ofp_port_desc_request_encode(version >= OFP15_VERSION ? port : OFPP_ANY,
                                 version, b);
    ofpmsg_update_length(b);
    return b;
}

/* Fetches every port of the switch at VCONN into a malloc'ed array in
 * *PORTSP with *N_PORTSP elements: from the features reply before OpenFlow
 * 1.3 (when it lists them all), otherwise from the port-desc reply. */
static void
fetch_ports(struct vconn *vconn, struct ofp_port_desc **portsp,
            size_t *n_portsp)
{
    enum ofp_version version = version_of(vconn);

    *portsp = NULL;
    *n_portsp = 0;
    if (version < OFP13_VERSION) {
        struct buffer *reply;
        int error = vconn_transact(vconn,
                                   ofp_encode_features_request(version),
                                   &reply);
        if (error) {
            sluice_fatal(error, "talking to %s", vconn_get_name(vconn));
        }
        if (msg_type(reply) != OFPTYPE_FEATURES_REPLY) {
            sluice_fatal(0, "%s: received bad features reply",
                         vconn_get_name(vconn));
        }
        if (features_reply_has_ports(reply)) {
            struct ofp_switch_features features;
            struct buffer ports;
            enum ofperr ofperr = ofp_decode_features_reply(reply->data,
                                                           &features,
                                                           &ports);
            if (!ofperr) {
                ofperr = ofp_port_descs_decode(&ports, version, portsp,
                                               n_portsp);
            }
            if (ofperr) {
                sluice_fatal(0, "%s: failed to decode features reply (%s)",
                             vconn_get_name(vconn), ofperr_to_string(ofperr));
            }
            buffer_delete(reply);
            return;
        }
        buffer_delete(reply);
    }

    struct list replies;
    list_init(&replies);
    int error = vconn_transact_multipart(
        vconn, encode_port_desc_request(version, OFPP_ANY), &replies);
    if (error) {
        sluice_fatal(error, "talking to %s", vconn_get_name(vconn));
    }

    size_t allocated = 0;
    struct buffer *reply;
    LIST_FOR_EACH (reply, list_node, &replies) {
        struct buffer b;
        enum ofptype type;

        buffer_use_const(&b, reply->data, reply->size);
        if (ofptype_pull(&type, &b)) {
            bad_reply(reply);
        } else if (type != OFPTYPE_PORT_DESC_STATS_REPLY) {
            bad_reply_body(&b);
        }
        for (;;) {
            struct ofp_port_desc pd;
            int retval = ofp_port_desc_pull(&b, version, &pd);
            if (retval == EOF) {
                break;
            } else if (retval) {
                bad_reply(reply);
            }
            if (*n_portsp >= allocated) {
                *portsp = x2nrealloc(*portsp, &allocated, sizeof **portsp);
            }
            (*portsp)[(*n_portsp)++] = pd;
        }
    }
    buffer_list_delete(&replies);
}

/* Looks up port NAME_OR_NUMBER (a number or a name) on switch SWITCH,
 * over a connection of its own, and stores it in *PORT.  Returns false if
 * the switch has no such port. */
static bool
fetch_port(const char *switch_name, const char *name_or_number,
           struct ofp_port_desc *port)
{
    unsigned int number;
    bool by_number = str_to_uint(name_or_number, 10, &number);
    struct ofp_port_desc *ports;
    size_t n_ports;
    struct vconn *vconn;
    bool found = false;

    open_vconn(switch_name, &vconn);
    fetch_ports(vconn, &ports, &n_ports);
    vconn_close(vconn);
    for (size_t i = 0; i < n_ports && !found; i++) {
        if (by_number ? ports[i].port_no == number
                      : !strcmp(ports[i].name, name_or_number)) {
            *port = ports[i];
            found = true;
        }
    }
    free(ports);
    return found;
}

/* Returns the number of the port that NAME_OR_NUMBER names on switch
 * SWITCH: a number, a reserved port's name, or (unless --no-names) a
 * port's name. */
static uint32_t
str_to_port_no(const char *switch_name, const char *name_or_number)
{
    uint32_t port_no;
    struct ofp_port_desc port;

    if (ofp_port_from_string(name_or_number, &port_no)) {
        return port_no;
    }
    if (use_names && fetch_port(switch_name, name_or_number, &port)) {
        return port.port_no;
    }
    sluice_fatal(0, "%s: unknown port `%s'", switch_name, name_or_number);
}

/* Commands. */

static void
ofctl_show(int argc SLUICE_UNUSED, char *argv[])
{
    const char *name = argv[1];
    struct vconn *vconn;

    open_vconn(name, &vconn);
    enum ofp_version version = version_of(vconn);
    struct buffer *reply;
    int error = vconn_transact(vconn, ofp_encode_features_request(version),
                               &reply);
    if (error) {
        sluice_fatal(error, "talking to %s", name);
    }
    bool has_ports = features_reply_has_ports(reply);
    print_msg(stdout, reply, verbosity + 1);
    buffer_delete(reply);

    if (!has_ports) {
        dump_transaction(vconn, encode_port_desc_request(version, OFPP_ANY));
    }
    dump_trivial_transaction(name, OFPRAW_OFPT_GET_CONFIG_REQUEST);
    vconn_close(vconn);
}

static void
ofctl_dump_desc(int argc SLUICE_UNUSED, char *argv[])
{
    dump_trivial_transaction(argv[1], OFPRAW_OFPST_DESC_REQUEST);
}

static void
ofctl_dump_tables(int argc SLUICE_UNUSED, char *argv[])
{
    dump_trivial_transaction(argv[1], OFPRAW_OFPST_TABLE_REQUEST);
}

static void
ofctl_dump_table_features(int argc SLUICE_UNUSED, char *argv[])
{
    struct vconn *vconn;

    open_vconn(argv[1], &vconn);
    enum ofp_version version = version_of(vconn);
    if (version < OFP13_VERSION) {
        sluice_fatal(0, "%s: dump-table-features needs OpenFlow 1.3 or "
                     "later (use -O OpenFlow13)", argv[1]);
    }
    struct buffer *request = ofpraw_alloc(
        OFPRAW_OFPST13_TABLE_FEATURES_REQUEST, version, 0);
    be32 send_xid = msg_xid(request);

    /* Gathers the tables of every message of the reply, so that a table
     * like the one before it prints as "ditto" across messages too. */
    struct buffer tables;
    buffer_init(&tables, 0);
    send_openflow_buffer(vconn, request);
    for (bool done = false; !done; ) {
        struct buffer *reply = recv_block(vconn,
                                          "OpenFlow packet receive failed");
        if (msg_xid(reply) == send_xid) {
            struct buffer b;
            enum ofptype type;

            buffer_use_const(&b, reply->data, reply->size);
            enum ofperr error = ofptype_pull(&type, &b);
            if (error) {
                sluice_fatal(0, "decode error: %s", ofperr_get_name(error));
            } else if (type == OFPTYPE_ERROR) {
                print_msg(stdout, reply, verbosity + 1);
                done = true;
            } else if (type == OFPTYPE_TABLE_FEATURES_STATS_REPLY) {
                done = !ofpmp_more(reply->data);
                buffer_put(&tables, b.data, b.size);
            } else {
                bad_reply(reply);
            }
        }
        buffer_delete(reply);
    }

    struct ds s = DS_EMPTY_INITIALIZER;
    enum ofperr error = ofp_table_features_reply_format(&s, &tables,
                                                        version);
    if (error) {
        sluice_fatal(0, "decode error: %s", ofperr_get_name(error));
    }
    const char *p = ds_cstr(&s);
    puts(p + (*p == '\n'));
    ds_destroy(&s);
    buffer_uninit(&tables);
    vconn_close(vconn);
}

static void
ofctl_dump_ports(int argc, char *argv[])
{
    struct vconn *vconn;

    open_vconn(argv[1], &vconn);
    uint32_t port = argc > 2 ? str_to_port_no(argv[1], argv[2]) : OFPP_ANY;
    enum ofp_version version = version_of(vconn);
    struct buffer *request = ofpraw_alloc(version == OFP10_VERSION
                                          ? OFPRAW_OFPST10_PORT_REQUEST
                                          : OFPRAW_OFPST11_PORT_REQUEST,
                                          version, 0);
    ofp_port_stats_request_encode(port, version, request);
    ofpmsg_update_length(request);
    dump_transaction(vconn, request);
    vconn_close(vconn);
}

static void
ofctl_dump_ports_desc(int argc, char *argv[])
{
    struct vconn *vconn;

    open_vconn(argv[1], &vconn);
    uint32_t port = argc > 2 ? str_to_port_no(argv[1], argv[2]) : OFPP_ANY;
    dump_transaction(vconn, encode_port_desc_request(version_of(vconn),
                                                     port));
    vconn_close(vconn);
}

static void
ofctl_mod_port(int argc SLUICE_UNUSED, char *argv[])
{
    static const struct {
        const char *name;       /* The word on the command line. */
        uint32_t bit;           /* The config bit it changes. */
        bool on;                /* The value it sets the bit to. */
    } words[] = {
        { "up",          OFP_PC_PORT_DOWN,    false },
        { "down",        OFP_PC_PORT_DOWN,    true  },
        { "stp",         OFP_PC_NO_STP,       false },
        { "receive",     OFP_PC_NO_RECV,      false },
        { "receive-stp", OFP_PC_NO_RECV_STP,  false },
        { "flood",       OFP_PC_NO_FLOOD,     false },
        { "forward",     OFP_PC_NO_FWD,       false },
        { "packet-in",   OFP_PC_NO_PACKET_IN, false },
    };
    struct ofp_port_desc port;

    if (!fetch_port(argv[1], argv[2], &port)) {
        sluice_fatal(0, "%s: couldn't find port `%s'", argv[1], argv[2]);
    }

    struct ofp_port_mod pm = {
        .port_no = port.port_no,
        .hw_addr = port.hw_addr,
    };
    const char *word = argv[3];
    bool not = false;
    if (!strncasecmp(word, "no-", 3)) {
        word += 3;
        not = true;
    } else if (!strncasecmp(word, "no", 2)) {
        word += 2;
        not = true;
    }
    size_t i;
    for (i = 0; i < ARRAY_SIZE(words); i++) {
        if (!strcasecmp(word, words[i].name)) {
            pm.mask = words[i].bit;
            pm.config = words[i].on != not ? words[i].bit : 0;
            break;
        }
    }
    if (i >= ARRAY_SIZE(words)) {
        sluice_fatal(0, "unknown mod-port command '%s'", argv[3]);
    }

    struct vconn *vconn;
    open_vconn(argv[1], &vconn);
    enum ofp_version version = version_of(vconn);
    struct buffer *request = ofpraw_alloc(
        version == OFP10_VERSION ? OFPRAW_OFPT10_PORT_MOD
        : version <= OFP13_VERSION ? OFPRAW_OFPT11_PORT_MOD
        : OFPRAW_OFPT14_PORT_MOD, version, 0);
    ofp_port_mod_encode(&pm, version, request);
    ofpmsg_update_length(request);
    transact_noreply(vconn, request);
    vconn_close(vconn);
}

static void
ofctl_get_frags(int argc SLUICE_UNUSED, char *argv[])
{
    struct ofp_switch_config config;
    struct vconn *vconn;

    open_vconn(argv[1], &vconn);
    fetch_switch_config(vconn, &config);
    char *name = frag_handling_to_string(config.frag);
    puts(name);
    free(name);
    vconn_close(vconn);
}

static void
ofctl_set_frags(int argc SLUICE_UNUSED, char *argv[])
{
    struct ofp_switch_config config;
    enum ofp_frag_handling frag;
    struct vconn *vconn;

    if (!frag_handling_from_string(argv[2], &frag)) {
        sluice_fatal(0, "%s: unknown fragment handling mode", argv[2]);
    }

    open_vconn(argv[1], &vconn);
    fetch_switch_config(vconn, &config);
    if (config.frag != frag) {
        config.frag = frag;
        transact_noreply(vconn, ofp_encode_set_config(&config,
                                                      version_of(vconn)));

        /* OpenFlow has no clear error for a mode the switch lacks: read
         * the configuration back to see whether it took. */
        fetch_switch_config(vconn, &config);
        if (config.frag != frag) {
            char *name = frag_handling_to_string(frag);
            sluice_fatal(0, "%s: setting fragment handling mode failed "
                         "(this switch probably doesn't support mode "
                         "\"%s\")", argv[1], name);
        }
    }
    vconn_close(vconn);
}

static void
ofctl_probe(int argc SLUICE_UNUSED, char *argv[])
{
    struct vconn *vconn;
    struct buffer *reply;

    open_vconn(argv[1], &vconn);
    int error = vconn_transact(
        vconn, ofp_encode_echo_request(version_of(vconn), NULL, 0), &reply);
    if (error) {
        sluice_fatal(error, "talking to %s", argv[1]);
    }
    if (reply->size != sizeof(struct ofp_header)) {
        sluice_fatal(0, "reply does not match request");
    }
    buffer_delete(reply);
    vconn_close(vconn);
}

/* Returns a pseudo-random 32-bit number (for echo payloads). */
static uint32_t
random_u32(void)
{
    static uint64_t state;

    if (!state) {
        state = (time_wall_usec() ^ ((uint64_t) getpid() << 32)) | 1;
    }
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state >> 16;
}

static void
ofctl_ping(int argc, char *argv[])
{
    const size_t max_payload = 65535 - sizeof(struct ofp_header);
    unsigned int payload = argc > 2 ? atoi(argv[2]) : 64;
    struct vconn *vconn;

    if (payload > max_payload) {
        sluice_fatal(0, "payload must be between 0 and %zu bytes",
                     max_payload);
    }

    open_vconn(argv[1], &vconn);
    uint8_t *bytes = xmalloc(payload + 1);
    for (int i = 0; i < 10; i++) {
        for (unsigned int j = 0; j < payload; j++) {
            bytes[j] = random_u32();
        }
        struct buffer *request = ofp_encode_echo_request(version_of(vconn),
                                                         bytes, payload);
        struct buffer *copy = buffer_clone(request);
        be32 xid = msg_xid(request);

        long long int start = time_usec();
        struct buffer *reply;
        int error = vconn_transact(vconn, copy, &reply);
        if (error) {
            sluice_fatal(error, "transact");
        }
        long long int end = time_usec();

        const void *reply_payload = NULL;
        size_t reply_size = 0;
        if (msg_type(reply) != OFPTYPE_ECHO_REPLY
            || ofp_decode_echo(reply->data, &reply_payload, &reply_size)
            || reply_size != payload
            || (payload && memcmp(reply_payload, bytes, payload))) {
            printf("Reply does not match request.  Request:\n");
            print_msg(stdout, request, verbosity + 2);
            printf("Reply:\n");
            print_msg(stdout, reply, verbosity + 2);
        }
        printf("%zu bytes from %s: xid=%08"PRIx32" time=%.1f ms\n",
               reply->size - sizeof(struct ofp_header), argv[1],
               ntohl(msg_xid(reply)), (end - start) / 1000.0);
        (void) xid;
        buffer_delete(request);
        buffer_delete(reply);
    }
    free(bytes);
    vconn_close(vconn);
}

/* Packet-out. */

/* packet-out SWITCH "in_port=PORT,packet=HEX,actions=ACTIONS", or the
 * older form packet-out SWITCH IN_PORT ACTIONS PACKET... (one packet-out
 * for each PACKET), as ovs-ofctl takes them. */
static void
ofctl_packet_out(int argc, char *argv[])
{
    struct list requests;
    struct vconn *vconn;
    char *error;

    if (argc == 4) {
        /* Neither form (ovs-ofctl's words). */
        sluice_fatal(0, "Too many arguments (%d)", argc);
    }
    list_init(&requests);
    enum ofp_protocol protocol = open_vconn_for_flow_mod(argv[1], &vconn,
                                                         OFP_PROTO_ANY);
    enum ofp_version version = ofp_protocol_to_version(protocol);
    if (argc == 3) {
        struct ofp_packet_out po;
        struct buffer packet, ofpacts;
        buffer_init(&packet, 64);
        buffer_init(&ofpacts, 64);
        error = ofp_parse_packet_out(argv[2], &po, &packet, &ofpacts);
        if (error) {
            sluice_fatal(0, "%s", error);
        }
        struct buffer *request = ofp_encode_packet_out(&po, version);
        list_push_back(&requests, &request->list_node);
        buffer_uninit(&packet);
        buffer_uninit(&ofpacts);
    } else {
        uint32_t in_port = str_to_port_no(argv[1], argv[2]);
        struct buffer ofpacts;
        buffer_init(&ofpacts, 64);
        error = ofpacts_parse(argv[3], &ofpacts);
        if (error) {
            sluice_fatal(0, "%s", error);
        }
        for (int i = 4; i < argc; i++) {
            struct buffer packet;
            buffer_init(&packet, 64);
            error = ofp_parse_hex_packet(argv[i], &packet);
            if (error) {
                sluice_fatal(0, "%s", error);
            }
            struct ofp_packet_out po = {
                .packet = packet.data,
                .packet_len = packet.size,
                .buffer_id = OFP_NO_BUFFER,
                .ofpacts = ofpacts.data,
                .ofpacts_len = ofpacts.size,
            };
            match_init_catchall(&po.flow_metadata);
            ofp_packet_out_set_in_port(&po, in_port);
            struct buffer *request = ofp_encode_packet_out(&po, version);
            list_push_back(&requests, &request->list_node);
            buffer_uninit(&packet);
        }
        buffer_uninit(&ofpacts);
    }
    transact_multiple_noreply(vconn, &requests);
    vconn_close(vconn);
}

/* Groups (OpenFlow 1.1 and later). */

static void fetch_name_maps(const char *switch_name);

/* Protocols that carry groups; insert-buckets and remove-buckets need
 * OpenFlow 1.5. */
#define GROUP_PROTOCOLS (OFP_PROTO_OF11_STD | OFP_PROTO_OF12_OXM \
                         | OFP_PROTO_OF13_OXM | OFP_PROTO_OF14_OXM \
                         | OFP_PROTO_OF15_OXM)

/* Sends the group-mods GMS (N of them, uninitialized here) to switch
 * SWITCH_NAME, each followed by a barrier. */
static void
send_group_mods(const char *switch_name, struct ofp_group_mod *gms, size_t n)
{
    uint32_t usable = GROUP_PROTOCOLS;
    for (size_t i = 0; i < n; i++) {
        if (gms[i].command == OFPGC_INSERT_BUCKET
            || gms[i].command == OFPGC_REMOVE_BUCKET) {
            usable = OFP_PROTO_OF15_OXM;
        }
    }

    struct vconn *vconn;
    enum ofp_protocol protocol = open_vconn_for_flow_mod(switch_name, &vconn,
                                                         usable);
    struct list requests;
    list_init(&requests);
    for (size_t i = 0; i < n; i++) {
        struct buffer *request = ofp_encode_group_mod(
            &gms[i], ofp_protocol_to_version(protocol));
        list_push_back(&requests, &request->list_node);
        ofp_group_mod_uninit(&gms[i]);
    }
    transact_multiple_noreply(vconn, &requests);
    vconn_close(vconn);
}

static void
group_mod(const char *switch_name, const char *s,
          enum ofp_group_mod_command command)
{
    struct ofp_group_mod gm;

    fetch_name_maps(switch_name);
    char *error = ofp_parse_group_mod(&gm, command, s ? s : "");
    if (error) {
        sluice_fatal(0, "%s", error);
    }
    send_group_mods(switch_name, &gm, 1);
}

/* Reads the groups of FILE_NAME ("-": stdin), one per line (blank lines
 * and lines that start with "#" skipped), and sends them as COMMAND. */
static void
group_mod_file(const char *switch_name, const char *file_name,
               enum ofp_group_mod_command command)
{
    FILE *stream = (!strcmp(file_name, "-") ? stdin
                    : fopen(file_name, "r"));
    if (!stream) {
        sluice_fatal(errno, "%s: open", file_name);
    }
    fetch_name_maps(switch_name);

    struct ofp_group_mod *gms = NULL;
    size_t n = 0;
    struct ds line = DS_EMPTY_INITIALIZER;
    int line_number = 0;
    while (!ds_get_line(&line, stream)) {
        line_number++;
        const char *p = ds_cstr(&line);
        p += strspn(p, " \t\r");
        if (!*p || *p == '#') {
            continue;
        }
        gms = xrealloc(gms, (n + 1) * sizeof *gms);
        char *error = ofp_parse_group_mod(&gms[n], command, p);
        if (error) {
            sluice_fatal(0, "%s:%d: %s", file_name, line_number, error);
        }
        n++;
    }
    ds_destroy(&line);
    if (stream != stdin) {
        fclose(stream);
    }
    send_group_mods(switch_name, gms, n);
    free(gms);
}

static void
ofctl_add_group(int argc SLUICE_UNUSED, char *argv[])
{
    group_mod(argv[1], argv[2], OFPGC_ADD);
}

static void
ofctl_add_groups(int argc SLUICE_UNUSED, char *argv[])
{
    group_mod_file(argv[1], argv[2], OFPGC_ADD);
}

static void
ofctl_mod_group(int argc SLUICE_UNUSED, char *argv[])
{
    group_mod(argv[1], argv[2], may_create ? OFPGC_ADD_OR_MOD : OFPGC_MODIFY);
}

static void
ofctl_del_groups(int argc, char *argv[])
{
    group_mod(argv[1], argc > 2 ? argv[2] : NULL, OFPGC_DELETE);
}

static void
ofctl_insert_buckets(int argc SLUICE_UNUSED, char *argv[])
{
    group_mod(argv[1], argv[2], OFPGC_INSERT_BUCKET);
}

static void
ofctl_remove_buckets(int argc SLUICE_UNUSED, char *argv[])
{
    group_mod(argv[1], argv[2], OFPGC_REMOVE_BUCKET);
}

/* Parses S, a group id as ovs-ofctl's dump-groups takes it ("all", "any"
 * or a number). */
static uint32_t
parse_group_id(const char *s)
{
    if (!strcasecmp(s, "all")) {
        return OFPG_ALL;
    } else if (!strcasecmp(s, "any")) {
        return OFPG_ANY;
    }
    char *end;
    errno = 0;
    unsigned long id = strtoul(s, &end, 0);
    if (!*s || *end || errno || id > UINT32_MAX) {
        sluice_fatal(0, "invalid group id %s", s);
    }
    return id;
}

static void
ofctl_dump_groups(int argc, char *argv[])
{
    uint32_t group_id = argc > 2 ? parse_group_id(argv[2]) : OFPG_ALL;

    struct vconn *vconn;
    enum ofp_protocol protocol = open_vconn_for_flow_mod(argv[1], &vconn,
                                                         GROUP_PROTOCOLS);
    dump_transaction(vconn, ofp_encode_group_desc_request(
                         ofp_protocol_to_version(protocol), group_id));
    vconn_close(vconn);
}

static void
ofctl_dump_group_stats(int argc, char *argv[])
{
    /* As ovs-ofctl does, reads the group in group-mod syntax
     * ("group_id=1"), which first fetches the switch's port names. */
    struct ofp_group_mod gm;
    fetch_name_maps(argv[1]);
    char *error = ofp_parse_group_mod(&gm, OFPGC_DELETE,
                                      argc > 2 ? argv[2] : "");
    if (error) {
        sluice_fatal(0, "%s", error);
    }
    uint32_t group_id = gm.group.group_id;
    ofp_group_mod_uninit(&gm);

    struct vconn *vconn;
    enum ofp_protocol protocol = open_vconn_for_flow_mod(argv[1], &vconn,
                                                         GROUP_PROTOCOLS);
    dump_transaction(vconn, ofp_encode_group_stats_request(
                         ofp_protocol_to_version(protocol), group_id));
    vconn_close(vconn);
}

static void
ofctl_dump_group_features(int argc SLUICE_UNUSED, char *argv[])
{
    struct vconn *vconn;
    enum ofp_protocol protocol = open_vconn_for_flow_mod(
        argv[1], &vconn, GROUP_PROTOCOLS & ~OFP_PROTO_OF11_STD);
    dump_transaction(vconn, ofp_encode_group_features_request(
                         ofp_protocol_to_version(protocol)));
    vconn_close(vconn);
}

/* Meters (OpenFlow 1.3 and later). */

/* Protocols that carry meters. */
#define METER_PROTOCOLS (OFP_PROTO_OF13_OXM | OFP_PROTO_OF14_OXM \
                         | OFP_PROTO_OF15_OXM)

static void
meter_mod(const char *switch_name, const char *s,
          enum ofp_meter_command command)
{
    struct ofp_meter_mod mm;

    if (s) {
        char *error = ofp_meter_mod_from_string(s, command, &mm);
        if (error) {
            sluice_fatal(0, "%s", error);
        }
    } else {
        memset(&mm, 0, sizeof mm);
        mm.command = command;
        mm.meter.meter_id = OFPM_ALL;
    }

    struct vconn *vconn;
    enum ofp_protocol protocol = open_vconn_for_flow_mod(switch_name, &vconn,
                                                         METER_PROTOCOLS);
    struct buffer *request = ofpraw_alloc(OFPRAW_OFPT13_METER_MOD,
                                          ofp_protocol_to_version(protocol),
                                          0);
    ofp_meter_mod_encode(&mm, request);
    ofpmsg_update_length(request);
    ofp_meter_config_uninit(&mm.meter);
    transact_noreply(vconn, request);
    vconn_close(vconn);
}

static void
ofctl_add_meter(int argc SLUICE_UNUSED, char *argv[])
{
    meter_mod(argv[1], argv[2], OFP_MC_ADD);
}

static void
ofctl_mod_meter(int argc SLUICE_UNUSED, char *argv[])
{
    meter_mod(argv[1], argv[2], OFP_MC_MODIFY);
}

static void
ofctl_del_meters(int argc, char *argv[])
{
    meter_mod(argv[1], argc > 2 ? argv[2] : NULL, OFP_MC_DELETE);
}

/* Sends a meter request of type RAW for the meter that S names (every
 * meter if S is NULL) and prints the replies. */
static void
meter_request(const char *switch_name, const char *s, enum ofpraw raw)
{
    uint32_t meter_id = OFPM_ALL;

    if (s) {
        struct ofp_meter_mod mm;
        char *error = ofp_meter_mod_from_string(s, OFP_MC_DELETE, &mm);
        if (error) {
            sluice_fatal(0, "%s", error);
        }
        meter_id = mm.meter.meter_id;
        ofp_meter_config_uninit(&mm.meter);
    }

    struct vconn *vconn;
    enum ofp_protocol protocol = open_vconn_for_flow_mod(switch_name, &vconn,
                                                         METER_PROTOCOLS);
    struct buffer *request = ofpraw_alloc(raw,
                                          ofp_protocol_to_version(protocol),
                                          0);
    if (raw != OFPRAW_OFPST13_METER_FEATURES_REQUEST) {
        ofp_meter_request_encode(meter_id, request);
        ofpmsg_update_length(request);
    }
    dump_transaction(vconn, request);
    vconn_close(vconn);
}

static void
ofctl_dump_meters(int argc, char *argv[])
{
    meter_request(argv[1], argc > 2 ? argv[2] : NULL,
                  OFPRAW_OFPST13_METER_CONFIG_REQUEST);
}

static void
ofctl_meter_stats(int argc, char *argv[])
{
    meter_request(argv[1], argc > 2 ? argv[2] : NULL,
                  OFPRAW_OFPST13_METER_REQUEST);
}

static void
ofctl_meter_features(int argc SLUICE_UNUSED, char *argv[])
{
    meter_request(argv[1], NULL, OFPRAW_OFPST13_METER_FEATURES_REQUEST);
}

/* Monitoring. */

/* Prints every message that VCONN receives, answering echo requests, until
 * the connection ends. */
static SLUICE_NORETURN void
monitor_vconn(struct vconn *vconn)
{
    for (;;) {
        struct buffer *msg;
        int error = vconn_recv_block(vconn, &msg);
        if (error == EOF) {
            exit(EXIT_SUCCESS);
        } else if (error) {
            sluice_fatal(error, "vconn_recv");
        }
        print_msg(stdout, msg, verbosity + 2);
        fflush(stdout);
        if (msg_type(msg) == OFPTYPE_ECHO_REQUEST) {
            error = vconn_send_block(vconn,
                                     ofp_encode_echo_reply(msg->data));
            if (error) {
                sluice_fatal(error, "vconn_send");
            }
        }
        buffer_delete(msg);
    }
}

static void
ofctl_monitor(int argc, char *argv[])
{
    struct vconn *vconn;

    open_vconn(argv[1], &vconn);
    bool set_config = false;
    struct ofp_switch_config config;
    for (int i = 2; i < argc; i++) {
        const char *arg = argv[i];
        unsigned int miss_send_len;

        if (str_to_uint(arg, 10, &miss_send_len)) {
            if (!set_config) {
                fetch_switch_config(vconn, &config);
                set_config = true;
            }
            config.miss_send_len = miss_send_len;
        } else if (!strcmp(arg, "invalid_ttl")) {
            if (!set_config) {
                fetch_switch_config(vconn, &config);
                set_config = true;
            }
            config.invalid_ttl_to_controller = true;
        } else {
            sluice_fatal(0, "%s: unsupported \"monitor\" argument", arg);
        }
    }
    if (set_config) {
        transact_noreply(vconn, ofp_encode_set_config(&config,
                                                      version_of(vconn)));
    }
    monitor_vconn(vconn);
}

static void
ofctl_snoop(int argc SLUICE_UNUSED, char *argv[])
{
    struct vconn *vconn;

    open_vconn__(argv[1], "snoop", &vconn);
    monitor_vconn(vconn);
}

/* Port and table names. */

/* ovs-ofctl, unless given --no-names, learns a switch's port and table
 * names over two connections of their own before it parses a flow that
 * may name them (a port map from the features or port-desc reply, a table
 * map from the table stats or table features reply).  Sluice's flow
 * syntax takes numbers only, but sluice-ofctl makes the same requests, once
 * per switch, so that the transaction ids it prints are the ones ovs-ofctl
 * prints.  Unlike ovs-ofctl it does not give up when the switch refuses
 * them: the names are not needed. */
static void
fetch_name_maps(const char *name)
{
    static char *fetched;

    if (!use_names || (fetched && !strcmp(fetched, name))
        || (strchr(name, ':') && vconn_verify_name(name))) {
        return;
    }
    free(fetched);
    fetched = xstrdup(name);

    struct ofp_port_desc *ports;
    size_t n_ports;
    struct vconn *vconn;
    open_vconn(name, &vconn);
    fetch_ports(vconn, &ports, &n_ports);
    free(ports);
    vconn_close(vconn);

    open_vconn(name, &vconn);
    enum ofp_version version = version_of(vconn);
    struct list replies;
    list_init(&replies);
    int error = vconn_transact_multipart(
        vconn, ofpraw_alloc(version < OFP13_VERSION
                            ? OFPRAW_OFPST_TABLE_REQUEST
                            : OFPRAW_OFPST13_TABLE_FEATURES_REQUEST,
                            version, 0),
        &replies);
    if (error) {
        sluice_fatal(error, "talking to %s", name);
    }
    buffer_list_delete(&replies);
    vconn_close(vconn);
}

/* Flows: protocols. */

/* The protocols to try for a flow dump, best first, as ovs-ofctl tries
 * them. */
static const enum ofp_protocol flow_dump_protocols[] = {
    OFP_PROTO_OF15_OXM, OFP_PROTO_OF14_OXM, OFP_PROTO_OF13_OXM,
    OFP_PROTO_OF12_OXM, OFP_PROTO_OF11_STD, OFP_PROTO_OF10_NXM,
    OFP_PROTO_OF10_STD,
};

/* Moves VCONN, which speaks CUR, to the best protocol for a flow dump
 * among USABLE and the allowed protocols, and returns it; dies with
 * ovs-ofctl's message if there is none. */
static enum ofp_protocol
set_protocol_for_flow_dump(struct vconn *vconn, enum ofp_protocol cur,
                           uint32_t usable)
{
    for (size_t i = 0; i < ARRAY_SIZE(flow_dump_protocols); i++) {
        enum ofp_protocol f = flow_dump_protocols[i];
        if (f & usable & allowed_protocols
            && try_set_protocol(vconn, f, &cur)) {
            return f;
        }
    }

    char *usable_s = protocols_to_string(usable);
    if (usable & allowed_protocols) {
        sluice_fatal(0, "switch does not support any of the usable flow "
                     "formats (%s)", usable_s);
    }
    char *allowed_s = protocols_to_string(allowed_protocols);
    sluice_fatal(0, "none of the usable flow formats (%s) is among the "
                 "allowed flow formats (%s)", usable_s, allowed_s);
}

/* Flows: reading them. */

/* A parsed flow_mod with its own copy of its actions. */
struct flow_mod_entry {
    struct ofp_flow_mod fm;
    void *ofpacts;              /* Malloc'ed; fm.ofpacts points here. */
};

/* A growable array of flow_mods. */
struct flow_mods {
    struct flow_mod_entry *entries;
    size_t n, allocated;
    uint32_t usable;            /* Protocols that can carry all of them. */
};

static void
flow_mods_init(struct flow_mods *fms)
{
    memset(fms, 0, sizeof *fms);
    fms->usable = OFP_PROTO_ANY;
}

static void
flow_mods_destroy(struct flow_mods *fms)
{
    for (size_t i = 0; i < fms->n; i++) {
        free(fms->entries[i].ofpacts);
    }
    free(fms->entries);
}

/* Parses S as a flow_mod with COMMAND (see ofp_parse_flow_mod()) and
 * appends it to FMS.  Returns NULL or a malloc'ed error message. */
static char *
flow_mods_parse(struct flow_mods *fms, int command, const char *s)
{
    struct buffer ofpacts;
    struct ofp_flow_mod fm;
    uint32_t usable;

    buffer_init(&ofpacts, 64);
    char *error = ofp_parse_flow_mod(&fm, command, s, &ofpacts, &usable);
    if (error) {
        buffer_uninit(&ofpacts);
        return error;
    }
    if (fms->n >= fms->allocated) {
        fms->entries = x2nrealloc(fms->entries, &fms->allocated,
                                  sizeof *fms->entries);
    }
    struct flow_mod_entry *e = &fms->entries[fms->n++];
    e->ofpacts = xmemdup(ofpacts.data, ofpacts.size);
    e->fm = fm;
    e->fm.ofpacts = e->ofpacts;
    e->fm.ofpacts_len = ofpacts.size;
    fms->usable &= usable;
    buffer_uninit(&ofpacts);
    return NULL;
}

/* Reads the next line of FILE that is not empty once its comment (from
 * '#' on) is removed into S, counting lines in *LINE_NUMBER.  Returns 0,
 * or EOF at the end of the file. */
static int
get_flow_line(struct ds *s, FILE *file, int *line_number)
{
    while (!ds_get_line(s, file)) {
        char *line = ds_cstr(s);
        char *comment = strchr(line, '#');

        ++*line_number;
        if (comment) {
            *comment = '\0';
            s->length = comment - line;
        }
        if (line[strspn(line, " \t\r\n")]) {
            return 0;
        }
    }
    return EOF;
}

/* Parses every flow in FILE_NAME ("-" for stdin), one a line, as flow_mods
 * with COMMAND into FMS.  Returns NULL or a malloc'ed error message naming
 * the file (and line). */
static char *
flow_mods_parse_file(struct flow_mods *fms, int command,
                     const char *file_name)
{
    FILE *file = !strcmp(file_name, "-") ? stdin : fopen(file_name, "r");
    if (!file) {
        return xasprintf("%s: open failed (%s)", file_name,
                         sluice_strerror(errno));
    }

    struct ds s = DS_EMPTY_INITIALIZER;
    int line_number = 0;
    char *error = NULL;
    while (!error && !get_flow_line(&s, file, &line_number)) {
        char *line_error = flow_mods_parse(fms, command, ds_cstr(&s));
        if (line_error) {
            error = xasprintf("%s:%d: %s", file_name, line_number,
                              line_error);
            free(line_error);
        }
    }
    ds_destroy(&s);
    if (file != stdin) {
        fclose(file);
    }
    return error;
}

/* Flows: sending them. */

/* Queues REQUEST (taken over; NULL to only receive) on VCONN, meanwhile
 * receiving what the switch sends, so that neither side can block the
 * other: the first error received is kept in *REPLYP if that is NULL,
 * every other message dropped. */
static void
send_and_drain(struct vconn *vconn, struct buffer *request,
               struct buffer **replyp)
{
    for (;;) {
        struct buffer *msg;
        int error;

        while (!(error = vconn_recv(vconn, &msg))) {
            if (!*replyp && msg_type(msg) == OFPTYPE_ERROR) {
                *replyp = msg;
            } else {
                buffer_delete(msg);
            }
        }
        if (error != EAGAIN) {
            sluice_fatal(error, "talking to %s", vconn_get_name(vconn));
        }
        if (!request) {
            return;
        }
        error = vconn_send(vconn, request);
        if (!error) {
            return;
        } else if (error != EAGAIN) {
            sluice_fatal(error, "talking to %s", vconn_get_name(vconn));
        }
        vconn_run(vconn);
        vconn_run_wait(vconn);
        vconn_recv_wait(vconn);
        vconn_send_wait(vconn);
        poll_block();
    }
}

/* Sends the flow_mods of FMS on VCONN in PROTOCOL, streamed, then one
 * barrier, and waits for its reply.  ovs-ofctl sends a barrier after each
 * flow_mod and so skips an xid after each: so does this function (without
 * sending those barriers), so that an error names the xid ovs-ofctl's
 * would.  If the switch answers a flow_mod with an error, prints the first
 * such error as ovs-ofctl does, on stderr, and exits with status 1 (the
 * flow_mods after it may have been applied: they were already sent). */
static void
send_flow_mods(struct vconn *vconn, const struct flow_mods *fms,
               enum ofp_protocol protocol)
{
    struct ds hex = DS_EMPTY_INITIALIZER;
    struct buffer *reply = NULL;

    for (size_t i = 0; i < fms->n; i++) {
        struct buffer *request = ofp_encode_flow_mod(&fms->entries[i].fm,
                                                     protocol);
        if (verbosity == 5) {
            ds_put_hex_dump(&hex, request->data, request->size, 0, true);
        } else if (verbosity > 5) {
            ds_put_hex(&hex, request->data, request->size);
            ds_put_char(&hex, '\n');
        }
        if (i + 1 < fms->n) {
            ofp_alloc_xid();    /* The xid of ovs-ofctl's barrier. */
        }
        send_and_drain(vconn, request, &reply);
    }

    enum ofp_version version = version_of(vconn);
    struct buffer *barrier = ofpraw_alloc(version == OFP10_VERSION
                                          ? OFPRAW_OFPT10_BARRIER_REQUEST
                                          : OFPRAW_OFPT11_BARRIER_REQUEST,
                                          version, 0);
    be32 barrier_xid = msg_xid(barrier);
    send_and_drain(vconn, barrier, &reply);
    for (;;) {
        struct buffer *msg = recv_block(vconn, "talking to switch");
        if (msg_xid(msg) == barrier_xid) {
            buffer_delete(msg);
            break;
        } else if (!reply && msg_type(msg) == OFPTYPE_ERROR) {
            reply = msg;
        } else {
            buffer_delete(msg);
        }
    }
    fputs(ds_cstr(&hex), stdout);
    ds_destroy(&hex);
    if (reply) {
        print_msg(stderr, reply, verbosity + 2);
        exit(EXIT_FAILURE);
    }
}

/* Bundles. */

/* Sends bundle control message of TYPE for bundle 0 with FLAGS on VCONN and
 * waits for its reply, which must be of type REPLY_TYPE.  Appends errors
 * received meanwhile to ERRORS.  Returns 0 or EPROTO. */
static int
bundle_control_transact(struct vconn *vconn, enum ofp_bundle_ctrl_type type,
                        enum ofp_bundle_ctrl_type reply_type, uint16_t flags,
                        struct list *errors)
{
    struct ofp_bundle_ctrl bc = { .bundle_id = 0, .type = type,
                                  .flags = flags };
    struct buffer *request = ofp_encode_bundle_ctrl(&bc, version_of(vconn),
                                                    ofp_alloc_xid());
    be32 xid = msg_xid(request);

    send_openflow_buffer(vconn, request);
    for (;;) {
        struct buffer *msg = recv_block(vconn, "talking to switch");
        int type_ = msg_type(msg);
        if (type_ == OFPTYPE_ERROR) {
            bool mine = msg_xid(msg) == xid;
            list_push_back(errors, &msg->list_node);
            if (mine) {
                return EPROTO;
            }
        } else if (msg_xid(msg) == xid) {
            struct ofp_bundle_ctrl reply;
            bool ok = (type_ == OFPTYPE_BUNDLE_CONTROL
                       && !ofp_decode_bundle_ctrl(msg->data, &reply)
                       && reply.type == reply_type);
            buffer_delete(msg);
            return ok ? 0 : EPROTO;
        } else {
            buffer_delete(msg);
        }
    }
}

/* Applies REQUESTS (a list of messages, which stays the caller's) on VCONN
 * as one bundle with FLAGS: open, add each, a barrier, commit.  Prints
 * each error as ovs-ofctl does ("Error NAME for: " and the failed message)
 * and dies if the bundle failed. */
static void
bundle_transact(struct vconn *vconn, struct list *requests, uint16_t flags)
{
    enum ofp_version version = version_of(vconn);
    struct list errors;

    list_init(&errors);
    int error = bundle_control_transact(vconn, OFPBCT_OPEN_REQUEST,
                                        OFPBCT_OPEN_REPLY, flags, &errors);
    if (!error) {
        struct buffer *request;
        struct buffer *reply = NULL;
        LIST_FOR_EACH (request, list_node, requests) {
            struct ofp_bundle_add ba = { .bundle_id = 0, .flags = flags,
                                         .msg = request->data };
            struct buffer *msg = ofp_encode_bundle_add(&ba, version);
            send_and_drain(vconn, msg, &reply);
            if (reply) {
                list_push_back(&errors, &reply->list_node);
                reply = NULL;
            }
        }

        struct buffer *barrier = ofpraw_alloc(OFPRAW_OFPT11_BARRIER_REQUEST,
                                              version, 0);
        be32 barrier_xid = msg_xid(barrier);
        send_openflow_buffer(vconn, barrier);
        for (;;) {
            struct buffer *msg = recv_block(vconn, "talking to switch");
            if (msg_xid(msg) == barrier_xid) {
                buffer_delete(msg);
                break;
            } else if (msg_type(msg) == OFPTYPE_ERROR) {
                list_push_back(&errors, &msg->list_node);
            } else {
                buffer_delete(msg);
            }
        }
        error = bundle_control_transact(vconn, OFPBCT_COMMIT_REQUEST,
                                        OFPBCT_COMMIT_REPLY, flags, &errors);
    }

    /* Each error, with the whole message it is about when that is one of
     * REQUESTS (the error's copy may be truncated). */
    struct buffer *msg;
    LIST_FOR_EACH_SAFE (msg, list_node, &errors) {
        const struct ofp_header *error_oh = msg->data;
        const void *payload;
        size_t payload_size;
        enum ofperr ofperr = ofperr_decode_msg(error_oh,
                                               ntohs(error_oh->length),
                                               &payload, &payload_size);
        if (!ofperr) {
            fprintf(stderr, "***decode error***");
        } else {
            struct buffer *request;
            LIST_FOR_EACH (request, list_node, requests) {
                if (msg_xid(request) == error_oh->xid) {
                    payload = request->data;
                    payload_size = request->size;
                    break;
                }
            }
            fprintf(stderr, "Error %s for: ", ofperr_get_name(ofperr));
            char *s = ofctl_msg_to_string(payload, payload_size,
                                          verbosity + 1);
            fputs(s, stderr);
            free(s);
        }
        list_remove(&msg->list_node);
        buffer_delete(msg);
    }
    fflush(stderr);
    if (error) {
        sluice_fatal(error, "talking to %s", vconn_get_name(vconn));
    }
}

/* Protocols that carry bundles. */
#define BUNDLE_PROTOCOLS (OFP_PROTO_OF13_OXM | OFP_PROTO_OF14_OXM \
                          | OFP_PROTO_OF15_OXM)

/* Applies the flow_mods FMS to switch NAME: in one atomic bundle with
 * --bundle, else streamed (send_flow_mods()). */
static void
flow_mods_apply(const char *name, const struct flow_mods *fms)
{
    struct vconn *vconn;

    if (bundle) {
        enum ofp_protocol protocol = open_vconn_for_flow_mod(
            name, &vconn, fms->usable & BUNDLE_PROTOCOLS);
        struct list requests;
        list_init(&requests);
        for (size_t i = 0; i < fms->n; i++) {
            struct buffer *request = ofp_encode_flow_mod(&fms->entries[i].fm,
                                                         protocol);
            list_push_back(&requests, &request->list_node);
        }
        bundle_transact(vconn, &requests, OFPBF_ATOMIC | OFPBF_ORDERED);
        buffer_list_delete(&requests);
    } else {
        enum ofp_protocol protocol = open_vconn_for_flow_mod(name, &vconn,
                                                             fms->usable);
        send_flow_mods(vconn, fms, protocol);
    }
    vconn_close(vconn);
}

/* Flow commands: add-flow, add-flows, mod-flows, del-flows. */

static void
flow_mod_file(const char *name, const char *file_name, int command)
{
    struct flow_mods fms;

    flow_mods_init(&fms);
    fetch_name_maps(name);
    char *error = flow_mods_parse_file(&fms, command, file_name);
    if (error) {
        sluice_fatal(0, "%s", error);
    }
    flow_mods_apply(name, &fms);
    flow_mods_destroy(&fms);
}

static void
flow_mod(int argc, char *argv[], int command)
{
    if (argc > 2 && !strcmp(argv[2], "-")) {
        flow_mod_file(argv[1], argv[2],
                      command == OFPFC_ADD ? OFP_PARSE_ANY_COMMAND
                      : command);
        return;
    }

    struct flow_mods fms;
    flow_mods_init(&fms);
    fetch_name_maps(argv[1]);
    char *error = flow_mods_parse(&fms, command, argc > 2 ? argv[2] : "");
    if (error) {
        sluice_fatal(0, "%s", error);
    }
    flow_mods_apply(argv[1], &fms);
    flow_mods_destroy(&fms);
}

static void
ofctl_add_flow(int argc, char *argv[])
{
    flow_mod(argc, argv, OFPFC_ADD);
}

static void
ofctl_add_flows(int argc SLUICE_UNUSED, char *argv[])
{
    flow_mod_file(argv[1], argv[2], OFP_PARSE_ANY_COMMAND);
}

static void
ofctl_mod_flows(int argc, char *argv[])
{
    flow_mod(argc, argv, strict ? OFPFC_MODIFY_STRICT : OFPFC_MODIFY);
}

static void
ofctl_del_flows(int argc, char *argv[])
{
    flow_mod(argc, argv, strict ? OFPFC_DELETE_STRICT : OFPFC_DELETE);
}

/* Flow dumps. */

/* One flow of a dump, with its own copy of its actions. */
struct dumped_flow {
    struct ofp_flow_stats fs;
    void *ofpacts;
};

/* Parses the flow of a dump-flows or dump-aggregate command line (ARGV[2]
 * if there is one) into *FSR, connects to switch ARGV[1] and moves the
 * connection to the best protocol for the dump; returns that protocol. */
static enum ofp_protocol
prepare_dump_flows(int argc, char *argv[], bool aggregate,
                   struct ofp_flow_stats_request *fsr, struct vconn **vconnp)
{
    const char *match = argc > 2 ? argv[2] : "";
    uint32_t usable;

    if (*match) {
        fetch_name_maps(argv[1]);
    }
    char *error = ofp_parse_flow_stats_request(fsr, aggregate, match,
                                               &usable);
    if (error) {
        sluice_fatal(0, "%s", error);
    }
    enum ofp_protocol protocol = open_vconn(argv[1], vconnp);
    return set_protocol_for_flow_dump(*vconnp, protocol, usable);
}

/* Sends FSR on VCONN in PROTOCOL and gathers the flows of the reply into a
 * malloc'ed array in *FLOWSP, with *N_FLOWSP elements.  Dies ("dump flows
 * (Protocol error)") if the switch answers with anything else. */
static void
dump_flows(struct vconn *vconn, const struct ofp_flow_stats_request *fsr,
           enum ofp_protocol protocol, struct dumped_flow **flowsp,
           size_t *n_flowsp)
{
    struct buffer *request = ofp_encode_flow_stats_request(fsr, protocol);
    be32 xid = msg_xid(request);
    size_t allocated = 0;
    struct buffer ofpacts;

    *flowsp = NULL;
    *n_flowsp = 0;
    buffer_init(&ofpacts, 64);
    send_openflow_buffer(vconn, request);
    for (bool more = true; more; ) {
        struct buffer *reply = recv_block(vconn, "dump flows");
        if (msg_xid(reply) != xid) {
            buffer_delete(reply);
            continue;
        }
        if (msg_type(reply) != OFPTYPE_FLOW_STATS_REPLY) {
            char *s = ofctl_msg_to_string(reply->data, reply->size, 1);
            fprintf(stderr, "%s: received bad reply: %s", program_name, s);
            free(s);
            sluice_fatal(EPROTO, "dump flows");
        }
        more = ofpmp_more(reply->data);
        struct buffer b;
        buffer_use_const(&b, reply->data, reply->size);
        for (;;) {
            struct ofp_flow_stats fs;
            int retval = ofp_decode_flow_stats_reply(&fs, &b, false,
                                                     &ofpacts);
            if (retval == EOF) {
                break;
            } else if (retval) {
                fprintf(stderr, "%s: parse error in reply (%s)\n",
                        program_name, ofperr_to_string(retval));
                sluice_fatal(EPROTO, "dump flows");
            }
            if (*n_flowsp >= allocated) {
                *flowsp = x2nrealloc(*flowsp, &allocated, sizeof **flowsp);
            }
            struct dumped_flow *f = &(*flowsp)[(*n_flowsp)++];
            f->ofpacts = xmemdup(ofpacts.data, ofpacts.size);
            f->fs = fs;
            f->fs.ofpacts = f->ofpacts;
            f->fs.ofpacts_len = ofpacts.size;
        }
        buffer_delete(reply);
    }
    buffer_uninit(&ofpacts);
}

static void
dumped_flows_free(struct dumped_flow *flows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(flows[i].ofpacts);
    }
    free(flows);
}

/* --sort and --rsort. */
struct sort_criterion {
    const struct mf_field *field;   /* NULL: priority. */
    bool descending;
};
static struct sort_criterion *criteria;
static size_t n_criteria, allocated_criteria;

static void
add_sort_criterion(bool descending, const char *field)
{
    if (n_criteria >= allocated_criteria) {
        criteria = x2nrealloc(criteria, &allocated_criteria,
                              sizeof *criteria);
    }
    struct sort_criterion *sc = &criteria[n_criteria++];
    sc->descending = descending;
    if (!field || !strcasecmp(field, "priority")) {
        sc->field = NULL;
    } else {
        sc->field = mf_from_name(field);
        if (!sc->field) {
            sluice_fatal(0, "%s: unknown field name", field);
        }
    }
}

/* Orders flows by the sort criteria; a flow that lacks a criterion's field
 * sorts after those that have it, in either direction. */
static int
compare_flows(const void *a_, const void *b_)
{
    const struct dumped_flow *af = a_;
    const struct dumped_flow *bf = b_;

    for (size_t i = 0; i < n_criteria; i++) {
        const struct sort_criterion *sc = &criteria[i];
        const struct mf_field *f = sc->field;
        int ret;

        if (!f) {
            int a = af->fs.priority, b = bf->fs.priority;
            ret = a < b ? -1 : a > b;
        } else {
            const struct match *a = &af->fs.match, *b = &bf->fs.match;
            bool ina = (mf_are_prereqs_ok(f, &a->flow)
                        && !mf_is_all_wild(f, a));
            bool inb = (mf_are_prereqs_ok(f, &b->flow)
                        && !mf_is_all_wild(f, b));
            if (ina != inb) {
                return ina ? -1 : 1;
            }
            union mf_value aval, bval;
            mf_get_value(f, &a->flow, &aval);
            mf_get_value(f, &b->flow, &bval);
            ret = memcmp(&aval, &bval, f->n_bytes);
        }
        if (ret) {
            return sc->descending ? -ret : ret;
        }
    }
    return af < bf ? -1 : 1;
}

static void
ofctl_dump_flows(int argc, char *argv[])
{
    struct ofp_flow_stats_request fsr;
    struct vconn *vconn;
    enum ofp_protocol protocol = prepare_dump_flows(argc, argv, false, &fsr,
                                                    &vconn);

    if (!n_criteria && show_stats) {
        dump_transaction(vconn, ofp_encode_flow_stats_request(&fsr,
                                                              protocol));
    } else {
        struct dumped_flow *flows;
        size_t n_flows;

        dump_flows(vconn, &fsr, protocol, &flows, &n_flows);
        if (n_criteria) {
            qsort(flows, n_flows, sizeof *flows, compare_flows);
        }
        struct ds s = DS_EMPTY_INITIALIZER;
        for (size_t i = 0; i < n_flows; i++) {
            ds_clear(&s);
            ofp_flow_stats_format(&flows[i].fs, show_stats, &s);
            printf(" %s\n", ds_cstr(&s));
        }
        ds_destroy(&s);
        dumped_flows_free(flows, n_flows);
    }
    vconn_close(vconn);
}

static void
ofctl_dump_aggregate(int argc, char *argv[])
{
    struct ofp_flow_stats_request fsr;
    struct vconn *vconn;
    enum ofp_protocol protocol = prepare_dump_flows(argc, argv, true, &fsr,
                                                    &vconn);

    dump_transaction(vconn, ofp_encode_flow_stats_request(&fsr, protocol));
    vconn_close(vconn);
}

/* replace-flows and diff-flows. */

/* One version of a flow table entry: what a source says about the rule
 * with a given table, priority and match. */
struct fte_version {
    be64 cookie;
    uint16_t idle_timeout;
    uint16_t hard_timeout;
    uint16_t importance;
    uint32_t flags;
    char *actions;              /* The actions as text, for comparing. */
    void *ofpacts;
    size_t ofpacts_len;
};

/* A flow table entry: a rule as two sources (index 0 and 1) have it. */
struct fte {
    struct hmap_node node;
    uint8_t table_id;
    int priority;
    struct match match;
    struct fte_version *versions[2];
};

static uint32_t
fte_hash(uint8_t table_id, int priority, const struct match *match)
{
    uint32_t basis = hash_int(table_id, priority);
    return hash_bytes(match, sizeof *match, basis);
}

static void
fte_version_free(struct fte_version *v)
{
    if (v) {
        free(v->actions);
        free(v->ofpacts);
        free(v);
    }
}

/* Records V (taken over) as version INDEX of the rule with TABLE_ID,
 * PRIORITY and MATCH in FTES, replacing what that version was. */
static void
fte_insert(struct hmap *ftes, uint8_t table_id, int priority,
           const struct match *match_, struct fte_version *v, int index)
{
    struct match match = *match_;
    match_normalize(&match);
    uint32_t hash = fte_hash(table_id, priority, &match);

    struct fte *fte;
    HMAP_FOR_EACH_WITH_HASH (fte, node, hash, ftes) {
        if (fte->table_id == table_id && fte->priority == priority
            && match_equal(&fte->match, &match)) {
            fte_version_free(fte->versions[index]);
            fte->versions[index] = v;
            return;
        }
    }
    fte = xzalloc(sizeof *fte);
    fte->table_id = table_id;
    fte->priority = priority;
    fte->match = match;
    fte->versions[index] = v;
    hmap_insert(ftes, &fte->node, hash);
}

static struct fte_version *
fte_version_create(be64 cookie, uint16_t idle, uint16_t hard,
                   uint16_t importance, uint32_t flags, const void *ofpacts,
                   size_t ofpacts_len)
{
    struct fte_version *v = xzalloc(sizeof *v);
    struct ds s = DS_EMPTY_INITIALIZER;

    v->cookie = cookie;
    v->idle_timeout = idle;
    v->hard_timeout = hard;
    v->importance = importance;
    v->flags = flags;
    v->ofpacts = xmemdup(ofpacts, ofpacts_len);
    v->ofpacts_len = ofpacts_len;
    ofpacts_format(ofpacts, ofpacts_len, &s);
    v->actions = ds_steal_cstr(&s);
    return v;
}

/* Returns true if A and B are the same (flags aside: a switch does not
 * report those). */
static bool
fte_version_equals(const struct fte_version *a, const struct fte_version *b)
{
    return (a->cookie == b->cookie
            && a->idle_timeout == b->idle_timeout
            && a->hard_timeout == b->hard_timeout
            && a->importance == b->importance
            && !strcmp(a->actions, b->actions));
}

/* Reads the flows of FILE_NAME into FTES as version INDEX.  Returns the
 * protocols that can carry them all. */
static uint32_t
read_flows_from_file(const char *file_name, struct hmap *ftes, int index)
{
    FILE *file = !strcmp(file_name, "-") ? stdin : fopen(file_name, "r");
    if (!file) {
        sluice_fatal(errno, "%s: open", file_name);
    }

    struct ds s = DS_EMPTY_INITIALIZER;
    uint32_t usable_protocols = OFP_PROTO_ANY;
    int line_number = 0;
    struct buffer ofpacts;
    buffer_init(&ofpacts, 64);
    while (!get_flow_line(&s, file, &line_number)) {
        struct ofp_flow_mod fm;
        uint32_t usable;

        buffer_clear(&ofpacts);
        char *error = ofp_parse_flow_mod(&fm, OFPFC_ADD, ds_cstr(&s),
                                         &ofpacts, &usable);
        if (error) {
            sluice_fatal(0, "%s:%d: %s", file_name, line_number, error);
        }
        usable_protocols &= usable;
        struct fte_version *v = fte_version_create(
            fm.new_cookie, fm.idle_timeout, fm.hard_timeout, fm.importance,
            fm.flags & OFP_FF_SEND_FLOW_REM, fm.ofpacts, fm.ofpacts_len);
        fte_insert(ftes, fm.table_id != OFPTT_ALL ? fm.table_id : 0,
                   fm.priority, &fm.match, v, index);
    }
    buffer_uninit(&ofpacts);
    ds_destroy(&s);
    if (file != stdin) {
        fclose(file);
    }
    return usable_protocols;
}

/* Reads every flow of the switch at VCONN, which speaks PROTOCOL, into
 * FTES as version INDEX. */
static void
read_flows_from_switch(struct vconn *vconn, enum ofp_protocol protocol,
                       struct hmap *ftes, int index)
{
    struct ofp_flow_stats_request fsr = {
        .out_port = OFPP_ANY,
        .out_group = OFPG_ANY,
        .table_id = OFPTT_ALL,
    };
    struct dumped_flow *flows;
    size_t n_flows;

    match_init_catchall(&fsr.match);
    dump_flows(vconn, &fsr, protocol, &flows, &n_flows);
    for (size_t i = 0; i < n_flows; i++) {
        const struct ofp_flow_stats *fs = &flows[i].fs;
        struct fte_version *v = fte_version_create(
            fs->cookie, fs->idle_timeout, fs->hard_timeout, fs->importance,
            0, fs->ofpacts, fs->ofpacts_len);
        fte_insert(ftes, fs->table_id, fs->priority, &fs->match, v, index);
    }
    dumped_flows_free(flows, n_flows);
}

/* Orders flow table entries by table, then priority (highest first), then
 * the text of their matches. */
static int
compare_ftes(const void *a_, const void *b_)
{
    const struct fte *a = *(const struct fte *const *) a_;
    const struct fte *b = *(const struct fte *const *) b_;

    if (a->table_id != b->table_id) {
        return a->table_id < b->table_id ? -1 : 1;
    }
    if (a->priority != b->priority) {
        return a->priority > b->priority ? -1 : 1;
    }
    char *as = match_to_string(&a->match);
    char *bs = match_to_string(&b->match);
    int cmp = strcmp(as, bs);
    free(as);
    free(bs);
    return cmp;
}

/* Returns the entries of FTES in a malloc'ed array, ordered as
 * compare_ftes() orders them. */
static struct fte **
ftes_sorted(const struct hmap *ftes)
{
    struct fte **array = xmalloc((hmap_count(ftes) + 1) * sizeof *array);
    size_t n = 0;
    struct fte *fte;

    HMAP_FOR_EACH (fte, node, ftes) {
        array[n++] = fte;
    }
    qsort(array, n, sizeof *array, compare_ftes);
    return array;
}

static void
ftes_destroy(struct hmap *ftes)
{
    struct fte *fte;

    HMAP_FOR_EACH_POP (fte, node, ftes) {
        fte_version_free(fte->versions[0]);
        fte_version_free(fte->versions[1]);
        free(fte);
    }
    hmap_destroy(ftes);
}

/* Appends version INDEX of FTE to S as diff-flows prints it. */
static void
fte_version_format(const struct fte *fte, int index, struct ds *s)
{
    const struct fte_version *v = fte->versions[index];
    size_t start;

    if (fte->table_id) {
        ds_put_format(s, "table=%"PRIu8" ", fte->table_id);
    }
    start = s->length;
    if (fte->priority != OFP_DEFAULT_PRIORITY) {
        ds_put_format(s, "priority=%d", fte->priority);
    }
    if (!match_is_catchall(&fte->match)) {
        if (s->length > start) {
            ds_put_char(s, ',');
        }
        match_format(&fte->match, s);
    }
    if (v->cookie) {
        ds_put_format(s, " cookie=0x%"PRIx64, ntohll(v->cookie));
    }
    if (v->idle_timeout) {
        ds_put_format(s, " idle_timeout=%"PRIu16, v->idle_timeout);
    }
    if (v->hard_timeout) {
        ds_put_format(s, " hard_timeout=%"PRIu16, v->hard_timeout);
    }
    if (v->importance) {
        ds_put_format(s, " importance=%"PRIu16, v->importance);
    }
    ds_put_format(s, " actions=%s\n", v->actions);
}

/* Appends to REQUESTS a flow_mod with COMMAND in PROTOCOL for version
 * INDEX of FTE. */
static void
fte_make_flow_mod(const struct fte *fte, int index, int command,
                  enum ofp_protocol protocol, struct list *requests)
{
    const struct fte_version *v = fte->versions[index];
    struct ofp_flow_mod fm = {
        .match = fte->match,
        .priority = fte->priority,
        .command = command,
        .table_id = fte->table_id,
        .new_cookie = v->cookie,
        .idle_timeout = v->idle_timeout,
        .hard_timeout = v->hard_timeout,
        .importance = v->importance,
        .buffer_id = OFP_NO_BUFFER,
        .out_port = OFPP_ANY,
        .out_group = OFPG_ANY,
        .flags = v->flags,
    };
    if (command == OFPFC_ADD || command == OFPFC_MODIFY
        || command == OFPFC_MODIFY_STRICT) {
        fm.ofpacts = v->ofpacts;
        fm.ofpacts_len = v->ofpacts_len;
    }
    struct buffer *request = ofp_encode_flow_mod(&fm, protocol);
    list_push_back(requests, &request->list_node);
}

static void
ofctl_replace_flows(int argc SLUICE_UNUSED, char *argv[])
{
    enum { FILE_IDX = 0, SWITCH_IDX = 1 };
    struct hmap ftes;

    hmap_init(&ftes);
    fetch_name_maps(argv[1]);
    uint32_t usable = read_flows_from_file(argv[2], &ftes, FILE_IDX);

    struct vconn *vconn;
    enum ofp_protocol protocol = open_vconn(argv[1], &vconn);
    protocol = set_protocol_for_flow_dump(vconn, protocol, usable);
    read_flows_from_switch(vconn, protocol, &ftes, SWITCH_IDX);

    /* Table by table: delete the rules only the switch has, then add
     * those that only the file has or that differ. */
    struct fte **sorted = ftes_sorted(&ftes);
    size_t n = hmap_count(&ftes);
    struct list requests;
    list_init(&requests);
    for (size_t start = 0, end; start < n; start = end) {
        for (end = start; end < n
                 && sorted[end]->table_id == sorted[start]->table_id;
             end++) {
            continue;
        }
        for (size_t i = start; i < end; i++) {
            const struct fte *fte = sorted[i];
            if (fte->versions[SWITCH_IDX] && !fte->versions[FILE_IDX]) {
                fte_make_flow_mod(fte, SWITCH_IDX, OFPFC_DELETE_STRICT,
                                  protocol, &requests);
            }
        }
        for (size_t i = start; i < end; i++) {
            const struct fte *fte = sorted[i];
            const struct fte_version *file_v = fte->versions[FILE_IDX];
            const struct fte_version *switch_v = fte->versions[SWITCH_IDX];
            if (file_v
                && (!switch_v || !fte_version_equals(file_v, switch_v))) {
                fte_make_flow_mod(fte, FILE_IDX, OFPFC_ADD, protocol,
                                  &requests);
            }
        }
    }
    free(sorted);

    if (bundle) {
        bundle_transact(vconn, &requests, OFPBF_ATOMIC | OFPBF_ORDERED);
        buffer_list_delete(&requests);
    } else {
        transact_multiple_noreply(vconn, &requests);
    }
    vconn_close(vconn);
    ftes_destroy(&ftes);
}

/* Reads the flows of SOURCE, a switch or a file, into FTES as version
 * INDEX. */
static void
read_flows_from_source(const char *source, struct hmap *ftes, int index)
{
    struct stat st;

    if (source[0] == '/' || source[0] == '.'
        || (!strchr(source, ':') && !stat(source, &st))) {
        read_flows_from_file(source, ftes, index);
    } else {
        struct vconn *vconn;
        enum ofp_protocol protocol = open_vconn(source, &vconn);
        protocol = set_protocol_for_flow_dump(vconn, protocol,
                                              OFP_PROTO_ANY);
        read_flows_from_switch(vconn, protocol, ftes, index);
        vconn_close(vconn);
    }
}

static void
ofctl_diff_flows(int argc SLUICE_UNUSED, char *argv[])
{
    struct hmap ftes;
    bool differences = false;

    hmap_init(&ftes);
    read_flows_from_source(argv[1], &ftes, 0);
    read_flows_from_source(argv[2], &ftes, 1);

    struct fte **sorted = ftes_sorted(&ftes);
    size_t n = hmap_count(&ftes);
    struct ds s = DS_EMPTY_INITIALIZER;
    for (size_t i = 0; i < n; i++) {
        const struct fte *fte = sorted[i];
        const struct fte_version *a = fte->versions[0];
        const struct fte_version *b = fte->versions[1];

        if (!a || !b || !fte_version_equals(a, b)) {
            for (int index = 0; index < 2; index++) {
                if (fte->versions[index]) {
                    ds_clear(&s);
                    fte_version_format(fte, index, &s);
                    printf("%c%s", index ? '+' : '-', ds_cstr(&s));
                }
            }
            differences = true;
        }
    }
    ds_destroy(&s);
    free(sorted);
    ftes_destroy(&ftes);
    if (differences) {
        exit(2);
    }
}

static SLUICE_NORETURN void
ofctl_help(int argc SLUICE_UNUSED, char *argv[] SLUICE_UNUSED)
{
    printf("%s: OpenFlow switch management utility\n"
           "usage: %s [OPTIONS] COMMAND [ARG...]\n"
           "\nFor OpenFlow switches:\n"
           "  show SWITCH                 show OpenFlow information\n"
           "  dump-desc SWITCH            print switch description\n"
           "  dump-tables SWITCH          print table stats\n"
           "  dump-table-features SWITCH  print table features\n"
           "  mod-port SWITCH IFACE ACT   modify port behavior\n"
           "  get-frags SWITCH            print fragment handling behavior\n"
           "  set-frags SWITCH FRAG_MODE  set fragment handling behavior\n"
           "      FRAG_MODE: normal, drop, reassemble, nx-match\n"
           "  dump-ports SWITCH [PORT]    print port statistics\n"
           "  dump-ports-desc SWITCH [PORT]  print port descriptions\n"
           "  dump-flows SWITCH           print all flow entries\n"
           "  dump-flows SWITCH FLOW      print matching FLOWs\n"
           "  dump-aggregate SWITCH       print aggregate flow statistics\n"
           "  dump-aggregate SWITCH FLOW  print aggregate stats for FLOWs\n"
           "  add-flow SWITCH FLOW        add flow described by FLOW\n"
           "  add-flows SWITCH FILE       add flows from FILE\n"
           "  mod-flows SWITCH FLOW       modify actions of matching FLOWs\n"
           "  del-flows SWITCH [FLOW]     delete matching FLOWs\n"
           "  replace-flows SWITCH FILE   replace flows with those in FILE\n"
           "  diff-flows SOURCE1 SOURCE2  compare flows from two sources\n"
           "  monitor SWITCH [MISSLEN] [invalid_ttl]\n"
           "                              print packets received from "
           "SWITCH\n"
           "  snoop SWITCH                snoop on SWITCH and its "
           "controller\n"
           "  packet-out SWITCH PACKET-OUT  execute actions on PACKET-OUT\n"
           "  add-group SWITCH GROUP      add group described by GROUP\n"
           "  add-groups SWITCH FILE      add group from FILE\n"
           "  mod-group SWITCH GROUP      modify specific group\n"
           "  del-groups SWITCH [GROUP]   delete matching GROUPs\n"
           "  insert-buckets SWITCH [GROUP] add buckets to GROUP\n"
           "  remove-buckets SWITCH [GROUP] remove buckets from GROUP\n"
           "  dump-group-features SWITCH  print group features\n"
           "  dump-groups SWITCH [GROUP]  print group description\n"
           "  dump-group-stats SWITCH [GROUP]  print group statistics\n"
           "  add-meter SWITCH METER      add meter described by METER\n"
           "  mod-meter SWITCH METER      modify specific METER\n"
           "  del-meters SWITCH [METER]   delete meters matching METER\n"
           "  dump-meters SWITCH [METER]  print METER configuration\n"
           "  meter-stats SWITCH [METER]  print meter statistics\n"
           "  meter-features SWITCH       print meter features\n"
           "\nFor OpenFlow switches and controllers:\n"
           "  probe TARGET                probe whether TARGET is up\n"
           "  ping TARGET [N]             latency of N-byte echos\n"
           "\nSWITCH is a bridge name (its socket %s/SWITCH.mgmt),\n"
           "a socket file, or a connection: unix:PATH, tcp:IP[:PORT], "
           "ssl:IP[:PORT].\n"
           "\nOptions:\n"
           "  -O, --protocols=VERSIONS    OpenFlow versions to allow, "
           "e.g. OpenFlow13\n"
           "                              (default: OpenFlow10)\n"
           "  --strict                    use strict match for flow "
           "commands\n"
           "  --bundle                    make changes in one bundle "
           "(OpenFlow 1.3+)\n"
           "  -t, --timeout=SECS          give up after SECS seconds\n"
           "  --names, --no-names         accept port names (default) "
           "or not\n"
           "  --stats, --no-stats         show statistics in flow dumps\n"
           "  --sort[=FIELD], --rsort[=FIELD]  sort flow dumps\n"
           "  -m, --more                  more verbose message dumps\n"
           "  -h, --help                  display this help message\n"
           "  -V, --version               display version information\n",
           program_name, program_name, ofctl_rundir());
    exit(EXIT_SUCCESS);
}

static const struct ofctl_command all_commands[] = {
    { "show", 1, 1, ofctl_show },
    { "dump-desc", 1, 1, ofctl_dump_desc },
    { "dump-tables", 1, 1, ofctl_dump_tables },
    { "dump-table-features", 1, 1, ofctl_dump_table_features },
    { "dump-ports", 1, 2, ofctl_dump_ports },
    { "dump-ports-desc", 1, 2, ofctl_dump_ports_desc },
    { "mod-port", 3, 3, ofctl_mod_port },
    { "get-frags", 1, 1, ofctl_get_frags },
    { "set-frags", 2, 2, ofctl_set_frags },
    { "probe", 1, 1, ofctl_probe },
    { "ping", 1, 2, ofctl_ping },
    { "packet-out", 2, INT_MAX, ofctl_packet_out },
    { "add-group", 2, 2, ofctl_add_group },
    { "add-groups", 2, 2, ofctl_add_groups },
    { "mod-group", 2, 2, ofctl_mod_group },
    { "del-groups", 1, 2, ofctl_del_groups },
    { "insert-buckets", 2, 2, ofctl_insert_buckets },
    { "remove-buckets", 2, 2, ofctl_remove_buckets },
    { "dump-groups", 1, 2, ofctl_dump_groups },
    { "dump-group-stats", 1, 2, ofctl_dump_group_stats },
    { "dump-group-features", 1, 1, ofctl_dump_group_features },
    { "add-meter", 2, 2, ofctl_add_meter },
    { "mod-meter", 2, 2, ofctl_mod_meter },
    { "del-meter", 1, 2, ofctl_del_meters },
    { "del-meters", 1, 2, ofctl_del_meters },
    { "dump-meter", 1, 2, ofctl_dump_meters },
    { "dump-meters", 1, 2, ofctl_dump_meters },
    { "meter-stats", 1, 2, ofctl_meter_stats },
    { "meter-features", 1, 1, ofctl_meter_features },
    { "dump-flows", 1, 2, ofctl_dump_flows },
    { "dump-aggregate", 1, 2, ofctl_dump_aggregate },
    { "add-flow", 2, 2, ofctl_add_flow },
    { "add-flows", 2, 2, ofctl_add_flows },
    { "mod-flows", 2, 2, ofctl_mod_flows },
    { "del-flows", 1, 2, ofctl_del_flows },
    { "replace-flows", 2, 2, ofctl_replace_flows },
    { "diff-flows", 2, 2, ofctl_diff_flows },
    { "monitor", 1, 3, ofctl_monitor },
    { "snoop", 1, 1, ofctl_snoop },
    { "help", 0, INT_MAX, ofctl_help },
};

static const struct ofctl_command *
find_command(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(all_commands); i++) {
        if (!strcmp(all_commands[i].name, name)) {
            return &all_commands[i];
        }
    }
    return NULL;
}

/* Parses S, a comma-separated list of version names, into a version
 * bitmap, dying with ovs-ofctl's message on an unknown name. */
static uint32_t
parse_versions(const char *s)
{
    char *copy = xstrdup(s);
    char *save_ptr = NULL;
    uint32_t versions = 0;

    for (char *word = strtok_r(copy, ", ", &save_ptr); word;
         word = strtok_r(NULL, ", ", &save_ptr)) {
        enum ofp_version version;

        if (!ofp_version_from_string(word, &version)) {
            sluice_fatal(0, "Unknown OpenFlow version: \"%s\"", word);
        }
        versions |= OFP_VERSION_BIT(version);
    }
    free(copy);
    if (!versions) {
        sluice_fatal(0, "%s: no OpenFlow versions", s);
    }
    return versions;
}

static void
parse_options(int argc, char *argv[])
{
    enum {
        OPT_STRICT = UCHAR_MAX + 1,
        OPT_BUNDLE,
        OPT_MAY_CREATE,
        OPT_SORT,
        OPT_RSORT,
        OPT_OPTIONS,
    };
    static const struct option long_options[] = {
        {"protocols", required_argument, NULL, 'O'},
        {"timeout", required_argument, NULL, 't'},
        {"strict", no_argument, NULL, OPT_STRICT},
        {"bundle", no_argument, NULL, OPT_BUNDLE},
        {"may-create", no_argument, NULL, OPT_MAY_CREATE},
        {"names", no_argument, &use_names, 1},
        {"no-names", no_argument, &use_names, 0},
        {"stats", no_argument, &show_stats, 1},
        {"no-stats", no_argument, &show_stats, 0},
        {"sort", optional_argument, NULL, OPT_SORT},
        {"rsort", optional_argument, NULL, OPT_RSORT},
        {"more", no_argument, NULL, 'm'},
        {"help", no_argument, NULL, 'h'},
        {"options", no_argument, NULL, OPT_OPTIONS},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    char *short_options = long_options_to_short_options(long_options);
    unsigned int timeout = 0;

    for (;;) {
        int c = getopt_long(argc, argv, short_options, long_options, NULL);
        if (c == -1) {
            break;
        }
        switch (c) {
        case 'O':
            allowed_versions = parse_versions(optarg);
            break;
        case 't':
            if (!str_to_uint(optarg, 10, &timeout) || !timeout) {
                sluice_fatal(0, "value %s on -t or --timeout is invalid",
                             optarg);
            }
            break;
        case OPT_STRICT:
            strict = true;
            break;
        case OPT_MAY_CREATE:
            may_create = true;
            break;
        case OPT_BUNDLE:
            bundle = true;
            break;
        case OPT_SORT:
        case OPT_RSORT:
            add_sort_criterion(c == OPT_RSORT, optarg);
            break;
        case 'm':
            verbosity++;
            break;
        case 'h':
            ofctl_help(0, NULL);
        case OPT_OPTIONS:
            print_options(long_options);
            exit(EXIT_SUCCESS);
        case 'V':
            sluice_print_version();
            exit(EXIT_SUCCESS);
        case 0:
            break;
        case '?':
            exit(EXIT_FAILURE);
        default:
            abort();
        }
    }
    free(short_options);
    ctl_timeout_setup(timeout);

    /* A last sort pass, by priority, as ovs-ofctl does. */
    if (n_criteria) {
        add_sort_criterion(true, "priority");
    }

    /* --bundle needs OpenFlow 1.3 or later: allow 1.4 if none is. */
    uint32_t of13_up = (OFP_VERSION_BIT(OFP13_VERSION)
                        | OFP_VERSION_BIT(OFP14_VERSION)
                        | OFP_VERSION_BIT(OFP15_VERSION));
    if (bundle && !(allowed_versions & of13_up)) {
        allowed_versions |= OFP_VERSION_BIT(OFP14_VERSION);
        allowed_versions &= of13_up;
    }
    allowed_protocols = 0;
    for (int v = OFP10_VERSION; v <= OFP15_VERSION; v++) {
        if (allowed_versions & OFP_VERSION_BIT(v)) {
            allowed_protocols |= (v == OFP10_VERSION
                                  ? OFP_PROTO_OF10_ANY
                                  : ofp_protocol_from_version(v));
        }
    }
}

int
main(int argc, char *argv[])
{
    set_program_name(argv[0]);
    parse_options(argc, argv);

    argc -= optind;
    argv += optind;
    if (argc < 1) {
        sluice_fatal(0, "missing command name; use --help for help");
    }
    const struct ofctl_command *cmd = find_command(argv[0]);
    if (!cmd) {
        sluice_fatal(0, "unknown command '%s'; use --help for help",
                     argv[0]);
    }
    if (argc - 1 < cmd->min_args) {
        sluice_fatal(0, "'%s' command requires at least %d arguments",
                     cmd->name, cmd->min_args);
    }
    if (argc - 1 > cmd->max_args) {
        sluice_fatal(0, "'%s' command takes at most %d arguments",
                     cmd->name, cmd->max_args);
    }
    cmd->handler(argc, argv);
    return 0;
}
