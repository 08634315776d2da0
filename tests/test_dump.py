"""httplib.dump: the exchange exactly as it went over the wire."""

from __future__ import annotations

import pytest

import httplib


@pytest.fixture
def s():
    with httplib.Session() as session:
        session.trust_env = False
        yield session


def request_part(dumped: str) -> list[str]:
    return dumped.split("\n\n", 1)[0].split("\n")


def test_the_request_head_is_what_the_server_received(demo, s):
    s.headers["X-Lower-case"] = "kept as written"
    response = s.post(demo.httpbin + "/dump/request", data={"a": "1"},
                      headers={"X-Token": "t", "Cookie": "c=1"})
    received = response.text.split("\r\n")
    head = request_part(httplib.dump(response))
    assert head == received[:len(head)]
    assert head[0] == "POST /dump/request HTTP/1.1"
    assert head[1] == "Host: " + demo.httpbin.removeprefix("http://")  # added by http.client
    assert received[len(head)] == "a=1"  # then the body


def test_the_response_part(demo, s):
    response = s.get(demo.httpbin + "/response-headers", params={"X-Mixed-Case": "v"})
    dumped = httplib.dump(response)
    assert "\nHTTP/1.1 200 OK\n" in dumped
    assert "\nX-Mixed-Case: v\n" in dumped  # the server's own spelling
    assert dumped.endswith(response.text)


def test_every_hop_is_shown_in_order(demo, s):
    dumped = httplib.dump(s.get(demo.httpbin + "/redirect/2"))
    request_lines = [line for line in dumped.split("\n") if line.startswith("GET ")]
    assert request_lines == ["GET /redirect/2 HTTP/1.1", "GET /relative-redirect/1 HTTP/1.1",
                             "GET /get HTTP/1.1"]
    assert dumped.count("HTTP/1.1 302 FOUND") == 2


def test_binary_multipart_and_long_bodies_are_summarised(demo, s):
    binary = httplib.dump(s.get(demo.httpbin + "/image/png"))
    assert binary.splitlines()[-1].startswith("<") and "bytes of binary>" in binary
    upload = httplib.dump(s.post(demo.httpbin + "/post", files={"f": ("x.bin", b"\x00" * 50)},
                                 data={"note": "hello"}))
    assert 'Content-Disposition: form-data; name="note"' in upload
    assert "\nhello\n" in upload and "<50 bytes of binary>" in upload
    long = httplib.dump(s.post(demo.httpbin + "/post", data="x" * 5000), body_limit=100)
    assert "<... 4900 more characters>" in long


def test_a_proxied_request_shows_the_absolute_target(demo, s):
    dumped = httplib.dump(s.get(demo.httpbin + "/get", proxies={"http": demo.proxy}))
    assert dumped.startswith(f"GET {demo.httpbin}/get HTTP/1.1\n")


def test_dump_does_not_read_a_streamed_body(demo, s):
    response = s.get(demo.httpbin + "/bytes/10", stream=True)
    assert "<body not read yet (stream=True)>" in httplib.dump(response)
    assert len(response.content) == 10


def test_httplib_dump_stays_the_function_whatever_is_imported_first():
    """``import httplib.dump`` (the module) must not hide ``httplib.dump`` (the
    function): a fresh interpreter, since this one has both loaded already."""
    import subprocess
    import sys

    code = "import httplib.dump, httplib; print(callable(httplib.dump))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert done.stdout.strip() == "True", done.stderr
