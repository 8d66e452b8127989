/* xlate: OpenFlow pipeline to datapath actions.  See xlate.h. */

#include <config.h>
#include "xlate.h"

#include "ofproto-private.h"

#include <stdarg.h>
#include <string.h>
#include "dynamic-string.h"
#include "groups.h"
#include "hash.h"
#include "mac-learning.h"
#include "meta-flow.h"
#include "odp-actions.h"
#include "meters.h"
#include "ofp-actions.h"
#include "tables.h"
#include "timeval.h"
#include "util.h"

/* The deepest resubmit/goto_table/group nesting, and the most table
 * lookups and group buckets in one translation, as in Open vSwitch (group
 * chains and resubmits can loop). */
#define MAX_DEPTH 64
#define MAX_WORK (MAX_DEPTH * MAX_DEPTH)

struct xlate_ctx {
    const struct xlate_in *xin;
    struct xlate_out *xout;
    struct ofproto *ofproto;
    struct oflow flow;              /* The packet as the pipeline has it. */
    struct oflow base;              /* As the datapath actions leave it. */
    uint8_t table_id;
    const struct rule *rule;
    int depth;
    int work;                       /* Lookups and buckets so far. */
    struct buffer action_set;       /* write_actions, in order. */
    bool exit;                      /* Stop: the packet is dropped. */
};

static void apply_actions(struct xlate_ctx *, const void *ofpacts,
                          size_t len);
static void xlate_group(struct xlate_ctx *, uint32_t group_id);
static void trace(struct xlate_ctx *, const char *format, ...)
    SLUICE_PRINTF_FORMAT(2, 3);

void
xlate_out_init(struct xlate_out *out)
{
    buffer_init(&out->odp_actions, 256);
    memset(&out->wc, 0, sizeof out->wc);
    out->n_rules = 0;
    out->n_group_hits = 0;
    out->n_unsupported = 0;
    out->too_deep = false;
}

void
xlate_out_uninit(struct xlate_out *out)
{
    if (out) {
        buffer_uninit(&out->odp_actions);
    }
}

/* Marks FIELD (and its prerequisites) as looked at. */
static void
wc_field(struct xlate_ctx *ctx, enum mf_field_id id)
{
    mf_mask_field_and_prereqs(mf_from_id(id), &ctx->xout->wc);
}

static void
wc_vlans(struct xlate_ctx *ctx)
{
    memset(ctx->xout->wc.dp.vlans, 0xff, sizeof ctx->xout->wc.dp.vlans);
}

/* Committing: datapath actions that make the packet's headers what the
 * pipeline made them. */

static bool
vlans_differ(const struct flow *a, const struct flow *b)
{
    return memcmp(a->vlans, b->vlans, sizeof a->vlans) != 0;
}

static void
commit_vlans(struct xlate_ctx *ctx)
{
    struct flow *base = &ctx->base.dp;
    const struct flow *flow = &ctx->flow.dp;

    if (!vlans_differ(base, flow)) {
        return;
    }
    wc_vlans(ctx);
    for (int i = 0; i < FLOW_MAX_VLAN_HEADERS && base->vlans[i].tpid; i++) {
        odp_put_pop_vlan(&ctx->xout->odp_actions);
    }
    for (int i = FLOW_MAX_VLAN_HEADERS - 1; i >= 0; i--) {
        if (flow->vlans[i].tpid) {
            odp_put_push_vlan(&ctx->xout->odp_actions, flow->vlans[i].tpid,
                              flow->vlans[i].tci);
        }
    }
    memcpy(base->vlans, flow->vlans, sizeof base->vlans);
}

/* Sets the bytes of MASK (SIZE bytes) to 0xff where A and B differ, field
 * by field as given by the OFFSETS and SIZES of N fields. */
static bool
diff_fields(const void *a, const void *b, void *mask, size_t n,
            const size_t offsets[], const size_t sizes[])
{
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        if (memcmp((const char *) a + offsets[i], (const char *) b + offsets[i],
                   sizes[i])) {
            memset((char *) mask + offsets[i], 0xff, sizes[i]);
            any = true;
        }
    }
    return any;
}

static void
commit_eth(struct xlate_ctx *ctx)
{
    struct flow *base = &ctx->base.dp;
    const struct flow *flow = &ctx->flow.dp;
    struct odp_key_ethernet old, new, mask;

    old.src = base->dl_src;
    old.dst = base->dl_dst;
    new.src = flow->dl_src;
    new.dst = flow->dl_dst;
    memset(&mask, 0, sizeof mask);
    static const size_t ofs[] = { offsetof(struct odp_key_ethernet, src),
                                  offsetof(struct odp_key_ethernet, dst) };
    static const size_t sz[] = { 6, 6 };
    if (diff_fields(&old, &new, &mask, 2, ofs, sz)) {
        odp_put_set_masked(&ctx->xout->odp_actions, ODP_SET_ETHERNET, &new,
                           &mask);
        base->dl_src = flow->dl_src;
        base->dl_dst = flow->dl_dst;
    }
}

