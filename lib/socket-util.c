/* socket-util: address parsing and socket helpers.  See socket-util.h. */
#include <config.h>
#include "socket-util.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include "dynamic-string.h"
#include "util.h"

/* Longest host name getaddrinfo() is asked about (RFC 1035 limit). */
#define MAX_HOST_NAME_LEN 253

/* Stores a new message from FORMAT in *ERRORP, if ERRORP is nonnull. */
static void SLUICE_PRINTF_FORMAT(2, 3)
set_error(char **errorp, const char *format, ...)
{
    if (errorp) {
        va_list args;
        va_start(args, format);
        *errorp = xvasprintf(format, args);
        va_end(args);
    }
}

static void
clear_error(char **errorp)
{
    if (errorp) {
        *errorp = NULL;
    }
}

int
set_nonblocking(int fd)
{
    int flags = fcntl(fd, F_GETFL, 0);
    if (flags < 0) {
        return errno;
    }
    if (!(flags & O_NONBLOCK) && fcntl(fd, F_SETFL, flags | O_NONBLOCK)) {
        return errno;
    }
    return 0;
}

int
set_cloexec(int fd)
{
    int flags = fcntl(fd, F_GETFD, 0);
    if (flags < 0) {
        return errno;
    }
    if (!(flags & FD_CLOEXEC) && fcntl(fd, F_SETFD, flags | FD_CLOEXEC)) {
        return errno;
    }
    return 0;
}

int
get_socket_error(int fd)
{
    int error;
    socklen_t len = sizeof error;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len)) {
        return errno;
    }
    return error;
}

int
check_connection_completion(int fd)
{
    struct pollfd pfd = { .fd = fd, .events = POLLOUT };
    int retval;

    do {
        retval = poll(&pfd, 1, 0);
    } while (retval < 0 && errno == EINTR);

    if (retval < 0) {
        return errno;
    } else if (retval == 0) {
        return EAGAIN;
    } else if (pfd.revents & POLLNVAL) {
        return EBADF;
    }
    /* POLLOUT, POLLERR or POLLHUP: the attempt is over, and SO_ERROR says
     * how it ended. */
    return get_socket_error(fd);
}

int
set_tcp_nodelay(int fd)
{
    int on = 1;
    int retval = setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    return retval ? errno : 0;
}

int
set_dscp(int fd, int family, uint8_t dscp)
{
    if (dscp > 63) {
        return EINVAL;
    }

    int tos = dscp << 2;
    int retval;
    if (family == AF_INET) {
        retval = setsockopt(fd, IPPROTO_IP, IP_TOS, &tos, sizeof tos);
    } else if (family == AF_INET6) {
        retval = setsockopt(fd, IPPROTO_IPV6, IPV6_TCLASS, &tos, sizeof tos);
    } else {
        return 0;
    }
    return retval ? errno : 0;
}

/* Parses the LEN bytes at S as a decimal port number 0...65535 into
 * *PORT.  Returns true if successful. */
static bool
parse_port(const char *s, size_t len, int *port)
{
    if (!len || len > 5) {
        return false;
    }
    int value = 0;
    for (size_t i = 0; i < len; i++) {
        if (!isdigit((unsigned char) s[i])) {
            return false;
        }
        value = value * 10 + (s[i] - '0');
    }
    if (value > 65535) {
        return false;
    }
    *port = value;
    return true;
}

/* Returns true if NAME is syntactically a DNS host name: labels of letters,
 * digits, '-' and '_', separated by dots, not all digits (that would be a
 * malformed IPv4 address). */
static bool
is_host_name(const char *name)
{
    size_t len = strlen(name);
    if (!len || len > MAX_HOST_NAME_LEN || name[0] == '.'
        || name[0] == '-') {
        return false;
    }

    bool has_non_digit = false;
    char prev = '.';
    for (const char *p = name; *p; p++) {
        unsigned char c = *p;
        if (c == '.') {
            if (prev == '.') {
                return false;
            }
        } else if (isalnum(c) || c == '-' || c == '_') {
            if (!isdigit(c)) {
                has_non_digit = true;
            }
        } else {
            return false;
        }
        prev = c;
    }
    return has_non_digit;
}

