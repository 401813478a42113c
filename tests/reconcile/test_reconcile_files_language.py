"""`reconcile_files` speaks the active language only, Chinese by default as the other commands (README
"`reconcile_files`"): its own refusals were English f-strings, so a default run printed an English `--window`
refusal, and a refused file an English header over the parsers' Chinese rows ("1 problem, nothing was
reconciled:" + “余额”：…), both languages at once. Every refusal now goes through the translation catalogue; the
test marks what the catalogue is asked for and finds each refusal marked."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from reconcile import oneshot
from reconcile.management.commands import reconcile_files
from tests.fixtures.worked_example import BANK_CSV, JOURNAL_CSV

pytestmark = pytest.mark.django_db


@pytest.fixture
def marked(monkeypatch):
    """Each message looked up in the catalogue comes back between « and »."""
    for module in (oneshot, reconcile_files):
        monkeypatch.setattr(module, "_", lambda text: f"«{text}»")
        monkeypatch.setattr(module, "ngettext", lambda one, many, n: f"«{one if n == 1 else many}»", raising=False)


@pytest.fixture
def files(tmp_path):
    bank, journal = tmp_path / "bank.csv", tmp_path / "journal.csv"
    bank.write_text(BANK_CSV, encoding="utf-8")
    journal.write_bytes(JOURNAL_CSV.encode("gb18030"))
    return bank, journal


def _refusal(*args: str) -> str:
    with pytest.raises(CommandError) as refused:
        call_command("reconcile_files", *args)
    return str(refused.value)


@pytest.mark.usefixtures("marked")
def test_the_option_refusals_are_translated(files, tmp_path):
    bank, journal = files
    common = ["--journal", str(journal), "--out", str(tmp_path / "o")]
    refusals = [
        _refusal("--bank", str(tmp_path / "none.csv"), *common),
        _refusal("--bank", str(bank), *common, "--window", "31"),
        _refusal("--bank", str(bank), *common, "--account", "12"),
        _refusal("--bank", str(bank), "--journal", str(journal), "--out", "/proc/reconcile-out"),
    ]
    for message in refusals:
        assert message.startswith("«--") and message.endswith("»"), message


@pytest.mark.usefixtures("marked")
def test_a_refused_file_is_introduced_in_the_active_language(files, tmp_path):
    bank, journal = files
    # the journal given as the statement: the parser refuses it, naming the balance column, in its own words
    message = _refusal("--bank", str(journal), "--journal", str(bank), "--out", str(tmp_path / "o"))
    header, _rows = message.split("\n", 1)
    assert header.startswith("«journal.csv: ") and header.endswith("»"), header


def test_language_chooses_the_summary_and_refusals_and_not_the_files(files, tmp_path, capsys):
    """README: the summary is "in `--language` only ... as `import_file`'s"; before the option there was no way to
    make another language active, so "Chinese by default" had nothing to default against."""
    bank, journal = files
    written = {}
    for language in ("en", "zh-hans"):
        out = tmp_path / language
        call_command(
            "reconcile_files", "--bank", str(bank), "--journal", str(journal), "--out", str(out), "--language", language
        )
        written[language] = {
            name: (out / name).read_bytes() for name in ("adjustment.json", "adjustment.xlsx", "matches.csv")
        }
    printed = capsys.readouterr().out
    assert "the table agrees" in printed and "调节相符" in printed
    assert written["en"] == written["zh-hans"]
    english = _refusal(
        "--bank",
        str(tmp_path / "none.csv"),
        "--journal",
        str(journal),
        "--out",
        str(tmp_path / "o"),
        "--language",
        "en",
    )
    assert english.startswith("--bank: no such file")
    assert _refusal(
        "--bank", str(tmp_path / "none.csv"), "--journal", str(journal), "--out", str(tmp_path / "o")
    ).startswith("--bank：文件不存在")
