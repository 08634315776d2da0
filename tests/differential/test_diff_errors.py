"""Differential tests: what goes wrong, and how each client says so.

Connection failures, timeouts, every broken server of ``demo.faults`` (with and without
``stream=True``), invalid URLs, and the exception classes themselves. The ``same``
fixture compares an escaping exception by the names of its classes in the client's own
``exceptions`` module; scenarios that need more (a message, ``e.request``) catch it
and return what they saw.
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
import urllib3

import servers.faults
from tests.differential.harness import exception_names, observe

pytestmark = pytest.mark.timeout(60)


T = 5  # seconds: the timeout of every request expected to be answered
SHORT = 0.5  # seconds: a timeout meant to expire (blackhole, /delay/1, stalled bodies)




def qualified(lib: Any, cls: type) -> str:
    """A class's name, with the client's own package written ``<client>``."""
    if cls.__module__.split(".")[0] == lib.__name__:
        return f"<client>.{cls.__name__}"
    return f"{cls.__module__}.{cls.__name__}"


# -- connecting -------------------------------------------------------------------------


def test_connection_refused(same, closed_port: int) -> None:
    same(lambda lib: lib.get(f"http://127.0.0.1:{closed_port}/get", timeout=T))


def test_connection_refused_carries_the_request(same, closed_port: int) -> None:
    def scenario(lib):
        try:
            lib.post(f"http://127.0.0.1:{closed_port}/path?q=1", data=b"x", timeout=T)
        except lib.ConnectionError as e:
            return (e.request.method, e.request.url, e.response,
                    isinstance(e, lib.RequestException), isinstance(e, IOError))
        return "no error"

    same(scenario)


def test_connection_refused_wraps_max_retry_error(same, closed_port: int) -> None:
    """Code written for requests digs into ``e.args[0].reason``: a urllib3 MaxRetryError."""
    def scenario(lib):
        try:
            lib.get(f"http://127.0.0.1:{closed_port}/", timeout=T)
        except lib.ConnectionError as e:
            cause = e.args[0]
            return (type(cause).__module__, type(cause).__name__,
                    type(cause.reason).__name__, cause.url)
        return "no error"

    same(scenario)


def test_connect_timeout_on_blackhole(demo, same) -> None:
    same(lambda lib: lib.get(demo.blackhole + "/", timeout=0.5))


def test_connect_timeout_is_timeout_and_connection_error(demo, same) -> None:
    def scenario(lib):
        try:
            lib.get(demo.blackhole + "/x", timeout=SHORT)
        except lib.Timeout as e:
            return (isinstance(e, lib.ConnectionError), isinstance(e, lib.ConnectTimeout),
                    isinstance(e, lib.ReadTimeout), e.request.url, e.response)
        return "no error"

    same(scenario)


def test_connect_timeout_from_tuple(demo, same) -> None:
    same(lambda lib: lib.get(demo.blackhole + "/", timeout=(SHORT, 5)))


def test_connect_timeout_from_urllib3_timeout(demo, same) -> None:
    same(lambda lib: lib.get(demo.blackhole + "/",
                             timeout=urllib3.Timeout(connect=SHORT, read=5)))


# -- reading ------------------------------------------------------------------------------


def test_read_timeout(demo, same) -> None:
    same(lambda lib: lib.get(demo.httpbin + "/delay/2", timeout=0.5))


def test_read_timeout_from_tuple(demo, same) -> None:
    same(lambda lib: lib.get(demo.httpbin + "/delay/1", timeout=(5, SHORT)))


def test_read_timeout_from_urllib3_timeout(demo, same) -> None:
    same(lambda lib: lib.get(demo.httpbin + "/delay/1",
                             timeout=urllib3.Timeout(connect=5, read=SHORT)))


def test_read_timeout_carries_the_request(demo, same) -> None:
    def scenario(lib):
        try:
            lib.get(demo.httpbin + "/delay/1", params={"a": "b"}, timeout=SHORT)
        except lib.ReadTimeout as e:
            return (e.request.url, e.response, isinstance(e, lib.ConnectionError),
                    isinstance(e, lib.Timeout))
        return "no error"

    same(scenario)


@pytest.mark.parametrize("stream", [False, True], ids=["content", "iter_content"])
def test_timeout_is_per_read_not_for_the_whole_body(demo, same, stream: bool) -> None:
    """A body that trickles in for over a second, a byte every 0.3 s, with a 0.75 s
    timeout: it arrives whole, because the timeout limits each wait for data, not the
    total (lesson 12). Both clients agree; the gaps are well inside the timeout."""
    def scenario(lib):
        started = time.monotonic()
        r = lib.get(demo.httpbin + "/drip", params={"duration": 1.5, "numbytes": 5},
                    stream=stream, timeout=0.75)
        body = b"".join(r.iter_content(1)) if stream else r.content
        return r.status_code, body, time.monotonic() - started > 0.75

    assert same(scenario) == ("returned", (200, b"*****", True))


def test_timeout_none_waits(demo, same) -> None:
    same(lambda lib: lib.get(demo.httpbin + "/delay/0.2", timeout=None).json()["url"])


def test_timeout_large_enough(demo, same) -> None:
    same(lambda lib: lib.get(demo.httpbin + "/delay/0.1", timeout=(T, T)).status_code)


@pytest.mark.parametrize("timeout", [(1, 2, 3), (1,), "abc", -1], ids=repr)
def test_invalid_timeout_value(demo, same, timeout: Any) -> None:
    def scenario(lib):
        try:
            lib.get(demo.httpbin + "/get", timeout=timeout)
        except Exception as e:
            return exception_names(lib, e), str(e)
        return "no error"

    same(scenario)


def test_slow_headers_read_timeout(demo, same) -> None:
    same(lambda lib: lib.get(demo.faults + "/slow-headers?delay=1", timeout=SHORT))


def test_stalled_body_while_streaming(demo, same) -> None:
    def scenario(lib):
        r = lib.get(demo.faults + "/stall-body?after=100&delay=2", stream=True,
                    timeout=(T, SHORT))
        got = []
        try:
            for piece in r.iter_content(50):
                got.append(piece)
        except lib.RequestException as e:
            return r.status_code, b"".join(got), exception_names(lib, e)
        return "no error"

    same(scenario)


def test_stalled_body_without_streaming(demo, same) -> None:
    same(lambda lib: lib.get(demo.faults + "/stall-body?after=100&delay=2",
                             timeout=(T, SHORT)))


# -- broken servers ------------------------------------------------------------------------

FAULTS = [
    "/ok",
    "/close-mid-body",
    "/short-body",
    "/bad-chunked",
    "/truncated-chunked",
    "/reset",
    "/empty",
    "/bad-status-line",
    "/not-http",
    "/huge-header",
    "/many-headers",
    "/bad-gzip",
    "/invalid-json",
    "/gzip-bomb?size=100000",
    "/slow-headers?delay=1",
]


def fetch_fault(lib: Any, client: Any, url: str, stream: bool) -> Any:
    """Where it fails (sending or reading the body), how, and what was read.

    ``client`` is the module itself or one of its Sessions."""
    try:
        r = client.get(url, stream=stream, timeout=(T, SHORT))
    except Exception as e:
        return "send", exception_names(lib, e)
    status = r.status_code
    try:
        body = r.content
    except Exception as e:
        return "body", status, exception_names(lib, e)
    return "ok", status, len(body), body[:40]


@pytest.mark.parametrize("path", FAULTS)
def test_fault_without_streaming(demo, same, path: str) -> None:
    same(lambda lib: lib.get(demo.faults + path, timeout=(T, SHORT)).content)


@pytest.mark.parametrize("path", FAULTS)
def test_fault_with_streaming_then_reading(demo, same, path: str) -> None:
    same(lambda lib: fetch_fault(lib, lib, demo.faults + path, stream=True))


@pytest.mark.parametrize("path", FAULTS)
def test_session_still_works_after_fault(demo, same, path: str) -> None:
    def scenario(lib):
        with lib.Session() as s:
            first = [fetch_fault(lib, s, demo.faults + path, stream=stream)
                     for stream in (False, True)]
            s.get(demo.httpbin + "/get", timeout=T)  # a pooled connection to reuse
            try:
                s.get(demo.faults + path, timeout=(T, SHORT)).content  # noqa: B018
            except lib.RequestException as e:
                first.append(exception_names(lib, e))
            after = s.get(demo.httpbin + "/get", params={"after": path}, timeout=T)
            return first, after.status_code, after.json()["args"]

    same(scenario)


def test_bad_gzip_while_iterating(demo, same) -> None:
    def scenario(lib):
        r = lib.get(demo.faults + "/bad-gzip", stream=True, timeout=T)
        try:
            return list(r.iter_content(10))
        except lib.exceptions.ContentDecodingError as e:
            return exception_names(lib, e), isinstance(e, urllib3.exceptions.HTTPError)

    same(scenario)


def test_bad_gzip_raw_read_without_decoding(demo, same) -> None:
    same(lambda lib: lib.get(demo.faults + "/bad-gzip", stream=True,
                             timeout=T).raw.read(decode_content=False))


TRUNCATED = ["/truncated-gzip", "/truncated-deflate"]


@pytest.mark.parametrize("path", TRUNCATED)
def test_truncated_compressed_body_raises_where_requests_returns_part(demo, path: str) -> None:
    """NOT differential: the body's framing is right but the compressed stream inside
    stops halfway. requests returns what inflated as if it were the whole body;
    httplib raises ContentDecodingError, whether the body is read at once or streamed
    (deliberate: a short body must never pass for a whole one)."""
    import requests

    import httplib

    url = demo.faults + path
    whole = servers.faults.LONG_TEXT
    short = requests.get(url, timeout=T).content
    streamed = b"".join(requests.get(url, stream=True, timeout=T).iter_content(64))
    for part in (short, streamed):
        assert whole.startswith(part) and 0 < len(part) < len(whole)
    with pytest.raises(httplib.exceptions.ContentDecodingError, match="only part of it"):
        httplib.get(url, timeout=T)
    received = bytearray()
    r = httplib.get(url, stream=True, timeout=T)
    with pytest.raises(httplib.exceptions.ContentDecodingError) as raised:
        for piece in r.iter_content(64):
            received += piece
    assert bytes(received) == streamed, "streaming hands over what arrived, then raises"
    assert isinstance(raised.value, urllib3.exceptions.HTTPError)  # as for /bad-gzip
    assert raised.value.request.url == url


@pytest.mark.parametrize("path", TRUNCATED)
def test_truncated_compressed_body_read_raw_without_decoding(demo, same, path: str) -> None:
    """The way around the check, the same in both: the bytes as they came."""
    same(lambda lib: lib.get(demo.faults + path, stream=True,
                             timeout=T).raw.read(decode_content=False))


def test_cut_head_raises_where_requests_returns_an_empty_answer(demo) -> None:
    """NOT differential: a status line and two headers, then the connection closes.
    requests hands back a 200 with an empty body; httplib raises ConnectionError, as it
    does when the connection closes before the status line (deliberate)."""
    import requests

    import httplib

    r = requests.get(demo.faults + "/cut-head", timeout=T)
    assert (r.status_code, r.content) == (200, b"")
    with pytest.raises(httplib.ConnectionError, match="end of the response head") as raised:
        httplib.get(demo.faults + "/cut-head", timeout=T)
    assert raised.value.request.url == demo.faults + "/cut-head"
    # A GET is safe to send again: with retries on, it is retried like a dropped connection.
    with httplib.Session() as s:
        s.mount(demo.faults, httplib.adapters.HTTPAdapter(max_retries=2))
        with pytest.raises(httplib.ConnectionError, match="Max retries exceeded"):
            s.get(demo.faults + "/cut-head", timeout=T)


def test_truncated_chunked_iter_lines(demo, same) -> None:
    def scenario(lib):
        r = lib.get(demo.faults + "/truncated-chunked", stream=True, timeout=T)
        lines = []
        try:
            for line in r.iter_lines():
                lines.append(line)
        except lib.RequestException as e:
            return lines, exception_names(lib, e)
        return lines

    same(scenario)


# -- invalid URLs ------------------------------------------------------------------------

INVALID_URLS = [
    "",
    "example.com",
    "example.com/path",
    "localhost:80",
    "ftp://x",
    "file:///x",
    "mailto:someone@example.com",
    "://example.com",
    "http://",
    "https://",
    "http://[::1",
    "http:///path",
    "http://exa mple.com",
    "http://*.example.com",
    "http://.example.com",
    "http://☃.net",
    "http://127.0.0.1:99999/",
    "http://127.0.0.1:port/",
    "http://127.0.0.1:-1/",
    None,
    42,
]


@pytest.mark.parametrize("url", INVALID_URLS, ids=repr)
def test_invalid_url_exception(same, url: Any) -> None:
    same(lambda lib: lib.get(url, timeout=T))


def test_httplib_wraps_a_host_label_too_long_for_idna() -> None:
    """NOT differential: requests lets urllib3's own LocationParseError escape here (not
    a RequestException, no ``e.request``); httplib raises its InvalidURL, a ValueError,
    so ``except requests.RequestException`` catches it as users expect."""
    import httplib

    url = "http://" + "a" * 64 + ".com"
    with pytest.raises(httplib.exceptions.InvalidURL) as caught:
        httplib.get(url, timeout=T)
    assert isinstance(caught.value, ValueError)
    assert caught.value.request.url.startswith("http://aaaa")


@pytest.mark.parametrize("url", INVALID_URLS, ids=repr)
def test_invalid_url_message_and_request(same, url: Any) -> None:
    def scenario(lib):
        try:
            lib.get(url, timeout=T)
        except Exception as e:
            request = getattr(e, "request", "missing")
            return (exception_names(lib, e), str(e), request if request in (None, "missing")
                    else request.url)
        return "no error"

    same(scenario)


def test_invalid_url_in_session_request(same) -> None:
    def scenario(lib):
        with lib.Session() as s:
            s.get("http://", timeout=T)

    same(scenario)


def test_url_with_cr_lf_is_refused_where_requests_percent_encodes(demo) -> None:
    """NOT differential: neither lets the line break reach the wire as one. requests
    sends it percent-encoded; httplib refuses it before sending (deliberate: such a URL
    is nearly always a line read without .strip(), or an injection attempt)."""
    import requests

    import httplib

    url = demo.httpbin + "/get?x=a\r\nX-Injected: 1"
    echoed = requests.get(url, timeout=T).json()
    assert echoed["args"] == {"x": "a\r\nX-Injected: 1"}
    assert "X-Injected" not in echoed["headers"]
    with pytest.raises(httplib.exceptions.InvalidURL, match="control characters"):
        httplib.get(url, timeout=T)


def test_bytes_url(demo, same) -> None:
    same(lambda lib: observe(lib.get((demo.httpbin + "/get?b=1").encode(), timeout=T)))


def test_uppercase_scheme(demo, same) -> None:
    same(lambda lib: observe(lib.get(demo.httpbin.replace("http", "HTTP") + "/get", timeout=T)))


def test_missing_schema_is_a_value_error(same) -> None:
    def scenario(lib):
        try:
            lib.get("example.com/x", timeout=T)
        except ValueError as e:
            return (isinstance(e, lib.exceptions.MissingSchema),
                    isinstance(e, lib.exceptions.InvalidURL), isinstance(e, lib.RequestException))
        return "no error"

    same(scenario)


# -- HTTP errors -----------------------------------------------------------------------------


@pytest.mark.parametrize("code", [404, 418, 500, 503])
def test_raise_for_status_error_has_response(demo, same, code: int) -> None:
    def scenario(lib):
        r = lib.get(demo.httpbin + f"/status/{code}", timeout=T)
        try:
            r.raise_for_status()
        except lib.HTTPError as e:
            return (str(e), e.response is r, e.request is r.request, e.response.status_code,
                    isinstance(e, lib.RequestException), isinstance(e, IOError))
        return "no error"

    same(scenario)


def test_raise_for_status_on_success_returns_none(demo, same) -> None:
    same(lambda lib: lib.get(demo.httpbin + "/status/204", timeout=T).raise_for_status())


# -- JSON ----------------------------------------------------------------------------------


def test_invalid_json(demo, same) -> None:
    same(lambda lib: lib.get(demo.faults + "/invalid-json", timeout=T).json())


def test_invalid_json_error_details(demo, same) -> None:
    def scenario(lib):
        r = lib.get(demo.faults + "/invalid-json", timeout=T)
        try:
            r.json()
        except json.JSONDecodeError as e:
            return (str(e), e.msg, e.doc, e.pos, e.lineno, e.colno,
                    isinstance(e, lib.RequestException), isinstance(e, lib.JSONDecodeError),
                    isinstance(e, lib.exceptions.InvalidJSONError), isinstance(e, ValueError))
        return "no error"

    same(scenario)


def test_empty_body_json(demo, same) -> None:
    same(lambda lib: lib.get(demo.httpbin + "/status/204", timeout=T).json())


def test_json_error_caught_as_value_error(demo, same) -> None:
    def scenario(lib):
        try:
            lib.get(demo.httpbin + "/html", timeout=T).json()
        except ValueError as e:
            return exception_names(lib, e), str(e)
        return "no error"

    same(scenario)


# -- the exception classes ----------------------------------------------------------------

EXCEPTION_NAMES = [
    "RequestException", "InvalidJSONError", "JSONDecodeError", "HTTPError",
    "ConnectionError", "ProxyError", "SSLError", "Timeout", "ConnectTimeout", "ReadTimeout",
    "URLRequired", "TooManyRedirects", "MissingSchema", "InvalidSchema", "InvalidURL",
    "InvalidHeader", "InvalidProxyURL", "ChunkedEncodingError", "ContentDecodingError",
    "StreamConsumedError", "RetryError", "UnrewindableBodyError", "RequestsWarning",
    "FileModeWarning", "RequestsDependencyWarning",
]


@pytest.mark.parametrize("name", EXCEPTION_NAMES)
def test_exception_class_hierarchy(same, name: str) -> None:
    same(lambda lib: [qualified(lib, cls) for cls in getattr(lib.exceptions, name).__mro__])


def test_top_level_exception_names(same) -> None:
    def scenario(lib):
        names = sorted(n for n in dir(lib) if isinstance(getattr(lib, n), type)
                       and issubclass(getattr(lib, n), BaseException))
        return names, [getattr(lib, n) is getattr(lib.exceptions, n, None) for n in names]

    same(scenario)


def test_exception_built_with_response_gets_its_request(demo, same) -> None:
    def scenario(lib):
        r = lib.get(demo.httpbin + "/get", timeout=T)
        e = lib.exceptions.HTTPError("made by hand", response=r)
        bare = lib.exceptions.RequestException("bare")
        return (str(e), e.response is r, e.request is r.request, bare.request, bare.response,
                str(bare))

    same(scenario)


def test_request_exception_catches_every_failure(demo, same, closed_port: int) -> None:
    def scenario(lib):
        failures = [
            lambda: lib.get(f"http://127.0.0.1:{closed_port}/", timeout=T),
            lambda: lib.get(demo.httpbin + "/delay/1", timeout=SHORT),
            lambda: lib.get("example.com", timeout=T),
            lambda: lib.get("ftp://x", timeout=T),
            lambda: lib.get("http://", timeout=T),
            lambda: lib.get(demo.faults + "/close-mid-body", timeout=T),
            lambda: lib.get(demo.faults + "/redirect-loop", timeout=T),
            lambda: lib.get(demo.faults + "/bad-gzip", timeout=T),
            lambda: lib.get(demo.faults + "/invalid-json", timeout=T).json(),
            lambda: lib.get(demo.httpbin + "/status/500", timeout=T).raise_for_status(),
        ]
        seen = []
        for failure in failures:
            try:
                failure()
                seen.append("no error")
            except lib.RequestException as e:
                seen.append((type(e).__name__, isinstance(e, IOError),
                             isinstance(e, lib.exceptions.RequestException)))
        return seen

    same(scenario)


def test_consumed_stream_cannot_be_iterated_again(demo, same) -> None:
    def scenario(lib):
        r = lib.get(demo.httpbin + "/bytes/10", stream=True, timeout=T)
        first = b"".join(r.iter_content(4))
        try:
            list(r.iter_content(4))
        except lib.RequestException as e:
            return first, exception_names(lib, e), isinstance(e, TypeError)
        return first, "no error"

    same(scenario)