/* Parses IPv6 address TEXT, with an optional "%ZONE" suffix naming an
 * interface or giving its index, into *SIN6 (port left 0).  Returns 0 or
 * an errno value. */
static int
parse_ipv6(const char *text, struct sockaddr_in6 *sin6, char **errorp)
{
    const char *percent = strchr(text, '%');
    char *addr = percent ? xmemdup0(text, percent - text) : xstrdup(text);
    int error = 0;

    memset(sin6, 0, sizeof *sin6);
    sin6->sin6_family = AF_INET6;
    if (inet_pton(AF_INET6, addr, &sin6->sin6_addr) != 1) {
        set_error(errorp, "\"%s\" is not a valid IPv6 address", addr);
        error = EINVAL;
    } else if (percent) {
        const char *zone = percent + 1;
        unsigned int index;
        if (!*zone) {
            set_error(errorp, "empty IPv6 zone in \"%s\"", text);
            error = EINVAL;
        } else if (isdigit((unsigned char) *zone)) {
            if (!str_to_uint(zone, 10, &index)) {
                set_error(errorp, "bad IPv6 zone index in \"%s\"", text);
                error = EINVAL;
            } else {
                sin6->sin6_scope_id = index;
            }
        } else {
            index = if_nametoindex(zone);
            if (!index) {
                set_error(errorp, "unknown interface \"%s\" in IPv6 zone",
                          zone);
                error = ENODEV;
            } else {
                sin6->sin6_scope_id = index;
            }
        }
    }
    free(addr);
    return error;
}

/* Maps getaddrinfo() error GAI_ERROR to an errno value. */
static int
gai_error_to_errno(int gai_error)
{
    switch (gai_error) {
    case EAI_NONAME:
#ifdef EAI_NODATA
    case EAI_NODATA:
#endif
    case EAI_FAIL:
        return ENOENT;
    case EAI_AGAIN:
        return ETIMEDOUT;
    case EAI_MEMORY:
        return ENOMEM;
    case EAI_FAMILY:
    case EAI_SOCKTYPE:
        return EAFNOSUPPORT;
    case EAI_SYSTEM:
        return errno ? errno : EIO;
    default:
        return EINVAL;
    }
}

/* Resolves host name NAME into *SS with getaddrinfo(), taking the first
 * address.  Returns 0 or an errno value. */
static int
resolve_host_name(const char *name, struct sockaddr_storage *ss,
                  char **errorp)
{
    struct addrinfo hints = {
        .ai_family = AF_UNSPEC,
        .ai_socktype = SOCK_STREAM,
    };
    struct addrinfo *result = NULL;

    errno = 0;
    int gai_error = getaddrinfo(name, NULL, &hints, &result);
    if (gai_error) {
        int error = gai_error_to_errno(gai_error);
        set_error(errorp, "could not resolve host name \"%s\" (%s)", name,
                  gai_error == EAI_SYSTEM ? sluice_strerror(error)
                  : gai_strerror(gai_error));
        return error;
    }

    int error = EAFNOSUPPORT;
    for (struct addrinfo *ai = result; ai; ai = ai->ai_next) {
        if ((ai->ai_family == AF_INET || ai->ai_family == AF_INET6)
            && ai->ai_addrlen <= sizeof *ss) {
            memset(ss, 0, sizeof *ss);
            memcpy(ss, ai->ai_addr, ai->ai_addrlen);
            error = 0;
            break;
        }
    }
    freeaddrinfo(result);
    if (error) {
        set_error(errorp, "host name \"%s\" has no IPv4 or IPv6 address",
                  name);
    }
    return error;
}

