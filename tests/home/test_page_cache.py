"""The page cache never shows one person's page to another, and never says who read what.

Pages are stored by the warmer only; readers with no cookies get the stored
copy, with exactly the headers a fresh render has. Each rule about what may
be shared has its own test, made by changing a real page's response through
a temporary `on_serve_page` hook and warming it.
"""

import io
import socket
import tempfile

from django.contrib import messages
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.middleware.csrf import get_token
from django.test import Client, override_settings
from django.utils.cache import patch_vary_headers

from wagtail import hooks
from wagtail.models import PageViewRestriction, Site

import pytest

from home.factories import ContentPageFactory, HomePageFactory
from home.models import NavigationSettings, SafetySettings
from home.page_cache import rules, store, warming
from home.page_cache.middleware import DEBUG_HEADER

from .page_cache_support import SIGNS, make_guide, warm_all

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_process_state():
    store.forget_process_state()
    yield
    store.forget_process_state()


@pytest.fixture
def guide(home_page):
    return make_guide(home_page)


def stored_copy(page, scheme="http"):
    return store.read_stored_page(page.get_site().pk, scheme, page.url)


def commit():
    """Run what committing the test's transaction would run. pytest-django keeps
    each test in a transaction that never commits, and the page cache retires
    pages on commit, once per transaction however many changes it holds (so
    Django's captureOnCommitCallbacks, which only runs callbacks registered
    inside its block, would miss the one registered by the fixtures)."""
    connection = connections[DEFAULT_DB_ALIAS]
    pending, connection.run_on_commit = connection.run_on_commit, []
    for _, callback, _ in pending:
        callback()


def unused_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def reader():
    """A browser with no cookies at all."""
    return Client()


def live_render(url):
    """The page as Django renders it, past the cache (a cookie makes it bypass)."""
    return Client(HTTP_COOKIE="bypass=1").get(url)


# --- Readers ----------------------------------------------------------------


def test_a_page_nobody_has_read_is_served_from_the_cache_after_a_warm(
    guide, django_assert_num_queries
):
    report = warm_all()
    assert f"{guide.get_site().pk}/signs/" in report.stored
    with django_assert_num_queries(0):
        hit = reader().get(guide.url)
    assert hit.status_code == 200
    assert SIGNS in hit.content.decode()


def test_a_hit_has_exactly_the_body_and_headers_of_a_fresh_render(guide):
    warm_all()
    hit = reader().get(guide.url)
    fresh = live_render(guide.url)
    assert hit.content == fresh.content
    assert dict(hit.items()) == dict(fresh.items())
    assert "Content-Security-Policy" in hit.headers
    assert not hit.cookies


def test_no_header_reveals_a_hit_without_debug(guide, django_assert_num_queries, settings):
    settings.DEBUG = False
    warm_all()
    with django_assert_num_queries(0):
        hit = reader().get(guide.url)
    assert DEBUG_HEADER not in hit.headers
    assert "Age" not in hit.headers
    assert "Expires" not in hit.headers


def spy_on_the_cache(monkeypatch):
    """Record each call the page cache makes to the cache (one round trip each
    on Redis: `get_many` is one MGET), and still make it."""
    calls = []
    real = store._cache_call

    def recording(operation, *args, **kwargs):
        calls.append((operation, args))
        return real(operation, *args, **kwargs)

    monkeypatch.setattr(store, "_cache_call", recording)
    return calls


@pytest.mark.parametrize("encoding,variant", [("gzip", store.GZIP), ("identity", store.PLAIN)])
def test_a_hit_is_one_round_trip_for_the_variant_the_reader_takes(
    guide, monkeypatch, encoding, variant
):
    warm_all()
    reader().get(guide.url)  # this process learns the Site table
    calls = spy_on_the_cache(monkeypatch)
    hit = reader().get(guide.url, HTTP_ACCEPT_ENCODING=encoding)
    assert hit.status_code == 200
    assert (hit.get("Content-Encoding") == "gzip") == (variant == store.GZIP)
    (operation, (keys,)), *more = calls
    assert (operation, more) == ("get_many", [])
    assert keys == [
        store.GENERATION_KEY,
        store.entry_key(guide.get_site().pk, "http", guide.url, variant),
    ]


