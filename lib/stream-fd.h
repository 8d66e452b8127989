/*
 * stream-fd: streams and listeners over a plain socket file descriptor,
 * shared by the "unix", "tcp", "punix" and "ptcp" classes.
 *
 * Ownership: each function takes over the socket it is given and closes it
 * when the stream or pstream is closed (or at once if creation fails).
 * Thread safety is that of stream.h.
 */
#ifndef SLUICE_STREAM_FD_H
#define SLUICE_STREAM_FD_H 1

#include <stdint.h>
#include <sys/socket.h>

struct pstream;
struct stream;

/* Creates in *STREAMP a stream named NAME over connected or connecting
 * non-blocking socket FD.  CONNECT_STATUS is 0 if FD is connected, EAGAIN
 * if its connect() is in progress, or an errno value if it failed. */
void new_fd_stream(const char *name, int fd, int connect_status,
                   struct stream **streamp);

/* Called by a fd pstream for each accepted socket FD (non-blocking,
 * close-on-exec) whose peer address is SS (LEN bytes).  Creates the stream
 * in *STREAMP and returns 0, or closes FD and returns an errno value.
 * PSTREAM is the listener. */
typedef int fd_pstream_accept_func(const struct pstream *pstream, int fd,
                                   const struct sockaddr_storage *ss,
                                   socklen_t len, struct stream **streamp);

/* Creates in *PSTREAMP a pstream named NAME over listening
 * non-blocking socket FD that creates accepted streams with ACCEPT_CB.
 * BOUND_PORT is recorded for pstream_get_bound_port().  If UNLINK_PATH is
 * nonnull, it is a Unix domain socket file that FD is bound to, which is
 * removed when the pstream is closed if it is still the same file (a
 * later listener that replaced it is left alone). */
void new_fd_pstream(const char *name, int fd,
                    fd_pstream_accept_func *accept_cb,
                    uint16_t bound_port, const char *unlink_path,
                    struct pstream **pstreamp);

#endif /* stream-fd.h */