static void
commit_ipv4(struct xlate_ctx *ctx)
{
    struct flow *base = &ctx->base.dp;
    const struct flow *flow = &ctx->flow.dp;
    struct odp_key_ipv4 old, new, mask;

    memset(&old, 0, sizeof old);
    memset(&new, 0, sizeof new);
    memset(&mask, 0, sizeof mask);
    old.src = base->nw_src;
    old.dst = base->nw_dst;
    old.tos = base->nw_tos;
    old.ttl = base->nw_ttl;
    new.src = flow->nw_src;
    new.dst = flow->nw_dst;
    new.tos = flow->nw_tos;
    new.ttl = flow->nw_ttl;
    static const size_t ofs[] = { offsetof(struct odp_key_ipv4, src),
                                  offsetof(struct odp_key_ipv4, dst),
                                  offsetof(struct odp_key_ipv4, tos),
                                  offsetof(struct odp_key_ipv4, ttl) };
    static const size_t sz[] = { 4, 4, 1, 1 };
    if (diff_fields(&old, &new, &mask, 4, ofs, sz)) {
        odp_put_set_masked(&ctx->xout->odp_actions, ODP_SET_IPV4, &new,
                           &mask);
        base->nw_src = flow->nw_src;
        base->nw_dst = flow->nw_dst;
        base->nw_tos = flow->nw_tos;
        base->nw_ttl = flow->nw_ttl;
    }
}

static void
commit_ipv6(struct xlate_ctx *ctx)
{
    struct flow *base = &ctx->base.dp;
    const struct flow *flow = &ctx->flow.dp;
    struct odp_key_ipv6 old, new, mask;

    memset(&old, 0, sizeof old);
    memset(&new, 0, sizeof new);
    memset(&mask, 0, sizeof mask);
    old.src = base->ipv6_src;
    old.dst = base->ipv6_dst;
    old.label = base->ipv6_label;
    old.tclass = base->nw_tos;
    old.hlimit = base->nw_ttl;
    new.src = flow->ipv6_src;
    new.dst = flow->ipv6_dst;
    new.label = flow->ipv6_label;
    new.tclass = flow->nw_tos;
    new.hlimit = flow->nw_ttl;
    static const size_t ofs[] = { offsetof(struct odp_key_ipv6, src),
                                  offsetof(struct odp_key_ipv6, dst),
                                  offsetof(struct odp_key_ipv6, label),
                                  offsetof(struct odp_key_ipv6, tclass),
                                  offsetof(struct odp_key_ipv6, hlimit) };
    static const size_t sz[] = { 16, 16, 4, 1, 1 };
    if (diff_fields(&old, &new, &mask, 5, ofs, sz)) {
        odp_put_set_masked(&ctx->xout->odp_actions, ODP_SET_IPV6, &new,
                           &mask);
        base->ipv6_src = flow->ipv6_src;
        base->ipv6_dst = flow->ipv6_dst;
        base->ipv6_label = flow->ipv6_label;
        base->nw_tos = flow->nw_tos;
        base->nw_ttl = flow->nw_ttl;
    }
}

static void
commit_l4(struct xlate_ctx *ctx)
{
    struct flow *base = &ctx->base.dp;
    const struct flow *flow = &ctx->flow.dp;
    struct odp_key_l4 old = { base->tp_src, base->tp_dst };
    struct odp_key_l4 new = { flow->tp_src, flow->tp_dst };
    struct odp_key_l4 mask = { 0, 0 };
    enum odp_set_group group;

    switch (flow->nw_proto) {
    case IPPROTO_TCP:
        group = ODP_SET_TCP;
        break;
    case IPPROTO_UDP:
        group = ODP_SET_UDP;
        break;
    case IPPROTO_SCTP:
        group = ODP_SET_SCTP;
        break;
    default:
        return;
    }
    static const size_t ofs[] = { offsetof(struct odp_key_l4, src),
                                  offsetof(struct odp_key_l4, dst) };
    static const size_t sz[] = { 2, 2 };
    if (diff_fields(&old, &new, &mask, 2, ofs, sz)) {
        odp_put_set_masked(&ctx->xout->odp_actions, group, &new, &mask);
        base->tp_src = flow->tp_src;
        base->tp_dst = flow->tp_dst;
    }
}

static void
commit(struct xlate_ctx *ctx)
{
    commit_eth(ctx);
    be16 dl_type = ctx->flow.dp.dl_type;
    if (dl_type == BE16_C(ETH_TYPE_IP)) {
        commit_ipv4(ctx);
        commit_l4(ctx);
    } else if (dl_type == BE16_C(ETH_TYPE_IPV6)) {
        commit_ipv6(ctx);
        commit_l4(ctx);
    }
    commit_vlans(ctx);
}

/* Outputs. */

static void
output_to_ofport(struct xlate_ctx *ctx, const struct ofport *port)
{
    if (port->config & (OFP_PC_PORT_DOWN | OFP_PC_NO_FWD)) {
        trace(ctx, "-> output to port %"PRIu32" (%s) refused: it is down "
              "or does not forward", port->ofp_port, port->name);
        return;
    }
    if (port->ofp_port == OFPP_LOCAL) {
        trace(ctx, "-> output to port LOCAL (%s)", port->name);
    } else {
        trace(ctx, "-> output to port %"PRIu32" (%s)", port->ofp_port,
              port->name);
    }
    commit(ctx);
    odp_put_output(&ctx->xout->odp_actions, port->dp_port);
}

