import factory
import wagtail_factories

from home.factories import DocumentFactory
from schools.models import (
    CurriculumFramework,
    CurriculumItem,
    KeyStage,
    LessonPackFile,
    LessonPackIndexPage,
    LessonPackPage,
    SchoolsLandingPage,
    SchoolToolkitPage,
)

BEFORE_YOU_TEACH = {
    "ground_rules": "<p>Agree ground rules: no personal stories, and anyone may pass.</p>",
    "distancing": "<p>Talk about the characters in the story, never about pupils' own lives.</p>",
    "disclosures": "<p>If a pupil tells you something, listen, stay calm and do not promise "
    "to keep it secret.</p>",
    "tell_your_dsl": "<p>Tell your designated safeguarding lead the date of the lesson.</p>",
    "signposting": "<p>Childline: 0800 1111, any time, free.</p>",
}


class SchoolsLandingPageFactory(wagtail_factories.PageFactory):
    title = "SchoolsLandingPage"

    class Meta:
        model = SchoolsLandingPage


class LessonPackIndexPageFactory(wagtail_factories.PageFactory):
    title = "Lesson packs"

    class Meta:
        model = LessonPackIndexPage


class LessonPackPageFactory(wagtail_factories.PageFactory):
    """A publishable pack (it has "Before you teach"), in key stage 3 unless told."""

    title = factory.Sequence(lambda n: f"Lesson pack {n}")
    summary = "A lesson about healthy and unhealthy relationships."
    lesson_minutes = 50
    lesson_count = 1
    learning_objectives = "What a healthy relationship looks like\nWho to talk to"
    learning_outcomes = "Name three signs of an unhealthy relationship"
    before_you_teach = factory.LazyFunction(lambda: [("before_you_teach", BEFORE_YOU_TEACH)])

    class Meta:
        model = LessonPackPage
        # The hook below saves when it changes something.
        skip_postgeneration_save = True

    @factory.post_generation
    def key_stages(self, create, extracted, **kwargs):
        stages = extracted if extracted is not None else [KeyStage.objects.get(slug="ks3")]
        self.key_stages.set(stages)
        if create:
            self.save()


class LessonPackFileFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(LessonPackPageFactory)
    document = factory.SubFactory(DocumentFactory)
    kind = "worksheet"

    class Meta:
        model = LessonPackFile


class SchoolToolkitPageFactory(wagtail_factories.PageFactory):
    title = "Whole-school toolkit"
    summary = "Everything a school needs around the lessons."

    class Meta:
        model = SchoolToolkitPage


class CurriculumFrameworkFactory(factory.django.DjangoModelFactory):
    slug = factory.Sequence(lambda n: f"framework-{n}")
    name = factory.Sequence(lambda n: f"Framework {n}")
    short_name = factory.Sequence(lambda n: f"F{n}")
    nation = "england"

    class Meta:
        model = CurriculumFramework


class CurriculumItemFactory(factory.django.DjangoModelFactory):
    framework = factory.SubFactory(CurriculumFrameworkFactory)
    slug = factory.Sequence(lambda n: f"item-{n}")
    heading = "Being safe"
    verified = True

    class Meta:
        model = CurriculumItem
