"""manage.py backup DIR: the database, MEDIA_ROOT and a manifest with hashes (system/backup.py)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from system.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump, or SQLite's online backup) and MEDIA_ROOT into DIR (new or empty), "
        "with manifest.json listing every file's SHA-256. Safe while the portal runs."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory", help="where to write the backup (created; must be empty)")

    def handle(self, *args, **options) -> None:
        target = Path(options["directory"])
        try:
            manifest = backup_create(target=target)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Backup written to {target}: {manifest['database']['vendor']} database "
            f"({manifest['database']['size']} bytes), {len(manifest['media'])} files."
        )
        if manifest["missing_at_backup"]:
            self.stderr.write(
                self.style.WARNING(
                    f"{len(manifest['missing_at_backup'])} documents named by the database were not on disk "
                    f"(listed under missing_at_backup in the manifest), e.g. {manifest['missing_at_backup'][0]}"
                )
            )
