/* ovsdb-log: the storage journal of a database file.  See ovsdb-log.h. */
#include <config.h>
#include "ovsdb-log.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <openssl/evp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "dynamic-string.h"
#include "json.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(ovsdb_log);

#define SHA1_SIZE 20            /* Bytes in a SHA-1 digest. */
#define SHA1_HEX_LENGTH 40      /* Hex digits in a SHA-1 digest. */
#define MAX_LENGTH_DIGITS 19    /* Longest LENGTH accepted, in digits. */

/* The longest symbolic link chain followed to find the database. */
#define MAX_SYMLINKS 10

struct ovsdb_log {
    char *path;                 /* File name as the caller gave it. */
    char *real_path;            /* 'path' after following symlinks. */
    char *magic;
    enum ovsdb_log_open_mode mode;
    int fd;                     /* The database file. */
    int lock_fd;                /* The locked lock file, or -1. */

    off_t offset;               /* End of the last good record. */
    off_t size;                 /* File size as last seen. */
    unsigned int n_records;     /* Records before 'offset'. */
    bool at_end;                /* Every record has been read. */
    bool torn;                  /* Bytes past 'offset' are a torn tail (or
                                 * the remains of a failed write) to cut
                                 * off before the next write. */

    int read_error;             /* Sticky read error (errno), or 0. */
    char *read_error_msg;       /* Its message, if 'read_error'. */
    int write_error;            /* Sticky write or sync error, or 0. */
    char *write_error_msg;      /* Its message, if 'write_error'. */
};

/* Helpers for I/O. */

/* Reads up to N bytes at OFFSET of FD into BUF, retrying after EINTR and
 * short reads.  Returns the number of bytes read, which is less than N
 * only at the end of the file, or -1 with errno set. */
static ssize_t
pread_fully(int fd, void *buf, size_t n, off_t offset)
{
    size_t done = 0;

    while (done < n) {
        ssize_t retval = pread(fd, (char *) buf + done, n - done,
                               offset + (off_t) done);
        if (retval < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        } else if (retval == 0) {
            break;
        }
        done += retval;
    }
    return done;
}

/* Writes the N bytes at BUF to FD at OFFSET, retrying after EINTR and short
 * writes.  Returns 0 or an errno value. */
static int
pwrite_fully(int fd, const void *buf, size_t n, off_t offset)
{
    size_t done = 0;

    while (done < n) {
        ssize_t retval = pwrite(fd, (const char *) buf + done, n - done,
                                offset + (off_t) done);
        if (retval < 0) {
            if (errno == EINTR) {
                continue;
            }
            return errno;
        } else if (retval == 0) {
            return EIO;
        }
        done += retval;
    }
    return 0;
}

/* Syncs the directory that holds FILE_NAME, so that a file created in it
 * or renamed into it survives a crash.  Returns 0 or an errno value; a
 * file system that cannot sync directories (EINVAL) counts as success. */
static int
fsync_parent_dir(const char *file_name)
{
    char *dir = dir_name(file_name);
    int error = 0;

    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        error = errno;
    } else {
        if (fsync(fd) && errno != EINVAL) {
            error = errno;
        }
        close(fd);
    }
    free(dir);
    return error;
}

/* Returns FILE_NAME with symbolic links in its last component followed,
 * so that the lock file and the compaction's temporary file sit beside the
 * real database and a rename replaces the file, not a link to it.  The
 * caller frees the result. */
static char *
follow_symlinks(const char *file_name)
{
    char *name = xstrdup(file_name);

    for (int i = 0; i < MAX_SYMLINKS; i++) {
        struct stat st;
        if (lstat(name, &st) || !S_ISLNK(st.st_mode)) {
            break;
        }

        size_t size = st.st_size > 0 ? st.st_size + 1 : PATH_MAX;
        char *target = xmalloc(size);
        ssize_t n = readlink(name, target, size);
        if (n < 0 || (size_t) n >= size) {
            /* An error, or the link changed under us: use what we have. */
            free(target);
            break;
        }
        target[n] = '\0';

        char *next;
        if (target[0] == '/') {
            next = target;
        } else {
            char *dir = dir_name(name);
            next = xasprintf("%s/%s", dir, target);
            free(dir);
            free(target);
        }
        free(name);
        name = next;
    }
    return name;
}

