"""Settings shared by every profile.

Every value that differs between a laptop and a cluster is read from the
environment here, in one place; ``production.py`` only adds what production
must refuse to start without.
"""

import importlib.util
import os
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

import dj_database_url

# Where the project's own files are. In a checkout, `templates/` and `static/`
# sit at the top of the repository. An installed wheel has no checkout around
# it, so pyproject.toml puts them inside this package (`config/templates`,
# `config/static`); BASE_DIR is then the package folder.
PACKAGE_DIR = Path(__file__).resolve().parents[1]
FROM_CHECKOUT = not (PACKAGE_DIR / "templates").is_dir()
BASE_DIR = PACKAGE_DIR.parents[1] if FROM_CHECKOUT else PACKAGE_DIR
# Files the site writes (a SQLite database, uploads, collected static files)
# default to the checkout, or to the working directory of an installed copy,
# never into the virtual environment. Production takes each from the
# environment (production.py).
WRITABLE_DIR = BASE_DIR if FROM_CHECKOUT else Path.cwd()


def env(name, default=None):
    value = os.environ.get(name)
    return default if value in (None, "") else value


def env_bool(name, default=False):
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=()):
    value = env(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def require_env(*names):
    missing = [name for name in names if env(name) is None]
    if missing:
        raise ImproperlyConfigured(
            "Clearsight's production settings need these environment variables: "
            + ", ".join(missing)
            + ". See 'Configuration' in README.md."
        )


DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "resources",
    "cocreation",
    "schools",
    "community",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    # Editors pin pages to search words (Settings → Promoted search results).
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "crispy_forms",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django_tasks_db",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Editor accounts: two-factor authentication and login throttling (see
    # "Editor accounts" below and home/accounts/).
    "home.accounts",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
]

MIDDLEWARE = [
    # First, so that it sees the final response of everything below it, and a
    # stored page needs nothing else (home/page_cache/middleware.py).
    "home.page_cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The request's Site from the kept list (home/chrome.py), before anything asks.
    "home.chrome.SiteMiddleware",
    # Below WhiteNoise, so static files keep WhiteNoise's own precompressed
    # copies and conditional answers. ConditionalGet sits above compression so
    # that it compares If-None-Match with the ETag of the variant actually sent
    # (strong for plain bytes, weak for the padded gzip copy) and its 304 keeps
    # that ETag and `Vary: Accept-Encoding`. Compression sits above everything
    # else, so it sees the final body (nothing above it changes the body) and
    # every response made below it, error pages included; it sets the ETag
    # from the uncompressed bytes first (home/middleware.py says why).
    "django.middleware.http.ConditionalGetMiddleware",
    "home.middleware.CompressionMiddleware",
    "home.middleware.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication (and messages): marks the user verified by a second
    # factor, then keeps every unverified signed-in user out of the admin.
    "django_otp.middleware.OTPMiddleware",
    "home.accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into its 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: SQLite on a laptop, PostgreSQL (or any URL dj-database-url reads) elsewhere.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{WRITABLE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Faults, cache, sessions, page cache ------------------------------------
# A database server that does not answer is given up on after this many
# seconds (libpq's minimum is 2), so that nothing waits on it for long.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(env("DATABASE_CONNECT_TIMEOUT", "2"))
    )

# The cache: in-process by default (one process: `make run`); Redis when
# REDIS_URL is set, shared by every app server (production refuses to start
# without it). It holds the page cache and rate-limit counters. It fails open:
# with Redis down or stalled, a cache call gives up after CACHE_SOCKET_TIMEOUT
# seconds and counts as a miss, and after one failure a process leaves Redis
# alone for two seconds (home/redis_breaker.py), so pages are rendered from
# the database and rate limits let requests through (RATELIMIT_FAIL_OPEN).
REDIS_URL = env("REDIS_URL")
CACHE_SOCKET_TIMEOUT = float(env("CACHE_SOCKET_TIMEOUT", "0.25"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "clearsight"),
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "CONNECTION_POOL_CLASS": "home.redis_breaker.CircuitBreakerConnectionPool",
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": CACHE_SOCKET_TIMEOUT,
                "SOCKET_TIMEOUT": CACHE_SOCKET_TIMEOUT,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "clearsight",
            # Room for every page: culling by recent use would keep the pages
            # someone read, and a fast answer would then say so.
            "OPTIONS": {"MAX_ENTRIES": 10000},
        }
    }
