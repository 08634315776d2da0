"""The httpbin stand-in, part 2: Basic, hidden Basic, Bearer and Digest authentication."""

from __future__ import annotations

import hashlib

import pytest
import requests
from requests.auth import HTTPDigestAuth


def test_basic_auth_accepts_the_right_credentials(demo, http):
    r = http.get(demo.httpbin + "/basic-auth/alice/secret", auth=("alice", "secret"))
    assert r.status_code == 200
    assert r.json() == {"authenticated": True, "user": "alice"}


@pytest.mark.parametrize("auth", [None, ("alice", "wrong"), ("bob", "secret")])
def test_basic_auth_challenges_otherwise(demo, http, auth):
    r = http.get(demo.httpbin + "/basic-auth/alice/secret", auth=auth)
    assert r.status_code == 401
    assert r.headers["WWW-Authenticate"] == 'Basic realm="Fake Realm"'


def test_basic_auth_credentials_are_utf8(demo, http):
    # RFC 7617 says UTF-8; requests encodes str credentials as Latin-1, so pass bytes.
    r = http.get(demo.httpbin + "/basic-auth/zoë/pässword",
                 auth=("zoë".encode(), "pässword".encode()))
    assert r.status_code == 200 and r.json()["user"] == "zoë"


def test_hidden_basic_auth_answers_404_instead_of_401(demo, http):
    url = demo.httpbin + "/hidden-basic-auth/alice/secret"
    assert http.get(url, auth=("alice", "secret")).json()["authenticated"] is True
    r = http.get(url, auth=("alice", "nope"))
    assert r.status_code == 404
    assert "WWW-Authenticate" not in r.headers
    assert http.get(url).status_code == 404


def test_bearer(demo, http):
    r = http.get(demo.httpbin + "/bearer", headers={"Authorization": "Bearer abc.def"})
    assert r.json() == {"authenticated": True, "token": "abc.def"}
    for headers in ({}, {"Authorization": "Basic YTpi"}, {"Authorization": "Bearer "}):
        r = http.get(demo.httpbin + "/bearer", headers=headers)
        assert r.status_code == 401
        assert r.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("algorithm", ["MD5", "MD5-sess", "SHA-256", "SHA-512"])
def test_digest_auth_with_requests(demo, http, algorithm):
    url = f"{demo.httpbin}/digest-auth/auth/alice/secret/{algorithm}"
    r = http.get(url, auth=HTTPDigestAuth("alice", "secret"))
    assert r.status_code == 200
    assert r.json() == {"authenticated": True, "user": "alice"}
    challenge = r.history[0]
    assert challenge.status_code == 401
    header = challenge.headers["WWW-Authenticate"]
    assert header.startswith('Digest realm="me@kennethreitz.com", nonce="')  # httpbin.org's
    assert f"algorithm={algorithm}," in header and 'qop="auth"' in header
    assert header.endswith("stale=False")
    assert "opaque=" in header
    assert challenge.cookies["fake"] == "fake_value"


def test_digest_auth_default_algorithm_is_md5(demo, http):
    r = http.get(demo.httpbin + "/digest-auth/auth/u/p", auth=HTTPDigestAuth("u", "p"))
    assert r.status_code == 200
    assert "algorithm=MD5," in r.history[0].headers["WWW-Authenticate"]


@pytest.mark.parametrize("algorithm", ["MD5", "SHA-256", "SHA-512"])
def test_digest_auth_refuses_a_wrong_password(demo, http, algorithm):
    url = f"{demo.httpbin}/digest-auth/auth/alice/secret/{algorithm}"
    r = http.get(url, auth=HTTPDigestAuth("alice", "guess"))
    assert r.status_code == 401
    assert r.headers["WWW-Authenticate"].startswith("Digest ")
    assert http.get(url, auth=HTTPDigestAuth("mallory", "secret")).status_code == 401


def test_digest_auth_session_keeps_working(demo, http):
    auth = HTTPDigestAuth("alice", "secret")
    url = demo.httpbin + "/digest-auth/auth/alice/secret/SHA-256"
    assert http.get(url, auth=auth).status_code == 200
    # requests reuses the nonce with nc=00000002: no new challenge needed.
    r = http.get(url, auth=auth)
    assert r.status_code == 200 and r.history == []


@pytest.mark.parametrize("path", ["/digest-auth/auth/u/p/SHA-1",
                                  "/digest-auth/auth/u/p/whirlpool"])
def test_digest_auth_refuses_an_unknown_algorithm(demo, http, path):
    r = http.get(demo.httpbin + path)
    assert r.status_code == 400
    assert r.text.startswith("400 Bad Request: unknown digest algorithm")


