"""Settings shared by every run mode.

Everything that differs between a laptop and production comes from the environment through
the typed readers in `config.env`; the variants (embedded, test, production) only change defaults.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from config.caches import cache_settings
from config.env import EnvError, env_bool, env_choice, env_database, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("PORTAL_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY", "embedded-demo-key-not-for-production-0123456789abcdef")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "core",
    "reconcile",
    "statements",
    "portal",
]

MIDDLEWARE = [
    # First, around everything: a lost database connection is retried (reads) or answered 503, never 500.
    "portal.faults.DatabaseFaultMiddleware",
    # Inside it, so that a retried read starts afresh: what a request reads once (group grants) is kept for it alone.
    "portal.middleware.RequestScopeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Django's, except that an API write missing its trailing slash is a JSON 404 naming the address, not a 301.
    "portal.middleware.ApiAwareCommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After the language is chosen and the user known (its 400 page speaks the reader's language), before any view.
    "portal.input_guard.UnreadableInputMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "portal.middleware.BankStaffSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, loading the user's customer and roles with the user (one query per request).
    # Sessions name their backend: ones signed in under the former ModelBackend path sign in again once.
    "portal.auth.PortalBackend",
]
# Login throttling: 5 failures for one username from one client address lock that pair out for 15 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_LOCKOUT_CALLABLE = "portal.views.errors.locked_out"  # the template's page, JSON under /api/
AXES_VERBOSE = False
# The client's own address (portal.client_ip): behind TRUSTED_PROXY_COUNT reverse proxies, taken from the header they
# append to (TRUSTED_PROXY_HEADER); with none (the default) the connection's address, and the header is ignored, so a
# client cannot pick a fresh address per attempt. Behind a proxy, leaving it 0 keys everyone on the proxy's address.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
TRUSTED_PROXY_HEADER = env_str("TRUSTED_PROXY_HEADER", "X-Forwarded-For")
if TRUSTED_PROXY_COUNT < 0 or not re.fullmatch(r"[A-Za-z0-9-]+", TRUSTED_PROXY_HEADER):
    raise EnvError(
        "Environment variables TRUSTED_PROXY_COUNT (a number of proxies, 0 or more) and "
        "TRUSTED_PROXY_HEADER (a header name such as X-Forwarded-For) are malformed."
    )
AXES_CLIENT_IP_CALLABLE = "portal.client_ip.client_address"
AXES_USERNAME_CALLABLE = "portal.client_ip.lockout_username"

# Content Security Policy: everything from our own origin; no inline scripts (the workbench's script and
# the API docs' Swagger UI are files), inline styles only for the SVG charts' attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
# Bank staff can be required to confirm logins with a TOTP authenticator app (RFC 6238).
BANK_STAFF_REQUIRE_2FA = env_bool("BANK_STAFF_REQUIRE_2FA", False)
# Enrolling an authenticator app needs a one-time enrolment code an administrator issued
# (manage.py second_factor_invite): without it a stolen password alone enrols the thief's app. On in production.
SECOND_FACTOR_ENROLMENT_CODE = env_bool("SECOND_FACTOR_ENROLMENT_CODE", False)
SECOND_FACTOR_INVITE_TTL_HOURS = env_int("SECOND_FACTOR_INVITE_TTL_HOURS", 72)
# API tokens expire: bank staff after a working day, ERP and other system users after a month (then ask again).
API_TOKEN_TTL_HOURS_BANK_STAFF = env_int("API_TOKEN_TTL_HOURS_BANK_STAFF", 8)
API_TOKEN_TTL_HOURS = env_int("API_TOKEN_TTL_HOURS", 30 * 24)
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "对账平台")
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Cache: CACHE_URL names a Redis database of its own (not the broker's: clearing the cache flushes its database).
# With it, sessions are read from Redis and written through to the database (portal.sessions, Django's cached_db),
# which saves a database query on most signed-in requests. Redis going down costs those queries, never a request:
# see config/caches.py for what fails open and what fails closed. Without CACHE_URL each process keeps a local memory
# cache and sessions are read from the database.
CACHE_URL = env_str("CACHE_URL", "")
if CACHE_URL and not CACHE_URL.startswith(("redis://", "rediss://")):
    raise EnvError("Environment variable CACHE_URL must be a redis:// URL (a database of its own).")
CACHES = cache_settings(CACHE_URL, timeout_ms=env_int("CACHE_TIMEOUT_MS", 500))
# The cache's failures are logged (one line per ignored error, logger portal.cache), not raised.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "portal.cache"
SESSION_ENGINE = "portal.sessions" if CACHE_URL else "django.contrib.sessions.backends.db"
# A session's copy in the cache lives at most this long: a session ended while Redis was unreachable (its cached copy
# could not be deleted) cannot be read back from the cache for longer than this once Redis answers again.
SESSION_CACHE_SECONDS = env_int("SESSION_CACHE_SECONDS", 300)

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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.navigation",
            ],
        },
    },
]

# Embedded default: a SQLite file under var/. Production sets DATABASE_URL to PostgreSQL.
DATABASES = {
    "default": env_database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
}
# SQLite: WAL lets the demo read while it writes. Transactions begin IMMEDIATE, i.e. take the write lock at BEGIN
# and wait up to 20 s for it: with SQLite's default (DEFERRED) two requests that both read and then write, such as a
# double-clicked "agree", fail with "database is locked" instead of one waiting and then being refused cleanly.
SQLITE_OPTIONS = {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE", "timeout": 20}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # SQLite keeps no persistent connections worth having.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # A fresh clone has no var/ (nor a new PORTAL_VAR_DIR): `manage.py migrate` must create the file, not fail with
    # "unable to open database file".
    if str(DATABASES["default"]["NAME"]) not in ("", ":memory:"):
        try:
            Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass  # not ours to create (read-only, no permission): SQLite's own error says which file
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "portal.User"
LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The product speaks Chinese first; English is complete and one click away.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "portal" / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "portal.auth.PortalTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON only: DRF's browsable API answered a browser's Accept (text/html first) with HTML pages, errors included,
    # where every API answer is documented as JSON. People browse the API in Swagger UI (/api/v1/docs/).
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # DRF's parsers, refusing JSON nested too deeply (a 500) and NUL/control characters in any field (a 500 on
    # PostgreSQL) with a 400 unreadable_input.
    "DEFAULT_PARSER_CLASSES": [
        "portal.api.parsers.SafeJSONParser",
        "portal.api.parsers.SafeFormParser",
        "portal.api.parsers.SafeMultiPartParser",
    ],
    # ?format= naming a format the endpoint does not have is a 400 naming the ones it has, on every endpoint: DRF's
    # own answer is a 404 "Not found.", which a client reads as the statement or list not existing.
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "portal.api.formats.FormatNegotiation",
    # OPTIONS: the types a call reads and writes, not the view's English class name and docstring (DRF's default).
    "DEFAULT_METADATA_CLASS": "portal.api.metadata.PlainMetadata",
    "DEFAULT_PAGINATION_CLASS": "portal.api.pagination.PageNumbers",  # ?page=0 or abc: 400 naming page
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "COERCE_DECIMAL_TO_STRING": True,
    "EXCEPTION_HANDLER": "portal.api.errors.api_exception_handler",
    # Uploads and ERP pushes per user (a runaway integration, or someone probing account numbers): a 429 with
    # Retry-After past the rate. Counted in the default cache: per process without CACHE_URL in production.
    "DEFAULT_THROTTLE_RATES": {"imports": env_str("API_IMPORT_RATE", "120/min")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Bank reconciliation and balance confirmation API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The errors every call can answer (no token, a role missing, another customer's id) in every operation.
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "portal.api.schema.add_common_errors"],
    # The docs page works offline: Swagger UI is served from the sidecar package, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "DESCRIPTION": "REST API of the portal. Authenticate with a token from POST /api/v1/token/ (username, password) "
    "and send it as `Authorization: Token <key>`. Errors are JSON objects with `code` and `message`. Besides each "
    "operation's own, any call may answer 400 `too_many_fields` or `bad_host`, 403 `csrf_failed` (a session cookie "
    "without its CSRF token: programs use a token), 406 `not_acceptable` (`Accept: text/html` alone), 500 "
    "`server_error` and 503 `database_unavailable` (with Retry-After; check whether a write was recorded).",
    "ENUM_NAME_OVERRIDES": {
        "ImportKindEnum": "reconcile.models.imports.ImportKind",
        "ImportStatusEnum": "reconcile.models.imports.ImportStatus",
        "MatchKindEnum": "reconcile.models.matching.MatchKind",
        "MatchRuleKindEnum": "reconcile.models.rules.RuleKind",
        "StatementStatusEnum": "statements.models.statements.StatementStatus",
        # The notification channels (an outbox row's `channel`): the registry's, read when built.
        "NotifyChannelEnum": "statements.notify.registry.channel_choices",
        "ChannelEnum": "statements.models.agreements.Channel",
        # An answer's outstanding items, sent (OutstandingItemInput) and shown (an answer's outstanding).
        "OutstandingItemKindEnum": "statements.models.confirmations.ItemKind",
    },
}

# Celery: with no broker configured, tasks run eagerly in-process (the embedded default).
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", CELERY_BROKER_URL or "cache+memory://")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A task is acknowledged when it is done, not when it starts: a worker that dies mid-task leaves its message to be
# delivered again. A worker child killed by the system (OOM) hands its message back at once; a whole worker host
# gone keeps it invisible for CELERY_VISIBILITY_TIMEOUT seconds, which must exceed the longest task (a 200,000-line
# import takes a few minutes). Every task is idempotent, and the job watchdog (below) resumes stalled work sooner.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Beat's daily deadline sweep and reminders follow the agreement's Beijing days, whatever TIME_ZONE displays.
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Enqueueing from a request must not hang when the broker is down (Celery's defaults add up to 19 s of retries,
# mostly the result store's 20 reconnects): one quick retry, a short connect timeout, and the job is left to the
# watchdog (reconcile.queue). The worker keeps retrying its own broker connection as before.
BROKER_CONNECT_TIMEOUT = env_int("BROKER_CONNECT_TIMEOUT", 2)
CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", 1800)
_QUICK_RETRY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_CONNECT_TIMEOUT
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "socket_connect_timeout": BROKER_CONNECT_TIMEOUT,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = _QUICK_RETRY
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = BROKER_CONNECT_TIMEOUT
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"retry_policy": _QUICK_RETRY}
# The job watchdog (beat, every JOBS_SWEEP_SECONDS): an import still processing, a match run still queued or a
# publishing run without progress after JOBS_STALL_SECONDS is shown as delayed (stalled) and enqueued again.
JOBS_STALL_SECONDS = env_int("JOBS_STALL_SECONDS", 300)
# Without a broker (the embedded default, eager tasks) a matching run would hold the request that starts it until it
# is done, seconds for thousands of lines, and its progress page would first show 100 %. It runs in a thread of its
# own instead, so the page shows its progress from the start. The tests turn it off (runs finish in the request).
EAGER_MATCH_RUNS_IN_THREAD = env_bool("EAGER_MATCH_RUNS_IN_THREAD", True)
JOBS_SWEEP_SECONDS = env_int("JOBS_SWEEP_SECONDS", 60)
# How many times the watchdog queues one job again: a job still not done after that is given up (an import or a
# matching run failed, a publishing run no longer resumed, a statement PDF no longer rendered again) and shown to ops
# as needing a person, instead of being queued again forever.
JOBS_MAX_REQUEUES = env_int("JOBS_MAX_REQUEUES", 5)

SMS_BACKEND = env_choice("SMS_BACKEND", ("console", "aliyun", "tencent", "twilio"), "console")
SMS_SIGNATURE = env_str("SMS_SIGNATURE", "对账中心")
PORTAL_BASE_URL = env_str("PORTAL_BASE_URL", "http://127.0.0.1:8000")
# WeChat Official Account template messages (statements/notify/wechat.py): console logs them; mp sends them.
WECHAT_BACKEND = env_choice("WECHAT_BACKEND", ("console", "mp"), "console")
WECHAT_APP_ID = env_str("WECHAT_APP_ID", "")
WECHAT_APP_SECRET = env_str("WECHAT_APP_SECRET", "")
WECHAT_TEMPLATE_ID = env_str("WECHAT_TEMPLATE_ID", "")
PORTAL_BANK_NAME = env_str("PORTAL_BANK_NAME", "示例商业银行股份有限公司")
# The bank's BIC (SWIFT code), written as the account servicer of the camt.053 detail downloads; empty: its name only.
# (MT940 names no bank: the receiver knows who sent it.)
PORTAL_BANK_BIC = env_str("PORTAL_BANK_BIC", "").strip().upper()
if PORTAL_BANK_BIC and not re.fullmatch(r"[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?", PORTAL_BANK_BIC):
    raise EnvError(f"PORTAL_BANK_BIC {PORTAL_BANK_BIC!r} is not a BIC (8 or 11 letters and digits, e.g. SPDBCNSH)")
# The bank's document signature (PAdES): a PKCS#12 file with key and chain; none -> a generated DEMO identity.
PDF_SIGNING_PKCS12 = env_str("PDF_SIGNING_PKCS12", "")
PDF_SIGNING_PASSPHRASE = env_str("PDF_SIGNING_PASSPHRASE", "")
PDF_SIGNING_TSA_URL = env_str("PDF_SIGNING_TSA_URL", "")
PDF_SEAL_IMAGE = env_str("PDF_SEAL_IMAGE", "")
PDF_SIGNING_TRUST_ROOTS = env_list("PDF_SIGNING_TRUST_ROOTS", [])
VERIFY_PDF_MAX_MB = env_int("VERIFY_PDF_MAX_MB", 20)
VERIFY_PDF_CHECKS_PER_HOUR = env_int("VERIFY_PDF_CHECKS_PER_HOUR", 60)
PORTAL_OPERATIONS_CENTRE = env_str("PORTAL_OPERATIONS_CENTRE", "示例商业银行运营管理部对账中心")
# Where paper clients post their reply slip (street, city, postcode): printed on every paper statement.
PORTAL_RETURN_ADDRESS = env_str("PORTAL_RETURN_ADDRESS", "上海市浦东新区银城中路200号 邮编200120")
PUBLISH_CHUNK_SIZE = env_int("PUBLISH_CHUNK_SIZE", 1000)
IMPORT_MAX_UPLOAD_MB = env_int("IMPORT_MAX_UPLOAD_MB", 50)
# The largest request body other than uploaded files (a JSON push, a form): 10 MB is about 60,000 typical push lines.
# Beyond it the API answers 413 with code too_large naming the limit; a client splits the push (README, API).
REQUEST_BODY_MAX_MB = env_int("REQUEST_BODY_MAX_MB", 10)
DATA_UPLOAD_MAX_MEMORY_SIZE = REQUEST_BODY_MAX_MB * 1024 * 1024
CSRF_FAILURE_VIEW = "portal.views.errors.csrf_failure"
# Balance checks on the public verification page, per statement code and hour.
VERIFY_BALANCE_CHECKS_PER_HOUR = env_int("VERIFY_BALANCE_CHECKS_PER_HOUR", 10)
# Excel files are read in a child process with these caps (memory and wall time per upload).
IMPORT_EXCEL_MEMORY_MB = env_int("IMPORT_EXCEL_MEMORY_MB", 1024)
IMPORT_EXCEL_SECONDS = env_int("IMPORT_EXCEL_SECONDS", 120)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line": {"()": "config.logging.OneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"portal.cache": {"filters": ["one_line"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# 有效对账回收率 (the return rate as reported to the supervisor): account types the bank's policy leaves out, as
# reconcile.models.AccountType values, comma-separated (e.g. "margin,temporary"). None by default: every type is due.
# Closed and dormant accounts are always left out for the periods from their status date (statements/
# reports_supervisory.py). Kept here as text: the settings load before the models.
SUPERVISORY_ACCOUNT_TYPES = ("basic", "general", "special", "temporary", "margin")
SUPERVISORY_EXCLUDED_ACCOUNT_TYPES = env_list("SUPERVISORY_EXCLUDED_ACCOUNT_TYPES", [])
if _unknown_types := sorted(set(SUPERVISORY_EXCLUDED_ACCOUNT_TYPES) - set(SUPERVISORY_ACCOUNT_TYPES)):
    raise EnvError(
        f"Environment variable SUPERVISORY_EXCLUDED_ACCOUNT_TYPES names unknown account types "
        f"{', '.join(_unknown_types)}; use {', '.join(SUPERVISORY_ACCOUNT_TYPES)}."
    )

# Daily jobs (Celery beat, Asia/Shanghai): the deemed-confirmation sweep after midnight, reminders in
# the morning (they are held until 08:00 anyway by the quiet hours), and the outbox every minute.
from celery.schedules import crontab  # noqa: E402

CELERY_BEAT_SCHEDULE = {
    "deadlines": {"task": "statements.daily_deadlines", "schedule": crontab(hour=0, minute=10)},
    "reminders": {"task": "statements.daily_reminders", "schedule": crontab(hour=7, minute=50)},
    "attachments-sweep": {"task": "statements.attachments_sweep", "schedule": crontab(hour=3, minute=30)},
    "imports-parts-sweep": {"task": "reconcile.kept_parts_sweep", "schedule": crontab(minute=20)},
    "sms-outbox": {"task": "statements.sms_send_due", "schedule": 60.0},
    "jobs-books": {"task": "reconcile.jobs_watchdog", "schedule": float(JOBS_SWEEP_SECONDS)},
    "jobs-publishing": {"task": "statements.jobs_watchdog", "schedule": float(JOBS_SWEEP_SECONDS)},
    "audit-seal": {"task": "core.audit_chain_seal", "schedule": 60.0},
}

# The audit log is this many hash chains: a writer appends to the chain of its process and thread, so audited
# writes in different processes do not queue behind one head row (issue 20). 1 is the old single chain.
AUDIT_CHAIN_SHARDS = env_int("AUDIT_CHAIN_SHARDS", 16)

# The ledger accounts of the suggested vouchers for bank fees and interest (reconcile/vouchers.py): code and name.
# The numbering of 企业会计准则; a company with its own chart gives its codes per request (API) or on the page.
VOUCHER_ACCOUNTS = {
    "bank": ["1002", "银行存款"],
    "fee": ["6603", "财务费用-手续费"],
    "interest": ["6603", "财务费用-利息收入"],
}

# Working-day calendar for matching windows. reconcile/ sits below statements/ in the import flow, so it
# receives the official calendar (library + ops' override table) through this setting instead of an import.
RECONCILE_CALENDAR = env_str("RECONCILE_CALENDAR", "statements.selectors.workday_calendar")

# --- Operating the portal (issue 16): health, metrics, logs, error reports ------------------------------------------
# Kept in one block, after everything above, so that changes elsewhere in this file merge cleanly.
from config.env import env_float  # noqa: E402
from config.observability import init_sentry, instrument_caches, instrument_databases, logging_config  # noqa: E402

INSTALLED_APPS += ["django_prometheus", "system"]  # noqa: F405
# Outermost: the request id exists for every later middleware's log lines, and the request metrics time it all.
MIDDLEWARE.insert(0, "system.logging.RequestIdMiddleware")  # noqa: F405
MIDDLEWARE.insert(0, "django_prometheus.middleware.PrometheusBeforeMiddleware")  # noqa: F405
MIDDLEWARE.insert(
    MIDDLEWARE.index("axes.middleware.AxesMiddleware"),  # noqa: F405  (axes stays last)
    "django_prometheus.middleware.PrometheusAfterMiddleware",
)
instrument_databases(DATABASES)  # noqa: F405  (query timings; production.py does the same for its own)
CACHES = globals().get("CACHES") or {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
instrument_caches(CACHES)  # cache hit/miss counts
PROMETHEUS_EXPORT_MIGRATIONS = False  # it would query the migration table at start-up, before the database may be up

# Logs: plain lines by default, one JSON object per line in production (LOG_FORMAT=json); see system/logging.py.
LOG_FORMAT = env_choice("LOG_FORMAT", ("plain", "json"), "plain")
LOGGING = logging_config(fmt=LOG_FORMAT, level=env_str("LOG_LEVEL", "INFO"))
if CELERY_TASK_ALWAYS_EAGER:
    # Without a broker Celery still builds a producer for every eager task, whose connection to nowhere logs
    # "No hostname was supplied. Reverting to default 'localhost'" into every demo command's output: noise, since
    # no message ever leaves the process. Errors still show.
    LOGGING["loggers"]["kombu.connection"] = {"level": "ERROR"}
# The worker logs through LOGGING too (JSON, request ids, masking) instead of Celery's own root handler.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# /readyz: the Celery queues workers consume (each gets a heartbeat task from beat every HEALTH_HEARTBEAT_SECONDS),
# how old a heartbeat may be, how far the working-day calendar must reach, and the free space MEDIA_ROOT needs.
HEALTH_QUEUES = env_list("HEALTH_QUEUES", ["celery"])
HEALTH_HEARTBEAT_SECONDS = env_int("HEALTH_HEARTBEAT_SECONDS", 60)
HEALTH_HEARTBEAT_MAX_AGE = env_int("HEALTH_HEARTBEAT_MAX_AGE", 180)
HEALTH_BROKER_TIMEOUT = env_float("HEALTH_BROKER_TIMEOUT", 2.0)
HEALTH_CALENDAR_WORKDAYS = env_int("HEALTH_CALENDAR_WORKDAYS", 30)
HEALTH_CALENDAR_WARN_DAYS = env_int("HEALTH_CALENDAR_WARN_DAYS", 60)
HEALTH_DISK_MIN_FREE_MB = env_int("HEALTH_DISK_MIN_FREE_MB", 1024)
CELERY_BEAT_SCHEDULER = "system.beat:HeartbeatScheduler"
CELERY_BEAT_SCHEDULE.update(
    {  # noqa: F405
        f"heartbeat-{queue}": {
            "task": "system.heartbeat",
            "schedule": float(HEALTH_HEARTBEAT_SECONDS),
            "args": [queue],
            "options": {"queue": queue, "expires": HEALTH_HEARTBEAT_SECONDS},
        }
        for queue in HEALTH_QUEUES
    }
)

# /metrics: open to these addresses (direct connections, not through the proxy) or to `Authorization: Bearer TOKEN`.
METRICS_TOKEN = env_str("METRICS_TOKEN", "")
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS", ["127.0.0.1/32", "::1/128"])
METRICS_CACHE_SECONDS = env_int("METRICS_CACHE_SECONDS", 30)
METRICS_IMPORT_STALE_MINUTES = env_int("METRICS_IMPORT_STALE_MINUTES", 10)
METRICS_CHUNK_STALL_MINUTES = env_int("METRICS_CHUNK_STALL_MINUTES", 15)

# The SMS gateway's SDK is an extra (.[aliyun], .[tencent], .[twilio]): without it, stop now and say what to install.
from config.env import EnvError, sms_sdk_missing  # noqa: E402

if _sms_problem := sms_sdk_missing(SMS_BACKEND):  # noqa: F405
    raise EnvError(_sms_problem)

# Error reports (sentry-sdk) only when SENTRY_DSN is set.
SENTRY_DSN = env_str("SENTRY_DSN", "")
if SENTRY_DSN:
    init_sentry(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=env_float("SENTRY_TRACES_SAMPLE_RATE", 0.0),
    )