/* Computes the SHA-1 digest of the N bytes at DATA into DIGEST.  Returns
 * true on success, false if libcrypto cannot compute SHA-1 (for example
 * because a restrictive policy disabled it). */
static bool
sha1_digest(const void *data, size_t n, uint8_t digest[SHA1_SIZE])
{
    unsigned int digest_size = 0;

    return (EVP_Digest(data, n, digest, &digest_size, EVP_sha1(), NULL)
            && digest_size == SHA1_SIZE);
}

/* Records. */

/* Appends to OUT the record that holds JSON under MAGIC.  Returns 0, or
 * an errno value with a reason in *REASON (which the caller frees). */
static int
compose_record(const char *magic, const struct json *json, struct ds *out,
               char **reason)
{
    struct ds data = DS_EMPTY_INITIALIZER;
    uint8_t digest[SHA1_SIZE];

    json_to_ds(json, JSSF_SORT, &data);
    ds_put_char(&data, '\n');
    if (!sha1_digest(data.string, data.length, digest)) {
        ds_destroy(&data);
        *reason = xstrdup("libcrypto could not compute a SHA-1 digest");
        return ENOTSUP;
    }

    ds_put_format(out, "%s %zu ", magic, data.length);
    ds_put_hex(out, digest, sizeof digest);
    ds_put_char(out, '\n');
    ds_put_buffer(out, data.string, data.length);
    ds_destroy(&data);
    return 0;
}


/* Returns the longest header that a record with MAGIC can have, in
 * bytes. */
static size_t
max_header_size(const char *magic)
{
    return strlen(magic) + 1 + MAX_LENGTH_DIGITS + 1 + SHA1_HEX_LENGTH + 1;
}

/* Parses the record header at the start of the N bytes at BUF, which are
 * all that remain of the file if AT_EOF.  On success, returns true and
 * stores the header's size in *HEADER_SIZE, the data's size in *DATA_SIZE
 * and the digest in DIGEST.  Otherwise returns false and stores a reason
 * (which the caller frees) in *REASON. */
