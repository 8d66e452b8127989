/* Unit tests for lib/stream.c and its unix, tcp and ssl classes.
 *
 * Everything runs in one thread over loopback: each test drives both ends
 * of its connections through the poll loop.  TLS certificates are made at
 * run time with the OpenSSL API in a temporary directory, which the group
 * teardown removes. */
#include <config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include "dynamic-string.h"
#include "poll-loop.h"
#include "stream-ssl.h"
#include "stream.h"
#include "timeval.h"
#include "util.h"
#include "vlog.h"

/* Every wait in these tests ends well before this, or the test fails. */
#define TEST_TIMEOUT_MS 20000

static char *tmp_dir;           /* Private directory for files. */
static char *log_file;          /* Log messages go here too. */

/* Returns a new string "TMP_DIR/NAME". */
static char *
tmp_file(const char *name)
{
    return xasprintf("%s/%s", tmp_dir, name);
}

/* Returns true if the log file contains SUBSTRING. */
static bool
log_contains(const char *substring)
{
    FILE *file = fopen(log_file, "r");
    struct ds line = DS_EMPTY_INITIALIZER;
    bool found = false;

    assert_non_null(file);
    while (!found && !ds_get_line(&line, file)) {
        found = strstr(ds_cstr(&line), substring) != NULL;
        ds_clear(&line);
    }
    ds_destroy(&line);
    fclose(file);
    return found;
}

/* Certificates. */

struct test_cert {
    EVP_PKEY *key;
    X509 *cert;
};

static void
add_ext(X509 *cert, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, NULL, NULL, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
    assert_non_null(ext);
    assert_int_equal(X509_add_ext(cert, ext, -1), 1);
    X509_EXTENSION_free(ext);
}

/* Makes a key and a certificate for CN, signed by ISSUER or, if ISSUER is
 * NULL, self-signed as a CA. */
static struct test_cert
make_cert(const char *cn, const struct test_cert *issuer)
{
    static long serial = 1;
    struct test_cert tc;

    tc.key = EVP_EC_gen("P-256");
    assert_non_null(tc.key);
    tc.cert = X509_new();
    assert_non_null(tc.cert);
    X509_set_version(tc.cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(tc.cert), serial++);
    X509_gmtime_adj(X509_getm_notBefore(tc.cert), -3600);
    X509_gmtime_adj(X509_getm_notAfter(tc.cert), 86400L * 30);
    X509_set_pubkey(tc.cert, tc.key);

    X509_NAME *name = X509_get_subject_name(tc.cert);
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                               (const unsigned char *) "Sluice test", -1,
                               -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               (const unsigned char *) cn, -1, -1, 0);
    X509 *issuer_cert = issuer ? issuer->cert : tc.cert;
    X509_set_issuer_name(tc.cert, X509_get_subject_name(issuer_cert));

    add_ext(tc.cert, issuer_cert, NID_subject_key_identifier, "hash");
    add_ext(tc.cert, issuer_cert, NID_authority_key_identifier,
            "keyid:always");
    if (issuer) {
        add_ext(tc.cert, issuer_cert, NID_basic_constraints,
                "critical,CA:FALSE");
        add_ext(tc.cert, issuer_cert, NID_key_usage,
                "critical,digitalSignature");
        add_ext(tc.cert, issuer_cert, NID_ext_key_usage,
                "serverAuth,clientAuth");
    } else {
        add_ext(tc.cert, issuer_cert, NID_basic_constraints,
                "critical,CA:TRUE");
        add_ext(tc.cert, issuer_cert, NID_key_usage,
                "critical,keyCertSign,cRLSign");
    }
    assert_true(X509_sign(tc.cert, issuer ? issuer->key : tc.key,
                          EVP_sha256()) > 0);
    return tc;
}

static void
free_cert(struct test_cert *tc)
{
    EVP_PKEY_free(tc->key);
    X509_free(tc->cert);
}

/* Writes the PEM of KEY (if nonnull) and CERTS (up to 2, nonnull ones) to
 * file NAME in the temporary directory. */
static void
write_pem(const char *name, EVP_PKEY *key, X509 *cert1, X509 *cert2)
{
    char *file_name = tmp_file(name);
    FILE *file = fopen(file_name, "w");
    assert_non_null(file);
    if (key) {
        assert_int_equal(PEM_write_PrivateKey(file, key, NULL, NULL, 0, NULL,
                                              NULL), 1);
    }
    if (cert1) {
        assert_int_equal(PEM_write_X509(file, cert1), 1);
    }
    if (cert2) {
        assert_int_equal(PEM_write_X509(file, cert2), 1);
    }
    assert_int_equal(fclose(file), 0);
    free(file_name);
}

/* Test files, in 'tmp_dir'. */
static const char *const tmp_files[] = {
    "ca1.pem", "ca2.pem",
    "server-key.pem", "server-cert.pem", "server-chain.pem",
    "client-key.pem", "client-cert.pem",
    "other-key.pem", "other-cert.pem",
    "garbage.pem", "bootstrap-ca.pem", "test.log",
};

