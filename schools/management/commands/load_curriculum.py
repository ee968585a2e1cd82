"""Load (or reload) the curriculum frameworks and items from the data file."""

from django.core.management.base import BaseCommand, CommandError

from schools.curriculum import DEFAULT_PATH, CurriculumDataError, load_curriculum


class Command(BaseCommand):
    help = (
        "Create or update the curriculum frameworks and items from a data file "
        "(default: schools/data/curriculum.yaml). Items editors have confirmed stay confirmed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--path", default=str(DEFAULT_PATH), help="The YAML file to load.")

    def handle(self, *args, path, **options):
        try:
            counts = load_curriculum(path)
        except (OSError, CurriculumDataError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                "Frameworks: {frameworks_created} new, {frameworks_updated} updated. "
                "Items: {items_created} new, {items_updated} updated, {items_checked} checked "
                "({kept_by_editor} kept as confirmed by an editor).".format(**counts.as_dict())
            )
        )
