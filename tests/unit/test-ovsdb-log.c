/* Unit tests for ovsdb/ovsdb-log.c. */
#include <config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "dynamic-string.h"
#include "json.h"
#include "ovsdb/ovsdb-log.h"
#include "util.h"
#include "vlog.h"

#define MAGIC OVSDB_LOG_MAGIC_STANDALONE
#define OVSDB_TOOL "/usr/bin/ovsdb-tool"
#define OVS_SCHEMA "/usr/share/openvswitch/vswitch.ovsschema"

/* Helpers for files and directories. */

/* Returns a new, empty temporary directory; the caller removes it with
 * remove_tmpdir(). */
static char *
make_tmpdir(void)
{
    char template[] = "/tmp/test-ovsdb-log-XXXXXX";
    if (!mkdtemp(template)) {
        fail_msg("mkdtemp failed: %s", strerror(errno));
    }
    return xstrdup(template);
}

/* Removes DIR, which may contain files (including hidden ones) and empty
 * directories, and frees it. */
static void
remove_tmpdir(char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) {
            continue;
        }
        char *name = xasprintf("%s/%s", dir, de->d_name);
        if (unlink(name) && errno == EISDIR) {
            assert_int_equal(rmdir(name), 0);
        }
        free(name);
    }
    closedir(d);
    assert_int_equal(rmdir(dir), 0);
    free(dir);
}

/* Returns the sorted names of the entries of DIR, other than "." and "..",
 * joined by spaces, in a string the caller frees. */
static char *
list_dir(const char *dir)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);
    assert_true(n >= 0);

    struct ds s = DS_EMPTY_INITIALIZER;
    for (int i = 0; i < n; i++) {
        if (strcmp(names[i]->d_name, ".") && strcmp(names[i]->d_name, "..")) {
            if (s.length) {
                ds_put_char(&s, ' ');
            }
            ds_put_cstr(&s, names[i]->d_name);
        }
        free(names[i]);
    }
    free(names);
    return ds_steal_cstr(&s);
}

/* Returns the contents of FILE_NAME and stores its size in *SIZE. */
static char *
read_whole_file(const char *file_name, size_t *size)
{
    int fd = open(file_name, O_RDONLY);
    assert_true(fd >= 0);
    struct stat st;
    assert_int_equal(fstat(fd, &st), 0);
    char *buf = xmalloc(st.st_size + 1);
    assert_int_equal(read(fd, buf, st.st_size), st.st_size);
    buf[st.st_size] = '\0';
    close(fd);
    *size = st.st_size;
    return buf;
}

/* Replaces FILE_NAME with the SIZE bytes at DATA. */
static void
write_whole_file(const char *file_name, const void *data, size_t size)
{
    int fd = open(file_name, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, size), (ssize_t) size);
    close(fd);
}

static off_t
file_size(const char *file_name)
{
    struct stat st;
    assert_int_equal(stat(file_name, &st), 0);
    return st.st_size;
}

/* Helpers for logs. */

static struct ovsdb_log *
open_ok(const char *path, enum ovsdb_log_open_mode mode, bool locking)
{
    struct ovsdb_log *log;
    char *error;
    int retval = ovsdb_log_open(path, MAGIC, mode, locking, &log, &error);
    if (retval) {
        fail_msg("opening %s failed: %s", path, error);
    }
    assert_null(error);
    assert_non_null(log);
    assert_string_equal(ovsdb_log_get_path(log), path);
    return log;
}

static void
write_ok(struct ovsdb_log *log, const struct json *json)
{
    char *error;
    int retval = ovsdb_log_write(log, json, &error);
    if (retval) {
        fail_msg("writing failed: %s", error);
    }
    assert_null(error);
}

static void
commit_ok(struct ovsdb_log *log)
{
    char *error;
    int retval = ovsdb_log_commit_block(log, &error);
    if (retval) {
        fail_msg("commit failed: %s", error);
    }
    assert_null(error);
}

/* Reads the next record of LOG, which must exist, and returns it. */
static struct json *
read_ok(struct ovsdb_log *log)
{
    struct json *json;
    char *error;
    int retval = ovsdb_log_read(log, &json, &error);
    if (retval) {
        fail_msg("reading failed (%d): %s", retval,
                 error ? error : "end of file");
    }
    assert_null(error);
    assert_non_null(json);
    return json;
}

/* Asserts that LOG has no more records. */
static void
read_eof(struct ovsdb_log *log)
{
    struct json *json = (struct json *) 1;
    char *error = (char *) 1;
    assert_int_equal(ovsdb_log_read(log, &json, &error), EOF);
    assert_null(json);
    assert_null(error);
}