static void
flood(struct xlate_ctx *ctx, bool all)
{
    const struct ofport *port;
    uint32_t in_port = ctx->flow.dp.in_port;

    HMAP_FOR_EACH (port, ofp_node, &ctx->ofproto->ports) {
        if (port->ofp_port == in_port
            || (!all && port->config & OFP_PC_NO_FLOOD)) {
            continue;
        }
        output_to_ofport(ctx, port);
    }
}

/* Returns true if RULE is a table-miss flow: priority 0 matching every
 * packet.  OpenFlow 1.3 gives its packet-ins reason "no_match". */
static bool
rule_is_table_miss(const struct rule *rule)
{
    return !rule->cr.priority && match_is_catchall(&rule->cr.match);
}

static void
send_to_controller(struct xlate_ctx *ctx, uint16_t max_len,
                   uint16_t controller_id, uint8_t reason)
{
    struct xlate_pin_cookie cookie;

    memset(&cookie, 0, sizeof cookie);
    if (!ctx->rule && reason == OFPR_NO_MATCH) {
        cookie.miss = 1;
    } else if (ctx->rule && reason == OFPR_ACTION
               && rule_is_table_miss(ctx->rule)) {
        reason = OFPR_NO_MATCH;
    }
    cookie.magic = XLATE_PIN_MAGIC;
    cookie.max_len = max_len;
    cookie.controller_id = controller_id;
    cookie.reason = reason;
    cookie.table_id = ctx->table_id;
    cookie.rule_cookie = (ctx->rule
                          ? atomic_read_relaxed(
                              &((struct rule *) ctx->rule)->cookie)
                          : BE64_C(UINT64_MAX));
    cookie.datapath_id = ofproto_get_datapath_id(ctx->ofproto);
    commit(ctx);
    odp_put_userspace(&ctx->xout->odp_actions, 0, &cookie, sizeof cookie);
}

static uint16_t
flow_vlan_id(const struct oflow *flow)
{
    return flow->dp.vlans[0].tpid ? ntohs(flow->dp.vlans[0].tci) & 0xfff : 0;
}

/* The VLAN of a frame that arrives on IN (NULL: not a port, e.g. the
 * controller), as NORMAL sees it, in *VLAN.  Returns false if IN may not
 * carry the frame (a tagged frame on an access port, a VLAN it does not
 * trunk), which NORMAL then drops. */
static bool
input_vlan(const struct ofport *in, const struct oflow *flow, uint16_t *vlan)
{
    uint16_t vid = flow_vlan_id(flow);

    if (!in) {
        *vlan = vid;
        return true;
    }
    switch (in->vlan_mode) {
    case PORT_VLAN_ACCESS:
        /* Untagged or priority-tagged frames only. */
        *vlan = in->tag;
        return vid == 0;
    case PORT_VLAN_NATIVE_TAGGED:
    case PORT_VLAN_NATIVE_UNTAGGED:
        *vlan = vid ? vid : in->tag;
        return ofport_includes_vlan(in, *vlan);
    case PORT_VLAN_TRUNK:
    default:
        *vlan = vid;
        return ofport_includes_vlan(in, vid);
    }
}

/* Outputs the packet to OUT in VLAN as NORMAL does: untagged on an access
 * port and for the native VLAN of a native-untagged port, otherwise
 * tagged with VLAN (VLAN 0: untagged), keeping the frame's priority. */
static void
output_normal(struct xlate_ctx *ctx, const struct ofport *out,
              uint16_t vlan)
{
    struct flow *f = &ctx->flow.dp;
    struct flow_vlan saved[FLOW_MAX_VLAN_HEADERS];
    uint16_t vid = vlan;

    if (out->vlan_mode == PORT_VLAN_ACCESS
        || (out->vlan_mode == PORT_VLAN_NATIVE_UNTAGGED && vlan == out->tag)) {
        vid = 0;
    }
    memcpy(saved, f->vlans, sizeof saved);
    uint16_t pcp = f->vlans[0].tpid ? ntohs(f->vlans[0].tci) & 0xe000 : 0;
    if (vid || (out->vlan_mode == PORT_VLAN_NATIVE_TAGGED
                && vlan == out->tag)) {
        if (!f->vlans[0].tpid) {
            f->vlans[0].tpid = BE16_C(ETH_TYPE_VLAN_8021Q);
        }
        f->vlans[0].tci = htons(pcp | vid);
    } else if (f->vlans[0].tpid) {
        /* Strip the outer tag. */
        f->vlans[0] = f->vlans[1];
        memset(&f->vlans[1], 0, sizeof f->vlans[1]);
    }
    output_to_ofport(ctx, out);
    memcpy(f->vlans, saved, sizeof saved);
}

/* Floods the packet in VLAN to every port but IN_PORT that carries VLAN
 * and does not refuse floods. */
static void
flood_vlan(struct xlate_ctx *ctx, uint32_t in_port, uint16_t vlan)
{
    const struct ofport *port;
    HMAP_FOR_EACH (port, ofp_node, &ctx->ofproto->ports) {
        if (port->ofp_port != in_port && !(port->config & OFP_PC_NO_FLOOD)
            && ofport_includes_vlan(port, vlan)) {
            output_normal(ctx, port, vlan);
        }
    }
}

