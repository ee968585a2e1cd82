"""The schools app's admin: each module in schools/admin registers its own hooks."""

from schools.admin import curriculum, demo, downloads, feedback, pages, professionals  # noqa: F401
