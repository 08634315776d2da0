"""Differential tests: the transport under the API, requests against httplib.

Connection reuse (seen from the server side), adapters and ``mount()``, retries with
urllib3's ``Retry``, TLS verification and client certificates, proxies (explicit and
from the environment), and streaming on a Session. What each client sent through a
proxy is compared through the proxy's own log, ``GET /forwarded``.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import threading
import uuid
import warnings
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from urllib3.util.retry import Retry

from tests.differential.harness import exception_names, observe
from tests.proxy_log import forwarded

pytestmark = pytest.mark.timeout(60)


T = 5  # seconds: every request of this file has a timeout


@pytest.fixture
def local_ca(demo, monkeypatch: pytest.MonkeyPatch) -> str:
    """The environment's CA bundle variables point at the demo's local CA."""
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", demo.ca_bundle)
    monkeypatch.setenv("CURL_CA_BUNDLE", demo.ca_bundle)
    return demo.ca_bundle




def as_localhost(url: str) -> str:
    return url.replace("127.0.0.1", "localhost")


def unique_key(lib: Any) -> str:
    """A fresh ``/unstable`` key: each run starts its own count of failures."""
    return f"{lib.__name__}-{uuid.uuid4().hex}"


# -- a server that counts connections --------------------------------------------------


class CountingHandler(BaseHTTPRequestHandler):
    """Keep-alive HTTP/1.1; logs (connection number, method, path) of every request."""

    protocol_version = "HTTP/1.1"
    timeout = 10
    server: CountingServer

    def setup(self) -> None:
        super().setup()
        with self.server.lock:
            self.server.connections += 1
            self.number = self.server.connections

    def log_message(self, *args: Any) -> None:
        pass

    def answer(self, with_body: bool) -> None:
        self.server.log.append((self.number, self.command, self.path))
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        body = b"x" * 100_000 if self.path.startswith("/big") else b"hello\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        if self.path.startswith("/close") or self.close_connection:  # or the client's wish
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def do_GET(self) -> None:
        self.answer(with_body=True)

    do_POST = do_GET

    def do_HEAD(self) -> None:
        self.answer(with_body=False)


class CountingServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), CountingHandler)
        self.lock = threading.Lock()
        self.connections = 0
        self.log: list[tuple[int, str, str]] = []
        self.url = f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client hanging up mid-body is part of the tests

    def reset(self) -> None:
        with self.lock:
            self.log.clear()

    def connections_used(self) -> list[tuple[int, str, str]]:
        """The log, connections renumbered from 1 in order of first use."""
        numbers: dict[int, int] = {}
        return [(numbers.setdefault(n, len(numbers) + 1), method, path)
                for n, method, path in self.log]


@pytest.fixture(scope="module")
def counting() -> Iterator[CountingServer]:
    server = CountingServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(5)


# -- connection reuse -----------------------------------------------------------------------


def test_session_reuses_one_connection(same, counting: CountingServer) -> None:
    def scenario(lib):
        counting.reset()
        with lib.Session() as s:
            statuses = [s.get(counting.url + f"/{n}", timeout=T).status_code for n in range(4)]
        return statuses, counting.connections_used()

    same(scenario)


def test_module_level_calls_open_a_connection_each(same, counting: CountingServer) -> None:
    def scenario(lib):
        counting.reset()
        statuses = [lib.get(counting.url + f"/{n}", timeout=T).status_code for n in range(3)]
        return statuses, counting.connections_used()

    same(scenario)


def test_mixed_methods_share_the_connection(same, counting: CountingServer) -> None:
    def scenario(lib):
        counting.reset()
        with lib.Session() as s:
            s.head(counting.url + "/h", timeout=T)
            s.post(counting.url + "/p", data=b"body", timeout=T)
            s.get(counting.url + "/g", timeout=T)
        return counting.connections_used()

    same(scenario)


def test_server_connection_close_forces_a_new_connection(same, counting: CountingServer) -> None:
    def scenario(lib):
        counting.reset()
        with lib.Session() as s:
            s.get(counting.url + "/close", timeout=T)
            s.get(counting.url + "/after", timeout=T)
            s.get(counting.url + "/again", timeout=T)
        return counting.connections_used()

    same(scenario)


def test_client_connection_close_header(same, counting: CountingServer) -> None:
    def scenario(lib):
        counting.reset()
        with lib.Session() as s:
            s.get(counting.url + "/a", headers={"Connection": "close"}, timeout=T)
            s.get(counting.url + "/b", timeout=T)
        return counting.connections_used()

    same(scenario)


def test_other_host_name_gets_its_own_connection(same, counting: CountingServer) -> None:
    def scenario(lib):
        counting.reset()
        with lib.Session() as s:
            for url in (counting.url, as_localhost(counting.url), counting.url):
                s.get(url + "/x", timeout=T)
        return counting.connections_used()

    same(scenario)


def test_streamed_response_fully_read_returns_connection(same, counting: CountingServer) -> None:
    def scenario(lib):
        counting.reset()
        with lib.Session() as s:
            r = s.get(counting.url + "/big", stream=True, timeout=T)
            size = sum(len(piece) for piece in r.iter_content(8192))
            s.get(counting.url + "/next", timeout=T)
        return size, counting.connections_used()

    same(scenario)


def test_streamed_response_closed_early(same, counting: CountingServer) -> None:
    def scenario(lib):
        counting.reset()
        with lib.Session() as s:
            r = s.get(counting.url + "/big", stream=True, timeout=T)
            first = next(r.iter_content(10))
            r.close()
            after = s.get(counting.url + "/next", timeout=T)
        return first, after.content, counting.connections_used()

    same(scenario)


def test_streamed_response_left_open(same, counting: CountingServer) -> None:
    def scenario(lib):
        counting.reset()
        with lib.Session() as s:
            r = s.get(counting.url + "/big", stream=True, timeout=T)
            after = s.get(counting.url + "/next", timeout=T)
            rest = len(r.content)
        return after.content, rest, counting.connections_used()

    same(scenario)


def test_streamed_response_as_context_manager(same, counting: CountingServer) -> None:
    def scenario(lib):
        counting.reset()
        with lib.Session() as s:
            with s.get(counting.url + "/big", stream=True, timeout=T) as r:
                first = r.raw.read(5)
            after = s.get(counting.url + "/next", timeout=T).status_code
        return first, after, len(counting.log)

    same(scenario)


def test_session_close_is_idempotent_and_session_still_usable(same,
                                                              counting: CountingServer) -> None:
    def scenario(lib):
        counting.reset()
        s = lib.Session()
        s.get(counting.url + "/1", timeout=T)
        s.close()
        s.close()
        again = s.get(counting.url + "/2", timeout=T).status_code
        s.close()
        return again, counting.connections_used()

    same(scenario)


def test_streaming_through_httpbin_on_a_session(demo, same) -> None:
    def scenario(lib):
        with lib.Session() as s:
            r = s.get(demo.httpbin + "/stream-bytes/50000?chunk_size=1000", stream=True,
                      timeout=T)
            part = r.raw.read(100)
            r.close()
            whole = s.get(demo.httpbin + "/bytes/300", timeout=T)
            return len(part), whole.status_code, len(whole.content)

    same(scenario)


# -- adapters -------------------------------------------------------------------------------


def recording_adapter(lib: Any, calls: list[Any]) -> type:
    class Recording(lib.adapters.HTTPAdapter):
        def __init__(self, name: str, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.name = name

        def send(self, request: Any, **kwargs: Any) -> Any:
            seen = {k: dict(v) if k == "proxies" else v for k, v in kwargs.items()}
            calls.append((self.name, request.method, request.url, seen))
            return super().send(request, **kwargs)

    return Recording


def test_mount_longest_prefix_wins(demo, same) -> None:
    def scenario(lib):
        calls: list[Any] = []
        recording = recording_adapter(lib, calls)
        with lib.Session() as s:
            s.mount(demo.httpbin, recording("host"))
            s.mount(demo.httpbin + "/anything", recording("anything"))
            for url in (demo.httpbin + "/anything/x", demo.httpbin + "/get",
                        as_localhost(demo.httpbin) + "/get"):
                s.get(url, timeout=T)
            return calls, list(s.adapters)

    same(scenario)


def test_mount_order_does_not_matter(demo, same) -> None:
    def scenario(lib):
        calls: list[Any] = []
        recording = recording_adapter(lib, calls)
        with lib.Session() as s:
            s.mount(demo.httpbin + "/anything", recording("anything"))
            s.mount(demo.httpbin, recording("host"))
            s.get(demo.httpbin + "/anything", timeout=T)
            return [c[0] for c in calls], list(s.adapters)

    same(scenario)


def test_adapter_send_receives_the_settings(demo, same, local_ca: str) -> None:
    def scenario(lib):
        calls: list[Any] = []
        with lib.Session() as s:
            s.mount("http://", recording_adapter(lib, calls)("all"))
            s.get(demo.httpbin + "/get", stream=True, timeout=(1, 2)).close()
            s.get(demo.httpbin + "/get", verify=False, cert=None, timeout=T)
            return calls

    same(scenario)


def test_mount_replaces_same_prefix(demo, same) -> None:
    def scenario(lib):
        calls: list[Any] = []
        recording = recording_adapter(lib, calls)
        with lib.Session() as s:
            s.mount("http://", recording("first"))
            s.mount("http://", recording("second"))
            s.get(demo.httpbin + "/get", timeout=T)
            return [c[0] for c in calls], list(s.adapters)

    same(scenario)


def test_mount_prefix_is_case_insensitive(demo, same) -> None:
    def scenario(lib):
        calls: list[Any] = []
        with lib.Session() as s:
            s.mount(demo.httpbin.upper() + "/ANYTHING", recording_adapter(lib, calls)("upper"))
            s.get(demo.httpbin + "/anything/x", timeout=T)
            return [c[0] for c in calls]

    same(scenario)


def test_default_adapters(same) -> None:
    def scenario(lib):
        with lib.Session() as s:
            return [(prefix, type(adapter).__name__) for prefix, adapter in s.adapters.items()]

    same(scenario)


def test_get_adapter_for_unknown_scheme(same) -> None:
    def scenario(lib):
        with lib.Session() as s:
            s.get_adapter("ftp://example.com/file")

    same(scenario)


def test_get_adapter_for_known_schemes(same) -> None:
    def scenario(lib):
        with lib.Session() as s:
            return [type(s.get_adapter(url)).__name__
                    for url in ("http://x/", "HTTPS://x/", "Http://x/")]

    same(scenario)


def test_custom_scheme_adapter(same) -> None:
    """A BaseAdapter for a scheme of our own, answering without any network."""
    def scenario(lib):
        class Canned(lib.adapters.BaseAdapter):
            def send(self, request: Any, **kwargs: Any) -> Any:
                response = lib.models.Response()
                response.status_code = 200
                response.headers["Content-Type"] = "text/plain"
                response.raw = io.BytesIO(b"canned " + request.url.encode())
                response.url = request.url
                response.request = request
                return response

            def close(self) -> None:
                pass

        with lib.Session() as s:
            s.mount("canned://", Canned())
            return observe(s.get("canned://host/path?q=1", timeout=T))

    same(scenario)


def test_adapter_defaults(same) -> None:
    def scenario(lib):
        adapters = lib.adapters
        retries = [adapters.HTTPAdapter().max_retries, adapters.HTTPAdapter(max_retries=3)
                   .max_retries]
        given = Retry(total=2, status_forcelist=[503])
        return ((adapters.DEFAULT_RETRIES, adapters.DEFAULT_POOLSIZE, adapters.DEFAULT_POOLBLOCK),
                [(r.total, r.connect, r.read, r.redirect, r.status) for r in retries],
                adapters.HTTPAdapter(max_retries=given).max_retries is given)

    same(scenario)


def tag_response(r: Any, **kwargs: Any) -> Any:
    """A response hook at module level, so that a pickled session can carry it."""
    r.headers["X-Tagged"] = "yes"
    return r


def test_a_pickled_session_sends_what_the_original_would(demo, same) -> None:
    def scenario(lib):
        import pickle

        with lib.Session() as s:
            s.trust_env = False
            s.get(demo.httpbin + "/cookies/set/from_server/2", timeout=T)
            s.cookies.set("by_hand", "1")
            s.headers["X-Team"] = "docs"
            s.auth = ("u", "p")
            s.params = {"lang": "en"}
            s.hooks["response"].append(tag_response)
            s.max_redirects = 4
            s.mount(demo.httpbin, lib.adapters.HTTPAdapter(
                max_retries=Retry(total=2, status_forcelist=[503], backoff_factor=0),
                pool_maxsize=3, pool_block=True))
            restored = pickle.loads(pickle.dumps(s))
        with restored:
            r = restored.get(demo.httpbin + "/anything", timeout=T)
            adapter = restored.get_adapter(demo.httpbin + "/")
            flaky = restored.get(demo.httpbin + "/unstable", timeout=T,
                                 params={"fail_times": 2, "key": unique_key(lib)})
            return (observe(r), r.headers["X-Tagged"],
                    sorted((c.name, c.value, c.domain) for c in restored.cookies),
                    (restored.max_redirects, restored.trust_env, restored.stream,
                     restored.verify, restored.cert, restored.proxies, sorted(restored.adapters)),
                    (type(adapter).__name__, adapter.max_retries.total,
                     adapter.poolmanager.connection_pool_kw["maxsize"],
                     adapter.poolmanager.connection_pool_kw["block"]),
                    flaky.status_code)

    same(scenario)


# -- retries ------------------------------------------------------------------------------


def retrying_session(lib: Any, retry: Any) -> Any:
    s = lib.Session()
    s.mount("http://", lib.adapters.HTTPAdapter(max_retries=retry))
    return s


def test_max_retries_against_closed_port(same, closed_port: int) -> None:
    def scenario(lib):
        with lib.Session() as s:
            s.mount("http://", lib.adapters.HTTPAdapter(max_retries=3))
            s.get(f"http://127.0.0.1:{closed_port}/", timeout=T)

    same(scenario)


def test_retry_connect_against_closed_port_message(same, closed_port: int) -> None:
    def scenario(lib):
        with retrying_session(lib, Retry(connect=2, backoff_factor=0)) as s:
            try:
                s.get(f"http://127.0.0.1:{closed_port}/x", timeout=T)
            except lib.ConnectionError as e:
                return "Max retries exceeded with url: /x" in str(e), type(e.args[0]).__name__
        return "no error"

    same(scenario)


def test_retry_on_503_until_success(demo, same) -> None:
    def scenario(lib):
        retry = Retry(total=3, status_forcelist=[503], backoff_factor=0,
                      respect_retry_after_header=True)
        with retrying_session(lib, retry) as s:
            r = s.get(demo.httpbin + "/unstable",
                      params={"fail_times": 2, "key": unique_key(lib)}, timeout=T)
            return (r.status_code, r.history, r.json()["args"]["fail_times"],
                    [(h.method, h.status) for h in r.raw.retries.history])

    same(scenario)


def test_retry_exhausted_on_status(demo, same) -> None:
    def scenario(lib):
        with retrying_session(lib, Retry(total=2, status_forcelist=[503],
                                         backoff_factor=0)) as s:
            s.get(demo.httpbin + "/unstable",
                  params={"fail_times": 5, "key": unique_key(lib)}, timeout=T)

    same(scenario)


def test_retry_error_details(demo, same) -> None:
    def scenario(lib):
        with retrying_session(lib, Retry(total=2, status_forcelist=[503],
                                         backoff_factor=0)) as s:
            try:
                s.get(demo.httpbin + "/unstable",
                      params={"fail_times": 5, "key": unique_key(lib)}, timeout=T)
            except lib.exceptions.RetryError as e:
                return (isinstance(e, lib.ConnectionError), e.request.method,
                        e.request.url.split("&key=")[0], e.response,
                        type(e.args[0]).__name__, "too many 503 error responses" in str(e))
        return "no error"

    same(scenario)


def test_retry_exhausted_without_raising(demo, same) -> None:
    def scenario(lib):
        retry = Retry(total=2, status_forcelist=[503], backoff_factor=0, raise_on_status=False)
        with retrying_session(lib, retry) as s:
            r = s.get(demo.httpbin + "/unstable",
                      params={"fail_times": 5, "key": unique_key(lib)}, timeout=T)
            return r.status_code, r.text, r.headers["Retry-After"]

    same(scenario)


def test_retry_skips_post_by_default(demo, same) -> None:
    def scenario(lib):
        with retrying_session(lib, Retry(total=3, status_forcelist=[503],
                                         backoff_factor=0)) as s:
            r = s.post(demo.httpbin + "/unstable", data={"a": "1"},
                       params={"fail_times": 1, "key": unique_key(lib)}, timeout=T)
            return r.status_code, len(r.raw.retries.history)

    same(scenario)


def test_retry_post_when_allowed(demo, same) -> None:
    def scenario(lib):
        retry = Retry(total=3, status_forcelist=[503], backoff_factor=0,
                      allowed_methods=["POST"])
        with retrying_session(lib, retry) as s:
            r = s.post(demo.httpbin + "/unstable", data={"a": "1"},
                       params={"fail_times": 2, "key": unique_key(lib)}, timeout=T)
            return r.status_code, [(h.method, h.status) for h in r.raw.retries.history]

    same(scenario)


def test_no_retry_by_default_on_503(demo, same) -> None:
    def scenario(lib):
        r = lib.get(demo.httpbin + "/unstable",
                    params={"fail_times": 1, "key": unique_key(lib)}, timeout=T)
        return r.status_code, r.headers.get("Retry-After")

    same(scenario)


# -- TLS -------------------------------------------------------------------------------------


def test_verify_default_with_ca_bundle_from_env(demo, same, local_ca: str) -> None:
    same(lambda lib: lib.get(demo.https + "/get", timeout=T).json()["url"])


def test_verify_default_with_curl_ca_bundle_only(demo, same, monkeypatch) -> None:
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.setenv("CURL_CA_BUNDLE", demo.ca_bundle)
    same(lambda lib: lib.get(demo.https + "/get", timeout=T).status_code)


def test_verify_default_without_ca_bundle_env(demo, same, monkeypatch) -> None:
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    same(lambda lib: lib.get(demo.https + "/get", timeout=T))


def test_ca_bundle_env_ignored_without_trust_env(demo, same, local_ca: str) -> None:
    def scenario(lib):
        with lib.Session() as s:
            s.trust_env = False
            s.get(demo.https + "/get", timeout=T)

    same(scenario)


def test_verify_with_ca_bundle_path(demo, same) -> None:
    same(lambda lib: lib.get(demo.https + "/get", verify=demo.ca_bundle, timeout=T).json())


def test_session_verify_attribute(demo, same, monkeypatch) -> None:
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)

    def scenario(lib):
        with lib.Session() as s:
            s.verify = demo.ca_bundle
            return s.get(demo.https + "/get", timeout=T).status_code

    same(scenario)


def test_session_verify_attribute_loses_to_ca_bundle_env(demo, same) -> None:
    """requests: with trust_env, REQUESTS_CA_BUNDLE (here the system bundle, which does
    not hold the local CA) overrides ``Session.verify`` (a known quirk)."""
    def scenario(lib):
        with lib.Session() as s:
            s.verify = demo.ca_bundle
            return s.get(demo.https + "/get", timeout=T).status_code

    same(scenario)


def test_verify_with_localhost_name(demo, same) -> None:
    same(lambda lib: lib.get(as_localhost(demo.https) + "/get", verify=demo.ca_bundle,
                             timeout=T).json()["url"])


def test_verify_with_directory_of_plain_names(demo, same, tmp_path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    shutil.copy(demo.ca_bundle, folder / "ca.pem")
    same(lambda lib: lib.get(demo.https + "/get", verify=os.fspath(folder), timeout=T))


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_verify_with_hashed_directory(demo, same, tmp_path) -> None:
    folder = tmp_path / "hashed"
    folder.mkdir()
    subject_hash = subprocess.run(["openssl", "x509", "-hash", "-noout", "-in", demo.ca_bundle],
                                  capture_output=True, text=True, check=True).stdout.strip()
    shutil.copy(demo.ca_bundle, folder / f"{subject_hash}.0")
    same(lambda lib: lib.get(demo.https + "/get", verify=os.fspath(folder),
                             timeout=T).status_code)


def test_verify_with_missing_bundle_path(demo, same, tmp_path) -> None:
    missing = os.fspath(tmp_path / "nowhere.pem")

    def scenario(lib):
        try:
            lib.get(demo.https + "/get", verify=missing, timeout=T)
        except OSError as e:
            return exception_names(lib, e), str(e)
        return "no error"

    same(scenario)


def test_verify_false_warns(demo, same) -> None:
    def scenario(lib):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            r = lib.get(demo.self_signed + "/get", verify=False, timeout=T)
        categories = sorted({(w.category.__module__, w.category.__name__) for w in caught
                             if not issubclass(w.category, ResourceWarning)})
        return r.status_code, categories

    same(scenario)


def test_disable_warnings_through_packages_silences_verify_false(demo, same) -> None:
    """Old code (reference text 003) silences the warning through ``<client>.packages``."""
    def scenario(lib):
        with warnings.catch_warnings(record=True) as caught:  # restores the filters after
            warnings.simplefilter("always")
            lib.packages.urllib3.disable_warnings(
                lib.packages.urllib3.exceptions.InsecureRequestWarning)
            r = lib.get(demo.self_signed + "/get", verify=False, timeout=T)
        return r.status_code, [w.category.__name__ for w in caught
                               if not issubclass(w.category, ResourceWarning)]

    assert same(scenario) == ("returned", (200, []))


def test_packages_are_the_installed_modules(same) -> None:
    """``<client>.packages.urllib3`` and ``.idna``, and their submodules, are aliases."""
    def scenario(lib):
        import importlib
        import sys

        import idna
        import urllib3.util.retry

        prefix = lib.__name__ + ".packages."
        return (lib.packages.urllib3 is urllib3, lib.packages.idna is idna,
                lib.packages.urllib3.exceptions is urllib3.exceptions,
                importlib.import_module(prefix + "urllib3.util.retry") is urllib3.util.retry,
                sys.modules[prefix + "idna"] is idna,
                sorted(name.removeprefix(prefix) for name in sys.modules
                       if name.startswith(prefix + "urllib3.exceptions")))

    assert same(scenario) == ("returned", (True, True, True, True, True,
                                           ["urllib3.exceptions"]))


def test_self_signed_rejected(demo, same, local_ca: str) -> None:
    same(lambda lib: lib.get(demo.self_signed + "/get", timeout=T))


def test_self_signed_rejected_with_explicit_bundle(demo, same) -> None:
    def scenario(lib):
        try:
            lib.get(demo.self_signed + "/get", verify=demo.ca_bundle, timeout=T)
        except lib.exceptions.SSLError as e:
            return (isinstance(e, lib.ConnectionError), e.request.url,
                    "CERTIFICATE_VERIFY_FAILED" in str(e))
        return "no error"

    same(scenario)


@pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning")
def test_verify_false_not_reused_for_verified_request(demo, same, local_ca: str) -> None:
    """A connection made with verify=False must not serve a later verify=True request."""
    def scenario(lib):
        with lib.Session() as s:
            first = s.get(demo.self_signed + "/get", verify=False, timeout=T).status_code
            try:
                s.get(demo.self_signed + "/get", timeout=T)
                second: Any = "no error"
            except lib.RequestException as e:
                second = exception_names(lib, e)
            return first, second

    same(scenario)


@pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning")
def test_verified_then_unverified_in_one_session(demo, same, local_ca: str) -> None:
    def scenario(lib):
        with lib.Session() as s:
            return (s.get(demo.https + "/get", timeout=T).status_code,
                    s.get(demo.https + "/get", verify=False, timeout=T).status_code,
                    s.get(demo.https + "/get", timeout=T).status_code)

    same(scenario)


def test_mtls_without_client_certificate(demo, same) -> None:
    same(lambda lib: lib.get(demo.mtls + "/", verify=demo.ca_bundle, timeout=T))


def test_mtls_with_cert_and_key(demo, same) -> None:
    same(lambda lib: lib.get(demo.mtls + "/", verify=demo.ca_bundle,
                             cert=(demo.client_cert, demo.client_key), timeout=T).json())


def test_mtls_with_combined_file(demo, same, tmp_path) -> None:
    combined = tmp_path / "client-combined.pem"
    combined.write_bytes(Path(demo.client_cert).read_bytes() + Path(demo.client_key).read_bytes())
    same(lambda lib: lib.get(demo.mtls + "/", verify=demo.ca_bundle, cert=os.fspath(combined),
                             timeout=T).json())


def test_mtls_session_cert_attribute(demo, same, monkeypatch) -> None:
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)

    def scenario(lib):
        with lib.Session() as s:
            s.cert = (demo.client_cert, demo.client_key)
            s.verify = demo.ca_bundle
            return s.get(demo.mtls + "/", timeout=T).json()

    same(scenario)


def test_mtls_missing_cert_file(demo, same, tmp_path) -> None:
    missing = os.fspath(tmp_path / "no-client.pem")

    def scenario(lib):
        try:
            lib.get(demo.mtls + "/", verify=demo.ca_bundle, cert=missing, timeout=T)
        except OSError as e:
            return exception_names(lib, e), str(e)
        return "no error"

    same(scenario)


# -- proxies ---------------------------------------------------------------------------------


def proxy_log(proxy_url: str, clear: bool = False) -> list[Any] | None:
    """The proxy's record of what it was asked to forward, headers sorted (or empty it,
    and get None)."""
    entries = forwarded(proxy_url, clear)
    if clear:
        return None
    return [(e["method"], e["target"], e["status"], dict(sorted(e["headers"].items())))
            for e in entries]


def through(proxy_url: str, action: Any) -> Any:
    """Run ``action()`` with an empty proxy log; its result and what the proxy saw."""
    proxy_log(proxy_url, clear=True)
    result = action()
    return result, proxy_log(proxy_url)


def test_proxy_by_scheme(demo, same) -> None:
    same(lambda lib: through(demo.proxy, lambda: observe(
        lib.get(demo.httpbin + "/get?a=1", proxies={"http": demo.proxy}, timeout=T))))


def test_proxy_post_with_body(demo, same) -> None:
    same(lambda lib: through(demo.proxy, lambda: observe(
        lib.post(demo.httpbin + "/post", data={"k": "v"}, proxies={"http": demo.proxy},
                 timeout=T))))


def test_proxy_for_other_scheme_not_used(demo, same) -> None:
    same(lambda lib: through(demo.proxy, lambda: lib.get(
        demo.httpbin + "/get", proxies={"https": demo.proxy}, timeout=T).json()["headers"]))


def test_proxy_key_with_host_and_port(demo, same) -> None:
    """requests looks up ``scheme://hostname`` without the port: this key never matches."""
    key = demo.httpbin  # http://127.0.0.1:PORT
    same(lambda lib: through(demo.proxy, lambda: lib.get(
        demo.httpbin + "/get", proxies={key: demo.proxy}, timeout=T).status_code))


