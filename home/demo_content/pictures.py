"""Pictures the demo loader draws for itself, with Pillow.

No internet is reachable and nothing on the site loads from another host, so
the demo's pictures are drawn here: simple, calm, flat illustrations made for
Clearsight (credited "Drawn for Clearsight", own work). In the demo YAML a
picture's slug stands wherever an image goes (see ``loader.py``).

Each picture is drawn on a square canvas of ``SIZE`` pixels, at twice that size
and then scaled down, which smooths the edges. Drawing is deterministic: the
same code gives the same pixels, so the loader can tell whether a stored
picture is still what this module draws.

Rules for new pictures: big shapes that still read at 120 pixels; calm
colours (red is kept for the exit button); no text, so no language to
translate; people smile or look calm, with a range of skin tones; nobody in
distress and no threatening adult, ever.
"""

import functools
import io
import math
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image, ImageDraw

SIZE = 480
SCALE = 2

# Calm colours. Red is the exit button's alone.
INK = "#1f3350"  # navy: features and outlines
WHITE = "#ffffff"
CREAM = "#fff8e8"
TEAL = "#2a9d8f"
DEEP_TEAL = "#1d6f66"
YELLOW = "#f2c14e"
AMBER = "#f4a259"
CORAL = "#e07a5f"
PINK = "#f2a7b5"
LILAC = "#a99ee0"
BLUE = "#5b8fd9"
SKY = "#bfe3f5"
GREY = "#8d99ae"
LIGHT_GREY = "#dde3ea"
BROWN = "#a7754f"
GREEN = "#59a96a"

# Backgrounds: pale, so the shapes stand out on any page colour.
PALE_BLUE = "#e3f1fb"
PALE_GREEN = "#e5f5ec"
PALE_YELLOW = "#fdf3d8"
PALE_LILAC = "#eeeafb"
PALE_PEACH = "#fdeadf"

# Skin tones, darkest to lightest.
SKIN = ("#5c3a21", "#8d5524", "#c68642", "#e0ac69", "#f1c27d", "#ffdbac")
HAIR = ("#2b1d14", "#4a2f1d", "#7a4b2a", "#c8923e")


class Canvas:
    """A square drawing surface whose coordinates run from 0 to SIZE whatever the scale."""

    def __init__(self, background):
        self.image = Image.new("RGB", (SIZE * SCALE, SIZE * SCALE), background)
        self.draw = ImageDraw.Draw(self.image)

    @staticmethod
    def _s(*values):
        return [round(value * SCALE) for value in values]

    def circle(self, cx, cy, r, fill):
        self.draw.ellipse(self._s(cx - r, cy - r, cx + r, cy + r), fill=fill)

    def ellipse(self, x0, y0, x1, y1, fill):
        self.draw.ellipse(self._s(x0, y0, x1, y1), fill=fill)

    def box(self, x0, y0, x1, y1, fill, radius=0):
        radius = min(radius, (x1 - x0) / 2, (y1 - y0) / 2)
        self.draw.rounded_rectangle(
            self._s(x0, y0, x1, y1), radius=round(radius * SCALE), fill=fill
        )

    def shape(self, points, fill):
        self.draw.polygon([tuple(self._s(x, y)) for x, y in points], fill=fill)

    def line(self, points, fill, width):
        """A stroke with round ends and joints."""
        self.draw.line(
            [tuple(self._s(x, y)) for x, y in points],
            fill=fill,
            width=round(width * SCALE),
            joint="curve",
        )
        for x, y in (points[0], points[-1]):
            self.circle(x, y, width / 2, fill)

    def arc(self, x0, y0, x1, y1, start, end, fill, width):
        self.draw.arc(self._s(x0, y0, x1, y1), start, end, fill=fill, width=round(width * SCALE))

    def chord(self, x0, y0, x1, y1, start, end, fill):
        self.draw.chord(self._s(x0, y0, x1, y1), start, end, fill=fill)

    def finish(self):
        return self.image.resize((SIZE, SIZE), Image.Resampling.LANCZOS)


# --- Pieces used by several pictures ------------------------------------------


