"""The pack editor's curriculum chooser: checkboxes grouped by framework.

Use it on the page's panel: ``FieldPanel("curriculum_links", widget=CurriculumLinksWidget)``.
It reads the items itself in one query (with their frameworks), whatever the
form field's queryset, so the editor does not make a query per item; labels
say "(to check against the source)" for items nobody has checked.
"""

from django import forms
from django.utils.translation import gettext as _


def item_label(item):
    """An item's label inside its framework's group."""
    label = f"{item.code} {item.heading}" if item.code else item.heading
    if item.phase:
        label = f"{label} ({item.phase})"
    if not item.verified:
        label = f"{label} ({_('to check against the source')})"
    return label


class CurriculumLinksWidget(forms.CheckboxSelectMultiple):
    def optgroups(self, name, value, attrs=None):
        from schools.models import CurriculumItem

        selected = {str(v) for v in value or []}
        groups = {}
        items = CurriculumItem.objects.select_related("framework").order_by(
            "framework__sort_order", "framework__name", "sort_order", "pk"
        )
        for item in items:
            groups.setdefault(item.framework, []).append(item)
        optgroups = []
        for index, (framework, members) in enumerate(groups.items()):
            options = [
                self.create_option(
                    name,
                    item.pk,
                    item_label(item),
                    str(item.pk) in selected,
                    index,
                    subindex=subindex,
                    attrs=attrs,
                )
                for subindex, item in enumerate(members)
            ]
            optgroups.append((framework.name, options, index))
        return optgroups
