"""Settings, read from the environment (and an optional `.env` file beside manage.py).

`DATABASE_URL` picks the database (default: SQLite in the project, the embedded
default); PostgreSQL runs through psycopg 3 when the URL says `postgres://`.
"""

from datetime import timedelta
from pathlib import Path

import django_stubs_ext
import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config.api_errors import ERROR_COMPONENTS

# Generic Django classes (`ModelAdmin[Region]`) can be subscripted at run time, as typed.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
SHARED_DIR = BASE_DIR.parent / "shared"
FIXTURES_DIR = BASE_DIR / "fixtures"

env = environ.Env()
# `.env` is for local development only (make setup writes DEBUG=true there); a production
# start (gunicorn, config/gunicorn.py) refuses DEBUG on unless ALLOW_DEBUG_IN_PRODUCTION.
if env.bool("DJANGO_READ_DOT_ENV", default=True):
    environ.Env.read_env(BASE_DIR / ".env")

INSECURE_DEFAULT_SECRET_KEY = "django-insecure-development-only-key"
DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default=INSECURE_DEFAULT_SECRET_KEY)
if not DEBUG and SECRET_KEY in ("", INSECURE_DEFAULT_SECRET_KEY):
    raise ImproperlyConfigured(
        "SECRET_KEY is missing or the insecure default while DEBUG is off. "
        "Set SECRET_KEY in the environment (make setup writes one to .env for local use)."
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "apps.bodymap",
    "apps.knowledge",
    "apps.matching",
    # Accounts
    "axes",
    "apps.accounts",
    "apps.diary",
    "apps.report",
    "apps.portability",
    # production (h-prod): the database task backend's tables (used when TASKS_BACKEND=database)
    "django_tasks_db",
]

MIDDLEWARE = [
    # --- production (h-prod): request log outermost, then headers and size limits ---
    "config.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Compresses HTML and JSON (the chart page from ~170 KB to ~28 KB); Django's GZip adds
    # random bytes to each response (BREACH mitigation), so the CSRF token is safe.
    "django.middleware.gzip.GZipMiddleware",
    "config.middleware.SecurityHeadersMiddleware",
    "config.middleware.RequestSizeLimitMiddleware",
    # --- end production ---
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # production (h-prod): inside whitenoise, so static files keep their long caching
    "config.middleware.PrivateByDefaultMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Accounts
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "apps.accounts.middleware.TimeZoneMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
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
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # --- production (h-prod): a hung or unreachable database fails fast (a 503, see
    # config/faults.py) instead of freezing workers until gunicorn kills them.
    _db_options = DATABASES["default"].setdefault("OPTIONS", {})
    _db_options.setdefault("connect_timeout", env.int("DB_CONNECT_TIMEOUT", default=3))
    _statement_timeout_ms = env.int("DB_STATEMENT_TIMEOUT_MS", default=5000)
    _db_options["options"] = (
        f"{_db_options.get('options', '')} -c statement_timeout={_statement_timeout_ms}".strip()
    )
    # --- production (h-prod): psycopg's connection pool, when DB_POOL=true. Each app
    # process keeps DB_POOL_MIN_SIZE..DB_POOL_MAX_SIZE open connections (Django hands them out
    # per request, so CONN_MAX_AGE must be 0) and waits at most DB_POOL_TIMEOUT seconds for a
    # free one. Size it so (app processes x max size) stays under PostgreSQL's max_connections.
    if env.bool("DB_POOL", default=False):
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        _db_options["pool"] = {
            "min_size": env.int("DB_POOL_MIN_SIZE", default=2),
            "max_size": env.int("DB_POOL_MAX_SIZE", default=10),
            "timeout": env.float("DB_POOL_TIMEOUT", default=5.0),
        }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# --- production (h-prod): static files ---
# `collectstatic` (make setup, deploy) writes hashed, compressed copies; whitenoise serves
# them with a one-year immutable Cache-Control. Finders only while developing.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "config.static.StaticStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_MAX_AGE = 3600  # unhashed names; hashed ones are cached for a year

# Nothing leaves the app: every asset is ours, no CDN, no inline script or style.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# --- production (h-prod): security settings, secure by default with DEBUG off ---
# Each can be turned off from the environment (e.g. SECURE_SSL_REDIRECT=false behind a
# proxy that already redirects). docs/deploy.md lists them.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
# "HTTP_X_FORWARDED_PROTO,https": trust the proxy's TLS header (only behind a proxy that sets it).
_proxy_ssl_header = env.list("SECURE_PROXY_SSL_HEADER", default=[])
SECURE_PROXY_SSL_HEADER = tuple(_proxy_ssl_header) if _proxy_ssl_header else None
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
# Browser features the app never uses are switched off (config.middleware).
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), "
    "fullscreen=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), "
    "payment=(), picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), "
    "usb=(), xr-spatial-tracking=()"
)
# Cache-Control: no-store on every answer except these public, health-data-free routes
# (config.middleware.PrivateByDefaultMiddleware): new routes are private until listed.
PUBLIC_ROUTES = frozenset(
    {
        "matching:chart",
        "knowledge:muscle-index",
        "knowledge:muscle",
        "knowledge:trigger-point",
        "knowledge:technique-index",
        "knowledge:technique",
        "knowledge:what-is-a-trigger-point",
        "knowledge:when-to-stop",
        "knowledge:beyond-self-treatment",
        "api:region-list",
        "api:region-detail",
        "api:muscle-list",
        "api:muscle-detail",
        "api:trigger-point-list",
        "api:trigger-point-detail",
        "api:technique-list",
        "api:technique-detail",
        "api:schema",
        "api:docs",
        "api:redoc",
        "api:health",
        "healthz",
    }
)