def test_an_entry_left_from_an_older_generation_is_never_served(guide, settings):
    settings.DEBUG = True
    warm_all()
    assert reader().get(guide.url)[DEBUG_HEADER] == "hit"
    store.bump_generation()  # retired, and not warmed again
    left = cache.get(store.entry_key(guide.get_site().pk, "http", guide.url))
    assert isinstance(left, store.StoredVariant)  # still there, but of the old generation
    assert reader().get(guide.url)[DEBUG_HEADER] == "miss"
    assert stored_copy(guide) is None


def test_no_shared_cache_is_allowed_to_keep_a_page(guide):
    """A CDN would store a page when someone first reads it: pages give shared
    caches no freshness, fresh or from the page cache (README: no CDN keeps pages)."""
    warm_all()
    for response in (reader().get(guide.url), live_render(guide.url)):
        assert response.status_code == 200
        assert "Cache-Control" not in response
        assert "Expires" not in response


def test_the_debug_header_says_hit_or_miss_with_debug_on(guide, settings):
    settings.DEBUG = True
    warm_all()
    assert reader().get(guide.url)[DEBUG_HEADER] == "hit"
    fresh = ContentPageFactory(parent=guide.get_parent(), title="Not warmed yet", slug="later")
    assert reader().get(fresh.url)[DEBUG_HEADER] == "miss"


def test_reading_a_page_never_creates_an_entry(guide, settings, django_assert_max_num_queries):
    settings.DEBUG = True
    warm_all()
    # Published after the warm (in a test the retirement waits for a commit
    # that never comes), so the cache has no copy of it.
    unread = ContentPageFactory(parent=guide.get_parent(), title="Never read", slug="never-read")
    first = reader().get(unread.url)
    second = reader().get(unread.url)
    assert (first[DEBUG_HEADER], second[DEBUG_HEADER]) == ("miss", "miss")
    assert stored_copy(unread) is None
    # The second read was rendered again: its timing says nothing about the first.
    with django_assert_max_num_queries(100) as rendering:
        reader().get(unread.url)
    assert len(rendering) > 0  # a hit costs no query; a render at least routing


@pytest.mark.parametrize("cookie", ["sessionid=abc", "csrftoken=x", "anything=1", "a=b; c=d", ";"])
def test_a_request_with_any_cookie_is_rendered_afresh(guide, settings, cookie):
    settings.DEBUG = True
    warm_all()
    response = Client(HTTP_COOKIE=cookie).get(guide.url)
    assert response.status_code == 200
    assert DEBUG_HEADER not in response.headers


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"path_suffix": "?utm_source=x"},
        {"method": "head"},
        {"HTTP_AUTHORIZATION": "Basic eDp5"},
    ],
    ids=["query-string", "head", "authorization"],
)
def test_query_strings_other_methods_and_credentials_are_rendered_afresh(
    guide, settings, request_kwargs
):
    settings.DEBUG = True
    warm_all()
    kwargs = dict(request_kwargs)
    method = kwargs.pop("method", "get")
    url = guide.url + kwargs.pop("path_suffix", "")
    response = getattr(reader(), method)(url, **kwargs)
    assert DEBUG_HEADER not in response.headers


def test_signed_in_editors_are_never_served_a_stored_page(admin_client, guide, settings):
    settings.DEBUG = True
    warm_all()
    response = admin_client.get(guide.url)
    assert DEBUG_HEADER not in response.headers
    assert "wagtail-userbar" in response.content.decode()


