/* stream-ssl: the "ssl" and "pssl" stream classes, TLS over TCP with
 * OpenSSL.  See stream-ssl.h for configuration and stream.h for names. */
#include <config.h>
#include "stream-ssl.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include "dynamic-string.h"
#include "poll-loop.h"
#include "socket-util.h"
#include "stream-provider.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(stream_ssl);

static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);

/* Most bytes one stream_send() takes, bounding the copy kept when OpenSSL
 * must retry a write. */
#define SSL_MAX_SEND (64 * 1024)

/* Configuration.
 *
 * 'config_mutex' protects everything in this section, which stream opens
 * and accepts read from any thread. */

/* What a configured file was like when last examined. */
struct file_state {
    int stat_error;             /* 0 if the file exists, else errno. */
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
};

/* A configured file. */
struct ssl_file {
    char *name;                 /* As configured, or NULL. */
    struct file_state loaded;   /* State when the context was built. */
};

static pthread_mutex_t config_mutex = PTHREAD_MUTEX_INITIALIZER;
static struct ssl_file private_key;
static struct ssl_file certificate;
static struct ssl_file ca_cert;
static bool bootstrap_ca_cert;

/* True if a setting changed since the context was built (or if it was
 * never built). */
static bool config_dirty = true;

/* The context built from the files, or NULL if even that failed. */
static SSL_CTX *ssl_ctx;

/* Why TLS streams cannot be opened with the current files, or NULL. */
static char *config_error;

/* True if 'ca_cert' does not exist yet and is to be bootstrapped. */
static bool bootstrap_pending;

/* Replaces the name in FILE with NAME (may be NULL). */
static void
set_file_name(struct ssl_file *file, const char *name)
{
    bool same = (file->name && name
                 ? !strcmp(file->name, name)
                 : file->name == name);
    if (!same) {
        free(file->name);
        file->name = name ? xstrdup(name) : NULL;
        config_dirty = true;
    }
}

void
stream_ssl_set_private_key_file(const char *file_name)
{
    pthread_mutex_lock(&config_mutex);
    set_file_name(&private_key, file_name);
    pthread_mutex_unlock(&config_mutex);
}

void
stream_ssl_set_certificate_file(const char *file_name)
{
    pthread_mutex_lock(&config_mutex);
    set_file_name(&certificate, file_name);
    pthread_mutex_unlock(&config_mutex);
}

void
stream_ssl_set_ca_cert_file(const char *file_name, bool bootstrap)
{
    pthread_mutex_lock(&config_mutex);
    set_file_name(&ca_cert, file_name);
    if (bootstrap != bootstrap_ca_cert) {
        bootstrap_ca_cert = bootstrap;
        config_dirty = true;
    }
    pthread_mutex_unlock(&config_mutex);
}

/* Stores in *STATE what file NAME (may be NULL) is like now. */
static void
get_file_state(const char *name, struct file_state *state)
{
    struct stat st;

    memset(state, 0, sizeof *state);
    if (!name) {
        state->stat_error = ENOENT;
    } else if (stat(name, &st)) {
        state->stat_error = errno;
    } else {
        state->dev = st.st_dev;
        state->ino = st.st_ino;
        state->size = st.st_size;
        state->mtime = st.st_mtim;
    }
}

static bool
file_state_equals(const struct file_state *a, const struct file_state *b)
{
    return (a->stat_error == b->stat_error
            && a->dev == b->dev
            && a->ino == b->ino
            && a->size == b->size
            && a->mtime.tv_sec == b->mtime.tv_sec
            && a->mtime.tv_nsec == b->mtime.tv_nsec);
}

/* Appends OpenSSL's queued errors to DS, separated by "; ", and clears the
 * queue.  Appends "unknown error" if none is queued. */
