"""The JSON API stand-ins: GitHub, jsonplaceholder (posts), Open-Meteo, pagination, rate limits.

Every test talks to the running demo servers over loopback HTTP, as a lesson would.
"""

from __future__ import annotations

import itertools
import time
import uuid

import pytest
import requests

pytestmark = pytest.mark.timeout(20)

TOKEN = "ghp_workbookdemotoken"
TEXT_MATCH = "application/vnd.github.v3.text-match+json"


# --- GitHub ---------------------------------------------------------------------------------

def test_github_root_links_point_back_at_the_local_server(demo, http: requests.Session) -> None:
    r = http.get(demo.github)
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/json; charset=utf-8"
    assert "github-standin" in r.headers["Server"]
    assert int(r.headers["X-RateLimit-Limit"]) == 60
    assert 0 <= int(r.headers["X-RateLimit-Remaining"]) < 60
    links = r.json()
    assert links["current_user_url"] == demo.github + "/user"
    assert links["starred_url"] == demo.github + "/user/starred{/owner}{/repo}"
    assert links["repository_search_url"].startswith(demo.github + "/search/repositories?q=")
    assert all(key.endswith("_url") and url.startswith(demo.github + "/")
               for key, url in links.items())


def test_github_counts_searches_by_the_minute_and_the_rest_by_the_hour(
        demo, http: requests.Session) -> None:
    """GitHub's windows: 10 searches a minute without a token, 60 other requests an hour."""
    now = time.time()
    search = http.get(demo.github + "/search/repositories", params={"q": "http"})
    core = http.get(demo.github + "/users/octocat")
    assert (search.headers["X-RateLimit-Resource"], search.headers["X-RateLimit-Limit"]) == (
        "search", "10")
    # The window started at some search of this run, at most a minute ago.
    assert int(now) <= int(search.headers["X-RateLimit-Reset"]) <= time.time() + 60
    assert (core.headers["X-RateLimit-Resource"], core.headers["X-RateLimit-Limit"]) == (
        "core", "60")
    assert int(now) <= int(core.headers["X-RateLimit-Reset"]) <= time.time() + 3600


def test_github_counts_requests_but_not_rate_limit_queries(demo, http: requests.Session) -> None:
    first = http.get(demo.github + "/users/octocat")
    second = http.get(demo.github + "/users/octocat")
    assert int(second.headers["X-RateLimit-Used"]) == int(first.headers["X-RateLimit-Used"]) + 1
    limits = [http.get(demo.github + "/rate_limit").json() for _ in range(2)]
    assert limits[0] == limits[1]
    assert limits[0]["rate"]["limit"] == 60
    assert set(limits[0]["resources"]) == {"core", "search"}


def test_github_answers_if_none_match_with_304(demo, http: requests.Session) -> None:
    r = http.get(demo.github + "/users/octocat")
    again = http.get(demo.github + "/users/octocat", headers={"If-None-Match": r.headers["ETag"]})
    assert again.status_code == 304
    assert again.content == b""


def test_github_user_requires_authentication(demo, http: requests.Session) -> None:
    r = http.get(demo.github + "/user")
    assert r.status_code == 401
    assert r.json()["message"] == "Requires authentication"
    assert r.json()["documentation_url"].startswith(demo.github)
    assert r.headers["WWW-Authenticate"].startswith("Basic")


@pytest.mark.parametrize("how", ["basic", "token-as-password", "bearer", "token-scheme"])
def test_github_user_with_credentials(demo, http: requests.Session, how: str) -> None:
    kwargs = {
        "basic": {"auth": ("octocat", "hunter2")},
        "token-as-password": {"auth": ("octocat", TOKEN)},
        "bearer": {"headers": {"Authorization": f"Bearer {TOKEN}"}},
        "token-scheme": {"headers": {"Authorization": f"token {TOKEN}"}},
    }[how]
    r = http.get(demo.github + "/user", **kwargs)
    assert r.status_code == 200
    user = r.json()
    assert user["login"] == "octocat"
    assert user["name"] == "The Octocat"
    assert user["public_repos"] == 3
    assert "total_private_repos" in user  # only the user themself sees this
    assert r.headers["X-RateLimit-Limit"] == "5000"


