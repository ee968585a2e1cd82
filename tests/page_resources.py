"""What a rendered page asks a browser to fetch, read the way a browser reads it.

An HTML parser (Beautiful Soup on the standard library's parser) finds every
attribute that makes a browser fetch something, a CSS tokenizer (tinycss2)
finds every `url()`, `image-set()` and `@import` in stylesheets and style
attributes, and `urllib.parse` resolves each address against the page, after
the clean-up that the WHATWG URL standard does first (so that `//host/x.js`,
`/\\host/x.js` and `/<tab>/host/x.js` are all seen as the other host they are).
"""

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import tinycss2
from bs4 import BeautifulSoup

# Attributes that fetch something on any element that carries them.
FETCHING_ATTRIBUTES = ("src", "poster", "data", "background", "xlink:href")
SRCSET_ATTRIBUTES = ("srcset", "imagesrcset")
# `href` fetches on every element except these, which only navigate.
NAVIGATING_ELEMENTS = {"a", "area"}
# Up to and including U+0020: stripped from both ends of a URL by browsers.
C0_AND_SPACE = "".join(chr(code) for code in range(0x21))


@dataclass(frozen=True)
class Resource:
    where: str  # e.g. "<script src>", "<img srcset>", "CSS url()"
    url: str  # as written in the page or stylesheet

    def resolved(self, base):
        return resolve(base, self.url)


def as_a_browser_reads_it(url):
    """The clean-up the URL standard makes before parsing: strip C0 controls and
    spaces at the ends, drop tabs and newlines anywhere, and (for the http(s)
    addresses a page's relative URLs become) read a backslash as a slash."""
    url = url.strip(C0_AND_SPACE)
    url = url.replace("\t", "").replace("\n", "").replace("\r", "")
    if urlsplit(url).scheme.lower() in ("", "http", "https"):
        url = url.replace("\\", "/")
    return url


def resolve(base, url):
    return urljoin(base, as_a_browser_reads_it(url))


def origin(url):
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    default_port = {"http": 80, "https": 443}.get(scheme)
    return scheme, parts.hostname, parts.port or default_port


def is_own(url, base):
    """True when `url`, resolved against the page `base`, loads nothing from
    another origin (`data:` URLs load nothing at all)."""
    absolute = resolve(base, url)
    if urlsplit(absolute).scheme.lower() == "data":
        return True
    return origin(absolute) == origin(base)


def srcset_urls(value):
    """The image candidates' URLs in a `srcset` (HTML standard's parsing, in short)."""
    urls = []
    position, length = 0, len(value)
    while position < length:
        while position < length and (value[position].isspace() or value[position] == ","):
            position += 1
        start = position
        while position < length and not value[position].isspace():
            position += 1
        url = value[start:position]
        if not url:
            break
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            # Descriptors run to the next comma outside parentheses.
            depth = 0
            while position < length and (value[position] != "," or depth):
                if value[position] == "(":
                    depth += 1
                elif value[position] == ")":
                    depth = max(depth - 1, 0)
                position += 1
        if url:
            urls.append(url)
    return urls


def _css_urls(nodes, where):
    for node in nodes:
        node_type = getattr(node, "type", None)
        if node_type == "url":
            yield Resource(f"{where} url()", node.value)
        elif node_type == "function":
            strings = [arg.value for arg in node.arguments if arg.type == "string"]
            if node.lower_name in ("url", "src"):
                yield from (Resource(f"{where} {node.lower_name}()", s) for s in strings[:1])
            elif node.lower_name in ("image-set", "-webkit-image-set"):
                yield from (Resource(f"{where} image-set()", s) for s in strings)
            yield from _css_urls(node.arguments, where)
        elif node_type == "at-rule":
            if node.lower_at_keyword == "import":
                first = next(
                    (t for t in node.prelude if t.type not in ("whitespace", "comment")), None
                )
                if first is not None and first.type == "string":
                    yield Resource(f"{where} @import", first.value)
            yield from _css_urls(node.prelude, where)
            yield from _css_urls(node.content or [], where)
        elif node_type == "qualified-rule":
            yield from _css_urls(node.prelude, where)
            yield from _css_urls(node.content, where)
        elif node_type == "declaration":
            yield from _css_urls(node.value, where)
        elif node_type in ("() block", "[] block", "{} block"):
            yield from _css_urls(node.content, where)


def css_resources(css, where="CSS"):
    """Every URL a stylesheet fetches: url() (quoted or not), src(), image-set() and @import."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return list(_css_urls(rules, where))


def css_imports(css):
    return [resource.url for resource in css_resources(css) if resource.where.endswith("@import")]


def style_attribute_resources(style, where):
    return list(_css_urls(tinycss2.parse_blocks_contents(style, skip_comments=True), where))


def parse(html):
    return BeautifulSoup(html, "html.parser")


def html_resources(html):
    """Every URL that makes a browser fetch something when it renders `html`."""
    resources = []
    for element in parse(html).find_all(True):
        tag = element.name
        for attribute in FETCHING_ATTRIBUTES:
            if element.has_attr(attribute):
                resources.append(Resource(f"<{tag} {attribute}>", element[attribute]))
        if element.has_attr("href") and tag not in NAVIGATING_ELEMENTS:
            resources.append(Resource(f"<{tag} href>", element["href"]))
        for attribute in SRCSET_ATTRIBUTES:
            if element.has_attr(attribute):
                resources += [
                    Resource(f"<{tag} {attribute}>", url) for url in srcset_urls(element[attribute])
                ]
        if element.has_attr("ping"):
            resources += [Resource(f"<{tag} ping>", url) for url in element["ping"].split()]
        if element.has_attr("style"):
            resources += style_attribute_resources(element["style"], f"<{tag} style>")
        if tag == "style":
            resources += css_resources(element.get_text(), "<style>")
    return resources


def inline_code(html):
    """Inline script, inline style and event-handler attributes: what a strict CSP refuses."""
    found = []
    for element in parse(html).find_all(True):
        if element.name == "script" and (not element.has_attr("src") or element.get_text().strip()):
            found.append(f"inline <script>: {str(element)[:80]}")
        if element.name == "style":
            found.append(f"<style> element: {str(element)[:80]}")
        if element.has_attr("style"):
            found.append(f"style attribute on <{element.name}>")
        found += [
            f"{name} attribute on <{element.name}>"
            for name in element.attrs
            if name.lower().startswith("on")
        ]
    return found


def stylesheet_and_script_urls(html):
    """The CSS and JavaScript a page loads: what counts towards its budget."""
    stylesheets, scripts = [], []
    for element in parse(html).find_all(["link", "script"]):
        if element.name == "script" and element.has_attr("src"):
            scripts.append(element["src"])
        elif element.name == "link" and element.has_attr("href"):
            rel = {value.lower() for value in element.get("rel", [])}
            kind = element.get("as", "").lower()
            if "stylesheet" in rel or ("preload" in rel and kind == "style"):
                stylesheets.append(element["href"])
            elif "modulepreload" in rel or ("preload" in rel and kind == "script"):
                scripts.append(element["href"])
    return stylesheets, scripts