def person(canvas, cx, ground, height, *, skin, hair, top, legs, style="short"):
    """A smiling figure standing on ``ground``, facing the reader."""
    r = height * 0.16
    head_y = ground - height + r
    body_w = height * 0.40
    neck = head_y + r * 0.85
    hip = ground - height * 0.32
    if style == "long":
        canvas.box(cx - r * 1.12, head_y - r, cx + r * 1.12, head_y + r * 1.7, hair, radius=r)
    # Legs, arms (with hands), body.
    leg_w = body_w * 0.38
    canvas.box(cx - body_w * 0.45, hip - 10, cx - body_w * 0.45 + leg_w, ground, legs, leg_w / 2)
    canvas.box(cx + body_w * 0.45 - leg_w, hip - 10, cx + body_w * 0.45, ground, legs, leg_w / 2)
    arm_w = body_w * 0.24
    for side in (-1, 1):
        x = cx + side * (body_w / 2 + arm_w * 0.15)
        canvas.line([(x, neck + arm_w), (x + side * arm_w * 0.4, hip)], top, arm_w)
        canvas.circle(x + side * arm_w * 0.4, hip + arm_w * 0.35, arm_w * 0.55, skin)
    canvas.box(cx - body_w / 2, neck, cx + body_w / 2, hip + 12, top, radius=body_w * 0.32)
    canvas.circle(cx, neck, r * 0.35, skin)
    canvas.circle(cx, head_y, r, skin)
    # Hair on top.
    cap = (cx - r * 1.06, head_y - r * 1.1, cx + r * 1.06, head_y + r * 0.9)
    if style == "curly":
        for angle in range(190, 351, 32):
            a = math.radians(angle)
            canvas.circle(
                cx + math.cos(a) * r * 0.85, head_y + math.sin(a) * r * 0.85, r * 0.4, hair
            )
    else:
        canvas.chord(*cap, 180, 360, hair)
        canvas.circle(cx, head_y - r * 0.05, r * 0.82, skin)
        canvas.chord(cx - r, head_y - r * 1.08, cx + r, head_y + r * 0.3, 190, 350, hair)
    if style == "bun":
        canvas.circle(cx, head_y - r * 1.15, r * 0.45, hair)
    face(canvas, cx, head_y, r)


def face(canvas, cx, cy, r, *, mood="happy", features=INK):
    eye = max(3, r * 0.1)
    canvas.circle(cx - r * 0.36, cy - r * 0.05, eye, features)
    canvas.circle(cx + r * 0.36, cy - r * 0.05, eye, features)
    width = max(3, r * 0.08)
    if mood == "happy":
        canvas.arc(
            cx - r * 0.42, cy - r * 0.2, cx + r * 0.42, cy + r * 0.55, 25, 155, features, width
        )
    else:  # a little worried: eyebrows raised in the middle, a small wavering mouth
        canvas.line(
            [(cx - r * 0.55, cy - r * 0.3), (cx - r * 0.18, cy - r * 0.42)], features, width
        )
        canvas.line(
            [(cx + r * 0.55, cy - r * 0.3), (cx + r * 0.18, cy - r * 0.42)], features, width
        )
        canvas.arc(
            cx - r * 0.3, cy + r * 0.35, cx + r * 0.3, cy + r * 0.75, 200, 340, features, width
        )


def wheel(canvas, cx, cy, r):
    canvas.circle(cx, cy, r, INK)
    canvas.circle(cx, cy, r * 0.45, LIGHT_GREY)


def bubble_lines(canvas, x0, x1, y, rows, colour, *, gap=28, width=12):
    for row in range(rows):
        end = x1 if row < rows - 1 else x0 + (x1 - x0) * 0.6
        canvas.line([(x0, y + row * gap), (end, y + row * gap)], colour, width)


# --- The pictures -------------------------------------------------------------


def draw_trusted_adult():
    c = Canvas(PALE_BLUE)
    c.box(0, 420, SIZE, SIZE, "#cfe6d6")
    person(c, 175, 425, 330, skin=SKIN[2], hair=HAIR[0], top=TEAL, legs=INK, style="long")
    person(c, 325, 425, 220, skin=SKIN[0], hair=HAIR[0], top=YELLOW, legs=BLUE, style="curly")
    return c


