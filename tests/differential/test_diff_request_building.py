"""Differential tests: how each client builds a request, as the server receives it.

Each scenario runs through requests and through httplib (the ``same`` fixture) and
compares what a user can observe: httpbin's echo of the request (``/anything``,
``/headers``, ``/dump/request`` for the raw head, header order and case included), the
``PreparedRequest`` before sending, and the exception a bad argument raises.

Covered here: query parameters, form/raw/streamed bodies, ``json=``, multipart
``files=``, headers (defaults, overrides, invalid values), cookies, Session merging,
authentication (URL, Basic, Digest, custom), IDNA and unicode URLs, hooks and every
HTTP method. Redirects, errors, timeouts, adapters, TLS and proxies live in the other
``test_diff_*`` files.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pytest

# --- what a scenario returns ------------------------------------------------------------


def echo(response: Any) -> dict[str, Any]:
    """Status and httpbin's JSON description of the request it received."""
    return {"status": response.status_code, "echo": response.json()}


def received(response: Any) -> dict[str, Any]:
    """Just the parts of httpbin's echo about the request body and its headers."""
    seen = response.json()
    return {"status": response.status_code, "method": seen.get("method"),
            "args": seen.get("args"), "data": seen.get("data"), "form": seen.get("form"),
            "files": seen.get("files"), "json": seen.get("json"), "headers": seen["headers"]}


def dump(response: Any) -> list[str]:
    """``/dump/request``: the raw request line, headers in order and case, then the body."""
    return response.content.decode("latin-1").split("\r\n")


def prepared(request: Any) -> dict[str, Any]:
    """Everything a user inspects on a PreparedRequest; header order and case included."""
    return {"method": request.method, "url": request.url, "path_url": request.path_url,
            "headers": list(request.headers.items()), "body": request.body}


_BOUNDARY = re.compile(r"boundary=([^\s;]+)")


def multipart(response: Any) -> dict[str, Any]:
    """A ``/dump/request`` of a multipart body with the random boundary replaced.

    Content-Length depends on the boundary's length, so it is checked against the body
    rather than compared between clients.
    """
    text = response.content.decode("latin-1")
    raw_head, body_start = _split_dump(text)
    boundary = _BOUNDARY.search(raw_head).group(1)
    lines = [line for line in raw_head.split("\r\n") if not line.startswith("Content-Length:")]
    length = int(re.search(r"Content-Length: (\d+)", raw_head).group(1))
    body = text[body_start:]
    return {"head": [line.replace(boundary, "BOUNDARY") for line in lines],
            "body": body.replace(boundary, "BOUNDARY"),
            "length_matches_body": length == len(body.encode("latin-1"))}


def _split_dump(text: str) -> tuple[str, int]:
    """The dump has no blank line between head and body: the head ends at the last header.

    Headers precede the first line starting with ``--`` (the first boundary).
    """
    index = text.index("\r\n--")
    return text[:index], index + 2


def session(lib: Any) -> Any:
    """A Session that ignores proxy settings from the environment."""
    s = lib.Session()
    s.trust_env = False
    return s


# --- params -----------------------------------------------------------------------------

PARAMS = {
    "dict": {"a": "1", "b": "two"},
    "dict_with_list_values": {"a": ["1", "2"], "b": "3"},
    "list_of_tuples": [("a", "1"), ("a", "2"), ("b", "3")],
    "tuple_of_tuples": (("x", "1"), ("y", "2")),
    "string": "a=1&b=2&c",
    "bytes": b"a=1&b=%C3%A9",
    "none_values_dropped": {"a": None, "b": "1", "c": [None, "2"]},
    "numbers": {"int": 1, "float": 2.5, "bool": True},
    "unicode": {"q": "café ☕", "ключ": "значение"},
    "needs_quoting": {"a b": "c&d=e/f?g#h", "plus+": "1+1", "slash/": "%20"},
    "bytes_values": {b"key": b"value", "k2": [b"v1", b"v2"]},
    "empty_dict": {},
    "empty_string": "",
}


@pytest.mark.parametrize("params", PARAMS.values(), ids=PARAMS.keys())
def test_params_shapes_in_url_and_as_received(demo, same, params):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/get", params=params)
        return {"url": r.url, "request_url": r.request.url, "args": r.json()["args"],
                "echo_url": r.json()["url"]}
    same(scenario)


@pytest.mark.parametrize("suffix", ["?x=1", "?x=1&", "?", "?x=1#frag", "#frag", "?x=%20y"])
def test_params_merged_into_existing_query(demo, same, suffix):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/get" + suffix, params={"y": "2", "z": ["3", "4"]})
        return {"url": r.url, "request_url": r.request.url, "args": r.json()["args"]}
    same(scenario)


def test_params_with_fragment_prepared_url(demo, same):
    same(lambda lib: prepared(
        lib.Request("GET", demo.httpbin + "/get#section-2", params={"a": "b c"}).prepare()))


# --- data= ------------------------------------------------------------------------------

DATA = {
    "dict": {"key": "value", "other": "2"},
    "list_of_tuples": [("key", "v1"), ("key", "v2"), ("k", "3")],
    "multi_valued_dict": {"key": ["v1", "v2"], "single": "s"},
    "unicode_dict": {"name": "Zoë", "emoji": "☕"},
    "none_values": {"a": None, "b": "kept"},
    "str": "raw text body",
    "unicode_str": "héllo wörld",
    "bytes": b"\x00\x01binary\xff",
    "json_looking_str": '{"not": "json="}',
    "tuple_of_tuples": (("a", "1"), ("b", "2")),
}


