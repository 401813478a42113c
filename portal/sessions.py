"""Sessions read from the cache and written through to the database (Django's cached_db), with a bounded cache copy.

The database row is the session; the cache only saves its query. With the cache down (its alias fails open, see
config/caches.py) every read falls back to the database and writes skip the cache. What the cache cannot do while
it is down is forget: a session ended then (logout, a password change) keeps its cached copy. So the copy lives at
most SESSION_CACHE_SECONDS, after which the database, where the session is gone, decides again.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore


class _BoundedCopies:
    """The session cache, with every timeout capped at SESSION_CACHE_SECONDS."""

    def __init__(self, cache: Any) -> None:
        self._cache = cache

    def set(self, key: str, value: Any, timeout: int | None = None, **kwargs: Any) -> Any:
        cap = settings.SESSION_CACHE_SECONDS
        return self._cache.set(key, value, cap if timeout is None else min(timeout, cap), **kwargs)

    def __contains__(self, key: str) -> bool:
        return key in self._cache

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cache, name)


class SessionStore(CachedDBStore):
    def __init__(self, session_key: str | None = None) -> None:
        super().__init__(session_key)
        self._cache = _BoundedCopies(self._cache)
