"""A stand-in for api.github.com: the root document, ``/user`` with auth, repository search.

It owns what the lessons ask of GitHub's REST API, with invented data:

* ``GET /``: the root document, a map of ``*_url`` links (URI templates such as
  ``{/owner}{/repo}``, RFC 6570) that all point back at this local server.
* ``GET /user``: the authenticated user. 401 ``Requires authentication`` without
  credentials; 401 ``Bad credentials`` with wrong ones (on *any* endpoint, as GitHub does).
  Accepted: Basic auth ``octocat`` / ``hunter2`` (or the token as password), and
  ``Authorization: Bearer <token>`` or ``Authorization: token <token>`` with :data:`TOKEN`.
* ``GET /users/<user>``, ``/users/<user>/repos``, ``/repos/<owner>/<repo>``,
  ``/repositories/<id>``, ``/rate_limit``.
* ``GET /search/repositories?q=...``: searches the invented catalogue in
  :mod:`servers.apis.github_data`, with the
  ``language:`` and ``user:`` qualifiers, ``sort``/``order``/``page``/``per_page`` and a
  ``Link`` header; ``Accept: application/vnd.github.text-match+json`` adds ``text_matches``.
* Anything else: 404 ``{"message": "Not Found", "documentation_url": ...}``.

Every response carries GitHub-like headers (``X-RateLimit-*``, ``ETag``, ``Vary: Accept``).
Requests are *counted* per client, as GitHub counts them (60 an hour, or 5000 with
credentials; searches 10 a minute, or 30), but never refused: the ``ratelimited``
server is the one that answers 429.
"""

from __future__ import annotations

import base64
import math
import threading
import time
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, g, request
from werkzeug.exceptions import HTTPException

from servers.apis.github_data import OWNERS, REPOSITORIES, ROOT_LINKS
from servers.flaskapp import app_state, json_response

blueprint = Blueprint("github", __name__)

LOGIN = "octocat"
PASSWORD = "hunter2"
TOKEN = "ghp_workbookdemotoken"
"""The personal access token the stand-in accepts (as Bearer, as ``token``, or as password)."""

RATE_LIMITS = {"core": 60, "search": 10}
"""Requests per window for anonymous clients; authenticated ones get 5000 (core) and 30."""
AUTHENTICATED_LIMITS = {"core": 5000, "search": 30}
WINDOW_SECONDS = {"core": 3600, "search": 60}
"""GitHub counts most requests by the hour, and searches by the minute."""


# --- responses ---------------------------------------------------------------------------

def _api(path: str = "") -> str:
    """An absolute URL on this server, e.g. ``_api("/user")``."""
    return request.host_url.rstrip("/") + path


def _error(status: int, message: str, **extra: Any) -> Response:
    """GitHub's error shape: a message, a documentation link and the status as a string.

    Here the documentation is the root document: the map of what this API offers.
    """
    data = {"message": message, **extra, "documentation_url": _api("/"), "status": str(status)}
    return json_response(data, status)


@blueprint.app_errorhandler(HTTPException)
def _http_error(error: HTTPException) -> Response:
    """Every error as GitHub-style JSON. GitHub answers an unsupported method with 404 too."""
    if error.code in (404, 405):
        return _error(404, "Not Found")
    return _error(error.code or 500, error.name)


# --- authentication and rate counting -----------------------------------------------------

def _authenticate() -> str | None:
    """The login this request authenticates as, or None when it sends no credentials.

    ``Authorization: Basic <base64 of user:password>`` (RFC 7617), ``Bearer <token>``
    (RFC 6750) or GitHub's older ``token <token>``. Wrong credentials end the request at
    once with 401 ``Bad credentials``.
    """
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _, credentials = header.partition(" ")
    scheme, credentials = scheme.lower(), credentials.strip()
    if scheme == "basic":
        try:
            decoded = base64.b64decode(credentials, validate=True).decode("utf-8")
        except (ValueError, UnicodeError):  # not base64, or not text: simply wrong
            decoded = ""
        username, _, password = decoded.partition(":")
        if username == LOGIN and password in (PASSWORD, TOKEN):
            return LOGIN
    elif scheme in ("bearer", "token") and credentials == TOKEN:
        return LOGIN
    abort(_error(401, "Bad credentials"))


def _state() -> dict[str, Any]:
    """This server's request counts, ``{"lock": ..., "windows": {(who, resource): ...}}``."""
    return app_state("github", lambda: {"lock": threading.Lock(), "windows": {}})


def _window(resource: str, count: bool = True) -> tuple[int, int, int]:
    """Count this request in its client's window; return (limit, used, reset epoch)."""
    state = _state()
    limit = (AUTHENTICATED_LIMITS if g.login else RATE_LIMITS)[resource]
    seconds = WINDOW_SECONDS[resource]
    key, now = (g.login or request.remote_addr, resource), int(time.time())
    with state["lock"]:
        start, used = state["windows"].get(key, (now, 0))
        if now >= start + seconds:
            start, used = now, 0
        if count:
            used += 1
            state["windows"][key] = (start, used)
    return limit, used, start + seconds