/* Reads the next record of LOG and asserts that it equals EXPECTED. */
static void
read_expect(struct ovsdb_log *log, const struct json *expected)
{
    struct json *json = read_ok(log);
    if (!json_equal(json, expected)) {
        char *a = json_to_string(json, JSSF_SORT);
        char *b = json_to_string(expected, JSSF_SORT);
        fail_msg("read %s, expected %s", a, b);
    }
    json_destroy(json);
}

/* Opens PATH read-only without locking and asserts that it holds exactly
 * the N records in EXPECTED, followed by a torn tail if TORN, otherwise by
 * nothing. */
static void
check_records__(const char *path, struct json **expected, size_t n,
                bool torn)
{
    struct ovsdb_log *log = open_ok(path, OVSDB_LOG_READ_ONLY, false);
    for (size_t i = 0; i < n; i++) {
        read_expect(log, expected[i]);
    }
    read_eof(log);
    if (torn) {
        assert_true(ovsdb_log_get_offset(log) < file_size(path));
    } else {
        assert_int_equal(ovsdb_log_get_offset(log), file_size(path));
    }
    assert_int_equal(ovsdb_log_get_size(log), file_size(path));
    ovsdb_log_close(log);
}

/* Asserts that PATH holds exactly the N records in EXPECTED. */
static void
check_records(const char *path, struct json **expected, size_t n)
{
    check_records__(path, expected, n, false);
}

/* Asserts that PATH holds the N records in EXPECTED and a torn tail. */
static void
check_records_torn(const char *path, struct json **expected, size_t n)
{
    check_records__(path, expected, n, true);
}

static struct json *
parse(const char *s)
{
    struct json *json;
    char *error = json_from_string(s, &json);
    if (error) {
        fail_msg("parsing %s failed: %s", s, error);
    }
    return json;
}

/* Returns a value of one of several shapes, chosen by I. */
static struct json *
make_value(int i)
{
    switch (i % 6) {
    case 0: {
        struct json *obj = json_object_create();
        json_object_put(obj, "index", json_integer_create(i));
        json_object_put(obj, "name", json_string_create_format("row-%d", i));
        json_object_put(obj, "nested",
                        parse("{\"list\":[1,2,null,true,false],"
                              "\"empty\":{},\"none\":[]}"));
        return obj;
    }
    case 1:
        return json_array_create_3(json_integer_create(-i),
                                   json_real_create(0.5 * i),
                                   json_array_create_empty());
    case 2:
        return json_string_create_format(
            "caf\u00e9 \u2603 \U0001D11E \"quoted\" back\\slash\n"
            "tab\tcontrol\x01 slash/ #%d", i);
    case 3:
        return json_array_create_2(json_integer_create(INT64_MAX - i),
                                   json_integer_create(INT64_MIN + i));
    case 4:
        return json_array_create_3(json_real_create(1.0 / (i + 1)),
                                   json_real_create(-1e300),
                                   json_real_create(6.02214076e23));
    default: {
        struct json *json = json_integer_create(i);
        for (int depth = 0; depth < 20; depth++) {
            json = json_array_create_1(json);
        }
        return json;
    }
    }
}

/* Writes the N values in VALUES to a new log at PATH, commits and closes
 * it, and stores in OFFSETS[i] the offset just past record i. */
static void
create_file(const char *path, struct json **values, size_t n, off_t *offsets)
{
    struct ovsdb_log *log = open_ok(path, OVSDB_LOG_CREATE_EXCL, true);
    assert_int_equal(ovsdb_log_get_offset(log), 0);
    for (size_t i = 0; i < n; i++) {
        write_ok(log, values[i]);
        if (offsets) {
            offsets[i] = ovsdb_log_get_offset(log);
        }
    }
    commit_ok(log);
    ovsdb_log_close(log);
}

static void
destroy_values(struct json **values, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        json_destroy(values[i]);
    }
}

/* Sets the console log level of the ovsdb_log module. */
static void
set_log_level(enum vlog_level level)
{
    struct vlog_module *module = vlog_module_from_name("ovsdb_log");
    assert_non_null(module);
    vlog_set_levels(module, VLF_CONSOLE, level);
}

/* Tests. */

/* A record is the header "OVSDB JSON LENGTH SHA1\n" and the compact JSON
 * with a new-line, which LENGTH and SHA1 (from sha1sum) cover. */