/* The NORMAL action: a MAC-learning switch over the bridge's ports, one
 * learning domain per VLAN, with the ports' access, trunk and native VLAN
 * modes (as Open vSwitch's NORMAL). */
static void
xlate_normal(struct xlate_ctx *ctx)
{
    struct ofproto *ofproto = ctx->ofproto;
    const struct flow *f = &ctx->flow.dp;
    uint32_t in_port = f->in_port;
    long long int now = time_msec();

    wc_field(ctx, MFF_ETH_SRC);
    wc_field(ctx, MFF_ETH_DST);
    wc_vlans(ctx);

    const struct ofport *in = (in_port == OFPP_CONTROLLER
                               || in_port == OFPP_NONE
                               ? NULL : ofport_find(ofproto, in_port));
    uint16_t vlan;
    if (!input_vlan(in, &ctx->flow, &vlan)) {
        trace(ctx, "-> NORMAL: VLAN %d is not a VLAN of input port %s, "
              "dropping", flow_vlan_id(&ctx->flow), in ? in->name : "?");
        return;                 /* Not a VLAN of the input port: drop. */
    }

    if (ctx->xin->may_learn && in && mac_learning_may_learn(f->dl_src, vlan)) {
        mac_learning_learn(ofproto->ml, f->dl_src, vlan, MAC_PORT(in_port),
                           0, now);
    }

    if (eth_addr_is_multicast(f->dl_dst)) {
        trace(ctx, "-> NORMAL: multicast destination, flooding VLAN %d",
              vlan);
        flood_vlan(ctx, in_port, vlan);
        return;
    }
    void *port = mac_learning_lookup(ofproto->ml, f->dl_dst, vlan, now);
    if (!port) {
        trace(ctx, "-> NORMAL: no learned MAC for the destination, "
              "flooding VLAN %d", vlan);
        flood_vlan(ctx, in_port, vlan);
        return;
    }
    uint32_t out = (uint32_t) (uintptr_t) port;
    trace(ctx, "-> NORMAL: forwarding to learned port %"PRIu32" in VLAN %d",
          out, vlan);
    if (out == in_port) {
        trace(ctx, "-> learned on the input port: dropping");
        return;                 /* Learned on the input port: drop. */
    }
    const struct ofport *ofport = ofport_find(ofproto, out);
    if (ofport && ofport_includes_vlan(ofport, vlan)) {
        output_normal(ctx, ofport, vlan);
    }
}

static void xlate_table(struct xlate_ctx *, uint8_t table_id);

static void
xlate_output(struct xlate_ctx *ctx, uint32_t port, uint16_t max_len)
{
    uint32_t in_port = ctx->flow.dp.in_port;

    switch (port) {
    case OFPP_IN_PORT: {
        const struct ofport *p = ofport_find(ctx->ofproto, in_port);
        if (p) {
            output_to_ofport(ctx, p);
        }
        break;
    }
    case OFPP_TABLE:
        xlate_table(ctx, 0);
        break;
    case OFPP_NORMAL:
        xlate_normal(ctx);
        break;
    case OFPP_FLOOD:
        flood(ctx, false);
        break;
    case OFPP_ALL:
        flood(ctx, true);
        break;
    case OFPP_CONTROLLER:
        send_to_controller(ctx, max_len, 0, OFPR_ACTION);
        break;
    case OFPP_NONE:
        break;
    default:
        if (port != in_port) {
            const struct ofport *p = ofport_find(ctx->ofproto, port);
            if (p) {
                output_to_ofport(ctx, p);
            }
        }
        break;
    }
}

/* Field changes. */

static void
set_field_masked(struct xlate_ctx *ctx, const struct mf_field *field,
                 const union mf_value *value, const union mf_value *mask)
{
    union mf_value cur;

    mf_get_value(field, &ctx->flow, &cur);
    for (size_t i = 0; i < field->n_bytes; i++) {
        cur.b[i] = (cur.b[i] & ~mask->b[i]) | (value->b[i] & mask->b[i]);
    }
    mf_set_flow_value(field, &cur, &ctx->flow);
    mf_mask_field_and_prereqs(field, &ctx->xout->wc);
}

static void
push_vlan(struct xlate_ctx *ctx, be16 tpid)
{
    struct flow *f = &ctx->flow.dp;
    wc_vlans(ctx);
    f->vlans[1] = f->vlans[0];
    f->vlans[0].tpid = tpid;
    /* The new tag takes the outer tag's VID and PCP, or zeros. */
    f->vlans[0].tci = f->vlans[1].tpid ? f->vlans[1].tci : 0;
}

static void
pop_vlan(struct xlate_ctx *ctx)
{
    struct flow *f = &ctx->flow.dp;
    wc_vlans(ctx);
    f->vlans[0] = f->vlans[1];
    memset(&f->vlans[1], 0, sizeof f->vlans[1]);
}

static bool
is_ip(const struct xlate_ctx *ctx)
{
    be16 t = ctx->flow.dp.dl_type;
    return t == BE16_C(ETH_TYPE_IP) || t == BE16_C(ETH_TYPE_IPV6);
}

