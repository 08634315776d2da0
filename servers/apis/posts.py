"""A stand-in for jsonplaceholder.typicode.com: a fake REST API with posts, todos and users.

It owns four collections of invented records, the same on every run:

====================  ======================================================
``/posts``            100 posts, ``userId`` 1-10 (ten each)
``/comments``         500 comments, five per post (``postId``)
``/todos``            200 todos, twenty per user, some ``completed``
``/users``            10 users with an address and a company
====================  ======================================================

* ``GET /<collection>``: the whole list, or only the records whose fields equal the
  query parameters: ``/posts?userId=1``, ``/posts?userId=1&id=10``, ``/todos?completed=true``
  (a parameter given twice matches either value).
* ``GET /<collection>/<id>``; nested lists ``/posts/<id>/comments``, ``/users/<id>/posts``,
  ``/users/<id>/todos``.
* ``POST /<collection>`` (JSON or form body) answers 201 with the new record (id 101 for
  the first new post); ``PUT`` replaces a record, ``PATCH`` merges into it, ``DELETE``
  answers ``{}``. Unlike the real service, changes are *kept* (in memory, per server),
  so a ``GET`` after a ``POST`` sees the new post.
* Unknown ids or paths: 404 with ``{}``, as jsonplaceholder does. A body that is not a
  JSON object (or holds NaN, Infinity or a lone surrogate): 400 ``{"message": ...}``.
"""

from __future__ import annotations

import copy
import functools
import json
import random
import threading
from typing import Any

from flask import Blueprint, Response, request, url_for
from werkzeug.exceptions import HTTPException

from servers.flaskapp import app_state, json_response

blueprint = Blueprint("posts", __name__)

Record = dict[str, Any]

COLLECTIONS = "any(posts, comments, todos, users)"
"""The URL converter that matches a collection name."""

CHILDREN = {("posts", "comments"): "postId", ("users", "posts"): "userId",
            ("users", "todos"): "userId"}
"""Nested lists: (parent, child) -> the child's field that holds the parent's id."""

MAX_BODY_BYTES = 64 * 1024
MAX_NEW_RECORDS = 1000
"""Per collection and server: enough for any lesson, not enough to fill the memory."""

WORDS = [
    "amber", "anchor", "autumn", "basket", "beacon", "bicycle", "blossom", "bramble",
    "bridge", "candle", "canyon", "cedar", "chapter", "cinder", "clover", "comet", "copper",
    "coral", "cottage", "harbour", "crystal", "dawn", "delta", "drift", "ember", "fable",
    "feather", "fern", "fjord", "garden", "glacier", "granite", "harvest", "hazel",
    "horizon", "island", "ivory", "journey", "kettle", "lantern", "ledger", "lemon",
    "linen", "maple", "marble", "meadow", "mirror", "morning", "notebook", "orchard",
    "paddle", "parcel", "pebble", "pepper", "pillow", "pioneer", "plum", "quarry", "quiet",
    "rain", "ribbon", "river", "saffron", "sail", "shadow", "signal", "silver", "spindle",
    "spruce", "stone", "summit", "thistle", "thunder", "timber", "tinder", "valley",
    "velvet", "voyage", "walnut", "willow", "window", "winter",
]
"""The vocabulary every invented title and body is drawn from."""

USERS = [
    # name, username, city, company
    ("Amara Osei", "amara.o", "Port Ellery", "Osei Lighting"),
    ("Bruno Lindqvist", "brunol", "Kestrel Bay", "Fjordline Freight"),
    ("Chen Wei", "cwei", "Marrow Heights", "Lotus Analytics"),
    ("Dalia Haddad", "dalia_h", "South Fennick", "Cedar & Stone"),
    ("Emeka Nwosu", "emekan", "Old Harwick", "Nwosu Robotics"),
    ("Fatima Zahra", "fzahra", "Lowmoor", "Atlas Textiles"),
    ("Gustavo Pereira", "gus.p", "Rio Claro Norte", "Pereira Coffee Co."),
    ("Hana Kobayashi", "hanak", "Minato Reach", "Kobayashi Paper"),
    ("Ingrid Solberg", "isolberg", "Nordvik", "Solberg Maritime"),
    ("José Álvarez", "jalvarez", "Villa Serena", "Álvarez Bakeries"),
]


