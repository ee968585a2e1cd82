"""The groups that review contributions, and the workflow every submission goes
through: Safeguarding check → Youth panel review → Editorial sign-off.

Permissions are given to the groups after migrate (cocreation/apps.py): snippet
permissions such as publish and lock do not exist yet while migrations run.
"""

from django.db import migrations

WORKFLOW_NAME = "Contribution moderation"
TASKS = [
    ("Safeguarding check", "Safeguarding leads"),
    ("Youth panel review", "Youth panel"),
    ("Editorial sign-off", "Editors"),
]


def create_workflow(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    submission_type, _ = ContentType.objects.get_or_create(
        app_label="cocreation", model="submission"
    )
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    for order, (task_name, group_name) in enumerate(TASKS):
        group, _ = Group.objects.get_or_create(name=group_name)
        task = GroupApprovalTask.objects.filter(name=task_name).first()
        if task is None:
            task = GroupApprovalTask.objects.create(
                name=task_name, active=True, content_type=task_type
            )
        task.groups.add(group)
        WorkflowTask.objects.update_or_create(
            workflow=workflow, task=task, defaults={"sort_order": order}
        )
    WorkflowContentType.objects.update_or_create(
        content_type=submission_type, defaults={"workflow": workflow}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("cocreation", "0002_submissions"),
    ]

    operations = [migrations.RunPython(create_workflow, migrations.RunPython.noop)]
