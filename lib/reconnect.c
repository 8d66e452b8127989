/* reconnect: connection keep-alive state machine.  See reconnect.h. */
#include <config.h>
#include "reconnect.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include "poll-loop.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(reconnect);

enum state {
    S_VOID,                     /* Disabled. */
    S_BACKOFF,                  /* Waiting before the next attempt. */
    S_CONNECTING,               /* Active attempt in progress. */
    S_LISTENING,                /* Passive: listener open. */
    S_ACTIVE,                   /* Connected, recent activity. */
    S_IDLE,                     /* Connected, probe sent, no reply yet. */
    S_RECONNECT                 /* Must disconnect (forced). */
};

struct reconnect {
    /* Configuration. */
    char *name;
    int min_backoff;
    int max_backoff;
    int probe_interval;
    unsigned int max_tries;
    bool passive;
    bool quiet;

    /* State. */
    enum state state;
    long long state_entered;
    int backoff;
    bool up;                    /* Connected since the last disconnect. */
    bool suppress_failures;     /* Logging repeated failures at DBG. */
    long long last_activity;
    long long last_connected;
    long long last_disconnected;
    int last_error;

    /* Statistics. */
    long long creation_time;
    unsigned int seqno;
    unsigned int n_attempted_connections;
    unsigned int n_successful_connections;
    long long total_connected_duration;  /* Of past connections. */
};

static const char *
state_name(enum state state)
{
    switch (state) {
    case S_VOID:
        return "VOID";
    case S_BACKOFF:
        return "BACKOFF";
    case S_CONNECTING:
        return "CONNECTING";
    case S_LISTENING:
        return "LISTENING";
    case S_ACTIVE:
        return "ACTIVE";
    case S_IDLE:
        return "IDLE";
    case S_RECONNECT:
        return "RECONNECT";
    default:
        return "***ERROR***";
    }
}

/* Logs at INFO, or DBG if FSM is quiet or QUIET. */
#define FSM_LOG(FSM, QUIET, ...)                                        \
    VLOG((FSM)->quiet || (QUIET) ? VLL_DBG : VLL_INFO, __VA_ARGS__)

struct reconnect *
reconnect_create(long long now)
{
    struct reconnect *fsm = xzalloc(sizeof *fsm);

    fsm->name = xstrdup("void");
    fsm->min_backoff = RECONNECT_DEFAULT_MIN_BACKOFF;
    fsm->max_backoff = RECONNECT_DEFAULT_MAX_BACKOFF;
    fsm->probe_interval = RECONNECT_DEFAULT_PROBE_INTERVAL;
    fsm->max_tries = UINT_MAX;
    fsm->state = S_VOID;
    fsm->state_entered = now;
    fsm->last_activity = now;
    fsm->last_connected = LLONG_MIN;
    fsm->last_disconnected = LLONG_MIN;
    fsm->creation_time = now;
    return fsm;
}

void
reconnect_destroy(struct reconnect *fsm)
{
    if (fsm) {
        free(fsm->name);
        free(fsm);
    }
}

void
reconnect_set_name(struct reconnect *fsm, const char *name)
{
    free(fsm->name);
    fsm->name = xstrdup(name ? name : "void");
}

const char *
reconnect_get_name(const struct reconnect *fsm)
{
    return fsm->name;
}

void
reconnect_set_quiet(struct reconnect *fsm, bool quiet)
{
    fsm->quiet = quiet;
}

void
reconnect_set_backoff(struct reconnect *fsm, int min_backoff,
                      int max_backoff)
{
    fsm->min_backoff = (min_backoff > 0 ? min_backoff
                        : RECONNECT_DEFAULT_MIN_BACKOFF);
    fsm->max_backoff = (max_backoff > 0 ? max_backoff
                        : RECONNECT_DEFAULT_MAX_BACKOFF);
    if (fsm->max_backoff < fsm->min_backoff) {
        fsm->max_backoff = fsm->min_backoff;
    }
    if (fsm->state == S_BACKOFF && fsm->backoff > fsm->max_backoff) {
        fsm->backoff = fsm->max_backoff;
    }
}

