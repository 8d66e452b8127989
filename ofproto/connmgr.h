/*
 * connmgr: the OpenFlow connections of one switch.
 *
 * Two kinds of connection:
 *
 *   - Controllers ("tcp:IP[:PORT]", "ssl:...", "unix:PATH"), which the
 *     switch connects to itself and keeps reconnecting (rconn.h), with a
 *     role (equal, primary or secondary, with generation ids), the
 *     asynchronous messages they asked for, and a share in the fail mode:
 *     while no controller is connected, a switch in fail mode "standalone"
 *     behaves as a learning switch.
 *   - Service connections, accepted on listeners ("punix:PATH", "ptcp:",
 *     "pssl:"), such as the bridge's management socket
 *     $RUNDIR/BRIDGE.mgmt that ovs-ofctl talks to.  They always have role
 *     "equal", get no asynchronous messages unless they ask for them
 *     (monitor), and do not count as controllers.
 *
 * connmgr_run() accepts, receives and hands each OpenFlow message to the
 * handler the owner gave (ofproto.c), which answers on the same
 * connection with ofconn_send_reply() and friends.  Per connection it
 * keeps what the protocol lets a peer set: the protocol (flow format and
 * table-id extension), miss_send_len, the packet-in format, the controller
 * id, role and async configuration.
 *
 * Thread safety: everything here runs in the thread that runs the switch
 * (the main thread), except connmgr_send_async() callers documented
 * otherwise.  Messages passed to the send functions are taken over.
 */
#ifndef SLUICE_OFPROTO_CONNMGR_H
#define SLUICE_OFPROTO_CONNMGR_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "list.h"
#include "ofp-errors.h"
#include "ofp-protocol.h"
#include "openflow.h"

struct buffer;
struct connmgr;
struct ds;
struct ofconn;
struct ofp_header;

/* A connection's role (OpenFlow 1.2+ and Nicira role requests). */
enum ofconn_role {
    OFCONN_ROLE_EQUAL,
    OFCONN_ROLE_PRIMARY,            /* "master". */
    OFCONN_ROLE_SECONDARY,          /* "slave". */
};

enum ofconn_type {
    OFCONN_CONTROLLER,              /* Configured, switch-initiated. */
    OFCONN_SERVICE,                 /* Accepted on a listener. */
};

/* What a switch does while no controller is connected. */
enum ofproto_fail_mode {
    OFPROTO_FAIL_STANDALONE,        /* Act as a learning switch. */
    OFPROTO_FAIL_SECURE,            /* Keep the flow tables as they are. */
};

/* Asynchronous message kinds, for the async configuration masks. */
enum ofconn_async_type {
    OFCONN_ASYNC_PACKET_IN,
    OFCONN_ASYNC_PORT_STATUS,
    OFCONN_ASYNC_FLOW_REMOVED,
    OFCONN_ASYNC_N_TYPES
};

/* One controller's configuration. */
struct connmgr_controller {
    const char *target;             /* "tcp:10.0.0.1:6653" ... */
    int probe_interval_ms;          /* 0: the default (5000). */
    int max_backoff_ms;             /* 0: the default (8000). */
    uint32_t allowed_versions;      /* 0: all. */
    int rate_limit;                 /* Packet-ins per second, 0: none. */
    int burst_limit;
};

/* Handles MSG (a complete OpenFlow message, not to be freed) received on
 * OFCONN. */
typedef void connmgr_handler_cb(void *aux, struct ofconn *ofconn,
                                const struct ofp_header *msg);

/* Creates the connection manager of switch NAME, which hands messages to
 * HANDLER with AUX. */
struct connmgr *connmgr_create(const char *name, connmgr_handler_cb *handler,
                               void *aux);

/* Closes every connection and listener and frees MGR.  NULL is a no-op. */
void connmgr_destroy(struct connmgr *mgr);

/* Receives and handles up to a bounded number of messages per
 * connection, accepts new service connections, drops dead ones. */
void connmgr_run(struct connmgr *mgr);
void connmgr_wait(struct connmgr *mgr);

/* Sets the listeners to the N passive targets in TARGETS ("punix:...",
 * "ptcp:...", "pssl:..."), keeping those already open.  Returns 0, or
 * the error of the first that could not be opened, with a message naming
 * it in *ERRP (the others are still set). */
int connmgr_set_listeners(struct connmgr *mgr, const char *const targets[],
                          size_t n, char **errp);

/* Sets the controllers to the N in CS, keeping the connections of those
 * whose configuration did not change. */
void connmgr_set_controllers(struct connmgr *mgr,
                             const struct connmgr_controller cs[], size_t n);

void connmgr_set_fail_mode(struct connmgr *mgr, enum ofproto_fail_mode);
enum ofproto_fail_mode connmgr_get_fail_mode(const struct connmgr *mgr);

/* Returns true if MGR has controllers configured. */
bool connmgr_has_controllers(const struct connmgr *mgr);

/* Returns true if a controller is configured and none is connected, so
 * that a standalone switch should act on its own. */
bool connmgr_fail_open_active(const struct connmgr *mgr);

/* Returns true if some connected connection would get table-miss
 * packet-ins (see connmgr_send_packet_in()). */
bool connmgr_wants_miss_packet_ins(const struct connmgr *mgr);

