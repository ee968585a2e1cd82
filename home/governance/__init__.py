"""Editorial governance: how a small team runs the site from the Wagtail admin.

- ``roles``: the six groups and what each may do; ``setup`` applies them and
  the review workflows after every migrate and from ``manage.py setup_roles``.
- ``workflows``: the page workflows (safeguarding, youth panel, subject
  review), the youth panel's verdicts and "Checked by our youth panel".
- ``readability``: the reading-age warning on young people's pages.
- ``review``: next-review dates and owners, the dashboard panel, the weekly
  digest, the overdue banner and the review report.
- ``reports``: submissions, safeguarding, searches that found nothing.
- ``links``: the scheduled check for broken internal links and documents.
- ``audit``: sign-ins, failed sign-ins and permission changes in Wagtail's
  log; accounts without recent use; no default accounts outside the laptop.
- ``data_rights``: find, export and erase every record that holds an email
  address or a certificate code.
"""


def page_types_declaring(attribute):
    """The page types that set ``attribute`` in their own class body, with its
    value: how a feature app's page type joins a governance rule (its review
    workflow, its editing section, its review dates) without home naming it."""
    from wagtail.models import get_page_models

    return [
        (model, model.__dict__[attribute])
        for model in get_page_models()
        if model.__dict__.get(attribute)
    ]
