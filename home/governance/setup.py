"""One set-up for the editorial groups and the review workflows: after every
migrate (home/apps.py) and from ``manage.py setup_roles``. Safe to run again."""


def set_up_governance(using="default"):
    from home.governance import roles, workflows

    added = roles.set_up_roles(using=using)
    workflows.set_up_workflows(using=using)
    return added
