"""Public views of contributions (the pages that are not Wagtail pages)."""
