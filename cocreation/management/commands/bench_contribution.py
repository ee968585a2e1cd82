"""How long a contribution with a 12-megapixel photo takes to screen and store.

The issue's bar: "A submission with a 12-megapixel photo is screened and stored
in under a second on this machine." This command measures exactly the arrival
path: ``screen_image`` on a phone-sized photo (made here, in memory, with EXIF
and GPS), a ``SubmissionImage`` stored on the default storage, and
``submission_screen`` on 3,000 characters of text. It runs against the
configured database, inside a transaction that is rolled back, and deletes the
files it stored: it leaves nothing behind.
"""

import io
import statistics
import time

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction

from PIL import ExifTags, Image, ImageChops, ImageFilter

from cocreation.models import Submission, SubmissionImage
from cocreation.services.screening import submission_screen
from home.models import AgeBand
from home.uploads import screen_image

WIDTH, HEIGHT = 4000, 3000
TEXT_LENGTH = 3000
# A child's piece of writing, with a few details for screening to find.
TEXT_SAMPLE = (
    "When I started secondary school I got my first phone. At first it was fun, I talked "
    "to my friends and played games. Then someone I didn't know started sending me "
    "messages. They said they were 14 like me and they liked the same music. My friend "
    "Jo Bloggs said I should be careful, so I told my mum. She helped me block them and "
    "report it. If this happens to you, tell an adult you trust. You can also ring "
    "Childline on 0800 1111. Never give anyone your address like 12 Acacia Avenue or your "
    "number like 07700 900123, and never send pictures. "
)


def photographic_jpeg():
    """A 4000 x 3000 JPEG that compresses like a photo (gradients, blotches and grain),
    carrying what a phone leaves: make, model, date, orientation and GPS."""
    size = (WIDTH, HEIGHT)

    def blotches(sigma, blur):
        small = Image.effect_noise((WIDTH // 8, HEIGHT // 8), sigma)
        return small.filter(ImageFilter.GaussianBlur(blur)).resize(size, Image.Resampling.BICUBIC)

    channels = [
        ImageChops.add(Image.linear_gradient("L").resize(size), blotches(60, 3), scale=2),
        ImageChops.add(Image.radial_gradient("L").resize(size), blotches(60, 2), scale=2),
        ImageChops.add(
            Image.linear_gradient("L").rotate(90).resize(size), blotches(60, 4), scale=2
        ),
    ]
    picture = Image.merge("RGB", channels)
    grain = Image.effect_noise(size, 12).convert("RGB")
    picture = ImageChops.add(picture, grain, scale=1.0, offset=-128)

    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Clearsight"
    exif[ExifTags.Base.Model] = "Benchmark phone"
    exif[ExifTags.Base.Orientation] = 1
    exif[ExifTags.IFD.Exif] = {ExifTags.Base.DateTimeOriginal: "2026:05:01 10:15:00"}
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (51.0, 30.0, 12.5),
        ExifTags.GPS.GPSLongitudeRef: "W",
        ExifTags.GPS.GPSLongitude: (0.0, 7.0, 39.0),
    }
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85, exif=exif)
    return out.getvalue()


def sample_text():
    repeats = TEXT_LENGTH // len(TEXT_SAMPLE) + 1
    return (TEXT_SAMPLE * repeats)[:TEXT_LENGTH]


class Rollback(Exception):
    """Raised to roll back everything a run created."""


class Command(BaseCommand):
    help = (
        "Time the arrival of a contribution with a 12-megapixel photo: screening the "
        "picture, storing it, and screening 3,000 characters of text. Leaves nothing behind."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=5, help="How many runs (default 5).")

    def handle(self, *args, runs, **options):
        photo = photographic_jpeg()
        text = sample_text()
        self.stdout.write(
            f"A {WIDTH * HEIGHT / 1_000_000:g}-megapixel photo ({WIDTH} x {HEIGHT}, "
            f"{len(photo) / 1_000_000:.1f} MB JPEG with EXIF and GPS) and {len(text):,} "
            f"characters of text, {runs} run{'s' if runs != 1 else ''}:"
        )
        totals = []
        for number in range(1, runs + 1):
            timings = self.one_run(photo, text)
            total = sum(timings.values())
            totals.append(total)
            self.stdout.write(
                f"run {number}: {total:.0f} ms (picture {timings['picture']:.0f} ms, "
                f"storing {timings['storing']:.0f} ms, text {timings['text']:.0f} ms)"
            )
        median, longest = statistics.median(totals), max(totals)
        verdict = "under one second" if longest < 1000 else "NOT under one second"
        self.stdout.write(f"median {median:.0f} ms, max {longest:.0f} ms: {verdict}.")

    def one_run(self, photo, text):
        stored = []
        timings = {}
        try:
            with transaction.atomic():
                submission = Submission.objects.create(
                    age_band=self.age_band(),
                    title="Staying safe online",
                    text=text,
                    published_title="Staying safe online",
                    published_text=text,
                    consent_to_share=True,
                    consent_to_byline=True,
                    live=False,
                )
                started = time.perf_counter()
                cleaned = screen_image(SimpleUploadedFile("IMG_0001.jpg", photo))
                timings["picture"] = _since(started)

                started = time.perf_counter()
                image = SubmissionImage.objects.create(submission=submission, file=cleaned)
                stored.append(image.file.name)
                timings["storing"] = _since(started)

                started = time.perf_counter()
                submission_screen(submission=submission)
                timings["text"] = _since(started)
                raise Rollback
        except Rollback:
            pass
        finally:
            for name in stored:
                default_storage.delete(name)
        return timings

    def age_band(self):
        band = AgeBand.objects.order_by("min_age").first()
        if band is None:  # an empty database: made inside the run, so rolled back with it
            band = AgeBand.objects.create(
                name="Benchmark ages", slug="benchmark-ages", min_age=13, max_age=17
            )
        return band


def _since(started):
    return (time.perf_counter() - started) * 1000
