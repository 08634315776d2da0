"""Basic and Bearer authentication: pages that want an ``Authorization`` header.

The URL chooses the credentials: ``/basic-auth/alice/secret`` accepts only user
``alice`` with password ``secret``. Without them the answer is ``401 Unauthorized``
with a ``WWW-Authenticate`` header saying which scheme to use, which is how a browser
knows to show its login box. ``/hidden-basic-auth`` answers ``404`` instead, as sites
do that would rather not admit a page exists. Digest authentication is in ``digest``.
"""

from __future__ import annotations

import hmac

from flask import Blueprint, Response, jsonify, request

from servers.httpbin.status import status_response

blueprint = Blueprint("auth", __name__)


def _basic_ok(user: str, passwd: str) -> bool:
    """Does the request carry ``Authorization: Basic base64(user:passwd)``?

    werkzeug decodes the header into ``request.authorization``. ``hmac.compare_digest``
    compares in constant time, so response timing does not leak how much was right.
    """
    given = request.authorization
    if given is None or given.type != "basic":
        return False
    user_ok = hmac.compare_digest(str(given.username).encode(), user.encode())
    passwd_ok = hmac.compare_digest(str(given.password).encode(), passwd.encode())
    return user_ok and passwd_ok


@blueprint.get("/basic-auth/<user>/<passwd>")
def basic_auth(user: str, passwd: str) -> Response:
    """200 and ``{"authenticated": true, "user": ...}`` if the Basic credentials match, else 401."""
    if not _basic_ok(user, passwd):
        return status_response(401)  # WWW-Authenticate: Basic realm="Fake Realm"
    return jsonify(authenticated=True, user=user)


@blueprint.get("/hidden-basic-auth/<user>/<passwd>")
def hidden_basic_auth(user: str, passwd: str) -> Response:
    """Like /basic-auth, but wrong credentials get an empty 404 and no challenge."""
    if not _basic_ok(user, passwd):
        return status_response(404)
    return jsonify(authenticated=True, user=user)


@blueprint.get("/bearer")
def bearer() -> Response:
    """200 with the token for any ``Authorization: Bearer <token>``; 401 without one."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return Response(status=401, headers={"WWW-Authenticate": "Bearer"})
    return jsonify(authenticated=True, token=token.strip())
