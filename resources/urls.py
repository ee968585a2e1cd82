"""The resource library's own URLs (outside the page tree): its feeds and JSON API."""

from django.urls import path

from resources.api import api_router
from resources.feeds import ResourcesFeed

urlpatterns = [
    path("resources/feed/", ResourcesFeed(), name="resources_feed"),
    path("resources/feed/<slug:audience>/", ResourcesFeed(), name="resources_audience_feed"),
    path("api/v2/", api_router.urls),
]