def draw_friends():
    c = Canvas(PALE_YELLOW)
    c.box(0, 420, SIZE, SIZE, "#cfe6d6")
    person(c, 110, 425, 230, skin=SKIN[1], hair=HAIR[0], top=CORAL, legs=INK, style="bun")
    person(c, 240, 425, 250, skin=SKIN[5], hair=HAIR[3], top=TEAL, legs=BLUE, style="short")
    person(c, 370, 425, 235, skin=SKIN[3], hair=HAIR[1], top=LILAC, legs=INK, style="long")
    return c


def draw_happy_face():
    c = Canvas(PALE_GREEN)
    c.circle(240, 240, 175, YELLOW)
    c.circle(150, 285, 26, PINK)
    c.circle(330, 285, 26, PINK)
    c.circle(180, 200, 18, INK)
    c.circle(300, 200, 18, INK)
    c.arc(150, 170, 330, 350, 25, 155, INK, 18)
    return c


def draw_worried_face():
    c = Canvas(PALE_LILAC)
    c.circle(240, 240, 175, YELLOW)
    c.circle(180, 215, 18, INK)
    c.circle(300, 215, 18, INK)
    c.line([(140, 170), (205, 150)], INK, 14)
    c.line([(340, 170), (275, 150)], INK, 14)
    c.arc(185, 300, 295, 380, 205, 335, INK, 14)
    return c


def draw_phone_message():
    c = Canvas(PALE_BLUE)
    c.box(140, 50, 340, 430, INK, radius=40)
    c.box(158, 95, 322, 385, WHITE, radius=12)
    c.box(224, 66, 256, 76, GREY, radius=5)
    c.box(172, 120, 288, 180, TEAL, radius=22)
    c.shape([(180, 170), (205, 175), (176, 196)], TEAL)
    bubble_lines(c, 192, 268, 140, 2, WHITE, gap=22, width=10)
    c.box(200, 205, 308, 265, LIGHT_GREY, radius=22)
    c.shape([(300, 255), (275, 260), (306, 282)], LIGHT_GREY)
    bubble_lines(c, 220, 288, 225, 2, INK, gap=22, width=10)
    c.box(172, 290, 270, 340, TEAL, radius=22)
    c.circle(200, 315, 8, WHITE)
    c.circle(222, 315, 8, WHITE)
    c.circle(244, 315, 8, WHITE)
    c.circle(240, 408, 12, GREY)
    return c


def draw_speech_bubbles():
    c = Canvas(PALE_GREEN)
    c.box(50, 90, 300, 255, TEAL, radius=60)
    c.shape([(95, 240), (160, 240), (80, 320)], TEAL)
    c.circle(120, 172, 16, WHITE)
    c.circle(175, 172, 16, WHITE)
    c.circle(230, 172, 16, WHITE)
    c.box(180, 225, 430, 390, YELLOW, radius=60)
    c.shape([(390, 375), (325, 375), (410, 450)], YELLOW)
    bubble_lines(c, 225, 385, 280, 3, INK, gap=32, width=14)
    return c


def draw_heart():
    c = Canvas(PALE_PEACH)
    c.circle(178, 195, 88, CORAL)
    c.circle(302, 195, 88, CORAL)
    c.shape([(95, 225), (240, 400), (385, 225), (240, 190)], CORAL)
    c.ellipse(130, 150, 175, 195, "#f3b5a3")
    return c


def draw_shield():
    c = Canvas(PALE_BLUE)
    c.shape(
        [
            (240, 70),
            (380, 120),
            (375, 250),
            (335, 335),
            (240, 410),
            (145, 335),
            (105, 250),
            (100, 120),
        ],
        TEAL,
    )
    c.shape([(240, 70), (380, 120), (375, 250), (335, 335), (240, 410)], DEEP_TEAL)
    c.line([(170, 245), (222, 300), (315, 190)], WHITE, 32)
    return c


def draw_house():
    c = Canvas(PALE_BLUE)
    c.box(0, 420, SIZE, SIZE, "#cfe6d6")
    c.box(315, 95, 355, 190, BROWN)
    c.box(110, 215, 370, 425, CREAM)
    c.shape([(80, 235), (240, 95), (400, 235)], CORAL)
    c.box(205, 310, 275, 425, TEAL, radius=8)
    c.circle(260, 370, 7, YELLOW)
    for x in (135, 295):
        c.box(x, 260, x + 55, 315, SKY, radius=6)
        c.line([(x + 27, 262), (x + 27, 313)], WHITE, 6)
    return c


