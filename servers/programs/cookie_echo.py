"""An ``http.server`` program that shows the client the cookies it sent.

Every ``GET`` answers ``Received cookies: <the Cookie header>``, or
``Received cookies: (no cookies)`` when there is none. Run it on its own with::

    python -m servers.programs.cookie_echo
"""

from http.server import BaseHTTPRequestHandler, HTTPServer


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        cookies = self.headers.get("Cookie", "(no cookies)")
        body = f"Received cookies: {cookies}".encode()
        self.send_response(200)
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