def test_a_stored_page_is_not_served_over_another_scheme(guide, settings):
    settings.DEBUG = True
    warm_all()
    response = reader().get(guide.url, secure=True)
    assert response[DEBUG_HEADER] == "miss"


def test_the_page_cache_can_be_turned_off(guide, settings):
    settings.DEBUG = True
    warm_all()
    settings.PAGE_CACHE_SECONDS = 0
    assert DEBUG_HEADER not in reader().get(guide.url).headers
    assert warming.warm().skipped == "the page cache is off"


def test_each_site_gets_its_own_pages(guide, settings):
    settings.DEBUG = True
    other_home = HomePageFactory(parent=guide.get_parent().get_parent(), slug="other-home")
    ContentPageFactory(parent=other_home, title="Only on the other site", slug="signs")
    Site.objects.create(hostname="other.example", port=80, root_page=other_home)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "other.example"]
    warm_all()
    default = reader().get("/signs/")
    other = reader().get("/signs/", HTTP_HOST="other.example")
    assert (default[DEBUG_HEADER], other[DEBUG_HEADER]) == ("hit", "hit")
    assert SIGNS in default.content.decode()
    assert "Only on the other site" in other.content.decode()


SITE_LAYOUTS = [
    [("localhost", 80, True)],
    [("localhost", 80, True), ("other.example", 80, False)],
    [("localhost", 80, False), ("other.example", 8080, True), ("other.example", 80, False)],
    [("a.example", 80, False), ("a.example", 8000, False)],
    [("a.example", 80, False)],
]


@pytest.mark.parametrize("layout", SITE_LAYOUTS)
def test_sites_are_matched_exactly_as_wagtail_matches_them(rf, home_page, layout, settings):
    settings.ALLOWED_HOSTS = ["*"]
    Site.objects.all().delete()
    sites = [
        Site.objects.create(hostname=h, port=p, is_default_site=d, root_page=home_page)
        for h, p, d in layout
    ]
    rows = [store.SiteRow(s.pk, s.hostname, s.port, s.is_default_site) for s in sites]
    for host in ("localhost", "other.example", "a.example", "unknown.example"):
        for port in (80, 8000, 8080):
            request = rf.get("/", HTTP_HOST=f"{host}:{port}", SERVER_PORT=str(port))
            expected = Site.find_for_request(request)
            assert store.match_site(rows, host, port) == (expected.pk if expected else None), (
                host,
                port,
            )


# --- What the warmer may store ----------------------------------------------


def serve_with(change):
    """An on_serve_page hook, inside the page cache's own, that changes the
    page's response (or the request) the way a page type or a later feature might."""

    def hook(serve):
        def inner(page, request, serve_args, serve_kwargs):
            return change(request, lambda: serve(page, request, serve_args, serve_kwargs))

        return inner

    return hooks.register_temporarily("on_serve_page", hook, order=200)


def warm_with(change):
    with serve_with(change):
        return warm_all()


def refusal_for(report, page):
    return report.refused.get(f"{page.get_site().pk}{page.url}")


def leave_flash_message(request, serve):
    messages.success(request, "Thank you, Sam, we have your message.")
    return serve()


def test_a_flash_message_left_for_the_next_page_is_not_stored(guide):
    # The message middleware, after the page, puts it in a cookie.
    report = warm_with(leave_flash_message)
    assert stored_copy(guide) is None
    assert refusal_for(report, guide) == "sets a cookie"
    assert "Thank you, Sam" not in reader().get(guide.url).content.decode()


def show_flash_message(request, serve):
    messages.success(request, "Thank you, Sam, we have your message.")
    response = serve().render()
    shown = "".join(str(message) for message in messages.get_messages(request))
    response.content = response.content.replace(b"</main>", shown.encode() + b"</main>")
    return response


def test_a_flash_message_shown_on_the_page_is_not_stored(guide):
    # Shown and so used up: no cookie is left to give it away, only the page.
    report = warm_with(show_flash_message)
    assert refusal_for(report, guide) == "carries a flash message"
    assert stored_copy(guide) is None
    assert "Thank you, Sam" not in reader().get(guide.url).content.decode()


