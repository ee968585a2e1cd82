"""Screening of uploaded files: the one gate every image and document passes.

Editors' uploads (through every Wagtail upload screen, see ``home.forms``) and,
later, children's uploads call the same two services:

- ``screen_image(file)`` returns a new file holding only the pixels: the real
  type is sniffed, the size and pixel count are checked from the header before
  any pixel is decoded, EXIF orientation is applied, colours are converted to
  sRGB, and the picture is re-encoded with no metadata at all.
- ``screen_document(file)`` returns the file once its contents are shown to be
  what its name says (and free of macros); documents are checked, not rewritten.

Both raise ``django.core.exceptions.ValidationError`` with a full sentence for
the person uploading.
"""

from .documents import DOCUMENT_KINDS, document_type_label, screen_document
from .images import configure_pillow, screen_image

__all__ = [
    "DOCUMENT_KINDS",
    "configure_pillow",
    "document_type_label",
    "screen_document",
    "screen_image",
]
