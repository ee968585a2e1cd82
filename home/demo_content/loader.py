"""Build the demo site from the YAML that each app keeps in its `demo_content/` folder.

Every installed app may hold a `demo_content/` folder with any of:

- `taxonomy.yaml`: rows of snippet-like models, keyed by model label
  (`home.AgeBand: [{slug: …, name: …}]`), found again by slug;
- `settings.yaml`: `menu` (paths shown in the main menu) and `settings`,
  site settings keyed by model label (`home.SafetySettings: {…}`);
- `pages/*.yaml`: lists of pages. The files of all apps are read in the
  order of their file names (`00-home.yaml`, `30-schools.yaml`, …), so an app
  places its area of the tree with a number, parents before children.

Values are resolved from the model and block definitions, never from a list
of page or block types: a `ForeignKey` or many-to-many field to a model with
a `slug` takes slugs, one to a page takes a path below the home page, and a
StreamField is walked through its blocks, where a `PageChooserBlock` takes a
path and a `SnippetChooserBlock` a slug.

Pictures: wherever an image goes (a `ForeignKey` to the image model, an
`ImageChooserBlock`, an `ImageBlock`) the value may be the slug of a picture
the loader draws itself (`pictures.py`): `image: trusted-adult`. The picture
is drawn, screened like any upload and stored once as an image (alt text as
its description, credit "Drawn for Clearsight", own work), and found again by
its title on the next run. An `ImageBlock` takes its alt text from the picture
unless the files give one: `{image: trusted-adult, alt_text: "…"}` (or
`{image: …, decorative: true}`). An integer is taken as an image id, as before.

Documents: wherever a document goes (a `ForeignKey` to the document model, a
`DocumentChooserBlock`) the value may be the name of a file shipped in an
app's `demo_content/files/` folder: `document: keeping-safe-leaflet.pdf`. It
passes the same screening as an upload, is stored once as a document titled
after its name ("Keeping safe leaflet"), and is found again by that title.

Other content (such as children's published work, which must pass through
its app's own services) comes from steps apps register with the Wagtail hook
`clearsight_demo_content`, run after the pages (`run_app_steps`).

Idempotent: pages are found by their path below the home page and only saved
(as a new published revision) when what the files say differs from what is
live; taxonomy rows are found by slug. A second run changes nothing.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction

from wagtail import blocks, hooks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.documents.models import AbstractDocument
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageBlock, ImageChooserBlock
from wagtail.images.models import AbstractImage
from wagtail.models import Page, Site
from wagtail.snippets.blocks import SnippetChooserBlock
from wagtail.utils.file import hash_filelike

import yaml

from home.models.media import ImageLicence
from home.uploads import screen_document, screen_image

from .pictures import PICTURES, picture_png, picture_title

# Page fields the files may not set: the tree and publishing are the loader's job.
RESERVED_KEYS = {"path", "type"}

PICTURE_CREDIT = "Drawn for Clearsight"
IMAGE_BLOCK_KEYS = {"image", "alt_text", "decorative"}


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


def content_dirs():
    """Each installed app's `demo_content/` folder, in INSTALLED_APPS order."""
    for config in apps.get_app_configs():
        folder = Path(config.path) / "demo_content"
        if folder.is_dir():
            yield folder


def load_page_specs(folders=None):
    """Every app's page specs, in the order of their file names."""
    folders = list(content_dirs()) if folders is None else [Path(f) for f in folders]
    files = sorted(
        (path for folder in folders for path in (folder / "pages").glob("*.yaml")),
        key=lambda path: (path.name, str(path)),
    )
    specs = []
    for path in files:
        specs.extend(read_yaml(path) or [])
    return specs


def _strip_ids(data):
    """Stream data without block ids, so that two saves of the same content compare equal."""
    if isinstance(data, dict):
        return {key: _strip_ids(value) for key, value in data.items() if key != "id"}
    if isinstance(data, list):
        return [_strip_ids(item) for item in data]
    return data


def _is_page_model(model):
    return issubclass(model, Page)


def _has_slug(model):
    return any(f.name == "slug" for f in model._meta.get_fields())


def _is_image_model(model):
    return isinstance(model, type) and issubclass(model, AbstractImage)