int
reconnect_get_min_backoff(const struct reconnect *fsm)
{
    return fsm->min_backoff;
}

int
reconnect_get_max_backoff(const struct reconnect *fsm)
{
    return fsm->max_backoff;
}

void
reconnect_set_probe_interval(struct reconnect *fsm, int probe_interval)
{
    fsm->probe_interval = probe_interval > 0 ? MAX(probe_interval, 1000) : 0;
}

int
reconnect_get_probe_interval(const struct reconnect *fsm)
{
    return fsm->probe_interval;
}

void
reconnect_set_max_tries(struct reconnect *fsm, unsigned int max_tries)
{
    fsm->max_tries = max_tries;
}

unsigned int
reconnect_get_max_tries(const struct reconnect *fsm)
{
    return fsm->max_tries;
}

/* Enters STATE at NOW, counting an attempt when one starts and ending the
 * connection, if one is up, when leaving it behind. */
static void
transition(struct reconnect *fsm, long long now, enum state state)
{
    if (fsm->up && state != S_ACTIVE && state != S_IDLE
        && state != S_RECONNECT) {
        fsm->up = false;
        fsm->last_disconnected = now;
        fsm->total_connected_duration += now - fsm->last_connected;
        fsm->seqno++;
    }
    if (state == S_CONNECTING || state == S_LISTENING) {
        fsm->n_attempted_connections++;
        if (fsm->max_tries != UINT_MAX && fsm->max_tries > 0) {
            fsm->max_tries--;
        }
    }
    VLOG_DBG("%s: entering %s", fsm->name, state_name(state));
    fsm->state = state;
    fsm->state_entered = now;
}

void
reconnect_set_passive(struct reconnect *fsm, bool passive, long long now)
{
    if (fsm->passive != passive) {
        fsm->passive = passive;
        if (fsm->state == S_CONNECTING || fsm->state == S_LISTENING) {
            transition(fsm, now, S_BACKOFF);
            fsm->backoff = 0;
        }
    }
}

bool
reconnect_is_passive(const struct reconnect *fsm)
{
    return fsm->passive;
}

void
reconnect_enable(struct reconnect *fsm, long long now)
{
    if (fsm->state == S_VOID && fsm->max_tries > 0) {
        transition(fsm, now, S_BACKOFF);
        fsm->backoff = 0;
    }
}

void
reconnect_disable(struct reconnect *fsm, long long now)
{
    if (fsm->state != S_VOID) {
        transition(fsm, now, S_VOID);
    }
}

bool
reconnect_is_enabled(const struct reconnect *fsm)
{
    return fsm->state != S_VOID;
}

void
reconnect_force_reconnect(struct reconnect *fsm, long long now)
{
    if (fsm->state == S_CONNECTING || fsm->state == S_ACTIVE
        || fsm->state == S_IDLE) {
        transition(fsm, now, S_RECONNECT);
    }
}

void
reconnect_connecting(struct reconnect *fsm, long long now)
{
    if (fsm->passive) {
        reconnect_listening(fsm, now);
    } else if (fsm->state != S_CONNECTING) {
        FSM_LOG(fsm, fsm->suppress_failures, "%s: connecting...",
                fsm->name);
        transition(fsm, now, S_CONNECTING);
    }
}

void
reconnect_listening(struct reconnect *fsm, long long now)
{
    if (fsm->state != S_LISTENING) {
        FSM_LOG(fsm, fsm->suppress_failures, "%s: listening...", fsm->name);
        transition(fsm, now, S_LISTENING);
    }
}