static void
put_openssl_errors(struct ds *ds)
{
    unsigned long code;
    bool any = false;

    while ((code = ERR_get_error()) != 0) {
        const char *reason = ERR_reason_error_string(code);
        if (any) {
            ds_put_cstr(ds, "; ");
        }
        if (reason) {
            ds_put_cstr(ds, reason);
        } else {
            char buf[256];
            ERR_error_string_n(code, buf, sizeof buf);
            ds_put_cstr(ds, buf);
        }
        any = true;
    }
    if (!any) {
        ds_put_cstr(ds, "unknown error");
    }
}

/* Records REASON (taken over) as a reason why streams cannot be opened,
 * unless one was recorded already, and logs it. */
static void
config_fail(char *reason)
{
    VLOG_ERR("%s", reason);
    if (!config_error) {
        config_error = reason;
    } else {
        free(reason);
    }
}

/* Logs and records a failure to load FILE, described as WHAT. */
static void
config_file_fail(const char *what, const struct ssl_file *file)
{
    struct ds reason = DS_EMPTY_INITIALIZER;

    ds_put_format(&reason, "could not load %s file %s (", what, file->name);
    if (file->loaded.stat_error) {
        ERR_clear_error();
        ds_put_cstr(&reason, sluice_strerror(file->loaded.stat_error));
    } else {
        put_openssl_errors(&reason);
    }
    ds_put_char(&reason, ')');
    config_fail(ds_steal_cstr(&reason));
}

/* Builds a new context from the configured files.  Called with
 * 'config_mutex' held. */
static void
config_rebuild(void)
{
    free(config_error);
    config_error = NULL;
    bootstrap_pending = false;
    get_file_state(private_key.name, &private_key.loaded);
    get_file_state(certificate.name, &certificate.loaded);
    get_file_state(ca_cert.name, &ca_cert.loaded);
    config_dirty = false;

    SSL_CTX_free(ssl_ctx);
    ERR_clear_error();
    ssl_ctx = SSL_CTX_new(TLS_method());
    if (!ssl_ctx) {
        struct ds reason = DS_EMPTY_INITIALIZER;
        ds_put_cstr(&reason, "could not create an OpenSSL context (");
        put_openssl_errors(&reason);
        ds_put_char(&reason, ')');
        config_fail(ds_steal_cstr(&reason));
        return;
    }

    SSL_CTX *ctx = ssl_ctx;
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_options(ctx, (SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION
                              | SSL_OP_NO_TICKET
                              | SSL_OP_IGNORE_UNEXPECTED_EOF));
    SSL_CTX_set_num_tickets(ctx, 0);
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_mode(ctx, (SSL_MODE_ENABLE_PARTIAL_WRITE
                           | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER));
    SSL_CTX_set_dh_auto(ctx, 1);

    bool key_ok = false;
    if (!private_key.name) {
        if (!config_error) {
            config_error = xstrdup("no SSL private key file is configured");
        }
    } else if (private_key.loaded.stat_error
               || SSL_CTX_use_PrivateKey_file(ctx, private_key.name,
                                              SSL_FILETYPE_PEM) != 1) {
        config_file_fail("private key", &private_key);
    } else {
        key_ok = true;
    }

    bool cert_ok = false;
    if (!certificate.name) {
        if (!config_error) {
            config_error = xstrdup("no SSL certificate file is configured");
        }
    } else if (certificate.loaded.stat_error
               || SSL_CTX_use_certificate_chain_file(ctx, certificate.name)
                  != 1) {
        config_file_fail("certificate", &certificate);
    } else {
        cert_ok = true;
    }

    if (key_ok && cert_ok && SSL_CTX_check_private_key(ctx) != 1) {
        ERR_clear_error();
        config_fail(xasprintf("private key file %s does not match "
                              "certificate file %s", private_key.name,
                              certificate.name));
    }

    if (!ca_cert.name) {
        SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
        VLOG_WARN("no SSL CA certificate file is configured: peer "
                  "certificates will not be verified");
    } else if (ca_cert.loaded.stat_error == ENOENT && bootstrap_ca_cert) {
        SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
        bootstrap_pending = true;
        VLOG_INFO("SSL CA certificate file %s does not exist: it will be "
                  "bootstrapped from the first server connected to",
                  ca_cert.name);
    } else if (ca_cert.loaded.stat_error
               || SSL_CTX_load_verify_locations(ctx, ca_cert.name, NULL)
                  != 1) {
        config_file_fail("CA certificate", &ca_cert);
    } else {
        /* Tell clients which CAs we accept, so that they pick the right
         * certificate. */
        STACK_OF(X509_NAME) *names = SSL_load_client_CA_file(ca_cert.name);
        if (names) {
            SSL_CTX_set_client_CA_list(ctx, names);
        }
        SSL_CTX_set_verify(ctx, (SSL_VERIFY_PEER
                                 | SSL_VERIFY_FAIL_IF_NO_PEER_CERT), NULL);
    }
    ERR_clear_error();
}