static bool
parse_header(const char *magic, const char *buf, size_t n, bool at_eof,
             size_t *header_size, size_t *data_size,
             uint8_t digest[SHA1_SIZE], char **reason)
{
    size_t magic_len = strlen(magic);
    const char *nl = memchr(buf, '\n', n);

    if (!nl) {
        *reason = xstrdup(at_eof && n < max_header_size(magic)
                          ? "incomplete record header"
                          : "record header lacks a new-line");
        return false;
    }

    const char *p = buf;
    if ((size_t) (nl - p) <= magic_len || memcmp(p, magic, magic_len)
        || p[magic_len] != ' ') {
        *reason = xasprintf("record header does not start with \"%s \"",
                            magic);
        return false;
    }
    p += magic_len + 1;

    uint64_t length = 0;
    const char *digits = p;
    while (p < nl && *p >= '0' && *p <= '9'
           && p - digits < MAX_LENGTH_DIGITS) {
        length = length * 10 + (*p++ - '0');
    }
    if (p == digits || p >= nl || *p != ' ' || length > SIZE_MAX) {
        *reason = xstrdup("record header has an invalid length");
        return false;
    }
    p++;

    if (nl - p != SHA1_HEX_LENGTH) {
        *reason = xstrdup("record header has an invalid SHA-1 digest");
        return false;
    }
    for (size_t i = 0; i < SHA1_SIZE; i++) {
        int hi = hexit_value(p[2 * i]);
        int lo = hexit_value(p[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            *reason = xstrdup("record header has an invalid SHA-1 digest");
            return false;
        }
        digest[i] = hi * 16 + lo;
    }

    *header_size = nl - buf + 1;
    *data_size = length;
    return true;
}

/* Checks the N bytes of record data at DATA against DIGEST and parses
 * them.  On success, returns true and stores the value in *JSONP.
 * Otherwise returns false and stores a reason (which the caller frees) in
 * *REASON. */
static bool
parse_data(const char *data, size_t n, const uint8_t digest[SHA1_SIZE],
           struct json **jsonp, char **reason)
{
    uint8_t actual[SHA1_SIZE];

    *jsonp = NULL;
    if (!sha1_digest(data, n, actual)) {
        *reason = xstrdup("libcrypto could not compute a SHA-1 digest");
        return false;
    }
    if (memcmp(actual, digest, SHA1_SIZE)) {
        *reason = xstrdup("checksum mismatch");
        return false;
    }

    char *error = json_from_buffer(data, n, jsonp);
    if (error) {
        *reason = xasprintf("invalid JSON (%s)", error);
        free(error);
        return false;
    }
    return true;
}

/* Returns true if the N bytes at BUF hold a complete, valid record with
 * MAGIC at their start, and stores the record's size in *SIZE. */
static bool
is_valid_record(const char *magic, const char *buf, size_t n, size_t *size)
{
    uint8_t digest[SHA1_SIZE];
    size_t header_size, data_size;
    char *reason = NULL;
    struct json *json = NULL;

    bool ok = (parse_header(magic, buf, n, true, &header_size, &data_size,
                            digest, &reason)
               && data_size <= n - header_size
               && parse_data(buf + header_size, data_size, digest, &json,
                             &reason));
    free(reason);
    json_destroy(json);
    if (ok) {
        *size = header_size + data_size;
    }
    return ok;
}

/* Searches the N bytes at BUF, which are the rest of the file from a
 * damaged record on, for a valid record that starts after the damaged
 * record's first byte.  Returns its offset within BUF, or 0 if there is
 * none. */
static size_t
find_valid_record(const char *magic, const char *buf, size_t n)
{
    size_t magic_len = strlen(magic);

    for (size_t ofs = 1; ofs < n; ofs++) {
        const char *p = memmem(buf + ofs, n - ofs, magic, magic_len);
        if (!p) {
            break;
        }
        ofs = p - buf;

        size_t size;
        if (is_valid_record(magic, p, n - ofs, &size)) {
            return ofs;
        }
    }
    return 0;
}

/* Opening and closing. */

/* Takes the lock for LOG's database.  Returns 0, or an errno value with a
 * message in *ERRP. */
static int
lock_database(struct ovsdb_log *log, char **errp)
{
    char *dir = dir_name(log->real_path);
    char *base = base_name(log->real_path);
    char *lock_path = xasprintf("%s/.%s.~lock~", dir, base);
    int error = 0;
    free(base);
    free(dir);

    int fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        error = errno;
        *errp = xasprintf("%s: could not open lock file %s (%s)",
                          log->path, lock_path, sluice_strerror(error));
        goto exit;
    }

    /* An open file description lock conflicts with the process-associated
     * fcntl() locks that Open vSwitch takes, and also with a lock taken
     * through another open of the lock file by this process. */
    struct flock l = {
        .l_type = F_WRLCK,
        .l_whence = SEEK_SET,
        .l_start = 0,
        .l_len = 0,
    };
    if (fcntl(fd, F_OFD_SETLK, &l) == 0) {
        /* Record our process ID for the next would-be holder's message.
         * Failing to do so only makes that message less specific. */
        char pid[32];
        int len = snprintf(pid, sizeof pid, "%ld\n", (long int) getpid());
        if (!ftruncate(fd, 0)) {
            ignore(pwrite_fully(fd, pid, len, 0) == 0);
        }
        log->lock_fd = fd;
        goto exit;
    }

    error = errno;
    if (error != EAGAIN && error != EACCES) {
        *errp = xasprintf("%s: could not lock lock file %s (%s)",
                          log->path, lock_path, sluice_strerror(error));
        close(fd);
        goto exit;
    }
    error = EAGAIN;

    /* Find out who holds the lock.  A process-associated lock reports its
     * process ID; an open file description lock does not, but a Sluice
     * holder wrote its process ID into the file. */
    long int holder = -1;
    struct flock probe = {
        .l_type = F_WRLCK,
        .l_whence = SEEK_SET,
        .l_start = 0,
        .l_len = 0,
    };
    if (!fcntl(fd, F_OFD_GETLK, &probe) && probe.l_type != F_UNLCK) {
        if (probe.l_pid > 0) {
            holder = probe.l_pid;
        } else {
            char buf[32];
            ssize_t n = pread_fully(fd, buf, sizeof buf - 1, 0);
            if (n > 0) {
                buf[n] = '\0';
                char *end;
                long int pid = strtol(buf, &end, 10);
                if (end != buf && *end == '\n' && pid > 0) {
                    holder = pid;
                }
            }
        }
    }
    close(fd);

    if (holder > 0) {
        *errp = xasprintf("%s: database is locked by process %ld%s "
                          "(lock file %s)", log->path, holder,
                          holder == (long int) getpid() ? " (this process)"
                          : "", lock_path);
    } else {
        *errp = xasprintf("%s: database is locked by another process "
                          "(lock file %s)", log->path, lock_path);
    }

exit:
    free(lock_path);
    return error;
}

