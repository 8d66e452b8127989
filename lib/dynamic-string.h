/*
 * dynamic-string: a growable, always null-terminated string.
 *
 * A 'struct ds' owns its buffer.  Initialize with DS_EMPTY_INITIALIZER or
 * ds_init(), release with ds_destroy().  ds_cstr() returns a pointer that
 * stays valid until the next modification.  Not thread-safe: one owner.
 */
#ifndef SLUICE_DYNAMIC_STRING_H
#define SLUICE_DYNAMIC_STRING_H 1

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "util.h"

struct ds {
    char *string;       /* Null-terminated, or NULL while empty. */
    size_t length;      /* Bytes used, not counting the null. */
    size_t allocated;   /* Bytes allocated, not counting the null. */
};

#define DS_EMPTY_INITIALIZER { NULL, 0, 0 }

void ds_init(struct ds *);
void ds_clear(struct ds *);
void ds_truncate(struct ds *, size_t new_length);
void ds_reserve(struct ds *, size_t min_length);
/* Makes room for N more bytes and returns a pointer to them; the caller
 * fills them.  Length grows by N. */
char *ds_put_uninit(struct ds *, size_t n);
static inline void ds_put_char(struct ds *, char);
void ds_put_char__(struct ds *, char);
void ds_put_utf8(struct ds *, int uc);
void ds_put_char_multiple(struct ds *, char, size_t n);
void ds_put_buffer(struct ds *, const char *, size_t n);
void ds_put_cstr(struct ds *, const char *);
void ds_put_and_free_cstr(struct ds *, char *);
void ds_put_format(struct ds *, const char *, ...) SLUICE_PRINTF_FORMAT(2, 3);
void ds_put_format_valist(struct ds *, const char *, va_list)
    SLUICE_PRINTF_FORMAT(2, 0);
/* Appends the SIZE bytes at BUF as hex, "0a1b2c". */
void ds_put_hex(struct ds *, const void *buf, size_t size);
/* Appends a classic hex dump with offsets; ASCII column if ASCII. */
void ds_put_hex_dump(struct ds *, const void *buf, size_t size,
                     uintptr_t ofs, bool ascii);
/* Appends one line read from FILE, without its newline.  Returns 0 on
 * success, EOF at end of file with nothing read. */
int ds_get_line(struct ds *, FILE *);

char *ds_cstr(struct ds *);
const char *ds_cstr_ro(const struct ds *);
/* Returns the string and leaves the ds empty; the caller frees it. */
char *ds_steal_cstr(struct ds *);
void ds_destroy(struct ds *);
void ds_swap(struct ds *, struct ds *);
int ds_last(const struct ds *);
bool ds_chomp(struct ds *, int c);
void ds_clone(struct ds *dst, const struct ds *src);

static inline void
ds_put_char(struct ds *ds, char c)
{
    if (SLUICE_LIKELY(ds->length < ds->allocated)) {
        ds->string[ds->length++] = c;
        ds->string[ds->length] = '\0';
    } else {
        ds_put_char__(ds, c);
    }
}

#endif /* dynamic-string.h */
