"""The one walk through StreamField blocks (home/stream_walk.py)."""

from wagtail import blocks

from home.stream_walk import leaves


class Quote(blocks.StructBlock):
    text = blocks.TextBlock()
    link = blocks.URLBlock(required=False)


class Body(blocks.StreamBlock):
    heading = blocks.CharBlock()
    quotes = blocks.ListBlock(Quote())


def test_every_leaf_comes_once_in_order_with_the_block_that_holds_it():
    body = Body()
    value = body.to_python(
        [
            {"type": "heading", "value": "Who can I tell?"},
            {
                "type": "quotes",
                "value": [
                    {"text": "A teacher", "link": "https://example.org/"},
                    {"text": "My nan", "link": ""},
                ],
            },
        ]
    )
    found = [
        (type(block).__name__, val, type(parent).__name__)
        for block, val, parent in leaves(body, value)
    ]
    assert found == [
        ("CharBlock", "Who can I tell?", "Body"),
        ("TextBlock", "A teacher", "Quote"),
        ("URLBlock", "https://example.org/", "Quote"),
        ("TextBlock", "My nan", "Quote"),
        ("URLBlock", "", "Quote"),
    ]


def test_nothing_under_an_empty_value():
    assert list(leaves(Body(), None)) == []
