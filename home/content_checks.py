"""Checks on what editors publish: careful language and real help numbers.

The same rules apply to the demo content and to every page an editor saves or
publishes (``BasePage.clean`` calls :func:`validate_page_content`), so a
page that calls a child a "child prostitute", or gives a made-up number in a
contact block, is refused with a message beside the field or block that holds
it. The rules follow docs/content.md ("Language", "National help routes").

The checks walk the page's text fields and StreamField values through the
block definitions, never by block name: a block opts in to the number rule
with two ``Meta`` attributes,

- ``help_number_fields``: names of child blocks that each hold one phone or
  text number (the whole value must be a known help route);
- ``help_numbers_in_text = True``: every phone number written anywhere in the
  block's text must be a known help route.
"""

import html
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Site
from wagtail.rich_text import RichText

from home.help_routes import EXAMPLE_HELP_ROUTE, NATIONAL_HELP_ROUTES


@dataclass(frozen=True)
class UnsafePhrase:
    pattern: str  # a regular expression, matched case-insensitively on word boundaries
    message: str  # a full sentence that says why and what to write instead


# docs/content.md, "Language": words that blame a child or misdescribe abuse,
# and placeholder text that must never reach a reader.
UNSAFE_PHRASES = (
    UnsafePhrase(
        r"child prostitutes?",
        _(
            "Do not write “%(phrase)s”: a child cannot sell sex, they are being abused. "
            "Write “a child who is being sexually exploited” instead."
        ),
    ),
    UnsafePhrase(
        r"child prostitution",
        _("Do not write “%(phrase)s”: it hides abuse. Write “child sexual exploitation” instead."),
    ),
    UnsafePhrase(
        r"child porn(?:ography)?",
        _(
            "Do not write “%(phrase)s”: these are records of a child being abused. "
            "Write “child sexual abuse images” instead."
        ),
    ),
    UnsafePhrase(
        r"risky behaviours?",
        _(
            "Do not write “%(phrase)s”: it blames the child. "
            "Say what is happening to them and who is responsible."
        ),
    ),
    UnsafePhrase(
        r"(?:put|puts|putting) (?:themselves|themself|himself|herself) at risk",
        _(
            "Do not write “%(phrase)s”: it blames the child. "
            "Say who is putting them at risk instead."
        ),
    ),
    UnsafePhrase(
        r"sexually active",
        _(
            "Do not write “%(phrase)s” of a child who is being exploited: it suggests "
            "they agreed to their abuse. Say what is being done to them instead."
        ),
    ),
    UnsafePhrase(
        r"consensual",
        _(
            "Do not write “%(phrase)s”: a child cannot consent to their own exploitation. "
            "Describe what happened without suggesting they agreed to it."
        ),
    ),
    UnsafePhrase(
        r"lorem|ipsum",
        _("Replace the placeholder text “%(phrase)s” with real words before publishing."),
    ),
)
_UNSAFE_PATTERNS = [
    (re.compile(rf"\b(?:{phrase.pattern})\b", re.IGNORECASE), phrase.message)
    for phrase in UNSAFE_PHRASES
]

# Phone and text numbers written in running text: digits in groups separated
# by single spaces ("0800 1111", "0808 800 5000", "116 000", "85258").
_DIGIT_RUN = re.compile(r"(?<![\w+])\+?\d+(?: \d+)*(?![\w])")
# A run of fewer digits than this is an age, a year or a count, not a phone
# number; the short emergency numbers (999, 101) are real anyway.
_MIN_DIGITS_IN_TEXT = 5


def normalise_number(number):
    """'0800 1111', '08001111' and '+44 800 1111' are the same number."""
    digits = re.sub(r"[^\d+]", "", str(number))
    if digits.startswith("+44"):
        digits = "0" + digits[3:]
    return digits


def _digit_count(text):
    return sum(char.isdigit() for char in text)


def numbers_in_text(text, min_digits=_MIN_DIGITS_IN_TEXT):
    """Every run of digits in `text` that is long enough to be a phone number, as written."""
    return [
        match.group()
        for match in _DIGIT_RUN.finditer(text)
        if _digit_count(match.group()) >= min_digits
    ]


