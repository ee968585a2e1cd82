"""Accounts and audit (home/governance/audit.py, home/accounts/checks.py).

Assumption about the roles helper's Administrators group (home/governance/
roles.py was not written yet when these tests were): it can open the admin and
has Django's permissions on users and groups (view, add, change). Editors can
open the admin and have no permission on users or groups.
"""

import csv
import io
import json
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.checks import run_checks
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry, PageLogEntry

import pytest
from bs4 import BeautifulSoup

from home.accounts.checks import no_default_or_shared_accounts
from home.accounts.services import DEVELOPMENT_AUTHENTICATOR_NAME
from home.factories import ContentPageFactory
from home.governance import audit

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
ADDRESS = "203.0.113.44"
SITE_HISTORY = "wagtailadmin_reports:site_history"
REPORT = "governance_idle_accounts"


def perm(name):
    app_label, codename = name.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@pytest.fixture
def administrators(db):
    group, _ = Group.objects.get_or_create(name="Administrators")
    group.permissions.set(
        [
            perm("wagtailadmin.access_admin"),
            *(perm(f"auth.{a}_user") for a in ("view", "add", "change")),
            *(perm(f"auth.{a}_group") for a in ("view", "add", "change")),
        ]
    )
    return group


@pytest.fixture
def editors(db):
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.set([perm("wagtailadmin.access_admin")])
    return group


def make_user(username, *groups, superuser=False, **fields):
    User = get_user_model()
    maker = User.objects.create_superuser if superuser else User.objects.create_user
    user = maker(username, fields.pop("email", ""), PASSWORD, **fields)
    if groups:
        user.groups.add(*groups)
    return user


def entries(action, user=None):
    found = ModelLogEntry.objects.filter(action=action)
    if user is not None:
        found = found.filter(object_id=str(user.pk))
    return list(found.order_by("pk"))


def assert_no_personal_text(*texts):
    for entry in ModelLogEntry.objects.all():
        stored = entry.label + json.dumps(entry.data)
        for text in texts:
            assert text not in stored, (entry.action, stored)


def sign_in_with_password(client, username, password=PASSWORD):
    return client.post(
        "/admin/login/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=ADDRESS,
    )


# --- Sign-in events -------------------------------------------------------------


def test_signing_in_with_both_factors_is_recorded_on_the_account(client, editors, enrol, totp_code):
    mira = make_user("mira", editors, first_name="Mira", last_name="Khan", email="mira@example.org")
    device, _ = enrol(mira)
    assert sign_in_with_password(client, "mira").status_code == 302
    response = client.post(reverse("two_factor:verify"), {"otp_token": totp_code(device)})
    assert response.status_code == 302
    (entry,) = entries(audit.SIGN_IN, mira)
    assert entry.user_id == mira.pk
    assert entry.label == "Mira Khan"
    assert entry.data == {}
    assert entry.message == "Signed in"
    assert_no_personal_text(ADDRESS, "mira@example.org")


def test_an_account_named_by_its_email_is_labelled_by_its_number(editors):
    user = make_user("sam@example.org", editors, email="sam@example.org")
    entry = audit.log_on_account(user, audit.SIGN_IN, actor=user)
    assert entry.label == f"Account {user.pk}"


def test_a_wrong_password_on_an_editor_account_is_recorded_on_it(client, editors):
    mira = make_user("mira", editors)
    assert sign_in_with_password(client, "mira", "wrong").status_code == 200
    (entry,) = entries(audit.SIGN_IN_FAILED, mira)
    assert entry.user_id is None  # nobody was signed in
    assert entry.data == {}
    assert_no_personal_text(ADDRESS)


def test_a_failed_sign_in_for_an_unknown_username_is_only_counted(client, editors):
    typed = "someone.else@example.org"
    sign_in_with_password(client, typed, "wrong")
    sign_in_with_password(client, "nobody-here", "wrong")
    (entry,) = entries(audit.OTHER_SIGN_IN_FAILURES)
    assert entry.data == {"day": timezone.localdate().isoformat(), "failed": 2, "locked_out": 0}
    assert entry.object_id == "0"
    assert "2 failed sign-ins on" in entry.message
    assert entries(audit.SIGN_IN_FAILED) == []
    assert_no_personal_text(typed, "nobody-here", ADDRESS)


