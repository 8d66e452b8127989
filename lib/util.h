/*
 * util: small helpers every Sluice module uses.
 *
 * Memory: the x*() allocators never return NULL; on exhaustion they log
 * the failed size to stderr and abort(), because a switch that silently
 * carries on after a failed allocation corrupts state.  Memory from them
 * is freed with free().
 *
 * Thread safety: every function here may be called from any thread.
 * set_program_name() is the exception: call it once from main() first.
 */
#ifndef SLUICE_UTIL_H
#define SLUICE_UTIL_H 1

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(ARRAY) (sizeof (ARRAY) / sizeof (ARRAY)[0])
#endif

/* Given POINTER, the address of MEMBER within a STRUCT, returns the STRUCT. */
#define CONTAINER_OF(POINTER, STRUCT, MEMBER)                           \
    ((STRUCT *) (void *) ((char *) (POINTER) - offsetof(STRUCT, MEMBER)))

/* Like CONTAINER_OF but typed after OBJECT, for use in iteration macros. */
#define OBJECT_CONTAINING(POINTER, OBJECT, MEMBER)                      \
    ((__typeof__(OBJECT)) (void *)                                      \
     ((char *) (POINTER) - offsetof(__typeof__(*(OBJECT)), MEMBER)))

#define INIT_CONTAINER(OBJECT, POINTER, MEMBER) \
    ((OBJECT) = NULL, (OBJECT) = OBJECT_CONTAINING(POINTER, OBJECT, MEMBER))

#ifndef MIN
#define MIN(X, Y) ((X) < (Y) ? (X) : (Y))
#endif
#ifndef MAX
#define MAX(X, Y) ((X) > (Y) ? (X) : (Y))
#endif

#define DIV_ROUND_UP(X, Y) (((X) + ((Y) - 1)) / (Y))
#define ROUND_UP(X, Y) (DIV_ROUND_UP(X, Y) * (Y))
#define ROUND_DOWN(X, Y) ((X) / (Y) * (Y))
#define IS_POW2(X) ((X) && !((X) & ((X) - 1)))

#define SLUICE_LIKELY(X) __builtin_expect(!!(X), 1)
#define SLUICE_UNLIKELY(X) __builtin_expect(!!(X), 0)

#define SLUICE_PRINTF_FORMAT(FMT, ARG1) __attribute__((format(printf, FMT, ARG1)))
#define SLUICE_UNUSED __attribute__((unused))
/* Marks a function that never returns.  (Not <stdnoreturn.h>: its
 * 'noreturn' macro breaks DPDK's headers, which use the attribute by
 * that name.) */
#define SLUICE_NORETURN __attribute__((__noreturn__))
#define SLUICE_WARN_UNUSED_RESULT __attribute__((warn_unused_result))
#define SLUICE_PACKED __attribute__((packed))
#define SLUICE_CACHE_LINE_SIZE 64
#define SLUICE_CACHE_ALIGNED __attribute__((aligned(SLUICE_CACHE_LINE_SIZE)))

/* Compile-time assertion usable as an expression statement. */
#define BUILD_ASSERT_DECL(EXPR) _Static_assert(EXPR, #EXPR)

void *xmalloc(size_t size) __attribute__((malloc));
void *xcalloc(size_t count, size_t size) __attribute__((malloc));
void *xzalloc(size_t size) __attribute__((malloc));
void *xrealloc(void *p, size_t size);
void *xmemdup(const void *p, size_t size) __attribute__((malloc));
char *xmemdup0(const char *p, size_t length) __attribute__((malloc));
char *xstrdup(const char *s) __attribute__((malloc));
char *xasprintf(const char *format, ...) SLUICE_PRINTF_FORMAT(1, 2)
    __attribute__((malloc));
char *xvasprintf(const char *format, va_list args) SLUICE_PRINTF_FORMAT(1, 0)
    __attribute__((malloc));

/* Allocates SIZE bytes aligned to a cache line; free with free_cacheline(). */
void *xmalloc_cacheline(size_t size) __attribute__((malloc));
void *xzalloc_cacheline(size_t size) __attribute__((malloc));
void free_cacheline(void *p);

/* Grows the array *P of *N_ALLOCATED elements of ELEM_SIZE bytes so that it
 * holds at least one more element, doubling its capacity.  Returns the new
 * array. */
void *x2nrealloc(void *p, size_t *n_allocated, size_t elem_size);

SLUICE_NORETURN void out_of_memory(void);

/* Prints "PROGRAM: MESSAGE" (and ": strerror(ERR)" if ERR is nonzero) to
 * stderr and exits with status 1.  For command-line tools only; daemons use
 * VLOG_FATAL. */
SLUICE_NORETURN void sluice_fatal(int err, const char *format, ...)
    SLUICE_PRINTF_FORMAT(2, 3);
/* Like sluice_fatal() but returns after printing. */
void sluice_error(int err, const char *format, ...) SLUICE_PRINTF_FORMAT(2, 3);
SLUICE_NORETURN void sluice_abort(const char *format, ...) SLUICE_PRINTF_FORMAT(1, 2);

/* Aborts with file and line if COND is false, in every build. */
#define sluice_assert(COND)                                            \
    (SLUICE_LIKELY(COND) ? (void) 0                                    \
     : sluice_abort("%s:%d: assertion %s failed in %s()",              \
                    __FILE__, __LINE__, #COND, __func__))

/* Records ARGV0's base name as the program name for messages. */
void set_program_name(const char *argv0);
extern const char *program_name;

/* Returns the Sluice version string, e.g. "0.1.0". */
const char *sluice_version(void);
/* Prints "PROGRAM (Sluice) VERSION" to stdout. */
void sluice_print_version(void);

/* Returns a string describing errno value ERR: strerror(), "End of file" for
 * EOF, or "Success" for 0.  The string is static or thread-local. */
const char *sluice_strerror(int err);

bool str_to_int(const char *s, int base, int *value);
bool str_to_llong(const char *s, int base, long long *value);
bool str_to_uint(const char *s, int base, unsigned int *value);

/* Returns the value of the hexadecimal digit C (either case), or -1 if C
 * is not one. */
int hexit_value(int c);
bool str_to_ullong(const char *s, int base, unsigned long long *value);
bool str_to_double(const char *s, double *value);

/* Bit helpers. */
static inline int
count_1bits(uint64_t x)
{
    return __builtin_popcountll(x);
}

static inline int
rightmost_1bit_idx(uint64_t x)
{
    return x ? __builtin_ctzll(x) : 64;
}

static inline int
leftmost_1bit_idx(uint64_t x)
{
    return x ? 63 - __builtin_clzll(x) : -1;
}

static inline uint64_t
zero_rightmost_1bit(uint64_t x)
{
    return x & (x - 1);
}

/* Returns true if the SIZE bytes at P are all zero. */
bool is_all_zeros(const void *p, size_t size);
/* Returns true if the SIZE bytes at P are all 0xff. */
bool is_all_ones(const void *p, size_t size);

/* Returns the base name of FILE_NAME, newly allocated. */
char *base_name(const char *file_name);
/* Returns the directory part of FILE_NAME, newly allocated. */
char *dir_name(const char *file_name);
/* Returns FILE_NAME if absolute, otherwise DIR/FILE_NAME; newly allocated. */
char *abs_file_name(const char *dir, const char *file_name);

/* Ignores the return value of a function that must not be ignored except
 * where this is said explicitly. */
static inline void
ignore(bool x SLUICE_UNUSED)
{
}

#endif /* util.h */