static void
test_format(void **state)
{
    char *dir = make_tmpdir();
    char *path = xasprintf("%s/db", dir);

    struct json *values[2] = { parse("{ \"a\" : 1 }"), parse("[ ]") };
    create_file(path, values, 2, NULL);

    size_t size;
    char *data = read_whole_file(path, &size);
    static const char expected[] =
        "OVSDB JSON 8 8a3d961f7fe8ef7b41d461059884a9461be85059\n"
        "{\"a\":1}\n"
        "OVSDB JSON 3 cd0d4cc32346750408f7d4f5e78ec9a6e5b79a0d\n"
        "[]\n";
    assert_int_equal(size, strlen(expected));
    assert_string_equal(data, expected);
    free(data);

    /* Upper-case digests and white space around the JSON are accepted
     * (the digest is that of " {\"b\":2}\n\n" from sha1sum). */
    static const char variant[] =
        "OVSDB JSON 10 922047FBDB5B3E76116C5213044B42B9A395299C\n"
        " {\"b\":2}\n\n";
    write_whole_file(path, variant, strlen(variant));
    struct json *b = parse("{\"b\":2}");
    check_records(path, &b, 1);
    json_destroy(b);

    destroy_values(values, 2);
    free(path);
    remove_tmpdir(dir);
}

/* 100 records of varied JSON survive a close and reopen. */
static void
test_round_trip(void **state)
{
    enum { N = 100 };
    char *dir = make_tmpdir();
    char *path = xasprintf("%s/conf.db", dir);

    struct json *values[N];
    for (int i = 0; i < N; i++) {
        values[i] = make_value(i);
    }
    off_t offsets[N];
    create_file(path, values, N, offsets);
    assert_int_equal(offsets[N - 1], file_size(path));

    struct ovsdb_log *log = open_ok(path, OVSDB_LOG_READ_ONLY, false);
    assert_int_equal(ovsdb_log_get_size(log), file_size(path));
    for (int i = 0; i < N; i++) {
        read_expect(log, values[i]);
        assert_int_equal(ovsdb_log_get_offset(log), offsets[i]);
    }
    read_eof(log);
    read_eof(log);

    /* A read-only log refuses writes. */
    char *error;
    assert_int_equal(ovsdb_log_write(log, values[0], &error), EBADF);
    char *expected = xasprintf("%s: cannot write: opened read-only", path);
    assert_string_equal(error, expected);
    free(expected);
    free(error);
    ovsdb_log_close(log);
    ovsdb_log_close(NULL);

    /* Reopening in create mode keeps the records and appends after them,
     * even without reading them first. */
    log = open_ok(path, OVSDB_LOG_CREATE, true);
    struct json *extra = parse("{\"extra\":true}");
    write_ok(log, extra);
    commit_ok(log);
    ovsdb_log_close(log);

    struct json *all[N + 1];
    memcpy(all, values, sizeof values);
    all[N] = extra;
    check_records(path, all, N + 1);

    destroy_values(all, N + 1);
    free(path);
    remove_tmpdir(dir);
}

/* Every truncation of the last record is a torn tail: the complete records
 * survive and the next write replaces the garbage. */
