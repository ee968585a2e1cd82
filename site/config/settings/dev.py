"""The laptop profile: `make run` and `make debug`. Never used on a server.

`make run` shows the site as a visitor sees it: DEBUG is off, so a missing
page is Clearsight's own 404 (with the quick exit and the help strip), never
Django's debug page, which lists every URL pattern. `make debug` sets
DJANGO_DEBUG=1 for Django's debug pages while developing.
"""

from .base import *  # noqa: F403
from .base import env, env_bool

DEBUG = env_bool("DJANGO_DEBUG", False)
LAPTOP = True
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
# The pattern library of components, at /patterns/, only in development.
SHOW_PATTERN_LIBRARY = True
# With DEBUG off, WhiteNoise serves `static/` straight from the source folders
# (no collectstatic), and Django serves the uploads in `media/`.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SERVE_MEDIA = True
