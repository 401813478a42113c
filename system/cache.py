"""Django's own cache backends counting gets, hits and misses in django-prometheus' metrics.

django-prometheus ships such backends too, but its Redis one needs django-redis (we use Django's RedisCache) and its
local-memory one returns the default for a cached falsy value (0, [], False): a stored count of 0 would read as
missing. Misses are told apart from stored values with a sentinel.
"""

from __future__ import annotations

from typing import Any

import django_redis.cache
from django.core.cache.backends.locmem import LocMemCache as DjangoLocMemCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django_prometheus.cache.metrics import django_cache_get_total, django_cache_hits_total, django_cache_misses_total

_MISSING = object()


class _Counting:
    backend_label = ""

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        django_cache_get_total.labels(backend=self.backend_label).inc()
        value = super().get(key, _MISSING, version=version)  # type: ignore[misc]
        if value is _MISSING:
            django_cache_misses_total.labels(backend=self.backend_label).inc()
            return default
        django_cache_hits_total.labels(backend=self.backend_label).inc()
        return value


class LocMemCache(_Counting, DjangoLocMemCache):
    backend_label = "locmem"


class RedisCache(_Counting, DjangoRedisCache):
    backend_label = "redis"


class DjangoRedisCache(_Counting, django_redis.cache.RedisCache):
    """django-redis (which config/caches.py uses for its fail-open option): a get that fails is counted as a miss."""

    backend_label = "redis"
