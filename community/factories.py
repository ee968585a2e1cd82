import wagtail_factories

from community.models import CommunityLandingPage


class CommunityLandingPageFactory(wagtail_factories.PageFactory):
    title = "CommunityLandingPage"

    class Meta:
        model = CommunityLandingPage
