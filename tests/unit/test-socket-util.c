/* Unit tests for lib/socket-util.c. */
#include <config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include "dynamic-string.h"
#include "socket-util.h"
#include "util.h"

/* Returns SS formatted with its port. */
static char *
format_ss(const struct sockaddr_storage *ss)
{
    struct ds ds = DS_EMPTY_INITIALIZER;
    ss_format_address(ss, true, &ds);
    return ds_steal_cstr(&ds);
}

/* Parses active TARGET and asserts that it succeeds and formats as
 * EXPECTED. */
static void
check_active(const char *target, int default_port, const char *expected)
{
    struct sockaddr_storage ss;
    char *error = (char *) "unset";
    int retval = inet_parse_active(target, default_port, true, &ss, &error);
    if (retval) {
        fail_msg("%s: %s", target, error);
    }
    assert_null(error);
    char *s = format_ss(&ss);
    assert_string_equal(s, expected);
    free(s);
}

/* Parses active TARGET and asserts that it fails with ERRNO_ and a message
 * containing SUBSTRING. */
static void
check_active_error(const char *target, int default_port, int errno_,
                   const char *substring)
{
    struct sockaddr_storage ss;
    char *error = NULL;
    int retval = inet_parse_active(target, default_port, true, &ss, &error);
    if (retval != errno_) {
        fail_msg("%s: expected error %d, got %d (%s)", target, errno_,
                 retval, error ? error : "no message");
    }
    assert_non_null(error);
    if (!strstr(error, substring)) {
        fail_msg("%s: message \"%s\" lacks \"%s\"", target, error,
                 substring);
    }
    free(error);

    /* A null 'errorp' is allowed. */
    assert_int_equal(inet_parse_active(target, default_port, true, &ss,
                                       NULL), errno_);
}

static void
check_passive(const char *target, int default_port, const char *expected)
{
    struct sockaddr_storage ss;
    char *error = NULL;
    int retval = inet_parse_passive(target, default_port, true, &ss, &error);
    if (retval) {
        fail_msg("%s: %s", target, error);
    }
    char *s = format_ss(&ss);
    assert_string_equal(s, expected);
    free(s);
}

static void
check_passive_error(const char *target, int default_port, int errno_,
                    const char *substring)
{
    struct sockaddr_storage ss;
    char *error = NULL;
    int retval = inet_parse_passive(target, default_port, true, &ss,
                                    &error);
    if (retval != errno_) {
        fail_msg("%s: expected error %d, got %d (%s)", target, errno_,
                 retval, error ? error : "no message");
    }
    assert_non_null(error);
    if (!strstr(error, substring)) {
        fail_msg("%s: message \"%s\" lacks \"%s\"", target, error,
                 substring);
    }
    free(error);
}

static void
test_parse_active(void **state)
{
    check_active("127.0.0.1:6640", -1, "127.0.0.1:6640");
    check_active("10.1.2.3:1", -1, "10.1.2.3:1");
    check_active("127.0.0.1", 6653, "127.0.0.1:6653");
    check_active("127.0.0.1:", 6653, "127.0.0.1:6653");
    check_active("[::1]:6640", -1, "[::1]:6640");
    check_active("[::1]", 6653, "[::1]:6653");
    check_active("[2001:db8::5]:65535", -1, "[2001:db8::5]:65535");
    check_active("[fe80::1%1]:80", -1, "[fe80::1%lo]:80");
    check_active("[fe80::1%lo]:80", -1, "[fe80::1%lo]:80");

    /* A host name: syntax only without RESOLVE, resolved with it. */
    struct sockaddr_storage ss;
    assert_int_equal(inet_parse_active("localhost:80", -1, false, &ss, NULL),
                     0);
    assert_int_equal(ss.ss_family, AF_UNSPEC);
    assert_int_equal(inet_parse_active("localhost:80", -1, true, &ss, NULL),
                     0);
    assert_true(ss.ss_family == AF_INET || ss.ss_family == AF_INET6);
    assert_int_equal(ss_get_port(&ss), 80);
    assert_int_equal(inet_parse_active("a-b.example_1.com:1", -1, false,
                                       &ss, NULL), 0);

    check_active_error("127.0.0.1", -1, EINVAL, "port number is required");
    check_active_error("127.0.0.1:", -1, EINVAL, "port number is required");
    check_active_error("127.0.0.1:0", -1, EINVAL, "port 0");
    check_active_error("127.0.0.1:65536", -1, EINVAL, "not a port number");
    check_active_error("127.0.0.1:6x", -1, EINVAL, "not a port number");
    check_active_error("127.0.0.1:-1", -1, EINVAL, "not a port number");
    check_active_error("::1:6640", -1, EINVAL, "brackets");
    check_active_error("[::1", -1, EINVAL, "missing ']'");
    check_active_error("[::1]6640", -1, EINVAL, "after ']'");
    check_active_error("[1.2.3.4]:80", -1, EINVAL, "not an IPv6 address");
    check_active_error("[::g]:80", -1, EINVAL, "not a valid IPv6 address");
    check_active_error("[fe80::1%]:80", -1, EINVAL, "empty IPv6 zone");
    check_active_error("[fe80::1%no-such-if9]:80", -1, ENODEV,
                       "unknown interface");
    check_active_error(":80", -1, EINVAL, "host is missing");
    check_active_error("", 80, EINVAL, "host is missing");
    check_active_error("1.2.3:80", -1, EINVAL, "neither");
    check_active_error("300.1.1.1:80", -1, EINVAL, "neither");
    check_active_error("bad..name:80", -1, EINVAL, "neither");
    check_active_error("-bad:80", -1, EINVAL, "neither");
    check_active_error("sp ace:80", -1, EINVAL, "neither");
}