def _is_document_model(model):
    return isinstance(model, type) and issubclass(model, AbstractDocument)


def file_title(name):
    """A shipped file's title: "keeping-safe-leaflet.pdf" becomes "Keeping safe leaflet"."""
    return Path(name).stem.replace("-", " ").replace("_", " ").capitalize()


class DemoContentLoader:
    def __init__(self, folders=None):
        self.folders = list(content_dirs()) if folders is None else [Path(f) for f in folders]
        self.report = LoadReport()
        self.pages_by_path = {}
        self._by_slug = {}
        self._images = {}  # (model, slug or pk) -> image
        self._documents = {}  # (model, file name or pk) -> document

    # -- resolving values from definitions -------------------------------------

    def _page_id(self, path):
        try:
            return self.pages_by_path[str(path).strip("/")].pk
        except KeyError as error:
            raise DemoContentError(
                f"The demo content links to '{path}', which is not a page."
            ) from error

    def _pk_by_slug(self, model, slug):
        key = (model, slug)
        if key not in self._by_slug:
            try:
                self._by_slug[key] = model.objects.only("pk").get(slug=slug).pk
            except model.DoesNotExist as error:
                raise DemoContentError(
                    f"The demo content names the {model._meta.verbose_name} '{slug}', "
                    "which is not in any taxonomy.yaml."
                ) from error
        return self._by_slug[key]

    def _reference(self, model, value):
        """A page path or a slug, turned into the primary key it names."""
        if value in (None, ""):
            return None
        if _is_page_model(model):
            return self._page_id(value)
        if _is_image_model(model):
            return self._image(model, value).pk
        if _is_document_model(model):
            return self._document(model, value).pk
        if _has_slug(model):
            return self._pk_by_slug(model, value)
        return value

    def resolve_block(self, block, raw):
        """YAML for `block`, turned into the raw data its `to_python` expects."""
        if raw is None:
            return None
        if isinstance(block, blocks.StreamBlock):
            return [self._resolve_stream_child(block, child) for child in raw]
        if isinstance(block, blocks.ListBlock):
            return [self.resolve_block(block.child_block, item) for item in raw]
        if isinstance(block, ImageBlock):
            return self._image_block(block, raw)
        if isinstance(block, blocks.StructBlock):
            unknown = set(raw) - set(block.child_blocks)
            if unknown:
                raise DemoContentError(
                    f"The block '{block.name}' has no field named {', '.join(sorted(unknown))}."
                )
            return {
                name: self.resolve_block(block.child_blocks[name], value)
                for name, value in raw.items()
            }
        if isinstance(block, blocks.PageChooserBlock):
            return self._page_id(raw)
        if isinstance(block, SnippetChooserBlock):
            return self._reference(block.target_model, raw)
        if isinstance(block, ImageChooserBlock):
            return self._image(block.model_class, raw).pk if raw != "" else None
        if isinstance(block, DocumentChooserBlock):
            return self._document(block.model_class, raw).pk if raw != "" else None
        return raw

    # -- pictures --------------------------------------------------------------

    def _image(self, model, value):
        """The image a value names: a picture slug (drawn and stored once) or an image id."""
        key = (model, value)
        if key not in self._images:
            if isinstance(value, int) and not isinstance(value, bool):
                try:
                    self._images[key] = model.objects.get(pk=value)
                except model.DoesNotExist as error:
                    raise DemoContentError(
                        f"The demo content names the image with id {value}, which does not exist."
                    ) from error
            elif isinstance(value, str):
                self._images[key] = self._picture(model, value)
            else:
                raise DemoContentError(
                    f"The demo content gives {value!r} where an image goes: write the name "
                    "of a picture (such as 'trusted-adult') or an image id."
                )
        return self._images[key]

    def _picture(self, model, slug):
        """Draw the picture `slug` and store it, or find it from an earlier run.

        The drawn file is trusted, but it is stored the way every upload is:
        through the screening, which re-encodes it with no metadata.
        """
        try:
            picture = PICTURES[slug]
        except KeyError as error:
            raise DemoContentError(
                f"The demo content names the picture '{slug}', which the loader cannot draw. "
                f"Pictures: {', '.join(sorted(PICTURES))}."
            ) from error
        clean = screen_image(ContentFile(picture_png(slug), name=f"{slug}.png"))
        file_hash = hash_filelike(clean)
        wanted = {
            "title": picture_title(slug),
            "description": picture.alt_text,
            "credit": PICTURE_CREDIT,
            "licence": ImageLicence.OWN_WORK,
        }
        label = f"picture:{slug}"
        image = (
            model.objects.filter(title=wanted["title"], credit=PICTURE_CREDIT)
            .order_by("pk")
            .first()
        )
        if image is None:
            image = model()
            self.report.created.append(label)
        elif image.file_hash == file_hash and all(
            getattr(image, name) == value for name, value in wanted.items()
        ):
            self.report.unchanged.append(label)
            return image
        else:
            self.report.updated.append(label)
        for name, value in wanted.items():
            setattr(image, name, value)
        if image.file_hash != file_hash:
            if image.pk:
                image.renditions.all().delete()
            clean.seek(0)
            image.file = clean
            image._set_image_file_metadata()
        image.full_clean()
        image.save()
        return image

    def _image_block(self, block, raw):
        """An `ImageBlock`: a slug or id, or `{image, alt_text, decorative}`.

        The alt text, unless the files give one, is the image's own (for a
        drawn picture, the alt text written with it in `pictures.py`).
        """
        if raw in (None, ""):
            return None
        spec = raw if isinstance(raw, dict) else {"image": raw}
        unknown = set(spec) - IMAGE_BLOCK_KEYS
        if unknown:
            raise DemoContentError(
                f"The image block '{block.name}' has no field named {', '.join(sorted(unknown))}."
            )
        image = self._image(block.child_blocks["image"].model_class, spec.get("image"))
        decorative = bool(spec.get("decorative", False))
        alt_text = spec.get("alt_text")
        if alt_text is None:
            alt_text = "" if decorative else image.default_alt_text
        return {"image": image.pk, "alt_text": alt_text, "decorative": decorative}

    # -- documents -------------------------------------------------------------

    def _document(self, model, value):
        """The document a value names: a file in a `demo_content/files/` folder, or an id."""
        key = (model, value)
        if key not in self._documents:
            if isinstance(value, int) and not isinstance(value, bool):
                try:
                    self._documents[key] = model.objects.get(pk=value)
                except model.DoesNotExist as error:
                    raise DemoContentError(
                        f"The demo content names the document with id {value}, "
                        "which does not exist."
                    ) from error
            elif isinstance(value, str):
                self._documents[key] = self._shipped_document(model, value)
            else:
                raise DemoContentError(
                    f"The demo content gives {value!r} where a document goes: write the name "
                    "of a file in a demo_content/files/ folder, or a document id."
                )
        return self._documents[key]

    def _find_file(self, name):
        if not name or Path(name).name != name or name.startswith("."):
            raise DemoContentError(
                f"The demo content names the file '{name}': give a file name alone, with no folder."
            )
        for folder in self.folders:
            path = folder / "files" / name
            if path.is_file():
                return path
        raise DemoContentError(
            f"The demo content names the file '{name}', which is in no demo_content/files/ folder."
        )

    def _shipped_document(self, model, name):
        """Store a shipped file as a document, through the screening every upload passes."""
        upload = ContentFile(self._find_file(name).read_bytes(), name=name)
        try:
            clean = screen_document(upload)
        except ValidationError as error:
            raise DemoContentError(
                f"The demo file '{name}' is refused by the upload checks: "
                + " ".join(error.messages)
            ) from error
        file_hash = hash_filelike(clean)
        title = file_title(name)
        label = f"document:{name}"
        document = model.objects.filter(title=title).order_by("pk").first()
        if document is None:
            document = model(title=title)
            self.report.created.append(label)
        elif document.file_hash == file_hash:
            self.report.unchanged.append(label)
            return document
        else:
            self.report.updated.append(label)
        clean.seek(0)
        document.file = clean
        document._set_document_file_metadata()
        document.full_clean()
        document.save()
        return document

    def _resolve_stream_child(self, stream_block, child):
        # A stream of one block type may list bare values: `routes: [{label: …}]`.
        if len(stream_block.child_blocks) == 1 and not (
            isinstance(child, dict) and set(child) <= {"type", "value"} and "type" in child
        ):
            child = {"type": next(iter(stream_block.child_blocks)), "value": child}
        name = child["type"]
        return {
            "type": name,
            "value": self.resolve_block(self._child(stream_block, name), child.get("value")),
        }

    @staticmethod
    def _child(stream_block, name):
        try:
            return stream_block.child_blocks[name]
        except KeyError as error:
            raise DemoContentError(
                f"There is no block called '{name}'. Blocks here: "
                + ", ".join(stream_block.child_blocks)
                + "."
            ) from error

    def _stream_data(self, stream_field, raw):
        stream_block = stream_field.stream_block
        value = stream_block.to_python(self.resolve_block(stream_block, raw or []))
        return _strip_ids(stream_block.get_prep_value(value))

    def wanted(self, model, spec, *, pages=True):
        """Split a spec into plain field values, stream data and many-to-many pks.

        With `pages=False`, references to pages are left out (they may not
        exist yet while the tree is being built).
        """
        values, streams, many = {}, {}, {}
        for key, raw in spec.items():
            if key in RESERVED_KEYS:
                continue
            try:
                model_field = model._meta.get_field(key)
            except Exception as error:
                raise DemoContentError(
                    f"The {model._meta.verbose_name} has no field called '{key}'."
                ) from error
            if isinstance(model_field, StreamField):
                if pages:
                    streams[key] = self._stream_data(model_field, raw)
            elif isinstance(model_field, models.ManyToManyField):
                many[key] = {self._reference(model_field.related_model, item) for item in raw}
            elif isinstance(model_field, models.ForeignKey):
                if pages or not _is_page_model(model_field.related_model):
                    values[model_field.attname] = self._reference(model_field.related_model, raw)
            else:
                # YAML gives text for dates and times: compare and store the
                # field's own Python value, so a second load sees no change.
                values[key] = model_field.to_python(raw)
        return values, streams, many

    def _differs(self, obj, values, streams, many):
        return (
            any(getattr(obj, name) != value for name, value in values.items())
            or any(
                _strip_ids(getattr(obj, name).get_prep_value()) != data
                for name, data in streams.items()
            )
            or any(
                set(getattr(obj, name).values_list("pk", flat=True)) != pks
                for name, pks in many.items()
            )
        )

    @staticmethod
    def _assign(obj, values, streams, many):
        for name, value in values.items():
            setattr(obj, name, value)
        for name, data in streams.items():
            setattr(obj, name, data)
        for name, pks in many.items():
            getattr(obj, name).set(pks)

    # -- taxonomy and settings -------------------------------------------------

    def load_taxonomy(self):
        for folder in self.folders:
            path = folder / "taxonomy.yaml"
            if not path.exists():
                continue
            for label, rows in read_yaml(path).items():
                model = apps.get_model(label)
                for order, row in enumerate(rows):
                    self._upsert(model, row, order)

    def _upsert(self, model, row, order):
        label = f"{model._meta.model_name}:{row['slug']}"
        values, _streams, many = self.wanted(model, {k: v for k, v in row.items() if k != "slug"})
        if any(f.name == "sort_order" for f in model._meta.fields):
            values.setdefault("sort_order", order)
        obj = model.objects.filter(slug=row["slug"]).first()
        if obj is None:
            obj = model.objects.create(slug=row["slug"], **values)
            for name, pks in many.items():
                getattr(obj, name).set(pks)
            self.report.created.append(label)
        elif self._differs(obj, values, {}, many):
            self._assign(obj, values, {}, many)
            obj.save()
            self.report.updated.append(label)
        else:
            self.report.unchanged.append(label)

    def load_settings(self, site):
        for folder in self.folders:
            path = folder / "settings.yaml"
            if not path.exists():
                continue
            for label, spec in (read_yaml(path).get("settings") or {}).items():
                model = apps.get_model(label)
                obj = model.for_site(site)
                values, streams, many = self.wanted(model, spec)
                name = f"settings:{model._meta.model_name}"
                if obj.pk and not self._differs(obj, values, streams, many):
                    self.report.unchanged.append(name)
                    continue
                self._assign(obj, values, streams, many)
                obj.save()
                self.report.updated.append(name)

    def menu_paths(self):
        paths = []
        for folder in self.folders:
            path = folder / "settings.yaml"
            if path.exists():
                paths.extend(str(p).strip("/") for p in read_yaml(path).get("menu") or [])
        return paths

    # -- pages -----------------------------------------------------------------

    def home_page(self, spec):
        """The site's root page, replacing Wagtail's welcome page on first run."""
        model = apps.get_model(spec["type"])
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is not None and isinstance(site.root_page.specific, model):
            return site, site.root_page.specific, False
        root = Page.get_first_root_node()
        values, _streams, _many = self.wanted(model, spec, pages=False)
        # Wagtail's welcome page holds the slug "home" until it is replaced.
        values["slug"] = "clearsight-home"
        home = root.add_child(instance=model(**values))
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
        specs = load_page_specs(self.folders)
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
        menu = set(self.menu_paths())
        for spec in specs:
            self._update_page(self.pages_by_path[spec["path"]], spec, menu)
        return site

    def _ensure_page(self, spec):
        path = spec["path"].strip("/")
        parent_path, _, slug = path.rpartition("/")
        if parent_path not in self.pages_by_path:
            raise DemoContentError(f"The page '{path}' comes before its parent '{parent_path}'.")
        parent = self.pages_by_path[parent_path]
        try:
            model = apps.get_model(spec["type"])
        except (LookupError, ValueError) as error:
            raise DemoContentError(
                f"The page '{path}' has the type '{spec['type']}', which is not a page model "
                "label such as 'home.ContentPage'."
            ) from error
        page = model.objects.child_of(parent).filter(slug=slug).first()
        if page is None:
            self._set_aside(parent, slug, path)
            values, _streams, _many = self.wanted(model, spec, pages=False)
            page = model(slug=slug, live=False, **values)
            parent.add_child(instance=page)
            self.report.created.append(f"page:/{path}/")
        self.pages_by_path[path] = page

    def _set_aside(self, parent, slug, path):
        """A page of another type at this path (the demo changed the page's type
        since this database was loaded): unpublish it and free its slug, so the
        new page can take the path. Nothing is deleted; its children stay with it."""
        old = Page.objects.child_of(parent).filter(slug=slug).first()
        if old is None:
            return
        old = old.specific
        if old.live:
            old.unpublish(log_action=False)
        old.slug = f"{slug}-replaced-{old.pk}"
        old.title = old.draft_title = f"{old.title} (replaced)"
        old.save(clean=False)
        old.save_revision(clean=False, log_action=False)
        self.report.updated.append(f"set aside:/{path}/")

    def _update_page(self, page, spec, menu):
        page = page.specific
        values, streams, many = self.wanted(type(page), spec)
        values.setdefault("show_in_menus", spec["path"] in menu)
        values.setdefault("seo_title", "")
        values.setdefault("search_description", "")
        label = f"page:/{spec['path']}/" if spec["path"] else "page:/"
        unchanged = (
            page.live
            and not page.has_unpublished_changes
            and not self._differs(page, values, streams, many)
        )
        if unchanged:
            if label not in self.report.created:
                self.report.unchanged.append(label)
            return
        self._assign(page, values, streams, many)
        page.save_revision(log_action=False).publish(log_action=False)
        if label not in self.report.created:
            self.report.updated.append(label)

    # -- everything ------------------------------------------------------------

    def run_app_steps(self, site):
        """Demo content that is not pages: each app registers a step with the
        hook ``clearsight_demo_content`` (``step(loader, site)``), run after the
        pages, in app order. A step finds its rows again on the next run and adds
        labels to ``loader.report``, so a second load changes nothing."""
        for step in hooks.get_hooks("clearsight_demo_content"):
            step(self, site)

    @transaction.atomic
    def load(self):
        self.load_taxonomy()
        site = self.load_pages()
        self.load_settings(site)
        self.run_app_steps(site)
        # The sections exist now: the editorial groups' page permissions and
        # the review workflows by section (home/governance/setup.py).
        from home.governance.setup import set_up_governance

        set_up_governance()
        return self.report
