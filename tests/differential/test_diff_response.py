"""Differential tests: the Response object as a user sees it.

Each scenario runs through requests and through httplib (the ``same`` fixture) and
compares what a user can observe of a response: status and reason, ``ok`` and
``raise_for_status()``, headers, encodings and decoding, ``.json()`` and its errors,
``links`` and redirect properties, streaming (``iter_content``, ``iter_lines``,
``raw``), compressed bodies, cookies, and the odd corners (HEAD, 204, 304, consumed
content). Echo endpoints that would repeat the User-Agent inside chunked or sliced
bodies are sent a fixed User-Agent, so only the client's behaviour is compared.
"""

from __future__ import annotations

import datetime
import decimal
import gzip
import json
import pickle
import re
import threading
import warnings
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.differential.harness import VOLATILE_HEADERS, exception_names, observe

FIXED_AGENT = {"User-Agent": "differential-test"}


def stable_headers(response: Any) -> dict[str, str]:
    """Response headers without the ones that change from one request to the next."""
    return {k: v for k, v in response.headers.items() if k.lower() not in VOLATILE_HEADERS}


def failure(error: BaseException) -> dict[str, Any]:
    """An exception a scenario caught: its class names (own and builtin) and message."""
    return {"types": [cls.__name__ for cls in type(error).__mro__], "message": str(error)}


# --- status, reason, ok, raise_for_status ---------------------------------------------

STATUSES = [200, 201, 202, 204, 299, 400, 401, 403, 404, 405, 418, 429, 500, 502, 503, 599]


@pytest.mark.parametrize("code", STATUSES)
def test_status_reason_ok_bool_repr(demo, same, code):
    def scenario(lib):
        r = lib.get(demo.httpbin + f"/status/{code}")
        return {"status": r.status_code, "reason": r.reason, "ok": r.ok, "bool": bool(r),
                "repr": repr(r), "type": type(r.status_code).__name__}
    same(scenario)


@pytest.mark.parametrize("code", [200, 204, 302, 400, 404, 418, 500, 503, 599])
def test_raise_for_status_message(demo, same, code):
    def scenario(lib):
        r = lib.get(demo.httpbin + f"/status/{code}", allow_redirects=False)
        try:
            returned = r.raise_for_status()
        except lib.exceptions.HTTPError as error:
            return {"message": str(error), "response_status": error.response.status_code,
                    "response_is_r": error.response is r,
                    "request_url": error.request.url if error.request is not None else None,
                    "is_request_exception": isinstance(error, lib.exceptions.RequestException),
                    "is_io_error": isinstance(error, IOError)}
        return {"returned": returned}
    same(scenario)


def test_raise_for_status_exception_classes(demo, same):
    same(lambda lib: lib.get(demo.httpbin + "/status/404").raise_for_status())


def test_raise_for_status_of_json_api_error(demo, same):
    def scenario(lib):
        r = lib.get(demo.github + "/repos/nobody/nothing")
        try:
            r.raise_for_status()
        except lib.exceptions.HTTPError as error:
            return str(error), error.response.json()
    same(scenario)


def test_status_codes_lookup(demo, same):
    def scenario(lib):
        codes = lib.codes
        return (codes.ok, codes.OK, codes["not_found"], codes.teapot, codes.im_a_teapot,
                codes.temporary_redirect, codes.too_many_requests, codes.get("nothing"))
    same(scenario)


def test_status_code_compared_with_codes(demo, same):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/status/404")
        return r.status_code == lib.codes.not_found, r.status_code == lib.codes.ok
    same(scenario)


# --- headers ----------------------------------------------------------------------------


def test_headers_case_insensitive_access(demo, same):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/json")
        h = r.headers
        return {"exact": h["Content-Type"], "lower": h["content-type"],
                "upper": h["CONTENT-TYPE"], "get": h.get("content-length"),
                "missing": h.get("X-Missing"), "in": "CONTENT-LENGTH" in h,
                "keys": list(h.keys()),
                "is_case_insensitive_dict": isinstance(h, lib.structures.CaseInsensitiveDict)}
    same(scenario)


def test_headers_missing_key_raises_key_error(demo, same):
    same(lambda lib: lib.get(demo.httpbin + "/json").headers["X-Not-There"])


def test_headers_are_mutable_and_case_insensitive(demo, same):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/html")
        r.headers["x-added"] = "1"
        r.headers["X-ADDED"] = "2"
        del r.headers["content-LENGTH"]
        return stable_headers(r), r.headers == {k.upper(): v for k, v in r.headers.items()}
    same(scenario)


