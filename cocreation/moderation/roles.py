"""The permissions each reviewing group holds (README: "Who sees what in moderation").

They are rows of the one table of editorial roles, ``home/governance/roles.py``
(``ROLES``), applied after every migrate, after the demo load and by
``manage.py setup_roles`` (``setup_cocreation_roles`` is an alias). The youth
panel is always stripped of the permissions that would show who sent a piece
of work (``NEVER_FOR_YOUTH_PANEL``).
"""

from home.governance.roles import NEVER_FOR_YOUTH_PANEL, ROLES  # noqa: F401


def setup_roles(using="default"):
    """Apply the editorial roles (and the review workflows). Returns the number
    of permissions added."""
    from home.governance.setup import set_up_governance

    return set_up_governance(using=using)
