#!/usr/bin/env python3
"""A test network printer on loopback: fake_printer.py MODE PORTFILE [OUT]

It reads ESC/POS as a printer does, command by command, so that the image
bytes of GS v 0 are never taken for commands, and answers the real-time
status request DLE EOT n (0x10 0x04 n) with one status byte.

MODE save:     print: keep the job (everything but the status requests) and
               write it to OUT when the sender closes; answer "online, no
               error, paper present".
MODE paperout: the same, but answer "offline, stopped by paper end".
MODE silent:   read everything, never answer a status request (a printer
               without real-time status, or a converter that drops it).
MODE closemid: read a few hundred bytes, then close the connection.
MODE stall:    accept one connection and never read (a printer that is out
               of paper or hung), with a tiny receive buffer so the sender
               feels it.
The chosen port is written to PORTFILE.  The program ends by itself after
20 seconds at most (save: after its one job)."""
import os
import socket
import sys
import time

# DLE EOT answers for n = 1..4 (bits 1 and 4 are always set).
READY = {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12}
NO_PAPER = {1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x7E}


def command_length(buf, i):
    """Length of the command at buf[i], or None when more bytes are needed."""
    def need(n):
        return n if len(buf) - i >= n else None
    b = buf[i]
    if b == 0x10:  # DLE EOT n
        return need(3)
    if b == 0x1B:  # ESC @, ESC d n, ESC a n, ESC ! n ...
        if len(buf) - i < 2:
            return None
        return 2 if buf[i + 1] == 0x40 else need(3)
    if b == 0x1D:  # GS v 0 m xL xH yL yH data, GS V m [n]
        if len(buf) - i < 2:
            return None
        if buf[i + 1] == 0x76:
            if len(buf) - i < 8:
                return None
            x = buf[i + 4] | buf[i + 5] << 8
            y = buf[i + 6] | buf[i + 7] << 8
            return need(8 + x * y)
        if buf[i + 1] == 0x56:
            if len(buf) - i < 3:
                return None
            return need(4 if buf[i + 2] in (65, 66) else 3)
        return need(3)
    return 1  # text, LF and the like


def serve(conn, mode):
    status = NO_PAPER if mode == "paperout" else READY
    job = bytearray()
    pending = bytearray()
    conn.settimeout(20)
    while True:
        try:
            chunk = conn.recv(65536)
        except OSError:  # the sender reset the connection
            break
        if not chunk:
            break
        pending += chunk
        i = 0
        while i < len(pending):
            n = command_length(pending, i)
            if n is None:
                break
            cmd = pending[i:i + n]
            if cmd[0] == 0x10 and cmd[1] == 0x04:
                if mode != "silent" and 1 <= cmd[2] <= 4:
                    conn.sendall(bytes([status[cmd[2]]]))
            else:
                job += cmd
            i += n
        del pending[:i]
    return job + pending


mode, portfile = sys.argv[1], sys.argv[2]
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
if mode in ("stall", "closemid"):
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
srv.bind(("127.0.0.1", 0))
srv.listen(1)
srv.settimeout(20)
with open(portfile + ".tmp", "w") as f:
    f.write(str(srv.getsockname()[1]))
os.rename(portfile + ".tmp", portfile)
# save and stall take one connection; the faults serve every connection
# (the first print and print again) until 20 seconds have passed.
end = time.monotonic() + 20
while time.monotonic() < end:
    srv.settimeout(max(0.1, end - time.monotonic()))
    try:
        conn, _ = srv.accept()
    except socket.timeout:
        sys.exit(0 if mode != "save" else 1)
    if mode == "stall":
        time.sleep(12)
    elif mode == "closemid":
        conn.recv(300)
    else:
        job = serve(conn, mode)
        if mode == "save":
            with open(sys.argv[3], "wb") as f:
                f.write(job)
    conn.close()
    if mode in ("save", "stall"):
        break
