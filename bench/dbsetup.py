"""Fresh, migrated databases for the benchmarks (SQLite temp files and PostgreSQL on 127.0.0.1).

Each benchmark driver migrates one *template* per backend once, then clones it for every measured run
(SQLite: a file copy; PostgreSQL: ``CREATE DATABASE ... TEMPLATE``), so every run starts from an empty,
migrated database in well under a second. Everything lives under /tmp or in databases named ``bench_*``,
with the driver's process id in the name so two benchmarks running at once never share a database;
``drop`` removes them. Nothing here touches the project's own ``var/`` database or the test databases.

Child processes get their settings through the environment: ``DATABASE_URL`` is set *before*
``django.setup()``, which is the only way the project's settings pick a database.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
PG_HOST = "127.0.0.1"
PG_PORT = 5432
PG_USER = "postgres"
BACKENDS = ("sqlite", "postgres")


def pg_url(name: str) -> str:
    return f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname="postgres", autocommit=True) as conn:
        conn.execute(sql)


def _sqlite_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def base_env(url: str, *, media: str, debug: bool = False, settings: str = "config.settings.embedded") -> dict:
    """Environment for a child process: the embedded settings pointed at ``url``, files under /tmp."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": settings,
            "DATABASE_URL": url,
            "MEDIA_ROOT": media,
            "PORTAL_VAR_DIR": str(Path(media).parent / "var"),
            "DEBUG": "1" if debug else "0",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
        }
    )
    env.pop("CELERY_BROKER_URL", None)  # eager tasks, as on the embedded default
    return env


def migrate(url: str, media: str = "/tmp/bench-media-migrate") -> None:
    subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), "migrate", "--noinput", "-v", "0"],
        check=True,
        cwd=ROOT,
        env=base_env(url, media=media),
    )


RUN_ID = os.getpid()


def template(backend: str, tag: str) -> str:
    """Create (again) and migrate the template database of ``backend``; returns its URL."""
    if backend == "sqlite":
        url = f"sqlite:////tmp/bench-{tag}-{RUN_ID}-template.sqlite3"
        drop(url)
    else:
        name = f"bench_{tag}_{RUN_ID}_tpl"
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _pg_admin(f'CREATE DATABASE "{name}"')
        url = pg_url(name)
    migrate(url)
    return url


def clone(template_url: str, name: str) -> str:
    """A fresh copy of a migrated template: ``/tmp/bench-<name>-<pid>.sqlite3`` or database ``bench_<name>_<pid>``."""
    if template_url.startswith("sqlite"):
        src = _sqlite_path(template_url)
        dst = Path(f"/tmp/bench-{name}-{RUN_ID}.sqlite3")
        drop(f"sqlite:///{dst}")
        shutil.copyfile(src, dst)
        return f"sqlite:///{dst}"
    tpl = template_url.rsplit("/", 1)[1]
    db = f"bench_{name}_{RUN_ID}"
    _pg_admin(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
    _pg_admin(f'CREATE DATABASE "{db}" TEMPLATE "{tpl}"')
    return pg_url(db)


def drop(url: str) -> None:
    if url.startswith("sqlite"):
        path = _sqlite_path(url)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    else:
        _pg_admin(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:  # pragma: no cover - not Linux
        return "?"