def test_repeated_response_headers_are_joined(demo, same):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/response-headers",
                    params=[("X-Dup", "first"), ("X-Dup", "second"), ("X-Single", "only")])
        return r.headers["x-dup"], r.headers["X-Single"], r.json()
    same(scenario)


def test_observe_plain_page(demo, same):
    same(lambda lib: observe(lib.get(demo.example + "/")))


def test_observe_nginx_index_and_404(demo, same):
    same(lambda lib: (observe(lib.get(demo.nginx + "/")),
                      observe(lib.get(demo.nginx + "/missing"))))


def test_observe_faults_ok(demo, same):
    same(lambda lib: observe(lib.get(demo.faults + "/ok")))


# --- encoding, text, content ------------------------------------------------------------

ENCODING_URLS = {
    "html_charset_utf8": "/html",
    "json_no_charset": "/json",
    "xml_charset": "/xml",
    "octet_stream": "/range/26",
    "text_plain_no_charset": "/response-headers?Content-Type=text/plain",
    "text_csv_no_charset": "/response-headers?Content-Type=text/csv",
    "quoted_charset": '/response-headers?Content-Type=text/html;%20charset="UTF-8"',
    "uppercase_charset": "/response-headers?Content-Type=text/plain;%20CHARSET=Latin-1",
    "json_with_charset": "/response-headers?Content-Type=application/json;%20charset=ascii",
    "png": "/image/png",
    "utf8_page": "/encoding/utf8",
}


@pytest.mark.parametrize("path", ENCODING_URLS.values(), ids=ENCODING_URLS.keys())
def test_encoding_from_headers_and_text(demo, same, path):
    def scenario(lib):
        r = lib.get(demo.httpbin + path)
        return {"encoding": r.encoding, "text": r.text, "content": r.content}
    same(scenario)


@pytest.mark.parametrize("url", ["/encoding/utf8", "/html", "/range/26", "/bytes/64?seed=3",
                                 "/image/png", "/status/204", "/json"])
def test_apparent_encoding(demo, same, url):
    same(lambda lib: lib.get(demo.httpbin + url).apparent_encoding)


def test_wrong_charset_text_and_apparent_encoding(demo, same):
    def scenario(lib):
        r = lib.get(demo.faults + "/wrong-charset")
        return {"encoding": r.encoding, "text": r.text, "apparent": r.apparent_encoding}
    same(scenario)


@pytest.mark.parametrize("encoding", ["utf-8", None, "ascii", "utf-16", "cp1252"])
def test_set_encoding_then_text(demo, same, encoding):
    def scenario(lib):
        r = lib.get(demo.faults + "/wrong-charset")
        before = r.text
        r.encoding = encoding
        return before, r.text, r.encoding
    same(scenario)


def test_set_unknown_encoding_then_text(demo, same):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/html")
        r.encoding = "no-such-codec"
        return r.text
    same(scenario)


def test_content_and_text_types(demo, same):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/encoding/utf8")
        return type(r.content).__name__, type(r.text).__name__, r.text == r.content.decode()
    same(scenario)


@pytest.mark.parametrize("path", ["/image/png", "/image/jpeg", "/image/svg", "/image/webp",
                                  "/bytes/5000?seed=42"])
def test_binary_bodies_identical(demo, same, path):
    def scenario(lib):
        r = lib.get(demo.httpbin + path)
        return r.status_code, r.headers["Content-Type"], r.content
    same(scenario)


