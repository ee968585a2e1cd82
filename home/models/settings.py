"""Site settings every public page reads: the help numbers and the quick exit."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from home.blocks import LinkBlock

# Words a frightened reader might search for. A search that holds one shows the
# "Get help now" page first. Editors change the list in Settings → Help and quick exit.
DEFAULT_CRISIS_SEARCH_TERMS = """help
help me
scared
frightened
afraid
groomed
grooming me
run away
running away
ran away
abuse
abused
hurt
hurting me
unsafe
not safe
in danger
kill myself
want to die
suicide
self harm
rape
raped
assaulted
blackmail
blackmailed
threatened
sextortion
nudes shared
being followed
emergency"""


class KeptSiteSetting(BaseSiteSetting):
    """A site setting that every page reads: kept across requests under the
    page cache's generation (home/chrome.py), which saving it bumps. The admin
    (`for_site`) always reads the database."""

    class Meta:
        abstract = True

    @classmethod
    def for_request(cls, request):
        attr_name = cls.get_cache_attr_name()
        if hasattr(request, attr_name):
            return getattr(request, attr_name)
        from wagtail.models import Site

        from home.chrome import remembered

        site = Site.find_for_request(request)
        if site is None:
            raise cls.DoesNotExist(f"{cls} does not exist for site None.")
        instance = remembered(
            f"setting:{cls._meta.label_lower}:{site.pk}", lambda: cls.kept_value(site)
        )
        instance._request = request
        setattr(request, attr_name, instance)
        return instance

    @classmethod
    def kept_value(cls, site):
        return cls.for_site(site)


@register_setting(icon="help")
class SafetySettings(KeptSiteSetting):
    select_related = ["get_help_page", "staying_safe_page"]

    emergency_number = models.CharField(max_length=20, default="999")
    childline_number = models.CharField(max_length=20, default="0800 1111")
    police_non_emergency_number = models.CharField(max_length=20, default="101")
    missing_people_number = models.CharField(max_length=20, default="116 000")
    get_help_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The full 'Get help now' page linked from the help strip."),
    )
    staying_safe_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The 'Staying safe online' page linked beside the exit button."),
    )
    exit_url = models.URLField(
        default="https://www.bbc.co.uk/weather",
        help_text=_("Where 'Exit this page' takes a reader: a neutral, everyday page."),
    )
    exit_destination_label = models.CharField(
        max_length=80,
        default=_("a weather page"),
        help_text=_(
            "What the exit page is, in a few words, for the young people's safety note: "
            "'It takes you to a weather page straight away.' Change it when you change the "
            "exit address."
        ),
    )

    crisis_search_terms = models.TextField(
        _("crisis search words"),
        default=DEFAULT_CRISIS_SEARCH_TERMS,
        blank=True,
        help_text=_(
            "One word or phrase a line. A search that holds any of them shows the "
            "'Get help now' page above the results."
        ),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("emergency_number"),
                FieldPanel("childline_number"),
                FieldPanel("police_non_emergency_number"),
                FieldPanel("missing_people_number"),
                FieldPanel("get_help_page"),
            ],
            heading=_("Help strip"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("exit_url"),
                FieldPanel("exit_destination_label"),
                FieldPanel("staying_safe_page"),
            ],
            heading=_("Quick exit"),
        ),
        MultiFieldPanel([FieldPanel("crisis_search_terms")], heading=_("Search")),
    ]

    def crisis_terms(self):
        """The editors' list as lower-case phrases, blank lines dropped."""
        return [
            " ".join(line.lower().split())
            for line in self.crisis_search_terms.splitlines()
            if line.strip()
        ]

    class Meta:
        verbose_name = _("help and quick exit")


@register_setting(icon="list-ul")
class NavigationSettings(KeptSiteSetting):
    """The footer's links. The main menu is the home page's children marked
    "Show in menus" (Promote tab)."""

    footer_links = StreamField([("link", LinkBlock())], blank=True)

    panels = [FieldPanel("footer_links")]

    @classmethod
    def kept_value(cls, site):
        instance = super().kept_value(site)
        instance.footer_link_pages()  # read now, so the kept copy holds them
        return instance

    def footer_link_pages(self):
        """(page, label) for each footer link, its pages read in one query.
        Kept as plain pages: a pickled StreamField would read them again."""
        if "_footer_link_pages" not in self.__dict__:
            self._footer_link_pages = [
                (link.value["page"], link.value["label"] or link.value["page"].title)
                for link in self.footer_links
                if link.value["page"] is not None
            ]
        return self._footer_link_pages

    class Meta:
        verbose_name = _("navigation")


@register_setting(icon="site")
class LocalContacts(KeptSiteSetting):
    """The local numbers every toolkit, poster and "call your local children's
    services" page shows: one edit here updates every page and poster.

    The police non-emergency number is the help strip's (Help and quick exit),
    shown beside these; it is not kept twice.
    """

    area_name = models.CharField(
        _("area"),
        max_length=120,
        blank=True,
        help_text=_("The council area these numbers serve, as readers know it."),
    )
    childrens_services_name = models.CharField(
        _("children's services team"),
        max_length=120,
        blank=True,
        default=_("Children's services"),
        help_text=_("What the council calls its children's social care front door."),
    )
    childrens_services_number = models.CharField(
        _("children's services (daytime)"), max_length=20, blank=True
    )
    childrens_services_hours = models.CharField(
        _("daytime hours"),
        max_length=120,
        blank=True,
        help_text=_("For example: Monday to Thursday 9am to 5pm, Friday 9am to 4:30pm."),
    )
    out_of_hours_number = models.CharField(
        _("children's services (out of hours)"),
        max_length=20,
        blank=True,
        help_text=_("The emergency duty team: evenings, nights, weekends and bank holidays."),
    )
    mash_name = models.CharField(
        _("safeguarding hub"),
        max_length=120,
        blank=True,
        default=_("Multi-agency safeguarding hub (MASH)"),
        help_text=_("The local multi-agency safeguarding hub, as professionals know it."),
    )
    mash_number = models.CharField(_("safeguarding hub number"), max_length=20, blank=True)
    mash_email = models.EmailField(_("safeguarding hub email"), blank=True)
    referral_url = models.URLField(
        _("online referral"),
        blank=True,
        help_text=_("The council's page for reporting a concern about a child online."),
    )

    panels = [
        FieldPanel("area_name"),
        MultiFieldPanel(
            [
                FieldPanel("childrens_services_name"),
                FieldPanel("childrens_services_number"),
                FieldPanel("childrens_services_hours"),
                FieldPanel("out_of_hours_number"),
                FieldPanel("referral_url"),
            ],
            heading=_("Children's services"),
        ),
        MultiFieldPanel(
            [FieldPanel("mash_name"), FieldPanel("mash_number"), FieldPanel("mash_email")],
            heading=_("Multi-agency safeguarding hub"),
        ),
    ]

    class Meta:
        verbose_name = _("local contacts")

    @property
    def is_set(self):
        """Whether the area's own children's services number has been filled in."""
        return bool(self.childrens_services_number)
