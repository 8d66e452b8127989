#!/usr/bin/env python3
"""Writes varied OpenFlow flows in ovs-ofctl's syntax, one a line.

    gen-flows.py [-n N] [--seed S] [-O OpenFlowXY] [-o FILE]

The output is deterministic for a given seed, version and count.  Every
flow is one that OpenFlow version XY (with Open vSwitch's extensions, as
ovs-ofctl -O OpenFlowXY uses them) can carry: tables, goto_table and
metadata only from OpenFlow 1.1 on, registers and IPv6 only where NXM or
OXM carries the match (not in OpenFlow 1.1's standard match), masked
Ethernet addresses and ports only where the match has masks.  Timeouts are
long (hours) so that nothing expires while a test runs, and no two flows
share a table, priority and match, so that each line stays one rule.
"""

import argparse
import random
import sys

VERSIONS = ("OpenFlow10", "OpenFlow11", "OpenFlow12", "OpenFlow13",
            "OpenFlow14", "OpenFlow15")


class Caps:
    """What a version's match and actions can carry."""

    def __init__(self, version):
        minor = VERSIONS.index(version)
        self.tables = minor >= 1            # table=, goto_table
        self.metadata = minor >= 1          # metadata, write_metadata
        self.nxm = minor != 1               # NXM (1.0) or OXM (1.2+)
        self.regs = self.nxm                # reg0..7 matches
        self.ipv6 = self.nxm
        self.eth_masks = True               # dl_src/dl_dst with masks
        self.tp_masks = self.nxm            # tp_src/tp_dst with masks
        self.arp_fields = self.nxm          # arp_sha/arp_tha
        self.nx_actions = True              # load, move, resubmit, note


def mac(rng):
    return ":".join("%02x" % rng.randrange(256) for _ in range(6))


def ipv4(rng):
    return "%d.%d.%d.%d" % (rng.randrange(1, 224), rng.randrange(256),
                            rng.randrange(256), rng.randrange(256))


def ipv4_prefix(rng):
    plen = rng.choice((8, 16, 24, 32))
    octets = [rng.randrange(1, 224)] + [rng.randrange(256) for _ in range(3)]
    value = 0
    for o in octets:
        value = (value << 8) | o
    value &= (0xffffffff << (32 - plen)) & 0xffffffff
    addr = ".".join(str((value >> s) & 0xff) for s in (24, 16, 8, 0))
    return addr if plen == 32 else "%s/%d" % (addr, plen)


def ipv6_prefix(rng):
    plen = rng.choice((32, 48, 64, 128))
    words = [0x2001, 0xdb8] + [rng.randrange(1, 0x10000) for _ in range(6)]
    bits = 0
    for w in words:
        bits = (bits << 16) | w
    bits &= ((1 << 128) - 1) ^ ((1 << (128 - plen)) - 1)
    groups = ["%x" % ((bits >> (112 - 16 * i)) & 0xffff) for i in range(8)]
    # The long form: the switches print their canonical form in any case.
    addr = ":".join(groups)
    return addr if plen == 128 else "%s/%d" % (addr, plen)


def gen_match(rng, caps):
    """Returns (match fields, the kind of packet it selects)."""
    kinds = ["ip", "tcp", "udp", "arp", "vlan", "eth"]
    if caps.ipv6:
        kinds += ["ipv6", "tcp6"]
    if caps.regs:
        kinds.append("reg")
    if caps.metadata:
        kinds.append("metadata")
    kind = rng.choice(kinds)
    fields = []
    if rng.random() < 0.3:
        fields.append("in_port=%d" % rng.randrange(1, 100))

    if kind in ("ip", "tcp", "udp"):
        fields.append(kind)
        fields.append("nw_src=%s" % ipv4_prefix(rng))
        if rng.random() < 0.5:
            fields.append("nw_dst=%s" % ipv4_prefix(rng))
        if rng.random() < 0.3:
            fields.append("nw_tos=%d" % (4 * rng.randrange(64)))
        if kind != "ip":
            if caps.tp_masks and rng.random() < 0.4:
                fields.append("tp_dst=0x%x/0xff00" % (rng.randrange(256) << 8))
            else:
                fields.append("tp_dst=%d" % rng.randrange(1, 65536))
            if rng.random() < 0.3:
                fields.append("tp_src=%d" % rng.randrange(1, 65536))
    elif kind in ("ipv6", "tcp6"):
        fields.append(kind)
        fields.append("ipv6_src=%s" % ipv6_prefix(rng))
        if rng.random() < 0.5:
            fields.append("ipv6_dst=%s" % ipv6_prefix(rng))
        if kind == "tcp6":
            fields.append("tp_dst=%d" % rng.randrange(1, 65536))
    elif kind == "arp":
        fields.append("arp")
        fields.append("arp_op=%d" % rng.choice((1, 2)))
        fields.append("arp_spa=%s" % ipv4_prefix(rng))
        if caps.arp_fields and rng.random() < 0.5:
            fields.append("arp_sha=%s" % mac(rng))
    elif kind == "vlan":
        fields.append("dl_vlan=%d" % rng.randrange(1, 4095))
        if rng.random() < 0.5:
            fields.append("dl_vlan_pcp=%d" % rng.randrange(8))
    elif kind == "eth":
        if caps.eth_masks and rng.random() < 0.5:
            fields.append("dl_dst=01:00:00:00:00:00/01:00:00:00:00:00")
        else:
            fields.append("dl_dst=%s" % mac(rng))
        fields.append("dl_src=%s" % mac(rng))
    elif kind == "reg":
        reg = rng.randrange(8)
        if rng.random() < 0.5:
            fields.append("reg%d=0x%x/0xffff" % (reg, rng.randrange(0x10000)))
        else:
            fields.append("reg%d=%d" % (reg, rng.randrange(1 << 32)))
    elif kind == "metadata":
        fields.append("metadata=0x%x/0xffffffff00000000"
                      % (rng.randrange(1, 1 << 32) << 32))
    return fields, kind