@pytest.mark.parametrize("kwargs", [
    {"auth": ("octocat", "wrong")},
    {"auth": ("someone", "hunter2")},
    {"headers": {"Authorization": "Bearer ghp_wrong"}},
    {"headers": {"Authorization": "Basic not-base64!"}},
    {"headers": {"Authorization": "Basic \u00e9t\u00e9"}},  # not even ASCII: still just a 401
])
def test_github_wrong_credentials_are_refused_everywhere(demo, http: requests.Session,
                                                         kwargs: dict) -> None:
    for path in ("/user", "/", "/users/octocat"):
        r = http.get(demo.github + path, **kwargs)
        assert r.status_code == 401
        assert r.json()["message"] == "Bad credentials"


def test_github_users_and_repositories(demo, http: requests.Session) -> None:
    user = http.get(demo.github + "/users/pyhttp").json()
    assert user["type"] == "Organization"
    repos = http.get(user["repos_url"]).json()
    assert "requests" in [repo["name"] for repo in repos]
    repo = http.get(demo.github + "/repos/pyhttp/requests").json()
    assert repo["full_name"] == "pyhttp/requests"
    assert repo["language"] == "Python"
    assert repo["owner"]["login"] == "pyhttp"
    assert http.get(repo["url"]).json() == repo
    assert http.get(demo.github + f"/repositories/{repo['id']}").json() == repo


@pytest.mark.parametrize("path", ["/invalid", "/repos/pyhttp/nothing", "/users/nobody-here",
                                  "/repositories/1"])
def test_github_unknown_paths_are_404_json(demo, http: requests.Session, path: str) -> None:
    r = http.get(demo.github + path)
    assert r.status_code == 404
    assert r.headers["Content-Type"].startswith("application/json")
    assert r.json()["message"] == "Not Found"
    assert r.json()["documentation_url"].startswith(demo.github)
    with pytest.raises(requests.HTTPError):
        r.raise_for_status()


def test_github_search_with_a_language_qualifier(demo, http: requests.Session) -> None:
    url = demo.github + "/search/repositories"
    encoded_plus = http.get(url, params={"q": "requests+language:python"})  # '+' sent as %2B
    space = http.get(url, params=b"q=requests+language:python")  # '+' means a space
    assert encoded_plus.status_code == space.status_code == 200
    assert encoded_plus.json() == space.json()
    found = encoded_plus.json()
    assert found["incomplete_results"] is False
    assert found["total_count"] == len(found["items"]) >= 5
    assert found["items"][0]["name"] == "requests"
    assert {item["language"] for item in found["items"]} == {"Python"}
    assert "text_matches" not in found["items"][0]
    assert "requests-js" not in [item["name"] for item in found["items"]]
    javascript = http.get(url, params={"q": "requests language:javascript"}).json()
    assert [item["full_name"] for item in javascript["items"]] == ["jsland/requests-js"]


def test_github_search_text_match_media_type(demo, http: requests.Session) -> None:
    r = http.get(demo.github + "/search/repositories", params={"q": "requests+language:python"},
                 headers={"Accept": TEXT_MATCH})
    assert "text-match" in r.headers["X-GitHub-Media-Type"]
    items = r.json()["items"]
    assert all(item["text_matches"] for item in items)
    for item in items:
        for match in item["text_matches"]:
            assert match["object_type"] == "Repository"
            assert match["object_url"].startswith(demo.github + "/repositories/")
            assert match["fragment"] == item[match["property"]]
            for found in match["matches"]:
                start, end = found["indices"]
                assert match["fragment"][start:end] == found["text"]
                assert found["text"].lower() == "requests"


def test_github_search_sorts_and_pages_with_a_link_header(demo, http: requests.Session) -> None:
    url = demo.github + "/search/repositories"
    everything = http.get(url, params={"q": "language:python", "sort": "stars", "order": "asc"})
    stars = [item["stargazers_count"] for item in everything.json()["items"]]
    assert stars == sorted(stars)
    walked, next_url = [], url + "?q=language:python&per_page=4&sort=stars&order=asc"
    while next_url:
        page = http.get(next_url)
        walked += [item["full_name"] for item in page.json()["items"]]
        next_url = page.links.get("next", {}).get("url")
    assert walked == [item["full_name"] for item in everything.json()["items"]]


