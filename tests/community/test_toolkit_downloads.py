"""A toolkit's printables: built when it is published or the local contacts
change (the background task, run at once in tests after the commit), kept in
storage, served from there by the toolkit's ``downloads/<kind>/`` route, and
never built from a draft."""

from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Site

import pytest
from bs4 import BeautifulSoup

from community.models import DownloadKind, ToolkitDownload
from community.services.downloads import toolkit_download_for
from community.tasks import build_toolkit_downloads
from home.models import LocalContacts

from .toolkit_files import (  # noqa: F401 (fixtures)
    contacts_fixture,
    pdf_text,
    publish_fixture,
    qr_texts,
    slide_texts,
    toolkit_fixture,
)

pytestmark = pytest.mark.django_db


def url_of(page, kind):
    return f"{page.url}downloads/{kind}/"


def names(page):
    return sorted(ToolkitDownload.objects.filter(page=page).values_list("file", flat=True))


def body(response):
    return b"".join(response.streaming_content)


def test_publishing_builds_every_kind_for_the_live_revision_into_storage(toolkit):
    downloads = ToolkitDownload.objects.filter(page=toolkit)
    assert sorted(d.kind for d in downloads) == sorted(DownloadKind.values)
    assert {d.revision_id for d in downloads} == {toolkit.live_revision_id}
    assert len({d.contacts_fingerprint for d in downloads}) == 1
    for download in downloads:
        assert default_storage.exists(download.file.name)
        assert download.size == download.file.size > 0
        # Where it is stored has a random part: an old file's name does not give a new one's.
        assert download.file.name.startswith(
            f"toolkits/{toolkit.pk}/taxi-drivers-{download.kind}-r"
        )
        assert len(download.file.name.rsplit("-", 1)[1].split(".")[0]) == 16


def test_a_pdf_is_served_inline_from_storage_with_its_name_and_no_cookie(client, toolkit):
    response = client.get(url_of(toolkit, "poster-a4"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="taxi-drivers-poster-a4.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    data = body(response)
    assert int(response["Content-Length"]) == len(data)
    assert "Worried about a passenger?" in pdf_text(data)
    assert not response.cookies
    assert "Set-Cookie" not in response


def test_the_slides_are_an_attachment(client, toolkit):
    response = client.get(url_of(toolkit, "briefing"))
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    )
    assert response["Content-Disposition"] == 'attachment; filename="taxi-drivers-briefing.pptx"'
    _deck, text = slide_texts(body(response))
    assert "01234 567890" in text
    assert not response.cookies


def test_an_unknown_kind_is_not_found_and_a_post_is_refused(client, toolkit):
    assert client.get(url_of(toolkit, "poster-a5")).status_code == 404
    assert client.post(url_of(toolkit, "poster-a4")).status_code == 405


def test_downloading_twice_builds_nothing_and_takes_the_same_queries(client, toolkit):
    before = names(toolkit)
    client.get(url_of(toolkit, "leaflet"))  # warm what any first request loads
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url_of(toolkit, "leaflet"))
            body(response)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert names(toolkit) == before


def test_finding_the_stored_file_is_one_query_once_the_settings_are_known(
    rf, toolkit, django_assert_num_queries
):
    request = rf.get(toolkit.url)
    Site.find_for_request(request)
    LocalContacts.for_request(request)
    from home.models import SafetySettings

    SafetySettings.for_request(request)
    with django_assert_num_queries(1):
        download = toolkit_download_for(toolkit, "poster-a3", request)
    assert download.kind == "poster-a3"


def test_republishing_builds_the_new_text_and_deletes_the_old_files(client, toolkit, publish):
    old = list(ToolkitDownload.objects.filter(page=toolkit))
    toolkit.poster_heading = "Seen something that worries you?"
    toolkit = publish(toolkit)
    new = ToolkitDownload.objects.filter(page=toolkit)
    assert new.count() == len(DownloadKind.values)
    assert {d.revision_id for d in new} == {toolkit.live_revision_id}
    for download in old:
        assert not default_storage.exists(download.file.name)
    text = pdf_text(body(client.get(url_of(toolkit, "poster-a4"))))
    assert "Seen something that worries you?" in text
    assert "Worried about a passenger?" not in text


def test_a_draft_builds_nothing_and_the_download_stays_the_published_text(
    client, toolkit, django_capture_on_commit_callbacks
):
    before = names(toolkit)
    toolkit.poster_heading = "A draft nobody approved"
    with django_capture_on_commit_callbacks(execute=True):
        toolkit.save_revision()
    assert names(toolkit) == before
    # Even a build run late (the worker behind) uses the live revision, not the draft.
    build_toolkit_downloads.enqueue(toolkit.pk)
    assert names(toolkit) == before
    text = pdf_text(body(client.get(url_of(toolkit, "poster-a4"))))
    assert "Worried about a passenger?" in text
    assert "A draft nobody approved" not in text


