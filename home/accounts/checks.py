from django.conf import settings
from django.core.checks import Error, register


@register()
def lockouts_end(app_configs, **kwargs):
    """A lock-out without a cool-off lasts for ever: an attacker's gift."""
    if getattr(settings, "AXES_COOLOFF_TIME", None) is None:
        return [
            Error(
                "AXES_COOLOFF_TIME is not set, so a lock-out would last until an "
                "administrator lifts it and anyone could lock a known user out.",
                hint="Set AXES_COOLOFF_TIME (Clearsight's settings set 15 minutes).",
                id="accounts.E001",
            )
        ]
    return []
