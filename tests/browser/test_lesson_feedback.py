"""A teacher tells us how a lesson went, in a real browser: axe-core on each step,
the site's CSP respected, and nothing fetched from another host."""

from schools.factories import LessonPackIndexPageFactory, LessonPackPageFactory
from schools.models import LessonFeedback, SchoolsLandingPage
from tests.browser.axe import assert_no_axe_violations


def test_a_teacher_sends_feedback_on_a_lesson(page, live_site):
    schools = SchoolsLandingPage.objects.get()
    index = LessonPackIndexPageFactory(parent=schools, slug="feedback-test-packs")
    pack = LessonPackPageFactory(parent=index, title="Healthy relationships", version="1.2")

    page.goto(live_site.url + pack.url + "feedback/")
    assert page.locator("h1").inner_text() == "How did this lesson go?"
    assert_no_axe_violations(page)

    page.get_by_label("Your email address").fill("not an address")
    page.get_by_label("What worked?").fill("The card sort.")
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_load_state()
    assert "Please choose how the lesson went." in page.content()
    assert page.get_by_label("What worked?").input_value() == "The card sort."
    assert_no_axe_violations(page)

    page.get_by_label("Well", exact=True).check()
    page.get_by_label("Your email address").fill("teacher@school.sch.uk")
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Thank you for your answers"
    assert_no_axe_violations(page)

    saved = LessonFeedback.objects.get()
    assert (saved.version, saved.rating, saved.what_worked) == ("1.2", 4, "The card sort.")
    assert page.offsite_requests == []
    assert page.console_errors == []
