"""Withdrawal of a contribution through its private link.

PLACEHOLDER: replaced by the publication branch. Until then the link answers
with the site's own 404 page.
"""

from home.views import page_not_found


def withdraw(request, token):
    return page_not_found(request)
