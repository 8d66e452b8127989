/*
 * dpif: the datapath interface, the fast path as the slow path sees it.
 *
 * A datapath is a set of ports and a table of megaflows.  A megaflow is a
 * match (a key and a mask over struct flow, see lib/flow.h) and a list of
 * datapath actions (lib/odp-actions.h).  The datapath forwards every
 * packet that a megaflow matches by that megaflow's actions, counts it in
 * the megaflow's statistics, and hands every packet that no megaflow
 * matches to the upcall handler, which says what to do with it and may
 * install a megaflow so that the next packets like it stay in the fast
 * path.  The datapath knows nothing of OpenFlow.
 *
 * Sluice has one kind of datapath, "netdev": DPDK and kernel ports polled
 * in userspace.  A datapath is named "netdev@NAME" or just "NAME" (the two
 * are the same datapath); Sluice's default is DPIF_DEFAULT_NAME.  Each
 * datapath has a local port, number 0 (ODPP_LOCAL), of type "internal"
 * named NAME: a tap device through which the host's network stack reaches
 * the switch.  Other ports get the lowest free number from 1 unless the
 * caller asks for one.
 *
 * Threads.  A datapath runs:
 *   - one PMD thread per core of its pmd-cpu-mask, pinned to that core,
 *     polling the receive queues of its DPDK ports (dpdk, dpdkvhostuser,
 *     dpdkvhostuserclient) in bursts; an idle PMD backs off into sleeps
 *     that grow up to pmd-sleep-max microseconds.  Default mask: the last
 *     core the process may run on, one PMD (a small machine keeps its
 *     first core for the kernel, the main thread and guests).
 *   - one non-PMD thread ("dp-nonpmd-NAME"), which waits in poll(2) on
 *     the ports that are not polled (system, internal) and forwards their
 *     packets.  It shows as "main thread" in the statistics, as in Open
 *     vSwitch.  It and the handler thread stay off the PMD cores when the
 *     process may run on others.
 *   - one handler thread ("dp-handler-NAME"), which takes upcalls from
 *     every poller's upcall queue, calls the registered upcall handler
 *     with batches of them, installs the megaflows it returns and executes
 *     the packets.  Once a second it also expires idle megaflows
 *     (max-idle) and re-ranks the classifiers' subtables.
 * The main thread's dpif_run_all() applies port reconfigurations and
 * samples the receive queues' load for pmd-rxq-assign=cycles.
 *
 * Upcalls.  A poller (PMD or non-PMD thread) never waits for the slow
 * path: a packet that misses every cache and the classifier goes into the
 * poller's bounded upcall queue (DPIF_UPCALL_QUEUE_LEN packets) and the
 * poller moves on.  When the queue is full, or no handler is registered,
 * the packet is dropped and counted as "lost".  The handler thread drains
 * the queues in turn, a bounded batch from each, so that a flood of new
 * flows on one port neither stalls the established flows (they never wait
 * behind upcalls) nor starves the upcalls of other pollers.  Packets sent
 * to the slow path by a USERSPACE action take the same queues.  The
 * handler executes a missed packet's actions in the non-PMD thread's
 * context (its transmit queues; for a RECIRC action, its megaflows), and
 * installs the megaflow on the poller that missed.
 *
 * Megaflows are per poller, as in Open vSwitch: each PMD thread (and the
 * non-PMD thread) has its own classifier and flow table, which only it
 * reads on the fast path.  A megaflow that the handler installs goes to
 * the poller that missed; one put with DPIF_PMD_ALL (dpctl, the slow
 * path's explicit puts) goes to every poller.  A flow's statistics are
 * kept by its poller; dpif_flow_get() and dumps report them per poller.
 *
 * Thread safety: every function may be called from any thread, unless it
 * says otherwise; the datapath serializes configuration changes
 * internally.  Callers must be registered with RCU (rcu.h): every thread
 * that thread_create() starts is, and so is the main thread once it has
 * called poll_block(), rcu_quiesce() or rcu_register_thread().  The upcall
 * handler runs in the handler thread.  Functions return 0 or a positive
 * errno value.
 *
 * Ownership: dpif_create() and dpif_open() return handles that the caller
 * releases with dpif_close(); the datapath itself lives until
 * dpif_delete() was called on one of its handles and the last handle is
 * closed.  Strings and structures that a function fills belong to the
 * caller, with a matching *_destroy() or *_uninit() function.
 */