def use_the_session(request, serve):
    request.session["seen_intro"] = True
    return serve()


def test_a_session_started_by_the_page_is_not_stored(guide):
    report = warm_with(use_the_session)
    assert refusal_for(report, guide) == "sets a cookie"
    assert stored_copy(guide) is None


def set_a_cookie(request, serve):
    response = serve()
    response.set_cookie("seen", "yes")
    return response


def test_a_response_that_sets_a_cookie_is_not_stored(guide):
    report = warm_with(set_a_cookie)
    assert refusal_for(report, guide) == "sets a cookie"
    assert stored_copy(guide) is None


def use_a_csrf_token(request, serve):
    get_token(request)
    return serve()


def test_a_page_with_a_csrf_token_is_not_stored(guide):
    report = warm_with(use_a_csrf_token)
    assert refusal_for(report, guide) == "sets a cookie"
    assert stored_copy(guide) is None


def vary_on_cookie(request, serve):
    response = serve()
    patch_vary_headers(response, ["Cookie"])
    return response


def test_a_response_that_varies_on_cookie_is_not_stored(guide):
    report = warm_with(vary_on_cookie)
    assert refusal_for(report, guide) == "varies on Cookie"
    assert stored_copy(guide) is None


def vary_on_language(request, serve):
    response = serve()
    patch_vary_headers(response, ["Accept-Language"])
    return response


def test_a_response_that_varies_on_other_request_headers_is_not_stored(guide):
    report = warm_with(vary_on_language)
    assert refusal_for(report, guide) == "varies on request headers"


@pytest.mark.parametrize(
    "cache_control", ["private", "no-store", "no-cache", "max-age=60, Private"]
)
def test_a_private_or_no_store_response_is_not_stored(guide, cache_control):
    def mark(request, serve):
        response = serve()
        response["Cache-Control"] = cache_control
        return response

    report = warm_with(mark)
    assert refusal_for(report, guide) == "Cache-Control forbids sharing"
    assert stored_copy(guide) is None


def stream(request, serve):
    serve()
    return StreamingHttpResponse(iter([b"<p>", b"streamed", b"</p>"]))


def test_a_streaming_response_is_not_stored_and_breaks_nothing(guide):
    report = warm_with(stream)
    assert refusal_for(report, guide) == "streaming or file response"
    assert stored_copy(guide) is None
    with serve_with(stream):
        response = reader().get(guide.url)
    assert b"".join(response.streaming_content) == b"<p>streamed</p>"


def test_a_file_response_is_not_stored_and_breaks_nothing(guide):
    with tempfile.NamedTemporaryFile(suffix=".txt") as handle:
        handle.write(b"a leaflet")
        handle.flush()

        def send_file(request, serve):
            serve()
            return FileResponse(open(handle.name, "rb"))  # noqa: SIM115 - closed by Django

        report = warm_with(send_file)
        assert refusal_for(report, guide) == "streaming or file response"
        assert stored_copy(guide) is None
        with serve_with(send_file):
            response = reader().get(guide.url)
        assert b"".join(response.streaming_content) == b"a leaflet"
        response.close()


def use_a_csp_nonce(request, serve):
    str(request.csp_nonce)
    return serve()


def test_a_page_that_used_a_csp_nonce_is_not_stored(guide):
    report = warm_with(use_a_csp_nonce)
    assert refusal_for(report, guide) == "uses a CSP nonce"
    assert stored_copy(guide) is None


def not_found(request, serve):
    serve()
    return HttpResponse("gone", status=410)


def test_only_a_200_is_stored(guide):
    report = warm_with(not_found)
    assert refusal_for(report, guide) == "status 410, not 200"


def sign_in(request, serve):
    from django.contrib.auth import get_user_model

    request.user, _ = get_user_model().objects.get_or_create(username="editor")
    return serve()


