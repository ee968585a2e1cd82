"""Build the demo site from the YAML files beside this module.

Idempotent: pages are found by their path below the home page and only saved
(as a new published revision) when what the files say differs from what is
live; taxonomy rows are found by slug. A second run changes nothing.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.db import transaction

from wagtail.models import Page, Site

import yaml

from home.models import AgeBand, Audience, NavigationSettings, SafetySettings, Topic

CONTENT_DIR = Path(__file__).resolve().parent

PAGE_TYPES = {
    "home": "home.HomePage",
    "young_people": "home.YoungPeopleIndexPage",
    "age_band": "home.AgeBandPage",
    "section": "home.SectionPage",
    "content": "home.ContentPage",
    "schools": "schools.SchoolsLandingPage",
    "community": "community.CommunityLandingPage",
    "resources": "resources.ResourceLibraryPage",
    "get_involved": "cocreation.GetInvolvedPage",
}

# Top-level sections shown in the main menu, in this order.
MENU_PATHS = [
    "young-people",
    "parents-and-carers",
    "schools",
    "community",
    "resources",
    "get-involved",
]
FOOTER_PATHS = [
    "about",
    "about/accessibility",
    "about/privacy-young-people",
    "about/privacy-adults",
]


class DemoContentError(Exception):
    pass


@dataclass
class LoadReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)

    @property
    def changed(self):
        return bool(self.created or self.updated)


def read_yaml(path):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def load_page_specs(content_dir=CONTENT_DIR):
    specs = []
    for path in sorted((content_dir / "pages").glob("*.yaml")):
        specs.extend(read_yaml(path) or [])
    return specs


def _strip_ids(data):
    """Stream data without block ids, so that two saves of the same content compare equal."""
    if isinstance(data, dict):
        return {key: _strip_ids(value) for key, value in data.items() if key != "id"}
    if isinstance(data, list):
        return [_strip_ids(item) for item in data]
    return data


class DemoContentLoader:
    def __init__(self, content_dir=CONTENT_DIR):
        self.content_dir = Path(content_dir)
        self.report = LoadReport()
        self.pages_by_path = {}
        self.age_bands = {}

    # -- taxonomy and settings -----------------------------------------------

    def load_taxonomy(self):
        data = read_yaml(self.content_dir / "taxonomy.yaml")
        for model, key in ((AgeBand, "age_bands"), (Audience, "audiences"), (Topic, "topics")):
            for order, row in enumerate(data.get(key, [])):
                values = {k: v for k, v in row.items() if k != "slug"}
                values.setdefault("sort_order", order)
                self._upsert(model, {"slug": row["slug"]}, values, label=f"{key}:{row['slug']}")

    def _upsert(self, model, lookup, values, *, label):
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            model.objects.create(**lookup, **values)
            self.report.created.append(label)
            return
        if any(getattr(obj, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(obj, name, value)
            obj.save()
            self.report.updated.append(label)
        else:
            self.report.unchanged.append(label)

    def load_settings(self, site):
        data = read_yaml(self.content_dir / "settings.yaml")
        safety = SafetySettings.for_site(site)
        wanted = {
            "emergency_number": data["emergency_number"],
            "childline_number": data["childline_number"],
            "police_non_emergency_number": data["police_non_emergency_number"],
            "missing_people_number": data["missing_people_number"],
            "exit_url": data["exit_url"],
            "get_help_page_id": self._page_id("get-help"),
            "staying_safe_page_id": self._page_id("staying-safe-online"),
        }
        self._save_if_changed(safety, wanted, "settings:safety")

        navigation = NavigationSettings.for_site(site)
        footer = [
            {"type": "link", "value": {"page": self._page_id(path), "label": ""}}
            for path in FOOTER_PATHS
            if path in self.pages_by_path
        ]
        current = _strip_ids(navigation.footer_links.get_prep_value())
        if current != footer:
            navigation.footer_links = footer
            navigation.save()
            self.report.updated.append("settings:navigation")
        else:
            self.report.unchanged.append("settings:navigation")

    def _save_if_changed(self, obj, wanted, label):
        if obj.pk and all(getattr(obj, name) == value for name, value in wanted.items()):
            self.report.unchanged.append(label)
            return
        for name, value in wanted.items():
            setattr(obj, name, value)
        obj.save()
        self.report.updated.append(label)

    # -- pages ---------------------------------------------------------------

    def _page_id(self, path):
        try:
            return self.pages_by_path[path.strip("/")].pk
        except KeyError as error:
            raise DemoContentError(
                f"The demo content links to '{path}', which is not a page."
            ) from error

    def home_page(self, spec):
        """The site's root page, replacing Wagtail's welcome page on first run."""
        model = apps.get_model(PAGE_TYPES["home"])
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is not None and isinstance(site.root_page.specific, model):
            return site, site.root_page.specific, False
        root = Page.get_first_root_node()
        # Wagtail's welcome page holds the slug "home" until it is replaced.
        home = root.add_child(instance=model(title=spec["title"], slug="clearsight-home"))
        old_root = site.root_page if site else None
        if site is None:
            site = Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name="Clearsight",
            )
        else:
            site.root_page = home
            site.site_name = "Clearsight"
            site.save()
        if old_root is not None and not old_root.get_children().exists():
            old_root.delete()
            home.slug = "home"
            home.save()
        return site, home, True

    def load_pages(self):
        specs = load_page_specs(self.content_dir)
        home_specs = [spec for spec in specs if spec["path"] == ""]
        if len(home_specs) != 1:
            raise DemoContentError('The demo content needs exactly one home page (path "").')
        site, home, created = self.home_page(home_specs[0])
        self.pages_by_path[""] = home
        if created:
            self.report.created.append("page:/")

        # First make sure every page exists, so that links between pages resolve.
        for spec in specs:
            if spec["path"] != "":
                self._ensure_page(spec)
        for spec in specs:
            self._update_page(self.pages_by_path[spec["path"]], spec)
        return site

    def _ensure_page(self, spec):
        path = spec["path"].strip("/")
        parent_path, _, slug = path.rpartition("/")
        if parent_path not in self.pages_by_path:
            raise DemoContentError(f"The page '{path}' comes before its parent '{parent_path}'.")
        parent = self.pages_by_path[parent_path]
        model = apps.get_model(PAGE_TYPES[spec["type"]])
        page = model.objects.child_of(parent).filter(slug=slug).first()
        if page is None:
            page = model(title=spec["title"], slug=slug, live=False, **self._required_fields(spec))
            parent.add_child(instance=page)
            self.report.created.append(f"page:/{path}/")
        self.pages_by_path[path] = page

    def _required_fields(self, spec):
        if spec["type"] == "age_band":
            return {"age_band": self._age_band(spec["age_band"])}
        return {}

    def _age_band(self, slug):
        if slug not in self.age_bands:
            self.age_bands[slug] = AgeBand.objects.get(slug=slug)
        return self.age_bands[slug]

    def _wanted_values(self, spec):
        values = {
            "title": spec["title"],
            "seo_title": spec.get("seo_title", ""),
            "search_description": spec.get("search_description", ""),
            "intro": spec.get("intro", ""),
            "show_in_menus": spec["path"] in MENU_PATHS,
        }
        if "age_band" in spec:
            values["age_band_id"] = self._age_band(spec["age_band"]).pk
        if spec["type"] == "home":
            values["young_people_label"] = spec.get("young_people_label", "I'm a young person")
        return values

    def _wanted_streams(self, spec):
        streams = {"body": [self._block(block) for block in spec.get("body", [])]}
        if spec["type"] == "home":
            streams["routes"] = [
                {"type": "route", "value": {**route, "page": self._page_id(route["page"])}}
                for route in spec.get("routes", [])
            ]
            streams["featured"] = [
                {
                    "type": "work",
                    "value": {**item, "page": self._page_id(item["page"]), "image": None},
                }
                for item in spec.get("featured", [])
            ]
        return streams

    def _block(self, block):
        value = block["value"]
        if block["type"] == "next_steps":
            value = {
                **value,
                "links": [{**link, "page": self._page_id(link["page"])} for link in value["links"]],
            }
        return {"type": block["type"], "value": value}

    def _update_page(self, page, spec):
        page = page.specific
        values = self._wanted_values(spec)
        streams = self._wanted_streams(spec)
        audiences = set(
            Audience.objects.filter(slug__in=spec.get("audiences", [])).values_list("pk", flat=True)
        )
        topics = set(
            Topic.objects.filter(slug__in=spec.get("topics", [])).values_list("pk", flat=True)
        )

        normalised = {}
        for name, raw in streams.items():
            stream_block = page._meta.get_field(name).stream_block
            normalised[name] = _strip_ids(stream_block.get_prep_value(stream_block.to_python(raw)))

        unchanged = (
            page.live
            and not page.has_unpublished_changes
            and all(getattr(page, name) == value for name, value in values.items())
            and all(
                _strip_ids(getattr(page, name).get_prep_value()) == data
                for name, data in normalised.items()
            )
            and set(page.audiences.values_list("pk", flat=True)) == audiences
            and set(page.topics.values_list("pk", flat=True)) == topics
        )
        label = f"page:/{spec['path']}/" if spec["path"] else "page:/"
        if unchanged:
            if label not in self.report.created:
                self.report.unchanged.append(label)
            return

        for name, value in values.items():
            setattr(page, name, value)
        for name, raw in streams.items():
            setattr(page, name, raw)
        page.audiences.set(audiences)
        page.topics.set(topics)
        page.save_revision(log_action=False).publish(log_action=False)
        if label not in self.report.created:
            self.report.updated.append(label)

    # -- everything ----------------------------------------------------------

    @transaction.atomic
    def load(self):
        self.load_taxonomy()
        site = self.load_pages()
        self.load_settings(site)
        return self.report