@pytest.mark.parametrize("data", DATA.values(), ids=DATA.keys())
def test_data_shapes_as_received(demo, same, data):
    same(lambda lib: received(lib.post(demo.httpbin + "/anything", data=data)))


@pytest.mark.parametrize("data", DATA.values(), ids=DATA.keys())
def test_data_shapes_prepared(demo, same, data):
    same(lambda lib: prepared(lib.Request("POST", demo.httpbin + "/post", data=data).prepare()))


@pytest.mark.parametrize("data", [None, {}, [], "", b""], ids=["none", "dict", "list", "str",
                                                                  "bytes"])
def test_post_empty_body_headers_as_received(demo, same, data):
    same(lambda lib: dump(lib.post(demo.httpbin + "/dump/request", data=data)))


def test_data_file_object(demo, same, tmp_path):
    path = tmp_path / "body.txt"
    path.write_bytes(b"line one\nline two\n")

    def scenario(lib):
        with open(path, "rb") as body:
            return dump(lib.post(demo.httpbin + "/dump/request", data=body))
    same(scenario)


def test_data_bytesio(demo, same):
    same(lambda lib: dump(lib.post(demo.httpbin + "/dump/request",
                                   data=io.BytesIO(b"in memory \x00 bytes"))))


def test_data_bytesio_partly_read_sends_the_rest(demo, same):
    def scenario(lib):
        body = io.BytesIO(b"0123456789")
        body.read(4)
        return dump(lib.post(demo.httpbin + "/dump/request", data=body))
    same(scenario)


def test_data_generator_is_sent_chunked(demo, same):
    def scenario(lib):
        def parts():
            yield b"first,"
            yield b"second,"
            yield "third"
        r = lib.post(demo.httpbin + "/anything", data=parts())
        return {"received": received(r), "request_body_is_generator": r.request.body is not None}
    same(scenario)


def test_data_generator_raw_head(demo, same):
    def scenario(lib):
        return dump(lib.post(demo.httpbin + "/dump/request", data=iter([b"ab", b"cd"])))
    same(scenario)


def test_data_with_explicit_content_type(demo, same):
    same(lambda lib: received(lib.post(demo.httpbin + "/anything", data="<a>x</a>",
                                       headers={"Content-Type": "application/xml"})))


# --- json= ------------------------------------------------------------------------------

JSON = {
    "dict": {"key": "value", "n": 1},
    "list": [1, "two", 3.0, None, True],
    "unicode": {"name": "Zoë", "cup": "☕", "han": "漢字"},
    "nested": {"a": {"b": [{"c": [1, 2, {"d": None}]}]}, "e": []},
    "string": "just a string",
    "zero": 0,
    "false": False,
    "empty_dict": {},
    "empty_list": [],
}


@pytest.mark.parametrize("payload", JSON.values(), ids=JSON.keys())
def test_json_as_received(demo, same, payload):
    same(lambda lib: received(lib.post(demo.httpbin + "/anything", json=payload)))


@pytest.mark.parametrize("payload", JSON.values(), ids=JSON.keys())
def test_json_prepared_body_and_headers(demo, same, payload):
    same(lambda lib: prepared(lib.Request("POST", demo.httpbin + "/post",
                                          json=payload).prepare()))


@pytest.mark.parametrize("payload", [float("nan"), {"x": float("inf")}, [float("-inf")]],
                         ids=["nan", "inf_in_dict", "minus_inf_in_list"])
def test_json_not_a_number_raises_invalid_json(demo, same, payload):
    same(lambda lib: lib.post(demo.httpbin + "/post", json=payload).status_code)


def test_json_unserialisable_object_raises(demo, same):
    same(lambda lib: lib.post(demo.httpbin + "/post", json={"when": object()}).status_code)


def test_data_and_json_both_given_data_wins(demo, same):
    same(lambda lib: received(lib.post(demo.httpbin + "/anything", data={"form": "yes"},
                                       json={"json": "ignored"})))


def test_empty_data_and_json_given_json_is_sent(demo, same):
    same(lambda lib: received(lib.post(demo.httpbin + "/anything", data={},
                                       json={"json": "sent"})))


def test_json_with_custom_content_type_is_kept(demo, same):
    same(lambda lib: received(lib.post(demo.httpbin + "/anything", json={"a": 1},
                                       headers={"Content-Type": "application/vnd.api+json"})))


def test_json_post_server_summary(demo, same):
    def scenario(lib):
        r = lib.post(demo.json_post + "/", json={"name": "Jane", "age": 17, "tags": ["a"]})
        return (r.status_code, r.text)
    same(scenario)


# --- files= -----------------------------------------------------------------------------


@pytest.fixture
def upload(tmp_path):
    path = tmp_path / "report.csv"
    path.write_bytes(b"id,name\n1,alice\n2,bob\n")
    return path


def test_files_plain_file_object(demo, same, upload):
    def scenario(lib):
        with open(upload, "rb") as f:
            return received(lib.post(demo.httpbin + "/anything", files={"report": f}))["files"]
    same(scenario)


def test_files_plain_file_object_raw(demo, same, upload):
    def scenario(lib):
        with open(upload, "rb") as f:
            return multipart(lib.post(demo.httpbin + "/dump/request", files={"report": f}))
    same(scenario)


