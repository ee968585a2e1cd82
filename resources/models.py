from home.models import LandingPage


class ResourceLibraryPage(LandingPage):
    """/resources/: the whole library of materials, for every audience."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.ContentPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "resource library"
