"""Issuing and checking training certificates.

A code is 80 random bits (``secrets``) written as 16 characters of Crockford's
base 32 in four groups (``7K3M-Q9XD-2HPA-V0RT``): no I, L, O or U, so it reads
aloud and types without confusion, and a look-up forgives case, spaces, dashes
and the letters people type for 0 and 1.
"""

import datetime
import secrets

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from community.models import Certificate

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32
CODE_BITS = 80
CODE_LENGTH = CODE_BITS // 5  # 16 characters
GROUP = 4
# What people type for the characters the alphabet leaves out.
_TYPED = str.maketrans({"O": "0", "I": "1", "L": "1"})


def generate_code():
    number = secrets.randbits(CODE_BITS)
    chars = []
    for _ in range(CODE_LENGTH):
        number, digit = divmod(number, 32)
        chars.append(ALPHABET[digit])
    return format_code("".join(chars))


def format_code(raw):
    return "-".join(raw[i : i + GROUP] for i in range(0, len(raw), GROUP))


def normalise_code(typed):
    """The stored form of what someone typed, or None if it cannot be a code."""
    raw = "".join(ch for ch in str(typed or "").upper() if ch.isalnum()).translate(_TYPED)
    if len(raw) != CODE_LENGTH or any(ch not in ALPHABET for ch in raw):
        return None
    return format_code(raw)


def add_months(day, months):
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last_day in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last_day))
        except ValueError:
            continue
    raise ValueError(day)


def certificate_issue(*, module, name, score, today=None):
    """Issue a certificate for ``module`` to ``name`` (as typed) with ``score`` (%)."""
    today = today or timezone.localdate()
    valid_until = (
        add_months(today, module.certificate_valid_months)
        if module.certificate_valid_months
        else None
    )
    for _ in range(5):
        try:
            with transaction.atomic():
                return Certificate.objects.create(
                    code=generate_code(),
                    name=" ".join(str(name).split())[:100],
                    module=module,
                    module_title=module.title,
                    issued_on=today,
                    score=score,
                    valid_until=valid_until,
                )
        except IntegrityError:  # a code already taken: 1 in 2**80, but never twice
            continue
    raise RuntimeError("Could not find an unused certificate code.")


def certificate_lookup(typed):
    """The certificate for a typed code, or None: one query, whatever the code."""
    code = normalise_code(typed)
    if code is None:
        return None
    return Certificate.objects.filter(code=code).first()


def certificate_status(certificate, today=None):
    """'valid', 'expired' or 'revoked'."""
    today = today or timezone.localdate()
    if certificate.revoked_at:
        return "revoked"
    if certificate.valid_until and certificate.valid_until < today:
        return "expired"
    return "valid"


# The TrainingModulePage.retention_months default: used for a certificate whose
# module has been deleted (its own retention period went with it).
DEFAULT_RETENTION_MONTHS = 72


def certificate_revoke(*, certificate, user=None):
    """Revoke a valid or expired certificate: /verify/ says so from now on."""
    if certificate.revoked_at:
        raise ValueError("This certificate is already revoked.")
    certificate.revoked_at = timezone.now()
    certificate.save(update_fields=["revoked_at"])
    return certificate


def certificate_restore(*, certificate, user=None):
    """Undo a revocation."""
    if not certificate.revoked_at:
        raise ValueError("This certificate is not revoked.")
    certificate.revoked_at = None
    certificate.save(update_fields=["revoked_at"])
    return certificate


def certificates_past_retention(today=None):
    """The certificates kept longer than their module's retention period allows:
    issued before ``today`` minus that many months (a certificate issued on
    1 March with 72 months is kept through 1 March six years on)."""
    today = today or timezone.localdate()
    conditions = Q(module__isnull=True, issued_on__lt=add_months(today, -DEFAULT_RETENTION_MONTHS))
    months = (
        Certificate.objects.filter(module__isnull=False)
        .values_list("module__retention_months", flat=True)
        .distinct()
    )
    for month_count in months:
        conditions |= Q(
            module__retention_months=month_count,
            issued_on__lt=add_months(today, -month_count),
        )
    return Certificate.objects.filter(conditions)


def certificates_purge(today=None):
    """Delete certificates older than their module's retention period (a
    certificate whose module was deleted: DEFAULT_RETENTION_MONTHS). Returns
    how many were deleted. The month and pass-rate counters are kept."""
    with transaction.atomic():
        ids = list(certificates_past_retention(today).values_list("pk", flat=True))
        if not ids:
            return 0
        deleted, _ = Certificate.objects.filter(pk__in=ids).delete()
    return deleted
