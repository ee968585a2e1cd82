"""The filters readers use to find pages: one registry, one form, one way to apply them.

The shell defines the filters every page has (audience, age band, topic: fields
of ``BasePage``). Feature apps add their own from their ``AppConfig.ready``
(``register_filter(...)``), so this module never names them. The library at
/resources/ and /search/ both build their form from the registry, so a filter
added here shows in both.

Filter state lives in the URL (``?topic=grooming&topic=consent&age=8-10``): a
plain GET form that works without JavaScript. Within a group the choices are
alternatives (OR); across groups every group must match (AND).

Each filter matches through a subquery on the model that holds its field
(``pk IN (SELECT pk FROM model WHERE field IN values)``), so one filter applies
to any page queryset: ``BasePage``, ``Page`` or a page type of a feature app.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

__all__ = [
    "FilterDefinition",
    "FilterForm",
    "FilterOption",
    "get_filters",
    "register_filter",
    "taxonomy_filter",
]


@dataclass(frozen=True)
class FilterOption:
    value: str  # what the URL carries
    label: str
    lookup_value: Any = None  # what the database holds, when it differs from `value`

    @property
    def db_value(self):
        return self.value if self.lookup_value is None else self.lookup_value


@dataclass(frozen=True, eq=False)  # compared and hashed by identity
class FilterDefinition:
    """One group of checkboxes.

    name: the URL parameter (``?format=poster``).
    label: the group's legend.
    model: the page model that holds the field (``BasePage`` or a subclass).
    lookup: the path from that model to the value an option stands for
        (``"topics__slug"``, ``"easy_read"``).
    options: a callable returning the choices, in the order readers see them
        (one query at most).
    order: where the group sits among the others.
    """

    name: str
    label: str
    model: type
    lookup: str
    options: Callable[[], list[FilterOption]]
    order: int = 100
    help_text: str = ""

    def _through(self):
        """For a many-to-many lookup (``topics__slug``): the join table, the
        column that holds the page and the lookup from the join table to the
        value. None for a field of the page's own table."""
        name, _sep, rest = self.lookup.partition("__")
        try:
            field = self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        if not rest or not field.many_to_many or not hasattr(field, "m2m_field_name"):
            return None  # a column of the page's table, or a reverse relation
        through = field.remote_field.through
        page_column = field.m2m_field_name()  # "basepage"
        target = field.m2m_reverse_field_name()  # "topic"
        return through, f"{page_column}_id", f"{target}__{rest}"

    def q(self, values):
        """The pages that match any of `values` (OR within the group).

        A taxonomy is matched on its join table alone (``page_id IN (SELECT
        basepage_id FROM …_topics JOIN topic WHERE slug IN …)``), using the
        join table's index on the taxonomy side, rather than reading every row
        of the pages table to join it (issue 11: that grew with the library).
        """
        db_values = [option.db_value for option in values]
        through = self._through()
        if through is not None:
            table, page_id, value_lookup = through
            matching = table.objects.filter(**{f"{value_lookup}__in": db_values})
            return Q(pk__in=matching.values(page_id))
        matching = self.model._default_manager.filter(**{f"{self.lookup}__in": db_values})
        return Q(pk__in=matching.values("pk"))

    def counts(self, page_ids_subquery):
        """{db value: number of matching pages}, in one query (on the join table
        alone for a taxonomy: each page is there once a value)."""
        through = self._through()
        if through is not None:
            table, page_id, value_lookup = through
            rows = (
                table.objects.filter(**{f"{page_id}__in": page_ids_subquery})
                .values(value_lookup)
                .annotate(n=Count(page_id))
                .order_by()
            )
            return {row[value_lookup]: row["n"] for row in rows}
        rows = (
            self.model._default_manager.filter(pk__in=page_ids_subquery)
            .values(self.lookup)
            .annotate(n=Count("pk", distinct=True))
            .order_by()
        )
        return {row[self.lookup]: row["n"] for row in rows}


_REGISTRY: dict[str, FilterDefinition] = {}


def register_filter(definition):
    """Add a filter group; a feature app calls this from its AppConfig.ready."""
    _REGISTRY[definition.name] = definition
    return definition


def get_filters():
    return sorted(_REGISTRY.values(), key=lambda definition: (definition.order, definition.name))


def taxonomy_filter(*, name, label, model, lookup, taxonomy, order=100, help_text=""):
    """A filter whose options are rows of a taxonomy snippet, by slug."""

    def options():
        # Kept for the page-cache generation, like the chrome (home/chrome.py):
        # saving a taxonomy row retires it (home/signals.py).
        from home.chrome import remembered

        return remembered(
            f"filter-options:{taxonomy._meta.label_lower}",
            lambda: [
                FilterOption(slug, label)
                for slug, label in taxonomy.objects.values_list("slug", "name")
            ],
        )

    return FilterDefinition(
        name=name,
        label=label,
        model=model,
        lookup=f"{lookup}__slug",
        options=options,
        order=order,
        help_text=help_text,
    )


# --- The form -----------------------------------------------------------------


