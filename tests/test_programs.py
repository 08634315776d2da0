"""The texts' http.server programs, exercised over loopback as a client sees them."""

from __future__ import annotations

import importlib
import json
import socket
from email.utils import parsedate_to_datetime

import pytest
import requests

pytestmark = pytest.mark.timeout(10)

PROGRAMS = ["agent", "cookie_echo", "cookie_setter", "json_get", "json_post"]


@pytest.mark.parametrize("name", PROGRAMS)
def test_each_program_is_a_runnable_module(name: str) -> None:
    module = importlib.import_module(f"servers.programs.{name}")
    assert callable(module.main)
    assert module.Handler.protocol_version == "HTTP/1.0"  # the default, like the texts


def test_agent_echoes_the_user_agent(demo, http: requests.Session) -> None:
    r = http.get(demo.agent + "/agent", headers={"User-Agent": "my-scraper/1.0"})
    assert r.status_code == 200
    assert r.text == "my-scraper/1.0"
    assert r.headers["Content-Type"].startswith("text/plain")
    assert r.headers["Content-Length"] == str(len(r.content))


def test_agent_shows_the_default_user_agent(demo, http: requests.Session) -> None:
    assert http.get(demo.agent + "/agent").text.startswith("python-requests/")


def test_agent_answers_404_elsewhere(demo, http: requests.Session) -> None:
    r = http.get(demo.agent + "/")
    assert (r.status_code, r.text) == (404, "Not found")


def test_cookie_echo_without_cookies(demo, http: requests.Session) -> None:
    assert http.get(demo.cookie_echo).text == "Received cookies: (no cookies)"


def test_cookie_echo_with_two_cookies(demo, http: requests.Session) -> None:
    r = http.get(demo.cookie_echo + "/anything", cookies={"user": "jane", "theme": "dark"})
    assert r.status_code == 200
    assert r.text == "Received cookies: user=jane; theme=dark"


def test_cookie_setter_sets_three_cookies(demo, http: requests.Session) -> None:
    r = http.get(demo.cookie_setter)
    assert r.text == "Cookies set; send them back on the next request."
    set_cookies = r.raw.headers.getlist("Set-Cookie")
    assert [line.split("=")[0] for line in set_cookies] == ["sessionid", "theme", "user"]
    session_line = set_cookies[0]
    assert "; HttpOnly" in session_line and "; Path=/" in session_line
    assert "Max-Age=3600" in session_line
    expires = session_line.split("Expires=")[1]
    date = parsedate_to_datetime(r.headers["Date"])
    assert 3590 <= (parsedate_to_datetime(expires) - date).total_seconds() <= 3610
    assert "theme=dark; Path=/; Max-Age=3600; Expires=" in set_cookies[1]
    assert set_cookies[2].startswith("user=jane; Path=/;")
    assert {cookie.name: cookie.value for cookie in http.cookies}.keys() == {
        "sessionid", "theme", "user"}


def test_cookie_setter_reads_them_back(demo, http: requests.Session) -> None:
    http.get(demo.cookie_setter)
    again = http.get(demo.cookie_setter)
    assert again.text.startswith("Client sent cookies: ")
    sent = dict(pair.split("=") for pair in again.text.split(": ", 1)[1].split("; "))
    assert sent["theme"] == "dark" and sent["user"] == "jane"
    assert sent["sessionid"].isdigit()
    assert "Set-Cookie" not in again.headers


def test_json_get(demo, http: requests.Session) -> None:
    r = http.get(demo.json_get)
    assert r.headers["Content-Type"] == "application/json; charset=utf-8"
    assert r.json() == {"name": "Jane", "age": 17}


def test_json_post_summarises_an_object(demo, http: requests.Session) -> None:
    r = http.post(demo.json_post, json={"name": "Jane", "age": 17})
    assert r.status_code == 200
    assert r.text == "name: Jane\nage: 17\n"


def test_json_post_rejects_invalid_json(demo, http: requests.Session) -> None:
    r = http.post(demo.json_post, data=b'{"name": ', headers={"Content-Type": "application/json"})
    assert (r.status_code, r.text) == (400, "400 Bad Request: invalid JSON")


def test_json_post_answers_a_lone_surrogate_instead_of_hanging_up(demo,
                                                                  http: requests.Session) -> None:
    """JSON may escape half a UTF-16 pair ("\\ud800"), which no UTF-8 text can hold: the
    summary shows it escaped rather than dropping the connection mid-answer."""
    r = http.post(demo.json_post, data=b'{"a": "\\ud800"}', timeout=5)
    assert r.status_code == 200
    assert r.text == "a: \\ud800\n"


def test_json_post_rejects_json_that_is_not_an_object(demo, http: requests.Session) -> None:
    r = http.post(demo.json_post, json=[1, 2, 3])
    assert r.status_code == 400
    assert "object" in r.text


def test_json_post_wants_a_content_length(demo, http: requests.Session) -> None:
    # A generator body has no known length: requests sends it chunked, without one.
    r = http.post(demo.json_post, data=iter([json.dumps({"a": 1}).encode()]))
    assert r.status_code == 411


def test_json_post_refuses_a_body_over_one_mebibyte(demo) -> None:
    port = int(demo.json_post.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        # Announce 2 MiB but send none of it: the server must refuse from the header alone.
        sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2097152\r\n\r\n")
        answer = sock.makefile("rb").read()
    assert answer.startswith(b"HTTP/1.0 413 ")