def deprecated_call(function: Any, *args: Any) -> tuple[Any, list[tuple[str, ...]]]:
    """``function(*args)`` and the warnings it gave. The wording of a message is each
    client's own; what it says is compared: the function is going, in requests 3.0, and
    where to read why."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = function(*args)
    return result, [(w.category.__name__, function.__name__ in str(w.message),
                     "requests 3.0" in str(w.message), "issue #2266" in str(w.message))
                    for w in caught]


DECLARING_DOCUMENTS = {
    "meta_charset": '<html><head><meta charset="utf-8"></head></html>',
    "meta_charset_unquoted": "<META CHARSET=windows-1252>",
    "http_equiv_pragma": '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">',
    "xml_declaration": '<?xml version="1.0" encoding="UTF-16"?><root/>',
    "xml_declaration_not_first": ' <?xml version="1.0" encoding="UTF-16"?>',
    "all_three": ('<?xml version="1.0" encoding=\'latin-1\'?>\n<meta charset="utf-8">\n'
                  '<meta http-equiv="content-type" content="text/html;charset=koi8-r">'),
    "two_metas_one_line": '<meta charset="a"><meta charset=\'b\'>',
    "none": "<html><body>no declaration here</body></html>",
    "empty": "",
}


@pytest.mark.parametrize("document", DECLARING_DOCUMENTS.values(),
                         ids=DECLARING_DOCUMENTS.keys())
def test_get_encodings_from_content_is_deprecated_and_finds_the_same(same, document):
    same(lambda lib: deprecated_call(lib.utils.get_encodings_from_content, document))


def test_get_encodings_from_content_of_served_pages(demo, same):
    def scenario(lib):
        pages = [lib.get(demo.httpbin + path, timeout=5).text for path in ("/html", "/xml")]
        return [deprecated_call(lib.utils.get_encodings_from_content, page) for page in pages]
    same(scenario)


@pytest.mark.parametrize("path", ["/encoding/utf8", "/html", "/xml", "/json", "/bytes/64?seed=3",
                                  "/response-headers?Content-Type=text/plain", "/status/204"])
def test_get_unicode_from_response_of_served_bodies(demo, same, path):
    same(lambda lib: deprecated_call(lib.utils.get_unicode_from_response,
                                     lib.get(demo.httpbin + path, timeout=5)))


def test_get_unicode_from_response_with_a_wrong_charset(demo, same):
    same(lambda lib: deprecated_call(lib.utils.get_unicode_from_response,
                                     lib.get(demo.faults + "/wrong-charset", timeout=5)))


HAND_MADE_BODIES = {
    "utf8_label_invalid_bytes": ("text/plain; charset=utf-8", b"caf\xe9 \xff ok"),
    "no_content_type": (None, "naïve".encode()),
    "no_charset_invalid_utf8": ("application/octet-stream", b"\x80abc"),
    "ascii_label_latin1_bytes": ("text/html; charset=ascii", "Café".encode("latin-1")),
    "unknown_charset": ("text/plain; charset=no-such-codec", b"abc"),
    "no_body": ("text/plain", None),
}


@pytest.mark.parametrize(("content_type", "body"), HAND_MADE_BODIES.values(),
                         ids=HAND_MADE_BODIES.keys())
def test_get_unicode_from_response_built_by_hand(same, content_type, body):
    def scenario(lib):
        r = lib.Response()
        r.status_code = 200
        if content_type:
            r.headers["Content-Type"] = content_type
        r._content = body
        return deprecated_call(lib.utils.get_unicode_from_response, r)
    same(scenario)


def test_download_file_headers_and_content(demo, same):
    def scenario(lib):
        r = lib.get(demo.downloads + "/files/3000")
        return stable_headers(r), r.content == bytes(i % 256 for i in range(3000))
    same(scenario)


# --- json() -----------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/json", "/get?a=1", "/stream/1"])
def test_json_success(demo, same, url):
    same(lambda lib: lib.get(demo.httpbin + url, headers=FIXED_AGENT).json())


def test_json_from_apis(demo, same):
    def scenario(lib):
        return (lib.get(demo.posts + "/posts/1").json(),
                len(lib.get(demo.posts + "/posts", params={"userId": 1}).json()),
                lib.get(demo.json_get + "/").json(),
                lib.get(demo.forecast + "/v1/forecast",
                        params={"latitude": 52.52, "longitude": 13.41,
                                "current": "temperature_2m"}).status_code)
    same(scenario)


def test_json_kwargs_passed_to_decoder(demo, same):
    def scenario(lib):
        r = lib.get(demo.forecast + "/v1/forecast",
                    params={"latitude": 52.52, "longitude": 13.41, "hourly": "temperature_2m"})
        data = r.json(parse_float=decimal.Decimal)
        return type(data["latitude"]).__name__, str(data["latitude"])
    same(scenario)


@pytest.mark.parametrize("where", ["html", "invalid_json", "empty_204", "xml", "bytes"])
def test_json_decode_errors(demo, same, where):
    urls = {"html": demo.httpbin + "/html", "invalid_json": demo.faults + "/invalid-json",
            "empty_204": demo.httpbin + "/status/204", "xml": demo.httpbin + "/xml",
            "bytes": demo.httpbin + "/bytes/20?seed=1"}

    def scenario(lib):
        r = lib.get(urls[where])
        try:
            r.json()
        except lib.exceptions.JSONDecodeError as error:
            return {"own": isinstance(error, lib.exceptions.RequestException),
                    "is_json_decode_error": isinstance(error, json.JSONDecodeError),
                    "is_value_error": isinstance(error, ValueError),
                    "message": str(error), "pos": getattr(error, "pos", None),
                    "lineno": getattr(error, "lineno", None)}
        return "no error"
    same(scenario)


def test_json_decode_error_escapes_with_class_names(demo, same):
    same(lambda lib: lib.get(demo.faults + "/invalid-json").json())


def test_json_decode_error_caught_as_value_error(demo, same):
    def scenario(lib):
        try:
            lib.get(demo.httpbin + "/html").json()
        except ValueError as error:
            return type(error).__name__
    same(scenario)


# --- links, next, redirects without following -------------------------------------------


@pytest.mark.parametrize("page", [1, 2, 10])
def test_links_from_paginated_api(demo, same, page):
    def scenario(lib):
        r = lib.get(demo.paginated + "/items", params={"page": page, "per_page": 10})
        return r.links, r.headers["X-Total-Count"], r.encoding
    same(scenario)


def test_links_absent(demo, same):
    same(lambda lib: lib.get(demo.httpbin + "/json").links)


def test_links_followed_to_the_end(demo, same):
    def scenario(lib):
        url, pages = demo.paginated + "/items?per_page=30", []
        while url:
            r = lib.get(url)
            pages.append([item["id"] for item in r.json()["items"]])
            url = r.links.get("next", {}).get("url")
        return pages
    same(scenario)


def test_links_from_github_search(demo, same):
    def scenario(lib):
        r = lib.get(demo.github + "/search/repositories",
                    params={"q": "language:python", "per_page": 2, "page": 2})
        return r.links, r.json()["total_count"]
    same(scenario)


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_redirect_properties_without_following(demo, same, status):
    def scenario(lib):
        r = lib.post(demo.httpbin + "/redirect-to", params={"url": "/get", "status_code": status},
                     data={"a": "1"}, allow_redirects=False)
        nxt = r.next
        return {"status": r.status_code, "is_redirect": r.is_redirect,
                "is_permanent_redirect": r.is_permanent_redirect, "history": r.history,
                "location": r.headers["Location"],
                "next": nxt and (nxt.method, nxt.url, nxt.body)}
    same(scenario)


def test_nginx_permanent_redirect_not_followed(demo, same):
    def scenario(lib):
        r = lib.get(demo.nginx + "/oldpage.html", allow_redirects=False)
        return (r.status_code, r.is_redirect, r.is_permanent_redirect, r.next.url,
                r.headers["Location"])
    same(scenario)


def test_next_is_none_without_redirect(demo, same):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/get", allow_redirects=False)
        return r.next, r.is_redirect, r.is_permanent_redirect
    same(scenario)


def test_history_is_empty_list(demo, same):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/get")
        return r.history, type(r.history).__name__
    same(scenario)


# --- iter_content -----------------------------------------------------------------------

STREAM_URLS = {
    "range": "/range/50",
    "chunked_bytes": "/stream-bytes/100?chunk_size=30&seed=5",
    "drip": "/drip?numbytes=6&duration=0",
    "bytes": "/bytes/3000?seed=7",
    "json_lines": "/stream/3",
}


@pytest.mark.parametrize("stream", [True, False], ids=["stream", "preloaded"])
@pytest.mark.parametrize("chunk_size", [1, 7, 1024, None])
@pytest.mark.parametrize("path", STREAM_URLS.values(), ids=STREAM_URLS.keys())
def test_iter_content_chunk_sizes(demo, same, path, chunk_size, stream):
    def scenario(lib):
        r = lib.get(demo.httpbin + path, headers=FIXED_AGENT, stream=stream)
        chunks = list(r.iter_content(chunk_size=chunk_size))
        return {"chunks": chunks if chunk_size else b"".join(chunks),
                "lengths": [len(c) for c in chunks], "types": {type(c).__name__ for c in chunks}}
    same(scenario)


@pytest.mark.parametrize("chunk_size", [1, 3, 7, 64, None])
@pytest.mark.parametrize("path", ["/encoding/utf8", "/range/20", "/json"])
def test_iter_content_decode_unicode(demo, same, path, chunk_size):
    def scenario(lib):
        r = lib.get(demo.httpbin + path, stream=True)
        chunks = list(r.iter_content(chunk_size=chunk_size, decode_unicode=True))
        joined = "".join(chunks) if all(isinstance(c, str) for c in chunks) else b"".join(chunks)
        return {"encoding": r.encoding, "joined": joined,
                "types": sorted({type(c).__name__ for c in chunks}),
                "count": len(chunks) if chunk_size else None}
    same(scenario)


def test_iter_content_decode_unicode_after_setting_encoding(demo, same):
    def scenario(lib):
        r = lib.get(demo.faults + "/wrong-charset", stream=True)
        r.encoding = "utf-8"
        return list(r.iter_content(chunk_size=5, decode_unicode=True))
    same(scenario)


@pytest.mark.parametrize("chunk_size", ["10", 2.5])
def test_iter_content_rejects_non_int_chunk_size(demo, same, chunk_size):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/range/10", stream=True)
        try:
            next(r.iter_content(chunk_size=chunk_size))
        except TypeError as error:
            return failure(error)
        return "no error"
    same(scenario)


def test_iter_content_on_empty_body(demo, same):
    def scenario(lib):
        return (list(lib.get(demo.httpbin + "/status/204", stream=True).iter_content(4)),
                list(lib.get(demo.httpbin + "/status/204").iter_content(4)))
    same(scenario)


def test_iterating_the_response_itself(demo, same):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/range/300", stream=True)
        return [len(chunk) for chunk in r]
    same(scenario)


# --- iter_lines -------------------------------------------------------------------------


@pytest.mark.parametrize("chunk_size", [1, 5, 100, 512, None])
def test_iter_lines_json_stream(demo, same, chunk_size):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/stream/4", headers=FIXED_AGENT, stream=True)
        lines = list(r.iter_lines(chunk_size=chunk_size))
        return [json.loads(line)["id"] for line in lines], lines
    same(scenario)


LINES_BODY = b"one\n\ntwo\r\nthree\rfour\n\n\nfive"
DELIMITERS = pytest.mark.parametrize("delimiter", [None, b"\n", b"\r\n", b"\n\n"],
                                     ids=["none", "lf", "crlf", "double_lf"])


@DELIMITERS
def test_iter_lines_blank_lines_and_delimiters(demo, same, delimiter):
    def scenario(lib):
        r = lib.post(demo.httpbin + "/dump/request", data=LINES_BODY, headers=FIXED_AGENT,
                     stream=True)
        return list(r.iter_lines(delimiter=delimiter))
    same(scenario)


def test_iter_lines_custom_delimiter_on_range(demo, same):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/range/80", stream=True)
        return list(r.iter_lines(delimiter=b"yz"))
    same(scenario)


def split_whole(body: bytes, delimiter: bytes | None) -> list[bytes]:
    return body.splitlines() if delimiter is None else body.split(delimiter)


@pytest.mark.parametrize("chunk_size", [1, 4, 512])
@DELIMITERS
def test_httplib_iter_lines_ignore_chunk_boundaries(demo, chunk_size, delimiter):
    """NOT differential: requests splits each chunk on its own, so a chunk boundary
    between ``\\r`` and ``\\n``, or right after a delimiter, gives it an extra blank
    line. httplib yields the lines of the whole body, whatever the chunk size."""
    import httplib

    url = demo.httpbin + "/dump/request"
    whole = httplib.post(url, data=LINES_BODY, headers=FIXED_AGENT).content
    r = httplib.post(url, data=LINES_BODY, headers=FIXED_AGENT, stream=True)
    assert list(r.iter_lines(chunk_size=chunk_size, delimiter=delimiter)) == \
        split_whole(whole, delimiter)


@pytest.mark.parametrize("chunk_size", [1, 3, 10, 26])
def test_httplib_iter_lines_find_a_delimiter_split_across_chunks(demo, chunk_size):
    """NOT differential, for the same reason as the test above."""
    import httplib

    whole = httplib.get(demo.httpbin + "/range/80").content
    r = httplib.get(demo.httpbin + "/range/80", stream=True)
    assert list(r.iter_lines(chunk_size=chunk_size, delimiter=b"yz")) == whole.split(b"yz")


@pytest.mark.parametrize("chunk_size", [2, 512])
def test_iter_lines_decode_unicode(demo, same, chunk_size):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/encoding/utf8", stream=True)
        return list(r.iter_lines(chunk_size=chunk_size, decode_unicode=True))
    same(scenario)


def test_iter_lines_without_stream(demo, same):
    same(lambda lib: list(lib.get(demo.httpbin + "/xml").iter_lines()))


def test_iter_lines_of_drip(demo, same):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/drip", params={"numbytes": 4, "duration": 0.05}, stream=True)
        return list(r.iter_lines(chunk_size=1))
    same(scenario)


# --- compressed bodies ------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/gzip", "/deflate"])
def test_compressed_body_is_decoded(demo, same, path):
    def scenario(lib):
        r = lib.get(demo.httpbin + path)
        return {"encoding_header": r.headers["Content-Encoding"], "json": r.json(),
                "starts": r.content[:1], "encoding": r.encoding}
    same(scenario)


@pytest.mark.parametrize("path", ["/gzip", "/deflate"])
def test_compressed_body_iter_content_is_decoded(demo, same, path):
    def scenario(lib):
        r = lib.get(demo.httpbin + path, stream=True)
        return json.loads(b"".join(r.iter_content(chunk_size=16)))
    same(scenario)


@pytest.mark.parametrize("path", ["/gzip", "/deflate"])
def test_compressed_raw_read_is_not_decoded(demo, same, path):
    def scenario(lib):
        r = lib.get(demo.httpbin + path, stream=True)
        raw = r.raw.read()
        data = gzip.decompress(raw) if path == "/gzip" else zlib.decompress(raw)
        return json.loads(data)
    same(scenario)


@pytest.mark.parametrize("path", ["/gzip", "/deflate"])
def test_compressed_raw_read_decode_content(demo, same, path):
    def scenario(lib):
        r = lib.get(demo.httpbin + path, stream=True)
        return json.loads(r.raw.read(decode_content=True))
    same(scenario)


def test_identity_accept_encoding_on_gzip_endpoint(demo, same):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/gzip", headers={"Accept-Encoding": "identity"})
        return r.headers.get("Content-Encoding"), r.json()["gzipped"]
    same(scenario)


# A server for the compressed bodies httpbin does not send: each path answers with the
# status, Content-Encoding and body below, framed by Content-Length or chunked.
TEXT = b"".join(b"line %03d of a body that travels compressed\n" % n for n in range(200))
GZIPPED = gzip.compress(TEXT, mtime=0)


def raw_deflate(data: bytes) -> bytes:
    """Deflate without the zlib wrapper (RFC 1951): what some servers send as deflate."""
    compressor = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


CODED = {  # path: (status, Content-Encoding, body, chunked)
    "/multi-member": (200, "gzip", gzip.compress(b"one\n", mtime=0)
                      + gzip.compress(b"two\n", mtime=0), False),
    "/gzip-then-a-newline": (200, "gzip", GZIPPED + b"\n", False),
    "/gzip-then-garbage": (200, "gzip", GZIPPED + b"garbage after the end", False),
    "/gzip-chunked": (200, "gzip", GZIPPED, True),
    "/empty-gzip": (200, "gzip", b"", False),
    "/empty-gzip-chunked": (200, "gzip", b"", True),
    "/no-content-gzip": (204, "gzip", b"", False),
    "/not-modified-gzip": (304, "gzip", b"", False),
    "/raw-deflate": (200, "deflate", raw_deflate(TEXT), False),
    "/zlib-deflate-chunked": (200, "deflate", zlib.compress(TEXT), True),
    "/identity": (200, "identity", TEXT, False),
    "/gzip-truncated-chunked": (200, "gzip", GZIPPED[: len(GZIPPED) // 2], True),
}


class CodedHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 10

    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        status, coding, body, chunked = CODED[self.path]
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Encoding", coding)
        if status in (204, 304):
            body = b""
        elif chunked:
            self.send_header("Transfer-Encoding", "chunked")
            pieces = [body[i:i + 64] for i in range(0, len(body), 64)]
            body = b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces) + b"0\r\n\r\n"
        else:
            self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command == "GET":
            self.wfile.write(body)

    do_HEAD = do_GET


@pytest.fixture(scope="module")
def coded() -> Iterator[str]:
    """The URL of a server sending the compressed bodies of ``CODED``."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), CodedHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(5)


