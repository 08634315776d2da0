"""URLs: whatever params and path segments you pass, the server sees exactly those.

Two kinds of check:

* round trip: the httpbin stand-in echoes what it parsed (``args`` for the query,
  ``url`` for the path), and that must equal what the test sent;
* differential: httplib must prepare the very same URL as requests, byte for byte,
  since ``import httplib as requests`` must change nothing.

The text strategy leans on the characters that break naive code: the query's own
syntax (``& = # + % ? /``), spaces, CR and LF, and any unicode character that UTF-8
can encode (lone surrogates cannot be sent at all, so they are left out).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, unquote, urlencode, urlsplit

import requests
from hypothesis import given
from hypothesis import strategies as st

import httplib
from tests.properties.conftest import TIMEOUT

TRICKY = "&=#+%/?; \r\n\t~"
"""Characters with a meaning in a query string, or that must be escaped in one."""

TEXT = st.text(st.one_of(st.sampled_from(TRICKY), st.characters(codec="utf-8")), max_size=8)
VALUE = st.one_of(TEXT, st.none(), st.lists(st.one_of(TEXT, st.none()), max_size=3))
PARAMS = st.one_of(
    st.dictionaries(TEXT, VALUE, max_size=4),                   # {"q": "x", "tag": ["a", "b"]}
    st.lists(st.tuples(TEXT, st.one_of(TEXT, st.none())), max_size=4),   # [("a", "1"), ...]
)


def not_dots(segment: str) -> bool:
    """'.' and '..' are dot segments, removed from any path (RFC 3986 section 5.2.4)."""
    return segment not in (".", "..")


# A path segment typed as is: no '/', '?' or '#' (they would end the segment or the
# path), no '%' (it would start an escape) and no ASCII control character (httplib
# refuses those in a URL, deliberately).
CONTROL = "".join(map(chr, range(32))) + "\x7f"
RAW_SEGMENT = st.text(st.characters(codec="utf-8", exclude_characters="/?#%" + CONTROL),
                      min_size=1, max_size=8).filter(not_dots)
# Any segment at all, for a path the user quoted with ``quote(segment, safe="")``.
ANY_SEGMENT = st.text(st.characters(codec="utf-8"), min_size=1, max_size=8).filter(not_dots)


def as_pairs(params: dict[str, Any] | list[tuple[str, Any]]) -> list[tuple[str, str]]:
    """The ``(key, value)`` pairs params stand for: a list value repeats its key, None
    (alone or in a list) leaves the pair out. This is the documented meaning of ``params=``."""
    items = params.items() if isinstance(params, dict) else params
    pairs = []
    for key, values in items:
        for value in values if isinstance(values, list) else [values]:
            if value is not None:
                pairs.append((key, value))
    return pairs


def as_echoed(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """How httpbin shows query pairs in ``args``: one value as is, several as a list."""
    grouped: dict[str, list[str]] = {}
    for key, value in pairs:
        grouped.setdefault(key, []).append(value)
    return {key: values[0] if len(values) == 1 else values for key, values in grouped.items()}


@given(params=PARAMS, query=st.lists(st.tuples(TEXT, TEXT), max_size=2))
def test_params_come_back_exactly_as_sent_and_as_requests_prepares_them(demo, client, params,
                                                                        query):
    """Any params, added to a URL that may already have a query, reach the server intact.

    The existing query comes first, then the params: both clients append with '&'.
    """
    url = demo.httpbin + "/get" + (f"?{urlencode(query)}" if query else "")
    response = client.get(url, params=params, timeout=TIMEOUT)

    assert response.status_code == 200
    assert response.json()["args"] == as_echoed(query + as_pairs(params))
    reference = requests.Request("GET", url, params=params).prepare().url
    assert response.request.url == reference
    assert httplib.Request("GET", url, params=params).prepare().url == reference


@given(segments=st.lists(RAW_SEGMENT, min_size=1, max_size=4))
def test_path_segments_are_quoted_so_the_server_sees_the_same_path(demo, client, segments):
    """Spaces, unicode, brackets, backslashes...: typed into a path, they are
    percent-encoded on the way out and decoded back by the server."""
    path = "/anything/" + "/".join(segments)
    response = client.get(demo.httpbin + path, timeout=TIMEOUT)

    assert response.status_code == 200
    # ``url`` is werkzeug's IRI of the request: the decoded path, re-quoted for display.
    # With no '%' in the segments, unquoting it gives back the path exactly.
    assert unquote(urlsplit(response.json()["url"]).path) == path
    reference = requests.Request("GET", demo.httpbin + path).prepare().url
    assert response.request.url == reference


@given(segments=st.lists(ANY_SEGMENT, min_size=1, max_size=4))
def test_a_percent_encoded_path_is_left_exactly_as_given(demo, segments):
    """Quoting is idempotent: an already-quoted URL is not quoted again (``%20`` never
    becomes ``%2520``), whatever the segments held, '%', '/', CR or LF included."""
    url = demo.httpbin + "/anything/" + "/".join(quote(segment, safe="") for segment in segments)

    assert httplib.Request("GET", url).prepare().url == url
    assert requests.Request("GET", url).prepare().url == url