class FilterForm(forms.Form):
    """Checkbox groups built from the registry, read from ``request.GET``.

    Unknown choices (an old link, a hand-edited URL) give a clear message
    beside the group instead of an error page; the rest of the filters still
    apply.
    """

    def __init__(self, data=None, *, definitions=None, **kwargs):
        super().__init__(data, **kwargs)
        self.definitions = list(definitions if definitions is not None else get_filters())
        self.options = {}
        for definition in self.definitions:
            options = definition.options()
            self.options[definition.name] = options
            self.fields[definition.name] = forms.MultipleChoiceField(
                label=definition.label,
                required=False,
                help_text=definition.help_text,
                choices=[(option.value, option.label) for option in options],
                widget=forms.CheckboxSelectMultiple,
                error_messages={
                    "invalid_choice": _(
                        "We do not have the choice “%(value)s” here. "
                        "Choose from the list, or clear the filters."
                    ),
                    "invalid_list": _("Choose from the list, or clear the filters."),
                },
            )

    def selected(self):
        """{definition: [FilterOption, …]} for every group with a valid choice.

        Valid choices apply even when another value in the URL was not valid.
        """
        chosen = {}
        source = self.data if self.is_bound else {}
        for definition in self.definitions:
            if hasattr(source, "getlist"):
                raw = source.getlist(definition.name)
            else:
                raw = source.get(definition.name) or []
                raw = [raw] if isinstance(raw, str) else list(raw)
            by_value = {option.value: option for option in self.options[definition.name]}
            picked = [by_value[value] for value in dict.fromkeys(raw) if value in by_value]
            if picked:
                chosen[definition] = picked
        return chosen

    def apply(self, queryset, *, skip=None):
        """`queryset` narrowed by every chosen group but `skip` (for facet counts)."""
        for definition, options in self.selected().items():
            if definition is not skip:
                queryset = queryset.filter(definition.q(options))
        return queryset

    def groups(self, base_queryset):
        """What the template shows: each group with its options, counts and state.

        The count beside an option is how many pages would be listed with that
        option ticked as well as the other groups' current choices (within a
        group the options are alternatives, so its own choices are left out).
        One query for the options and one for the counts of each group,
        whatever the number of pages.
        """

        def counts_for(definition):
            narrowed = self.apply(base_queryset, skip=definition)
            by_db_value = definition.counts(narrowed.values("pk"))
            return {
                option.value: by_db_value.get(option.db_value, 0)
                for option in self.options[definition.name]
            }

        return self._groups(counts_for)

    def index_groups(self, index, within=None):
        """The same groups, counted from a facet index (``home/facets.py``)
        among the pages in `within` (a bitmask; every page when None): no query."""
        selected = self.selected()
        return self._groups(lambda definition: index.counts(definition, selected, within))

    def _groups(self, counts_for):
        selected = self.selected()
        groups = []
        for definition in self.definitions:
            counts = counts_for(definition)
            chosen = {option.value for option in selected.get(definition, [])}
            options = [
                {
                    "value": option.value,
                    "label": option.label,
                    "count": counts.get(option.value, 0),
                    "checked": option.value in chosen,
                    "id": f"filter-{definition.name}-{index}",
                }
                for index, option in enumerate(self.options[definition.name])
            ]
            # An option that would list nothing is left out, unless it is ticked
            # (so the reader can untick it).
            options = [option for option in options if option["count"] or option["checked"]]
            errors = self.errors.get(definition.name) if self.is_bound else None
            if not options and not errors:
                continue
            groups.append(
                {
                    "name": definition.name,
                    "label": definition.label,
                    "help_text": definition.help_text,
                    "options": options,
                    "active": bool(chosen),
                    "errors": errors,
                }
            )
        return groups

    def _url(self, selected, keep=None):
        """A query string with the other parameters (the search words) and `selected`."""
        from django.http import QueryDict

        names = {definition.name for definition in self.definitions}
        query = QueryDict(mutable=True)
        data = self.data if self.is_bound and hasattr(self.data, "lists") else QueryDict()
        for name, values in data.lists():
            if name not in names and name != "page":
                query.setlist(name, values)
        for definition, options in selected.items():
            query.setlist(definition.name, [option.value for option in options])
        encoded = query.urlencode()
        return f"?{encoded}" if encoded else "?"

    def clear_url(self):
        """This list with no filters (the search words stay)."""
        return self._url({})

    def active_filters(self):
        """Each ticked option, with the URL that removes just that one (and drops
        any choice the form did not recognise)."""
        selected = self.selected()
        removals = []
        for definition, options in selected.items():
            for option in options:
                remaining = dict(selected)
                remaining[definition] = [other for other in options if other is not option]
                removals.append(
                    {
                        "group": definition.label,
                        "label": option.label,
                        "url": self._url({d: o for d, o in remaining.items() if o}),
                    }
                )
        return removals


def register_shell_filters():
    """Audience, age band and topic: fields every Clearsight page has."""
    from home.models import AgeBand, Audience, BasePage, Topic

    register_filter(
        taxonomy_filter(
            name="audience",
            label=_("Who it is for"),
            model=BasePage,
            lookup="audiences",
            taxonomy=Audience,
            order=10,
        )
    )
    register_filter(
        taxonomy_filter(
            name="age",
            label=_("Age"),
            model=BasePage,
            lookup="age_bands",
            taxonomy=AgeBand,
            order=20,
        )
    )
    register_filter(
        taxonomy_filter(
            name="topic",
            label=_("Topic"),
            model=BasePage,
            lookup="topics",
            taxonomy=Topic,
            order=30,
        )
    )
