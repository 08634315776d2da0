"""The texts' nginx box: redirects, basic auth, nginx-style pages and file metadata."""

from __future__ import annotations

import pytest
import requests

from servers.sites import nginx

pytestmark = pytest.mark.timeout(10)

LAST_MODIFIED = "Mon, 15 Jan 2024 09:30:00 GMT"


def test_index(demo, http: requests.Session) -> None:
    r = http.get(demo.nginx + "/")
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("text/html")
    assert "nginx-standin" in r.headers["Server"]
    assert r.headers["Last-Modified"] == LAST_MODIFIED
    assert '<a href="/secure/">' in r.text


def test_old_page_moved_permanently(demo, http: requests.Session) -> None:
    r = http.get(demo.nginx + "/oldpage.html")
    assert [step.status_code for step in r.history] == [301]
    moved = r.history[0]
    assert moved.headers["Location"] == "/newpage.html"
    assert "<h1>301 Moved Permanently</h1>" in moved.text
    assert r.url == demo.nginx + "/newpage.html"
    assert r.status_code == 200
    assert "<title>New page</title>" in r.text and "This is a new page" in r.text


def test_head_shows_metadata_only(demo, http: requests.Session) -> None:
    r = http.head(demo.nginx + "/newpage.html")
    assert r.status_code == 200 and r.content == b""
    assert int(r.headers["Content-Length"]) > 0
    assert r.headers["Last-Modified"] == LAST_MODIFIED
    assert r.headers["ETag"]


def test_conditional_get_gives_304(demo, http: requests.Session) -> None:
    r = http.get(demo.nginx + "/newpage.html", headers={"If-Modified-Since": LAST_MODIFIED})
    assert r.status_code == 304 and r.content == b""
    etag = http.get(demo.nginx + "/").headers["ETag"]
    assert http.get(demo.nginx + "/", headers={"If-None-Match": etag}).status_code == 304


def test_secure_without_slash_redirects(demo, http: requests.Session) -> None:
    r = http.get(demo.nginx + "/secure", allow_redirects=False)
    assert r.status_code == 301
    assert r.headers["Location"] == "/secure/"


def test_secure_wants_basic_auth(demo, http: requests.Session) -> None:
    r = http.get(demo.nginx + "/secure/")
    assert r.status_code == 401
    assert r.headers["WWW-Authenticate"] == 'Basic realm="Restricted Area"'
    assert "401 Authorization Required" in r.text
    assert "nginx-standin" in r.headers["Server"]


def test_secure_with_wrong_password(demo, http: requests.Session) -> None:
    assert http.get(demo.nginx + "/secure/", auth=("user7", "wrong")).status_code == 401


def test_secure_with_the_right_password(demo, http: requests.Session) -> None:
    r = http.get(demo.nginx + "/secure/", auth=(nginx.USER, nginx.PASSWORD))
    assert r.status_code == 200
    assert "Secure page" in r.text
    assert (nginx.USER, nginx.PASSWORD, nginx.REALM) == ("user7", "7user", "Restricted Area")


def test_unknown_path_is_an_nginx_style_404(demo, http: requests.Session) -> None:
    r = http.get(demo.nginx + "/no/such/file.html")
    assert r.status_code == 404
    assert "<title>404 Not Found</title>" in r.text
    assert "nginx-standin" in r.headers["Server"]


def test_post_is_not_allowed(demo, http: requests.Session) -> None:
    r = http.post(demo.nginx + "/", data=b"x")
    assert r.status_code == 405
    assert "GET" in r.headers["Allow"]
