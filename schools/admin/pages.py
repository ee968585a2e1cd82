"""Admin for pages (registered from schools/wagtail_hooks.py)."""
