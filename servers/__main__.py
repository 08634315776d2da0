"""``python -m servers``: run every demo server in the foreground until Ctrl-C.

For instructors and for poking at the servers with a browser or ``curl``::

    python -m servers                     # free ports, table of URLs
    python -m servers --port-base 8000    # fixed ports 8000, 8001, ... in table order
    python -m servers --verbose           # log every request
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import threading

from servers.launcher import Demo


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m servers", description=__doc__.splitlines()[0])
    parser.add_argument("--port-base", type=int, metavar="PORT",
                        help="use fixed ports PORT, PORT+1, ... instead of free ones")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)

    stop_requested = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop_requested.set())
    with Demo(port_base=args.port_base, verbose=args.verbose) as demo:
        print(demo.table())
        print("\nServing on 127.0.0.1. Press Ctrl-C to stop.", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            stop_requested.wait()
    print("Stopped.", flush=True)


if __name__ == "__main__":
    main()