# --- the data -----------------------------------------------------------------------------

def _phrase(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def _paragraph(rng: random.Random) -> str:
    """Four lines of invented words, newline-separated like jsonplaceholder's bodies."""
    return "\n".join(_phrase(rng, 6, 10) for _ in range(4))


@functools.cache
def _initial_data() -> dict[str, dict[int, Record]]:
    """Build every collection from a fixed seed. Cached: it never changes (servers copy it)."""
    rng = random.Random(2024)
    users = {}
    for number, (name, username, city, company) in enumerate(USERS, start=1):
        users[number] = {
            "id": number, "name": name, "username": username,
            "email": f"{username.replace('.', '_')}@example.invalid",
            "address": {"street": f"{rng.randint(1, 999)} {rng.choice(WORDS).title()} Lane",
                        "suite": f"Apt. {rng.randint(1, 90)}", "city": city,
                        "zipcode": f"{rng.randint(10000, 99999)}",
                        "geo": {"lat": f"{rng.uniform(-60, 60):.4f}",
                                "lng": f"{rng.uniform(-170, 170):.4f}"}},
            "phone": f"555-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}",
            "website": f"{username.replace('.', '')}.example",
            "company": {"name": company, "catchPhrase": _phrase(rng, 3, 4).capitalize(),
                        "bs": _phrase(rng, 3, 3)},
        }
    posts = {n: {"userId": (n - 1) // 10 + 1, "id": n, "title": _phrase(rng, 3, 8),
                 "body": _paragraph(rng)} for n in range(1, 101)}
    comments = {}
    for n in range(1, 501):
        name = _phrase(rng, 2, 5)
        comments[n] = {"postId": (n - 1) // 5 + 1, "id": n, "name": name,
                       "email": f"{name.split()[0]}.{rng.choice(WORDS)}@example.invalid",
                       "body": _paragraph(rng)}
    todos = {n: {"userId": (n - 1) // 20 + 1, "id": n, "title": _phrase(rng, 2, 6),
                 "completed": rng.random() < 0.45} for n in range(1, 201)}
    return {"posts": posts, "comments": comments, "todos": todos, "users": users}


def _store() -> tuple[threading.Lock, dict[str, dict[int, Record]]]:
    """This server's own copy of the data and the lock every read and change holds."""
    return app_state("posts", lambda: (threading.Lock(), copy.deepcopy(_initial_data())))


_json = functools.partial(json_response, pretty=True)
"""Pretty-printed JSON, as jsonplaceholder sends it."""

# --- responses ----------------------------------------------------------------------------


@blueprint.app_errorhandler(HTTPException)
def _http_error(error: HTTPException) -> Response:
    """404 is an empty object, like jsonplaceholder; other errors explain themselves."""
    if error.code == 404:
        return _json({}, 404)
    return _json({"message": f"{error.name}: {error.description}"}, error.code or 500)


def _as_text(value: Any) -> str:
    """How a field compares with a query parameter: ``1`` -> "1", ``True`` -> "true"."""
    return json.dumps(value) if isinstance(value, bool) else str(value)


def _matches(record: Record) -> bool:
    """Whether every query parameter equals the record's field of that name."""
    return all(key in record and _as_text(record[key]) in request.args.getlist(key)
               for key in request.args)


def _body() -> Record | Response:
    """The request's JSON object or form fields, or a 400/413 response explaining the problem."""
    if request.content_length and request.content_length > MAX_BODY_BYTES:
        return _json({"message": f"Body too large: at most {MAX_BODY_BYTES} bytes"}, 413)
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return request.form.to_dict()
    raw = request.get_data(cache=False)
    if len(raw) > MAX_BODY_BYTES:
        return _json({"message": f"Body too large: at most {MAX_BODY_BYTES} bytes"}, 413)
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw)
    except ValueError as error:
        return _json({"message": f"Invalid JSON body: {error}"}, 400)
    if not isinstance(data, dict):
        return _json({"message": "The JSON body must be an object, like {\"title\": \"...\"}"},
                     400)
    # Python's json reads more than JSON allows: NaN, Infinity, 1e999 (a float too big,
    # so inf) and lone surrogates ("\ud800", half of an emoji). Stored, they would make
    # every later answer invalid JSON, or not UTF-8 at all (a 500). Refuse them now.
    try:
        json.dumps(data, allow_nan=False, ensure_ascii=False).encode("utf-8")
    except (ValueError, UnicodeEncodeError):
        return _json({"message": "Invalid JSON body: NaN, Infinity, numbers too large for "
                      "a float and lone surrogates (\\ud800) have no place in JSON"}, 400)
    return data


