from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.audit_checks import EXTRA_CHECKS, label_of
from core.selectors.audit import audit_chain_verify


class Command(BaseCommand):
    help = (
        "Verify the hash chain of the audit log and report the first broken link; then the registered checks "
        "(the stored signatures of answers)."
    )

    def handle(self, *args, **options) -> None:
        result = audit_chain_verify()
        if not result.ok:
            where = (
                _("event #%(seq)s") % {"seq": result.broken_seq}
                if result.broken_shard in (None, 1)
                else _("event #%(seq)s of chain %(shard)s") % {"seq": result.broken_seq, "shard": result.broken_shard}
            )
            raise CommandError(
                _("Audit chain BROKEN at %(where)s: %(problem)s (%(n)s events verified before it).")
                % {"where": where, "problem": result.problem, "n": result.checked}
            )
        self.stdout.write(_("Audit chain intact: %(n)s events verified.") % {"n": result.checked})
        problems = []
        for name, check in EXTRA_CHECKS.items():
            found = check()
            problems += [f"{label_of(name)}: {problem}" for problem in found]
            if not found:
                self.stdout.write(_("%(name)s: intact.") % {"name": label_of(name)})
        if problems:
            raise CommandError(_("Stored records do not hold:") + "\n" + "\n".join(problems))
