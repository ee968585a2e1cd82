"""A read-only JSON API of published resources, for partner sites (Wagtail API v2).

    GET /api/v2/resources/?audience=parents-and-carers&age_band=11-13&topic=online-safety&format=guide
    GET /api/v2/resources/<id>/

Only resources a reader of this site may see appear (`visible`: live, public,
in the site the request is for); drafts, private pages and other sites' pages
never do. GET (and HEAD) only, no sign-in, no cookie, JSON only, at most
WAGTAILAPI_LIMIT_MAX items a request and API_RATE_LIMIT requests per client.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from wagtail.api import APIField
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.models import Site

from django_ratelimit.core import is_ratelimited
from rest_framework import serializers
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.throttling import BaseThrottle

from resources.models import ResourcePage

# Query parameter -> the slug it filters on. Each takes one slug; combined, all must match.
FILTERS = {
    "audience": "audiences__slug",
    "age_band": "age_bands__slug",
    "topic": "topics__slug",
    "format": "format__slug",
}
BOOLEAN_FILTERS = ("easy_read", "co_created")


class TermSerializer(serializers.Serializer):
    """An audience, age band, topic or format: its slug (for filters) and its name."""

    slug = serializers.CharField()
    name = serializers.CharField()


class PageURLField(serializers.Field):
    """The page's address on the host the API was asked on (as the sitemap and feeds)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        request = self.context["request"]
        return request.build_absolute_uri(
            page.relative_url(Site.find_for_request(request), request)
        )


class JSONOnly(BaseContentNegotiation):
    """Always JSON. DRF would otherwise read `?format=` as a renderer name, and
    here `format` filters by the resource's format."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type

    def select_parser(self, request, parsers):
        return None


class ClientRateThrottle(BaseThrottle):
    """API_RATE_LIMIT per client address, counted like the search page's limit."""

    def allow_request(self, request, view):
        return not is_ratelimited(
            request._request,
            group="resources-api",
            key="ip",
            rate=settings.API_RATE_LIMIT,
            increment=True,
        )

    def wait(self):
        return settings.RATELIMIT_RETRY_AFTER


FIELDS = [
    "title",
    "summary",
    APIField("url", serializer=PageURLField()),
    APIField("format", serializer=TermSerializer()),
    APIField("age_bands", serializer=TermSerializer(many=True)),
    APIField("audiences", serializer=TermSerializer(many=True)),
    APIField("topics", serializer=TermSerializer(many=True)),
    "easy_read",
    "co_created",
]
FIELD_NAMES = [f.name if isinstance(f, APIField) else f for f in FIELDS]


class ResourcesAPIViewSet(PagesAPIViewSet):
    name = "resources"
    model = ResourcePage
    http_method_names = ["get", "head"]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = JSONOnly
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ClientRateThrottle]
    filter_backends = []
    known_query_parameters = frozenset(["limit", "offset", "fields", *FILTERS, *BOOLEAN_FILTERS])
    body_fields = ["id", *FIELDS]
    meta_fields = ["type", "detail_url", "slug", "first_published_at", "last_published_at"]
    listing_default_fields = [
        "id",
        "type",
        "detail_url",
        *FIELD_NAMES,
        "first_published_at",
        "last_published_at",
    ]
    nested_default_fields = ["id", "type", "detail_url", "title"]
    detail_only_fields = []

    @classmethod
    def get_detail_default_fields(cls, model):
        return cls.get_available_fields(model)

    @classmethod
    def get_listing_default_fields(cls, model):
        return cls.listing_default_fields[:]

    def check_query_parameters(self, queryset):
        unknown = set(self.request.GET.keys()) - self.known_query_parameters
        if unknown:
            raise BadRequestError(
                _("Unknown query parameter: %(names)s. Use one of: %(known)s.")
                % {
                    "names": ", ".join(sorted(unknown)),
                    "known": ", ".join(sorted(self.known_query_parameters)),
                }
            )

    def get_base_queryset(self):
        """Only what a reader of this site may see. Wagtail's `?site=` parameter
        is not offered: the site is the one the request is for."""
        site = Site.find_for_request(self.request)
        if site is None:
            return ResourcePage.objects.none()
        return ResourcePage.objects.visible(site)

    def get_queryset(self):
        pages = self.get_base_queryset()
        params = self.request.GET
        for name, lookup in FILTERS.items():
            if params.get(name):
                pages = pages.filter(**{lookup: params[name]})
        for name in BOOLEAN_FILTERS:
            if name in params:
                value = params[name].lower()
                if value not in ("true", "false"):
                    raise BadRequestError(_("%(name)s must be true or false.") % {"name": name})
                pages = pages.filter(**{name: value == "true"})
        return (
            pages.select_related("format")
            .prefetch_related("audiences", "age_bands", "topics")
            .defer_streamfields()
            .order_by("-last_published_at", "-pk")
        )


api_router = WagtailAPIRouter("resources_api")
api_router.register_endpoint("resources", ResourcesAPIViewSet)
