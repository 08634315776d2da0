"""httplib.adapters: pools, TLS settings, proxies, timeouts and retries over urllib3."""

from __future__ import annotations

import io

import pytest
import urllib3
from urllib3.util import Retry

import httplib
from httplib.adapters import BaseAdapter, HTTPAdapter
from httplib.exceptions import ConnectTimeout, InvalidProxyURL, InvalidSchema, ReadTimeout, SSLError


@pytest.fixture
def s():
    with httplib.Session() as session:
        session.trust_env = False
        yield session


def forwarded(demo, s) -> list[dict]:
    return s.get(demo.proxy + "/forwarded").json()


def test_mounting_the_longest_prefix_wins(demo, s):
    special = HTTPAdapter()
    s.mount(demo.httpbin, special)
    assert s.get_adapter(demo.httpbin + "/get") is special
    assert s.get_adapter("HTTP://elsewhere/") is s.adapters["http://"]
    assert next(iter(s.adapters)) == demo.httpbin  # longest first
    with pytest.raises(InvalidSchema, match="No connection adapters were found for 'ftp://x'"):
        s.get("ftp://x")


def test_a_custom_adapter_serves_its_own_scheme(s):
    class Canned(BaseAdapter):
        def send(self, request, **kwargs):
            response = httplib.Response()
            response.status_code, response.url, response.request = 200, request.url, request
            response.raw = io.BytesIO(b"canned answer")
            return response

        def close(self):
            pass

    s.mount("canned://", Canned())
    assert s.get("canned://anything/").text == "canned answer"


def test_retry_settings():
    assert HTTPAdapter().max_retries.total == 0
    assert HTTPAdapter().max_retries.read is False  # a read error is never retried
    assert HTTPAdapter(max_retries=3).max_retries.total == 3
    retry = Retry(total=2, status_forcelist=[503])
    assert HTTPAdapter(max_retries=retry).max_retries is retry


def test_retries_recover_from_a_flaky_server(demo, s):
    retry = Retry(total=3, status_forcelist=[503], backoff_factor=0)
    s.mount("http://", HTTPAdapter(max_retries=retry))
    response = s.get(demo.httpbin + "/unstable", params={"fail_times": 2, "key": "adapters"})
    assert response.status_code == 200


def test_timeouts(demo, s):
    with pytest.raises(ConnectTimeout):
        s.get(demo.blackhole, timeout=(0.2, 5))
    with pytest.raises(ReadTimeout):
        s.get(demo.faults + "/slow-headers?delay=1", timeout=urllib3.Timeout(connect=5, read=0.2))
    with pytest.raises(ValueError, match="Invalid timeout"):
        s.get(demo.httpbin + "/get", timeout=(1, 2, 3))
    assert s.get(demo.httpbin + "/delay/0.1", timeout=(5, 5)).status_code == 200


def test_one_pool_per_origin_and_new_pool_settings_take_effect(demo, s):
    """The adapter keeps urllib3's pool key per origin (a speed-up); it must still give
    each origin one pool, and notice when the manager's pool settings change, as
    urllib3's own lookup would."""
    adapter = s.get_adapter(demo.httpbin)
    for _ in range(3):
        assert s.get(demo.httpbin + "/get", timeout=5).status_code == 200
    assert s.get(demo.json_get, timeout=5).status_code == 200
    assert len(adapter.poolmanager.pools) == 2
    first = adapter.poolmanager.connection_from_url(demo.httpbin)
    adapter.poolmanager.connection_pool_kw["maxsize"] = 3
    assert s.get(demo.httpbin + "/get", timeout=5).status_code == 200
    assert len(adapter.poolmanager.pools) == 3  # the request made the new pool itself
    second = adapter.poolmanager.connection_from_url(demo.httpbin)
    assert second is not first and second.pool.maxsize == 3


def test_verify_with_the_demo_ca(demo, s):
    assert s.get(demo.https + "/get", verify=demo.ca_bundle).status_code == 200
    with pytest.raises(SSLError):
        s.get(demo.self_signed + "/get")


