"""Admin for downloads (registered from schools/wagtail_hooks.py)."""
