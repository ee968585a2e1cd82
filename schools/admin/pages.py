"""Admin for pages (registered from schools/wagtail_hooks.py)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from wagtail import hooks
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


@hooks.register("before_bulk_action")
def refuse_bulk_publishing_packs_without_before_you_teach(
    request, action_type, objects, action_class_instance
):
    """Wagtail's bulk "Publish" publishes each page's latest revision (and, if
    asked, its unpublished descendants'). A lesson pack among them without a
    complete "Before you teach" would stop the whole action with an error:
    refuse it first, naming the packs, and publish nothing."""
    if action_type != "publish":
        return None
    from schools.models import LessonPackPage
    from schools.models.pages import before_you_teach_is_complete

    pages = list(objects)
    form = action_class_instance.cleaned_form
    if form is not None and form.cleaned_data.get("include_descendants"):
        for page in objects:
            pages.extend(page.get_descendants().not_live().type(LessonPackPage))
    missing = []
    for page in pages:
        if not issubclass(page.specific_class or object, LessonPackPage):
            continue
        revision = page.get_latest_revision()
        pack = revision.as_object() if revision else page.specific
        if not before_you_teach_is_complete(pack.before_you_teach):
            missing.append(pack.title)
    if not missing:
        return None
    messages.error(
        request,
        _("Nothing was published. These lesson packs need “Before you teach” first: %(titles)s.")
        % {"titles": ", ".join(missing)},
    )
    return redirect(action_class_instance.next_url)