# Sessions (editors only: readers get none) live in the database alone, so a
# cache outage signs nobody out. Not `cached_db`: a session deleted or changed
# while the cache was unreachable (a sign-out, say) would come back from the
# stale cached copy once the cache returned.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# The page cache (home/page_cache/): public pages are rendered by a background
# warmer after every change and kept until the next change retires them;
# PAGE_CACHE_SECONDS is only an upper bound. 0 turns the page cache off.
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", str(60 * 60 * 24)))
# Warm the page cache after each change (a task per change). Tests turn it off.
PAGE_CACHE_WARM_ON_CHANGE = env_bool("PAGE_CACHE_WARM_ON_CHANGE", True)
# After a change, the warm is split into tasks of this many pages, which every
# task worker shares (home/page_cache/tasks.py).
PAGE_CACHE_WARM_PART = int(env("PAGE_CACHE_WARM_PART", "200"))

# Background tasks (Wagtail 8 uses django-tasks). TASKS_BACKEND=immediate runs
# each task at once, in the process that enqueued it (the laptop and the
# tests). TASKS_BACKEND=database, production's default, queues it in the
# database (django-tasks-db) for a worker process: `django-admin db_worker`.
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}


def tasks_setting(backend):
    if backend not in TASK_BACKENDS:
        raise ImproperlyConfigured(
            f"TASKS_BACKEND must be one of: {', '.join(TASK_BACKENDS)}; it is {backend!r}."
        )
    return {"default": {"BACKEND": TASK_BACKENDS[backend]}}


TASKS = tasks_setting(env("TASKS_BACKEND", "immediate"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Static files: the source folder is `static/`; collectstatic writes to an
# ignored folder that WhiteNoise serves compressed and with hashed names.
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", WRITABLE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", WRITABLE_DIR / "media"))

# Media: local files by default; an S3-compatible bucket when one is named.
# The bucket's host then serves every image and video, so it joins the public
# Content-Security-Policy (img-src, media-src) below.


def s3_media_origin(options):
    """The scheme and host of the URLs django-storages will give for media in this bucket.

    With a custom domain that is the domain; otherwise botocore decides (the
    endpoint, the region and the addressing style all play a part), so ask it
    for an unsigned URL rather than guess. No request leaves the machine.
    """
    if options.get("custom_domain"):
        return f"{options.get('url_protocol', 'https:')}//{options['custom_domain']}"
    import boto3
    from botocore import UNSIGNED
    from botocore.config import Config

    client = boto3.session.Session().client(
        "s3",
        region_name=options.get("region_name"),
        endpoint_url=options.get("endpoint_url"),
        config=Config(
            signature_version=UNSIGNED,
            s3={"addressing_style": options.get("addressing_style")},
        ),
    )
    url = client.generate_presigned_url(
        "get_object", Params={"Bucket": options["bucket_name"], "Key": "media"}
    )
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
MEDIA_ORIGINS = []  # hosts other than this site's that serve media
if AWS_STORAGE_BUCKET_NAME:
    _s3_options = {
        "bucket_name": AWS_STORAGE_BUCKET_NAME,
        "endpoint_url": env("AWS_S3_ENDPOINT_URL"),
        "region_name": env("AWS_S3_REGION_NAME"),
        "custom_domain": env("AWS_S3_CUSTOM_DOMAIN"),
        "addressing_style": env("AWS_S3_ADDRESSING_STYLE"),
        "default_acl": None,
        "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", True),
        "file_overwrite": False,
    }
    if env("AWS_S3_URL_PROTOCOL"):
        _s3_options["url_protocol"] = env("AWS_S3_URL_PROTOCOL")
    _media_storage = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _s3_options}
    MEDIA_ORIGINS = [s3_media_origin(_s3_options)]
