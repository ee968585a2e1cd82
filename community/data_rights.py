"""Data rights (home/governance/data_rights/): a training certificate found by its
code. Its PDF is drawn on request (community/certificate_pdf.py) and never
stored, so there is no file to export or delete. Erasing deletes the
certificate: the code then reads "not found" on /verify/. The counts in
ModuleMonthStat and QuestionStat hold no name or code and stay.
"""

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.models import Certificate
from community.services.certificates import normalise_code
from home.governance.data_rights.registry import Kind, register, register_code_reader

register_code_reader(normalise_code)


def find_certificates(email=None, code=None):
    if not code:
        return []
    return list(Certificate.objects.filter(code=code))


def describe_certificate(certificate):
    return _("Training certificate for “%(module)s”, issued on %(date)s (code %(code)s)") % {
        "module": certificate.module_title,
        "date": date_format(certificate.issued_on, "j F Y"),
        "code": certificate.code,
    }


def export_certificate(certificate):
    return {
        "code": certificate.code,
        "name_on_the_certificate": certificate.name,
        "module": certificate.module_title,
        "date": certificate.issued_on,
        "score_percent": certificate.score,
        "valid_until": certificate.valid_until,
        "revoked": certificate.revoked_at,
    }


def erase_certificate(certificate, user):
    Certificate.objects.filter(pk=certificate.pk).delete()
    return []


register(
    Kind(
        key="community.certificate",
        label=gettext_lazy("Training certificate"),
        find=find_certificates,
        describe=describe_certificate,
        export=export_certificate,
        erase=erase_certificate,
        date=lambda certificate: certificate.issued_on,
        order=60,
    )
)
