"""Hooks: user functions called on each response as it arrives.

Owns: the list of events (only ``"response"``), the hook table (registering into it,
removing from it), and dispatching.
Must not: decide *when* hooks run; ``Session.send`` does, once per response.

    >>> def show(response, **kwargs):
    ...     print(response.status_code, response.url)
    >>> httplib.get(url, hooks={"response": show})    # doctest: +SKIP

A hook may return a new response to replace the one it got (``None`` keeps it); its
keyword arguments are the ones ``send`` got (timeout, verify...).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

HOOKS = ["response"]


def default_hooks() -> dict[str, list[Callable[..., Any]]]:
    """A fresh table with an empty list for every event."""
    return {event: [] for event in HOOKS}


def register_hook(hooks: dict[str, list[Callable]], event: str, hook: Any) -> None:
    """Add ``hook`` (a callable, or an iterable of callables) to ``hooks[event]``."""
    if event not in hooks:
        raise ValueError(f'Unsupported event specified, with event name "{event}"')
    if callable(hook):
        hooks[event].append(hook)
    elif hasattr(hook, "__iter__"):
        hooks[event].extend(h for h in hook if callable(h))


def deregister_hook(hooks: dict[str, list[Callable]], event: str, hook: Callable) -> bool:
    """Remove ``hook`` from ``hooks[event]``; True if it was there."""
    if hook in hooks[event]:
        hooks[event].remove(hook)
        return True
    return False


def dispatch_hook(key: str, hooks: dict[str, Any] | None, hook_data: Any, **kwargs: Any) -> Any:
    """Call every hook registered for ``key`` in turn; each may replace ``hook_data``."""
    functions = (hooks or {}).get(key)
    if not functions:
        return hook_data
    if callable(functions):
        functions = [functions]
    for hook in functions:
        result = hook(hook_data, **kwargs)
        if result is not None:
            hook_data = result
    return hook_data
