"""HTTP Digest authentication (RFC 7616): proving you know a password without sending it.

The dance takes two requests:

1. The client asks without credentials. The server answers ``401`` with a challenge::

       WWW-Authenticate: Digest realm="me@kennethreitz.com", nonce="...",
                         opaque="...", qop="auth", algorithm=MD5, stale=False

2. The client asks again with ``Authorization: Digest username=..., response=...``,
   where ``response`` is a hash of the password, the server's nonce, a nonce of its
   own (``cnonce``), a request counter (``nc``), the method and the URI. The server,
   which knows the password too, computes the same hash and compares.

The password never crosses the wire, and the hash is only good for this nonce and
this request. ``requests.auth.HTTPDigestAuth`` does step 2 for you. The URL chooses
everything: ``/digest-auth/auth/alice/secret/SHA-256``.

As on httpbin.org, the realm names httpbin's author, and cookies play along: each
challenge sets ``fake=fake_value`` (``?require-cookie=true`` demands it back) and
``stale_after``, a count of how many more times the client may use a nonce before
the server calls it stale: ``/digest-auth/auth/alice/secret/MD5/2``. A nonce that
failed once (the ``last_nonce`` cookie) is stale too.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, jsonify, request
from flask.blueprints import BlueprintSetupState

from servers.httpbin.common import fail

blueprint = Blueprint("digest", __name__)

REALM = "me@kennethreitz.com"
"""The protection space named in challenges (httpbin.org's); it is part of what gets hashed."""

HASHES: dict[str, Callable[[bytes], Any]] = {
    "MD5": hashlib.md5,
    "SHA-256": hashlib.sha256,
    "SHA-512": hashlib.sha512,
    "SHA-512-256": lambda data: hashlib.new("sha512_256", data),
}
"""The algorithms on offer. Each also comes as ``<name>-sess`` (e.g. ``MD5-sess``)."""

QOPS = ("auth", "auth-int")
"""Quality of protection: ``auth`` hashes method and URI; ``auth-int`` adds the body.
Any other value in the URL offers the client both."""

METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]
"""Any method: the method is part of the hash, and ``auth-int`` wants a body."""


@blueprint.record_once
def _make_secret(state: BlueprintSetupState) -> None:
    """Give each app a secret key for signing its nonces (see :func:`_new_nonce`)."""
    state.app.extensions["httpbin.digest_secret"] = secrets.token_bytes(32)


def _signature(salt: str) -> str:
    """An HMAC of ``salt`` under this app's secret: only this server can make it."""
    secret = current_app.extensions["httpbin.digest_secret"]
    return hmac.new(secret, salt.encode(), hashlib.sha256).hexdigest()[:32]


def _new_nonce() -> str:
    """A random value plus the server's signature of it.

    The server recognises its own nonces later without having to remember them.
    """
    salt = secrets.token_hex(16)
    return salt + _signature(salt)


def _nonce_is_ours(nonce: str) -> bool:
    """Does the nonce's second half sign its first half? (Then we issued it.)"""
    return hmac.compare_digest(nonce[32:].encode(), _signature(nonce[:32]).encode())


def _algorithm(name: str) -> tuple[str, Callable[[bytes], Any], bool]:
    """``"sha-256-sess"`` -> ``("SHA-256-sess", hashlib.sha256, True)``; 400 if unknown."""
    session = name.lower().endswith("-sess")
    base = name[: -len("-sess")] if session else name
    for known, function in HASHES.items():
        if base.upper() == known:
            return known + ("-sess" if session else ""), function, session
    fail(f"unknown digest algorithm {name!r}; try one of {', '.join(HASHES)} (or <name>-sess)")


def expected_response(params: dict[str, str], password: str, algorithm: str) -> str:
    """The ``response`` value a client that knows ``password`` must have sent (RFC 7616 3.4.1)."""
    _name, function, session = _algorithm(algorithm)

    def h(text: str) -> str:
        return function(text.encode()).hexdigest()

    ha1 = h(f"{params['username']}:{params['realm']}:{password}")
    if session:  # "-sess": the session key also covers both nonces
        ha1 = h(f"{ha1}:{params['nonce']}:{params['cnonce']}")
    a2 = f"{request.method}:{params['uri']}"
    if params["qop"] == "auth-int":
        a2 += ":" + function(request.get_data()).hexdigest()
    return h(f"{ha1}:{params['nonce']}:{params['nc']}:{params['cnonce']}:{params['qop']}:{h(a2)}")


