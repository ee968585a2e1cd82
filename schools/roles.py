"""What the editorial groups may do in the schools app: its rows of the one
table of roles, home/governance/roles.py (imported in SchoolsConfig.ready;
applied after every migrate, after the demo load and by ``setup_roles``).

Schools editors keep the curriculum data (and confirm items against their
sources) and read teachers' lesson feedback; Editors may read the curriculum.
Both look after professional accounts (schools/services/professionals.py).
"""

from home.governance.roles import (
    ADMINISTRATORS,
    ALL,
    EDITORS,
    SCHOOLS_EDITORS,
    _model_permissions,
    contribute,
)

PROFESSIONAL_SETTINGS = "schools.ProfessionalAccessSettings"
SCHOOLS_EDITOR_PERMISSIONS = [
    *_model_permissions(["add", "change", "view"], ["curriculumframework", "curriculumitem"]),
    "view_lessonfeedback",
    "change_professionalprofile",
]
EDITOR_PERMISSIONS = [
    "view_curriculumframework",
    "view_curriculumitem",
    "change_professionalprofile",
]

contribute(
    "schools",
    models={
        ADMINISTRATORS: ALL,
        EDITORS: EDITOR_PERMISSIONS,
        SCHOOLS_EDITORS: SCHOOLS_EDITOR_PERMISSIONS,
    },
    settings=[
        (ADMINISTRATORS, PROFESSIONAL_SETTINGS),
        (EDITORS, PROFESSIONAL_SETTINGS),
        (SCHOOLS_EDITORS, PROFESSIONAL_SETTINGS),
    ],
)
