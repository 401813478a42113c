"""manage.py backup DIR: the database, MEDIA_ROOT and a manifest with hashes (system/backup.py)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

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
            _("Backup written to %(target)s: %(vendor)s database (%(size)s bytes), %(files)s files.")
            % {
                "target": target,
                "vendor": manifest["database"]["vendor"],
                "size": manifest["database"]["size"],
                "files": len(manifest["media"]),
            }
        )
        missing = manifest["missing_at_backup"]
        if missing:
            self.stderr.write(
                self.style.WARNING(
                    _(
                        "%(n)s documents named by the database were not on disk (listed under missing_at_backup in "
                        "the manifest), e.g. %(example)s"
                    )
                    % {"n": len(missing), "example": missing[0]}
                )
            )
