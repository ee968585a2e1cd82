"""The six editorial groups and exactly what each may do (README: "Roles").

One table, ``ROLES``: per group, Wagtail admin access, model permissions by
app, page permissions per section (``GroupPagePermission``), collection
permissions (``GroupCollectionPermission``) and the site settings it may
change. ``set_up_roles`` creates the groups if missing and makes each group's
permissions match its row: it adds what is missing and takes away anything
else (Wagtail's own first migration gives "Editors" and "Moderators" page and
collection permissions at the root; the table replaces them).

It runs after every migrate (home/apps.py, once all apps' permissions exist),
at the end of the demo load (page sections exist only then) and from
``manage.py setup_roles`` (``setup_cocreation_roles`` is an alias).

Sections are found in the page tree when the set-up runs:

- ``"all"``: the tree's root, so every page;
- ``"sections"``: each child of a site's home page except the schools section
  (Editors: every part of the site but lesson packs and school toolkits; the
  home page itself is the administrators');
- ``SCHOOLS_SECTION``: each page whose type says ``editing_section =
  SCHOOLS_SECTION`` (the schools landing page) and everything under it.

Feature apps add the rows for their own models with ``contribute`` (their
``roles.py``), so this module names none of them; ``ROLES`` is the whole table
once the apps are ready.

A section added later gets its permissions on the next ``setup_roles``.

Collections: ``"root"`` is the root collection, so every collection (Wagtail's
collection permissions are inherited downwards and cannot leave a child out,
so Editors, who upload into the root, can also reach "Professionals only";
those files are not personal data, and the restriction is for the public).

Publishing pages: in Wagtail 8 the last approval of a workflow publishes
through ``Revision.publish(user=approver)``, which checks the approver's
publish permission; see home/governance/workflows.py for how the review
workflows publish on the last approval without giving reviewers the Publish
button.
"""

from dataclasses import dataclass, field

from django.conf import settings

ADMINISTRATORS = "Administrators"
EDITORS = "Editors"
SCHOOLS_EDITORS = "Schools editors"
MODERATORS = "Moderators"
SAFEGUARDING_LEADS = settings.SAFEGUARDING_LEADS_GROUP
YOUTH_PANEL = settings.YOUTH_PANEL_GROUP

ALL = "*"  # every permission of an app's own (non-page) models

# Page permissions (Wagtail 8 codenames on wagtailcore.Page).
EDIT_PAGES = ["add_page", "change_page", "lock_page"]
ALL_PAGES = [*EDIT_PAGES, "publish_page", "bulk_delete_page", "unlock_page"]

IMAGES = ["add_image", "change_image", "choose_image"]
DOCUMENTS = ["add_document", "change_document", "choose_document"]
ALL_FILES = [*IMAGES, "delete_image", *DOCUMENTS, "delete_document"]
COLLECTIONS = ["add_collection", "change_collection", "delete_collection"]

TAXONOMY = ["ageband", "audience", "topic", "area"]

# A section whose pages one group edits alone: a page type names it with
# ``editing_section = SCHOOLS_SECTION`` (the schools landing page), and the
# Editors' "sections" leave it out.
SCHOOLS_SECTION = "Schools section"


def _model_permissions(actions, models):
    return [f"{action}_{model}" for model in models for action in actions]


@dataclass(frozen=True)
class Role:
    """What one group may do. ``models``: app label → codenames (or ``ALL``);
    ``pages``: section → page permissions; ``collections``: collection →
    image, document and collection permissions; ``settings``: the settings
    models ("app_label.ModelName") the group may change."""

    admin: bool = True
    models: dict = field(default_factory=dict)
    pages: dict = field(default_factory=dict)
    collections: dict = field(default_factory=dict)
    settings: list = field(default_factory=list)
    # Codenames taken out of an ``ALL`` (app label → codenames).
    excluding: dict = field(default_factory=dict)


SAFETY_SETTINGS = ["home.SafetySettings", "home.LocalContacts"]

