"""Every string a reader or an editor sees is marked for translation.

Two kinds of test: one reads every template through Django's template parser
and an HTML parser and fails on any copy outside `{% translate %}` /
`{% blocktranslate %}` (tests/template_strings.py); the others switch on a
pseudo-translation that wraps each translated string in ⟦…⟧ and check that the
pages, forms, blocks and messages come through it. English output is
unchanged: every other test in the suite still asserts it word for word.
"""

from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.template import Engine, engines
from django.template.loader import get_template
from django.utils import translation
from django.utils.translation import trans_real

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

import pytest

from home import blocks as home_blocks
from home.content_checks import language_errors, number_errors
from home.forms import SearchForm
from home.models import NavigationSettings, SafetySettings
from tests.template_strings import extends_the_admin, unmarked_strings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
NOT_YET_CHECKED = ()


def template_names():
    names = sorted(path.relative_to(TEMPLATES).as_posix() for path in TEMPLATES.rglob("*.html"))
    return [name for name in names if not name.startswith(NOT_YET_CHECKED)]


def test_every_template_marks_its_copy_for_translation():
    names = template_names()
    assert len(names) >= 30, names
    problems = {}
    for name in names:
        template = get_template(name).template
        if extends_the_admin(template):
            continue
        found = unmarked_strings(template)
        if found:
            problems[name] = found
    assert problems == {}


def test_templates_that_extend_the_admin_at_any_remove_are_left_to_wagtail():
    engine = Engine(
        loaders=[
            (
                "django.template.loaders.locmem.Loader",
                {
                    "admin_base.html": '{% extends "wagtailadmin/base.html" %}',
                    "admin_page.html": '{% extends "admin_base.html" %}',
                    "site_page.html": "<p>Hello</p>",
                    "site_child.html": '{% extends "site_page.html" %}',
                },
            )
        ]
    )
    assert extends_the_admin(engine.get_template("admin_page.html"))
    assert not extends_the_admin(engine.get_template("site_child.html"))
    assert unmarked_strings(engine.get_template("site_child.html")) == ["Hello"]


def unmarked(source):
    return unmarked_strings(engines["django"].from_string(source).template)


@pytest.mark.parametrize(
    "source",
    [
        "<p>Hello</p>",
        "<p>{{ count }} results</p>",
        '<nav aria-label="Main"></nav>',
        '<img src="{{ url }}" alt="A poster">',
        '<input type="submit" value="Send">',
        "{% if form.errors %}Error: {% endif %}",
        '{{ heading|default:"In this section" }}',
        '{% include "components/page_header.html" with title="Search Clearsight" %}',
        "{% for item in items %}{{ item }}{% empty %}Nothing here{% endfor %}",
        "{% block content %}<h2>Who are you?</h2>{% endblock %}",
        '<a href="/">Clearsight<span class="visually-hidden"> home page</span></a>',
    ],
)
def test_the_check_finds_unmarked_copy(source):
    assert unmarked("{% load i18n %}" + source), source


@pytest.mark.parametrize(
    "source",
    [
        '<p>{% translate "Hello" %}</p>',
        "<p>{% blocktranslate count n=count %}{{ n }} result{% plural %}{{ n }} results"
        "{% endblocktranslate %}</p>",
        "<nav aria-label=\"{% translate 'Main' %}\"></nav>",
        '<img src="{{ url }}" alt="{{ image.alt }}">',
        '{{ heading|default:_("In this section") }}',
        '{% include "components/page_header.html" with title=_("Search Clearsight") %}',
        '<{{ value.level }} class="stream__heading">{{ value.text }}</{{ value.level }}>',
        "<p>{{ page.title }} – {{ year }} (2024)</p>",
        "{# A note for developers #}{% comment %}Not shown{% endcomment %}",
        '<a class="card__link" href="{{ url }}" data-x="Not read aloud">{{ title }}</a>',
        '<script src="/static/js/clearsight.js"></script>',
    ],
)
def test_the_check_accepts_marked_copy_and_values(source):
    assert unmarked("{% load i18n %}" + source) == []


# -- A pseudo-translation -------------------------------------------------------


class PseudoTranslation:
    """Stands in for a translation catalogue: every message comes back as ⟦message⟧."""

    def __init__(self, language):
        self.language = language

    def gettext(self, message):
        # pgettext asks for "context\x04message".
        return f"⟦{message.rpartition(trans_real.CONTEXT_SEPARATOR)[2]}⟧"

    def ngettext(self, singular, plural, number):
        return f"⟦{singular if number == 1 else plural}⟧"

    def to_language(self):
        return self.language


@contextmanager
def pseudo_translation(language="cy"):
    translation.activate(settings.LANGUAGE_CODE)
    trans_real._active.value = PseudoTranslation(language)
    try:
        yield
    finally:
        translation.deactivate()


def marked(text):
    text = str(text)
    return text.startswith("⟦") and text.endswith("⟧")