/* Checks that the file of LOG, of LOG->size bytes, starts like a record
 * with LOG's magic, or like a prefix of one if the file is shorter than
 * a header.  Returns 0, or an errno value with a message in *ERRP. */
static int
check_magic(struct ovsdb_log *log, char **errp)
{
    size_t expected_len = strlen(log->magic) + 1;
    char *expected = xasprintf("%s ", log->magic);
    size_t n = MIN((uint64_t) log->size, expected_len);
    char *buf = xmalloc(n + 1);
    int error = 0;

    ssize_t retval = pread_fully(log->fd, buf, n, 0);
    if (retval < 0) {
        error = errno;
        *errp = xasprintf("%s: read failed (%s)", log->path,
                          sluice_strerror(error));
    } else if (memcmp(buf, expected, retval)) {
        /* Show the start of the file, escaped, to say what it is. */
        char start[33];
        ssize_t m = pread_fully(log->fd, start, sizeof start - 1, 0);
        start[MAX(m, 0)] = '\0';
        start[strcspn(start, "\n")] = '\0';

        struct ds s = DS_EMPTY_INITIALIZER;
        json_string_escape(start, &s);
        error = EINVAL;
        *errp = xasprintf("%s: not a database file with magic \"%s\" "
                          "(it starts with %s)", log->path, log->magic,
                          ds_cstr(&s));
        ds_destroy(&s);
    }
    free(buf);
    free(expected);
    return error;
}

int
ovsdb_log_open(const char *path, const char *magic,
               enum ovsdb_log_open_mode mode, bool locking,
               struct ovsdb_log **logp, char **errp)
{
    *logp = NULL;
    *errp = NULL;

    if (!magic[0] || strchr(magic, '\n')) {
        *errp = xasprintf("%s: invalid magic string", path);
        return EINVAL;
    }

    struct ovsdb_log *log = xzalloc(sizeof *log);
    log->path = xstrdup(path);
    log->real_path = follow_symlinks(path);
    log->magic = xstrdup(magic);
    log->mode = mode;
    log->fd = -1;
    log->lock_fd = -1;

    int error;
    if (locking) {
        error = lock_database(log, errp);
        if (error) {
            goto error;
        }
    }

    int flags = O_CLOEXEC;
    switch (mode) {
    case OVSDB_LOG_READ_ONLY:
        flags |= O_RDONLY;
        break;
    case OVSDB_LOG_READ_WRITE:
        flags |= O_RDWR;
        break;
    case OVSDB_LOG_CREATE:
        flags |= O_RDWR | O_CREAT;
        break;
    case OVSDB_LOG_CREATE_EXCL:
        flags |= O_RDWR | O_CREAT | O_EXCL;
        break;
    default:
        *errp = xasprintf("%s: invalid open mode %d", path, (int) mode);
        error = EINVAL;
        goto error;
    }

    log->fd = open(log->real_path, flags, 0660);
    if (log->fd < 0) {
        error = errno;
        *errp = xasprintf("%s: could not %s (%s)", path,
                          mode == OVSDB_LOG_CREATE_EXCL ? "create" : "open",
                          sluice_strerror(error));
        goto error;
    }

    struct stat st;
    if (fstat(log->fd, &st)) {
        error = errno;
        *errp = xasprintf("%s: could not stat (%s)", path,
                          sluice_strerror(error));
        goto error;
    }
    if (!S_ISREG(st.st_mode)) {
        error = EINVAL;
        *errp = xasprintf("%s: not a regular file", path);
        goto error;
    }
    log->size = st.st_size;

    if (mode == OVSDB_LOG_CREATE || mode == OVSDB_LOG_CREATE_EXCL) {
        error = fsync_parent_dir(log->real_path);
        if (error) {
            *errp = xasprintf("%s: could not sync directory (%s)", path,
                              sluice_strerror(error));
            goto error;
        }
    }

