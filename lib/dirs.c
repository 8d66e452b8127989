/* dirs: run-time directories.  See dirs.h. */
#include <config.h>
#include "dirs.h"

#include <pthread.h>
#include <stdlib.h>
#include "util.h"

static const char *rundir, *logdir, *dbdir;

static const char *
env_or(const char *name, const char *dflt)
{
    const char *value = getenv(name);
    return xstrdup(value && value[0] ? value : dflt);
}

static void
dirs_init(void)
{
    rundir = env_or("SLUICE_RUNDIR", SLUICE_RUNDIR_DEFAULT);
    logdir = env_or("SLUICE_LOGDIR", SLUICE_LOGDIR_DEFAULT);
    dbdir = env_or("SLUICE_DBDIR", SLUICE_DBDIR_DEFAULT);
}

static pthread_once_t once = PTHREAD_ONCE_INIT;

const char *
sluice_rundir(void)
{
    pthread_once(&once, dirs_init);
    return rundir;
}

const char *
sluice_logdir(void)
{
    pthread_once(&once, dirs_init);
    return logdir;
}

const char *
sluice_dbdir(void)
{
    pthread_once(&once, dirs_init);
    return dbdir;
}
