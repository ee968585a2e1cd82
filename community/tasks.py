"""Background tasks of the community app (django-tasks: a worker in production,
at once in the laptop profile and in tests)."""

from django_tasks import task


@task()
def build_toolkit_downloads(page_id):
    """Build a toolkit's posters, leaflet, incident note and briefing from its
    published version (enqueued when a toolkit is published)."""
    from community.services.downloads import toolkit_downloads_build

    return [download.pk for download in toolkit_downloads_build(page_id=page_id)]


@task()
def rebuild_all_toolkit_downloads():
    """Build every live toolkit's files again (enqueued when the local contacts change)."""
    from community.services.downloads import all_toolkit_downloads_build

    return all_toolkit_downloads_build()


@task()
def purge_expired_certificates():
    """The daily retention job for certificates (scheduled in CommunityConfig.ready)."""
    from community.services.certificates import certificates_purge

    return certificates_purge()
