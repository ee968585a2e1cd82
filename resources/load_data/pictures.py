"""The benchmark's pictures: simple coloured gradients and shapes drawn with
Pillow, stored as Wagtail images through the usual storage and screening."""

import io
import random

from django.core.files.base import ContentFile

from PIL import Image, ImageDraw

from home.models import ClearsightImage, ImageLicence
from home.uploads import screen_image

# Marks the generated pictures: a second run finds them and refuses (see
# generate_load_data), and nobody mistakes them for the demo's drawings.
LOAD_DATA_CREDIT = "Generated for the Clearsight benchmark"
SIZE = 480
PALETTE = [
    (0, 94, 165), (0, 112, 60), (212, 53, 28), (255, 221, 0), (79, 42, 133),
    (244, 119, 56), (40, 161, 151), (213, 56, 128), (11, 12, 12), (243, 242, 241),
]  # fmt: skip
SHAPES = ("circles", "squares", "stripes", "triangles")


def _blend(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def draw_picture(number):
    """PNG bytes and alt text for picture `number`: the same number draws the
    same picture, whatever the seed, so the set of files is always the same."""
    rng = random.Random(f"picture-{number}")  # noqa: S311 - the same picture every time
    top, bottom = rng.sample(PALETTE, 2)
    image = Image.new("RGB", (SIZE, SIZE))
    draw = ImageDraw.Draw(image)
    for y in range(SIZE):
        draw.line([(0, y), (SIZE, y)], fill=_blend(top, bottom, y / (SIZE - 1)))
    shape = SHAPES[number % len(SHAPES)]
    colour = rng.choice([c for c in PALETTE if c not in (top, bottom)])
    for _ in range(rng.randint(3, 7)):
        x, y = rng.randrange(40, SIZE - 40), rng.randrange(40, SIZE - 40)
        r = rng.randrange(20, 90)
        if shape == "circles":
            draw.ellipse([x - r, y - r, x + r, y + r], fill=colour)
        elif shape == "squares":
            draw.rounded_rectangle([x - r, y - r, x + r, y + r], radius=r // 4, fill=colour)
        elif shape == "stripes":
            draw.rectangle([0, y - r // 4, SIZE, y + r // 4], fill=colour)
        else:
            draw.polygon([(x, y - r), (x - r, y + r), (x + r, y + r)], fill=colour)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    alt = f"An abstract pattern of {shape} on a coloured background."
    return out.getvalue(), alt


def create_pictures(count):
    """Draw and store `count` pictures; returns the image rows, in order."""
    images = []
    for number in range(1, count + 1):
        png, alt = draw_picture(number)
        clean = screen_image(ContentFile(png, name=f"benchmark-picture-{number}.png"))
        image = ClearsightImage(
            title=f"Benchmark picture {number}",
            description=alt,
            credit=LOAD_DATA_CREDIT,
            licence=ImageLicence.OWN_WORK,
            file=clean,
        )
        image._set_image_file_metadata()
        image.save()
        images.append(image)
    return images
