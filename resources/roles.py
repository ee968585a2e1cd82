"""What the editorial groups may do in the resources app: its rows of the one
table of roles, home/governance/roles.py (imported in ResourcesConfig.ready).
Editors keep the list of formats."""

from home.governance.roles import ADMINISTRATORS, ALL, EDITORS, _model_permissions, contribute

contribute(
    "resources",
    models={
        ADMINISTRATORS: ALL,
        EDITORS: _model_permissions(["add", "change", "view"], ["format"]),
    },
)
