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


class ImageFactory(wagtail_factories.ImageFactory):
    """A picture stored as the screening would leave it; the licence and credit are filled in."""

    title = factory.Sequence(lambda n: f"Picture {n}")
    credit = "Clearsight"
    licence = models.ImageLicence.OWN_WORK
    # Set by Wagtail's upload views; read by home/images.py (a small original may
    # stand in for renditions not made yet).
    file_size = factory.LazyAttribute(lambda image: image.file.size)

    class Meta:
        model = models.ClearsightImage


class DocumentFactory(wagtail_factories.DocumentFactory):
    title = factory.Sequence(lambda n: f"Document {n}")
    file = factory.django.FileField(
        filename="document.pdf", data=b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
    )

    class Meta:
        model = models.ClearsightDocument
