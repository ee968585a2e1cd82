"""What the editorial groups may do in the community app: its rows of the one
table of roles, home/governance/roles.py (imported in CommunityConfig.ready).

Editors look after training certificates (change how long one is valid,
revoke or restore it) and read the training results; they neither add nor
delete certificates (issuing is the quiz's job, deleting the retention job's).
"""

from home.governance.roles import ADMINISTRATORS, ALL, EDITORS, contribute

EDITOR_PERMISSIONS = [
    "view_certificate",
    "change_certificate",
    "view_modulemonthstat",
    "view_questionstat",
]

contribute("community", models={ADMINISTRATORS: ALL, EDITORS: EDITOR_PERMISSIONS})
