"""The reviewers' task type (approve, request changes, reject with a reason,
escalate to safeguarding), and the three tasks 0003 created converted to it.

The tasks keep their ids, groups and places in the workflow (and any
workflow already under way), because only the task type changes: a row is
added to the new table for each and the task's content type is switched.
"""

import django.db.models.deletion
from django.db import migrations, models

TASK_NAMES = ["Safeguarding check", "Youth panel review", "Editorial sign-off"]


def convert_tasks(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Task = apps.get_model("wagtailcore", "Task")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    SubmissionReviewTask = apps.get_model("cocreation", "SubmissionReviewTask")
    review_type, _ = ContentType.objects.get_or_create(
        app_label="cocreation", model="submissionreviewtask"
    )
    for task in GroupApprovalTask.objects.filter(name__in=TASK_NAMES):
        if not SubmissionReviewTask.objects.filter(pk=task.pk).exists():
            child = SubmissionReviewTask(groupapprovaltask_ptr_id=task.pk)
            # raw: write only the new table's row, leaving the parents as they are.
            child.save_base(raw=True)
        Task.objects.filter(pk=task.pk).update(content_type=review_type)


def convert_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Task = apps.get_model("wagtailcore", "Task")
    SubmissionReviewTask = apps.get_model("cocreation", "SubmissionReviewTask")
    group_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    pks = list(SubmissionReviewTask.objects.values_list("pk", flat=True))
    Task.objects.filter(pk__in=pks).update(content_type=group_type)
    # Delete only the child rows (a queryset delete would cascade to the parents).
    schema_editor.execute("DELETE FROM cocreation_submissionreviewtask", [])


class Migration(migrations.Migration):
    dependencies = [
        ("cocreation", "0003_moderation_workflow"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="SubmissionReviewTask",
            fields=[
                (
                    "groupapprovaltask_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to="wagtailcore.groupapprovaltask",
                    ),
                ),
            ],
            options={
                "verbose_name": "submission review task",
                "verbose_name_plural": "submission review tasks",
            },
            bases=("wagtailcore.groupapprovaltask",),
        ),
        migrations.RunPython(convert_tasks, convert_back),
    ]