static void
test_torn_tail(void **state)
{
    char *dir = make_tmpdir();
    char *path = xasprintf("%s/db", dir);
    char *copy = xasprintf("%s/copy", dir);

    struct json *values[4] = {
        make_value(0), make_value(2), make_value(4),
        parse("{\"new\":\"record\"}"),
    };
    off_t offsets[3];
    create_file(path, values, 3, offsets);

    size_t size;
    char *data = read_whole_file(path, &size);
    assert_int_equal(size, offsets[2]);

    for (off_t len = offsets[1] + 1; len < offsets[2]; len++) {
        /* Show the warning once, then keep the output short. */
        set_log_level(len == offsets[1] + 1 ? VLL_INFO : VLL_ERR);
        write_whole_file(copy, data, len);

        /* A read-only open sees 2 records and leaves the file alone. */
        struct ovsdb_log *log = open_ok(copy, OVSDB_LOG_READ_ONLY, false);
        read_expect(log, values[0]);
        read_expect(log, values[1]);
        read_eof(log);
        read_eof(log);
        assert_int_equal(ovsdb_log_get_offset(log), offsets[1]);
        assert_int_equal(ovsdb_log_get_size(log), len);
        ovsdb_log_close(log);
        assert_int_equal(file_size(copy), len);

        log = open_ok(copy, OVSDB_LOG_READ_WRITE, true);
        read_expect(log, values[0]);
        read_expect(log, values[1]);
        read_eof(log);
        assert_int_equal(ovsdb_log_get_offset(log), offsets[1]);
        write_ok(log, values[3]);
        commit_ok(log);
        off_t end = ovsdb_log_get_offset(log);
        ovsdb_log_close(log);
        assert_int_equal(file_size(copy), end);

        struct json *expected[3] = { values[0], values[1], values[3] };
        check_records(copy, expected, 3);
    }
    set_log_level(VLL_INFO);

    /* Zeros after the last record (a file extended by a crash) are a torn
     * tail too. */
    char *padded = xzalloc(size + 4096);
    memcpy(padded, data, size);
    write_whole_file(copy, padded, size + 4096);
    free(padded);
    struct ovsdb_log *log = open_ok(copy, OVSDB_LOG_READ_WRITE, true);
    write_ok(log, values[3]);
    commit_ok(log);
    ovsdb_log_close(log);
    check_records(copy, values, 4);

    /* An empty file has no records, and a file cut inside the first header
     * has a torn first record. */
    write_whole_file(copy, data, 0);
    check_records(copy, NULL, 0);
    write_whole_file(copy, data, 5);
    check_records_torn(copy, NULL, 0);
    log = open_ok(copy, OVSDB_LOG_READ_WRITE, true);
    write_ok(log, values[0]);
    ovsdb_log_close(log);
    check_records(copy, values, 1);

    free(data);
    destroy_values(values, 4);
    free(copy);
    free(path);
    remove_tmpdir(dir);
}

/* Returns the offset of the first byte of the data of the record that
 * starts at OFFSET in the N bytes at DATA. */
static off_t
data_offset(const char *data, size_t n, off_t offset)
{
    const char *nl = memchr(data + offset, '\n', n - offset);
    assert_non_null(nl);
    return nl - data + 1;
}

/* A bad checksum in the last record is a torn tail; in a middle record it
 * is corruption that stops reading and writing. */
static void
test_bad_checksum(void **state)
{
    char *dir = make_tmpdir();
    char *path = xasprintf("%s/db", dir);
    char *copy = xasprintf("%s/copy", dir);

    struct json *values[4] = {
        make_value(0), make_value(1), make_value(2), make_value(3),
    };
    off_t offsets[3];
    create_file(path, values, 3, offsets);
    size_t size;
    char *data = read_whole_file(path, &size);

    /* The last record's data is damaged: dropped. */
    char *damaged = xmemdup(data, size);
    damaged[data_offset(data, size, offsets[1]) + 1] ^= 1;
    write_whole_file(copy, damaged, size);
    check_records_torn(copy, values, 2);
    assert_int_equal(file_size(copy), size);

    struct ovsdb_log *log = open_ok(copy, OVSDB_LOG_READ_WRITE, true);
    write_ok(log, values[3]);
    commit_ok(log);
    ovsdb_log_close(log);
    struct json *expected[3] = { values[0], values[1], values[3] };
    check_records(copy, expected, 3);
    free(damaged);

    /* The middle record's data is damaged: an error that names it, again
     * on every later read, and no writes. */
    damaged = xmemdup(data, size);
    damaged[data_offset(data, size, offsets[0]) + 1] ^= 1;
    write_whole_file(copy, damaged, size);

    char *message = xasprintf("%s: record 1 at offset %lld: checksum "
                              "mismatch, but a valid record follows at "
                              "offset %lld, so the file is corrupt", copy,
                              (long long) offsets[0],
                              (long long) offsets[1]);
    log = open_ok(copy, OVSDB_LOG_READ_WRITE, true);
    read_expect(log, values[0]);
    for (int i = 0; i < 2; i++) {
        struct json *json;
        char *error;
        assert_int_equal(ovsdb_log_read(log, &json, &error), EILSEQ);
        assert_null(json);
        assert_string_equal(error, message);
        free(error);
    }

    char *error;
    char *write_message = xasprintf("%s: cannot write after a read error: "
                                    "%s", copy, message);
    assert_int_equal(ovsdb_log_write(log, values[3], &error), EILSEQ);
    assert_string_equal(error, write_message);
    free(error);
    free(write_message);
    assert_int_equal(ovsdb_log_replace(log, values, 1, &error), EILSEQ);
    assert_non_null(error);
    free(error);
    ovsdb_log_close(log);

    /* Writing without reading first finds the damage too. */
    log = open_ok(copy, OVSDB_LOG_READ_WRITE, true);
    assert_int_equal(ovsdb_log_write(log, values[3], &error), EILSEQ);
    assert_non_null(strstr(error, message));
    free(error);
    ovsdb_log_close(log);

    size_t after_size;
    char *after = read_whole_file(copy, &after_size);
    assert_int_equal(after_size, size);
    assert_memory_equal(after, damaged, size);
    free(after);
    free(damaged);
    free(message);

    /* A middle record whose length is damaged, so that it swallows the
     * start of the next record, is corruption too. */
    damaged = xmemdup(data, size);
    char *length = damaged + offsets[0] + strlen(MAGIC " ");
    assert_true(*length >= '1' && *length <= '8');
    (*length)++;
    write_whole_file(copy, damaged, size);
    log = open_ok(copy, OVSDB_LOG_READ_ONLY, false);
    read_expect(log, values[0]);
    struct json *json;
    assert_int_equal(ovsdb_log_read(log, &json, &error), EILSEQ);
    message = xasprintf("%s: record 1 at offset %lld: ", copy,
                        (long long) offsets[0]);
    assert_true(strncmp(error, message, strlen(message)) == 0);
    free(message);
    free(error);
    ovsdb_log_close(log);
    free(damaged);

    free(data);
    destroy_values(values, 4);
    free(copy);
    free(path);
    remove_tmpdir(dir);
}