@pytest.mark.parametrize("query", ["", "q=", "q=x&sort=size", "q=x&page=zero", "q=x+size:>5"])
def test_github_search_validation_failed(demo, http: requests.Session, query: str) -> None:
    r = http.get(demo.github + "/search/repositories?" + query)
    assert r.status_code == 422
    assert r.json()["message"] == "Validation Failed"
    assert r.json()["errors"][0]["resource"] == "Search"


# --- jsonplaceholder ------------------------------------------------------------------------

def test_posts_lists_and_records(demo, http: requests.Session) -> None:
    posts = http.get(demo.posts + "/posts").json()
    assert [post["id"] for post in posts[:100]] == list(range(1, 101))
    assert {post["userId"] for post in posts} >= set(range(1, 11))
    first = http.get(demo.posts + "/posts/1").json()
    assert set(first) == {"userId", "id", "title", "body"}
    assert first["title"] == "willow feather tinder feather ember rain drift ribbon"  # fixed seed
    assert first["body"].count("\n") == 3
    assert len(http.get(demo.posts + "/todos").json()) >= 200
    assert set(http.get(demo.posts + "/todos/1").json()) == {"userId", "id", "title", "completed"}
    users = http.get(demo.posts + "/users").json()
    assert len(users) >= 10
    assert http.get(demo.posts + "/users/1").json()["address"]["city"] == "Port Ellery"


def test_posts_filters_by_query_parameters(demo, http: requests.Session) -> None:
    by_user = http.get(demo.posts + "/posts", params={"userId": 1}).json()
    assert [post["id"] for post in by_user][:10] == list(range(1, 11))
    assert {post["userId"] for post in by_user} == {1}
    one = http.get(demo.posts + "/posts", params={"userId": 1, "id": 10}).json()
    assert [post["id"] for post in one] == [10]
    comments = http.get(demo.posts + "/comments", params={"postId": 1}).json()
    assert len(comments) == 5
    assert comments == http.get(demo.posts + "/posts/1/comments").json()
    done = http.get(demo.posts + "/todos", params={"completed": "true"}).json()
    assert done and all(todo["completed"] is True for todo in done)
    assert http.get(demo.posts + "/posts", params={"userId": 99}).json() == []
    todos_of_user_2 = http.get(demo.posts + "/users/2/todos").json()
    assert len(todos_of_user_2) == 20


def test_posts_crud_round_trip(demo, http: requests.Session) -> None:
    created = http.post(demo.posts + "/posts", json={"title": "hello", "body": "b", "userId": 3})
    assert created.status_code == 201
    post = created.json()
    assert post["id"] > 100
    assert post["title"] == "hello"
    location = created.headers["Location"]
    assert location == f"{demo.posts}/posts/{post['id']}"
    assert http.get(location).json() == post
    assert post in http.get(demo.posts + "/posts", params={"userId": 3}).json()

    patched = http.patch(location, json={"title": "patched"}).json()
    assert patched == post | {"title": "patched"}
    replaced = http.put(location, json={"title": "replaced"}).json()
    assert replaced == {"title": "replaced", "id": post["id"]}
    deleted = http.delete(location)
    assert (deleted.status_code, deleted.json()) == (200, {})
    gone = http.get(location)
    assert (gone.status_code, gone.json()) == (404, {})


def test_posts_accepts_a_form_body(demo, http: requests.Session) -> None:
    r = http.post(demo.posts + "/posts", data={"title": "from a form", "userId": "1"})
    assert r.status_code == 201
    assert r.json()["title"] == "from a form"
    assert r.json()["userId"] == "1"  # form fields are strings


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b'"text"'])
def test_posts_rejects_bodies_that_are_not_json_objects(demo, http: requests.Session,
                                                        body: bytes) -> None:
    r = http.post(demo.posts + "/posts", data=body,
                  headers={"Content-Type": "application/json"})
    assert r.status_code == 400
    assert r.json()["message"]


@pytest.mark.parametrize("method, path", [("GET", "/posts/1000"), ("GET", "/posts/abc"),
                                          ("GET", "/nothing"), ("PUT", "/posts/1000"),
                                          ("DELETE", "/todos/999"), ("GET", "/posts/1/users")])
