"""The client side of every benchmark, run in a child process per client.

Each child imports only the client it measures (plus this small module), so its CPU
time and peak memory belong to that client alone. The parent (``measure.py``) reads
one JSON object per line from the child's standard output.

Usage::

    python -m benchmarks.workloads loop keepalive CLIENT URL   # rounds on demand, see below
    python -m benchmarks.workloads loop oneoff CLIENT URL
    python -m benchmarks.workloads stream CLIENT URL SIZE
    python -m benchmarks.workloads content CLIENT URL SIZE
    python -m benchmarks.workloads servers

``loop`` first answers ``{"ready": ...}``, then reads a request count per line on its
standard input and answers each with the wall-clock and CPU seconds the round took,
until its input closes. That lets the parent interleave clients (A B C A B C ...)
while each keeps its session, and so its open connection, between rounds.
"""

from __future__ import annotations

import importlib
import json
import resource
import sys
import time
from collections.abc import Callable
from typing import Any

CHUNK = 1024 * 1024  # iter_content / stream chunk size: 1 MiB

Get = Callable[[str], bytes]


def version(client: str) -> str:
    """The installed version of ``client`` (imports it)."""
    return str(getattr(importlib.import_module(client), "__version__", "?"))


def ready(client: str) -> None:
    """Import ``client`` and make (then drop) a session, pool or client: httplib loads
    most of its modules on first use, and that is not part of a transfer."""
    lib = importlib.import_module(client)
    if client == "urllib3":
        lib.PoolManager()
    elif client == "httpx":
        lib.Client().close()
    else:
        lib.Session().close()


def session_get(client: str) -> Get:
    """GET through one long-lived session, pool or client, so connections are reused."""
    if client == "urllib3":
        import urllib3

        pool = urllib3.PoolManager()
        return lambda url: pool.request("GET", url).data
    if client == "httpx":
        import httpx

        httpx_client = httpx.Client()
        return lambda url: httpx_client.get(url).content
    lib = importlib.import_module(client)  # httplib and requests share one API
    session = lib.Session()
    return lambda url: session.get(url).content


def oneoff_get(client: str) -> Get:
    """GET with the library's module-level function, as a short script would.

    ``requests.get`` (and ``httpx.get``) build a new session, and so a new connection,
    every call; ``urllib3.request`` uses urllib3's module-level pool.
    """
    if client == "urllib3":
        import urllib3

        return lambda url: urllib3.request("GET", url).data
    lib = importlib.import_module(client)
    return lambda url: lib.get(url).content


def stream(client: str, url: str) -> int:
    """Read ``url``'s body in 1 MiB chunks without holding it; return the bytes seen."""
    seen = 0
    if client == "urllib3":
        import urllib3

        response = urllib3.request("GET", url, preload_content=False)
        for chunk in response.stream(CHUNK):
            seen += len(chunk)
        response.release_conn()
    elif client == "httpx":
        import httpx

        with httpx.stream("GET", url) as response:
            for chunk in response.iter_bytes(CHUNK):
                seen += len(chunk)
    else:
        lib = importlib.import_module(client)
        response = lib.get(url, stream=True)
        try:
            for chunk in response.iter_content(CHUNK):
                seen += len(chunk)
        finally:
            response.close()
    return seen


def content(client: str, url: str) -> int:
    """Read ``url``'s whole body into memory at once; return its length."""
    if client == "urllib3":
        import urllib3

        return len(urllib3.request("GET", url).data)
    lib = importlib.import_module(client)  # httplib, requests and httpx alike
    return len(lib.get(url).content)


def peak_rss_mib() -> float:
    """This process's peak resident memory so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reply(obj: dict[str, Any]) -> None:
    """Send one JSON line to the parent."""
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def run_loop(kind: str, client: str, url: str) -> None:
    """Serve rounds of GETs on demand: read a count, answer its wall and CPU seconds."""
    get = session_get(client) if kind == "keepalive" else oneoff_get(client)
    body = get(url)  # fail early, before the parent starts timing
    reply({"ready": True, "version": version(client), "body_bytes": len(body)})
    for line in sys.stdin:
        count = int(line)
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(count):
            get(url)
        reply({"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu})


def run_body(kind: str, client: str, url: str, size: int) -> None:
    """Time one large body, streamed or read whole, and report peak memory."""
    read = stream if kind == "stream" else content
    ready(client)  # import and set up first, so the timing is the transfer only
    rss_before = peak_rss_mib()
    start = time.perf_counter()
    seen = read(client, url)
    seconds = time.perf_counter() - start
    if seen != size:
        raise RuntimeError(f"got {seen} bytes, expected {size}")
    reply({"seconds": seconds, "peak_rss_mib": peak_rss_mib(), "rss_before_mib": rss_before})


def run_servers() -> None:
    """Time a lesson's first cell in a fresh interpreter, as a cold kernel runs it:
    ``import httplib, servers`` then ``servers.start()`` (every demo server up)."""
    start = time.perf_counter()
    import httplib  # noqa: F401  (the first cell imports it)
    import servers
    from servers import launcher  # noqa: F401  (start() would import it anyway)

    imported = time.perf_counter()
    demo = servers.start()
    started = time.perf_counter()
    demo.stop()
    reply({"import": imported - start, "start": started - imported,
           "first_cell": started - start})


def main(argv: list[str]) -> None:
    """Dispatch on the first argument; any failure becomes an ``{"error": ...}`` line."""
    try:
        match argv:
            case ["loop", kind, client, url]:
                run_loop(kind, client, url)
            case ["stream" | "content" as kind, client, url, size]:
                run_body(kind, client, url, int(size))
            case ["servers"]:
                run_servers()
            case _:
                raise SystemExit(__doc__)
    except Exception as error:  # report it to the parent instead of a traceback
        reply({"error": f"{type(error).__name__}: {error}"})
        raise SystemExit(1) from None


if __name__ == "__main__":
    main(sys.argv[1:])
