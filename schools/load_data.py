"""The benchmark data set's lesson packs (``manage.py generate_load_data``).

Each pack is modelled on one of the demo's packs (drawn by the seed): its key
stages, year groups, age bands, curriculum links, "Before you teach", lesson
plan and files, so links and filters are spread as the demo spreads them, with
a title, summary and length of its own.
"""

import copy

from django.utils import timezone
from django.utils.text import slugify

from resources.load_data import text
from resources.load_data.bulk import publish_in_bulk
from schools.models import LessonPackFile, LessonPackIndexPage, LessonPackPage


def _demo_packs():
    return list(
        LessonPackPage.objects.live()
        .order_by("path")
        .prefetch_related(
            "key_stages", "year_groups", "age_bands", "audiences", "topics", "curriculum_links"
        )
        .prefetch_related("pack_files")
    )


def generate_packs(*, rng, count, progress=lambda done: None):
    """Create `count` live lesson packs under the demo's lesson pack library."""
    if not count:
        return []
    index = LessonPackIndexPage.objects.first()
    models_ = _demo_packs()
    now = timezone.now()
    pages = []
    for number in range(1, count + 1):
        model = rng.choice(models_)
        theme = rng.choice(text.PACK_THEMES)
        form, lessons, minutes = rng.choice(text.PACK_FORMS)
        stages = list(model.key_stages.all())
        stage_names = " and ".join(stage.name for stage in stages)
        title = f"{theme}: {form} for {stage_names.lower()}"
        page = LessonPackPage(
            title=title,
            slug=f"{slugify(title)[:60]}-{number}",
            summary=(
                f"{form[0].upper()}{form[1:]} on {theme.lower()}, with slides, a lesson plan "
                "and a worksheet. Start with Before you teach and talk to your designated "
                "safeguarding lead first."
            ),
            intro=model.intro,
            lesson_count=lessons,
            lesson_minutes=minutes,
            learning_objectives=model.learning_objectives,
            learning_outcomes=model.learning_outcomes,
            before_you_teach=copy.deepcopy(list(model.before_you_teach.raw_data)),
            lesson_plan=copy.deepcopy(list(model.lesson_plan.raw_data)),
            body=copy.deepcopy(list(model.body.raw_data)),
            version="1.0",
            last_reviewed=model.last_reviewed,
            next_review=model.next_review,
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
        )
        page.key_stages = stages
        page.year_groups = list(model.year_groups.all())
        page.age_bands = list(model.age_bands.all())
        page.audiences = list(model.audiences.all())
        page.topics = list(model.topics.all())
        page.curriculum_links = list(model.curriculum_links.all())
        page.pack_files = [
            LessonPackFile(
                document_id=file.document_id,
                title=file.title,
                description=file.description,
                kind=file.kind,
            )
            for file in model.pack_files.all()
        ]
        index.add_child(instance=page)
        pages.append(page)
        progress(number)
    publish_in_bulk(pages)
    return pages
