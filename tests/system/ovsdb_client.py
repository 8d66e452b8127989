"""A minimal OVSDB (JSON-RPC 1.0) client for the system tests.

    from ovsdb_client import Client
    c = Client("/path/to/db.sock")        # or Client(sock) for a socket
    reply, notes = c.call("list_dbs", [])  # notes: notifications first
    c.send("transact", [...])              # returns the request's id
    msg = c.recv()                         # the next message, any kind
    note = c.notification()                # the next message, which must
                                           # be a notification

Messages are JSON objects back to back on the stream, as RFC 7047 sends
them; recv() raises ConnectionError when the server closes the stream.
"""
import json
import socket


class Client:
    def __init__(self, path_or_socket, timeout=10):
        if isinstance(path_or_socket, socket.socket):
            self.s = path_or_socket
        else:
            self.s = socket.socket(socket.AF_UNIX)
            self.s.connect(path_or_socket)
        self.s.settimeout(timeout)
        self.buf = ""
        self.dec = json.JSONDecoder()
        self.xid = 0

    def recv(self):
        while True:
            text = self.buf.lstrip()
            if text:
                try:
                    obj, end = self.dec.raw_decode(text)
                    self.buf = text[end:]
                    return obj
                except ValueError:
                    pass
            data = self.s.recv(65536)
            if not data:
                raise ConnectionError("closed")
            self.buf += data.decode()

    def send(self, method, params, xid=None):
        if xid is None:
            self.xid += 1
            xid = self.xid
        self.s.sendall(json.dumps({"method": method, "params": params,
                                   "id": xid}).encode())
        return xid

    def call(self, method, params):
        """Returns (reply, notifications that came before it)."""
        xid = self.send(method, params)
        notes = []
        while True:
            msg = self.recv()
            if msg.get("id") == xid:
                return msg, notes
            notes.append(msg)

    def notification(self):
        msg = self.recv()
        assert msg.get("id") is None, msg
        return msg