def test_new_local_contacts_rebuild_every_toolkits_files(
    client, toolkit, django_capture_on_commit_callbacks
):
    old = list(ToolkitDownload.objects.filter(page=toolkit))
    contacts = LocalContacts.for_site(Site.objects.get(is_default_site=True))
    contacts.childrens_services_number = "09876 543210"
    with django_capture_on_commit_callbacks(execute=True):
        contacts.save()
    new = ToolkitDownload.objects.filter(page=toolkit)
    assert new.count() == len(DownloadKind.values)
    assert {d.contacts_fingerprint for d in new}.isdisjoint({d.contacts_fingerprint for d in old})
    for download in old:
        assert not default_storage.exists(download.file.name)
    before = names(toolkit)
    text = pdf_text(body(client.get(url_of(toolkit, "poster-a4"))))
    assert "09876 543210" in text and "01234 567890" not in text
    assert names(toolkit) == before  # served what the task built


def test_a_file_missing_is_built_in_the_request_once(client, toolkit):
    ToolkitDownload.objects.filter(page=toolkit, kind="incident-note").delete()
    response = client.get(url_of(toolkit, "incident-note"))
    assert response.status_code == 200
    assert qr_texts(body(response)) == [toolkit.get_full_url()]
    assert ToolkitDownload.objects.filter(page=toolkit, kind="incident-note").count() == 1
    before = names(toolkit)
    client.get(url_of(toolkit, "incident-note"))
    assert names(toolkit) == before


def test_a_file_gone_from_storage_is_built_again(client, toolkit):
    download = ToolkitDownload.objects.get(page=toolkit, kind="poster-a4")
    default_storage.delete(download.file.name)
    response = client.get(url_of(toolkit, "poster-a4"))
    assert response.status_code == 200
    assert "Worried about a passenger?" in pdf_text(body(response))
    rebuilt = ToolkitDownload.objects.get(page=toolkit, kind="poster-a4")
    assert rebuilt.file.name != download.file.name
    assert default_storage.exists(rebuilt.file.name)


def test_unpublishing_deletes_the_rows_and_files(
    client, toolkit, django_capture_on_commit_callbacks
):
    files = names(toolkit)
    with django_capture_on_commit_callbacks(execute=True):
        toolkit.unpublish()
    assert not ToolkitDownload.objects.filter(page=toolkit).exists()
    for name in files:
        assert not default_storage.exists(name)


def test_the_toolkit_lists_its_printables_with_format_and_size(client, toolkit):
    response = client.get(toolkit.url)
    assert response.status_code == 200
    section = BeautifulSoup(response.content, "html.parser").select_one(".toolkit-downloads")
    assert section.h2.get_text(strip=True) == "Posters and printables"
    items = [" ".join(li.get_text(" ", strip=True).split()) for li in section.select("li")]
    sizes = {d.kind: d.size for d in ToolkitDownload.objects.filter(page=toolkit)}
    assert len(items) == 5
    assert items[0].startswith("Poster (A4) (PDF, ")
    assert items[0].endswith("KB)")
    assert items[4].startswith("Staff briefing slides (PowerPoint, ")
    links = [a["href"] for a in section.select("a")]
    assert links == [url_of(toolkit, kind) for kind in DownloadKind.values]
    assert sizes["poster-a4"] > 1000
    assert not response.cookies


def test_the_list_takes_the_same_queries_however_many_files_are_built(client, toolkit):
    client.get(toolkit.url)
    with CaptureQueriesContext(connection) as built:
        client.get(toolkit.url)
    ToolkitDownload.objects.filter(page=toolkit, kind__in=["leaflet", "briefing"]).delete()
    with CaptureQueriesContext(connection) as fewer:
        response = client.get(toolkit.url)
    assert len(built) == len(fewer)
    assert response.content.count(b"downloads__link") == 5


def test_a_reader_who_has_the_poster_gets_a_304_and_a_new_text_is_sent_whole(
    client, toolkit, publish
):
    first = client.get(url_of(toolkit, "poster-a4"))
    etag = first["ETag"]
    assert first["Last-Modified"]
    # A 304 is answered from the row alone, without reading storage: even a
    # lost file is rebuilt only when a reader needs its bytes.
    stored = ToolkitDownload.objects.get(page=toolkit, kind="poster-a4")
    default_storage.delete(stored.file.name)
    again = client.get(url_of(toolkit, "poster-a4"), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag
    assert not again.cookies
    assert ToolkitDownload.objects.get(page=toolkit, kind="poster-a4").pk == stored.pk
    # Another kind is another file.
    assert client.get(url_of(toolkit, "leaflet"), HTTP_IF_NONE_MATCH=etag).status_code == 200
    # Republished: the old copy is out of date.
    toolkit.title = "Taxi drivers: spot the signs"
    published = publish(toolkit)
    response = client.get(url_of(published, "poster-a4"), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] != etag
