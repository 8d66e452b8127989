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
 * with prerequisites; the OXM/NXM codec (nx-match.h), OpenFlow 1.0/1.1's
 * fixed matches (ofp-match.h) and the text syntax (match_format(),
 * match_parse() below) convert matches to and from the wire and
 * ovs-ofctl's syntax.
 *
 * Text syntax.  A match is a list of keywords separated by commas or
 * white space: "name=value" for a field (any name mf_from_name() knows;
 * the value syntax is mf_parse()'s, "value/mask" where the field is
 * maskable; a field without a value is wildcarded), or a protocol
 * shorthand that sets dl_type and perhaps nw_proto: ip, ipv6, icmp,
 * icmp6, tcp, tcp6, udp, udp6, sctp, sctp6, arp, rarp, mpls, mplsm.
 * match_format() prints the form ovs-ofctl dump-flows prints, in its
 * order, e.g. "tcp,reg0=0x5/0xff,in_port=1,dl_vlan=10,nw_src=10.0.0.0/8,
 * tp_dst=80".  "priority" and the other flow-mod keywords are not part of
 * a match: a flow-mod parser handles those itself and hands every other
 * keyword to match_parse_keyword(), which says whether it was one.
 *
 * Prerequisites.  Like ovs-ofctl, the parser accepts fields whose
 * prerequisites the match does not meet ("tp_dst=80" without "tcp") and
 * match_normalize_prereqs() then drops them, as Open vSwitch does before
 * it encodes a flow mod (it logs "normalization changed ofp_match").
 * The wire decoders (nx-match.h) instead reject such fields with
 * OFPBMC_BAD_PREREQ; match_check_prereqs() is the same check on a whole
 * match.
 *
 * Thread safety: a match is plain data; functions are reentrant.
 */
#ifndef SLUICE_MATCH_H
#define SLUICE_MATCH_H 1

#include <stdbool.h>
#include <string.h>
#include "oflow.h"

struct ds;

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

/* Appends MATCH to DS as ovs-ofctl dump-flows prints a flow's match (no
 * priority, no trailing comma; nothing at all for the catch-all). */
void match_format(const struct match *match, struct ds *ds);

/* Returns match_format()'s text of MATCH, malloc'd. */
char *match_to_string(const struct match *match);

/* What match_parse_keyword() made of a keyword. */
enum match_parse_result {
    MATCH_PARSE_OK,             /* A match keyword; MATCH updated. */
    MATCH_PARSE_NOT_MATCH,      /* Neither a field nor a shorthand; MATCH
                                 * and *ERRORP untouched. */
    MATCH_PARSE_ERROR,          /* A match keyword with a bad value;
                                 * *ERRORP holds a malloc'd message. */
};

/* Applies one keyword of the text syntax to MATCH: NAME is a field name
 * or protocol shorthand, VALUE the text after '=' (NULL or "" if there
 * was none).  A field replaces what MATCH said about it before. */
enum match_parse_result match_parse_keyword(struct match *match,
                                            const char *name,
                                            const char *value,
                                            char **errorp);

/* Parses S, a whole match in the text syntax (every keyword must be a
 * match keyword), into MATCH, then drops fields with unmet prerequisites
 * (match_normalize_prereqs()).  Returns NULL or a malloc'd error. */
char *match_parse(const char *s, struct match *match);

/* Wildcards the fields of MATCH that its dl_type, nw_proto and ICMPv6
 * type do not allow, exactly as Open vSwitch normalizes a match before
 * encoding it (L3 fields need an L3 dl_type, L4 ports TCP, UDP, SCTP or
 * ICMP, IPv6 and ND fields IPv6 and ND, MPLS fields MPLS).  Returns true
 * if MATCH changed; then DROPPED, if nonnull, receives the match as it
 * was, in match_format() form. */
bool match_normalize_prereqs(struct match *match, struct ds *dropped);

/* Returns NULL if every field MATCH matches has its prerequisites matched
 * too, else a malloc'd message naming the first field that has not, e.g.
 * "tcp_dst: prerequisites not met (needs tcp or tcp6)". */
char *match_check_prereqs(const struct match *match);

#endif /* match.h */