#ifndef SLUICE_DPIF_H
#define SLUICE_DPIF_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "buffer.h"
#include "flow.h"
#include "netdev.h"

struct dp_packet;
struct ds;
struct dpif;
struct smap;
struct shash;

/* The datapath type and the default datapath's name. */
#define DPIF_TYPE "netdev"
#define DPIF_DEFAULT_NAME "sluice-netdev"

/* Port numbers. */
#define ODPP_LOCAL 0u               /* The datapath's local port. */
#define ODPP_NONE UINT32_MAX        /* No port, or "pick one". */
#define DPIF_MAX_PORTS 65535u       /* Port numbers are below this. */

/* Poller ids ("pmd_id"): a PMD thread's id is its core id. */
#define DPIF_PMD_ALL UINT32_MAX         /* Every poller. */
#define DPIF_NON_PMD_ID (UINT32_MAX - 1) /* The non-PMD thread. */

/* The capacity of each poller's upcall queue. */
#define DPIF_UPCALL_QUEUE_LEN 1024

/* Datapaths. */

/* Creates a datapath named NAME ("netdev@NAME" or "NAME") and stores a
 * handle to it in *DPIFP.  Creates its local port and its threads, with
 * the default configuration (see dpif_set_config()).  Returns 0, EEXIST if
 * a datapath of that name exists, EINVAL for a bad name (empty, over 15
 * bytes, not a valid interface name) or a type other than "netdev", or
 * the local port's error; on failure stores NULL and, if ERRP is nonnull,
 * a message in *ERRP that names the datapath and the reason. */
int dpif_create(const char *name, struct dpif **dpifp, char **errp);

/* Opens the existing datapath NAME and stores a handle in *DPIFP.  Returns
 * 0, or ENODEV (and stores NULL) if there is none. */
int dpif_open(const char *name, struct dpif **dpifp);

/* Releases DPIF.  The datapath is destroyed with the last handle if
 * dpif_delete() was called.  A null DPIF is a no-op. */
void dpif_close(struct dpif *dpif);

/* Marks DPIF's datapath for destruction: it disappears from
 * dpif_enumerate() and dpif_open() at once, and is destroyed (threads
 * stopped, ports closed, flows freed) when its last handle is closed.
 * Returns 0. */
int dpif_delete(struct dpif *dpif);

/* Adds the names of every datapath ("NAME", without "netdev@") to NAMES,
 * with null data.  */
void dpif_enumerate(struct shash *names);

/* Returns DPIF's name, without the type ("sluice-netdev"), and its full
 * name ("netdev@sluice-netdev"). */
const char *dpif_name(const struct dpif *dpif);
const char *dpif_full_name(const struct dpif *dpif);

/* Applies the datapath settings in CONFIG (Open vSwitch's other_config
 * keys):
 *
 *   pmd-cpu-mask     Hex mask of the cores to run PMD threads on ("0x2",
 *                    "6"); default: the last core the process may use.
 *                    A PMD thread that a change starts begins with no
 *                    megaflows, as in Open vSwitch.
 *   pmd-rxq-assign   "roundrobin" or "cycles" (default): how receive
 *                    queues are spread over PMD threads.  "cycles" puts
 *                    the busiest queues (by measured processing cycles)
 *                    first, each on the least loaded PMD.
 *   pmd-sleep-max    Longest idle sleep of a PMD thread in microseconds,
 *                    0...10000; default 250, 0 never sleeps.
 *   max-idle         Milliseconds after which a megaflow that matched no
 *                    packet is deleted; default 10000, 0 never.
 *   flow-limit       The most megaflows per poller; default 200000.
 *   emc-insert-inv-prob  Inverse probability of replacing a live
 *                    exact-match cache entry (see emc.h); default 32.
 *
 * Keys that are absent take their default.  Unknown keys are ignored (the
 * map may hold settings of other modules).  Returns 0, or EINVAL with a
 * message in *ERRP (if ERRP is nonnull) naming the key and the problem,
 * in which case nothing is changed. */
int dpif_set_config(struct dpif *dpif, const struct smap *config,
                    char **errp);

/* Checks CONFIG as dpif_set_config() would, without a datapath.  Returns
 * 0, or EINVAL with a message in *ERRP (if ERRP is nonnull). */
int dpif_check_config(const struct smap *config, char **errp);

