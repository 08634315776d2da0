"""The launcher: one call starts every server; stopping leaves nothing behind.

These are the promises notebooks and classrooms rely on: free loopback ports, a
second ``start()`` in the same kernel is harmless, nothing printed unless asked,
no thread, socket or temporary file survives ``stop()``, and ``python -m servers``
serves in the foreground until Ctrl-C.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
import urllib3

import servers
from servers.launcher import CATALOGUE


def server_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("servers:")]


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def refuses_connections(url: str) -> bool:
    parts = urlsplit(url)
    try:
        socket.create_connection((parts.hostname, parts.port), timeout=1).close()
    except ConnectionRefusedError:
        return True
    return False


def free_port_range(count: int) -> int:
    """A base port such that base .. base+count-1 are all free right now."""
    for _attempt in range(50):
        # Below Linux's ephemeral range (32768 and up), where free ports are handed out.
        base = random.randrange(20000, 32000 - count)
        try:
            held = [socket.create_server(("127.0.0.1", base + i)) for i in range(count)]
        except OSError:
            continue
        for sock in held:
            sock.close()
        return base
    pytest.fail("no free range of ports found")


def test_each_catalogue_entry_is_a_loopback_url_on_its_own_port(demo):
    ports = set()
    for entry in CATALOGUE:
        url = urlsplit(getattr(demo, entry.name))
        assert url.scheme == entry.scheme
        assert url.hostname == "127.0.0.1"
        ports.add(url.port)
    assert len(ports) == len(CATALOGUE)
    # The class lists every URL attribute, so tab completion and docs show them.
    assert {e.name for e in CATALOGUE} <= set(servers.Demo.__annotations__)


def test_every_server_but_the_blackhole_answers_http(demo, http):
    for entry in CATALOGUE:
        if entry.name in ("blackhole", "self_signed"):
            continue
        response = http.get(getattr(demo, entry.name) + "/", timeout=5, verify=demo.ca_bundle,
                            cert=(demo.client_cert, demo.client_key))
        assert 200 <= response.status_code < 600, entry.name  # json_post: 501 to a GET


def test_self_signed_server_fails_verification_but_answers_without_it(demo, http):
    with pytest.raises(requests.exceptions.SSLError, match="self-signed certificate"):
        http.get(demo.self_signed + "/get", timeout=5, verify=demo.ca_bundle)
    with pytest.warns(urllib3.exceptions.InsecureRequestWarning):
        assert http.get(demo.self_signed + "/get", timeout=5, verify=False).status_code == 200


def test_mutual_tls_server_wants_a_client_certificate(demo, http):
    with pytest.raises(requests.exceptions.ConnectionError):  # SSLError or a reset
        http.get(demo.mtls + "/", timeout=5, verify=demo.ca_bundle)
    response = http.get(demo.mtls + "/", timeout=5, verify=demo.ca_bundle,
                        cert=(demo.client_cert, demo.client_key))
    identity = response.json()["client_certificate"]
    assert "workbook-client@example.test" in identity["email"]
    assert "httplib workbook local CA" in identity["issuer"]


def test_certificate_files_exist_while_running(demo):
    for path in (demo.ca_bundle, demo.client_cert, demo.client_key):
        assert Path(path).read_text().startswith("-----BEGIN")
    assert demo.upload_dir.is_dir()


def test_start_again_returns_the_running_set_then_a_fresh_one_after_stop():
    first = servers.start()
    try:
        assert servers.start() is first  # a re-run first cell is harmless
        url = first.httpbin
    finally:
        first.stop()
    assert refuses_connections(url)
    second = servers.start()
    try:
        assert second is not first
        assert requests.get(second.json_get, timeout=5).json() == {"name": "Jane", "age": 17}
    finally:
        second.stop()


def test_stop_closes_idle_keep_alive_connections_and_leaves_nothing():
    threads_before, fds_before = len(server_threads()), open_fds()
    demo = servers.Demo().start()
    folder = Path(demo.ca_bundle).parent.parent
    with requests.Session() as session:
        session.trust_env = False
        assert session.get(demo.httpbin + "/get", timeout=5).status_code == 200
        assert session.get(demo.posts + "/posts/1", timeout=5).status_code == 200
        assert len(server_threads()) > threads_before  # keep-alive threads wait for more
        demo.stop()
    assert len(server_threads()) == threads_before
    assert open_fds() == fds_before
    assert not folder.exists()
    assert refuses_connections(demo.httpbin)
    demo.stop()  # a second stop is harmless


def test_stop_does_not_wait_for_a_slow_response():
    threads_before = len(server_threads())
    demo = servers.Demo().start()
    finished = threading.Event()

    def slow_request():
        with contextlib.suppress(requests.RequestException):  # the server went away: expected
            requests.get(demo.httpbin + "/delay/10", timeout=20)
        finished.set()

    threading.Thread(target=slow_request, daemon=True).start()
    while len(server_threads()) < threads_before + 2:  # acceptor + the connection
        threading.Event().wait(0.01)
    demo.stop()
    assert finished.wait(3)
    assert len(server_threads()) == threads_before


def test_fifty_start_stop_cycles_leave_nothing_behind():
    threads_before, fds_before = len(server_threads()), open_fds()
    folders = []
    for _cycle in range(50):
        with servers.Demo() as demo:
            folders.append(Path(demo.ca_bundle).parent.parent)
            assert requests.get(demo.json_get, timeout=5).status_code == 200
    assert len(server_threads()) == threads_before
    assert open_fds() == fds_before
    assert not any(folder.exists() for folder in folders)


def test_quiet_by_default_and_verbose_on_request(demo, http, capfd):
    http.get(demo.httpbin + "/get", timeout=5)
    assert capfd.readouterr().err == ""
    servers.set_verbose(True)
    try:
        http.get(demo.httpbin + "/get?loud=1", timeout=5)
        http.get(demo.agent + "/agent", timeout=5)
    finally:
        servers.set_verbose(False)
    err = capfd.readouterr().err
    assert "GET /get?loud=1" in err
    assert "GET /agent" in err


def test_fixed_ports_follow_the_catalogue_order():
    base = free_port_range(len(CATALOGUE))
    with servers.Demo(port_base=base) as demo:
        for index, entry in enumerate(CATALOGUE):
            assert urlsplit(getattr(demo, entry.name)).port == base + index


def test_a_busy_fixed_port_is_a_clear_error_and_leaves_nothing():
    base = free_port_range(len(CATALOGUE))
    threads_before, fds_before = len(server_threads()), open_fds()
    github_port = base + 4
    with socket.create_server(("127.0.0.1", github_port)), \
            pytest.raises(OSError, match=f"'github' on port {github_port}: Address already in use"):
        servers.Demo(port_base=base).start()
    assert len(server_threads()) == threads_before
    assert open_fds() == fds_before


def test_python_m_servers_serves_until_ctrl_c():
    base = free_port_range(len(CATALOGUE))
    process = subprocess.Popen(
        [sys.executable, "-m", "servers", "--port-base", str(base)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        lines = []
        for line in process.stdout:
            lines.append(line)
            if "Ctrl-C" in line:
                break
        table = "".join(lines)
        assert f"http://127.0.0.1:{base}" in table
        assert "ca_bundle" in table
        response = requests.get(f"http://127.0.0.1:{base}/get", timeout=5)
        assert response.json()["url"] == f"http://127.0.0.1:{base}/get"
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert "Stopped." in out
    assert refuses_connections(f"http://127.0.0.1:{base}")
