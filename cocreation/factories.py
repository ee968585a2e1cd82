import datetime

import factory
import wagtail_factories

from cocreation.models import (
    CallForContributionsPage,
    GetInvolvedPage,
    GroupCode,
    Submission,
    SubmissionDetails,
    SubmissionStatus,
)
from home.factories import AgeBandFactory


class GetInvolvedPageFactory(wagtail_factories.PageFactory):
    title = "Get involved"
    slug = "get-involved"

    class Meta:
        model = GetInvolvedPage


class CallForContributionsPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Help us make a poster {n}")
    intro = "Tell other children how to stay safe online."
    opens_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=7))
    closes_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=30))
    what_happens_next = "Trained adults read everything you send before anyone else sees it."

    class Meta:
        model = CallForContributionsPage


class GroupCodeFactory(factory.django.DjangoModelFactory):
    call = factory.SubFactory(CallForContributionsPageFactory)
    group_name = "Thursday youth club"
    leader_email = "leader@example.org"

    class Meta:
        model = GroupCode


class SubmissionFactory(factory.django.DjangoModelFactory):
    """A submission as stored after the form (no workflow started: use
    cocreation.services.moderation.submission_start_review for that)."""

    call = factory.SubFactory(CallForContributionsPageFactory)
    age_band = factory.SubFactory(
        AgeBandFactory, name="Ages 14 to 17", slug="14-17", min_age=14, max_age=17
    )
    title = "Tell someone"
    text = "If a friend online asks you to keep a secret, tell an adult you trust."
    published_title = factory.SelfAttribute("title")
    published_text = factory.SelfAttribute("text")
    status = SubmissionStatus.IN_REVIEW
    consent_to_share = True
    consent_to_byline = True
    live = False
    details = factory.RelatedFactory(
        "cocreation.factories.SubmissionDetailsFactory", factory_related_name="submission"
    )

    class Meta:
        model = Submission
        skip_postgeneration_save = True


class SubmissionDetailsFactory(factory.django.DjangoModelFactory):
    submission = factory.SubFactory(SubmissionFactory, details=None)
    name = "Sam"

    class Meta:
        model = SubmissionDetails
