"""What a toolkit's printables are (format, type, the contacts printed on
them), without drawing them: the pages and views that list or send the files
import this, and only the builder (community/posters.py) loads reportlab and
python-pptx, so a web worker that never builds a file never loads them
(worker memory, issue 11; tests/config/test_import_weight.py).
"""

from community.models import DownloadKind

FORMATS = {
    DownloadKind.POSTER_A4: ("pdf", "application/pdf"),
    DownloadKind.POSTER_A3: ("pdf", "application/pdf"),
    DownloadKind.LEAFLET: ("pdf", "application/pdf"),
    DownloadKind.INCIDENT_NOTE: ("pdf", "application/pdf"),
    DownloadKind.BRIEFING: (
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
}


def extension_for(kind):
    return FORMATS[kind][0]


def content_type_for(kind):
    return FORMATS[kind][1]


# The Local contacts fields printed on the files (and, with the help numbers,
# what decides when they are built again: community.services.downloads).
CONTACT_FIELDS = (
    "area_name",
    "childrens_services_name",
    "childrens_services_number",
    "childrens_services_hours",
    "out_of_hours_number",
    "mash_name",
    "mash_number",
    "mash_email",
    "referral_url",
)