/* A write that fails partway (here because the file size limit is hit
 * after a short write) leaves no partial record behind. */
static void
test_write_failure(void **state)
{
    char *dir = make_tmpdir();
    char *path = xasprintf("%s/db", dir);

    struct json *values[3] = {
        make_value(0), make_value(1), parse("\"small\""),
    };
    off_t offsets[2];
    create_file(path, values, 2, offsets);

    struct ovsdb_log *log = open_ok(path, OVSDB_LOG_READ_WRITE, true);
    char *big_string = xzalloc(1001);
    memset(big_string, 'x', 1000);
    struct json *big = json_string_create_nocopy(big_string);

    struct rlimit old_limit, limit;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old_limit), 0);
    limit = old_limit;
    limit.rlim_cur = offsets[1] + 100;
    signal(SIGXFSZ, SIG_IGN);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &limit), 0);
    char *error;
    int retval = ovsdb_log_write(log, big, &error);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &old_limit), 0);
    signal(SIGXFSZ, SIG_DFL);

    assert_int_equal(retval, EFBIG);
    char *expected = xasprintf("%s: write of record 2 at offset %lld "
                               "failed (%s)", path, (long long) offsets[1],
                               strerror(EFBIG));
    assert_string_equal(error, expected);
    free(expected);
    free(error);
    assert_int_equal(file_size(path), offsets[1]);
    assert_int_equal(ovsdb_log_get_offset(log), offsets[1]);

    /* The log goes on working. */
    write_ok(log, values[2]);
    commit_ok(log);
    ovsdb_log_close(log);
    check_records(path, values, 3);

    json_destroy(big);
    destroy_values(values, 3);
    free(path);
    remove_tmpdir(dir);
}

/* A locked database cannot be opened with locking again, in this process
 * or another, and the error names the holder; opening without locking
 * still works. */
