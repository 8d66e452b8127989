/*
 * dpdk: DPDK's environment abstraction layer (EAL) for the datapath.
 *
 * dpdk_init() starts the EAL once per process from the daemon's
 * configuration (the Open_vSwitch table's other_config, whose key names it
 * shares with Open vSwitch where they exist):
 *
 *   dpdk-lcore-mask      Hexadecimal mask of the CPUs for DPDK's own
 *                        lcores ("-c MASK").  Default: the first CPU the
 *                        process may run on.  The datapath's PMD threads
 *                        are not EAL lcores and are placed separately.
 *   dpdk-socket-mem      Hugepage memory in MB to reserve up front per
 *                        NUMA node, "1024" or "1024,1024"
 *                        ("--socket-mem").  Default: none; memory is
 *                        taken from the hugepages as pools are created, so
 *                        a switch uses what its ports need (measured: 76
 *                        MB for two ethdevs with three transmit queues
 *                        and two vhost-user ports at MTU 1500, 280 MB at
 *                        MTU 9000).  With
 *                        dpdk-no-huge, the sum is the size of the
 *                        malloc'd memory ("-m"), default 256.
 *   dpdk-socket-limit    Upper limit in MB per NUMA node
 *                        ("--socket-limit").
 *   dpdk-hugepage-dir    The hugetlbfs mount to use ("--huge-dir").
 *   dpdk-file-prefix     The EAL's file prefix ("--file-prefix"): see
 *                        "Files" below.
 *   dpdk-no-huge         "true" runs without hugepages ("--no-huge"), on
 *                        ordinary memory: for tests and small setups.
 *                        vhost-user peers still work (the memory is
 *                        shared through memfd).
 *   dpdk-extra           More EAL arguments, split into words as a shell
 *                        would ('...', "...", backslash).  An option
 *                        given here replaces the default that Sluice
 *                        would have added for it (-c, -l, --lcores,
 *                        --file-prefix, --in-memory, --no-huge, -m,
 *                        --socket-mem); giving an option both here and
 *                        through its own key is an error.
 *   vhost-sock-dir       Where dpdkvhostuser ports create their sockets:
 *                        a directory relative to $SLUICE_RUNDIR, or an
 *                        absolute one.  Default: $SLUICE_RUNDIR.
 *
 * Other keys are ignored (other_config holds the whole switch's
 * settings), except unknown "dpdk-*" keys, which are logged as probable
 * typos ("dpdk-init" is the caller's business and not logged).
 *
 * Files.  By default the EAL runs with --in-memory: hugepages are mapped
 * without leaving files in hugetlbfs and no shared configuration is
 * written, so nothing needs cleaning after any kind of exit, even
 * SIGKILL, and any number of daemons can run side by side; the price is
 * that DPDK's secondary processes (dpdk-pdump, dpdk-proc-info) cannot
 * attach.  With dpdk-file-prefix=NAME the EAL keeps its hugepage files
 * (NAMEmap_*) in hugetlbfs while the daemon runs, so that secondary
 * processes can attach; dpdk_cleanup() deletes them at exit, and files
 * left by a daemon that crashed are reclaimed by the next start with the
 * same prefix.  With dpdk-no-huge nothing goes to hugetlbfs at all.  The
 * EAL's run-time directory is $SLUICE_RUNDIR/dpdk/PREFIX (PREFIX is
 * "sluice" by default) when $SLUICE_RUNDIR exists, through the
 * RUNTIME_DIRECTORY environment variable unless it is set already;
 * dpdk_cleanup() removes it.
 *
 * DPDK's log messages go to vlog, module "dpdk", at the matching level.
 *
 * Thread safety: dpdk_init() and dpdk_cleanup() belong to the main thread
 * (rte_eal_init() must be called by the thread that becomes the main
 * lcore); the other functions may be called from any thread.
 */
#ifndef SLUICE_DPDK_H
#define SLUICE_DPDK_H 1

#include <stdbool.h>

struct smap;

/* The EAL arguments that dpdk_init() would use. */
struct dpdk_args {
    int argc;
    char **argv;                /* argc strings, then NULL. */
};

/* Builds the EAL arguments for CONFIG (see the top of this file) into
 * *ARGS, with PROGRAM as argv[0], and returns 0.  On an invalid value,
 * returns EINVAL and stores in *ERRP a newly allocated message that names
 * the key and the problem ("other_config:dpdk-lcore-mask: \"0xZZ\" is not
 * a hexadecimal CPU mask"); ARGS is then empty.  Does not need the EAL.
 * Free ARGS with dpdk_args_destroy(). */
int dpdk_build_args(const struct smap *config, const char *program,
                    struct dpdk_args *args, char **errp);

/* Frees ARGS.  A null ARGS is a no-op. */
void dpdk_args_destroy(struct dpdk_args *args);

/* Initializes the EAL from CONFIG: builds the arguments, logs them, calls
 * rte_eal_init() and restores the calling thread's CPU affinity (which
 * rte_eal_init() narrows to the main lcore).  Returns 0 on success.  On
 * failure returns an errno value and stores in *ERRP (if nonnull) a
 * message that says why, including DPDK's own error messages: EINVAL for
 * a bad configuration value (then a later call may try again), EALREADY if
 * DPDK was initialized before, or rte_eal_init()'s error (DPDK cannot be
 * initialized twice in one process, so later calls fail with EALREADY). */
int dpdk_init(const struct smap *config, char **errp);

/* Returns true if dpdk_init() succeeded. */
bool dpdk_is_initialized(void);

/* Returns DPDK's version string ("DPDK 22.11.1"). */
const char *dpdk_get_version(void);

/* Releases the EAL at exit: calls rte_eal_cleanup(), deletes the hugepage
 * files of a dpdk-file-prefix and the EAL's run-time directory.  Every
 * netdev must be closed first.  Does nothing if DPDK is not initialized;
 * afterwards DPDK cannot be used again in this process. */
void dpdk_cleanup(void);

/* Returns the directory for dpdkvhostuser sockets (see vhost-sock-dir):
 * $SLUICE_RUNDIR unless dpdk_init() was given another.  The string lives
 * until the next dpdk_init(). */
const char *dpdk_get_vhost_sock_dir(void);

/* Registers the calling thread as an EAL lcore, so that mempool caches
 * work for it: PMD threads call it when they start.  Returns 0, or an
 * errno value (for example when every lcore is taken); the thread works
 * without a cache then.  Does nothing and returns 0 before DPDK is
 * initialized or in a thread that is an lcore already. */
int dpdk_register_thread(void);

/* Unregisters a thread that dpdk_register_thread() registered; otherwise
 * does nothing. */
void dpdk_unregister_thread(void);

/* Error capture, for providers that call DPDK functions that log the
 * reason of a failure instead of returning it: between
 * dpdk_log_capture_start() and dpdk_log_capture_finish(), DPDK's error
 * messages of the calling thread are also kept.  Finish returns them
 * joined by "; " (without DPDK's "EAL: " and "function(): "
 * prefixes), or NULL if
 * there were none; the caller frees the string.  Starts do not nest. */
void dpdk_log_capture_start(void);
char *dpdk_log_capture_finish(void);

#endif /* dpdk.h */