def draw_stop_hand():
    c = Canvas(PALE_PEACH)
    c.circle(240, 240, 200, AMBER)
    c.circle(240, 240, 172, PALE_PEACH)
    skin = SKIN[2]
    for x, top in ((183, 140), (221, 112), (259, 118), (295, 150)):
        c.box(x - 17, top, x + 17, 270, skin, radius=17)
    c.line([(190, 330), (143, 255)], skin, 36)
    c.box(165, 235, 315, 385, skin, radius=55)
    return c


def draw_question():
    c = Canvas(PALE_LILAC)
    c.circle(240, 240, 190, LILAC)
    c.arc(160, 90, 320, 250, 180, 90, WHITE, 42)
    c.line([(240, 229), (240, 295)], WHITE, 42)
    c.circle(181, 170, 21, WHITE)
    c.circle(240, 365, 27, WHITE)
    return c


def draw_gift():
    c = Canvas(PALE_PEACH)
    c.box(125, 225, 355, 410, CORAL, radius=10)
    c.box(105, 180, 375, 240, "#ea9a83", radius=10)
    c.box(224, 180, 256, 410, YELLOW)
    c.ellipse(155, 110, 245, 190, YELLOW)
    c.ellipse(235, 110, 325, 190, YELLOW)
    c.ellipse(180, 135, 228, 172, PALE_PEACH)
    c.ellipse(252, 135, 300, 172, PALE_PEACH)
    c.circle(240, 180, 20, AMBER)
    return c


def draw_lock():
    c = Canvas(PALE_GREEN)
    c.arc(165, 75, 315, 240, 180, 360, GREY, 32)
    c.box(165, 155, 197, 230, GREY)
    c.box(283, 155, 315, 230, GREY)
    c.box(130, 215, 350, 415, AMBER, radius=34)
    c.circle(240, 295, 26, INK)
    c.shape([(226, 300), (254, 300), (262, 360), (218, 360)], INK)
    return c


def draw_map_pin():
    c = Canvas(PALE_GREEN)
    c.line([(0, 330), (160, 300), (300, 360), (480, 320)], WHITE, 26)
    c.line([(90, 480), (140, 300), (120, 0)], WHITE, 20)
    c.ellipse(160, 395, 320, 440, "#c7ddce")
    c.circle(240, 190, 110, TEAL)
    c.shape([(148, 250), (332, 250), (240, 418)], TEAL)
    c.circle(240, 190, 46, WHITE)
    return c


def draw_bus():
    c = Canvas(PALE_BLUE)
    c.box(0, 395, SIZE, SIZE, LIGHT_GREY)
    c.box(40, 140, 440, 360, YELLOW, radius=34)
    c.box(40, 295, 440, 318, AMBER)
    for x in (70, 160, 250):
        c.box(x, 175, x + 72, 250, SKY, radius=10)
    c.box(345, 175, 420, 340, SKY, radius=10)
    c.line([(382, 178), (382, 337)], WHITE, 6)
    c.circle(428, 325, 10, CREAM)
    wheel(c, 120, 365, 40)
    wheel(c, 330, 365, 40)
    return c


def draw_taxi():
    c = Canvas(PALE_YELLOW)
    c.box(0, 385, SIZE, SIZE, LIGHT_GREY)
    c.box(200, 125, 280, 160, AMBER, radius=8)
    c.box(120, 150, 360, 260, INK, radius=50)
    c.box(50, 225, 430, 340, INK, radius=40)
    c.box(145, 172, 232, 235, SKY, radius=10)
    c.box(248, 172, 335, 235, SKY, radius=10)
    c.box(60, 265, 90, 290, YELLOW, radius=8)
    c.box(400, 265, 425, 290, CORAL, radius=8)
    c.line([(240, 250), (240, 320)], "#34507a", 6)
    wheel(c, 135, 345, 42)
    wheel(c, 345, 345, 42)
    return c