/* Rebuilds the context if any setting or file changed.  Called with
 * 'config_mutex' held. */
static void
config_update(void)
{
    if (!config_dirty) {
        struct file_state key_state, cert_state, ca_state;
        get_file_state(private_key.name, &key_state);
        get_file_state(certificate.name, &cert_state);
        get_file_state(ca_cert.name, &ca_state);
        if (file_state_equals(&key_state, &private_key.loaded)
            && file_state_equals(&cert_state, &certificate.loaded)
            && file_state_equals(&ca_state, &ca_cert.loaded)) {
            return;
        }
    }
    config_rebuild();
}

/* Brings the configuration up to date and checks that it allows opening
 * a TLS stream (a listener if SERVER).  Returns 0, or ENOPROTOOPT and a
 * reason in *ERRORP.  Called with 'config_mutex' held. */
static int
config_check(bool server, char **errorp)
{
    config_update();
    if (config_error) {
        *errorp = xstrdup(config_error);
        return ENOPROTOOPT;
    }
    if (server && bootstrap_pending) {
        *errorp = xasprintf("SSL CA certificate file %s does not exist "
                            "(bootstrapping applies only to ssl: "
                            "connections)", ca_cert.name);
        return ENOPROTOOPT;
    }
    return 0;
}

static int
config_check_locked(bool server, char **errorp)
{
    pthread_mutex_lock(&config_mutex);
    int error = config_check(server, errorp);
    pthread_mutex_unlock(&config_mutex);
    return error;
}

/* Active streams. */

enum ssl_state {
    SSL_TCP_CONNECTING,         /* Waiting for the TCP connection. */
    SSL_HANDSHAKING,            /* TLS handshake in progress. */
    SSL_OPEN                    /* Handshake done. */
};

/* What OpenSSL last said it needs to progress. */
enum ssl_want {
    WANT_NOTHING,
    WANT_READ,                  /* Wait for POLLIN. */
    WANT_WRITE                  /* Wait for POLLOUT. */
};

struct ssl_stream {
    struct stream up;
    enum ssl_state state;
    bool server;
    int fd;
    SSL *ssl;
    int bio_errno;              /* errno of the last failed socket call. */

    enum ssl_want rx_want;      /* For the handshake and SSL_read(). */
    enum ssl_want tx_want;      /* For flushing 'txbuf'. */

    /* Bytes accepted by stream_send() that OpenSSL still has to take. */
    uint8_t *txbuf;
    size_t tx_len;
    size_t tx_ofs;
    int tx_error;               /* Error that ended sending, or 0. */

    char *bootstrap_file;       /* CA file to bootstrap into, or NULL. */
};

static struct ssl_stream *
ssl_stream_cast(struct stream *stream)
{
    return CONTAINER_OF(stream, struct ssl_stream, up);
}

/* A BIO over the stream's socket that sends with MSG_NOSIGNAL, so that a
 * closed peer never raises SIGPIPE, and records socket errno values. */

