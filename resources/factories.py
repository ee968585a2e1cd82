from django.utils import timezone

import factory
import wagtail_factories

from resources.models import Format, ResourceIndexPage, ResourcePage


class ResourceIndexPageFactory(wagtail_factories.PageFactory):
    title = "ResourceIndexPage"

    class Meta:
        model = ResourceIndexPage


class FormatFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Format {n}")
    slug = factory.Sequence(lambda n: f"format-{n}")

    class Meta:
        model = Format
        django_get_or_create = ("slug",)


class ResourcePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Resource {n}")
    summary = "A short summary, written for the reader."
    format = factory.SubFactory(FormatFactory)
    first_published_at = factory.LazyFunction(timezone.now)
    last_published_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = ResourcePage
        skip_postgeneration_save = True

    # audiences=[...], age_bands=[...], topics=[...]: snippets, saved to the page.
    @factory.post_generation
    def audiences(page, create, extracted, **kwargs):
        set_terms(page, "audiences", create, extracted)

    @factory.post_generation
    def age_bands(page, create, extracted, **kwargs):
        set_terms(page, "age_bands", create, extracted)

    @factory.post_generation
    def topics(page, create, extracted, **kwargs):
        set_terms(page, "topics", create, extracted)


def set_terms(page, name, create, terms):
    if terms is not None:
        getattr(page, name).set(terms)
        if create:
            page.save()