static int
group_setup(void **state)
{
    tmp_dir = xstrdup("/tmp/test-stream.XXXXXX");
    if (!mkdtemp(tmp_dir)) {
        return -1;
    }
    log_file = tmp_file("test.log");
    if (vlog_set_log_file(log_file)) {
        return -1;
    }

    struct test_cert ca1 = make_cert("CA one", NULL);
    struct test_cert ca2 = make_cert("CA two", NULL);
    struct test_cert server = make_cert("server", &ca1);
    struct test_cert client = make_cert("client", &ca1);
    struct test_cert other = make_cert("other", &ca2);

    write_pem("ca1.pem", NULL, ca1.cert, NULL);
    write_pem("ca2.pem", NULL, ca2.cert, NULL);
    write_pem("server-key.pem", server.key, NULL, NULL);
    write_pem("server-cert.pem", NULL, server.cert, NULL);
    write_pem("server-chain.pem", NULL, server.cert, ca1.cert);
    write_pem("client-key.pem", client.key, NULL, NULL);
    write_pem("client-cert.pem", NULL, client.cert, NULL);
    write_pem("other-key.pem", other.key, NULL, NULL);
    write_pem("other-cert.pem", NULL, other.cert, NULL);

    char *garbage = tmp_file("garbage.pem");
    FILE *file = fopen(garbage, "w");
    fputs("-----BEGIN PRIVATE KEY-----\nnot base64 at all\n"
          "-----END PRIVATE KEY-----\n", file);
    fclose(file);
    free(garbage);

    free_cert(&ca1);
    free_cert(&ca2);
    free_cert(&server);
    free_cert(&client);
    free_cert(&other);
    return 0;
}

static int
group_teardown(void **state)
{
    for (size_t i = 0; i < ARRAY_SIZE(tmp_files); i++) {
        char *name = tmp_file(tmp_files[i]);
        unlink(name);
        free(name);
    }
    rmdir(tmp_dir);
    free(tmp_dir);
    free(log_file);
    return 0;
}

/* Sets the TLS files, each relative to 'tmp_dir' or NULL. */
static void
ssl_config(const char *key, const char *cert, const char *ca,
           bool bootstrap)
{
    char *key_file = key ? tmp_file(key) : NULL;
    char *cert_file = cert ? tmp_file(cert) : NULL;
    char *ca_file = ca ? tmp_file(ca) : NULL;
    stream_ssl_set_private_key_file(key_file);
    stream_ssl_set_certificate_file(cert_file);
    stream_ssl_set_ca_cert_file(ca_file, bootstrap);
    free(key_file);
    free(cert_file);
    free(ca_file);
}

/* The configuration of a server, and of a client, whose certificates the
 * same CA signed. */
static void
server_config(void)
{
    ssl_config("server-key.pem", "server-cert.pem", "ca1.pem", false);
}

static void
client_config(void)
{
    ssl_config("client-key.pem", "client-cert.pem", "ca1.pem", false);
}

/* Helpers to drive connections. */

/* Accepts one connection on PSTREAM, waiting for it. */
static struct stream *
accept_one(struct pstream *pstream)
{
    long long deadline = time_msec() + TEST_TIMEOUT_MS;
    struct stream *stream;
    int error;

    while ((error = pstream_accept(pstream, &stream)) == EAGAIN) {
        assert_null(stream);
        assert_true(time_msec() < deadline);
        pstream_wait(pstream);
        poll_timer_wait_until(deadline);
        poll_block();
    }
    assert_int_equal(error, 0);
    assert_non_null(stream);
    return stream;
}

/* Drives the connections of A and B (either may be NULL) until neither is
 * in progress any more; stores their stream_connect() results. */
static void
connect_both(struct stream *a, struct stream *b, int *a_error, int *b_error)
{
    long long deadline = time_msec() + TEST_TIMEOUT_MS;

    *a_error = *b_error = EAGAIN;
    for (;;) {
        if (a && *a_error == EAGAIN) {
            stream_run(a);
            *a_error = stream_connect(a);
        }
        if (b && *b_error == EAGAIN) {
            stream_run(b);
            *b_error = stream_connect(b);
        }
        if ((!a || *a_error != EAGAIN) && (!b || *b_error != EAGAIN)) {
            return;
        }
        assert_true(time_msec() < deadline);
        if (a && *a_error == EAGAIN) {
            stream_run_wait(a);
            stream_connect_wait(a);
        }
        if (b && *b_error == EAGAIN) {
            stream_run_wait(b);
            stream_connect_wait(b);
        }
        poll_timer_wait_until(deadline);
        poll_block();
    }
}

/* Opens PSTREAM_NAME and connects to it with the active name made from
 * ACTIVE_FORMAT with the bound port (if it has a "%u") and asserts that
 * both ends connect.  Stores the listener and both ends. */
static void
open_pair(const char *pstream_name, const char *active_format,
          struct pstream **pstreamp, struct stream **clientp,
          struct stream **serverp)
{
    assert_int_equal(pstream_open(pstream_name, pstreamp, 0), 0);
    char *name = xasprintf(active_format,
                           pstream_get_bound_port(*pstreamp));
    assert_int_equal(stream_open(name, clientp, 0), 0);
    assert_string_equal(stream_get_name(*clientp), name);
    free(name);

    *serverp = accept_one(*pstreamp);

    int client_error, server_error;
    connect_both(*clientp, *serverp, &client_error, &server_error);
    assert_int_equal(client_error, 0);
    assert_int_equal(server_error, 0);
}

/* Sends TOTAL bytes of a pattern from TX to RX, driving both through the
 * poll loop, and checks what arrives.  Returns the number of times
 * stream_send() reported -EAGAIN; stores the number of short sends in
 * *N_SHORT. */
