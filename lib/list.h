/*
 * list: intrusive circular doubly linked lists.
 *
 * Embed a 'struct list' in each element and one as the list head.  The list
 * never allocates or frees; the owner of the elements does.  Not
 * thread-safe.  LIST_FOR_EACH_SAFE permits removing the current element.
 */
#ifndef SLUICE_LIST_H
#define SLUICE_LIST_H 1

#include <stdbool.h>
#include <stddef.h>
#include "util.h"

struct list {
    struct list *prev;
    struct list *next;
};

#define LIST_INITIALIZER(LIST) { LIST, LIST }

static inline void
list_init(struct list *list)
{
    list->next = list->prev = list;
}

/* Marks NODE as not being in any list, so that list_is_poisoned() tells. */
static inline void
list_poison(struct list *node)
{
    node->next = node->prev = (struct list *) (uintptr_t) 0xdead;
}

static inline bool
list_is_poisoned(const struct list *node)
{
    return node->next == (struct list *) (uintptr_t) 0xdead;
}

/* Inserts ELEM just before BEFORE. */
static inline void
list_insert(struct list *before, struct list *elem)
{
    elem->prev = before->prev;
    elem->next = before;
    before->prev->next = elem;
    before->prev = elem;
}

static inline void
list_push_front(struct list *list, struct list *elem)
{
    list_insert(list->next, elem);
}

static inline void
list_push_back(struct list *list, struct list *elem)
{
    list_insert(list, elem);
}

/* Removes ELEM from its list and returns the element that followed it. */
static inline struct list *
list_remove(struct list *elem)
{
    elem->prev->next = elem->next;
    elem->next->prev = elem->prev;
    return elem->next;
}

static inline bool
list_is_empty(const struct list *list)
{
    return list->next == list;
}

static inline bool
list_is_singleton(const struct list *list)
{
    return list->next != list && list->next == list->prev;
}

static inline struct list *
list_front(const struct list *list)
{
    return list->next;
}

static inline struct list *
list_back(const struct list *list)
{
    return list->prev;
}

static inline struct list *
list_pop_front(struct list *list)
{
    struct list *front = list->next;
    list_remove(front);
    return front;
}

static inline struct list *
list_pop_back(struct list *list)
{
    struct list *back = list->prev;
    list_remove(back);
    return back;
}

static inline size_t
list_size(const struct list *list)
{
    size_t n = 0;
    for (const struct list *e = list->next; e != list; e = e->next) {
        n++;
    }
    return n;
}

/* Moves all of SRC's elements to the end of DST; SRC becomes empty. */
static inline void
list_splice_back(struct list *dst, struct list *src)
{
    if (!list_is_empty(src)) {
        src->next->prev = dst->prev;
        dst->prev->next = src->next;
        src->prev->next = dst;
        dst->prev = src->prev;
        list_init(src);
    }
}

/* Makes DST's head take over SRC's elements (SRC's head moved in memory). */
static inline void
list_moved(struct list *list, const struct list *orig)
{
    if (list->next == orig) {
        list_init(list);
    } else {
        list->prev->next = list->next->prev = list;
    }
}

/* The iteration macros walk a hidden 'struct list *' named after ITER and
 * convert it to ITER only while it is not the head. */
#define LIST_ITER__(ITER) ITER##__list_iter

#define LIST_FOR_EACH(ITER, MEMBER, LIST)                               \
    for (struct list *LIST_ITER__(ITER) = (LIST)->next;                 \
         (LIST_ITER__(ITER) != (LIST)                                   \
          ? (INIT_CONTAINER(ITER, LIST_ITER__(ITER), MEMBER), 1) : 0);  \
         LIST_ITER__(ITER) = LIST_ITER__(ITER)->next)

#define LIST_FOR_EACH_REVERSE(ITER, MEMBER, LIST)                       \
    for (struct list *LIST_ITER__(ITER) = (LIST)->prev;                 \
         (LIST_ITER__(ITER) != (LIST)                                   \
          ? (INIT_CONTAINER(ITER, LIST_ITER__(ITER), MEMBER), 1) : 0);  \
         LIST_ITER__(ITER) = LIST_ITER__(ITER)->prev)

/* ITER may be removed (and freed) inside the loop.  */
#define LIST_FOR_EACH_SAFE(ITER, MEMBER, LIST)                    \
    for (struct list *LIST_ITER__(ITER) = (LIST)->next,                 \
             *ITER##__list_next = NULL;                                 \
         (LIST_ITER__(ITER) != (LIST)                                   \
          ? (INIT_CONTAINER(ITER, LIST_ITER__(ITER), MEMBER),           \
             ITER##__list_next = LIST_ITER__(ITER)->next, 1) : 0);      \
         LIST_ITER__(ITER) = ITER##__list_next)

#define LIST_FOR_EACH_POP(ITER, MEMBER, LIST)                           \
    while (!list_is_empty(LIST)                                         \
           && (INIT_CONTAINER(ITER, list_pop_front(LIST), MEMBER), 1))

#endif /* list.h */
