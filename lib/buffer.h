/*
 * buffer: a growable byte buffer with room before and after its data, for
 * building and parsing protocol messages (OpenFlow, JSON-RPC, ...).
 *
 * Layout of the allocated block:
 *
 *     base          data               data + size        base + allocated
 *      |  headroom   |       data        |     tailroom      |
 *
 * Building a message appends with buffer_put*() (growing the tailroom) and
 * prepends lower-layer headers with buffer_push*() (growing the headroom);
 * parsing consumes from the front with buffer_try_pull() or buffer_pull().
 * A growth may move the data: pointers into the buffer obtained earlier
 * are then stale, except the protocol-layer marks kept by
 * buffer_set_header() and buffer_set_msg(), which are kept as offsets and
 * follow the data.  Pulling does not move data, so pointers to pulled
 * bytes stay valid until the next growth.
 *
 * Members 'data' and 'size' may be read directly; change them only through
 * the functions here.  'list_node' is free for the owner's use, to queue
 * buffers (see buffer_list_delete()).
 *
 * Memory: a buffer's block comes from malloc (buffer_init(), growth), or
 * from the caller (buffer_use_stack(): caller's storage, e.g. a stack
 * array, which is copied to a malloc'ed block if it must grow; and
 * buffer_use_const(): read-only data to parse, which may not be changed or
 * grown at all).  buffer_uninit() frees a malloc'ed block only.
 *
 * Errors: asking buffer_pull() for more bytes than there are, giving
 * buffer_set_header() a pointer outside the buffer, or changing a
 * buffer_use_const() buffer is a programming error and aborts with a
 * message; for untrusted lengths use buffer_try_pull() and buffer_at(),
 * which return NULL instead.  Sizes that would overflow abort as an
 * allocation failure.
 *
 * Thread safety: a buffer belongs to one thread at a time.
 */
#ifndef SLUICE_BUFFER_H
#define SLUICE_BUFFER_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "list.h"
#include "util.h"

/* Where a buffer's block comes from. */
enum buffer_source {
    BUFFER_MALLOC,              /* malloc(); freed by buffer_uninit(). */
    BUFFER_STACK,               /* The caller's; moved to malloc to grow. */
    BUFFER_CONST,               /* The caller's, read-only; never grows. */
};

struct buffer {
    void *base;                 /* First allocated byte (never NULL). */
    size_t allocated;           /* Bytes allocated at 'base'. */
    void *data;                 /* First byte of data. */
    size_t size;                /* Bytes of data. */
    size_t header_ofs;          /* Protocol header, from 'base', or
                                 * SIZE_MAX if not set. */
    size_t msg_ofs;             /* Message body, from 'base', or SIZE_MAX
                                 * if not set. */
    enum buffer_source source;
    struct list list_node;      /* Private to the buffer's owner. */
};

/* Initialization and destruction. */

/* Initializes B as empty with ALLOCATED bytes of tailroom from malloc. */
void buffer_init(struct buffer *b, size_t allocated);

/* Initializes B as empty over the caller's STORAGE of ALLOCATED bytes
 * (for example a stack array), which must outlive B's use of it.  If B must
 * grow beyond it, the data moves to a malloc'ed block, so that the caller
 * must always call buffer_uninit() (which does not free STORAGE). */
void buffer_use_stack(struct buffer *b, void *storage, size_t allocated);

/* Initializes B over SIZE bytes of read-only DATA, to parse them.  B's
 * data may be pulled and read but not changed or grown. */
void buffer_use_const(struct buffer *b, const void *data, size_t size);

/* Frees B's block if B owns it.  B must be initialized again before it is
 * used again.  A null B is a no-op. */
void buffer_uninit(struct buffer *b);

/* Empties B (keeping its block) and forgets its header and message
 * marks.  Not allowed on a buffer_use_const() buffer. */
void buffer_clear(struct buffer *b);

/* Returns a new empty buffer with ALLOCATED bytes of tailroom. */
struct buffer *buffer_new(size_t allocated);

/* Returns a new empty buffer with HEADROOM bytes of headroom and SIZE
 * bytes of tailroom. */
struct buffer *buffer_new_with_headroom(size_t size, size_t headroom);

/* Frees B (from buffer_new() or buffer_clone*()) and its block.  A null B
 * is a no-op. */
void buffer_delete(struct buffer *b);

/* Returns a new malloc'ed copy of B.  The copy holds B's data and, so that
 * its header and message marks stay meaningful, any bytes between a mark
 * that lies before the data and the data (as headroom).  A mark past the
 * end of the data is not copied. */
struct buffer *buffer_clone(const struct buffer *b);

/* Like buffer_clone() with HEADROOM more bytes of headroom in the copy. */
struct buffer *buffer_clone_with_headroom(const struct buffer *b,
                                          size_t headroom);

/* Returns a new buffer holding a copy of the SIZE bytes at DATA, with
 * HEADROOM bytes of headroom. */
