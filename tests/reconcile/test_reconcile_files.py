"""`reconcile_files` on DESIGN's worked example: the table agrees to the cent, outputs are stable, bad input fails."""

from __future__ import annotations

import csv
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook
from pypdf import PdfReader

from reconcile import oneshot
from tests.fixtures.worked_example import BANK_CSV, JOURNAL_CSV

pytestmark = pytest.mark.django_db


@pytest.fixture
def files(tmp_path):
    bank, journal = tmp_path / "bank.csv", tmp_path / "journal.csv"
    bank.write_text(BANK_CSV, encoding="utf-8")
    journal.write_bytes(JOURNAL_CSV.encode("gb18030"))
    return bank, journal


def test_worked_example_agrees_to_the_cent(files, tmp_path, capsys):
    bank, journal = files
    out = tmp_path / "out"
    call_command("reconcile_files", "--bank", str(bank), "--journal", str(journal), "--out", str(out))
    summary = json.loads((out / "adjustment.json").read_text())
    assert summary == {
        "bank_balance": "1250000.00", "book_balance": "1198500.00",
        "journal_in_not_bank": "30000.00", "journal_out_not_bank": "80000.00",
        "bank_in_not_journal": "1650.00", "bank_out_not_journal": "150.00",
        "adjusted_bank_balance": "1200000.00", "adjusted_book_balance": "1200000.00",
        "difference": "0.00", "agreed": True,
    }
    rows = list(csv.DictReader((out / "matches.csv").open(encoding="utf-8")))
    assert list(rows[0]) == ["group", "side", "row", "ref", "date", "direction", "amount", "rule", "score"]
    pairs = {(r["side"], r["row"], r["amount"]) for r in rows}
    # Physical CSV line numbers, header included: bank rows 2..4, journal rows 3..5 (row 2 is 期初余额).
    assert pairs == {("bank", "2", "200000.00"), ("bank", "3", "50000.00"), ("bank", "4", "98500.00"),
                     ("journal", "3", "200000.00"), ("journal", "4", "50000.00"), ("journal", "5", "98500.00")}
    assert len({r["group"] for r in rows}) == 3
    assert "调节相符" in capsys.readouterr().out
    sheet = load_workbook(out / "adjustment.xlsx").worksheets[0]
    assert any(isinstance(c.value, str) and c.value.startswith("=") for row in sheet.iter_rows() for c in row)
    text = "".join(page.extract_text() for page in PdfReader(out / "adjustment.pdf").pages)
    assert "余额调节表" in text and "1,200,000.00" in text


OUTPUTS = ("matches.csv", "suggestions.csv", "adjustment.json", "adjustment.xlsx", "adjustment.pdf")


def test_running_twice_gives_the_same_files(files, tmp_path):
    bank, journal = files
    for name in ("a", "b"):
        call_command("reconcile_files", "--bank", str(bank), "--journal", str(journal), "--out", str(tmp_path / name))
    for name in OUTPUTS:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_pdf_rendered_in_a_forked_child_gives_the_same_files(files, tmp_path, monkeypatch):
    bank, journal = files
    result, pb, pj = oneshot.reconcile_paths(bank, journal)
    oneshot.write_outputs(tmp_path / "serial", result, pb, pj, parallel=False)
    monkeypatch.setattr(oneshot.threading, "active_count", lambda: 1)  # pytest may run helper threads
    forked = []
    real_pool = oneshot.ProcessPoolExecutor
    monkeypatch.setattr(oneshot, "ProcessPoolExecutor", lambda **kw: forked.append(kw) or real_pool(**kw))
    oneshot.write_outputs(tmp_path / "forked", result, pb, pj, parallel=True)
    assert forked  # the fork path really ran
    for name in OUTPUTS:
        assert (tmp_path / "serial" / name).read_bytes() == (tmp_path / "forked" / name).read_bytes(), name


def test_an_error_in_the_forked_pdf_render_reaches_the_caller(files, tmp_path, monkeypatch):
    bank, journal = files
    result, pb, pj = oneshot.reconcile_paths(bank, journal)
    monkeypatch.setattr(oneshot.threading, "active_count", lambda: 1)

    def broken(table):  # type: ignore[no-untyped-def]
        raise RuntimeError("font missing")

    monkeypatch.setattr(oneshot, "render_adjustment_pdf", broken)
    with pytest.raises(RuntimeError, match="font missing"):
        oneshot.write_outputs(tmp_path / "o", result, pb, pj, parallel=True)


def test_bad_input_fails_with_the_row(files, tmp_path):
    bank, journal = files
    bank.write_text(BANK_CSV.replace('"98,500.00"', '"98,5x0.00"'), encoding="utf-8")
    with pytest.raises(CommandError, match="row 4"):
        call_command("reconcile_files", "--bank", str(bank), "--journal", str(journal), "--out", str(tmp_path / "o"))
    with pytest.raises(CommandError, match="no such file"):
        call_command("reconcile_files", "--bank", str(tmp_path / "none.csv"), "--journal", str(journal),
                     "--out", str(tmp_path / "o"))


def test_an_out_folder_that_cannot_be_written_is_named_before_the_work(files, tmp_path):
    bank, journal = files
    a_file = tmp_path / "taken"
    a_file.write_text("x")
    for out in (a_file, a_file / "sub", "/proc/reconcile-out"):
        with pytest.raises(CommandError, match="--out: cannot write to the folder"):
            call_command("reconcile_files", "--bank", str(bank), "--journal", str(journal), "--out", str(out))
