"""Certificates are deleted after their module's retention period, and only then."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

import pytest

from community.models import Certificate, ModuleMonthStat
from community.services.certificates import add_months, certificates_purge
from community.tasks import purge_expired_certificates
from tests.community.certificate_fixtures import *  # noqa: F403  (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(module, landing, issue):
    """Certificates either side of their module's retention period."""
    from community.factories import TrainingModulePageFactory

    today = timezone.localdate()
    short = TrainingModulePageFactory(
        parent=landing, certificate_valid_months=6, retention_months=12
    )
    orphan_module = TrainingModulePageFactory(
        parent=landing, certificate_valid_months=6, retention_months=12
    )
    made = {
        # module: 72 months
        "kept_72": issue(today=add_months(today, -72)),  # the last day it is kept
        "gone_72": issue(today=add_months(today, -72) - datetime.timedelta(days=1)),
        # short: 12 months
        "kept_12": issue(on=short, today=add_months(today, -12)),
        "gone_12": issue(on=short, today=add_months(today, -13)),
        "recent_12": issue(on=short, today=today),
        # a deleted module: the default, 72 months (not its own 12)
        "orphan_kept": issue(on=orphan_module, today=add_months(today, -20)),
        "orphan_gone": issue(on=orphan_module, today=add_months(today, -73)),
    }
    ModuleMonthStat.objects.create(module=module, month=today.replace(day=1), attempts=3, passes=2)
    orphan_module.delete()
    return made


def remaining():
    return set(Certificate.objects.values_list("pk", flat=True))


def expected_left(rows):
    return {c.pk for key, c in rows.items() if "gone" not in key}


def test_purge_deletes_only_certificates_past_retention(rows):
    assert Certificate.objects.get(pk=rows["orphan_kept"].pk).module is None
    assert certificates_purge() == 3
    assert remaining() == expected_left(rows)
    assert ModuleMonthStat.objects.count() == 1  # the counts stay
    assert certificates_purge() == 0


def test_the_command_deletes_them_and_a_dry_run_deletes_nothing(rows):
    out = StringIO()
    call_command("purge_certificates", "--dry-run", stdout=out)
    assert out.getvalue().strip() == "3 certificate(s) would be deleted (dry run)."
    assert len(remaining()) == 7
    out = StringIO()
    call_command("purge_certificates", stdout=out)
    assert out.getvalue().strip() == "3 certificate(s) deleted."
    assert remaining() == expected_left(rows)


def test_the_daily_task_runs_the_same_purge(rows):
    result = purge_expired_certificates.enqueue()
    assert result.return_value == 3
    assert remaining() == expected_left(rows)
