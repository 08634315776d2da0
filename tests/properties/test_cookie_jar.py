"""The cookie jar's dict view agrees with a plain dict, and with requests' jar.

``RequestsCookieJar`` is an ``http.cookiejar.CookieJar`` (which stores cookies by
domain, then path, then name) that also acts as a dict of name -> value. A stateful
test plays random operations on three objects and compares them after every step:

* httplib's jar, under test;
* a model: a plain dict ``{(domain, path, name): value}``, the jar's real key;
* requests' jar, given the same operations: code written for requests relies on it.

The dict view's rules, as the model states them: ``jar[name] = value`` sets the cookie
for every host and path (domain ``""``, path ``"/"``); a name set in several domains or
paths is ambiguous, so ``jar[name]`` raises ``CookieConflictError`` until ``get`` is
told which; ``del jar[name]`` removes every cookie of that name and is quiet when there
is none; setting ``None`` removes; a value in double quotes loses its ``\\"`` escapes.
"""

from __future__ import annotations

import pytest
import requests.cookies
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from httplib.cookies import CookieConflictError, RequestsCookieJar

Key = tuple[str, str, str]  # (domain, path, name): what identifies a cookie

NAMES = st.text(st.sampled_from("abAB"), min_size=1, max_size=2)  # few: names collide
# Any text, but often quoted and with '\\"' inside, to exercise the unquoting rule.
VALUES = st.one_of(st.text(max_size=4),
                   st.text(st.sampled_from('ab"\\ ;='), max_size=5).map(lambda v: f'"{v}"'))
DOMAINS = st.sampled_from(["", "example.com", ".example.org"])
PATHS = st.sampled_from(["/", "/docs"])
DEFAULT_SCOPE = ("", "/")  # where jar[name] = value puts a cookie


def stored(value: str) -> str:
    r"""A value as the jar keeps it: quoted values lose their escaped quotes (as in
    requests; the quotes stay).

    The rule runs each time a cookie enters a jar, and it is not idempotent: ``"\\""``
    (quote, two backslashes, two quotes) becomes ``"\""``, which becomes ``"`` when the
    cookie is copied into another jar. requests does the same; the model follows both.
    """
    if value.startswith('"') and value.endswith('"'):
        return value.replace('\\"', "")
    return value


