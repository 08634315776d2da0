"""Header values: valid ones arrive unchanged, dangerous ones never leave the client.

Valid means RFC 9110's ``field-value`` (section 5.5): visible ASCII (``VCHAR``), with
spaces and tabs allowed *inside* (not first or last: around a value they are optional
whitespace, which a parser may drop), plus ``obs-text``, the bytes 0x80-0xFF. obs-text
is obsolete but still sent by real clients, and it round-trips: a ``str`` value goes
out encoded as ISO-8859-1 (one byte per character, U+0080-U+00FF) and the server
decodes it the same way. One exception, shared with requests: a value may not *start*
with U+0085 or U+00A0, which Python's ``\\s`` counts as whitespace, so both clients
refuse it as "leading whitespace".

Invalid means a value that could end the header early: CR or LF (a smuggled second
header, "header injection"), NUL (RFC 9110 section 5.5: "invalid and dangerous"), or
leading whitespace (obsolete line folding, RFC 9112 section 5.2). httplib refuses them
with ``InvalidHeader`` when the request is prepared, before any connection is made.
requests refuses the same values except NUL, which it sends: a deliberate difference.
"""

from __future__ import annotations

import socket

import pytest
import requests
from hypothesis import given
from hypothesis import strategies as st

import httplib
from tests.properties.conftest import TIMEOUT

VCHAR = "".join(map(chr, range(0x21, 0x7F)))
OBS_TEXT = "".join(map(chr, range(0x80, 0x100)))
FIELD_VCHAR = st.sampled_from(VCHAR + OBS_TEXT)
FIRST_VCHAR = st.sampled_from(VCHAR + OBS_TEXT.replace("\x85", "").replace("\xa0", ""))


@st.composite
def valid_values(draw: st.DrawFn) -> str:
    """``field-vchar [ 1*( SP / HTAB / field-vchar ) field-vchar ]``, or empty."""
    middle = draw(st.text(st.one_of(FIELD_VCHAR, st.sampled_from(" \t")), max_size=20))
    if not middle and draw(st.booleans()):
        return ""
    return draw(FIRST_VCHAR) + middle + draw(FIELD_VCHAR)


@st.composite
def invalid_values(draw: st.DrawFn) -> str:
    """A valid value with CR, LF or NUL put somewhere, or with whitespace in front."""
    value = draw(valid_values())
    if draw(st.booleans()):
        return draw(st.sampled_from([" ", "\t"])) + value
    where = draw(st.integers(0, len(value)))
    return value[:where] + draw(st.sampled_from(["\r", "\n", "\r\n", "\x00"])) + value[where:]


NAMES = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzABCXYZ0123456789-"), min_size=1,
                max_size=10).map(lambda token: "X-Property-" + token)


@pytest.fixture(scope="module")
def nowhere() -> str:
    """A URL where nothing listens: a request that got as far as connecting would
    fail there with ConnectionError, so InvalidHeader proves nothing was sent."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/headers"


@given(name=NAMES, value=valid_values(), as_bytes=st.booleans())
def test_a_valid_value_is_echoed_unchanged(demo, client, name, value, as_bytes):
    """As ``str`` or as ``bytes`` (ISO-8859-1), the server reads back the same value."""
    sent = value.encode("latin-1") if as_bytes else value
    response = client.get(demo.httpbin + "/headers", headers={name: sent}, timeout=TIMEOUT)

    assert response.status_code == 200
    echoed = {key.lower(): v for key, v in response.json()["headers"].items()}
    assert echoed[name.lower()] == value  # werkzeug Title-Cases the name; the value is as sent


@given(name=NAMES, value=invalid_values(), as_bytes=st.booleans())
def test_an_invalid_value_is_refused_before_sending(nowhere, name, value, as_bytes):
    sent = value.encode("latin-1") if as_bytes else value
    with pytest.raises(httplib.exceptions.InvalidHeader):
        httplib.Request("GET", nowhere, headers={name: sent}).prepare()
    with httplib.Session() as session, pytest.raises(httplib.exceptions.InvalidHeader):
        session.get(nowhere, headers={name: sent}, timeout=TIMEOUT)

    if "\x00" not in value:  # requests agrees on everything but NUL
        with pytest.raises(requests.exceptions.InvalidHeader):
            requests.Request("GET", nowhere, headers={name: sent}).prepare()


@given(name=NAMES, value=valid_values(), bad=st.sampled_from(["\r", "\n", "\x00", ":"]),
       data=st.data())
def test_a_name_with_a_line_break_nul_or_colon_is_refused(nowhere, name, value, bad, data):
    """A colon would end the name early and a line break the whole header; NUL is as
    dangerous in a name as in a value. Leading whitespace in a name is refused too."""
    where = data.draw(st.integers(0, len(name)))
    for wrong in (name[:where] + bad + name[where:], data.draw(st.sampled_from(" \t")) + name):
        with pytest.raises(httplib.exceptions.InvalidHeader):
            httplib.Request("GET", nowhere, headers={wrong: value}).prepare()
        if "\x00" not in wrong:  # requests agrees on everything but NUL
            with pytest.raises(requests.exceptions.InvalidHeader):
                requests.Request("GET", nowhere, headers={wrong: value}).prepare()
