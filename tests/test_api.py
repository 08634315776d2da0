"""httplib.api: one-call requests, and the drop-in promise ``import httplib as requests``."""

from __future__ import annotations

import pytest
import requests

import httplib


@pytest.fixture(autouse=True)
def no_proxies(monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


@pytest.mark.parametrize("verb", ["get", "post", "put", "patch", "delete", "options"])
def test_each_verb_sends_its_method(demo, verb):
    response = getattr(httplib, verb)(demo.httpbin + "/anything")
    assert response.status_code == 200
    if verb != "options":
        assert response.json()["method"] == verb.upper()
    assert response.request.method == verb.upper()


def test_request_takes_any_method_name(demo):
    assert httplib.request("patch", demo.httpbin + "/anything").json()["method"] == "PATCH"


def test_bodies_through_the_verbs(demo):
    assert httplib.post(demo.httpbin + "/post", json={"a": 1}).json()["json"] == {"a": 1}
    assert httplib.put(demo.httpbin + "/put", data={"f": "v"}).json()["form"] == {"f": "v"}
    assert httplib.patch(demo.httpbin + "/patch", data=b"raw").json()["data"] == "raw"
    assert httplib.get(demo.httpbin + "/get", params={"q": "x"}).json()["args"] == {"q": "x"}


def test_head_does_not_follow_redirects_unless_asked(demo):
    assert httplib.head(demo.httpbin + "/redirect/1").status_code == 302
    assert httplib.head(demo.httpbin + "/redirect/1", allow_redirects=True).status_code == 200
    assert httplib.get(demo.httpbin + "/redirect/1").status_code == 200


def test_a_lesson_written_for_requests_runs_unchanged(demo):
    def lesson(requests_module):
        r = requests_module.get(demo.posts + "/posts/1", timeout=5)
        r.raise_for_status()
        created = requests_module.post(demo.httpbin + "/post", json={"title": "t"}, timeout=5)
        try:
            requests_module.get(demo.posts + "/posts/999", timeout=5).raise_for_status()
        except requests_module.exceptions.HTTPError as e:
            missing = e.response.status_code
        return r.json()["id"], created.status_code, missing, requests_module.codes.not_found

    assert lesson(httplib) == lesson(requests) == (1, 200, 404, 404)


def test_the_public_names_of_requests_exist():
    for name in ["Request", "PreparedRequest", "Response", "Session", "session", "request",
                 "get", "head", "post", "put", "patch", "delete", "options", "codes",
                 "RequestException", "ConnectionError", "HTTPError", "Timeout", "ConnectTimeout",
                 "ReadTimeout", "TooManyRedirects", "URLRequired", "JSONDecodeError",
                 "exceptions", "utils", "adapters", "auth", "cookies", "structures", "hooks",
                 "models", "sessions", "status_codes", "api", "packages"]:
        assert hasattr(httplib, name), name
    assert httplib.__title__ == "httplib" and httplib.__version__ == "0.1.0"
    assert set(httplib.__all__) <= set(dir(httplib))