def _challenge(qops: tuple[str, ...], algorithm: str, stale_after: str, stale: bool = False,
               last_nonce: str | None = None) -> Response:
    """``401`` with a fresh ``WWW-Authenticate: Digest ...`` challenge, and its cookies.

    ``stale=True`` tells the client its password was right but the nonce is used up
    (or not one of ours): it should simply retry with the new one, without asking the
    user again. ``last_nonce`` is remembered in a cookie, so that it counts as stale.
    """
    header = (f'Digest realm="{REALM}", nonce="{_new_nonce()}", '
              f'opaque="{secrets.token_hex(16)}", qop="{", ".join(qops)}", '
              f"algorithm={algorithm}, stale={stale}")
    response = Response(status=401, headers={"WWW-Authenticate": header})
    response.set_cookie("stale_after", stale_after)
    if last_nonce is not None:
        response.set_cookie("last_nonce", last_nonce)
    response.set_cookie("fake", "fake_value")
    return response


def _same_target(uri: str) -> bool:
    """Is the ``uri`` the client hashed the one it actually requested (path and query)?"""
    requested = urlsplit(request.environ.get("REQUEST_URI", request.full_path))
    claimed = urlsplit(uri)
    return (claimed.path, claimed.query) == (requested.path, requested.query)


def _fewer(stale_after: str) -> str:
    """One use fewer: ``"3"`` -> ``"2"``; ``"never"`` (or any other word) stays ``"never"``."""
    try:
        return str(int(stale_after) - 1)
    except ValueError:
        return "never"


@blueprint.route("/digest-auth/<qop>/<user>/<passwd>", methods=METHODS)
@blueprint.route("/digest-auth/<qop>/<user>/<passwd>/<algorithm>", methods=METHODS)
@blueprint.route("/digest-auth/<qop>/<user>/<passwd>/<algorithm>/<stale_after>",
                 methods=METHODS)
def digest_auth(qop: str, user: str, passwd: str, algorithm: str = "MD5",
                stale_after: str = "never") -> Response:
    """Digest authentication for ``user``/``passwd``: 401 and a challenge, then 200."""
    qops = (qop,) if qop in QOPS else QOPS
    algorithm = _algorithm(algorithm)[0]
    wants_cookie = request.args.get("require-cookie", "").lower() in ("1", "t", "true")
    given = request.authorization
    if given is None or given.type != "digest" or (wants_cookie and not request.cookies):
        return _challenge(qops, algorithm, stale_after)
    if wants_cookie and request.cookies.get("fake") != "fake_value":
        response = jsonify(errors=["missing cookie set on challenge"])
        response.status_code = 403
        response.set_cookie("fake", "fake_value")
        return response
    params = {key: str(value) for key, value in given.parameters.items()}
    nonce = params.get("nonce", "")
    uses_left = request.cookies.get("stale_after")
    if nonce == request.cookies.get("last_nonce") or uses_left == "0":
        return _challenge(qops, algorithm, stale_after, stale=True, last_nonce=nonce)
    if not _answer_is_right(params, qops, user, passwd, algorithm):
        return _challenge(qops, algorithm, stale_after, last_nonce=nonce)
    if not _nonce_is_ours(nonce):  # a made-up nonce, or one from before a restart
        return _challenge(qops, algorithm, stale_after, stale=True, last_nonce=nonce)
    response = jsonify(authenticated=True, user=user)
    response.set_cookie("fake", "fake_value")
    if uses_left:
        response.set_cookie("stale_after", _fewer(uses_left))
    return response


def _answer_is_right(params: dict[str, str], qops: tuple[str, ...], user: str, passwd: str,
                     algorithm: str) -> bool:
    """Did the client hash the right password, for this user, realm, URI and qop?"""
    needed = ("username", "realm", "nonce", "uri", "response", "qop", "nc", "cnonce")
    if any(key not in params for key in needed) or params["qop"] not in qops:
        return False
    if params["username"] != user or params["realm"] != REALM or not _same_target(params["uri"]):
        return False
    expected = expected_response(params, passwd, algorithm)
    return hmac.compare_digest(params["response"].encode(), expected.encode())
