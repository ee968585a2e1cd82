import factory
import wagtail_factories

from home import models


class AgeBandFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Ages {n} to {n + 2}")
    slug = factory.Sequence(lambda n: f"{n}-{n + 2}")
    min_age = factory.Sequence(lambda n: n)
    max_age = factory.Sequence(lambda n: n + 2)

    class Meta:
        model = models.AgeBand
        django_get_or_create = ("slug",)


class AudienceFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Audience {n}")
    slug = factory.Sequence(lambda n: f"audience-{n}")

    class Meta:
        model = models.Audience
        django_get_or_create = ("slug",)


class TopicFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")

    class Meta:
        model = models.Topic
        django_get_or_create = ("slug",)


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Clearsight"
    intro = "Spotting and stopping child sexual exploitation, together."

    class Meta:
        model = models.HomePage


class YoungPeopleIndexPageFactory(wagtail_factories.PageFactory):
    title = "Young people"
    slug = "young-people"

    class Meta:
        model = models.YoungPeopleIndexPage


class AgeBandPageFactory(wagtail_factories.PageFactory):
    title = factory.LazyAttribute(lambda page: page.age_band.name)
    slug = factory.LazyAttribute(lambda page: page.age_band.slug)
    age_band = factory.SubFactory(AgeBandFactory)

    class Meta:
        model = models.AgeBandPage


class SectionPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Section {n}")

    class Meta:
        model = models.SectionPage


class ContentPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Content page {n}")
    intro = "A short introduction."

    class Meta:
        model = models.ContentPage