static int
ssl_bio_write(BIO *bio, const char *buf, int len)
{
    struct ssl_stream *s = BIO_get_data(bio);
    ssize_t retval;

    BIO_clear_retry_flags(bio);
    do {
        retval = send(s->fd, buf, len, MSG_NOSIGNAL);
    } while (retval < 0 && errno == EINTR);
    if (retval < 0) {
        s->bio_errno = errno;
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            BIO_set_retry_write(bio);
        }
        return -1;
    }
    return retval;
}

static int
ssl_bio_read(BIO *bio, char *buf, int len)
{
    struct ssl_stream *s = BIO_get_data(bio);
    ssize_t retval;

    BIO_clear_retry_flags(bio);
    do {
        retval = recv(s->fd, buf, len, 0);
    } while (retval < 0 && errno == EINTR);
    if (retval < 0) {
        s->bio_errno = errno;
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            BIO_set_retry_read(bio);
        }
        return -1;
    }
    return retval;
}

static int
ssl_bio_puts(BIO *bio, const char *str)
{
    size_t len = strlen(str);
    return ssl_bio_write(bio, str, len > INT_MAX ? INT_MAX : (int) len);
}

static long
ssl_bio_ctrl(BIO *bio, int cmd, long num, void *ptr)
{
    /* Nothing is buffered here, so flushing always succeeds; other
     * controls (kTLS, MTU queries) are unsupported. */
    return cmd == BIO_CTRL_FLUSH ? 1 : 0;
}

static int
ssl_bio_create(BIO *bio)
{
    BIO_set_init(bio, 1);
    return 1;
}

static int
ssl_bio_destroy(BIO *bio)
{
    return 1;
}

static BIO_METHOD *ssl_bio_method_;
static pthread_once_t ssl_bio_once = PTHREAD_ONCE_INIT;

static void
ssl_bio_method_init(void)
{
    BIO_METHOD *m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK,
                                 "sluice socket");
    if (!m
        || !BIO_meth_set_write(m, ssl_bio_write)
        || !BIO_meth_set_read(m, ssl_bio_read)
        || !BIO_meth_set_puts(m, ssl_bio_puts)
        || !BIO_meth_set_ctrl(m, ssl_bio_ctrl)
        || !BIO_meth_set_create(m, ssl_bio_create)
        || !BIO_meth_set_destroy(m, ssl_bio_destroy)) {
        sluice_abort("could not create OpenSSL BIO method");
    }
    ssl_bio_method_ = m;
}

static const BIO_METHOD *
ssl_bio_method(void)
{
    pthread_once(&ssl_bio_once, ssl_bio_method_init);
    return ssl_bio_method_;
}

/* Creates in *STREAMP a TLS stream named NAME over socket FD (taken over),
 * the server end if SERVER.  TCP_CONNECTING says whether FD's connect() is
 * still in progress.  Returns 0, or closes FD and returns an errno value
 * and a reason in *ERRORP. */
static int
new_ssl_stream(const char *name, int fd, bool server, bool tcp_connecting,
               struct stream **streamp, char **errorp)
{
    struct ssl_stream *s;
    SSL *ssl;

    pthread_mutex_lock(&config_mutex);
    int error = config_check(server, errorp);
    if (error) {
        pthread_mutex_unlock(&config_mutex);
        close(fd);
        return error;
    }
    ERR_clear_error();
    ssl = SSL_new(ssl_ctx);
    if (!ssl) {
        struct ds reason = DS_EMPTY_INITIALIZER;
        ds_put_cstr(&reason, "could not create an OpenSSL session (");
        put_openssl_errors(&reason);
        ds_put_char(&reason, ')');
        *errorp = ds_steal_cstr(&reason);
        pthread_mutex_unlock(&config_mutex);
        close(fd);
        return ENOMEM;
    }
    s = xzalloc(sizeof *s);
    if (!server && bootstrap_pending) {
        s->bootstrap_file = xstrdup(ca_cert.name);
    }
    pthread_mutex_unlock(&config_mutex);