static int
transfer(struct stream *tx, struct stream *rx, size_t total, int *n_short)
{
    enum { CHUNK = 256 * 1024 };
    long long deadline = time_msec() + TEST_TIMEOUT_MS;
    uint8_t *out = xmalloc(total);
    uint8_t *in = xmalloc(total);
    size_t sent = 0, received = 0;
    int n_eagain = 0;

    for (size_t i = 0; i < total; i++) {
        out[i] = (uint8_t) (i * 7 + (i >> 11));
    }

    *n_short = 0;
    while (received < total) {
        stream_run(tx);
        stream_run(rx);
        while (sent < total) {
            size_t chunk = MIN(total - sent, CHUNK);
            int retval = stream_send(tx, out + sent, chunk);
            if (retval == -EAGAIN) {
                n_eagain++;
                break;
            }
            if (retval <= 0) {
                fail_msg("stream_send returned %d (%s)", retval,
                         sluice_strerror(-retval));
            }
            if ((size_t) retval < chunk) {
                (*n_short)++;
            }
            sent += retval;
        }
        while (received < total) {
            int retval = stream_recv(rx, in + received, total - received);
            if (retval == -EAGAIN) {
                break;
            }
            if (retval <= 0) {
                fail_msg("stream_recv returned %d (%s)", retval,
                         retval ? sluice_strerror(-retval) : "EOF");
            }
            received += retval;
        }
        if (received < total) {
            assert_true(time_msec() < deadline);
            stream_run_wait(tx);
            stream_run_wait(rx);
            if (sent < total) {
                stream_send_wait(tx);
            }
            stream_recv_wait(rx);
            poll_timer_wait_until(deadline);
            poll_block();
        }
    }
    assert_int_equal(sent, total);
    assert_memory_equal(in, out, total);
    free(in);
    free(out);
    return n_eagain;
}

/* Sends the TOTAL bytes at DATA from TX to RX (small: no flow control
 * needed beyond waiting) and asserts that they arrive. */
static void
send_and_check(struct stream *tx, struct stream *rx, const char *data)
{
    int n_short;
    size_t total = strlen(data);
    long long deadline = time_msec() + TEST_TIMEOUT_MS;
    size_t sent = 0;

    while (sent < total) {
        int retval = stream_send(tx, data + sent, total - sent);
        if (retval > 0) {
            sent += retval;
        } else {
            assert_int_equal(retval, -EAGAIN);
            assert_true(time_msec() < deadline);
            stream_send_wait(tx);
            poll_block();
        }
    }

    char *in = xzalloc(total + 1);
    size_t received = 0;
    while (received < total) {
        stream_run(tx);
        int retval = stream_recv(rx, in + received, total - received);
        if (retval > 0) {
            received += retval;
        } else {
            assert_int_equal(retval, -EAGAIN);
            assert_true(time_msec() < deadline);
            stream_run_wait(tx);
            stream_recv_wait(rx);
            poll_timer_wait_until(deadline);
            poll_block();
        }
    }
    assert_string_equal(in, data);
    free(in);
    (void) n_short;
}

/* Waits until stream_recv() on STREAM does not report -EAGAIN and returns
 * what it reported. */
static int
recv_until_not_eagain(struct stream *stream)
{
    long long deadline = time_msec() + TEST_TIMEOUT_MS;
    char buf[64];
    int retval;

    while ((retval = stream_recv(stream, buf, sizeof buf)) == -EAGAIN) {
        assert_true(time_msec() < deadline);
        stream_run(stream);
        stream_run_wait(stream);
        stream_recv_wait(stream);
        poll_timer_wait_until(deadline);
        poll_block();
    }
    return retval;
}

/* Closes CLIENT and checks that SERVER then reads end of stream. */
static void
check_eof(struct stream *client, struct stream *server)
{
    stream_close(client);
    assert_int_equal(recv_until_not_eagain(server), 0);
    /* And again: end of stream stays end of stream. */
    assert_int_equal(recv_until_not_eagain(server), 0);
}

/* Returns a TCP port on 127.0.0.1 that nothing listens on (it did a moment
 * ago, so nothing else is likely to take it meanwhile). */
static uint16_t
free_port(void)
{
    struct pstream *pstream;
    assert_int_equal(pstream_open("ptcp:0:127.0.0.1", &pstream, 0), 0);
    uint16_t port = pstream_get_bound_port(pstream);
    assert_int_not_equal(port, 0);
    pstream_close(pstream);
    return port;
}

/* Tests. */

static void
test_verify_names(void **state)
{
    static const char *const good[] = {
        "unix:/run/db.sock", "unix:db.sock", "tcp:127.0.0.1:6640",
        "tcp:[::1]:6653", "tcp:[fe80::1%1]:6653", "tcp:localhost:1",
        "tcp:controller.example.com:6653", "ssl:10.0.0.1:6640",
        "ssl:[2001:db8::1]:65535",
    };
    static const char *const bad[] = {
        "", "tcp", "tcp:", "tcp:127.0.0.1", "tcp:127.0.0.1:", "tcp::6640",
        "tcp:::1:6640", "tcp:[::1]", "tcp:127.0.0.1:0", "tcp:127.0.0.1:70000",
        "tcp:1.2.3:80", "ssl:127.0.0.1", "unix:", "foo:bar", "ptcp:6640",
        "punix:/run/db.sock", "TCP:127.0.0.1:80",
    };
    static const char *const pgood[] = {
        "punix:/run/db.sock", "punix:db.sock", "ptcp:0", "ptcp:6640",
        "ptcp:6640:127.0.0.1", "ptcp:6640:[::1]", "ptcp:6640:::1",
        "pssl:6640", "pssl:0:[::]",
    };
    static const char *const pbad[] = {
        "", "ptcp", "ptcp:", "ptcp::127.0.0.1", "ptcp:x", "ptcp:65536",
        "ptcp:80:[::1", "ptcp:80:1.2.3", "pssl:", "punix:",
        "tcp:127.0.0.1:80", "unix:/x", "pfoo:1",
    };

    for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
        if (!stream_verify_name(good[i])) {
            fail_msg("\"%s\" should be valid", good[i]);
        }
    }
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        if (stream_verify_name(bad[i])) {
            fail_msg("\"%s\" should be invalid", bad[i]);
        }
    }
    for (size_t i = 0; i < ARRAY_SIZE(pgood); i++) {
        if (!pstream_verify_name(pgood[i])) {
            fail_msg("\"%s\" should be valid", pgood[i]);
        }
    }
    for (size_t i = 0; i < ARRAY_SIZE(pbad); i++) {
        if (pstream_verify_name(pbad[i])) {
            fail_msg("\"%s\" should be invalid", pbad[i]);
        }
    }

    assert_int_equal(stream_or_pstream_needs_probes("tcp:1.2.3.4:5"), 1);
    assert_int_equal(stream_or_pstream_needs_probes("ssl:1.2.3.4:5"), 1);
    assert_int_equal(stream_or_pstream_needs_probes("unix:/x"), 0);
    assert_int_equal(stream_or_pstream_needs_probes("ptcp:1"), 1);
    assert_int_equal(stream_or_pstream_needs_probes("pssl:1"), 1);
    assert_int_equal(stream_or_pstream_needs_probes("punix:/x"), 0);
    assert_int_equal(stream_or_pstream_needs_probes("udp:1.2.3.4:5"), -1);
    assert_int_equal(stream_or_pstream_needs_probes("tcp"), -1);
}

