"""Two small containers the rest of httplib leans on.

Owns: :class:`CaseInsensitiveDict`, the mapping behind every ``headers`` attribute
(HTTP field names are case-insensitive, RFC 9110 section 5.1), and :class:`LookupDict`,
the attribute-style table behind ``httplib.codes``.
Must not: know anything else about HTTP.

A dict that ignores the case of its keys, for headers (lessons 02 and 06), and a table
read by attribute, for status codes (lesson 03).
"""

from __future__ import annotations

from collections.abc import ItemsView, Iterable, Iterator, Mapping, MutableMapping
from typing import Any


class CaseInsensitiveDict(MutableMapping):
    """A dict whose keys match in any case, and which remembers the case last set.

    Servers may send ``content-type`` or ``Content-Type``; both mean the same field::

        >>> headers = CaseInsensitiveDict({"Content-Type": "text/html"})
        >>> headers["content-type"]
        'text/html'
        >>> list(headers)              # iteration shows the case you used
        ['Content-Type']

    :param data: The first items: a mapping, or ``(key, value)`` pairs.
    :param **kwargs: More items, as for ``dict(...)``.
    """

    def __init__(self, data: Mapping[str, Any] | Iterable[tuple[str, Any]] | None = None,
                 **kwargs: Any) -> None:
        # lower-cased key -> (key as last set, value)
        self._store: dict[str, tuple[str, Any]] = {}
        if type(data) is CaseInsensitiveDict:
            self._store = data._store.copy()  # the common case, made cheap
        elif data or kwargs:
            self.update(data or {}, **kwargs)

    def __setitem__(self, key: str, value: Any) -> None:
        self._store[key.lower()] = (key, value)

    def update(self, other: Mapping[str, Any] | Iterable[tuple[str, Any]] = (), /,
               **kwargs: Any) -> None:
        """Add or replace items, as ``dict.update`` does; a key keeps the case given last.

        Every request merges and copies headers, so this is written as one fast loop:
        plain dicts are tested first, as ``isinstance`` against an abstract class costs
        more.

        :param other: A mapping, an object with ``keys()``, or ``(key, value)`` pairs.
        :param **kwargs: More items.
        """
        if type(other) is dict:
            pairs: Iterable[tuple[str, Any]] = other.items()
        elif isinstance(other, CaseInsensitiveDict):
            pairs = other._store.values()
        elif isinstance(other, Mapping) or hasattr(other, "keys"):
            # Not other.items(): urllib3's HTTPHeaderDict gives a repeated field's values
            # one by one there, and its merged value only by key.
            pairs = ((key, other[key]) for key in other.keys())  # noqa: SIM118 - as dict does
        else:
            pairs = other
        store = self._store
        for key, value in pairs:
            store[key.lower()] = (key, value)
        for key, value in kwargs.items():
            store[key.lower()] = (key, value)

    def __getitem__(self, key: str) -> Any:
        return self._store[key.lower()][1]

    def get(self, key: str, default: Any = None) -> Any:
        """The value of ``key`` in any case, or ``default``: ``headers.get("etag")``.

        One dict lookup, with no KeyError raised and caught inside.

        :param key: The key, in any case.
        :param default: What to return when there is no such key.
        """
        found = self._store.get(key.lower()) if isinstance(key, str) else None
        return default if found is None else found[1]

    def __delitem__(self, key: str) -> None:
        del self._store[key.lower()]

    def __iter__(self) -> Iterator[str]:
        return (cased for cased, _ in self._store.values())

    def __len__(self) -> int:
        return len(self._store)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key.lower() in self._store

    def items(self) -> ItemsView:
        """``(key, value)`` pairs, each key in the case it was last set."""
        return _Items(self)

    def lower_items(self) -> Iterator[tuple[str, Any]]:
        """Items with lower-cased keys: what comparisons use."""
        return ((lower, pair[1]) for lower, pair in self._store.items())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Mapping):
            return NotImplemented
        return dict(self.lower_items()) == dict(CaseInsensitiveDict(other).lower_items())

    def copy(self) -> CaseInsensitiveDict:
        """A new dict with the same items, to change without changing this one."""
        return CaseInsensitiveDict(self)

    def __repr__(self) -> str:
        return str(dict(self.items()))


class _Items(ItemsView):
    """``headers.items()``: a normal items view, iterated straight from the store."""

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        return iter(self._mapping._store.values())


class LookupDict(dict):
    """A namespace read by attribute or by key; unknown keys give ``None``.

        >>> table = LookupDict("demo"); table.ok = 200
        >>> table.ok, table["ok"], table["missing"]
        (200, 200, None)

    :param name: A name to show in its ``repr``.
    """

    def __init__(self, name: str | None = None) -> None:
        self.name = name
        super().__init__()

    def __repr__(self) -> str:
        return f"<lookup '{self.name}'>"

    def __getitem__(self, key: str) -> Any:
        return self.__dict__.get(key)

    def get(self, key: str, default: Any = None) -> Any:
        """The value set under ``key`` as an attribute, or ``default``.

        :param key: The attribute's name, such as ``"ok"``.
        :param default: What to return when there is none.
        """
        return self.__dict__.get(key, default)