    BIO *bio = BIO_new(ssl_bio_method());
    if (!bio) {
        ERR_clear_error();
        *errorp = xstrdup("could not create an OpenSSL BIO");
        SSL_free(ssl);
        free(s->bootstrap_file);
        free(s);
        close(fd);
        return ENOMEM;
    }
    BIO_set_data(bio, s);
    SSL_set_bio(ssl, bio, bio);
    if (server) {
        SSL_set_accept_state(ssl);
    } else {
        SSL_set_connect_state(ssl);
    }

    stream_init(&s->up, &ssl_stream_class, EAGAIN, name);
    s->state = tcp_connecting ? SSL_TCP_CONNECTING : SSL_HANDSHAKING;
    s->server = server;
    s->fd = fd;
    s->ssl = ssl;
    *streamp = &s->up;
    return 0;
}

static int
ssl_verify(const char *suffix, char **errorp)
{
    struct sockaddr_storage ss;
    return inet_parse_active(suffix, -1, false, &ss, errorp);
}

static int
ssl_open(const char *name, const char *suffix, struct stream **streamp,
         uint8_t dscp, char **errorp)
{
    int error = ssl_verify(suffix, errorp);
    if (!error) {
        error = config_check_locked(false, errorp);
    }
    if (error) {
        return error;
    }

    int fd;
    error = inet_open_active(SOCK_STREAM, suffix, -1, dscp, NULL, &fd,
                             errorp);
    if (error && error != EAGAIN) {
        return error;
    }
    int nodelay_error = set_tcp_nodelay(fd);
    if (nodelay_error) {
        VLOG_WARN_RL(&rl, "%s: could not set TCP_NODELAY (%s)", name,
                     sluice_strerror(nodelay_error));
    }
    return new_ssl_stream(name, fd, false, error == EAGAIN, streamp, errorp);
}

static void
ssl_close(struct stream *stream)
{
    struct ssl_stream *s = ssl_stream_cast(stream);

    if (s->state == SSL_OPEN) {
        /* Send close_notify if the socket takes it now; do not wait for
         * the peer's. */
        ERR_clear_error();
        SSL_shutdown(s->ssl);
    }
    SSL_free(s->ssl);
    ERR_clear_error();
    close(s->fd);
    free(s->txbuf);
    free(s->bootstrap_file);
    free(s);
}

/* Interprets the result RET of FUNCTION (an OpenSSL I/O call on S) that
 * did not succeed.  Returns EAGAIN and stores in *WANT what to wait for,
 * or logs the failure and returns an errno value: EPIPE if the peer closed
 * the connection cleanly, EPROTO for a TLS failure, or the socket error. */
static int
interpret_ssl_error(struct ssl_stream *s, const char *function, int ret,
                    enum ssl_want *want)
{
    int ssl_error = SSL_get_error(s->ssl, ret);

    *want = WANT_NOTHING;
    switch (ssl_error) {
    case SSL_ERROR_WANT_READ:
        *want = WANT_READ;
        return EAGAIN;

    case SSL_ERROR_WANT_WRITE:
        *want = WANT_WRITE;
        return EAGAIN;

    case SSL_ERROR_ZERO_RETURN:
        VLOG_DBG_RL(&rl, "%s: %s: connection closed by peer",
                    s->up.name, function);
        return EPIPE;

    case SSL_ERROR_SYSCALL:
        if (!ERR_peek_error()) {
            int error = s->bio_errno;
            if (!error) {
                VLOG_WARN_RL(&rl, "%s: %s: unexpected end of connection",
                             s->up.name, function);
                return EPROTO;
            }
            VLOG_WARN_RL(&rl, "%s: %s: %s", s->up.name, function,
                         sluice_strerror(error));
            return error;
        }
        /* OpenSSL queued a reason. */
        /* Fall through. */
    case SSL_ERROR_SSL:
    default: {
        struct ds reason = DS_EMPTY_INITIALIZER;
        long verify = SSL_get_verify_result(s->ssl);

        put_openssl_errors(&reason);
        if (verify != X509_V_OK) {
            ds_put_format(&reason, " (peer certificate: %s)",
                          X509_verify_cert_error_string(verify));
        }
        VLOG_WARN_RL(&rl, "%s: %s failed: %s", s->up.name, function,
                     ds_cstr(&reason));
        ds_destroy(&reason);
        return EPROTO;
    }
    }
}

