import wagtail_factories

from resources.models import ResourceLibraryPage


class ResourceLibraryPageFactory(wagtail_factories.PageFactory):
    title = "ResourceLibraryPage"

    class Meta:
        model = ResourceLibraryPage
