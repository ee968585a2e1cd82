"""Editors issue group codes per call in the admin; the youth panel cannot see them."""

import pytest

from cocreation.factories import CallForContributionsPageFactory, GetInvolvedPageFactory
from cocreation.models import GroupCode
from tests.cocreation.reviewers import EDITORS, LEADS, PANEL, reviewer

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/snippets/cocreation/groupcode/add/"
LIST_URL = "/admin/snippets/cocreation/groupcode/"


@pytest.fixture
def call(home_page):
    return CallForContributionsPageFactory(parent=GetInvolvedPageFactory(parent=home_page))


@pytest.mark.parametrize("group_name", [EDITORS, LEADS])
def test_an_editor_issues_a_code_for_a_call(client, sign_in_verified, call, group_name):
    sign_in_verified(client, reviewer(group_name))
    response = client.post(
        ADD_URL,
        {
            "call": call.pk,
            "group_name": "Thursday youth club, north Leeds",
            "leader_email": "leader@example.org",
            "active": "on",
        },
    )
    assert response.status_code == 302
    code = GroupCode.objects.get()
    assert code.call.specific == call and len(code.code) == 9
    listing = client.get(LIST_URL).content.decode()
    assert code.code in listing and "Thursday youth club" in listing


def test_the_youth_panel_cannot_see_or_issue_codes(client, sign_in_verified, call):
    GroupCode.objects.create(call=call, group_name="Year 6 club", leader_email="l@example.org")
    sign_in_verified(client, reviewer(PANEL))
    # Wagtail sends a user without permission back to the dashboard.
    for response in (client.get(LIST_URL), client.post(ADD_URL, {"call": call.pk})):
        assert response.status_code == 302 and response.url == "/admin/"
    assert GroupCode.objects.count() == 1