/* Datapath statistics. */
struct dpif_dp_stats {
    uint64_t n_hit;             /* Packets that matched a megaflow. */
    uint64_t n_missed;          /* Packets that matched none (upcalls). */
    uint64_t n_lost;            /* Misses dropped without an upcall:
                                 * queue full, no handler, handler
                                 * error. */
    uint64_t n_flows;           /* Megaflows, over all pollers. */
    uint64_t n_masks;           /* Distinct masks, over all pollers. */
    uint64_t n_mask_hit;        /* Subtables visited by megaflow hits. */
    uint64_t n_simple_hit;      /* Hits through the simple-match
                                 * shortcut... */
    uint64_t n_emc_hit;         /* ...in the exact-match caches... */
    uint64_t n_smc_hit;         /* ...in the signature-match caches... */
    uint64_t n_megaflow_hit;    /* ...and in the classifiers. */
    uint64_t n_malformed;       /* Packets dropped as too short for
                                 * Ethernet. */
};

/* Stores DPIF's statistics in *STATS.  Returns 0. */
int dpif_get_dp_stats(const struct dpif *dpif, struct dpif_dp_stats *stats);

/* Ports. */

struct dpif_port {
    char *name;                 /* Port name (the netdev's name). */
    char *type;                 /* Port type ("dpdk", "internal", ...). */
    uint32_t port_no;           /* Datapath port number. */
};

/* Frees the strings of PORT (not PORT itself).  A null PORT is a no-op. */
void dpif_port_destroy(struct dpif_port *port);

/* Adds the port NAME of TYPE with OPTIONS (netdev_set_config(); may be
 * NULL) to DPIF.  If *PORT_NOP is ODPP_NONE, the port gets the lowest free
 * number; otherwise it gets *PORT_NOP, which must be free.  Stores the
 * number in *PORT_NOP.  The port's receive queues are assigned to the
 * pollers at once and it starts forwarding.
 *
 * Returns 0, EEXIST if a port of that name or number is in the datapath,
 * EFBIG if the datapath is full, EINVAL for a bad port number, or the
 * port's own error (netdev_open(), netdev_set_config(),
 * netdev_reconfigure()).  On failure the datapath is unchanged and, if
 * ERRP is nonnull, *ERRP holds a message that names the port and the
 * reason ("port vm1: could not connect to ..."); on success *ERRP is
 * NULL. */
int dpif_port_add(struct dpif *dpif, const char *name, const char *type,
                  const struct smap *options, uint32_t *port_nop,
                  char **errp);

/* Batches of port additions.  Assigning a new port's receive queues makes
 * every polling thread reload, which costs a pass over all the ports the
 * thread polls, so adding N ports one by one costs O(N^2).  While
 * reloads are deferred (dpif_defer_reload(DPIF, true)), dpif_port_add()
 * only adds the port; the new ports neither receive nor transmit (what is
 * sent to them is dropped) until the last dpif_defer_reload(DPIF, false),
 * which reloads the threads once.  Calls nest; other changes (removing
 * or reconfiguring a port) reload at once, taking in the ports added so
 * far. */
void dpif_defer_reload(struct dpif *dpif, bool defer);

/* Removes port PORT_NO from DPIF and closes it, after every poller has
 * stopped using it.  Megaflows that output to it stay (their outputs to it
 * drop).  Returns 0, ENOENT if there is no such port, or EINVAL for the
 * local port, which goes only with the datapath. */
int dpif_port_del(struct dpif *dpif, uint32_t port_no);

/* Applies OPTIONS to the existing port PORT_NO (as netdev_set_config());
 * if the port needs reconfiguring, the datapath pauses its pollers' use of
 * it for that.  Returns 0 or an errno value, with a message in *ERRP as
 * dpif_port_add() does. */
int dpif_port_set_config(struct dpif *dpif, uint32_t port_no,
                         const struct smap *options, char **errp);

/* Sets port PORT_NO's MTU to MTU (see netdev_set_mtu(): jumbo frames up to
 * NETDEV_MAX_MTU), reconfiguring the port if it needs that, with the
 * pollers off it meanwhile.  Returns 0, ENOENT, or the port's error, with
 * a message in *ERRP (if ERRP is nonnull) on failure. */
int dpif_port_set_mtu(struct dpif *dpif, uint32_t port_no, int mtu,
                      char **errp);

