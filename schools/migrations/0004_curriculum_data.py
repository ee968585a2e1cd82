"""The default curriculum data of all four nations (schools/data/curriculum.yaml).

Runs the same loader as `manage.py load_curriculum`, with this migration's
historical models. Reversing leaves the rows in place (editors may have
confirmed items or linked packs to them).
"""

from django.db import migrations


def load_default_curriculum(apps, schema_editor):
    from schools.curriculum import apply_curriculum, read_curriculum

    apply_curriculum(
        read_curriculum(),
        framework_model=apps.get_model("schools", "CurriculumFramework"),
        item_model=apps.get_model("schools", "CurriculumItem"),
        key_stage_model=apps.get_model("schools", "KeyStage"),
    )


class Migration(migrations.Migration):
    dependencies = [("schools", "0003_key_stages_and_year_groups")]

    operations = [migrations.RunPython(load_default_curriculum, migrations.RunPython.noop)]
