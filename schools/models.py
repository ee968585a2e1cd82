from home.models import LandingPage


class SchoolsLandingPage(LandingPage):
    """/schools/: where teachers start."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.ContentPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "schools landing page"
