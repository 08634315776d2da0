"""Authentication: callables that add credentials to a PreparedRequest.

Owns: :class:`AuthBase`, Basic (RFC 7617), proxy Basic, and Digest (RFC 7616).
Must not: send anything itself. Auth is ``auth(request) -> request``; a challenge
scheme such as Digest adds a response hook, and answers a 401 by sending again through
the session's one pipeline (``Session.send``).

Pass one as ``auth=``; a ``(user, password)`` tuple means Basic auth. An auth object
is called with each prepared request, ``auth(request) -> request``, and adds its
header; a challenge scheme such as Digest also answers the server's 401.

    >>> httplib.get(url, auth=("user", "pass"))                     # doctest: +SKIP
    >>> httplib.get(url, auth=HTTPDigestAuth("user", "pass"))       # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
import time
from base64 import b64encode
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from urllib.request import parse_http_list, parse_keqv_list

from httplib.cookies import extract_cookies_to_jar

if TYPE_CHECKING:
    from httplib.models import PreparedRequest
    from httplib.response import Response


def _basic_auth_str(username: str | bytes, password: str | bytes) -> str:
    """``Basic dXNlcjpwYXNz``: user and password joined by ':' in base64 (RFC 7617); text
    is encoded as Latin-1, as requests does, so its users get the same header."""
    pair = [part if isinstance(part, bytes) else str(part).encode("latin-1")
            for part in (username, password)]
    return "Basic " + b64encode(b":".join(pair)).decode("ascii")


class AuthBase:
    """Base class for auth: subclasses implement ``__call__(request) -> request``.

    Write one for a scheme httplib does not know, such as a token header (lesson 14):

        >>> class TokenAuth(AuthBase):
        ...     def __init__(self, token):
        ...         self.token = token
        ...     def __call__(self, r):
        ...         r.headers["Authorization"] = f"Bearer {self.token}"
        ...         return r
        >>> httplib.get(url, auth=TokenAuth("s3cret"))              # doctest: +SKIP
    """

    def __call__(self, r: PreparedRequest) -> PreparedRequest:
        raise NotImplementedError("Auth hooks must be callable.")


class HTTPBasicAuth(AuthBase):
    """Send ``Authorization: Basic ...`` with every request (RFC 7617, lesson 14).

    ``auth=("user", "pass")`` means ``auth=HTTPBasicAuth("user", "pass")``. The password
    is only base64-encoded, not hidden: use it over HTTPS.

    :param username: The user name; text is sent encoded as Latin-1.
    :param password: The password, likewise.
    """

    def __init__(self, username: str | bytes, password: str | bytes) -> None:
        self.username = username
        self.password = password

    def __eq__(self, other: object) -> bool:
        return (self.username, self.password) == (getattr(other, "username", None),
                                                  getattr(other, "password", None))

    def __call__(self, r: PreparedRequest) -> PreparedRequest:
        r.headers["Authorization"] = _basic_auth_str(self.username, self.password)
        return r


class HTTPProxyAuth(HTTPBasicAuth):
    """Send ``Proxy-Authorization: Basic ...``, for a proxy that asks (407, lesson 16).

    Only for plain ``http://`` URLs: for HTTPS through a proxy, put the credentials in
    the proxy's URL (``http://user:pass@proxy:3128``) instead, so that they go to the
    proxy and not through the tunnel to the server.

    :param username: The proxy's user name.
    :param password: The proxy's password.
    """

    def __call__(self, r: PreparedRequest) -> PreparedRequest:
        r.headers["Proxy-Authorization"] = _basic_auth_str(self.username, self.password)
        return r


# RFC 7616 section 3.4.2: the hash named by the challenge's algorithm (the same set
# requests supports; an unknown one means we cannot answer, and the 401 stands).
_HASHES = {"MD5": "md5", "MD5-SESS": "md5", "SHA": "sha1", "SHA-256": "sha256",
           "SHA-512": "sha512"}


class HTTPDigestAuth(AuthBase):
    """Digest auth: the password never travels, only a hash over a server nonce.

    The first request goes out without credentials; the server answers 401 with a
    challenge (``WWW-Authenticate: Digest realm=..., nonce=...``); the response hook
    answers it once by resending the request with the computed ``Authorization``.
    Later requests reuse the nonce with an increasing count (``nc``), so they need no
    extra round trip. State is per thread, so one auth object can serve many threads.
    Lesson 14 shows the exchange.

    :param username: The user name.
    :param password: The password; it is hashed with the server's nonce, never sent.
    """

    def __init__(self, username: str, password: str) -> None:
        self.username = username
        self.password = password
        self._thread_local = threading.local()

    @property
    def _state(self) -> Any:
        state = self._thread_local
        if not hasattr(state, "challenge"):
            state.last_nonce, state.nonce_count, state.challenge = "", 0, {}
            state.pos, state.num_401_calls = None, 1
        return state

    __eq__ = HTTPBasicAuth.__eq__  # the same user and password

    def build_digest_header(self, method: str, url: str) -> str | None:
        """The ``Authorization`` value answering the stored challenge, or None if it
        cannot be answered (an unknown algorithm, or ``qop=auth-int`` only).

        :param method: The request's method, part of what is hashed.
        :param url: The request's URL; its path and query are part of what is hashed.
        """
        state, challenge = self._state, self._state.challenge
        realm, nonce = challenge["realm"], challenge["nonce"]
        qop, algorithm, opaque = (challenge.get(k) for k in ("qop", "algorithm", "opaque"))
        hash_name = _HASHES.get((algorithm or "MD5").upper())
        if hash_name is None:
            return None

        def digest(text: str) -> str:
            return hashlib.new(hash_name, text.encode("utf-8"), usedforsecurity=False).hexdigest()

        parts = urlsplit(url)
        uri = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        state.nonce_count = state.nonce_count + 1 if nonce == state.last_nonce else 1
        nc = f"{state.nonce_count:08x}"
        seed = f"{state.nonce_count}{nonce}{time.ctime()}".encode() + os.urandom(8)
        cnonce = hashlib.sha1(seed, usedforsecurity=False).hexdigest()[:16]
        ha1 = digest(f"{self.username}:{realm}:{self.password}")
        if (algorithm or "").upper() == "MD5-SESS":
            ha1 = digest(f"{ha1}:{nonce}:{cnonce}")
        ha2 = digest(f"{method}:{uri}")
        if not qop:  # RFC 2069 compatibility: no qop, no cnonce
            response = digest(f"{ha1}:{nonce}:{ha2}")
        elif "auth" in [q.strip() for q in qop.split(",")]:
            response = digest(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")
        else:
            return None  # only auth-int offered: it needs the body hashed; not supported
        state.last_nonce = nonce
        header = (f'username="{self.username}", realm="{realm}", nonce="{nonce}", '
                  f'uri="{uri}", response="{response}"')
        if opaque:
            header += f', opaque="{opaque}"'
        if algorithm:
            header += f', algorithm="{algorithm}"'
        if qop:
            header += f', qop="auth", nc={nc}, cnonce="{cnonce}"'
        return f"Digest {header}"

    def handle_redirect(self, r: Response, **kwargs: Any) -> None:
        """A response hook: a redirect starts a new exchange, so the next 401 may be
        answered again.

        :param r: The response just received.
        :param **kwargs: The sending settings, unused.
        """
        if r.is_redirect:
            self._state.num_401_calls = 1

    def handle_401(self, r: Response, **kwargs: Any) -> Response:
        """A response hook: answer a Digest challenge by sending the request again with
        credentials, once; a second 401 is returned as it is.

        :param r: The response just received; only a 4xx with a Digest challenge is
            answered.
        :param **kwargs: The sending settings (``timeout``, ``verify``...), used again
            for the new request.
        :returns: The answer to the new request, with ``r`` in its ``history``; or
            ``r`` itself.
        """
        state = self._state
        if not 400 <= r.status_code < 500:
            state.num_401_calls = 1
            return r
        if state.pos is not None and hasattr(r.request.body, "seek"):
            r.request.body.seek(state.pos)  # a file body goes out again from the start
        challenge = r.headers.get("www-authenticate", "")
        if "digest" not in challenge.lower() or state.num_401_calls >= 2:
            state.num_401_calls = 1
            return r
        state.num_401_calls += 1
        # 'Digest realm="x", nonce="y"' -> {"realm": "x", "nonce": "y"}, quotes removed
        items = parse_http_list(re.sub(r"(?i)digest ", "", challenge, count=1))
        state.challenge = parse_keqv_list([item for item in items if "=" in item])
        r.content  # noqa: B018 - read the 401's body, so its connection can be reused
        r.close()
        retry = r.request.copy()
        extract_cookies_to_jar(retry._cookies, r.request, r.raw)
        retry.prepare_cookies(retry._cookies)
        header = self.build_digest_header(retry.method, retry.url)
        if header:
            retry.headers["Authorization"] = header
        answer = _resend(r, retry, kwargs)
        answer.history.append(r)
        answer.request = retry
        return answer

    def __call__(self, r: PreparedRequest) -> PreparedRequest:
        state = self._state
        if state.last_nonce:  # we know a nonce: answer before being asked
            header = self.build_digest_header(r.method, r.url)
            if header:
                r.headers["Authorization"] = header
        try:
            state.pos = r.body.tell()
        except AttributeError:
            state.pos = None
        r.register_hook("response", self.handle_401)
        r.register_hook("response", self.handle_redirect)
        state.num_401_calls = 1
        return r


def _resend(response: Any, request: Any, send_kwargs: dict[str, Any]) -> Any:
    """Send ``request`` again through the session that got ``response`` (rule: one pipeline).

    The resent request carries no hooks: this hook is already running for it, and user
    hooks will see the final response once, as in requests.
    """
    request.hooks = {"response": []}
    session = getattr(response, "_session", None)
    if session is None:  # a Response built by hand, outside a Session
        return response.connection.send(request, **send_kwargs)
    # The challenge's cookies go into the jar before the answer's, as they came: a
    # cookie both set keeps its place, and the jar sends them in the order requests does.
    extract_cookies_to_jar(session.cookies, response.request, response.raw)
    return session.send(request, allow_redirects=False, **send_kwargs)
