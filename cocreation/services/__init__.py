"""State changes of contributions, one module per stage (CONVENTIONS.md, rule 4).

- ``intake``: ``submission_create``, ``submission_give_consent``, ``submission_refuse_consent``.
- ``screening``: ``submission_screen`` (and the task that runs it).
- ``moderation``: ``submission_start_review``, ``submission_request_changes``,
  ``submission_review_resumed``, ``submission_reject``, ``submission_escalate``
  (called by ``SubmissionReviewTask``'s actions).
- ``safeguarding``: ``safeguarding_raise``, ``safeguarding_outcome_record``,
  ``safeguarding_close`` (leads only), ``ensure_no_open_concern``.
- ``publication``: ``submission_publish``, ``submission_make_resource``, ``submission_withdraw``.
- ``retention``: ``contributions_purge``.

Each service is keyword-only, atomic, refuses a wrong starting state and
writes an entry in Wagtail's audit log.
"""