/* Looks up the port with number PORT_NO (or name NAME) and, if PORT is
 * nonnull, fills it in (free with dpif_port_destroy()).  Returns 0 or
 * ENOENT. */
int dpif_port_query_by_number(const struct dpif *dpif, uint32_t port_no,
                              struct dpif_port *port);
int dpif_port_query_by_name(const struct dpif *dpif, const char *name,
                            struct dpif_port *port);

/* Stores an array of DPIF's ports, sorted by number, in *PORTSP and
 * returns their number.  Free it with dpif_port_list_destroy(). */
size_t dpif_port_list(const struct dpif *dpif, struct dpif_port **portsp);
void dpif_port_list_destroy(struct dpif_port *ports, size_t n);

/* Stores the counters of port PORT_NO in *STATS.  Returns 0 or ENOENT. */
int dpif_port_get_stats(const struct dpif *dpif, uint32_t port_no,
                        struct netdev_stats *stats);

/* Adds port PORT_NO's configuration (netdev_get_config()) to CONFIG and,
 * if STATUS is nonnull, its status (netdev_get_status()) to STATUS.
 * Returns 0 or ENOENT. */
int dpif_port_get_config(const struct dpif *dpif, uint32_t port_no,
                         struct smap *config, struct smap *status);

/* Megaflows. */

/* A megaflow's unique identifier ("ufid"): chosen by whoever installs the
 * flow, or derived from its match (dpif_flow_hash()). */
struct dpif_ufid {
    uint32_t u32[4];
};

/* Returns true if A and B are the same ufid. */
static inline bool
dpif_ufid_equal(const struct dpif_ufid *a, const struct dpif_ufid *b)
{
    return (a->u32[0] == b->u32[0] && a->u32[1] == b->u32[1]
            && a->u32[2] == b->u32[2] && a->u32[3] == b->u32[3]);
}

/* Stores in *UFID the ufid of the match KEY/MASK: a 128-bit hash of the
 * masked key and the mask, so that equal matches get equal ufids however
 * the bits of KEY outside MASK are set. */
void dpif_flow_hash(const struct flow *key, const struct flow *mask,
                    struct dpif_ufid *ufid);

/* Appends UFID to DS as Open vSwitch prints it:
 * "ufid:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx". */
void dpif_ufid_format(const struct dpif_ufid *ufid, struct ds *ds);

/* Parses a ufid in the form dpif_ufid_format() prints, with or without
 * "ufid:".  Returns true on success. */
bool dpif_ufid_from_string(const char *s, struct dpif_ufid *ufid);

struct dpif_flow_stats {
    uint64_t n_packets;
    uint64_t n_bytes;
    long long int used;         /* Last packet, time_msec(), 0 if never. */
    uint16_t tcp_flags;         /* TCP flags of every packet, ORed. */
};

/* A megaflow as dpif_flow_get() and dumps report it. */
struct dpif_flow {
    struct flow key;            /* Masked key. */
    struct flow mask;
    const void *actions;        /* Action list (see the function). */
    size_t actions_size;
    struct dpif_ufid ufid;
    uint32_t pmd_id;            /* Its poller: core id, DPIF_NON_PMD_ID. */
    struct dpif_flow_stats stats;
};

/* Flags for dpif_flow_put(). */
enum dpif_flow_put_flags {
    DPIF_FP_CREATE = 1 << 0,    /* Create the flow if it is absent. */
    DPIF_FP_MODIFY = 1 << 1,    /* Change its actions if it is present. */
    DPIF_FP_ZERO_STATS = 1 << 2 /* Zero the statistics of a modified
                                 * flow. */
};

/* Creates or modifies the megaflow that matches KEY under MASK, with the
 * ACTIONS_SIZE bytes of datapath actions at ACTIONS (validated with
 * odp_actions_validate()), on poller PMD_ID, or on every poller for
 * DPIF_PMD_ALL.  UFID, if nonnull, is the flow's id; otherwise
 * dpif_flow_hash() of the match.  KEY's bits outside MASK are ignored.
 *
 * The match always includes recirc_id exactly (a key without one matches
 * recirc_id 0), as Open vSwitch's userspace datapath does.
 *
 * A flow "is present" if the poller has one with the same ufid.  With
 * DPIF_FP_CREATE an absent flow is created; with DPIF_FP_MODIFY a present
 * flow gets the new actions, atomically (each packet sees the old or the
 * new list) and keeps its statistics unless DPIF_FP_ZERO_STATS.  If STATS
 * is nonnull, stores the flow's statistics before the change in it
 * (zeros for a new flow; summed over pollers for DPIF_PMD_ALL).
 *
 * Returns 0; EEXIST if the flow is present (or a flow with the same match
 * but another ufid is) and DPIF_FP_MODIFY is not set; ENOENT if it is
 * absent and DPIF_FP_CREATE is not set; EINVAL for invalid actions, a
 * mask without the in_port bits, or a bad PMD_ID; E2BIG if the poller
 * holds flow-limit flows.  With DPIF_PMD_ALL the first error is returned,
 * after trying every poller.  On EINVAL, *ERRP (if ERRP is nonnull) holds
 * a message; otherwise it is NULL. */