static void
test_open_errors(void **state)
{
    struct stream *stream = (struct stream *) 1;
    struct pstream *pstream = (struct pstream *) 1;

    assert_int_equal(stream_open("foo:bar", &stream, 0), EAFNOSUPPORT);
    assert_null(stream);
    stream = (struct stream *) 1;
    assert_int_equal(stream_open("no-colon", &stream, 0), EAFNOSUPPORT);
    assert_null(stream);
    assert_int_equal(stream_open("tcp:127.0.0.1", &stream, 0), EINVAL);
    assert_true(log_contains("tcp:127.0.0.1: port number is required"));
    assert_int_equal(stream_open("tcp:[::1:80", &stream, 0), EINVAL);
    assert_int_equal(stream_open("tcp:127.0.0.1:80", &stream, 64), EINVAL);
    assert_int_equal(stream_open("unix:", &stream, 0), EINVAL);

    char *missing = tmp_file("no-such-dir/sock");
    char *name = xasprintf("unix:%s", missing);
    assert_int_equal(stream_open(name, &stream, 0), ENOENT);
    assert_null(stream);
    free(name);
    free(missing);

    assert_int_equal(pstream_open("pfoo:1", &pstream, 0), EAFNOSUPPORT);
    assert_null(pstream);
    assert_int_equal(pstream_open("ptcp:abc", &pstream, 0), EINVAL);
    assert_true(log_contains("ptcp:abc: \"abc\" is not a port number"));
    assert_int_equal(pstream_open("ptcp:0:127.0.0.1", &pstream, 99),
                     EINVAL);
    assert_int_equal(pstream_open("punix:/nonexistent-dir/x/sock", &pstream,
                                  0), ENOENT);
    assert_null(pstream);

    /* stream_open_block() passes errors through, with a null stream. */
    stream = NULL;
    assert_int_equal(stream_open_block(stream_open("tcp:127.0.0.1", &stream,
                                                   0), 1000, &stream),
                     EINVAL);
    assert_null(stream);

    /* Closing NULL is a no-op. */
    stream_close(NULL);
    pstream_close(NULL);
}

static void
test_unix(void **state)
{
    char *path = tmp_file("unix.sock");
    char *pname = xasprintf("punix:%s", path);
    char *name = xasprintf("unix:%s", path);
    struct pstream *pstream;
    struct stream *client, *server;
    struct stat st;

    open_pair(pname, name, &pstream, &client, &server);
    assert_string_equal(pstream_get_name(pstream), pname);
    assert_int_equal(pstream_get_bound_port(pstream), 0);
    assert_string_equal(stream_get_name(server), name);
    assert_int_equal(stat(path, &st), 0);
    assert_true(S_ISSOCK(st.st_mode));

    /* Nothing else is waiting. */
    struct stream *none = (struct stream *) 1;
    assert_int_equal(pstream_accept(pstream, &none), EAGAIN);
    assert_null(none);

    /* Nothing to read yet; a zero-length read returns 0. */
    char buf[16];
    assert_int_equal(stream_recv(server, buf, sizeof buf), -EAGAIN);
    assert_int_equal(stream_recv(server, buf, 0), 0);
    assert_int_equal(stream_send(client, buf, 0), 0);

    send_and_check(client, server, "hello, server");
    send_and_check(server, client, "hello, client");
    check_eof(client, server);
    stream_close(server);

    /* Closing the listener removes the socket file. */
    pstream_close(pstream);
    assert_int_not_equal(stat(path, &st), 0);
    assert_int_equal(errno, ENOENT);

    /* Now nobody listens there. */
    struct stream *stream;
    assert_int_equal(stream_open(name, &stream, 0), ENOENT);

    free(name);
    free(pname);
    free(path);
}

static void
test_unix_relative(void **state)
{
    /* A relative name is in the run directory, $SLUICE_RUNDIR (read once
     * per process: this is the only test that depends on it). */
    setenv("SLUICE_RUNDIR", tmp_dir, 1);

    struct pstream *pstream;
    struct stream *client, *server;
    open_pair("punix:rel.sock", "unix:rel.sock", &pstream, &client, &server);
    char *path = tmp_file("rel.sock");
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    send_and_check(client, server, "relative");
    stream_close(client);
    stream_close(server);
    pstream_close(pstream);
    assert_int_not_equal(stat(path, &st), 0);
    free(path);
}

