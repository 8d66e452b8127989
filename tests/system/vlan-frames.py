#!/usr/bin/env python3
"""Sends and captures marked Ethernet frames, tagged or not, for the VLAN
tests (which cannot rely on the kernel's 8021q module for VLAN devices).

usage: vlan-frames.py send IFACE DST SRC VLAN MARKER
       vlan-frames.py capture IFACE OUTFILE

"send" sends one frame from IFACE to MAC DST from MAC SRC, with an 802.1Q
tag of VLAN (a number) or none ("none"), EtherType 0x88b5 and MARKER (a
word) as its payload.  "capture" runs until killed and appends a line for
each such frame that IFACE receives to OUTFILE: "MARKER vlan=VID|none
src=SRC dst=DST".  The kernel hands packet sockets tagged frames without
their tag and reports it in PACKET_AUXDATA, which is where it is read.
"""
import socket
import struct
import sys

SOL_PACKET = 263
PACKET_AUXDATA = 8
TP_STATUS_VLAN_VALID = 0x10
PACKET_OUTGOING = 4
ETH_P_ALL = 0x0003
ETHERTYPE = 0x88b5


def mac_bytes(s):
    return bytes(int(x, 16) for x in s.split(":"))


def mac_str(b):
    return ":".join("%02x" % x for x in b)


def send(iface, dst, src, vlan, marker):
    frame = mac_bytes(dst) + mac_bytes(src)
    if vlan != "none":
        frame += struct.pack("!HH", 0x8100, int(vlan))
    frame += struct.pack("!H", ETHERTYPE) + marker.encode()
    frame += bytes(max(0, 60 - len(frame)))
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    s.send(frame)


def capture(iface, outfile):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                      socket.htons(ETH_P_ALL))
    s.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
    s.bind((iface, 0))
    with open(outfile, "a", buffering=1) as out:
        print("ready", file=out)
        while True:
            data, anc, _, addr = s.recvmsg(4096, socket.CMSG_SPACE(64))
            if addr[2] == PACKET_OUTGOING or len(data) < 14:
                continue
            vlan = "none"
            for level, kind, value in anc:
                if level == SOL_PACKET and kind == PACKET_AUXDATA:
                    status, _, _, _, _, tci = struct.unpack_from("IIIHHH",
                                                                  value)
                    if status & TP_STATUS_VLAN_VALID:
                        vlan = str(tci & 0xfff)
            ofs = 12
            etype = struct.unpack_from("!H", data, ofs)[0]
            if etype == 0x8100 and len(data) >= 18:
                vlan = str(struct.unpack_from("!H", data, 14)[0] & 0xfff)
                ofs = 16
                etype = struct.unpack_from("!H", data, ofs)[0]
            if etype != ETHERTYPE:
                continue
            marker = data[ofs + 2:].rstrip(b"\0").decode(errors="replace")
            print("%s vlan=%s src=%s dst=%s"
                  % (marker, vlan, mac_str(data[6:12]), mac_str(data[0:6])),
                  file=out)


def main():
    if len(sys.argv) == 7 and sys.argv[1] == "send":
        send(*sys.argv[2:])
    elif len(sys.argv) == 4 and sys.argv[1] == "capture":
        capture(*sys.argv[2:])
    else:
        sys.stderr.write(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main()