ROLES = {
    # Everything a small team's administrators run: people and groups, every
    # setting, page, file, snippet and report, the audit and data rights.
    # Recording a safeguarding outcome stays with the safeguarding leads.
    ADMINISTRATORS: Role(
        models={
            "auth": _model_permissions(["add", "change", "delete", "view"], ["user", "group"]),
            "home": ALL,
            "wagtailcore": [
                *COLLECTIONS,
                *_model_permissions(
                    ["add", "change", "delete"], ["site", "workflow", "task", "locale"]
                ),
            ],
            "wagtailimages": ["add_image", "change_image", "delete_image"],
            "wagtaildocs": ["add_document", "change_document", "delete_document"],
            "wagtailredirects": ALL,
            "wagtailsearchpromotions": ALL,
            "wagtailforms": ALL,
        },
        pages={"all": ALL_PAGES},
        collections={"root": [*ALL_FILES, *COLLECTIONS]},
        settings=[*SAFETY_SETTINGS, "home.NavigationSettings"],
    ),
    # Pages in every section but schools (no publish: the review workflows
    # publish on the last approval), files, the taxonomy, redirects and
    # promoted search results, submissions as today, certificates and
    # training results, professional accounts (schools/services/professionals.py).
    EDITORS: Role(
        models={
            "home": [
                *_model_permissions(["add", "change", "view"], TAXONOMY),
                "view_content_reports",
                "view_submission_reports",
            ],
            "wagtailredirects": _model_permissions(["add", "change", "delete"], ["redirect"]),
            "wagtailsearchpromotions": _model_permissions(
                ["add", "change", "delete"], ["searchpromotion"]
            ),
        },
        pages={"sections": EDIT_PAGES},
        collections={"root": [*IMAGES, *DOCUMENTS]},
        settings=["home.NavigationSettings"],
    ),
    # The schools section only: lesson packs and toolkits, the curriculum data
    # and teachers' lesson feedback, professional accounts.
    SCHOOLS_EDITORS: Role(
        models={
            "home": [*_model_permissions(["view"], TAXONOMY), "view_content_reports"],
        },
        pages={SCHOOLS_SECTION: EDIT_PAGES},
        collections={"root": [*IMAGES, *DOCUMENTS]},
    ),
    # Submissions as today; no pages.
    MODERATORS: Role(
        models={
            "home": ["view_submission_reports"],
        },
    ),
    # Everything on submissions and safeguarding records, screening settings,
    # group codes, and the help numbers and local contacts (safety-critical).
    # They review pages through the workflows' tasks: no page permission.
    SAFEGUARDING_LEADS: Role(
        models={
            "home": ["view_safeguarding_reports", "view_submission_reports"],
        },
        settings=[*SAFETY_SETTINGS],
    ),
    # The work and the age band, at their step: Wagtail opens the editor to
    # members of the task's group (GroupApprovalTask.user_can_access_editor),
    # so no change permission is needed. cocreation/moderation/youth_panel_admin.py hides
    # every menu item that is not their work.
    YOUTH_PANEL: Role(),
}

# Whatever the table says, never these for the youth panel: who sent a piece
# of work, how to reach them, safeguarding outcomes, contact settings.
NEVER_FOR_YOUTH_PANEL = {}


def contribute(app_label, *, models=None, settings=(), excluding=None, never_for_youth_panel=()):
    """A feature app's rows of the table, for its own models (home names none):
    ``models`` maps a group to codenames (or ``ALL``) of ``app_label``;
    ``settings`` is a list of (group, "app_label.ModelName"); ``excluding``
    maps a group to codenames taken out of its ``ALL``. Each app calls it from
    its own roles module, imported in its ``AppConfig.ready``."""
    for group, codenames in (models or {}).items():
        ROLES[group].models[app_label] = codenames
    for group, dotted in settings:
        if dotted not in ROLES[group].settings:
            ROLES[group].settings.append(dotted)
    for group, codenames in (excluding or {}).items():
        ROLES[group].excluding[app_label] = list(codenames)
    if never_for_youth_panel:
        NEVER_FOR_YOUTH_PANEL[app_label] = list(never_for_youth_panel)


def _setting_permission(dotted):
    app_label, model_name = dotted.split(".")
    return app_label, f"change_{model_name.lower()}"


def wanted_model_permissions(role, using="default"):
    """The Permission rows a role's ``models`` and ``settings`` name."""
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    by_app = {}
    for app_label, codenames in role.models.items():
        by_app.setdefault(app_label, set())
        if codenames == ALL:
            by_app[app_label] = ALL
        else:
            by_app[app_label].update(codenames)
    if role.admin:
        by_app.setdefault("wagtailadmin", set()).add("access_admin")
    for dotted in role.settings:
        app_label, codename = _setting_permission(dotted)
        if by_app.get(app_label) != ALL:
            by_app.setdefault(app_label, set()).add(codename)

    query = Q(pk__in=[])
    for app_label, codenames in by_app.items():
        if codenames == ALL:
            query |= Q(content_type__app_label=app_label) & ~Q(
                codename__in=role.excluding.get(app_label, [])
            )
        else:
            query |= Q(content_type__app_label=app_label, codename__in=codenames)
    permissions = Permission.objects.using(using).filter(query).select_related("content_type")
    # An app's page models' own permissions mean nothing to Wagtail (pages
    # use GroupPagePermission): leave them out of an ALL.
    return {
        permission
        for permission in permissions
        if by_app[permission.content_type.app_label] != ALL
        or not _is_page_model(permission.content_type)
    }


