/*
 * dirs: where Sluice keeps its run-time, log and database files.
 *
 * Defaults are /var/run/sluice, /var/log/sluice and /etc/sluice; the
 * environment variables SLUICE_RUNDIR, SLUICE_LOGDIR and SLUICE_DBDIR move
 * them (every test runs in a private directory this way).  The values are
 * read once, on first use; the returned strings live for the process.
 * Thread-safe.
 */
#ifndef SLUICE_DIRS_H
#define SLUICE_DIRS_H 1

const char *sluice_rundir(void);
const char *sluice_logdir(void);
const char *sluice_dbdir(void);

#endif /* dirs.h */