def unknown_numbers_in_text(text, allowed):
    """Phone numbers written in `text` that are not in `allowed`.

    A run such as "0800 1111 24 hours" holds a known number followed by other
    digits: known numbers are taken out of each run first (longest first), and
    only what is left, if long enough to be a phone number, is reported.
    """
    unknown = []
    for run in numbers_in_text(text):
        groups = run.split(" ")
        leftover = []
        start = 0
        while start < len(groups):
            end = next(
                (
                    end
                    for end in range(len(groups), start, -1)
                    if normalise_number("".join(groups[start:end])) in allowed
                ),
                None,
            )
            if end is None:
                leftover.append(groups[start])
                start += 1
                continue
            unknown.append(" ".join(leftover))
            leftover = []
            start = end
        unknown.append(" ".join(leftover))
    return [number for number in unknown if _digit_count(number) >= _MIN_DIGITS_IN_TEXT]


def national_numbers():
    return {normalise_number(route.number) for route in NATIONAL_HELP_ROUTES}


def _number_fields(model):
    return [
        field.name
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField) and field.name.endswith("_number")
    ]


def site_numbers(site):
    """The numbers in a site's settings: each `*_number` field of every site
    setting (*Help and quick exit*, *Local contacts* …), whichever app defines
    it, so a page may give the area's own numbers as well as the national ones."""
    from django.apps import apps

    from wagtail.contrib.settings.models import BaseSiteSetting

    numbers = set()
    for model in apps.get_models():
        fields = _number_fields(model) if issubclass(model, BaseSiteSetting) else []
        if not fields:
            continue
        settings = model.objects.filter(site=site).first() if site else None
        settings = settings or model()
        numbers |= {
            normalise_number(getattr(settings, name)) for name in fields if getattr(settings, name)
        }
    return numbers


def allowed_numbers(page):
    site = page.get_site() if page.pk and page.url_path else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    return national_numbers() | site_numbers(site)


# -- Walking a page's text -----------------------------------------------------

NUMBER_FIELD = "field"  # the whole value is one number
NUMBERS_IN_TEXT = "text"  # any number written in the text


@dataclass(frozen=True)
class Text:
    path: tuple  # field name, then stream index / struct child name / list index
    text: str
    number_rule: str | None


def plain_text(value):
    """The words a reader sees in a text or rich-text value, tags stripped, spaces folded."""
    if isinstance(value, RichText):
        value = value.source
    return " ".join(html.unescape(strip_tags(str(value or ""))).split())


def _walk_block(block, value, path, rule):
    if value is None:
        return
    if isinstance(block, blocks.StreamBlock):
        for index, child in enumerate(value):
            yield from _walk_block(child.block, child.value, (*path, index), rule)
    elif isinstance(block, ImageBlock):
        # Its value is the image itself, carrying the alt text written for this use.
        alt_text = getattr(value, "contextual_alt_text", "") or ""
        yield Text((*path, "alt_text"), plain_text(alt_text), None)
    elif isinstance(block, blocks.StructBlock):
        number_fields = getattr(block.meta, "help_number_fields", ())
        if getattr(block.meta, "help_numbers_in_text", False):
            rule = NUMBERS_IN_TEXT
        for name, child_block in block.child_blocks.items():
            child_rule = NUMBER_FIELD if name in number_fields else rule
            yield from _walk_block(child_block, value.get(name), (*path, name), child_rule)
    elif isinstance(block, blocks.ListBlock):
        for index, item in enumerate(value):
            yield from _walk_block(block.child_block, item, (*path, index), rule)
    elif isinstance(block, blocks.RichTextBlock) or isinstance(value, str):
        # Numbers are read from words only, never from addresses or choices.
        words = isinstance(block, blocks.CharBlock | blocks.TextBlock | blocks.RichTextBlock)
        yield Text(path, plain_text(value), rule if words else None)


def editable_text_fields(page):
    """The page's text and StreamField fields that editors fill in: only these can
    carry an error, because the editor shows an error beside its own field."""
    form_fields = set(type(page).get_edit_handler().get_form_options().get("fields", []))
    for field in type(page)._meta.get_fields():
        if field.name not in form_fields or isinstance(field, models.SlugField):
            continue
        if isinstance(field, StreamField | models.CharField | models.TextField):
            yield field