def test_a_professionals_account_is_not_audited_by_name(client):
    """Sign-in events are for editors; a professional's failures are only counted."""
    make_user("teacher@example.org", email="teacher@example.org")
    sign_in_with_password(client, "teacher@example.org", "wrong")
    assert entries(audit.SIGN_IN_FAILED) == []
    assert entries(audit.OTHER_SIGN_IN_FAILURES)[0].data["failed"] == 1
    assert_no_personal_text("teacher@example.org")


def test_a_lock_out_is_recorded_once(client, editors, settings):
    mira = make_user("mira", editors)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in_with_password(client, "mira", "wrong")
    assert response.status_code == 429
    assert len(entries(audit.LOCKED_OUT, mira)) == 1
    # Trying again while locked out is another failure, not another lock-out.
    assert sign_in_with_password(client, "mira").status_code == 429
    assert len(entries(audit.LOCKED_OUT, mira)) == 1
    assert len(entries(audit.SIGN_IN_FAILED, mira)) == settings.AXES_FAILURE_LIMIT + 1
    assert_no_personal_text(ADDRESS)


def test_a_lock_out_of_an_unknown_username_is_counted(client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in_with_password(client, "ghost@example.org", "wrong")
    (entry,) = entries(audit.OTHER_SIGN_IN_FAILURES)
    assert entry.data["locked_out"] == 1
    assert entry.data["failed"] == settings.AXES_FAILURE_LIMIT
    assert_no_personal_text("ghost@example.org", ADDRESS)


def test_a_wrong_second_factor_code_is_recorded(client, editors, enrol):
    mira = make_user("mira", editors)
    enrol(mira, recovery_codes=True)
    sign_in_with_password(client, "mira")
    assert client.post(reverse("two_factor:verify"), {"otp_token": "000000"}).status_code == 400
    response = client.post(reverse("two_factor:recovery"), {"recovery_code": "notacode"})
    assert response.status_code == 400
    found = entries(audit.SECOND_FACTOR_FAILED, mira)
    assert [e.data for e in found] == [{"method": "authenticator"}, {"method": "recovery code"}]
    assert all(e.user_id == mira.pk for e in found)


def test_signing_out_is_recorded(client, editors, sign_in_verified):
    mira = make_user("mira", editors)
    sign_in_verified(client, mira)
    client.post("/admin/logout/")
    (entry,) = entries(audit.SIGN_OUT, mira)
    assert entry.user_id == mira.pk


# --- Permission changes through the admin -------------------------------------


def form_data(html, marker):
    """The fields of the admin form holding an input named ``marker``, as a browser sends them."""
    soup = BeautifulSoup(html, "html.parser")
    form = next(f for f in soup.find_all("form") if f.find(attrs={"name": marker}))
    data = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or "__prefix__" in name:
            continue
        if field.name == "select":
            values = [
                o.get("value", o.text) for o in field.find_all("option") if o.has_attr("selected")
            ]
            data.setdefault(name, []).extend(values)
        elif field.name == "textarea":
            data.setdefault(name, []).append(field.text)
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "on"))
        elif field.get("type") not in ("submit", "button", "file"):
            data.setdefault(name, []).append(field.get("value", ""))
    return data


def test_a_group_change_on_the_user_edit_form_is_recorded(admin_client, admin_user, editors):
    schools = Group.objects.create(name="Curriculum volunteers")
    target = make_user("sam", editors, first_name="Sam", last_name="Sands", email="sam@example.org")
    url = reverse("wagtailusers_users:edit", args=[target.pk])
    data = form_data(admin_client.get(url).content.decode(), "username")
    assert data["groups"] == [str(editors.pk)]
    data["groups"] = [str(schools.pk)]
    data["is_superuser"] = ["on"]
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    (change,) = entries(audit.GROUPS_CHANGED, target)[-1:]
    changes = [e.data for e in entries(audit.GROUPS_CHANGED, target)]
    assert {"added": ["Curriculum volunteers"]} in changes
    assert {"removed": ["Editors"]} in changes
    assert change.user_id == admin_user.pk  # the administrator who made it
    (status,) = entries(audit.ACCOUNT_STATUS_CHANGED, target)
    assert status.data == {"changes": {"is_superuser": True}}
    assert status.message == "Now superuser"
    assert_no_personal_text("sam@example.org")


def test_status_changes_are_recorded_but_not_each_sign_in(editors):
    target = make_user("sam", editors)
    target.is_active = False
    target.save()
    target.last_login = timezone.now()
    target.save(update_fields=["last_login"])
    (entry,) = entries(audit.ACCOUNT_STATUS_CHANGED, target)
    assert entry.data == {"changes": {"is_active": False}}
    assert entry.message == "No longer active"


