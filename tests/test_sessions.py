"""httplib.sessions: settings that persist, how they merge, the environment, send()."""

from __future__ import annotations

import pickle
import uuid

import pytest
from urllib3.util import Retry

import httplib
from httplib.adapters import HTTPAdapter
from httplib.exceptions import SSLError
from httplib.sessions import merge_hooks, merge_setting
from tests.proxy_log import forwarded


@pytest.fixture
def s():
    with httplib.Session() as session:
        session.trust_env = False
        yield session


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    """No proxies, CA bundle or netrc from the real environment."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "REQUESTS_CA_BUNDLE",
                 "CURL_CA_BUNDLE"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))
    return monkeypatch


def sent_headers(response) -> dict:
    return response.json()["headers"]


def test_merge_setting():
    assert merge_setting({"a": "1", "b": None}, {"b": "2", "c": "3"}) == {"a": "1", "c": "3"}
    assert merge_setting(None, {"x": 1}) == {"x": 1}
    assert merge_setting("request", "session") == "request"
    assert merge_setting(False, True) is False
    assert merge_hooks({"response": []}, {"response": [print]}) == {"response": [print]}


def test_session_defaults():
    with httplib.Session() as session:
        assert session.max_redirects == 30 and session.trust_env and session.verify is True
        assert session.headers["User-Agent"] == "python-httplib/0.1.0"
        assert (session.auth, session.cert, session.stream, session.proxies) == (
            None, None, False, {})
    assert isinstance(httplib.session(), httplib.Session)


def test_request_headers_merge_over_session_headers(demo, s):
    s.headers["X-Session"] = "s"
    s.headers["X-Both"] = "session"
    echo = sent_headers(s.get(demo.httpbin + "/headers",
                              headers={"X-Both": "request", "Accept-Encoding": None}))
    assert (echo["X-Session"], echo["X-Both"]) == ("s", "request")
    # None deleted the session's Accept-Encoding, so urllib3/http.client chose "identity"
    assert echo["Accept-Encoding"] == "identity"


def test_params_auth_and_cookies_from_the_session(demo, s):
    s.params = {"page": "1"}
    s.auth = ("u", "p")
    s.cookies.set("k", "v")
    response = s.get(demo.httpbin + "/basic-auth/u/p", params={"extra": "x"})
    assert response.status_code == 200
    assert response.url.endswith("?page=1&extra=x")
    assert s.get(demo.httpbin + "/basic-auth/u/p", auth=("u", "no")).status_code == 401
    assert s.get(demo.httpbin + "/cookies").json() == {"cookies": {"k": "v"}}


def test_a_session_can_stream_by_default(demo, s):
    s.stream = True
    response = s.get(demo.httpbin + "/bytes/10")
    assert response._content is False
    assert len(response.content) == 10


def test_ca_bundle_from_the_environment(demo, clean_env):
    clean_env.setenv("REQUESTS_CA_BUNDLE", demo.ca_bundle)
    with httplib.Session() as session:
        assert session.get(demo.https + "/get").status_code == 200
        session.trust_env = False
        with pytest.raises(SSLError):
            session.get(demo.https + "/get")
    clean_env.delenv("REQUESTS_CA_BUNDLE")
    clean_env.setenv("CURL_CA_BUNDLE", demo.ca_bundle)
    assert httplib.get(demo.https + "/get").status_code == 200


def test_an_explicit_verify_beats_the_environment(demo, clean_env):
    clean_env.setenv("REQUESTS_CA_BUNDLE", "/nonexistent/ca.pem")
    assert httplib.get(demo.https + "/get", verify=demo.ca_bundle).status_code == 200


def test_proxies_from_the_environment_and_no_proxy(demo, clean_env):
    clean_env.setenv("HTTP_PROXY", demo.proxy)
    echo = demo.httpbin + "/headers?show_env=1"  # with the headers a proxy adds, such as Via
    with httplib.Session() as session:
        assert "Via" in sent_headers(session.get(echo))
        bypass = session.get(echo, proxies={"no_proxy": "127.0.0.1"})
        assert "Via" not in sent_headers(bypass)
        clean_env.setenv("NO_PROXY", "127.0.0.1")
        assert "Via" not in sent_headers(session.get(echo))
        clean_env.delenv("NO_PROXY")
        session.trust_env = False
        assert "Via" not in sent_headers(session.get(echo))


def test_netrc_credentials_when_no_auth_is_given(demo, clean_env, tmp_path):
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login nu password np\n")
    clean_env.setenv("NETRC", str(netrc))
    url = demo.httpbin + "/basic-auth/nu/np"
    assert httplib.get(url).status_code == 200
    assert httplib.get(url, auth=("nu", "other")).status_code == 401  # explicit auth wins
    with httplib.Session() as session:
        session.trust_env = False
        assert session.get(url).status_code == 401


def test_send_runs_the_whole_pipeline_for_a_prepared_request(demo, s):
    seen = []
    request = httplib.Request("GET", demo.httpbin + "/cookies/set/a/1",
                              hooks={"response": lambda r, **kw: seen.append(r.status_code)})
    response = s.send(s.prepare_request(request))
    assert seen == [302, 200] and s.cookies["a"] == "1"
    assert response.json() == {"cookies": {"a": "1"}}


def test_a_malformed_redirect_location_names_the_request_and_the_redirect(demo):
    with pytest.raises(httplib.exceptions.InvalidURL) as caught:
        httplib.get(demo.faults + "/redirect-malformed", timeout=5)
    assert caught.value.request.url == demo.faults + "/redirect-malformed"
    assert caught.value.response.status_code == 302
    assert caught.value.response.headers["Location"] == "http://[::1"


def mark_response(r, **kwargs):
    """A response hook. Defined at module level: pickle stores a function by its module
    and name, so a pickled session can carry this one (not a lambda)."""
    r.headers["X-Hooked"] = "yes"
    return r


def test_a_pickled_session_keeps_every_setting_and_its_adapters(demo, clean_env):
    # trust_env=False must survive: an environment proxy that goes nowhere proves it.
    clean_env.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    retries = Retry(total=3, status_forcelist=[503], backoff_factor=0)
    with httplib.Session() as original:
        original.trust_env = False
        original.get(demo.httpbin + "/cookies/set/from_server/2", timeout=5)
        original.cookies.set("by_hand", "1")  # no domain: goes to every host
        original.headers["X-Team"] = "docs"
        original.auth = ("u", "p")
        original.params = {"lang": "en"}
        original.hooks["response"].append(mark_response)
        original.proxies = {"http": demo.proxy}
        original.verify = demo.ca_bundle
        original.cert = (demo.client_cert, demo.client_key)
        original.max_redirects = 2
        original.stream = True
        original.mount(demo.httpbin, HTTPAdapter(max_retries=retries, pool_maxsize=3,
                                                 pool_block=True))
        restored = pickle.loads(pickle.dumps(original))

    with restored:
        probe = uuid.uuid4().hex
        r = restored.get(demo.httpbin + "/anything", params={"probe": probe}, timeout=5)
        assert r._content is False, "stream=True: the body waits until it is read"
        echo = r.json()
        assert echo["args"] == {"lang": "en", "probe": probe}
        assert echo["headers"]["X-Team"] == "docs"
        assert echo["headers"]["Authorization"] == httplib.auth._basic_auth_str("u", "p")
        assert echo["headers"]["Cookie"] == "from_server=2; by_hand=1"
        assert any(probe in seen["target"] for seen in forwarded(demo.proxy)), "via the proxy"
        assert r.headers["X-Hooked"] == "yes"
        # The server's cookie keeps its host; the one set by hand still goes everywhere.
        elsewhere = restored.get(demo.httpbin.replace("127.0.0.1", "localhost") + "/cookies",
                                 timeout=5)
        assert elsewhere.json() == {"cookies": {"by_hand": "1"}}
        with pytest.raises(httplib.TooManyRedirects):
            restored.get(demo.httpbin + "/redirect/3", timeout=5)
        # verify and cert: the mTLS server wants the local CA and the client certificate.
        assert restored.get(demo.mtls + "/", timeout=5).status_code == 200

        adapter = restored.get_adapter(demo.httpbin + "/")
        assert adapter is not original.get_adapter(demo.httpbin + "/")
        assert (adapter.max_retries.total, adapter.max_retries.status_forcelist) == (3, [503])
        assert adapter.poolmanager.connection_pool_kw["maxsize"] == 3
        assert adapter.poolmanager.connection_pool_kw["block"] is True
        flaky = restored.get(demo.httpbin + "/unstable", timeout=5,
                             params={"fail_times": 2, "key": uuid.uuid4().hex})
        assert flaky.status_code == 200, "the restored adapter retried the two 503s"
        assert [h.status for h in flaky.raw.retries.history] == [503, 503]


def test_a_pickled_adapter_has_new_empty_pools(demo, s):
    s.get(demo.httpbin + "/get", timeout=5)  # a pool with an open connection
    adapter = s.get_adapter(demo.httpbin)
    copy = pickle.loads(pickle.dumps(adapter))
    assert len(adapter.poolmanager.pools) == 1 and len(copy.poolmanager.pools) == 0
    assert copy.proxy_manager == {} and copy.max_retries.total == adapter.max_retries.total
