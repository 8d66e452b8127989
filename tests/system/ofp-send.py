#!/usr/bin/env python3
"""Sends raw OpenFlow messages to a switch and prints what it answers.

    ofp-send.py [--version V] [--timeout SECS] SOCKET HEX...

Connects to the unix socket SOCKET (a bridge's management socket), says
hello in OpenFlow version V (1.0 to 1.5, default 1.3; the hello carries
only that version, so that the switch must settle on it), and then, for
each HEX (a message in hex, spaces and colons allowed; sent as it is, its
length field and xid included), sends the message followed by an echo
request and prints every message that comes back before the echo reply,
one line each:

    MSG N: error type=T code=C xid=0xX      (OFPT_ERROR; for an
                                             experimenter error, also
                                             exp=0xE, also for
                                             OpenFlow 1.0's vendor error
                                             0xb0c2, whose inner type and
                                             code it prints)
    MSG N: type=T xid=0xX                    (any other message)
    MSG N: echo ok

If the connection closes or the echo reply does not come within SECS
(default 5), it prints "MSG N: connection lost" or "MSG N: no echo reply"
and exits with status 1.  Status 2 is a bad command line or a failed
connection or hello.
"""

import argparse
import binascii
import socket
import struct
import sys
import time

VERSIONS = {'1.0': 1, '1.1': 2, '1.2': 3, '1.3': 4, '1.4': 5, '1.5': 6}
OFPT_HELLO = 0
OFPT_ERROR = 1
OFPT_ECHO_REQUEST = 2
OFPT_ECHO_REPLY = 3
ECHO_XID_BASE = 0xecc00000
NXET_VENDOR = 0xb0c2    # OpenFlow 1.0's form of an experimenter error.


class Conn:
    """An OpenFlow connection: sends bytes, receives whole messages."""

    def __init__(self, path, timeout):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.buf = b''
        self.timeout = timeout

    def send(self, data):
        self.sock.sendall(data)

    def recv(self, deadline):
        """Returns the next message, or None if the connection closed or
        DEADLINE passed first (and then sets self.closed)."""
        self.closed = False
        while True:
            if len(self.buf) >= 8:
                length = struct.unpack('!H', self.buf[2:4])[0]
                if length < 8:
                    raise ValueError('switch sent a %d-byte header' % length)
                if len(self.buf) >= length:
                    msg, self.buf = self.buf[:length], self.buf[length:]
                    return msg
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            self.sock.settimeout(left)
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                return None
            except OSError:
                data = b''
            if not data:
                self.closed = True
                return None
            self.buf += data


def header(version, type_, length, xid):
    return struct.pack('!BBHI', version, type_, length, xid)


def describe(msg):
    """Returns the printed form of one received message."""
    _, type_, _, xid = struct.unpack('!BBHI', msg[:8])
    if type_ == OFPT_ERROR and len(msg) >= 12:
        etype, code = struct.unpack('!HH', msg[8:12])
        if etype == 0xffff and len(msg) >= 16:
            exp = struct.unpack('!I', msg[12:16])[0]
            return 'error type=%d code=%d exp=0x%x xid=0x%x' % (
                etype, code, exp, xid)
        if etype == NXET_VENDOR and len(msg) >= 20:
            exp, etype, code = struct.unpack('!IHH', msg[12:20])
            return 'error type=%d code=%d exp=0x%x xid=0x%x' % (
                etype, code, exp, xid)
        return 'error type=%d code=%d xid=0x%x' % (etype, code, xid)
    return 'type=%d xid=0x%x' % (type_, xid)


def parse_hex(text):
    clean = ''.join(text.split()).replace(':', '')
    try:
        return binascii.unhexlify(clean)
    except (binascii.Error, ValueError) as e:
        raise argparse.ArgumentTypeError('%s: bad hex (%s)' % (text, e))


def main():
    parser = argparse.ArgumentParser(
        description='Send raw OpenFlow messages and print the replies.')
    parser.add_argument('--version', default='1.3', choices=VERSIONS)
    parser.add_argument('--timeout', type=float, default=5.0)
    parser.add_argument('socket')
    parser.add_argument('messages', nargs='*', type=parse_hex)
    args = parser.parse_args()
    version = VERSIONS[args.version]

    try:
        conn = Conn(args.socket, args.timeout)
        conn.send(header(version, OFPT_HELLO, 8, 0))
        hello = conn.recv(time.monotonic() + args.timeout)
    except (OSError, ValueError) as e:
        sys.stderr.write('ofp-send: %s: %s\n' % (args.socket, e))
        return 2
    if hello is None or hello[1] != OFPT_HELLO:
        sys.stderr.write('ofp-send: %s: no hello\n' % args.socket)
        return 2
    if hello[0] < version:
        sys.stderr.write('ofp-send: %s: switch says hello in version %d\n'
                         % (args.socket, hello[0]))
        return 2

    for n, msg in enumerate(args.messages, 1):
        echo_xid = ECHO_XID_BASE + n
        try:
            conn.send(msg)
            conn.send(header(version, OFPT_ECHO_REQUEST, 8, echo_xid))
        except OSError:
            print('MSG %d: connection lost' % n)
            return 1
        deadline = time.monotonic() + args.timeout
        while True:
            try:
                reply = conn.recv(deadline)
            except ValueError as e:
                print('MSG %d: %s' % (n, e))
                return 1
            if reply is None:
                print('MSG %d: %s' % (n, 'connection lost' if conn.closed
                                      else 'no echo reply'))
                return 1
            _, type_, _, xid = struct.unpack('!BBHI', reply[:8])
            if type_ == OFPT_ECHO_REPLY and xid == echo_xid:
                print('MSG %d: echo ok' % n)
                break
            if type_ == OFPT_ECHO_REQUEST:
                conn.send(header(reply[0], OFPT_ECHO_REPLY, len(reply), xid)
                          + reply[8:])
                continue
            print('MSG %d: %s' % (n, describe(reply)))
        sys.stdout.flush()
    return 0


if __name__ == '__main__':
    sys.exit(main())