static void
test_parse_passive(void **state)
{
    check_passive("6640", -1, "0.0.0.0:6640");
    check_passive("0", -1, "0.0.0.0:0");
    check_passive("6640:127.0.0.1", -1, "127.0.0.1:6640");
    check_passive("6640:::1", -1, "[::1]:6640");
    check_passive("6640:[::1]", -1, "[::1]:6640");
    check_passive("6640:[::]", -1, "[::]:6640");
    check_passive("", 6653, "0.0.0.0:6653");
    check_passive(":127.0.0.1", 6653, "127.0.0.1:6653");

    struct sockaddr_storage ss;
    assert_int_equal(inet_parse_passive("1:localhost", -1, false, &ss, NULL),
                     0);
    assert_int_equal(ss.ss_family, AF_UNSPEC);

    check_passive_error("", -1, EINVAL, "port number is required");
    check_passive_error(":127.0.0.1", -1, EINVAL, "port number is required");
    check_passive_error("70000", -1, EINVAL, "not a port number");
    check_passive_error("66x:127.0.0.1", -1, EINVAL, "not a port number");
    check_passive_error("80:[::1", -1, EINVAL, "missing ']'");
    check_passive_error("80:[127.0.0.1]", -1, EINVAL, "not an IPv6");
    check_passive_error("80:", -1, EINVAL, "host is missing");
    check_passive_error("80:bad..name", -1, EINVAL, "neither");
}

static void
test_ss_helpers(void **state)
{
    struct sockaddr_storage ss;
    struct ds ds = DS_EMPTY_INITIALIZER;

    assert_int_equal(inet_parse_active("[::1]:99", -1, true, &ss, NULL), 0);
    assert_int_equal(ss_length(&ss), sizeof(struct sockaddr_in6));
    assert_int_equal(ss_get_port(&ss), 99);
    ss_format_address(&ss, false, &ds);
    assert_string_equal(ds_cstr(&ds), "::1");

    assert_int_equal(inet_parse_active("1.2.3.4:5", -1, true, &ss, NULL), 0);
    assert_int_equal(ss_length(&ss), sizeof(struct sockaddr_in));
    ds_clear(&ds);
    ss_format_address(&ss, false, &ds);
    assert_string_equal(ds_cstr(&ds), "1.2.3.4");

    memset(&ss, 0, sizeof ss);
    ss.ss_family = AF_UNIX;
    assert_int_equal(ss_length(&ss), 0);
    assert_int_equal(ss_get_port(&ss), 0);
    ds_clear(&ds);
    ss_format_address(&ss, true, &ds);
    assert_string_equal(ds_cstr(&ds), "(unknown)");
    ds_destroy(&ds);
}

static void
test_fd_flags(void **state)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);

    assert_false(fcntl(fds[0], F_GETFL) & O_NONBLOCK);
    assert_int_equal(set_nonblocking(fds[0]), 0);
    assert_true(fcntl(fds[0], F_GETFL) & O_NONBLOCK);
    assert_int_equal(set_nonblocking(fds[0]), 0);

    assert_false(fcntl(fds[1], F_GETFD) & FD_CLOEXEC);
    assert_int_equal(set_cloexec(fds[1]), 0);
    assert_true(fcntl(fds[1], F_GETFD) & FD_CLOEXEC);

    /* Not a socket. */
    assert_int_equal(get_socket_error(fds[0]), ENOTSOCK);
    close(fds[0]);
    close(fds[1]);

    assert_int_equal(set_nonblocking(-1), EBADF);
    assert_int_equal(set_cloexec(-1), EBADF);
}

