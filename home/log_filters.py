"""Keep personal data out of the console log (docs/dpia.md, action A4).

``RedactPersonalData`` sits on the console handler (``LOGGING`` in
``site/config/settings/base.py``), so every record that reaches the log,
whichever library wrote it, passes through it. It formats the message once,
with its arguments, and replaces:

- email addresses (also URL-encoded, ``name%40example.org``);
- IPv4 and IPv6 addresses (each candidate is checked with ``ipaddress``, so
  times such as 12:30:45 and version numbers stay as they are);
- the private part of every address that carries a secret: a parent's consent
  link, the thank-you and withdrawal links, a certificate's code, a
  professional's confirmation and password-reset links, Wagtail's own
  password-reset link, and ``code=``/``token=`` in a query string.

A traceback (``exc_info``) and ``stack_info`` are redacted the same way. This
module is loaded while logging is configured, before Django's apps: it must
import nothing from them.
"""

import ipaddress
import logging
import re

REDACTED = "[redacted]"

# Separators as they appear raw or URL-encoded (a path inside ?next=…).
_SLASH = r"(?:/|%2[fF])"
_SEGMENT = r"[^/?#&\s\"'%]+(?:%(?!2[fF])[0-9A-Fa-f]{2}[^/?#&\s\"'%]*)*"

# The routes whose next segment(s) are a secret (cocreation/urls.py,
# community/urls.py, schools/professionals/urls.py, Wagtail's admin). A test
# reverses each named route and checks that its secret is redacted.
_SECRET_PATHS = [
    r"contribute{s}(?:consent|withdraw|thanks){s}",
    r"certificates{s}",
    r"professionals{s}confirm{s}",
    r"professionals{s}reset-password{s}(?!(?:sent|done)(?:{s}|$)){seg}{s}",
    r"password_reset{s}confirm{s}{seg}{s}",
]
_SECRET_PATH_RE = re.compile(
    "(?P<prefix>"
    + "|".join(p.format(s=_SLASH, seg=_SEGMENT) for p in _SECRET_PATHS)
    + f")(?P<secret>{_SEGMENT})"
)
# Wagtail's and the professionals' reset links are /<uidb64>/<token>/: the
# uid is redacted too (the prefix above keeps it; this pass takes it out).
_RESET_UID_RE = re.compile(
    rf"(?P<prefix>(?:reset-password|password_reset{_SLASH}confirm){_SLASH})"
    rf"(?!(?:sent|done|{re.escape(REDACTED)})(?:{_SLASH}|$)){_SEGMENT}"
)
_SECRET_QUERY_RE = re.compile(
    r"(?P<prefix>(?:[?&]|%3[fF]|%26)(?:code|token|email)(?:=|%3[dD]))(?P<secret>[^&#\s\"']+)"
)
_EMAIL_RE = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+(?:@|%40)[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_IPV4_RE = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.]*\d)")
# Anything made of hex digits, colons and dots with at least two colons; kept
# only if ipaddress accepts it (with an optional %zone).
_IPV6_RE = re.compile(r"(?<![\w:.])[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(?:%\w+)?(?![\w:])")


def _is_ip(text):
    candidate = text.split("%", 1)[0].rstrip(".")
    try:
        ipaddress.ip_address(candidate)
    except ValueError:
        return False
    return True


def redact(text):
    """``text`` with email addresses, IP addresses and secret URL parts replaced."""
    if not text:
        return text
    text = _SECRET_PATH_RE.sub(lambda m: m["prefix"] + REDACTED, text)
    text = _RESET_UID_RE.sub(lambda m: m["prefix"] + REDACTED, text)
    text = _SECRET_QUERY_RE.sub(lambda m: m["prefix"] + REDACTED, text)
    text = _EMAIL_RE.sub(REDACTED, text)
    text = _IPV6_RE.sub(lambda m: REDACTED if _is_ip(m[0]) else m[0], text)
    text = _IPV4_RE.sub(lambda m: REDACTED if _is_ip(m[0]) else m[0], text)
    return text


class RedactPersonalData(logging.Filter):
    """A handler filter: rewrites each record in place, never drops one."""

    _formatter = logging.Formatter()

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep what there is
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def axes_client_str(username, ip_address, user_agent, path_info, request):
    """What django-axes writes about a client (AXES_CLIENT_STR_CALLABLE): the
    sign-in form's address only, never the username typed or the address."""
    if isinstance(path_info, (list, tuple)):
        path_info = path_info[0] if path_info else ""
    return f"{{path_info: {redact(path_info or '')!r}}}"
