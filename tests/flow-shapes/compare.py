#! /usr/bin/env python3
"""Compares Sluice's flow keys with tshark's decoding of the same packets.

usage: compare.py --fields
           prints the tshark fields to extract, one per line
       compare.py TSHARK_OUT FLOW_DUMP_OUT [SHAPE_LIST]
           compares; exits 1 with a field-by-field diff on any mismatch

TSHARK_OUT is the output of
    tshark -r FILE -T fields -e F1 -e F2 ... -E header=y -E separator='|'
           -E aggregator=';' -E occurrence=a
with the fields that --fields prints; FLOW_DUMP_OUT is flow-dump's
key=value output for the same file; SHAPE_LIST, from gen-shapes --list,
names the packets in messages.

For every packet, the key that Sluice must produce is derived here from
tshark's decoding, applying the rules that lib/flow.h documents for what
counts as a complete, valid header (tshark decodes what it can of a
malformed header; Sluice leaves such a layer out of the key).  Every field
of the key is then compared, as are the layer offsets.  Where tshark
verified a checksum of a layer that is in the key, it must not be bad:
that checks lib/csum.c, which built the packets, against tshark.
"""

import ipaddress
import sys

FIELDS = """
frame.number frame.len
eth.dst eth.src eth.type eth.len
llc.dsap llc.ssap llc.control llc.oui llc.type
vlan.etype vlan.id vlan.priority vlan.dei
ieee8021ad.id ieee8021ad.priority ieee8021ad.dei ieee8021ah.etype
mpls.label mpls.exp mpls.bottom mpls.ttl
arp.hw.type arp.proto.type arp.hw.size arp.proto.size arp.opcode
arp.src.hw_mac arp.src.proto_ipv4 arp.dst.hw_mac arp.dst.proto_ipv4
ip.version ip.hdr_len ip.len ip.dsfield ip.flags.mf ip.frag_offset
ip.ttl ip.proto ip.src ip.dst ip.checksum.status
ipv6.version ipv6.tclass ipv6.flow ipv6.plen ipv6.nxt ipv6.hlim
ipv6.src ipv6.dst
ipv6.hopopts.nxt ipv6.hopopts.len_oct
ipv6.routing.nxt ipv6.routing.len_oct
ipv6.dstopts.nxt ipv6.dstopts.len_oct
ipv6.fraghdr.nxt ipv6.fraghdr.offset ipv6.fraghdr.more
ah.next_header ah.length
tcp.srcport tcp.dstport tcp.hdr_len tcp.flags tcp.checksum.status
udp.srcport udp.dstport udp.checksum.status
sctp.srcport sctp.dstport sctp.checksum.status
icmp.type icmp.code icmp.checksum.status
icmpv6.type icmpv6.code icmpv6.checksum.status
icmpv6.nd.ns.target_address icmpv6.nd.na.target_address
icmpv6.opt.type icmpv6.opt.length icmpv6.opt.linkaddr
""".split()

ZERO_MAC = "00:00:00:00:00:00"
FRAG_ANY = 1
FRAG_LATER = 2

# Extension headers: tshark field prefix and length rule.
EXT_HEADERS = {0: "ipv6.hopopts", 43: "ipv6.routing", 60: "ipv6.dstopts"}
IPPROTO_AH = 51
IPPROTO_FRAGMENT = 44

# How each flow-dump key is normalized for comparison.
KEY_KINDS = {"dl_dst": "mac", "dl_src": "mac", "arp_sha": "mac",
             "arp_tha": "mac", "nw_src": "ip", "nw_dst": "ip",
             "ipv6_src": "ip", "ipv6_dst": "ip", "nd_target": "ip",
             "l2_5_ofs": "ofs", "l3_ofs": "ofs", "l4_ofs": "ofs"}


def key_names():
    names = ["dl_dst", "dl_src", "dl_type"]
    for i in range(2):
        names += ["vlan%d_%s" % (i, f) for f in ("tpid", "vid", "pcp",
                                                  "dei")]
    for i in range(3):
        names += ["mpls%d_%s" % (i, f) for f in ("label", "tc", "bos",
                                                  "ttl")]
    names += ["nw_src", "nw_dst", "ipv6_src", "ipv6_dst", "ipv6_label",
              "nw_proto", "nw_tos", "nw_ttl", "nw_frag", "nd_target",
              "arp_sha", "arp_tha", "tp_src", "tp_dst", "tcp_flags",
              "l2_5_ofs", "l3_ofs", "l4_ofs"]
    return names


