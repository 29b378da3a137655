"""Settings of the Deputy Training Portal, read from the environment.

With nothing set, the portal runs on an embedded default (SQLite, Celery tasks executed in
process, DEBUG on) so that one command shows it working. With DATABASE_URL and REDIS_URL set it
runs on PostgreSQL, with Redis as the Celery broker and a separate worker; DEBUG is then off
unless asked for, and the production-safe settings below apply.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

EMBEDDED = "DATABASE_URL" not in env
DEBUG = env.bool("DEBUG", default=EMBEDDED)

SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-the-embedded-default"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "portal.errors.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_celery_beat",
    "django_htmx",
    "simple_history",
    "template_partials",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "portal",
    "councils",
    "trainings",
    "assessments",
    # Commands only (seed_demo, generate_load, bench, bench_dashboard); it may read every app above.
    "demo",
]

MIDDLEWARE = [
    # First, so that it compresses what every other middleware wrote (see portal/compression.py).
    "portal.compression.TextGZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "portal.middleware.reject_nul_characters",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.nav",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Reuse connections in production; health-check them so a restarted PostgreSQL is survived.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if EMBEDDED else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SQLITE = DATABASES["default"]["ENGINE"].endswith("sqlite3")
if SQLITE:
    # Several threads share the file (runserver, the tests' live server): WAL lets pages read while a save
    # writes, and IMMEDIATE transactions make writers wait their turn instead of failing "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Tests use a file too: an in-memory database shared between threads fails with "table is locked".
    DATABASES["default"]["TEST"] = {"NAME": f"{DATABASES['default']['NAME']}-test"}
else:
    # The portal's queries are short. PostgreSQL's JIT compiler, started by cost estimates alone, spent 0.6 s
    # compiling a 15 ms query of the council page at national scale (docs/BENCHMARKS.md): it stays off.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
# SQLite cannot enforce the deputy uniqueness constraint with NULL birth years; the importers check it too.
SILENCED_SYSTEM_CHECKS = ["models.W047"] if SQLITE else []

AUTH_USER_MODEL = "portal.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# How long a trainer's one-time set-password link stays valid (portal/trainers/links.py).
SET_PASSWORD_LINK_DAYS = env.int("SET_PASSWORD_LINK_DAYS", default=7)
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses logins while a username/IP pair is locked out
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling: 5 failed attempts for one username from one address lock it for 30 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # keep command output (e.g. JSON from stats_summary) clean
# Failures are counted per client address: behind N reverse proxies that append to X-Forwarded-For, set
# TRUSTED_PROXY_COUNT=N, or every login would seem to come from the proxy (portal/proxy.py).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "portal.proxy.client_address"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Kyrgyz and Russian for the users, English for the donor's reports.
LANGUAGE_CODE = env("LANGUAGE_CODE", default="ru")
LANGUAGES = [("ky", "Кыргызча"), ("ru", "Русский"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Asia/Bishkek"
USE_I18N = True
USE_TZ = True
# Django's Kyrgyz locale uses "." as decimal separator; pages and charts follow that one convention.
FORMAT_MODULE_PATH = ["portal.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed files in production (needs collectstatic); plain files in development and tests.
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("STATIC_MANIFEST", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True  # serve from the apps' static dirs when collectstatic has not run
# Source maps are fetched by browsers' developer tools only; compressing them (brotli: seconds per map) would
# make up most of collectstatic's time.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"

# Uploads (imports) are read in memory up to this size; larger files are refused by the forms.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
IMPORT_MAX_UPLOAD_BYTES = env.int("IMPORT_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)
# What reading one uploaded table may cost (fileformats/limits.py): an XLSX may unpack to at most this
# many bytes, and a file may have at most this many rows after its header, empty rows included.
IMPORT_MAX_UNZIPPED_BYTES = env.int("IMPORT_MAX_UNZIPPED_BYTES", default=10 * IMPORT_MAX_UPLOAD_BYTES)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=200_000)
# Uploaded files are kept this many days, then cleared by a beat task (portal/retention.py); the record of
# the upload (who, when, counts, errors) stays.
UPLOAD_RETENTION_DAYS = env.int("UPLOAD_RETENTION_DAYS", default=7)
# Imports of files with more rows than this run in a Celery worker, with a progress bar; a results row
# weighs 4 register rows (it writes a deputy, an enrolment, attendance and two scores): 500 results rows.
IMPORT_ASYNC_ROWS = env.int("IMPORT_ASYNC_ROWS", default=2000)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# How long the campaign page reuses its progress and conflicts while no version changed (trainings/page_cache.py).
CAMPAIGN_PAGE_CACHE_SECONDS = env.int("CAMPAIGN_PAGE_CACHE_SECONDS", default=300)
# How long after computing them the campaign page keeps showing its score-quality flags while scores are being
# saved (each save changes the campaign's version): trainers saving every second would otherwise make every
# view compute them afresh (docs/BENCHMARKS.md, load curve).
CAMPAIGN_FLAGS_REUSE_SECONDS = env.int("CAMPAIGN_FLAGS_REUSE_SECONDS", default=30)

# Redis and Celery. Without REDIS_URL, tasks run in process (the embedded default).
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"  # a host named: kombu warns on every task without one
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=10 * 60)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=12 * 60)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A message taken by a worker that dies unacknowledged (acks_late) goes back to the queue after
# visibility_timeout seconds. It must exceed the hard time limit above, or a task still running would be
# handed to a second worker; imports do not wait for it: a beat sweep re-queues them (JOB_STALE_SECONDS).
BROKER_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=15 * 60)
# Fail fast when Redis is down instead of blocking a web request.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "visibility_timeout": BROKER_VISIBILITY_TIMEOUT,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_TIMEZONE = TIME_ZONE
# django-celery-beat's DatabaseScheduler, sending tasks only while it holds a lease in Redis (portal/beat.py): a
# second beat stands by instead of doubling every periodic task, and takes over within BEAT_LEASE_SECONDS of
# the first one's death (docs/scaling.md).
CELERY_BEAT_SCHEDULER = "portal.beat:LeaderScheduler"
BEAT_LEASE_SECONDS = env.int("BEAT_LEASE_SECONDS", default=30)
CELERY_BEAT_SCHEDULE = {
    # Full statistics recompute every night (also after settings such as YOUTH_MAX_AGE change).
    "nightly-statistics": {
        "task": "assessments.recompute_all_stats",
        "schedule": crontab(hour=2, minute=30),
    },
    # Snapshots left behind (Redis down when the change was saved, a worker killed mid-run) catch up here.
    "stale-statistics": {
        "task": "assessments.recompute_stale_stats",
        "schedule": env.float("STATS_CATCH_UP_SECONDS", default=60.0),
    },
    # Imports whose worker died (no heartbeat for JOB_STALE_SECONDS) are queued again, or failed.
    "stuck-imports": {
        "task": "councils.sweep_stuck_import_jobs",
        "schedule": env.float("JOB_SWEEP_SECONDS", default=60.0),
    },
    # Message batches whose worker died are sent on (never a message twice), or stopped.
    "stuck-message-batches": {
        "task": "trainings.sweep_stuck_message_batches",
        "schedule": env.float("JOB_SWEEP_SECONDS", default=60.0),
    },
    # Uploaded files older than UPLOAD_RETENTION_DAYS are cleared from refused, finished and abandoned imports.
    "clear-old-uploads": {
        "task": "portal.clear_old_uploads",
        "schedule": crontab(hour=3, minute=15),
    },
}
# A running import touches its row's heartbeat every JOB_STALE_SECONDS / 4; one silent for longer than
# JOB_STALE_SECONDS has lost its worker and is run again (it is atomic), at most JOB_MAX_ATTEMPTS times.
# Imports run in a web request are bounded by gunicorn's --timeout (60 s), well below the default.
JOB_STALE_SECONDS = env.float("JOB_STALE_SECONDS", default=120.0)
JOB_MAX_ATTEMPTS = env.int("JOB_MAX_ATTEMPTS", default=3)
# A change schedules a statistics recompute this many seconds later; changes in between join that run.
STATS_DEBOUNCE_SECONDS = env.float("STATS_DEBOUNCE_SECONDS", default=0.5)
STATS_PENDING_TTL = env.int("STATS_PENDING_TTL", default=120)

# Publishing a task while Redis is down fails after a short retry instead of holding the request.
QUICK_RETRY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_TASK_PUBLISH_RETRY_POLICY = QUICK_RETRY
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"retry_policy": QUICK_RETRY}
CELERY_REDIS_SOCKET_TIMEOUT = 5

if REDIS_URL:
    # Fails soft (portal/cache.py): with Redis down, pages work without the cache.
    CACHES = {
        "default": {
            "BACKEND": "portal.cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Content-Security-Policy: scripts only from the portal itself (no inline scripts, no CDN). Inline
# style attributes stay allowed: Bootstrap components and progress bars set widths that way.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # The service worker (/sw.js) and the web app manifest come from the portal itself.
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Production-safe defaults whenever DEBUG is off.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # django-axes logs every successful login at INFO, WeasyPrint each step of a PDF and fontTools each font
    # it subsets; keep their warnings only.
    "loggers": {name: {"level": "WARNING"} for name in ("axes", "weasyprint", "fontTools")},
}

# A participant is "youth" up to this age (inclusive) at the campaign's start (DESIGN §3).
# Messages to deputies (docs/messaging.md). E-mail through Django's backend named by EMAIL_URL
# (smtp://user:password@host:587 with ?tls=True, consolemail://, filemail:///path/); a provider through
# django-anymail by setting EMAIL_BACKEND and ANYMAIL in a local settings module.
vars().update(env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="portal@localhost")
# SMS: "trainings.messaging.backends.HttpGatewaySms" in production; the file backend (JSON lines) by default.
SMS_BACKEND = env("SMS_BACKEND", default="trainings.messaging.backends.FileSmsBackend")
SMS_FILE_PATH = env("SMS_FILE_PATH", default=str(BASE_DIR / "var" / "sms.jsonl"))
SMS_GATEWAY_URL = env("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_TOKEN = env("SMS_GATEWAY_TOKEN", default="")
SMS_GATEWAY_USERNAME = env("SMS_GATEWAY_USERNAME", default="")
SMS_GATEWAY_PASSWORD = env("SMS_GATEWAY_PASSWORD", default="")
SMS_SENDER = env("SMS_SENDER", default="")
SMS_GATEWAY_TIMEOUT = env.float("SMS_GATEWAY_TIMEOUT", default=10.0)  # seconds, at most 30
# The gateway delivers a message once per Idempotency-Key: a timed-out request may then be retried.
SMS_GATEWAY_IDEMPOTENT = env.bool("SMS_GATEWAY_IDEMPOTENT", default=True)
MESSAGE_MAX_ATTEMPTS = env.int("MESSAGE_MAX_ATTEMPTS", default=3)
MESSAGE_RETRY_BACKOFF = env.float("MESSAGE_RETRY_BACKOFF", default=2.0)  # seconds, doubled each retry
MESSAGE_BATCH_MAX_RECIPIENTS = env.int("MESSAGE_BATCH_MAX_RECIPIENTS", default=5000)
MESSAGE_DEFAULT_LANGUAGE = env("MESSAGE_DEFAULT_LANGUAGE", default="ky")
# Prefix of each message's idempotency key: distinct per installation sharing one gateway account.
MESSAGE_ID_PREFIX = env("MESSAGE_ID_PREFIX", default="portal")

YOUTH_MAX_AGE = env.int("YOUTH_MAX_AGE", default=35)
# The score grid flags a post-test lower than the pre-test by more than this many percentage points.
SCORE_DROP_FLAG_PP = env.int("SCORE_DROP_FLAG_PP", default=20)
# Deprecated (read for one more release): when set, results files with more rows than this run in a
# worker, instead of IMPORT_ASYNC_ROWS / 4.
RESULTS_IMPORT_SYNC_MAX_ROWS = env.int("RESULTS_IMPORT_SYNC_MAX_ROWS", default=None)
# The national course catalogue printed on certificates ("Continue learning: …"); empty leaves the line out.
COURSE_CATALOGUE_URL = env("COURSE_CATALOGUE_URL", default="https://myktyaimak.gov.kg")
# Lookups of certificate codes one client may make on /verify/ within VERIFY_RATE_WINDOW seconds.
VERIFY_RATE_LIMIT = env.int("VERIFY_RATE_LIMIT", default=30)
VERIFY_RATE_WINDOW = env.int("VERIFY_RATE_WINDOW", default=600)
# Seconds for which /health/ waits for a Celery worker's answer.
HEALTH_CELERY_TIMEOUT = env.float("HEALTH_CELERY_TIMEOUT", default=1.5)
# Participants are due for the follow-up test this many months after their training ended (DESIGN §3).
FOLLOWUP_DUE_MONTHS = env.int("FOLLOWUP_DUE_MONTHS", default=3)
# The national catalogue of online courses, linked from the dashboard and the deputy's page.
COURSE_CATALOGUE_URL = env("COURSE_CATALOGUE_URL", default="https://myktyaimak.gov.kg")

# Self-test on participants' phones (docs/self-test.md): how long a phase stays open unless the trainer
# closes it, and the rate limits of the pages open without an account (hits per window of seconds). Phones
# of a whole class may share one address behind a mobile operator's NAT: the per-device limit is generous,
# the limits on wrong guesses (codes, links, birth years; only failures count) are tight.
SELFTEST_WINDOW_MINUTES = env.int("SELFTEST_WINDOW_MINUTES", default=90)
SELFTEST_RATE_DEVICE = (env.int("SELFTEST_RATE_DEVICE", default=600), 60)
SELFTEST_RATE_SESSION = (env.int("SELFTEST_RATE_SESSION", default=3000), 60)
SELFTEST_RATE_GUESSES = (env.int("SELFTEST_RATE_GUESSES", default=30), 600)
SELFTEST_RATE_BIRTH_YEAR = (env.int("SELFTEST_RATE_BIRTH_YEAR", default=5), 900)

# The open API (/api/v1/, docs/api.md): Django REST framework with personal tokens (portal/api/tokens.py) and
# the portal's own session for its pages; OpenAPI 3.1 by drf-spectacular, Swagger UI served from the portal.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "portal.api.tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["portal.api.permissions.TokenScope"],
    "DEFAULT_THROTTLE_CLASSES": ["portal.api.throttles.PerTokenThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "portal.api.pagination.SyncCursorPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
    "EXCEPTION_HANDLER": "portal.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Deputy Training Portal API",
    "DESCRIPTION": "Read and write the portal's data: see docs/api.md.",
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["portal.api.permissions.TokenScope"],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SORT_OPERATION_PARAMETERS": True,
    "ENUM_NAME_OVERRIDES": {"PhaseEnum": "assessments.models.TestResult.Phase"},
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "PREPROCESSING_HOOKS": ["portal.api.schema.only_api_v1"],
}
# Requests per token (or per signed-in session) and per anonymous address; DRF counts them in the cache.
API_TOKEN_RATE = env("API_TOKEN_RATE", default="1200/hour")
API_ANON_RATE = env("API_ANON_RATE", default="60/hour")
# Items accepted in one bulk write; Idempotency-Key answers are kept this many hours.
API_BULK_MAX_ITEMS = env.int("API_BULK_MAX_ITEMS", default=1000)
API_IDEMPOTENCY_HOURS = env.int("API_IDEMPOTENCY_HOURS", default=48)
# DHIS2 dataValueSets export of a campaign (docs/api.md): data element ids per §3 figure, the org unit of the
# whole campaign and of each region (by СОАТЕ code), and the period type. Override with a JSON object in DHIS2_EXPORT.
DHIS2_EXPORT = {
    "data_set": "",
    "period_type": "yearly",  # yearly (2021), quarterly (2021Q2), monthly (202105) or daily (20210524): campaign start
    "org_unit": "KG",
    "org_units_by_region": {},
    "category_option_combo": "",
    "attribute_option_combo": "",
    "data_elements": {
        "participants": "DTP_PARTICIPANTS",
        "completed": "DTP_COMPLETED",
        "councils_covered": "DTP_COUNCILS_COVERED",
        "target_councils": "DTP_TARGET_COUNCILS",
        "coverage_pct": "DTP_COVERAGE_PCT",
        "women_pct": "DTP_WOMEN_PCT",
        "youth_pct": "DTP_YOUTH_PCT",
        "matched": "DTP_MATCHED",
        "pre_mean_pct": "DTP_PRE_MEAN_PCT",
        "post_mean_pct": "DTP_POST_MEAN_PCT",
        "knowledge_growth_pct": "DTP_KNOWLEDGE_GROWTH_PCT",
    },
    **env.json("DHIS2_EXPORT", default={}),
}
