"""The purgers of the proxies in front of the site, against a local stand-in for each service."""

import json
import logging
import os
import subprocess
import sys
import time
from collections.abc import Callable

import pytest
from django.test import override_settings

from core.pagecache.proxies import (
    CloudflarePurger,
    FastlyPurger,
    HttpPurger,
    VarnishPurger,
    configured_purgers,
)
from tests.live.servers import ROOT, free_port
from tests.stub_http import Answer, Recorded, StubServer

TOKEN = "secret-token-never-logged"

# Each purger, pointed at a base URL, with a short timeout for the failure cases.
PURGERS: dict[str, Callable[[str], HttpPurger]] = {
    "varnish": lambda url: VarnishPurger([url], timeout=0.5),
    "fastly": lambda url: FastlyPurger("svc1", TOKEN, api_base=url, timeout=0.5),
    "cloudflare": lambda url: CloudflarePurger("zone1", TOKEN, api_base=url, timeout=0.5),
}


def keys(count: int, prefix: str = "article-") -> list[str]:
    return [f"{prefix}{n}" for n in range(count)]


def test_varnish_sends_one_purge_per_node_with_the_keys():
    with StubServer() as node_a, StubServer() as node_b:
        VarnishPurger([node_a.url + "/", node_b.url]).purge(["film-3", "article-12", "film-3"])
    for node in (node_a, node_b):
        [request] = node.requests
        assert request.method == "PURGE"
        assert request.path == "/"
        assert request.headers["xkey-purge"] == "article-12 film-3"
        assert request.body == b""


def test_varnish_batches_keep_the_header_short():
    many = keys(600, prefix="festival-edition-")  # about 13,000 characters
    with StubServer() as node:
        VarnishPurger([node.url]).purge(many)
    headers = [request.headers["xkey-purge"] for request in node.requests]
    assert len(headers) > 1 and all(len(header) <= 4000 for header in headers)
    assert sorted(key for header in headers for key in header.split()) == sorted(many)


def test_fastly_purges_by_surrogate_key_in_batches_of_256():
    many = keys(600)
    with StubServer() as api:
        FastlyPurger("svc1", TOKEN, api_base=api.url).purge(many)
    # Batches go out together, in no set order.
    assert sorted(len(r.headers["Surrogate-Key"].split()) for r in api.requests) == [88, 256, 256]
    for request in api.requests:
        assert (request.method, request.path) == ("POST", "/service/svc1/purge")
        assert request.headers["Fastly-Key"] == TOKEN
        assert "Fastly-Soft-Purge" not in request.headers  # a hard purge (see the module)
    assert sorted(k for r in api.requests for k in r.headers["Surrogate-Key"].split()) == sorted(many)


def test_cloudflare_purges_by_tag_in_batches_of_100():
    many = keys(250)
    with StubServer() as api:
        CloudflarePurger("zone1", TOKEN, api_base=api.url).purge(many)
    bodies = [json.loads(request.body) for request in api.requests]
    assert sorted(len(body["tags"]) for body in bodies) == [50, 100, 100]
    assert sorted(tag for body in bodies for tag in body["tags"]) == sorted(many)
    for request in api.requests:
        assert (request.method, request.path) == ("POST", "/zones/zone1/purge_cache")
        assert request.headers["Authorization"] == f"Bearer {TOKEN}"
        assert request.headers["Content-Type"] == "application/json"


@pytest.mark.parametrize("make", PURGERS.values(), ids=PURGERS.keys())
def test_no_keys_no_request(make):
    with StubServer() as server:
        make(server.url).purge([])
    assert server.requests == []


@pytest.mark.parametrize("make", PURGERS.values(), ids=PURGERS.keys())
def test_a_malformed_key_is_dropped_and_logged(make, caplog):
    with StubServer() as server:
        make(server.url).purge(["article-1", "two words", "comma,key", "line\r\nX-Evil: 1"])
    [request] = server.requests
    assert "X-Evil" not in request.headers
    assert "article-1" in (
        request.headers.get("xkey-purge", "")
        + request.headers.get("Surrogate-Key", "")
        + request.body.decode()
    )
    assert "malformed" in caplog.text


def answer_500(request: Recorded) -> Answer:
    return 500, {}, b"boom"


def answer_slowly(request: Recorded) -> Answer:
    time.sleep(2)
    return 200, {}, b""


def answer_redirect(request: Recorded) -> Answer:
    return 301, {"Location": "/elsewhere"}, b""


FAILURES = {"500": answer_500, "timeout": answer_slowly, "3xx": answer_redirect}


@pytest.mark.parametrize("answer", FAILURES.values(), ids=FAILURES.keys())
@pytest.mark.parametrize("make", PURGERS.values(), ids=PURGERS.keys())
def test_a_failing_service_is_logged_not_raised(make, answer, caplog):
    with caplog.at_level(logging.ERROR, logger="core.pagecache"), StubServer(answer) as server:
        started = time.monotonic()
        make(server.url).purge(["article-1"])
        assert time.monotonic() - started < 1.5, "the purge waited past its timeout"
    assert [r.levelname for r in caplog.records] == ["ERROR"]
    assert caplog.records[0].name == "core.pagecache"
    assert TOKEN not in caplog.text
    assert all(request.path != "/elsewhere" for request in server.requests)


