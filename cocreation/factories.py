import wagtail_factories

from cocreation.models import GetInvolvedPage


class GetInvolvedPageFactory(wagtail_factories.PageFactory):
    title = "GetInvolvedPage"

    class Meta:
        model = GetInvolvedPage
