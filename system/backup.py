"""Backup and restore of the whole installation: the database, MEDIA_ROOT and a manifest with SHA-256 hashes.

The database first (pg_dump's custom format in production, SQLite's online backup API in the embedded default; both
are consistent snapshots while the portal runs), then the files: stored documents are written before the rows that
name them commit and are never changed afterwards, so every file a dumped row names is in the copy.

A restore goes into an empty database and an empty MEDIA_ROOT only, checks every hash before it touches anything,
and afterwards verifies the audit chain and that every document the database names is there.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _

from config.observability import package_version

FORMAT = 1
MANIFEST = "manifest.json"
PG_DUMP_FILE = "database.dump"
SQLITE_FILE = "database.sqlite3"
MEDIA_DIR = "media"
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """Something an operator must fix; the message says what. Nothing was changed when it is raised."""


@dataclass
class RestoreReport:
    database: str
    files: int
    audit_events: int
    documents_checked: int
    problems: list[str] = field(default_factory=list)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def stored_documents() -> Iterator[str]:
    """Paths (relative to MEDIA_ROOT) of every file a database row names: statement PDFs, paper batches,
    attachments of answers, uploaded import files."""
    from reconcile.models import Import
    from statements.models import BalanceStatement, Confirmation, PaperBatch

    yield from BalanceStatement.objects.exclude(pdf_path="").values_list("pdf_path", flat=True).iterator()
    for pdf, xlsx in PaperBatch.objects.values_list("pdf_path", "xlsx_path").iterator():
        yield from (path for path in (pdf, xlsx) if path)
    yield from Confirmation.objects.exclude(attachment="").values_list("attachment", flat=True).iterator()
    for sha in Import.objects.values_list("sha256", flat=True).distinct().iterator():
        yield f"imports/{sha[:2]}/{sha}.bin"


def _pg_env(db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = [
        "--host",
        str(db.get("HOST") or "127.0.0.1"),
        "--port",
        str(db.get("PORT") or 5432),
        "--username",
        str(db.get("USER") or "postgres"),
    ]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])  # not on the command line, where ps would show it
    return args, env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            _(
                "%(program)s is not installed: apt-get install postgresql-client (the same major version as the "
                "server or newer)"
            )
            % {"program": command[0]}
        )
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(
            _("%(what)s failed (%(program)s exit %(code)s): %(stderr)s")
            % {"what": what, "program": command[0], "code": result.returncode, "stderr": result.stderr.strip()[-2000:]}
        )


def _copy_tree(source: Path, target: Path) -> list[dict[str, Any]]:
    files = []
    if source.is_dir():
        for path in sorted(p for p in source.rglob("*") if p.is_file() and not p.is_symlink()):
            relative = path.relative_to(source)
            destination = target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, destination)
            files.append(
                {"path": relative.as_posix(), "sha256": sha256_of(destination), "size": destination.stat().st_size}
            )
    return files


def backup_create(*, target: Path) -> dict[str, Any]:
    """Write a backup into ``target`` (new or empty); returns the manifest."""
    if target.exists() and not target.is_dir():
        raise BackupError(
            _("%(target)s is a file, not a directory: back up into a new directory (nothing was written).")
            % {"target": target}
        )
    if target.exists() and any(target.iterdir()):
        raise BackupError(
            _("%(target)s is not empty: back up into a new directory (nothing was written).") % {"target": target}
        )
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a parent that is a file, or no permission: the operator's to fix, not a traceback
        raise BackupError(
            _("Cannot create the directory %(target)s (%(error)s): give a directory you can write to.")
            % {"target": target, "error": exc.strerror or exc}
        ) from exc
    target.chmod(0o700)  # the whole database: balances, names, phone numbers
    started = dt.datetime.now(dt.UTC)
    db = settings.DATABASES["default"]
    if connection.vendor == "postgresql":
        args, env = _pg_env(db)
        dump = target / PG_DUMP_FILE
        _run(
            [
                "pg_dump",
                *args,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "--file",
                str(dump),
                str(db["NAME"]),
            ],
            env,
            _("The database dump"),
        )
    elif connection.vendor == "sqlite":
        dump = target / SQLITE_FILE
        source = sqlite3.connect(str(db["NAME"]))
        copy = sqlite3.connect(str(dump))
        try:
            source.backup(copy)  # SQLite's online backup: a consistent copy while the portal writes
        finally:
            copy.close()
            source.close()
    else:
        raise BackupError(_("Backups of a %(vendor)s database are not supported.") % {"vendor": connection.vendor})
    media = Path(settings.MEDIA_ROOT)
    files = _copy_tree(media, target / MEDIA_DIR)
    copied = {entry["path"] for entry in files}
    missing = sorted({path for path in stored_documents() if path not in copied})
    manifest = {
        "format": FORMAT,
        "product": "bankrec-portal",
        "version": package_version(),
        "created_at": started.isoformat(),
        "finished_at": dt.datetime.now(dt.UTC).isoformat(),
        "database": {
            "vendor": connection.vendor,
            "file": dump.name,
            "sha256": sha256_of(dump),
            "size": dump.stat().st_size,
        },
        "media": files,
        # Named by the database but not on disk when the backup was taken (a restore cannot bring them back).
        "missing_at_backup": missing,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False), "utf-8")
    return manifest


def _read_manifest(source: Path) -> dict[str, Any]:
    if not source.is_dir():
        text = (
            _("%(source)s is not a directory: give the directory manage.py backup wrote.")
            if source.exists()
            else _("%(source)s does not exist: give the directory manage.py backup wrote.")
        )
        raise BackupError(text % {"source": source})
    try:
        manifest = json.loads((source / MANIFEST).read_text("utf-8"))
    except FileNotFoundError:
        raise BackupError(
            _("%(source)s has no %(manifest)s: not a backup made by manage.py backup.")
            % {"source": source, "manifest": MANIFEST}
        ) from None
    except ValueError as exc:
        raise BackupError(_("%(path)s is damaged (%(error)s).") % {"path": source / MANIFEST, "error": exc}) from exc
    if manifest.get("format") != FORMAT or manifest.get("product") != "bankrec-portal":
        raise BackupError(
            _("%(path)s is not a backup format this version reads (format %(format)s).")
            % {"path": source / MANIFEST, "format": FORMAT}
        )
    return manifest


def backup_verify(*, source: Path) -> dict[str, Any]:
    """Every file of the backup present with the hash the manifest recorded; the manifest, or BackupError."""
    manifest = _read_manifest(source)
    problems = []
    entries = [(manifest["database"]["file"], manifest["database"]["sha256"])]
    entries += [(f"{MEDIA_DIR}/{entry['path']}", entry["sha256"]) for entry in manifest["media"]]
    for relative, expected in entries:
        path = source / relative
        if ".." in Path(relative).parts or not path.is_file():
            problems.append(_("missing: %(path)s") % {"path": relative})
        elif sha256_of(path) != expected:
            problems.append(_("changed since the backup (SHA-256 differs): %(path)s") % {"path": relative})
    if problems:
        raise BackupError(
            _("The backup is incomplete or damaged, nothing was restored:") + "\n  " + "\n  ".join(problems[:50])
        )
    return manifest


def _database_is_empty() -> bool:
    if connection.vendor == "sqlite":
        path = Path(str(settings.DATABASES["default"]["NAME"]))
        if not path.exists():
            return True  # connecting would create it (and fail where its directory does not exist yet)
    return not connection.introspection.table_names()


def backup_restore(*, source: Path) -> RestoreReport:
    """Restore ``source`` into the configured (empty) database and (empty) MEDIA_ROOT, then check the result."""
    manifest = backup_verify(source=source)
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(
            _("The backup holds a %(backup)s database; this installation uses %(here)s.")
            % {"backup": vendor, "here": connection.vendor}
        )
    if not _database_is_empty():
        raise BackupError(
            _(
                "The database %(name)s is not empty: restore into a new, empty database (createdb), never over a "
                "running installation. Nothing was restored."
            )
            % {"name": settings.DATABASES["default"]["NAME"]}
        )
    media = Path(settings.MEDIA_ROOT)
    if media.exists() and any(media.iterdir()):
        raise BackupError(
            _("MEDIA_ROOT (%(path)s) is not empty: restore into an empty directory. Nothing was restored.")
            % {"path": media}
        )
    dump = source / manifest["database"]["file"]
    db = settings.DATABASES["default"]
    if vendor == "postgresql":
        args, env = _pg_env(db)
        connection.close()
        _run(
            [
                "pg_restore",
                *args,
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                "--dbname",
                str(db["NAME"]),
                str(dump),
            ],
            env,
            _("The database restore"),
        )
    else:
        connection.close()
        target = Path(str(db["NAME"]))
        target.parent.mkdir(parents=True, exist_ok=True)
        backup_copy, live = sqlite3.connect(str(dump)), sqlite3.connect(str(target))
        try:
            backup_copy.backup(live)
        finally:
            live.close()
            backup_copy.close()
    restored = _copy_tree(source / MEDIA_DIR, media)
    return restore_check(manifest=manifest, restored=restored)


def restore_check(*, manifest: dict[str, Any], restored: list[dict[str, Any]] | None = None) -> RestoreReport:
    """After a restore: the audit chain intact, every file of the manifest in MEDIA_ROOT with its hash, and every
    document the database names present (except those already missing when the backup was taken)."""
    from core.selectors.audit import audit_chain_verify

    problems = []
    chain = audit_chain_verify()
    if not chain.ok:
        problems.append(_("audit chain broken: %(problem)s") % {"problem": chain.problem})
    media = Path(settings.MEDIA_ROOT)
    for entry in manifest["media"]:
        path = media / entry["path"]
        if not path.is_file() or sha256_of(path) != entry["sha256"]:
            problems.append(_("file missing or different: %(path)s") % {"path": entry["path"]})
    known_missing = set(manifest.get("missing_at_backup") or [])
    checked = 0
    for relative in stored_documents():
        checked += 1
        if relative not in known_missing and not (media / relative).is_file():
            problems.append(_("document named by the database is missing: %(path)s") % {"path": relative})
    return RestoreReport(
        database=manifest["database"]["vendor"],
        files=len(manifest["media"]),
        audit_events=chain.checked,
        documents_checked=checked,
        problems=problems,
    )
