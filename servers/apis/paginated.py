"""A paginated API: one collection of 95 items, served in pages three common ways.

The same 95 items (``{"id": 1, "name": "amber-falcon"}``...) can be walked with:

``GET /items?page=2&per_page=10``
    Page numbers (``per_page`` default 10, at most 50: larger values are lowered, as
    GitHub does). The ``Link`` header (RFC 8288) holds the URLs of the ``first``,
    ``prev``, ``next`` and ``last`` pages (``requests`` parses it into
    ``response.links``); ``X-Total-Count`` holds the number of items.
    Body: ``{"items": [...], "page": 2, "per_page": 10, "total": 95}``.

``GET /items/offset?offset=20&limit=10``
    Offset and limit. Body: ``{"items": [...], "offset", "limit", "total", "next_offset"}``;
    ``next_offset`` is null on the last page.

``GET /items/cursor?after=<cursor>&limit=10``
    An opaque cursor: pass the ``next_cursor`` of one page as ``after`` to get the next.
    Body: ``{"items": [...], "next_cursor": "..." or null}``.

``GET /`` lists the three. Values that are not positive whole numbers (or not a cursor
this server made) answer 400 ``{"message": ...}``.
"""

from __future__ import annotations

import base64
import binascii
import json
import random
from typing import Any

from flask import Blueprint, Response, request, url_for

from servers.flaskapp import BadParameter, answer_errors_in_json, json_response

blueprint = Blueprint("paginated", __name__)

TOTAL = 95
DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 50

_ADJECTIVES = ["amber", "brisk", "cobalt", "dusty", "eager", "fuzzy", "gentle", "hollow",
               "icy", "jolly", "keen", "lucky", "misty", "nimble", "olive", "proud"]
_ANIMALS = ["badger", "crane", "dingo", "egret", "falcon", "gecko", "heron", "ibis", "jackal",
            "koala", "lemur", "marten", "newt", "otter", "puffin", "quail"]
_rng = random.Random(95)
ITEMS: list[dict[str, Any]] = [
    {"id": number, "name": f"{_rng.choice(_ADJECTIVES)}-{_rng.choice(_ANIMALS)}"}
    for number in range(1, TOTAL + 1)
]
"""The collection: the same names on every run (a fixed seed). Never changed."""

answer_errors_in_json(blueprint, lambda message: {"message": message})


def _number(name: str, default: int, smallest: int = 1) -> int:
    """A whole-number query parameter of at least ``smallest``."""
    raw = request.args.get(name, str(default))
    if not raw.isdigit() or len(raw) > 9 or int(raw) < smallest:
        raise BadParameter(f"{name} must be a whole number of at least {smallest}, not {raw!r}")
    return int(raw)


def _page_size(name: str) -> int:
    return min(_number(name, DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE)


@blueprint.get("/")
def index() -> Response:
    """The three ways in, as links."""
    return json_response({
        "total": TOTAL,
        "page_number": url_for(".by_page", _external=True) + "?page=1&per_page=10",
        "offset_limit": url_for(".by_offset", _external=True) + "?offset=0&limit=10",
        "cursor": url_for(".by_cursor", _external=True) + "?limit=10",
    })


@blueprint.get("/items")
def by_page() -> Response:
    """Page ``page`` of the items, with a ``Link`` header to the neighbouring pages."""
    page, per_page = _number("page", 1), _page_size("per_page")
    last = -(-TOTAL // per_page)  # ceiling division: 95 items in pages of 10 -> 10 pages

    def link(number: int) -> str:
        return url_for(".by_page", page=number, per_page=per_page, _external=True)

    rels = {"first": 1, "prev": page - 1, "next": page + 1, "last": last}
    header = ", ".join(f'<{link(number)}>; rel="{rel}"' for rel, number in rels.items()
                       if 1 <= number <= last and (rel in ("first", "last") or number != page))
    start = (page - 1) * per_page
    body = {"items": ITEMS[start:start + per_page], "page": page, "per_page": per_page,
            "total": TOTAL}
    return json_response(body, headers={"Link": header, "X-Total-Count": str(TOTAL)})


@blueprint.get("/items/offset")
def by_offset() -> Response:
    """``limit`` items from position ``offset`` (0 is the first item)."""
    offset, limit = _number("offset", 0, smallest=0), _page_size("limit")
    next_offset = offset + limit if offset + limit < TOTAL else None
    return json_response({"items": ITEMS[offset:offset + limit], "offset": offset, "limit": limit,
                  "total": TOTAL, "next_offset": next_offset})


def _encode_cursor(last_id: int) -> str:
    """A cursor that remembers where a page ended. Clients must not rely on what is inside."""
    return base64.urlsafe_b64encode(json.dumps({"after_id": last_id}).encode()).decode()


def _decode_cursor(cursor: str) -> int:
    try:
        after_id = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))["after_id"]
    except (ValueError, UnicodeError, binascii.Error, KeyError, TypeError):
        raise BadParameter(f"after={cursor!r} is not a cursor this API gave out") from None
    if type(after_id) is not int or not 0 <= after_id <= TOTAL:
        raise BadParameter(f"after={cursor!r} is not a cursor this API gave out")
    return after_id


@blueprint.get("/items/cursor")
def by_cursor() -> Response:
    """``limit`` items after the cursor (from the start without one)."""
    after = request.args.get("after")
    after_id = 0 if after is None else _decode_cursor(after)
    limit = _page_size("limit")
    items = [item for item in ITEMS if item["id"] > after_id][:limit]
    more = bool(items) and items[-1]["id"] < TOTAL
    next_cursor = _encode_cursor(items[-1]["id"]) if more else None
    return json_response({"items": items, "next_cursor": next_cursor})
