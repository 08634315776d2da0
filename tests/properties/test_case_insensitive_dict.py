"""``CaseInsensitiveDict`` behaves like a plain dict keyed by ``key.lower()``.

A stateful test: hypothesis plays random sequences of operations (set, delete, update,
copy...) on three objects at once and checks, after every step, that they agree:

* httplib's ``CaseInsensitiveDict``, the object under test;
* a *model*: a plain dict ``{key.lower(): (key as last set, value)}``, simple enough
  to be obviously right. It says what the rules are: any casing finds a key,
  iteration shows the casing set last, a key keeps its place when it is set again;
* requests' ``CaseInsensitiveDict``, since code written for requests relies on it.

When they disagree, hypothesis shrinks the sequence to the shortest one that fails.
"""

from __future__ import annotations

from typing import Any

import pytest
import requests.structures
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from httplib.structures import CaseInsensitiveDict

# Few letters, so the same name often comes back in another casing. 'ß', 'İ' and 'Σ'
# have unusual lower() forms: the rule is "same lower(), same key", whatever lower() does.
KEYS = st.text(st.sampled_from("aAbBcC-ßİΣσ"), min_size=1, max_size=3)
VALUES = st.text(max_size=3)


def recased(key: str, flips: list[bool]) -> str:
    """``key`` with the case of some characters swapped: the "same" key, typed differently."""
    return "".join(c.swapcase() if i < len(flips) and flips[i] else c for i, c in enumerate(key))


class CaseInsensitiveDictMachine(RuleBasedStateMachine):
    """Random operations on httplib's and requests' dicts, checked against the model."""

    def __init__(self) -> None:
        super().__init__()
        self.ours = CaseInsensitiveDict()
        self.theirs = requests.structures.CaseInsensitiveDict()
        self.model: dict[str, tuple[str, Any]] = {}

    @rule(key=KEYS, value=VALUES)
    def set_item(self, key: str, value: str) -> None:
        self.ours[key] = self.theirs[key] = value
        self.model[key.lower()] = (key, value)  # an existing key keeps its place

    @rule(key=KEYS, flips=st.lists(st.booleans()))
    def delete(self, key: str, flips: list[bool]) -> None:
        """``del`` in any casing; a missing key raises KeyError, as in any dict."""
        key = recased(key, flips)
        if key.lower() in self.model:
            del self.ours[key], self.theirs[key], self.model[key.lower()]
        else:
            with pytest.raises(KeyError):
                del self.ours[key]
            with pytest.raises(KeyError):
                del self.theirs[key]

    @rule(pairs=st.lists(st.tuples(KEYS, VALUES), max_size=3), as_dict=st.booleans())
    def update(self, pairs: list[tuple[str, str]], as_dict: bool) -> None:
        """``update`` with a dict or a list of pairs sets each pair in order."""
        other = dict(pairs) if as_dict else pairs
        self.ours.update(other)
        self.theirs.update(other)
        for key, value in (other.items() if as_dict else other):
            self.model[key.lower()] = (key, value)

    @rule(key=KEYS, value=VALUES)
    def copy_then_change_the_copy(self, key: str, value: str) -> None:
        """A copy is equal, independent (changing it leaves the original alone) and
        complete: from now on the machine carries on with the copy."""
        copied = self.ours.copy()
        assert isinstance(copied, CaseInsensitiveDict)
        assert copied == self.ours and list(copied) == list(self.ours)
        before = list(self.ours.items())
        copied[key] = value
        assert list(self.ours.items()) == before
        self.ours = copied
        self.theirs[key] = value
        self.model[key.lower()] = (key, value)

    @precondition(lambda self: self.model)
    @rule(data=st.data())
    def lookup_in_any_casing(self, data: st.DataObject) -> None:
        """Every casing of a stored ASCII name finds it: ``get``, ``[]`` and ``in``."""
        cased, value = data.draw(st.sampled_from(list(self.model.values())))
        flips = data.draw(st.lists(st.booleans(), max_size=len(cased)))
        key = recased(cased, flips)
        if key.lower() == cased.lower():  # always for ASCII; not for every unicode letter
            assert key in self.ours
            assert self.ours[key] == self.ours.get(key) == self.theirs[key] == value

    @rule(key=KEYS)
    def lookup_missing(self, key: str) -> None:
        if key.lower() not in self.model:
            assert key not in self.ours
            assert self.ours.get(key, "default") == "default"
            with pytest.raises(KeyError):
                self.ours[key]

    @invariant()
    def agrees_with_the_model_and_with_requests(self) -> None:
        assert len(self.ours) == len(self.model) == len(self.theirs)
        # Iteration: insertion order, each key in the casing set last.
        assert list(self.ours) == [cased for cased, _ in self.model.values()] == list(self.theirs)
        assert list(self.ours.items()) == list(self.model.values()) == list(self.theirs.items())
        assert list(self.ours.keys()) == list(self.theirs.keys())
        assert list(self.ours.values()) == [value for _, value in self.model.values()]
        assert list(self.ours.lower_items()) == [
            (lower, value) for lower, (_, value) in self.model.items()
        ] == list(self.theirs.lower_items())
        assert dict(self.ours) == dict(self.theirs)

    @invariant()
    def equality_ignores_case_only(self) -> None:
        """``==`` with any mapping compares lower-cased keys and the values."""
        shouting = {cased.upper(): value for cased, value in self.model.values()}
        if len(shouting) == len(self.model) and all(  # upper() kept the keys apart
                k.lower() in self.model for k in shouting):
            assert self.ours == shouting
            assert self.theirs == shouting
        assert self.ours == self.theirs
        assert self.ours == dict(self.model.values())
        assert self.ours != [*self.model]  # not a mapping: never equal
        if self.model:
            changed = dict(self.model.values())
            first = next(iter(changed))
            changed[first] = (changed[first], "changed")  # a different value
            assert self.ours != changed


TestCaseInsensitiveDict = CaseInsensitiveDictMachine.TestCase
