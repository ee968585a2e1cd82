"""A GIN index on the search index's title and body together (PostgreSQL only).

The database search backend matches a search against ``title || body`` (the
two tsvector columns of ``wagtailsearch_indexentry`` joined). Its own indexes
are on each column alone, which that expression cannot use: every search read
and joined the vectors of every page in the index (at 10,000 resources, most
of the CPU of a search). An index on the same expression lets PostgreSQL find
the matching rows from the index (issue 11). SQLite's backend has its own
full-text table and needs nothing.
"""

from django.db import migrations

INDEX = "clearsight_indexentry_title_body_gin"
TABLE = "wagtailsearch_indexentry"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "{TABLE}" USING gin (("title" || "body"))'
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0009_governance"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