def normalize(name, value):
    kind = KEY_KINDS.get(name, "int")
    value = str(value)
    if kind == "mac":
        return value.lower()
    if kind == "ip":
        return ipaddress.ip_address(value).compressed
    if kind == "ofs":
        return value
    if value in ("True", "False"):
        return int(value == "True")
    return int(value, 0)


def show_like(sample, value):
    """Formats VALUE the way flow-dump printed SAMPLE (hex or not)."""
    if isinstance(value, int) and sample.startswith("0x"):
        return "0x%0*x" % (len(sample) - 2, value)
    return str(value)


def zero_key():
    key = {}
    for name in key_names():
        kind = KEY_KINDS.get(name, "int")
        key[name] = {"mac": ZERO_MAC, "ofs": "-"}.get(kind, 0)
    key["nw_src"] = key["nw_dst"] = "0.0.0.0"
    key["ipv6_src"] = key["ipv6_dst"] = key["nd_target"] = "::"
    return key


class Packet:
    """One packet's tshark fields: each a list of occurrences."""

    def __init__(self, fields):
        self.fields = fields
        self.checksums = []     # (field, status) of layers in the key.

    def all(self, name):
        return self.fields.get(name, [])

    def get(self, name, index=0):
        values = self.all(name)
        return values[index] if index < len(values) else None

    def int(self, name, index=0):
        value = self.get(name, index)
        if value is None:
            return None
        if value in ("True", "False"):
            return int(value == "True")
        return int(value, 0)

    def checksum(self, name):
        status = self.int(name)
        if status is not None:
            self.checksums.append((name, status))


def expect_l4(p, key, proto, avail, is_ipv6):
    """Fills KEY's L4 fields for protocol PROTO with AVAIL bytes."""
    if proto == 6:
        hdr_len = p.int("tcp.hdr_len")
        if avail >= 20 and hdr_len is not None and 20 <= hdr_len <= avail:
            key["tp_src"] = p.int("tcp.srcport")
            key["tp_dst"] = p.int("tcp.dstport")
            key["tcp_flags"] = p.int("tcp.flags") & 0xfff
            p.checksum("tcp.checksum.status")
    elif proto == 17:
        if avail >= 8:
            key["tp_src"] = p.int("udp.srcport")
            key["tp_dst"] = p.int("udp.dstport")
            p.checksum("udp.checksum.status")
    elif proto == 132:
        if avail >= 12:
            key["tp_src"] = p.int("sctp.srcport")
            key["tp_dst"] = p.int("sctp.dstport")
            p.checksum("sctp.checksum.status")
    elif proto == 1 and not is_ipv6:
        if avail >= 8:
            key["tp_src"] = p.int("icmp.type")
            key["tp_dst"] = p.int("icmp.code")
            p.checksum("icmp.checksum.status")
    elif proto == 58 and is_ipv6:
        if avail >= 4:
            icmp_type = p.int("icmpv6.type")
            code = p.int("icmpv6.code")
            key["tp_src"] = icmp_type
            key["tp_dst"] = code
            p.checksum("icmpv6.checksum.status")
            if icmp_type in (135, 136) and code == 0 and avail >= 24:
                expect_nd(p, key, icmp_type, avail - 24)


def expect_nd(p, key, icmp_type, left):
    """Neighbour discovery: the target, then the options in LEFT bytes."""
    if icmp_type == 135:
        key["nd_target"] = p.get("icmpv6.nd.ns.target_address")
    else:
        key["nd_target"] = p.get("icmpv6.nd.na.target_address")

    types = p.all("icmpv6.opt.type")
    lengths = p.all("icmpv6.opt.length")
    lladdrs = p.all("icmpv6.opt.linkaddr")
    sll = tll = None
    ok = True
    i = n_lladdr = 0
    while left > 0:
        if left < 2 or i >= len(types) or i >= len(lengths):
            ok = False
            break
        opt_type = int(types[i], 0)
        opt_len = int(lengths[i], 0) * 8
        if opt_len == 0 or opt_len > left:
            ok = False
            break
        if opt_len == 8 and opt_type in (1, 2):
            mac = lladdrs[n_lladdr]
            n_lladdr += 1
            if opt_type == 1:
                if sll is not None:
                    ok = False
                    break
                sll = mac
            else:
                if tll is not None:
                    ok = False
                    break
                tll = mac
        left -= opt_len
        i += 1
    if ok:
        key["arp_sha"] = sll or ZERO_MAC
        key["arp_tha"] = tll or ZERO_MAC


