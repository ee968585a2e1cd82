"""The training flow: overview, one step a page, the quiz, the result and the
name for the certificate. (Finished by the training work.)"""

from django.http import Http404
from django.template.response import TemplateResponse


def overview(request, page):
    return TemplateResponse(
        request, "pages/community/training_module_page.html", page.get_context(request)
    )


def step(request, page, number):
    raise Http404


def quiz(request, page):
    raise Http404


def result(request, page):
    raise Http404
