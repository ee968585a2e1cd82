from django.apps import apps
from django.conf import settings
from django.urls import include, path, re_path
from django.views.decorators.cache import cache_control
from django.views.static import serve as serve_file

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap

from home import views as home_views
from home.accounts import views as accounts_views
from home.sitemap import VisiblePagesSitemap

urlpatterns = [
    # Before Wagtail's admin: the second factor, and its password-reset form
    # with a rate limit on the e-mails it sends.
    path("admin/two-factor/", include("home.accounts.urls")),
    path("admin/password_reset/", accounts_views.password_reset),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document addresses, served by our view (conditional GET, no
    # "Content-Encoding: None"): home/documents.py says why.
    path("documents/", include("home.documents")),
    path("healthz", home_views.healthz, name="healthz"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path(".well-known/security.txt", home_views.security_txt, name="security_txt"),
    path(
        "sitemap.xml",
        cache_control(max_age=3600)(sitemap),
        {"sitemaps": {"pages": VisiblePagesSitemap}},
        name="sitemap",
    ),
    path("search/", home_views.search, name="search"),
]

if settings.SHOW_PATTERN_LIBRARY:
    urlpatterns += [path("patterns/", home_views.pattern_library, name="pattern_library")]

# Uploads on the laptop only (`make run`, DEBUG on or off); a server's web
# server or bucket serves them. Never documents: they are served by Wagtail's
# view above, which applies collection privacy (professional-only files), and
# their stored names are easy to guess.
if (settings.DEBUG or settings.SERVE_MEDIA) and settings.MEDIA_URL.startswith("/"):
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?!documents/)(?P<path>.*)$",
            serve_file,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

# Feature apps' own URLs (feeds, the JSON API), before Wagtail's catch-all;
# only for the apps installed (the shell runs without any of them).
FEATURE_URLCONFS = ["resources.urls", "cocreation.urls", "schools.urls", "community.urls"]
urlpatterns += [
    path("", include(urlconf))
    for urlconf in FEATURE_URLCONFS
    if apps.is_installed(urlconf.split(".")[0])
]

urlpatterns += [path("", include(wagtail_urls))]

handler400 = "home.views.bad_request"
handler403 = "home.views.permission_denied"
handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"
