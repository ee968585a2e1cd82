from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

import pytest

pytestmark = pytest.mark.django_db


def test_dev_admin_is_created_once_with_a_printed_password(settings, capsys):
    settings.DEBUG = True
    call_command("ensure_dev_admin")
    out = capsys.readouterr().out
    assert "username: admin  password: " in out
    password = out.rsplit("password: ", 1)[1].strip()
    assert get_user_model().objects.get(username="admin").check_password(password)
    call_command("ensure_dev_admin")
    assert "already exists" in capsys.readouterr().out


def test_dev_admin_refuses_to_run_on_a_server(settings):
    settings.DEBUG = False
    settings.LAPTOP = False
    with pytest.raises(CommandError, match="only runs on a laptop"):
        call_command("ensure_dev_admin")