def test_posts_unknown_is_404_empty_object(demo, http: requests.Session, method: str,
                                           path: str) -> None:
    r = http.request(method, demo.posts + path, json={})
    assert (r.status_code, r.json()) == (404, {})


# --- Open-Meteo -----------------------------------------------------------------------------

FORECAST = {"latitude": 40.71, "longitude": -74.01, "forecast_days": 1,
            "hourly": "temperature_2m,relativehumidity_2m,precipitation"}


def test_forecast_shape(demo, http: requests.Session) -> None:
    r = http.get(demo.forecast + "/v1/forecast", params=FORECAST)
    assert r.status_code == 200
    data = r.json()
    for key in ("latitude", "longitude", "generationtime_ms", "utc_offset_seconds", "timezone",
                "timezone_abbreviation", "elevation", "hourly_units", "hourly"):
        assert key in data
    assert (data["latitude"], data["longitude"]) == (40.7, -74.0)  # snapped to the grid
    assert data["timezone"] == "GMT"
    hourly = data["hourly"]
    assert set(hourly) == {"time", "temperature_2m", "relativehumidity_2m", "precipitation"}
    assert hourly["time"][0] == "2026-01-15T00:00"
    assert all(len(values) == 24 for values in hourly.values())
    assert data["hourly_units"]["temperature_2m"] == "°C"
    assert all(-60 < t < 60 for t in hourly["temperature_2m"])
    assert all(0 <= h <= 100 for h in hourly["relativehumidity_2m"])
    assert "current" not in data and "daily" not in data


def test_forecast_is_deterministic(demo, http: requests.Session) -> None:
    first, second = (http.get(demo.forecast + "/v1/forecast", params=FORECAST).json()
                     for _ in range(2))
    first.pop("generationtime_ms")
    second.pop("generationtime_ms")
    assert first == second
    elsewhere = http.get(demo.forecast + "/v1/forecast", params=FORECAST | {"latitude": -33.9})
    assert elsewhere.json()["hourly"]["temperature_2m"] != first["hourly"]["temperature_2m"]


def test_forecast_current_daily_and_time_zone(demo, http: requests.Session) -> None:
    params = {"latitude": 52.52, "longitude": 13.41, "current": "temperature_2m,weather_code",
              "daily": "temperature_2m_max,temperature_2m_min,sunrise,precipitation_sum",
              "forecast_days": 3, "timezone": "auto"}
    data = http.get(demo.forecast + "/v1/forecast", params=params).json()
    assert (data["timezone"], data["utc_offset_seconds"]) == ("Europe/Berlin", 3600)
    assert data["current"]["time"] == "2026-01-15T12:00"
    assert data["current_units"]["temperature_2m"] == "°C"
    daily = data["daily"]
    assert daily["time"] == ["2026-01-15", "2026-01-16", "2026-01-17"]
    assert all(low <= high for low, high in zip(daily["temperature_2m_min"],
                                                daily["temperature_2m_max"], strict=True))
    assert daily["sunrise"][0].startswith("2026-01-15T0")


def test_forecast_units_and_unix_time(demo, http: requests.Session) -> None:
    params = FORECAST | {"timeformat": "unixtime", "temperature_unit": "fahrenheit",
                         "timezone": "America/New_York"}
    data = http.get(demo.forecast + "/v1/forecast", params=params).json()
    assert data["utc_offset_seconds"] == -18000
    times = data["hourly"]["time"]
    assert times[0] == 1768453200  # 2026-01-15 00:00 in New York, 05:00 UTC
    assert {later - earlier for earlier, later in itertools.pairwise(times)} == {3600}
    assert data["hourly_units"]["temperature_2m"] == "°F"


@pytest.mark.parametrize("change", [
    {"latitude": None}, {"latitude": 91}, {"latitude": "north"}, {"longitude": -180.5},
    {"hourly": "temperature_2m,sunshine_level"}, {"forecast_days": 0}, {"forecast_days": 17},
    {"timezone": "Mars/Olympus"}, {"temperature_unit": "kelvin"},
])
def test_forecast_bad_parameters_are_400(demo, http: requests.Session, change: dict) -> None:
    r = http.get(demo.forecast + "/v1/forecast", params=FORECAST | change)
    assert r.status_code == 400
    assert r.json()["error"] is True
    assert r.json()["reason"]


