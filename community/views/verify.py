"""/verify/ and the printable certificate. (Finished by the certificates work.)"""

from django.http import Http404


def verify(request):
    raise Http404


def certificate(request, code):
    raise Http404


def certificate_pdf(request, code):
    raise Http404
