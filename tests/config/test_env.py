from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from config.env import EnvError, env_bool, env_database, env_int, env_list
from core.pki import generate_demo_identity

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("reader", "value", "message"),
    [
        (env_bool, "maybe", "PORTAL_T='maybe'"),
        (env_int, "ten", "is not an integer"),
        (env_list, "a,,b", "comma-separated"),
        (env_database, "sqlite-file", "database URL"),
    ],
)
def test_malformed_variable_is_named(monkeypatch, reader, value, message):
    monkeypatch.setenv("PORTAL_T", value)
    with pytest.raises(EnvError, match="PORTAL_T") as info:
        reader("PORTAL_T")
    assert message in str(info.value)


def test_missing_required_variable_is_named(monkeypatch):
    monkeypatch.delenv("PORTAL_T", raising=False)
    with pytest.raises(EnvError, match="PORTAL_T is required"):
        env_int("PORTAL_T")


def test_defaults_are_typed(monkeypatch):
    monkeypatch.delenv("PORTAL_T", raising=False)
    assert env_bool("PORTAL_T", True) is True
    assert env_list("PORTAL_T", ["a"]) == ["a"]
    assert env_database("PORTAL_T", "sqlite:////tmp/x.sqlite3")["ENGINE"].endswith("sqlite3")


def test_persistent_database_connections_are_checked_before_reuse(monkeypatch):
    """A connection the database closed (restart, killed backend) is replaced, not used for the next request."""
    monkeypatch.setenv("PORTAL_T", "postgres://postgres@127.0.0.1:5432/portal")
    config = env_database("PORTAL_T")
    assert config["CONN_MAX_AGE"] == 60 and config["CONN_HEALTH_CHECKS"] is True


def test_postgresql_prepares_its_queries_unless_turned_off(monkeypatch):
    """Server-side binding with a prepare threshold by default; 0 restores Django's client-side binding (for a
    pooler in transaction mode); SQLite gets neither."""
    monkeypatch.setenv("PORTAL_T", "postgres://postgres@127.0.0.1:5432/portal")
    monkeypatch.delenv("DATABASE_PREPARE_THRESHOLD", raising=False)
    assert env_database("PORTAL_T")["OPTIONS"] == {"server_side_binding": True, "prepare_threshold": 5}
    monkeypatch.setenv("DATABASE_PREPARE_THRESHOLD", "0")
    assert "server_side_binding" not in env_database("PORTAL_T").get("OPTIONS", {})
    monkeypatch.setenv("DATABASE_PREPARE_THRESHOLD", "-1")
    with pytest.raises(EnvError, match="DATABASE_PREPARE_THRESHOLD"):
        env_database("PORTAL_T")
    monkeypatch.setenv("DATABASE_PREPARE_THRESHOLD", "5")
    monkeypatch.setenv("PORTAL_T", "sqlite:////tmp/x.sqlite3")
    assert "server_side_binding" not in env_database("PORTAL_T").get("OPTIONS", {})


# A real PKCS#12 for the production settings, made once for this module (the settings check that it exists).
_SIGNING_DIR = Path(tempfile.mkdtemp(prefix="portal-signing-"))
PROD_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "PDF_SIGNING_PKCS12": str(generate_demo_identity(_SIGNING_DIR, bank_name="测试银行", passphrase=b"p")),
    "PDF_SIGNING_PASSPHRASE": "p",
    "SECRET_KEY": "k" * 20 + "-production-secret-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "portal.example.cn",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/portal",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in PROD_ENV and k != "DATABASE_URL"}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean | env, capture_output=True, text=True, timeout=120
    )


def test_production_check_deploy_is_clean():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PROD_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "CELERY_BROKER_URL", "PDF_SIGNING_PKCS12"]
)
def test_production_refuses_to_start_without_a_variable(missing):
    env = {k: v for k, v in PROD_ENV.items() if k != missing}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert f"{missing} is required" in result.stderr


def test_production_refuses_a_signing_file_that_is_not_there():
    result = _manage("check", env=PROD_ENV | {"PDF_SIGNING_PKCS12": "/nonexistent/bank.p12"})
    assert result.returncode != 0 and "PDF_SIGNING_PKCS12 must name the bank's PKCS#12" in result.stderr


def test_production_refuses_sqlite():
    result = _manage("check", env=PROD_ENV | {"DATABASE_URL": "sqlite:////tmp/x.sqlite3"})
    assert result.returncode != 0 and "DATABASE_URL must point to PostgreSQL" in result.stderr


def test_embedded_default_needs_no_variable():
    from django.conf import settings

    result = _manage("check", env={"DJANGO_SETTINGS_MODULE": "config.settings.embedded"})
    assert result.returncode == 0, result.stderr
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.SMS_BACKEND == "console"


def _session_settings(env: dict[str, str]) -> subprocess.CompletedProcess:
    return _manage(
        "shell",
        "-c",
        "from django.conf import settings; c = settings.CACHES; "
        "print(settings.SESSION_ENGINE, c['default']['BACKEND'], "
        "c['default'].get('OPTIONS', {}).get('IGNORE_EXCEPTIONS'), "
        "c['limits'].get('OPTIONS', {}).get('IGNORE_EXCEPTIONS'))",
        env=env,
    )


def test_production_reads_sessions_through_redis_when_a_cache_is_configured():
    result = _session_settings(PROD_ENV | {"CACHE_URL": "redis://127.0.0.1:6379/1"})
    assert result.returncode == 0, result.stderr
    # Sessions: the cache (bounded copies) over the database; the default cache fails open, the limits one closed.
    assert result.stdout.strip().splitlines()[-1].split() == [
        "portal.sessions",
        "system.cache.DjangoRedisCache",
        "True",
        "False",
    ]
    check = _manage("check", "--deploy", "--fail-level", "WARNING", env=PROD_ENV | {"CACHE_URL": "redis://x:6379/1"})
    assert check.returncode == 0, check.stderr + check.stdout


def test_production_without_a_cache_keeps_database_sessions():
    result = _session_settings(PROD_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "django.contrib.sessions.backends.db",
        "system.cache.LocMemCache",
        "None",
        "None",
    ]


@pytest.mark.parametrize(
    "url, message",
    [("memcached://x:11211", "must be a redis:// URL"), ("redis://127.0.0.1:6379/0", "another Redis database")],
)
def test_production_refuses_a_bad_cache_url(url, message):
    result = _manage("check", env=PROD_ENV | {"CACHE_URL": url})
    assert result.returncode != 0 and message in result.stderr
