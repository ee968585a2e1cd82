"""England's key stages and year groups: the rows the lesson pack filters offer."""

from django.db import migrations

KEY_STAGES = [
    # slug, name, ages, years
    ("ks1", "Key stage 1", "5-7", ["Year 1", "Year 2"]),
    ("ks2", "Key stage 2", "7-11", ["Year 3", "Year 4", "Year 5", "Year 6"]),
    ("ks3", "Key stage 3", "11-14", ["Year 7", "Year 8", "Year 9"]),
    ("ks4", "Key stage 4", "14-16", ["Year 10", "Year 11"]),
    ("ks5", "Key stage 5", "16-18", ["Year 12", "Year 13"]),
]


def add_rows(apps, schema_editor):
    KeyStage = apps.get_model("schools", "KeyStage")
    YearGroup = apps.get_model("schools", "YearGroup")
    for order, (slug, name, ages, years) in enumerate(KEY_STAGES):
        stage, _ = KeyStage.objects.update_or_create(
            slug=slug, defaults={"name": name, "ages": ages, "sort_order": order}
        )
        for year in years:
            number = int(year.split()[1])
            YearGroup.objects.update_or_create(
                slug=f"y{number}",
                defaults={"name": year, "key_stage": stage, "sort_order": number},
            )


class Migration(migrations.Migration):
    dependencies = [("schools", "0002_lesson_packs")]

    operations = [migrations.RunPython(add_rows, migrations.RunPython.noop)]