# --- pagination -----------------------------------------------------------------------------

def test_pages_walked_through_the_link_header(demo, http: requests.Session) -> None:
    first = http.get(demo.paginated + "/items")
    assert first.headers["X-Total-Count"] == "95"
    assert set(first.links) == {"first", "next", "last"}
    assert first.json()["per_page"] == 10
    seen, url, pages = [], demo.paginated + "/items?per_page=20", 0
    while url:
        page = http.get(url)
        seen += [item["id"] for item in page.json()["items"]]
        url = page.links.get("next", {}).get("url")
        pages += 1
    assert seen == list(range(1, 96))
    assert pages == 5
    assert set(page.links) == {"first", "prev", "last"}
    assert http.get(demo.paginated + "/items?per_page=500").json()["per_page"] == 50


def test_offsets_walked_through_next_offset(demo, http: requests.Session) -> None:
    seen, offset = [], 0
    while offset is not None:
        body = http.get(demo.paginated + "/items/offset",
                        params={"offset": offset, "limit": 30}).json()
        seen += [item["id"] for item in body["items"]]
        offset = body["next_offset"]
    assert seen == list(range(1, 96))


def test_cursors_walked_through_next_cursor(demo, http: requests.Session) -> None:
    seen, params = [], {"limit": 25}
    while True:
        body = http.get(demo.paginated + "/items/cursor", params=params).json()
        seen += [item["id"] for item in body["items"]]
        if body["next_cursor"] is None:
            break
        params["after"] = body["next_cursor"]
    assert seen == list(range(1, 96))
    assert {item["name"] for item in http.get(demo.paginated + "/items").json()["items"]}


@pytest.mark.parametrize("query", ["/items?page=0", "/items?page=-1", "/items?per_page=ten",
                                   "/items?page=1.5", "/items/offset?offset=-10",
                                   "/items/offset?limit=0", "/items/cursor?after=not-a-cursor",
                                   "/items/cursor?after=e30=", "/items/cursor?limit=x"])
def test_pagination_bad_values_are_400(demo, http: requests.Session, query: str) -> None:
    r = http.get(demo.paginated + query)
    assert r.status_code == 400
    assert r.json()["message"]


# --- rate limiting --------------------------------------------------------------------------

def test_rate_limit_then_retry_after(demo, http: requests.Session) -> None:
    http.headers["X-Client-Id"] = f"test-{uuid.uuid4()}"  # a fresh window for this test
    url = demo.ratelimited + "/limited?window=1"
    answers = [http.get(url) for _ in range(4)]
    assert [r.status_code for r in answers] == [200, 200, 200, 429]
    assert [r.headers["X-RateLimit-Remaining"] for r in answers] == ["2", "1", "0", "0"]
    refused = answers[-1]
    assert refused.headers["X-RateLimit-Limit"] == "3"
    assert int(refused.headers["X-RateLimit-Reset"]) >= int(time.time())
    retry_after = int(refused.headers["Retry-After"])
    assert retry_after >= 1
    assert "Too many requests" in refused.json()["message"]
    time.sleep(retry_after)
    assert http.get(url).status_code == 200


def test_rate_limit_per_client_and_reset(demo, http: requests.Session) -> None:
    me, other = {"X-Client-Id": f"me-{uuid.uuid4()}"}, {"X-Client-Id": f"other-{uuid.uuid4()}"}
    url = demo.ratelimited + "/limited?limit=1&window=10"
    assert http.get(url, headers=me).status_code == 200
    assert http.get(url, headers=me).status_code == 429
    assert http.get(url, headers=other).status_code == 200
    assert http.post(demo.ratelimited + "/reset", headers=me).status_code == 200
    assert http.get(url, headers=me).status_code == 200


@pytest.mark.parametrize("query", ["limit=0", "limit=101", "window=11", "window=0",
                                   "window=1.5", "limit=many"])
def test_rate_limit_bad_parameters_are_400(demo, http: requests.Session, query: str) -> None:
    r = http.get(demo.ratelimited + "/limited?" + query)
    assert r.status_code == 400
    assert r.json()["message"]