def test_verify_false_warns_and_never_shares_a_pool_with_verify_on(demo, s):
    url = demo.self_signed + "/get"
    with pytest.warns(urllib3.exceptions.InsecureRequestWarning):
        assert s.get(url, verify=False).status_code == 200
    # the unverified connection is still pooled; a verifying request must not reuse it
    with pytest.raises(SSLError):
        s.get(url, verify=demo.ca_bundle)


def test_missing_tls_files_are_reported_before_connecting(demo, s, tmp_path):
    with pytest.raises(OSError, match="Could not find a suitable TLS CA certificate bundle"):
        s.get(demo.https + "/get", verify=str(tmp_path / "no-ca.pem"))
    with pytest.raises(OSError, match="Could not find the TLS certificate file"):
        s.get(demo.mtls + "/", verify=demo.ca_bundle, cert=str(tmp_path / "no-cert.pem"))


def test_client_certificates(demo, s):
    response = s.get(demo.mtls + "/", verify=demo.ca_bundle,
                     cert=(demo.client_cert, demo.client_key))
    assert response.status_code == 200
    with pytest.raises(SSLError):
        s.get(demo.mtls + "/", verify=demo.ca_bundle)


def test_plain_http_through_a_proxy_uses_the_absolute_form(demo, s):
    s.delete(demo.proxy + "/forwarded")
    # ?show_env=1: httpbin shows the headers a proxy adds, such as Via, only when asked.
    response = s.get(demo.httpbin + "/get?show_env=1", proxies={"http": demo.proxy})
    assert response.json()["headers"]["Via"] == "1.1 workbook-proxy"
    assert forwarded(demo, s)[-1]["target"] == demo.httpbin + "/get?show_env=1"


def test_https_through_a_proxy_tunnels_with_connect(demo, s):
    s.delete(demo.proxy + "/forwarded")
    response = s.get(demo.https + "/get?show_env=1", verify=demo.ca_bundle,
                     proxies={"https": demo.proxy})
    assert response.status_code == 200 and "Via" not in response.json()["headers"]
    assert forwarded(demo, s)[-1]["method"] == "CONNECT"


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_proxy_credentials_go_to_the_proxy_only(demo, s, scheme):
    proxy = demo.auth_proxy.replace("http://", "http://proxyuser:proxypass@")
    url = (demo.httpbin if scheme == "http" else demo.https) + "/headers"
    response = s.get(url, proxies={scheme: proxy}, verify=demo.ca_bundle)
    assert response.status_code == 200
    assert "Proxy-Authorization" not in response.json()["headers"]


def test_proxy_keys_by_host_and_all(demo, s):
    s.delete(demo.proxy + "/forwarded")
    s.get(demo.httpbin + "/get", proxies={"all://127.0.0.1": demo.proxy})
    # a proxy for another host is not used (its port is closed: it would fail)
    s.get(demo.httpbin + "/get", proxies={"http://localhost": "http://127.0.0.1:9"})
    assert len(forwarded(demo, s)) == 1


def test_a_proxy_url_without_a_host_is_refused(demo, s):
    with pytest.raises(InvalidProxyURL):
        s.get(demo.httpbin + "/get", proxies={"http": "http://"})


def test_connections_are_reused(demo, s):
    for _ in range(5):
        s.get(demo.httpbin + "/get")
    pool = s.adapters["http://"].poolmanager.connection_from_url(demo.httpbin)
    assert pool.num_connections == 1 and pool.num_requests == 5


def test_build_response_fields(demo, s):
    response = s.get(demo.httpbin + "/response-headers", params={"Set-Cookie": "k=v"})
    assert response.connection is s.adapters["http://"]
    assert response.raw.headers["Set-Cookie"] == "k=v"
    assert response.cookies["k"] == "v"
    assert response.encoding == "utf-8"


def test_close_drops_the_pools(demo, s):
    adapter = s.adapters["http://"]
    s.get(demo.httpbin + "/get")
    adapter.close()
    assert len(adapter.poolmanager.pools) == 0
    assert s.get(demo.httpbin + "/get").status_code == 200  # and it still works afterwards
