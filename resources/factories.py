import wagtail_factories

from resources.models import ResourceIndexPage


class ResourceIndexPageFactory(wagtail_factories.PageFactory):
    title = "ResourceIndexPage"

    class Meta:
        model = ResourceIndexPage
