#!/usr/bin/env python3
"""pgproxy.py - a loopback TCP proxy with faults, for the district tests.

    pgproxy.py LISTEN_PORT TARGET_HOST TARGET_PORT MODE_FILE [PORT_FILE]

Listens on 127.0.0.1:LISTEN_PORT (0: a free port, written to PORT_FILE) and
forwards each connection to TARGET.  What it does is read from MODE_FILE
(one word) whenever data moves or a connection comes, so a test switches
it while it runs (`echo blackhole > MODE_FILE`):

  pass       forwards both ways
  blackhole  accepts and swallows: nothing is forwarded, nothing answered,
             nothing closed (a link that went dark mid-batch)
  reset      closes every connection with a TCP RST (SO_LINGER 0), at once
             and whenever data moves
  mute       forwards what the client sends, swallows the server's answers
             (a batch committed whose answer never comes back)

`after N` in MODE_FILE's second line switches to the first line's mode only
after N bytes went from client to server on a connection (mid-batch).
"""
import os
import select
import socket
import struct
import sys


def read_mode(path):
    try:
        with open(path) as f:
            lines = f.read().split("\n")
    except OSError:
        return "pass", 0
    mode = lines[0].strip() or "pass"
    after = 0
    if len(lines) > 1 and lines[1].startswith("after "):
        after = int(lines[1].split()[1])
    return mode, after


def rst(sock):
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    sock.close()


def main():
    listen_port, host, port, mode_file = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", listen_port))
    srv.listen(64)
    if len(sys.argv) > 5:
        tmp = sys.argv[5] + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % srv.getsockname()[1])
        os.rename(tmp, sys.argv[5])
    pairs = {}  # socket -> (peer socket or None, state dict)
    while True:
        socks = [srv] + list(pairs)
        readable, _, _ = select.select(socks, [], [], 0.2)
        mode, after = read_mode(mode_file)
        if mode == "reset" and after == 0:
            for s in list(pairs):
                pairs.pop(s, None)
                rst(s)
        for s in readable:
            if s is srv:
                c, _ = srv.accept()
                if mode == "reset" and after == 0:
                    rst(c)
                    continue
                if mode == "blackhole" and after == 0:
                    pairs[c] = (None, {"up": 0, "client": True})
                    continue
                try:
                    u = socket.create_connection((host, port), timeout=5)
                except OSError:
                    rst(c)
                    continue
                st = {"up": 0}
                pairs[c] = (u, dict(st, client=True, shared=st))
                pairs[u] = (c, dict(st, client=False, shared=st))
                continue
            if s not in pairs:
                continue
            peer, st = pairs[s]
            try:
                data = s.recv(65536)
            except OSError:
                data = b""
            if not data:
                pairs.pop(s, None)
                s.close()
                if peer is not None and peer in pairs:
                    pairs.pop(peer, None)
                    peer.close()
                continue
            shared = st.get("shared", st)
            if st["client"]:
                shared["up"] += len(data)
            faulty = mode != "pass" and shared["up"] >= after
            if faulty and mode == "reset":
                for x in (s, peer):
                    if x is not None:
                        pairs.pop(x, None)
                        rst(x)
                continue
            if faulty and mode == "blackhole":
                continue  # swallowed
            if faulty and mode == "mute" and not st["client"]:
                continue  # the server's answers are lost; the client's data goes on
            if peer is not None:
                try:
                    peer.sendall(data)
                except OSError:
                    pairs.pop(s, None)
                    pairs.pop(peer, None)
                    s.close()
                    peer.close()


if __name__ == "__main__":
    main()