/* dec_ttl: returns false if the packet must stop (its TTL ran out). */
static bool
dec_ttl(struct xlate_ctx *ctx, const struct ofpact_cnt_ids *ids)
{
    if (!is_ip(ctx)) {
        return true;
    }
    wc_field(ctx, MFF_IP_TTL);
    if (ctx->flow.dp.nw_ttl > 1) {
        ctx->flow.dp.nw_ttl--;
        return true;
    }
    /* Expired: to the controllers the action names (all if none). */
    if (ids->n_controllers) {
        for (size_t i = 0; i < ids->n_controllers; i++) {
            send_to_controller(ctx, UINT16_MAX, ids->cnt_ids[i],
                               OFPR_INVALID_TTL);
        }
    } else {
        send_to_controller(ctx, UINT16_MAX, 0, OFPR_INVALID_TTL);
    }
    return false;
}

static void
do_resubmit(struct xlate_ctx *ctx, const struct ofpact_resubmit *rs)
{
    uint32_t saved = ctx->flow.dp.in_port;
    if (rs->in_port != OFPP_IN_PORT) {
        ctx->flow.dp.in_port = rs->in_port;
    }
    xlate_table(ctx, rs->table_id == 0xff ? ctx->table_id : rs->table_id);
    ctx->flow.dp.in_port = saved;
}

/* Tracing (ofproto/trace): a line at the current depth. */
static void
trace(struct xlate_ctx *ctx, const char *format, ...)
{
    struct ds *ds = ctx->xin->trace;
    if (!ds) {
        return;
    }
    ds_put_char_multiple(ds, ' ', 4 * ctx->depth);
    va_list args;
    va_start(args, format);
    ds_put_format_valist(ds, format, args);
    va_end(args);
    ds_put_char(ds, '\n');
}

/* Groups. */

static void
record_group_hit(struct xlate_ctx *ctx, struct ofgroup *group, int bucket)
{
    struct xlate_out *out = ctx->xout;
    if (out->n_group_hits < XLATE_MAX_GROUP_HITS) {
        out->group_hits[out->n_group_hits].group = group;
        out->group_hits[out->n_group_hits].bucket = bucket;
        out->n_group_hits++;
    }
}

/* Counts one table lookup or bucket; returns false, stopping the
 * translation, if there were too many. */
static bool
count_work(struct xlate_ctx *ctx)
{
    if (++ctx->work > MAX_WORK) {
        ctx->xout->too_deep = true;
        ctx->exit = true;
        return false;
    }
    return true;
}

/* Runs bucket I of GROUP on a copy of the packet: what it changes does
 * not reach the actions after the group action. */
static void
xlate_bucket(struct xlate_ctx *ctx, struct ofgroup *group, size_t i)
{
    const struct ofp_bucket *bucket = &group->desc.buckets[i];
    struct oflow saved = ctx->flow;

    if (!count_work(ctx)) {
        return;
    }
    bool saved_exit = ctx->exit;
    if (ctx->xin->trace) {
        struct ds a = DS_EMPTY_INITIALIZER;
        ofpacts_format(bucket->ofpacts, bucket->ofpacts_len, &a);
        trace(ctx, "bucket %"PRIu32": %s", bucket->bucket_id, ds_cstr(&a));
        ds_destroy(&a);
    }

    record_group_hit(ctx, group, i);
    apply_actions(ctx, bucket->ofpacts, bucket->ofpacts_len);
    ctx->flow = saved;
    ctx->exit = saved_exit || ctx->xout->too_deep;
}

/* The select groups' hash: symmetric (both directions of a connection
 * pick the same bucket) over the Ethernet addresses and type, the VLAN
 * id, the IP addresses and protocol and the L4 ports, all of which the
 * megaflow then matches. */
static uint32_t
select_hash(struct xlate_ctx *ctx)
{
    const struct flow *f = &ctx->flow.dp;
    uint8_t mac[6];
    uint32_t h = 0;

    wc_field(ctx, MFF_ETH_SRC);
    wc_field(ctx, MFF_ETH_DST);
    wc_field(ctx, MFF_ETH_TYPE);
    wc_vlans(ctx);
    for (int i = 0; i < 6; i++) {
        mac[i] = f->dl_src.ea[i] ^ f->dl_dst.ea[i];
    }
    h = hash_bytes(mac, sizeof mac, h);
    h = hash_add(h, ntohs(f->dl_type));
    h = hash_add(h, flow_vlan_id(&ctx->flow));

    uint8_t proto = 0;
    if (f->dl_type == BE16_C(ETH_TYPE_IP)) {
        wc_field(ctx, MFF_IPV4_SRC);
        wc_field(ctx, MFF_IPV4_DST);
        wc_field(ctx, MFF_IP_PROTO);
        h = hash_add(h, (uint32_t) (f->nw_src ^ f->nw_dst));
        proto = f->nw_proto;
    } else if (f->dl_type == BE16_C(ETH_TYPE_IPV6)) {
        wc_field(ctx, MFF_IPV6_SRC);
        wc_field(ctx, MFF_IPV6_DST);
        wc_field(ctx, MFF_IP_PROTO);
        uint8_t a[16];
        for (int i = 0; i < 16; i++) {
            a[i] = f->ipv6_src.s6_addr[i] ^ f->ipv6_dst.s6_addr[i];
        }
        h = hash_bytes(a, sizeof a, h);
        proto = f->nw_proto;
    }
    if (proto) {
        h = hash_add(h, proto);
        enum mf_field_id src = 0, dst = 0;
        switch (proto) {
        case IPPROTO_TCP:
            src = MFF_TCP_SRC, dst = MFF_TCP_DST;
            break;
        case IPPROTO_UDP:
            src = MFF_UDP_SRC, dst = MFF_UDP_DST;
            break;
        case IPPROTO_SCTP:
            src = MFF_SCTP_SRC, dst = MFF_SCTP_DST;
            break;
        }
        if (src) {
            wc_field(ctx, src);
            wc_field(ctx, dst);
            h = hash_add(h, ntohs(f->tp_src ^ f->tp_dst));
        }
    }
    return hash_finish(h, 0);
}

