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
    """A published resource. Taxonomy goes in as lists of snippets:
    ``ResourcePageFactory(parent=library, audiences=[...], age_bands=[...], topics=[...])``."""

    title = factory.Sequence(lambda n: f"Resource {n}")
    summary = "A short summary written for the reader."
    format = factory.SubFactory(FormatFactory)

    class Meta:
        model = ResourcePage
        skip_postgeneration_save = True

    @factory.post_generation
    def audiences(self, create, extracted, **kwargs):
        if extracted:
            self.audiences.set(extracted)
            self.save()  # ParentalManyToManyField keeps the set until save

    @factory.post_generation
    def age_bands(self, create, extracted, **kwargs):
        if extracted:
            self.age_bands.set(extracted)
            self.save()  # ParentalManyToManyField keeps the set until save

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if extracted:
            self.topics.set(extracted)
            self.save()  # ParentalManyToManyField keeps the set until save