def test_proxy_key_with_host(demo, same) -> None:
    same(lambda lib: through(demo.proxy, lambda: lib.get(
        demo.httpbin + "/get", proxies={"http://127.0.0.1": demo.proxy}, timeout=T).status_code))


def test_proxy_key_all(demo, same) -> None:
    same(lambda lib: through(demo.proxy, lambda: lib.get(
        demo.httpbin + "/get", proxies={"all": demo.proxy}, timeout=T).status_code))


def test_proxy_key_all_with_host(demo, same) -> None:
    same(lambda lib: through(demo.proxy, lambda: lib.get(
        demo.httpbin + "/get", proxies={"all://127.0.0.1": demo.proxy}, timeout=T).status_code))


def test_proxy_url_without_scheme(demo, same) -> None:
    bare = demo.proxy.removeprefix("http://")
    same(lambda lib: through(demo.proxy, lambda: lib.get(
        demo.httpbin + "/get", proxies={"http": bare}, timeout=T).status_code))


def test_proxy_follows_redirects(demo, same) -> None:
    same(lambda lib: through(demo.proxy, lambda: observe(
        lib.get(demo.httpbin + "/redirect/2", proxies={"http": demo.proxy}, timeout=T))))


def test_proxy_no_proxy_key_in_proxies_dict(demo, same) -> None:
    same(lambda lib: through(demo.proxy, lambda: lib.get(
        demo.httpbin + "/get", proxies={"http": demo.proxy, "no_proxy": "127.0.0.1"},
        timeout=T).status_code))


