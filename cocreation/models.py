from home.models import LandingPage


class GetInvolvedPage(LandingPage):
    """/get-involved/: how children and young people help make materials."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.ContentPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "get involved page"