def stream_copy(page, field):
    """A copy of the page's StreamField value to read. Reading the children of a
    StreamValue loaded from raw data changes how it is saved afterwards, and a
    check must leave the page exactly as it found it."""
    value = getattr(page, field.name)
    return field.stream_block.to_python(field.stream_block.get_prep_value(value))


def page_texts(page, streams=None):
    """Every piece of text on the page an editor wrote, with where it sits."""
    streams = {} if streams is None else streams
    for field in editable_text_fields(page):
        value = getattr(page, field.name)
        if isinstance(field, StreamField):
            value = streams.setdefault(field.name, stream_copy(page, field))
            yield from _walk_block(field.stream_block, value, (field.name,), None)
        elif value:
            if isinstance(field, RichTextField):
                value = plain_text(value)
            yield Text((field.name,), plain_text(value), None)


# -- The rules -------------------------------------------------------------------


def language_errors(text):
    errors = []
    for pattern, message in _UNSAFE_PATTERNS:
        for phrase in dict.fromkeys(match.group().lower() for match in pattern.finditer(text)):
            errors.append(message % {"phrase": phrase})
    return errors


def number_errors(item, allowed):
    if item.number_rule == NUMBER_FIELD:
        unknown = [item.text] if item.text and normalise_number(item.text) not in allowed else []
    elif item.number_rule == NUMBERS_IN_TEXT:
        unknown = unknown_numbers_in_text(item.text, allowed)
    else:
        return []
    return [
        gettext(
            "“%(number)s” is not one of the national help routes Clearsight gives readers. "
            "Check it, and use a real route such as %(example)s on %(example_number)s, "
            "so that nobody calls a wrong or made-up number."
        )
        % {
            "number": number,
            "example": EXAMPLE_HELP_ROUTE.name,
            "example_number": EXAMPLE_HELP_ROUTE.number,
        }
        for number in dict.fromkeys(unknown)
    ]


def text_errors(page, streams=None):
    """(path, message) for every problem in the page's text, in page order."""
    allowed = allowed_numbers(page)
    for item in page_texts(page, streams):
        for message in language_errors(item.text) + number_errors(item, allowed):
            yield item.path, message


# -- Errors shaped for the editor ---------------------------------------------------


def _nest(found):
    """{path: [messages]} -> a tree keyed by each step of the path."""
    tree = {}
    for path, message in found:
        node = tree
        for step in path:
            node = node.setdefault(step, {})
        node.setdefault(None, []).append(message)
    return tree


def _block_error(block, value, tree):
    """The ValidationError Wagtail's StreamField editor shows beside the right block."""
    if isinstance(block, blocks.StreamBlock):
        return StreamBlockValidationError(
            block_errors={
                index: _block_error(value[index].block, value[index].value, subtree)
                for index, subtree in tree.items()
                if index is not None
            }
        )
    if isinstance(block, blocks.StructBlock):
        # An ImageBlock's value is the image, not a dict: its children are read
        # as attributes (only `alt_text` is ever checked).
        read = value.get if hasattr(value, "get") else (lambda name: getattr(value, name, None))
        return StructBlockValidationError(
            block_errors={
                name: _block_error(block.child_blocks[name], read(name), subtree)
                for name, subtree in tree.items()
                if name is not None
            }
        )
    if isinstance(block, blocks.ListBlock):
        return ListBlockValidationError(
            block_errors={
                index: _block_error(block.child_block, value[index], subtree)
                for index, subtree in tree.items()
                if index is not None
            }
        )
    return ValidationError(tree[None])


def page_content_errors(page):
    """{field name: ValidationError} for everything on `page` that breaks the
    content rules; empty when the page may be published."""
    streams = {}
    tree = _nest(text_errors(page, streams))
    errors = {}
    for name, subtree in tree.items():
        field = page._meta.get_field(name)
        if isinstance(field, StreamField):
            errors[name] = _block_error(field.stream_block, streams[name], subtree)
        else:
            errors[name] = ValidationError(subtree[None])
    return errors


def validate_page_content(page):
    """Raise the page's content errors, each beside its field, if there are any."""
    errors = page_content_errors(page)
    if errors:
        raise ValidationError(errors)


def describe(page):
    """The page's content errors as readable lines ('body › 3 › phone: …'), for tests and logs."""
    return [
        " › ".join(str(step) for step in path) + ": " + message
        for path, message in text_errors(page)
    ]
