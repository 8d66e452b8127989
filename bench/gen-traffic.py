#!/usr/bin/env python3
"""Writes the pcaps and flow lists the forwarding benchmark feeds to
testpmd, Open vSwitch and Sluice.

    bench/gen-traffic.py OUTDIR

writes, for each case, CASE.pcap (the packets net_pcap replays forever),
CASE.dpflows (Sluice datapath flows, one "KEY ACTIONS" a line, port 1 in,
port 2 out) and CASE.offlows (the equivalent OpenFlow rules for
ovs-ofctl add-flows, port 1 in, port 2 out):

  one      1 flow: every packet is the same 64-byte UDP packet.
  exact10k 10,000 flows with one mask: 10,000 packets that differ in the
           IPv4 destination, each matched exactly.
  masks100 10,000 flows under 100 masks: IPv4 destination prefixes of 25
           lengths (/8../32) times IPv4 source prefixes of 4 lengths
           (/0, /8, /16, /24), 100 flows each told apart by UDP destination
           port; every packet matches exactly one flow.
"""
import os
import struct
import sys


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def udp_packet(src_ip, dst_ip, sport, dport, size=64):
    """An Ethernet/IPv4/UDP frame of SIZE bytes (without FCS)."""
    payload_len = size - 14 - 20 - 8
    payload = bytes(payload_len)
    udp = struct.pack("!HHHH", sport, dport, 8 + payload_len, 0) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17,
                     0, src_ip, dst_ip)
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    eth = (b"\x00\x00\x00\x00\x00\x02" + b"\x00\x00\x00\x00\x00\x01"
           + struct.pack("!H", 0x0800))
    return eth + ip + udp


def write_pcap(path, packets):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for p in packets:
            f.write(struct.pack("<IIII", 0, 0, len(p), len(p)))
            f.write(p)


def ip(a, b, c, d):
    return bytes((a, b, c, d))


def prefix_mask(bits):
    m = (0xffffffff << (32 - bits)) & 0xffffffff if bits else 0
    return ".".join(str((m >> s) & 255) for s in (24, 16, 8, 0))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    src = ip(192, 168, 1, 1)

    # one
    write_pcap(os.path.join(out, "one.pcap"),
               [udp_packet(src, ip(10, 0, 0, 1), 1000, 2000)])
    with open(os.path.join(out, "one.dpflows"), "w") as f:
        f.write("in_port(1),eth_type(0x0800) 2\n")
    with open(os.path.join(out, "one.offlows"), "w") as f:
        f.write("in_port=1,actions=output:2\n")

    # exact10k
    pkts, dp, of = [], [], []
    for i in range(10000):
        dst = ip(10, 1, i >> 8, i & 255)
        pkts.append(udp_packet(src, dst, 1000, 2000))
        d = "10.1.%d.%d" % (i >> 8, i & 255)
        dp.append("in_port(1),eth_type(0x0800),ipv4(dst=%s) 2\n" % d)
        of.append("ip,in_port=1,nw_dst=%s,actions=output:2\n" % d)
    write_pcap(os.path.join(out, "exact10k.pcap"), pkts)
    open(os.path.join(out, "exact10k.dpflows"), "w").writelines(dp)
    open(os.path.join(out, "exact10k.offlows"), "w").writelines(of)

    # masks100
    pkts, dp, of = [], [], []
    mask = 0
    for dst_bits in range(8, 33):
        for src_bits in (0, 8, 16, 24):
            first = 10 + mask          # Distinct first octet per mask.
            for j in range(100):
                dst = ip(first, 1, 2, 3)
                pkts.append(udp_packet(src, dst, 1000, 3000 + j))
                d = "%d.1.2.3/%s" % (first, prefix_mask(dst_bits))
                s = ("src=192.168.1.1/%s," % prefix_mask(src_bits)
                     if src_bits else "")
                dp.append("in_port(1),eth_type(0x0800),ipv4(%sdst=%s,"
                          "proto=17),udp(dst=%d) 2\n" % (s, d, 3000 + j))
                os_ = ("nw_src=192.168.1.1/%d," % src_bits
                       if src_bits else "")
                of.append("udp,in_port=1,%snw_dst=%d.1.2.3/%d,tp_dst=%d,"
                          "actions=output:2\n"
                          % (os_, first, dst_bits, 3000 + j))
            mask += 1
    # Interleave so consecutive packets hit different masks.
    order = [(j % 100) * 100 + j // 100 for j in range(10000)]
    write_pcap(os.path.join(out, "masks100.pcap"), [pkts[k] for k in order])
    open(os.path.join(out, "masks100.dpflows"), "w").writelines(dp)
    open(os.path.join(out, "masks100.offlows"), "w").writelines(of)


if __name__ == "__main__":
    main()