/* Parses HOST (an IPv4 address, an IPv6 address without brackets, or a host
 * name) and PORT into *SS.  See inet_parse_active() for RESOLVE. */
static int
parse_host(const char *host, int port, bool resolve,
           struct sockaddr_storage *ss, char **errorp)
{
    int error = 0;

    memset(ss, 0, sizeof *ss);
    if (!*host) {
        set_error(errorp, "host is missing");
        return EINVAL;
    } else if (strchr(host, ':')) {
        struct sockaddr_in6 sin6;
        error = parse_ipv6(host, &sin6, errorp);
        if (!error) {
            memcpy(ss, &sin6, sizeof sin6);
        }
    } else {
        struct in_addr addr;
        if (inet_pton(AF_INET, host, &addr) == 1) {
            struct sockaddr_in *sin = (struct sockaddr_in *) ss;
            sin->sin_family = AF_INET;
            sin->sin_addr = addr;
        } else if (!is_host_name(host)) {
            set_error(errorp, "\"%s\" is neither an IP address nor a host "
                      "name", host);
            return EINVAL;
        } else if (resolve) {
            error = resolve_host_name(host, ss, errorp);
        } else {
            ss->ss_family = AF_UNSPEC;
            return 0;
        }
    }

    if (!error) {
        if (ss->ss_family == AF_INET) {
            ((struct sockaddr_in *) ss)->sin_port = htons(port);
        } else {
            ((struct sockaddr_in6 *) ss)->sin6_port = htons(port);
        }
    }
    return error;
}

int
inet_parse_active(const char *target, int default_port, bool resolve,
                   struct sockaddr_storage *ss, char **errorp)
{
    const char *port_start;     /* After the host's ':', or NULL. */
    char *host;

    clear_error(errorp);
    memset(ss, 0, sizeof *ss);
    ss->ss_family = AF_UNSPEC;

    if (target[0] == '[') {
        const char *close = strchr(target, ']');
        if (!close) {
            set_error(errorp, "missing ']' after IPv6 address");
            return EINVAL;
        }
        if (close[1] != '\0' && close[1] != ':') {
            set_error(errorp, "unexpected text after ']'");
            return EINVAL;
        }
        host = xmemdup0(target + 1, close - (target + 1));
        if (!strchr(host, ':')) {
            set_error(errorp, "\"%s\" in brackets is not an IPv6 address",
                      host);
            free(host);
            return EINVAL;
        }
        port_start = close[1] == ':' ? close + 2 : NULL;
    } else {
        const char *colon = strchr(target, ':');
        if (colon && strchr(colon + 1, ':')) {
            set_error(errorp, "an IPv6 address must be written in brackets, "
                      "as in [::1]:6640");
            return EINVAL;
        }
        host = colon ? xmemdup0(target, colon - target) : xstrdup(target);
        port_start = colon ? colon + 1 : NULL;
    }

    int port;
    if (!port_start || !*port_start) {
        if (default_port < 0) {
            set_error(errorp, "port number is required");
            free(host);
            return EINVAL;
        }
        port = default_port;
    } else if (!parse_port(port_start, strlen(port_start), &port)) {
        set_error(errorp, "\"%s\" is not a port number (0 to 65535)",
                  port_start);
        free(host);
        return EINVAL;
    }
    if (port == 0) {
        set_error(errorp, "port 0 cannot be connected to");
        free(host);
        return EINVAL;
    }

    int error = parse_host(host, port, resolve, ss, errorp);
    free(host);
    return error;
}

int
inet_parse_passive(const char *target, int default_port, bool resolve,
                   struct sockaddr_storage *ss, char **errorp)
{
    const char *colon = strchr(target, ':');
    size_t port_len = colon ? (size_t) (colon - target) : strlen(target);
    int port;

    clear_error(errorp);
    memset(ss, 0, sizeof *ss);
    ss->ss_family = AF_UNSPEC;

