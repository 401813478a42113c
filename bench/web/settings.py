"""Bench-only settings: the production settings, served over plain HTTP on loopback.

Used by ``bench/web/bench_web.py`` through ``DJANGO_SETTINGS_MODULE=bench.web.settings``. The driver sets
what production requires in the environment (a random ``SECRET_KEY``, ``ALLOWED_HOSTS=127.0.0.1``,
``DATABASE_URL`` = PostgreSQL on 127.0.0.1, ``CELERY_BROKER_URL`` = the local Redis, db 13, which none of the
measured requests uses, and ``CACHE_URL`` = the local Redis, db 12, as a production deployment with a cache
sets it: sessions are then ``cached_db``, read from Redis; ``BENCH_CACHE_URL=`` empty runs without a cache,
i.e. with database sessions). Differences from production, and why:

* ``ROOT_URLCONF`` adds ``/bench/bare/``, a view returning "ok" through the same middleware stack (the
  ceiling every real page is compared with);
* ``SECURE_SSL_REDIRECT = False``: there is no TLS terminator on loopback (production puts one in front);
* MD5 password hashing: only to create the bench users quickly (no measured request hashes a password:
  pages use a session cookie, the API a token);
* logging at ERROR, so the expected 4xx warnings of django.request do not turn into a logging benchmark.

Everything else, DEBUG False, sessions as production configures them (see ``CACHE_URL`` above),
persistent connections (``CONN_MAX_AGE`` 60 from ``DATABASE_URL``), WhiteNoise with the manifest storage
(``collectstatic`` runs first), is production as configured.
"""

from config.settings.production import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "bench.web.urls"
SECURE_SSL_REDIRECT = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "ERROR"},
}
