import factory
import wagtail_factories

from community.models import CommunityLandingPage, ToolkitPage, TrainingModulePage


class CommunityLandingPageFactory(wagtail_factories.PageFactory):
    title = "Community"

    class Meta:
        model = CommunityLandingPage


def _signs():
    return [("group", {"heading": "", "signs": ["arrives with an adult who is not family"]})]


class ToolkitPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Toolkit {n}")
    setting_name = "taxi and private hire drivers"
    signs = factory.LazyFunction(_signs)
    steps = factory.LazyFunction(
        lambda: [("step", {"title": "Tell your operator's safeguarding lead", "text": ""})]
    )
    record_items = factory.LazyFunction(
        lambda: [("item", {"label": "Date and time", "hint": "When you saw it"})]
    )
    poster_text = "If something does not feel right, pass it on."

    class Meta:
        model = ToolkitPage


def _questions(count=3):
    return [
        (
            "question",
            {
                "question": f"Question {n}?",
                "answers": [
                    {"text": "Right", "correct": True},
                    {"text": "Wrong", "correct": False},
                ],
                "explanation": f"Explanation {n}.",
            },
        )
        for n in range(1, count + 1)
    ]


class TrainingModulePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Training module {n}")
    steps = factory.LazyFunction(
        lambda: [
            ("text", {"heading": "Why it matters", "body": "<p>Read this.</p>", "image": None})
        ]
    )
    questions = factory.LazyFunction(_questions)
    pass_mark = 80

    class Meta:
        model = TrainingModulePage
