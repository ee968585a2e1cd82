"""The page django-axes shows when a sign-in is locked out (AXES_LOCKOUT_CALLABLE).

On the professionals' sign-in it is a public page in the site's own layout,
pointing at their own password reset; anywhere else (the admin's sign-in) it
is the editors' page from home.accounts.
"""

from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from home.accounts import lockout


def _on_professional_sign_in(request):
    match = getattr(request, "resolver_match", None)
    return match is not None and match.namespace == "professionals"


def lockout_response(request, original_response=None, credentials=None):
    response = lockout.lockout_response(request, original_response, credentials)
    if not _on_professional_sign_in(request):
        return response
    seconds = int(response["Retry-After"])
    retry_at = timezone.localtime(timezone.now() + timezone.timedelta(seconds=seconds))
    from schools.professionals.views import HEADINGS

    page = render(
        request,
        "schools/professionals/locked_out.html",
        {
            "heading": HEADINGS["locked_out"],
            "retry_at": retry_at,
            "minutes": -(-seconds // 60),
        },
        status=429,
    )
    page["Retry-After"] = response["Retry-After"]
    page["Referrer-Policy"] = "same-origin"
    add_never_cache_headers(page)
    return page