int dpif_flow_put(struct dpif *dpif, enum dpif_flow_put_flags flags,
                  const struct flow *key, const struct flow *mask,
                  const void *actions, size_t actions_size,
                  const struct dpif_ufid *ufid, uint32_t pmd_id,
                  struct dpif_flow_stats *stats, char **errp);

/* Deletes the megaflow with id UFID (or, if UFID is null, the one whose
 * match is KEY/MASK) from poller PMD_ID or from every poller
 * (DPIF_PMD_ALL).  Packets in flight may still use it until their
 * poller's next quiescent point; then it is freed.  If STATS is nonnull,
 * stores its final statistics (summed for DPIF_PMD_ALL).  Returns 0, or
 * ENOENT if no poller had it. */
int dpif_flow_del(struct dpif *dpif, const struct dpif_ufid *ufid,
                  const struct flow *key, const struct flow *mask,
                  uint32_t pmd_id, struct dpif_flow_stats *stats);

/* Finds the megaflow with id UFID (or match KEY/MASK if UFID is null) on
 * poller PMD_ID, or on the first poller that has it for DPIF_PMD_ALL, and
 * stores it in *FLOW.  FLOW->actions points into *BUF, which the caller
 * initialized and later uninitializes.  Returns 0 or ENOENT. */
int dpif_flow_get(const struct dpif *dpif, const struct dpif_ufid *ufid,
                  const struct flow *key, const struct flow *mask,
                  uint32_t pmd_id, struct dpif_flow *flow,
                  struct buffer *buf);

/* Deletes every megaflow of DPIF.  Returns 0. */
int dpif_flow_flush(struct dpif *dpif);

/* Dumping megaflows while the pollers run: a dump visits the flows that
 * exist when it starts (and are not deleted meanwhile), poller by poller
 * (the non-PMD thread first, then PMDs by core id), each once. */
struct dpif_flow_dump;

/* Starts a dump of DPIF's megaflows (of poller PMD_ID only, unless it is
 * DPIF_PMD_ALL). */
struct dpif_flow_dump *dpif_flow_dump_create(const struct dpif *dpif,
                                             uint32_t pmd_id);

/* Stores the next flow of DUMP in *FLOW and returns true, or returns false
 * at the end.  FLOW->actions belongs to DUMP and stays valid until the
 * next call. */
bool dpif_flow_dump_next(struct dpif_flow_dump *dump, struct dpif_flow *flow);

/* Ends DUMP.  A null DUMP is a no-op. */
void dpif_flow_dump_destroy(struct dpif_flow_dump *dump);

/* Executing actions on a packet (the slow path's packet-out). */

/* Executes the ACTIONS_SIZE bytes of actions at ACTIONS (validated) on a
 * copy of PACKET, as if it had arrived on the port in PACKET's metadata
 * (md.in_port; recirc_id and dp_hash too).  Outputs are sent before the
 * call returns; a RECIRC action looks the packet up again in the non-PMD
 * thread's megaflows (and upcalls it if none matches).  PACKET itself is
 * not changed.  Returns 0, or EINVAL for invalid actions (with a message
 * in *ERRP if ERRP is nonnull). */
int dpif_execute(struct dpif *dpif, const struct dp_packet *packet,
                 const void *actions, size_t actions_size, char **errp);

/* Upcalls. */

enum dpif_upcall_type {
    DPIF_UC_MISS,               /* No megaflow matched the packet. */
    DPIF_UC_ACTION              /* A USERSPACE action sent the packet. */
};

/* One upcall, as the handler sees it.  The datapath fills in the first
 * part; for a DPIF_UC_MISS the handler fills in the second. */
