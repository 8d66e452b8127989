/* stream-unix: the "unix" and "punix" stream classes, over Unix domain
 * sockets.  See stream.h for the names they accept. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "dirs.h"
#include "socket-util.h"
#include "stream-fd.h"
#include "stream-provider.h"
#include "util.h"

/* Returns PATH made absolute: a relative PATH is taken from the run
 * directory (dirs.h).  The caller frees the result. */
static char *
unix_socket_path(const char *path)
{
    return path[0] == '/' ? xstrdup(path) : abs_file_name(sluice_rundir(),
                                                          path);
}

static int
unix_verify(const char *suffix, char **errorp)
{
    if (!suffix[0]) {
        *errorp = xstrdup("socket path is empty");
        return EINVAL;
    }
    return 0;
}

static int
unix_open(const char *name, const char *suffix, struct stream **streamp,
          uint8_t dscp, char **errorp)
{
    int error = unix_verify(suffix, errorp);
    if (error) {
        return error;
    }

    char *path = unix_socket_path(suffix);
    int fd;
    error = make_unix_socket(SOCK_STREAM, NULL, path, &fd, errorp);
    free(path);
    if (error == EAGAIN) {
        /* The listener's queue is full.  A Unix domain connect cannot be
         * left in progress, and EAGAIN from stream_open() would read as
         * "in progress", so report the refusal that it amounts to. */
        return ECONNREFUSED;
    } else if (error) {
        return error;
    }
    new_fd_stream(name, fd, 0, streamp);
    return 0;
}

const struct stream_class unix_stream_class = {
    .name = "unix",
    .needs_probes = false,
    .verify = unix_verify,
    .open = unix_open,
};

static int
punix_accept(const struct pstream *pstream, int fd,
             const struct sockaddr_storage *ss, socklen_t len,
             struct stream **streamp)
{
    /* "punix:PATH" accepts streams named "unix:PATH". */
    new_fd_stream(pstream_get_name(pstream) + 1, fd, 0, streamp);
    return 0;
}

static int
punix_listen(const char *name, const char *suffix, struct pstream **pstreamp,
             uint8_t dscp, char **errorp)
{
    int error = unix_verify(suffix, errorp);
    if (error) {
        return error;
    }

    char *path = unix_socket_path(suffix);
    int fd;
    error = make_unix_socket(SOCK_STREAM, path, NULL, &fd, errorp);
    if (!error && listen(fd, SOCKET_LISTEN_BACKLOG)) {
        error = errno;
        *errorp = xasprintf("could not listen on %s (%s)", path,
                            sluice_strerror(error));
        close(fd);
        unlink(path);
    }
    if (!error) {
        new_fd_pstream(name, fd, punix_accept, 0, path, pstreamp);
    }
    free(path);
    return error;
}

const struct pstream_class punix_pstream_class = {
    .name = "punix",
    .needs_probes = false,
    .verify = unix_verify,
    .listen = punix_listen,
};
