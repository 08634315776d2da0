"""The demo's request log: what each server received, bounded, and never in the way."""

from __future__ import annotations

import json
import time

import servers
from servers.record import BODY_BYTES, KEEP, Received, RequestLog


def test_a_stand_in_notes_method_target_headers_and_body(demo, http):
    since = time.time()
    http.post(demo.httpbin + "/post?lang=en", json={"name": "Ada"}, headers={"X-Team": "docs"})
    seen = demo.received.last(server="httpbin", path="/post", since=since)
    assert (seen.method, seen.target, seen.query) == ("POST", "/post?lang=en", {"lang": ["en"]})
    assert seen.header("x-team") == "docs" and seen.header("X-TEAM") == "docs"
    assert json.loads(seen.body) == {"name": "Ada"} and not seen.body_cut


def test_a_program_notes_its_requests_head(demo, http):
    http.post(demo.json_post, json={"a": 1})
    seen = demo.received.last(server="json_post")
    assert (seen.method, seen.path, seen.body) == ("POST", "/", None)
    assert seen.header("Content-Type") == "application/json"


def test_a_big_body_is_cut_in_the_log_but_not_for_the_server(demo, http):
    payload = b"x" * (BODY_BYTES + 1000)
    answer = http.post(demo.httpbin + "/post", data=payload,
                       headers={"Content-Type": "application/octet-stream"})
    assert len(answer.json()["data"]) == len(payload)  # the view saw all of it
    seen = demo.received.last(server="httpbin", path="/post")
    assert len(seen.body) == BODY_BYTES and seen.body_cut


def test_uploads_and_forms_still_reach_the_views(demo, http):
    echo = http.post(demo.httpbin + "/post", data={"k": "v"},
                     files={"f": ("a.txt", b"hello")}).json()
    assert (echo["form"], echo["files"]) == ({"k": "v"}, {"f": "hello"})


def test_the_log_keeps_the_last_requests_only():
    log = RequestLog()
    for n in range(KEEP + 5):
        log.note(Received("httpbin", "GET", f"/get?n={n}", ()))
    assert len(log) == KEEP
    assert next(iter(log)).query == {"n": ["5"]}
    assert log.last(path="/get").query == {"n": [str(KEEP + 4)]}
    assert log.find(method="post") == []


def test_the_log_is_emptied_when_the_servers_stop(http):
    with servers.Demo() as mine:
        http.get(mine.httpbin + "/get")
        assert len(mine.received) == 1
    assert len(mine.received) == 0
