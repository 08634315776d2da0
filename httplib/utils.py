"""Small helpers: URL quoting, proxies from the environment, encodings, body lengths.

Owns: the functions other modules share, plus the public helpers requests users import
from ``requests.utils`` (``get_auth_from_url``, ``parse_header_links``...), each small.
Must not: hold state or send anything.

Lesson 06 shows ``default_headers``, lesson 09 ``dict_from_cookiejar`` and lesson 19
``get_encoding_from_headers``.
"""

from __future__ import annotations

import codecs
import ipaddress
import os
import re
import warnings
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from http.cookiejar import CookieJar
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlsplit, urlunsplit
from urllib.request import proxy_bypass_environment

from urllib3.util import make_headers, parse_url

from httplib import __version__
from httplib.exceptions import FileModeWarning, InvalidHeader, InvalidURL
from httplib.structures import CaseInsensitiveDict

if TYPE_CHECKING:
    from httplib.models import PreparedRequest
    from httplib.response import Response

# What we can decompress: gzip and deflate always, br and zstd when their packages are
# installed. urllib3 knows; requests asks it the same way.
DEFAULT_ACCEPT_ENCODING = ", ".join(
    name.strip() for name in make_headers(accept_encoding=True)["accept-encoding"].split(",")
)
NETRC_FILES = (".netrc", "_netrc")
# RFC 3986 section 2.3: these never need percent-encoding.
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def default_user_agent(name: str = "python-httplib") -> str:
    """``python-httplib/0.1.0``: who is asking, as servers see it in ``User-Agent``
    (lesson 06).

    :param name: The program's name, before the slash and httplib's version.
    """
    return f"{name}/{__version__}"


def default_headers() -> CaseInsensitiveDict:
    """The headers every Session starts with: ``User-Agent``, ``Accept-Encoding``,
    ``Accept`` and ``Connection`` (lesson 06)."""
    return CaseInsensitiveDict({
        "User-Agent": default_user_agent(),
        "Accept-Encoding": DEFAULT_ACCEPT_ENCODING,
        "Accept": "*/*",
        "Connection": "keep-alive",
    })


def unquote_unreserved(uri: str) -> str:
    """Decode only the %XX escapes of unreserved characters (``%7E`` -> ``~``).

    :param uri: A URL or a part of one.
    :raises InvalidURL: An escape is not hexadecimal (``%zz``).
    """
    parts = uri.split("%")
    for i in range(1, len(parts)):
        code = parts[i][:2]
        if len(code) == 2 and code.isalnum():
            try:
                char = chr(int(code, 16))
            except ValueError:
                raise InvalidURL(f"Invalid percent-escape sequence: '{code}'") from None
            parts[i] = char + parts[i][2:] if char in _UNRESERVED else "%" + parts[i]
        else:
            parts[i] = "%" + parts[i]
    return "".join(parts)


def requote_uri(uri: str) -> str:
    """Quote what must be quoted, leave existing escapes alone: one canonical form.

        >>> requote_uri("http://h/a b?q=%7e")
        'http://h/a%20b?q=~'

    :param uri: The URL to quote.
    """
    try:
        return quote(unquote_unreserved(uri), safe="!#$%&'()*+,/:;=?@[]~")
    except InvalidURL:
        # A stray '%' that starts no escape: quote it too.
        return quote(uri, safe="!#$&'()*+,/:;=?@[]~")


def get_auth_from_url(url: str) -> tuple[str, str]:
    """``("user", "pass")`` from ``http://user:pass@host/``, or ``("", "")``.

    :param url: A URL that may hold credentials; escapes in them are decoded.
    """
    parsed = urlsplit(url)
    try:
        return unquote(parsed.username), unquote(parsed.password)
    except (AttributeError, TypeError):
        return "", ""


def urldefragauth(url: str) -> str:
    """The URL without its fragment and credentials: what a proxy is asked for.

    :param url: An absolute URL.
    """
    scheme, netloc, path, query, _ = urlsplit(url)
    if not netloc:
        netloc, path = path, netloc
    return urlunsplit((scheme, netloc.rsplit("@", 1)[-1], path, query, ""))


