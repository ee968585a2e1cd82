"""The curriculum data: loading it, and showing teachers only what was checked.

``load_curriculum`` reads ``schools/data/curriculum.yaml`` (its header explains
the conventions) and creates or updates frameworks and items by slug, so it can
run any number of times: from migration 0004 on a new database, and from
``manage.py load_curriculum`` after the file changes.

An item is loaded as checked (``verified``) only where the data says it was
seen in its source. An item an editor has confirmed in the admin
(``verified_by`` set) stays checked whatever the file says.

The loader takes the models as arguments so that the data migration can pass
its historical models (``apps.get_model``); nothing here imports the app's
models at import time.
"""

from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "curriculum.yaml"
SEEN = "seen"
SOURCE_CHECKS = {"seen", "partial", "not-seen"}
NATIONS = {"england", "wales", "scotland", "northern-ireland"}

FRAMEWORK_FIELDS = ("name", "short_name", "nation", "publisher", "year", "statutory", "status")
ITEM_FIELDS = ("code", "heading", "summary", "phase", "edition", "source_url", "source_check")


class CurriculumDataError(ValueError):
    """The data file is not in the shape the loader expects."""


@dataclass
class LoadCounts:
    frameworks_created: int = 0
    frameworks_updated: int = 0
    items_created: int = 0
    items_updated: int = 0
    items_checked: int = 0
    kept_by_editor: list = field(default_factory=list)

    def as_dict(self):
        return {
            "frameworks_created": self.frameworks_created,
            "frameworks_updated": self.frameworks_updated,
            "items_created": self.items_created,
            "items_updated": self.items_updated,
            "items_checked": self.items_checked,
            "kept_by_editor": len(self.kept_by_editor),
        }


def read_curriculum(path=DEFAULT_PATH):
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    frameworks = (data or {}).get("frameworks")
    if not isinstance(frameworks, list) or not frameworks:
        raise CurriculumDataError(f"{path}: no frameworks found.")
    for framework in frameworks:
        for key in ("slug", "name", "short_name", "nation", "sources", "items"):
            if not framework.get(key):
                raise CurriculumDataError(
                    f"Framework {framework.get('slug')!r} has no {key!r}: every framework needs one."
                )
        if framework["nation"] not in NATIONS:
            raise CurriculumDataError(f"Framework {framework['slug']!r}: unknown nation.")
        for item in framework["items"]:
            for key in ("slug", "heading", "source_url", "source_check"):
                if not item.get(key):
                    raise CurriculumDataError(
                        f"Item {item.get('slug')!r} has no {key!r}: every item needs one."
                    )
            if item["source_check"] not in SOURCE_CHECKS:
                raise CurriculumDataError(
                    f"Item {item['slug']!r}: source_check must be one of {sorted(SOURCE_CHECKS)}."
                )
    return frameworks


def apply_curriculum(frameworks, *, framework_model, item_model, key_stage_model):
    """Create or update every framework and item of ``frameworks`` (as read by
    ``read_curriculum``) with the given models. Returns a ``LoadCounts``."""
    counts = LoadCounts()
    key_stages = {stage.slug: stage for stage in key_stage_model.objects.all()}
    for framework_order, data in enumerate(frameworks):
        framework, created = framework_model.objects.update_or_create(
            slug=data["slug"],
            defaults={
                **{name: data.get(name) for name in FRAMEWORK_FIELDS},
                "publisher": data.get("publisher") or "",
                "status": (data.get("status") or "").strip(),
                "statutory": bool(data.get("statutory")),
                "sources": "\n".join(data["sources"]),
                "sort_order": framework_order,
            },
        )
        if created:
            counts.frameworks_created += 1
        else:
            counts.frameworks_updated += 1
        for item_order, item_data in enumerate(data["items"]):
            _apply_item(item_data, item_order, framework, item_model, key_stages, counts)
    return counts


def _apply_item(data, order, framework, item_model, key_stages, counts):
    unknown = [slug for slug in data.get("key_stages") or [] if slug not in key_stages]
    if unknown:
        raise CurriculumDataError(f"Item {data['slug']!r}: unknown key stages {unknown}.")
    defaults = {name: (data.get(name) or "") for name in ITEM_FIELDS}
    defaults.update(framework=framework, data_note=data.get("note") or "", sort_order=order)
    existing = item_model.objects.filter(slug=data["slug"]).first()
    if existing is not None and existing.verified_by_id is not None:
        # An editor confirmed it against the source: the file never undoes that.
        counts.kept_by_editor.append(existing.slug)
    else:
        defaults["verified"] = data["source_check"] == SEEN
    item, created = item_model.objects.update_or_create(slug=data["slug"], defaults=defaults)
    item.key_stages.set([key_stages[slug] for slug in data.get("key_stages") or []])
    if created:
        counts.items_created += 1
    else:
        counts.items_updated += 1
    if item.verified:
        counts.items_checked += 1


def load_curriculum(path=DEFAULT_PATH):
    """Load the curriculum data file into the database (idempotent). Returns a ``LoadCounts``."""
    from django.db import transaction

    from schools.models import CurriculumFramework, CurriculumItem, KeyStage

    frameworks = read_curriculum(path)
    with transaction.atomic():
        return apply_curriculum(
            frameworks,
            framework_model=CurriculumFramework,
            item_model=CurriculumItem,
            key_stage_model=KeyStage,
        )


def links_for_teachers(items):
    """The curriculum links a teacher may see, grouped by framework.

    ``items``: curriculum items already fetched (with their framework: use
    ``select_related("framework")`` or a prefetch), so this makes no query.
    Items nobody has checked against their source are left out. Returns
    ``[{"framework": CurriculumFramework, "items": [{"code", "heading", "summary"}]}]``
    in framework order, items in their order within it.
    """
    checked = sorted(
        (item for item in items if item.verified),
        key=lambda item: (item.framework.sort_order, item.framework.name, item.sort_order, item.pk),
    )
    groups = OrderedDict()
    for item in checked:
        group = groups.setdefault(item.framework_id, {"framework": item.framework, "items": []})
        group["items"].append({"code": item.code, "heading": item.heading, "summary": item.summary})
    return list(groups.values())
