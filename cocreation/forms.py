"""The form a child (or a group leader) fills in to send work to a call.

Every message is a full, kind sentence an 8-year-old can read. Pictures are
screened here (``home.uploads.screen_image``: real type from the bytes,
re-encoded, no metadata); the ones that pass are kept as ``PendingUpload``
rows when the form comes back with errors, so nobody has to choose them again.
"""

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreation.models import GroupCode, PendingUpload
from cocreation.models.pages import band_needs_parental_consent
from home.blocks.byline import SAFE_NAME
from home.forms import ErrorLinksMixin
from home.models import AgeBand, Area
from home.uploads import screen_image
from home.uploads.images import max_upload_bytes

# --- Messages, word for word (tests assert them) ----------------------------
NAME_NOT_SAFE = _("Please use just one first name or nickname, with no spaces or numbers.")
NAME_TOO_LONG = _("Please use a shorter name. It can be up to 30 letters.")
AGE_BAND_MISSING = _("Please choose how old you are.")
AGE_BAND_NOT_IN_LIST = _("Please choose one of the age groups in the list.")
AREA_NOT_IN_LIST = _("Please choose an area from the list, or leave it empty.")
TITLE_MISSING = _("Please give your work a title.")
TITLE_TOO_LONG = _("Please make your title shorter. It can be up to 120 letters and spaces.")
TEXT_TOO_LONG = _(
    "Please make your writing shorter. It can be up to %(limit_value)s letters and spaces, "
    "and you have written %(show_value)s."
)
WORK_MISSING = _("Please write something or choose a picture to send.")
TOO_MANY_PICTURES = _("You can send up to %(limit)s pictures. Please take some out.")
PICTURES_TOO_BIG_TOGETHER = _(
    "Your pictures are too big to send all together. Please choose fewer pictures, or smaller ones."
)
CONSENT_TO_SHARE_MISSING = _(
    "Please tick the box to say we can share your work. We cannot use it without your yes."
)
PARENT_EMAIL_MISSING = _(
    "You are under 13, so we need the email address of your parent or carer. "
    "Please ask them for it and type it here."
)
PARENT_EMAIL_INVALID = _("Please check the email address. It should look like name@example.com.")
GROUP_CODE_UNKNOWN = _("We do not know this group code. Please check it and type it again.")
GROUP_CODE_OTHER_CALL = _(
    "This group code is for a different call. Please check you are on the right page."
)
GROUP_CODE_INACTIVE = _("This group code cannot be used any more. Please ask us for a new one.")
GROUP_CONSENT_MISSING = _(
    "Please tick the box to confirm you have consent for everyone in your group."
)

# Child-friendly words for each way screen_image can refuse a picture.
PICTURE_MESSAGES = {
    "image_type": _(
        "“%(name)s” is not a picture we can use. Please choose a photo or a picture "
        "saved as JPEG, PNG, WebP or GIF."
    ),
    "image_too_big": _(
        "“%(name)s” is too big to send. Please choose a smaller picture, up to %(limit)s."
    ),
    "image_too_many_pixels": _("“%(name)s” is too big to send. Please choose a smaller picture."),
    "image_animated": _(
        "“%(name)s” is a moving picture. Please choose a picture that stays still."
    ),
    "image_broken": _(
        "We could not open “%(name)s”. Please save it again and choose the new copy."
    ),
}


def max_request_bytes():
    """The most one form may send: every picture at its largest, and the words."""
    return settings.CONTRIBUTION_MAX_IMAGES * max_upload_bytes() + 1024 * 1024


def short_name(upload):
    name = (getattr(upload, "name", "") or "").rsplit("/", 1)[-1] or "picture"
    return name if len(name) <= 60 else name[:57] + "…"


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultiplePictureField(forms.FileField):
    """Several pictures in one input; screening happens in the form."""

    widget = MultipleFileInput

    def to_python(self, data):
        if not data:
            return []
        uploads = data if isinstance(data, (list, tuple)) else [data]
        return [upload for upload in uploads if upload]

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")

    def clean(self, data, initial=None):
        value = self.to_python(data)
        self.validate(value)
        return value

    def bound_data(self, data, initial):
        return initial


class BandChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, band):
        return band.name


class ContributionForm(ErrorLinksMixin, forms.Form):
    name = forms.CharField(
        label=_("Your first name or nickname"),
        max_length=30,
        required=False,
        help_text=_("Just your first name or a nickname. Not your surname."),
        error_messages={"max_length": NAME_TOO_LONG},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    age_band = BandChoiceField(
        label=_("How old are you?"),
        queryset=AgeBand.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": AGE_BAND_MISSING, "invalid_choice": AGE_BAND_NOT_IN_LIST},
    )
    area = forms.ModelChoiceField(
        label=_("Where do you live?"),
        queryset=Area.objects.all(),
        required=False,
        empty_label=_("Choose your area"),
        help_text=_("Only the name of a town or a big area. Not your street."),
        error_messages={"invalid_choice": AREA_NOT_IN_LIST},
    )
    title = forms.CharField(
        label=_("Give your work a title"),
        max_length=120,
        error_messages={"required": TITLE_MISSING, "max_length": TITLE_TOO_LONG},
    )
    text = forms.CharField(
        label=_("Your writing"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Write your tips, story, poem or idea here. You can also send pictures."),
    )
    images = MultiplePictureField(
        label=_("Pictures"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )
    consent_to_share = forms.BooleanField(
        label=_("You can share this on the website"),
        error_messages={"required": CONSENT_TO_SHARE_MISSING},
    )
    consent_to_byline = forms.BooleanField(
        label=_("You can show my first name or nickname, my age group and my area"),
        required=False,
        help_text=_("If you leave this empty, we will not show your name."),
    )
    parent_email = forms.EmailField(
        label=_("Your parent's or carer's email address"),
        required=False,
        help_text=_(
            "Only if you are under 13. We will email them to ask if they agree. "
            "We will not use it for anything else."
        ),
        error_messages={"invalid": PARENT_EMAIL_INVALID},
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    group_code = forms.CharField(
        label=_("Group code"),
        max_length=20,
        required=False,
        help_text=_("Only for a teacher or youth worker sending work for a group."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    group_leader_confirms_consent = forms.BooleanField(
        label=_("I have consent from everyone in my group, and their parents or carers"),
        required=False,
    )
    # The honeypot: hidden from people (see the template), filled by robots.
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    # Fields shown in the template's own groups, in this order.
    PERSONAL_FIELDS = ("name", "age_band", "area")

    def __init__(self, *args, call, request_too_big=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        self.request_too_big = request_too_big
        bands = call.age_bands.all() if call.pk and call.age_bands.exists() else AgeBand.objects
        self.fields["age_band"].queryset = bands.order_by("min_age", "max_age")
        self.fields["text"].max_length = settings.CONTRIBUTION_TEXT_MAX_CHARS
        self.fields["text"].validators.append(
            MaxLengthValidator(settings.CONTRIBUTION_TEXT_MAX_CHARS)
        )
        self.fields["text"].error_messages["max_length"] = TEXT_TOO_LONG
        self.fields["text"].widget.attrs["maxlength"] = str(settings.CONTRIBUTION_TEXT_MAX_CHARS)
        self.fields["images"].help_text = _(
            "Photos of your drawing or poster. You can choose up to %(count)s pictures."
        ) % {"count": settings.CONTRIBUTION_MAX_IMAGES}
        self.screened_images = []  # ContentFiles that passed screening on this try
        self.group = None
        self.kept_uploads = self._kept_uploads()

    # --- Pictures kept from an earlier try ------------------------------------

    def _kept_uploads(self):
        if not self.is_bound:
            return []
        tokens = [token for token in self.data.getlist("kept_picture") if token][:20]
        removed = set(self.data.getlist("remove_picture"))
        oldest = timezone.now() - datetime.timedelta(
            hours=settings.CONTRIBUTION_PENDING_UPLOAD_HOURS
        )
        kept = list(
            PendingUpload.objects.filter(token__in=tokens, created_at__gte=oldest).order_by("pk")
        )
        self.removed_uploads = [upload for upload in kept if upload.token in removed]
        return [upload for upload in kept if upload.token not in removed]

    def keep_screened_uploads(self):
        """After an invalid try: store the pictures that passed screening, so
        the form can offer them again."""
        for cleaned in self.screened_images:
            upload = PendingUpload(display_name=cleaned.display_name[:100])
            upload.file.save(cleaned.name, cleaned, save=True)
            self.kept_uploads.append(upload)
        self.screened_images = []
        return self.kept_uploads

    def discard_removed_uploads(self):
        for upload in getattr(self, "removed_uploads", []):
            upload.file.delete(save=False)
            upload.delete()

    # --- Field cleaning -------------------------------------------------------

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if name and not SAFE_NAME.match(name):
            raise ValidationError(NAME_NOT_SAFE, code="unsafe_name")
        return name

    def clean_title(self):
        return self.cleaned_data["title"].strip()

    def clean_images(self):
        uploads = self.cleaned_data["images"]
        if self.request_too_big:
            raise ValidationError(PICTURES_TOO_BIG_TOGETHER, code="request_too_big")
        limit = settings.CONTRIBUTION_MAX_IMAGES
        if len(uploads) + len(self.kept_uploads) > limit:
            raise ValidationError(TOO_MANY_PICTURES % {"limit": limit}, code="too_many")
        errors = []
        for upload in uploads:
            try:
                cleaned = screen_image(upload)
            except ValidationError as error:
                message = PICTURE_MESSAGES.get(error.code, PICTURE_MESSAGES["image_broken"])
                errors.append(
                    ValidationError(
                        message
                        % {"name": short_name(upload), "limit": _limit_label(max_upload_bytes())},
                        code=error.code,
                    )
                )
                continue
            cleaned.display_name = short_name(upload)
            self.screened_images.append(cleaned)
        if errors:
            raise ValidationError(errors)
        return uploads

    def clean_group_code(self):
        code = self.cleaned_data["group_code"].strip().upper()
        if not code:
            return ""
        group = GroupCode.objects.filter(code__iexact=code).first()
        if group is None:
            raise ValidationError(GROUP_CODE_UNKNOWN, code="unknown")
        if group.call_id != self.call.pk:
            raise ValidationError(GROUP_CODE_OTHER_CALL, code="other_call")
        if not group.active:
            raise ValidationError(GROUP_CODE_INACTIVE, code="inactive")
        self.group = group
        return code

    def clean(self):
        cleaned = super().clean()
        group_given = bool(self.data.get("group_code", "").strip())
        if self.group is not None and not cleaned.get("group_leader_confirms_consent"):
            self.add_error("group_leader_confirms_consent", GROUP_CONSENT_MISSING)
        band = cleaned.get("age_band")
        if (
            band is not None
            and band_needs_parental_consent(band)
            and not group_given
            and not cleaned.get("parent_email")
            and "parent_email" not in self.errors
        ):
            self.add_error("parent_email", PARENT_EMAIL_MISSING)
        if self.group is not None:
            cleaned["parent_email"] = ""
        has_text = bool((cleaned.get("text") or "").strip())
        has_pictures = bool(self.screened_images or self.kept_uploads)
        work_missing = not has_text and not has_pictures
        if work_missing and "images" not in self.errors and "text" not in self.errors:
            self.add_error("text", WORK_MISSING)
        return cleaned

    # --- For the view and the template ----------------------------------------

    def is_from_a_robot(self):
        """The honeypot was filled in: a person never sees that field."""
        return bool(self.data.get("website", "").strip())

    def parental_consent_needed(self):
        band = self.cleaned_data.get("age_band")
        return self.group is None and band is not None and band_needs_parental_consent(band)

    def pictures_to_store(self):
        """Every picture to store with the submission: the kept ones, then the new."""
        files = []
        for upload in self.kept_uploads:
            upload.file.open("rb")
            files.append(ContentFile(upload.file.read(), name=upload.file.name.rsplit("/", 1)[-1]))
            upload.file.close()
        return files + list(self.screened_images)

    def forget_kept_uploads(self):
        for upload in self.kept_uploads:
            upload.file.delete(save=False)
            upload.delete()
        self.kept_uploads = []


def _limit_label(size):
    from django.template.defaultfilters import filesizeformat

    return filesizeformat(size)
