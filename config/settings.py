"""Settings for the archive, all in this one module, read from the environment.

Every variable has a development default, so `make run` works on a fresh clone; a
production deployment sets DEBUG=false, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "development-only-secret-key-not-for-production-use-0123456789"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.syndication",
    "corsheaders",
    "django_filters",
    "django_htmx",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks_db",
    "simple_history",
    "axes",
    "archive",
    "archive.search",
    "archive.curation",
]

MIDDLEWARE = [
    # /healthz and /readyz, answered before host checks and the HTTPS redirect (archive/health.py).
    "archive.health.HealthProbeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "archive.middleware.RequestSizeLimitMiddleware",
    "archive.middleware.RefuseNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Which database the request reads from, before the session is read (archive/replicas.py).
    "archive.replicas.ReadYourWritesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it answers a locked-out login with its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

# SQLite file by default (the embedded database); postgres://… in production.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while a curator writes; IMMEDIATE avoids upgrade deadlocks.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
    }
    # Connections are kept (DB_CONN_MAX_AGE) on SQLite too: opening one reads the whole
    # schema, search triggers included, which cost a search about 10 ms per request.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
# Lets parallel test runs on one PostgreSQL server keep their test databases apart.
if os.environ.get("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}
# Streaming replicas of the primary (PostgreSQL), any number, comma-separated: reads go to
# them, writes and a curator's reads right after a write to the primary (archive/replicas.py).
for _n, _url in enumerate(env_list("DATABASE_REPLICA_URLS", ""), start=1):
    DATABASES[f"replica{_n}"] = dj_database_url.parse(
        _url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"], conn_health_checks=True
    )
    # Tests read the primary's test database through the replica's own server (its
    # replication creates it there).
    DATABASES[f"replica{_n}"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["archive.replicas.ReplicaRouter"] if len(DATABASES) > 1 else []
# Seconds a browser that has just written keeps reading from the primary.
READ_YOUR_WRITES_SECONDS = int(os.environ.get("READ_YOUR_WRITES_SECONDS", "5"))

# A directory for the Tantivy ranking index of public search (archive/search/ranking.py),
# built by `manage.py build_ranking_index`; empty: the database ranks every search.
SEARCH_RANKING_INDEX = os.environ.get("SEARCH_RANKING_INDEX", "")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Original files (PDFs, scans, saved pages) live in the default storage: the filesystem
# under MEDIA_ROOT unless STORAGES["default"] names another backend (an S3-compatible store
# is a settings change). They are never served from MEDIA_URL: the archive serves only a
# published document's files, through its own view (see archive.views.originals).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# A strict policy: every script and style is a file served by the project itself.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    # Two inline styles of third-party pages, allowed by their exact digest and nothing else:
    # Swagger UI's <style> block on /api/docs/ and the history page's `style="border-top: 0"`
    # (django-simple-history). A test checks the pages still carry exactly these.
    "style-src": [
        CSP.SELF,
        CSP.UNSAFE_HASHES,
        "'sha256-MMpT0iDxyjALd9PdfepImGX3DBfJPXZ4IlDWdPAgtn0='",
        "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='",
    ],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# Production hardening; each can be relaxed from the environment behind a TLS proxy.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if os.environ.get("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = (os.environ["SECURE_PROXY_SSL_HEADER"], "https")
X_FRAME_OPTIONS = "DENY"

LOGIN_URL = "admin:login"

# Request size limits, stated on the upload form and enforced before a body is read: an
# upload of saved pages may carry UPLOAD_MAX_FILES files and UPLOAD_MAX_MEGABYTES in all
# (a larger request is refused from its Content-Length, unread); other form and JSON bodies
# stay within Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB; the API answers 413 as JSON).
UPLOAD_MAX_FILES = int(os.environ.get("UPLOAD_MAX_FILES", "200"))
UPLOAD_MAX_MEGABYTES = int(os.environ.get("UPLOAD_MAX_MEGABYTES", "64"))
DATA_UPLOAD_MAX_NUMBER_FILES = UPLOAD_MAX_FILES

# Background work (re-scanning documents for mentions after an alias edit): a database
# queue worked by `manage.py run_worker` in production; run at once in development and tests.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend" if DEBUG else "django_tasks_db.DatabaseBackend"
        )
    }
}
# The worker (archive/curation/worker.py) writes a heartbeat every TASKS_WORKER_HEARTBEAT_SECONDS;
# a task whose worker has not been seen for TASKS_WORKER_TIMEOUT_SECONDS is run again by
# another, at most TASKS_MAX_ATTEMPTS times in all. When the database goes away the worker
# tries again after TASKS_RECONNECT_FIRST_SECONDS, doubling up to TASKS_RECONNECT_MAX_SECONDS.
TASKS_WORKER_HEARTBEAT_SECONDS = float(os.environ.get("TASKS_WORKER_HEARTBEAT_SECONDS", "10"))
TASKS_WORKER_TIMEOUT_SECONDS = float(os.environ.get("TASKS_WORKER_TIMEOUT_SECONDS", "60"))
TASKS_MAX_ATTEMPTS = int(os.environ.get("TASKS_MAX_ATTEMPTS", "3"))
TASKS_RECONNECT_FIRST_SECONDS = float(os.environ.get("TASKS_RECONNECT_FIRST_SECONDS", "1"))
TASKS_RECONNECT_MAX_SECONDS = float(os.environ.get("TASKS_RECONNECT_MAX_SECONDS", "60"))

# Trusted reverse proxies in front of the application (0: clients connect directly). Each
# appends the address it saw to X-Forwarded-For; only the entries they added are believed.
NUM_PROXIES = int(os.environ.get("NUM_PROXIES", "0"))

# Login attempts (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one account from
# one address, that pair is locked out for AXES_COOLOFF_HOURS; an administrator unlocks it by
# deleting its row under *Axes → Access attempts* or with `manage.py axes_reset_username`.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "archive.clients.client_address"
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first, so a locked-out pair is refused before any check
    "django.contrib.auth.backends.ModelBackend",
]
# Original files and their reading: limits checked before a page is read (a PDF bomb is
# refused at the door), and Tesseract's settings for the pages that need OCR.
ORIGINAL_MAX_BYTES = int(os.environ.get("ORIGINAL_MAX_BYTES", str(200 * 1024 * 1024)))
ORIGINAL_MAX_PAGES = int(os.environ.get("ORIGINAL_MAX_PAGES", "2000"))
ORIGINAL_MAX_PIXELS = int(os.environ.get("ORIGINAL_MAX_PIXELS", str(60_000_000)))
OCR_DPI = int(os.environ.get("OCR_DPI", "300"))
OCR_LANGUAGES = os.environ.get("OCR_LANGUAGES", "eng+fas+ara")
OCR_TESSERACT = os.environ.get("OCR_TESSERACT", "tesseract")
OCR_PAGE_TIMEOUT = int(os.environ.get("OCR_PAGE_TIMEOUT", "300"))

# The REST API. Token first, so an anonymous write is answered 401 with a WWW-Authenticate
# header; curators' browser sessions work too (with CSRF).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["archive.api.permissions.CuratorWritePermission"],
    "DEFAULT_PARSER_CLASSES": [
        "archive.api.parsers.ArchiveJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "archive.api.pagination.ArchivePagination",
    "DEFAULT_FILTER_BACKENDS": ["archive.api.filters.StrictFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "archive.api.schema.ArchiveAutoSchema",
    "EXCEPTION_HANDLER": "archive.api.exceptions.api_exception_handler",
    # Anonymous clients are limited on the shared cache (Redis when REDIS_URL is set).
    "DEFAULT_THROTTLE_CLASSES": ["archive.api.throttling.AnonymousRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("API_ANON_RATE", "300/minute")},
    "PAGE_SIZE": 20,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Document archive API",
    "DESCRIPTION": (
        "Every published document, person, organisation, place, topic and event of the archive. "
        "Reads are open; curators write with a token (`Authorization: Token …`) or a session. "
        "Errors are JSON: a 400 names each bad parameter or field."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/",
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from the project's own static files: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "DocumentKindEnum": "archive.models.DocumentKind",
        "OrganisationKindEnum": "archive.models.OrganisationKind",
        "PlaceKindEnum": "archive.models.PlaceKind",
        "NameKindEnum": "archive.models.NameKind",
        "RoleKindEnum": "archive.models.RoleKind",
        "DocumentRelationKindEnum": "archive.models.DocumentRelationKind",
        "OrganisationRelationKindEnum": "archive.models.OrganisationRelationKind",
    },
}

# CORS: any origin may read the API and harvest OAI-PMH; nothing cross-origin may write.
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/(api|oai)/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # bagit logs a traceback for any failure it then raises; `export` reports it in one line.
    "loggers": {"bagit": {"level": "CRITICAL"}},
}

# OAI-PMH: how the repository names itself to harvesters (Identify).
OAI_REPOSITORY_IDENTIFIER = os.environ.get("OAI_REPOSITORY_IDENTIFIER", "")  # default: the request's host
OAI_REPOSITORY_NAME = os.environ.get("OAI_REPOSITORY_NAME", "Document archive")
OAI_ADMIN_EMAILS = env_list("OAI_ADMIN_EMAILS", "")  # default: archive@<host>
OAI_PAGE_SIZE = int(os.environ.get("OAI_PAGE_SIZE", "100"))  # records per response before a resumption token