def draw_shop():
    c = Canvas(PALE_BLUE)
    c.box(0, 420, SIZE, SIZE, LIGHT_GREY)
    c.box(85, 170, 395, 425, CREAM)
    stripes = (TEAL, WHITE, TEAL, WHITE, TEAL, WHITE, TEAL)
    width = 340 / len(stripes)
    for i, colour in enumerate(stripes):
        x = 70 + i * width
        c.box(x, 115, x + width, 200, colour)
        c.circle(x + width / 2, 200, width / 2, colour)
    c.box(205, 285, 275, 425, DEEP_TEAL, radius=6)
    c.circle(262, 355, 6, YELLOW)
    for x in (105, 295):
        c.box(x, 260, x + 80, 360, SKY, radius=6)
        c.circle(x + 25, 345, 14, AMBER)
        c.circle(x + 52, 345, 14, GREEN)
    return c


def draw_hotel_bed():
    c = Canvas(PALE_LILAC)
    c.circle(380, 110, 45, YELLOW)
    c.circle(400, 95, 40, PALE_LILAC)
    c.box(70, 170, 125, 390, BROWN, radius=16)
    c.box(70, 290, 420, 345, BROWN, radius=10)
    c.box(390, 250, 420, 390, BROWN, radius=10)
    c.box(110, 250, 400, 305, WHITE, radius=14)
    c.ellipse(120, 210, 225, 270, WHITE)
    c.box(200, 235, 405, 315, TEAL, radius=18)
    c.line([(230, 260), (380, 260)], DEEP_TEAL, 8)
    return c


def draw_school():
    c = Canvas(PALE_YELLOW)
    c.box(0, 420, SIZE, SIZE, "#cfe6d6")
    c.box(95, 200, 385, 425, CORAL)
    c.shape([(70, 215), (240, 95), (410, 215)], INK)
    c.circle(240, 170, 30, WHITE)
    c.line([(240, 170), (240, 152)], INK, 6)
    c.line([(240, 170), (254, 178)], INK, 6)
    c.box(205, 320, 275, 425, TEAL, radius=30)
    for x in (120, 305):
        for y in (240, 330):
            c.box(x, y, x + 55, y + 55, SKY, radius=6)
    return c


def draw_phone_call():
    c = Canvas(PALE_GREEN)
    c.circle(225, 255, 175, GREEN)
    # A handset: a curved grip with a round ear piece and mouth piece.
    points = [
        (
            330 + 175 * math.cos(math.radians(angle)),
            150 + 175 * math.sin(math.radians(angle)),
        )
        for angle in range(95, 180, 5)
    ]
    c.line(points, WHITE, 48)
    c.ellipse(115, 130, 205, 190, WHITE)
    c.ellipse(290, 305, 350, 395, WHITE)
    for r in (50, 85):
        c.arc(340 - r, 130 - r, 340 + r, 130 + r, 280, 350, WHITE, 16)
    return c


def draw_eye():
    c = Canvas(PALE_BLUE)
    top = [(x, 240 - 120 * (1 - ((x - 240) / 190) ** 2)) for x in range(50, 431, 10)]
    bottom = [(x, 240 + 120 * (1 - ((x - 240) / 190) ** 2)) for x in range(430, 49, -10)]
    c.shape(top + bottom, INK)
    inner = [(x, 240 - 100 * (1 - ((x - 240) / 165) ** 2)) for x in range(75, 406, 10)]
    inner += [(x, 240 + 100 * (1 - ((x - 240) / 165) ** 2)) for x in range(405, 74, -10)]
    c.shape(inner, WHITE)
    c.circle(240, 240, 78, TEAL)
    c.circle(240, 240, 36, INK)
    c.circle(262, 215, 14, WHITE)
    return c


def draw_clipboard():
    c = Canvas(PALE_YELLOW)
    c.box(115, 85, 365, 425, BROWN, radius=20)
    c.box(140, 125, 340, 400, WHITE, radius=6)
    c.box(185, 65, 295, 125, GREY, radius=16)
    c.circle(240, 82, 11, LIGHT_GREY)
    for y in (160, 240, 320):
        c.box(165, y, 205, y + 40, PALE_GREEN, radius=6)
        c.line([(173, y + 20), (183, y + 31), (201, y + 6)], GREEN, 8)
        c.line([(225, y + 20), (315, y + 20)], LIGHT_GREY, 14)
    return c