def body_or_error(lib: Any, url: str, stream: bool, method: str = "GET") -> Any:
    """Status and the whole body (read with ``content``, or iterated when streaming), or
    the exception that reading it raised (without ``stream``, the call itself reads)."""
    try:
        r = lib.request(method, url, stream=stream, timeout=5)
        return r.status_code, b"".join(r.iter_content(100)) if stream else r.content
    except Exception as error:  # the class is what we compare
        return exception_names(lib, error)


COMPLETE = [path for path in CODED if "truncated" not in path]


@pytest.mark.parametrize("stream", [False, True], ids=["content", "iter_content"])
@pytest.mark.parametrize("path", COMPLETE)
def test_complete_compressed_bodies_read_the_same(coded, same, path, stream):
    """Every compressed body that ends properly, whatever its shape, reads the same: the
    check that refuses a truncated stream (below) must not refuse any of these."""
    same(lambda lib: body_or_error(lib, coded + path, stream))


@pytest.mark.parametrize("path", ["/gzip", "/deflate", "/brotli"])
def test_head_of_a_compressed_endpoint_has_no_body(demo, same, path):
    same(lambda lib: body_or_error(lib, demo.httpbin + path, stream=False, method="HEAD"))


@pytest.mark.parametrize("stream", [False, True], ids=["content", "iter_content"])
def test_a_chunked_gzip_stream_cut_short_raises_in_httplib_only(coded, stream):
    """NOT differential: the chunks frame the body correctly, but the gzip data inside
    stops halfway. requests returns what inflated as if it were all; httplib raises
    ContentDecodingError (deliberate: see site/failures.md)."""
    import requests

    import httplib

    url = coded + "/gzip-truncated-chunked"
    status, body = body_or_error(requests, url, stream)
    assert status == 200 and TEXT.startswith(body) and 0 < len(body) < len(TEXT)
    assert body_or_error(httplib, url, stream)[0] == "ContentDecodingError"


