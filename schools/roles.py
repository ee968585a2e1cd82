"""What the editorial groups may do in the schools app: rows of the one table
of roles, ``home/governance/roles.py`` (applied after every migrate).

Schools editors keep the curriculum data (and confirm items against their
sources) and read teachers' lesson feedback; Editors may read the curriculum.
"""

from home.governance.roles import EDITORS, ROLES, SCHOOLS_EDITORS

SCHOOLS_EDITOR_PERMISSIONS = ROLES[SCHOOLS_EDITORS].models["schools"]
EDITOR_PERMISSIONS = ROLES[EDITORS].models["schools"]
