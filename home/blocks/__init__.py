"""The site-wide block library. One block per module, re-exported here."""

from wagtail import blocks

from .byline import SafeBylineBlock
from .callout import CalloutBlock
from .contact import ContactBlock
from .downloads import DownloadsBlock
from .easy_read import EasyReadBlock, EasyReadLineBlock
from .heading import HeadingBlock
from .image import FigureBlock
from .local_contacts import LocalContactsBlock
from .next_steps import LinkBlock, NextStepsBlock
from .questions import QuestionsBlock
from .quote import YoungPersonQuoteBlock
from .rich_text import PARAGRAPH_FEATURES, ParagraphBlock
from .route import RouteBlock
from .signs import SignsBlock
from .trusted_adult import TrustedAdultBlock
from .video import VideoBlock

__all__ = [
    "PARAGRAPH_FEATURES",
    "BodyStreamBlock",
    "CalloutBlock",
    "ContactBlock",
    "DownloadsBlock",
    "EasyReadBlock",
    "EasyReadLineBlock",
    "FigureBlock",
    "HeadingBlock",
    "LinkBlock",
    "LocalContactsBlock",
    "NextStepsBlock",
    "ParagraphBlock",
    "QuestionsBlock",
    "RouteBlock",
    "SafeBylineBlock",
    "SignsBlock",
    "TrustedAdultBlock",
    "VideoBlock",
    "YoungPersonQuoteBlock",
]


class BodyStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = FigureBlock()
    callout = CalloutBlock()
    signs = SignsBlock()
    questions = QuestionsBlock()
    contact = ContactBlock()
    local_contacts = LocalContactsBlock()
    downloads = DownloadsBlock()
    trusted_adult = TrustedAdultBlock()
    next_steps = NextStepsBlock()
    easy_read = EasyReadBlock()
    quote = YoungPersonQuoteBlock()
    video = VideoBlock()