@pytest.mark.django_db
def test_the_shell_and_young_peoples_pages_come_through_translation(client, demo_site):
    with pseudo_translation():
        html = client.get("/young-people/8-10/").content.decode()
        section = client.get("/about/").content.decode()
    assert ">⟦In this section⟧</h2>" in section
    assert '<html lang="cy" class="no-js">' in html
    for expected in (
        " – ⟦Clearsight⟧</title>",
        ">⟦Skip to main content⟧</a>",
        'aria-label="⟦Quick exit⟧"',
        '⟦<span class="visually-hidden">Emergency: </span>Exit this page⟧',
        "⟦Or press <kbd>Shift</kbd> three times.⟧",
        '⟦In danger now? Call <a href="tel:999">999</a>⟧',
        '⟦Childline <a href="tel:08001111">0800 1111</a>⟧',
        'aria-label="⟦Breadcrumb⟧"',
        ">⟦Before you start⟧</h2>",
        "It takes you to a weather page straight away.⟧",
        ">⟦Got it, hide this⟧</button>",
        ">⟦Search⟧</label>",
        'aria-label="⟦Site⟧"',
        ">⟦Clearsight sets no cookies when you read it and does not track you.⟧</p>",
    ):
        assert expected in html, expected


@pytest.mark.django_db
def test_search_results_and_errors_come_through_translation(client, demo_site):
    with pseudo_translation():
        found = client.get("/search/", {"q": "missing"}).content.decode()
        nothing = client.get("/search/", {"q": "zzzqqq"}).content.decode()
        too_long = client.get("/search/", {"q": "x" * 120}).content.decode()
    assert "<title>⟦Search results for “missing”⟧ – ⟦Clearsight⟧</title>" in found
    assert "results for “missing”⟧</h2>" in found
    assert ">⟦No results for “zzzqqq”⟧</h2>" in nothing
    assert (
        "⟦Try fewer or different words. If you need help now, call Childline on 0800 1111"
        in nothing
    )
    assert "<title>⟦Error:⟧ ⟦Search⟧ – ⟦Clearsight⟧</title>" in too_long
    assert ">⟦There is a problem⟧</h2>" in too_long
    assert '<a href="#id_q">⟦Search for 100 characters or fewer.⟧</a>' in too_long
    assert ">⟦Search Clearsight⟧ ⟦(optional)⟧</label>" in too_long
    assert '<span class="visually-hidden">⟦Error:⟧ </span>' in too_long


@pytest.mark.django_db
def test_pagination_comes_through_translation(client, home_page):
    with pseudo_translation():
        html = client.get("/patterns/").content.decode()
    assert "⟦Page 2 of 3⟧" in html
    assert '⟦Previous<span class="visually-hidden"> page</span>⟧' in html
    assert 'aria-label="⟦Pages of results⟧"' in html


def test_the_lang_attribute_follows_the_language(client, db):
    with pseudo_translation("zh-hans"):
        html = client.get("/no-such-page/").content.decode()
    assert '<html lang="zh-Hans" class="no-js">' in html
    with pseudo_translation("ur"):
        html = client.get("/no-such-page/").content.decode()
    assert '<html lang="ur" dir="rtl" class="no-js">' in html


# -- Python messages --------------------------------------------------------------


def all_blocks(block):
    yield block
    for child in getattr(block, "child_blocks", {}).values():
        yield from all_blocks(child)
    if isinstance(block, blocks.ListBlock):
        yield from all_blocks(block.child_block)


def test_block_help_descriptions_choices_and_defaults_are_marked():
    roots = [home_blocks.BodyStreamBlock(), home_blocks.RouteBlock(), home_blocks.LinkBlock()]
    checked = 0
    with pseudo_translation():
        for root in roots:
            for block in all_blocks(root):
                texts = [getattr(block.meta, name, None) for name in ("help_text", "description")]
                if isinstance(block, blocks.CharBlock | blocks.TextBlock):
                    texts.append(block.meta.default)
                if isinstance(block, blocks.ChoiceBlock):
                    texts += [label for _value, label in block.field.choices if _value]
                for text in texts:
                    if text and str(text).strip():
                        checked += 1
                        assert marked(text), (block.name or type(block).__name__, str(text))
    assert checked >= 20


@pytest.mark.parametrize(
    "block, value, field",
    [
        (home_blocks.ContactBlock(), {"name": "Nobody"}, "phone"),
        (
            home_blocks.ContactBlock(),
            {"name": "A", "phone": "0800 1111", "url_label": "Chat"},
            "url",
        ),
        (
            home_blocks.CalloutBlock(),
            {"title": "Empty", "text": "", "show_help_numbers": False},
            "text",
        ),
    ],
)
def test_block_validation_messages_are_marked(block, value, field):
    with pseudo_translation():
        with pytest.raises(StructBlockValidationError) as error:
            block.clean(block.to_python(value))
        assert marked(error.value.block_errors[field].message)


def test_the_search_form_is_marked():
    with pseudo_translation():
        form = SearchForm({"q": "x" * 101})
        assert not form.is_valid()
        field = form.fields["q"]
        assert marked(field.label)
        assert marked(field.help_text)
        assert [marked(message) for message in form.errors["q"]] == [True]


def test_settings_labels_and_help_are_marked():
    with pseudo_translation():
        for model in (SafetySettings, NavigationSettings):
            assert marked(model._meta.verbose_name)
        help_texts = [
            f.help_text for f in SafetySettings._meta.get_fields() if getattr(f, "help_text", "")
        ]
        assert len(help_texts) >= 4
        assert all(marked(text) for text in help_texts), help_texts
        headings = [panel.heading for panel in SafetySettings.panels]
        assert all(marked(heading) for heading in headings), headings


def test_content_check_messages_are_marked():
    class Item:
        text = "Call 0800 000 0000."
        number_rule = "text"

    with pseudo_translation():
        assert [marked(m) for m in language_errors("a child prostitute")] == [True]
        assert [marked(m) for m in number_errors(Item(), allowed=set())] == [True]