    if (!port_len) {
        if (default_port < 0) {
            set_error(errorp, "port number is required");
            return EINVAL;
        }
        port = default_port;
    } else if (!parse_port(target, port_len, &port)) {
        char *text = xmemdup0(target, port_len);
        set_error(errorp, "\"%s\" is not a port number (0 to 65535)", text);
        free(text);
        return EINVAL;
    }

    char *host;
    if (!colon) {
        host = xstrdup("0.0.0.0");
    } else if (colon[1] == '[') {
        size_t len = strlen(colon + 1);
        if (colon[len] != ']') {
            set_error(errorp, "missing ']' after IPv6 address");
            return EINVAL;
        }
        host = xmemdup0(colon + 2, len - 2);
        if (!strchr(host, ':')) {
            set_error(errorp, "\"%s\" in brackets is not an IPv6 address",
                      host);
            free(host);
            return EINVAL;
        }
    } else {
        host = xstrdup(colon + 1);
    }

    int error = parse_host(host, port, resolve, ss, errorp);
    free(host);
    return error;
}

socklen_t
ss_length(const struct sockaddr_storage *ss)
{
    switch (ss->ss_family) {
    case AF_INET:
        return sizeof(struct sockaddr_in);
    case AF_INET6:
        return sizeof(struct sockaddr_in6);
    default:
        return 0;
    }
}

uint16_t
ss_get_port(const struct sockaddr_storage *ss)
{
    switch (ss->ss_family) {
    case AF_INET:
        return ntohs(((const struct sockaddr_in *) ss)->sin_port);
    case AF_INET6:
        return ntohs(((const struct sockaddr_in6 *) ss)->sin6_port);
    default:
        return 0;
    }
}

void
ss_format_address(const struct sockaddr_storage *ss, bool with_port,
                  struct ds *ds)
{
    char buf[INET6_ADDRSTRLEN];

    if (ss->ss_family == AF_INET) {
        const struct sockaddr_in *sin = (const struct sockaddr_in *) ss;
        inet_ntop(AF_INET, &sin->sin_addr, buf, sizeof buf);
        ds_put_cstr(ds, buf);
    } else if (ss->ss_family == AF_INET6) {
        const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *) ss;
        inet_ntop(AF_INET6, &sin6->sin6_addr, buf, sizeof buf);
        if (with_port) {
            ds_put_char(ds, '[');
        }
        ds_put_cstr(ds, buf);
        if (sin6->sin6_scope_id) {
            char ifname[IF_NAMESIZE];
            if (if_indextoname(sin6->sin6_scope_id, ifname)) {
                ds_put_format(ds, "%%%s", ifname);
            } else {
                ds_put_format(ds, "%%%u", (unsigned int) sin6->sin6_scope_id);
            }
        }
        if (with_port) {
            ds_put_char(ds, ']');
        }
    } else {
        ds_put_cstr(ds, "(unknown)");
        return;
    }
    if (with_port) {
        ds_put_format(ds, ":%u", ss_get_port(ss));
    }
}

/* Appends "could not WHAT ADDRESS (REASON)" to *ERRORP. */
static void
set_address_error(char **errorp, const char *what,
                  const struct sockaddr_storage *ss, int error)
{
    if (errorp) {
        struct ds ds = DS_EMPTY_INITIALIZER;
        ss_format_address(ss, true, &ds);
        *errorp = xasprintf("could not %s %s (%s)", what, ds_cstr(&ds),
                            sluice_strerror(error));
        ds_destroy(&ds);
    }
}