static void
xlate_group(struct xlate_ctx *ctx, uint32_t group_id)
{
    struct ofgroup *group = ofgroup_find(ctx->ofproto, group_id);
    if (!group) {
        trace(ctx, "group:%"PRIu32": no such group, dropping", group_id);
        return;                 /* Deleted since: drop. */
    }
    trace(ctx, "group:%"PRIu32" (type %s)", group_id,
          ofp_group_type_to_string(group->desc.type));
    if (ctx->depth >= MAX_DEPTH) {
        ctx->xout->too_deep = true;
        ctx->exit = true;
        return;
    }

    ctx->depth++;
    record_group_hit(ctx, group, -1);
    switch (group->desc.type) {
    case OFPGT_ALL:
        for (size_t i = 0; i < group->desc.n_buckets; i++) {
            xlate_bucket(ctx, group, i);
        }
        break;
    case OFPGT_INDIRECT:
        if (group->desc.n_buckets) {
            xlate_bucket(ctx, group, 0);
        }
        break;
    case OFPGT_FF:
        for (size_t i = 0; i < group->desc.n_buckets; i++) {
            if (ofgroup_bucket_is_live(ctx->ofproto,
                                       &group->desc.buckets[i], 0)) {
                xlate_bucket(ctx, group, i);
                break;
            }
        }
        break;
    case OFPGT_SELECT: {
        int i = ofgroup_select_bucket(ctx->ofproto, group, select_hash(ctx));
        if (i >= 0) {
            xlate_bucket(ctx, group, i);
        }
        break;
    }
    }
    ctx->depth--;
}

