#!/usr/bin/env python3
"""Writes the flow files and pcaps that bench/ofproto-bench.sh feeds to
Open vSwitch and Sluice.

    bench/gen-acl.py [-n INSTALL_FLOWS] [-u UPCALL_FLOWS] [-a ACL_RULES] OUTDIR

writes into OUTDIR:

  install.flows  INSTALL_FLOWS (default 100,000) OpenFlow rules for
                 "ovs-ofctl add-flows", shaped like a real ACL: 70% exact
                 TCP or UDP 5-tuples with in_port (priority 300-399), 20%
                 IPv4 destination prefixes /16, /24 and /32 with a source
                 prefix on half of them (priority 200-299), 10% in_port plus
                 destination MAC (priority 100), with output, drop and
                 mod_nw_tos/output actions; every rule differs from every
                 other one in its match or priority.
  upcall.pcap    UPCALL_FLOWS (default 100,000) 64-byte UDP packets, each
                 with a different pair of UDP ports (source 1 + i % 50000,
                 destination 1 + i / 50000).
  upcall.flows   the OpenFlow table for the upcall case: one rule per
                 packet, "udp,in_port=1,tp_src=S,tp_dst=D" with output to
                 port 2, plus a priority-0 drop, so that every packet's
                 megaflow is exact on both ports and no packet's megaflow
                 covers another's.
  acl.flows      ACL_RULES (default 10,000) rules "ip,nw_dst=10.200.X.Y
                 actions=drop" at priority 100 and one "priority=0
                 actions=output:2".
  acl.pcap       1,024 64-byte UDP packets to 10.1.0.0-10.1.3.255 (none
                 of them in the drop list) from varying sources and ports,
                 so all hit the output rule through different addresses.
"""
import argparse
import os
import random
import struct


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
    udp = struct.pack("!HHHH", sport, dport, 8 + payload_len, 0)
    udp += bytes(payload_len)
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


def ip4(n):
    return "%d.%d.%d.%d" % (n >> 24, (n >> 16) & 255, (n >> 8) & 255,
                            n & 255)


def install_flows(n, rnd):
    """N distinct, realistic ACL rules, as add-flows lines."""
    actions = ("output:2", "drop", "mod_nw_tos:32,output:2", "output:3")
    out = []
    n_exact = n * 7 // 10
    n_prefix = n * 2 // 10
    n_mac = n - n_exact - n_prefix
    for i in range(n_exact):
        proto = "tcp" if i % 2 else "udp"
        src = (10 << 24) | (i * 2654435761 & 0xffffff)
        dst = (172 << 24) | (16 << 16) | (i & 0xffff)
        out.append("priority=%d,%s,in_port=%d,nw_src=%s,nw_dst=%s,"
                   "tp_src=%d,tp_dst=%d,actions=%s"
                   % (300 + i % 100, proto, 1 + i % 4, ip4(src), ip4(dst),
                      1024 + (i >> 16) * 7 + i % 7, 1 + i % 1000,
                      actions[i % len(actions)]))
    for i in range(n_prefix):
        plen = (16, 24, 32)[i % 3]
        if plen == 16:
            base = ((30 + i % 200) << 24) | ((i // 200 % 256) << 16)
        elif plen == 24:
            base = (20 << 24) | (i << 8)
        else:
            base = (21 << 24) | i
        m = "priority=%d,ip,nw_dst=%s/%d" % (200 + i % 100, ip4(base), plen)
        if i % 2:
            m += ",nw_src=192.168.%d.0/24" % (i % 256)
        out.append(m + ",actions=" + actions[i % len(actions)])
    for i in range(n_mac):
        out.append("priority=100,in_port=%d,dl_dst=02:00:%02x:%02x:%02x:%02x,"
                   "actions=%s"
                   % (1 + i % 4, (i >> 24) & 255, (i >> 16) & 255,
                      (i >> 8) & 255, i & 255, actions[i % 2]))
    # Make sure no two rules collide on match and priority.
    seen = set()
    uniq = []
    for r in out:
        key = r.rsplit(",actions=", 1)[0]
        if key not in seen:
            seen.add(key)
            uniq.append(r)
    rnd.shuffle(uniq)
    return uniq


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=100000)
    ap.add_argument("-u", type=int, default=100000)
    ap.add_argument("-a", type=int, default=10000)
    ap.add_argument("outdir")
    args = ap.parse_args()
    out = args.outdir
    os.makedirs(out, exist_ok=True)
    rnd = random.Random(1)

    flows = install_flows(args.n, rnd)
    with open(os.path.join(out, "install.flows"), "w") as f:
        f.write("\n".join(flows) + "\n")

    # upcall: one rule per packet, exact on both UDP ports.
    pkts = []
    src = bytes((192, 168, 1, 1))
    with open(os.path.join(out, "upcall.flows"), "w") as f:
        for i in range(args.u):
            sport, dport = 1 + i % 50000, 1 + i // 50000
            f.write("priority=100,udp,in_port=1,tp_src=%d,tp_dst=%d,"
                    "actions=output:2\n" % (sport, dport))
            pkts.append(udp_packet(src, bytes((10, 2, 0, 1)), sport, dport))
        f.write("priority=0,actions=drop\n")
    write_pcap(os.path.join(out, "upcall.pcap"), pkts)

    # acl: drops for 10.200.0.0/16 hosts, traffic to 10.1.0.0/22.
    with open(os.path.join(out, "acl.flows"), "w") as f:
        for i in range(args.a):
            f.write("priority=100,ip,nw_dst=10.200.%d.%d,actions=drop\n"
                    % (i >> 8, i & 255))
        f.write("priority=0,actions=output:2\n")
    pkts = []
    for i in range(1024):
        dst = bytes((10, 1, i >> 8, i & 255))
        s = bytes((192, 168, 2, i % 251))
        pkts.append(udp_packet(s, dst, 1000 + i % 97, 2000 + i % 89))
    write_pcap(os.path.join(out, "acl.pcap"), pkts)


if __name__ == "__main__":
    main()
