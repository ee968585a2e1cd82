"""Find copy in templates that is not marked for translation.

Each template is parsed by Django's own template engine. Walking its nodes in
order gives a "skeleton" of the HTML it writes: the literal HTML as it is,
every `{% translate %}` / `{% blocktranslate %}` as one private-use character
(TRANSLATED), every variable and other tag's output as another (VALUE). An
HTML parser (the standard library's) then reads the skeleton: any text a
reader sees, or that a screen reader announces (aria-label, alt, title and
the like), that still holds a letter outside those two characters is copy
that was not marked. String literals inside tags and variables
(`title="Search"`, `|default:"Site"`) are checked too: they must be written
`_("…")`.

No regular expression reads the HTML, and nothing depends on how a template
is indented.
"""

from html.parser import HTMLParser

from django.template import Node, NodeList
from django.template.base import FilterExpression, TextNode, VariableNode
from django.template.defaulttags import CommentNode
from django.template.loader_tags import BlockNode, ExtendsNode
from django.templatetags.i18n import BlockTranslateNode, TranslateNode
from django.utils.functional import Promise

TRANSLATED = "\ue000"
VALUE = "\ue001"
# Where a variable names an element (`<{{ value.level }} …>`), a placeholder
# that reads as a tag name keeps the HTML parser on track.
TAG_NAME_VALUE = "x-value"

VISIBLE_ATTRIBUTES = {
    "alt",
    "aria-description",
    "aria-label",
    "aria-placeholder",
    "aria-roledescription",
    "aria-valuetext",
    "label",
    "placeholder",
    "title",
}
BUTTON_INPUT_TYPES = {"button", "reset", "submit"}


def has_words(text):
    return any(char.isalpha() for char in text.replace(TRANSLATED, "").replace(VALUE, ""))


def looks_like_copy(literal):
    """A string literal in a tag that a reader would see: words, not a path, a
    class name or a template name."""
    text = str(literal)
    if not any(char.isalpha() for char in text):
        return False
    if " " not in text and ("/" in text or "." in text or "#" in text):
        return False
    return " " in text.strip() or text[:1].isupper()


def _filter_expressions(value, depth=0):
    """Every FilterExpression inside a node's attributes (tag arguments, `with`
    values, `if` conditions), without going into child nodes."""
    if depth > 6 or isinstance(value, Node | NodeList):
        return
    if isinstance(value, FilterExpression):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _filter_expressions(item, depth + 1)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _filter_expressions(item, depth + 1)
    elif type(value).__module__ == "django.template.smartif":
        # `{% if %}` conditions: literals hold a FilterExpression, operators two operands.
        for name in ("value", "first", "second"):
            if hasattr(value, name):
                yield from _filter_expressions(getattr(value, name), depth + 1)


def untranslated_literals(expression):
    """String constants in `expression` written as "…" rather than _("…")."""
    candidates = []
    if isinstance(expression.var, str):  # a translated constant is a lazy Promise, not a str
        candidates.append(expression.var)
    for _function, arguments in expression.filters:
        for is_variable, argument in arguments:
            if not is_variable and isinstance(argument, str) and not isinstance(argument, Promise):
                candidates.append(argument)
    return [literal for literal in candidates if looks_like_copy(literal)]


def _child_nodelists(node):
    lists = [getattr(node, name, None) for name in node.child_nodelists]
    return [nodelist for nodelist in lists if nodelist is not None]


class Skeleton:
    def __init__(self, engine):
        self.engine = engine
        self.parts = []
        self.literals = []
        # `{% block %}` contents of the templates that extend the one being
        # walked, most derived first, so that a child's blocks are read in
        # their parent's HTML (inside <title>, or in a class attribute).
        self.block_overrides = {}

    def tail(self):
        return "".join(self.parts[-3:])

    def add_value(self, placeholder):
        self.parts.append(TAG_NAME_VALUE if self.tail().endswith(("<", "</")) else placeholder)

    def walk(self, nodelist):
        for node in nodelist:
            self.visit(node)

    def visit(self, node):
        if isinstance(node, TextNode):
            self.parts.append(node.s)
            return
        if isinstance(node, CommentNode):
            return
        if isinstance(node, ExtendsNode):
            for name, block in node.blocks.items():
                self.block_overrides.setdefault(name, block)
            self.walk(self.engine.get_template(node.parent_name.var).nodelist)
            return
        if isinstance(node, BlockNode) and self.block_overrides.get(node.name, node) is not node:
            override = self.block_overrides[node.name]
            self.block_overrides[node.name] = node  # {{ block.super }} would read this one
            self.walk(override.nodelist)
            return
        if isinstance(node, TranslateNode | BlockTranslateNode):
            if not node.asvar:
                self.add_value(TRANSLATED)
            return
        for name, value in vars(node).items():
            if name in ("token", "origin") or name in node.child_nodelists:
                continue
            for expression in _filter_expressions(value):
                self.literals += untranslated_literals(expression)
        if isinstance(node, VariableNode):
            self.add_value(VALUE)
            return
        children = _child_nodelists(node)
        if not children:
            self.add_value(VALUE)  # a tag whose output is computed: a URL, an image, an include
        for nodelist in children:
            self.walk(nodelist)


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self.raw_text = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.raw_text += 1
        attributes = dict(attrs)
        for name, value in attrs:
            visible = name in VISIBLE_ATTRIBUTES or (
                name == "value"
                and tag == "input"
                and (attributes.get("type") or "").lower() in BUTTON_INPUT_TYPES
            )
            if visible and value and has_words(value):
                self.found.append(f'<{tag} {name}="{value}">')

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in ("script", "style"):
            self.raw_text -= 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.raw_text:
            self.raw_text -= 1

    def handle_data(self, data):
        if not self.raw_text and has_words(data):
            self.found.append(" ".join(data.split()))


def unmarked_strings(template):
    """Copy in `template` (a django.template.base.Template) not marked for translation."""
    skeleton = Skeleton(template.engine)
    skeleton.walk(template.nodelist)
    parser = _VisibleText()
    parser.feed("".join(skeleton.parts))
    parser.close()
    readable = [
        text.replace(TRANSLATED, "{% translate %}").replace(VALUE, "{{ … }}")
        for text in parser.found
    ]
    return readable + [
        f'"{literal}" in a tag: write _("{literal}")' for literal in skeleton.literals
    ]


def _parent_name(template):
    for node in template.nodelist:
        if isinstance(node, ExtendsNode) and isinstance(node.parent_name.var, str):
            return node.parent_name.var
    return None


def extends_the_admin(template):
    """True for a template that extends, at any remove, one of Wagtail's admin templates."""
    seen = set()
    while (parent := _parent_name(template)) and parent not in seen:
        if parent.startswith("wagtailadmin/"):
            return True
        seen.add(parent)
        template = template.engine.get_template(parent)
    return False