@blueprint.before_app_request
def _check_credentials() -> None:
    g.login = None  # until _authenticate() returns: a 401 still gets the headers below
    g.login = _authenticate()


@blueprint.after_app_request
def _github_headers(response: Response) -> Response:
    """Add the headers GitHub sends with every API response."""
    resource = "search" if request.path.startswith("/search/") else "core"
    # Asking about the limit does not use it up.
    limit, used, reset = _window(resource, count=request.path != "/rate_limit")
    response.headers["Server"] = "github-standin"
    response.headers["X-RateLimit-Limit"] = str(limit)
    response.headers["X-RateLimit-Remaining"] = str(max(limit - used, 0))
    response.headers["X-RateLimit-Used"] = str(used)
    response.headers["X-RateLimit-Reset"] = str(reset)
    response.headers["X-RateLimit-Resource"] = resource
    response.headers["X-GitHub-Media-Type"] = (
        "github.v3; param=text-match; format=json" if _wants_text_match() else
        "github.v3; format=json")
    response.headers["Vary"] = "Accept, Authorization"
    if response.status_code == 200:
        privacy = "private" if g.login else "public"
        response.headers["Cache-Control"] = f"{privacy}, max-age=60"
        response.add_etag(weak=True)  # W/"<hash of the body>": try If-None-Match for a 304
        response.make_conditional(request)
        del response.headers["Date"]  # make_conditional adds one; the server sends its own
    return response


# --- data ---------------------------------------------------------------------------------

def _user(login: str) -> dict[str, Any]:
    """The public profile of one of :data:`OWNERS`."""
    kind, name = OWNERS[login]
    number = list(OWNERS).index(login) + 1
    return {
        "login": login, "id": 1000 + number, "type": kind, "name": name,
        "url": _api(f"/users/{login}"), "repos_url": _api(f"/users/{login}/repos"),
        "site_admin": False, "company": None, "location": None,
        "public_repos": sum(1 for repo in REPOSITORIES if repo[0] == login),
        "followers": number * 37 % 500, "following": number * 7 % 40,
        "created_at": f"20{10 + number % 12:02d}-0{1 + number % 9}-14T09:30:00Z",
    }


