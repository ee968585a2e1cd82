"""State changes of contributions, one module per stage (CONVENTIONS.md, rule 4).

- ``intake``: ``submission_create``, ``submission_give_consent``, ``submission_refuse_consent``.
- ``screening``: ``submission_screen`` (and the task that runs it), ``safeguarding_raise``.
- ``moderation``: ``submission_start_review``, ``submission_reject``,
  ``submission_escalate``, ``safeguarding_outcome_record``, ``safeguarding_close``.
- ``publication``: ``submission_publish``, ``submission_make_resource``, ``submission_withdraw``.
- ``retention``: ``contributions_purge``.

Each service is keyword-only, atomic, refuses a wrong starting state and
writes an entry in Wagtail's audit log.
"""
