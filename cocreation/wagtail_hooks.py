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
        "cocreation.contributions_purged",
        _("Retention purge"),
        _("Retention purge: contributions past their time deleted or blanked"),
    )
