"""(issue 10: see home/governance/__init__.py)"""


def set_up_workflows(using="default"):
    """Create the three page workflows and assign them to their sections."""
