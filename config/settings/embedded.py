"""Embedded default: SQLite, eager Celery, console SMS; nothing to set up (demo, laptops)."""

from config.env import env_bool
from config.settings.base import *  # noqa: F403

DEBUG = env_bool("DEBUG", True)

# Serve static files straight from the apps (no collectstatic step needed on a laptop or in tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