    error = check_magic(log, errp);
    if (error) {
        goto error;
    }

    *logp = log;
    return 0;

error:
    ovsdb_log_close(log);
    return error;
}

void
ovsdb_log_close(struct ovsdb_log *log)
{
    if (!log) {
        return;
    }
    if (log->fd >= 0) {
        close(log->fd);
    }
    if (log->lock_fd >= 0) {
        /* Closing the only descriptor of the open file description releases
         * its lock. */
        close(log->lock_fd);
    }
    free(log->path);
    free(log->real_path);
    free(log->magic);
    free(log->read_error_msg);
    free(log->write_error_msg);
    free(log);
}

/* Reading. */

/* Makes ERROR, with message MSG (which LOG takes over), LOG's sticky read
 * error, and returns it with a copy of the message in *ERRP. */
static int
set_read_error(struct ovsdb_log *log, int error, char *msg, char **errp)
{
    log->read_error = error;
    log->read_error_msg = msg;
    *errp = xstrdup(msg);
    return error;
}

/* Handles a damaged record at LOG->offset, for REASON (which this function
 * frees): decides whether it is a torn tail or corruption.  Returns EOF
 * for a torn tail, otherwise a positive errno value with a message in
 * *ERRP. */
static int
handle_bad_record(struct ovsdb_log *log, char *reason, char **errp)
{
    off_t rest_size = log->size - log->offset;
    char *rest = xmalloc(rest_size);
    ssize_t n = pread_fully(log->fd, rest, rest_size, log->offset);
    if (n < 0) {
        int error = errno;
        free(rest);
        free(reason);
        return set_read_error(log, error,
                              xasprintf("%s: read failed at offset %lld (%s)",
                                        log->path, (long long) log->offset,
                                        sluice_strerror(error)),
                              errp);
    }

    size_t valid_ofs = find_valid_record(log->magic, rest, n);
    free(rest);
    if (valid_ofs) {
        char *msg = xasprintf("%s: record %u at offset %lld: %s, but a "
                              "valid record follows at offset %lld, so the "
                              "file is corrupt", log->path, log->n_records,
                              (long long) log->offset, reason,
                              (long long) (log->offset + valid_ofs));
        free(reason);
        return set_read_error(log, EILSEQ, msg, errp);
    }

    long long int n_dropped = log->size - log->offset;
    VLOG_WARN("%s: record %u at offset %lld: %s, and nothing valid "
              "follows: %s the last %lld byte%s of the file as an "
              "incomplete write", log->path, log->n_records,
              (long long) log->offset, reason,
              log->mode == OVSDB_LOG_READ_ONLY ? "ignoring" : "dropping",
              n_dropped, n_dropped == 1 ? "" : "s");
    free(reason);
    log->torn = true;
    log->at_end = true;
    return EOF;
}

