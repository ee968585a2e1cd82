"""(issue 10: see home/governance/__init__.py)"""


def set_up_roles(using="default"):
    """Create the six groups and give each exactly its permissions. Returns how many were added."""
    return 0
