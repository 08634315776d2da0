"""``httplib.packages``: urllib3 and idna under httplib's name, as ``requests.packages``.

Long ago requests shipped its own copies of urllib3 and idna inside itself, and code
of that time reaches them through it: ``requests.packages.urllib3.disable_warnings()``.
requests now uses the installed packages and keeps the old names as aliases; so does
httplib. Nothing is copied: each name is the installed module itself.

    >>> import urllib3, httplib.packages
    >>> httplib.packages.urllib3.exceptions is urllib3.exceptions
    True

It is loaded only when first used (``import httplib`` does not load it), so only old
code that asks for it pays for importing idna.

Owns: those aliases, and nothing else.
"""

from __future__ import annotations

import sys

import idna
import urllib3

__all__ = ["idna", "urllib3"]


def _alias_loaded_modules() -> None:
    """Make ``httplib.packages.<name>`` the same module as ``<name>`` in ``sys.modules``.

    ``httplib.packages.urllib3`` above is an attribute; ``import
    httplib.packages.urllib3.util`` and ``from httplib.packages.urllib3.exceptions
    import ...`` look in ``sys.modules`` instead, so every submodule loaded so far gets
    an entry there under the longer name too.
    """
    for package in __all__:
        for name in [name for name in sys.modules
                     if name == package or name.startswith(package + ".")]:
            sys.modules[f"{__name__}.{name}"] = sys.modules[name]


_alias_loaded_modules()