# --- streaming, consumption, raw --------------------------------------------------------


def test_stream_then_content(demo, same):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/bytes/2048?seed=9", stream=True)
        return r.content, r.content == r.content, r.text[:10]
    same(scenario)


def test_content_read_twice_with_stream(demo, same):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/range/40", stream=True)
        first = r.content
        return first, r.content, r.text, r.raw.read()
    same(scenario)


def test_iter_content_after_content(demo, same):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/range/40", stream=True)
        _ = r.content
        return list(r.iter_content(16)), list(r.iter_content(16))
    same(scenario)


def test_content_after_iter_content_consumed(demo, same):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/range/40", stream=True)
        list(r.iter_content(16))
        try:
            return r.content
        except RuntimeError as error:
            return failure(error)
    same(scenario)


def test_iter_content_twice_with_stream(demo, same):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/range/40", stream=True)
        first = list(r.iter_content(16))
        try:
            second = list(r.iter_content(16))
        except lib.exceptions.StreamConsumedError as error:
            second = failure(error)
        return first, second
    same(scenario)


def test_iter_content_twice_with_stream_escapes(demo, same):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/range/40", stream=True)
        list(r.iter_content(16))
        return list(r.iter_content(16))
    same(scenario)


def test_partly_iterated_then_content(demo, same):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/range/40", stream=True)
        it = r.iter_content(10)
        first = next(it)
        try:
            rest = r.content
        except RuntimeError as error:
            rest = failure(error)
        return first, rest
    same(scenario)


