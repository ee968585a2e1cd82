"""The permissions each reviewing group holds (README: "Who sees what in moderation").

Applied after every migrate (cocreation/apps.py) and by
``manage.py setup_cocreation_roles``: snippet permissions such as
``publish_submission`` and ``lock_submission`` are created after migrations
run, so a data migration cannot grant them. Applying the table again changes
nothing (permissions are only added), except that the youth panel is always
stripped of the permissions that would show who sent a piece of work.
"""

from django.conf import settings
from django.contrib.auth.models import Group, Permission

SUBMISSION = ["view_submission", "change_submission"]
PUBLISH = ["publish_submission"]
BYLINE = ["view_submission_byline"]
# Group codes: editors issue them to teachers and youth workers, per call.
GROUP_CODES = ["add_groupcode", "change_groupcode", "view_groupcode"]

ROLES = {
    settings.SAFEGUARDING_LEADS_GROUP: {
        "wagtailadmin": ["access_admin"],
        "cocreation": [
            *SUBMISSION,
            "delete_submission",
            "publish_submission",
            "lock_submission",
            "unlock_submission",
            *BYLINE,
            "view_submission_contact",
            "record_safeguarding_outcome",
            "view_safeguardingrecord",
            "change_safeguardingrecord",
            "change_screeningsettings",
            *GROUP_CODES,
        ],
    },
    # The work and the age band, at their step: Wagtail opens the editor to
    # members of the task's group (GroupApprovalTask.user_can_access_editor),
    # so no change permission is needed.
    settings.YOUTH_PANEL_GROUP: {
        "wagtailadmin": ["access_admin"],
        "cocreation": ["view_submission"],
    },
    # Editors sign off: the last approval publishes, which Wagtail checks against
    # the publish permission. The Publish button itself, which would skip the
    # safeguarding check and the youth panel, is taken away from everyone but
    # safeguarding leads (cocreation/wagtail_hooks.py).
    "Editors": {
        "wagtailadmin": ["access_admin"],
        "cocreation": [*SUBMISSION, *PUBLISH, *BYLINE, *GROUP_CODES],
    },
    "Moderators": {
        "wagtailadmin": ["access_admin"],
        "cocreation": [*SUBMISSION, *PUBLISH, *BYLINE],
    },
}

NEVER_FOR_YOUTH_PANEL = [
    "view_submission_byline",
    "view_submission_contact",
    "record_safeguarding_outcome",
    "view_submissiondetails",
    "change_submissiondetails",
]


def setup_roles(using="default"):
    """Create the groups if missing and give them their permissions. Returns
    the number of permissions added."""
    added = 0
    for group_name, by_app in ROLES.items():
        group, _ = Group.objects.using(using).get_or_create(name=group_name)
        wanted = []
        for app_label, codenames in by_app.items():
            found = Permission.objects.using(using).filter(
                content_type__app_label=app_label, codename__in=codenames
            )
            wanted.extend(found)
        held = set(group.permissions.values_list("pk", flat=True))
        new = [permission for permission in wanted if permission.pk not in held]
        group.permissions.add(*new)
        added += len(new)
    youth_panel = Group.objects.using(using).get(name=settings.YOUTH_PANEL_GROUP)
    youth_panel.permissions.remove(
        *Permission.objects.using(using).filter(
            content_type__app_label="cocreation", codename__in=NEVER_FOR_YOUTH_PANEL
        )
    )
    return added
