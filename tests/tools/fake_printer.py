#!/usr/bin/env python3
"""A test printer on loopback: fake_printer.py MODE PORTFILE [OUT]

MODE save:  accept one connection, read the job until the sender closes,
            write it to OUT.
MODE stall: accept one connection and never read (a printer that is out of
            paper or hung), with a tiny receive buffer so the sender feels it.
The chosen port is written to PORTFILE.  Either way the program ends by
itself after 20 seconds at most."""
import socket
import sys
import time

mode, portfile = sys.argv[1], sys.argv[2]
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
if mode == "stall":
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
srv.bind(("127.0.0.1", 0))
srv.listen(1)
srv.settimeout(20)
with open(portfile + ".tmp", "w") as f:
    f.write(str(srv.getsockname()[1]))
import os
os.rename(portfile + ".tmp", portfile)
try:
    conn, _ = srv.accept()
except socket.timeout:
    sys.exit(1)
if mode == "save":
    conn.settimeout(20)
    data = bytearray()
    while True:
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
    with open(sys.argv[3], "wb") as f:
        f.write(data)
else:
    time.sleep(12)
conn.close()
