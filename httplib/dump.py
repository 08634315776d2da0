"""``httplib.dump(response)``: the HTTP/1.1 exchange as text, hop by hop.

Owns: rendering a response and every redirect before it: request line and headers
exactly as sent (recorded by the adapter's connections, ``adapters._recording``, with
the ``Host`` line http.client adds), a body preview, then the status line and headers
as received (their case and order) and a body preview.
Must not: touch the network; a streamed body not yet read is not consumed.

What went over the wire, as the server saw it: the request line and headers exactly
as sent, then the status line and headers exactly as received, each with a preview of
its body (lesson 01).

    >>> print(httplib.dump(httplib.get(demo.httpbin + "/get")))    # doctest: +SKIP
    GET /get HTTP/1.1
    Host: 127.0.0.1:41234
    ...
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from httplib.response import Response

_PRINTABLE = r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*\Z"  # no control characters but \t \n \r


def dump(response: Response, body_limit: int = 2048) -> str:
    """Every exchange that led to ``response``, oldest first, as HTTP/1.1 text.

    Each redirect in ``response.history`` comes first, so a redirect chain reads from
    the first request to the last answer (lesson 11). Nothing is sent again.

    :param response: The response to show, with the request that got it.
    :param body_limit: How many characters of each body to show; a longer body is
        cut, saying how much was left out. Binary bodies are summarised as ``<N bytes
        of binary>``, and response bodies are shown decompressed.
    :returns: The text, ready to ``print``.
    """
    return "\n\n".join(_exchange(r, body_limit) for r in [*response.history, response])


def _exchange(response: Any, limit: int) -> str:
    """Request head, its body, response head, its body: blocks apart by one empty line,
    the empty line that ends a head in HTTP/1.1 (RFC 9112 section 2.1)."""
    request, raw = response.request, response.raw
    version = getattr(raw, "version_string", "HTTP/1.1")
    received = raw.headers.items() if raw is not None else response.headers.items()
    response_head = [f"{version} {response.status_code} {response.reason}",
                     *(f"{name}: {value}" for name, value in received)]
    if isinstance(response._content, bytes):
        body = _preview(response._content, response.headers.get("content-type", ""), limit)
    elif not response._content_consumed:
        body = "<body not read yet (stream=True)>"
    else:
        body = ""
    sent = response._sent_head
    blocks = ["\n".join(_head_lines(sent) if sent else _reconstructed_head(request)),
              _request_body(request, limit), "\n".join(response_head), body]
    return "\n\n".join(block for block in blocks if block)


def _head_lines(sent: list[bytes]) -> list[str]:
    """The head's lines as http.client sent them (bytes; header values are Latin-1)."""
    return [line.decode("latin-1") for line in sent]


def _reconstructed_head(request: Any) -> list[str]:
    """For responses from adapters that do not record (custom ones): the prepared head."""
    return [f"{request.method} {request.path_url} HTTP/1.1 (as prepared, not as sent)",
            *(f"{name}: {value}" for name, value in request.headers.items())]


def _request_body(request: Any, limit: int) -> str:
    body = request.body
    if body is None:
        return ""
    if isinstance(body, str):
        body = body.encode("utf-8")
    if isinstance(body, (bytes, bytearray)):
        return _preview(bytes(body), request.headers.get("content-type", ""), limit)
    name = getattr(body, "name", None)
    return f"<streamed body from {name!r}>" if name else "<streamed body>"


def _preview(body: bytes, content_type: str, limit: int) -> str:
    """The body as text if it is text, else a size; multipart parts one by one."""
    if not body:
        return ""
    boundary = re.search(r"boundary=\"?([^\";]+)", content_type)
    if content_type.startswith("multipart/") and boundary:
        return _multipart_preview(body, boundary.group(1).encode("latin-1"), limit)
    text = _as_text(body)
    if text is None:
        return f"<{len(body)} bytes of binary>"
    if len(text) > limit:
        return f"{text[:limit]}\n<... {len(text) - limit} more characters>"
    return text


def _multipart_preview(body: bytes, boundary: bytes, limit: int) -> str:
    """Each part's headers as they are; each part's content as text or as a size."""
    delimiter = b"--" + boundary
    shown = []
    for part in body.split(delimiter)[1:]:
        if part.startswith(b"--"):  # the closing delimiter (RFC 2046 section 5.1.1)
            shown.append(delimiter.decode("latin-1") + "--")
            break
        part_head, _, content = part.strip(b"\r\n").partition(b"\r\n\r\n")
        shown += [delimiter.decode("latin-1"), part_head.decode("latin-1"), "",
                  _preview(content, "", limit)]
    return "\n".join(shown)


def _as_text(body: bytes) -> str | None:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text if re.match(_PRINTABLE, text) else None