struct dpif_upcall {
    enum dpif_upcall_type type;
    struct dp_packet *packet;   /* The packet, owned by the datapath. */
    struct flow flow;           /* The packet's key, with its metadata. */
    uint32_t pmd_id;            /* The poller that sent it. */
    uint32_t pid;               /* DPIF_UC_ACTION: the action's pid... */
    const uint8_t *cookie;      /* ...and its cookie. */
    size_t cookie_size;

    /* For DPIF_UC_MISS: what the datapath does with the packet after the
     * handler returns.  On entry: error 0, install true, mask all ones
     * (an exact match) and actions empty (drop). */
    int error;                  /* Nonzero: drop the packet, count it as
                                 * lost, install nothing. */
    bool install;               /* Install the megaflow mask/actions. */
    struct flow mask;           /* The megaflow's mask. */
    struct buffer actions;      /* Actions for the packet and the flow. */
};

/* The upcall handler: called in the handler thread with N upcalls (at most
 * DPIF_UPCALL_BATCH), AUX as registered.  It must not call
 * dpif_register_upcall_cb(), dpif_upcall_flush() or dpif_delete(); the
 * rest of the dpif API is fine.  After it returns, the
 * datapath installs each miss's megaflow on the poller that missed
 * (unless that would exceed flow-limit or an equal flow is there
 * already), executes its actions on its packet and frees the packet. */
typedef void dpif_upcall_cb(struct dpif_upcall upcalls[], size_t n,
                            void *aux);

/* The most upcalls one call of the handler gets. */
#define DPIF_UPCALL_BATCH 64

/* Registers CB with AUX as DPIF's upcall handler, replacing the previous
 * one, or unregisters it if CB is NULL (then misses are dropped and
 * counted as lost).  When this returns, the previous handler is not
 * running and will not be called again. */
void dpif_register_upcall_cb(struct dpif *dpif, dpif_upcall_cb *cb,
                             void *aux);

/* Waits until every upcall queued before the call has been handled (or
 * dropped), for tests and orderly shutdown.  Must not be called from the
 * upcall handler. */
void dpif_upcall_flush(struct dpif *dpif);

/* Meters: token-bucket policers that METER actions apply. */

#define DPIF_MAX_METERS (1u << 18)  /* Meter ids are below this. */
#define DPIF_MAX_BANDS 8

enum dpif_meter_flags {
    DPIF_METER_KBPS = 1 << 0,   /* Rates in kbit/s, bursts in kbit. */
    DPIF_METER_PKTPS = 1 << 1,  /* Rates in packets/s, bursts in
                                 * packets. */
    DPIF_METER_BURST = 1 << 2,  /* Use the bands' burst sizes (otherwise
                                 * a band's burst equals its rate). */
    DPIF_METER_STATS = 1 << 3   /* Keep statistics (always kept). */
};

/* Band types, with OpenFlow's numbers (OFPMBT_*). */
enum dpif_meter_band_type {
    DPIF_METER_BAND_DROP = 1,       /* Drop packets over the rate. */
    DPIF_METER_BAND_DSCP_REMARK = 2 /* Raise the drop precedence of
                                     * packets over the rate (see
                                     * dpif_meter_set()). */
};

struct dpif_meter_band {
    enum dpif_meter_band_type type;
    uint32_t rate;              /* kbit/s or packets/s, nonzero. */
    uint32_t burst_size;        /* kbit or packets (DPIF_METER_BURST). */
    uint8_t prec_level;         /* DSCP_REMARK: drop precedence levels to
                                 * add.  0 for other types. */
};

/* A meter's configuration, as dpif_meter_set() set it. */
struct dpif_meter_config {
    uint32_t flags;             /* enum dpif_meter_flags. */
    size_t n_bands;
    struct dpif_meter_band bands[DPIF_MAX_BANDS];
};

struct dpif_meter_band_stats {
    uint64_t n_packets;         /* Packets over this band's rate. */
    uint64_t n_bytes;
};

struct dpif_meter_stats {
    uint64_t n_packets;         /* Packets that reached the meter. */
    uint64_t n_bytes;
    long long int created;      /* time_msec() of dpif_meter_set(). */
    size_t n_bands;
    struct dpif_meter_band_stats bands[DPIF_MAX_BANDS];
};

