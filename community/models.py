from home.models import LandingPage


class CommunityLandingPage(LandingPage):
    """/community/: transport, businesses and other partners."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.ContentPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "community landing page"
