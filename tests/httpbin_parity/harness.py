"""The parity harness: one request, sent to the real httpbin and to the stand-in.

A test names a request; :func:`observe` reduces each answer to what a learner's code
can rely on, and the two observations must be equal:

- the status code and reason (``"401 UNAUTHORIZED"``);
- the media type and charset of ``Content-Type``;
- the headers that carry meaning (:data:`HEADERS`): redirects, challenges, cookies,
  validators, ranges, encodings, ``Allow``, ``Vary`` and CORS;
- the body: for JSON, the text itself (httpbin's layout is part of what learners
  print) and, for a readable failure, the parsed value key by key; for anything else,
  the bytes.

Values that differ from run to run or server to server (ports, UUIDs, dates, nonces)
are replaced by placeholders first (:func:`normalise`).

Where the stand-in answers differently on purpose, the test names the
:class:`Difference` (see :data:`DIFFERENCES`): the harness then checks that the
fields it lists really do differ, so a difference that is gone is noticed, and
compares everything else. Each difference is a row of the table "Differences from
httpbin.org" in ``servers/README.md``; ``test_readme.py`` keeps the two in step.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

HEADERS = (
    "location", "www-authenticate", "proxy-authenticate", "set-cookie", "etag",
    "last-modified", "cache-control", "content-encoding", "content-range", "accept-ranges",
    "allow", "vary", "access-control-allow-origin", "access-control-allow-credentials",
    "access-control-allow-methods", "access-control-allow-headers", "access-control-max-age",
    "content-disposition", "retry-after", "x-more-info",
)
"""Response headers compared, besides Content-Type (split into media type and charset)."""

_VOLATILE = (
    (re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "{uuid}"),
    (re.compile(r"\w{3}, \d\d[ -]\w{3}[ -]\d{4} \d\d:\d\d:\d\d GMT"), "{date}"),
    # Digest nonces and opaque values, and /cache's ETag: random hex, in quotes or not.
    (re.compile(r"(nonce|opaque|last_nonce)=\"?[0-9a-f]{16,}\"?"), r"\1={hex}"),
    (re.compile(r"127\.0\.0\.1:\d+"), "{host}"),
    (re.compile(r"boundary=[0-9a-f]{32}"), "boundary={boundary}"),  # requests' multipart
)


def normalise(text: str) -> str:
    """``text`` with ports, UUIDs, HTTP dates and nonces replaced by placeholders."""
    for pattern, placeholder in _VOLATILE:
        text = pattern.sub(placeholder, text)
    return text


@dataclass(frozen=True)
class Difference:
    """A way the stand-in answers unlike httpbin.org, on purpose.

    ``what`` is the first column of its row in servers/README.md; ``fields`` are the
    observation keys it may change (``"status"``, ``"body"``, ``"etag"``...): a test
    that names it needs at least one of them to differ, and compares the rest.
    """

    what: str
    fields: tuple[str, ...]


BODY = ("body", "media type", "charset")
"""The fields a different body changes: the bytes, and how they are labelled."""

DIFFERENCES: dict[str, Difference] = {
    "repeated-files": Difference("A repeated file field", ("body",)),
    "polite-402": Difference("`/status/402`", ("body",)),
    "own-teapot": Difference("`/status/418`", ("body",)),
    "bearer-any-case": Difference("`/bearer` with `bearer` in lower case",
                                  ("status", *BODY, "www-authenticate")),
    "digest-query": Difference("Digest login on a URL with a query string",
                               ("status", *BODY, "set-cookie")),
    "more-digest-algorithms": Difference("More Digest algorithms", ("www-authenticate",)),
    "digest-any-method": Difference("Digest with a body", ("status", *BODY, "allow",
                                                           "www-authenticate", "set-cookie")),
    "own-documents": Difference("Sample documents", ("body", "content-length")),
    "own-images": Difference("Images", ("body", "content-length")),
    "vary": Difference("`Vary: Accept` on `/image`", ("vary",)),
    "accept-q-zero": Difference("`q=0` in `Accept`", BODY),
    "repeatable-bytes": Difference("`/bytes` and `/stream-bytes` without `seed`", ("body",)),
    "quoted-etags": Difference("Entity tags are quoted", ("etag",)),
    "range-past-end": Difference("A range that runs past the end",
                                 ("status", *BODY, "content-range")),
    "several-ranges": Difference("Several ranges", ("status", "body", "content-range")),
    "one-content-type": Difference("`/response-headers?Content-Type=...`", BODY),
    "if-match-first": Difference("`If-Match` and `If-None-Match` together",
                                 ("status", *BODY, "etag")),
    "bad-input": Difference("Bad input", ("failed", "status", *BODY, "location", "set-cookie",
                                          "www-authenticate")),
}
"""Every deliberate difference, by the short key the tests name it with."""


def content_type(value: str | None) -> tuple[str | None, str | None]:
    """``"text/html; charset=UTF-8"`` -> ``("text/html", "utf-8")``."""
    if value is None:
        return None, None
    media_type, *parameters = (part.strip() for part in value.split(";"))
    charset = None
    for parameter in parameters:
        name, _, found = parameter.partition("=")
        if name.strip().lower() == "charset":
            charset = found.strip().strip('"').lower()
    return media_type.lower(), charset


def observe(response: Any) -> dict[str, Any]:
    """What a learner's code can rely on in ``response`` (a requests Response)."""
    media_type, charset = content_type(response.headers.get("Content-Type"))
    seen: dict[str, Any] = {
        "status": f"{response.status_code} {response.reason}",
        "media type": media_type,
        "charset": charset,
    }
    raw_headers = response.raw.headers
    for name in HEADERS:
        values = [normalise(value) for value in raw_headers.getlist(name)]
        if name == "allow":  # werkzeug lists methods in set order: compare the set
            values = sorted({m.strip() for value in values for m in value.split(",")})
        if values:
            seen[name] = values if len(values) > 1 else values[0]
    if response.request.method == "HEAD" and "content-encoding" not in seen:
        seen["content-length"] = response.headers.get("Content-Length")
    seen["body"] = _body(response.content)
    return seen


