"""Screening on arrival.

PLACEHOLDER: replaced by the screening branch (the lead takes the real module
at merge). Intake only needs ``submission_screen`` to exist, for the task
``cocreation.tasks.screen_submission``.
"""


def submission_screen(*, submission):
    return submission
