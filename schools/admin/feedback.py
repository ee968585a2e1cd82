"""Admin for feedback (registered from schools/wagtail_hooks.py)."""
