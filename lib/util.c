/* util: allocation, error reporting and string helpers.  See util.h. */
#include <config.h>
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *program_name = "sluice";

void
out_of_memory(void)
{
    /* Avoid anything that might allocate. */
    static const char msg[] = "virtual memory exhausted\n";
    fputs(msg, stderr);
    abort();
}

void *
xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p) {
        out_of_memory();
    }
    return p;
}

void *
xcalloc(size_t count, size_t size)
{
    void *p = count && size ? calloc(count, size) : calloc(1, 1);
    if (!p) {
        out_of_memory();
    }
    return p;
}

void *
xzalloc(size_t size)
{
    return xcalloc(1, size);
}

void *
xrealloc(void *p, size_t size)
{
    p = realloc(p, size ? size : 1);
    if (!p) {
        out_of_memory();
    }
    return p;
}

void *
xmemdup(const void *p, size_t size)
{
    void *q = xmalloc(size);
    if (size) {
        memcpy(q, p, size);
    }
    return q;
}

char *
xmemdup0(const char *p, size_t length)
{
    char *q = xmalloc(length + 1);
    if (length) {
        memcpy(q, p, length);
    }
    q[length] = '\0';
    return q;
}

char *
xstrdup(const char *s)
{
    return xmemdup0(s, strlen(s));
}

char *
xvasprintf(const char *format, va_list args)
{
    va_list args2;
    va_copy(args2, args);
    int needed = vsnprintf(NULL, 0, format, args);
    if (needed < 0) {
        va_end(args2);
        return xstrdup("");
    }
    char *s = xmalloc((size_t) needed + 1);
    vsnprintf(s, (size_t) needed + 1, format, args2);
    va_end(args2);
    return s;
}

char *
xasprintf(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    char *s = xvasprintf(format, args);
    va_end(args);
    return s;
}

void *
xmalloc_cacheline(size_t size)
{
    void *p;
    int error = posix_memalign(&p, SLUICE_CACHE_LINE_SIZE,
                               size ? ROUND_UP(size, SLUICE_CACHE_LINE_SIZE)
                                    : SLUICE_CACHE_LINE_SIZE);
    if (error) {
        out_of_memory();
    }
    return p;
}

void *
xzalloc_cacheline(size_t size)
{
    void *p = xmalloc_cacheline(size);
    memset(p, 0, size);
    return p;
}

void
free_cacheline(void *p)
{
    free(p);
}

void *
x2nrealloc(void *p, size_t *n_allocated, size_t elem_size)
{
    size_t n = *n_allocated;
    if (!p || !n) {
        n = MAX(n, 4);
    } else {
        if (n >= SIZE_MAX / 2 / elem_size) {
            out_of_memory();
        }
        n *= 2;
    }
    *n_allocated = n;
    return xrealloc(p, n * elem_size);
}

static void
verror(int err, const char *format, va_list args)
{
    fprintf(stderr, "%s: ", program_name);
    vfprintf(stderr, format, args);
    if (err) {
        fprintf(stderr, " (%s)", sluice_strerror(err));
    }
    putc('\n', stderr);
}

void
sluice_fatal(int err, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    verror(err, format, args);
    va_end(args);
    exit(EXIT_FAILURE);
}

void
sluice_error(int err, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    verror(err, format, args);
    va_end(args);
}

void
sluice_abort(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    verror(0, format, args);
    va_end(args);
    abort();
}

void
set_program_name(const char *argv0)
{
    const char *slash = strrchr(argv0, '/');
    program_name = slash ? slash + 1 : argv0;
    /* libtool wrappers prefix "lt-". */
    if (!strncmp(program_name, "lt-", 3)) {
        program_name += 3;
    }
}

const char *
sluice_version(void)
{
    return PACKAGE_VERSION;
}

void
sluice_print_version(void)
{
    printf("%s (Sluice) %s\n", program_name, PACKAGE_VERSION);
}

const char *
sluice_strerror(int err)
{
    if (err == EOF) {
        return "End of file";
    } else if (!err) {
        return "Success";
    }
    static _Thread_local char buf[128];
    /* GNU strerror_r() may return a static string instead of filling BUF. */
    return strerror_r(err, buf, sizeof buf);
}

static bool
str_to_llong_range(const char *s, int base, long long *value,
                   long long min, long long max)
{
    char *tail;
    errno = 0;
    long long x = strtoll(s, &tail, base);
    if (errno || tail == s || *tail != '\0' || x < min || x > max) {
        *value = 0;
        return false;
    }
    *value = x;
    return true;
}

bool
str_to_llong(const char *s, int base, long long *value)
{
    return str_to_llong_range(s, base, value, LLONG_MIN, LLONG_MAX);
}

bool
str_to_int(const char *s, int base, int *value)
{
    long long ll;
    bool ok = str_to_llong_range(s, base, &ll, INT_MIN, INT_MAX);
    *value = ll;
    return ok;
}

bool
str_to_ullong(const char *s, int base, unsigned long long *value)
{
    char *tail;
    errno = 0;
    /* strtoull() accepts "-1"; we do not. */
    while (*s == ' ' || *s == '\t') {
        s++;
    }
    if (*s == '-') {
        *value = 0;
        return false;
    }
    unsigned long long x = strtoull(s, &tail, base);
    if (errno || tail == s || *tail != '\0') {
        *value = 0;
        return false;
    }
    *value = x;
    return true;
}

bool
str_to_uint(const char *s, int base, unsigned int *value)
{
    unsigned long long ull;
    if (!str_to_ullong(s, base, &ull) || ull > UINT_MAX) {
        *value = 0;
        return false;
    }
    *value = ull;
    return true;
}

bool
str_to_double(const char *s, double *value)
{
    char *tail;
    errno = 0;
    double d = strtod(s, &tail);
    if (errno || tail == s || *tail != '\0') {
        *value = 0;
        return false;
    }
    *value = d;
    return true;
}

bool
is_all_zeros(const void *p_, size_t size)
{
    const uint8_t *p = p_;
    for (size_t i = 0; i < size; i++) {
        if (p[i]) {
            return false;
        }
    }
    return true;
}

bool
is_all_ones(const void *p_, size_t size)
{
    const uint8_t *p = p_;
    for (size_t i = 0; i < size; i++) {
        if (p[i] != 0xff) {
            return false;
        }
    }
    return true;
}

char *
base_name(const char *file_name)
{
    size_t end = strlen(file_name);
    while (end > 1 && file_name[end - 1] == '/') {
        end--;
    }
    size_t start = end;
    while (start > 0 && file_name[start - 1] != '/') {
        start--;
    }
    if (start == end) {
        return xstrdup(end ? "/" : ".");
    }
    return xmemdup0(file_name + start, end - start);
}

char *
dir_name(const char *file_name)
{
    size_t len = strlen(file_name);
    while (len > 1 && file_name[len - 1] == '/') {
        len--;
    }
    while (len > 0 && file_name[len - 1] != '/') {
        len--;
    }
    while (len > 1 && file_name[len - 1] == '/') {
        len--;
    }
    return len ? xmemdup0(file_name, len) : xstrdup(".");
}

char *
abs_file_name(const char *dir, const char *file_name)
{
    if (file_name[0] == '/') {
        return xstrdup(file_name);
    }
    return xasprintf("%s/%s", dir ? dir : ".", file_name);
}

int
hexit_value(int c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    } else if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}
