/*
 * socket-util: helpers for the sockets under streams.
 *
 * Address syntax, one parser for the whole project:
 *
 *   active  "HOST:PORT", "IPV4:PORT", "[IPV6]:PORT", or "HOST" / "IPV4" /
 *           "[IPV6]" alone when the caller supplies a default port.
 *   passive "PORT:HOST", "PORT" alone (binds 0.0.0.0), or "" / ":HOST"
 *           when the caller supplies a default port.  HOST may be an
 *           IPv4 address, an IPv6 address with or without brackets (the
 *           port comes first, so there is no ambiguity), or a name.
 *
 * An IPv6 address may carry a zone ("[fe80::1%eth0]:6640").  Numeric
 * addresses are parsed directly and never block; host names go through
 * getaddrinfo(), which may block while a resolver answers, so daemons
 * should prefer numeric addresses in their configuration.
 *
 * Every socket this module creates is non-blocking and close-on-exec.
 *
 * Errors: functions return 0 or a positive errno value.  Functions with a
 * 'char **errorp' argument also store there, on failure, a newly allocated
 * description of the reason, such as "port number is required" or "could
 * not bind to 127.0.0.1:6640 (Address already in use)", that the caller
 * prefixes with the name of the object it was opening and frees; on
 * success they store NULL.  'errorp' may be NULL.
 *
 * Thread safety: every function may be called from any thread.
 */
#ifndef SLUICE_SOCKET_UTIL_H
#define SLUICE_SOCKET_UTIL_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

struct ds;

/* Listen backlog for every passive socket. */
#define SOCKET_LISTEN_BACKLOG 64

/* Sets O_NONBLOCK on FD.  Returns 0 or an errno value. */
int set_nonblocking(int fd);

/* Sets FD_CLOEXEC on FD.  Returns 0 or an errno value. */
int set_cloexec(int fd);

/* Returns the pending error on socket FD (its SO_ERROR, which reading
 * clears), 0 if there is none, or the errno value of getsockopt() if FD is
 * not a socket. */
int get_socket_error(int fd);

/* Checks, without blocking, whether the non-blocking connect() started on
 * socket FD has finished.  Returns 0 if FD is connected, EAGAIN if the
 * connection is still in progress, or the errno value with which it
 * failed. */
int check_connection_completion(int fd);

/* Disables Nagle's algorithm on TCP socket FD, so that small messages go
 * out at once.  Returns 0 or an errno value. */
int set_tcp_nodelay(int fd);

/* Sets the DSCP (0...63) of the packets that socket FD of address family
 * FAMILY (AF_INET or AF_INET6) sends, through IP_TOS or IPV6_TCLASS; the
 * ECN bits stay zero.  Other families are left alone and succeed.
 * Returns 0, EINVAL for a DSCP above 63, or the errno value of
 * setsockopt(). */
int set_dscp(int fd, int family, uint8_t dscp);

/* Parses active address TARGET ("HOST:PORT", see the top of this file)
 * into *SS.  DEFAULT_PORT (0...65535) is used when TARGET has no port; a
 * negative DEFAULT_PORT makes the port mandatory.  Port 0 is rejected: a
 * connection needs a real port.
 *
 * Numeric addresses are parsed directly.  A host name is resolved with
 * getaddrinfo() if RESOLVE is true (the first address returned is used);
 * if RESOLVE is false only its syntax is checked and *SS is left with
 * family AF_UNSPEC.
 *
 * Returns 0, EINVAL for bad syntax, ENOENT for a name that does not
 * resolve, or another errno value for other resolver failures. */
int inet_parse_active(const char *target, int default_port, bool resolve,
                      struct sockaddr_storage *ss, char **errorp);

/* Parses passive address TARGET ("PORT[:HOST]", see the top of this file)
 * into *SS.  DEFAULT_PORT (0...65535) is used when the port is empty; a
 * negative DEFAULT_PORT makes it mandatory.  Port 0 asks the kernel to
 * pick a free port when the socket is bound.  Without a host the address
 * is 0.0.0.0.  RESOLVE is as for inet_parse_active(). */
int inet_parse_passive(const char *target, int default_port, bool resolve,
                       struct sockaddr_storage *ss, char **errorp);

/* Parses TARGET with inet_parse_active(), creates a non-blocking socket of
 * STYLE (SOCK_STREAM) for it with DSCP set and starts connecting.  On
 * success stores the socket in *FDP and the peer address in *SS (if
 * nonnull) and returns 0 if the connection completed at once or EAGAIN if
 * it is in progress (see check_connection_completion()).  On failure
 * stores -1 in *FDP and returns an errno value. */
int inet_open_active(int style, const char *target, int default_port,
                     uint8_t dscp, struct sockaddr_storage *ss, int *fdp,
                     char **errorp);

/* Parses TARGET with inet_parse_passive(), creates a non-blocking socket
 * of STYLE (SOCK_STREAM) with SO_REUSEADDR and DSCP set, binds it and
 * listens on it.  On success stores the socket in *FDP and the bound
 * address (with the real port when port 0 was asked) in *SS (if nonnull)
 * and returns 0.  On failure stores -1 in *FDP and returns an errno
 * value. */
int inet_open_passive(int style, const char *target, int default_port,
                      uint8_t dscp, struct sockaddr_storage *ss, int *fdp,
                      char **errorp);

/* Creates a non-blocking, close-on-exec Unix domain socket of STYLE
 * (SOCK_STREAM).  If BIND_PATH is nonnull, first removes a stale socket
 * file there (see unix_socket_remove_stale()) and binds the socket to it.
 * If CONNECT_PATH is nonnull, connects the socket to it; a non-blocking
 * connect to a listener whose queue is full fails with EAGAIN.
 *
 * Paths longer than a sockaddr_un holds (107 bytes) work as long as their
 * last component fits: the socket is bound or connected through
 * /proc/self/fd/N/NAME, where N is the directory opened with O_PATH.
 *
 * On success stores the socket in *FDP and returns 0.  On failure stores
 * -1 in *FDP and returns an errno value (ENAMETOOLONG if even the last
 * component is too long). */
int make_unix_socket(int style, const char *bind_path,
                     const char *connect_path, int *fdp, char **errorp);

/* Checks PATH before a Unix domain socket is bound there.  Returns 0 if
 * nothing is at PATH, or if a socket file is there that nobody listens on
 * (left by a process that died), which this function removes.  Returns
 * EADDRINUSE if a process accepts connections on it, EEXIST if PATH is not
 * a socket (it is never removed), or another errno value. */
int unix_socket_remove_stale(const char *path, char **errorp);

/* Returns the size of the sockaddr of SS's family, or 0 if the family is
 * neither AF_INET nor AF_INET6. */
socklen_t ss_length(const struct sockaddr_storage *ss);

/* Returns the port of SS (AF_INET or AF_INET6) in host byte order, or 0
 * for another family. */
uint16_t ss_get_port(const struct sockaddr_storage *ss);

/* Appends SS's address to DS: "1.2.3.4" or "::1" (without brackets), with
 * ":PORT" or "[...]:PORT" if WITH_PORT.  Other families append
 * "(unknown)". */
void ss_format_address(const struct sockaddr_storage *ss, bool with_port,
                       struct ds *ds);

#endif /* socket-util.h */
