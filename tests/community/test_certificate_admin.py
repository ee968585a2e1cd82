"""Editors find, revoke and restore training certificates in the admin."""

import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from wagtail.models import ModelLogEntry

import pytest

from community.models import Certificate
from home.governance.roles import set_up_roles
from tests.community.certificate_fixtures import *  # noqa: F403  (fixtures)

pytestmark = pytest.mark.django_db

ADMIN_LIST = "/admin/training/certificates/"
_numbers = itertools.count()


def make_user(group=None, **extra):
    user = get_user_model().objects.create_user(
        username=f"user{next(_numbers)}", email="u@example.org", password="a long password 1",
        **extra,
    )  # fmt: skip
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def verify_text(client, code):
    return client.get(reverse("community:verify"), {"code": code}).content.decode()


def test_editors_hold_view_and_change_but_not_add_or_delete():
    editors = Group.objects.get(name="Editors")
    held = set(
        editors.permissions.filter(content_type__app_label="community").values_list(
            "codename", flat=True
        )
    )
    assert {"view_certificate", "change_certificate", "view_modulemonthstat"} <= held
    assert "add_certificate" not in held and "delete_certificate" not in held
    assert set_up_roles() == 0  # applying it again adds nothing


def test_an_editor_lists_searches_and_filters(client, sign_in_verified, issue, module):
    sam, alex = issue(name="Sam Driver"), issue(name="Alex Rider")
    alex.revoked_at = "2026-01-01T10:00:00Z"
    alex.save()
    sign_in_verified(client, make_user("Editors"))

    html = client.get(ADMIN_LIST).content.decode()
    assert sam.code in html and alex.code in html
    assert "Spotting exploitation: taxi drivers" in html
    assert "Revoked" in html and "Valid" in html

    # By code, typed the way people type it.
    typed = sam.code.lower().replace("-", " ")
    html = client.get(ADMIN_LIST, {"q": typed}).content.decode()
    assert sam.code in html and alex.code not in html
    # By name.
    html = client.get(ADMIN_LIST, {"q": "rider"}).content.decode()
    assert alex.code in html and sam.code not in html
    # By status and module.
    html = client.get(ADMIN_LIST, {"status": "revoked"}).content.decode()
    assert alex.code in html and sam.code not in html
    html = client.get(ADMIN_LIST, {"status": "valid", "module": module.pk}).content.decode()
    assert sam.code in html and alex.code not in html
    # Nobody adds certificates here.
    assert client.get(f"{ADMIN_LIST}new/").status_code == 404


def test_an_editor_revokes_and_restores_and_verify_follows(client, sign_in_verified, issue):
    certificate = issue()
    editor = make_user("Editors")
    sign_in_verified(client, editor)
    edit_url = f"{ADMIN_LIST}edit/{certificate.pk}/"
    form = client.get(edit_url).content.decode()
    assert 'name="valid_until"' in form and 'name="revoked"' in form
    assert 'name="name"' not in form and 'name="score"' not in form

    response = client.post(
        edit_url, {"valid_until": "2030-05-01", "revoked": "on", "name": "Changed"}
    )
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None
    assert str(certificate.valid_until) == "2030-05-01"
    assert certificate.name == "Sam Driver"  # not editable
    entry = ModelLogEntry.objects.filter(action="community.certificate.revoke").get()
    assert entry.user_id == editor.pk
    assert "Sam Driver" not in entry.label  # the log does not copy the learner's name
    public = client.__class__()
    assert "This certificate is: Revoked" in verify_text(public, certificate.code)

    client.post(edit_url, {"valid_until": "2030-05-01"})
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    assert ModelLogEntry.objects.filter(action="community.certificate.restore").count() == 1
    assert "This certificate is: Valid" in verify_text(public, certificate.code)


def test_a_user_without_the_permission_cannot_see_or_change_them(client, sign_in_verified, issue):
    certificate = issue()
    moderator = make_user(is_staff=False)
    moderator.user_permissions.add(Permission.objects.get(codename="access_admin"))
    sign_in_verified(client, moderator)
    assert client.get(ADMIN_LIST).status_code in (302, 403)
    edit_url = f"{ADMIN_LIST}edit/{certificate.pk}/"
    assert client.post(edit_url, {"revoked": "on"}).status_code in (302, 403)
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    assert "Certificates" not in client.get("/admin/").content.decode()


def test_superusers_may_delete_for_an_erasure_request(admin_client, issue):
    certificate = issue()
    html = admin_client.get(ADMIN_LIST).content.decode()
    assert certificate.code in html and f"{ADMIN_LIST}new/" not in html
    response = admin_client.post(f"{ADMIN_LIST}delete/{certificate.pk}/")
    assert response.status_code == 302
    assert not Certificate.objects.filter(pk=certificate.pk).exists()
