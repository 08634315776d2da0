"""Values that differ from one kernel to the next, for exercises whose answer is a value.

When an exercise asks for something read from a response (a status code, a cookie's
value, a word on a page), a fixed answer could be copied from the answer key's stored
output or a neighbour's screen. So the exercise asks about a value this kernel chose::

    from workbook import tasks

    code = tasks.pick("status", [409, 410, 418, 422, 451])   # this kernel's code
    url = demo.httpbin + f"/status/{code}"

and its check compares with ``tasks.pick("status", ...)`` again, which gives the same
value for the whole life of the kernel, and another value in another kernel. The
choices are made by a random generator seeded once per kernel from the operating
system; a name keeps each exercise's draw apart from the others'.

Lessons must not print such a value where it is the answer: the stored output of the
answer key would then show one that is wrong for everyone else.
"""

from __future__ import annotations

import hashlib
import random
import secrets
import string
from collections.abc import Sequence
from typing import TypeVar

Choice = TypeVar("Choice")

_KERNEL_SEED = secrets.token_hex(16)
"""Drawn once, when the kernel first imports this module: the same for every call."""


def _rng(name: str) -> random.Random:
    """A generator for ``name`` in this kernel: the same draws every time it is asked."""
    digest = hashlib.sha256(f"{_KERNEL_SEED}:{name}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def pick(name: str, choices: Sequence[Choice]) -> Choice:
    """One of ``choices``: the same in this kernel for this ``name``, another elsewhere."""
    if not choices:
        raise ValueError("pick() needs at least one choice")
    return _rng(name).choice(list(choices))


def number(name: str, low: int, high: int) -> int:
    """A whole number from ``low`` to ``high``, fixed for ``name`` in this kernel."""
    return _rng(name).randint(low, high)


def word(name: str, length: int = 8) -> str:
    """A made-up lower-case word (``"qzmbtwea"``), fixed for ``name`` in this kernel."""
    rng = _rng(name)
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(length))