def prepend_scheme_if_needed(url: str, new_scheme: str) -> str:
    """``127.0.0.1:3128`` -> ``http://127.0.0.1:3128``; a URL with a scheme is kept.

    :param url: A URL, perhaps without its scheme.
    :param new_scheme: The scheme to add, such as ``"http"``.
    """
    parsed = parse_url(url)
    netloc, path = parsed.netloc, parsed.path
    if not netloc:
        netloc, path = path, netloc
    if parsed.auth:
        netloc = f"{parsed.auth}@{netloc}"
    return urlunsplit((parsed.scheme or new_scheme, netloc, path or "", parsed.query or "",
                       parsed.fragment or ""))


def parse_header_links(value: str) -> list[dict[str, str]]:
    """Parse a ``Link`` header (RFC 8288) into dicts with ``url`` and parameters.

        >>> parse_header_links('<http://h/?page=2>; rel="next"')
        [{'url': 'http://h/?page=2', 'rel': 'next'}]

    ``response.links`` gives the same by ``rel`` (lesson 20).

    :param value: The header's value.
    """
    links: list[dict[str, str]] = []
    quotes = " '\""
    value = value.strip(quotes)
    if not value:
        return links
    for item in re.split(", *<", value):
        url, _, params = item.partition(";")
        link = {"url": url.strip("<> '\"")}
        for param in params.split(";"):
            key, sep, val = param.partition("=")
            if not sep or "=" in val:
                break
            link[key.strip(quotes)] = val.strip(quotes)
        links.append(link)
    return links


# Header name and value patterns: no CR, LF or NUL (RFC 9110 section 5.5 calls them
# "invalid and dangerous"; requests lets NUL through). Bytes get their own compiled copy
# (on first use, by re's cache) so that \s means the same thing as it does for text.
_PATTERNS = (r"^[^:\s\x00][^:\r\n\x00]*\Z", r"^[^\s\x00][^\r\n\x00]*\Z|^\Z")
_STR_NAME, _STR_VALUE = (re.compile(pattern).match for pattern in _PATTERNS)


@lru_cache(maxsize=256)
def _plain_text_header(name: str, value: str) -> bool:
    """True for a valid ASCII header. Remembered: a session sends the same few headers
    with every request, and two regular expressions a header are worth skipping."""
    return bool(_STR_NAME(name) and _STR_VALUE(value) and name.isascii() and value.isascii())


def check_header_validity(header: tuple[Any, Any]) -> None:
    """Refuse header names and values that could smuggle a second header (CR, LF), hold
    a NUL, or start with whitespace (line folding, obsoleted by RFC 9112 section 5.2).

    :param header: A ``(name, value)`` pair, each text or bytes.
    :raises InvalidHeader: The header is refused; the message says why.
    """
    name, value = header
    if type(name) is str and type(value) is str and _plain_text_header(name, value):
        return  # the common case, checked fast
    for index, part in enumerate(header):
        if not isinstance(part, (str, bytes)):
            raise InvalidHeader(f"Header part ({part!r}) from {header} must be "
                                f"of type str or bytes, not {type(part)}")
        # On the wire a name is ASCII and a value Latin-1 bytes (http.client encodes
        # them so); anything else would fail later with a bare UnicodeEncodeError.
        if isinstance(part, str) and not part.isascii():
            try:
                part.encode("latin-1" if index else "ascii")
            except UnicodeEncodeError:
                raise InvalidHeader(
                    f"Header {('name', 'value')[index]} {part!r} has characters HTTP/1.1 "
                    f"cannot carry ({('ASCII', 'Latin-1')[index]} only); encode it first, "
                    f"e.g. with urllib.parse.quote, or pass bytes") from None
        pattern = _PATTERNS[index]
        if not re.match(pattern.encode() if isinstance(part, bytes) else pattern, part):
            raise InvalidHeader(f"Invalid leading whitespace, reserved character(s), or "
                                f"return character(s) in header {('name', 'value')[index]}: "
                                f"{part!r}")


