/* libFuzzer target for flow extraction (lib/flow.c).
 *
 * The input is a packet.  libFuzzer hands over a buffer of exactly the
 * input's size, so ASan reports any read past the packet.  For each input
 * it checks that:
 *   - flow_extract() and miniflow_extract() agree on the key and on the
 *     layer offsets, and the miniflow is canonical (exactly the nonzero
 *     words, equal to miniflow_init() of the key, with an equal hash);
 *   - the layer offsets lie within the packet and in order;
 *   - the key respects the invariants of struct flow: pad bytes are zero,
 *     nw_frag holds only FLOW_NW_FRAG_* bits and LATER implies ANY, a
 *     later fragment has no L4 fields, fields of other protocols are zero;
 *   - flow_format() works on it. */
#include <config.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "dp-packet.h"
#include "dynamic-string.h"
#include "flow.h"
#include "packets.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_invariants(const struct flow *f, const struct dp_packet *p)
{
    size_t size = dp_packet_size(p);
    uint16_t dl_type = ntohs(f->dl_type);
    bool is_ip = dl_type == ETH_TYPE_IP || dl_type == ETH_TYPE_IPV6;
    bool is_arp = dl_type == ETH_TYPE_ARP || dl_type == ETH_TYPE_RARP;

    if (f->pad_md || f->pad_l2[0] || f->pad_l2[1]
        || !is_all_zeros(f->pad_mpls, sizeof f->pad_mpls)
        || !is_all_zeros(f->pad_arp, sizeof f->pad_arp)
        || f->pad_l4[0] || f->pad_l4[1]) {
        sluice_abort("nonzero pad bytes");
    }
    if (f->nw_frag & ~FLOW_NW_FRAG_MASK
        || (f->nw_frag & FLOW_NW_FRAG_LATER
            && !(f->nw_frag & FLOW_NW_FRAG_ANY))) {
        sluice_abort("bad nw_frag 0x%x", f->nw_frag);
    }
    if (f->nw_frag & FLOW_NW_FRAG_LATER
        && (f->tp_src || f->tp_dst || f->tcp_flags
            || p->l4_ofs != UINT16_MAX)) {
        sluice_abort("later fragment with L4 fields");
    }
    if (f->tcp_flags & ~BE16_C(TCP_FLAGS_MASK)
        || (f->tcp_flags && f->nw_proto != IPPROTO_TCP)) {
        sluice_abort("bad tcp_flags");
    }
    if (size < ETH_HEADER_LEN
        && (f->dl_type || !eth_addr_is_zero(f->dl_src)
            || p->l3_ofs != UINT16_MAX)) {
        sluice_abort("L2 fields without an Ethernet header");
    }
    if (!eth_type_mpls(f->dl_type)
        && !is_all_zeros(f->mpls_lse, sizeof f->mpls_lse)) {
        sluice_abort("MPLS fields in a non-MPLS packet");
    }
    if (dl_type != ETH_TYPE_IPV6
        && (!ipv6_addr_is_zero(&f->ipv6_src) || f->ipv6_label
            || !ipv6_addr_is_zero(&f->nd_target))) {
        sluice_abort("IPv6 fields in a non-IPv6 packet");
    }
    if (!is_ip && !is_arp && (f->nw_src || f->nw_dst || f->nw_proto)) {
        sluice_abort("L3 fields in a packet that is not IP or ARP");
    }
    if (!is_ip && (f->tp_src || f->tp_dst || p->l4_ofs != UINT16_MAX)) {
        sluice_abort("L4 fields in a non-IP packet");
    }
    if (f->vlans[1].tpid && !f->vlans[0].tpid) {
        sluice_abort("inner VLAN without an outer one");
    }

    uint16_t ofs[3] = { p->l2_5_ofs, p->l3_ofs, p->l4_ofs };
    uint16_t last = 0;
    for (int i = 0; i < 3; i++) {
        if (ofs[i] != UINT16_MAX) {
            if (ofs[i] > size || ofs[i] < last) {
                sluice_abort("layer offset %d is %u (size %zu)", i, ofs[i],
                             size);
            }
            last = ofs[i];
        }
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct dp_packet packet;
    struct flow flow;

    if (size > DP_PACKET_MAX_SIZE) {
        return 0;
    }
    dp_packet_use_const(&packet, data, size);
    packet.md.in_port = 1;
    flow_extract(&packet, &flow);
    uint16_t ofs[3] = { packet.l2_5_ofs, packet.l3_ofs, packet.l4_ofs };
    check_invariants(&flow, &packet);

    struct miniflow_buf mf;
    struct flow expanded;
    miniflow_extract(&packet, &mf.mf);
    miniflow_expand(&mf.mf, &expanded);
    if (!flow_equal(&flow, &expanded)
        || ofs[0] != packet.l2_5_ofs || ofs[1] != packet.l3_ofs
        || ofs[2] != packet.l4_ofs) {
        sluice_abort("flow_extract() and miniflow_extract() disagree");
    }

    const uint64_t *values = miniflow_get_values(&mf.mf);
    for (size_t i = 0; i < miniflow_n_values(&mf.mf); i++) {
        if (!values[i]) {
            sluice_abort("zero value in miniflow");
        }
    }
    struct miniflow_buf mf2;
    miniflow_init(&mf2.mf, &flow);
    if (!miniflow_equal(&mf.mf, &mf2.mf)
        || miniflow_hash(&mf.mf, 7) != flow_hash(&flow, 7)) {
        sluice_abort("miniflow is not canonical");
    }

    struct ds ds = DS_EMPTY_INITIALIZER;
    flow_format(&ds, &flow);
    ds_destroy(&ds);
    return 0;
}