FILE_SPECS = {
    "two_tuple": ("renamed.csv", b"a,b\n1,2\n"),
    "three_tuple": ("data.json", b'{"a": 1}', "application/json"),
    "four_tuple": ("notes.txt", b"hello", "text/plain", {"X-Part": "1", "Content-Language": "en"}),
    "str_content": ("text.txt", "unicode ☕ text"),
    "none_filename": (None, "a plain field"),
    "unicode_filename": ("résumé.txt", b"cv"),
    "three_tuple_none_type": ("x.bin", b"\x00\x01", None),
    "bytes_only": b"just bytes",
    "str_only": "just a string",
}


@pytest.mark.parametrize("spec", FILE_SPECS.values(), ids=FILE_SPECS.keys())
def test_files_tuple_forms_raw_multipart(demo, same, spec):
    same(lambda lib: multipart(lib.post(demo.httpbin + "/dump/request", files={"field": spec})))


@pytest.mark.parametrize("spec", FILE_SPECS.values(), ids=FILE_SPECS.keys())
def test_files_tuple_forms_as_received(demo, same, spec):
    def scenario(lib):
        seen = received(lib.post(demo.httpbin + "/anything", files={"field": spec}))
        return {"files": seen["files"], "form": seen["form"],
                "type": seen["headers"]["Content-Type"].split(";")[0]}
    same(scenario)


def test_files_with_file_object_in_tuple(demo, same, upload):
    def scenario(lib):
        with open(upload, "rb") as f:
            files = {"up": ("custom.csv", f, "text/csv", {"Expires": "0"})}
            return multipart(lib.post(demo.httpbin + "/dump/request", files=files))
    same(scenario)


def test_files_with_data_fields(demo, same):
    def scenario(lib):
        r = lib.post(demo.httpbin + "/dump/request",
                     data={"title": "Report", "tags": ["a", "b"]},
                     files={"doc": ("doc.txt", b"content")})
        return multipart(r)
    same(scenario)


def test_files_with_data_as_list_of_tuples(demo, same):
    def scenario(lib):
        r = lib.post(demo.httpbin + "/anything", data=[("k", "1"), ("k", "2")],
                     files=[("f", ("f.txt", b"x"))])
        seen = received(r)
        return seen["form"], seen["files"]
    same(scenario)


def test_files_multiple_files_same_field(demo, same):
    def scenario(lib):
        files = [("images", ("a.png", b"\x89PNG a", "image/png")),
                 ("images", ("b.png", b"\x89PNG b", "image/png")),
                 ("other", ("c.txt", b"c"))]
        return multipart(lib.post(demo.httpbin + "/dump/request", files=files))
    same(scenario)


def test_files_and_json_files_win(demo, same):
    def scenario(lib):
        seen = received(lib.post(demo.httpbin + "/anything", json={"j": 1},
                                 files={"f": ("f.txt", b"x")}))
        return seen["json"], seen["files"], seen["headers"]["Content-Type"].split(";")[0]
    same(scenario)


def test_files_with_str_data_raises(demo, same):
    same(lambda lib: lib.post(demo.httpbin + "/post", data="raw", files={"f": b"x"}).status_code)


def test_files_prepared_content_type_prefix(demo, same):
    def scenario(lib):
        p = lib.Request("POST", demo.httpbin + "/post", files={"f": ("a.txt", b"abc")}).prepare()
        return {"type": p.headers["Content-Type"].split("=")[0], "body_type": type(p.body).__name__,
                "length": int(p.headers["Content-Length"]) == len(p.body)}
    same(scenario)


def test_upload_endpoint_saves_file(demo, same):
    def scenario(lib):
        r = lib.post(demo.httpbin + "/upload", files={"image": ("pic.png", b"\x89PNG\r\n")})
        return r.status_code, r.headers.get("Content-Type")
    same(scenario)


# --- headers ----------------------------------------------------------------------------


def test_default_headers_as_received(demo, same):
    same(lambda lib: lib.get(demo.httpbin + "/headers").json())


def test_default_headers_raw_order_and_case(demo, same):
    same(lambda lib: dump(lib.get(demo.httpbin + "/dump/request")))


def test_default_headers_of_post_raw_order_and_case(demo, same):
    same(lambda lib: dump(lib.post(demo.httpbin + "/dump/request", data={"a": "1"})))


def test_session_default_headers(demo, same):
    same(lambda lib: list(lib.Session().headers.items()))


def test_utils_default_headers(demo, same):
    same(lambda lib: list(lib.utils.default_headers().items()))


def test_custom_headers_raw_order_and_case(demo, same):
    headers = {"X-First": "1", "x-lower-case": "2", "X-MiXeD": "3", "Accept": "text/html"}
    same(lambda lib: dump(lib.get(demo.httpbin + "/dump/request", headers=headers)))


def test_header_names_are_case_insensitive_override(demo, same):
    headers = {"user-agent": "my-agent/1.0", "accept-encoding": "identity", "ACCEPT": "x/y"}
    same(lambda lib: dump(lib.get(demo.httpbin + "/dump/request", headers=headers)))


def test_user_agent_override(demo, same):
    same(lambda lib: lib.get(demo.agent + "/agent", headers={"User-Agent": "Mozilla/5.0"}).text)


def test_default_user_agent_as_received(demo, same):
    same(lambda lib: lib.get(demo.agent + "/agent").text)


def test_none_header_value_removes_default(demo, same):
    headers = {"Accept-Encoding": None, "User-Agent": None}
    same(lambda lib: dump(lib.get(demo.httpbin + "/dump/request", headers=headers)))


