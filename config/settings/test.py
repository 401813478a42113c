"""Test settings: the embedded default unless DATABASE_URL/CELERY_BROKER_URL point elsewhere."""

from config.settings.base import *  # noqa: F403

DEBUG = False
# Hashing with argon2 on every test login is slow and tests nothing about the product.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LANGUAGE_CODE = "zh-hans"

# Serve static files straight from the apps (no collectstatic step needed on a laptop or in tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Matching runs started without a broker finish inside the request (a test reads their result right after).
EAGER_MATCH_RUNS_IN_THREAD = False
