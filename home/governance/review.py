"""(issue 10: see home/governance/__init__.py)"""

from django_tasks import task


@task()
def send_review_digests():
    """Weekly: email each owner the pages of theirs due in 30 days or overdue."""
