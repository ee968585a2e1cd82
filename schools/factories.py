import wagtail_factories

from schools.models import SchoolsLandingPage


class SchoolsLandingPageFactory(wagtail_factories.PageFactory):
    title = "SchoolsLandingPage"

    class Meta:
        model = SchoolsLandingPage
