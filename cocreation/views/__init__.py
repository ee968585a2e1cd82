"""Views of contributions outside the page tree (consent, withdrawal) and the
form itself, which the call page's routes call (cocreation/models/pages.py)."""