def _body(content: bytes) -> Any:
    """Text (normalised) when the body is UTF-8, else the bytes as they are."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return content
    return normalise(text)


def json_difference(real: str, ours: str) -> str:
    """A short account of how two JSON texts differ: the values that do, else the layout."""
    try:
        real_value, our_value = json.loads(real), json.loads(ours)
    except ValueError:
        return "the stand-in's body is not JSON"
    if real_value == our_value:
        return "same values, another layout (httpbin indents by 2, keys sorted)"
    return "\n".join(f"  at {path or 'the top'}: httpbin {a!r}, stand-in {b!r}"
                     for path, a, b in _value_differences(real_value, our_value))


def _value_differences(a: Any, b: Any, path: str = "") -> list[tuple[str, Any, Any]]:
    """Where two JSON values differ, as ``(path, a's part, b's part)``, most nested first."""
    if isinstance(a, dict) and isinstance(b, dict):
        return [found for key in sorted(set(a) | set(b))
                for found in _value_differences(a.get(key), b.get(key), f"{path}.{key}")]
    return [] if a == b else [(path, a, b)]


def compare(real: dict[str, Any], ours: dict[str, Any], differs: tuple[str, ...] = (),
            *, each_must_show: bool = True) -> set[str]:
    """Assert two observations agree, apart from the named deliberate differences.

    Returns the differences that showed. With ``each_must_show`` (one request), a named
    difference that did not show fails the test: it is gone, so the test and the README
    should stop claiming it. A scenario of several requests checks that over all of them.
    """
    __tracebackhide__ = True  # a failure shows the field that differs, not this loop
    shown = {key for key in differs
             if any(real.get(field) != ours.get(field) for field in DIFFERENCES[key].fields)}
    if each_must_show:
        assert_shown(differs, shown)
    skipped = {field for key in differs for field in DIFFERENCES[key].fields}
    if "failed" in skipped and ("failed" in real or "failed" in ours):
        return shown  # one side answered nothing a client can read: nothing else to compare
    for field in sorted((set(real) | set(ours)) - skipped):
        expected, got = real.get(field), ours.get(field)
        if expected == got:
            continue
        if field == "body" and real.get("media type") == "application/json":
            raise AssertionError("JSON body: " + json_difference(str(expected), str(got)))
        raise AssertionError(f"{field}: httpbin {expected!r}, stand-in {got!r}")
    return shown


def assert_shown(differs: tuple[str, ...], shown: set[str]) -> None:
    """Every named difference showed; else it is gone and should no longer be claimed."""
    for key in differs:
        assert key in shown, (
            f"difference {key!r} ({DIFFERENCES[key].what}) is gone: "
            f"{', '.join(DIFFERENCES[key].fields)} agree; drop it from the test and from "
            "servers/README.md")
