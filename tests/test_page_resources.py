"""The helper the "own files only" and budget tests rely on finds what a browser would fetch."""

import pytest

from tests.page_resources import (
    css_resources,
    html_resources,
    inline_code,
    is_own,
    srcset_urls,
    stylesheet_and_script_urls,
)

PAGE = "http://testserver/young-people/"

OFFSITE_HTML = [
    '<script src="//tracker.example/x.js"></script>',
    '<script src="https://tracker.example/x.js"></script>',
    '<script src="/\\tracker.example/x.js"></script>',
    '<script src="/\t/tracker.example/x.js"></script>',
    '<script src=" //tracker.example/x.js "></script>',
    '<link rel="stylesheet" href="//fonts.example/a.css">',
    '<link rel="preconnect" href="https://fonts.example">',
    '<base href="//cdn.example/">',
    '<img src="/static/a.png" srcset="/static/a.png 1x, //cdn.example/a@2x.png 2x">',
    '<picture><source srcset="//cdn.example/a.webp"><img src="/a.png" alt=""></picture>',
    '<video poster="//cdn.example/p.jpg"></video>',
    '<object data="//cdn.example/o.swf"></object>',
    '<iframe src="//video.example/embed"></iframe>',
    '<svg><use href="//cdn.example/icons.svg#x"></use></svg>',
    '<a href="/ok/" ping="//tracker.example/ping">Link</a>',
    '<div style="background: url(//cdn.example/b.png)"></div>',
    "<style>@import '//fonts.example/a.css';</style>",
]

OFFSITE_CSS = [
    "body { background: url(//cdn.example/b.png); }",
    "body { background: url('//cdn.example/b.png'); }",
    'body { background: url("https://cdn.example/b.png"); }',
    "@import url(//fonts.example/a.css);",
    '@import "//fonts.example/a.css";',
    "@media print { .x { background-image: url(//cdn.example/p.png); } }",
    "@font-face { font-family: X; src: url(//fonts.example/x.woff2) format('woff2'); }",
    'div { background-image: image-set("//cdn.example/a.png" 1x); }',
]


@pytest.mark.parametrize("html", OFFSITE_HTML)
def test_every_way_a_page_fetches_from_another_host_is_seen(html):
    offsite = [r.url for r in html_resources(html) if not is_own(r.url, PAGE)]
    assert len(offsite) == 1, (html, html_resources(html))


@pytest.mark.parametrize("css", OFFSITE_CSS)
def test_every_way_a_stylesheet_fetches_from_another_host_is_seen(css):
    base = "http://testserver/static/css/clearsight.css"
    offsite = [r.url for r in css_resources(css) if not is_own(r.url, base)]
    assert len(offsite) == 1, (css, css_resources(css))


def test_own_files_and_data_urls_are_accepted():
    html = (
        '<link rel="stylesheet" href="/static/css/clearsight.css">'
        '<script src="/static/js/clearsight.js"></script>'
        '<img src="../media/a.png" srcset="a.png 1x, /media/b.png 2x" alt="">'
        '<a href="https://www.childline.org.uk/">Childline</a>'
        "<style>body { background: url(data:image/png;base64,AAAA); }</style>"
        '<link rel="icon" href="http://testserver/static/img/favicon.svg">'
    )
    resources = html_resources(html)
    assert len(resources) == 7
    assert all(is_own(r.url, PAGE) for r in resources), resources
    assert not is_own("http://testserver:8000/static/x.js", PAGE)
    assert not is_own("https://testserver/static/x.js", PAGE)


def test_srcset_candidates_are_split_as_browsers_split_them():
    assert srcset_urls("a.png 1x, b.png 2x") == ["a.png", "b.png"]
    assert srcset_urls("a.png,b.png") == ["a.png,b.png"]
    assert srcset_urls("a.png, b.png") == ["a.png", "b.png"]
    assert srcset_urls(" a.png 480w (min-width: 1px), b.png 2x ") == ["a.png", "b.png"]


def test_inline_script_style_and_handlers_are_found():
    assert inline_code('<script src="/a.js"></script><p class="x">Hi</p>') == []
    assert len(inline_code('<script type="module">alert(1)</script>')) == 1
    assert len(inline_code("<style>p{}</style>")) == 1
    assert len(inline_code('<p style="color: red">Hi</p>')) == 1
    assert len(inline_code('<img src="/a.png" onerror="alert(1)" alt="">')) == 1


def test_the_budget_counts_stylesheets_scripts_and_their_preloads():
    html = (
        '<link rel="stylesheet" href="/a.css"><link rel="preload" as="style" href="/b.css">'
        '<link rel="icon" href="/f.svg"><script src="/a.js"></script>'
        '<link rel="modulepreload" href="/m.js"><script>inline()</script>'
    )
    assert stylesheet_and_script_urls(html) == (["/a.css", "/b.css"], ["/a.js", "/m.js"])