@pytest.mark.parametrize("make", PURGERS.values(), ids=PURGERS.keys())
def test_a_refused_connection_is_logged_not_raised(make, caplog):
    with caplog.at_level(logging.ERROR, logger="core.pagecache"):
        make(f"http://127.0.0.1:{free_port()}").purge(["article-1"])
    assert "purge failed" in caplog.text and TOKEN not in caplog.text


def test_cloudflare_reporting_failure_in_a_200_is_logged(caplog):
    def refuse(request: Recorded) -> Answer:
        return 200, {}, b'{"success": false, "errors": [{"code": 1134, "message": "Quota"}]}'

    with StubServer(refuse) as api:
        CloudflarePurger("zone1", TOKEN, api_base=api.url).purge(["article-1"])
    assert "Quota" in caplog.text


def test_every_node_is_tried_when_one_is_down(caplog):
    with StubServer() as node:
        VarnishPurger([f"http://127.0.0.1:{free_port()}", node.url]).purge(["article-1"])
    assert len(node.requests) == 1 and "purge failed" in caplog.text


def test_unanswering_nodes_hold_the_save_for_one_timeout_not_one_per_request(caplog):
    """Three Varnish nodes that never answer, and keys for three batches each: the editor's
    save waits about one timeout (the requests go out together), not nine in a row."""
    with StubServer(answer_slowly) as a, StubServer(answer_slowly) as b, StubServer(answer_slowly) as c:
        purger = VarnishPurger([a.url, b.url, c.url], timeout=0.5)
        many = keys(3 * purger.most_keys)
        started = time.monotonic()
        purger.purge(many)
        waited = time.monotonic() - started
        assert all(len(node.requests) == 3 for node in (a, b, c))
    assert waited < 1.5, f"the purge waited {waited:.1f} s"
    assert caplog.text.count("purge failed") == 9


@override_settings(
    PAGE_CACHE_VARNISH_URLS=["http://10.0.0.1:6081/", "http://10.0.0.2:6081/"],
    PAGE_CACHE_FASTLY={"service_id": "svc1", "token": TOKEN},
    PAGE_CACHE_CLOUDFLARE={"zone_id": "zone1", "token": TOKEN},
)
def test_configured_purgers_follow_the_settings():
    varnish, fastly, cloudflare = configured_purgers()
    assert isinstance(varnish, VarnishPurger) and varnish.urls == [
        "http://10.0.0.1:6081/",
        "http://10.0.0.2:6081/",
    ]
    assert isinstance(fastly, FastlyPurger) and fastly.url == "https://api.fastly.com/service/svc1/purge"
    assert isinstance(cloudflare, CloudflarePurger)
    assert cloudflare.url == "https://api.cloudflare.com/client/v4/zones/zone1/purge_cache"


@override_settings(PAGE_CACHE_VARNISH_URLS=[], PAGE_CACHE_FASTLY=None, PAGE_CACHE_CLOUDFLARE=None)
def test_no_proxy_configured_no_purger():
    assert configured_purgers() == []


def settings_under(environment: dict[str, str]) -> dict:
    """The three settings as newsroom/settings.py reads them from this environment."""
    names = (
        "VARNISH_PURGE_URLS",
        "FASTLY_SERVICE_ID",
        "FASTLY_API_TOKEN",
        "CLOUDFLARE_ZONE_ID",
        "CLOUDFLARE_API_TOKEN",
    )
    env = {k: v for k, v in os.environ.items() if k not in names}
    code = (
        "import json; from django.conf import settings; print(json.dumps([settings.PAGE_CACHE_VARNISH_URLS, "
        "settings.PAGE_CACHE_FASTLY, settings.PAGE_CACHE_CLOUDFLARE]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "newsroom.settings", **environment},
        capture_output=True,
        text=True,
        check=True,
    )
    varnish, fastly, cloudflare = json.loads(done.stdout)
    return {"varnish": varnish, "fastly": fastly, "cloudflare": cloudflare}


def test_settings_read_the_environment():
    assert settings_under({}) == {"varnish": [], "fastly": None, "cloudflare": None}
    assert settings_under(
        {
            "VARNISH_PURGE_URLS": "http://10.0.0.1:6081/, http://10.0.0.2:6081/",
            "FASTLY_SERVICE_ID": "svc1",
            "FASTLY_API_TOKEN": "f-token",
            "CLOUDFLARE_ZONE_ID": "zone1",
            "CLOUDFLARE_API_TOKEN": "c-token",
        }
    ) == {
        "varnish": ["http://10.0.0.1:6081/", "http://10.0.0.2:6081/"],
        "fastly": {"service_id": "svc1", "token": "f-token"},
        "cloudflare": {"zone_id": "zone1", "token": "c-token"},
    }
    # Half a pair is no service.
    assert settings_under({"FASTLY_SERVICE_ID": "svc1"})["fastly"] is None