def get_encoding_from_headers(headers: Mapping[str, str]) -> str | None:
    """The charset of Content-Type; RFC 2616's ISO-8859-1 for ``text/*``; UTF-8 for JSON.

    This is where ``response.encoding`` comes from (lesson 19).

    :param headers: The response headers.
    :returns: The encoding's name, or None if the headers do not say.
    """
    header = headers.get("content-type")
    return _charset_of(header) if header else None


@lru_cache(maxsize=64)
def _charset_of(header: str) -> str | None:
    """:func:`get_encoding_from_headers` for one Content-Type value. Cached: a server
    sends the same few values again and again."""
    content_type, *params = header.split(";")
    charset = None
    for param in params:  # the last charset parameter wins
        key, sep, value = param.strip().partition("=")
        if sep and key.strip("\"' ").lower() == "charset":
            charset = value.strip("\"' ")
    if charset is not None:
        return charset
    if "text" in content_type:
        return "ISO-8859-1"
    if "application/json" in content_type:
        return "utf-8"  # RFC 8259 section 8.1: JSON is UTF-8
    return None


def _deprecated(name: str) -> None:
    """Warn that ``name`` is on its way out, as requests warns for the same functions.

    Like requests' warning, it is attributed to the deprecated function (``stacklevel=2``:
    the function that called this one), not to your code, so Python's default filters
    hide it; ``python -W default`` (or pytest) shows it.
    """
    warnings.warn(f"{name} is deprecated: requests 3.0 removes it, and httplib will "
                  f"follow (requests issue #2266 explains why).", DeprecationWarning,
                  stacklevel=2)


# Where an HTML or XML document names its own encoding, in the order they are searched.
# A match never crosses a line break.
_DECLARED_ENCODINGS = (
    re.compile(r"""<meta[^\n]*?charset=['"]*(.+?)['">]""", re.IGNORECASE),
    re.compile(r"""<meta[^\n]*?content=['"]*;?charset=(.+?)['">]""", re.IGNORECASE),
    re.compile(r"""\A<\?xml[^\n]*?encoding=['"]*(.+?)['">]"""),
)


def get_encodings_from_content(content: str) -> list[str]:
    """Every encoding a document declares in its own text: first each
    ``<meta charset="...">``, then each ``<meta http-equiv="Content-Type"
    content="text/html; charset=...">``, then the ``encoding`` of an XML declaration at
    the very start (``<?xml version="1.0" encoding="..."?>``).

        get_encodings_from_content('<meta charset="utf-8">')   # ['utf-8']

    Deprecated, as in requests: it warns with ``DeprecationWarning``. A page's own
    declaration is better read with an HTML parser (lesson 21), and ``r.encoding`` or
    ``r.apparent_encoding`` usually say enough.

    :param content: The document, as text.
    """
    _deprecated("get_encodings_from_content")
    return [found for pattern in _DECLARED_ENCODINGS for found in pattern.findall(content)]


def get_unicode_from_response(r: Response) -> str | bytes | None:
    """``r``'s body as text, decoded with the charset its Content-Type names (or
    ISO-8859-1 for ``text/*``, UTF-8 for JSON: :func:`get_encoding_from_headers`).

    Bytes that do not decode become U+FFFD; without any charset, UTF-8 is used.
    Deprecated, as in requests: it warns with ``DeprecationWarning``. Use ``r.text``,
    which also guesses an encoding the headers leave out.

    :param r: A response whose body has been or can be read.
    """
    _deprecated("get_unicode_from_response")
    content = r.content
    if content is None:
        return None
    encoding = get_encoding_from_headers(r.headers)
    if encoding:
        try:
            return str(content, encoding)
        except UnicodeError:
            pass  # the label is wrong for these bytes: decode again, replacing the bad ones
    try:
        return str(content, encoding or "utf-8", errors="replace")
    except TypeError:  # a body that is not bytes (set by hand): as it is
        return content


# JSON text starts with two ASCII characters (RFC 4627 section 3), so where its first
# four bytes hold zeros gives the UTF away: ``{\x00"\x00`` is UTF-16-LE.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_ZEROS = {(1, 0, 1, 0): "utf-16-be", (0, 1, 0, 1): "utf-16-le", (1, 1, 1, 0): "utf-32-be",
          (0, 1, 1, 1): "utf-32-le"}


