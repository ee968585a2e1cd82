"""Make the demo video, "Who can you tell?", and its WebVTT captions.

    .venv/bin/pip install imageio-ffmpeg==0.8.1   # once; only this command needs it
    .venv/bin/python manage.py make_demo_video

A calm slideshow of the pictures the demo loader draws
(``home.demo_content.pictures``), one caption per slide, for readers aged 8 to
10. The picture stays clean: the words are in the captions file, not burned in,
and the same words are the transcript in ``pages/53-video.yaml``. There is no
sound track, so nothing is said that the captions do not show.

The files are committed in ``resources/demo_content/files/``; the site, its
tests and ``load_demo_content`` only read them. ffmpeg comes from the
``imageio-ffmpeg`` wheel (about 68 MB, with libx264), which is deliberately not
a dependency of the project: install it only to run this command. Encoding is
bit-exact and single-threaded, so the same pictures give the same bytes, and
``--check`` tells whether the committed files are what this recipe makes.
"""

import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from PIL import Image

from home.demo_content.pictures import SIZE, draw_picture

FILES = Path(__file__).resolve().parents[2] / "demo_content" / "files"
VIDEO_NAME = "who-can-you-tell-video.mp4"
CAPTIONS_NAME = "who-can-you-tell-captions.vtt"
FRAMES_PER_SECOND = 10

# (picture slug, seconds on screen, the caption shown meanwhile), in the voice
# for ages 8 to 10. Each slide stays long enough to read its caption at two and
# a half words a second (tests/resources/test_video.py); the only number is
# Childline's.
SLIDES = (
    ("trusted-adult", 3.0, "Who can you tell?"),
    ("worried-face", 3.5, "Sometimes something makes you feel worried."),
    ("phone-message", 4.0, "Maybe someone online asks you to keep a secret."),
    (
        "speech-bubbles",
        5.5,
        "You can tell a grown-up you trust,\nlike a parent, carer or teacher.",
    ),
    ("question", 4.0, "You could start with:\n“Can I talk to you?”"),
    ("heart", 5.0, "You will not be in trouble.\nA good grown-up listens and helps."),
    ("phone-call", 4.5, "You can call Childline on 0800 1111.\nIt is free."),
    ("happy-face", 4.5, "Telling someone can help you feel better.\nWho will you tell?"),
)


def timestamp(seconds):
    millis = round(seconds * 1000)
    return f"{millis // 3_600_000:02d}:{millis // 60_000 % 60:02d}:{millis // 1000 % 60:02d}.{millis % 1000:03d}"


def captions_vtt():
    """The WebVTT captions: one cue per slide, timed to the slide."""
    cues, start = ["WEBVTT", ""], 0.0
    for number, (_slug, seconds, words) in enumerate(SLIDES, start=1):
        end = start + seconds
        cues += [str(number), f"{timestamp(start)} --> {timestamp(end)}", words, ""]
        start = end
    return "\n".join(cues)


def transcript():
    """The same words as the captions, as one paragraph per slide."""
    return "\n\n".join(words.replace("\n", " ") for _slug, _seconds, words in SLIDES)


def ffmpeg_command(executable, output):
    return [
        executable,
        *("-hide_banner", "-loglevel", "error", "-y"),
        *("-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{SIZE}x{SIZE}"),
        *("-r", str(FRAMES_PER_SECOND), "-i", "-"),
        *("-an", "-c:v", "libx264", "-preset", "veryslow", "-tune", "stillimage"),
        *("-crf", "30", "-pix_fmt", "yuv420p", "-g", str(FRAMES_PER_SECOND * 5)),
        *("-threads", "1", "-x264-params", "threads=1"),
        *("-map_metadata", "-1", "-fflags", "+bitexact", "-flags:v", "+bitexact"),
        *("-movflags", "+faststart", str(output)),
    ]


def frames():
    for slug, seconds, _words in SLIDES:
        picture = draw_picture(slug)
        if picture.size != (SIZE, SIZE) or picture.mode != "RGB":
            picture = picture.convert("RGB").resize((SIZE, SIZE), Image.LANCZOS)
        pixels = picture.tobytes()
        for _frame in range(round(seconds * FRAMES_PER_SECOND)):
            yield pixels


def encode(output):
    try:
        import imageio_ffmpeg  # noqa: PLC0415 (only this command needs it)
    except ImportError as error:
        raise CommandError(
            "This command needs ffmpeg from the imageio-ffmpeg package, which the site itself "
            "does not use. Install it with: .venv/bin/pip install imageio-ffmpeg==0.8.1"
        ) from error
    process = subprocess.Popen(  # noqa: S603 (a fixed command line)
        ffmpeg_command(imageio_ffmpeg.get_ffmpeg_exe(), output),
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        for pixels in frames():
            process.stdin.write(pixels)
        process.stdin.close()
    except BrokenPipeError:
        pass
    errors = process.stderr.read().decode(errors="replace")
    if process.wait() != 0:
        raise CommandError(f"ffmpeg could not make the video: {errors.strip()}")


class Command(BaseCommand):
    help = "Make the demo video and its captions in resources/demo_content/files/ (needs imageio-ffmpeg)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Make the files in a temporary folder and say whether the committed ones match.",
        )
        parser.add_argument("--output", type=Path, default=FILES, help="Where to write the files.")

    def handle(self, *args, check=False, output=FILES, **options):
        if check:
            import tempfile  # noqa: PLC0415

            with tempfile.TemporaryDirectory() as folder:
                made = self.make(Path(folder))
                different = [
                    name
                    for name, path in made.items()
                    if not (FILES / name).is_file()
                    or (FILES / name).read_bytes() != path.read_bytes()
                ]
            if different:
                raise CommandError(
                    "These files differ from what the recipe makes: " + ", ".join(different)
                )
            self.stdout.write("The committed demo video and captions are what the recipe makes.")
            return
        made = self.make(output)
        for name, path in made.items():
            self.stdout.write(f"{name}: {path.stat().st_size:,} bytes")

    def make(self, folder):
        folder.mkdir(parents=True, exist_ok=True)
        captions = folder / CAPTIONS_NAME
        captions.write_text(captions_vtt(), encoding="utf-8")
        video = folder / VIDEO_NAME
        encode(video)
        return {VIDEO_NAME: video, CAPTIONS_NAME: captions}