# --- production (h-prod): limits ---
# No form or JSON body of this app comes near 256 KB; bigger ones get a 413 before any view
# reads them (config.middleware.RequestSizeLimitMiddleware), the API's JSON too.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=256 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
# The one exception: a diary export uploaded to be imported (a multipart file, signed in;
# 5,000 entries are about 30 MB). apps.portability checks the file again while reading it;
# a test keeps this equal to its limit plus room for the form around the file.
LARGE_UPLOAD_ROUTES = {"portability:import": 64 * 1024 * 1024 + 64 * 1024}

# --- production (h-prod): cache, shared by throttles and sessions ---
# Django's built-in Redis cache when REDIS_URL is set (shared across processes and
# machines), local memory otherwise.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# --- end production ---

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["config.fastjson.FastJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["config.fastjson.FastJSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    # --- production (h-prod): throttles by the view's `throttle_scope` (config.throttles);
    # counters live in the cache (Redis when REDIS_URL is set). "12/min" style rates.
    "DEFAULT_THROTTLE_CLASSES": ["config.throttles.ScopedThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "match": env.str("THROTTLE_MATCH", default="60/min"),
        "diary_write": env.str("THROTTLE_DIARY_WRITE", default="60/min"),
        "export": env.str("THROTTLE_EXPORT", default="10/min"),
        "share_open": env.str("THROTTLE_SHARE_OPEN", default="30/min"),
    },
    # Proxies in front of the app (nginx: 1): the client address is taken that many hops
    # back in X-Forwarded-For; 0 uses the socket's address, so the header cannot be spoofed.
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
    "EXCEPTION_HANDLER": "config.api.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Trigger-point locator API",
    "DESCRIPTION": (
        "Body regions, muscles, trigger points, treatment techniques, and the referral-pattern "
        "matcher. Region slugs follow the shared body-region contract; left and right are the "
        "patient's own."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "RegionSideEnum": "apps.vocabulary.Side",
        "BodySideEnum": "apps.vocabulary.BODY_SIDES",
        "PainKindEnum": "apps.vocabulary.PainKind",
        "StatusEnum": "apps.vocabulary.Status",
        "UrgencyEnum": "apps.vocabulary.Urgency",
        "FeedbackEnum": "apps.vocabulary.Feedback",
        "PrevalenceEnum": "apps.vocabulary.Prevalence",
    },
    "APPEND_COMPONENTS": {"schemas": ERROR_COMPONENTS},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.api_schema.require_marks_or_symptoms",
    ],
}

# --- production (h-prod): logs ---
# One JSON line per request on stdout (config.request_log): request id, route name, status,
# duration; never bodies, query strings or paths. Everything else as before on stderr.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "config.request_log.JsonLineFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "requests": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        },
    },
    "loggers": {
        "triggerpoints.requests": {
            "handlers": ["requests"],
            "level": env.str("REQUEST_LOG_LEVEL", default="INFO"),  # WARNING: no request lines
            "propagate": False,
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# Accounts ------------------------------------------------------------------------------
# A custom user model from the start; every page needs a signed-in user unless its view is
# marked `login_not_required` (the chart, results, knowledge pages, the public API).
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "matching:chart"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out attempts
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Log-in throttling: 5 failures for one username from one address lock that pair out for
# 15 minutes (keyed on both together, so nobody can lock another person out from afar).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# E-mail (password reset): printed to the console in development; SMTP when EMAIL_URL is
# set (e.g. smtp+tls://user:password@smtp.example.org:587).
if "EMAIL_URL" in env:
    _smtp = env.email_url("EMAIL_URL")
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _smtp["EMAIL_HOST"],
                "port": _smtp.get("EMAIL_PORT") or None,
                "username": _smtp.get("EMAIL_HOST_USER") or None,
                "password": _smtp.get("EMAIL_HOST_PASSWORD") or None,
                "use_tls": bool(_smtp.get("EMAIL_USE_TLS")),
                "use_ssl": bool(_smtp.get("EMAIL_USE_SSL")),
                "timeout": 10,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Trigger Point Finder <noreply@localhost>"
)
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day

# --- production (h-prod): background work through Django's tasks framework ---
# E-mail is queued (apps.accounts.emails). TASKS_BACKEND=immediate (the default, for
# development and tests) runs a task at once in the request; TASKS_BACKEND=database stores it
# (django-tasks-db) for the worker, `manage.py db_worker`, to run.
_TASK_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
_task_backend = env.str("TASKS_BACKEND", default="immediate")
if _task_backend not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {sorted(_TASK_BACKENDS)}.")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_task_backend]}}
