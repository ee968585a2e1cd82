from django.utils.translation import gettext_lazy as _

from wagtail import hooks


@hooks.register("register_log_actions")
def register_cocreation_log_actions(actions):
    """Every step of a contribution's life, named in Wagtail's audit log."""
    actions.register_action(
        "cocreation.screened",
        _("Screened"),
        _("Screened for personal details and possible disclosures"),
    )
    actions.register_action("cocreation.submitted", _("Sent by a child"), _("Sent"))
    actions.register_action(
        "cocreation.consent_given", _("Parent or carer agreed"), _("Parent or carer agreed")
    )
    actions.register_action(
        "cocreation.consent_refused",
        _("Parent or carer did not agree"),
        _("Parent or carer did not agree"),
    )
    actions.register_action("cocreation.review_started", _("Sent for review"), _("Sent for review"))
    actions.register_action(
        "cocreation.safeguarding_raised",
        _("Safeguarding concern raised"),
        _("Safeguarding concern raised"),
    )
    actions.register_action(
        "cocreation.published_in_gallery", _("Published in the gallery"), _("Published")
    )