int
ovsdb_log_read(struct ovsdb_log *log, struct json **jsonp, char **errp)
{
    *jsonp = NULL;
    *errp = NULL;

    if (log->read_error) {
        *errp = xstrdup(log->read_error_msg);
        return log->read_error;
    }
    if (log->torn) {
        return EOF;
    }

    struct stat st;
    if (fstat(log->fd, &st)) {
        int error = errno;
        *errp = xasprintf("%s: could not stat (%s)", log->path,
                          sluice_strerror(error));
        return error;
    }
    log->size = st.st_size;
    if (log->size <= log->offset) {
        /* A file shorter than our offset was truncated by someone else;
         * there is nothing more to read either way. */
        log->at_end = true;
        return EOF;
    }
    log->at_end = false;

    /* The header. */
    off_t remaining = log->size - log->offset;
    size_t header_max = max_header_size(log->magic);
    size_t n = MIN((uint64_t) remaining, header_max);
    char *header = xmalloc(n);
    ssize_t retval = pread_fully(log->fd, header, n, log->offset);
    if (retval < 0) {
        int error = errno;
        free(header);
        return set_read_error(log, error,
                              xasprintf("%s: read failed at offset %lld (%s)",
                                        log->path, (long long) log->offset,
                                        sluice_strerror(error)),
                              errp);
    }

    uint8_t digest[SHA1_SIZE];
    size_t header_size, data_size;
    char *reason = NULL;
    bool ok = parse_header(log->magic, header, retval,
                           (size_t) retval == (uint64_t) remaining,
                           &header_size, &data_size, digest, &reason);
    free(header);
    if (!ok) {
        return handle_bad_record(log, reason, errp);
    }
    if (data_size > (uint64_t) remaining - header_size) {
        reason = xasprintf("record of %zu bytes is incomplete (%lld bytes "
                           "remain)", data_size,
                           (long long) (remaining - header_size));
        return handle_bad_record(log, reason, errp);
    }

    /* The data. */
    char *data = xmalloc(data_size);
    retval = pread_fully(log->fd, data, data_size,
                         log->offset + header_size);
    if (retval < 0) {
        int error = errno;
        free(data);
        return set_read_error(log, error,
                              xasprintf("%s: read failed at offset %lld (%s)",
                                        log->path, (long long) log->offset,
                                        sluice_strerror(error)),
                              errp);
    } else if ((size_t) retval < data_size) {
        /* The file shrank under us. */
        free(data);
        reason = xasprintf("record of %zu bytes is incomplete (%zu bytes "
                           "remain)", data_size, (size_t) retval);
        log->size = log->offset + header_size + retval;
        return handle_bad_record(log, reason, errp);
    }

    struct json *json;
    ok = parse_data(data, data_size, digest, &json, &reason);
    free(data);
    if (!ok) {
        return handle_bad_record(log, reason, errp);
    }

    log->offset += header_size + data_size;
    log->n_records++;
    *jsonp = json;
    return 0;
}

/* Writing. */

/* Checks that LOG may be written, reading past its unread records first.
 * Returns 0, or an errno value with a message in *ERRP. */
static int
prepare_to_write(struct ovsdb_log *log, const char *operation, char **errp)
{
    if (log->mode == OVSDB_LOG_READ_ONLY) {
        *errp = xasprintf("%s: cannot %s: opened read-only", log->path,
                          operation);
        return EBADF;
    }
    if (log->write_error) {
        *errp = xasprintf("%s: cannot %s after an earlier failure: %s",
                          log->path, operation, log->write_error_msg);
        return log->write_error;
    }
    while (!log->at_end && !log->read_error) {
        struct json *json;
        char *error_msg;
        int error = ovsdb_log_read(log, &json, &error_msg);
        json_destroy(json);
        free(error_msg);
        if (error == EOF) {
            break;
        } else if (error && !log->read_error) {
            /* A transient error (fstat() failed): report it. */
            *errp = xasprintf("%s: cannot %s: could not find the end of "
                              "the file (%s)", log->path, operation,
                              sluice_strerror(error));
            return error;
        }
    }
    if (log->read_error) {
        *errp = xasprintf("%s: cannot %s after a read error: %s",
                          log->path, operation, log->read_error_msg);
        return log->read_error;
    }
    return 0;
}

/* Makes ERROR, with message MSG (which LOG takes over), LOG's sticky write
 * error, and returns it with a copy of the message in *ERRP. */
static int
set_write_error(struct ovsdb_log *log, int error, char *msg, char **errp)
{
    log->write_error = error;
    free(log->write_error_msg);
    log->write_error_msg = msg;
    *errp = xstrdup(msg);
    return error;
}

int
ovsdb_log_write(struct ovsdb_log *log, const struct json *json,
                char **errp)
{
    *errp = NULL;

    int error = prepare_to_write(log, "write", errp);
    if (error) {
        return error;
    }

    struct ds record = DS_EMPTY_INITIALIZER;
    char *reason;
    error = compose_record(log->magic, json, &record, &reason);
    if (error) {
        *errp = xasprintf("%s: cannot write: %s", log->path, reason);
        free(reason);
        ds_destroy(&record);
        return error;
    }

    /* Cut off a torn tail (or what a failed write left behind). */
    if (log->torn || log->size != log->offset) {
        if (ftruncate(log->fd, log->offset)) {
            error = errno;
            *errp = xasprintf("%s: could not truncate to offset %lld "
                              "(%s)", log->path, (long long) log->offset,
                              sluice_strerror(error));
            ds_destroy(&record);
            return error;
        }
        log->torn = false;
        log->size = log->offset;
    }

    size_t record_size = record.length;
    error = pwrite_fully(log->fd, record.string, record_size, log->offset);
    ds_destroy(&record);
    if (error) {
        *errp = xasprintf("%s: write of record %u at offset %lld failed "
                          "(%s)", log->path, log->n_records,
                          (long long) log->offset, sluice_strerror(error));
        if (ftruncate(log->fd, log->offset)) {
            /* The next write tries again before it writes. */
            log->torn = true;
        }
        return error;
    }

    log->offset += record_size;
    log->size = log->offset;
    log->n_records++;
    return 0;
}

