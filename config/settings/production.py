"""Production: PostgreSQL, Redis, real SMS; every secret and host from the environment."""

from pathlib import Path

from config.env import EnvError, env_bool, env_database, env_int, env_list, env_str
from config.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("embedded-demo-key"):
    raise EnvError("Environment variable SECRET_KEY must be a random string of at least 50 characters.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
DATABASES = {"default": env_database("DATABASE_URL")}
if "postgresql" not in DATABASES["default"]["ENGINE"]:
    raise EnvError("Environment variable DATABASE_URL must point to PostgreSQL in production.")
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
if not CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    raise EnvError("Environment variable CELERY_BROKER_URL must be a redis:// URL in production.")
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", CELERY_BROKER_URL)
CELERY_TASK_ALWAYS_EAGER = False

# CACHE_URL (optional, recommended) is read in base.py; here it must not share the broker's database.
if CACHE_URL and CACHE_URL.rstrip("/") == CELERY_BROKER_URL.rstrip("/"):  # noqa: F405
    raise EnvError("Environment variable CACHE_URL must name another Redis database than CELERY_BROKER_URL.")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
BANK_STAFF_REQUIRE_2FA = env_bool("BANK_STAFF_REQUIRE_2FA", True)
SECOND_FACTOR_ENROLMENT_CODE = env_bool("SECOND_FACTOR_ENROLMENT_CODE", True)
# Documents are signed with the bank's own certificate in production, never a generated demo one.
PDF_SIGNING_PKCS12 = env_str("PDF_SIGNING_PKCS12")
if not Path(PDF_SIGNING_PKCS12).is_file():
    raise EnvError(
        "Environment variable PDF_SIGNING_PKCS12 must name the bank's PKCS#12 signing file "
        f"(no file at {PDF_SIGNING_PKCS12})."
    )

# --- Operating the portal (issue 16): production defaults -----------------------------------------------------------
from config.env import env_choice  # noqa: E402
from config.observability import instrument_caches, instrument_databases, logging_config  # noqa: E402

instrument_databases(DATABASES)  # query timings for /metrics (the same PostgreSQL backend underneath)
instrument_caches(CACHES)  # noqa: F405
LOG_FORMAT = env_choice("LOG_FORMAT", ("plain", "json"), "json")
LOGGING = logging_config(fmt=LOG_FORMAT, level=env_str("LOG_LEVEL", "INFO"))