def test_a_page_rendered_for_a_signed_in_user_is_not_stored(guide):
    report = warm_with(sign_in)
    assert refusal_for(report, guide) == "signed-in user"


def test_what_is_not_a_wagtail_page_is_never_stored(guide):
    generation = store.bump_generation()
    report = warming.WarmReport(generation)
    site = guide.get_site()
    warming.warm_path(warming.WarmingHandler(), site, "/robots.txt", generation, report)
    assert report.refused == {f"{site.pk}/robots.txt": "not a public Wagtail page"}
    assert report.stored == []


@pytest.mark.parametrize(
    "restriction_type", [PageViewRestriction.LOGIN, PageViewRestriction.PASSWORD]
)
def test_a_restricted_page_is_never_stored_or_served_from_the_cache(
    guide, settings, restriction_type
):
    settings.DEBUG = True
    PageViewRestriction.objects.create(
        page=guide, restriction_type=restriction_type, password="a-long-password"
    )
    report = warm_all()
    assert stored_copy(guide) is None
    assert refusal_for(report, guide) is None  # not even rendered: not public
    response = reader().get(guide.url)
    assert response[DEBUG_HEADER] == "miss"
    assert SIGNS not in response.content.decode() or response.status_code != 200


def test_the_page_hook_does_not_mark_a_restricted_page(rf, guide):
    PageViewRestriction.objects.create(page=guide, restriction_type=PageViewRestriction.LOGIN)
    request = rf.get(guide.url)
    setattr(request, rules.WARMING_ATTR, 1)
    warming.mark_public_page(lambda *args: HttpResponse("ok"))(guide, request, (), {})
    assert getattr(request, rules.PAGE_ATTR, None) is None


def test_the_page_hook_marks_a_public_page_and_only_while_warming(rf, guide):
    serve = warming.mark_public_page(lambda *args: HttpResponse("ok"))
    reading = rf.get(guide.url)
    serve(guide, reading, (), {})
    assert getattr(reading, rules.PAGE_ATTR, None) is None
    warming_request = rf.get(guide.url)
    setattr(warming_request, rules.WARMING_ATTR, 1)
    serve(guide, warming_request, (), {})
    assert getattr(warming_request, rules.PAGE_ATTR) == guide.pk


def test_a_preview_is_never_shareable(rf, guide):
    request = rf.get(guide.url)
    request.is_preview = True
    setattr(request, rules.PAGE_ATTR, guide.pk)
    assert rules.refusal(request, HttpResponse("preview")) == "preview"


# --- The warmer ---------------------------------------------------------------


def test_one_warm_per_generation_and_none_for_an_old_generation(guide):
    generation = store.bump_generation()
    assert warming.warm(generation).stored
    assert warming.warm(generation).skipped == "already warmed or warming"
    newer = store.bump_generation()
    assert warming.warm(generation).skipped == "a newer generation has started"
    assert warming.warm(newer).stored


def test_the_warm_after_a_change_is_shared_out_in_parts_shallowest_first(
    guide, home_page, settings
):
    from django_tasks import default_task_backend

    from home.page_cache import tasks

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.PAGE_CACHE_WARM_PART = 2
    for n in range(3):
        ContentPageFactory(parent=guide, title=f"Deeper {n}", slug=f"deeper-{n}")
    later = ContentPageFactory(parent=home_page, title="Made later", slug="later")
    generation = store.bump_generation()

    assert tasks.warm_page_cache.call(generation) == {"parts": 3}  # 6 pages, 2 a part
    queued = [
        result.args
        for result in default_task_backend.results
        if result.task.name == "warm_page_cache_part"
    ]
    assert [paths for _, _, paths in queued] == [
        ["/", "/signs/"],
        ["/later/", "/signs/deeper-0/"],  # made last, but nearer the top
        ["/signs/deeper-1/", "/signs/deeper-2/"],
    ]
    assert stored_copy(home_page) is None  # nothing stored until the parts run
    for args in queued:
        tasks.warm_page_cache_part.call(*args)
    for page in (home_page, guide, later, *guide.get_children()):
        assert stored_copy(page) is not None
    # A part of an older generation stores nothing.
    newer = store.bump_generation()
    assert tasks.warm_page_cache_part.call(*queued[0])["stored"] == 0
    assert tasks.warm_page_cache.call(generation)["skipped"] == "a newer generation has started"
    assert tasks.warm_page_cache.call(newer) == {"parts": 3}