/* Sets meter METER_ID (below DPIF_MAX_METERS) to FLAGS (exactly one of
 * DPIF_METER_KBPS and DPIF_METER_PKTPS, optionally DPIF_METER_BURST and
 * DPIF_METER_STATS) with the N_BANDS (1...DPIF_MAX_BANDS) BANDS, replacing
 * any meter of that id (its buckets start full, its statistics at zero).
 * A packet that exceeds several bands falls to the one with the highest
 * rate, as OpenFlow specifies, and only that band acts on it and counts
 * it:
 *
 *   - A drop band drops it.
 *
 *   - A DSCP remark band raises its drop precedence by the band's
 *     prec_level, as OpenFlow's OFPMBT_DSCP_REMARK does, and lets it
 *     pass.  The drop precedence is that of the Assured Forwarding
 *     codepoints (RFC 2597: DSCP AFxy = 8x + 2y, class x of 1 to 4, drop
 *     precedence y of 1 to 3): AFxy becomes AFx(min(y + prec_level, 3)),
 *     so AF11 with prec_level 1 becomes AF12 (DSCP 10 -> 12).  Other
 *     codepoints (best effort, class selectors, EF) have no drop
 *     precedence and are left alone, as are non-IP packets, so that the
 *     result is always a valid codepoint.  The ECN bits are kept.  An
 *     IPv4 header's checksum is updated; IPv6 keeps the DSCP in its
 *     traffic class, which no checksum covers.
 *
 * Returns 0, or EINVAL (with a message in *ERRP if nonnull) for a bad id,
 * flags or band. */
int dpif_meter_set(struct dpif *dpif, uint32_t meter_id, uint32_t flags,
                   const struct dpif_meter_band bands[], size_t n_bands,
                   char **errp);

/* Stores meter METER_ID's statistics in *STATS.  Returns 0 or ENOENT. */
int dpif_meter_get(const struct dpif *dpif, uint32_t meter_id,
                   struct dpif_meter_stats *stats);

/* Deletes meter METER_ID, storing its final statistics in *STATS if STATS
 * is nonnull.  METER actions that name a missing meter pass packets
 * unmetered.  Returns 0 or ENOENT. */
int dpif_meter_del(struct dpif *dpif, uint32_t meter_id,
                   struct dpif_meter_stats *stats);

/* Stores meter METER_ID's configuration in *CONFIG.  Returns 0 or
 * ENOENT. */
int dpif_meter_get_config(const struct dpif *dpif, uint32_t meter_id,
                          struct dpif_meter_config *config);

/* Stores in *IDS (malloc'd, caller frees) the ids of DPIF's meters in
 * increasing order and returns their number. */
size_t dpif_meter_list(const struct dpif *dpif, uint32_t **ids);

/* The main loop. */

/* Does the slow-path work of every datapath: applies port reconfigurations
 * that ports requested (a vhost-user guest connecting or going away, an
 * MTU change).  Call it from the main thread's loop, with netdev_run(). */
void dpif_run_all(void);

/* Makes the next poll_block() wake when dpif_run_all() has work. */
void dpif_wait_all(void);

/* Destroys every datapath, whatever handles remain open: stops their
 * threads and closes their ports.  For program exit; handles must not be
 * used afterwards (only dpif_close()). */
void dpif_destroy_all(void);

/* PMD threads, for dpctl and tests. */

/* Appends Open vSwitch's "dpif-netdev/pmd-stats-show" text for DPIF (or
 * for poller PMD_ID only, unless DPIF_PMD_ALL) to DS. */
void dpif_pmd_stats_show(const struct dpif *dpif, uint32_t pmd_id,
                         struct ds *ds);

/* Zeros the statistics pmd-stats-show prints (not the datapath's). */
void dpif_pmd_stats_clear(struct dpif *dpif);

/* Appends "dpif-netdev/pmd-rxq-show" text: each PMD's receive queues and
 * their share of its processing cycles. */
void dpif_pmd_rxq_show(const struct dpif *dpif, uint32_t pmd_id,
                       struct ds *ds);

/* Reassigns DPIF's receive queues to PMD threads by the pmd-rxq-assign
 * policy, using the cycles measured so far. */
void dpif_pmd_rxq_rebalance(struct dpif *dpif);

/* Stores in *IDS (malloc'd, caller frees) the core ids of DPIF's PMD
 * threads in increasing order and returns their number. */
size_t dpif_pmd_list(const struct dpif *dpif, uint32_t **ids);

#endif /* dpif.h */