static void
apply_actions(struct xlate_ctx *ctx, const void *ofpacts, size_t len)
{
    OFPACT_FOR_EACH (a, ofpacts, len) {
        if (ctx->exit) {
            return;
        }
        struct oflow *flow = &ctx->flow;
        switch ((enum ofpact_type) a->type) {
        case OFPACT_OUTPUT: {
            const struct ofpact_output *o = (const void *) a;
            xlate_output(ctx, o->port, o->max_len);
            break;
        }
        case OFPACT_CONTROLLER: {
            const struct ofpact_controller *c = (const void *) a;
            send_to_controller(ctx, c->max_len, c->controller_id,
                               c->reason);
            break;
        }
        case OFPACT_ENQUEUE: {
            const struct ofpact_enqueue *e = (const void *) a;
            xlate_output(ctx, e->port, 0);
            break;
        }
        case OFPACT_OUTPUT_REG: {
            const struct ofpact_output_reg *o = (const void *) a;
            union mf_subvalue sv;
            mf_read_subfield(&o->src, flow, &sv);
            mf_mask_field_and_prereqs(o->src.field, &ctx->xout->wc);
            uint32_t port = ntohl(((const be32 *) sv.u8)[3]);
            xlate_output(ctx, port, o->max_len);
            break;
        }
        case OFPACT_RESUBMIT:
            do_resubmit(ctx, (const void *) a);
            break;
        case OFPACT_PUSH_VLAN: {
            const struct ofpact_push_vlan *p = (const void *) a;
            push_vlan(ctx, p->ethertype);
            break;
        }
        case OFPACT_STRIP_VLAN:
            pop_vlan(ctx);
            break;
        case OFPACT_SET_VLAN_VID: {
            const struct ofpact_vlan_vid *v = (const void *) a;
            wc_vlans(ctx);
            if (!flow->dp.vlans[0].tpid) {
                if (!v->push_vlan_if_needed) {
                    break;
                }
                push_vlan(ctx, BE16_C(ETH_TYPE_VLAN_8021Q));
            }
            flow->dp.vlans[0].tci = htons((ntohs(flow->dp.vlans[0].tci)
                                           & ~0x0fff) | (v->vlan_vid & 0xfff));
            break;
        }
        case OFPACT_SET_VLAN_PCP: {
            const struct ofpact_vlan_pcp *v = (const void *) a;
            wc_vlans(ctx);
            if (!flow->dp.vlans[0].tpid) {
                if (!v->push_vlan_if_needed) {
                    break;
                }
                push_vlan(ctx, BE16_C(ETH_TYPE_VLAN_8021Q));
            }
            flow->dp.vlans[0].tci = htons((ntohs(flow->dp.vlans[0].tci)
                                           & ~0xe000)
                                          | ((v->vlan_pcp & 7) << 13));
            break;
        }
        case OFPACT_SET_ETH_SRC:
            wc_field(ctx, MFF_ETH_SRC);
            flow->dp.dl_src = ((const struct ofpact_mac *) a)->mac;
            break;
        case OFPACT_SET_ETH_DST:
            wc_field(ctx, MFF_ETH_DST);
            flow->dp.dl_dst = ((const struct ofpact_mac *) a)->mac;
            break;
        case OFPACT_SET_IPV4_SRC:
            if (flow->dp.dl_type == BE16_C(ETH_TYPE_IP)) {
                wc_field(ctx, MFF_IPV4_SRC);
                flow->dp.nw_src = ((const struct ofpact_ipv4 *) a)->ipv4;
            }
            break;
        case OFPACT_SET_IPV4_DST:
            if (flow->dp.dl_type == BE16_C(ETH_TYPE_IP)) {
                wc_field(ctx, MFF_IPV4_DST);
                flow->dp.nw_dst = ((const struct ofpact_ipv4 *) a)->ipv4;
            }
            break;
        case OFPACT_SET_IP_DSCP:
            if (is_ip(ctx)) {
                wc_field(ctx, MFF_IP_DSCP);
                flow->dp.nw_tos = ((flow->dp.nw_tos & 0x03)
                                   | (((const struct ofpact_u8 *) a)->value
                                      & 0xfc));
            }
            break;
        case OFPACT_SET_IP_ECN:
            if (is_ip(ctx)) {
                wc_field(ctx, MFF_IP_ECN);
                flow->dp.nw_tos = ((flow->dp.nw_tos & 0xfc)
                                   | (((const struct ofpact_u8 *) a)->value
                                      & 0x03));
            }
            break;
        case OFPACT_SET_IP_TTL:
            if (is_ip(ctx)) {
                wc_field(ctx, MFF_IP_TTL);
                flow->dp.nw_ttl = ((const struct ofpact_u8 *) a)->value;
            }
            break;
        case OFPACT_SET_L4_SRC_PORT:
        case OFPACT_SET_L4_DST_PORT: {
            const struct ofpact_l4_port *p = (const void *) a;
            uint8_t proto = flow->dp.nw_proto;
            if (!is_ip(ctx) || (proto != IPPROTO_TCP && proto != IPPROTO_UDP
                                && proto != IPPROTO_SCTP)) {
                break;
            }
            bool src = a->type == OFPACT_SET_L4_SRC_PORT;
            wc_field(ctx, (proto == IPPROTO_TCP
                           ? (src ? MFF_TCP_SRC : MFF_TCP_DST)
                           : proto == IPPROTO_UDP
                           ? (src ? MFF_UDP_SRC : MFF_UDP_DST)
                           : (src ? MFF_SCTP_SRC : MFF_SCTP_DST)));
            if (src) {
                flow->dp.tp_src = htons(p->port);
            } else {
                flow->dp.tp_dst = htons(p->port);
            }
            break;
        }
        case OFPACT_SET_FIELD: {
            const struct ofpact_set_field *sf = (const void *) a;
            if (mf_are_prereqs_ok(sf->field, flow)) {
                set_field_masked(ctx, sf->field, &sf->value, &sf->mask);
            }
            break;
        }
        case OFPACT_REG_MOVE: {
            const struct ofpact_reg_move *m = (const void *) a;
            union mf_subvalue sv;
            mf_read_subfield(&m->src, flow, &sv);
            mf_write_subfield_flow(&m->dst, &sv, flow);
            mf_mask_field_and_prereqs(m->src.field, &ctx->xout->wc);
            mf_mask_field_and_prereqs(m->dst.field, &ctx->xout->wc);
            break;
        }
        case OFPACT_DEC_TTL:
            if (!dec_ttl(ctx, (const void *) a)) {
                ctx->exit = true;
            }
            break;
        case OFPACT_SET_QUEUE:
        case OFPACT_POP_QUEUE:
        case OFPACT_NOTE:
            break;
        case OFPACT_CLEAR_ACTIONS:
            buffer_clear(&ctx->action_set);
            break;
        case OFPACT_WRITE_ACTIONS:
            buffer_put(&ctx->action_set, ofpact_nest_actions(a),
                       ofpact_nest_size(a));
            break;
        case OFPACT_WRITE_METADATA: {
            const struct ofpact_metadata *md = (const void *) a;
            flow->metadata = ((flow->metadata & ~md->mask)
                              | (md->metadata & md->mask));
            break;
        }
        case OFPACT_GOTO_TABLE:
            xlate_table(ctx, ((const struct ofpact_goto_table *) a)->table_id);
            break;
        case OFPACT_GROUP:
            xlate_group(ctx, ((const struct ofpact_group *) a)->group_id);
            break;
        case OFPACT_METER: {
            const struct ofmeter *m = ofmeter_find(
                ctx->ofproto, ((const struct ofpact_meter *) a)->meter_id);
            if (m) {
                odp_put_meter(&ctx->xout->odp_actions, m->dp_meter_id);
            }
            break;
        }
        case OFPACT_SET_MPLS_TTL:
        case OFPACT_DEC_MPLS_TTL:
        default:
            ctx->xout->n_unsupported++;
            break;
        }
    }
}