/* Appends a description of the controllers (target, role, state) and
 * listeners to DS, for appctl. */
void connmgr_format_status(const struct connmgr *mgr, struct ds *ds);

/* The state of the connection to a controller, in the terms of Open
 * vSwitch's Controller table. */
struct connmgr_controller_status {
    bool is_connected;
    const char *role;           /* "master", "slave" or "other". */
    const char *state;          /* "VOID", "BACKOFF", "CONNECTING",
                                 * "ACTIVE" or "IDLE". */
    int last_error;             /* errno value, EOF or 0. */
};

/* Stores the state of MGR's connection to the controller TARGET in *ST and
 * returns true, or returns false if MGR has no such controller. */
bool connmgr_get_controller_status(const struct connmgr *mgr,
                                   const char *target,
                                   struct connmgr_controller_status *st);

/* Sends an asynchronous message of TYPE and REASON to every connection
 * that wants it.  The message is built once per distinct protocol the
 * connections speak, by BUILD called with that protocol (a single
 * enum ofp_protocol bit) and AUX; the result is taken over, and NULL
 * means "nothing to send in that protocol". */
void connmgr_send_async(struct connmgr *mgr, enum ofconn_async_type type,
                        uint8_t reason,
                        struct buffer *(*build)(enum ofp_protocol,
                                                void *aux),
                        void *aux);

/* Sends a packet-in for REASON to every connection that wants it: built
 * per connection by BUILD with the connection's protocol, packet-in
 * format and the number of packet bytes to include (MAX_LEN for packets
 * sent by an action, or the connection's miss_send_len for a table miss).
 * MISS (a table miss): only connections below OpenFlow 1.3 get it, as
 * later versions have no table-miss packet-ins.  CONTROLLER_ID: only
 * connections with that controller id, unless 0.  A controller with a
 * rate limit (connmgr_controller) gets them through its packet-in
 * schedulers, which queue per input port IN_PORT and drop beyond the
 * burst limit. */
void connmgr_send_packet_in(struct connmgr *mgr, uint8_t reason, bool miss,
                            uint16_t max_len, uint16_t controller_id,
                            uint32_t in_port,
                            struct buffer *(*build)(enum ofp_protocol,
                                                    enum nx_packet_in_format,
                                                    uint16_t max_len,
                                                    void *aux),
                            void *aux);

/* Connections. */

enum ofconn_type ofconn_get_type(const struct ofconn *);
enum ofp_version ofconn_get_version(const struct ofconn *);
enum ofp_protocol ofconn_get_protocol(const struct ofconn *);
void ofconn_set_protocol(struct ofconn *, enum ofp_protocol);
enum nx_packet_in_format ofconn_get_packet_in_format(const struct ofconn *);
void ofconn_set_packet_in_format(struct ofconn *, enum nx_packet_in_format);
uint16_t ofconn_get_miss_send_len(const struct ofconn *);
void ofconn_set_miss_send_len(struct ofconn *, uint16_t);
uint16_t ofconn_get_controller_id(const struct ofconn *);
void ofconn_set_controller_id(struct ofconn *, uint16_t);
enum ofconn_role ofconn_get_role(const struct ofconn *);

/* Changes OFCONN's role as a role request asks.  GENERATION_ID applies
 * to primary and secondary requests (UINT64_MAX: none given, as in
 * OpenFlow 1.0/1.1 Nicira requests).  Returns 0, or
 * OFPERR_OFPRRFC_STALE if the generation id is older than one seen. A
 * new primary makes any other primary a secondary. */
enum ofperr ofconn_set_role(struct ofconn *, enum ofconn_role,
                            uint64_t generation_id);

/* Returns the generation id last seen, or UINT64_MAX if none. */
uint64_t connmgr_get_generation_id(const struct connmgr *mgr);

/* The async masks: bit R of masks[ROLE][TYPE] set means OFCONN wants
 * reason R of TYPE while in role ROLE (0: equal/primary, 1: secondary). */
void ofconn_get_async_config(const struct ofconn *, uint32_t masks[2][3]);
void ofconn_set_async_config(struct ofconn *, const uint32_t masks[2][3]);

/* Sends MSG (taken over) on OFCONN. */
void ofconn_send_reply(struct ofconn *ofconn, struct buffer *msg);

/* Sends each message of REPLIES (a list of struct buffer, as ofpmp_init()
 * builds them; taken over) on OFCONN. */
void ofconn_send_replies(struct ofconn *ofconn, struct list *replies);

/* Sends the OpenFlow error ERROR in reply to REQUEST on OFCONN. */
void ofconn_send_error(struct ofconn *ofconn, const struct ofp_header *request,
                       enum ofperr error);

/* A pointer that the switch keeps with OFCONN (its open bundles), freed
 * with DESTROY when the connection ends or reconnects, or when replaced.
 * NULL: none. */
void ofconn_set_aux(struct ofconn *, void *aux, void (*destroy)(void *));
void *ofconn_get_aux(const struct ofconn *);

/* Returns the connection manager OFCONN belongs to. */
struct connmgr *ofconn_get_connmgr(const struct ofconn *ofconn);

/* Returns a name for OFCONN for log messages. */
const char *ofconn_get_name(const struct ofconn *ofconn);

#endif /* ofproto/connmgr.h */
