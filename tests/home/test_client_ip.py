"""Rate limits and lock-outs key on the real client, even behind proxies."""

from types import SimpleNamespace

from django.test import RequestFactory

import django_ratelimit.core
import pytest

from home.client_ip import client_ip


@pytest.fixture
def rf():
    return RequestFactory()


def test_without_trusted_proxies_the_peer_address_is_used_and_headers_ignored(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = rf.get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert client_ip(request) == "203.0.113.9"


def test_behind_one_proxy_the_address_it_saw_is_used(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
    # "6.6.6.6" was typed by the client; only the proxy's own entry is trusted.
    assert client_ip(request) == "198.51.100.7"


def test_behind_two_proxies_the_second_entry_from_the_right_is_used(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    request = rf.get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7, 10.0.0.1"
    )
    assert client_ip(request) == "198.51.100.7"


def test_a_configured_header_is_read(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXY_HEADER = "X-Real-IP"
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_REAL_IP="2001:db8::1")
    assert client_ip(request) == "2001:db8::1"


@pytest.mark.parametrize("header", ["", "not-an-address"])
def test_a_missing_or_garbled_header_falls_back_to_the_peer(rf, settings, header):
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=header)
    assert client_ip(request) == "10.0.0.2"


def test_search_rate_limit_counts_each_client_behind_the_proxy(client, settings, db, monkeypatch):
    # Hold django-ratelimit's clock still, so the minute cannot turn mid-test.
    monkeypatch.setattr(
        django_ratelimit.core, "time", SimpleNamespace(time=lambda: 1_800_000_030.0)
    )
    settings.TRUSTED_PROXY_COUNT = 1
    settings.RATELIMIT_ENABLE = True
    for _ in range(60):
        assert (
            client.get(
                "/search/",
                {"q": "help"},
                REMOTE_ADDR="10.0.0.2",
                HTTP_X_FORWARDED_FOR="198.51.100.1",
            ).status_code
            == 200
        )
    assert (
        client.get(
            "/search/", {"q": "help"}, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.1"
        ).status_code
        == 429
    )
    # Another visitor behind the same load balancer has a bucket of their own.
    other = client.get(
        "/search/", {"q": "help"}, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.2"
    )
    assert other.status_code == 200
