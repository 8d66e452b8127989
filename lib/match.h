/*
 * match: an OpenFlow match, the fields of struct oflow (oflow.h) that a
 * rule cares about and the values it wants in them.
 *
 * 'flow' holds the wanted values, masked: a bit that is 0 in 'mask' is 0
 * in 'flow' too, so two matches are the same exactly when their flows and
 * masks are byte-for-byte equal.  A mask bit of 1 means "this bit must
 * equal flow's"; 0 means "any value".  A match with an all-zero mask (the
 * catch-all) matches every packet.
 *
 * The field registry (meta-flow.h) sets and reads single fields of a match
 * with prerequisites; the OXM/NXM codec (nx-match.h) and the text syntax
 * (match_format(), match_parse() below, when they exist) convert matches
 * to and from the wire and ovs-ofctl's syntax.
 *
 * Thread safety: a match is plain data; functions are reentrant.
 */
#ifndef SLUICE_MATCH_H
#define SLUICE_MATCH_H 1

#include <stdbool.h>
#include <string.h>
#include "oflow.h"

struct match {
    struct oflow flow;              /* Masked values. */
    struct oflow mask;              /* 1: the bit is matched. */
};

/* Makes MATCH the catch-all. */
static inline void
match_init_catchall(struct match *match)
{
    memset(match, 0, sizeof *match);
}

/* Returns true if MATCH matches every packet. */
static inline bool
match_is_catchall(const struct match *match)
{
    const uint64_t *m = oflow_u64s(&match->mask);
    for (size_t i = 0; i < OFLOW_U64S; i++) {
        if (m[i]) {
            return false;
        }
    }
    return true;
}

/* Returns true if A and B are the same match. */
static inline bool
match_equal(const struct match *a, const struct match *b)
{
    return (oflow_equal(&a->mask, &b->mask)
            && oflow_equal(&a->flow, &b->flow));
}

/* Clears the bits of MATCH's flow that its mask does not select. */
static inline void
match_normalize(struct match *match)
{
    oflow_mask(&match->flow, &match->flow, &match->mask);
}

#endif /* match.h */
