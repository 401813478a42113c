"""manage.py restore DIR: into an empty database and MEDIA_ROOT, then the audit chain and documents checked."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from system.backup import BackupError, backup_restore, backup_verify


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into the configured database (which must be empty) and "
        "MEDIA_ROOT (empty), after checking every file's hash; then verify the audit chain and that every "
        "stored document is there. --check-only checks the backup's files and changes nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory")
        parser.add_argument("--check-only", action="store_true", help="only check the backup's files and hashes")

    def handle(self, *args, **options) -> None:
        source = Path(options["directory"])
        try:
            if options["check_only"]:
                manifest = backup_verify(source=source)
                self.stdout.write(
                    f"Backup {source} is complete: {len(manifest['media'])} files and the "
                    f"{manifest['database']['vendor']} database match their hashes."
                )
                return
            report = backup_restore(source=source)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if report.problems:
            raise CommandError("Restored, but the checks found problems:\n  " + "\n  ".join(report.problems[:50]))
        self.stdout.write(
            f"Restored {source}: {report.database} database, {report.files} files; audit chain "
            f"intact ({report.audit_events} events); {report.documents_checked} stored documents present."
        )
