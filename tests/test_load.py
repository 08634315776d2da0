"""A classroom's worth of traffic: many clients at once, every answer still right.

Bounded and loopback-only: 200 requests from 20 threads across the catalogue, then
(marked ``soak``) 3,000 from 30 httplib Sessions, each answer checked in full, and a
stop that leaves no thread or socket behind.
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

import httplib
import servers
from servers.httpbin import streams
from servers.httpbin.formats import SLIDESHOW
from tests.test_launcher import (
    acceptors,
    ports_of,
    refuses_connections,
    server_threads,
    tcp_ports_of_open_sockets,
)


def scenarios(demo):
    """(name, request kwargs, check) triples, one per kind of server."""
    return [
        ("httpbin get", dict(method="GET", url=demo.httpbin + "/get?n=1"),
         lambda r: r.json()["args"] == {"n": "1"}),
        ("httpbin post", dict(method="POST", url=demo.httpbin + "/post", json={"a": [1, 2]}),
         lambda r: r.json()["json"] == {"a": [1, 2]}),
        ("https", dict(method="GET", url=demo.https + "/get", verify=demo.ca_bundle),
         lambda r: r.json()["url"] == demo.https + "/get"),
        ("github", dict(method="GET", url=demo.github + "/"),
         lambda r: r.json()["current_user_url"].startswith(demo.github)),
        ("posts", dict(method="GET", url=demo.posts + "/posts/1"),
         lambda r: r.json()["id"] == 1),
        ("example", dict(method="GET", url=demo.example + "/"),
         lambda r: "Example Domain" in r.text),
        ("bookstore", dict(method="GET", url=demo.bookstore + "/"),
         lambda r: r.text.count('class="product_pod"') == 20),
        ("downloads", dict(method="GET", url=demo.downloads + "/files/100000"),
         lambda r: len(r.content) == 100000),
        ("json_get", dict(method="GET", url=demo.json_get),
         lambda r: r.json() == {"name": "Jane", "age": 17}),
        ("cookie_echo", dict(method="GET", url=demo.cookie_echo, cookies={"a": "1"}),
         lambda r: r.text.strip() == "Received cookies: a=1"),
        ("bytes", dict(method="GET", url=demo.httpbin + "/bytes/2048?seed=7"),
         lambda r: len(r.content) == 2048),
        ("proxy", dict(method="GET", url=demo.json_get + "/", proxies={"http": demo.proxy}),
         lambda r: r.json() == {"name": "Jane", "age": 17}),
    ]


def test_two_hundred_requests_from_twenty_threads_all_answered_correctly(demo):
    cases = scenarios(demo)
    # Each answer must equal what the same request gets when nobody else is talking.
    expected_digest = {
        name: hashlib.sha256(requests.request(timeout=10, **kwargs).content).hexdigest()
        for name, kwargs, _check in cases
    }
    plan = list(itertools.islice(itertools.cycle(cases), 200))

    def run(case):
        name, kwargs, check = case
        response = requests.request(timeout=10, **kwargs)
        same = hashlib.sha256(response.content).hexdigest() == expected_digest[name]
        return name, response.status_code, check(response) and same

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(run, plan))
    failures = [(name, status) for name, status, ok in results if status != 200 or not ok]
    assert failures == []
    assert len(results) == 200
    assert {name for name, _, _ in results} == {name for name, _, _ in cases}


# --- a whole class at once: 30 clients x 100 requests, then a clean stop -----------------

CLIENTS, REQUESTS_EACH = 30, 100
T = 10  # seconds: generous, 30 clients share two cores


def class_scenarios(demo) -> list[tuple[str, Callable[[httplib.Session, int, int], None]]]:
    """(name, run) pairs; ``run(session, client, n)`` asserts on the whole answer."""
    word = "python"

    def get(s, c, n):
        r = s.get(f"{demo.httpbin}/get", params={"client": c, "n": n}, timeout=T)
        assert r.json()["args"] == {"client": str(c), "n": str(n)}

    def post(s, c, n):
        r = s.post(demo.httpbin + "/post", json={"client": c, "n": n}, timeout=T)
        assert r.json()["json"] == {"client": c, "n": n}

    def json_document(s, c, n):
        assert s.get(demo.httpbin + "/json", timeout=T).json() == SLIDESHOW

    def seeded_bytes(s, c, n):
        r = s.get(f"{demo.httpbin}/bytes/4096?seed={c}", timeout=T)
        assert r.content == streams.seeded_bytes(4096, c)

    def redirects(s, c, n):
        r = s.get(demo.httpbin + "/redirect/2", timeout=T)
        assert (len(r.history), r.json()["url"]) == (2, demo.httpbin + "/get")

    def gzipped(s, c, n):
        assert s.get(demo.httpbin + "/gzip", timeout=T).json()["gzipped"] is True

    def https(s, c, n):
        r = s.get(demo.https + f"/get?n={n}", verify=demo.ca_bundle, timeout=T)
        assert r.json()["url"] == demo.https + f"/get?n={n}"

    def post_record(s, c, n):
        number = n % 100 + 1
        r = s.get(f"{demo.posts}/posts/{number}", timeout=T)
        assert (r.json()["id"], r.json()["userId"]) == (number, (number - 1) // 10 + 1)

    def page(s, c, n):
        number = n % 10 + 1
        r = s.get(f"{demo.paginated}/items?page={number}&per_page=10", timeout=T)
        ids = [item["id"] for item in r.json()["items"]]
        assert ids == list(range(number * 10 - 9, min(number * 10, 95) + 1))
        assert r.headers["X-Total-Count"] == "95"

    def github(s, c, n):
        r = s.get(demo.github + "/", timeout=T)
        assert r.json()["current_user_url"] == demo.github + "/user"

    def rate_limited(s, c, n):
        r = s.get(demo.ratelimited + "/limited", headers={"X-Client-Id": f"load-{c}-{n}"},
                  timeout=T)
        assert (r.status_code, r.json()["remaining"]) == (200, 2)

    def forecast(s, c, n):
        r = s.get(demo.forecast + "/v1/forecast?latitude=52.52&longitude=13.41"
                  "&current=temperature_2m", timeout=T)
        body = r.json()
        assert (body["latitude"], body["longitude"]) == (52.5, 13.4)
        assert body["current"] == {"time": "2026-01-15T12:00", "interval": 900,
                                   "temperature_2m": -1.2}

    def example(s, c, n):
        assert "<h1>Example Domain</h1>" in s.get(demo.example + "/", timeout=T).text

    def bookstore(s, c, n):
        r = s.get(demo.bookstore + "/catalogue/page-2.html", timeout=T)
        assert r.text.count('class="product_pod"') == 20
        assert "Page 2 of 3" in r.text

    def dictionary(s, c, n):
        r = s.get(f"{demo.dictionary}/browse/{word}", timeout=T)
        assert r.status_code == 200 and "Python Definition" in r.text

    def download(s, c, n):
        r = s.get(demo.downloads + "/files/70000", timeout=T)
        assert r.content == (bytes(range(256)) * 274)[:70000]

    def nginx(s, c, n):
        r = s.get(demo.nginx + "/secure/", auth=("user7", "7user"), timeout=T)
        assert "<h1>Secure page</h1>" in r.text

    def json_get(s, c, n):
        assert s.get(demo.json_get, timeout=T).json() == {"name": "Jane", "age": 17}

    def agent(s, c, n):
        r = s.get(demo.agent + "/agent", headers={"User-Agent": f"client-{c}"}, timeout=T)
        assert r.text == f"client-{c}"

    def json_post(s, c, n):
        r = s.post(demo.json_post, json={"client": c, "n": n}, timeout=T)
        assert r.text == f"client: {c}\nn: {n}\n"

    def cookie_echo(s, c, n):
        r = s.get(demo.cookie_echo, cookies={"client": str(c)}, timeout=T)
        assert r.text == f"Received cookies: client={c}"

    return [(run.__name__, run) for run in (
        get, post, json_document, seeded_bytes, redirects, gzipped, https, post_record, page,
        github, rate_limited, forecast, example, bookstore, dictionary, download, nginx,
        json_get, agent, json_post, cookie_echo)]


@pytest.mark.soak
@pytest.mark.timeout(120)
def test_thirty_clients_a_hundred_requests_each_then_a_clean_stop():
    """A class at once: 30 Sessions, 3,000 requests over 21 endpoints of 16 servers.

    Every answer is checked in full (not just its status); then ``stop()`` must leave no
    server thread, no socket on the servers' ports and nothing listening.
    """
    gc.collect()  # so garbage of earlier tests is not closed half-way through
    threads_before, acceptors_before = threading.active_count(), acceptors()
    demo = servers.Demo().start()
    ports = ports_of(demo)
    cases = class_scenarios(demo)
    start_together = threading.Barrier(CLIENTS)

    def client(number: int) -> Counter[str]:
        """One learner: a Session, 100 requests over every scenario; failures counted."""
        failures: Counter[str] = Counter()
        with httplib.Session() as session:
            session.trust_env = False
            start_together.wait(timeout=T)
            for n in range(REQUESTS_EACH):
                name, run = cases[(number + n) % len(cases)]
                try:
                    run(session, number, n)
                except Exception as e:  # AssertionError or a request error: count it
                    failures[f"{name}: {type(e).__name__}: {str(e)[:100]}"] += 1
        return failures

    try:
        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            results = list(pool.map(client, range(CLIENTS)))
        assert tcp_ports_of_open_sockets() & ports  # the listening sockets, seen by the check
    finally:
        demo.stop()
    failures = sum(results, Counter())
    assert failures == Counter()
    assert len(results) == CLIENTS
    # Stopped: no server or client thread, no socket to or from its ports, nothing listening.
    assert threading.active_count() <= threads_before  # the session's demo may lose idle ones
    assert (server_threads(ports), acceptors()) == ([], acceptors_before)
    assert tcp_ports_of_open_sockets() & ports == set()
    assert all(refuses_connections(getattr(demo, name)) for name in ("httpbin", "json_post"))
