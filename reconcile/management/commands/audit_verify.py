from django.core.management.base import BaseCommand, CommandError

from reconcile.audit_checks import EXTRA_CHECKS
from reconcile.selectors import audit_chain_verify


class Command(BaseCommand):
    help = (
        "Verify the hash chain of the audit log and report the first broken link; then the registered checks "
        "(the stored signatures of answers)."
    )

    def handle(self, *args, **options) -> None:
        result = audit_chain_verify()
        if not result.ok:
            raise CommandError(
                f"Audit chain BROKEN at event #{result.broken_seq}"
                f"{'' if result.broken_shard in (None, 1) else f' of chain {result.broken_shard}'}: "
                f"{result.problem} "
                f"({result.checked} events verified before it)."
            )
        self.stdout.write(f"Audit chain intact: {result.checked} events verified.")
        problems = []
        for name, check in EXTRA_CHECKS.items():
            found = check()
            problems += [f"{name}: {problem}" for problem in found]
            if not found:
                self.stdout.write(f"{name}: intact.")
        if problems:
            raise CommandError("Stored records do not hold:\n" + "\n".join(problems))
