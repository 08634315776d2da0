"""Redirects, decided by pure functions: which method, which URL, which headers survive.

Owns: the rules of RFC 9110 section 15.4 as browsers and requests apply them, and the
credential rules that keep a redirect from leaking a password to another host.
Must not: send, read or remember anything. ``Session.send`` loops over redirects and
asks these functions at each hop; each is tested alone.

Read them to see what happens to a request that is redirected (lesson 11).

    >>> next_method(302, "POST"), next_method(307, "POST")
    ('GET', 'POST')
    >>> next_url("/b", "http://h/a#top")
    'http://h/b#top'
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlparse, urlsplit

from httplib.auth import _basic_auth_str
from httplib.exceptions import InvalidURL
from httplib.utils import get_auth_from_url, requote_uri

if TYPE_CHECKING:
    from collections.abc import Mapping

    from httplib.response import Response

DEFAULT_PORTS = {"http": 80, "https": 443}
"""The port a URL means when it names none."""
#: Headers describing a body: they go when the body goes.
BODY_HEADERS = ("Content-Length", "Content-Type", "Transfer-Encoding")


def redirect_location(response: Response) -> str | None:
    """The Location of a redirect the session would follow, or None.

    http.client decodes header bytes as Latin-1, but servers send UTF-8 in Location far
    more often, so we undo that decoding and try UTF-8 first.

    :param response: Any response; only a 301, 302, 303, 307 or 308 with a
        ``Location`` header is a redirect to follow.
    """
    if not response.is_redirect:
        return None
    location = response.headers["location"]
    try:
        return location.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return location


def next_method(status: int, method: str) -> str:
    """The method for the next hop (RFC 9110 sections 15.4.2-15.4.9).

    303 See Other means "GET the answer" (HEAD stays HEAD). 302, and 301 for POST,
    historically turned into GET in browsers; everyone followed. 307 and 308 exist to
    promise the method is kept.

    :param status: The redirect's status code.
    :param method: The method of the request that was redirected.
    """
    if status in (303, 302) and method != "HEAD":
        return "GET"
    if status == 301 and method == "POST":
        return "GET"
    return method


def body_survives(status: int) -> bool:
    """Whether the body is sent again: only 307 and 308 promise to keep it.

    :param status: The redirect's status code.
    """
    return status in (307, 308)


def next_url(location: str, previous_url: str) -> str:
    """The absolute, quoted URL for ``location`` as seen from ``previous_url``.

    Handles relative (``/b``) and scheme-relative (``//host/b``) locations, and keeps
    the previous fragment when the new location has none (RFC 9110 section 10.2.2).

    :param location: The ``Location`` header's value.
    :param previous_url: The URL that answered with the redirect.
    :raises InvalidURL: ``location`` cannot be parsed (``http://[::1``, say).
    """
    if location.startswith("//"):
        location = f"{urlsplit(previous_url).scheme}:{location}"
    try:
        parsed = urlparse(location)
    except ValueError as e:  # e.g. "http://[::1": requests lets this ValueError escape
        raise InvalidURL(f"Invalid redirect location {location!r}: {e}") from e
    fragment = urlsplit(previous_url).fragment
    if not parsed.fragment and fragment:
        parsed = parsed._replace(fragment=fragment)
    url = parsed.geturl()
    if not parsed.netloc:
        return urljoin(previous_url, requote_uri(url))
    return requote_uri(url)


def should_strip_auth(old_url: str, new_url: str) -> bool:
    """Whether a redirect from ``old_url`` to ``new_url`` must drop Authorization.

    Credentials belong to an origin (scheme, host, port; RFC 6454). Two exceptions keep
    old behaviour working: http -> https on the default ports of the same host (an
    upgrade, not a leak), and an explicit default port versus none (``:80`` vs nothing).

    :param old_url: The URL that answered with the redirect.
    :param new_url: Where the redirect goes.
    """
    old, new = urlparse(old_url), urlparse(new_url)
    if old.hostname != new.hostname:
        return True
    if (old.scheme == "http" and old.port in (80, None)
            and new.scheme == "https" and new.port in (443, None)):
        return False
    if old.scheme != new.scheme:
        return True
    default = (DEFAULT_PORTS.get(old.scheme), None)
    if old.port in default and new.port in default:
        return False
    return old.port != new.port


def proxy_authorization(url: str, proxies: Mapping[str, str]) -> str | None:
    """The Proxy-Authorization header for ``url`` through ``proxies``, or None.

    Only for plain http: through an HTTPS tunnel (CONNECT) urllib3 gives the proxy its
    credentials itself, and a header in the tunnelled request would reach the origin.

    :param url: The URL the request goes to.
    :param proxies: Proxy URLs by scheme; credentials are read from the one for
        ``url``'s scheme (``http://user:pass@proxy:3128``).
    """
    scheme = urlsplit(url).scheme
    if scheme.startswith("https") or scheme not in proxies:
        return None
    username, password = get_auth_from_url(proxies[scheme])
    return _basic_auth_str(username, password) if username and password else None
