"""Parity of the echo endpoints: /get, /post..., /anything, /headers, /ip, /user-agent,
/uuid, /delay, and what every answer shares (JSON layout, CORS, error pages)."""

from __future__ import annotations

import pytest

FORM = {"name": "Ada", "langs": ["en", "fr"]}


@pytest.mark.parametrize("path", [
    "/get", "/get?a=1&a=2&b=3", "/get?q=caf%C3%A9&empty=", "/headers", "/ip", "/user-agent",
    "/uuid", "/anything", "/anything/deep/path?x=1", "/delay/0", "/delay/0.1",
])
def test_get_echoes(parity, path):
    parity("GET", path)


@pytest.mark.parametrize(("method", "path"), [
    ("POST", "/post"), ("PUT", "/put"), ("PATCH", "/patch"), ("DELETE", "/delete"),
    ("POST", "/anything"), ("PUT", "/anything/x"), ("PATCH", "/delay/0"),
])
@pytest.mark.parametrize("body", [
    {},
    {"data": FORM},
    {"data": [("k", "1"), ("k", "2")]},
    {"json": {"x": [1, 2.5, None, True], "s": "é"}},
    {"data": "plain text"},
    {"data": '{"looks": "like json"}', "headers": {"Content-Type": "text/plain"}},
    {"data": b"\x00\xff\x10binary"},
    {"data": b"\x00\xff", "headers": {"Content-Type": "image/png"}},
    {"files": {"f": ("a.txt", b"hello")}},
    {"files": {"f": ("a.bin", b"\xff\x00", "application/x-thing")}, "data": FORM},
], ids=["empty", "form", "form-pairs", "json", "text", "json-as-text", "binary",
        "binary-typed", "file", "binary-file-and-form"])
def test_body_echoes(parity, method, path, body):
    parity(method, path, **body)


def test_chunked_upload(parity):
    """A body of unknown length goes chunked; httpbin.org (gunicorn) reads it whole."""
    parity("POST", "/post", data=lambda: iter([b"first,", b"second"]))


def test_a_repeated_file_field_shows_every_file(parity):
    parity("POST", "/post", differs=("repeated-files",),
           files=[("f", ("a.txt", b"one")), ("f", ("b.txt", b"two"))])


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "DELETE", "TRACE", "HEAD"])
def test_anything_takes_every_method(parity, method):
    parity(method, "/anything/m")


@pytest.mark.parametrize("path", ["/anything", "/get", "/post", "/status/200"])
def test_options_answers_allow_and_cors(parity, path):
    parity("OPTIONS", path)


def test_cors_preflight(parity):
    parity("OPTIONS", "/anything", headers={
        "Origin": "http://app.test", "Access-Control-Request-Method": "PUT",
        "Access-Control-Request-Headers": "X-Token, Content-Type"})


def test_cors_echoes_the_origin(parity):
    parity("GET", "/get", headers={"Origin": "http://app.test"})


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/post"), ("POST", "/get"), ("DELETE", "/put"), ("GET", "/nothing-here"),
])
def test_routing_errors(parity, method, path):
    parity(method, path)


PROXY_HEADERS = {"X-Forwarded-For": "203.0.113.7", "Via": "1.1 proxy", "X-Request-Id": "7",
                 "X-Real-Ip": "203.0.113.7", "Connect-Time": "3"}


@pytest.mark.parametrize("path", ["/headers", "/get", "/anything", "/headers?show_env=1"])
def test_headers_a_proxy_adds_are_hidden_unless_show_env(parity, path):
    parity("GET", path, headers=PROXY_HEADERS)


def test_forwarded_proto_changes_the_url(parity):
    parity("GET", "/get", headers={"X-Forwarded-Proto": "https"})


def test_head(parity):
    parity("HEAD", "/get")
