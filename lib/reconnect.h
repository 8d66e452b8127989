/*
 * reconnect: when to connect, probe and disconnect a connection that is to
 * be kept up, as a state machine without I/O.
 *
 * The caller owns the connection and tells the machine what happens to it
 * (reconnect_connecting(), _connected(), _connect_failed(),
 * _disconnected(), _activity()), passing the current time NOW in
 * milliseconds (time_msec() in production, any clock in tests).  In each
 * pass of its main loop the caller asks reconnect_run() what to do and
 * does it:
 *
 *   RECONNECT_CONNECT     open the connection (or, in passive mode, the
 *                         listener), then report reconnect_connecting() and
 *                         later _connected(), or _connect_failed().
 *   RECONNECT_DISCONNECT  close the connection (an attempt that takes too
 *                         long, a peer that did not answer a probe, or a
 *                         forced reconnect), then report _disconnected().
 *   RECONNECT_PROBE       send something that the peer must answer (a
 *                         JSON-RPC or OpenFlow echo request).
 *
 * and then calls reconnect_wait() before poll_block().
 *
 * Backoff: after reconnect_enable() the first attempt is immediate.  Each
 * failure (an attempt that fails, or a connection that drops without
 * having been stable) waits min_backoff (default 1000 ms) before the next
 * attempt, then twice as long each time, up to max_backoff (default
 * 8000 ms).  When a connection that stayed up for at least the backoff
 * in effect when it was made drops, the backoff goes back to
 * min_backoff.  An attempt that has not connected after the greater of the
 * backoff and 1000 ms is abandoned (RECONNECT_DISCONNECT).
 *
 * Probes: with a probe interval (default 5000 ms, 0 disables), a
 * connection without activity for that long gets RECONNECT_PROBE; if
 * another interval passes without activity, RECONNECT_DISCONNECT.
 *
 * Passive mode: RECONNECT_CONNECT asks for a listener; report it with
 * reconnect_listening() (or _connecting()) or reconnect_listen_error() (or
 * _connect_failed()); an accepted connection is reported with
 * reconnect_connected(), and after it ends the machine asks at once for
 * the listener again.
 *
 * Max tries: reconnect_set_max_tries(N) allows N more attempts (opening a
 * listener counts as one); once they are used up, the machine disables
 * itself instead of backing off.  The default is unlimited.
 *
 * Changes of state are logged at INFO level (DBG if quiet) with the name.
 *
 * Ownership and thread safety: the caller creates and destroys the machine
 * and uses it from one thread at a time.
 */
#ifndef SLUICE_RECONNECT_H
#define SLUICE_RECONNECT_H 1

#include <stdbool.h>

struct reconnect;

#define RECONNECT_DEFAULT_MIN_BACKOFF 1000
#define RECONNECT_DEFAULT_MAX_BACKOFF 8000
#define RECONNECT_DEFAULT_PROBE_INTERVAL 5000

enum reconnect_action {
    RECONNECT_CONNECT = 1,
    RECONNECT_DISCONNECT,
    RECONNECT_PROBE
};

/* Returns a new machine, disabled and active (not passive), named "void",
 * with the default backoff, probe interval and unlimited tries. */
struct reconnect *reconnect_create(long long now);

/* Frees FSM.  NULL is a no-op. */
void reconnect_destroy(struct reconnect *fsm);

/* Names FSM for log messages, normally after the connection's remote
 * ("tcp:10.0.0.1:6640").  NULL restores "void". */
void reconnect_set_name(struct reconnect *fsm, const char *name);

/* Returns FSM's name. */
const char *reconnect_get_name(const struct reconnect *fsm);

/* Logs FSM's changes of state at DBG level if QUIET, INFO otherwise. */
void reconnect_set_quiet(struct reconnect *fsm, bool quiet);

/* Sets the backoff range in milliseconds.  MIN_BACKOFF <= 0 selects the
 * default 1000 ms; MAX_BACKOFF <= 0 the default 8000 ms; MAX_BACKOFF is
 * raised to MIN_BACKOFF if below it.  A wait in progress longer than the
 * new maximum is shortened to it. */
void reconnect_set_backoff(struct reconnect *fsm, int min_backoff,
                           int max_backoff);

int reconnect_get_min_backoff(const struct reconnect *fsm);
int reconnect_get_max_backoff(const struct reconnect *fsm);

/* Sets the inactivity probe interval in milliseconds; 0 (or negative)
 * disables probes, and positive values below 1000 become 1000. */
void reconnect_set_probe_interval(struct reconnect *fsm, int probe_interval);

int reconnect_get_probe_interval(const struct reconnect *fsm);

/* Allows MAX_TRIES more connection attempts (UINT_MAX: unlimited). */
void reconnect_set_max_tries(struct reconnect *fsm, unsigned int max_tries);

