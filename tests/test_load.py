"""A classroom's worth of traffic: many clients at once, every answer still right.

Bounded and loopback-only: 200 requests from 20 threads across the catalogue.
"""

from __future__ import annotations

import hashlib
import itertools
from concurrent.futures import ThreadPoolExecutor

import requests


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
