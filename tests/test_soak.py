"""A long session: one ``httplib.Session``, 20,000 mixed requests, nothing piling up.

A learner's notebook keeps one Session open for hours: plain GETs, streamed
downloads read to the end or abandoned after a peek, redirects, error statuses and,
now and then, a server that breaks mid-answer. Each of those must end with the
connection back in the pool or closed; anything kept per request (a socket, a
thread, a buffer, a traceback) would add up over a day. So this test makes 20,000
such requests against the loopback demo servers, checks every answer, and compares
the process after a warm-up with the process at the end.
"""

from __future__ import annotations

import gc
import logging
import os
import random
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable

import pytest

import httplib
from httplib.adapters import HTTPAdapter
from servers.httpbin.streams import seeded_bytes

pytestmark = [pytest.mark.soak, pytest.mark.timeout(240)]

REQUESTS = 20_000
WARM_UP = 1_000
POOL_MAXSIZE = 4
T = 5  # seconds: the timeout of every request

BLOCKS_GROWTH_LIMIT = 20_000
"""Python memory blocks the second half may add: two per request. Measured flat (tens of
blocks either way); a kept response, record or traceback adds dozens per request.
``sys.getallocatedblocks`` counts live objects whatever the allocator does with its
arenas, so this catches what RSS might hide and ignores what RSS might show."""

RSS_GROWTH_LIMIT_MIB = 10
"""Growth allowed over the second half (requests 10,000 to 20,000): about 1 KiB each.

Anything kept per request (a response with its body, a socket, a traceback) is larger,
so a leak shows, and grows as much in the second half as in the first. The first half
is not judged: there the allocator settles, and in a full test run (servers of every
earlier test in this process, a thread per connection, each thread its own malloc
arena) it may keep 20 MiB more than when this test runs alone, once.
"""

FD_SLACK = 2
"""File descriptors the end may have over the warm-up point, and why.

The servers run in this process, so one connection is two descriptors: the client's
socket and the server's. Both counts are taken right after a plain GET, with the pool's
one connection open; at most one connection pair can still be closing (its server
thread finishing after the client hung up), hence 2.
"""


def kinds(session: httplib.Session, demo) -> dict[str, tuple[int, Callable[[int], str]]]:
    """Each kind of request: (how many per 100, a function of the request number).

    A function returns what it saw ("ok", a status, an exception's name); an answer
    whose content is wrong fails an ``assert`` at once.
    """
    httpbin, faults = demo.httpbin, demo.faults

    def small_get(i: int) -> str:
        r = session.get(f"{httpbin}/get?i={i}", timeout=T)
        assert r.json()["args"] == {"i": str(i)}
        return "ok"

    def post_json(i: int) -> str:
        r = session.post(f"{httpbin}/post", json={"i": i}, timeout=T)
        assert r.json()["json"] == {"i": i}
        return "ok"

    def stream_read_fully(i: int) -> str:
        seed = i % 16
        with session.get(f"{httpbin}/stream-bytes/8192?seed={seed}&chunk_size=1000",
                         stream=True, timeout=T) as r:
            assert b"".join(r.iter_content(1024)) == seeded_bytes(8192, seed)
        return "ok"

    def stream_lines(i: int) -> str:
        r = session.get(f"{httpbin}/stream/3", stream=True, timeout=T)
        ids = [line.count(b'"id":') for line in r.iter_lines()]
        assert ids == [1, 1, 1]
        return "ok"

    def abandon_and_close(i: int) -> str:
        r = session.get(f"{httpbin}/bytes/65536?seed=1", stream=True, timeout=T)
        assert next(r.iter_content(1024)) == seeded_bytes(65536, 1)[:1024]
        r.close()  # 63 KiB left unread: the connection cannot be reused, so it is closed
        return "ok"

    def abandon_in_with(i: int) -> str:
        with session.get(f"{httpbin}/stream-bytes/65536?seed=2", stream=True, timeout=T) as r:
            assert next(r.iter_content(1024)) == seeded_bytes(65536, 2)[:1024]
        return "ok"  # the with block closed it, body unread

    def redirects(i: int) -> str:
        r = session.get(f"{httpbin}/redirect/3", timeout=T)
        assert (len(r.history), r.url) == (3, f"{httpbin}/get")
        return "ok"

    def relative_redirects(i: int) -> str:
        r = session.get(f"{httpbin}/relative-redirect/2", timeout=T)
        assert [h.status_code for h in r.history] == [302, 302]
        return str(r.status_code)

    def status(code: int) -> Callable[[int], str]:
        return lambda i: str(session.get(f"{httpbin}/status/{code}", timeout=T).status_code)

    def fault(path: str) -> Callable[[int], str]:
        def request(i: int) -> str:
            try:
                session.get(faults + path, timeout=T)
            except httplib.RequestException as e:
                return type(e).__name__
            return "no error"
        return request

    return {
        "small GET": (40, small_get),
        "POST json": (8, post_json),
        "stream read fully": (10, stream_read_fully),
        "stream lines": (6, stream_lines),
        "abandoned, close()": (6, abandon_and_close),
        "abandoned, with": (6, abandon_in_with),
        "redirect/3": (6, redirects),
        "relative-redirect/2": (5, relative_redirects),
        "status 404": (5, status(404)),
        "status 500": (5, status(500)),
        "close-mid-body": (1, fault("/close-mid-body")),
        "truncated-chunked": (1, fault("/truncated-chunked")),
        "reset": (1, fault("/reset")),
    }


