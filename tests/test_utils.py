"""httplib.utils: the small helpers, each tested on what a caller relies on."""

from __future__ import annotations

import io
import warnings
from netrc import NetrcParseError

import pytest

import httplib
from httplib import utils
from httplib.exceptions import FileModeWarning, InvalidHeader, InvalidURL
from httplib.structures import CaseInsensitiveDict


def test_default_headers_name_httplib_and_its_version():
    headers = utils.default_headers()
    assert headers["User-Agent"] == f"python-httplib/{httplib.__version__}"
    assert headers["Accept"] == "*/*" and headers["Connection"] == "keep-alive"
    assert headers["Accept-Encoding"].startswith("gzip, deflate")


def test_requote_uri_quotes_once_and_keeps_escapes():
    assert utils.requote_uri("http://h/a b?q=%7e&r=%2F") == "http://h/a%20b?q=~&r=%2F"
    assert utils.requote_uri(utils.requote_uri("http://h/ü")) == "http://h/%C3%BC"
    assert utils.requote_uri("http://h/%zz") == "http://h/%25zz"  # not an escape: quote it
    with pytest.raises(InvalidURL):
        utils.unquote_unreserved("http://h/%zz")


def test_parse_header_links():
    header = '<http://h/?page=2>; rel="next", <http://h/?page=9>; rel=last; title="End"'
    assert utils.parse_header_links(header) == [
        {"url": "http://h/?page=2", "rel": "next"},
        {"url": "http://h/?page=9", "rel": "last", "title": "End"},
    ]
    assert utils.parse_header_links("") == []


@pytest.mark.parametrize(("content_type", "encoding"), [
    ("text/html; charset=UTF-8", "UTF-8"),
    ("text/plain; charset='latin-1'", "latin-1"),
    ("text/plain", "ISO-8859-1"),
    ("application/json", "utf-8"),
    ("application/octet-stream", None),
    (None, None),
])
def test_get_encoding_from_headers(content_type, encoding):
    headers = CaseInsensitiveDict({"Content-Type": content_type} if content_type else {})
    assert utils.get_encoding_from_headers(headers) == encoding


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be",
                                      "utf-32", "utf-32-le", "utf-32-be"])
def test_guess_json_utf(encoding):
    assert utils.guess_json_utf('{"a": 1}'.encode(encoding)) == encoding


def test_super_len_counts_what_is_left_to_send(tmp_path):
    assert utils.super_len(b"abc") == 3
    assert utils.super_len("é") == 2  # bytes on the wire, not characters
    stream = io.BytesIO(b"0123456789")
    stream.seek(4)
    assert utils.super_len(stream) == 6
    path = tmp_path / "body.bin"
    path.write_bytes(b"x" * 100)
    with path.open("rb") as handle:
        handle.read(10)
        assert utils.super_len(handle) == 90
    with path.open("r") as handle, pytest.warns(FileModeWarning):
        assert utils.super_len(handle) == 100
    assert utils.super_len(iter([b"a"])) == 0  # unknown


def test_to_key_val_list():
    assert utils.to_key_val_list({"a": 1}) == [("a", 1)]
    assert utils.to_key_val_list([("a", 1)]) == [("a", 1)]
    assert utils.to_key_val_list(None) is None
    with pytest.raises(ValueError):
        utils.to_key_val_list("a=1")


def test_urls_credentials_and_schemes():
    assert utils.get_auth_from_url("http://us%40r:p%3Ass@h/") == ("us@r", "p:ss")
    assert utils.get_auth_from_url("http://h/") == ("", "")
    assert utils.urldefragauth("http://u:p@h:1/p?q=1#frag") == "http://h:1/p?q=1"
    assert utils.prepend_scheme_if_needed("127.0.0.1:3128", "http") == "http://127.0.0.1:3128"
    assert utils.prepend_scheme_if_needed("https://u:p@h/x", "http") == "https://u:p@h/x"


def test_check_header_validity():
    utils.check_header_validity(("X-Ok", "value with spaces"))
    utils.check_header_validity((b"X-Bytes", b""))
    for bad in [("X-A", "v\r\nX-Injected: 1"), ("X-A", " leading"), (" X-A", "v"),
                ("X:A", "v"), ("X-A", "v\n"), ("X-A", 42)]:
        with pytest.raises(InvalidHeader):
            utils.check_header_validity(bad)