def test_https_through_connect(demo, same) -> None:
    same(lambda lib: through(demo.proxy, lambda: lib.get(
        demo.https + "/get", proxies={"https": demo.proxy}, verify=demo.ca_bundle,
        timeout=T).json()))


def test_session_proxies_attribute(demo, same) -> None:
    def scenario(lib):
        with lib.Session() as s:
            s.proxies = {"http": demo.proxy}
            return through(demo.proxy, lambda: s.get(demo.httpbin + "/get",
                                                     timeout=T).status_code)

    same(scenario)


@pytest.mark.parametrize("variable", ["HTTP_PROXY", "http_proxy", "ALL_PROXY"])
def test_proxy_from_environment(demo, same, monkeypatch, variable: str) -> None:
    monkeypatch.setenv(variable, demo.proxy)
    same(lambda lib: through(demo.proxy, lambda: lib.get(
        demo.httpbin + "/get", timeout=T).json()["headers"]))


def test_https_proxy_from_environment(demo, same, monkeypatch, local_ca: str) -> None:
    monkeypatch.setenv("HTTPS_PROXY", demo.proxy)
    same(lambda lib: through(demo.proxy, lambda: lib.get(
        demo.https + "/get", timeout=T).status_code))


def test_https_proxy_variable_not_used_for_http(demo, same, monkeypatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", demo.proxy)
    same(lambda lib: through(demo.proxy, lambda: lib.get(
        demo.httpbin + "/get", timeout=T).status_code))


@pytest.mark.parametrize("no_proxy", ["127.0.0.1", "localhost", "*", "127.0.0.0/8",
                                      "127.0.0.1:{port}", "127.0.0.1:1", "example.com,127.0.0.1"])
def test_no_proxy_from_environment(demo, same, monkeypatch, no_proxy: str) -> None:
    monkeypatch.setenv("HTTP_PROXY", demo.proxy)
    monkeypatch.setenv("NO_PROXY", no_proxy.format(port=demo.httpbin.rsplit(":", 1)[1]))
    same(lambda lib: through(demo.proxy, lambda: lib.get(
        demo.httpbin + "/get", timeout=T).status_code))


def test_no_proxy_argument_overrides_environment(demo, same, monkeypatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", demo.proxy)
    same(lambda lib: through(demo.proxy, lambda: lib.get(
        demo.httpbin + "/get", proxies={"no_proxy": "127.0.0.1"}, timeout=T).status_code))


def test_trust_env_false_ignores_proxy_variables(demo, same, monkeypatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", demo.proxy)

    def scenario(lib):
        with lib.Session() as s:
            s.trust_env = False
            return through(demo.proxy, lambda: s.get(demo.httpbin + "/get",
                                                     timeout=T).status_code)

    same(scenario)


def test_environment_proxy_versus_session_proxies(demo, same, monkeypatch) -> None:
    """requests lets the environment win over ``Session.proxies`` (a known quirk)."""
    monkeypatch.setenv("HTTP_PROXY", demo.proxy)

    def scenario(lib):
        with lib.Session() as s:
            s.proxies = {"http": "http://proxyuser:proxypass@" +
                         demo.auth_proxy.removeprefix("http://")}
            proxy_log(demo.auth_proxy, clear=True)
            result = through(demo.proxy, lambda: s.get(demo.httpbin + "/get",
                                                       timeout=T).status_code)
            return result, len(proxy_log(demo.auth_proxy) or [])

    same(scenario)


def test_request_proxies_win_over_environment(demo, same, monkeypatch, closed_port) -> None:
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{closed_port}")
    same(lambda lib: through(demo.proxy, lambda: lib.get(
        demo.httpbin + "/get", proxies={"http": demo.proxy}, timeout=T).status_code))


def test_auth_proxy_without_credentials(demo, same) -> None:
    same(lambda lib: through(demo.auth_proxy, lambda: observe(
        lib.get(demo.httpbin + "/get", proxies={"http": demo.auth_proxy}, timeout=T))))


def test_auth_proxy_connect_without_credentials(demo, same) -> None:
    same(lambda lib: lib.get(demo.https + "/get", proxies={"https": demo.auth_proxy},
                             verify=demo.ca_bundle, timeout=T))


def with_credentials(proxy_url: str, user: str = "proxyuser", password: str = "proxypass") -> str:
    return proxy_url.replace("http://", f"http://{user}:{password}@")


def test_auth_proxy_with_credentials_in_url(demo, same) -> None:
    """The origin must never see Proxy-Authorization."""
    proxy = with_credentials(demo.auth_proxy)
    same(lambda lib: through(demo.auth_proxy, lambda: lib.get(
        demo.httpbin + "/headers", proxies={"http": proxy}, timeout=T).json()))


def test_auth_proxy_with_percent_encoded_credentials(demo, same) -> None:
    proxy = with_credentials(demo.auth_proxy, "proxy%75ser", "proxy%70ass")
    same(lambda lib: through(demo.auth_proxy, lambda: lib.get(
        demo.httpbin + "/headers", proxies={"http": proxy}, timeout=T).json()))


def test_auth_proxy_with_wrong_credentials(demo, same) -> None:
    proxy = with_credentials(demo.auth_proxy, password="wrong")
    same(lambda lib: through(demo.auth_proxy, lambda: lib.get(
        demo.httpbin + "/headers", proxies={"http": proxy}, timeout=T).status_code))


def test_auth_proxy_connect_with_credentials(demo, same) -> None:
    proxy = with_credentials(demo.auth_proxy)
    same(lambda lib: through(demo.auth_proxy, lambda: lib.get(
        demo.https + "/headers", proxies={"https": proxy}, verify=demo.ca_bundle,
        timeout=T).json()))


def test_auth_proxy_credentials_from_environment(demo, same, monkeypatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", with_credentials(demo.auth_proxy))
    same(lambda lib: through(demo.auth_proxy, lambda: lib.get(
        demo.httpbin + "/headers", timeout=T).json()))


def test_http_proxy_auth_class(demo, same) -> None:
    same(lambda lib: through(demo.auth_proxy, lambda: lib.get(
        demo.httpbin + "/headers", proxies={"http": demo.auth_proxy},
        auth=lib.auth.HTTPProxyAuth("proxyuser", "proxypass"), timeout=T).json()))


def test_unreachable_proxy(demo, same, closed_port: int) -> None:
    same(lambda lib: lib.get(demo.httpbin + "/get",
                             proxies={"http": f"http://127.0.0.1:{closed_port}"}, timeout=T))


def test_unreachable_proxy_for_https(demo, same, closed_port: int) -> None:
    same(lambda lib: lib.get(demo.https + "/get", verify=demo.ca_bundle,
                             proxies={"https": f"http://127.0.0.1:{closed_port}"}, timeout=T))


@pytest.mark.parametrize("proxy", ["http://", "ftp://127.0.0.1:1"])
def test_malformed_proxy_url(demo, same, proxy: str) -> None:
    def scenario(lib):
        try:
            lib.get(demo.httpbin + "/get", proxies={"http": proxy}, timeout=T)
        except Exception as e:
            return exception_names(lib, e), str(e)
        return "no error"

    same(scenario)
