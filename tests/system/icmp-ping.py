#!/usr/bin/env python3
"""A minimal ping for the system tests, which cannot rely on iputils.

usage: icmp-ping.py [-c COUNT] [-i INTERVAL] [-W TIMEOUT] [-s SIZE]
                    [-M do] DEST

Sends COUNT ICMP echo requests with SIZE bytes of payload to the IPv4
address DEST, INTERVAL seconds apart, and waits up to TIMEOUT seconds for
each reply.  With "-M do" the requests carry Don't Fragment and are never
fragmented locally (a request larger than the route's MTU fails at once).
Prints a line per reply as ping does ("8980 bytes from 10.1.0.2:
icmp_seq=1") and a summary ("3 packets transmitted, 3 received, 0% packet
loss").  Exits 0 if every request got its reply, 1 otherwise, 2 on a usage
or socket error.  Needs CAP_NET_RAW (a raw socket).
"""
import argparse
import os
import select
import socket
import struct
import sys
import time

IP_MTU_DISCOVER = 10
IP_PMTUDISC_DO = 2
IP_PMTUDISC_DONT = 0


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xffff) + (total >> 16)
    return ~total & 0xffff


def echo_request(ident, seq, size):
    payload = bytes((i & 0xff for i in range(size)))
    header = struct.pack("!BBHHH", 8, 0, 0, ident, seq)
    csum = checksum(header + payload)
    return struct.pack("!BBHHH", 8, 0, csum, ident, seq) + payload


def main():
    parser = argparse.ArgumentParser(description="minimal ICMP ping")
    parser.add_argument("-c", type=int, default=3, dest="count")
    parser.add_argument("-i", type=float, default=1.0, dest="interval")
    parser.add_argument("-W", type=float, default=2.0, dest="timeout")
    parser.add_argument("-s", type=int, default=56, dest="size")
    parser.add_argument("-M", choices=["do", "dont"], dest="pmtu")
    parser.add_argument("dest")
    args = parser.parse_args()

    try:
        sock = socket.socket(socket.AF_INET, socket.SOCK_RAW,
                             socket.IPPROTO_ICMP)
        if args.pmtu:
            sock.setsockopt(socket.IPPROTO_IP, IP_MTU_DISCOVER,
                            IP_PMTUDISC_DO if args.pmtu == "do"
                            else IP_PMTUDISC_DONT)
    except OSError as e:
        print("icmp-ping: %s" % e, file=sys.stderr)
        return 2

    ident = os.getpid() & 0xffff
    received = 0
    for seq in range(1, args.count + 1):
        try:
            sock.sendto(echo_request(ident, seq, args.size), (args.dest, 0))
        except OSError as e:
            print("icmp-ping: sendto: %s" % e)
            continue
        deadline = time.monotonic() + args.timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([sock], [], [], left)[0]:
                break
            packet, addr = sock.recvfrom(65535)
            ihl = (packet[0] & 0x0f) * 4
            icmp = packet[ihl:]
            if len(icmp) < 8:
                continue
            icmp_type, _, _, r_ident, r_seq = struct.unpack("!BBHHH",
                                                            icmp[:8])
            if icmp_type == 0 and r_ident == ident and r_seq == seq:
                print("%d bytes from %s: icmp_seq=%d"
                      % (len(icmp), addr[0], seq))
                received += 1
                break
        if seq < args.count:
            time.sleep(args.interval)

    loss = 100 * (args.count - received) // args.count
    print("%d packets transmitted, %d received, %d%% packet loss"
          % (args.count, received, loss))
    return 0 if received == args.count else 1


if __name__ == "__main__":
    sys.exit(main())
