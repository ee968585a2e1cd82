"""(issue 10: see home/governance/__init__.py)"""

from django_tasks import task


@task()
def prune_sign_in_records():
    """Daily: drop expired sessions and old sign-in attempt records."""