def gen_actions(rng, caps, kind, table):
    if rng.random() < 0.08:
        return "drop"
    n = rng.randrange(1, 4)
    actions = []
    choices = ["output", "NORMAL", "mod_vlan_vid", "controller", "note"]
    # OpenFlow 1.1 and later can pop a tag only from a packet that has
    # one, and decrement the TTL only of an IP packet.
    if kind == "vlan":
        choices.append("strip_vlan")
    if kind in ("ip", "tcp", "udp", "ipv6", "tcp6"):
        choices.append("dec_ttl")
    if caps.nx_actions:
        choices += ["load", "move", "resubmit"]
    if kind in ("ip", "tcp", "udp"):
        choices.append("set_field")
    has_vlan = kind == "vlan"
    for _ in range(n):
        a = rng.choice(choices)
        if a == "strip_vlan" and not has_vlan:
            a = "NORMAL"
        if a == "output":
            actions.append("output:%d" % rng.randrange(1, 100))
        elif a == "NORMAL":
            actions.append("NORMAL")
        elif a == "mod_vlan_vid":
            has_vlan = True
            actions.append("mod_vlan_vid:%d" % rng.randrange(1, 4095))
        elif a == "strip_vlan":
            has_vlan = False
            actions.append("strip_vlan")
        elif a == "dec_ttl":
            actions.append("dec_ttl")
        elif a == "controller":
            actions.append("CONTROLLER:%d" % rng.choice((0, 64, 128, 65535)))
        elif a == "note":
            actions.append("note:%s" % ".".join(
                "%02x" % rng.randrange(256) for _ in range(rng.randrange(1, 7))))
        elif a == "load":
            actions.append("load:0x%x->NXM_NX_REG%d[0..15]"
                           % (rng.randrange(0x10000), rng.randrange(8)))
        elif a == "move":
            actions.append("move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[]")
        elif a == "resubmit":
            actions.append("resubmit(,%d)" % rng.randrange(0, 200))
        elif a == "set_field":
            actions.append("set_field:%s->ip_dst" % ipv4(rng))
    if caps.metadata and rng.random() < 0.3:
        actions.append("write_metadata:0x%x/0xffff" % rng.randrange(0x10000))
    if caps.tables and table < 250 and rng.random() < 0.3:
        actions.append("goto_table:%d" % (table + rng.randrange(1, 4)))
    return ",".join(actions)


def gen_flows(n, seed, version):
    rng = random.Random("%s-%s" % (seed, version))
    caps = Caps(version)
    seen = set()
    flows = []
    while len(flows) < n:
        table = rng.randrange(10) if caps.tables and rng.random() < 0.7 else 0
        fields, kind = gen_match(rng, caps)
        priority = rng.randrange(65536) if rng.random() < 0.85 else None
        key = (table, priority, tuple(fields))
        if key in seen:
            continue
        seen.add(key)

        words = []
        if table:
            words.append("table=%d" % table)
        if priority is not None:
            words.append("priority=%d" % priority)
        if rng.random() < 0.6:
            words.append("cookie=0x%x" % rng.randrange(1, 1 << 64))
        if rng.random() < 0.4:
            words.append("idle_timeout=%d" % rng.randrange(20000, 65536))
        if rng.random() < 0.3:
            words.append("hard_timeout=%d" % rng.randrange(20000, 65536))
        words += fields
        words.append("actions=" + gen_actions(rng, caps, kind, table))
        flows.append(",".join(words))
    return flows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="number of flows")
    parser.add_argument("--seed", default="sluice", help="random seed")
    parser.add_argument("-O", "--version", default="OpenFlow13",
                        choices=VERSIONS, help="OpenFlow version")
    parser.add_argument("-o", "--output", help="file (default: stdout)")
    args = parser.parse_args()

    text = "".join(f + "\n" for f in gen_flows(args.n, args.seed,
                                              args.version))
    if args.output:
        with open(args.output, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
