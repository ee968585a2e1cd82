"""(issue 10: see home/governance/__init__.py)"""

from django_tasks import task


@task()
def check_links():
    """Daily: find links and documents on live pages that lead nowhere."""