static void
test_punix_stale(void **state)
{
    char *path = tmp_file("stale.sock");
    char *pname = xasprintf("punix:%s", path);
    struct pstream *pstream, *pstream2;
    struct stat st;

    /* Leave a socket file behind, as a process that died would. */
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un un = { .sun_family = AF_UNIX };
    assert_true(strlen(path) < sizeof un.sun_path);
    strcpy(un.sun_path, path);
    assert_int_equal(bind(fd, (struct sockaddr *) &un, sizeof un), 0);
    assert_int_equal(listen(fd, 1), 0);
    close(fd);
    assert_int_equal(stat(path, &st), 0);

    /* Connecting to it is refused; listening on it replaces it. */
    struct stream *stream;
    char *name = xasprintf("unix:%s", path);
    assert_int_equal(stream_open(name, &stream, 0), ECONNREFUSED);
    assert_int_equal(pstream_open(pname, &pstream, 0), 0);

    /* A live listener is not replaced. */
    assert_int_equal(pstream_open(pname, &pstream2, 0), EADDRINUSE);
    assert_null(pstream2);
    assert_true(log_contains("another process is listening on"));

    /* A listener whose file was replaced by a newer listener's leaves the
     * newer one's file alone when closed. */
    assert_int_equal(unlink(path), 0);
    assert_int_equal(pstream_open(pname, &pstream2, 0), 0);
    pstream_close(pstream);
    assert_int_equal(stat(path, &st), 0);
    struct stream *client, *server;
    assert_int_equal(stream_open_block(stream_open(name, &client, 0), 5000,
                                       &client), 0);
    server = accept_one(pstream2);
    send_and_check(client, server, "still here");
    stream_close(client);
    stream_close(server);
    pstream_close(pstream2);
    assert_int_not_equal(stat(path, &st), 0);

    /* A file that is not a socket is never replaced. */
    FILE *file = fopen(path, "w");
    fclose(file);
    assert_int_equal(pstream_open(pname, &pstream, 0), EEXIST);
    assert_int_equal(stat(path, &st), 0);
    assert_true(S_ISREG(st.st_mode));
    unlink(path);

    free(name);
    free(pname);
    free(path);
}

static void
test_tcp_ipv4(void **state)
{
    struct pstream *pstream;
    struct stream *client, *server;

    open_pair("ptcp:0:127.0.0.1", "tcp:127.0.0.1:%u", &pstream, &client,
              &server);
    assert_string_equal(pstream_get_name(pstream), "ptcp:0:127.0.0.1");
    assert_true(pstream_get_bound_port(pstream) > 0);
    assert_true(!strncmp(stream_get_name(server), "tcp:127.0.0.1:", 14));
    assert_string_not_equal(stream_get_name(server) + 14,
                            stream_get_name(client) + 14);

    send_and_check(client, server, "ping");
    send_and_check(server, client, "pong");
    check_eof(client, server);
    stream_close(server);
    pstream_close(pstream);
}

static void
test_tcp_ipv6(void **state)
{
    struct pstream *pstream;
    struct stream *client, *server;

    open_pair("ptcp:0:[::1]", "tcp:[::1]:%u", &pstream, &client, &server);
    assert_true(!strncmp(stream_get_name(server), "tcp:[::1]:", 10));
    send_and_check(client, server, "ping6");
    send_and_check(server, client, "pong6");
    check_eof(server, client);
    stream_close(client);
    pstream_close(pstream);

    /* The unbracketed passive form works too. */
    open_pair("ptcp:0:::1", "tcp:[::1]:%u", &pstream, &client, &server);
    stream_close(client);
    stream_close(server);
    pstream_close(pstream);
}

static void
test_tcp_default_port(void **state)
{
    uint16_t port = free_port();
    struct pstream *pstream;
    struct stream *client, *server;

    assert_int_equal(pstream_open_with_default_port("ptcp::127.0.0.1", port,
                                                    &pstream, 0), 0);
    assert_int_equal(pstream_get_bound_port(pstream), port);
    assert_int_equal(stream_open_with_default_port("tcp:127.0.0.1", port,
                                                   &client, 0), 0);
    char *expected = xasprintf("tcp:127.0.0.1:%u", port);
    assert_string_equal(stream_get_name(client), expected);
    free(expected);
    assert_int_equal(stream_open_block(0, 5000, &client), 0);
    server = accept_one(pstream);
    send_and_check(client, server, "default port");
    stream_close(client);
    stream_close(server);

    /* An explicit port wins over the default. */
    char *name = xasprintf("tcp:127.0.0.1:%u", port);
    assert_int_equal(stream_open_with_default_port(name, 1, &client, 0), 0);
    assert_int_equal(stream_open_block(0, 5000, &client), 0);
    stream_close(client);
    stream_close(accept_one(pstream));
    free(name);
    pstream_close(pstream);
}