def guess_json_utf(data: bytes) -> str | None:
    """Which UTF a JSON document uses, from its BOM or the zero bytes at its start.

    :param data: The start of the document, at least four bytes for a sure answer.
    :returns: A codec name such as ``"utf-16-le"``, or None if the bytes fit no UTF.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    sample = data[:4]
    if 0 not in sample:
        return "utf-8"
    return _ZEROS.get(tuple(int(byte == 0) for byte in sample))


def stream_decode_response_unicode(chunks: Iterable[bytes],
                                   response: Response) -> Iterator[bytes | str]:
    """Decode chunks as they come; a character split across two chunks survives.

    :param chunks: The body's bytes, piece by piece.
    :param response: The response, whose ``encoding`` is used; if it is None the
        chunks are passed on as bytes.
    """
    if response.encoding is None:
        yield from chunks
        return
    decoder = codecs.getincrementaldecoder(response.encoding)(errors="replace")
    for chunk in chunks:
        text = decoder.decode(chunk)
        if text:
            yield text
    text = decoder.decode(b"", final=True)
    if text:
        yield text


def iter_slices(string: bytes | str, slice_length: int | None) -> Iterator[bytes | str]:
    """``string`` in pieces of ``slice_length``.

    :param string: The bytes or text to cut.
    :param slice_length: The length of each piece; None or less than 1: all at once.
    """
    if slice_length is None or slice_length <= 0:
        slice_length = len(string)
    for start in range(0, len(string), slice_length):
        yield string[start:start + slice_length]


def to_key_val_list(value: Mapping[Any, Any] | Iterable[tuple[Any, Any]] | None
                    ) -> list[tuple[Any, Any]] | None:
    """A dict or a list of pairs as a list of pairs: ``{"a": 1}`` -> ``[("a", 1)]``.

    :param value: A mapping, pairs, or None (given back as None).
    :raises ValueError: ``value`` is a string, bytes, a number or a bool.
    """
    if value is None:
        return None
    if isinstance(value, (str, bytes, bool, int)):
        raise ValueError("cannot encode objects that are not 2-tuples")
    if isinstance(value, Mapping):
        return list(value.items())
    return list(value)


def super_len(body: bytes | str | IO[Any] | Iterable[bytes] | None) -> int:
    """How many bytes are left to send from ``body``: bytes, str, or a file at any position.
    0 also means "unknown" (a pipe, a generator): callers then use chunked encoding.

    :param body: What is to be sent. Text is counted as UTF-8; a file opened in text
        mode is counted in bytes all the same, with a :exc:`FileModeWarning`.
    """
    if isinstance(body, str):
        body = body.encode("utf-8")
    total = None
    if hasattr(body, "__len__"):
        total = len(body)
    elif hasattr(body, "len"):
        total = body.len
    elif hasattr(body, "fileno"):
        try:
            total = os.fstat(body.fileno()).st_size
        except (OSError, AttributeError):
            pass
        else:
            if "b" not in getattr(body, "mode", "b"):
                warnings.warn("httplib counts a text-mode file's length in bytes; open it "
                              "in binary mode ('rb').", FileModeWarning, stacklevel=2)
    position = 0
    if hasattr(body, "tell"):
        try:
            position = body.tell()
        except OSError:
            position = total or 0  # cannot tell: treat as fully read, so length 0
        else:
            if total is None and hasattr(body, "seek"):
                try:  # measure by seeking to the end and back
                    body.seek(0, os.SEEK_END)
                    total = body.tell()
                    body.seek(position)
                except OSError:
                    total = 0
    return max(0, (total or 0) - position)


def dict_from_cookiejar(cj: CookieJar) -> dict[str, str | None]:
    """``{name: value}`` for every cookie in the jar (lesson 09).

    :param cj: The jar, such as ``session.cookies``.
    """
    return {cookie.name: cookie.value for cookie in cj}


def add_dict_to_cookiejar(cj: CookieJar, cookie_dict: dict[str, str]) -> CookieJar:
    """Add ``{name: value}`` pairs to a jar, replacing cookies of the same name.

    :param cj: The jar to add to.
    :param cookie_dict: The cookies, each sent to every host.
    """
    from httplib.cookies import cookiejar_from_dict

    return cookiejar_from_dict(cookie_dict, cj)


def getenv(name: str) -> str | None:
    """``os.environ.get(name)``, made cheap for a variable that is not set.

    Each request reads up to eight variables (proxies, CA bundle, .netrc), most of them
    usually unset, and ``os.environ`` answers "unset" by raising a KeyError inside and
    catching it: that cost about a twentieth of a small request's CPU time. CPython's
    ``os.environ`` keeps its variables in a plain dict (``_data``, keys encoded by its
    own ``encodekey``), which answers None instead; without one (another Python, or
    ``os.environ`` replaced by a test), this is ``os.environ.get``.

    :param name: The variable's name.
    """
    environ = os.environ
    data = getattr(environ, "_data", None)
    if data is None:
        return environ.get(name)
    key = _ENCODED_NAMES.get(name)
    if key is None:  # encodekey runs Python code: do it once per name
        key = _ENCODED_NAMES[name] = environ.encodekey(name)
    value = data.get(key)
    return None if value is None else environ.decodevalue(value)


_ENCODED_NAMES: dict[str, Any] = {}


def should_bypass_proxies(url: str, no_proxy: str | None) -> bool:
    """Whether ``url`` must be fetched directly: its host matches ``no_proxy``.

    ``no_proxy`` (or the NO_PROXY variable) lists hosts, domain suffixes (``.local``),
    ``name:port``, IPv4 networks (``10.0.0.0/8``) or ``*`` for everything. The rules are
    requests' own plus those of ``urllib.request``, which requests also consults.

    :param url: The URL the request goes to.
    :param no_proxy: The list, comma-separated; None reads ``NO_PROXY`` from the
        environment.
    """
    if no_proxy is None:
        no_proxy = getenv("no_proxy") or getenv("NO_PROXY")
    parsed = urlsplit(url)
    host = parsed.hostname
    if host is None:
        return True
    if not no_proxy:
        return False
    entries = [entry for entry in no_proxy.replace(" ", "").split(",") if entry]
    if _is_ipv4(host):
        if any(_in_network(host, e) if "/" in e else host == e for e in entries):
            return True
    else:
        with_port = f"{host}:{parsed.port}" if parsed.port else host
        for entry in (e.lstrip(".") for e in entries):
            if host == entry or with_port == entry or with_port.endswith("." + entry) or (
                    host.endswith("." + entry)):
                return True
    return bool(proxy_bypass_environment(host, {"no": no_proxy}))


def _is_ipv4(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).version == 4
    except ValueError:
        return False


def _in_network(host: str, network: str) -> bool:
    try:
        return ipaddress.ip_address(host) in ipaddress.ip_network(network, strict=False)
    except ValueError:
        return False


def _proxy_from_environ(key: str) -> str | None:
    """The ``<key>_proxy`` variable, read as ``urllib.request.getproxies`` reads it.

    Lower case wins over upper case, and an empty lower-case variable means "none".
    Reading two variables, not scanning the whole environment, keeps requests fast.
    """
    value = getenv(f"{key}_proxy")
    if value is not None:
        return value or None
    value = getenv(f"{key.upper()}_PROXY")
    if key == "http" and value and getenv("REQUEST_METHOD") is not None:
        return None  # under CGI, HTTP_PROXY comes from the client's Proxy header (httpoxy)
    return value or None


def get_environ_proxies(url: str, no_proxy: str | None = None) -> dict[str, str]:
    """The proxies the environment sets for ``url`` (its scheme's and ``all``), or ``{}``
    when NO_PROXY matches it: ``{"http": "http://proxy:3128"}``. Lesson 16.

    :param url: The URL the request goes to.
    :param no_proxy: Hosts to reach directly, as for :func:`should_bypass_proxies`;
        None reads ``NO_PROXY``.
    """
    scheme = urlsplit(url).scheme
    proxies = {key: proxy for key in (scheme, "all") if (proxy := _proxy_from_environ(key))}
    # Most environments set no proxy: then NO_PROXY need not be read at all.
    if proxies and should_bypass_proxies(url, no_proxy=no_proxy):
        return {}
    return proxies


def select_proxy(url: str, proxies: Mapping[str, str] | None) -> str | None:
    """The proxy for ``url``, most specific key first: ``"http://host"``, ``"http"``,
    ``"all://host"``, ``"all"``.

    :param url: The URL the request goes to.
    :param proxies: Proxy URLs by those keys, as ``proxies=`` takes them.
    :returns: The proxy's URL, or None to go directly.
    """
    if not proxies:
        return None
    parts = urlsplit(url)
    scheme, host = parts.scheme, parts.hostname
    if host is None:
        return proxies.get(scheme, proxies.get("all"))
    for key in (f"{scheme}://{host}", scheme, f"all://{host}", "all"):
        if key in proxies:
            return proxies[key]
    return None


def resolve_proxies(request: PreparedRequest, proxies: Mapping[str, str] | None,
                    trust_env: bool = True) -> dict[str, str]:
    """``proxies`` plus, when ``trust_env``, the environment's proxy for the URL's scheme.

    :param request: The request to send.
    :param proxies: The proxies given; they win over the environment's.
    :param trust_env: Read the environment at all.
    """
    resolved = dict(proxies or {})
    if trust_env:
        scheme = urlsplit(request.url).scheme
        environ = get_environ_proxies(request.url, no_proxy=resolved.get("no_proxy"))
        proxy = environ.get(scheme, environ.get("all"))
        if proxy:
            resolved.setdefault(scheme, proxy)
    return resolved


def get_netrc_auth(url: str, raise_errors: bool = False) -> tuple[str, str] | None:
    """Credentials for ``url``'s host from ``~/.netrc`` (or the file NETRC names).

    Safe against CVE-2024-47081: the host is the one the request will connect to, found
    by the parser that decides the connection (urllib3's ``parse_url``, as
    ``prepare_url`` uses), never a string cut out of the URL by hand. Not even
    ``urlsplit``: in ``http://127.0.0.1:8000\\@other/`` it finds ``other``, while the
    connection goes to 127.0.0.1 (a backslash ends the host, as in browsers).
    Every request without auth asks, so the file is parsed once and kept until it
    changes (its modification time or size).

    :param url: The URL the request goes to.
    :param raise_errors: Raise when the file cannot be read or parsed, instead of
        answering None.
    :returns: ``(login, password)``, or None when the file has nothing for this host.
    """
    # os.access answers without raising: cheaper than a failing stat for the usual "none".
    for path in _netrc_paths(getenv("NETRC"), getenv("HOME")):
        if os.access(path, os.F_OK):
            break
    else:
        return None
    try:
        host = parse_url(url.lstrip()).host
    except (ValueError, TypeError):  # malformed (prepare_url will say so), or bytes
        return None
    if not host:
        return None
    host = host.strip("[]")  # an IPv6 literal is written without brackets in .netrc
    from netrc import NetrcParseError

    try:
        status = os.stat(path)
        found = _parse_netrc(path, status.st_mtime_ns, status.st_size).authenticators(host)
    except (NetrcParseError, OSError):
        if raise_errors:
            raise
        return None
    if not found or not any(found):
        return None
    login, account, password = found
    return (login or account or ""), (password or "")


@lru_cache(maxsize=8)
def _netrc_paths(netrc_variable: str | None, home: str | None) -> tuple[str, ...]:
    """Where to look for a netrc file, given the NETRC and HOME variables."""
    if netrc_variable is not None:
        return (os.path.expanduser(netrc_variable),)
    home = os.path.expanduser("~")  # HOME, or the user database when HOME is unset
    return tuple(os.path.join(home, name) for name in NETRC_FILES)


@lru_cache(maxsize=8)
def _parse_netrc(path: str, mtime_ns: int, size: int) -> Any:
    """The parsed netrc file; ``mtime_ns`` and ``size`` are in the key so an edit counts."""
    import netrc  # only needed when such a file exists

    return netrc.netrc(path)
