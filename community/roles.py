"""What the Editors group may do in the community app: a row of the one table
of roles, ``home/governance/roles.py`` (applied after every migrate).

Editors look after training certificates (change how long one is valid,
revoke or restore it) and read the training results; they neither add nor
delete certificates (issuing is the quiz's job, deleting the retention job's).
"""

from home.governance.roles import EDITORS, ROLES

EDITOR_PERMISSIONS = ROLES[EDITORS].models["community"]
