"""Data rights (home/governance/data_rights/): professional accounts and lesson
feedback, found by an email address.

- A professional account is erased as "delete my account" does: the user and
  its profile go, and the audit log's entries about it lose the email and the
  reason (schools/services/professionals.py). Refused for an account that can
  open the admin (remove it from Users instead).
- Lesson feedback with that reply email is deleted whole: the free text is the
  teacher's own words and may name a pupil.
"""

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from home.governance.data_rights.registry import Kind, Refused, register
from schools.models import LessonFeedback, ProfessionalProfile
from schools.services.professionals import WrongState, professional_remove


def day(value):
    return date_format(value, "j F Y") if value else _("an unknown date")


# --- Professional accounts -----------------------------------------------------------


def find_professionals(email=None, code=None):
    if not email:
        return []
    return list(
        ProfessionalProfile.objects.filter(user__email__iexact=email)
        .select_related("user")
        .order_by("created_at", "pk")
    )


def describe_professional(profile):
    return _("Professional account (%(organisation)s, %(status)s), registered on %(date)s") % {
        "organisation": profile.organisation,
        "status": profile.get_status_display().lower(),
        "date": day(profile.created_at),
    }


def export_professional(profile):
    user = profile.user
    return {
        "name": user.get_full_name() or user.first_name,
        "email": user.email,
        "username": user.username,
        "organisation": profile.organisation,
        "job_title_or_role": profile.role,
        "status": profile.get_status_display(),
        "email_confirmed": profile.email_verified_at,
        "approved_by_email_domain": profile.auto_approved,
        "decided": profile.decided_at,
        "reason": profile.decision_reason,
        "registered": profile.created_at,
        "last_signed_in": user.last_login,
    }


def erase_professional(profile, user):
    try:
        professional_remove(profile=profile, user=user)
    except WrongState as error:
        raise Refused(
            _("This account can open the admin: remove it from Users instead.")
        ) from error
    return []


register(
    Kind(
        key="schools.professionalprofile",
        label=gettext_lazy("Professional account"),
        find=find_professionals,
        describe=describe_professional,
        export=export_professional,
        erase=erase_professional,
        date=lambda profile: profile.created_at,
        order=40,
    )
)


# --- Lesson feedback -----------------------------------------------------------------


def find_feedback(email=None, code=None):
    if not email:
        return []
    return list(
        LessonFeedback.objects.filter(reply_email__iexact=email)
        .select_related("page")
        .order_by("created_at", "pk")
    )


def describe_feedback(feedback):
    return _("Email for a reply on lesson feedback about “%(pack)s”, sent on %(date)s") % {
        "pack": feedback.page.title,
        "date": day(feedback.created_at),
    }


def export_feedback(feedback):
    return {
        "lesson_pack": feedback.page.title,
        "pack_version": feedback.version,
        "how_it_went": feedback.rating,
        "what_worked": feedback.what_worked,
        "what_to_change": feedback.what_to_change,
        "email_for_a_reply": feedback.reply_email,
        "sent": feedback.created_at,
    }


def erase_feedback(feedback, user):
    LessonFeedback.objects.filter(pk=feedback.pk).delete()
    return []


register(
    Kind(
        key="schools.lessonfeedback",
        label=gettext_lazy("Lesson feedback"),
        find=find_feedback,
        describe=describe_feedback,
        export=export_feedback,
        erase=erase_feedback,
        date=lambda feedback: feedback.created_at,
        order=50,
    )
)