def test_none_header_value_removes_session_default(demo, same):
    def scenario(lib):
        s = session(lib)
        s.headers["X-Session"] = "from session"
        r = s.get(demo.httpbin + "/dump/request", headers={"X-Session": None, "Accept": None})
        return dump(r)
    same(scenario)


@pytest.mark.parametrize("value", [b"bytes-value", b"caf\xc3\xa9", "café"],
                         ids=["ascii_bytes", "utf8_bytes", "latin1_str"])
def test_header_non_ascii_and_bytes_values(demo, same, value):
    same(lambda lib: dump(lib.get(demo.httpbin + "/dump/request", headers={"X-Value": value})))


def test_header_value_outside_latin1_is_a_value_error_in_both(demo, same):
    """Both refuse before sending, with a ValueError; NOT the same class: requests lets
    http.client's UnicodeEncodeError out, httplib raises its InvalidHeader, which
    ``except httplib.RequestException`` catches and which says what to do."""
    def scenario(lib):
        try:
            lib.get(demo.httpbin + "/headers", headers={"X-Snow": "☃"}, timeout=5)
        except ValueError:
            return "refused with a ValueError"
        return "sent"

    same(scenario)
    import httplib

    with pytest.raises(httplib.exceptions.InvalidHeader, match="Latin-1"):
        httplib.get(demo.httpbin + "/headers", headers={"X-Snow": "☃"}, timeout=5)


def test_bytes_header_name(demo, same):
    same(lambda lib: dump(lib.get(demo.httpbin + "/dump/request", headers={b"X-Bytes-Name": "v"})))


class HeaderName(str):
    """A str subclass as a header name (as a ``str``-based Enum member would be)."""


def test_header_names_as_bytes_or_a_str_subclass(demo, same):
    """Bytes names become text in ``r.request.headers`` (a subclass stays as it is, in
    both); every name is found in any case; the server gets each header once."""
    def scenario(lib):
        s = session(lib)
        s.headers[b"X-From-Session"] = "s"
        r = s.get(demo.httpbin + "/dump/request", timeout=5,
                  headers={b"X-Bytes": "b", HeaderName("X-Subclass"): "c", "x-bytes": "last"})
        sent = r.request.headers
        return (dump(r), [(name, type(name).__name__, value) for name, value in sent.items()],
                sent["x-from-session"], sent["X-BYTES"], sent["x-subclass"],
                "X-From-Session" in sent)
    same(scenario)


def test_bytes_header_name_and_value_prepared_without_a_session(same):
    def scenario(lib):
        p = lib.Request("GET", "http://127.0.0.1/", headers={b"X-Raw": b"v"}).prepare()
        return [(name, type(name).__name__, value) for name, value in p.headers.items()], \
            p.headers.get("x-raw")
    same(scenario)


INVALID_HEADERS = {
    "crlf_in_value": {"X-Bad": "a\r\nInjected: yes"},
    "lf_in_value": {"X-Bad": "a\nb"},
    "cr_in_value": {"X-Bad": "a\rb"},
    "leading_space_value": {"X-Bad": " leading"},
    "leading_tab_value": {"X-Bad": "\tleading"},
    "int_value": {"X-Bad": 1},
    "float_value": {"X-Bad": 1.5},
    "list_value": {"X-Bad": ["a", "b"]},
    "colon_in_name": {"X-Bad:": "v"},
    "leading_space_name": {" X-Bad": "v"},
    "newline_in_name": {"X-Bad\n": "v"},
    "crlf_in_bytes_value": {"X-Bad": b"a\r\nb"},
}


@pytest.mark.parametrize("headers", INVALID_HEADERS.values(), ids=INVALID_HEADERS.keys())
def test_invalid_header_raises(demo, same, headers):
    same(lambda lib: lib.get(demo.httpbin + "/headers", headers=headers).status_code)


@pytest.mark.parametrize("headers", INVALID_HEADERS.values(), ids=INVALID_HEADERS.keys())
def test_invalid_header_message(demo, same, headers):
    def scenario(lib):
        try:
            lib.Request("GET", demo.httpbin + "/headers", headers=headers).prepare()
        except lib.exceptions.InvalidHeader as error:
            return str(error)
        return "no error"
    same(scenario)


def test_trailing_whitespace_in_value_is_sent(demo, same):
    same(lambda lib: dump(lib.get(demo.httpbin + "/dump/request", headers={"X-T": "v  "})))


def test_accept_header_negotiates_github_text_match(demo, same):
    def scenario(lib):
        r = lib.get(demo.github + "/search/repositories", params={"q": "requests"},
                    headers={"Accept": "application/vnd.github.text-match+json"})
        body = r.json()
        return {"status": r.status_code, "media": r.headers.get("X-GitHub-Media-Type"),
                "text_matches": [item.get("text_matches") for item in body["items"]],
                "names": [item["full_name"] for item in body["items"]]}
    same(scenario)


def test_default_accept_github_search_has_no_text_matches(demo, same):
    def scenario(lib):
        r = lib.get(demo.github + "/search/repositories", params={"q": "requests"})
        return {"media": r.headers.get("X-GitHub-Media-Type"),
                "has_text_matches": any("text_matches" in i for i in r.json()["items"])}
    same(scenario)


def test_accept_header_picks_image_format(demo, same):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/image", headers={"Accept": "image/webp"})
        return r.status_code, r.headers.get("Content-Type"), r.content
    same(scenario)


