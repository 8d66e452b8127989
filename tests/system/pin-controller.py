#!/usr/bin/env python3
"""A minimal OpenFlow 1.0 controller that counts packet-ins, for the
packet-in rate limit test.

usage: pin-controller.py PORT OUTFILE

Listens on 127.0.0.1:PORT, takes one switch connection, says hello in
OpenFlow 1.0, answers echo requests, and appends a line "pin" to OUTFILE
for each packet-in it receives (so that the test can count them as they
come).  Runs until the connection closes or it is killed.
"""
import socket
import struct
import sys

OFPT_HELLO, OFPT_ECHO_REQUEST, OFPT_ECHO_REPLY, OFPT_PACKET_IN = 0, 2, 3, 10


def main():
    port, outfile = int(sys.argv[1]), sys.argv[2]
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(1)
    with open(outfile, "a", buffering=1) as out:
        print("listening", file=out)
        conn, _ = listener.accept()
        conn.sendall(struct.pack("!BBHI", 1, OFPT_HELLO, 8, 1))
        buf = b""
        while True:
            data = conn.recv(65536)
            if not data:
                return
            buf += data
            while len(buf) >= 8:
                version, kind, length, xid = struct.unpack_from("!BBHI", buf)
                if length < 8 or len(buf) < length:
                    break
                msg, buf = buf[:length], buf[length:]
                if kind == OFPT_ECHO_REQUEST:
                    conn.sendall(struct.pack("!BBHI", version,
                                             OFPT_ECHO_REPLY, length, xid)
                                 + msg[8:])
                elif kind == OFPT_PACKET_IN:
                    print("pin", file=out)


if __name__ == "__main__":
    main()
