"""Admin for pages (registered from schools/wagtail_hooks.py)."""

from wagtail.admin.forms import WagtailAdminPageForm

# The editor's buttons that ask for a pack to go live, now or once approved.
PUBLISHING_ACTIONS = ("action-publish", "action-submit", "action-restart-workflow")


class LessonPackPageForm(WagtailAdminPageForm):
    """The lesson pack editor.

    ``LessonPackPage.clean()`` holds the one rule ("a live pack has 'Before
    you teach'") and reads ``live``. In the editor, ``live`` is what the page
    is now, not what the button pressed will make it: so the model is checked
    as live while the editor publishes or sends the pack for approval, and as
    a draft while they save a draft (even of a pack that is live). The error
    then shows beside the field, and everything typed stays in the form.
    """

    @property
    def is_publishing(self):
        return any(action in self.data for action in PUBLISHING_ACTIONS)

    def _post_clean(self):
        # ModelForm._post_clean() is where Django runs the model's full_clean().
        page = self.instance
        was_live = page.live
        page.live = self.is_publishing
        try:
            super()._post_clean()
        finally:
            page.live = was_live