def test_digest_auth_offers_both_qops_for_an_unknown_one(demo, http):
    r = http.get(demo.httpbin + "/digest-auth/nope/u/p", auth=HTTPDigestAuth("u", "p"))
    assert 'qop="auth, auth-int"' in r.history[0].headers["WWW-Authenticate"]
    assert r.status_code == 200


def test_digest_auth_stale_after_counts_uses_of_a_nonce(demo, http):
    """requests reuses the nonce it was given, so ``stale_after=2`` lets two requests
    through; the third meets ``stale=True``. (requests retries that once, but with the
    cookies of before the challenge, so it fails; the fourth request works again.)"""
    url = demo.httpbin + "/digest-auth/auth/u/p/MD5/2"
    http.auth = HTTPDigestAuth("u", "p")
    statuses = []
    for _ in range(4):
        r = http.get(url)
        statuses.append([hop.status_code for hop in [*r.history, r]])
    assert statuses == [[401, 200], [200], [401, 401], [401, 200]]
    assert r.history[0].headers["WWW-Authenticate"].endswith("stale=True")


def _digest_header(challenge: str, method: str, uri: str, user: str, password: str,
                   body: bytes, hash_name: str, qop: str, nonce: str | None = None) -> str:
    """An Authorization header computed by hand, as RFC 7616 describes."""
    params = requests.utils.parse_dict_header(challenge.removeprefix("Digest "))
    nonce = nonce or params["nonce"]

    def h(data: bytes) -> str:
        return hashlib.new(hash_name, data).hexdigest()

    ha1 = h(f"{user}:{params['realm']}:{password}".encode())
    ha2 = h(f"{method}:{uri}:{h(body)}".encode() if qop == "auth-int"
            else f"{method}:{uri}".encode())
    response = h(f"{ha1}:{nonce}:00000001:abcdef:{qop}:{ha2}".encode())
    return (f'Digest username="{user}", realm="{params["realm"]}", nonce="{nonce}", '
            f'uri="{uri}", qop={qop}, nc=00000001, cnonce="abcdef", response="{response}", '
            f'opaque="{params["opaque"]}"')


@pytest.mark.parametrize(("algorithm", "hash_name"), [("SHA-512-256", "sha512_256"),
                                                      ("MD5", "md5")])
def test_digest_auth_int_covers_the_body(demo, http, algorithm, hash_name):
    uri = f"/digest-auth/auth-int/alice/secret/{algorithm}"
    challenge = http.post(demo.httpbin + uri, data=b"payload")
    assert challenge.status_code == 401
    assert 'qop="auth-int"' in challenge.headers["WWW-Authenticate"]
    header = _digest_header(challenge.headers["WWW-Authenticate"], "POST", uri, "alice",
                            "secret", b"payload", hash_name, "auth-int")
    ok = http.post(demo.httpbin + uri, data=b"payload", headers={"Authorization": header})
    assert ok.status_code == 200
    # The same header with another body no longer matches.
    tampered = http.post(demo.httpbin + uri, data=b"other", headers={"Authorization": header})
    assert tampered.status_code == 401


def test_digest_auth_spots_foreign_nonces(demo, http):
    uri = "/digest-auth/auth/alice/secret"
    challenge = http.get(demo.httpbin + uri).headers["WWW-Authenticate"]
    header = _digest_header(challenge, "GET", uri, "alice", "secret", b"", "md5", "auth",
                            nonce="0" * 64)
    r = http.get(demo.httpbin + uri, headers={"Authorization": header})
    assert r.status_code == 401
    assert r.headers["WWW-Authenticate"].endswith("stale=True")


def test_digest_auth_require_cookie(demo, http):
    uri = "/digest-auth/auth/alice/secret?require-cookie=true"
    assert http.get(demo.httpbin + uri, auth=HTTPDigestAuth("alice", "secret")).ok
    challenge = http.get(demo.httpbin + uri).headers["WWW-Authenticate"]
    header = _digest_header(challenge, "GET", uri, "alice", "secret", b"", "md5", "auth")
    http.cookies.clear()  # a client that sends no cookie at all is challenged again
    assert http.get(demo.httpbin + uri, headers={"Authorization": header}).status_code == 401
    http.cookies.clear()  # (that challenge set the cookie again)
    http.cookies.set("other", "x")  # one that sends cookies, but not the challenge's: 403
    r = http.get(demo.httpbin + uri, headers={"Authorization": header})
    assert r.status_code == 403
    assert r.json() == {"errors": ["missing cookie set on challenge"]}


def test_digest_auth_garbage_header_gets_a_challenge(demo, http):
    for header in ("Digest", 'Digest username="alice"', "Digest ,,,=", "Digest response=é"):
        r = http.get(demo.httpbin + "/digest-auth/auth/alice/secret",
                     headers={"Authorization": header})
        assert r.status_code == 401
