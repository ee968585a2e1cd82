"""The image and document models: credit and licence, what readers are told, who may download."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, CollectionViewRestriction

import pytest

from home.factories import DocumentFactory, ImageFactory
from home.models import ClearsightDocument, ImageLicence
from home.models.media import readable_file_size

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "licence",
    [
        ImageLicence.CC_BY_4,
        ImageLicence.CC_BY_SA_4,
        ImageLicence.OPENMOJI,
        ImageLicence.PERMISSION,
    ],
)
def test_licences_that_need_attribution_need_a_credit(licence):
    image = ImageFactory.build(file=get_test_image_file(), licence=licence, credit="  ")
    with pytest.raises(ValidationError) as caught:
        image.clean()
    assert caught.value.message_dict == {
        "credit": [f"{licence.label} needs a credit. Please say who made this picture."]
    }


@pytest.mark.parametrize("licence", [ImageLicence.OWN_WORK, ImageLicence.CC0])
def test_own_work_and_cc0_need_no_credit(licence):
    ImageFactory.build(file=get_test_image_file(), licence=licence, credit="").clean()


def test_a_licence_must_be_chosen():
    image = ImageFactory.build(file=get_test_image_file(), licence="")
    with pytest.raises(ValidationError) as caught:
        image.full_clean(exclude=["collection", "file"])
    assert "licence" in caught.value.message_dict


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        (10, "1 KB"),
        (240 * 1024, "240 KB"),
        (1023 * 1024, "1,023 KB"),
        (1024 * 1024, "1 MB"),
        (int(1.44 * 1024 * 1024), "1.4 MB"),
        (20 * 1024 * 1024, "20 MB"),
    ],
)
def test_sizes_read_as_people_say_them(size, shown):
    assert readable_file_size(size) == shown


@pytest.mark.parametrize(
    ("name", "summary"),
    [
        ("pack.pdf", "PDF, 1 KB"),
        ("plan.DOCX", "Word document, 1 KB"),
        ("slides.pptx", "PowerPoint presentation, 1 KB"),
        ("sheet.xlsx", "Excel spreadsheet, 1 KB"),
        ("plan.odt", "OpenDocument text, 1 KB"),
        ("slides.odp", "OpenDocument presentation, 1 KB"),
        ("sheet.ods", "OpenDocument spreadsheet, 1 KB"),
        ("notes.txt", "Plain text, 1 KB"),
        ("contacts.csv", "CSV spreadsheet, 1 KB"),
    ],
)
def test_every_document_type_has_a_name_readers_understand(name, summary):
    document = DocumentFactory(file=ContentFile(b"x" * 100, name=name))
    assert document.download_summary == summary


def test_a_missing_file_still_says_its_type():
    document = DocumentFactory(file=ContentFile(b"x", name="pack.pdf"))
    document.file.storage.delete(document.file.name)
    document = ClearsightDocument.objects.get(pk=document.pk)
    document.file_size = None
    assert document.download_summary == "PDF"


def test_documents_are_served_through_django_so_privacy_rules_apply(
    client, django_user_model, sign_in_verified
):
    root = Collection.get_first_root_node()
    staff_only = root.add_child(name="Staff only")
    CollectionViewRestriction.objects.create(
        collection=staff_only, restriction_type=CollectionViewRestriction.LOGIN
    )
    public = DocumentFactory(file=ContentFile(b"%PDF-1.4\n", name="leaflet.pdf"))
    private = DocumentFactory(
        collection=staff_only, file=ContentFile(b"%PDF-1.4\n", name="minutes.pdf")
    )

    assert public.url == f"/documents/{public.pk}/leaflet.pdf"
    response = client.get(public.url)
    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"] == "default-src 'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"

    assert private.url == f"/documents/{private.pk}/minutes.pdf"
    response = client.get(private.url)
    assert response.status_code == 302
    # The professionals' sign-in (WAGTAIL_FRONTEND_LOGIN_URL); editors go on to the second factor.
    assert (
        response.headers["Location"]
        == f"/professionals/sign-in/?next=/documents/{private.pk}/minutes.pdf"
    )

    sign_in_verified(client, django_user_model.objects.create_user("reader", password="x" * 12))
    assert client.get(private.url).status_code == 200
