"""`make run`'s local admin is enrolled for two-factor sign-in, and a developer can get its code."""

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db


@pytest.fixture
def debug(settings):
    settings.DEBUG = True
    return settings


def password_from(out):
    return out.rsplit("password: ", 1)[1].strip()


def test_the_dev_admin_is_enrolled_once(debug, capsys):
    call_command("ensure_dev_admin")
    admin = get_user_model().objects.get(username="admin")
    assert TOTPDevice.objects.filter(user=admin, confirmed=True).count() == 1
    assert "dev_otp_code" in capsys.readouterr().out
    call_command("ensure_dev_admin")
    assert TOTPDevice.objects.filter(user=admin).count() == 1


def test_an_existing_dev_admin_without_an_authenticator_gets_one(debug):
    admin = get_user_model().objects.create_superuser("admin", "", "an-older-password-1")
    call_command("ensure_dev_admin")
    assert TOTPDevice.objects.filter(user=admin, confirmed=True).exists()


def test_the_dev_code_signs_the_dev_admin_in(debug, capsys, client):
    call_command("ensure_dev_admin")
    password = password_from(capsys.readouterr().out)
    response = client.post("/admin/login/", {"username": "admin", "password": password})
    assert response.status_code == 302
    assert client.get("/admin/")["Location"].startswith(reverse("two_factor:verify"))
    call_command("dev_otp_code")
    captured = capsys.readouterr()
    code = captured.out.strip()
    assert len(code) == 6 and code.isdigit()
    assert "more seconds" in captured.err
    response = client.post(reverse("two_factor:verify"), {"otp_token": code})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_the_dev_code_can_show_the_set_up_address(debug, capsys):
    call_command("ensure_dev_admin")
    capsys.readouterr()
    call_command("dev_otp_code", "--uri")
    lines = capsys.readouterr().out.split()
    assert lines[1].startswith("otpauth://totp/Clearsight%3Aadmin?secret=")


def test_the_dev_code_refuses_to_run_without_debug(settings):
    settings.DEBUG = True
    call_command("ensure_dev_admin")
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only runs on a laptop"):
        call_command("dev_otp_code")


def test_the_laptop_profile_runs_the_dev_commands_with_debug_off(settings, capsys):
    """`make run` serves with DEBUG off (the site's own error pages) on a laptop."""
    settings.DEBUG = False
    settings.LAPTOP = True
    call_command("ensure_dev_admin")
    call_command("dev_otp_code")
    assert capsys.readouterr().out.strip().split()[-1].isdigit()


def test_the_dev_code_names_a_missing_account(debug):
    with pytest.raises(CommandError, match="There is no account 'nobody'."):
        call_command("dev_otp_code", "--username", "nobody")
