import gc
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.documents import document_sign
from core.validators import is_account_number, normalize_account_number
from reconcile.engine.api import DEFAULT_REFERENCE_DAYS
from reconcile.oneshot import OneShotError, reconcile_paths, write_outputs
from reconcile.render.adjustment_words import DEFAULT_LANGUAGE, TABLE_LANGUAGES

# The engine looks as far as a shared reference reaches (DEFAULT_REFERENCE_DAYS, 30): a wider window would only make
# every same-amount line a candidate of every other, and the run as slow as its lines squared.
WINDOW_MAX = DEFAULT_REFERENCE_DAYS


class Command(BaseCommand):
    # A one-shot on two files: it serves no URL and renders no template, and Django's system checks took
    # ~0.6 s of every run.
    requires_system_checks: list[str] = []
    help = (
        "Reconcile a bank statement file against a journal file and write matches.csv, suggestions.csv, "
        "adjustment.json, adjustment.xlsx and adjustment.pdf to --out. Opening outstanding items (初始未达账) of "
        "either side may be given as files too; they are matched like any line, listed while unmatched and never "
        "move a balance."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--bank", required=True)
        parser.add_argument("--journal", required=True)
        parser.add_argument("--out", required=True)
        parser.add_argument(
            "--opening-bank",
            help="opening outstanding items on the bank side (banked, not yet in "
            "the journal), as a bank-statement file; dated before the files start",
        )
        parser.add_argument(
            "--opening-journal",
            help="opening outstanding items on the journal side (booked, not yet "
            "at the bank, e.g. unpresented cheques), as a journal file; dated before the files start",
        )
        parser.add_argument(
            "--window", type=int, default=3, help="matching window in working days, 0 to 30 (default 3)"
        )
        parser.add_argument(
            "--company",
            default="",
            help="the company name printed on the table (单位); default: "
            "the account holder the statement names (户名), if it does",
        )
        parser.add_argument(
            "--account",
            default="",
            help="the account number printed on the table when neither "
            "file states one (a statement that states another account is refused)",
        )
        parser.add_argument(
            "--sign",
            action="store_true",
            help="sign adjustment.pdf with the bank's document certificate (PDF_SIGNING_PKCS12); the "
            "signature carries the signing time, so two signed runs differ in that file",
        )
        # As import_file's: README says the summary is "in the active language only, Chinese by default as the other
        # commands", and without this option nothing could make another language active.
        parser.add_argument(
            "--language",
            choices=[c for c, _ in settings.LANGUAGES],
            help=f"the language of the summary and the refusals (default: the active one, {settings.LANGUAGE_CODE})",
        )
        # The 余额调节表 is the form's Chinese whatever --language speaks (the same file for everyone, as the web's and
        # the API's downloads); English only when asked for by name, as their ?language=en.
        parser.add_argument(
            "--table-language",
            choices=TABLE_LANGUAGES,
            default=DEFAULT_LANGUAGE,
            help=f"the language of adjustment.xlsx and adjustment.pdf (default {DEFAULT_LANGUAGE}, the form's Chinese)",
        )

    def handle(self, *args, **options) -> None:
        # Not given: the active language, which a command activates as LANGUAGE_CODE (and a caller may override).
        with translation.override(options["language"] or translation.get_language()):
            self._run(options)

    def _run(self, options) -> None:
        paths = {
            name: Path(options[name])
            for name in ("bank", "journal", "opening_bank", "opening_journal")
            if name in ("bank", "journal") or options.get(name)
        }
        for name, path in paths.items():
            if path.is_dir():
                raise CommandError(
                    _("--%(option)s: %(path)s is a folder, not a file: give the file itself.")
                    % {"option": name.replace("_", "-"), "path": path}
                )
            if not path.is_file():
                raise CommandError(
                    _("--%(option)s: no such file %(path)s") % {"option": name.replace("_", "-"), "path": path}
                )
        if not 0 <= options["window"] <= WINDOW_MAX:
            raise CommandError(
                _(
                    "--window %(n)s: the matching window is 0 to %(max)s working days (default 3); give a number "
                    "in that range."
                )
                % {"n": options["window"], "max": WINDOW_MAX}
            )
        account = options["account"]
        if account and not is_account_number(normalize_account_number(account)):
            raise CommandError(
                _(
                    "--account %(account)s: an account number is 6 to 34 letters, digits or dashes, with at most "
                    "one slash; give the account's number as the bank writes it."
                )
                % {"account": account}
            )
        out = Path(options["out"])
        if out.exists() and not out.is_dir():  # mkdir's own words ("File exists") do not say what to do
            raise CommandError(
                _("--out: cannot write to the folder %(out)s: it is a file; give a folder (it is created if missing).")
                % {"out": out}
            )
        try:  # checked before the work, so a typo in --out does not cost a whole run
            out.mkdir(parents=True, exist_ok=True)
            probe = out / ".write-test"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            raise CommandError(
                _(
                    "--out: cannot write to the folder %(out)s (%(error)s); give a folder you can write to (it is "
                    "created if missing)."
                )
                % {"out": out, "error": exc.strerror or exc}
            ) from exc
        calendar = import_string(settings.RECONCILE_CALENDAR)()
        # Hundreds of thousands of parsed lines, matches and table rows stay alive until the end; the cyclic GC
        # would rescan all of them each time the renderers allocate (measured: the XLSX took 1.6x as long).
        # They hold no reference cycles worth collecting in a run this short, so it is off for the command.
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            try:
                result, bank, journal = reconcile_paths(
                    paths["bank"],
                    paths["journal"],
                    window_days=options["window"],
                    calendar=calendar,
                    opening_bank=paths.get("opening_bank"),
                    opening_journal=paths.get("opening_journal"),
                    company=options["company"],
                    account=options["account"],
                )
            except OneShotError as exc:
                raise CommandError(str(exc)) from exc
            try:
                write_outputs(out, result, bank, journal, language=options["table_language"])
                if options["sign"]:
                    pdf = out / "adjustment.pdf"
                    pdf.write_bytes(document_sign(pdf.read_bytes(), reason="银行存款余额调节表"))
            except OSError as exc:  # e.g. the disk filled up or a file is open elsewhere
                raise CommandError(
                    _("--out: writing the results to %(out)s failed (%(error)s).")
                    % {"out": out, "error": exc.strerror or exc}
                ) from exc
        finally:
            if gc_was_enabled:
                gc.enable()
        self._report(result, out)

    def _report(self, result, out: Path) -> None:
        """The summary in the active language only (Chinese by default, as the product and its parsers' messages;
        English when English is active), never both."""
        t = result.table
        if t.agreed:
            verdict = _("the table agrees")
        else:
            verdict = _("the table does NOT agree: difference %(d)s") % {"d": f"{t.difference:,.2f}"}
        # Each count in its own plural form ("1 bank line, 3 journal lines"), joined as the language joins them.
        bank = ngettext("%(n)s bank line", "%(n)s bank lines", result.bank_lines) % {"n": result.bank_lines}
        journal = ngettext("%(n)s journal line", "%(n)s journal lines", result.journal_lines) % {
            "n": result.journal_lines
        }
        lines = _("%(bank)s, %(journal)s") % {"bank": bank, "journal": journal}
        if result.opening_lines:
            lines = ngettext(
                "%(lines)s, %(n)s opening item", "%(lines)s, %(n)s opening items", result.opening_lines
            ) % {"lines": lines, "n": result.opening_lines}
        groups = ngettext("%(n)s group matched", "%(n)s groups matched", len(result.groups)) % {"n": len(result.groups)}
        suggestions = ngettext("%(n)s suggestion", "%(n)s suggestions", len(result.suggestions)) % {
            "n": len(result.suggestions)
        }
        self.stdout.write(
            _(
                "%(lines)s: %(groups)s, %(suggestions)s; adjusted bank %(bank)s, adjusted book %(book)s: "
                "%(verdict)s. Written to %(out)s/"
            )
            % {
                "lines": lines,
                "groups": groups,
                "suggestions": suggestions,
                "bank": f"{t.adjusted_bank_balance:,.2f}",
                "book": f"{t.adjusted_book_balance:,.2f}",
                "verdict": verdict,
                "out": out,
            }
        )
        if not t.account_number:
            self.stdout.write(_("Note: the files state no account number; give --account to print it on the table."))
        if not t.company_name:
            self.stdout.write(_("Note: the files state no company name; give --company to print it on the table."))
