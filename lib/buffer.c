/* buffer: growable byte buffers.  See buffer.h. */
#include <config.h>
#include "buffer.h"

#include <stdint.h>
#include <string.h>

/* The block of every buffer that has none of its own yet: zero bytes that
 * are never written, so that 'base' is never null. */
static uint8_t buffer_no_storage[1];

/* Returns A + B, or aborts as an allocation failure if that overflows. */
static size_t
buffer_add_size(size_t a, size_t b)
{
    size_t sum;
    if (__builtin_add_overflow(a, b, &sum)) {
        out_of_memory();
    }
    return sum;
}

static void
buffer_init__(struct buffer *b, void *base, size_t allocated,
              enum buffer_source source)
{
    b->base = b->data = base;
    b->allocated = allocated;
    b->size = 0;
    b->header_ofs = SIZE_MAX;
    b->msg_ofs = SIZE_MAX;
    b->source = source;
    list_poison(&b->list_node);
}

static void
buffer_check_writable(const struct buffer *b, const char *function)
{
    if (b->source == BUFFER_CONST) {
        sluice_abort("%s: the buffer is read-only (buffer_use_const())",
                     function);
    }
}

void
buffer_init(struct buffer *b, size_t allocated)
{
    if (allocated) {
        buffer_init__(b, xmalloc(allocated), allocated, BUFFER_MALLOC);
    } else {
        buffer_init__(b, buffer_no_storage, 0, BUFFER_STACK);
    }
}

void
buffer_use_stack(struct buffer *b, void *storage, size_t allocated)
{
    if (storage && allocated) {
        buffer_init__(b, storage, allocated, BUFFER_STACK);
    } else {
        buffer_init__(b, buffer_no_storage, 0, BUFFER_STACK);
    }
}

void
buffer_use_const(struct buffer *b, const void *data, size_t size)
{
    if (data && size) {
        buffer_init__(b, (void *) data, size, BUFFER_CONST);
        b->size = size;
    } else {
        buffer_init__(b, buffer_no_storage, 0, BUFFER_CONST);
    }
}

void
buffer_uninit(struct buffer *b)
{
    if (b && b->source == BUFFER_MALLOC) {
        free(b->base);
    }
}

void
buffer_clear(struct buffer *b)
{
    buffer_check_writable(b, __func__);
    b->data = b->base;
    b->size = 0;
    b->header_ofs = SIZE_MAX;
    b->msg_ofs = SIZE_MAX;
}

struct buffer *
buffer_new(size_t allocated)
{
    struct buffer *b = xmalloc(sizeof *b);
    buffer_init(b, allocated);
    return b;
}

struct buffer *
buffer_new_with_headroom(size_t size, size_t headroom)
{
    struct buffer *b = buffer_new(buffer_add_size(size, headroom));
    buffer_reserve(b, headroom);
    return b;
}

void
buffer_delete(struct buffer *b)
{
    if (b) {
        buffer_uninit(b);
        free(b);
    }
}

/* Returns MARK_OFS moved by DELTA bytes, or SIZE_MAX if it is not set. */
static size_t
buffer_move_mark(size_t mark_ofs, size_t delta)
{
    return mark_ofs == SIZE_MAX ? SIZE_MAX : mark_ofs + delta;
}

struct buffer *
buffer_clone_with_headroom(const struct buffer *b, size_t headroom)
{
    size_t data_ofs = buffer_headroom(b);
    size_t tail_ofs = data_ofs + b->size;
    size_t header_ofs = b->header_ofs <= tail_ofs ? b->header_ofs : SIZE_MAX;
    size_t msg_ofs = b->msg_ofs <= tail_ofs ? b->msg_ofs : SIZE_MAX;

    /* Copy from the lowest mark (or the data) to the end of the data. */
    size_t start = MIN(data_ofs, MIN(header_ofs, msg_ofs));
    size_t span = tail_ofs - start;

    struct buffer *clone = buffer_new_with_headroom(span, headroom);
    if (span) {
        memcpy(clone->data, (char *) b->base + start, span);
    }
    clone->data = (char *) clone->data + (data_ofs - start);
    clone->size = b->size;

    /* A mark at offset X in B is at HEADROOM + (X - START) in CLONE. */
    clone->header_ofs = buffer_move_mark(
        header_ofs == SIZE_MAX ? SIZE_MAX : header_ofs - start, headroom);
    clone->msg_ofs = buffer_move_mark(
        msg_ofs == SIZE_MAX ? SIZE_MAX : msg_ofs - start, headroom);
    return clone;
}