@pytest.mark.parametrize("amounts", [[10, 10, None], [None], [100], [0, 5]])
def test_raw_read_with_stream(demo, same, amounts):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/range/60", stream=True)
        parts = [r.raw.read(amount) for amount in amounts]
        return parts, r.raw.read(), type(r.raw).__name__
    same(scenario)


def test_raw_after_content_without_stream(demo, same):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/range/60")
        return r.raw.read(), type(r.raw).__name__, r.raw.status, r.raw.closed
    same(scenario)


def test_raw_chunked_stream(demo, same):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/stream-bytes/100?chunk_size=30&seed=2", stream=True)
        return r.raw.read(45), r.raw.read()
    same(scenario)


def test_raw_headers_and_status(demo, same):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/range/10", stream=True)
        raw = r.raw
        return (raw.status, raw.reason, {k: v for k, v in raw.headers.items()
                                         if k.lower() not in VOLATILE_HEADERS})
    same(scenario)


def test_large_download_streamed_in_chunks(demo, same):
    def scenario(lib):
        r = lib.get(demo.downloads + "/files/100000", stream=True)
        lengths = [len(chunk) for chunk in r.iter_content(chunk_size=8192)]
        return lengths, r.headers.get("Content-Disposition")
    same(scenario)


# --- the rest of the Response -----------------------------------------------------------


