"""The demo servers under bad input: hostile file names, huge bodies, broken JSON,
absurd numbers and clients that send a request one byte at a time.

A class of learners will type every one of these, on purpose or not. The promise: a
quick 4xx answer that says what was wrong (or a documented cap), never a 500, a hang,
a gigantic allocation, a file written outside the upload folder, or a server thread
held for ever. ``requests`` is the client here, as in the other server tests.
"""

from __future__ import annotations

import http.client
import re
import socket
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
import requests

import servers
from servers.flaskapp import MAX_PAUSE_SECONDS, MAX_UPLOAD_BYTES
from servers.httpbin.common import MAX_BYTES, seconds
from servers.httpbin.streams import MAX_RANDOM_BYTES
from servers.launcher import CATALOGUE

pytestmark = pytest.mark.timeout(60)

T = 5  # seconds: the timeout of every request
MIB = 1024 * 1024
SERVERS = Path(servers.__file__).parent


def address(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    return parts.hostname, parts.port


# --- uploads: where does a hostile file name land? ------------------------------------

BOUNDARY = "workbook-boundary"


def multipart(filename: bytes, content: bytes) -> bytes:
    """A one-file form body with ``filename`` exactly as given (clients would escape it)."""
    return (b"--%s\r\nContent-Disposition: form-data; name=\"image\"; filename=\"%s\"\r\n"
            b"Content-Type: application/octet-stream\r\n\r\n%s\r\n--%s--\r\n"
            % (BOUNDARY.encode(), filename, content, BOUNDARY.encode()))


def files_under(folder: Path) -> set[Path]:
    return {path for path in folder.rglob("*") if path.is_file()}


@pytest.mark.parametrize(("filename", "saved_as"), [
    (b"../../etc/x", "etc_x"),
    (b"/etc/x", "etc_x"),  # absolute
    (b"a/../../b.png", "a_.._.._b.png"),
    (b"....//....//x.png", "x.png"),
    (b"..\\\\..\\\\win.png", "win.png"),  # Windows separators, escaped as in a quoted string
    (b"C:\\\\Windows\\\\evil.png", "CWindowsevil.png"),
    (b"nul\x00byte.png", "nulbyte.png"),
    (b"%2e%2e%2fx", "2e2e2fx"),  # percent signs are not decoded in a file name
    (b".bashrc", "bashrc"),  # no hidden files
    ("résumé.png".encode(), "resume.png"),
    (b"", None),
    (b"..", None),
    (b"/", None),
    (b"x" * 300, None),  # safe, but longer than a file name may be (255)
])
def test_upload_names_never_escape_the_upload_folder(demo, http, filename, saved_as):
    folder = demo.upload_dir
    everything = folder.parent  # the demo's temporary folder: certificates, uploads
    before = files_under(everything)
    r = http.post(demo.httpbin + "/upload", data=multipart(filename, b"payload"),
                  headers={"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
                  timeout=T)
    new = files_under(everything) - before
    try:
        if saved_as is None:
            assert r.status_code == 400
            assert r.text.startswith("400 Bad Request: failed to upload image: ")
            assert new == set()
        else:
            assert (r.status_code, r.text) == (200, "image uploaded successfully")
            assert new == {folder / saved_as}
            assert (folder / saved_as).read_bytes() == b"payload"
        # Where the raw name points, outside the folder, no file appeared.
        raw = filename.replace(b"\x00", b"").decode("utf-8", "replace")
        target = (folder / raw).resolve()
        if not target.is_relative_to(folder):
            assert not target.is_file() or target in before
    finally:
        for path in new:
            path.unlink()


# --- bodies over the limit ------------------------------------------------------------

LIMIT_MESSAGE = f"this server accepts at most {MAX_UPLOAD_BYTES} bytes (16 MiB)"


def test_an_upload_over_16_mib_gets_413_saying_the_limit(demo, http):
    data = multipart(b"big.bin", b"x" * MAX_UPLOAD_BYTES)
    r = http.post(demo.httpbin + "/upload", data=data, timeout=30,
                  headers={"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"})
    assert r.status_code == 413
    assert r.text == (f"413 Request Entity Too Large: the request body has {len(data)} bytes; "
                      f"{LIMIT_MESSAGE}\n")
    assert not (demo.upload_dir / "big.bin").exists()


def test_the_apis_say_it_in_json(demo, http):
    r = http.post(demo.posts + "/posts", data=b"x" * (MAX_UPLOAD_BYTES + 1), timeout=30)
    assert r.status_code == 413
    assert LIMIT_MESSAGE in r.json()["message"]


def test_a_chunked_body_over_the_limit_is_refused_not_cut_short(demo, http):
    """werkzeug alone would truncate it at 16 MiB and let the view answer 200."""
    def pieces(count: int, size: int = MIB):
        for _ in range(count):
            yield b"y" * size

    r = http.post(demo.httpbin + "/post", data=pieces(17), timeout=30,
                  headers={"Content-Type": "text/plain"})
    assert r.status_code == 413
    assert r.text == ("413 Request Entity Too Large: the chunked request body is too long; "
                      f"{LIMIT_MESSAGE}\n")
    # Under the limit a chunked body arrives whole.
    r = http.post(demo.httpbin + "/post", data=pieces(3, MIB + 1), timeout=30,
                  headers={"Content-Type": "text/plain"})
    assert (r.status_code, len(r.json()["data"])) == (200, 3 * (MIB + 1))
    assert r.json()["headers"]["Transfer-Encoding"] == "chunked"


@pytest.mark.parametrize("chunks", [b"zz\r\nabc\r\n0\r\n\r\n",  # a size that is not hex
                                    b"5\r\nabc"])  # cut short: the client hangs up
def test_a_broken_chunked_body_gets_400_not_500(demo, chunks):
    with socket.create_connection(address(demo.httpbin), timeout=T) as sock:
        sock.sendall(b"POST /post HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\n" + chunks)
        sock.shutdown(socket.SHUT_WR)
        answer = b""
        while piece := sock.recv(65536):
            answer += piece
    assert answer.startswith(b"HTTP/1.1 400 ")
    assert answer.endswith(b"\r\n\r\n400 Bad Request: the chunked request body is malformed "
                           b"or cut short\n")


def test_the_connection_stays_in_step_after_a_413(demo):
    """The view never read the 17 MiB; the server must, or they would be the next request."""
    host, port = address(demo.httpbin)
    connection = http.client.HTTPConnection(host, port, timeout=30)
    try:
        connection.request("POST", "/upload", body=b"z" * (17 * MIB),
                           headers={"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"})
        first = connection.sock
        refused = connection.getresponse()
        assert refused.status == 413
        assert refused.getheader("Connection") is None  # kept alive
        assert LIMIT_MESSAGE in refused.read().decode()
        connection.request("GET", "/get?after=413")
        answer = connection.getresponse()
        assert (answer.status, connection.sock) == (200, first)  # same socket, in step
        assert b'"after": "413"' in answer.read()
    finally:
        connection.close()


# --- malformed JSON -------------------------------------------------------------------

BROKEN_JSON = [
    (b'{"title": ', "Invalid JSON body: Expecting value"),
    (b"\xff\xfe{}", "Invalid JSON body"),  # not UTF-8
    (b"[1, 2]", "The JSON body must be an object"),
    (b'"just a string"', "The JSON body must be an object"),
    (b'{"title": NaN}', "NaN, Infinity"),
    (b'{"views": 1e999}', "NaN, Infinity"),  # a float too large: inf
    (b'{"title": "\\ud800"}', "lone surrogates"),  # half of a UTF-16 pair
]


@pytest.mark.parametrize(("method", "path"), [("POST", "/posts"), ("PUT", "/posts/2"),
                                              ("PATCH", "/posts/3")])
@pytest.mark.parametrize(("body", "message"), BROKEN_JSON)
def test_posts_answers_broken_json_with_400_and_keeps_nothing(demo, http, method, path, body,
                                                              message):
    before = http.get(demo.posts + "/posts", timeout=T).json()
    r = http.request(method, demo.posts + path, data=body, timeout=T,
                     headers={"Content-Type": "application/json"})
    assert r.status_code == 400
    assert message in r.json()["message"]
    assert http.get(demo.posts + "/posts", timeout=T).json() == before


@pytest.mark.parametrize(("body", "answer"), [
    (b'{"name": ', "400 Bad Request: invalid JSON"),
    (b"\xff\xfe{}", "400 Bad Request: invalid JSON"),
    (b"[1, 2]", "400 Bad Request: expected a JSON object ({...})"),
])
def test_json_post_program_answers_broken_json_with_400(demo, http, body, answer):
    r = http.post(demo.json_post, data=body, timeout=T)
    assert (r.status_code, r.text) == (400, answer)


def test_httpbin_echoes_broken_json_as_data_with_json_null(demo, http):
    """httpbin.org's behaviour: ``json`` is the parsed body or null, ``data`` the raw text."""
    r = http.post(demo.httpbin + "/post", data=b'{"a": ', timeout=T,
                  headers={"Content-Type": "application/json"})
    assert r.status_code == 200
    assert (r.json()["json"], r.json()["data"]) == (None, '{"a": ')


# --- absurd numbers: named cases, each with its message --------------------------------

ABSURD_CASES = [
    ("httpbin", "/delay/-1", 400, "delay must be a number of seconds from 0 to 10"),
    ("httpbin", "/delay/nan", 400, "delay must be a number of seconds from 0 to 10"),
    ("httpbin", "/delay/inf", 400, "delay must be a number of seconds from 0 to 10"),
    ("httpbin", "/bytes/999999999999", 400, f"must be between 0 and {MAX_RANDOM_BYTES}"),
    ("httpbin", "/bytes/-5", 400, f"must be between 0 and {MAX_RANDOM_BYTES}"),
    ("httpbin", "/stream-bytes/100?chunk_size=0", 400, "chunk_size must be between 1"),
    ("httpbin", "/range/abc", 404, "number of bytes must be in the range (0, 102400]"),
    ("httpbin", "/drip?duration=-1", 400, "duration must be a number of seconds"),
    ("httpbin", "/drip?duration=nan", 400, "duration must be a number of seconds"),
    ("httpbin", "/drip?numbytes=999999999999", 400, "numbytes must be between 1 and"),
    ("httpbin", "/status/99999", 400, "status code must be between 200 and 599"),
    ("httpbin", "/status/99", 400, "status code must be between 200 and 599"),
    ("httpbin", "/status/200:1e309", 400, "weight must be a number, 0 or more"),
    ("httpbin", "/status/200:nan", 400, "weight must be a number, 0 or more"),
    ("httpbin", "/redirect/1000", 400, "number of redirects must be between 1 and 100"),
    ("httpbin", "/links/1000000", 400, "number of links must be between 1 and 200"),
    ("httpbin", "/cache/-1", 400, "max-age must be between 0"),
    ("httpbin", "/unstable?failure_rate=nan", 400, "failure_rate must be a number from 0"),
    ("paginated", "/items?page=-1&per_page=10", 400, "page must be a whole number of at least 1"),
    ("paginated", f"/items?per_page={10**9}", 400, "per_page must be a whole number"),
    ("paginated", "/items/offset?offset=-1", 400, "offset must be a whole number of at least 0"),
    ("paginated", "/items/cursor?after=bm9wZQ", 400, "is not a cursor this API gave out"),
    ("ratelimited", "/limited?limit=0", 400, "limit must be a whole number from 1 to 100"),
    ("ratelimited", "/limited?window=1e9", 400, "window must be a whole number from 1 to 10"),
    ("forecast", "/v1/forecast?latitude=1e308&longitude=0", 400, "Latitude must be in range"),
    ("forecast", "/v1/forecast?latitude=nan&longitude=0", 400, "Latitude must be in range"),
    ("forecast", "/v1/forecast?longitude=0", 400, "Parameter 'latitude' is required"),
    ("forecast", "/v1/forecast?latitude=0&longitude=0&forecast_days=100000", 400,
     "Forecast days must be a whole number from 1 to 16"),
    ("forecast", "/v1/forecast?latitude=0&longitude=0&timezone=Mars/Base", 400,
     "Invalid timezone 'Mars/Base'"),
    ("forecast", "/v1/forecast?latitude=0&longitude=0&hourly=bogus", 400,
     "Cannot use 'bogus' for 'hourly'"),
    ("github", f"/search/repositories?q=x&per_page={10**9}", 422,
     "page and per_page must be positive integers"),
    ("github", "/search/repositories?q=x&page=-1", 422,
     "page and per_page must be positive integers"),
    ("downloads", "/files/1e308", 400, "The size must be a whole number of bytes"),
    ("downloads", "/files/99999999999", 400, "The size must be a whole number of bytes"),
    ("downloads", "/files/10?rate=0", 400, "rate must be a whole number of bytes per second"),
    ("bookstore", "/catalogue/page-99999999999999999999.html", 404, "404 Not Found"),
    ("posts", "/posts/99999999999999999999", 404, "{}"),
    ("dictionary", "/browse/" + "x" * 5000, 404, "No results found"),
]


@pytest.mark.parametrize(("server", "path", "status", "message"), ABSURD_CASES,
                         ids=[f"{server}{path[:50]}" for server, path, _, _ in ABSURD_CASES])
def test_absurd_values_get_a_quick_answer_that_says_why(demo, http, server, path, status,
                                                        message):
    started = time.monotonic()
    r = http.get(getattr(demo, server) + path, timeout=T)
    assert time.monotonic() - started < 2
    assert r.status_code == status
    assert message in r.text


def test_documented_caps_instead_of_errors(demo, http):
    """Too much of a good thing is quietly cut to size, as httpbin.org does."""
    lines = http.get(demo.httpbin + "/stream/100000000", timeout=T).text.splitlines()
    assert len(lines) == 100
    page = http.get(demo.paginated + "/items?per_page=999999999", timeout=T).json()
    assert (page["per_page"], len(page["items"])) == (50, 50)
    # Waits: /delay/1e308 and /drip?duration=1e9 would take the 10 s cap; the parsing
    # that caps them is checked here directly rather than by waiting 10 s.
    assert seconds("1e308", "delay") == seconds("1e9", "duration") == MAX_PAUSE_SECONDS == 10


# --- absurd numbers: every route of every Flask stand-in --------------------------------

PATH_VALUES = ["1e308", "-1", "nan", "inf", "999999999999", "-5", "abc", "%00", "..",
               "x" * 2000, "%ff", "200:1e309", "0x10", ""]
"""Put in place of every ``<variable>`` of every route, all at once."""

QUERY_VALUES = ["1e308", "-1", "nan", "99999999999999999999", "abc", "x" * 2000]
"""Given to every query parameter any view reads, all at once."""

SAMPLES = {"resource": "posts", "parent": "posts", "child": "comments", "qop": "auth",
           "codes": "200", "delay": "0", "kind": "png"}
"""Path values that reach the view, so that its query parameters are read (default 1)."""

WAITING_ROUTES = {"/delay/<delay>"}
"""Routes whose valid numbers mean a wait (capped at 10 s): only refused values here."""


def query_parameter_names() -> list[str]:
    """Every query parameter a server view reads, found in the servers' source.

    Reading the names from the code, rather than listing them here, means a parameter
    added later is walked too.
    """
    readers = (r"(?:args|values)\.get(?:list)?|_number|_int_arg|_coordinate|_choice"
               r"|_variables|_page_size|_argument")
    pattern = re.compile(rf"(?:{readers})\(\s*\"([\w-]+)\"")
    names = set()
    for source in SERVERS.rglob("*.py"):
        names.update(pattern.findall(source.read_text()))
    return sorted(names)


def flask_routes(demo) -> list[tuple[str, str, str]]:
    """(server, method, URL template) for every route of every plain-HTTP Flask stand-in."""
    routes = []
    for entry in CATALOGUE:
        app = getattr(demo.servers[entry.name], "app", None)
        if app is None or entry.scheme != "http":
            continue
        for rule in app.url_map.iter_rules():
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                routes.append((entry.name, method, rule.rule))
    return routes


def fill(template: str, value: str | None) -> str:
    """The template's ``<converter:name>`` parts replaced by ``value`` (None: a sample)."""
    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        return quote(value, safe="%") if value is not None else SAMPLES.get(name, "1")
    return re.sub(r"<(?:[^<>:]+:)?(\w+)>", one, template)


def test_every_route_answers_absurd_values_quickly_and_never_with_500():
    """Walks PUT and DELETE too, so on a demo set of its own: the shared one keeps its posts."""
    with servers.Demo() as demo:
        problems, count = walk_every_route(demo)
    assert problems == []
    assert count > 1500


def walk_every_route(demo) -> tuple[list[tuple], int]:
    """Send the absurd values everywhere; return what went wrong and how many were sent."""
    names = query_parameter_names()
    assert {"page", "per_page", "delay", "numbytes", "latitude", "seed"} <= set(names)
    routes = flask_routes(demo)
    assert len({server for server, _, _ in routes}) == 11  # every plain-HTTP Flask stand-in
    requests_to_make = []
    for server, method, template in routes:
        base = getattr(demo, server)
        if "<" in template:
            for value in PATH_VALUES:
                if template in WAITING_ROUTES and value in ("1e308", "999999999999"):
                    continue  # a valid (capped) wait, not an error: see test above
                requests_to_make.append((method, base + fill(template, value), None))
        for value in QUERY_VALUES:
            requests_to_make.append((method, base + fill(template, None), dict.fromkeys(names,
                                                                                        value)))
    problems = []
    with requests.Session() as session:
        session.trust_env = False
        for method, url, params in requests_to_make:
            started = time.monotonic()
            with session.request(method, url, params=params, stream=True, timeout=T) as r:
                body = r.raw.read(MAX_BYTES + 1)
            took = time.monotonic() - started
            if r.status_code >= 500 or took > 2 or len(body) > MAX_BYTES or (
                    r.status_code == 400 and not body.strip()):
                problems.append((method, url[:120], params and next(iter(params.values())),
                                 r.status_code, round(took, 2), len(body)))
    return problems, len(requests_to_make)


# --- slow clients ---------------------------------------------------------------------


def server_threads(port: int) -> list[threading.Thread]:
    """The connection threads of the server on ``port`` (named ``servers:<port>:...``)."""
    return [t for t in threading.enumerate() if t.name.startswith(f"servers:{port}:")]


def wait_until(condition, seconds: float = 3) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def args_of(session: requests.Session, url: str) -> dict[str, str]:
    """``/get``'s ``args``; the response is dropped here, so its socket can close with the
    session (a Response kept in a variable keeps its connection's socket open)."""
    return session.get(url, timeout=T).json()["args"]


def test_fifty_slow_loris_clients_do_not_slow_anyone_else_and_stop_is_clean():
    """Fifty sockets each send a request head a byte at a time, and never finish it."""
    slow_head = b"GET /get HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 10_000
    demo = servers.Demo().start()
    port = demo.servers["httpbin"].port
    slow = [socket.create_connection(address(demo.httpbin), timeout=T) for _ in range(50)]
    trickling = threading.Event()
    done = threading.Event()

    def trickle() -> None:
        """One byte to each socket every 20 ms: each server thread stays busy waiting."""
        for position in range(len(slow_head)):
            for sock in slow:
                sock.send(slow_head[position:position + 1])
            trickling.set()
            if done.wait(0.02):
                return

    sender = threading.Thread(target=trickle, daemon=True)
    sender.start()
    try:
        assert trickling.wait(T)
        assert wait_until(lambda: len(server_threads(port)) >= 50)
        latencies = []
        with requests.Session() as session:
            session.trust_env = False
            for n in range(20):  # over a second, while the fifty keep trickling
                started = time.monotonic()
                assert args_of(session, f"{demo.httpbin}/get?n={n}") == {"n": str(n)}
                latencies.append(time.monotonic() - started)
                time.sleep(0.05)
        assert max(latencies) < 0.5
        done.set()
        sender.join(T)
        for sock in slow[:25]:  # half hang up themselves...
            sock.close()
        assert wait_until(lambda: len(server_threads(port)) == 25)
    finally:
        done.set()
        started = time.monotonic()
        demo.stop()  # ...and stop() ends the other half
        stop_took = time.monotonic() - started
    assert stop_took < 2
    assert server_threads(port) == []
    for sock in slow[25:]:
        assert sock.recv(1) == b""  # the server closed it
        sock.close()


def test_a_client_that_goes_quiet_is_hung_up_on_after_idle_timeout():
    """Half a request head, an idle keep-alive connection: both closed after the limit.

    The limit is 30 s (``servers.serving.IDLE_TIMEOUT_SECONDS``); this demo set uses 0.5 s.
    A client that reads slowly is not cut off: the limit applies only while the server
    waits for the client to *send*.
    """
    with servers.Demo() as demo:
        for name in ("httpbin", "downloads", "json_get"):
            assert demo.servers[name].idle_timeout == 30
            demo.servers[name].idle_timeout = 0.5
        half_head = socket.create_connection(address(demo.httpbin), timeout=T)
        half_head.sendall(b"GET /get HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # no blank line, ever
        program = socket.create_connection(address(demo.json_get), timeout=T)
        program.sendall(b"GET / HTTP/1.1\r\n")
        started = time.monotonic()
        with requests.Session() as session:
            session.trust_env = False
            assert session.get(demo.httpbin + "/get", timeout=T).status_code == 200
            kept_alive = server_threads(demo.servers["httpbin"].port)
            assert len(kept_alive) == 2  # the half head's and the session's connection
            assert half_head.recv(100) == b""  # closed, without an answer
            assert program.recv(100) == b""
            assert 0.45 < time.monotonic() - started < 3
            assert wait_until(lambda: not server_threads(demo.servers["httpbin"].port))
            # The session's idle connection was closed too; the next request reconnects.
            assert session.get(demo.httpbin + "/get", timeout=T).status_code == 200
            # A slow reader: 20 MB, more than the socket buffers hold, read after 1.5 s.
            with session.get(demo.downloads + "/files/20000000", stream=True,
                             timeout=T) as r:
                time.sleep(1.5)
                assert sum(len(piece) for piece in r.iter_content(MIB)) == 20_000_000
        half_head.close()
        program.close()