# --- cookies= ---------------------------------------------------------------------------


def test_cookies_dict(demo, same):
    same(lambda lib: lib.get(demo.httpbin + "/cookies", cookies={"a": "1", "b": "two"}).json())


def test_cookies_dict_raw_header(demo, same):
    same(lambda lib: lib.get(demo.cookie_echo + "/", cookies={"theme": "dark", "n": "1"}).text)


def test_cookies_jar_with_domain_and_path(demo, same):
    def scenario(lib):
        jar = lib.cookies.RequestsCookieJar()
        jar.set("anywhere", "1")
        jar.set("root_path", "2", path="/")
        jar.set("other_path", "3", path="/elsewhere")
        jar.set("other_domain", "4", domain="example.org", path="/")
        return lib.get(demo.httpbin + "/cookies", cookies=jar).json()
    same(scenario)


def test_cookiejar_from_dict(demo, same):
    def scenario(lib):
        jar = lib.cookies.cookiejar_from_dict({"x": "1", "y": "2"})
        return lib.get(demo.cookie_echo + "/", cookies=jar).text
    same(scenario)


def test_cookie_header_and_cookies_argument(demo, same):
    same(lambda lib: lib.get(demo.cookie_echo + "/", headers={"Cookie": "h=1"},
                             cookies={"c": "2"}).text)


def test_session_cookies_merged_with_request_cookies(demo, same):
    def scenario(lib):
        s = session(lib)
        s.cookies.set("session_only", "s")
        s.cookies.set("both", "session")
        r = s.get(demo.httpbin + "/cookies", cookies={"both": "request", "request_only": "r"})
        return {"sent": r.json(), "kept_in_session": sorted(s.cookies.items())}
    same(scenario)


def test_session_keeps_cookies_set_by_server(demo, same):
    def scenario(lib):
        s = session(lib)
        s.get(demo.httpbin + "/cookies/set", params={"k": "v", "n": "2"}, allow_redirects=False)
        return {"jar": sorted(s.cookies.items()), "sent": s.get(demo.httpbin + "/cookies").json()}
    same(scenario)


def test_cookie_jar_iterkeys_itervalues_iteritems(demo, same):
    def scenario(lib):
        s = session(lib)
        s.get(demo.httpbin + "/cookies/set", params={"k": "v", "n": "2"}, allow_redirects=False)
        s.cookies.set("elsewhere", "3", domain="example.org")
        seen = {}
        for name in ("iterkeys", "itervalues", "iteritems"):
            iterator = getattr(s.cookies, name)()
            first = next(iterator)  # an iterator, not a list
            seen[name] = (iter(iterator) is iterator, first, list(iterator))
        return seen, list(s.cookies.iteritems()) == s.cookies.items()
    same(scenario)


def test_session_sends_cookie_setter_cookies_back(demo, same):
    def scenario(lib):
        s = session(lib)
        s.get(demo.cookie_setter + "/")
        text = s.get(demo.cookie_setter + "/").text
        return re.sub(r"sessionid=\d+", "sessionid=N", text)
    same(scenario)


# --- Session merging --------------------------------------------------------------------


def test_session_headers_merged_request_wins(demo, same):
    def scenario(lib):
        s = session(lib)
        s.headers.update({"X-Session": "s", "X-Both": "session", "Accept": "text/plain"})
        return dump(s.get(demo.httpbin + "/dump/request", headers={"X-Both": "request",
                                                                   "X-Request": "r"}))
    same(scenario)


def test_session_headers_case_insensitive_merge(demo, same):
    def scenario(lib):
        s = session(lib)
        s.headers["x-token"] = "session"
        return dump(s.get(demo.httpbin + "/dump/request", headers={"X-TOKEN": "request"}))
    same(scenario)


def test_session_params_merged(demo, same):
    def scenario(lib):
        s = session(lib)
        s.params = {"a": "1", "shared": "session", "gone": "x"}
        r = s.get(demo.httpbin + "/get", params={"shared": "request", "b": "2", "gone": None})
        return r.url, r.json()["args"]
    same(scenario)


def test_session_params_list_of_tuples(demo, same):
    def scenario(lib):
        s = session(lib)
        s.params = [("a", "1"), ("a", "2")]
        return s.get(demo.httpbin + "/get", params={"b": "3"}).url
    same(scenario)


def test_session_auth_used(demo, same):
    def scenario(lib):
        s = session(lib)
        s.auth = ("user", "pass")
        r = s.get(demo.httpbin + "/basic-auth/user/pass")
        return r.status_code, r.json(), r.request.headers["Authorization"]
    same(scenario)


def test_request_auth_overrides_session_auth(demo, same):
    def scenario(lib):
        s = session(lib)
        s.auth = ("user", "wrong")
        r = s.get(demo.httpbin + "/basic-auth/user/pass", auth=("user", "pass"))
        return r.status_code, r.request.headers["Authorization"]
    same(scenario)


def test_session_prepare_request(demo, same):
    def scenario(lib):
        s = session(lib)
        s.headers["X-Session"] = "1"
        s.params = {"s": "1"}
        s.cookies.set("c", "v")
        s.auth = ("u", "p")
        req = lib.Request("POST", demo.httpbin + "/post", params={"r": "2"},
                          headers={"X-Request": "2"}, data={"k": "v"})
        return prepared(s.prepare_request(req))
    same(scenario)


