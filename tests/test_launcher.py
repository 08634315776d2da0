"""The launcher: one call starts every server; stopping leaves nothing behind.

These are the promises notebooks and classrooms rely on: free loopback ports, a
second ``start()`` in the same kernel is harmless, nothing printed unless asked,
no thread, socket or temporary file survives ``stop()``, and ``python -m servers``
serves in the foreground until Ctrl-C.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Collection
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
import urllib3

import servers
from servers.launcher import CATALOGUE


def server_threads(ports: Collection[int]) -> list[threading.Thread]:
    """The connection threads of the servers on ``ports`` (``servers:<port>:<client>``).

    Counted per port, not in all: the session's ``demo`` has idle keep-alive connections
    whose threads end by themselves (after ``idle_timeout``) while a test runs.
    """
    return [t for t in threading.enumerate()
            if t.name.startswith("servers:") and t.name.split(":")[1] in map(str, ports)]


def acceptors() -> int:
    """How many demo sets are accepting connections (one ``servers:acceptor`` thread each)."""
    return sum(t.name == "servers:acceptor" for t in threading.enumerate())


def ports_of(demo: servers.Demo) -> set[int]:
    return {urlsplit(getattr(demo, entry.name)).port for entry in CATALOGUE}


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def tcp_ports_of_open_sockets() -> set[int]:
    """Every local and remote TCP port of the sockets this process holds open.

    ``/proc/self/fd`` says which descriptors are sockets (``socket:[inode]``);
    ``/proc/net/tcp`` gives each socket inode its addresses, ports in hex.
    """
    inodes = set()
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):  # closed since listdir
            target = os.readlink(f"/proc/self/fd/{fd}")
            if target.startswith("socket:["):
                inodes.add(target[len("socket:["):-1])
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as lines:
            next(lines)  # the column titles
            for line in lines:
                fields = line.split()
                if fields[9] in inodes:
                    ports |= {int(fields[1].rsplit(":", 1)[1], 16),
                              int(fields[2].rsplit(":", 1)[1], 16)}
    return ports


def child_processes() -> list[str]:
    """The ids of this process's children, from every thread's ``children`` file.

    Linux lists a child under the thread that started it (``/proc/self/task/*/children``),
    so a server that ran a subprocess would show up here until it is waited for.
    """
    children = []
    for task in os.listdir("/proc/self/task"):
        with contextlib.suppress(OSError):  # the thread ended since listdir
            children += Path(f"/proc/self/task/{task}/children").read_text().split()
    return children


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
    acceptors_before, fds_before = acceptors(), open_fds()
    demo = servers.Demo().start()
    ports = ports_of(demo)
    folder = Path(demo.ca_bundle).parent.parent
    with requests.Session() as session:
        session.trust_env = False
        assert session.get(demo.httpbin + "/get", timeout=5).status_code == 200
        assert session.get(demo.posts + "/posts/1", timeout=5).status_code == 200
        assert len(server_threads(ports)) == 2  # keep-alive threads wait for more
        demo.stop()
    assert (server_threads(ports), acceptors()) == ([], acceptors_before)
    assert tcp_ports_of_open_sockets() & ports == set()
    assert open_fds() <= fds_before
    assert not folder.exists()
    assert refuses_connections(demo.httpbin)
    demo.stop()  # a second stop is harmless


def test_stop_does_not_wait_for_a_slow_response():
    acceptors_before = acceptors()
    demo = servers.Demo().start()
    ports = ports_of(demo)
    finished = threading.Event()

    def slow_request():
        with contextlib.suppress(requests.RequestException):  # the server went away: expected
            requests.get(demo.httpbin + "/delay/10", timeout=20)
        finished.set()

    threading.Thread(target=slow_request, daemon=True).start()
    while not server_threads(ports):  # the connection is being served
        threading.Event().wait(0.01)
    demo.stop()
    assert finished.wait(3)
    assert (server_threads(ports), acceptors()) == ([], acceptors_before)


@pytest.mark.soak
@pytest.mark.timeout(120)
def test_a_hundred_start_stop_cycles_leave_nothing_behind(tmp_path, monkeypatch):
    """A day of "Restart kernel": threads, sockets, files and processes all come back.

    The launcher's temporary folders go to a private ``tmp_path`` (``tempfile.tempdir``),
    so "nothing left" can be checked there exactly, whatever else runs on the machine.
    """
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    gc.collect()  # so garbage of earlier tests is not closed half-way through
    tasks_before, fds_before = len(os.listdir("/proc/self/task")), open_fds()
    acceptors_before, children_before = acceptors(), child_processes()
    folders, ports = set(), set()
    for _cycle in range(100):
        with servers.Demo() as demo:
            folders.add(Path(demo.ca_bundle).parent.parent)
            ports |= ports_of(demo)
            with requests.Session() as session:  # a learner's session, closed before stop()
                session.trust_env = False
                assert session.get(demo.json_get, timeout=5).json()["name"] == "Jane"
                assert session.get(demo.httpbin + "/get", timeout=5).status_code == 200
    assert len(folders) == 100 and all(folder.parent == tmp_path for folder in folders)
    assert list(tmp_path.iterdir()) == []  # certificates, uploads: all deleted
    # Threads: none of these servers' is left (the session's demo may lose idle ones).
    assert len(os.listdir("/proc/self/task")) <= tasks_before
    assert (server_threads(ports), acceptors()) == ([], acceptors_before)
    assert tcp_ports_of_open_sockets() & ports == set()
    assert open_fds() <= fds_before
    assert child_processes() == children_before
    assert multiprocessing.active_children() == []


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
    # Quiet again means no request records made at all (a capturing handler kept them).
    assert not logging.getLogger("servers").isEnabledFor(logging.INFO)


def test_fixed_ports_follow_the_catalogue_order():
    base = free_port_range(len(CATALOGUE))
    with servers.Demo(port_base=base) as demo:
        for index, entry in enumerate(CATALOGUE):
            assert urlsplit(getattr(demo, entry.name)).port == base + index


def test_a_busy_fixed_port_is_a_clear_error_and_leaves_nothing():
    base = free_port_range(len(CATALOGUE))
    acceptors_before, fds_before = acceptors(), open_fds()
    github_port = base + 4
    with socket.create_server(("127.0.0.1", github_port)), \
            pytest.raises(OSError, match=f"'github' on port {github_port}: Address already in use"):
        servers.Demo(port_base=base).start()
    ports = set(range(base, base + len(CATALOGUE)))
    assert (server_threads(ports), acceptors()) == ([], acceptors_before)
    assert tcp_ports_of_open_sockets() & ports == set()
    assert open_fds() <= fds_before


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