struct buffer *
buffer_clone(const struct buffer *b)
{
    return buffer_clone_with_headroom(b, 0);
}

struct buffer *
buffer_clone_data_with_headroom(const void *data, size_t size,
                                size_t headroom)
{
    struct buffer *b = buffer_new_with_headroom(size, headroom);
    buffer_put(b, data, size);
    return b;
}

void
buffer_list_delete(struct list *list)
{
    struct buffer *b;
    LIST_FOR_EACH_POP (b, list_node, list) {
        buffer_delete(b);
    }
}

void *
buffer_at(const struct buffer *b, size_t offset, size_t size)
{
    if (offset > b->size || size > b->size - offset) {
        return NULL;
    }
    return (char *) b->data + offset;
}

void *
buffer_at_assert(const struct buffer *b, size_t offset, size_t size)
{
    void *p = buffer_at(b, offset, size);
    if (!p) {
        sluice_abort("buffer_at_assert: %zu bytes at offset %zu are outside "
                     "the %zu bytes of data", size, offset, b->size);
    }
    return p;
}

/* Moves B's contents to a new block with NEW_HEADROOM bytes of headroom
 * (at least the current headroom) and NEW_TAILROOM bytes of tailroom.  The
 * old headroom's bytes are kept, at the end of the new headroom, so that
 * pointers to pulled bytes translate and the marks stay valid. */
static void
buffer_resize(struct buffer *b, size_t new_headroom, size_t new_tailroom)
{
    size_t old_headroom = buffer_headroom(b);
    size_t delta = new_headroom - old_headroom;
    size_t used = old_headroom + b->size;
    size_t new_allocated = buffer_add_size(
        buffer_add_size(new_headroom, b->size), new_tailroom);
    void *new_base;

    buffer_check_writable(b, __func__);
    if (b->source == BUFFER_MALLOC && !delta) {
        new_base = xrealloc(b->base, new_allocated);
    } else {
        new_base = xmalloc(new_allocated);
        if (used) {
            memcpy((char *) new_base + delta, b->base, used);
        }
        if (b->source == BUFFER_MALLOC) {
            free(b->base);
        }
    }

    b->base = new_base;
    b->allocated = new_allocated;
    b->data = (char *) new_base + new_headroom;
    b->source = BUFFER_MALLOC;
    b->header_ofs = buffer_move_mark(b->header_ofs, delta);
    b->msg_ofs = buffer_move_mark(b->msg_ofs, delta);
}

void
buffer_prealloc_tailroom(struct buffer *b, size_t size)
{
    if (size > buffer_tailroom(b)) {
        /* At least double the block, so that appending byte by byte costs
         * amortized constant time. */
        size_t tailroom = MAX(size, MAX(b->allocated, 64));
        buffer_resize(b, buffer_headroom(b), tailroom);
    }
}

void
buffer_prealloc_headroom(struct buffer *b, size_t size)
{
    if (size > buffer_headroom(b)) {
        /* Add room in proportion to the data, so that prepending byte by
         * byte costs amortized constant time. */
        size_t new_headroom = MAX(size, MAX(b->size / 2, 64));
        buffer_resize(b, MAX(new_headroom, buffer_headroom(b)),
                      buffer_tailroom(b));
    }
}

void
buffer_reserve(struct buffer *b, size_t size)
{
    if (b->size) {
        sluice_abort("buffer_reserve: the buffer holds %zu bytes of data "
                     "(it must be empty)", b->size);
    }
    buffer_prealloc_tailroom(b, size);
    b->data = (char *) b->data + size;
}

