"""httplib.auth: Basic, proxy Basic and Digest, against the demo servers."""

from __future__ import annotations

import io

import pytest
import requests

import httplib
from httplib.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth, HTTPProxyAuth, _basic_auth_str


@pytest.fixture
def s():
    with httplib.Session() as session:
        session.trust_env = False
        yield session


def test_basic_auth_header_is_the_same_as_requests():
    for user, password in [("user", "pass"), ("üser", "päss"), (b"raw", b"bytes")]:
        assert _basic_auth_str(user, password) == requests.auth._basic_auth_str(user, password)
    assert _basic_auth_str("user", "pass") == "Basic dXNlcjpwYXNz"


def test_a_tuple_means_basic_auth(demo, s):
    assert s.get(demo.httpbin + "/basic-auth/u/p", auth=("u", "p")).json() == {
        "authenticated": True, "user": "u"}
    assert s.get(demo.httpbin + "/basic-auth/u/p", auth=("u", "wrong")).status_code == 401
    assert HTTPBasicAuth("u", "p") == HTTPBasicAuth("u", "p") != HTTPBasicAuth("u", "q")


def test_credentials_in_the_url_become_basic_auth(demo, s):
    url = demo.httpbin.replace("http://", "http://u:p@") + "/basic-auth/u/p"
    response = s.get(url)
    assert response.status_code == 200
    assert response.request.headers["Authorization"] == _basic_auth_str("u", "p")


def test_nginx_secure_page(demo, s):
    assert s.get(demo.nginx + "/secure/").status_code == 401
    assert "Secure page" in s.get(demo.nginx + "/secure/", auth=("user7", "7user")).text


def test_a_custom_auth_is_a_callable_on_the_prepared_request(demo, s):
    class Token(AuthBase):
        def __call__(self, r):
            r.headers["Authorization"] = "Bearer ghp_workbookdemotoken"
            return r

    assert s.get(demo.github + "/user", auth=Token()).status_code == 200
    with pytest.raises(NotImplementedError):
        AuthBase()(None)


def test_proxy_auth(demo, s):
    url = demo.httpbin + "/get"
    assert s.get(url, proxies={"http": demo.auth_proxy}).status_code == 407
    response = s.get(url, proxies={"http": demo.auth_proxy},
                     auth=HTTPProxyAuth("proxyuser", "proxypass"))
    assert response.status_code == 200


@pytest.mark.parametrize("algorithm", ["MD5", "MD5-sess", "SHA-256", "SHA-512"])
def test_digest_auth_answers_the_challenge(demo, s, algorithm):
    url = f"{demo.httpbin}/digest-auth/auth/user/pass/{algorithm}"
    response = s.get(url, auth=HTTPDigestAuth("user", "pass"))
    assert response.json() == {"authenticated": True, "user": "user"}
    assert [r.status_code for r in response.history] == [401]
    assert response.request.headers["Authorization"].startswith("Digest ")


def test_digest_auth_sends_back_the_cookie_of_the_challenge(demo, s):
    url = demo.httpbin + "/digest-auth/auth/user/pass?require-cookie=true"
    assert s.get(url, auth=HTTPDigestAuth("user", "pass")).status_code == 200


def test_digest_answers_once_then_gives_the_401(demo, s):
    response = s.get(demo.httpbin + "/digest-auth/auth/user/pass",
                     auth=HTTPDigestAuth("user", "wrong"))
    assert response.status_code == 401
    assert len(response.history) == 1  # one retry, no loop


@pytest.mark.parametrize("path", ["auth-int/user/pass", "auth/user/pass/SHA-512-256"])
def test_digest_variants_requests_cannot_answer_stay_401(demo, s, path):
    response = s.get(f"{demo.httpbin}/digest-auth/{path}", auth=HTTPDigestAuth("user", "pass"))
    assert response.status_code == 401


def test_digest_reuses_the_nonce_with_a_counter(demo, s):
    auth = HTTPDigestAuth("user", "pass")
    url = demo.httpbin + "/digest-auth/auth/user/pass"
    s.get(url, auth=auth)
    again = s.get(url, auth=auth)
    assert again.status_code == 200 and again.history == []  # answered up front
    assert "nc=00000002" in again.request.headers["Authorization"]


def test_digest_rewinds_a_file_body_for_the_retry(demo, s):
    body = io.BytesIO(b"skip:payload")
    body.read(5)  # the body starts where the file is, not at 0
    response = s.post(demo.httpbin + "/digest-auth/auth/user/pass", data=body,
                      auth=HTTPDigestAuth("user", "pass"))
    assert response.status_code == 200
    assert response.request.headers["Content-Length"] == "7"


def test_digest_through_a_redirect(demo, s):
    target = "/digest-auth/auth/user/pass"
    response = s.get(demo.httpbin + "/redirect-to", params={"url": target},
                     auth=HTTPDigestAuth("user", "pass"))
    assert response.status_code == 200
    # as in requests, after redirects the history lists the redirects only
    assert [r.status_code for r in response.history] == [302]
