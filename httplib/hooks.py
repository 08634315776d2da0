"""Hooks: user functions called on each response as it arrives.

Owns: the list of events (only ``"response"``), the hook table (registering into it,
removing from it), and dispatching.
Must not: decide *when* hooks run; ``Session.send`` does, once per response.

    >>> def show(response, **kwargs):
    ...     print(response.status_code, response.url)
    >>> httplib.get(url, hooks={"response": show})    # doctest: +SKIP

A hook may return a new response to replace the one it got (``None`` keeps it); its
keyword arguments are the ones ``send`` got (timeout, verify...). Hooks run once per
response, redirects included, in the order they were registered (lesson 23).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from httplib._types import Hook, Hooks
    from httplib.response import Response

HOOKS = ["response"]
"""The events a hook can be registered for: only ``"response"``."""


def default_hooks() -> dict[str, list[Callable[..., Any]]]:
    """A fresh table with an empty list for every event: ``{"response": []}``."""
    return {event: [] for event in HOOKS}


def register_hook(hooks: dict[str, list[Callable]], event: str,
                  hook: Hook | Iterable[Hook]) -> None:
    """Add ``hook`` to ``hooks[event]``, after the hooks already there.

    :param hooks: The table to add to, such as ``session.hooks``.
    :param event: ``"response"``, the only event.
    :param hook: A function, or an iterable of them (anything in it that cannot be
        called is skipped).
    :raises ValueError: ``event`` is not an event httplib knows.
    """
    if event not in hooks:
        raise ValueError(f'Unsupported event specified, with event name "{event}"')
    if callable(hook):
        hooks[event].append(hook)
    elif hasattr(hook, "__iter__"):
        hooks[event].extend(h for h in hook if callable(h))


def deregister_hook(hooks: dict[str, list[Callable]], event: str, hook: Hook) -> bool:
    """Remove ``hook`` from ``hooks[event]``; True if it was there.

    :param hooks: The table to remove from.
    :param event: The event it was registered for.
    :param hook: The function to remove (its first registration only).
    """
    if hook in hooks[event]:
        hooks[event].remove(hook)
        return True
    return False


def dispatch_hook(key: str, hooks: Hooks, hook_data: Response, **kwargs: Any) -> Response:
    """Call every hook registered for ``key`` in turn; each may replace ``hook_data``.

    :param key: The event, ``"response"``.
    :param hooks: The table: a list of functions (or one function) by event.
    :param hook_data: What the hooks are called with: the response.
    :param **kwargs: Passed to each hook: the sending settings (``timeout``...).
    :returns: ``hook_data``, or what the last hook to return something returned.
    """
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