def test_the_command_retires_and_stores_every_public_page(guide, home_page):
    from django.core.management import call_command

    draft = ContentPageFactory(parent=home_page, title="A draft", slug="draft", live=False)
    output = io.StringIO()
    call_command("warm_page_cache", stdout=output)
    assert "pages stored" in output.getvalue()
    assert stored_copy(guide) is not None
    assert stored_copy(home_page) is not None
    assert stored_copy(draft) is None


def test_the_command_can_store_only_the_paths_it_is_given(guide, home_page):
    from django.core.management import call_command

    warm_all()
    output = io.StringIO()
    call_command("warm_page_cache", "--path=/signs/", stdout=output)
    assert "1 pages stored" in output.getvalue()
    assert stored_copy(guide) is not None
    assert stored_copy(home_page) is None  # retired with the rest, and not stored again


def test_after_a_publish_the_new_page_is_warmed_and_served(
    guide, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_WARM_ON_CHANGE = True
    warm_all()
    guide.title = "Spotting the signs early"
    guide.save_revision().publish()
    commit()
    with django_assert_num_queries(0):
        response = reader().get(guide.url)
    assert "Spotting the signs early" in response.content.decode()


def test_automatic_warming_can_be_turned_off(guide, settings):
    settings.PAGE_CACHE_WARM_ON_CHANGE = False
    warm_all()
    guide.save_revision().publish()
    commit()
    assert stored_copy(guide) is None


def test_a_failed_retirement_is_retried_before_anything_stale_is_served(guide, monkeypatch):
    """Redis unreachable when a page is published: once it is back, the old copy
    it still holds is retired, not served."""
    monkeypatch.setattr(store, "RETRY_SECONDS", 0)
    warm_all()
    before = store.read_generation()
    unreachable = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{unused_port()}/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2},
        }
    }
    with override_settings(CACHES=unreachable):
        guide.title = "Spotting the signs early"
        guide.save_revision().publish()
        commit()
        assert store.retirement_pending()
        assert "Spotting the signs early" in reader().get(guide.url).content.decode()
    # The cache is back, still holding the old page under the old generation.
    assert stored_copy(guide) is not None
    assert "Spotting the signs early" in reader().get(guide.url).content.decode()
    assert not store.retirement_pending()
    assert store.read_generation() != before


# --- Retirement -------------------------------------------------------------


def publish_new_title(page):
    page.title = "A new title"
    page.save_revision().publish()


def unpublish(page):
    page.unpublish()


def move(page):
    page.move(page.get_parent(), pos="first-child")


def change_slug(page):
    page.slug = "signs-renamed"
    page.save_revision().publish()


def delete(page):
    page.delete()


def change_help_numbers(page):
    safety = SafetySettings.for_site(page.get_site())
    safety.childline_number = "0800 3333"
    safety.save()


def change_navigation(page):
    NavigationSettings.for_site(page.get_site()).save()


def add_a_snippet(page):
    from home.factories import TopicFactory

    TopicFactory()


def change_a_snippet(page):
    from home.models import AgeBand

    band = AgeBand.objects.first()
    band.name = "Renamed"
    band.save()


def delete_a_snippet(page):
    from home.models import AgeBand

    AgeBand.objects.first().delete()


def change_the_site(page):
    site = page.get_site()
    site.site_name = "Clearsight"
    site.save()


