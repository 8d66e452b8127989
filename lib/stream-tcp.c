/* stream-tcp: the "tcp" and "ptcp" stream classes.  See stream.h for the
 * names they accept. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>
#include "dynamic-string.h"
#include "socket-util.h"
#include "stream-fd.h"
#include "stream-provider.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(stream_tcp);

static int
tcp_verify(const char *suffix, char **errorp)
{
    struct sockaddr_storage ss;
    return inet_parse_active(suffix, -1, false, &ss, errorp);
}

static int
tcp_open(const char *name, const char *suffix, struct stream **streamp,
         uint8_t dscp, char **errorp)
{
    int fd;
    int error = inet_open_active(SOCK_STREAM, suffix, -1, dscp, NULL, &fd,
                                 errorp);
    if (error && error != EAGAIN) {
        return error;
    }

    int nodelay_error = set_tcp_nodelay(fd);
    if (nodelay_error) {
        VLOG_WARN("%s: could not set TCP_NODELAY (%s)", name,
                  sluice_strerror(nodelay_error));
    }
    new_fd_stream(name, fd, error, streamp);
    return 0;
}

const struct stream_class tcp_stream_class = {
    .name = "tcp",
    .needs_probes = true,
    .verify = tcp_verify,
    .open = tcp_open,
};

static int
ptcp_verify(const char *suffix, char **errorp)
{
    struct sockaddr_storage ss;
    return inet_parse_passive(suffix, -1, false, &ss, errorp);
}

static int
ptcp_accept(const struct pstream *pstream, int fd,
            const struct sockaddr_storage *ss, socklen_t len,
            struct stream **streamp)
{
    struct ds name = DS_EMPTY_INITIALIZER;

    int error = set_tcp_nodelay(fd);
    if (error) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);
        VLOG_WARN_RL(&rl, "%s: could not set TCP_NODELAY (%s)",
                     pstream_get_name(pstream), sluice_strerror(error));
    }
    ds_put_cstr(&name, "tcp:");
    ss_format_address(ss, true, &name);
    new_fd_stream(ds_cstr(&name), fd, 0, streamp);
    ds_destroy(&name);
    return 0;
}

static int
ptcp_listen(const char *name, const char *suffix, struct pstream **pstreamp,
            uint8_t dscp, char **errorp)
{
    struct sockaddr_storage ss;
    int fd;
    int error = inet_open_passive(SOCK_STREAM, suffix, -1, dscp, &ss, &fd,
                                  errorp);
    if (error) {
        return error;
    }
    new_fd_pstream(name, fd, ptcp_accept, ss_get_port(&ss), NULL, pstreamp);
    return 0;
}

const struct pstream_class ptcp_pstream_class = {
    .name = "ptcp",
    .needs_probes = true,
    .verify = ptcp_verify,
    .listen = ptcp_listen,
};
