"""Parity of /status/<codes> and of the redirect endpoints."""

from __future__ import annotations

import pytest

CODES = [200, 201, 202, 204, 206, 301, 302, 303, 304, 305, 307, 308, 400, 401, 403, 404,
         405, 406, 407, 409, 410, 418, 429, 500, 502, 503, 504, 599]


@pytest.mark.parametrize("code", CODES)
def test_status(parity, code):
    differs = {402: ("polite-402",), 418: ("own-teapot",)}.get(code, ())
    parity("GET", f"/status/{code}", differs=differs)


def test_402_without_profanity(parity):
    parity("GET", "/status/402", differs=("polite-402",))


def test_teapot(parity):
    parity("GET", "/status/418", differs=("own-teapot",))


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "TRACE", "HEAD"])
def test_status_takes_every_method(parity, method):
    parity(method, "/status/201")


def test_a_list_of_one_code(parity):
    parity("GET", "/status/404,404")


def test_weights(parity):
    parity("GET", "/status/500:0,201:1")


@pytest.mark.parametrize("codes", ["abc", "200:x", "99", "600", "999"])
def test_bad_codes(parity, codes):
    parity("GET", f"/status/{codes}", differs=("bad-input",))


@pytest.mark.parametrize("path", [
    "/redirect/1", "/redirect/3", "/redirect/1?absolute=true", "/redirect/3?absolute=TRUE",
    "/relative-redirect/1", "/relative-redirect/4", "/absolute-redirect/1",
    "/absolute-redirect/5",
])
def test_redirect_chains(parity, path):
    parity("GET", path)


@pytest.mark.parametrize("path", ["/redirect/0", "/redirect/-1", "/redirect/x",
                                  "/relative-redirect/0", "/absolute-redirect/0"])
def test_redirect_chains_bad_input(parity, path):
    parity("GET", path, differs=("bad-input",))


@pytest.mark.parametrize("query", [
    "url=/get", "url=http://example.test/", "url=/get&status_code=307",
    "url=/get&status_code=301", "url=/get&status_code=308", "url=/get&status_code=200",
    "url=/get&status_code=404", "URL=/get&Status_Code=303", "url=/caf%C3%A9",
    "url=%2Fget%3Fa%3D1%26b%3D2",
])
@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "DELETE", "TRACE"])
def test_redirect_to(parity, query, method):
    parity(method, "/redirect-to?" + query)


@pytest.mark.parametrize("query", ["", "status_code=302", "url=/get&status_code=abc"])
def test_redirect_to_bad_input(parity, query):
    parity("GET", "/redirect-to?" + query, differs=("bad-input",))
