"""The server the benchmarks talk to: nginx if installed, else ``pyserver.py``.

It always runs in a process of its own: a server in the client's process would share
its GIL and its CPU time, and measure neither fairly. Everything lives in one
temporary folder (configuration, logs, the large files), removed on the way out::

    with Server("auto", files={"big": 256 * MiB}) as server:
        server.url("/small")      # 'http://127.0.0.1:41234/small': a 6-byte reply
        server.url("/big")        # a 256 MiB file
        server.name               # 'nginx 1.22.1' or 'Python fallback (pyserver.py)'
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType

MiB = 1024 * 1024
HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parent.parent

NGINX_CONF = """\
daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;   # the default (1000) would close benchmark connections
    keepalive_timeout 120s;
    server {{
        listen {host}:{port};
        root {tmp}/files;
        location = /small {{ default_type text/plain; return 200 "hello\\n"; }}
    }}
}}
"""


def find_nginx() -> str | None:
    """The nginx executable, also where Debian puts it outside a non-root PATH."""
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def write_file(path: Path, size: int) -> None:
    """``size`` bytes of incompressible data: one random MiB, repeated."""
    block = os.urandom(MiB)
    with path.open("wb") as f:
        for offset in range(0, size, MiB):
            f.write(block[: size - offset])


class Server:
    """nginx or the Python fallback, serving ``/small`` and generated files, on loopback."""

    def __init__(self, kind: str = "auto", files: dict[str, int] | None = None) -> None:
        """``kind`` is "auto", "nginx" or "python"; ``files`` maps a name to a size."""
        self.kind = kind
        self.files = files or {}
        self.name = ""
        self.port = 0
        self.tmp: Path | None = None
        self.process: subprocess.Popen[bytes] | None = None

    def url(self, path: str) -> str:
        """The full URL of ``path`` on this server."""
        return f"http://{HOST}:{self.port}{path}"

    def __enter__(self) -> Server:
        """Write the files, start the server and wait until it answers."""
        try:
            self.tmp = Path(tempfile.mkdtemp(prefix="httplib-bench-"))
            self.tmp.chmod(0o755)  # nginx workers run as another user when we are root
            (self.tmp / "files").mkdir(mode=0o755)
            for name, size in self.files.items():
                write_file(self.tmp / "files" / name, size)
            nginx = find_nginx() if self.kind in ("auto", "nginx") else None
            if nginx:
                self._start_nginx(nginx)
            elif self.kind == "nginx":
                raise RuntimeError("nginx is not installed (try: apt-get install nginx)")
            else:
                self._start_python()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stop the server and delete the temporary folder."""
        self.stop()

    def _start_nginx(self, nginx: str) -> None:
        assert self.tmp is not None
        version = subprocess.run([nginx, "-v"], capture_output=True, text=True).stderr
        self.name = version.strip().removeprefix("nginx version: ").replace("/", " ")
        for _attempt in range(5):  # another program may grab the free port first
            self.port = free_port()
            conf = self.tmp / "nginx.conf"
            conf.write_text(NGINX_CONF.format(tmp=self.tmp, host=HOST, port=self.port))
            self.process = subprocess.Popen(
                [nginx, "-p", str(self.tmp), "-c", str(conf), "-e", str(self.tmp / "error.log")],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            if self._wait_until_listening():
                return
            self.process.wait()
        log = (self.tmp / "error.log").read_text(errors="replace")
        raise RuntimeError(f"nginx did not start:\n{log}")

    def _start_python(self) -> None:
        assert self.tmp is not None
        self.name = "Python fallback (benchmarks/pyserver.py)"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.pyserver", str(self.tmp / "files")],
            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline().decode()
        if not line.startswith("port "):
            raise RuntimeError("the Python fallback server did not start")
        self.port = int(line.split()[1])
        if not self._wait_until_listening():
            raise RuntimeError("the Python fallback server does not answer")

    def cpu_seconds(self) -> float:
        """CPU time the server (with its worker processes) has used so far.

        Read from Linux's /proc; 0.0 where there is none. Compared with wall-clock
        time it shows whether the server, rather than the client, set the pace.
        """
        if self.process is None:
            return 0.0
        pids = [self.process.pid]
        pid = self.process.pid
        with contextlib.suppress(OSError):  # nginx: the master's workers do the serving
            pids += Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        ticks = 0
        for pid in pids:
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def _wait_until_listening(self, timeout: float = 5.0) -> bool:
        """True once the port accepts connections; False if the server exits first."""
        assert self.process is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                socket.create_connection((HOST, self.port), timeout=1).close()
                return True
            except OSError:
                time.sleep(0.02)
        return False

    def stop(self) -> None:
        """Stop the server process (politely, then not) and remove the temporary folder."""
        if self.process is not None:
            if self.process.stdin:
                self.process.stdin.close()  # the Python server exits on this
            if self.process.stdout:
                self.process.stdout.close()
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None
