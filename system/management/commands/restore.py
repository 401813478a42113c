"""manage.py restore DIR: into an empty database and MEDIA_ROOT, then the audit chain and documents checked."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

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
                    _("Backup %(source)s is complete: %(files)s files and the %(vendor)s database match their hashes.")
                    % {"source": source, "files": len(manifest["media"]), "vendor": manifest["database"]["vendor"]}
                )
                return
            report = backup_restore(source=source)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if report.problems:
            raise CommandError(
                _("Restored, but the checks found problems:") + "\n  " + "\n  ".join(report.problems[:50])
            )
        self.stdout.write(
            _(
                "Restored %(source)s: %(vendor)s database, %(files)s files; audit chain intact (%(events)s events); "
                "%(documents)s stored documents present."
            )
            % {
                "source": source,
                "vendor": report.database,
                "files": report.files,
                "events": report.audit_events,
                "documents": report.documents_checked,
            }
        )
