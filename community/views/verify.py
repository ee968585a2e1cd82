"""/verify/ and the printable certificate.

Anyone (a licensing officer, an employer) types a certificate's code at
/verify/, or opens /verify/?code=… from the QR code on the certificate, and
sees the name, module, date, validity and whether it still holds.

- A look-up is one query, whatever the code (certificate_lookup); a code is
  80 random bits, and look-ups (here, the printable page and the PDF, counted
  together) are rate-limited per client address (CERTIFICATE_VERIFY_RATE_LIMIT),
  answering the house 429 page.
- A code that is not found, or cannot be a code, gets a plain "not found" with
  the typed code kept in the field, and the status 200: the page answered the
  question (the answer is "no such certificate"), the page itself exists. A
  404 would also send every wrong guess through the redirects middleware's
  look-ups, so a miss would cost more queries than a hit; with 200 every
  look-up costs the same. An empty code is a form error (400).
- The form is a GET form: no CSRF token, so no cookie. Results are never
  stored by a shared cache (``Cache-Control: no-store, private``), nor indexed
  (``X-Robots-Tag: noindex`` and the robots meta tag).
- A revoked certificate's printable page says so at the top and offers no PDF;
  its PDF address answers 404 (nothing to print). An expired one can still be
  printed: it says "Expired on …".
"""

from django import forms
from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from django_ratelimit.core import is_ratelimited

from community.services.certificates import (
    certificate_lookup,
    certificate_status,
    normalise_code,
)
from home.views import too_many_requests

RATE_GROUP = "community.certificate_lookup"
NOT_FOUND = _("We could not find a certificate with that code. Check it and try again.")
STATUS_WORDS = {
    "valid": _("Valid"),
    "expired": _("Expired"),
    "revoked": _("Revoked"),
}


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Certificate code"),
        help_text=_("16 letters and numbers in four groups, like XXXX-XXXX-XXXX-XXXX."),
        error_messages={"required": _("Enter the certificate code.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )


def private(response, *, noindex=True):
    """Never kept by a shared cache; results are not indexed either."""
    response["Cache-Control"] = "no-store, private"
    if noindex:
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def rate_limited(request):
    return is_ratelimited(
        request,
        group=RATE_GROUP,
        key="ip",
        rate=settings.CERTIFICATE_VERIFY_RATE_LIMIT,
        increment=True,
    )


def verify_url(request, code):
    return request.build_absolute_uri(f"{reverse('community:verify')}?code={code}")


def certificate_context(certificate):
    status = certificate_status(certificate)
    return {
        "certificate": certificate,
        "status": status,
        "status_label": STATUS_WORDS[status],
    }


@require_safe
def verify(request):
    if "code" not in request.GET:
        return private(
            render(request, "community/verify.html", {"form": VerifyForm(), "searched": False}),
            noindex=False,
        )
    if rate_limited(request):
        return private(too_many_requests(request))
    form = VerifyForm(request.GET)
    context = {"form": form, "searched": True}
    status = 200
    if form.is_valid():
        certificate = certificate_lookup(form.cleaned_data["code"])
        if certificate is None:
            form.add_error("code", NOT_FOUND)
        else:
            context.update(certificate_context(certificate))
            context["certificate_url"] = reverse("community:certificate", args=[certificate.code])
    else:
        status = 400
    return private(render(request, "community/verify.html", context, status=status))


def _certificate_or_404(request, code):
    if normalise_code(code) is None:
        raise Http404
    certificate = certificate_lookup(code)
    if certificate is None:
        raise Http404
    return certificate


@require_safe
def certificate(request, code):
    if rate_limited(request):
        return private(too_many_requests(request))
    found = _certificate_or_404(request, code)
    context = certificate_context(found)
    context["verify_url"] = verify_url(request, found.code)
    # Imported here: the PDF module loads reportlab, which no other page needs
    # (worker memory, issue 11; tests/config/test_import_weight.py).
    from community.certificate_pdf import qr_svg

    context["qr_code"] = qr_svg(
        context["verify_url"], label=_("QR code: opens the page that checks this certificate")
    )
    return private(render(request, "community/certificate.html", context))


@require_safe
def certificate_pdf(request, code):
    # The PDF module loads reportlab, which no other page needs (worker memory).
    from community.certificate_pdf import certificate_pdf as build_certificate_pdf

    if rate_limited(request):
        return private(too_many_requests(request))
    found = _certificate_or_404(request, code)
    status = certificate_status(found)
    if status == "revoked":
        raise Http404
    response = HttpResponse(
        build_certificate_pdf(found, verify_url=verify_url(request, found.code), status=status),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'inline; filename="certificate-{found.code}.pdf"'
    return private(response)
