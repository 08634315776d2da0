"""``Response.iter_lines`` gives the lines of the body, however the body was cut up.

A body reaches ``iter_lines`` in pieces: the server's chunks (``Transfer-Encoding:
chunked``) and the reads of ``chunk_size`` bytes. Where the pieces break is an accident
of the network, so it must not change the lines. The contract, from the docstring in
``httplib/response.py``:

* without ``delimiter``: the lines of ``body.splitlines()``, line endings removed. A
  ``\\r\\n`` split across two pieces is one line ending, not two, and a final line
  ending does not start an extra empty line;
* with ``delimiter``: the pieces of ``body.split(delimiter)``, empty ones included;
* with ``decode_unicode=True`` and a known encoding: the same, on the decoded text.

This is a deliberate difference from requests, which yields spurious empty lines where
a piece ends in the middle of ``\\r\\n`` (and on some other boundaries).

Every body comes from a real server: ``POST /echo-body`` sends the request body back
byte for byte, chunked in pieces of ``?chunk_size=`` bytes when that is given.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import httplib
from tests.properties.conftest import TIMEOUT

# Bodies made of line endings of every kind and short runs of other bytes, so that
# pieces often break inside a "\r\n" or right after one.
BODIES = st.lists(st.one_of(st.sampled_from([b"\n", b"\r", b"\r\n", b"\r\n\r\n", b"line"]),
                            st.binary(max_size=4)), max_size=12).map(b"".join)
# Text with every line boundary str.splitlines knows, multi-byte UTF-8 included
# ("\x85", "\u2028"), so a decoded character can also straddle two pieces.
TEXT_BODIES = st.lists(st.one_of(
    st.sampled_from(["\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "é", "€"]),
    st.text(max_size=3)), max_size=12).map("".join)
DELIMITERS = st.sampled_from([b",", b"\r\n", b"||", b"aa", b"\x00"])


def echoed(client: httplib.Session, base: str, body: bytes, server_chunk: int | None,
           stream: bool) -> httplib.Response:
    """A response whose body is ``body``, from the server, chunked if ``server_chunk``."""
    params = {"chunk_size": server_chunk} if server_chunk else None
    response = client.post(base + "/echo-body", params=params, data=body, stream=stream,
                           timeout=TIMEOUT)
    assert response.status_code == 200
    return response


def pieces(body_size: int) -> st.SearchStrategy[int]:
    """A read or chunk size from 1 to a little more than the whole body."""
    return st.integers(1, body_size + 2)


@given(body=BODIES, data=st.data())
def test_lines_are_the_bodys_splitlines_whatever_the_chunk_sizes(demo, client, body: bytes,
                                                                 data: Any):
    server_chunk = data.draw(st.one_of(st.none(), pieces(len(body))), label="server_chunk")
    read_size = data.draw(pieces(len(body)), label="read_size")
    stream = data.draw(st.booleans(), label="stream")
    response = echoed(client, demo.httpbin, body, server_chunk, stream)

    assert list(response.iter_lines(chunk_size=read_size)) == body.splitlines()


@given(delimiter=DELIMITERS, data=st.data())
def test_lines_with_a_delimiter_are_the_bodys_split(demo, client, delimiter: bytes, data: Any):
    """``body.split(delimiter)``, a delimiter split across two pieces included; an empty
    body has no lines at all (``b"".split(d)`` would give one empty piece)."""
    # The delimiter, its first byte alone ("a" of "aa", "\r" of "\r\n") and other bytes.
    parts = st.one_of(st.sampled_from([delimiter, delimiter[:1]]), st.binary(max_size=3))
    body = data.draw(st.lists(parts, max_size=12).map(b"".join), label="body")
    server_chunk = data.draw(st.one_of(st.none(), pieces(len(body))), label="server_chunk")
    read_size = data.draw(pieces(len(body)), label="read_size")
    response = echoed(client, demo.httpbin, body, server_chunk, stream=True)

    expected = body.split(delimiter) if body else []
    assert list(response.iter_lines(chunk_size=read_size, delimiter=delimiter)) == expected


@given(text=TEXT_BODIES, data=st.data())
def test_decoded_lines_are_the_texts_splitlines(demo, client, text: str, data: Any):
    """With ``decode_unicode=True`` the lines are text, split as ``str.splitlines``
    splits, even where a multi-byte character or a "\\r\\n" straddles two pieces."""
    body = text.encode("utf-8")
    server_chunk = data.draw(st.one_of(st.none(), pieces(len(body))), label="server_chunk")
    read_size = data.draw(pieces(len(body)), label="read_size")
    response = echoed(client, demo.httpbin, body, server_chunk, stream=True)
    response.encoding = "utf-8"  # the server says application/octet-stream: no charset

    assert list(response.iter_lines(chunk_size=read_size, decode_unicode=True)) == (
        text.splitlines())