int
inet_open_active(int style, const char *target, int default_port,
                 uint8_t dscp, struct sockaddr_storage *ssp, int *fdp,
                 char **errorp)
{
    struct sockaddr_storage ss;
    int error;
    int fd;

    *fdp = -1;
    error = inet_parse_active(target, default_port, true, &ss, errorp);
    if (error) {
        return error;
    }
    if (ssp) {
        *ssp = ss;
    }

    fd = socket(ss.ss_family, style | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error = errno;
        set_error(errorp, "could not create socket (%s)",
                  sluice_strerror(error));
        return error;
    }

    error = set_dscp(fd, ss.ss_family, dscp);
    if (error) {
        set_error(errorp, "could not set DSCP %u (%s)", dscp,
                  sluice_strerror(error));
        close(fd);
        return error;
    }

    if (connect(fd, (struct sockaddr *) &ss, ss_length(&ss))) {
        error = errno == EINPROGRESS ? EAGAIN : errno;
        if (error != EAGAIN) {
            set_address_error(errorp, "connect to", &ss, error);
            close(fd);
            return error;
        }
    }
    *fdp = fd;
    return error;
}

int
inet_open_passive(int style, const char *target, int default_port,
                  uint8_t dscp, struct sockaddr_storage *ssp, int *fdp,
                  char **errorp)
{
    struct sockaddr_storage ss;
    int error;
    int fd;

    *fdp = -1;
    error = inet_parse_passive(target, default_port, true, &ss, errorp);
    if (error) {
        return error;
    }

    fd = socket(ss.ss_family, style | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error = errno;
        set_error(errorp, "could not create socket (%s)",
                  sluice_strerror(error));
        return error;
    }

    int on = 1;
    if (style == SOCK_STREAM
        && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on)) {
        error = errno;
        set_error(errorp, "could not set SO_REUSEADDR (%s)",
                  sluice_strerror(error));
        goto error;
    }

    error = set_dscp(fd, ss.ss_family, dscp);
    if (error) {
        set_error(errorp, "could not set DSCP %u (%s)", dscp,
                  sluice_strerror(error));
        goto error;
    }

    if (bind(fd, (struct sockaddr *) &ss, ss_length(&ss))) {
        error = errno;
        set_address_error(errorp, "bind to", &ss, error);
        goto error;
    }

    if (style == SOCK_STREAM && listen(fd, SOCKET_LISTEN_BACKLOG)) {
        error = errno;
        set_address_error(errorp, "listen on", &ss, error);
        goto error;
    }

    if (ssp) {
        socklen_t len = sizeof *ssp;
        memset(ssp, 0, sizeof *ssp);
        if (getsockname(fd, (struct sockaddr *) ssp, &len)) {
            error = errno;
            set_error(errorp, "getsockname failed (%s)",
                      sluice_strerror(error));
            goto error;
        }
    }
    *fdp = fd;
    return 0;

error:
    close(fd);
    return error;
}

/* Fills *UN and *LEN for PATH.  If PATH is too long for sun_path, opens its
 * directory with O_PATH, stores that fd in *DIRFDP (which the caller closes
 * after using *UN) and names PATH through /proc/self/fd; otherwise stores -1
 * in *DIRFDP.  Returns 0 or an errno value. */
static int
unix_sockaddr_init(const char *path, struct sockaddr_un *un, socklen_t *len,
                   int *dirfdp, char **errorp)
{
    size_t path_len = strlen(path);

    *dirfdp = -1;
    memset(un, 0, sizeof *un);
    un->sun_family = AF_UNIX;

    if (!path_len) {
        set_error(errorp, "socket path is empty");
        return EINVAL;
    }
    if (path_len < sizeof un->sun_path) {
        memcpy(un->sun_path, path, path_len);
    } else {
        char *dir = dir_name(path);
        char *base = base_name(path);
        int dirfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
        int error = 0;

        if (dirfd < 0) {
            error = errno;
            set_error(errorp, "could not open directory %s (%s)", dir,
                      sluice_strerror(error));
        } else {
            int n = snprintf(un->sun_path, sizeof un->sun_path,
                             "/proc/self/fd/%d/%s", dirfd, base);
            if (n < 0 || (size_t) n >= sizeof un->sun_path) {
                error = ENAMETOOLONG;
                set_error(errorp, "socket name %s is too long", base);
                close(dirfd);
            } else {
                *dirfdp = dirfd;
            }
        }
        free(dir);
        free(base);
        if (error) {
            return error;
        }
    }
    *len = offsetof(struct sockaddr_un, sun_path) + strlen(un->sun_path) + 1;
    return 0;
}

