"""Admin for professionals (registered from schools/wagtail_hooks.py)."""