def expect_ipv4(p, key, ofs, avail):
    version = p.int("ip.version")
    hdr_len = p.int("ip.hdr_len")
    tot_len = p.int("ip.len")
    if (avail < 20 or version != 4 or hdr_len is None or tot_len is None
            or not 20 <= hdr_len <= avail
            or not hdr_len <= tot_len <= avail):
        return
    p.checksum("ip.checksum.status")
    key["nw_src"] = p.get("ip.src")
    key["nw_dst"] = p.get("ip.dst")
    key["nw_proto"] = proto = p.int("ip.proto")
    key["nw_tos"] = p.int("ip.dsfield")
    key["nw_ttl"] = p.int("ip.ttl")
    frag = 0
    if p.int("ip.flags.mf") or p.int("ip.frag_offset"):
        frag = FRAG_ANY
        if p.int("ip.frag_offset"):
            frag |= FRAG_LATER
    key["nw_frag"] = frag
    if frag & FRAG_LATER:
        return
    key["l4_ofs"] = ofs + hdr_len
    expect_l4(p, key, proto, tot_len - hdr_len, False)


def expect_ipv6(p, key, ofs, avail):
    version = p.int("ipv6.version")
    plen = p.int("ipv6.plen")
    if avail < 40 or version != 6 or plen is None or plen > avail - 40:
        return
    key["ipv6_src"] = p.get("ipv6.src")
    key["ipv6_dst"] = p.get("ipv6.dst")
    key["ipv6_label"] = p.int("ipv6.flow")
    key["nw_tos"] = p.int("ipv6.tclass")
    key["nw_ttl"] = p.int("ipv6.hlim")

    # Walk the extension headers, taking each type's occurrences in order.
    nxt = p.int("ipv6.nxt")
    left = plen
    pos = ofs + 40
    seen = {}
    frag = 0
    complete = True
    while True:
        index = seen.get(nxt, 0)
        if nxt in EXT_HEADERS or nxt == IPPROTO_AH:
            if nxt == IPPROTO_AH:
                length = p.int("ah.length", index)
                length = None if length is None else (length + 2) * 4
                next_field = "ah.next_header"
            else:
                length = p.int(EXT_HEADERS[nxt] + ".len_oct", index)
                next_field = EXT_HEADERS[nxt] + ".nxt"
            if left < 8 or length is None or length > left:
                complete = False
                break
            seen[nxt] = index + 1
            nxt = p.int(next_field, index)
            left -= length
            pos += length
        elif nxt == IPPROTO_FRAGMENT:
            if left < 8 or p.get("ipv6.fraghdr.nxt", index) is None:
                complete = False
                break
            seen[nxt] = index + 1
            frag = FRAG_ANY
            offset = p.int("ipv6.fraghdr.offset", index)
            nxt = p.int("ipv6.fraghdr.nxt", index)
            left -= 8
            pos += 8
            if offset:
                frag |= FRAG_LATER
                break
        else:
            break
    key["nw_proto"] = nxt
    key["nw_frag"] = frag
    if not complete or frag & FRAG_LATER:
        return
    key["l4_ofs"] = pos
    expect_l4(p, key, nxt, left, True)


