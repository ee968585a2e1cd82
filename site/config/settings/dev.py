"""The laptop profile: `make run`. Never used on a server."""

from .base import *  # noqa: F403
from .base import env

DEBUG = True
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
# The pattern library of components, at /patterns/, only in development.
SHOW_PATTERN_LIBRARY = True
