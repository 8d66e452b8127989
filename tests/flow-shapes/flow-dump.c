/* flow-dump: prints the flow key that Sluice extracts from each packet of
 * a pcap file, one line per packet, as "key=value" pairs (the default) or
 * in flow_format() style (--format).  tests/system/flow-tshark.sh compares
 * the pairs with tshark's decoding of the same file.
 *
 * Each packet is copied into a buffer of exactly its size, so that a
 * sanitizer build catches any read past its end.  Each is parsed both
 * with flow_extract() and miniflow_extract(); if the two disagree, the
 * program reports it and exits with status 1. */
#include <config.h>

#include <inttypes.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <string.h>
#include "dp-packet.h"
#include "dynamic-string.h"
#include "flow.h"
#include "packets.h"
#include "util.h"

static void
usage(void)
{
    printf("%s: prints the flow key of each packet in a pcap file\n"
           "usage: %s [--format] FILE.pcap\n"
           "  --format  print flow_format() output instead of key=value "
           "pairs\n", program_name, program_name);
}

static void
put_ofs(struct ds *ds, const char *name, uint16_t ofs)
{
    if (ofs == UINT16_MAX) {
        ds_put_format(ds, " %s=-", name);
    } else {
        ds_put_format(ds, " %s=%u", name, ofs);
    }
}

static void
put_ipv6(struct ds *ds, const char *name, const struct in6_addr *addr)
{
    ds_put_format(ds, " %s=", name);
    ipv6_format_addr(ds, addr);
}

static void
format_pairs(struct ds *ds, const struct flow *f, const struct dp_packet *p)
{
    ds_put_format(ds, "dl_dst=" ETH_ADDR_FMT " dl_src=" ETH_ADDR_FMT
                  " dl_type=0x%04x", ETH_ADDR_ARGS(f->dl_dst),
                  ETH_ADDR_ARGS(f->dl_src), ntohs(f->dl_type));
    for (int i = 0; i < FLOW_MAX_VLAN_HEADERS; i++) {
        const struct flow_vlan *v = &f->vlans[i];
        ds_put_format(ds, " vlan%d_tpid=0x%04x vlan%d_vid=%u vlan%d_pcp=%d"
                      " vlan%d_dei=%d", i, ntohs(v->tpid),
                      i, vlan_tci_to_vid(v->tci), i, vlan_tci_to_pcp(v->tci),
                      i, vlan_tci_to_dei(v->tci));
    }
    for (int i = 0; i < FLOW_MAX_MPLS_LABELS; i++) {
        be32 lse = f->mpls_lse[i];
        ds_put_format(ds, " mpls%d_label=%"PRIu32" mpls%d_tc=%d"
                      " mpls%d_bos=%d mpls%d_ttl=%d",
                      i, mpls_lse_to_label(lse), i, mpls_lse_to_tc(lse),
                      i, mpls_lse_to_bos(lse), i, mpls_lse_to_ttl(lse));
    }
    ds_put_format(ds, " nw_src=" IP_FMT " nw_dst=" IP_FMT,
                  IP_ARGS(f->nw_src), IP_ARGS(f->nw_dst));
    put_ipv6(ds, "ipv6_src", &f->ipv6_src);
    put_ipv6(ds, "ipv6_dst", &f->ipv6_dst);
    ds_put_format(ds, " ipv6_label=0x%05"PRIx32" nw_proto=%u nw_tos=0x%02x"
                  " nw_ttl=%u nw_frag=%u", ntohl(f->ipv6_label),
                  f->nw_proto, f->nw_tos, f->nw_ttl, f->nw_frag);
    put_ipv6(ds, "nd_target", &f->nd_target);
    ds_put_format(ds, " arp_sha=" ETH_ADDR_FMT " arp_tha=" ETH_ADDR_FMT
                  " tp_src=%u tp_dst=%u tcp_flags=0x%03x",
                  ETH_ADDR_ARGS(f->arp_sha), ETH_ADDR_ARGS(f->arp_tha),
                  ntohs(f->tp_src), ntohs(f->tp_dst), ntohs(f->tcp_flags));
    put_ofs(ds, "l2_5_ofs", p->l2_5_ofs);
    put_ofs(ds, "l3_ofs", p->l3_ofs);
    put_ofs(ds, "l4_ofs", p->l4_ofs);
}

int
main(int argc, char *argv[])
{
    bool pairs = true;
    const char *file_name = NULL;

    set_program_name(argv[0]);
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage();
            return 0;
        } else if (!strcmp(argv[i], "--format")) {
            pairs = false;
        } else if (argv[i][0] != '-' && !file_name) {
            file_name = argv[i];
        } else {
            sluice_error(0, "bad argument %s; use --help for help", argv[i]);
            return 2;
        }
    }
    if (!file_name) {
        sluice_error(0, "missing pcap file name; use --help for help");
        return 2;
    }

    char errbuf[PCAP_ERRBUF_SIZE];
    pcap_t *pcap = pcap_open_offline(file_name, errbuf);
    if (!pcap) {
        sluice_fatal(0, "%s", errbuf);
    }

    struct pcap_pkthdr *hdr;
    const u_char *bytes;
    unsigned long long n = 0;
    int status = 0;
    int retval;
    struct ds ds = DS_EMPTY_INITIALIZER;
    while ((retval = pcap_next_ex(pcap, &hdr, &bytes)) == 1) {
        n++;
        if (hdr->caplen > DP_PACKET_MAX_SIZE) {
            sluice_error(0, "%s: packet %llu: %u bytes is too long",
                         file_name, n, hdr->caplen);
            status = 1;
            continue;
        }

        void *copy = xmemdup(bytes, hdr->caplen);
        struct dp_packet packet;
        struct flow flow;
        dp_packet_use_const(&packet, copy, hdr->caplen);
        packet.md.in_port = 1;
        flow_extract(&packet, &flow);
        uint16_t ofs[3] = { packet.l2_5_ofs, packet.l3_ofs, packet.l4_ofs };

        struct miniflow_buf mf;
        struct flow expanded;
        miniflow_extract(&packet, &mf.mf);
        miniflow_expand(&mf.mf, &expanded);
        if (!flow_equal(&flow, &expanded)
            || miniflow_hash(&mf.mf, 0) != flow_hash(&flow, 0)
            || ofs[0] != packet.l2_5_ofs || ofs[1] != packet.l3_ofs
            || ofs[2] != packet.l4_ofs) {
            sluice_error(0, "%s: packet %llu: flow_extract() and "
                         "miniflow_extract() disagree", file_name, n);
            status = 1;
        }

        ds_clear(&ds);
        ds_put_format(&ds, "frame=%llu ", n);
        if (pairs) {
            format_pairs(&ds, &flow, &packet);
        } else {
            flow_format(&ds, &flow);
        }
        puts(ds_cstr(&ds));
        free(copy);
    }
    if (retval == PCAP_ERROR) {
        sluice_error(0, "%s: %s", file_name, pcap_geterr(pcap));
        status = 1;
    }
    ds_destroy(&ds);
    pcap_close(pcap);
    return status;
}