/* Takes the self-signed CA certificate at the end of the server's chain
 * and writes it to 'bootstrap_file'.  Returns EPROTO whatever happens, so
 * that the unverified connection is dropped and the caller reconnects. */
static int
ssl_do_bootstrap(struct ssl_stream *s)
{
    STACK_OF(X509) *chain = SSL_get_peer_cert_chain(s->ssl);
    int n = chain ? sk_X509_num(chain) : 0;
    X509 *ca = n > 0 ? sk_X509_value(chain, n - 1) : NULL;

    if (!ca || X509_check_issued(ca, ca) != X509_V_OK
        || X509_check_ca(ca) < 1) {
        VLOG_ERR("%s: cannot bootstrap CA certificate file %s: the server's "
                 "certificate chain does not end in a self-signed CA "
                 "certificate (the server's certificate file must include "
                 "its CA certificate)", s->up.name, s->bootstrap_file);
        return EPROTO;
    }

    int fd = open(s->bootstrap_file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                  0444);
    if (fd < 0) {
        if (errno == EEXIST) {
            VLOG_INFO("%s: CA certificate file %s appeared meanwhile; "
                      "reconnecting to verify against it", s->up.name,
                      s->bootstrap_file);
        } else {
            VLOG_ERR("%s: could not create CA certificate file %s (%s)",
                     s->up.name, s->bootstrap_file, sluice_strerror(errno));
        }
        return EPROTO;
    }

    FILE *file = fdopen(fd, "w");
    bool ok = file && PEM_write_X509(file, ca) == 1;
    if (file) {
        ok = !fclose(file) && ok;
    } else {
        close(fd);
    }
    ERR_clear_error();
    if (!ok) {
        VLOG_ERR("%s: could not write CA certificate file %s",
                 s->up.name, s->bootstrap_file);
        unlink(s->bootstrap_file);
        return EPROTO;
    }

    char subject[256] = "";
    X509_NAME_oneline(X509_get_subject_name(ca), subject, sizeof subject);
    VLOG_INFO("%s: saved the server's CA certificate \"%s\" to %s; "
              "reconnecting to verify the server against it", s->up.name,
              subject, s->bootstrap_file);
    return EPROTO;
}

static int
ssl_connect(struct stream *stream)
{
    struct ssl_stream *s = ssl_stream_cast(stream);
    int error;

    switch (s->state) {
    case SSL_TCP_CONNECTING:
        error = check_connection_completion(s->fd);
        if (error) {
            return error;
        }
        s->state = SSL_HANDSHAKING;
        /* Fall through. */
    case SSL_HANDSHAKING: {
        s->bio_errno = 0;
        ERR_clear_error();
        int ret = SSL_do_handshake(s->ssl);
        if (ret != 1) {
            return interpret_ssl_error(s, (s->server ? "SSL_accept"
                                           : "SSL_connect"),
                                       ret, &s->rx_want);
        }
        s->rx_want = WANT_NOTHING;
        s->state = SSL_OPEN;
        if (s->bootstrap_file) {
            return ssl_do_bootstrap(s);
        }
        return 0;
    }
    case SSL_OPEN:
    default:
        return 0;
    }
}

