"""An ``http.server`` program that tells the client which User-Agent it sent.

``GET /agent`` answers with the request's ``User-Agent`` header as plain text; every
other path is ``404 Not found``. Run it on its own with::

    python -m servers.programs.agent
"""

from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import urlsplit


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if urlsplit(self.path).path == "/agent":
            self.reply(200, self.headers.get("User-Agent", ""))
        else:
            self.reply(404, "Not found")

    def reply(self, status: int, text: str) -> None:
        """Send a complete plain-text response: status line, headers, body."""
        body = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main() -> None:
    server = HTTPServer(("127.0.0.1", 8000), Handler)
    print("Serving on http://127.0.0.1:8000/agent (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
