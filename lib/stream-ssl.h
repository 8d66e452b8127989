/*
 * stream-ssl: TLS configuration for "ssl:" and "pssl:" streams.
 *
 * Both ends of every TLS connection present a certificate: configure this
 * process's private key and certificate before opening an "ssl:" or
 * "pssl:" stream.  Each end sends its certificate with the chain up to its
 * CA: the chain in the certificate file after the certificate, or else
 * the one OpenSSL builds from the CA certificate file.
 *
 * With a CA certificate file configured, every peer must present a
 * certificate that the CA signed, or the handshake fails; without one,
 * peers are not verified (the traffic is still encrypted) and a warning
 * is logged.
 *
 * The settings take effect lazily: the next stream opened or accepted
 * (re)loads every file whose name or contents changed since the last load,
 * so certificates can be rotated by rewriting the files.  A file that
 * cannot be loaded is reported once per change in the log, naming the
 * file and OpenSSL's reason; until it is fixed, opening "ssl:" and
 * "pssl:" streams fails with ENOPROTOOPT.  Connections already open keep
 * the settings they started with.
 *
 * Protocol: TLS 1.2 or later, OpenSSL's default cipher suites, no
 * compression, renegotiation or session resumption.  Host names are not
 * checked against certificates: the CA decides whom to trust.
 *
 * Thread safety: the functions here may be called from any thread; they
 * and stream opening serialize on an internal mutex.
 */
#ifndef SLUICE_STREAM_SSL_H
#define SLUICE_STREAM_SSL_H 1

#include <stdbool.h>

/* Uses the PEM private key in FILE_NAME for TLS streams; NULL forgets the
 * setting. */
void stream_ssl_set_private_key_file(const char *file_name);

/* Uses the PEM certificate (optionally followed by its chain) in FILE_NAME
 * for TLS streams; it must match the private key.  NULL forgets the
 * setting. */
void stream_ssl_set_certificate_file(const char *file_name);

/* Verifies peers against the PEM CA certificate(s) in FILE_NAME.  NULL
 * forgets the setting (peers are not verified).
 *
 * With BOOTSTRAP, FILE_NAME need not exist yet: while it does not, an
 * "ssl:" connection accepts the server without verification, takes the
 * self-signed CA certificate at the end of the chain the server sends
 * (a server sends it if it has a CA file or a chain in its certificate
 * file),
 * writes it to FILE_NAME, logs that it did, and then fails with EPROTO
 * so that the caller reconnects, this time verifying the server against
 * that CA.  Meanwhile "pssl:" streams cannot be opened.  Without
 * BOOTSTRAP a missing FILE_NAME is an error. */
void stream_ssl_set_ca_cert_file(const char *file_name, bool bootstrap);

#endif /* stream-ssl.h */
