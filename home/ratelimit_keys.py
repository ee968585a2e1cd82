"""Keyed hashes for django-ratelimit's cache keys (RATELIMIT_HASH_ALGORITHM).

django-ratelimit names each counter by hashing the group, the rate, the value
counted (a client address, or the email typed for a password reset) and the
window. With a plain SHA-256 an IPv4 address can be found again by hashing every
address; with an HMAC keyed by SECRET_KEY (salted for this use) it cannot,
without the key. Rotating SECRET_KEY only restarts the counters.
"""

from django.utils.crypto import salted_hmac

SALT = "clearsight.ratelimit"


def keyed_hash(data=b""):
    """An object with ``hexdigest()``, as django-ratelimit expects of a hashlib
    constructor."""
    return salted_hmac(SALT, data, algorithm="sha256")
