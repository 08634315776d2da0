"""httplib.exceptions: the tree users catch, and the one translation of lower-level errors.

Every failure is provoked on a real loopback server (demo.faults, demo.blackhole) and
must arrive as the same class requests raises, with the request attached and the
original error kept as ``__cause__``.
"""

from __future__ import annotations

import json
import pickle

import pytest
import urllib3
from urllib3 import exceptions as u3

import httplib
from httplib import exceptions as ex
from httplib.exceptions import translate


@pytest.fixture
def s():
    with httplib.Session() as session:
        session.trust_env = False
        yield session


def test_the_tree_matches_requests():
    assert issubclass(ex.RequestException, IOError)
    assert issubclass(ex.ConnectTimeout, ex.ConnectionError)
    assert issubclass(ex.ConnectTimeout, ex.Timeout)
    assert issubclass(ex.ReadTimeout, ex.Timeout) and not issubclass(ex.ReadTimeout,
                                                                      ex.ConnectionError)
    assert issubclass(ex.ProxyError, ex.ConnectionError) and issubclass(ex.SSLError,
                                                                         ex.ConnectionError)
    for cls in (ex.MissingSchema, ex.InvalidSchema, ex.InvalidURL, ex.InvalidHeader):
        assert issubclass(cls, ValueError)
    assert issubclass(ex.InvalidProxyURL, ex.InvalidURL)
    assert issubclass(ex.JSONDecodeError, json.JSONDecodeError)
    assert issubclass(ex.JSONDecodeError, ex.InvalidJSONError)
    assert issubclass(ex.ContentDecodingError, u3.HTTPError)
    assert issubclass(ex.StreamConsumedError, TypeError)
    assert issubclass(ex.FileModeWarning, DeprecationWarning)


def test_an_error_made_from_a_response_knows_its_request(demo):
    response = httplib.get(demo.httpbin + "/get")
    error = ex.HTTPError("boom", response=response)
    assert error.response is response and error.request is response.request
    assert ex.RequestException("bare").request is None


def test_json_decode_error_keeps_its_fields_and_pickles():
    error = ex.JSONDecodeError("Expecting value", "{x", 1)
    assert (error.msg, error.doc, error.pos) == ("Expecting value", "{x", 1)
    copy = pickle.loads(pickle.dumps(error))
    assert isinstance(copy, ex.JSONDecodeError) and copy.pos == 1


def test_translation_table_most_specific_first():
    refused = u3.NewConnectionError(None, "refused")
    assert type(translate(u3.MaxRetryError(None, "/", refused))) is ex.ConnectionError
    slow = u3.ConnectTimeoutError("slow connect")
    assert type(translate(u3.MaxRetryError(None, "/", slow))) is ex.ConnectTimeout
    assert type(translate(u3.ReadTimeoutError(None, "/", "slow"))) is ex.ReadTimeout
    # once the body is streaming, a stall is a ConnectionError, as in requests
    assert type(translate(u3.ReadTimeoutError(None, "/", "slow"), streaming=True)) is (
        ex.ConnectionError)
    assert type(translate(u3.ProtocolError("cut"), streaming=True)) is ex.ChunkedEncodingError
    assert type(translate(u3.DecodeError("bad"), streaming=True)) is ex.ContentDecodingError
    assert type(translate(u3.MaxRetryError(None, "/", u3.ResponseError("x")))) is ex.RetryError
    assert type(translate(OSError("anything else"))) is ex.ConnectionError
    error = u3.SSLError("bad cert")
    assert translate(error, request="req").request == "req"


def test_connect_timeout_on_a_blackhole(demo, s):
    with pytest.raises(ex.ConnectTimeout) as caught:
        s.get(demo.blackhole, timeout=0.2)
    assert caught.value.request.url.startswith(demo.blackhole)
    assert isinstance(caught.value.__cause__, u3.MaxRetryError)


def test_refused_connection_is_a_connection_error_not_a_timeout(s, closed_port):
    with pytest.raises(ex.ConnectionError) as caught:
        s.get(f"http://127.0.0.1:{closed_port}/", timeout=2)
    assert not isinstance(caught.value, ex.Timeout)


def test_slow_headers_are_a_read_timeout(demo, s):
    with pytest.raises(ex.ReadTimeout):
        s.get(demo.faults + "/slow-headers?delay=1", timeout=0.2)


def test_a_stall_mid_body_is_a_connection_error(demo, s):
    with pytest.raises(ex.ConnectionError) as caught:
        s.get(demo.faults + "/stall-body?after=100&delay=2", timeout=0.3)
    assert not isinstance(caught.value, ex.Timeout)
    assert caught.value.request is not None


@pytest.mark.parametrize("path", ["/close-mid-body", "/short-body", "/bad-chunked",
                                  "/truncated-chunked"])
def test_a_broken_body_is_never_silently_truncated(demo, s, path):
    with pytest.raises(ex.ChunkedEncodingError) as caught:
        s.get(demo.faults + path, timeout=5)
    assert isinstance(caught.value.__cause__, u3.ProtocolError)
    response = s.get(demo.faults + path, timeout=5, stream=True)
    with pytest.raises(ex.ChunkedEncodingError):
        b"".join(response.iter_content(64))


@pytest.mark.parametrize("path", ["/reset", "/empty", "/bad-status-line", "/not-http",
                                  "/huge-header", "/many-headers"])
def test_a_broken_answer_is_a_connection_error(demo, s, path):
    with pytest.raises(ex.ConnectionError) as caught:
        s.get(demo.faults + path, timeout=5)
    assert caught.value.request.url == demo.faults + path


def test_bad_gzip_is_a_content_decoding_error(demo, s):
    with pytest.raises(ex.ContentDecodingError):
        s.get(demo.faults + "/bad-gzip", timeout=5)


def test_invalid_json_is_a_json_decode_error_and_a_value_error(demo, s):
    response = s.get(demo.faults + "/invalid-json", timeout=5)
    with pytest.raises(ValueError) as caught:
        response.json()
    assert isinstance(caught.value, json.JSONDecodeError)
    assert isinstance(caught.value, ex.RequestException)


def test_tls_failure_is_an_ssl_error(demo, s):
    with pytest.raises(ex.SSLError):
        s.get(demo.self_signed + "/get", timeout=5)


def test_unreachable_proxy_is_a_proxy_error(demo, s, closed_port):
    with pytest.raises(ex.ProxyError):
        s.get(demo.httpbin + "/get", proxies={"http": f"http://127.0.0.1:{closed_port}"},
              timeout=5)


def test_no_raw_urllib3_error_escapes_for_a_bad_host_label(s):
    with pytest.raises(ex.InvalidURL):
        s.get("http://" + "a" * 64 + ".com", timeout=1)


def test_retry_error_when_a_custom_retry_gives_up_on_statuses(demo, s):
    retry = urllib3.Retry(total=1, status_forcelist=[503], backoff_factor=0)
    s.mount("http://", httplib.adapters.HTTPAdapter(max_retries=retry))
    with pytest.raises(ex.RetryError):
        s.get(demo.httpbin + "/status/503", timeout=5)
