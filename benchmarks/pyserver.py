"""A small, fast HTTP/1.1 server for the benchmarks when nginx is not installed.

``http.server`` would be the bottleneck, so this one does the least that works: a
thread per connection, keep-alive, a canned reply for ``/small`` and files sent with
``sendfile`` (the kernel copies them; Python never sees the bytes). It runs in a
process of its own, never in the client's, and prints its port once listening::

    python -m benchmarks.pyserver DIR        # serves DIR's files; prints e.g. "port 41234"

It stops when its standard input closes, so it cannot outlive the benchmark.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
import threading
from pathlib import Path

SMALL = b"hello\n"
HEADERS = "HTTP/1.1 {status}\r\nContent-Type: {type}\r\nContent-Length: {length}\r\n\r\n"
NOT_FOUND = HEADERS.format(status="404 Not Found", type="text/plain", length=0).encode()
SMALL_REPLY = HEADERS.format(status="200 OK", type="text/plain", length=len(SMALL)).encode()
SMALL_REPLY += SMALL


def serve_connection(conn: socket.socket, root: Path) -> None:
    """Answer GET requests on one connection until the client closes it."""
    with conn, contextlib.suppress(OSError):  # a client hanging up early is no error
        answer(conn, root)


def answer(conn: socket.socket, root: Path) -> None:
    """The request loop of one connection: read a request head, reply, repeat."""
    buffer = b""
    while True:
        while b"\r\n\r\n" not in buffer:
            data = conn.recv(65536)
            if not data:
                return
            buffer += data
        head, buffer = buffer.split(b"\r\n\r\n", 1)  # GETs have no body
        reply(conn, root, head.split(b" ", 2)[1].decode("ascii", "replace"))
        if b"\r\nconnection: close" in head.lower():
            return


def reply(conn: socket.socket, root: Path, path: str) -> None:
    """Send the reply for ``path``: the canned small body, a file of ``root``, or 404."""
    if path == "/small":
        conn.sendall(SMALL_REPLY)
        return
    name = path.lstrip("/")
    file = root / name
    if "/" in name or not file.is_file():
        conn.sendall(NOT_FOUND)
        return
    with file.open("rb") as f:
        size = os.fstat(f.fileno()).st_size
        head = HEADERS.format(status="200 OK", type="application/octet-stream", length=size)
        conn.sendall(head.encode())
        conn.sendfile(f)


def serve(root: Path) -> None:
    """Listen on a free loopback port, print it, and serve until stdin closes."""
    listener = socket.create_server(("127.0.0.1", 0), backlog=128)
    print(f"port {listener.getsockname()[1]}", flush=True)

    def accept_forever() -> None:
        while True:
            conn, _ = listener.accept()
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=serve_connection, args=(conn, root), daemon=True).start()

    threading.Thread(target=accept_forever, daemon=True).start()
    sys.stdin.read()  # returns when the parent closes the pipe or exits


if __name__ == "__main__":
    serve(Path(sys.argv[1]))