EXPECTED = {
    "small GET": "ok", "POST json": "ok", "stream read fully": "ok", "stream lines": "ok",
    "abandoned, close()": "ok", "abandoned, with": "ok", "redirect/3": "ok",
    "relative-redirect/2": "200", "status 404": "404", "status 500": "500",
    "close-mid-body": "ChunkedEncodingError", "truncated-chunked": "ChunkedEncodingError",
    "reset": "ConnectionError",
}
"""What each kind must end with: httplib raises as requests does (tests/test_faults.py)."""


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def rss_mib() -> float:
    """This process's resident memory, from /proc/self/status (``VmRSS:  51234 kB``)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS line in /proc/self/status")


def settled() -> tuple[int, int]:
    """(threads, fds) once the server threads of closed connections have finished.

    A server thread ends a moment after its client hangs up: wait until the count has
    not changed for 0.1 s (at most 2 s).
    """
    deadline = time.monotonic() + 2
    count = threading.active_count()
    while time.monotonic() < deadline:
        time.sleep(0.1)
        count, previous = threading.active_count(), count
        if count == previous:
            break
    return count, open_fds()


def test_one_session_twenty_thousand_mixed_requests_nothing_piles_up(demo, caplog):
    caplog.set_level(logging.WARNING, logger="urllib3")
    session = httplib.Session()
    session.trust_env = False
    adapter = HTTPAdapter(pool_maxsize=POOL_MAXSIZE)
    session.mount("http://", adapter)
    table = kinds(session, demo)
    assert set(table) == set(EXPECTED) and sum(w for w, _ in table.values()) == 100
    # A fixed, shuffled order: every kind follows every other one at some point.
    plan = [name for name, (weight, _) in table.items() for _ in range(weight)]
    plan *= REQUESTS // len(plan)
    random.Random(8).shuffle(plan)
    halfway = REQUESTS // 2
    plan[WARM_UP - 1] = plan[halfway - 1] = plan[-1] = "small GET"  # the same point of a cycle

    seen: Counter[tuple[str, str]] = Counter()
    started = time.perf_counter()
    with session:
        for i, name in enumerate(plan):
            seen[name, table[name][1](i)] += 1
            if i == WARM_UP - 1:
                threads_after_warm_up, fds_after_warm_up = settled()
            elif i == halfway - 1:
                rss_halfway = rss_mib()
                gc.collect()
                blocks_halfway = sys.getallocatedblocks()
        threads_at_end, fds_at_end = settled()
        rss_at_end = rss_mib()
        gc.collect()
        blocks_at_end = sys.getallocatedblocks()
        assert len(adapter.poolmanager.pools) == 2  # one pool per server, no more
        httpbin_pool = adapter.poolmanager.connection_from_url(demo.httpbin)
        faults_pool = adapter.poolmanager.connection_from_url(demo.faults)
        for pool in (httpbin_pool, faults_pool):
            idle = [conn for conn in list(pool.pool.queue) if conn is not None]
            assert len(idle) <= POOL_MAXSIZE
    elapsed = time.perf_counter() - started

    counts = Counter(plan)
    # Requests one after another need one connection object, which urllib3 reconnects
    # after a close (abandoned streams). A second one would mean a response was never
    # given back to the pool. Only a connection error (/reset) makes urllib3 drop it.
    assert httpbin_pool.num_connections == 1
    assert faults_pool.num_connections <= 1 + counts["reset"]
    assert seen == Counter({(name, EXPECTED[name]): counts[name] for name in counts})
    assert sum(seen.values()) == REQUESTS
    assert threads_at_end <= threads_after_warm_up
    assert fds_at_end <= fds_after_warm_up + FD_SLACK
    assert blocks_at_end - blocks_halfway < BLOCKS_GROWTH_LIMIT
    assert rss_at_end - rss_halfway < RSS_GROWTH_LIMIT_MIB
    full = [r.getMessage() for r in caplog.records if "pool is full" in r.getMessage()]
    assert full == []
    assert [r.getMessage() for r in caplog.records if r.name.startswith("urllib3")] == []
    print(f"\n{REQUESTS} requests in {elapsed:.1f} s ({REQUESTS / elapsed:.0f}/s); "
          f"threads {threads_after_warm_up} -> {threads_at_end}, "
          f"fds {fds_after_warm_up} -> {fds_at_end}, "
          f"RSS {rss_halfway:.1f} (halfway) -> {rss_at_end:.1f} MiB, "
          f"blocks {blocks_halfway} -> {blocks_at_end}")