def expect(p):
    """Returns the key that Sluice must extract from packet P."""
    key = zero_key()
    frame_len = p.int("frame.len")
    if frame_len < 14:
        return key
    key["dl_dst"] = p.get("eth.dst")
    key["dl_src"] = p.get("eth.src")

    # Tags: follow the chain of types, taking 802.1Q and 802.1ad
    # occurrences in order.
    dl_type = p.int("eth.type")
    if dl_type is None:
        dl_type = p.int("eth.len")
    ofs = 14
    n_q = n_ad = 0
    for i in range(2):
        if dl_type == 0x8100:
            fields = ("vlan.id", "vlan.priority", "vlan.dei", "vlan.etype")
            index = n_q
        elif dl_type == 0x88a8:
            fields = ("ieee8021ad.id", "ieee8021ad.priority",
                      "ieee8021ad.dei", "ieee8021ah.etype")
            index = n_ad
        else:
            break
        next_type = p.int(fields[3], index)
        if next_type is None or frame_len < ofs + 4:
            break
        key["vlan%d_tpid" % i] = dl_type
        key["vlan%d_vid" % i] = p.int(fields[0], index)
        key["vlan%d_pcp" % i] = p.int(fields[1], index)
        key["vlan%d_dei" % i] = p.int(fields[2], index)
        if dl_type == 0x8100:
            n_q += 1
        else:
            n_ad += 1
        dl_type = next_type
        ofs += 4

    if dl_type < 0x600:
        if (p.int("llc.dsap") == 0xaa and p.int("llc.ssap") == 0xaa
                and p.int("llc.control") == 3 and p.int("llc.oui") == 0
                and p.get("llc.type") is not None
                and frame_len >= ofs + 8):
            dl_type = p.int("llc.type")
            ofs += 8
        else:
            dl_type = 0x5ff
    key["dl_type"] = dl_type

    if dl_type in (0x8847, 0x8848):
        key["l2_5_ofs"] = ofs
        for i in range(len(p.all("mpls.label"))):
            if frame_len < ofs + 4 * (i + 1):
                break
            if i < 3:
                key["mpls%d_label" % i] = p.int("mpls.label", i)
                key["mpls%d_tc" % i] = p.int("mpls.exp", i)
                key["mpls%d_bos" % i] = p.int("mpls.bottom", i)
                key["mpls%d_ttl" % i] = p.int("mpls.ttl", i)
            if p.int("mpls.bottom", i):
                key["l3_ofs"] = ofs + 4 * (i + 1)
                break
        return key

    key["l3_ofs"] = ofs
    avail = frame_len - ofs
    if dl_type in (0x0806, 0x8035):
        if (avail >= 28 and p.int("arp.hw.type") == 1
                and p.int("arp.proto.type") == 0x0800
                and p.int("arp.hw.size") == 6
                and p.int("arp.proto.size") == 4):
            key["nw_src"] = p.get("arp.src.proto_ipv4")
            key["nw_dst"] = p.get("arp.dst.proto_ipv4")
            opcode = p.int("arp.opcode")
            key["nw_proto"] = opcode if opcode <= 255 else 0
            key["arp_sha"] = p.get("arp.src.hw_mac")
            key["arp_tha"] = p.get("arp.dst.hw_mac")
    elif dl_type == 0x0800:
        expect_ipv4(p, key, ofs, avail)
    elif dl_type == 0x86dd:
        expect_ipv6(p, key, ofs, avail)
    return key


def read_tshark(file_name):
    with open(file_name) as f:
        lines = f.read().splitlines()
    header = lines[0].split("|")
    if header != FIELDS:
        sys.exit("%s: unexpected header %s" % (file_name, lines[0]))
    packets = []
    for line in lines[1:]:
        values = line.split("|")
        fields = {}
        for name, value in zip(header, values):
            if value:
                fields[name] = value.split(";")
        packets.append(Packet(fields))
    return packets


def read_dump(file_name):
    keys = []
    with open(file_name) as f:
        for line in f:
            pairs = dict(item.split("=", 1) for item in line.split())
            keys.append(pairs)
    return keys


def main():
    if sys.argv[1:] == ["--fields"]:
        print("\n".join(FIELDS))
        return 0
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)

    packets = read_tshark(sys.argv[1])
    dumps = read_dump(sys.argv[2])
    names = {}
    if len(sys.argv) == 4:
        with open(sys.argv[3]) as f:
            for line in f:
                number, name, kind = line.split()
                names[int(number)] = "%s, %s" % (name, kind)

    if len(packets) != len(dumps):
        print("tshark decoded %d packets, flow-dump printed %d"
              % (len(packets), len(dumps)))
        return 1

    n_fields = n_good = n_unverified = 0
    failures = []
    for i, (p, dump) in enumerate(zip(packets, dumps)):
        number = i + 1
        label = "packet %d (%s)" % (number, names.get(number, "?"))
        if p.int("frame.number") != number or dump.get("frame") != str(
                number):
            failures.append("%s: frame numbers out of step" % label)
            continue
        expected = expect(p)
        for name in key_names():
            if name not in dump:
                failures.append("%s: flow-dump lacks %s" % (label, name))
                continue
            want = normalize(name, expected[name])
            got = normalize(name, dump[name])
            n_fields += 1
            if want != got:
                failures.append("%s: %s: Sluice has %s, tshark's decoding "
                                "gives %s" % (label, name, dump[name],
                                              show_like(dump[name],
                                                        expected[name])))
        for field, status in p.checksums:
            if status == 0:
                failures.append("%s: tshark says %s is bad" % (label,
                                                              field))
            elif status == 1:
                n_good += 1
            else:
                n_unverified += 1

    if failures:
        print("\n".join(failures))
        print("FAIL: %d mismatches in %d packets" % (len(failures),
                                                    len(packets)))
        return 1
    print("%d packets agree with tshark: %d fields compared; tshark verified "
          "%d checksums as good (%d not verifiable)"
          % (len(packets), n_fields, n_good, n_unverified))
    return 0


if __name__ == "__main__":
    sys.exit(main())