def _repo(index: int) -> dict[str, Any]:
    """Repository number ``index`` of :data:`REPOSITORIES`, shaped like GitHub's JSON."""
    owner, name, language, stars, description = REPOSITORIES[index]
    owner_user = _user(owner)
    return {
        "id": 70000 + index, "name": name, "full_name": f"{owner}/{name}", "private": False,
        "owner": {key: owner_user[key] for key in ("login", "id", "type", "url")},
        "description": description, "fork": False,
        "url": _api(f"/repos/{owner}/{name}"), "language": language,
        "stargazers_count": stars, "watchers_count": stars, "forks_count": stars // 6 + index,
        "open_issues_count": (stars // 97) % 60,
        "default_branch": "main", "license": {"key": "mit", "name": "MIT License"},
        "created_at": f"20{12 + index % 10}-{1 + index % 12:02d}-03T12:00:00Z",
        "updated_at": f"2025-{1 + index % 12:02d}-{1 + index % 28:02d}T08:15:00Z",
    }


def _find_repo(owner: str, name: str) -> int:
    for index, (repo_owner, repo_name, *_rest) in enumerate(REPOSITORIES):
        if (repo_owner, repo_name) == (owner.lower(), name.lower()):
            return index
    abort(_error(404, "Not Found"))


# --- routes -------------------------------------------------------------------------------

@blueprint.get("/")
def root() -> Response:
    """The root document: where to find everything else."""
    return json_response({key: _api(path) for key, path in ROOT_LINKS.items()})


@blueprint.get("/user")
def current_user() -> Response:
    """The authenticated user's profile, with the private fields only they may see."""
    if g.login is None:
        return _unauthenticated()
    profile = _user(g.login) | {"email": "octocat@example.invalid", "total_private_repos": 2,
                                "plan": {"name": "free", "private_repos": 10000}}
    return json_response(profile)


def _unauthenticated() -> Response:
    """401 for a request without credentials; WWW-Authenticate names the scheme to use."""
    response = _error(401, "Requires authentication")
    response.headers["WWW-Authenticate"] = 'Basic realm="GitHub"'
    return response


@blueprint.get("/users/<user>")
def user(user: str) -> Response:
    if user.lower() not in OWNERS:
        return _error(404, "Not Found")
    return json_response(_user(user.lower()))


@blueprint.get("/users/<user>/repos")
def user_repos(user: str) -> Response:
    if user.lower() not in OWNERS:
        return _error(404, "Not Found")
    owned = [_repo(i) for i, repo in enumerate(REPOSITORIES) if repo[0] == user.lower()]
    return json_response(owned)


@blueprint.get("/repos/<owner>/<repo>")
def repository(owner: str, repo: str) -> Response:
    return json_response(_repo(_find_repo(owner, repo)))


@blueprint.get("/repositories/<int:repo_id>")
def repository_by_id(repo_id: int) -> Response:
    if not 0 <= repo_id - 70000 < len(REPOSITORIES):
        return _error(404, "Not Found")
    return json_response(_repo(repo_id - 70000))


@blueprint.get("/rate_limit")
def rate_limit() -> Response:
    """The client's current counts (asking is free, as on GitHub)."""
    resources = {}
    for resource in RATE_LIMITS:
        limit, used, reset = _window(resource, count=False)
        resources[resource] = {"limit": limit, "used": used, "remaining": max(limit - used, 0),
                               "reset": reset}
    return json_response({"resources": resources, "rate": resources["core"]})


# --- search -------------------------------------------------------------------------------

QUALIFIERS = ("language", "user", "org")
SORTS = {"stars": "stargazers_count", "forks": "forks_count", "updated": "updated_at"}


def _wants_text_match() -> bool:
    """True when the Accept header asks for the text-match media type."""
    return "text-match" in request.headers.get("Accept", "")


def _invalid(field: str, code: str, message: str) -> Response:
    """422, GitHub's answer to a search it cannot run."""
    return _error(422, "Validation Failed",
                  errors=[{"resource": "Search", "field": field, "code": code,
                           "message": message}])


def _int_arg(name: str, default: int) -> int | None:
    """A positive integer query parameter, or None when it is not one."""
    value = request.args.get(name, str(default))
    return int(value) if value.isdigit() and 0 < len(value) < 7 and int(value) > 0 else None


def _score(repo: tuple[Any, ...], terms: list[str]) -> float:
    """How well a repository matches: a term in the name counts most."""
    _owner, name, _language, stars, description = repo
    score = 0.0
    for term in terms:
        hits = [name.lower() == term and 10, term in name.lower() and 4,
                term in description.lower() and 1]
        if not any(hits):
            return 0.0
        score += max(hits)
    return score + math.log10(stars + 1) / 10  # popular repositories first among equals


def _text_matches(item: dict[str, Any], terms: list[str]) -> list[dict[str, Any]]:
    """Where each search term occurs in the item's name and description."""
    found = []
    for prop in ("name", "description"):
        value = item[prop] or ""
        matches = []
        for term in terms:
            start = value.lower().find(term)
            while start != -1:
                matches.append({"text": value[start:start + len(term)],
                                "indices": [start, start + len(term)]})
                start = value.lower().find(term, start + len(term))
        if matches:
            found.append({"object_url": _api(f"/repositories/{item['id']}"),
                          "object_type": "Repository", "property": prop, "fragment": value,
                          "matches": sorted(matches, key=lambda m: m["indices"])})
    return found


def _link_header(page: int, last: int) -> str:
    """RFC 8288 links to the other pages of these results."""
    def url(number: int) -> str:
        return _api(request.path) + "?" + urlencode(request.args.to_dict() | {"page": number})

    rels = {"prev": page - 1, "next": page + 1, "last": last, "first": 1}
    return ", ".join(f'<{url(n)}>; rel="{rel}"' for rel, n in rels.items()
                     if 1 <= n <= last and n != page)


@blueprint.get("/search/repositories")
def search_repositories() -> Response:
    """Search the catalogue: free words plus ``language:`` and ``user:`` qualifiers.

    Words are separated by spaces or ``+`` (so ``q=requests+language:python`` works
    whether or not the ``+`` was percent-encoded); every word must match.
    """
    query = request.args.get("q", "").strip()
    if not query:
        return _invalid("q", "missing", "The q parameter is required, e.g. q=requests")
    terms, wanted = [], {}
    for word in query.replace("+", " ").lower().split():
        key, colon, value = word.partition(":")
        if colon and key not in QUALIFIERS:
            return _invalid("q", "invalid", f"Unsupported qualifier {key!r}; use "
                            "language:, user: or org:")
        if colon:
            wanted["user" if key == "org" else key] = value.replace("-", " ")
        else:
            terms.append(word)
    sort, order = request.args.get("sort", "best-match"), request.args.get("order", "desc")
    if sort not in (*SORTS, "best-match") or order not in ("asc", "desc"):
        return _invalid("sort", "invalid", "sort is stars, forks or updated; order asc or desc")
    page, per_page = _int_arg("page", 1), _int_arg("per_page", 30)
    if page is None or per_page is None:
        return _invalid("page", "invalid", "page and per_page must be positive integers")
    per_page = min(per_page, 100)

    results = []
    for index, repo in enumerate(REPOSITORIES):
        language = (repo[2] or "").lower()
        if wanted.get("language", language) != language or wanted.get("user", repo[0]) != repo[0]:
            continue
        score = _score(repo, terms) if terms else 1.0
        if score:
            results.append(_repo(index) | {"score": round(score, 3)})
    key = SORTS.get(sort, "score")
    results.sort(key=lambda item: (item[key], item["stargazers_count"]),
                 reverse=(order == "desc"))

    items = results[(page - 1) * per_page:page * per_page]
    if _wants_text_match():
        for item in items:
            item["text_matches"] = _text_matches(item, terms)
    last = max(math.ceil(len(results) / per_page), 1)
    headers = {"Link": _link_header(page, last)} if last > 1 else {}
    return json_response({"total_count": len(results), "incomplete_results": False, "items": items},
                 headers=headers)