class CookieJarMachine(RuleBasedStateMachine):
    """Random dict-style operations on httplib's and requests' jars, against the model."""

    def __init__(self) -> None:
        super().__init__()
        self.ours = RequestsCookieJar()
        self.theirs = requests.cookies.RequestsCookieJar()
        self.model: dict[Key, str] = {}

    def named(self, name: str) -> dict[Key, str]:
        return {key: value for key, value in self.model.items() if key[2] == name}

    @rule(name=NAMES, value=VALUES)
    def set_item(self, name: str, value: str) -> None:
        self.ours[name] = self.theirs[name] = value
        self.model[(*DEFAULT_SCOPE, name)] = stored(value)

    @rule(name=NAMES, value=VALUES, domain=DOMAINS, path=PATHS)
    def set_in_scope(self, name: str, value: str, domain: str, path: str) -> None:
        self.ours.set(name, value, domain=domain, path=path)
        self.theirs.set(name, value, domain=domain, path=path)
        self.model[(domain, path, name)] = stored(value)

    @rule(name=NAMES, domain=st.one_of(st.none(), DOMAINS), path=st.one_of(st.none(), PATHS))
    def set_none_removes(self, name: str, domain: str | None, path: str | None) -> None:
        """``set(name, None)`` removes the cookie: in every scope, or only the one given."""
        self.ours.set(name, None, domain=domain, path=path)
        self.theirs.set(name, None, domain=domain, path=path)
        for key in list(self.named(name)):
            if domain in (None, key[0]) and path in (None, key[1]):
                del self.model[key]

    @rule(name=NAMES)
    def delete(self, name: str) -> None:
        del self.ours[name]  # no KeyError for a missing name, unlike a dict
        del self.theirs[name]
        for key in list(self.named(name)):
            del self.model[key]

    @rule(pairs=st.dictionaries(NAMES, VALUES, max_size=3))
    def update_from_dict(self, pairs: dict[str, str]) -> None:
        self.ours.update(pairs)
        self.theirs.update(pairs)
        for name, value in pairs.items():
            self.model[(*DEFAULT_SCOPE, name)] = stored(value)

    @rule(pairs=st.dictionaries(NAMES, VALUES, max_size=3), domain=DOMAINS, path=PATHS)
    def update_from_jar(self, pairs: dict[str, str], domain: str, path: str) -> None:
        """Another jar's cookies are copied in, each keeping its domain and path."""
        for jar in (self.ours, self.theirs):
            other = type(jar)()
            for name, value in pairs.items():
                other.set(name, value, domain=domain, path=path)
            jar.update(other)
        for name, value in pairs.items():  # stored in ``other``, then again in the jar
            self.model[(domain, path, name)] = stored(stored(value))

    @rule(name=NAMES, domain=st.one_of(st.none(), DOMAINS), path=st.one_of(st.none(), PATHS))
    def get(self, name: str, domain: str | None, path: str | None) -> None:
        """``get`` finds the one cookie in scope, gives the default for none, and raises
        CookieConflictError when the name is ambiguous there."""
        found = [value for (d, p, _), value in self.named(name).items()
                 if domain in (None, d) and path in (None, p)]
        for jar in (self.ours, self.theirs):
            if len(found) > 1:
                with pytest.raises(requests.cookies.CookieConflictError if jar is self.theirs
                                   else CookieConflictError):
                    jar.get(name, domain=domain, path=path)
            else:
                assert jar.get(name, "missing", domain=domain, path=path) == (
                    found[0] if found else "missing")

    @rule()
    def copy(self) -> None:
        """A copy holds the same cookies; from now on the machine carries on with copies
        (requests' too: a copy is rebuilt, so its iteration order is rebuilt as well)."""
        copied = self.ours.copy()
        assert isinstance(copied, RequestsCookieJar)
        assert copied.items() == [(name, stored(value)) for name, value in self.ours.items()]
        self.ours, self.theirs = copied, self.theirs.copy()
        self.model = {key: stored(value) for key, value in self.model.items()}

    @invariant()
    def dict_view_agrees(self) -> None:
        assert len(self.ours) == len(self.model) == len(self.theirs)
        assert sorted(self.ours.items()) == sorted((n, v) for (_, _, n), v in self.model.items())
        # The order is the CookieJar's (domain, then path, then name): the same in both.
        assert self.ours.items() == self.theirs.items()
        assert self.ours.keys() == self.theirs.keys() == [name for name, _ in self.ours.items()]
        assert self.ours.values() == [value for _, value in self.ours.items()]
        for domain in ("", "example.com", ".example.org"):
            for path in ("/", "/docs"):
                assert self.ours.get_dict(domain, path) == {
                    n: v for (d, p, n), v in self.model.items() if (d, p) == (domain, path)}
        assert self.ours.get_dict() == self.theirs.get_dict()

    @invariant()
    def item_access_agrees(self) -> None:
        """``name in jar`` and ``jar[name]``: found, missing (KeyError) or ambiguous."""
        for name in ("a", "b", "A", "B", "ab"):
            found = list(self.named(name).values())
            assert (name in self.ours) == bool(found) == (name in self.theirs)
            if len(found) == 1:
                assert self.ours[name] == found[0] == self.theirs[name]
            elif not found:
                with pytest.raises(KeyError):
                    self.ours[name]
            else:
                with pytest.raises(CookieConflictError):
                    self.ours[name]
                with pytest.raises(requests.cookies.CookieConflictError):
                    self.theirs[name]


TestCookieJar = CookieJarMachine.TestCase
