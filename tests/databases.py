"""What a test needs of the database it runs on."""

import os

import pytest


def require_postgresql(reason):
    """Skip a test that needs a database server (several connections or
    processes writing at once), or fail it where CI's PostgreSQL profile
    (REQUIRE_POSTGRESQL=1) says one must be there."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    if os.environ.get("REQUIRE_POSTGRESQL") == "1":
        pytest.fail(f"REQUIRE_POSTGRESQL=1 but the tests run on {connection.vendor}. {reason}")
    pytest.skip(reason)