def test_elapsed_is_timedelta(demo, same):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/get")
        return isinstance(r.elapsed, datetime.timedelta), r.elapsed >= datetime.timedelta(0)
    same(scenario)


def test_context_manager_closes(demo, same):
    def scenario(lib):
        with lib.get(demo.httpbin + "/range/100", stream=True) as r:
            first = next(r.iter_content(10))
            inside = r.raw.closed
        return first, inside, r.raw.closed
    same(scenario)


def test_close_is_idempotent(demo, same):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/range/10")
        r.close()
        r.close()
        return r.content, r.raw.closed
    same(scenario)


def test_content_after_close_with_stream(demo, same):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/range/100", stream=True)
        r.close()
        return r.content
    same(scenario)


def test_response_request_headers(demo, same):
    def scenario(lib):
        r = lib.post(demo.httpbin + "/post", data={"k": "v"}, headers={"X-Mine": "1"})
        return (list(r.request.headers.items()), r.request.method, r.request.url,
                r.request.body, r.request.path_url)
    same(scenario)


def test_response_url_and_request_url(demo, same):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/anything/ä b", params={"q": "x y"})
        return r.url, r.request.url
    same(scenario)


def test_cookies_from_cookie_setter(demo, same):
    def scenario(lib):
        r = lib.get(demo.cookie_setter + "/")
        cookies = sorted(r.cookies, key=lambda c: c.name)
        return {"names": [c.name for c in cookies],
                "values": {c.name: c.value for c in cookies if c.name != "sessionid"},
                "attributes": [(c.path, c.domain, c.secure, c.has_nonstandard_attr("HttpOnly"),
                                c.expires is not None, c.discard) for c in cookies],
                "jar": isinstance(r.cookies, lib.cookies.RequestsCookieJar),
                "text": r.text}
    same(scenario)