static void
test_connection_refused(void **state)
{
    uint16_t port = free_port();
    char *name = xasprintf("tcp:127.0.0.1:%u", port);
    struct stream *stream;

    assert_int_equal(stream_open_block(stream_open(name, &stream, 0), 5000,
                                       &stream), ECONNREFUSED);
    assert_null(stream);

    /* A stream whose connection failed keeps reporting the failure and
     * wakes its waiters at once. */
    int error = stream_open(name, &stream, 0);
    if (!error) {
        int dummy;
        connect_both(stream, NULL, &error, &dummy);
        assert_int_equal(error, ECONNREFUSED);
        assert_int_equal(stream_connect(stream), ECONNREFUSED);
        char buf[4];
        assert_int_equal(stream_recv(stream, buf, sizeof buf),
                         -ECONNREFUSED);
        assert_int_equal(stream_send(stream, "x", 1), -ECONNREFUSED);
        long long start = time_msec();
        stream_recv_wait(stream);
        stream_send_wait(stream);
        poll_timer_wait(10000);
        poll_block();
        assert_true(time_msec() - start < 5000);
        stream_close(stream);
    } else {
        assert_int_equal(error, ECONNREFUSED);
        assert_null(stream);
    }
    free(name);

    name = xasprintf("tcp:[::1]:%u", free_port());
    assert_int_equal(stream_open_block(stream_open(name, &stream, 0), 5000,
                                       &stream), ECONNREFUSED);
    free(name);
}