static void
test_dscp(void **state)
{
    int tos;
    socklen_t len;

    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    assert_int_equal(set_dscp(fd, AF_INET, 46), 0);
    len = sizeof tos;
    assert_int_equal(getsockopt(fd, IPPROTO_IP, IP_TOS, &tos, &len), 0);
    assert_int_equal(tos, 46 << 2);
    assert_int_equal(set_dscp(fd, AF_INET, 64), EINVAL);
    close(fd);

    fd = socket(AF_INET6, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    assert_int_equal(set_dscp(fd, AF_INET6, 10), 0);
    len = sizeof tos;
    assert_int_equal(getsockopt(fd, IPPROTO_IPV6, IPV6_TCLASS, &tos, &len),
                     0);
    assert_int_equal(tos, 10 << 2);
    close(fd);

    /* Unix domain sockets have no DSCP: nothing to do. */
    fd = socket(AF_UNIX, SOCK_STREAM, 0);
    assert_int_equal(set_dscp(fd, AF_UNIX, 10), 0);
    close(fd);
}

static void
test_inet_open(void **state)
{
    struct sockaddr_storage ss;
    char *error = NULL;
    int listen_fd;

    /* Port 0 binds a free port, reported in SS. */
    assert_int_equal(inet_open_passive(SOCK_STREAM, "0:127.0.0.1", -1, 0,
                                       &ss, &listen_fd, &error), 0);
    assert_null(error);
    assert_true(listen_fd >= 0);
    uint16_t port = ss_get_port(&ss);
    assert_int_not_equal(port, 0);
    assert_true(fcntl(listen_fd, F_GETFL) & O_NONBLOCK);
    assert_true(fcntl(listen_fd, F_GETFD) & FD_CLOEXEC);

    /* The same port again is in use. */
    char *target = xasprintf("%u:127.0.0.1", port);
    int fd2;
    assert_int_equal(inet_open_passive(SOCK_STREAM, target, -1, 0, NULL,
                                       &fd2, &error), EADDRINUSE);
    assert_int_equal(fd2, -1);
    char *expected = xasprintf("could not bind to 127.0.0.1:%u", port);
    assert_non_null(strstr(error, expected));
    free(expected);
    free(error);
    free(target);

    /* Connect to it; the connection completes. */
    target = xasprintf("127.0.0.1:%u", port);
    int fd;
    int retval = inet_open_active(SOCK_STREAM, target, -1, 8, &ss, &fd,
                                  &error);
    assert_true(retval == 0 || retval == EAGAIN);
    assert_true(fd >= 0);
    assert_int_equal(ss_get_port(&ss), port);
    assert_true(fcntl(fd, F_GETFL) & O_NONBLOCK);
    assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
    struct pollfd pfd = { .fd = fd, .events = POLLOUT };
    assert_int_equal(poll(&pfd, 1, 5000), 1);
    assert_int_equal(check_connection_completion(fd), 0);
    assert_int_equal(get_socket_error(fd), 0);
    free(target);
    close(fd);

    /* Close the listener: now the port refuses connections, either at once
     * or when the attempt completes. */
    close(listen_fd);
    target = xasprintf("127.0.0.1:%u", port);
    retval = inet_open_active(SOCK_STREAM, target, -1, 0, NULL, &fd, &error);
    if (retval == EAGAIN) {
        pfd.fd = fd;
        assert_int_equal(poll(&pfd, 1, 5000), 1);
        assert_int_equal(check_connection_completion(fd), ECONNREFUSED);
        close(fd);
    } else {
        assert_int_equal(retval, ECONNREFUSED);
        assert_int_equal(fd, -1);
        assert_non_null(strstr(error, "could not connect to 127.0.0.1"));
        free(error);
    }
    free(target);

    /* Parse errors come through. */
    assert_int_equal(inet_open_active(SOCK_STREAM, "127.0.0.1", -1, 0, NULL,
                                      &fd, &error), EINVAL);
    assert_int_equal(fd, -1);
    assert_string_equal(error, "port number is required");
    free(error);
}

/* Creates a fresh temporary directory; the caller frees the name. */
static char *
make_temp_dir(void)
{
    char *dir = xstrdup("/tmp/test-socket-util.XXXXXX");
    assert_non_null(mkdtemp(dir));
    return dir;
}

static void
test_unix_sockets(void **state)
{
    char *dir = make_temp_dir();
    char *path = xasprintf("%s/sock", dir);
    char *error = NULL;
    int server, client;

    assert_int_equal(make_unix_socket(SOCK_STREAM, path, NULL, &server,
                                      &error), 0);
    assert_true(fcntl(server, F_GETFL) & O_NONBLOCK);
    assert_true(fcntl(server, F_GETFD) & FD_CLOEXEC);
    assert_int_equal(listen(server, 5), 0);

    /* A live listener is not replaced. */
    int other;
    assert_int_equal(make_unix_socket(SOCK_STREAM, path, NULL, &other,
                                      &error), EADDRINUSE);
    assert_int_equal(other, -1);
    assert_non_null(strstr(error, "another process is listening"));
    free(error);
    assert_int_equal(unix_socket_remove_stale(path, NULL), EADDRINUSE);

    assert_int_equal(make_unix_socket(SOCK_STREAM, NULL, path, &client,
                                      &error), 0);
    close(client);

    /* Once nobody listens, the socket file is stale and gets replaced. */
    close(server);
    struct stat after;
    assert_int_equal(stat(path, &after), 0);
    assert_int_equal(make_unix_socket(SOCK_STREAM, NULL, path, &client,
                                      &error), ECONNREFUSED);
    free(error);
    assert_int_equal(make_unix_socket(SOCK_STREAM, path, NULL, &server,
                                      &error), 0);
    assert_int_equal(stat(path, &after), 0);
    assert_true(S_ISSOCK(after.st_mode));
    /* The new file is the new socket's: connecting to it works. */
    assert_int_equal(listen(server, 5), 0);
    assert_int_equal(make_unix_socket(SOCK_STREAM, NULL, path, &client,
                                      &error), 0);
    close(client);
    close(server);

    /* A regular file is never removed. */
    assert_int_equal(unlink(path), 0);
    FILE *file = fopen(path, "w");
    assert_non_null(file);
    fclose(file);
    assert_int_equal(make_unix_socket(SOCK_STREAM, path, NULL, &server,
                                      &error), EEXIST);
    assert_non_null(strstr(error, "is not a socket"));
    free(error);
    assert_int_equal(stat(path, &after), 0);
    assert_true(S_ISREG(after.st_mode));
    assert_int_equal(unlink(path), 0);

    /* Nothing there at all. */
    assert_int_equal(unix_socket_remove_stale(path, NULL), 0);
    assert_int_equal(make_unix_socket(SOCK_STREAM, NULL, path, &client,
                                      &error), ENOENT);
    assert_non_null(strstr(error, path));
    free(error);

    /* Empty path. */
    assert_int_equal(make_unix_socket(SOCK_STREAM, "", NULL, &client,
                                      &error), EINVAL);
    free(error);

    free(path);
    rmdir(dir);
    free(dir);
}

static void
test_unix_long_path(void **state)
{
    char *dir = make_temp_dir();
    struct ds deep = DS_EMPTY_INITIALIZER;
    char *error = NULL;

    /* A directory path well beyond sun_path's 108 bytes. */
    ds_put_cstr(&deep, dir);
    while (deep.length < 200) {
        ds_put_cstr(&deep, "/a-rather-long-directory-name");
        assert_int_equal(mkdir(ds_cstr(&deep), 0700), 0);
    }
    char *path = xasprintf("%s/db.sock", ds_cstr(&deep));
    assert_true(strlen(path) >= sizeof ((struct sockaddr_un *) 0)->sun_path);

    int server, client;
    assert_int_equal(make_unix_socket(SOCK_STREAM, path, NULL, &server,
                                      &error), 0);
    assert_int_equal(listen(server, 5), 0);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_true(S_ISSOCK(st.st_mode));

    assert_int_equal(make_unix_socket(SOCK_STREAM, NULL, path, &client,
                                      &error), 0);
    int accepted = accept(server, NULL, NULL);
    assert_true(accepted >= 0);
    assert_int_equal(write(client, "hi", 2), 2);
    char buf[2];
    assert_int_equal(read(accepted, buf, 2), 2);
    assert_memory_equal(buf, "hi", 2);
    close(accepted);
    close(client);

    /* Stale detection works through the long name too. */
    close(server);
    assert_int_equal(unix_socket_remove_stale(path, NULL), 0);
    assert_int_not_equal(stat(path, &st), 0);

    /* A last component that cannot fit even via /proc/self/fd. */
    struct ds name = DS_EMPTY_INITIALIZER;
    ds_put_format(&name, "%s/", dir);
    ds_put_char_multiple(&name, 'x', 120);
    assert_int_equal(make_unix_socket(SOCK_STREAM, ds_cstr(&name), NULL,
                                      &server, &error), ENAMETOOLONG);
    assert_non_null(strstr(error, "too long"));
    free(error);
    ds_destroy(&name);

    /* Clean up the directories, deepest first. */
    free(path);
    while (deep.length > strlen(dir)) {
        assert_int_equal(rmdir(ds_cstr(&deep)), 0);
        char *slash = strrchr(ds_cstr(&deep), '/');
        ds_truncate(&deep, slash - deep.string);
    }
    ds_destroy(&deep);
    rmdir(dir);
    free(dir);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_active),
        cmocka_unit_test(test_parse_passive),
        cmocka_unit_test(test_ss_helpers),
        cmocka_unit_test(test_fd_flags),
        cmocka_unit_test(test_dscp),
        cmocka_unit_test(test_inet_open),
        cmocka_unit_test(test_unix_sockets),
        cmocka_unit_test(test_unix_long_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
