"""The benchmark data set's resource pages (``manage.py generate_load_data``)."""

import datetime

from django.utils import timezone
from django.utils.text import slugify

from home.models import AgeBand, Audience, Topic
from resources.models import Format, MadeBy, ReadingLevel, ResourceIndexPage, ResourcePage

from . import text
from .bulk import publish_in_bulk

BAND_TOPICS = {
    "4-7": ["trusted-adults", "getting-help", "online-safety"],
    "8-10": ["trusted-adults", "online-safety", "healthy-relationships", "peer-pressure"],
    "11-13": ["grooming", "consent", "sharing-images", "online-safety", "peer-pressure"],
    "14-17": ["exploitation", "going-missing", "sharing-images", "consent", "getting-help"],
}
ADULT_TOPICS = [
    "spotting-the-signs", "what-to-do", "going-missing", "online-safety",
    "exploitation", "grooming", "getting-help", "trusted-adults",
]  # fmt: skip
BAND_READING = {
    "4-7": [ReadingLevel.FIRST_WORDS, ReadingLevel.SIMPLE],
    "8-10": [ReadingLevel.SIMPLE, ReadingLevel.EVERYDAY],
    "11-13": [ReadingLevel.SIMPLE, ReadingLevel.EVERYDAY],
    "14-17": [ReadingLevel.EVERYDAY, ReadingLevel.DETAILED],
}
ADULT_READING = [ReadingLevel.EVERYDAY, ReadingLevel.DETAILED]
ADULT_FORMATS = ["guide", "leaflet", "poster", "video", "quiz"]
YOUNG_MADE_BY = (
    [MadeBy.YOUNG_PEOPLE, MadeBy.WITH_YOUNG_PEOPLE, MadeBy.TEAM, MadeBy.PARTNER],
    [25, 20, 45, 10],
)
ADULT_MADE_BY = ([MadeBy.TEAM, MadeBy.PARTNER, MadeBy.WITH_YOUNG_PEOPLE], [60, 30, 10])
PARTNERS = ["Local Safeguarding Partnership", "Youth Work Network", "Community Transport Forum"]


class Taxonomy:
    """The demo's rows, found by slug once."""

    def __init__(self):
        self.bands = {b.slug: b for b in AgeBand.objects.order_by("min_age")}
        self.audiences = {a.slug: a for a in Audience.objects.all()}
        self.topics = {t.slug: t for t in Topic.objects.all()}
        self.formats = {f.slug: f for f in Format.objects.all()}


def _paragraph(rng, pool, n):
    return "<p>" + " ".join(rng.sample(pool, n)) + "</p>"


def _body(rng, *, pool, headings, young, easy_read_lines, images):
    blocks = []
    if easy_read_lines:
        blocks.append(
            {
                "type": "easy_read",
                "value": {
                    "heading": rng.choice(headings),
                    "lines": [
                        {
                            "image": {
                                "image": image.pk,
                                "alt_text": image.description,
                                "decorative": False,
                            },
                            "text": line,
                        }
                        for line, image in zip(
                            rng.sample(easy_read_lines, 3), rng.sample(images, 3), strict=True
                        )
                    ],
                },
            }
        )
    for heading in rng.sample(headings, 2):
        blocks.append({"type": "heading", "value": {"text": heading, "level": "h2"}})
        blocks.append({"type": "paragraph", "value": _paragraph(rng, pool, 3)})
    if young:
        blocks.append(
            {
                "type": "trusted_adult",
                "value": {
                    "heading": "Who will you tell?",
                    "text": rng.choice(text.TRUSTED_ADULT_TEXT),
                    "examples": rng.sample(text.TRUSTED_ADULT_EXAMPLES, 3),
                },
            }
        )
    else:
        blocks.append(
            {
                "type": "callout",
                "value": {
                    "title": "If a child is in danger now, call 999",
                    "text": "<p>Follow your safeguarding procedure and write down what you saw.</p>",
                    "show_help_numbers": True,
                },
            }
        )
    return blocks