def test_session_send_prepared_request(demo, same):
    def scenario(lib):
        s = session(lib)
        req = lib.Request("PUT", demo.httpbin + "/anything", data=b"payload",
                          headers={"X-Sent": "yes"})
        p = s.prepare_request(req)
        p.headers["X-Added-Later"] = "1"
        return received(s.send(p))
    same(scenario)


# --- URL credentials, IDNA and unicode URLs ---------------------------------------------


def _with_credentials(url: str, credentials: str) -> str:
    return url.replace("http://", f"http://{credentials}@", 1)


def test_url_credentials_become_basic_auth(demo, same):
    def scenario(lib):
        r = lib.get(_with_credentials(demo.httpbin, "user:pass") + "/basic-auth/user/pass")
        return {"status": r.status_code, "url": r.url,
                "authorization": r.request.headers.get("Authorization")}
    same(scenario)


def test_url_credentials_percent_encoded(demo, same):
    def scenario(lib):
        url = _with_credentials(demo.httpbin, "us%40er:p%3Ass%20w") + "/headers"
        r = lib.get(url)
        return r.status_code, r.json()["headers"].get("Authorization")
    same(scenario)


def test_explicit_auth_beats_url_credentials(demo, same):
    def scenario(lib):
        url = _with_credentials(demo.httpbin, "wrong:wrong") + "/basic-auth/user/pass"
        return lib.get(url, auth=("user", "pass")).status_code
    same(scenario)


def test_url_credentials_on_nginx_secure(demo, same):
    def scenario(lib):
        r = lib.get(_with_credentials(demo.nginx, "user7:7user") + "/secure/")
        return r.status_code, r.text
    same(scenario)


IDNA_HOSTS = ["http://bücher.example/path", "http://straße.example/", "http://ÉXAMPLE.com/",
              "http://☃.net/", "http://xn--bcher-kva.example/", "http://例え.テスト/パス?q=値",
              "http://exa mple.com/", "http://.example.com/"]


@pytest.mark.parametrize("url", IDNA_HOSTS)
def test_idna_hostname_prepared_url(same, url):
    same(lambda lib: lib.Request("GET", url).prepare().url)


@pytest.mark.parametrize("path", ["/anything/café", "/anything/a b", "/anything/%E2%98%95",
                                  "/anything/ü?ä=ö", "/anything/x%2Fy", "/anything/[brackets]"])
def test_unicode_and_quoted_paths_as_received(demo, same, path):
    def scenario(lib):
        r = lib.get(demo.httpbin + path)
        return r.url, r.json()["url"], r.json()["args"]
    same(scenario)


def test_localhost_hostname(demo, same):
    def scenario(lib):
        url = demo.httpbin.replace("127.0.0.1", "localhost") + "/anything/ünï"
        r = lib.get(url)
        return r.url, r.json()["headers"]["Host"], r.json()["url"]
    same(scenario)


def test_uppercase_scheme_and_host_normalised(demo, same):
    def scenario(lib):
        url = demo.httpbin.replace("http://", "HTTP://") + "/get"
        return lib.Request("GET", url).prepare().url
    same(scenario)


def test_url_without_path_gets_slash(demo, same):
    same(lambda lib: prepared(lib.Request("GET", demo.httpbin, params={"a": "1"}).prepare()))


# --- PreparedRequest --------------------------------------------------------------------

REQUESTS = {
    "form": dict(method="POST", data={"a": "1", "b": ["2", "3"]}),
    "json": dict(method="POST", json={"a": [1, 2]}),
    "bytes": dict(method="PUT", data=b"\x00raw"),
    "str": dict(method="PATCH", data="text"),
    "lowercase_method": dict(method="get", params={"q": "x"}),
    "custom_method": dict(method="PROPFIND", headers={"Depth": "1"}),
    "head": dict(method="HEAD"),
    "delete_with_body": dict(method="DELETE", json={"id": 1}),
    "auth_tuple": dict(method="GET", auth=("user", "pass")),
    "cookies": dict(method="GET", cookies={"a": "1", "b": "2"}),
}


@pytest.mark.parametrize("kwargs", REQUESTS.values(), ids=REQUESTS.keys())
def test_prepared_request_inspection(demo, same, kwargs):
    same(lambda lib: prepared(lib.Request(url=demo.httpbin + "/anything?x=1", **kwargs).prepare()))


def test_prepared_request_repr(demo, same):
    def scenario(lib):
        req = lib.Request("post", demo.httpbin + "/post")
        return repr(req), repr(req.prepare())
    same(scenario)


def test_prepared_request_copy_is_independent(demo, same):
    def scenario(lib):
        p = lib.Request("GET", demo.httpbin + "/get", headers={"A": "1"}).prepare()
        q = p.copy()
        q.headers["A"] = "2"
        return prepared(p), prepared(q)
    same(scenario)


def test_prepared_request_prepare_method_and_url_by_hand(demo, same):
    def scenario(lib):
        p = lib.PreparedRequest()
        p.prepare(method="patch", url=demo.httpbin + "/patch", params={"a": "b"},
                  headers={"X": "y"}, data={"k": "v"})
        return prepared(p)
    same(scenario)


def test_response_request_is_what_was_sent(demo, same):
    def scenario(lib):
        r = lib.post(demo.httpbin + "/post", params={"p": "1"}, json={"j": 1},
                     headers={"X-Custom": "c"})
        return prepared(r.request)
    same(scenario)