int
ovsdb_log_commit_block(struct ovsdb_log *log, char **errp)
{
    *errp = NULL;

    if (log->mode == OVSDB_LOG_READ_ONLY) {
        *errp = xasprintf("%s: cannot commit: opened read-only", log->path);
        return EBADF;
    }
    if (log->write_error) {
        *errp = xasprintf("%s: cannot commit after an earlier failure: %s",
                          log->path, log->write_error_msg);
        return log->write_error;
    }
    if (fdatasync(log->fd)) {
        int error = errno;
        return set_write_error(log, error,
                               xasprintf("%s: sync failed (%s)", log->path,
                                         sluice_strerror(error)),
                               errp);
    }
    return 0;
}

int
ovsdb_log_replace(struct ovsdb_log *log, struct json **entries, size_t n,
                  char **errp)
{
    *errp = NULL;

    int error = prepare_to_write(log, "compact", errp);
    if (error) {
        return error;
    }

    /* The new file gets the permissions of the old one. */
    struct stat st;
    if (fstat(log->fd, &st)) {
        error = errno;
        *errp = xasprintf("%s: could not stat (%s)", log->path,
                          sluice_strerror(error));
        return error;
    }

    char *tmp_path = xasprintf("%s.tmp", log->real_path);
    int fd = open(tmp_path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        error = errno;
        *errp = xasprintf("%s: could not create temporary file %s (%s)",
                          log->path, tmp_path, sluice_strerror(error));
        free(tmp_path);
        return error;
    }
    if (fchmod(fd, st.st_mode & 07777)) {
        error = errno;
        *errp = xasprintf("%s: could not set the mode of temporary file %s "
                          "(%s)", log->path, tmp_path,
                          sluice_strerror(error));
        goto error;
    }

    off_t offset = 0;
    for (size_t i = 0; i < n; i++) {
        struct ds record = DS_EMPTY_INITIALIZER;
        char *reason;
        error = compose_record(log->magic, entries[i], &record, &reason);
        if (error) {
            *errp = xasprintf("%s: cannot compact: %s", log->path, reason);
            free(reason);
            ds_destroy(&record);
            goto error;
        }
        error = pwrite_fully(fd, record.string, record.length, offset);
        offset += record.length;
        ds_destroy(&record);
        if (error) {
            *errp = xasprintf("%s: could not write temporary file %s (%s)",
                              log->path, tmp_path, sluice_strerror(error));
            goto error;
        }
    }
    if (fsync(fd)) {
        error = errno;
        *errp = xasprintf("%s: could not sync temporary file %s (%s)",
                          log->path, tmp_path, sluice_strerror(error));
        goto error;
    }
    if (rename(tmp_path, log->real_path)) {
        error = errno;
        *errp = xasprintf("%s: could not rename temporary file %s over it "
                          "(%s)", log->path, tmp_path,
                          sluice_strerror(error));
        goto error;
    }
    free(tmp_path);

    /* From here on, the database is the new file. */
    close(log->fd);
    log->fd = fd;
    log->offset = log->size = offset;
    log->n_records = n;
    log->at_end = true;
    log->torn = false;

    error = fsync_parent_dir(log->real_path);
    if (error) {
        return set_write_error(
            log, error,
            xasprintf("%s: could not sync directory after compaction (%s)",
                      log->path, sluice_strerror(error)),
            errp);
    }
    return 0;

error:
    close(fd);
    unlink(tmp_path);
    free(tmp_path);
    return error;
}

/* Accessors. */

off_t
ovsdb_log_get_offset(const struct ovsdb_log *log)
{
    return log->offset;
}

off_t
ovsdb_log_get_size(const struct ovsdb_log *log)
{
    return log->size;
}

const char *
ovsdb_log_get_path(const struct ovsdb_log *log)
{
    return log->path;
}