def test_stream_decode_keeps_a_character_split_across_chunks():
    class Fake:
        encoding = "utf-8"

    text = "€uro"
    data = text.encode()
    chunks = [data[:1], data[1:2], data[2:]]
    assert "".join(utils.stream_decode_response_unicode(iter(chunks), Fake())) == text
    Fake.encoding = None
    assert list(utils.stream_decode_response_unicode(iter(chunks), Fake())) == chunks


def test_iter_slices():
    assert list(utils.iter_slices(b"abcde", 2)) == [b"ab", b"cd", b"e"]
    assert list(utils.iter_slices(b"abc", None)) == [b"abc"]


def test_cookie_dict_helpers():
    jar = utils.add_dict_to_cookiejar(httplib.cookies.RequestsCookieJar(), {"a": "1"})
    assert utils.dict_from_cookiejar(jar) == {"a": "1"}


def test_select_proxy_prefers_the_most_specific_key():
    proxies = {"http": "scheme", "http://h": "scheme+host", "all": "any", "all://o": "any+host"}
    assert utils.select_proxy("http://h/x", proxies) == "scheme+host"
    assert utils.select_proxy("http://other/x", proxies) == "scheme"
    assert utils.select_proxy("https://o/x", proxies) == "any+host"
    assert utils.select_proxy("https://x/", proxies) == "any"
    assert utils.select_proxy("http://h/", None) is None


@pytest.mark.parametrize(("no_proxy", "url", "bypass"), [
    ("127.0.0.1", "http://127.0.0.1:8000/", True),
    ("127.0.0.0/8", "http://127.0.0.2/", True),
    ("10.0.0.0/8", "http://127.0.0.2/", False),
    ("example.com", "http://api.example.com/", True),
    (".example.com", "http://example.com/", True),
    ("localhost:8000", "http://localhost:8000/", True),
    ("localhost:9000", "http://localhost:8000/", False),
    ("127.0.0.1:8000", "http://127.0.0.1:8000/", False),  # requests: no host:port for IPs
    ("*", "http://anything/", True),
    ("", "http://anything/", False),
])
def test_should_bypass_proxies(no_proxy, url, bypass):
    assert utils.should_bypass_proxies(url, no_proxy=no_proxy) is bypass


def test_environment_proxies_lower_case_wins(monkeypatch):
    for name in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY",
                 "REQUEST_METHOD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", "http://upper:1")
    monkeypatch.setenv("http_proxy", "http://lower:1")
    monkeypatch.setenv("ALL_PROXY", "http://all:1")
    assert utils.get_environ_proxies("http://h/") == {"http": "http://lower:1",
                                                      "all": "http://all:1"}
    monkeypatch.setenv("NO_PROXY", "h")
    assert utils.get_environ_proxies("http://h/") == {}
    monkeypatch.setenv("REQUEST_METHOD", "GET")  # CGI: HTTP_PROXY could come from a client
    monkeypatch.delenv("http_proxy")
    assert "http" not in utils.get_environ_proxies("http://other/")


def test_netrc_credentials_follow_the_real_host(tmp_path, monkeypatch):
    netrc = tmp_path / "netrc"
    netrc.write_text("machine example.com login alice password secret\n")
    monkeypatch.setenv("NETRC", str(netrc))
    assert utils.get_netrc_auth("http://example.com/x") == ("alice", "secret")
    # CVE-2024-47081: the host here is evil.com, however the URL is dressed up.
    assert utils.get_netrc_auth("http://example.com:@evil.com/") is None
    assert utils.get_netrc_auth("http://evil.com/example.com") is None
    monkeypatch.setenv("NETRC", str(tmp_path / "missing"))
    assert utils.get_netrc_auth("http://example.com/") is None


def test_broken_netrc_is_ignored_unless_asked(tmp_path, monkeypatch):
    netrc = tmp_path / "netrc"
    netrc.write_text("machine example.com bogus token\n")
    monkeypatch.setenv("NETRC", str(netrc))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert utils.get_netrc_auth("http://example.com/") is None
    with pytest.raises(NetrcParseError):
        utils.get_netrc_auth("http://example.com/", raise_errors=True)