def build_resource(rng, number, taxonomy, images):
    """One unsaved resource page and its many-to-many slugs, drawn from `rng`.

    The age band, audience, format and first topic go round in turn (three
    pages in five for young people), so that even a small set puts some pages
    behind every filter; the rest is drawn from `rng`.
    """
    block, position = divmod(number - 1, 5)
    if position < 3:
        turn = block * 3 + position
        band = list(text.YOUNG_PEOPLE)[turn % len(text.YOUNG_PEOPLE)]
        words = text.YOUNG_PEOPLE[band]
        fmt = list(text.TITLE_OPENINGS)[turn % len(text.TITLE_OPENINGS)]
        subject = rng.choice(words["subjects"])
        summary_pool, body_pool, headings = words["summary"], words["body"], words["headings"]
        reading = rng.choice(BAND_READING[band])
        easy_read = rng.random() < (0.5 if band == "4-7" else 0.2)
        made_by = rng.choices(*YOUNG_MADE_BY)[0]
        bands = [band]
        audiences = ["young-people"] + (["parents-and-carers"] if rng.random() < 0.15 else [])
        first = BAND_TOPICS[band][(turn // 4) % len(BAND_TOPICS[band])]
        topics = [first, rng.choice([t for t in BAND_TOPICS[band] if t != first])]
        easy_lines = words["easy_read"] if easy_read else None
        young = True
    else:
        turn = block * 2 + position - 3
        audience = list(text.ADULTS)[turn % len(text.ADULTS)]
        words = text.ADULTS[audience]
        fmt = ADULT_FORMATS[(turn // len(text.ADULTS)) % len(ADULT_FORMATS)]
        subject = rng.choice(words["subjects"])
        summary_pool, body_pool, headings = words["summary"], text.ADULT_BODY, text.ADULT_HEADINGS
        reading = rng.choice(ADULT_READING)
        easy_read = rng.random() < 0.1
        made_by = rng.choices(*ADULT_MADE_BY)[0]
        bands, audiences = [], [audience]
        first = ADULT_TOPICS[turn % len(ADULT_TOPICS)]
        topics = [first, *rng.sample([t for t in ADULT_TOPICS if t != first], 2)]
        easy_lines = None  # Easy Read for adults is in the words, not the pictures.
        young = False
    title = f"{rng.choice(text.TITLE_OPENINGS[fmt])} {subject}"
    title = title[0].upper() + title[1:]
    reviewed = datetime.date(2026, 11, 1) - datetime.timedelta(days=rng.randrange(300))
    page = ResourcePage(
        title=title,
        slug=f"{slugify(title)[:60]}-{number}",
        summary=" ".join(rng.sample(summary_pool, 2)),
        intro=rng.choice(body_pool),
        format=taxonomy.formats[fmt],
        reading_level=reading,
        easy_read=easy_read,
        made_by=made_by,
        partner_name=rng.choice(PARTNERS) if made_by == MadeBy.PARTNER else "",
        image=rng.choice(images),
        body=_body(
            rng,
            pool=body_pool,
            headings=headings,
            young=young,
            easy_read_lines=easy_lines,
            images=images,
        ),
        last_reviewed=reviewed,
        next_review=reviewed + datetime.timedelta(days=365),
        live=True,
        has_unpublished_changes=False,
    )
    return page, bands, audiences, topics


def generate_resources(*, rng, count, images, progress=lambda done: None):
    """Create `count` live resource pages under the demo library; returns them."""
    library = ResourceIndexPage.objects.first()
    taxonomy = Taxonomy()
    now = timezone.now()
    pages = []
    for number in range(1, count + 1):
        page, bands, audiences, topics = build_resource(rng, number, taxonomy, images)
        page.first_published_at = page.last_published_at = now
        page.age_bands = [taxonomy.bands[s] for s in bands]
        page.audiences = [taxonomy.audiences[s] for s in audiences]
        page.topics = [taxonomy.topics[s] for s in topics]
        # add_child: the tree path, with the page's full_clean (the content checks).
        library.add_child(instance=page)
        pages.append(page)
        progress(number)
    publish_in_bulk(pages)
    return pages