def restrict_the_page(page):
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)


def upload_an_image(page):
    import wagtail_factories

    wagtail_factories.ImageFactory()


def upload_a_document(page):
    import wagtail_factories

    wagtail_factories.DocumentFactory()


@pytest.mark.parametrize(
    "change",
    [
        publish_new_title,
        unpublish,
        move,
        change_slug,
        delete,
        change_help_numbers,
        change_navigation,
        add_a_snippet,
        change_a_snippet,
        delete_a_snippet,
        change_the_site,
        restrict_the_page,
        upload_an_image,
        upload_a_document,
    ],
)
def test_a_change_to_anything_pages_show_retires_every_page_once(guide, change):
    from home.factories import AgeBandFactory

    AgeBandFactory()
    commit()  # the fixtures' own changes
    before = store.current_generation()
    change(guide)
    commit()
    assert store.read_generation() == before + 1


def save_a_draft(page):
    page.title = "Not published yet"
    page.save_revision()


def create_a_draft_page(page):
    ContentPageFactory(parent=page.get_parent(), title="Draft", slug="draft", live=False)


def change_a_user(page):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("someone", password="a-long-password")


def lock_the_page(page):
    page.locked = True
    page.save(update_fields=["locked"])


@pytest.mark.parametrize(
    "change", [save_a_draft, create_a_draft_page, change_a_user, lock_the_page]
)
def test_changes_no_reader_can_see_do_not_retire_pages(guide, change):
    commit()
    before = store.current_generation()
    change(guide)
    commit()
    assert store.read_generation() == before


def test_every_snippet_setting_image_and_document_model_is_watched_without_naming_it():
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.snippets.models import get_snippet_models

    from home.signals import is_displayed

    watched = [*get_snippet_models(), SafetySettings, NavigationSettings, Site]
    watched += [PageViewRestriction, get_image_model(), get_document_model()]
    assert all(is_displayed(model) for model in watched)
    from wagtail.images import get_image_model as image_model

    assert not is_displayed(image_model().get_rendition_model())


def test_an_app_can_name_a_model_its_pages_show(guide):
    from wagtail.contrib.redirects.models import Redirect

    commit()
    before = store.current_generation()
    Redirect.objects.create(old_path="/old", redirect_link="/signs/")
    commit()
    assert store.read_generation() == before
    with hooks.register_temporarily("page_cache_models", lambda: [Redirect]):
        Redirect.objects.create(old_path="/older", redirect_link="/signs/")
        commit()
    assert store.read_generation() == before + 1


def test_a_retirement_rolled_back_with_its_change_does_not_stop_the_next_one(guide):
    from django.db import transaction

    commit()
    before = store.current_generation()
    with pytest.raises(RuntimeError), transaction.atomic():
        change_help_numbers(guide)
        raise RuntimeError("the change is abandoned")
    change_navigation(guide)
    commit()
    assert store.read_generation() == before + 1


def test_the_bump_waits_for_the_commit(guide):
    commit()
    before = store.current_generation()
    change_help_numbers(guide)
    assert store.read_generation() == before
    commit()
    assert store.read_generation() == before + 1


# --- Help numbers live in one place (issue 10) -------------------------------


def test_changing_a_help_number_shows_the_new_number_on_a_cached_page(
    guide, django_assert_num_queries
):
    """A page served from the cache shows Childline's number from the site's
    SafetySettings; changing the number there retires the stored page, so the
    next reader sees the new number (home/signals.py)."""
    commit()
    warm_all()
    with django_assert_num_queries(0):  # served from the page cache
        before = reader().get(guide.url).content.decode()
    assert "0800 1111" in before

    safety = SafetySettings.for_site(guide.get_site())
    safety.childline_number = "0800 2222"
    safety.save()
    commit()
    after = reader().get(guide.url).content.decode()
    assert "0800 2222" in after
    assert "0800 1111" not in after
