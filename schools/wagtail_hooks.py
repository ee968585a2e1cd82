"""The schools app's admin: each module in schools/admin registers its own hooks."""

from schools.admin import curriculum, downloads, feedback, pages, professionals  # noqa: F401