# --- routes -------------------------------------------------------------------------------

@blueprint.get("/")
def index() -> Response:
    """Where everything is, and how many records each collection holds now."""
    lock, data = _store()
    with lock:
        return _json({name: {"url": url_for(".collection", resource=name, _external=True),
                             "count": len(records)} for name, records in data.items()})


@blueprint.get(f"/<{COLLECTIONS}:resource>")
def collection(resource: str) -> Response:
    """A whole collection, filtered by the query parameters."""
    lock, data = _store()
    with lock:
        return _json([r for r in data[resource].values() if _matches(r)])


@blueprint.get(f"/<{COLLECTIONS}:resource>/<int:item_id>")
def item(resource: str, item_id: int) -> Response:
    lock, data = _store()
    with lock:
        record = data[resource].get(item_id)
        return _json(record) if record is not None else _json({}, 404)


@blueprint.get(f"/<{COLLECTIONS}:parent>/<int:item_id>/<{COLLECTIONS}:child>")
def children(parent: str, item_id: int, child: str) -> Response:
    """A nested list such as ``/posts/1/comments``: the children pointing at that parent."""
    field = CHILDREN.get((parent, child))
    lock, data = _store()
    with lock:
        if field is None or item_id not in data[parent]:
            return _json({}, 404)
        return _json([r for r in data[child].values() if r.get(field) == item_id and _matches(r)])


@blueprint.post(f"/<{COLLECTIONS}:resource>")
def create(resource: str) -> Response:
    """Add a record: the server picks the id (one more than the highest so far)."""
    body = _body()
    if isinstance(body, Response):
        return body
    lock, data = _store()
    with lock:
        records = data[resource]
        if len(records) >= len(_initial_data()[resource]) + MAX_NEW_RECORDS:
            return _json({"message": f"This demo keeps at most {MAX_NEW_RECORDS} new "
                          f"{resource}; restart the servers to start afresh"}, 403)
        new_id = max(records, default=0) + 1
        records[new_id] = record = {**body, "id": new_id}
    location = url_for(".item", resource=resource, item_id=new_id, _external=True)
    return _json(record, 201, {"Location": location})


@blueprint.route(f"/<{COLLECTIONS}:resource>/<int:item_id>", methods=["PUT", "PATCH"])
def update(resource: str, item_id: int) -> Response:
    """PUT replaces the record with the body; PATCH changes only the fields it sends."""
    body = _body()
    if isinstance(body, Response):
        return body
    lock, data = _store()
    with lock:
        old = data[resource].get(item_id)
        if old is None:
            return _json({}, 404)
        base = old if request.method == "PATCH" else {}
        data[resource][item_id] = record = {**base, **body, "id": item_id}
    return _json(record)


@blueprint.delete(f"/<{COLLECTIONS}:resource>/<int:item_id>")
def delete(resource: str, item_id: int) -> Response:
    lock, data = _store()
    with lock:
        if data[resource].pop(item_id, None) is None:
            return _json({}, 404)
    return _json({})
