"""The whole training journey in a real browser, by keyboard, with and without
JavaScript: the overview, every step (a scenario among them), a failed quiz,
another try, a pass, the name, the printable certificate, checking it at
/verify/ (a mistyped code first), and an editor revoking it in the admin, after
which /verify/ says so. axe-core runs on every page it can (it is a script:
only where JavaScript runs)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import Site

import pytest

from community.factories import CommunityLandingPageFactory, TrainingModulePageFactory
from community.models import Certificate, CommunityLandingPage
from tests.browser.axe import assert_no_axe_violations
from tests.browser.test_certificates import NOT_FOUND, revoke_in_admin

QUESTIONS = 8


def build_module():
    community = CommunityLandingPage.objects.first()
    if community is None:
        home = Site.objects.get(is_default_site=True).root_page
        community = CommunityLandingPageFactory(parent=home, slug="community-training-test")
    steps = [
        (
            "text",
            {
                "heading": "Why it matters",
                "body": "<p>Anyone can spot the signs.</p>",
                "image": None,
            },
        ),
        (
            "scenario",
            {
                "heading": "A passenger at night",
                "scenario": "A girl of about 14 gets in with a much older man late at night.",
                "question": "What would you do?",
                "options": [
                    {
                        "text": "Say nothing and drive",
                        "best": False,
                        "feedback": "Silence helps no one.",
                    },
                    {
                        "text": "Note the details and call it in",
                        "best": True,
                        "feedback": "Passing it on lets people who can help act.",
                    },
                ],
            },
        ),
        (
            "text",
            {"heading": "Who to tell", "body": "<p>Tell the safeguarding lead.</p>", "image": None},
        ),
    ]
    questions = [
        (
            "question",
            {
                "question": f"Question number {n}?",
                "answers": [
                    {"text": f"Wrong answer {n}", "correct": False},
                    {"text": f"Right answer {n}", "correct": True},
                ],
                "explanation": f"Because of reason {n}.",
            },
        )
        for n in range(1, QUESTIONS + 1)
    ]
    return TrainingModulePageFactory(
        parent=community,
        slug="training-journey-test-module",
        title="Spotting the signs",
        minutes=12,
        pass_mark=80,
        steps=steps,
        questions=questions,
    )


def press(locator, key="Enter"):
    """Reach a control by focus and use it from the keyboard."""
    locator.focus()
    locator.press(key)


def choose(page, label):
    """Select a radio button by keyboard: focus it, then Space."""
    press(page.get_by_label(label, exact=True), "Space")


def answer_quiz(page, right, numbers=range(1, QUESTIONS + 1)):
    for n in numbers:
        choose(page, f"Right answer {n}" if n <= right else f"Wrong answer {n}")


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_a_learner_fails_passes_and_gets_a_certificate_that_is_checked_and_revoked(
    browser, live_site, javascript, enrol, totp_code
):
    module = build_module()
    context = browser.new_context(
        viewport={"width": 1024, "height": 768}, locale="en-GB", java_script_enabled=javascript
    )
    page = context.new_page()

    def axe():
        if javascript:
            assert_no_axe_violations(page)

    try:
        # The overview: what it takes, what is kept, and no cookie.
        page.goto(live_site.url + module.url)
        assert page.locator("h1").inner_text() == "Spotting the signs"
        assert "only the name you type for the certificate" in page.content()
        assert context.cookies() == []
        axe()
        with page.expect_navigation():
            press(page.get_by_role("link", name="Start the course"))

        # Step 1.
        assert page.locator(".training-progress__text").inner_text() == "Step 1 of 3"
        assert page.locator("h1").inner_text() == "Why it matters"
        axe()
        cookie = next(c for c in context.cookies() if c["name"].startswith("training_"))
        assert (cookie["path"], cookie["httpOnly"], cookie["sameSite"]) == (
            module.url,
            True,
            "Lax",
        )
        with page.expect_navigation():
            press(page.get_by_role("link", name="Next step"))

        # Step 2, the scenario: choose, see the feedback and the best answer.
        assert page.locator(".training-progress__text").inner_text() == "Step 2 of 3"
        axe()
        choose(page, "Say nothing and drive")
        with page.expect_navigation():
            press(page.get_by_role("button", name="See what fits best"))
        feedback = page.locator("#feedback")
        if javascript:  # the script moves focus to the feedback, for screen readers
            assert page.evaluate("document.activeElement.id") == "feedback"
        assert "You chose: Say nothing and drive" in feedback.inner_text()
        assert "Note the details and call it in" in feedback.inner_text()
        axe()
        with page.expect_navigation():
            press(page.get_by_role("link", name="Next step"))

        # Step 3, then the quiz.
        assert page.locator(".training-progress__text").inner_text() == "Step 3 of 3"
        axe()
        with page.expect_navigation():
            press(page.get_by_role("link", name="Go to the quiz"))
        assert page.locator("h1").inner_text() == "Quiz"
        assert page.locator("fieldset").count() == QUESTIONS
        axe()

        # Half answered: told what is missing, nothing chosen is lost.
        answer_quiz(page, right=QUESTIONS, numbers=range(1, 5))
        with page.expect_navigation():
            press(page.get_by_role("button", name="Send my answers"))
        summary = page.locator(".error-summary")
        assert summary.locator("li").all_inner_texts() == [
            f"Please choose an answer to question {n}." for n in range(5, QUESTIONS + 1)
        ]
        assert all(
            page.get_by_label(f"Right answer {n}", exact=True).is_checked() for n in range(1, 5)
        )
        axe()

        # Fail: 6 of 8 is 75%, under the pass mark of 80%.
        answer_quiz(page, right=6)
        with page.expect_navigation():
            press(page.get_by_role("button", name="Send my answers"))
        assert page.locator("h1").inner_text() == "Your result"
        assert "You scored 75% (6 out of 8)." in page.locator(".training-score").inner_text()
        assert "Because of reason 8." in page.locator(".training-answers").inner_text()
        assert page.get_by_label("Your name as it should appear on the certificate").count() == 0
        axe()
        with page.expect_navigation():
            press(page.get_by_role("button", name="Try the quiz again"))

        # Try again, and pass with 7 of 8.
        assert page.locator("h1").inner_text() == "Quiz"
        assert page.locator("input[type=radio]:checked").count() == 0
        answer_quiz(page, right=7)
        with page.expect_navigation():
            press(page.get_by_role("button", name="Send my answers"))
        assert "You scored 87% (7 out of 8)." in page.locator(".training-score").inner_text()
        assert "You passed." in page.locator(".training-score").inner_text()
        axe()

        # The name: required, then typed.
        with page.expect_navigation():
            press(page.get_by_role("button", name="Make my certificate"))
        assert page.locator(".error-summary li").all_inner_texts() == [
            "Please type your name as it should appear on the certificate."
        ]
        axe()
        name = page.get_by_label("Your name as it should appear on the certificate")
        name.focus()
        page.keyboard.type("Sam O'Neill")
        with page.expect_navigation():
            name.press("Enter")

        certificate = Certificate.objects.get()
        assert (certificate.name, certificate.score, certificate.module_id) == (
            "Sam O'Neill",
            87,
            module.pk,
        )
        assert page.url == live_site.url + reverse("community:certificate", args=[certificate.code])

        # The printable certificate, then the check anyone can make.
        assert page.locator("h1").inner_text() == "Certificate of completion"
        assert "Sam O'Neill" in page.locator(".certificate").inner_text()
        assert certificate.code in page.locator(".certificate").inner_text()
        axe()
        with page.expect_navigation():
            press(page.get_by_role("link", name="Check this certificate"))
        assert page.locator("h2", has_text="This certificate is: Valid").count() == 1
        assert "Spotting the signs" in page.locator(".certificate-details").inner_text()
        axe()

        # A licensing officer mistypes the code: a plain "not found", the code kept.
        code_field = page.get_by_label("Certificate code")
        code_field.fill("")
        code_field.focus()
        page.keyboard.type("ABCD-EFGH-JKMN-PQRS")
        with page.expect_navigation():
            code_field.press("Enter")
        assert NOT_FOUND in page.locator("main").inner_text()
        assert page.get_by_label("Certificate code").input_value() == "ABCD-EFGH-JKMN-PQRS"
        axe()

        # An editor revokes it in the admin; the check now says so.
        editor = get_user_model().objects.create_user(
            f"trainingeditor{int(javascript)}", "", "a-long-test-password"
        )
        editor.groups.add(Group.objects.get(name="Editors"))
        revoke_in_admin(
            browser, live_site, editor, "a-long-test-password", enrol, totp_code, certificate
        )
        page.goto(f"{live_site.url}/verify/?code={certificate.code}")
        assert page.locator("h2", has_text="This certificate is: Revoked").count() == 1
        axe()
    finally:
        context.close()
