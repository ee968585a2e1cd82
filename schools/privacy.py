"""Who may see professional-only pages and files: one place for the rules.

Professional-only material is protected by Wagtail itself: a page restricted
to the Professionals group (page privacy), and a file in the "Professionals
only" collection (a collection view restriction for the same group). These
helpers find that group and collection, and tell a page which files a reader
may download, in a fixed number of queries.
"""

from django.conf import settings

from wagtail.models import Collection, CollectionViewRestriction


def professionals_group():
    from django.contrib.auth.models import Group

    group, _ = Group.objects.get_or_create(name=settings.PROFESSIONALS_GROUP)
    return group


def professionals_collection():
    """The collection for professional-only files, restricted to the Professionals group."""
    collection = Collection.objects.filter(name=settings.PROFESSIONALS_COLLECTION).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(
            name=settings.PROFESSIONALS_COLLECTION
        )
    restriction = CollectionViewRestriction.objects.filter(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    ).first()
    if restriction is None:
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS
        )
    restriction.groups.add(professionals_group())
    return collection


def is_professional(user):
    """An approved professional (or a superuser, who may see everything)."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or any(
        group.name == settings.PROFESSIONALS_GROUP for group in user.groups.all()
    )


class CollectionRestrictions:
    """The view restrictions of every collection, loaded once (two queries), to
    tell for many documents whether a request may download each."""

    def __init__(self, restrictions=None):
        if restrictions is None:
            restrictions = CollectionViewRestriction.objects.select_related(
                "collection"
            ).prefetch_related("groups")
        self.restrictions = list(restrictions)

    @classmethod
    def kept(cls):
        """The same, with the restrictions kept per page-cache generation (saving
        one retires them; home/chrome.py). Their groups are not kept: a signed-in
        reader's check reads them afresh (Wagtail's `accept_request`), so a
        change of groups applies at once; a reader with no session needs none."""
        from home.chrome import remembered

        return cls(
            remembered(
                "collection-view-restrictions",
                lambda: list(CollectionViewRestriction.objects.select_related("collection")),
            )
        )

    def for_document(self, document):
        """The restrictions that apply to `document` (its collection's and its
        ancestors'); `document.collection` should be select_related."""
        path = document.collection.path
        return [r for r in self.restrictions if path.startswith(r.collection.path)]

    def is_restricted(self, document):
        return bool(self.for_document(document))

    def accepts(self, request, document):
        """Whether Wagtail's document view would serve `document` to `request`."""
        return all(r.accept_request(request) for r in self.for_document(document))
