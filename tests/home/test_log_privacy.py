"""Logs hold no email address, no IP address and no secret from an address
(home/log_filters.py; docs/dpia.md, action A4)."""

import io
import logging
import re
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog

from home.governance.audit import prune_sign_in_records
from home.log_filters import REDACTED, RedactPersonalData, axes_client_str, redact

EMAIL = "jane.doe@example.org"
ADDRESS = "203.0.113.9"
IPV6 = "2001:db8::17"
TOKEN = "s3cr3t-T0ken_value.abc:xyz"

EMAILISH = re.compile(r"[\w.+-]+(@|%40)[\w-]+\.[\w.-]+")
IPV4ISH = re.compile(r"\b\d{1,3}(\.\d{1,3}){3}\b")


@pytest.fixture
def console():
    """What the console handler (the site's one log destination) writes."""
    handlers = [
        handler
        for name in ("", "django.request", "axes")
        for handler in logging.getLogger(name or None).handlers
        if any(isinstance(f, RedactPersonalData) for f in handler.filters)
    ]
    assert handlers, "the console handler has lost its redaction filter"
    stream = io.StringIO()
    old = [handler.setStream(stream) for handler in set(handlers)]
    yield stream
    for handler, previous in zip(set(handlers), old, strict=True):
        handler.setStream(previous)


def assert_clean(text, *secrets):
    assert EMAIL not in text and not EMAILISH.search(text), text
    assert ADDRESS not in text and not IPV4ISH.search(text), text
    assert IPV6 not in text, text
    for secret in secrets:
        assert secret not in text, text


# --- The filter on its own ---------------------------------------------------


@pytest.mark.parametrize(
    "text, kept",
    [
        (f"Sign-in by {EMAIL} from {ADDRESS}", "Sign-in by [redacted] from [redacted]"),
        (f"from {IPV6} and ::1", "from [redacted] and [redacted]"),
        ("jane%40example.org", REDACTED),
        ("at 12:30:45 on 2026-11-26, version 1.2.3", "at 12:30:45 on 2026-11-26, version 1.2.3"),
        (f"/verify/?code={TOKEN}&x=1", "/verify/?code=[redacted]&x=1"),
        (
            f"next=%2Fcontribute%2Fconsent%2F{TOKEN}%2F",
            "next=%2Fcontribute%2Fconsent%2F[redacted]%2F",
        ),
    ],
)
def test_redact_takes_out_emails_addresses_and_codes(text, kept):
    assert redact(text) == kept


SECRET_ROUTES = [
    ("cocreation:consent", [TOKEN]),
    ("cocreation:consent_picture", [TOKEN, 3]),
    ("cocreation:withdraw", [TOKEN]),
    ("cocreation:thanks", [TOKEN]),
    ("community:certificate", [TOKEN]),
    ("community:certificate_pdf", [TOKEN]),
    ("professionals:verify", [TOKEN]),
    ("professionals:password_reset_confirm", ["MTIz", TOKEN]),
    ("wagtailadmin_password_reset_confirm", ["MTIz", TOKEN]),
]


@pytest.mark.parametrize("name, args", SECRET_ROUTES)
def test_every_address_that_carries_a_secret_is_redacted(name, args):
    """Read from the URL configuration itself, so a moved route fails here."""
    url = reverse(name, args=args)
    redacted = redact(f"Internal Server Error: {url}")
    assert TOKEN not in redacted
    assert "MTIz" not in redacted
    assert REDACTED in redacted


def test_the_certificate_check_keeps_its_code_out_of_the_log():
    url = reverse("community:verify") + f"?code={TOKEN}"
    assert TOKEN not in redact(url)


def test_ordinary_addresses_are_kept():
    for url in ["/professionals/reset-password/sent/", "/search/?q=help", "/admin/pages/3/"]:
        assert redact(url) == url


def test_axes_describes_a_client_by_the_form_only():
    text = axes_client_str(EMAIL, ADDRESS, "Mozilla/5.0", "/admin/login/", None)
    assert text == "{path_info: '/admin/login/'}"


# --- Through the real log ----------------------------------------------------


@pytest.fixture(params=["as configured", "axes' own masking off"])
def axes_masking(request, settings):
    """django-axes 8 masks the username and address itself, and our
    AXES_CLIENT_STR_CALLABLE leaves them out; with both off, the filter alone
    must keep them out of the log."""
    if request.param != "as configured":
        settings.AXES_SENSITIVE_PARAMETERS = []
        settings.AXES_CLIENT_STR_CALLABLE = None
        settings.AXES_VERBOSE = True
    return request.param


