"""What the existing Editors group may do in the schools app, granted after every migrate
(schools/apps.py; permissions exist only once migrations have run).

Editors keep the curriculum data (and confirm items against their sources) and
read teachers' lesson feedback. A dedicated Schools editors group is for a later
issue; until then, superusers and Editors. Applying it again only adds.
"""

from django.contrib.auth.models import Group, Permission

EDITORS = "Editors"
EDITOR_PERMISSIONS = [
    "add_curriculumframework",
    "change_curriculumframework",
    "view_curriculumframework",
    "add_curriculumitem",
    "change_curriculumitem",
    "view_curriculumitem",
    "view_lessonfeedback",
]


def grant_editor_permissions(using="default"):
    """Give the Editors group, if there is one, its schools permissions. Returns how many were added."""
    group = Group.objects.using(using).filter(name=EDITORS).first()
    if group is None:
        return 0
    wanted = Permission.objects.using(using).filter(
        content_type__app_label="schools", codename__in=EDITOR_PERMISSIONS
    )
    held = set(group.permissions.values_list("pk", flat=True))
    new = [permission for permission in wanted if permission.pk not in held]
    group.permissions.add(*new)
    return len(new)