def draw_calendar():
    c = Canvas(PALE_BLUE)
    c.box(85, 100, 395, 415, WHITE, radius=24)
    c.box(85, 100, 395, 185, TEAL, radius=24)
    c.box(85, 160, 395, 185, TEAL)
    for x in (160, 320):
        c.box(x - 11, 75, x + 11, 135, INK, radius=11)
    for row in range(3):
        for col in range(4):
            x = 118 + col * 66
            y = 210 + row * 65
            c.box(x, y, x + 46, y + 42, LIGHT_GREY, radius=8)
    c.circle(118 + 2 * 66 + 23, 210 + 65 + 21, 34, CORAL)
    c.circle(118 + 2 * 66 + 23, 210 + 65 + 21, 24, WHITE)
    return c


def draw_door():
    c = Canvas(PALE_PEACH)
    c.box(140, 70, 340, 430, INK, radius=10)
    c.box(158, 88, 322, 430, TEAL)
    c.box(180, 115, 300, 230, DEEP_TEAL, radius=8)
    c.box(180, 265, 300, 405, DEEP_TEAL, radius=8)
    c.circle(292, 248, 14, YELLOW)
    c.box(115, 425, 365, 450, GREY, radius=6)
    return c


@dataclass(frozen=True)
class Picture:
    alt_text: str
    draw: Callable[[], Canvas]


PICTURES = {
    "trusted-adult": Picture(
        "A child and a grown-up standing side by side, smiling: someone you trust.",
        draw_trusted_adult,
    ),
    "phone-message": Picture(
        "A mobile phone showing a chat with messages: talking to someone online.",
        draw_phone_message,
    ),
    "speech-bubbles": Picture(
        "Two speech bubbles, one answering the other: talking it through with someone.",
        draw_speech_bubbles,
    ),
    "heart": Picture("A big pink heart: feelings, care and kindness.", draw_heart),
    "shield": Picture("A shield with a tick on it: being kept safe.", draw_shield),
    "house": Picture("A house with a front door and two windows: home.", draw_house),
    "stop-hand": Picture("A raised open hand inside a circle: stop, or say no.", draw_stop_hand),
    "question": Picture("A big question mark: a question, or not being sure.", draw_question),
    "gift": Picture("A wrapped present with a ribbon and a bow: a gift.", draw_gift),
    "lock": Picture("A closed padlock: something kept private and locked.", draw_lock),
    "map-pin": Picture("A pin on a map: a place, or where someone is.", draw_map_pin),
    "bus": Picture("A yellow bus with big windows: travelling by bus.", draw_bus),
    "taxi": Picture("A dark taxi with a light on its roof: travelling by taxi.", draw_taxi),
    "shop": Picture(
        "A shop with a striped awning, a door and fruit in the windows: a shop or café.",
        draw_shop,
    ),
    "hotel-bed": Picture(
        "A made bed with a pillow, and the moon outside: a hotel room or a place to stay.",
        draw_hotel_bed,
    ),
    "school": Picture("A school building with a clock over the door: school.", draw_school),
    "phone-call": Picture("A phone handset ringing: calling someone for help.", draw_phone_call),
    "eye": Picture("An open eye: noticing what is happening around you.", draw_eye),
    "clipboard": Picture(
        "A clipboard with a list of ticked boxes: writing down what you saw.", draw_clipboard
    ),
    "friends": Picture("Three children standing together, smiling: friends.", draw_friends),
    "worried-face": Picture(
        "A face looking a little worried: feeling unsure or uneasy.", draw_worried_face
    ),
    "happy-face": Picture(
        "A smiling face with rosy cheeks: feeling happy and safe.", draw_happy_face
    ),
    "calendar": Picture("A calendar page with one day circled: a date to remember.", draw_calendar),
    "door": Picture("A closed front door with a round handle: a door.", draw_door),
}


def picture_title(slug):
    """The image's title in the admin: "Trusted adult"."""
    return slug.replace("-", " ").capitalize()


def draw_picture(slug):
    """The picture ``slug`` as a PIL image, SIZE pixels square. Raises KeyError if unknown."""
    return PICTURES[slug].draw().finish()


@functools.cache
def picture_png(slug):
    """The picture ``slug`` as PNG bytes (drawn once per process: the drawing never varies)."""
    out = io.BytesIO()
    draw_picture(slug).save(out, "PNG", optimize=True)
    return out.getvalue()