def test_request_hooks_called_in_order(demo, same):
    def scenario(lib):
        calls = []

        def first(r, *args, **kwargs):
            calls.append(("first", r.status_code, sorted(kwargs)))

        def second(r, *args, **kwargs):
            calls.append(("second", r.status_code))
            r.headers["X-Hooked"] = "yes"

        s = session(lib)
        req = lib.Request("GET", demo.httpbin + "/get", hooks={"response": [first, second]})
        r = s.send(s.prepare_request(req))
        return calls, r.headers["X-Hooked"]
    same(scenario)


def test_hook_return_value_replaces_response(demo, same):
    def scenario(lib):
        def replace(r, *args, **kwargs):
            return lib.get(demo.httpbin + "/status/418")

        return lib.get(demo.httpbin + "/get", hooks={"response": replace}).status_code
    same(scenario)


def test_request_hooks_replace_session_hooks_of_same_event(demo, same):
    def scenario(lib):
        calls = []
        s = session(lib)
        s.hooks["response"].append(lambda r, *a, **k: calls.append("session"))
        s.get(demo.httpbin + "/get", hooks={"response": lambda r, *a, **k: calls.append("req")})
        return calls
    same(scenario)


def test_register_hook_on_request(demo, same):
    def scenario(lib):
        calls = []
        req = lib.Request("GET", demo.httpbin + "/get")
        req.register_hook("response", lambda r, *a, **k: calls.append(r.status_code))
        session(lib).send(req.prepare())
        return calls, sorted(req.hooks)
    same(scenario)


# --- auth= ------------------------------------------------------------------------------


def test_auth_tuple(demo, same):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/basic-auth/user/passwd", auth=("user", "passwd"))
        return r.status_code, r.json(), r.request.headers["Authorization"]
    same(scenario)


def test_http_basic_auth_object(demo, same):
    def scenario(lib):
        auth = lib.auth.HTTPBasicAuth("user", "passwd")
        r = lib.get(demo.httpbin + "/basic-auth/user/passwd", auth=auth)
        return r.status_code, r.json(), auth == lib.auth.HTTPBasicAuth("user", "passwd")
    same(scenario)


def test_basic_auth_unicode_credentials(demo, same):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/headers", auth=("üser", "pässwörd"))
        return r.json()["headers"]["Authorization"]
    same(scenario)


@pytest.mark.parametrize("path", ["/basic-auth/user/passwd", "/hidden-basic-auth/user/passwd"])
def test_basic_auth_wrong_password(demo, same, path):
    def scenario(lib):
        r = lib.get(demo.httpbin + path, auth=("user", "wrong"))
        return r.status_code, r.headers.get("WWW-Authenticate"), r.content
    same(scenario)


def test_nginx_secure_with_and_without_auth(demo, same):
    def scenario(lib):
        bad = lib.get(demo.nginx + "/secure/")
        good = lib.get(demo.nginx + "/secure/", auth=("user7", "7user"))
        return (bad.status_code, bad.headers.get("WWW-Authenticate"),
                good.status_code, good.text)
    same(scenario)


def _digest(r: Any) -> dict[str, Any]:
    """What a user sees of a digest login. The ``last_nonce`` cookie, set after a failed
    answer, holds the server's random nonce: only its presence is compared."""
    cookies = sorted((name, "<nonce>" if name == "last_nonce" else value)
                     for name, value in r.cookies.items())
    return {"status": r.status_code, "history": [h.status_code for h in r.history],
            "body": r.content, "cookies": cookies,
            "sent_cookie": r.request.headers.get("Cookie"),
            "scheme": r.request.headers.get("Authorization", "").split(" ")[0]}


@pytest.mark.parametrize("algorithm", ["", "/MD5", "/SHA-256", "/SHA-512", "/MD5-sess",
                                       "/SHA-256-sess"])
def test_digest_auth_algorithms(demo, same, algorithm):
    def scenario(lib):
        url = demo.httpbin + "/digest-auth/auth/user/passwd" + algorithm
        return _digest(lib.get(url, auth=lib.auth.HTTPDigestAuth("user", "passwd")))
    same(scenario)


def test_digest_auth_wrong_password(demo, same):
    def scenario(lib):
        url = demo.httpbin + "/digest-auth/auth/user/passwd/SHA-256"
        return _digest(lib.get(url, auth=lib.auth.HTTPDigestAuth("user", "nope")))
    same(scenario)


def test_digest_auth_int_only_is_unsupported(demo, same):
    def scenario(lib):
        url = demo.httpbin + "/digest-auth/auth-int/user/passwd"
        return _digest(lib.get(url, auth=lib.auth.HTTPDigestAuth("user", "passwd")))
    same(scenario)


def test_digest_auth_requires_challenge_cookie(demo, same):
    def scenario(lib):
        url = demo.httpbin + "/digest-auth/auth/user/passwd?require-cookie=true"
        return _digest(lib.get(url, auth=lib.auth.HTTPDigestAuth("user", "passwd")))
    same(scenario)


def test_digest_auth_reused_in_session(demo, same):
    def scenario(lib):
        s = session(lib)
        s.auth = lib.auth.HTTPDigestAuth("user", "passwd")
        url = demo.httpbin + "/digest-auth/auth/user/passwd/SHA-256"
        first, second = s.get(url), s.get(url)
        nc = re.search(r"nc=(\w+)", second.request.headers.get("Authorization", ""))
        return _digest(first), _digest(second), nc and nc.group(1)
    same(scenario)


