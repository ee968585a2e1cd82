"""Two-factor authentication: nobody reaches the admin on a password alone."""

import io
import re
import time

from django.contrib.auth import SESSION_KEY, get_user_model
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image

from home.accounts.services import SIGNED_IN_AT_SESSION_KEY
from home.factories import ContentPageFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "editor@example.org", PASSWORD)


@pytest.fixture
def password_only_client(client, editor):
    """Past the password, not yet the second factor."""
    client.force_login(editor)
    return client


@pytest.fixture
def guide(home_page):
    return ContentPageFactory(parent=home_page, title="A guide", slug="a-guide")


@pytest.fixture
def image(db):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return get_image_model().objects.create(
        title="A picture", file=ImageFile(io.BytesIO(buffer.getvalue()), name="picture.png")
    )


@pytest.fixture
def private_document(db):
    root = Collection.get_first_root_node()
    private = root.add_child(name="Staff only")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    return get_document_model().objects.create(
        title="Staff notes",
        collection=private,
        file=ContentFile(b"staff notes\n", name="staff-notes.txt"),
    )


# --- Every admin address --------------------------------------------------------

SAMPLE_VALUES = {
    "int": "1",
    "str": "x",
    "slug": "x",
    "path": "x/y",
    "uuid": "0" * 8 + "-0000-0000-0000-" + "0" * 12,
}


def _route_to_path(route):
    def sample(match):
        converter = match.group(1) or "str"
        return SAMPLE_VALUES.get(converter, "1")

    return re.sub(r"<(?:(\w+):)?\w+>", sample, route)


def _walk(patterns, prefix=""):
    for entry in patterns:
        route = str(entry.pattern)
        if route.startswith("^"):
            # A regular expression route (Wagtail's catch-alls): try a plain sample.
            route = re.sub(r"\(\?P<\w+>[^)]*\)", "1", route).strip("^$").replace("\\", "")
            route = re.sub(r"[.*+?()\[\]|]", "", route)
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            yield "/" + _route_to_path(prefix + route)


def admin_paths():
    """Every address the URL configuration serves under /admin/, with sample arguments."""
    return sorted(
        {path for path in _walk(get_resolver().url_patterns) if path.startswith("/admin/")}
    )


OPEN_TO_UNVERIFIED = {
    "/admin/two-factor/set-up/",
    "/admin/two-factor/verify/",
    "/admin/two-factor/recovery-code/",
    "/admin/logout/",
    "/admin/jsi18n/",
    "/admin/sprite/",
}


def test_the_walk_finds_the_whole_admin():
    paths = admin_paths()
    assert len(paths) > 200
    for expected in (
        "/admin/",
        "/admin/api/main/pages/",
        "/admin/api/main/pages/1/",
        "/admin/pages/1/edit/",
        "/admin/pages/1/edit/preview/",
        "/admin/images/1/",
        "/admin/documents/edit/1/",
        "/admin/users/",
        "/admin/account/",
        "/admin/login/",
        "/admin/password_reset/",
        "/admin/two-factor/",
    ):
        assert expected in paths


@pytest.mark.parametrize("method", ["get", "post"])
def test_every_admin_address_sends_a_password_only_user_to_enrolment(
    password_only_client, home_page, image, method
):
    setup = reverse("two_factor:setup")
    paths = [path for path in admin_paths() if path not in OPEN_TO_UNVERIFIED]
    wrong = {}
    for path in paths:
        response = getattr(password_only_client, method)(path)
        location = response.headers.get("Location", "")
        if response.status_code != 302 or not location.startswith(setup):
            wrong[path] = (response.status_code, location)
    assert wrong == {}


def test_a_user_with_an_authenticator_is_sent_to_the_code_step(
    password_only_client, editor, enrol, home_page
):
    enrol(editor)
    for path in ("/admin/", f"/admin/pages/{home_page.pk}/edit/", "/admin/api/main/pages/"):
        response = password_only_client.get(path)
        assert response.status_code == 302
        assert response["Location"] == reverse("two_factor:verify") + "?next=" + path.replace(
            "/", "%2F"
        )


