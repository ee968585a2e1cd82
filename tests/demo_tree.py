"""The demo tree, loaded once per run instead of once per test.

`DemoContentLoader().load()` takes seconds and about a hundred tests need the
whole demo tree, on two database profiles. Two mechanisms share one load and
keep every test isolated:

- `SharedDemoTree`, for ordinary database tests (`demo_site`): the demo is
  loaded inside an outer transaction, opened before the first such test and
  rolled back after the last. pytest-django runs each of these tests in its own
  `atomic` (Django's TestCase), which inside the outer transaction is a
  savepoint: whatever a test changes is rolled back to the freshly loaded demo.
  The tests are grouped together at collection (`group_items`), so that no
  transactional test runs while the outer transaction is open.

- `DemoSnapshot`, for live-server tests (`live_site`): those commit for real
  and the database is flushed after each one, so a transaction cannot hold
  the demo. After the first load, every table is copied into a snapshot table
  beside it (one `INSERT … SELECT` per table, inside the database); each later
  test copies it back after the flush instead of loading again. Measured:
  0.25 s a test on PostgreSQL against 3 to 5 s for the loader. Django's
  `serialize_db_to_string` could hold the same rows, but putting them back goes
  through the ORM row by row (an INSERT and the model signals for each), where
  the copy stays inside the database.

Both keep the demo's media files (pictures, the video) in one folder for the
run, since the database rows that name them outlive a single test.
"""

from django.db import connection, transaction
from django.test import override_settings

DEMO_FIXTURE = "demo_site"
LIVE_FIXTURE = "live_site"
TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server", "django_db_reset_sequences"}


def shares_demo_transaction(item):
    """Whether `item` runs inside the shared demo transaction: it asks for
    `demo_site` and is an ordinary (not transactional) database test."""
    names = set(getattr(item, "fixturenames", ()))
    if DEMO_FIXTURE not in names or names & TRANSACTIONAL_FIXTURES:
        return False
    marker = item.get_closest_marker("django_db")
    if marker:
        from pytest_django.fixtures import validate_django_db

        transactional, reset_sequences, databases, _, _ = validate_django_db(marker)
        if transactional or reset_sequences or databases not in (None, ["default"], ("default",)):
            return False
    return True


def uses_live_demo(item):
    return LIVE_FIXTURE in getattr(item, "fixturenames", ())


def uses_demo_media(item):
    return shares_demo_transaction(item) or uses_live_demo(item)


def group_items(items, belongs):
    """Move the items that `belongs` picks next to the first of them, keeping
    every other order. pytest-django has already sorted the items into
    ordinary database tests, then transactional ones, then the rest; a group
    lies within one of those runs, so that order still holds."""
    members = [item for item in items if belongs(item)]
    if not members:
        return
    first = items.index(members[0])
    others = [item for item in items if not belongs(item)]
    items[:] = others[:first] + members + others[first:]


def load_demo(media_root=None):
    """Load the demo tree (its files into `media_root`, else MEDIA_ROOT) and
    return the default site."""
    from wagtail.models import Site

    from home.demo_content.loader import DemoContentLoader
    from home.images import generate_missing_renditions

    # As `manage.py load_demo_content` does: the loader, then every rendition
    # (in a test's transaction the background tasks never run).
    if media_root is None:
        DemoContentLoader().load()
        generate_missing_renditions()
    else:
        with override_settings(MEDIA_ROOT=media_root):
            DemoContentLoader().load()
            generate_missing_renditions()
    return Site.objects.get(is_default_site=True)


class SharedDemoTree:
    """The demo tree in an outer transaction that ordinary database tests run inside."""

    def __init__(self, django_db_blocker, media_root):
        self.blocker = django_db_blocker
        self.media_root = media_root
        self.atomic = None

    @property
    def is_open(self):
        return self.atomic is not None

    def open(self):
        """Open the outer transaction and load the demo into it, unless open.

        Must run before pytest-django opens the test's own transaction (the
        `demo_tree` fixture is session-scoped, so it comes before the test's
        fixtures; later groups are opened by pytest_runtest_setup). If a
        transaction is already open, nothing is shared and `demo_site` loads
        the demo inside the test, as it always used to."""
        if self.atomic is not None:
            return
        with self.blocker.unblock():
            if connection.in_atomic_block:
                return
            atomic = transaction.atomic()
            atomic.__enter__()
            try:
                load_demo(self.media_root)
            except BaseException:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)
                raise
            self.atomic = atomic

    def close(self):
        """Roll the outer transaction back: the database is as migrated again."""
        if self.atomic is None:
            return
        atomic, self.atomic = self.atomic, None
        with self.blocker.unblock():
            if connection.atomic_blocks[-1:] != [atomic]:
                raise RuntimeError(
                    "A test left a transaction open inside the shared demo transaction."
                )
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


class DemoSnapshot:
    """A copy of every table, in snapshot tables beside them, put back after each flush."""

    PREFIX = "zz_demo_snapshot_"

    def __init__(self, django_db_blocker):
        self.blocker = django_db_blocker
        self.tables = {}  # table name -> quoted column list

    @property
    def taken(self):
        return bool(self.tables)

    def _snapshot_name(self, table):
        return connection.ops.quote_name(self.PREFIX + table)

    def _tables(self, cursor):
        """Every table with its columns; on SQLite the full-text index (a
        virtual table) with its rowid, and without its shadow tables, which
        SQLite keeps in step itself."""
        quote = connection.ops.quote_name
        names = [
            name
            for name in connection.introspection.table_names(cursor)
            if not name.startswith(self.PREFIX)
        ]
        virtual = set()
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'"
            )
            virtual = {row[0] for row in cursor.fetchall()}
        tables = {}
        for name in names:
            if any(name.startswith(f"{v}_") for v in virtual):
                continue
            columns = [
                column.name
                for column in connection.introspection.get_table_description(cursor, name)
            ]
            if name in virtual:
                columns.insert(0, "rowid")
            tables[name] = ", ".join(quote(column) for column in columns)
        return tables

    def take(self):
        with self.blocker.unblock(), transaction.atomic(), connection.cursor() as cursor:
            self.drop_tables(cursor)
            self.tables = self._tables(cursor)
            for table, columns in self.tables.items():
                cursor.execute(
                    f"CREATE TABLE {self._snapshot_name(table)} AS "  # noqa: S608
                    f"SELECT {columns} FROM {connection.ops.quote_name(table)}"
                )

    def restore(self):
        """Every table as it was when the snapshot was taken. Foreign keys are
        checked at commit (Django makes them deferrable on both databases), so
        the order of the tables does not matter."""
        from django.apps import apps
        from django.core.management.color import no_style

        quote = connection.ops.quote_name
        with self.blocker.unblock(), transaction.atomic(), connection.cursor() as cursor:
            for table, columns in self.tables.items():
                cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608
                cursor.execute(
                    f"INSERT INTO {quote(table)} ({columns}) "  # noqa: S608
                    f"SELECT {columns} FROM {self._snapshot_name(table)}"
                )
            # Sequences past the restored ids, whatever ran before (PostgreSQL;
            # SQLite's AUTOINCREMENT follows the inserted ids by itself).
            models = [m for m in apps.get_models() if m._meta.db_table in self.tables]
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)

    def drop(self):
        if not self.tables:
            return
        with self.blocker.unblock(), connection.cursor() as cursor:
            self.drop_tables(cursor)
        self.tables = {}

    def drop_tables(self, cursor):
        for name in connection.introspection.table_names(cursor):
            if name.startswith(self.PREFIX):
                cursor.execute(f"DROP TABLE {connection.ops.quote_name(name)}")
