"""The permissions each reviewing group holds (README: "Who sees what in
moderation"): the co-creation rows of the one table of editorial roles,
home/governance/roles.py (imported in CocreationConfig.ready; applied after
every migrate, after the demo load and by ``manage.py setup_roles``, of which
``setup_cocreation_roles`` is an alias). The youth panel is always stripped of
the permissions that would show who sent a piece of work.
"""

from home.governance.roles import (
    ADMINISTRATORS,
    ALL,
    EDITORS,
    MODERATORS,
    SAFEGUARDING_LEADS,
    YOUTH_PANEL,
    contribute,
)

SUBMISSION = ["view_submission", "change_submission"]
# The last approval of a submission's workflow publishes it, which Wagtail
# checks against the approver's publish permission. The Publish button itself,
# which would skip the safeguarding check and the youth panel, is taken away
# from everyone but safeguarding leads (cocreation/wagtail_hooks.py).
PUBLISH = ["publish_submission"]
BYLINE = ["view_submission_byline"]
# Group codes: editors issue them to teachers and youth workers, per call.
GROUP_CODES = ["add_groupcode", "change_groupcode", "view_groupcode"]
SCREENING_SETTINGS = "cocreation.ScreeningSettings"

NEVER_FOR_YOUTH_PANEL = [
    "view_submission_byline",
    "view_submission_contact",
    "record_safeguarding_outcome",
    "view_submissiondetails",
    "change_submissiondetails",
]

contribute(
    "cocreation",
    models={
        # Recording a safeguarding outcome stays with the leads.
        ADMINISTRATORS: ALL,
        EDITORS: [*SUBMISSION, *PUBLISH, *BYLINE, *GROUP_CODES],
        MODERATORS: [*SUBMISSION, *PUBLISH, *BYLINE],
        SAFEGUARDING_LEADS: [
            *SUBMISSION,
            "delete_submission",
            *PUBLISH,
            "lock_submission",
            "unlock_submission",
            *BYLINE,
            "view_submission_contact",
            "record_safeguarding_outcome",
            "view_safeguardingrecord",
            "change_safeguardingrecord",
            *GROUP_CODES,
        ],
        # The work and the age band, at their step: Wagtail opens the editor to
        # members of the task's group (GroupApprovalTask.user_can_access_editor).
        YOUTH_PANEL: ["view_submission"],
    },
    excluding={ADMINISTRATORS: ["record_safeguarding_outcome", "change_safeguardingrecord"]},
    settings=[(ADMINISTRATORS, SCREENING_SETTINGS), (SAFEGUARDING_LEADS, SCREENING_SETTINGS)],
    never_for_youth_panel=NEVER_FOR_YOUTH_PANEL,
)


def setup_roles(using="default"):
    """Apply the editorial roles (and the review workflows). Returns the number
    of permissions added."""
    from home.governance.setup import set_up_governance

    return set_up_governance(using=using)
