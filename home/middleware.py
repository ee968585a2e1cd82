from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.urls import reverse
from django.utils.cache import cc_delim_re, set_response_etag

from csp.middleware import CSPMiddleware, PolicyParts


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp, with a separate policy (and referrer policy) for the Wagtail admin.

    The public site's policy (CONTENT_SECURITY_POLICY) allows no inline script
    or style at all. The admin needs a few inline scripts and styles, so it gets
    ADMIN_CONTENT_SECURITY_POLICY instead of loosening the public one.
    """

    def process_response(self, request, response):
        if self._is_admin(request):
            # With "no-referrer", browsers send `Origin: null` on a form POST and
            # Django's CSRF check rightly refuses it, so the admin, which is all
            # forms, sends its referrer to its own origin only. Public pages keep
            # SECURE_REFERRER_POLICY ("no-referrer"); SecurityMiddleware only
            # sets the header where it is missing.
            response.headers.setdefault("Referrer-Policy", "same-origin")
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and self._is_admin(request):
            return PolicyParts(
                config=settings.ADMIN_CONTENT_SECURITY_POLICY,
                update=parts.update,
                replace=parts.replace,
                nonce=parts.nonce,
            )
        return parts

    @staticmethod
    def _is_admin(request):
        return request.path_info.startswith(reverse("wagtailadmin_home"))


class CompressionMiddleware(GZipMiddleware):
    """Django's GZipMiddleware (with its padding against BREACH), for bodies
    held in memory only, and an ETag taken from the body before it is
    compressed.

    Streamed responses (documents, other files) are left alone: they are
    mostly compressed formats already, and compressing a stream would drop
    their Content-Length. Static files never get here (WhiteNoise, above,
    answers them with its own precompressed copies).

    The ETag is the hash of the uncompressed bytes, so it is the same for
    every render of the same page; the padding makes each compressed copy
    different, so GZipMiddleware marks the ETag of a compressed copy weak
    (``W/"…"``), which tells the two variants apart while If-None-Match (a
    weak comparison, RFC 9110 13.1.2) still matches either.
    ConditionalGetMiddleware, above this one, answers If-None-Match from the
    final headers. The page cache stores both variants (``gzip_variant``).
    """

    def process_response(self, request, response):
        if response.streaming:
            return response
        if request.method == "GET" and not response.has_header("ETag"):
            # The rule ConditionalGetMiddleware itself applies (no ETag on no-store).
            directives = {
                d.strip().lower() for d in cc_delim_re.split(response.get("Cache-Control", ""))
            }
            if "no-store" not in directives:
                set_response_etag(response)
        return super().process_response(request, response)


def gzip_variant(response):
    """What CompressionMiddleware sends a client that accepts gzip, made from
    the response it sends one that does not (the page cache stores both), or
    None when it would send that client the same uncompressed body."""
    request = HttpRequest()
    request.method = "GET"
    request.META["HTTP_ACCEPT_ENCODING"] = "gzip"
    copy = HttpResponse(
        response.content, status=response.status_code, headers=dict(response.items())
    )
    copy = CompressionMiddleware(lambda request: copy).process_response(request, copy)
    return copy if copy.get("Content-Encoding") == "gzip" else None
