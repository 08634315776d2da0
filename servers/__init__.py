"""The workbook's demo servers: offline stand-ins for every service the lessons use.

Start them all in one line, in a notebook, a test or a script::

    import servers
    demo = servers.start()          # every server up, on free loopback ports
    demo.httpbin                    # 'http://127.0.0.1:41234'
    print(demo.table())             # the whole catalogue

They run in background threads of the current process and stop with ``demo.stop()``,
at the end of a ``with servers.Demo() as demo:`` block, or when Python exits.
From a terminal, ``python -m servers`` runs them in the foreground.
``servers/README.md`` lists every endpoint.
"""

from __future__ import annotations

from typing import Any

__all__ = ["CATALOGUE", "Demo", "set_verbose", "start"]


def __getattr__(name: str) -> Any:
    """Import the launcher on first use, not with the package.

    So ``python -m servers.programs.agent`` runs one small program without first
    importing (and so double-importing) every server in the catalogue.
    """
    if name in __all__:
        from servers import launcher

        return getattr(launcher, name)
    raise AttributeError(f"module 'servers' has no attribute {name!r}")