def test_user_permissions_are_recorded(editors):
    target = make_user("sam", editors)
    target.user_permissions.add(perm("auth.change_user"))
    target.user_permissions.clear()
    assert [e.data for e in entries(audit.USER_PERMISSIONS_CHANGED, target)] == [
        {"added": ["auth.change_user"]},
        {"removed": ["auth.change_user"]},
    ]


def test_a_group_permission_change_on_the_group_edit_view_is_recorded(
    admin_client, admin_user, home_page
):
    group = Group.objects.create(name="Curriculum volunteers")
    url = reverse("wagtailusers_groups:edit", args=[group.pk])
    data = form_data(admin_client.get(url).content.decode(), "name")
    access_admin = perm("wagtailadmin.access_admin")
    data["permissions"] = [str(access_admin.pk)]
    data["page_permissions-TOTAL_FORMS"] = ["1"]
    data["page_permissions-0-page"] = [str(home_page.pk)]
    data["page_permissions-0-permissions"] = ["publish_page"]
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    found = ModelLogEntry.objects.filter(
        action=audit.GROUP_PERMISSIONS_CHANGED, object_id=str(group.pk)
    )
    assert sorted(json.dumps(e.data) for e in found) == sorted(
        [
            json.dumps({"added": ["wagtailadmin.access_admin"]}),
            json.dumps({"page_added": [f"publish_page on {home_page.title}"]}),
        ]
    )
    assert {e.user_id for e in found} == {admin_user.pk}
    # Taking the page permission away again.
    data = form_data(admin_client.get(url).content.decode(), "name")
    data["page_permissions-0-DELETE"] = ["on"]
    assert admin_client.post(url, data).status_code == 302
    removed = found.filter(data__has_key="page_removed").get()
    assert removed.data == {"page_removed": [f"publish_page on {home_page.title}"]}
    assert "Page permissions taken away" in removed.message


def test_a_publish_is_in_wagtails_log(admin_client, admin_user, home_page):
    page = ContentPageFactory(parent=home_page, title="Staying safe online")
    page.save_revision(user=admin_user).publish(user=admin_user)
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish").exists()
    response = admin_client.get(reverse(SITE_HISTORY))
    assert "Staying safe online" in response.content.decode()


# --- Who reads the audit --------------------------------------------------------


def test_administrators_read_account_entries_and_editors_do_not(
    client, administrators, editors, sign_in_verified
):
    target = make_user("sam", editors, first_name="Sam", last_name="Target")
    audit.log_on_account(target, audit.SIGN_IN_FAILED)
    audit.count_other_failure()
    url = reverse(SITE_HISTORY)

    sign_in_verified(client, make_user("ada", administrators))
    page = client.get(url).content.decode()
    assert "Sam Target" in page
    assert "A sign-in with a wrong password" in page
    assert "Failed sign-ins, not on an editor account" in page

    client.logout()
    sign_in_verified(client, make_user("eve", editors))
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sam Target" not in page
    assert "not on an editor account" not in page


# --- Report: accounts without recent use -----------------------------------------


@pytest.fixture
def idle_population(editors, enrol):
    now = timezone.now()
    User = get_user_model()
    long_ago = make_user("long-ago", editors, first_name="Long", last_name="Ago")
    enrol(long_ago)
    never = make_user("never", editors, first_name="Never", last_name="Seen")
    recent = make_user("recent", editors)
    gone = make_user("gone", editors, is_active=False)
    reader = make_user("reader@example.org", email="reader@example.org")  # not an editor
    boss = make_user("boss", superuser=True)
    User.objects.filter(pk__in=[long_ago.pk, gone.pk, reader.pk, boss.pk]).update(
        last_login=now - timedelta(days=120)
    )
    User.objects.filter(pk=recent.pk).update(last_login=now - timedelta(days=5))
    return {"long_ago": long_ago, "never": never, "recent": recent, "boss": boss}


def test_the_report_lists_idle_editor_accounts(admin_client, admin_user, idle_population):
    response = admin_client.get(reverse(REPORT))
    assert response.status_code == 200
    html = response.content.decode()
    for shown in ("Long Ago", "Never Seen", "boss"):
        assert shown in html
    for hidden in ("recent", "gone", "reader@example.org"):
        assert f">{hidden}<" not in html
    rows = {u.pk for u in audit.idle_accounts()}
    population = idle_population
    # The pytest admin has never signed in either (force_login sets last_login, though).
    assert rows >= {population["long_ago"].pk, population["never"].pk, population["boss"].pk}
    assert population["recent"].pk not in rows