static void
test_large_transfer(void **state)
{
    static const struct {
        const char *pname;
        const char *name;
    } cases[] = {
        { "punix:%s/big.sock", "unix:%s/big.sock" },
        { "ptcp:0:127.0.0.1", "tcp:127.0.0.1:%u" },
        { "ptcp:0:[::1]", "tcp:[::1]:%u" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct pstream *pstream;
        struct stream *client, *server;
        char *pname = xasprintf(cases[i].pname, tmp_dir);
        char *name_format = (strstr(cases[i].name, "%s")
                             ? xasprintf(cases[i].name, tmp_dir)
                             : xstrdup(cases[i].name));
        int n_short;

        open_pair(pname, name_format, &pstream, &client, &server);

        /* 8 MB far exceeds the buffers of fresh sockets (the receiver does
         * not read until the sender gets EAGAIN), so sends come back short
         * and then with EAGAIN, and the poll loop must wake the sender as
         * the receiver drains. */
        int n_eagain = transfer(client, server, 8 * 1024 * 1024, &n_short);
        assert_true(n_eagain > 0);
        assert_true(n_short > 0);

        /* The other way, an odd size.  The kernel may have grown its
         * buffers by now, so EAGAIN is not certain. */
        transfer(server, client, 3 * 1024 * 1024 + 17, &n_short);

        check_eof(client, server);
        stream_close(server);
        pstream_close(pstream);
        free(name_format);
        free(pname);
    }
}

static void
test_peer_close_no_sigpipe(void **state)
{
    /* Sending to a closed peer gives an error, not SIGPIPE. */
    struct pstream *pstream;
    struct stream *client, *server;
    open_pair("ptcp:0:127.0.0.1", "tcp:127.0.0.1:%u", &pstream, &client,
              &server);
    stream_close(server);

    long long deadline = time_msec() + TEST_TIMEOUT_MS;
    char buf[4096] = { 0 };
    int retval;
    while ((retval = stream_send(client, buf, sizeof buf)) >= 0
           || retval == -EAGAIN) {
        assert_true(time_msec() < deadline);
        if (retval == -EAGAIN) {
            stream_send_wait(client);
            poll_timer_wait(10);
            poll_block();
        }
    }
    assert_true(retval == -EPIPE || retval == -ECONNRESET);
    stream_close(client);
    pstream_close(pstream);
}

/* TLS. */

static void
test_ssl_not_configured(void **state)
{
    struct stream *stream;
    struct pstream *pstream;

    ssl_config(NULL, NULL, NULL, false);
    assert_int_equal(stream_open("ssl:127.0.0.1:1", &stream, 0),
                     ENOPROTOOPT);
    assert_null(stream);
    assert_true(log_contains("no SSL private key file is configured"));
    assert_int_equal(pstream_open("pssl:0:127.0.0.1", &pstream, 0),
                     ENOPROTOOPT);
    assert_null(pstream);

    ssl_config("server-key.pem", NULL, NULL, false);
    assert_int_equal(stream_open("ssl:127.0.0.1:1", &stream, 0),
                     ENOPROTOOPT);
    assert_true(log_contains("no SSL certificate file is configured"));

    /* Bad names are still reported as such. */
    assert_int_equal(stream_open("ssl:127.0.0.1", &stream, 0), EINVAL);
}

static void
test_ssl_bad_files(void **state)
{
    struct stream *stream;
    char *file;

    /* A missing file is named with the reason. */
    ssl_config("missing-key.pem", "server-cert.pem", "ca1.pem", false);
    assert_int_equal(stream_open("ssl:127.0.0.1:1", &stream, 0),
                     ENOPROTOOPT);
    file = tmp_file("missing-key.pem");
    char *message = xasprintf("could not load private key file %s (No such "
                              "file or directory)", file);
    assert_true(log_contains(message));
    free(message);
    free(file);

    /* So is a file that is not a key. */
    ssl_config("garbage.pem", "server-cert.pem", "ca1.pem", false);
    assert_int_equal(stream_open("ssl:127.0.0.1:1", &stream, 0),
                     ENOPROTOOPT);
    file = tmp_file("garbage.pem");
    message = xasprintf("could not load private key file %s (", file);
    assert_true(log_contains(message));
    free(message);

    /* Or not a certificate. */
    ssl_config("server-key.pem", "garbage.pem", "ca1.pem", false);
    assert_int_equal(stream_open("ssl:127.0.0.1:1", &stream, 0),
                     ENOPROTOOPT);
    message = xasprintf("could not load certificate file %s (", file);
    assert_true(log_contains(message));
    free(message);

    /* Or not a CA certificate. */
    ssl_config("server-key.pem", "server-cert.pem", "garbage.pem", false);
    assert_int_equal(stream_open("ssl:127.0.0.1:1", &stream, 0),
                     ENOPROTOOPT);
    message = xasprintf("could not load CA certificate file %s (", file);
    assert_true(log_contains(message));
    free(message);
    free(file);

    /* A missing CA file without bootstrap is an error, not "no
     * verification". */
    ssl_config("server-key.pem", "server-cert.pem", "missing-ca.pem",
               false);
    assert_int_equal(stream_open("ssl:127.0.0.1:1", &stream, 0),
                     ENOPROTOOPT);

    /* A key that does not match the certificate. */
    ssl_config("client-key.pem", "server-cert.pem", "ca1.pem", false);
    assert_int_equal(stream_open("ssl:127.0.0.1:1", &stream, 0),
                     ENOPROTOOPT);
    assert_true(log_contains("does not match certificate file"));

    /* Fixing the configuration makes it usable again. */
    server_config();
    uint16_t port = free_port();
    char *name = xasprintf("ssl:127.0.0.1:%u", port);
    assert_int_equal(stream_open_block(stream_open(name, &stream, 0), 5000,
                                       &stream), ECONNREFUSED);
    free(name);
}

static void
test_ssl_transfer(void **state)
{
    struct pstream *pstream;
    struct stream *client, *server;
    int n_short;

    server_config();
    assert_int_equal(pstream_open("pssl:0:127.0.0.1", &pstream, 0), 0);
    char *name = xasprintf("ssl:127.0.0.1:%u",
                           pstream_get_bound_port(pstream));
    client_config();
    assert_int_equal(stream_open(name, &client, 0), 0);
    server_config();
    server = accept_one(pstream);
    assert_true(!strncmp(stream_get_name(server), "ssl:127.0.0.1:", 14));

    int client_error, server_error;
    connect_both(client, server, &client_error, &server_error);
    assert_int_equal(client_error, 0);
    assert_int_equal(server_error, 0);

    send_and_check(client, server, "hello over TLS");
    send_and_check(server, client, "and back");
    int n_eagain = transfer(client, server, 4 * 1024 * 1024, &n_short);
    assert_true(n_eagain > 0);
    transfer(server, client, 1024 * 1024 + 3, &n_short);
    check_eof(client, server);

    /* The server's sends to the closed client fail without SIGPIPE. */
    long long deadline = time_msec() + TEST_TIMEOUT_MS;
    char buf[4096] = { 0 };
    int retval;
    while ((retval = stream_send(server, buf, sizeof buf)) >= 0
           || retval == -EAGAIN) {
        assert_true(time_msec() < deadline);
        stream_run(server);
        stream_run_wait(server);
        stream_send_wait(server);
        poll_timer_wait(10);
        poll_block();
    }
    assert_true(retval < 0 && retval != -EAGAIN);
    stream_close(server);
    pstream_close(pstream);
    free(name);

    /* IPv6 and stream_open_block(). */
    assert_int_equal(pstream_open("pssl:0:[::1]", &pstream, 0), 0);
    name = xasprintf("ssl:[::1]:%u", pstream_get_bound_port(pstream));
    assert_int_equal(stream_open(name, &client, 0), 0);
    server = accept_one(pstream);
    connect_both(client, server, &client_error, &server_error);
    assert_int_equal(client_error, 0);
    assert_int_equal(server_error, 0);
    assert_int_equal(stream_open_block(0, 1000, &client), 0);
    send_and_check(client, server, "v6");
    stream_close(client);
    stream_close(server);
    pstream_close(pstream);
    free(name);
}

/* Connects a client configured by CLIENT_CONFIG to a server configured by
 * SERVER_CONFIG and asserts that the handshake fails on both ends: each end
 * fails to connect, or (the client, under TLS 1.3, whose handshake ends
 * before the server checks its certificate) fails at its first read. */
static void
check_ssl_rejected(void (*client_config_)(void),
                   void (*server_config_)(void))
{
    struct pstream *pstream;
    struct stream *client, *server;

    server_config_();
    assert_int_equal(pstream_open("pssl:0:127.0.0.1", &pstream, 0), 0);
    char *name = xasprintf("ssl:127.0.0.1:%u",
                           pstream_get_bound_port(pstream));
    client_config_();
    assert_int_equal(stream_open(name, &client, 0), 0);
    server_config_();
    server = accept_one(pstream);

    int client_error, server_error;
    connect_both(client, server, &client_error, &server_error);
    assert_int_not_equal(server_error, 0);
    assert_int_not_equal(server_error, EAGAIN);
    if (!client_error) {
        int retval = recv_until_not_eagain(client);
        assert_true(retval <= 0);
    }
    /* Data never flows. */
    char buf[8];
    assert_true(stream_recv(server, buf, sizeof buf) < 0);

    stream_close(client);
    stream_close(server);
    pstream_close(pstream);
    free(name);
}

static void
other_ca_client_config(void)
{
    /* A certificate from CA two, while the server trusts only CA one. */
    ssl_config("other-key.pem", "other-cert.pem", "ca1.pem", false);
}

static void
distrustful_client_config(void)
{
    /* Trusts only CA two, which did not sign the server's certificate. */
    ssl_config("other-key.pem", "other-cert.pem", "ca2.pem", false);
}

static void
test_ssl_other_ca_rejected(void **state)
{
    check_ssl_rejected(other_ca_client_config, server_config);
    assert_true(log_contains("SSL_accept failed"));

    check_ssl_rejected(distrustful_client_config, server_config);
    assert_true(log_contains("SSL_connect failed"));
    assert_true(log_contains("certificate verify failed"));
}

static void
bootstrap_client_config(void)
{
    ssl_config("client-key.pem", "client-cert.pem", "bootstrap-ca.pem",
               true);
}

static void
chain_server_config(void)
{
    /* Sends CA one's certificate with its own, so clients can bootstrap. */
    ssl_config("server-key.pem", "server-chain.pem", "ca1.pem", false);
}

static void
test_ssl_bootstrap(void **state)
{
    char *ca_file = tmp_file("bootstrap-ca.pem");
    struct pstream *pstream;
    struct stream *client, *server;
    struct stat st;
    unlink(ca_file);

    /* While the CA file is missing, a listener cannot be opened. */
    bootstrap_client_config();
    assert_int_equal(pstream_open("pssl:0:127.0.0.1", &pstream, 0),
                     ENOPROTOOPT);

    chain_server_config();
    assert_int_equal(pstream_open("pssl:0:127.0.0.1", &pstream, 0), 0);
    char *name = xasprintf("ssl:127.0.0.1:%u",
                           pstream_get_bound_port(pstream));

    /* The first connection saves the CA certificate and fails. */
    bootstrap_client_config();
    assert_int_equal(stream_open(name, &client, 0), 0);
    chain_server_config();
    server = accept_one(pstream);
    int client_error, server_error;
    connect_both(client, server, &client_error, &server_error);
    assert_int_equal(client_error, EPROTO);
    assert_int_equal(stat(ca_file, &st), 0);
    assert_true(log_contains("saved the server's CA certificate"));
    stream_close(client);
    stream_close(server);

    /* The file holds CA one's certificate. */
    char *ca1_file = tmp_file("ca1.pem");
    FILE *f1 = fopen(ca_file, "r");
    FILE *f2 = fopen(ca1_file, "r");
    X509 *saved = PEM_read_X509(f1, NULL, NULL, NULL);
    X509 *ca1 = PEM_read_X509(f2, NULL, NULL, NULL);
    assert_non_null(saved);
    assert_non_null(ca1);
    assert_int_equal(X509_cmp(saved, ca1), 0);
    X509_free(saved);
    X509_free(ca1);
    fclose(f1);
    fclose(f2);
    free(ca1_file);

    /* Later connections verify the server against it and succeed. */
    bootstrap_client_config();
    assert_int_equal(stream_open(name, &client, 0), 0);
    chain_server_config();
    server = accept_one(pstream);
    connect_both(client, server, &client_error, &server_error);
    assert_int_equal(client_error, 0);
    assert_int_equal(server_error, 0);
    send_and_check(client, server, "bootstrapped");
    stream_close(client);
    stream_close(server);

    /* A server that does not send its CA cannot be bootstrapped from.  (A
     * server with a CA file sends the chain up to that CA even without a
     * chain file, so this one has none.) */
    unlink(ca_file);
    ssl_config("server-key.pem", "server-cert.pem", NULL, false);
    struct pstream *pstream2;
    assert_int_equal(pstream_open("pssl:0:127.0.0.1", &pstream2, 0), 0);
    char *name2 = xasprintf("ssl:127.0.0.1:%u",
                            pstream_get_bound_port(pstream2));
    bootstrap_client_config();
    assert_int_equal(stream_open(name2, &client, 0), 0);
    ssl_config("server-key.pem", "server-cert.pem", NULL, false);
    server = accept_one(pstream2);
    connect_both(client, server, &client_error, &server_error);
    assert_int_equal(client_error, EPROTO);
    assert_int_not_equal(stat(ca_file, &st), 0);
    assert_true(log_contains("does not end in a self-signed CA"));
    stream_close(client);
    stream_close(server);
    pstream_close(pstream2);
    free(name2);

    pstream_close(pstream);
    free(name);
    free(ca_file);
}

static void
test_ssl_handshake_timeout(void **state)
{
    /* A plain TCP listener accepts the connection but never answers the
     * TLS handshake: stream_open_block() gives up at its timeout. */
    struct pstream *pstream;
    assert_int_equal(pstream_open("ptcp:0:127.0.0.1", &pstream, 0), 0);
    char *name = xasprintf("ssl:127.0.0.1:%u",
                           pstream_get_bound_port(pstream));

    client_config();
    struct stream *client;
    long long start = time_msec();
    assert_int_equal(stream_open_block(stream_open(name, &client, 0), 200,
                                       &client), ETIMEDOUT);
    assert_null(client);
    long long elapsed = time_msec() - start;
    assert_true(elapsed >= 199);
    assert_true(elapsed < 5000);

    stream_close(accept_one(pstream));
    pstream_close(pstream);
    free(name);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_verify_names),
        cmocka_unit_test(test_open_errors),
        cmocka_unit_test(test_unix),
        cmocka_unit_test(test_unix_relative),
        cmocka_unit_test(test_punix_stale),
        cmocka_unit_test(test_tcp_ipv4),
        cmocka_unit_test(test_tcp_ipv6),
        cmocka_unit_test(test_tcp_default_port),
        cmocka_unit_test(test_connection_refused),
        cmocka_unit_test(test_large_transfer),
        cmocka_unit_test(test_peer_close_no_sigpipe),
        cmocka_unit_test(test_ssl_not_configured),
        cmocka_unit_test(test_ssl_bad_files),
        cmocka_unit_test(test_ssl_transfer),
        cmocka_unit_test(test_ssl_other_ca_rejected),
        cmocka_unit_test(test_ssl_bootstrap),
        cmocka_unit_test(test_ssl_handshake_timeout),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
