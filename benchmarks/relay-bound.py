#!/usr/bin/env python3
"""What any relay can do on this machine (goal 5 of docs/benchmarks.md, for reading).

The smallest HTTP relay there is: for each client, one GET of the same file from the origin, the
origin's status line and headers passed back as they are, then the body relayed until the origin
closes. No parsing, no checks, no logging: a floor under what a relay costs, to set beside the
app's proxy download and nginx's proxy_pass.

    python3 relay-bound.py copy|splice LISTEN_PORT ORIGIN_PORT PATH

copy:   recv into a 1 MiB buffer and send it (what any user-space relay does: two copies per byte);
splice: splice(2) from the origin's socket into a pipe and from the pipe into the client's socket
        (Linux's zero-copy path: no byte passes through user space).
Not part of the product or the tests; started and stopped by benchmarks/run.sh.
"""
import fcntl
import os
import socket
import sys

F_SETPIPE_SZ = 1031
SPLICE_F_MOVE, SPLICE_F_MORE = 1, 4
CHUNK = 1 << 20


def relay(client: socket.socket, mode: str, origin_port: int, path: str) -> None:
    request = b""
    while b"\r\n\r\n" not in request:
        got = client.recv(65536)
        if not got:
            return
        request += got
    with socket.create_connection(("127.0.0.1", origin_port)) as origin:
        origin.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        head = b""
        while b"\r\n\r\n" not in head:
            head += origin.recv(65536)
        client.sendall(head)  # the headers and whatever part of the body came with them
        if mode == "copy":
            buffer = bytearray(CHUNK)
            view = memoryview(buffer)
            while n := origin.recv_into(buffer):
                client.sendall(view[:n])
        else:
            read_end, write_end = os.pipe()
            fcntl.fcntl(write_end, F_SETPIPE_SZ, CHUNK)
            try:
                while n := os.splice(origin.fileno(), write_end, CHUNK, flags=SPLICE_F_MOVE | SPLICE_F_MORE):
                    while n:
                        n -= os.splice(read_end, client.fileno(), n, flags=SPLICE_F_MOVE | SPLICE_F_MORE)
            finally:
                os.close(read_end)
                os.close(write_end)


def main() -> None:
    mode, port, origin_port, path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    if mode not in ("copy", "splice"):
        sys.exit("mode: copy or splice")
    server = socket.create_server(("127.0.0.1", port), reuse_port=False)
    while True:
        client, _ = server.accept()
        with client:
            try:
                relay(client, mode, origin_port, path)
            except OSError:
                pass  # the client went away: the next one


if __name__ == "__main__":
    main()