/* Returns the number of attempts still allowed (UINT_MAX: unlimited). */
unsigned int reconnect_get_max_tries(const struct reconnect *fsm);

/* Switches FSM to passive (listening) or active mode.  An attempt in
 * progress in the other mode is abandoned: the machine asks at once for a
 * new one (the caller closes what it had opened). */
void reconnect_set_passive(struct reconnect *fsm, bool passive,
                           long long now);

bool reconnect_is_passive(const struct reconnect *fsm);

/* Enables FSM: unless already enabled (or out of tries), it asks at once
 * for a connection. */
void reconnect_enable(struct reconnect *fsm, long long now);

/* Disables FSM: it asks for nothing until enabled again.  The caller
 * closes its connection, if any. */
void reconnect_disable(struct reconnect *fsm, long long now);

/* Returns true unless FSM is disabled (including by running out of
 * tries). */
bool reconnect_is_enabled(const struct reconnect *fsm);

/* Makes FSM ask for a disconnection (RECONNECT_DISCONNECT) at once if it
 * is connected or connecting, so that the caller reconnects. */
void reconnect_force_reconnect(struct reconnect *fsm, long long now);

/* Reports that the caller started a connection attempt (in passive mode,
 * the same as reconnect_listening()).  Counts an attempt. */
void reconnect_connecting(struct reconnect *fsm, long long now);

/* Reports, in passive mode, that the caller is listening.  Counts an
 * attempt. */
void reconnect_listening(struct reconnect *fsm, long long now);

/* Reports that the connection is up (in passive mode: accepted). */
void reconnect_connected(struct reconnect *fsm, long long now);

/* Reports that a connection attempt failed with ERROR (an errno value),
 * whether or not reconnect_connecting() was reported first.  In passive
 * mode, the same as reconnect_listen_error(). */
void reconnect_connect_failed(struct reconnect *fsm, long long now,
                              int error);

/* Reports, in passive mode, that the listener could not be opened or
 * failed with ERROR. */
void reconnect_listen_error(struct reconnect *fsm, long long now, int error);

/* Reports that the connection ended or was closed by the caller, with
 * ERROR (an errno value, EOF for an orderly close by the peer, or 0 if the
 * caller closed it).  Starts the backoff, or disables FSM if it is out of
 * tries. */
void reconnect_disconnected(struct reconnect *fsm, long long now, int error);

/* Reports that data arrived from the peer. */
void reconnect_activity(struct reconnect *fsm, long long now);

/* Returns what the caller should do now, or 0 for nothing.
 * RECONNECT_PROBE is returned once per idle period; RECONNECT_CONNECT and
 * RECONNECT_DISCONNECT are repeated until the caller reports the
 * corresponding change. */
enum reconnect_action reconnect_run(struct reconnect *fsm, long long now);

/* Makes the next poll_block() wake when reconnect_run() will have
 * something to do. */
void reconnect_wait(struct reconnect *fsm, long long now);

/* Returns the milliseconds until reconnect_run() will have something to
 * do (0 if it has now), or -1 if that depends only on what the caller
 * reports. */
int reconnect_timeout(struct reconnect *fsm, long long now);

/* Returns true if the connection is up (reconnect_connected() reported and
 * no disconnection since). */
bool reconnect_is_connected(const struct reconnect *fsm);

/* Returns the current backoff in milliseconds: the wait before the next
 * attempt (0 for an immediate one). */
unsigned int reconnect_get_backoff(const struct reconnect *fsm);

/* Returns the error last reported to _connect_failed(), _listen_error() or
 * _disconnected() (0 if none). */
int reconnect_get_last_error(const struct reconnect *fsm);

/* Statistics, for status reports (OVSDB "status" columns, appctl). */
struct reconnect_stats {
    /* All times are those passed as NOW; LLONG_MIN means "never". */
    long long creation_time;
    long long last_activity;        /* Last connection or activity. */
    long long last_connected;       /* Last reconnect_connected(). */
    long long last_disconnected;    /* Last end of a connection. */
    int backoff;                    /* Current backoff, ms. */
    int last_error;                 /* As reconnect_get_last_error(). */

    unsigned int seqno;             /* Changes on connect and disconnect. */
    bool is_connected;
    long long msec_since_connect;    /* -1 if never connected. */
    long long msec_since_disconnect; /* -1 if never disconnected. */
    long long total_connected_duration; /* ms, including this one. */
    unsigned int n_attempted_connections;
    unsigned int n_successful_connections;

    const char *state;              /* "VOID", "BACKOFF", "CONNECTING",
                                     * "LISTENING", "ACTIVE", "IDLE",
                                     * "RECONNECT". */
    long long state_elapsed;        /* ms in that state. */
};

/* Fills *STATS for FSM at time NOW. */
void reconnect_get_stats(const struct reconnect *fsm, long long now,
                         struct reconnect_stats *stats);

#endif /* reconnect.h */