static ssize_t
ssl_recv(struct stream *stream, void *buffer, size_t n)
{
    struct ssl_stream *s = ssl_stream_cast(stream);

    s->bio_errno = 0;
    ERR_clear_error();
    int ret = SSL_read(s->ssl, buffer, n > INT_MAX ? INT_MAX : (int) n);
    if (ret > 0) {
        s->rx_want = WANT_NOTHING;
        return ret;
    }
    if (SSL_get_error(s->ssl, ret) == SSL_ERROR_ZERO_RETURN) {
        /* Orderly close, or (SSL_OP_IGNORE_UNEXPECTED_EOF) the peer closed
         * its socket without close_notify. */
        s->rx_want = WANT_NOTHING;
        return 0;
    }
    return -interpret_ssl_error(s, "SSL_read", ret, &s->rx_want);
}

/* Passes 'txbuf' to OpenSSL.  Returns 0 once all of it is taken, EAGAIN
 * if some remains, or the errno value that ended sending. */
static int
ssl_flush(struct ssl_stream *s)
{
    while (s->txbuf) {
        size_t left = s->tx_len - s->tx_ofs;

        s->bio_errno = 0;
        ERR_clear_error();
        int ret = SSL_write(s->ssl, s->txbuf + s->tx_ofs, (int) left);
        if (ret > 0) {
            s->tx_want = WANT_NOTHING;
            s->tx_ofs += ret;
            if (s->tx_ofs >= s->tx_len) {
                free(s->txbuf);
                s->txbuf = NULL;
                s->tx_len = s->tx_ofs = 0;
            }
            continue;
        }

        int error = interpret_ssl_error(s, "SSL_write", ret, &s->tx_want);
        if (error == EAGAIN) {
            return EAGAIN;
        }
        free(s->txbuf);
        s->txbuf = NULL;
        s->tx_len = s->tx_ofs = 0;
        s->tx_error = error;
        return error;
    }
    return s->tx_error;
}

static ssize_t
ssl_send(struct stream *stream, const void *buffer, size_t n)
{
    struct ssl_stream *s = ssl_stream_cast(stream);

    if (s->tx_error) {
        return -s->tx_error;
    }
    if (s->txbuf) {
        int error = ssl_flush(s);
        if (error) {
            return -error;
        }
    }

    n = MIN(n, SSL_MAX_SEND);
    s->bio_errno = 0;
    ERR_clear_error();
    int ret = SSL_write(s->ssl, buffer, (int) n);
    if (ret > 0) {
        s->tx_want = WANT_NOTHING;
        return ret;
    }

    int error = interpret_ssl_error(s, "SSL_write", ret, &s->tx_want);
    if (error == EAGAIN) {
        /* OpenSSL must be offered the same bytes again, so keep a copy,
         * report them sent, and retry from stream_run(). */
        s->txbuf = xmemdup(buffer, n);
        s->tx_len = n;
        s->tx_ofs = 0;
        return n;
    }
    s->tx_error = error;
    return -error;
}

static void
ssl_run(struct stream *stream)
{
    struct ssl_stream *s = ssl_stream_cast(stream);
    if (s->txbuf) {
        ssl_flush(s);
    }
}

/* Registers a poll-loop wait for WANT. */
static void
ssl_wait_for(const struct ssl_stream *s, enum ssl_want want)
{
    switch (want) {
    case WANT_READ:
        poll_fd_wait(s->fd, POLLIN);
        break;
    case WANT_WRITE:
        poll_fd_wait(s->fd, POLLOUT);
        break;
    case WANT_NOTHING:
    default:
        poll_immediate_wake();
        break;
    }
}

static void
ssl_run_wait(struct stream *stream)
{
    struct ssl_stream *s = ssl_stream_cast(stream);
    if (s->txbuf) {
        ssl_wait_for(s, s->tx_want);
    }
}