/* Traces the lookup in TABLE_ID that found RULE (NULL: a miss). */
static void
trace_lookup(struct xlate_ctx *ctx, uint8_t table_id, const struct rule *rule)
{
    if (!rule) {
        trace(ctx, "%2d. No match.", table_id);
        if (!ctx->depth && table_id == 0) {
            trace(ctx, "    %s",
                  ofproto_wants_miss_packet_ins(ctx->ofproto)
                  ? "-> table miss: packet-in to OpenFlow 1.0-1.2 "
                    "controllers"
                  : "drop");
        }
        return;
    }
    struct ds m = DS_EMPTY_INITIALIZER;
    struct ds a = DS_EMPTY_INITIALIZER;
    match_format(&rule->cr.match, &m);
    const struct rule_actions *actions = rule_get_actions(rule);
    ofpacts_format(actions->ofpacts, actions->len, &a);
    be64 cookie = atomic_read_relaxed(&((struct rule *) rule)->cookie);
    trace(ctx, "%2d. %s%spriority %d", table_id, ds_cstr(&m),
          m.length ? ", " : "", rule->cr.priority);
    if (cookie) {
        trace(ctx, "    cookie 0x%"PRIx64, ntohll(cookie));
    }
    trace(ctx, "    %s", a.length ? ds_cstr(&a) : "drop");
    ds_destroy(&m);
    ds_destroy(&a);
}

static void
xlate_table(struct xlate_ctx *ctx, uint8_t table_id)
{
    if (ctx->exit) {
        return;
    }
    if (ctx->depth >= MAX_DEPTH || table_id >= OFTABLES_N) {
        ctx->xout->too_deep = ctx->depth >= MAX_DEPTH;
        ctx->exit = true;
        return;
    }
    if (!count_work(ctx)) {
        return;
    }

    const struct rule *rule = tables_lookup(&ctx->ofproto->tables, table_id,
                                            ctx->xin->version, &ctx->flow,
                                            &ctx->xout->wc);
    if (ctx->xin->trace) {
        trace_lookup(ctx, table_id, rule);
    }
    if (!rule) {
        /* A table miss: in the pipeline's first lookup, a packet-in
         * (which only OpenFlow 1.0 to 1.2 connections get; from 1.3 on a
         * miss drops unless a table-miss flow says otherwise). */
        if (!ctx->depth && table_id == 0
            && ofproto_wants_miss_packet_ins(ctx->ofproto)) {
            send_to_controller(ctx, UINT16_MAX, 0, OFPR_NO_MATCH);
        }
        return;
    }
    if (ctx->xout->n_rules < XLATE_MAX_RULES) {
        ctx->xout->rules[ctx->xout->n_rules++] = rule;
    }

    uint8_t old_table = ctx->table_id;
    const struct rule *old_rule = ctx->rule;
    ctx->table_id = table_id;
    ctx->rule = rule;
    ctx->depth++;
    const struct rule_actions *actions = rule_get_actions(rule);
    apply_actions(ctx, actions->ofpacts, actions->len);
    ctx->depth--;
    ctx->table_id = old_table;
    ctx->rule = old_rule;
}

/* Runs the action set in OpenFlow's order: header changes first, then
 * the group or the output. */
static void
run_action_set(struct xlate_ctx *ctx)
{
    struct buffer set = ctx->action_set;
    struct buffer outputs;

    buffer_init(&ctx->action_set, 0);
    buffer_init(&outputs, 0);
    OFPACT_FOR_EACH (a, set.data, set.size) {
        if (a->type == OFPACT_OUTPUT || a->type == OFPACT_GROUP
            || a->type == OFPACT_CONTROLLER || a->type == OFPACT_ENQUEUE) {
            buffer_put(&outputs, a, a->len);
        } else {
            apply_actions(ctx, a, a->len);
        }
    }
    apply_actions(ctx, outputs.data, outputs.size);
    buffer_uninit(&outputs);
    buffer_uninit(&set);
}

void
xlate_actions(const struct xlate_in *in, struct xlate_out *out)
{
    struct xlate_ctx ctx = {
        .xin = in,
        .xout = out,
        .ofproto = in->ofproto,
        .flow = in->flow,
        .base = in->flow,
        .table_id = 0,
        .rule = NULL,
        .depth = 0,
        .work = 0,
        .exit = false,
    };
    buffer_init(&ctx.action_set, 0);

    /* The datapath matches in_port and recirc_id exactly, always. */
    out->wc.dp.in_port = UINT32_MAX;
    out->wc.dp.recirc_id = UINT32_MAX;

    if (!in->start_rule && !in->ofpacts && ofproto_fail_open(in->ofproto)) {
        /* Fail-open: no controller is reachable and the switch is in
         * fail mode standalone, so it acts as a learning switch whatever
         * its flows say, as Open vSwitch's hidden fail-open flow makes
         * it do. */
        xlate_normal(&ctx);
    } else if (in->start_rule) {
        ctx.rule = in->start_rule;
        const struct rule_actions *a = rule_get_actions(in->start_rule);
        apply_actions(&ctx, a->ofpacts, a->len);
    } else if (in->ofpacts) {
        apply_actions(&ctx, in->ofpacts, in->ofpacts_len);
    } else {
        xlate_table(&ctx, 0);
    }
    if (!ctx.exit && ctx.action_set.size) {
        run_action_set(&ctx);
    }
    if (out->too_deep) {
        buffer_clear(&out->odp_actions);
    }
    buffer_uninit(&ctx.action_set);
}