def test_digest_auth_post_body(demo, same):
    def scenario(lib):
        url = demo.httpbin + "/digest-auth/auth/user/passwd/SHA-512"
        return _digest(lib.post(url, data={"k": "v"},
                                auth=lib.auth.HTTPDigestAuth("user", "passwd")))
    same(scenario)


def test_custom_auth_base_subclass(demo, same):
    def scenario(lib):
        class TokenAuth(lib.auth.AuthBase):
            def __init__(self, token):
                self.token = token

            def __call__(self, r):
                r.headers["Authorization"] = f"Bearer {self.token}"
                return r

        r = lib.get(demo.httpbin + "/bearer", auth=TokenAuth("12345abcde-token"))
        return r.status_code, r.json()
    same(scenario)


def test_auth_base_itself_is_abstract(demo, same):
    same(lambda lib: lib.get(demo.httpbin + "/get", auth=lib.auth.AuthBase()).status_code)


def test_plain_callable_as_auth(demo, same):
    def scenario(lib):
        def add_token(r):
            r.headers["X-Api-Key"] = "secret"
            return r

        return lib.get(demo.httpbin + "/headers", auth=add_token).json()
    same(scenario)


def test_bearer_token_via_headers(demo, same):
    def scenario(lib):
        good = lib.get(demo.httpbin + "/bearer", headers={"Authorization": "Bearer tok"})
        bad = lib.get(demo.httpbin + "/bearer")
        return good.status_code, good.json(), bad.status_code, bad.headers["WWW-Authenticate"]
    same(scenario)


@pytest.mark.parametrize("kwargs", [
    {"auth": ("octocat", "hunter2")},
    {"headers": {"Authorization": "Bearer ghp_workbookdemotoken"}},
    {"headers": {"Authorization": "token ghp_workbookdemotoken"}},
    {"auth": ("octocat", "wrong")},
    {},
], ids=["basic", "bearer", "token", "bad_password", "anonymous"])
def test_github_user_authentication(demo, same, kwargs):
    def scenario(lib):
        r = lib.get(demo.github + "/user", **kwargs)
        return r.status_code, r.json()
    same(scenario)


def test_authorization_header_overridden_by_auth(demo, same):
    def scenario(lib):
        r = lib.get(demo.httpbin + "/headers", headers={"Authorization": "Bearer x"},
                    auth=("u", "p"))
        return r.json()["headers"]["Authorization"]
    same(scenario)


# --- HTTP methods -----------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete", "options"])
def test_method_functions_as_received(demo, same, method):
    def scenario(lib):
        r = getattr(lib, method)(demo.httpbin + "/anything", data={"k": "v"})
        return received(r)
    same(scenario)


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete", "options", "head"])
def test_method_functions_without_body_raw(demo, same, method):
    def scenario(lib):
        r = getattr(lib, method)(demo.httpbin + "/dump/request")
        return r.status_code, dump(r) if method != "head" else r.content
    same(scenario)


def test_head_request(demo, same):
    def scenario(lib):
        r = lib.head(demo.httpbin + "/anything")
        return r.status_code, r.content, r.headers["Content-Type"], r.request.method
    same(scenario)


@pytest.mark.parametrize("method", ["PROPFIND", "get", "Post", "TRACE"])
def test_request_function_with_any_method(demo, same, method):
    def scenario(lib):
        r = lib.request(method, demo.httpbin + "/dump/request", data="<propfind/>")
        return r.status_code, dump(r)
    same(scenario)


def test_extension_method_reaches_server(demo, same):
    def scenario(lib):
        # /anything refuses PROPFIND (405); http.server names the method it cannot handle.
        refused = lib.request("PROPFIND", demo.httpbin + "/anything", data="<propfind/>")
        named = lib.request("PROPFIND", demo.agent + "/agent", headers={"Depth": "1"})
        return refused.status_code, named.status_code, named.reason, named.text
    same(scenario)


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "DELETE"])
def test_session_request_methods(demo, same, method):
    def scenario(lib):
        s = session(lib)
        r = getattr(s, method.lower())(demo.httpbin + "/" + method.lower(), json={"m": method})
        return received(r)
    same(scenario)


def test_method_given_as_bytes(demo, same):
    """``b"GET"`` works everywhere a method goes; the prepared method is text."""
    def scenario(lib):
        one_off = lib.request(b"GET", demo.httpbin + "/anything", timeout=5)
        with lib.Session() as s:
            posted = s.request(b"post", demo.httpbin + "/anything", data=b"x", timeout=5)
        by_hand = lib.Request(b"PATCH", demo.httpbin + "/anything").prepare()
        return ([(type(r.request.method).__name__, r.request.method, r.json()["method"])
                 for r in (one_off, posted)],
                (type(by_hand.method).__name__, by_hand.method))
    same(scenario)


def test_wrong_method_gets_405(demo, same):
    def scenario(lib):
        r = lib.put(demo.httpbin + "/get")
        return r.status_code, r.reason, sorted(r.headers.get("Allow", "").split(", "))
    same(scenario)


def test_posts_crud_roundtrip(demo, same):
    def scenario(lib):
        created = lib.post(demo.posts + "/posts", json={"title": "t", "body": "b", "userId": 1})
        # Patch our own new post: records other tests read must stay as served.
        patched = lib.patch(f"{demo.posts}/posts/{created.json()['id']}", json={"title": "patched"})
        form = lib.post(demo.posts + "/todos", data={"title": "form todo", "userId": "2"})
        return (created.status_code, sorted(created.json()), patched.json()["title"],
                form.status_code, form.json()["title"])
    same(scenario)