void *
buffer_put_uninit(struct buffer *b, size_t size)
{
    buffer_check_writable(b, __func__);
    buffer_prealloc_tailroom(b, size);
    void *p = buffer_tail(b);
    b->size += size;
    return p;
}

void *
buffer_put_zeros(struct buffer *b, size_t size)
{
    void *p = buffer_put_uninit(b, size);
    memset(p, 0, size);
    return p;
}

void *
buffer_put(struct buffer *b, const void *p, size_t size)
{
    void *dst = buffer_put_uninit(b, size);
    if (size) {
        memcpy(dst, p, size);
    }
    return dst;
}

void *
buffer_push_uninit(struct buffer *b, size_t size)
{
    buffer_check_writable(b, __func__);
    buffer_prealloc_headroom(b, size);
    b->data = (char *) b->data - size;
    b->size += size;
    return b->data;
}

void *
buffer_push_zeros(struct buffer *b, size_t size)
{
    void *p = buffer_push_uninit(b, size);
    memset(p, 0, size);
    return p;
}

void *
buffer_push(struct buffer *b, const void *p, size_t size)
{
    void *dst = buffer_push_uninit(b, size);
    if (size) {
        memcpy(dst, p, size);
    }
    return dst;
}

void *
buffer_pull(struct buffer *b, size_t size)
{
    void *p = buffer_try_pull(b, size);
    if (!p) {
        sluice_abort("buffer_pull: cannot pull %zu bytes from %zu bytes of "
                     "data", size, b->size);
    }
    return p;
}

void *
buffer_try_pull(struct buffer *b, size_t size)
{
    if (size > b->size) {
        return NULL;
    }
    void *p = b->data;
    b->data = (char *) b->data + size;
    b->size -= size;
    return p;
}

void
buffer_truncate(struct buffer *b, size_t size)
{
    if (size > b->size) {
        sluice_abort("buffer_truncate: cannot grow %zu bytes of data to %zu",
                     b->size, size);
    }
    b->size = size;
}

void *
buffer_steal_data(struct buffer *b)
{
    void *p;

    if (b->source == BUFFER_MALLOC && b->data == b->base) {
        p = b->base;
    } else {
        p = xmemdup(b->data, b->size);
        buffer_uninit(b);
    }

    struct list list_node = b->list_node;
    buffer_init(b, 0);
    b->list_node = list_node;
    return p;
}

/* Returns the offset of P in B's block, or SIZE_MAX for a null P.  Aborts,
 * naming FUNCTION, if P is outside the block. */
static size_t
buffer_mark_ofs(const struct buffer *b, const void *p, const char *function)
{
    if (!p) {
        return SIZE_MAX;
    }
    uintptr_t base = (uintptr_t) b->base;
    uintptr_t x = (uintptr_t) p;
    if (x < base || x - base > b->allocated) {
        sluice_abort("%s: %p is outside the buffer's %zu bytes at %p",
                     function, p, b->allocated, b->base);
    }
    return x - base;
}

void
buffer_set_header(struct buffer *b, const void *p)
{
    b->header_ofs = buffer_mark_ofs(b, p, __func__);
}

void *
buffer_header(const struct buffer *b)
{
    return (b->header_ofs == SIZE_MAX ? NULL
            : (char *) b->base + b->header_ofs);
}

void
buffer_set_msg(struct buffer *b, const void *p)
{
    b->msg_ofs = buffer_mark_ofs(b, p, __func__);
}

void *
buffer_msg(const struct buffer *b)
{
    return b->msg_ofs == SIZE_MAX ? NULL : (char *) b->base + b->msg_ofs;
}

size_t
buffer_msgsize(const struct buffer *b)
{
    size_t tail_ofs = buffer_headroom(b) + b->size;
    if (b->msg_ofs == SIZE_MAX || b->msg_ofs > tail_ofs) {
        return 0;
    }
    return tail_ofs - b->msg_ofs;
}
