"""Teachers' "How did this lesson go?" answers, kept per pack and per version."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class LessonFeedback(models.Model):
    page = models.ForeignKey(
        "schools.LessonPackPage",
        on_delete=models.CASCADE,
        related_name="feedback",
        verbose_name=_("lesson pack"),
    )
    version = models.CharField(_("pack version"), max_length=20)
    rating = models.PositiveSmallIntegerField(
        _("how it went"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    what_worked = models.TextField(_("what worked"), blank=True)
    what_to_change = models.TextField(_("what to change"), blank=True)
    # Personal data: cleared after SCHOOLS_FEEDBACK_EMAIL_DAYS (schools/services).
    reply_email = models.EmailField(_("email for a reply"), blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("lesson feedback")
        verbose_name_plural = _("lesson feedback")

    def __str__(self):
        return f"{self.page.title} v{self.version}: {self.rating}/5"