static void
ssl_wait(struct stream *stream, enum stream_wait_type wait)
{
    struct ssl_stream *s = ssl_stream_cast(stream);

    switch (wait) {
    case STREAM_CONNECT:
        if (s->state == SSL_TCP_CONNECTING) {
            poll_fd_wait(s->fd, POLLOUT);
        } else {
            ssl_wait_for(s, s->rx_want);
        }
        break;

    case STREAM_RECV:
        if (SSL_has_pending(s->ssl)) {
            poll_immediate_wake();
        } else {
            ssl_wait_for(s, s->rx_want);
        }
        break;

    case STREAM_SEND:
        if (!s->txbuf) {
            poll_immediate_wake();
        } else {
            ssl_wait_for(s, s->tx_want);
        }
        break;

    default:
        sluice_abort("ssl_wait: bad wait type %d", (int) wait);
    }
}

const struct stream_class ssl_stream_class = {
    .name = "ssl",
    .needs_probes = true,
    .verify = ssl_verify,
    .open = ssl_open,
    .close = ssl_close,
    .connect = ssl_connect,
    .recv = ssl_recv,
    .send = ssl_send,
    .run = ssl_run,
    .run_wait = ssl_run_wait,
    .wait = ssl_wait,
};

/* Passive streams. */

struct pssl_pstream {
    struct pstream up;
    int fd;
};

static struct pssl_pstream *
pssl_pstream_cast(struct pstream *pstream)
{
    return CONTAINER_OF(pstream, struct pssl_pstream, up);
}

static int
pssl_verify(const char *suffix, char **errorp)
{
    struct sockaddr_storage ss;
    return inet_parse_passive(suffix, -1, false, &ss, errorp);
}

static int
pssl_listen(const char *name, const char *suffix, struct pstream **pstreamp,
            uint8_t dscp, char **errorp)
{
    int error = pssl_verify(suffix, errorp);
    if (!error) {
        error = config_check_locked(true, errorp);
    }
    if (error) {
        return error;
    }

    struct sockaddr_storage ss;
    int fd;
    error = inet_open_passive(SOCK_STREAM, suffix, -1, dscp, &ss, &fd,
                              errorp);
    if (error) {
        return error;
    }

    struct pssl_pstream *ps = xzalloc(sizeof *ps);
    pstream_init(&ps->up, &pssl_pstream_class, name);
    pstream_set_bound_port(&ps->up, ss_get_port(&ss));
    ps->fd = fd;
    *pstreamp = &ps->up;
    return 0;
}

static void
pssl_close(struct pstream *pstream)
{
    struct pssl_pstream *ps = pssl_pstream_cast(pstream);
    close(ps->fd);
    free(ps);
}

static int
pssl_accept(struct pstream *pstream, struct stream **streamp)
{
    struct pssl_pstream *ps = pssl_pstream_cast(pstream);
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
            VLOG_WARN_RL(&rl, "%s: accept failed (%s)", pstream->name,
                         sluice_strerror(error));
        }
        return error;
    }

    int error = set_tcp_nodelay(fd);
    if (error) {
        VLOG_WARN_RL(&rl, "%s: could not set TCP_NODELAY (%s)",
                     pstream->name, sluice_strerror(error));
    }

    struct ds name = DS_EMPTY_INITIALIZER;
    ds_put_cstr(&name, "ssl:");
    ss_format_address(&ss, true, &name);

    char *reason = NULL;
    error = new_ssl_stream(ds_cstr(&name), fd, true, false, streamp,
                           &reason);
    if (error) {
        VLOG_WARN_RL(&rl, "%s: dropped connection from %s: %s",
                     pstream->name, ds_cstr(&name) + 4, reason);
    }
    free(reason);
    ds_destroy(&name);
    return error;
}

static void
pssl_wait(struct pstream *pstream)
{
    struct pssl_pstream *ps = pssl_pstream_cast(pstream);
    poll_fd_wait(ps->fd, POLLIN);
}

const struct pstream_class pssl_pstream_class = {
    .name = "pssl",
    .needs_probes = true,
    .verify = pssl_verify,
    .listen = pssl_listen,
    .close = pssl_close,
    .accept = pssl_accept,
    .wait = pssl_wait,
};
