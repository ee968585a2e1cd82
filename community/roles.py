"""What the existing Editors group may do in the community app, granted after
every migrate (community/apps.py; permissions exist only once migrations have
run). The same pattern as schools/roles.py.

Editors look after training certificates (change how long one is valid,
revoke or restore it) and read the training results; they neither add nor
delete certificates (issuing is the quiz's job, deleting the retention
job's). Applying it again only adds.
"""

from django.contrib.auth.models import Group, Permission

EDITORS = "Editors"
EDITOR_PERMISSIONS = [
    "view_certificate",
    "change_certificate",
    "view_modulemonthstat",
    "view_questionstat",
]


def grant_editor_permissions(using="default"):
    """Give the Editors group, if there is one, its community permissions. Returns how many were added."""
    group = Group.objects.using(using).filter(name=EDITORS).first()
    if group is None:
        return 0
    wanted = Permission.objects.using(using).filter(
        content_type__app_label="community", codename__in=EDITOR_PERMISSIONS
    )
    held = set(group.permissions.values_list("pk", flat=True))
    new = [permission for permission in wanted if permission.pk not in held]
    group.permissions.add(*new)
    return len(new)


def set_up_community(sender, using="default", **kwargs):
    """post_migrate: runs after every app's migrate; the grant only adds."""
    grant_editor_permissions(using=using)