void
reconnect_connected(struct reconnect *fsm, long long now)
{
    if (fsm->state != S_ACTIVE && fsm->state != S_IDLE) {
        FSM_LOG(fsm, false, "%s: connected", fsm->name);
        if (fsm->up) {
            /* A new connection replaces one that was to be dropped. */
            transition(fsm, now, S_BACKOFF);
        }
        transition(fsm, now, S_ACTIVE);
        fsm->up = true;
        fsm->suppress_failures = false;
        fsm->last_connected = now;
        fsm->last_activity = now;
        fsm->n_successful_connections++;
        fsm->seqno++;
    }
}

void
reconnect_connect_failed(struct reconnect *fsm, long long now, int error)
{
    reconnect_connecting(fsm, now);
    reconnect_disconnected(fsm, now, error);
}

void
reconnect_listen_error(struct reconnect *fsm, long long now, int error)
{
    reconnect_listening(fsm, now);
    reconnect_disconnected(fsm, now, error);
}

/* Returns a description of ERROR for a log message. */
static const char *
describe_error(int error)
{
    return error == EOF ? "connection closed by peer"
           : error ? sluice_strerror(error)
           : "closed";
}

void
reconnect_disconnected(struct reconnect *fsm, long long now, int error)
{
    if (fsm->state == S_VOID || fsm->state == S_BACKOFF) {
        return;
    }

    bool was_up = fsm->up;
    bool quiet = fsm->suppress_failures && !was_up;

    /* Report what happened. */
    if (was_up) {
        FSM_LOG(fsm, false, "%s: connection dropped (%s)", fsm->name,
                describe_error(error));
    } else if (fsm->state == S_LISTENING) {
        FSM_LOG(fsm, quiet, "%s: error listening for connections (%s)",
                fsm->name, describe_error(error));
    } else {
        FSM_LOG(fsm, quiet, "%s: connection attempt failed (%s)",
                fsm->name, describe_error(error));
    }
    fsm->last_error = error;

    /* Back off. */
    if (was_up && (fsm->passive
                   || now - fsm->last_connected >= fsm->backoff)) {
        fsm->backoff = fsm->passive ? 0 : fsm->min_backoff;
    } else if (fsm->backoff < fsm->min_backoff) {
        fsm->backoff = fsm->min_backoff;
    } else if (fsm->backoff > fsm->max_backoff / 2) {
        fsm->backoff = fsm->max_backoff;
    } else {
        fsm->backoff *= 2;
    }

    if (fsm->max_tries == 0) {
        FSM_LOG(fsm, false, "%s: giving up after the last allowed attempt",
                fsm->name);
        transition(fsm, now, S_VOID);
        return;
    }

    if (fsm->backoff > 0) {
        FSM_LOG(fsm, quiet, "%s: waiting %.3g seconds before %s", fsm->name,
                fsm->backoff / 1000.0,
                fsm->passive ? "listening again" : "reconnecting");
    }
    if (!was_up && !fsm->suppress_failures
        && fsm->backoff >= fsm->max_backoff) {
        FSM_LOG(fsm, false, "%s: continuing to retry every %.3g seconds; "
                "further failures are logged at debug level", fsm->name,
                fsm->max_backoff / 1000.0);
        fsm->suppress_failures = true;
    }
    transition(fsm, now, S_BACKOFF);
}

void
reconnect_activity(struct reconnect *fsm, long long now)
{
    if (fsm->state == S_IDLE) {
        transition(fsm, now, S_ACTIVE);
    }
    fsm->last_activity = now;
}

/* Returns the time at which reconnect_run() will act, or LLONG_MAX if
 * none. */
