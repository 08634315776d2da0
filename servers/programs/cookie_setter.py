"""An ``http.server`` program that hands out three cookies, then reads them back.

A first ``GET`` (no ``Cookie`` header) gets three ``Set-Cookie`` headers, each valid
for an hour; ``sessionid`` is also ``HttpOnly`` (hidden from page scripts). A client
that keeps cookies sends them back, and the next ``GET`` shows what arrived. Run it
on its own with::

    python -m servers.programs.cookie_setter
"""

import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, HTTPServer

LIFETIME = 3600
"""How long the cookies last, in seconds."""


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        received = self.headers.get("Cookie")
        self.send_response(200)
        if received:
            body = f"Client sent cookies: {received}".encode()
        else:
            now = time.time()
            # Max-Age is the modern "valid for an hour"; Expires is for older clients.
            expires = formatdate(now + LIFETIME, usegmt=True)
            lifetime = f"Max-Age={LIFETIME}; Expires={expires}"
            self.send_header("Set-Cookie", f"sessionid={int(now)}; Path=/; HttpOnly; {lifetime}")
            self.send_header("Set-Cookie", f"theme=dark; Path=/; {lifetime}")
            self.send_header("Set-Cookie", f"user=jane; Path=/; {lifetime}")
            body = b"Cookies set; send them back on the next request."
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main() -> None:
    server = HTTPServer(("127.0.0.1", 8000), Handler)
    print("Serving on http://127.0.0.1:8000/ (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