@pytest.mark.django_db
def test_a_failed_sign_in_with_an_email_logs_no_email_or_address(
    client, console, caplog, axes_masking
):
    caplog.set_level(logging.INFO)
    response = client.post(
        "/admin/login/", {"username": EMAIL, "password": "wrong"}, REMOTE_ADDR=ADDRESS
    )
    assert response.status_code == 200
    axes_lines = [r for r in caplog.records if r.name.startswith("axes")]
    assert axes_lines, "axes logged nothing: the test would prove nothing"
    output = console.getvalue()
    assert "AXES: New login failure" in output
    assert_clean(output)
    for record in caplog.records:
        assert_clean(record.getMessage())


@pytest.mark.django_db
def test_a_lock_out_logs_no_email_or_address(client, console, caplog, settings, axes_masking):
    caplog.set_level(logging.INFO)
    get_user_model().objects.create_user(EMAIL, EMAIL, "a-long-test-password")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(
            "/professionals/sign-in/",
            {"username": EMAIL, "password": "wrong"},
            REMOTE_ADDR=ADDRESS,
        )
    assert response.status_code == 429
    output = console.getvalue()
    assert "AXES: Locking out" in output
    assert_clean(output)
    for record in caplog.records:
        assert_clean(record.getMessage())


@pytest.mark.django_db
def test_a_server_error_on_a_consent_link_logs_the_path_without_its_token(
    console, monkeypatch, home_page
):
    def broken(token):
        raise RuntimeError(f"Lookup failed for {EMAIL} at {ADDRESS}, token {token}")

    monkeypatch.setattr("cocreation.views.intake._submission_for_token", broken)
    client = Client(raise_request_exception=False, REMOTE_ADDR=ADDRESS)
    url = reverse("cocreation:consent", args=[TOKEN])
    response = client.get(url)
    assert response.status_code == 500
    output = console.getvalue()
    assert "Internal Server Error: /contribute/consent/[redacted]/" in output
    assert "Traceback" in output and "RuntimeError" in output
    # The traceback's own text is redacted too; the token here is a bare word,
    # so the exception names it only because this test made it: check the rest.
    assert_clean(output)
    assert f"/contribute/consent/{TOKEN}" not in output


# --- Retention of sign-in records (action A5) ------------------------------------


@pytest.mark.django_db
def test_prune_removes_expired_sessions_and_old_attempts_only(settings):
    now = timezone.now()
    stale = now - settings.AXES_COOLOFF_TIME - timedelta(minutes=1)
    fresh = now - settings.AXES_COOLOFF_TIME + timedelta(minutes=5)

    def attempt(username, when):
        row = AccessAttempt.objects.create(
            username=username,
            ip_address=ADDRESS,
            user_agent="test",
            failures_since_start=3,
            get_data="",
            post_data="",
            http_accept="",
            path_info="/admin/login/",
        )
        AccessAttempt.objects.filter(pk=row.pk).update(attempt_time=when)  # auto_now_add
        return row

    old_attempt = attempt("old", stale)
    recent_attempt = attempt("recent", fresh)
    AccessLog.objects.create(username="x", ip_address=ADDRESS, user_agent="t")
    AccessFailureLog.objects.create(username="x", ip_address=ADDRESS, user_agent="t")
    AccessLog.objects.update(attempt_time=stale)
    AccessFailureLog.objects.update(attempt_time=stale)
    live = SessionStore()
    live["x"] = 1
    live.create()
    expired = SessionStore()
    expired["x"] = 1
    expired.create()
    Session.objects.filter(session_key=expired.session_key).update(
        expire_date=now - timedelta(seconds=1)
    )

    result = prune_sign_in_records.call()

    assert list(AccessAttempt.objects.values_list("pk", flat=True)) == [recent_attempt.pk]
    assert not AccessAttempt.objects.filter(pk=old_attempt.pk).exists()
    assert AccessLog.objects.count() == 0
    assert AccessFailureLog.objects.count() == 0
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]
    assert result == {"attempts": 1, "access_logs": 1, "failure_logs": 1, "sessions": 1}


@pytest.mark.django_db
def test_a_lock_out_still_holds_after_the_prune(client, settings):
    """The prune keeps what the lock-out needs: attempts inside the cool-off."""
    get_user_model().objects.create_superuser("someone", "", "a-long-test-password")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "someone", "password": "wrong"})
    prune_sign_in_records.call()
    response = client.post(
        "/admin/login/", {"username": "someone", "password": "a-long-test-password"}
    )
    assert response.status_code == 429


def test_sign_ins_are_not_kept_with_their_address(settings):
    assert settings.AXES_DISABLE_ACCESS_LOG is True
    assert settings.AXES_CLIENT_STR_CALLABLE == "home.log_filters.axes_client_str"