def test_the_report_exports_csv(admin_client, idle_population):
    response = admin_client.get(reverse(REPORT) + "?export=csv")
    assert response.status_code == 200
    body = (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else response.content.decode()
    )
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["Account", "Groups", "Last sign-in", "Joined", "Second factor"]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Long Ago"][1] == "Editors"
    assert by_name["Long Ago"][4] == "Set up"
    assert by_name["Never Seen"][2] == "Never"
    assert by_name["Never Seen"][4] == "Not set up"
    assert "reader@example.org" not in body


def test_the_report_is_refused_without_the_permission(client, editors, sign_in_verified):
    sign_in_verified(client, make_user("eve", editors))
    response = client.get(reverse(REPORT))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Accounts without recent use" not in menu


def test_the_report_opens_with_the_permission(client, editors, sign_in_verified):
    editors.permissions.add(perm("home.view_account_reports"))
    sign_in_verified(client, make_user("ada", editors))
    assert client.get(reverse(REPORT)).status_code == 200


def test_the_report_costs_the_same_queries_for_more_rows(admin_client, editors, enrol, settings):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(reverse(REPORT)).status_code == 200
        return len(queries)

    make_user("one", editors)
    few = count()
    for n in range(6):
        user = make_user(f"more-{n}", editors, Group.objects.create(name=f"Extra {n}"))
        enrol(user)
    assert count() == few


def test_the_idle_days_come_from_the_setting(editors, settings):
    user = make_user("sam", editors)
    get_user_model().objects.filter(pk=user.pk).update(
        last_login=timezone.now() - timedelta(days=40)
    )
    settings.ACCOUNT_IDLE_DAYS = 90
    assert user.pk not in {u.pk for u in audit.idle_accounts()}
    settings.ACCOUNT_IDLE_DAYS = 30
    assert user.pk in {u.pk for u in audit.idle_accounts()}


# --- No default or shared accounts outside the laptop --------------------------------


def check_ids(settings, laptop=False):
    settings.LAPTOP = laptop
    return [e.id for e in no_default_or_shared_accounts(databases=["default"])]


@pytest.mark.parametrize("username", ["admin", "Administrator", "editor", "TEST", "shared"])
def test_a_shared_username_fails_the_check(settings, username):
    get_user_model().objects.create_user(username, "", PASSWORD)
    assert check_ids(settings) == ["accounts.E002"]
    assert check_ids(settings, laptop=True) == []


def test_the_development_admin_fails_the_check_whatever_its_name(settings):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = get_user_model().objects.create_superuser("kit", "", PASSWORD)
    assert check_ids(settings) == []
    TOTPDevice.objects.create(user=user, name=DEVELOPMENT_AUTHENTICATOR_NAME, confirmed=True)
    assert check_ids(settings) == ["accounts.E002"]


def test_two_active_accounts_with_one_email_fail_the_check(settings):
    User = get_user_model()
    User.objects.create_user("amy", "office@example.org", PASSWORD)
    other = User.objects.create_user("ben", "Office@Example.org", PASSWORD)
    errors = no_default_or_shared_accounts(databases=["default"])
    assert [e.id for e in errors] == ["accounts.E003"]
    assert "office@example.org" not in errors[0].msg.lower()
    other.is_active = False
    other.save()
    assert check_ids(settings) == []


def test_the_check_runs_only_with_a_database_and_is_registered(settings):
    get_user_model().objects.create_user("demo", "", PASSWORD)
    settings.LAPTOP = False
    assert "accounts.E002" in [e.id for e in run_checks(databases=["default"])]
    # A plain `check` (no database) touches no database, as Django's own database checks.
    assert "accounts.E002" not in [e.id for e in run_checks()]


def test_the_laptop_profile_is_silent(settings):
    get_user_model().objects.create_superuser("admin", "", PASSWORD)
    assert check_ids(settings, laptop=True) == []


def test_a_restored_database_is_not_audited_but_a_real_change_is():
    """The test runner's serialized rollback re-creates rows under ``paused()``."""
    group = Group.objects.create(name="Restored group")
    permission = Permission.objects.get(codename="view_user")
    entries = ModelLogEntry.objects.filter(
        action="clearsight.group_permissions_changed", object_id=str(group.pk)
    )
    with audit.paused():
        group.permissions.add(permission)
    assert not entries.exists()
    group.permissions.remove(permission)
    assert entries.exists()
