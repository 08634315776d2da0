"""What the demo proxy was asked to forward, read with plain http.client.

The proxy (``servers/proxy.py``) keeps a list of the requests it forwarded, with their
headers: ``GET /forwarded`` on the proxy itself reads it, ``DELETE`` empties it. Asked
without httplib or requests, so neither client under test is involved.
"""

from __future__ import annotations

import http.client
import json
from typing import Any
from urllib.parse import urlsplit

T = 5  # seconds


def forwarded(proxy_url: str, clear: bool = False) -> list[dict[str, Any]]:
    """The proxy's log: one dict per request (method, target, status, headers).
    ``clear=True`` empties it instead, and returns ``[]``."""
    address = urlsplit(proxy_url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=T)
    try:
        connection.request("DELETE" if clear else "GET", "/forwarded")
        data = connection.getresponse().read()
    finally:
        connection.close()
    return [] if clear else json.loads(data)
