"""The shapes httplib's arguments take, each named once.

In a signature such as ``Session.request(method, url, params: Params = None, ...)``,
``Params`` is one of the names below: it says what ``params=`` accepts. These are type
aliases, for readers, editors and type checkers; nothing checks them at run time.

httplib's modules import this one only for type checkers (``if TYPE_CHECKING:``), so
``import httplib`` never loads it; ``from httplib._types import Params`` works.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from http.cookiejar import CookieJar
from typing import IO, Any, TypeAlias

import urllib3

from httplib.auth import AuthBase
from httplib.models import PreparedRequest
from httplib.response import Response

Params: TypeAlias = Mapping[str, Any] | Iterable[tuple[str, Any]] | str | bytes | None
"""A query string: a dict, ``(name, value)`` pairs, or one ready-made (``"q=x&page=2"``).

A list value repeats its name (``{"tag": ["a", "b"]}`` gives ``tag=a&tag=b``) and a
None value leaves the name out. Lesson 06."""

Data: TypeAlias = (Mapping[str, Any] | Iterable[tuple[str, Any]] | str | bytes | IO[bytes]
                   | Iterable[bytes] | None)
"""A request body: a dict or pairs are form-encoded; ``str`` and ``bytes`` go as they
are; a file opened in binary mode or a generator of bytes is streamed. Lesson 07."""

Headers: TypeAlias = Mapping[str, str | bytes | None] | None
"""Header names and values. A value of None removes a header the session would send."""

Cookies: TypeAlias = Mapping[str, str] | CookieJar | None
"""Cookies to send: ``{"name": "value"}``, or a jar such as ``RequestsCookieJar``.
Lesson 09."""

FileContent: TypeAlias = IO[bytes] | bytes | str
"""What one upload holds: a file opened in binary mode (``open(path, "rb")``), bytes or
text."""

FileSpec: TypeAlias = (FileContent | tuple[str | None, FileContent]
                       | tuple[str | None, FileContent, str | None]
                       | tuple[str | None, FileContent, str | None, Mapping[str, str]])
"""One upload: the content alone, or ``(filename, content)``, ``(filename, content,
content_type)`` or ``(filename, content, content_type, extra_headers)``."""

Files: TypeAlias = Mapping[str, FileSpec] | Iterable[tuple[str, FileSpec]] | None
"""Uploads by form field name: ``{"image": open("cat.png", "rb")}``; pairs to send
several under one name. The body becomes ``multipart/form-data``. Lesson 08."""

Auth: TypeAlias = (tuple[str, str] | AuthBase | Callable[[PreparedRequest], PreparedRequest]
                   | None)
"""Credentials: ``(user, password)`` for Basic auth, an auth object such as
``HTTPDigestAuth``, or any function that takes the prepared request and returns it
with credentials added. Lesson 14."""

TimeoutSetting: TypeAlias = float | tuple[float | None, float | None] | urllib3.Timeout | None
"""Seconds to wait: one number for both waits, a ``(connect, read)`` pair, a urllib3
``Timeout``, or None to wait forever. Lesson 12."""

Cert: TypeAlias = str | tuple[str, str] | None
"""A client certificate: the path of one file holding certificate and key, or a
``(certificate, key)`` pair of paths. Lesson 15."""

Hook: TypeAlias = Callable[..., Response | None]
"""A response hook: called as ``hook(response, **send_kwargs)``; it may return a new
response to use instead, or None to keep this one."""

Hooks: TypeAlias = Mapping[str, Hook | Iterable[Hook]] | None
"""Hooks by event: ``{"response": print_url}`` or ``{"response": [log, check]}``.
``"response"`` is the only event. Lesson 23."""
