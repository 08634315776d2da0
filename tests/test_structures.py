"""httplib.structures: the case-insensitive header mapping and the codes lookup table."""

from __future__ import annotations

import httplib
from httplib.structures import CaseInsensitiveDict, LookupDict


def test_keys_match_in_any_case_and_keep_the_case_last_set():
    headers = CaseInsensitiveDict({"content-type": "text/html"})
    headers["Content-Type"] = "application/json"
    assert headers["CONTENT-TYPE"] == "application/json"
    assert "content-TYPE" in headers
    assert list(headers) == ["Content-Type"]
    assert len(headers) == 1
    del headers["CONTENT-type"]
    assert not headers


def test_lower_items_and_equality_with_any_mapping():
    headers = CaseInsensitiveDict(Accept="*/*", **{"X-Token": "1"})
    assert sorted(headers.lower_items()) == [("accept", "*/*"), ("x-token", "1")]
    assert headers == {"ACCEPT": "*/*", "x-token": "1"}
    assert headers != {"accept": "text/html", "x-token": "1"}
    assert headers != ["not", "a", "mapping"]


def test_copy_is_independent_and_repr_is_a_dict():
    headers = CaseInsensitiveDict([("A", "1")])
    copied = headers.copy()
    copied["a"] = "2"
    assert headers["A"] == "1" and copied["A"] == "2"
    assert repr(headers) == "{'A': '1'}"
    assert headers.get("missing", "default") == "default"


def test_response_headers_are_case_insensitive(demo):
    response = httplib.get(demo.httpbin + "/get")
    assert isinstance(response.headers, CaseInsensitiveDict)
    assert response.headers["content-type"] == response.headers["Content-Type"]


def test_lookup_dict_reads_by_attribute_or_key():
    table = LookupDict("demo")
    table.ok = 200
    assert (table.ok, table["ok"], table["missing"], table.get("missing", 0)) == (200, 200, None, 0)
    assert repr(table) == "<lookup 'demo'>"
    try:
        table.missing  # noqa: B018
    except AttributeError:
        pass
    else:
        raise AssertionError("an unknown attribute must raise AttributeError")