def test_the_admin_opens_once_the_second_factor_is_passed(
    client, editor, sign_in_verified, home_page
):
    sign_in_verified(client, editor)
    assert client.get("/admin/").status_code == 200
    assert client.get(f"/admin/pages/{home_page.pk}/edit/").status_code == 200
    assert client.get("/admin/api/main/pages/").status_code == 200


def test_a_private_document_is_not_served_on_a_password_alone(
    password_only_client, client, editor, private_document, sign_in_verified
):
    url = private_document.url
    response = password_only_client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/professionals/sign-in/?next=")
    sign_in_verified(client, editor)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"staff notes\n"


def test_a_private_page_is_not_shown_on_a_password_alone(
    password_only_client, guide, editor, sign_in_verified, client
):
    PageViewRestriction.objects.create(page=guide, restriction_type=PageViewRestriction.LOGIN)
    response = password_only_client.get(guide.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/professionals/sign-in/?next=")
    sign_in_verified(client, editor)
    assert client.get(guide.url).status_code == 200


@pytest.fixture
def admin_editor(db):
    """Not a superuser: an editor because their group may open the admin."""
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user("moderator", "m@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_an_editor_in_a_group_is_anonymous_outside_the_admin_until_the_second_factor(
    client, admin_editor, guide, private_document, sign_in_verified
):
    PageViewRestriction.objects.create(page=guide, restriction_type=PageViewRestriction.LOGIN)
    client.force_login(admin_editor)
    for url in (guide.url, private_document.url):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/professionals/sign-in/?next=")
    sign_in_verified(client, admin_editor)
    assert client.get(guide.url).status_code == 200
    assert client.get(private_document.url).status_code == 200


def test_a_reader_who_cannot_open_the_admin_keeps_their_identity_outside_it(
    client, guide, private_document
):
    """A professional: a password is their light verification, outside the admin only."""
    reader = get_user_model().objects.create_user("reader@school.sch.uk", password=PASSWORD)
    PageViewRestriction.objects.create(page=guide, restriction_type=PageViewRestriction.LOGIN)
    client.force_login(reader)
    assert client.get(guide.url).status_code == 200
    response = client.get(private_document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"staff notes\n"
    # Never the admin on a password alone.
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor:setup"))


def test_public_pages_are_untouched_for_readers(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    assert response.cookies == {}


# --- Enrolment ---------------------------------------------------------------------


def test_enrolment_shows_a_qr_code_made_on_the_server_and_the_key_as_text(
    password_only_client, editor
):
    response = password_only_client.get(reverse("two_factor:setup"))
    assert response.status_code == 200
    html = response.content.decode()
    device = TOTPDevice.objects.get(user=editor)
    assert device.confirmed is False
    assert re.search(r'<img src="data:image/svg\+xml;charset=utf-8,%3Csvg', html)
    key = response.context["secret"].replace(" ", "")
    from base64 import b32encode

    assert key == b32encode(device.bin_key).decode()
    assert response.context["secret"] in html
    assert 'autocomplete="one-time-code"' in html
    assert 'inputmode="numeric"' in html
    assert '<label class="w-field__label" for="id_otp_token">' in html
    inline_scripts = re.findall(r"<script(?![^>]*\b(?:src=|type=\"application/json))[^>]*>", html)
    assert inline_scripts == []
    # The same key until it is confirmed: a scanned code stays good on reload.
    again = password_only_client.get(reverse("two_factor:setup"))
    assert again.context["secret"] == response.context["secret"]
    assert TOTPDevice.objects.filter(user=editor).count() == 1


def test_enrolment_pages_are_never_cached_and_have_no_inline_script(password_only_client):
    response = password_only_client.get(reverse("two_factor:setup"))
    assert "no-store" in response["Cache-Control"]
    # Directives come in any order: read them, rather than matching text.
    policy = dict(
        (part.split(None, 1) + [""])[:2]
        for part in (p.strip() for p in response["Content-Security-Policy"].split(";"))
        if part
    )
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert "data:" in policy["img-src"].split()  # the QR code is a data: image


def test_the_public_policy_stays_strict(client, home_page):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "blob:" not in policy


def test_a_wrong_code_does_not_confirm_enrolment(password_only_client, editor):
    password_only_client.get(reverse("two_factor:setup"))
    response = password_only_client.post(reverse("two_factor:setup"), {"otp_token": "000000"})
    # 000000 could, once in a million, be the real code; the device says which.
    device = TOTPDevice.objects.get(user=editor)
    assert device.confirmed is False
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "That code did not match." in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_otp_token-hint id_otp_token-error"' in html
    assert "<title>Error: Set up two-factor authentication" in html


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Enter the 6-digit code from your authenticator app."),
        ("12ab56", "Enter the code as 6 digits, for example 123456."),
    ],
)
def test_code_field_messages_are_full_sentences(password_only_client, value, message):
    response = password_only_client.post(reverse("two_factor:setup"), {"otp_token": value})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_enrolment_confirms_with_a_code_and_shows_recovery_codes_once(
    password_only_client, editor, totp_code
):
    password_only_client.get(reverse("two_factor:setup"))
    device = TOTPDevice.objects.get(user=editor)
    code = totp_code(device)
    response = password_only_client.post(
        reverse("two_factor:setup"),
        {"otp_token": f"{code[:3]} {code[3:]}", "next": "/admin/pages/"},
    )
    assert response.status_code == 200
    device.refresh_from_db()
    assert device.confirmed is True
    codes = response.context["codes"]
    assert len(codes) == 10
    stored = set(StaticToken.objects.filter(device__user=editor).values_list("token", flat=True))
    assert stored == set(codes)
    html = response.content.decode()
    assert all(code in html for code in codes)
    assert 'href="/admin/pages/"' in html
    assert "no-store" in response["Cache-Control"]
    # The session has passed the second factor: the admin opens.
    assert password_only_client.get("/admin/").status_code == 200
    # And the codes are never shown again.
    manage = password_only_client.get(reverse("two_factor:manage")).content.decode()
    assert "You have 10 recovery codes left." in manage
    assert not any(code in manage for code in codes)


def test_a_user_with_an_authenticator_cannot_enrol_another(password_only_client, editor, enrol):
    enrol(editor)
    response = password_only_client.get(reverse("two_factor:setup"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor:verify"))
    assert TOTPDevice.objects.filter(user=editor).count() == 1


def test_the_two_factor_pages_need_a_signed_in_user(client):
    for name in (
        "two_factor:setup",
        "two_factor:verify",
        "two_factor:recovery",
        "two_factor:manage",
    ):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


# --- The code step -----------------------------------------------------------------


def sign_in_with_password(client, username="editor", password=PASSWORD, **extra):
    return client.post(
        "/admin/login/",
        {"username": username, "password": password, "next": "/admin/pages/"},
        **extra,
    )


def test_signing_in_needs_the_password_then_a_code(client, editor, enrol, totp_code):
    device, _ = enrol(editor)
    response = sign_in_with_password(client)
    assert response.status_code == 302
    assert response["Location"] == "/admin/pages/"
    response = client.get("/admin/pages/")
    assert response["Location"] == reverse("two_factor:verify") + "?next=%2Fadmin%2Fpages%2F"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'name="next" value="/admin/pages/"' in page.content.decode()
    session_before = client.session.session_key
    response = client.post(
        reverse("two_factor:verify"), {"otp_token": totp_code(device), "next": "/admin/pages/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/pages/"
    assert client.session.session_key != session_before  # a new session key once verified
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get("/admin/pages/").status_code == 200


def test_a_code_works_only_once(client, editor, enrol, totp_code):
    device, _ = enrol(editor)
    code = totp_code(device)
    sign_in_with_password(client)
    assert client.post(reverse("two_factor:verify"), {"otp_token": code}).status_code == 302
    client.post("/admin/logout/")
    sign_in_with_password(client)
    response = client.post(reverse("two_factor:verify"), {"otp_token": code})
    assert response.status_code == 400
    assert "That code did not match." in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_the_code_step_only_goes_on_to_this_site(client, editor, enrol, totp_code):
    device, _ = enrol(editor)
    sign_in_with_password(client)
    response = client.post(
        reverse("two_factor:verify"),
        {"otp_token": totp_code(device), "next": "https://evil.example/"},
    )
    assert response["Location"] == "/admin/"


def test_wrong_codes_in_a_row_are_slowed_down_with_retry_after(client, editor, enrol, totp_code):
    device, _ = enrol(editor)
    sign_in_with_password(client)
    wrong = f"{(int(totp_code(device)) + 500000) % 1000000:06d}"
    assert client.post(reverse("two_factor:verify"), {"otp_token": wrong}).status_code == 400
    response = client.post(reverse("two_factor:verify"), {"otp_token": totp_code(device)})
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 2
    assert "You have entered too many wrong codes. Wait" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_the_wait_after_wrong_codes_never_grows_past_the_cap(
    client, editor, enrol, settings, totp_code
):
    from django.utils import timezone

    device, _ = enrol(editor)
    device.throttling_failure_count = 40  # django-otp alone: a wait of 2**39 s
    device.throttling_failure_timestamp = timezone.now()
    device.save()
    sign_in_with_password(client)
    response = client.post(reverse("two_factor:verify"), {"otp_token": totp_code(device)})
    assert response.status_code == 429
    cap = 2 ** (settings.TWO_FACTOR_MAX_THROTTLE_FAILURES - 1)
    assert cap - 5 <= int(response["Retry-After"]) <= cap
    assert (
        f"You have entered too many wrong codes. Wait about {-(-cap // 60)} minutes, then try again."
        in response.content.decode()
    )


# --- Recovery codes ----------------------------------------------------------------


def test_a_recovery_code_signs_in_once_and_is_used_up(client, editor, enrol):
    _, codes = enrol(editor, recovery_codes=True)
    sign_in_with_password(client)
    page = client.get(reverse("two_factor:recovery") + "?next=%2Fadmin%2Fpages%2F")
    html = page.content.decode()
    assert 'autocomplete="one-time-code"' in html
    assert 'inputmode="numeric"' not in html  # recovery codes have letters
    response = client.post(
        reverse("two_factor:recovery"),
        {"recovery_code": codes[0].upper()[:4] + "-" + codes[0][4:], "next": "/admin/pages/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/pages/"
    assert not StaticToken.objects.filter(token=codes[0]).exists()
    assert StaticToken.objects.filter(device__user=editor).count() == 9
    assert "You have 9 left" in client.get("/admin/pages/").content.decode()
    client.post("/admin/logout/")
    sign_in_with_password(client)
    response = client.post(reverse("two_factor:recovery"), {"recovery_code": codes[0]})
    assert response.status_code == 400
    assert (
        "That recovery code did not match, or it has been used already."
        in response.content.decode()
    )


def test_new_recovery_codes_replace_the_old_ones(client, editor, enrol, sign_in_verified):
    _, old_codes = enrol(editor, recovery_codes=True)
    sign_in_verified(client, editor)
    response = client.post(reverse("two_factor:manage"))
    new_codes = response.context["codes"]
    assert set(new_codes).isdisjoint(old_codes)
    stored = set(StaticToken.objects.filter(device__user=editor).values_list("token", flat=True))
    assert stored == set(new_codes)


def test_the_account_page_links_to_two_factor_settings(admin_client):
    html = admin_client.get("/admin/account/").content.decode()
    assert reverse("two_factor:manage") in html
    assert "Two-factor authentication" in html


# --- Sessions end ------------------------------------------------------------------


def test_sessions_end_after_the_absolute_limit_however_busy(
    client, editor, sign_in_verified, settings
):
    sign_in_verified(client, editor)
    assert client.get("/admin/").status_code == 200
    session = client.session
    session[SIGNED_IN_AT_SESSION_KEY] = time.time() - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/pages/"
    assert SESSION_KEY not in client.session
    assert client.get("/admin/").status_code == 302


def test_sessions_end_when_idle(client, editor, sign_in_verified, settings):
    settings.SESSION_COOKIE_AGE = 2
    sign_in_verified(client, editor)
    assert client.get("/admin/").status_code == 200
    time.sleep(3)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_each_request_restarts_the_idle_clock(client, editor, sign_in_verified, settings):
    settings.SESSION_COOKIE_AGE = 6
    sign_in_verified(client, editor)
    for _ in range(2):  # 8 seconds in all, but never 6 without a request
        assert client.get("/admin/").status_code == 200
        time.sleep(4)
    assert client.get("/admin/").status_code == 200


def test_session_limits_are_short(settings):
    assert settings.SESSION_COOKIE_AGE <= 60 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True  # the idle clock restarts on each request
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_ABSOLUTE_SECONDS <= 12 * 60 * 60
