"""Sign-in throttling (django-axes) and the rate limit on password-reset e-mails."""

import re
from datetime import timedelta
from types import SimpleNamespace

from django.contrib.auth import SESSION_KEY, get_user_model
from django.core import mail
from django.utils import timezone

import django_ratelimit.core
import pytest
from axes.models import AccessAttempt, AccessLog

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
LOGIN = "/admin/login/"


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "editor@example.org", PASSWORD)


def attempt(client, password, username="editor", **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def lock_out(client, settings, **extra):
    responses = [
        attempt(client, "wrong-password", **extra) for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    return responses


def test_wrong_passwords_are_answered_with_the_form_until_the_limit(client, editor, settings):
    responses = lock_out(client, settings)
    assert [r.status_code for r in responses[:-1]] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert responses[-1].status_code == 429


def test_a_locked_out_sign_in_is_refused_even_with_the_right_password(client, editor, settings):
    lock_out(client, settings)
    response = attempt(client, PASSWORD)
    assert response.status_code == 429
    assert SESSION_KEY not in client.session


def test_the_lock_out_page_says_kindly_when_to_try_again(client, editor, settings):
    before = timezone.now()
    response = lock_out(client, settings)[-1]
    cool_off = settings.AXES_COOLOFF_TIME.total_seconds()
    assert cool_off - 5 <= int(response["Retry-After"]) <= cool_off
    assert "no-store" in response["Cache-Control"]
    # No cookie of axes' own, and no session: only Django's CSRF cookie for the form.
    assert set(response.cookies) <= {settings.CSRF_COOKIE_NAME}
    html = response.content.decode()
    assert "<h1>Signing in is paused for a while</h1>" in html
    retry_at = timezone.localtime(before + settings.AXES_COOLOFF_TIME)
    expected_times = {
        timezone.localtime(retry_at + timedelta(seconds=s)).strftime("%H:%M") for s in (0, 5)
    }
    sentence = re.search(r"You can try again after (\d\d:\d\d), in about (\d+) minutes\.", html)
    assert sentence, html
    assert sentence.group(1) in expected_times
    assert int(sentence.group(2)) == cool_off // 60
    assert "If you try again before then, the wait starts again." in html
    assert 'href="/admin/password_reset/"' in html


def test_the_lock_out_is_for_that_username_and_address_only(client, editor, settings):
    get_user_model().objects.create_superuser("colleague", "", PASSWORD)
    lock_out(client, settings)
    # The same person elsewhere can still sign in: an attacker cannot lock them out.
    elsewhere = attempt(client, PASSWORD, REMOTE_ADDR="192.0.2.20")
    assert elsewhere.status_code == 302
    client.post("/admin/logout/")
    # Others at the attacker's address are not locked out either.
    assert attempt(client, PASSWORD, username="colleague").status_code == 302


def test_the_lock_out_lifts_after_the_cool_off(client, editor, settings):
    lock_out(client, settings)
    assert attempt(client, PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )
    assert attempt(client, PASSWORD).status_code == 302


def test_lock_outs_key_on_the_client_behind_a_trusted_proxy(client, editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    lock_out(client, settings, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    assert (
        attempt(client, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy).status_code == 429
    )
    # Another reader behind the same load balancer is someone else.
    response = attempt(client, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy)
    assert response.status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}


def test_axes_leaves_public_pages_alone(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    assert response.cookies == {}
    assert AccessAttempt.objects.count() == 0
    assert AccessLog.objects.count() == 0


def test_a_lock_out_is_refused_by_the_system_check_without_a_cool_off(settings):
    from home.accounts.checks import lockouts_end

    assert lockouts_end(None) == []
    settings.AXES_COOLOFF_TIME = None
    assert [error.id for error in lockouts_end(None)] == ["accounts.E001"]


# --- Password reset ------------------------------------------------------------------

RESET = "/admin/password_reset/"


@pytest.fixture
def frozen_ratelimit_clock(monkeypatch):
    """Hold django-ratelimit's clock still, so a window cannot turn mid-test."""
    frozen = SimpleNamespace(time=lambda: 1_800_000_030.0)
    monkeypatch.setattr(django_ratelimit.core, "time", frozen)


def test_password_reset_is_limited_per_email_address(
    client, editor, frozen_ratelimit_clock, home_page
):
    for _ in range(3):
        response = client.post(RESET, {"email": "Editor@Example.org "})
        assert response.status_code == 302
    assert len(mail.outbox) == 3
    response = client.post(RESET, {"email": "editor@example.org"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert "Please wait a moment" in html  # the site's own 429 page
    assert "exit-this-page__button" in html
    assert len(mail.outbox) == 3
    # Someone else's address is not held up.
    assert client.post(RESET, {"email": "other@example.org"}).status_code == 302


def test_password_reset_is_limited_per_client_address(client, frozen_ratelimit_clock, home_page):
    for n in range(10):
        assert client.post(RESET, {"email": f"person{n}@example.org"}).status_code == 302
    response = client.post(RESET, {"email": "one-more@example.org"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    other = client.post(RESET, {"email": "one-more@example.org"}, REMOTE_ADDR="192.0.2.30")
    assert other.status_code == 302


def test_the_password_reset_form_still_shows(client):
    response = client.get(RESET)
    assert response.status_code == 200
    assert 'name="email"' in response.content.decode()
