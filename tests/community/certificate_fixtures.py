"""Fixtures shared by the certificate tests (imported by each test module)."""

import pytest

from community.factories import CommunityLandingPageFactory, TrainingModulePageFactory
from community.services.certificates import certificate_issue

__all__ = ["issue", "landing", "module"]


@pytest.fixture
def landing(home_page):
    return CommunityLandingPageFactory(parent=home_page, slug="community")


@pytest.fixture
def module(landing):
    return TrainingModulePageFactory(
        parent=landing,
        title="Spotting exploitation: taxi drivers",
        slug="taxi-training",
        certificate_valid_months=36,
        retention_months=72,
    )


@pytest.fixture
def issue(module):
    """Issue a certificate (today by default) for ``module``."""

    def issue_one(name="Sam Driver", score=90, today=None, on=None):
        return certificate_issue(module=on or module, name=name, score=score, today=today)

    return issue_one
