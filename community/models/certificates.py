"""Certificates, and the anonymous counters editors read.

A certificate keeps what the issue allows and nothing else: the name as the
learner typed it, the module, the date, the code and the pass score. It is
deleted after the module's retention period (community.services.certificates).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Certificate(models.Model):
    code = models.CharField(_("verification code"), max_length=32, unique=True)
    name = models.CharField(_("name on the certificate"), max_length=100)
    module = models.ForeignKey(
        "community.TrainingModulePage",
        null=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
        verbose_name=_("module"),
    )
    # Kept so that a certificate still reads true if the module is renamed or deleted.
    module_title = models.CharField(_("module title"), max_length=255)
    issued_on = models.DateField(_("date"))
    score = models.PositiveSmallIntegerField(_("score (%)"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("training certificate")
        ordering = ["-issued_on", "-pk"]
        indexes = [models.Index(fields=["issued_on"], name="certificate_issued_on")]

    def __str__(self):
        return f"{self.module_title}, {self.issued_on:%d %B %Y}"


class ModuleMonthStat(models.Model):
    """How many learners finished a module's quiz in a month, and how many passed.
    Counts only: kept after the certificates themselves are deleted."""

    module = models.ForeignKey(
        "community.TrainingModulePage", on_delete=models.CASCADE, related_name="month_stats"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    attempts = models.PositiveIntegerField(default=0)
    passes = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["module", "month"], name="one_stat_per_module_month")
        ]
        verbose_name = _("module completions in a month")

    def __str__(self):
        return f"{self.module_id} in {self.month:%B %Y}: {self.passes}/{self.attempts}"


class QuestionStat(models.Model):
    """How often a quiz question was answered, and answered correctly.
    Keyed by the question block's id, so rewording a question keeps its history."""

    module = models.ForeignKey(
        "community.TrainingModulePage", on_delete=models.CASCADE, related_name="question_stats"
    )
    question_id = models.CharField(max_length=64)
    answered = models.PositiveIntegerField(default=0)
    correct = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["module", "question_id"], name="one_stat_per_question")
        ]
        verbose_name = _("quiz question pass rate")

    def __str__(self):
        return f"{self.module_id} {self.question_id}: {self.correct}/{self.answered}"