static long long
deadline(const struct reconnect *fsm)
{
    switch (fsm->state) {
    case S_VOID:
    case S_LISTENING:
        return LLONG_MAX;

    case S_BACKOFF:
        return fsm->state_entered + fsm->backoff;

    case S_CONNECTING:
        return fsm->state_entered + MAX(1000, fsm->backoff);

    case S_ACTIVE:
        if (fsm->probe_interval) {
            return (MAX(fsm->last_activity, fsm->state_entered)
                    + fsm->probe_interval);
        }
        return LLONG_MAX;

    case S_IDLE:
        if (fsm->probe_interval) {
            return fsm->state_entered + fsm->probe_interval;
        }
        return LLONG_MAX;

    case S_RECONNECT:
        return fsm->state_entered;

    default:
        sluice_abort("reconnect: bad state %d", (int) fsm->state);
    }
}

enum reconnect_action
reconnect_run(struct reconnect *fsm, long long now)
{
    if (now < deadline(fsm)) {
        return 0;
    }

    switch (fsm->state) {
    case S_VOID:
    case S_LISTENING:
        return 0;

    case S_BACKOFF:
        if (fsm->max_tries == 0) {
            FSM_LOG(fsm, false, "%s: no connection attempts left",
                    fsm->name);
            transition(fsm, now, S_VOID);
            return 0;
        }
        return RECONNECT_CONNECT;

    case S_CONNECTING:
        FSM_LOG(fsm, fsm->suppress_failures,
                "%s: connection attempt timed out", fsm->name);
        return RECONNECT_DISCONNECT;

    case S_ACTIVE:
        VLOG_DBG("%s: idle %lld ms, sending inactivity probe", fsm->name,
                 now - MAX(fsm->last_activity, fsm->state_entered));
        transition(fsm, now, S_IDLE);
        return RECONNECT_PROBE;

    case S_IDLE:
        VLOG_ERR("%s: no response to inactivity probe after %.3g seconds, "
                 "disconnecting", fsm->name, fsm->probe_interval / 1000.0);
        return RECONNECT_DISCONNECT;

    case S_RECONNECT:
        return RECONNECT_DISCONNECT;

    default:
        sluice_abort("reconnect: bad state %d", (int) fsm->state);
    }
}

void
reconnect_wait(struct reconnect *fsm, long long now)
{
    long long when = deadline(fsm);
    if (when != LLONG_MAX) {
        poll_timer_wait_until(when);
    }
}

int
reconnect_timeout(struct reconnect *fsm, long long now)
{
    long long when = deadline(fsm);
    if (when == LLONG_MAX) {
        return -1;
    }
    long long remaining = when - now;
    return remaining <= 0 ? 0 : remaining > INT_MAX ? INT_MAX
                                                    : (int) remaining;
}

bool
reconnect_is_connected(const struct reconnect *fsm)
{
    return fsm->state == S_ACTIVE || fsm->state == S_IDLE;
}

unsigned int
reconnect_get_backoff(const struct reconnect *fsm)
{
    return fsm->backoff;
}

int
reconnect_get_last_error(const struct reconnect *fsm)
{
    return fsm->last_error;
}

void
reconnect_get_stats(const struct reconnect *fsm, long long now,
                    struct reconnect_stats *stats)
{
    stats->creation_time = fsm->creation_time;
    stats->last_activity = fsm->last_activity;
    stats->last_connected = fsm->last_connected;
    stats->last_disconnected = fsm->last_disconnected;
    stats->backoff = fsm->backoff;
    stats->last_error = fsm->last_error;
    stats->seqno = fsm->seqno;
    stats->is_connected = reconnect_is_connected(fsm);
    stats->msec_since_connect = (fsm->last_connected == LLONG_MIN ? -1
                                 : now - fsm->last_connected);
    stats->msec_since_disconnect = (fsm->last_disconnected == LLONG_MIN ? -1
                                    : now - fsm->last_disconnected);
    stats->total_connected_duration = fsm->total_connected_duration;
    if (fsm->up) {
        stats->total_connected_duration += now - fsm->last_connected;
    }
    stats->n_attempted_connections = fsm->n_attempted_connections;
    stats->n_successful_connections = fsm->n_successful_connections;
    stats->state = state_name(fsm->state);
    stats->state_elapsed = now - fsm->state_entered;
}
