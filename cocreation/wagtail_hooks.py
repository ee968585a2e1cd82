from django.utils.translation import gettext_lazy as _

from wagtail import hooks


@hooks.register("register_log_actions")
def register_cocreation_log_actions(actions):
    """Every step of a contribution's life, named in Wagtail's audit log."""
    actions.register_action("cocreation.review_started", _("Sent for review"), _("Sent for review"))
    actions.register_action(
        "cocreation.safeguarding_raised",
        _("Safeguarding concern raised"),
        _("Safeguarding concern raised"),
    )
    actions.register_action(
        "cocreation.published_in_gallery", _("Published in the gallery"), _("Published")
    )
    actions.register_action(
        "cocreation.resource_made", _("Resource made from it"), _("Resource made")
    )
    actions.register_action(
        "cocreation.withdrawn", _("Withdrawn by the young person"), _("Withdrawn")
    )


# --- Publication: the page cache, making a resource ----------------------------


@hooks.register("page_cache_models")
def submissions_shown_on_pages():
    """The call pages show live submissions: publishing or unpublishing one
    (and withdrawing it) retires the cached pages (home/signals.py). Their
    pictures are shown through the image library, whose images count already;
    a child's upload itself shows nowhere, so it retires nothing."""
    from cocreation.models import Submission

    return [Submission]


@hooks.register("register_admin_urls")
def publication_admin_urls():
    from django.urls import path

    from cocreation.views.admin_publication import make_resource

    return [
        path(
            "cocreation/submissions/<int:pk>/make-resource/",
            make_resource,
            name="cocreation_make_resource",
        )
    ]


@hooks.register("register_snippet_listing_buttons")
def make_resource_button(snippet, user, next_url=None):
    from django.urls import reverse

    from wagtail.admin.widgets import Button

    from cocreation.models import Submission, SubmissionStatus
    from cocreation.views.admin_publication import can_make_resource

    if (
        isinstance(snippet, Submission)
        and snippet.live
        and snippet.status == SubmissionStatus.PUBLISHED
        and snippet.resource_id is None
        and can_make_resource(user)
    ):
        yield Button(
            _("Make a resource from it"),
            reverse("cocreation_make_resource", args=[snippet.pk]),
            icon_name="doc-full",
            priority=60,
        )


@hooks.register("clearsight_demo_content")
def demo_contributions(loader, site):
    """Published work in the demo's calls (cocreation/demo_content/contributions.yaml)."""
    from cocreation.demo import load_contributions

    load_contributions(loader, site)
