"""`make run`'s laptop profile (DEBUG off), with static files as production
serves them: collected, hashed and precompressed, sent by WhiteNoise. Without
this WhiteNoise would send the CSS and JavaScript uncompressed from the source
folders, and Lighthouse would measure a site nobody runs."""

from config.settings.dev import *  # noqa: F403
from config.settings.dev import STORAGES

WHITENOISE_USE_FINDERS = False
WHITENOISE_AUTOREFRESH = False
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
