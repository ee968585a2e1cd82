"""Admin for curriculum (registered from schools/wagtail_hooks.py)."""
