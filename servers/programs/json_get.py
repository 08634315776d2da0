"""An ``http.server`` program that answers every ``GET`` with a small JSON object.

The body is ``{"name": "Jane", "age": 17}`` with ``Content-Type: application/json``,
so a client can turn it straight back into a dict. Run it on its own with::

    python -m servers.programs.json_get
"""

import json
from http.server import BaseHTTPRequestHandler, HTTPServer

PERSON = {"name": "Jane", "age": 17}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = json.dumps(PERSON).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
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
