from django.core.management.base import BaseCommand, CommandError

from wagtail.models import Site


class Command(BaseCommand):
    help = (
        "Give the default site the host name and port it is served on, so that the "
        "addresses Wagtail writes (page links, link previews, pages stored by the page "
        "cache) are the site's real address. `make run` uses it for 127.0.0.1:8000."
    )

    def add_arguments(self, parser):
        parser.add_argument("hostname")
        parser.add_argument("port", type=int)

    def handle(self, *args, hostname, port, **options):
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("There is no default site yet. Run `manage.py load_demo_content`.")
        if (site.hostname, site.port) == (hostname, port):
            self.stdout.write(f"The site's address is already {hostname}:{port}.")
            return
        if Site.objects.exclude(pk=site.pk).filter(hostname=hostname, port=port).exists():
            raise CommandError(f"Another site already has the address {hostname}:{port}.")
        site.hostname, site.port = hostname, port
        site.save()
        self.stdout.write(f"The site's address is now {hostname}:{port}.")