def test_cookies_from_httpbin_set_without_redirect(demo, same):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/cookies/set", params={"k1": "v1", "k2": "v2"},
                    allow_redirects=False)
        return (r.status_code, r.headers["Location"], sorted(r.cookies.items()),
                r.cookies.get_dict(), r.cookies.get("k1"), r.cookies["k2"])
    same(scenario)


def test_cookies_deleted_by_server(demo, same):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/cookies/delete", params={"gone": ""},
                    cookies={"gone": "1"}, allow_redirects=False)
        return r.status_code, sorted(r.cookies.items())
    same(scenario)


def test_missing_cookie_raises_key_error(demo, same):
    same(lambda lib: lib.get(demo.httpbin + "/get").cookies["nothing"])


def test_head_response_has_empty_body(demo, same):
    def scenario(lib):
        r = lib.head(demo.httpbin + "/html")
        return (r.status_code, r.content, r.text, r.headers["Content-Length"],
                list(r.iter_content(1)), r.encoding)
    same(scenario)


def test_head_of_download_has_length_but_no_body(demo, same):
    def scenario(lib):
        r = lib.head(demo.downloads + "/files/5000")
        return stable_headers(r), r.content
    same(scenario)


@pytest.mark.parametrize("path", ["/status/204", "/status/304"])
def test_empty_bodies(demo, same, path):
    def scenario(lib):
        r = lib.get(demo.httpbin + path)
        return observe(r), r.text, r.ok
    same(scenario)


def test_not_modified_with_if_none_match(demo, same):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/etag/abc", headers={"If-None-Match": '"abc"'})
        return r.status_code, r.reason, r.content, r.headers.get("ETag"), r.ok
    same(scenario)


def test_precondition_failed_with_if_match(demo, same):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/etag/abc", headers={"If-Match": '"other"'})
        return r.status_code, r.reason, r.ok
    same(scenario)


@pytest.mark.parametrize("byte_range", ["bytes=0-9", "bytes=20-", "bytes=-5", "bytes=100-200"])
def test_range_requests(demo, same, byte_range):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/range/30", headers={"Range": byte_range})
        return r.status_code, r.reason, r.headers.get("Content-Range"), r.content
    same(scenario)


def test_pickled_response_round_trip(demo, same):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/json")
        copy = pickle.loads(pickle.dumps(r))
        return (copy.status_code, copy.content, copy.json(), copy.url, copy.reason,
                copy.encoding, dict(copy.headers) == dict(r.headers), copy.raw)
    same(scenario)


def test_empty_response_object(demo, same):
    def scenario(lib):
        r = lib.Response()
        return (repr(r), r.status_code, r.content, r.text, r.headers, r.history, r.url,
                r.encoding, r.cookies.items(), r.is_redirect, r.links)
    same(scenario)


def test_response_built_by_hand(demo, same):
    def scenario(lib):
        r = lib.Response()
        r.status_code = 404
        r.reason = "Gone Fishing"
        r.url = "http://example.invalid/x"
        r._content = b'{"a": 1}'
        try:
            r.raise_for_status()
        except lib.exceptions.HTTPError as error:
            return str(error), r.json(), r.ok
    same(scenario)


def test_ratelimited_headers(demo, same):
    def scenario(lib):
        r = lib.post(demo.ratelimited + "/reset", headers={"X-Client-Id": "diff-resp"})
        first = lib.get(demo.ratelimited + "/limited", headers={"X-Client-Id": "diff-resp"})
        return (r.status_code, first.status_code, first.headers.get("X-RateLimit-Limit"),
                first.headers.get("X-RateLimit-Remaining"))
    same(scenario)


def test_links_page_html(demo, same):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/links/5/2")
        return r.encoding, re.findall(r"href='([^']+)'", r.text)
    same(scenario)
