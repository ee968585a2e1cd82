"""Live-server tests share one load of the demo (a snapshot put back after
each flush, tests/demo_tree.py): a test that changes the demo must not leak
into the next. They run in this order: the first changes, the second checks."""

from wagtail.models import Page, Site

from home.models import AgeBand


def test_a_live_test_that_changes_the_demo(live_site):
    about = Page.objects.get(url_path__endswith="/about/")
    about.title = "Changed by a test"
    about.save()
    Page.objects.get(url_path__endswith="/get-help/").delete()
    AgeBand.objects.filter(slug="4-7").update(name="Changed by a test")


def test_the_next_live_test_sees_the_demo_whole_on_the_live_server(live_site, page):
    assert Page.objects.get(url_path__endswith="/about/").title != "Changed by a test"
    assert AgeBand.objects.get(slug="4-7").name != "Changed by a test"
    site = Site.objects.get(is_default_site=True)
    assert f"http://{site.hostname}:{site.port}" == live_site.url
    response = page.goto(live_site.url + "/get-help/")
    assert response.status == 200
    # New rows get fresh ids after the restore.
    band = AgeBand.objects.create(slug="18-25", name="18 to 25", min_age=18, max_age=25)
    assert band.pk > max(AgeBand.objects.exclude(pk=band.pk).values_list("pk", flat=True))