else:
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _media_storage,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Search: the database backend by default; OpenSearch or Elasticsearch by URL.
SEARCH_URL = env("SEARCH_URL")
if SEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": env("SEARCH_BACKEND", "wagtail.search.backends.opensearch3"),
            "URLS": [SEARCH_URL],
            "INDEX": env("SEARCH_INDEX", "clearsight"),
            "TIMEOUT": 5,
        }
    }
    # The OpenSearch client is an optional extra (it pulls grpcio): say so at
    # start-up rather than on the first search.
    if WAGTAILSEARCH_BACKENDS["default"]["BACKEND"].startswith(
        "wagtail.search.backends.opensearch"
    ) and not importlib.util.find_spec("opensearchpy"):
        raise ImproperlyConfigured(
            "SEARCH_URL names an OpenSearch cluster, but the OpenSearch client is not "
            "installed. Install Clearsight with its extra: pip install -c constraints.txt '.[opensearch]'."
        )
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# Email
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Clearsight <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Wagtail
WAGTAIL_SITE_NAME = "Clearsight"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no third-party requests, even in the admin
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Approving a workflow's last step publishes the page, also for reviewers
# without the publish permission (home/governance/workflows.py).
WAGTAIL_FINISH_WORKFLOW_ACTION = "home.governance.workflows.publish_workflow_state"
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# --- Images and documents (home/models/media.py, home/uploads/, home/forms.py) ---
# The site's own models, made while the database was empty (switching later
# means moving every file and reference).
WAGTAILIMAGES_IMAGE_MODEL = "home.ClearsightImage"
WAGTAILDOCS_DOCUMENT_MODEL = "home.ClearsightDocument"
# Every Wagtail upload form (add, replace, multiple upload, chooser, API) is
# built on these bases, whose file fields run home.uploads.screen_image /
# screen_document: real type sniffed, size and pixels checked from the header,
# pictures re-encoded with every piece of metadata removed.
WAGTAILIMAGES_IMAGE_FORM_BASE = "home.forms.ScreenedImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "home.forms.ScreenedDocumentForm"
# Allow-lists. Each document type also needs a checker in home/uploads/documents.py.
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "gif"]
# No HEIC/HEIF decoder: Willow registers pillow-heif's with Pillow whenever the
# package is installed (Wagtail always installs it), yet the list above refuses
# those files, so it would only be attack surface (libheif, libde265) and about
# 6 MB in every worker (issue 11: 150 MB each). None in sys.modules makes
# `import pillow_heif` fail as if it were absent, and Willow goes on without it
# (AVIF is Pillow's own). tests/config/test_import_weight.py checks both.
sys.modules.setdefault("pillow_heif", None)
WAGTAILDOCS_EXTENSIONS = [
    *("pdf", "docx", "pptx", "xlsx", "odt", "odp", "ods", "txt", "csv"),
    *("mp4", "webm", "vtt"),  # a video kept on this site, and its WebVTT captions
]
# The type each served video and captions file is sent as, named here rather
# than left to the system's MIME table: documents go out with nosniff, and
# some browsers (Firefox) show captions from a <track> only when sent as text/vtt.
WAGTAILDOCS_CONTENT_TYPES = {"mp4": "video/mp4", "webm": "video/webm", "vtt": "text/vtt"}
# Limits. The pixel count is read from the header before anything is decoded.
# At 40 megapixels the worst picture (RGBA, lying on its side so it must be
# turned) takes a worker from about 117 MB to about 430 MB while it is screened;
# refusing a 121 MP bomb costs nothing (tests/home/test_uploads.py measures
# both). Wagtail's default is 128 MP. Pillow's own guard is set to the same
# number (HomeConfig.ready), so renditions refuse bombs too.
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# The most the files of one request may take on disk (home/uploads/limits.py):
# above every per-file limit (a document, five children's pictures), so a file
# cut short at this line is always refused by its own size check.
MAX_REQUEST_UPLOAD_BYTES = int(env("MAX_REQUEST_UPLOAD_BYTES", str(32 * 1024 * 1024)))
FILE_UPLOAD_HANDLERS = [
    "home.uploads.limits.RequestUploadLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Documents are served through Django, so collection privacy (login or groups)
# applies and each download gets Wagtail's strict headers; never "direct".
WAGTAILDOCS_SERVE_METHOD = "serve_view"

CRISPY_ALLOWED_TEMPLATE_PACKS = ["clearsight"]
CRISPY_TEMPLATE_PACK = "clearsight"

# Security headers on every response. The public policy has no inline script
# or style; the admin gets its own policy in home.middleware.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "home.views.csrf_failure"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": [],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *MEDIA_ORIGINS],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'", *MEDIA_ORIGINS],
        "object-src": ["'none'"],
        "frame-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    },
}
# The Wagtail admin uses a few inline scripts and styles; it gets a policy of
# its own so that the public site's stays strict (see docs/security.md).
ADMIN_CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", *MEDIA_ORIGINS],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "frame-src": ["'self'"],
    "frame-ancestors": ["'self'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "browsing-topics": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "interest-cohort": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}

# Rate limits (django-ratelimit) count in the default cache, shared by every
# app server; a refusal renders the "too many requests" page with Retry-After.
# They fail open: while the cache is unreachable nothing is counted and every
# request is let through, because a child must still reach search and the help
# pages when Redis is down (the limit protects the site, not a reader).
RATELIMIT_VIEW = "home.views.too_many_requests"
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", True)
RATELIMIT_FAIL_OPEN = True
# Counters' cache keys are an HMAC keyed by SECRET_KEY, never a plain hash of
# the client's address (home/ratelimit_keys.py).
RATELIMIT_HASH_ALGORITHM = "home.ratelimit_keys.keyed_hash"
SEARCH_RATE_LIMIT = env("SEARCH_RATE_LIMIT", "60/m")
# The read-only JSON API of resources (resources/api.py), per client address.
API_RATE_LIMIT = env("API_RATE_LIMIT", "120/m")
# Count how often each search is made (words and a daily count only: never an
# address, a session or a time of day), for editors' Reports → Search terms.
# Searches with a digit or an "@" (a phone number, an email address) are never
# counted. Daily counts older than WAGTAILSEARCH_HITS_MAX_AGE days are removed
# by `django-admin searchpromotions_garbage_collect` (run it daily).
SEARCH_RECORD_TERMS = env_bool("SEARCH_RECORD_TERMS", True)
WAGTAILSEARCH_HITS_MAX_AGE = 30
# Seconds a refused client is asked to wait (the longest window in use).
RATELIMIT_RETRY_AFTER = int(env("RATELIMIT_RETRY_AFTER", "60"))

# The client's address (home/client_ip.py). Off by default: REMOTE_ADDR is used.
# Behind N trusted proxies set TRUSTED_PROXY_COUNT=N; the address is then read
# from TRUSTED_PROXY_HEADER (X-Forwarded-For), N entries from the right.
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
TRUSTED_PROXY_HEADER = env("TRUSTED_PROXY_HEADER", "X-Forwarded-For")
RATELIMIT_IP_META_KEY = "home.client_ip.client_ip"

# --- Contributions from children (cocreation/) ------------------------------
# The form: how much a child may send at once.
CONTRIBUTION_TEXT_MAX_CHARS = int(env("CONTRIBUTION_TEXT_MAX_CHARS", "3000"))
CONTRIBUTION_MAX_IMAGES = int(env("CONTRIBUTION_MAX_IMAGES", "5"))
# Sending: per client address, and per call across all clients (a class sending
# together shares one address, so the per-client limit is generous).
CONTRIBUTION_RATE_LIMIT = env("CONTRIBUTION_RATE_LIMIT", "20/h")
CONTRIBUTION_CALL_RATE_LIMIT = env("CONTRIBUTION_CALL_RATE_LIMIT", "1000/h")
# Retention, in days (enforced by `django-admin purge_contributions`, a
# scheduled task). Work still waiting for a parent's consent is deleted after
# CONTRIBUTION_CONSENT_DAYS (the consent link expires then too); rejected work
# after CONTRIBUTION_REJECTED_DAYS; contact details CONTRIBUTION_CONTACT_DAYS
# after publication. Nothing with an open safeguarding record is ever purged.
CONTRIBUTION_CONSENT_DAYS = int(env("CONTRIBUTION_CONSENT_DAYS", "14"))
CONTRIBUTION_REJECTED_DAYS = int(env("CONTRIBUTION_REJECTED_DAYS", "90"))
CONTRIBUTION_CONTACT_DAYS = int(env("CONTRIBUTION_CONTACT_DAYS", "30"))
# A safeguarding record is kept while it is open, whatever happens to its
# submission; once a lead has closed it and its submission is gone, it is
# deleted this many days after closing (set it to your safeguarding policy's
# retention period).
CONTRIBUTION_SAFEGUARDING_CLOSED_DAYS = int(env("CONTRIBUTION_SAFEGUARDING_CLOSED_DAYS", "90"))
# Pictures kept between two tries of a form that came back with errors.
CONTRIBUTION_PENDING_UPLOAD_HOURS = int(env("CONTRIBUTION_PENDING_UPLOAD_HOURS", "24"))
# Work in review or waiting for changes is never purged; once its status has
# not changed for this many days the daily purge emails the safeguarding leads
# a count, so that it reaches a person.
CONTRIBUTION_REVIEW_STALE_DAYS = int(env("CONTRIBUTION_REVIEW_STALE_DAYS", "60"))
# A group code's leader email is blanked this many days after its call closed
# (or, for a code switched off, after it was last used).
GROUP_CODE_EMAIL_DAYS = int(env("GROUP_CODE_EMAIL_DAYS", "90"))
# The groups whose members review contributions (created by migration).
SAFEGUARDING_LEADS_GROUP = "Safeguarding leads"
YOUTH_PANEL_GROUP = "Youth panel"

# --- Schools: lesson packs and professional access (schools/) -----------------
# Approved professional accounts are in this group; page privacy and the
# collection below name it, so its pages and files are refused to anyone else.
PROFESSIONALS_GROUP = "Professionals"
PROFESSIONALS_COLLECTION = "Professionals only"
# How long the link in a new account's email works.
PROFESSIONAL_VERIFY_HOURS = int(env("PROFESSIONAL_VERIFY_HOURS", "48"))
# An account whose email was never confirmed is deleted after this many days.
PROFESSIONAL_UNVERIFIED_DAYS = int(env("PROFESSIONAL_UNVERIFIED_DAYS", "7"))
# Accounts an editor refused are deleted this many days after the decision;
# accounts with no sign-in for PROFESSIONAL_IDLE_DAYS are deleted, with a
# warning email 30 days before (the same daily job).
PROFESSIONAL_REFUSED_DAYS = int(env("PROFESSIONAL_REFUSED_DAYS", "30"))
PROFESSIONAL_IDLE_DAYS = int(env("PROFESSIONAL_IDLE_DAYS", "730"))
# Registrations and reset emails one address (IP) may ask for.
PROFESSIONAL_REGISTER_RATE_LIMIT = env("PROFESSIONAL_REGISTER_RATE_LIMIT", "10/h")
# "How did this lesson go?": answers one address may send, and how long an
# email left for a reply is kept.
LESSON_FEEDBACK_RATE_LIMIT = env("LESSON_FEEDBACK_RATE_LIMIT", "20/h")
LESSON_FEEDBACK_EMAIL_DAYS = int(env("LESSON_FEEDBACK_EMAIL_DAYS", "180"))
# The free text of lesson feedback is blanked after this many days; the
# rating, pack and date stay (the same daily job, purge_feedback_emails).
LESSON_FEEDBACK_TEXT_DAYS = int(env("LESSON_FEEDBACK_TEXT_DAYS", "365"))

# --- Community: toolkits and training (community/) ---------------------------
# Look-ups of a certificate code one address (IP) may make: codes are 80
# random bits, and this keeps guessing slower still.
CERTIFICATE_VERIFY_RATE_LIMIT = env("CERTIFICATE_VERIFY_RATE_LIMIT", "60/h")
# How long a learner's progress through a module is kept in their browser
# (a signed cookie for the module's pages only).
TRAINING_PROGRESS_DAYS = int(env("TRAINING_PROGRESS_DAYS", "30"))

# --- Content review dates (home/governance/review.py) --------------------------
# A published resource, pack, toolkit or training module with no next-review
# date (or one already passed) is due again this many months after publishing.
REVIEW_PERIOD_MONTHS = int(env("REVIEW_PERIOD_MONTHS", "12"))

# --- Editor accounts ---------------------------------------------------------
# Every signed-in user must pass a second factor (an authenticator app, or a
# single-use recovery code) before any admin page: django-otp's TOTP and static
# devices, enforced by home.accounts.middleware in every profile.
AUTHENTICATION_BACKENDS = [
    # First, as django-axes asks: refuses a locked-out username and address.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Private pages and documents send readers to the professionals' sign-in
# (schools/professionals): a password for professionals; an editor who signs in
# there goes on to the second factor before any private page opens for them.
WAGTAIL_FRONTEND_LOGIN_URL = "/professionals/sign-in/"
OTP_TOTP_ISSUER = "Clearsight"
# django-otp doubles the wait after each wrong code (1, 2, 4 … seconds); the
# wait stops growing after this many failures (2**11 s, about 34 minutes) so
# that someone who has a password cannot lock its owner out for days.
TWO_FACTOR_MAX_THROTTLE_FAILURES = 12

# Login throttling (django-axes). Failures are counted per username AND client
# address together, so an attacker elsewhere cannot lock a known user out; a
# lock-out lifts AXES_COOLOFF_TIME after the last failed attempt.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "home.client_ip.client_ip"
# The editors' page (home.accounts.lockout), or the professionals' own on their sign-in.
AXES_LOCKOUT_CALLABLE = "schools.professionals.lockout.lockout_response"
AXES_ENABLE_ADMIN = False  # Django's own admin is not served
AXES_VERBOSE = False  # no banner on every start; lock-outs are still logged
# What axes' log lines say about a client: the form's path, never the username
# typed or the address (home/log_filters.py).
AXES_CLIENT_STR_CALLABLE = "home.log_filters.axes_client_str"
# No table of every sign-in with its address: Wagtail's log records sign-ins
# (home/governance/audit.py) without one.
AXES_DISABLE_ACCESS_LOG = True

# Sessions (signed-in editors only: readers never get one). A session ends
# after SESSION_IDLE_SECONDS without a request, and in any case
# SESSION_ABSOLUTE_SECONDS after signing in (home.accounts.middleware).
SESSION_COOKIE_AGE = int(env("SESSION_IDLE_SECONDS", str(60 * 60)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_SECONDS = int(env("SESSION_ABSOLUTE_SECONDS", str(10 * 60 * 60)))

# Password reset e-mails, per client address and per e-mail address.
RESET_EMAIL_RATE_PER_ADDRESS = "10/h"
RESET_EMAIL_RATE_PER_EMAIL = "3/h"

# Who to tell about a security problem, for /.well-known/security.txt.
SECURITY_CONTACT = env("SECURITY_CONTACT", "mailto:security@clearsight.invalid")

SHOW_PATTERN_LIBRARY = False
# The laptop profile (config.settings.dev) sets both: commands for a local admin
# account run there only, and Django serves uploads itself, never on a server.
LAPTOP = False
SERVE_MEDIA = False
# The JSON API (resources/api.py) gives at most this many items a request.
WAGTAILAPI_LIMIT_MAX = 50

# Logs hold no email address, no IP address and no secret from an address
# (consent, withdrawal and confirmation links, certificate codes): the console
# handler's filter (home/log_filters.py) redacts them from every record, from
# whichever library, tracebacks included (docs/dpia.md, action A4).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_personal_data": {"()": "home.log_filters.RedactPersonalData"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_personal_data"]}
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # runserver's request lines (the laptop only) through the same filter.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # One line per background task or publish is noise on a laptop.
        "django_tasks": {"level": env("TASKS_LOG_LEVEL", "WARNING")},
        "wagtail": {"level": env("WAGTAIL_LOG_LEVEL", "WARNING")},
        # django-axes: failures and lock-outs (WARNING) without who or where
        # (AXES_CLIENT_STR_CALLABLE); not a line for every sign-in.
        "axes": {"level": env("AXES_LOG_LEVEL", "WARNING")},
    },
}

# Accounts without recent use (Reports): no sign-in for this many days, or never.
ACCOUNT_IDLE_DAYS = int(env("ACCOUNT_IDLE_DAYS", "90"))