def _is_page_model(content_type):
    from wagtail.models import Page

    model = content_type.model_class()
    return model is not None and issubclass(model, Page)


def section_pages(section, using="default"):
    """The pages at the top of a section (see the module's docstring)."""
    from wagtail.models import Page, Site

    if section == "all":
        return list(Page.objects.using(using).filter(depth=1))
    if section == "sections":
        apart = _section_types()
        pages = []
        for site in Site.objects.using(using).select_related("root_page").order_by("pk"):
            children = site.root_page.get_children().using(using)
            if apart:
                children = children.not_type(*apart)
            pages.extend(children.order_by("path"))
        return pages
    types = _section_types(section)
    if not types:
        return []
    return list(Page.objects.using(using).type(*types).order_by("path"))


def _section_types(section=None):
    """The page types that name a section of their own (``editing_section``):
    all of them, or those naming ``section``."""
    from home.governance import page_types_declaring

    return [
        model
        for model, name in page_types_declaring("editing_section")
        if section is None or name == section
    ]


def section_collections(key, using="default"):
    from wagtail.models import Collection

    if key == "root":
        return list(Collection.objects.using(using).filter(depth=1))
    raise ValueError(f"Unknown collection: {key}")


def _codenames(app_labels, codenames, using):
    from django.contrib.auth.models import Permission

    return {
        permission.codename: permission
        for permission in Permission.objects.using(using).filter(
            content_type__app_label__in=app_labels, codename__in=codenames
        )
    }


def _sync_model_permissions(group, role, using):
    wanted = {permission.pk for permission in wanted_model_permissions(role, using)}
    if group.name == YOUTH_PANEL:
        wanted -= _never_for_youth_panel(using)
    held = set(group.permissions.values_list("pk", flat=True))
    group.permissions.add(*(wanted - held))
    group.permissions.remove(*(held - wanted))
    return len(wanted - held)


def _never_for_youth_panel(using):
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    query = Q(pk__in=[])
    for app_label, codenames in NEVER_FOR_YOUTH_PANEL.items():
        query |= Q(content_type__app_label=app_label, codename__in=codenames)
    return set(Permission.objects.using(using).filter(query).values_list("pk", flat=True))


def _sync_page_permissions(group, role, using):
    from wagtail.models import GroupPagePermission

    by_codename = _codenames(["wagtailcore"], {c for cs in role.pages.values() for c in cs}, using)
    wanted = {
        (page.pk, by_codename[codename].pk)
        for section, codenames in role.pages.items()
        for page in section_pages(section, using)
        for codename in codenames
        if codename in by_codename
    }
    held = {
        (row.page_id, row.permission_id): row.pk
        for row in GroupPagePermission.objects.using(using).filter(group=group)
    }
    GroupPagePermission.objects.using(using).bulk_create(
        [
            GroupPagePermission(group=group, page_id=page_id, permission_id=permission_id)
            for page_id, permission_id in sorted(wanted - held.keys())
        ]
    )
    GroupPagePermission.objects.using(using).filter(
        pk__in=[pk for key, pk in held.items() if key not in wanted]
    ).delete()
    return len(wanted - held.keys())


def _sync_collection_permissions(group, role, using):
    from wagtail.models import GroupCollectionPermission

    codenames = {c for cs in role.collections.values() for c in cs}
    by_codename = _codenames(["wagtailimages", "wagtaildocs", "wagtailcore"], codenames, using)
    wanted = {
        (collection.pk, by_codename[codename].pk)
        for key, codenames in role.collections.items()
        for collection in section_collections(key, using)
        for codename in codenames
        if codename in by_codename
    }
    held = {
        (row.collection_id, row.permission_id): row.pk
        for row in GroupCollectionPermission.objects.using(using).filter(group=group)
    }
    GroupCollectionPermission.objects.using(using).bulk_create(
        [
            GroupCollectionPermission(
                group=group, collection_id=collection_id, permission_id=permission_id
            )
            for collection_id, permission_id in sorted(wanted - held.keys())
        ]
    )
    GroupCollectionPermission.objects.using(using).filter(
        pk__in=[pk for key, pk in held.items() if key not in wanted]
    ).delete()
    return len(wanted - held.keys())


def set_up_roles(using="default"):
    """Create the six groups if missing and make each group's permissions match
    ``ROLES``: what is missing is added, anything else is taken away. Returns
    how many permissions were added (model, page and collection)."""
    from django.contrib.auth.models import Group

    added = 0
    for name, role in ROLES.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        added += _sync_model_permissions(group, role, using)
        added += _sync_page_permissions(group, role, using)
        added += _sync_collection_permissions(group, role, using)
    return added
