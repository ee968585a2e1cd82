from django.core.management.base import BaseCommand

from cocreation.services.retention import contributions_purge

LABELS = {
    "safeguarding_records": "closed safeguarding records {verb} deleted",
    "awaiting_consent": "submissions never given parental consent {verb} deleted",
    "rejected": "rejected submissions {verb} deleted",
    "withdrawn": "withdrawn submissions {verb} deleted",
    "withdrawn_details": "withdrawn submissions' name, area and contact email {verb} removed",
    "contact_details": "published submissions' contact details {verb} removed",
    "group_codes": "group codes' leader emails {verb} removed",
}


class Command(BaseCommand):
    help = (
        "Delete or blank contributions past their retention period "
        "(cocreation/services/retention.py). It also runs daily as a scheduled job."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say what would be deleted or blanked, by reference, and change nothing.",
        )

    def handle(self, *args, dry_run=False, **options):
        report = contributions_purge(dry_run=dry_run)
        verb = "would be" if dry_run else "were"
        if dry_run:
            self.stdout.write("Dry run: nothing is changed.")
        for key, label in LABELS.items():
            references = report.references.get(key, [])
            line = f"{len(references)} {label.format(verb=verb)}"
            self.stdout.write(f"{line}: {', '.join(references)}" if references else line)
        self.stdout.write(
            f"{report.pictures_deleted} submitted pictures and {report.library_images_deleted} "
            f"image-library copies {verb} deleted, and {report.pending_uploads_deleted} pictures "
            "kept between tries of the form."
        )
        if report.held_for_safeguarding:
            self.stdout.write(
                self.style.WARNING(
                    f"{report.held_for_safeguarding} submissions past their time are held: "
                    "a safeguarding record about them is still open."
                )
            )
        if report.stale_in_review:
            self.stdout.write(
                self.style.WARNING(
                    f"{report.stale_in_review} submissions have waited in review or for "
                    "changes too long: they are never deleted; the safeguarding leads are told."
                )
            )
