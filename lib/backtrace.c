/* backtrace: stack traces with libunwind.  See backtrace.h. */
#include <config.h>
#include "backtrace.h"

#define UNW_LOCAL_ONLY
#include <libunwind.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>
#include "dynamic-string.h"
#include "util.h"

void
backtrace_capture(struct backtrace *bt)
{
    unw_context_t context;
    unw_cursor_t cursor;

    bt->n_frames = 0;
    if (unw_getcontext(&context) || unw_init_local(&cursor, &context)) {
        return;
    }
    while (bt->n_frames < BACKTRACE_MAX_FRAMES && unw_step(&cursor) > 0) {
        struct backtrace_frame *f = &bt->frames[bt->n_frames++];
        unw_word_t ip = 0, offset = 0;
        unw_get_reg(&cursor, UNW_REG_IP, &ip);
        f->ip = ip;
        if (unw_get_proc_name(&cursor, f->name, sizeof f->name, &offset)) {
            f->name[0] = '\0';
            offset = 0;
        }
        f->offset = offset;
    }
}

void
backtrace_format(struct ds *s, const struct backtrace *bt, const char *prefix)
{
    for (size_t i = 0; i < bt->n_frames; i++) {
        const struct backtrace_frame *f = &bt->frames[i];
        ds_put_format(s, "%s#%zu 0x%016"PRIxPTR" %s+0x%"PRIxPTR"\n",
                      prefix, i, f->ip, f->name[0] ? f->name : "??",
                      f->offset);
    }
}

/* Async-signal-safe formatting helpers: no stdio, no malloc. */
static char *
put_str(char *p, char *end, const char *s)
{
    while (*s && p < end) {
        *p++ = *s++;
    }
    return p;
}

static char *
put_hex(char *p, char *end, uintptr_t x, int min_digits)
{
    char digits[2 * sizeof x];
    int n = 0;
    do {
        digits[n++] = "0123456789abcdef"[x & 15];
        x >>= 4;
    } while (x);
    while (n < min_digits && n < (int) sizeof digits) {
        digits[n++] = '0';
    }
    p = put_str(p, end, "0x");
    while (n > 0 && p < end) {
        *p++ = digits[--n];
    }
    return p;
}

static char *
put_dec(char *p, char *end, size_t x)
{
    char digits[24];
    int n = 0;
    do {
        digits[n++] = '0' + x % 10;
        x /= 10;
    } while (x);
    while (n > 0 && p < end) {
        *p++ = digits[--n];
    }
    return p;
}

void
backtrace_write(void (*writer)(const char *line, size_t length))
{
    unw_context_t context;
    unw_cursor_t cursor;

    if (unw_getcontext(&context) || unw_init_local(&cursor, &context)) {
        return;
    }
    for (size_t i = 0; i < BACKTRACE_MAX_FRAMES && unw_step(&cursor) > 0;
         i++) {
        char name[128];
        unw_word_t ip = 0, offset = 0;
        unw_get_reg(&cursor, UNW_REG_IP, &ip);
        if (unw_get_proc_name(&cursor, name, sizeof name, &offset)) {
            strcpy(name, "??");
            offset = 0;
        }

        char line[256];
        char *end = line + sizeof line - 1;
        char *p = put_str(line, end, "#");
        p = put_dec(p, end, i);
        p = put_str(p, end, " ");
        p = put_hex(p, end, ip, 16);
        p = put_str(p, end, " ");
        p = put_str(p, end, name);
        p = put_str(p, end, "+");
        p = put_hex(p, end, offset, 1);
        *p++ = '\n';
        writer(line, p - line);
    }
}
