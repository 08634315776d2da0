"""httplib.hooks: functions called on every response, which may replace it."""

from __future__ import annotations

import httplib
from httplib.hooks import HOOKS, default_hooks, dispatch_hook


def test_default_hooks_has_an_empty_list_per_event():
    assert HOOKS == ["response"]
    first, second = default_hooks(), default_hooks()
    assert first == {"response": []}
    first["response"].append(print)
    assert second == {"response": []}


def test_a_hook_may_replace_the_data_and_none_keeps_it():
    seen = []
    hooks = {"response": [lambda data, **kw: seen.append((data, kw)), lambda data, **kw: data * 2]}
    assert dispatch_hook("response", hooks, 21, timeout=3) == 42
    assert seen == [(21, {"timeout": 3})]
    assert dispatch_hook("response", {"response": lambda data, **kw: "one"}, 0) == "one"
    assert dispatch_hook("response", None, "same") == "same"


def test_hooks_run_on_every_response_with_the_send_settings(demo):
    seen = []

    def record(response, **kwargs):
        seen.append((response.status_code, sorted(kwargs)))

    response = httplib.get(demo.httpbin + "/redirect/2", hooks={"response": record}, timeout=5)
    assert response.status_code == 200
    assert [status for status, _ in seen] == [302, 302, 200]
    assert seen[0][1] == ["cert", "proxies", "stream", "timeout", "verify"]


def test_a_hook_can_swap_the_response(demo):
    def swap(response, **kwargs):
        response.status_code = 299
        return response

    assert httplib.get(demo.httpbin + "/get", hooks={"response": swap}).status_code == 299


def test_session_and_request_hooks_merge_like_requests(demo):
    calls = []
    with httplib.Session() as session:
        session.trust_env = False
        session.hooks["response"].append(lambda r, **kw: calls.append("session"))
        session.get(demo.httpbin + "/get")
        # A request's own hooks replace the session's for that event, as in requests.
        session.get(demo.httpbin + "/get", hooks={"response": lambda r, **kw: calls.append("own")})
    assert calls == ["session", "own"]