struct buffer *buffer_clone_data_with_headroom(const void *data, size_t size,
                                               size_t headroom);

/* Frees every buffer in LIST (from buffer_new() or buffer_clone*(), linked
 * through 'list_node') and leaves LIST empty. */
void buffer_list_delete(struct list *list);

/* Geometry. */

/* Returns the byte just past B's data. */
static inline void *
buffer_tail(const struct buffer *b)
{
    return (char *) b->data + b->size;
}

/* Returns the byte just past B's block. */
static inline void *
buffer_end(const struct buffer *b)
{
    return (char *) b->base + b->allocated;
}

/* Returns the bytes available before B's data. */
static inline size_t
buffer_headroom(const struct buffer *b)
{
    return (char *) b->data - (char *) b->base;
}

/* Returns the bytes available after B's data. */
static inline size_t
buffer_tailroom(const struct buffer *b)
{
    return (char *) buffer_end(b) - (char *) buffer_tail(b);
}

/* Returns a pointer to the SIZE bytes at OFFSET in B's data, or NULL if
 * they are not all within the data.  Safe for any OFFSET and SIZE. */
void *buffer_at(const struct buffer *b, size_t offset, size_t size);

/* Like buffer_at() but aborts if the bytes are not within the data: for
 * offsets the caller has already checked. */
void *buffer_at_assert(const struct buffer *b, size_t offset, size_t size);

/* Making room. */

/* Ensures that B has at least SIZE bytes of tailroom, moving the data to
 * a larger block if needed (which keeps the headroom). */
void buffer_prealloc_tailroom(struct buffer *b, size_t size);

/* Ensures that B has at least SIZE bytes of headroom, moving the data if
 * needed (which keeps the tailroom). */
void buffer_prealloc_headroom(struct buffer *b, size_t size);

/* Makes SIZE bytes of B's tailroom into headroom.  B must be empty: use
 * this right after initialization to leave room for headers that will be
 * pushed later. */
void buffer_reserve(struct buffer *b, size_t size);

/* Appending. */

/* Appends SIZE uninitialized bytes to B's data and returns a pointer to
 * them. */
void *buffer_put_uninit(struct buffer *b, size_t size);

/* Appends SIZE zero bytes to B's data and returns a pointer to them. */
void *buffer_put_zeros(struct buffer *b, size_t size);

/* Appends a copy of the SIZE bytes at P to B's data and returns a pointer
 * to the copy in B. */
void *buffer_put(struct buffer *b, const void *p, size_t size);

/* Prepending. */

/* Prepends SIZE uninitialized bytes to B's data and returns a pointer to
 * them (the new start of the data). */
void *buffer_push_uninit(struct buffer *b, size_t size);

/* Prepends SIZE zero bytes to B's data and returns a pointer to them. */
void *buffer_push_zeros(struct buffer *b, size_t size);

/* Prepends a copy of the SIZE bytes at P to B's data and returns a pointer
 * to the copy in B. */
void *buffer_push(struct buffer *b, const void *p, size_t size);

/* Consuming. */

/* Removes the first SIZE bytes of B's data and returns a pointer to them
 * (they stay in place, now headroom).  Aborts if B has fewer than SIZE
 * bytes: for lengths the caller has already checked. */
void *buffer_pull(struct buffer *b, size_t size);

/* Like buffer_pull() but returns NULL, leaving B unchanged, if B has fewer
 * than SIZE bytes: for parsing untrusted input. */
void *buffer_try_pull(struct buffer *b, size_t size);

/* Shortens B's data to its first SIZE bytes.  Aborts if SIZE exceeds the
 * current size. */
void buffer_truncate(struct buffer *b, size_t size);

/* Returns B's data in a block of its own that the caller frees with
 * free(), and leaves B empty, with no block (it may be reused as if just
 * initialized with buffer_init(b, 0)).  Copies the data unless B's
 * malloc'ed block starts with it.  An empty B gives a 1-byte block. */
void *buffer_steal_data(struct buffer *b);

/* Protocol-layer marks.  A protocol's encoder records where its header
 * starts (buffer_set_header()) and where the message body after the header
 * starts (buffer_set_msg()); a decoder records them as it pulls.  The
 * marks are offsets into B's block, so they stay correct when B grows. */

/* Records P (a pointer into B's block, or NULL to forget the mark) as the
 * start of the protocol header.  Aborts if P is outside the block. */
void buffer_set_header(struct buffer *b, const void *p);

/* Returns the start of the protocol header, or NULL if not set. */
void *buffer_header(const struct buffer *b);

/* Records P (a pointer into B's block, or NULL) as the start of the message
 * body.  Aborts if P is outside the block. */
void buffer_set_msg(struct buffer *b, const void *p);

/* Returns the start of the message body, or NULL if not set. */
void *buffer_msg(const struct buffer *b);

/* Returns the bytes from the message body mark to the end of the data, or
 * 0 if the mark is not set or lies past the end of the data. */
size_t buffer_msgsize(const struct buffer *b);

#endif /* buffer.h */
