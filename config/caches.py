"""The cache configuration: what happens to each use of the cache when its Redis is unreachable.

Two aliases over the same Redis database:

* ``default`` fails open (django-redis ``IGNORE_EXCEPTIONS``): a read is a miss, a write is dropped and logged. It
  holds only copies (sessions, whose durable copy is the database) and limits that may lapse for a while (the API's
  upload rate), so an outage costs database queries, never a request;
* ``limits`` raises: it holds the counters that must not lapse (the verification page's balance checks), and a caller
  that cannot count refuses with a 503 instead of allowing unlimited guesses.

Without a URL each process keeps local memory caches of both (nothing is shared between processes).
"""

from __future__ import annotations

from typing import Any

DEFAULT = "default"
LIMITS = "limits"


def cache_settings(url: str, *, timeout_ms: int) -> dict[str, dict[str, Any]]:
    if not url:
        return {
            DEFAULT: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "portal-default"},
            LIMITS: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "portal-limits"},
        }
    seconds = timeout_ms / 1000
    options = {
        # A cache that does not answer within this time counts as down: a black-holed Redis host must not hold
        # every request for the operating system's connect timeout (minutes).
        "SOCKET_CONNECT_TIMEOUT": seconds,
        "SOCKET_TIMEOUT": seconds,
    }
    return {
        DEFAULT: {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "portal",
            "OPTIONS": {**options, "IGNORE_EXCEPTIONS": True},
        },
        LIMITS: {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "portal-limits",
            "OPTIONS": {**options, "IGNORE_EXCEPTIONS": False},
        },
    }
