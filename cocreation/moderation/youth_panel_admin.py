"""The youth panel's admin shows only what they review (README: "Roles").

Their group holds admin access and viewing submissions only
(home/governance/roles.py), so Wagtail already refuses them users, groups,
settings, images, documents, snippets and reports. These hooks also tidy the
screens they do see: the menu keeps Submissions (the list is narrowed to the
work that reached their step: cocreation/moderation/selectors.py), and the
dashboard keeps the work waiting for them, without the site summary's counts
or anyone's recent edits. A young person who also holds a wider role (a
safeguarding lead, an editor) sees what that role sees.
"""

from wagtail import hooks
from wagtail.admin.views.home import (
    UserObjectsInWorkflowModerationPanel,
    WorkflowObjectsToModeratePanel,
)

from cocreation.moderation.selectors import is_youth_panel_only

# Their work: the tasks waiting for them (on the dashboard) and submissions.
YOUTH_PANEL_MENU = {"submissions"}
YOUTH_PANEL_PANELS = (WorkflowObjectsToModeratePanel, UserObjectsInWorkflowModerationPanel)


def _for_youth_panel(request):
    """Cached per request: the menu and the dashboard both ask."""
    if not hasattr(request, "_clearsight_youth_panel_only"):
        request._clearsight_youth_panel_only = is_youth_panel_only(request.user)
    return request._clearsight_youth_panel_only


@hooks.register("construct_main_menu")
def youth_panel_menu(request, menu_items):
    if _for_youth_panel(request):
        menu_items[:] = [item for item in menu_items if item.name in YOUTH_PANEL_MENU]


@hooks.register("construct_homepage_panels")
def youth_panel_dashboard(request, panels):
    if _for_youth_panel(request):
        panels[:] = [panel for panel in panels if isinstance(panel, YOUTH_PANEL_PANELS)]


@hooks.register("construct_homepage_summary_items")
def youth_panel_summary(request, summary_items):
    if _for_youth_panel(request):
        summary_items[:] = []
