"""An ``http.server`` program that reads a posted JSON object and summarises it.

``POST`` a JSON object and get back one ``key: value`` line per field. The server
reads exactly ``Content-Length`` bytes, the way every HTTP/1 server finds where a
body ends, and refuses what it cannot use:

* no ``Content-Length``: ``411 Length Required``; more than 1 MiB: ``413``;
* a body that is not JSON, or JSON that is not an object: ``400 Bad Request``.

Run it on its own with::

    python -m servers.programs.json_post
"""

import json
from http.server import BaseHTTPRequestHandler, HTTPServer

MAX_BODY = 1024 * 1024
"""The largest body this server accepts, in bytes."""


class Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        length = self.headers.get("Content-Length", "")
        if not length.isdecimal():
            self.reply(411, "411 Length Required: send a Content-Length header")
        elif int(length) > MAX_BODY:
            self.reply(413, f"413 Payload Too Large: at most {MAX_BODY} bytes")
        else:
            self.summarise(self.rfile.read(int(length)))

    def summarise(self, body: bytes) -> None:
        """Answer with one ``key: value`` line per field of the JSON object in ``body``."""
        try:
            data = json.loads(body)
        except ValueError:  # not UTF-8, or not JSON
            self.reply(400, "400 Bad Request: invalid JSON")
            return
        if isinstance(data, dict):
            self.reply(200, "".join(f"{key}: {value}\n" for key, value in data.items()))
        else:
            self.reply(400, "400 Bad Request: expected a JSON object ({...})")

    def reply(self, status: int, text: str) -> None:
        """Send a complete plain-text response: status line, headers, body."""
        body = text.encode("utf-8", "backslashreplace")  # a lone "\ud800" shows as such
        self.send_response(status)
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
