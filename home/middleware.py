from django.conf import settings
from django.urls import reverse

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
