"""Embedded default: SQLite, eager Celery, console SMS; nothing to set up (demo, laptops)."""

from config.env import env_bool
from config.settings.base import *  # noqa: F403

# Off by default, as in production: the demo shows the product's own 403/404/500 pages, never Django's debug page
# (which lists the URL patterns and settings). DEBUG=1 turns it on for development.
DEBUG = env_bool("DEBUG", False)

# Serve static files straight from the apps (no collectstatic step needed on a laptop or in tests), with DEBUG off
# too: runserver serves none then, whitenoise does.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
