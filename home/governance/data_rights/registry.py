"""The registry of kinds of record that may hold an email address or a
certificate code, and the three things an administrator does with them: find,
export, erase.

Each app registers its own kinds in its ``data_rights.py`` (found by
``autodiscover``): a finder (one query), a describer (plain words), an
exporter (the record's personal data and the files it owns) and an eraser
(deletes the record, or blanks its personal fields where the record must stay,
or refuses with a reason).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.crypto import salted_hmac
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

HASH_SALT = "clearsight.data_rights"


class Refused(Exception):
    """An eraser will not erase this record; the message says why, in plain words."""


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    find: Callable[..., list]
    describe: Callable[[Any], str]
    export: Callable[[Any], dict]
    erase: Callable[[Any, Any], list]  # (record, acting user) -> files [(storage, name)]
    date: Callable[[Any], Any] = lambda record: None
    files: Callable[[Any], list] = lambda record: []  # [(storage, name)] the record owns
    order: int = 100


_kinds: dict[str, Kind] = {}
_code_readers: list[Callable[[str], str | None]] = []
_discovered = False


def register(kind: Kind) -> Kind:
    _kinds[kind.key] = kind
    return kind


def register_code_reader(reader: Callable[[str], str | None]):
    """An app that finds records by a code (community: a certificate's) says
    how to read one as typed: the stored form, or None if it is not a code."""
    if reader not in _code_readers:
        _code_readers.append(reader)
    return reader


def kinds() -> list[Kind]:
    global _discovered
    if not _discovered:
        import home.governance.data_rights.accounts  # noqa: F401  (admin accounts, sign-ins)

        autodiscover_modules("data_rights")
        _discovered = True
    return sorted(_kinds.values(), key=lambda kind: (kind.order, kind.key))


@dataclass(frozen=True)
class Query:
    email: str | None = None
    code: str | None = None

    @property
    def value(self):
        return self.email or self.code


def parse_query(typed: str) -> Query:
    """An email address or a certificate code, or a ValidationError in plain words."""
    kinds()  # the apps' code readers
    text = (typed or "").strip()
    if "@" in text:
        try:
            validate_email(text)
        except ValidationError:
            raise ValidationError(_("This is not a valid email address.")) from None
        return Query(email=text.lower())
    for reader in _code_readers:
        code = reader(text)
        if code:
            return Query(code=code)
    raise ValidationError(
        _(
            "Type an email address (like name@example.org) or a certificate code "
            "(16 letters and numbers, like 7K3M-Q9XD-2HPA-V0RT)."
        )
    )


def value_hash(query: Query) -> str:
    """A salted hash of what was searched: the same address gives the same hash,
    so a later check can match it, but the log never holds the address itself."""
    return salted_hmac(HASH_SALT, query.value, algorithm="sha256").hexdigest()


@dataclass
class Found:
    kind: Kind
    record: Any
    description: str
    date: Any = None

    @property
    def sort_date(self):
        value = self.date
        if isinstance(value, datetime.datetime):
            return value.date()
        return value or datetime.date.min


def find_all(query: Query) -> list[Found]:
    found = []
    for kind in kinds():
        for record in kind.find(email=query.email, code=query.code):
            found.append(Found(kind, record, kind.describe(record), kind.date(record)))
    return found


def counts(found) -> dict[str, int]:
    result: dict[str, int] = {}
    for item in found:
        result[item.kind.key] = result.get(item.kind.key, 0) + 1
    return result


def json_value(value):
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    return value


def export_all(found) -> tuple[list[dict], list[tuple[str, Any, str]]]:
    """The records as JSON-ready dicts, and the files to add: (path in the
    archive, storage, name in storage)."""
    records, files = [], []
    for number, item in enumerate(found, start=1):
        paths = []
        for storage, name in item.kind.files(item.record):
            if not name or not storage.exists(name):
                continue
            path = f"files/{number}-{item.kind.key}/{name.rsplit('/', 1)[-1]}"
            files.append((path, storage, name))
            paths.append(path)
        data = {key: json_value(value) for key, value in item.kind.export(item.record).items()}
        records.append(
            {
                "kind": item.kind.key,
                "kind_label": str(item.kind.label),
                "description": item.description,
                "date": json_value(item.date),
                "data": data,
                "files": paths,
            }
        )
    return records, files


@dataclass
class ErasureReport:
    erased: list = field(default_factory=list)  # Found
    refused: list = field(default_factory=list)  # (Found, reason)
    files: list = field(default_factory=list)  # (storage, name)

    def counts(self):
        return {
            "erased": counts(self.erased),
            "refused": counts(item for item, _reason in self.refused),
            "files": len(self.files),
        }


def delete_files(files):
    for storage, name in files:
        if name and storage.exists(name):
            storage.delete(name)


@transaction.atomic
def erase_all(found, *, user) -> ErasureReport:
    """Erase each record (each in its own savepoint, so a refusal or a failure
    leaves that record as it was); the files go from storage once the whole
    erasure commits."""
    report = ErasureReport()
    for item in found:
        try:
            with transaction.atomic():
                files = item.kind.erase(item.record, user)
        except Refused as refusal:
            report.refused.append((item, str(refusal)))
            continue
        report.erased.append(item)
        report.files.extend(files or [])
    files = list(report.files)
    transaction.on_commit(lambda: delete_files(files))
    return report
