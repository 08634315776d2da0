"""Benchmarks: httplib against requests, raw urllib3 (and httpx when installed).

Run them with ``make bench`` or ``python -m benchmarks`` (``--help`` lists the options).

How the pieces fit:

- ``server.py`` starts the HTTP server the clients talk to, in a process of its own:
  nginx when it is installed, else the small Python server in ``pyserver.py``.
- ``workloads.py`` is the client side. Each measurement runs it in a child process
  that imports only the client being measured, so timings and memory figures of one
  client never include another's.
- ``measure.py`` starts those children, interleaves the clients round by round and
  takes medians.
- ``__main__.py`` is the command line: it prints the table and checks the targets.

This package imports nothing at import time, so the children stay lean.
"""
