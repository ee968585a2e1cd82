"""The community app's admin: each feature's hooks live in community/admin/."""

from community.admin import certificates, stats  # noqa: F401  (registers hooks)