/* Binds (if BIND) or connects socket FD to Unix domain socket PATH.  Returns
 * 0 or an errno value (EAGAIN for a connection that must be retried). */
static int
unix_bind_or_connect(int fd, const char *path, bool bind_, char **errorp)
{
    struct sockaddr_un un;
    socklen_t len;
    int dirfd;
    int error;

    error = unix_sockaddr_init(path, &un, &len, &dirfd, errorp);
    if (error) {
        return error;
    }

    int retval = (bind_
                  ? bind(fd, (struct sockaddr *) &un, len)
                  : connect(fd, (struct sockaddr *) &un, len));
    error = retval ? errno : 0;
    if (error == EINPROGRESS) {
        /* Unix domain connects complete at once; treat the unexpected
         * EINPROGRESS like a full listen queue. */
        error = EAGAIN;
    }
    if (error && error != EAGAIN) {
        set_error(errorp, "could not %s %s (%s)",
                  bind_ ? "bind to" : "connect to", path,
                  sluice_strerror(error));
    } else if (error == EAGAIN) {
        set_error(errorp, "listen queue of %s is full", path);
    }
    if (dirfd >= 0) {
        close(dirfd);
    }
    return error;
}

int
unix_socket_remove_stale(const char *path, char **errorp)
{
    struct stat st;
    int error;

    clear_error(errorp);
    if (lstat(path, &st)) {
        error = errno;
        if (error == ENOENT) {
            return 0;
        }
        set_error(errorp, "could not check %s (%s)", path,
                  sluice_strerror(error));
        return error;
    }
    if (!S_ISSOCK(st.st_mode)) {
        set_error(errorp, "%s exists and is not a socket", path);
        return EEXIST;
    }

    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error = errno;
        set_error(errorp, "could not create socket (%s)",
                  sluice_strerror(error));
        return error;
    }
    char *connect_error = NULL;
    error = unix_bind_or_connect(fd, path, false, &connect_error);
    free(connect_error);
    close(fd);

    switch (error) {
    case 0:
    case EAGAIN:
    case EPROTOTYPE:
        set_error(errorp, "another process is listening on %s", path);
        return EADDRINUSE;

    case ECONNREFUSED:
        /* Nobody is listening: the owner died without removing it. */
        if (unlink(path) && errno != ENOENT) {
            error = errno;
            set_error(errorp, "could not remove stale socket %s (%s)", path,
                      sluice_strerror(error));
            return error;
        }
        return 0;

    case ENOENT:
        /* Removed meanwhile. */
        return 0;

    default:
        set_error(errorp, "could not check whether %s is in use (%s)", path,
                  sluice_strerror(error));
        return error;
    }
}

int
make_unix_socket(int style, const char *bind_path, const char *connect_path,
                 int *fdp, char **errorp)
{
    int error;
    int fd;

    clear_error(errorp);
    *fdp = -1;

    fd = socket(AF_UNIX, style | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error = errno;
        set_error(errorp, "could not create socket (%s)",
                  sluice_strerror(error));
        return error;
    }

    if (bind_path) {
        error = unix_socket_remove_stale(bind_path, errorp);
        if (!error) {
            error = unix_bind_or_connect(fd, bind_path, true, errorp);
        }
        if (error) {
            close(fd);
            return error;
        }
    }

    if (connect_path) {
        error = unix_bind_or_connect(fd, connect_path, false, errorp);
        if (error) {
            close(fd);
            return error;
        }
    }

    *fdp = fd;
    return 0;
}