static void
test_locking(void **state)
{
    char *dir = make_tmpdir();
    char *path = xasprintf("%s/conf.db", dir);
    char *lock_path = xasprintf("%s/.conf.db.~lock~", dir);

    struct json *value = make_value(0);
    struct ovsdb_log *log = open_ok(path, OVSDB_LOG_CREATE_EXCL, true);
    write_ok(log, value);
    commit_ok(log);

    struct ovsdb_log *second;
    char *error;
    assert_int_equal(ovsdb_log_open(path, MAGIC, OVSDB_LOG_READ_WRITE, true,
                                    &second, &error), EAGAIN);
    assert_null(second);
    char *expected = xasprintf("%s: database is locked by process %ld "
                               "(this process) (lock file %s)", path,
                               (long int) getpid(), lock_path);
    assert_string_equal(error, expected);
    free(expected);
    free(error);

    /* Creating it again fails too, even without locking. */
    assert_int_equal(ovsdb_log_open(path, MAGIC, OVSDB_LOG_CREATE_EXCL,
                                    false, &second, &error), EEXIST);
    expected = xasprintf("%s: could not create (%s)", path,
                         strerror(EEXIST));
    assert_string_equal(error, expected);
    free(expected);
    free(error);

    /* Read-only without locking works while the writer holds the lock. */
    check_records(path, &value, 1);

    ovsdb_log_close(log);
    log = open_ok(path, OVSDB_LOG_READ_WRITE, true);
    ovsdb_log_close(log);

    /* Another process holding a classic fcntl() lock, as Open vSwitch's
     * tools do, is named by its process ID. */
    int to_child[2], from_child[2];
    assert_int_equal(pipe(to_child), 0);
    assert_int_equal(pipe(from_child), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (!pid) {
        close(to_child[1]);
        close(from_child[0]);
        int fd = open(lock_path, O_RDWR);
        struct flock l = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
        char c = fd >= 0 && !fcntl(fd, F_SETLK, &l) ? 'y' : 'n';
        ignore(write(from_child[1], &c, 1) == 1);
        ignore(read(to_child[0], &c, 1) == 1);
        _exit(0);
    }
    close(to_child[0]);
    close(from_child[1]);
    char c;
    assert_int_equal(read(from_child[0], &c, 1), 1);
    assert_int_equal(c, 'y');
    assert_int_equal(ovsdb_log_open(path, MAGIC, OVSDB_LOG_READ_ONLY, true,
                                    &second, &error), EAGAIN);
    expected = xasprintf("%s: database is locked by process %ld (lock file "
                         "%s)", path, (long int) pid, lock_path);
    assert_string_equal(error, expected);
    free(expected);
    free(error);

    close(to_child[1]);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    close(from_child[0]);

    /* Once the child is gone, the lock is free again. */
    log = open_ok(path, OVSDB_LOG_READ_WRITE, true);
    ovsdb_log_close(log);

    /* A file that is not a database is refused rather than truncated. */
    write_whole_file(path, "hello\nworld\n", 12);
    assert_int_equal(ovsdb_log_open(path, MAGIC, OVSDB_LOG_READ_WRITE, true,
                                    &second, &error), EINVAL);
    expected = xasprintf("%s: not a database file with magic \"%s\" (it "
                         "starts with \"hello\")", path, MAGIC);
    assert_string_equal(error, expected);
    free(expected);
    free(error);
    assert_int_equal(file_size(path), 12);

    json_destroy(value);
    free(lock_path);
    free(path);
    remove_tmpdir(dir);
}

/* Compaction replaces the records, the log goes on appending to the new
 * file, and a failed compaction leaves the file as it was. */
static void
test_compaction(void **state)
{
    enum { N = 50 };
    char *dir = make_tmpdir();
    char *path = xasprintf("%s/db", dir);

    struct json *values[N];
    for (int i = 0; i < N; i++) {
        values[i] = make_value(i);
    }
    struct json *final[5];
    for (int i = 0; i < 5; i++) {
        final[i] = json_string_create_format("final %d", i);
    }

    struct ovsdb_log *log = open_ok(path, OVSDB_LOG_CREATE_EXCL, true);
    for (int i = 0; i < N; i++) {
        write_ok(log, values[i]);
    }
    commit_ok(log);

    /* A directory in the way of the temporary file makes compaction fail
     * and leaves everything as it was. */
    char *tmp_path = xasprintf("%s.tmp", path);
    char *expected = xasprintf("%s: could not create temporary file %s (%s)",
                               path, tmp_path, strerror(EISDIR));
    assert_int_equal(mkdir(tmp_path, 0700), 0);
    char *error;
    assert_int_equal(ovsdb_log_replace(log, final, 2, &error), EISDIR);
    assert_string_equal(error, expected);
    free(expected);
    free(error);
    assert_int_equal(rmdir(tmp_path), 0);
    check_records(path, values, N);

    error = (char *) 1;
    assert_int_equal(ovsdb_log_replace(log, final, 2, &error), 0);
    assert_null(error);
    assert_int_equal(ovsdb_log_get_offset(log), file_size(path));
    assert_int_equal(ovsdb_log_get_size(log), file_size(path));
    for (int i = 2; i < 5; i++) {
        write_ok(log, final[i]);
    }
    commit_ok(log);
    ovsdb_log_close(log);

    check_records(path, final, 5);
    char *names = list_dir(dir);
    assert_string_equal(names, ".db.~lock~ db");
    free(names);

    /* Compacting through a symbolic link replaces the file it points to
     * and keeps the link. */
    char *link_path = xasprintf("%s/link", dir);
    assert_int_equal(symlink("db", link_path), 0);
    log = open_ok(link_path, OVSDB_LOG_READ_WRITE, true);
    assert_int_equal(ovsdb_log_replace(log, &final[4], 1, &error), 0);
    ovsdb_log_close(log);
    struct stat st;
    assert_int_equal(lstat(link_path, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    check_records(path, &final[4], 1);
    names = list_dir(dir);
    assert_string_equal(names, ".db.~lock~ db link");
    free(names);
    free(link_path);

    free(tmp_path);
    destroy_values(values, N);
    destroy_values(final, 5);
    free(path);
    remove_tmpdir(dir);
}

/* Runs the shell command COMMAND and returns its exit status, storing its
 * standard output in *OUTPUT (which the caller frees). */
static int
run_command(const char *command, char **output)
{
    FILE *stream = popen(command, "r");
    assert_non_null(stream);
    struct ds s = DS_EMPTY_INITIALIZER;
    int c;
    while ((c = getc(stream)) != EOF) {
        ds_put_char(&s, c);
    }
    int status = pclose(stream);
    *output = ds_steal_cstr(&s);
    if (!*output) {
        *output = xstrdup("");
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Files written by Open vSwitch's ovsdb-tool are read here, and files
 * written here are read by ovsdb-tool. */
static void
test_interoperability(void **state)
{
    if (access(OVSDB_TOOL, X_OK) || access(OVS_SCHEMA, R_OK)) {
        print_message("skipping: %s or %s is missing\n", OVSDB_TOOL,
                      OVS_SCHEMA);
        skip();
    }

    char *dir = make_tmpdir();
    char *ovs_path = xasprintf("%s/ovs.db", dir);
    char *our_path = xasprintf("%s/sluice.db", dir);
    struct json *schema;
    char *error = json_from_file(OVS_SCHEMA, &schema);
    assert_null(error);
    const char *name = json_string(json_object_get(schema, "name"));
    const char *version = json_string(json_object_get(schema, "version"));

    /* ovsdb-tool create, then a transaction by ovsdb-tool transact. */
    char *command = xasprintf("%s create %s %s", OVSDB_TOOL, ovs_path,
                              OVS_SCHEMA);
    char *output;
    assert_int_equal(run_command(command, &output), 0);
    free(output);
    free(command);
    command = xasprintf("%s transact %s '[\"%s\",{\"op\":\"insert\","
                        "\"table\":\"Open_vSwitch\",\"row\":{}}]' "
                        ">/dev/null", OVSDB_TOOL, ovs_path, name);
    assert_int_equal(run_command(command, &output), 0);
    free(output);
    free(command);

    /* ovsdb-tool create stores the schema in its own normalized form
     * (defaults such as "max":1 left out, enums sorted), not as the schema
     * file has it, so the first record is compared with the JSON that
     * follows the first header line, taken out by hand, and its identity
     * with the schema file's. */
    size_t size;
    char *data = read_whole_file(ovs_path, &size);
    size_t length;
    int header_size;
    assert_int_equal(sscanf(data, MAGIC " %zu %*40[0-9a-f]\n%n", &length,
                            &header_size), 1);
    assert_true(header_size > 0 && header_size + length <= size);
    assert_int_equal(data[header_size + length - 1], '\n');
    struct json *stored_schema;
    error = json_from_buffer(data + header_size, length, &stored_schema);
    assert_null(error);
    free(data);

    struct ovsdb_log *log = open_ok(ovs_path, OVSDB_LOG_READ_WRITE, true);
    struct json *first = read_ok(log);
    assert_true(json_equal(first, stored_schema));
    static const char *const members[] = { "name", "version", "cksum" };
    for (size_t i = 0; i < ARRAY_SIZE(members); i++) {
        assert_true(json_equal(json_object_get(first, members[i]),
                               json_object_get(schema, members[i])));
    }
    const struct shash *tables = json_object(json_object_get(first,
                                                             "tables"));
    const struct shash *schema_tables
        = json_object(json_object_get(schema, "tables"));
    assert_int_equal(shash_count(tables), shash_count(schema_tables));
    struct shash_node *node;
    SHASH_FOR_EACH (node, schema_tables) {
        assert_non_null(shash_find(tables, node->name));
    }
    json_destroy(first);

    struct json *txn = read_ok(log);
    assert_int_equal(txn->type, JSON_OBJECT);
    assert_int_equal(json_object_get(txn, "_date")->type, JSON_INTEGER);
    struct json *rows = json_object_get(txn, "Open_vSwitch");
    assert_non_null(rows);
    assert_int_equal(shash_count(json_object(rows)), 1);
    read_eof(log);

    /* While Sluice holds the lock, ovsdb-tool cannot write. */
    command = xasprintf("%s transact %s '[\"%s\"]' >/dev/null 2>&1",
                        OVSDB_TOOL, ovs_path, name);
    assert_int_not_equal(run_command(command, &output), 0);
    free(output);
    ovsdb_log_close(log);
    assert_int_equal(run_command(command, &output), 0);
    free(output);
    free(command);

    /* A file written here: the schema, then a transaction recorded as
     * ovsdb-tool records one. */
    struct json *our_txn = parse(
        "{\"_date\":1,\"_is_diff\":true,\"Open_vSwitch\":"
        "{\"5c6e0fbb-1f0f-4ad6-9c3e-3a4d1f3e9b43\":{}}}");
    log = open_ok(our_path, OVSDB_LOG_CREATE_EXCL, true);
    write_ok(log, schema);
    write_ok(log, our_txn);
    commit_ok(log);
    ovsdb_log_close(log);

    command = xasprintf("%s db-name %s", OVSDB_TOOL, our_path);
    assert_int_equal(run_command(command, &output), 0);
    char *expected = xasprintf("%s\n", name);
    assert_string_equal(output, expected);
    free(expected);
    free(output);
    free(command);

    command = xasprintf("%s db-version %s", OVSDB_TOOL, our_path);
    assert_int_equal(run_command(command, &output), 0);
    expected = xasprintf("%s\n", version);
    assert_string_equal(output, expected);
    free(expected);
    free(output);
    free(command);

    command = xasprintf("%s show-log -m %s", OVSDB_TOOL, our_path);
    assert_int_equal(run_command(command, &output), 0);
    expected = xasprintf("record 0: \"%s\" schema, version=\"%s\", "
                         "cksum=\"%s\"\n", name, version,
                         json_string(json_object_get(schema, "cksum")));
    assert_true(strncmp(output, expected, strlen(expected)) == 0);
    assert_non_null(strstr(output, "\nrecord 1: "));
    assert_non_null(strstr(output, "table Open_vSwitch insert row "
                           "5c6e0fbb:\n"));
    free(expected);
    free(output);
    free(command);

    /* ovsdb-tool appends to and compacts a file written here, and the
     * result reads back here.  (The table holds at most one row, so this
     * transaction updates the row inserted above.) */
    command = xasprintf("%s transact %s '[\"%s\",{\"op\":\"update\","
                        "\"table\":\"Open_vSwitch\",\"where\":[],"
                        "\"row\":{\"external_ids\":"
                        "[\"map\",[[\"k\",\"v\"]]]}}]' >/dev/null",
                        OVSDB_TOOL, our_path, name);
    assert_int_equal(run_command(command, &output), 0);
    free(output);
    free(command);
    struct json *external_ids = parse("[\"map\",[[\"k\",\"v\"]]]");
    log = open_ok(our_path, OVSDB_LOG_READ_ONLY, true);
    read_expect(log, schema);
    read_expect(log, our_txn);
    struct json *update = read_ok(log);
    struct json *row = json_object_get(
        json_object_get(update, "Open_vSwitch"),
        "5c6e0fbb-1f0f-4ad6-9c3e-3a4d1f3e9b43");
    assert_non_null(row);
    assert_true(json_equal(json_object_get(row, "external_ids"),
                           external_ids));
    json_destroy(update);
    read_eof(log);
    ovsdb_log_close(log);

    command = xasprintf("%s compact %s", OVSDB_TOOL, our_path);
    assert_int_equal(run_command(command, &output), 0);
    free(output);
    free(command);
    log = open_ok(our_path, OVSDB_LOG_READ_ONLY, true);
    read_expect(log, stored_schema);
    struct json *compacted = read_ok(log);
    rows = json_object_get(compacted, "Open_vSwitch");
    assert_non_null(rows);
    assert_int_equal(shash_count(json_object(rows)), 1);
    row = json_object_get(rows, "5c6e0fbb-1f0f-4ad6-9c3e-3a4d1f3e9b43");
    assert_non_null(row);
    assert_true(json_equal(json_object_get(row, "external_ids"),
                           external_ids));
    json_destroy(compacted);
    json_destroy(external_ids);
    read_eof(log);
    ovsdb_log_close(log);

    json_destroy(our_txn);
    json_destroy(txn);
    json_destroy(stored_schema);
    json_destroy(schema);
    free(our_path);
    free(ovs_path);
    remove_tmpdir(dir);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_torn_tail),
        cmocka_unit_test(test_bad_checksum),
        cmocka_unit_test(test_write_failure),
        cmocka_unit_test(test_locking),
        cmocka_unit_test(test_compaction),
        cmocka_unit_test(test_interoperability),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
