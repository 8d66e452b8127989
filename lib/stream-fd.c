/* stream-fd: streams over plain sockets.  See stream-fd.h. */
#include <config.h>
#include "stream-fd.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include "fatal-signal.h"
#include "poll-loop.h"
#include "socket-util.h"
#include "stream-provider.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(stream_fd);

/* Active stream. */

struct fd_stream {
    struct stream up;
    int fd;
};

static const struct stream_class fd_stream_class;

static struct fd_stream *
fd_stream_cast(struct stream *stream)
{
    return CONTAINER_OF(stream, struct fd_stream, up);
}

void
new_fd_stream(const char *name, int fd, int connect_status,
              struct stream **streamp)
{
    struct fd_stream *s = xzalloc(sizeof *s);
    stream_init(&s->up, &fd_stream_class, connect_status, name);
    s->fd = fd;
    *streamp = &s->up;
}

static void
fd_close(struct stream *stream)
{
    struct fd_stream *s = fd_stream_cast(stream);
    close(s->fd);
    free(s);
}

static int
fd_connect(struct stream *stream)
{
    struct fd_stream *s = fd_stream_cast(stream);
    return check_connection_completion(s->fd);
}

static ssize_t
fd_recv(struct stream *stream, void *buffer, size_t n)
{
    struct fd_stream *s = fd_stream_cast(stream);
    ssize_t retval;

    do {
        retval = recv(s->fd, buffer, n, 0);
    } while (retval < 0 && errno == EINTR);
    if (retval < 0) {
        return errno == EWOULDBLOCK ? -EAGAIN : -errno;
    }
    return retval;
}

static ssize_t
fd_send(struct stream *stream, const void *buffer, size_t n)
{
    struct fd_stream *s = fd_stream_cast(stream);
    ssize_t retval;

    /* MSG_NOSIGNAL: a closed peer gives EPIPE, not SIGPIPE. */
    do {
        retval = send(s->fd, buffer, n, MSG_NOSIGNAL);
    } while (retval < 0 && errno == EINTR);
    if (retval < 0) {
        return errno == EWOULDBLOCK ? -EAGAIN : -errno;
    }
    return retval;
}

static void
fd_wait(struct stream *stream, enum stream_wait_type wait)
{
    struct fd_stream *s = fd_stream_cast(stream);

    switch (wait) {
    case STREAM_CONNECT:
    case STREAM_SEND:
        poll_fd_wait(s->fd, POLLOUT);
        break;
    case STREAM_RECV:
        poll_fd_wait(s->fd, POLLIN);
        break;
    default:
        sluice_abort("fd_wait: bad wait type %d", (int) wait);
    }
}

static const struct stream_class fd_stream_class = {
    .name = "fd",
    .needs_probes = false,
    .verify = NULL,
    .open = NULL,
    .close = fd_close,
    .connect = fd_connect,
    .recv = fd_recv,
    .send = fd_send,
    .run = NULL,
    .run_wait = NULL,
    .wait = fd_wait,
};

/* Passive stream. */

struct fd_pstream {
    struct pstream up;
    int fd;
    fd_pstream_accept_func *accept_cb;
    char *unlink_path;          /* Socket file to remove on close, or NULL. */
    dev_t dev;                  /* Identity of 'unlink_path' when bound. */
    ino_t ino;
};

static const struct pstream_class fd_pstream_class;

static struct fd_pstream *
fd_pstream_cast(struct pstream *pstream)
{
    return CONTAINER_OF(pstream, struct fd_pstream, up);
}

void
new_fd_pstream(const char *name, int fd, fd_pstream_accept_func *accept_cb,
               uint16_t bound_port, const char *unlink_path,
               struct pstream **pstreamp)
{
    struct fd_pstream *ps = xzalloc(sizeof *ps);

    pstream_init(&ps->up, &fd_pstream_class, name);
    pstream_set_bound_port(&ps->up, bound_port);
    ps->fd = fd;
    ps->accept_cb = accept_cb;
    if (unlink_path) {
        struct stat st;
        if (!stat(unlink_path, &st)) {
            ps->unlink_path = xstrdup(unlink_path);
            ps->dev = st.st_dev;
            ps->ino = st.st_ino;
            fatal_signal_add_file_to_unlink(unlink_path);
        }
    }
    *pstreamp = &ps->up;
}

static void
pfd_close(struct pstream *pstream)
{
    struct fd_pstream *ps = fd_pstream_cast(pstream);

    close(ps->fd);
    if (ps->unlink_path) {
        struct stat st;

        fatal_signal_remove_file_to_unlink(ps->unlink_path);
        /* Remove only our own socket file, not one that a newer listener
         * put in its place. */
        if (!stat(ps->unlink_path, &st) && st.st_dev == ps->dev
            && st.st_ino == ps->ino && unlink(ps->unlink_path)
            && errno != ENOENT) {
            VLOG_WARN("%s: could not remove %s (%s)", pstream->name,
                      ps->unlink_path, sluice_strerror(errno));
        }
        free(ps->unlink_path);
    }
    free(ps);
}

static int
pfd_accept(struct pstream *pstream, struct stream **streamp)
{
    struct fd_pstream *ps = fd_pstream_cast(pstream);
    struct sockaddr_storage ss;
    socklen_t len;
    int fd;

    do {
        len = sizeof ss;
        memset(&ss, 0, sizeof ss);
        fd = accept4(ps->fd, (struct sockaddr *) &ss, &len,
                     SOCK_NONBLOCK | SOCK_CLOEXEC);
    } while (fd < 0 && errno == EINTR);

    if (fd < 0) {
        int error = errno == EWOULDBLOCK ? EAGAIN : errno;
        if (error != EAGAIN) {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);
            VLOG_WARN_RL(&rl, "%s: accept failed (%s)", pstream->name,
                         sluice_strerror(error));
        }
        return error;
    }
    return ps->accept_cb(pstream, fd, &ss, len, streamp);
}

static void
pfd_wait(struct pstream *pstream)
{
    struct fd_pstream *ps = fd_pstream_cast(pstream);
    poll_fd_wait(ps->fd, POLLIN);
}

static const struct pstream_class fd_pstream_class = {
    .name = "pfd",
    .needs_probes = false,
    .verify = NULL,
    .listen = NULL,
    .close = pfd_close,
    .accept = pfd_accept,
    .wait = pfd_wait,
};
