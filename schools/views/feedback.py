"""'How did this lesson go?' (the route ``feedback/`` of a lesson pack page)."""

from django.http import Http404


def lesson_feedback(request, page):
    raise Http404
