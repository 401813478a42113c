"""`reconcile_files` on DESIGN's worked example: the table agrees to the cent, outputs are stable, bad input fails."""

from __future__ import annotations

import csv
import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from reconcile import oneshot
from reconcile.parsers.api import parse_file
from tests.fixtures.hostile import FORMULA_TEXTS
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
        "bank_balance": "1250000.00",
        "book_balance": "1198500.00",
        "journal_in_not_bank": "30000.00",
        "journal_out_not_bank": "80000.00",
        "bank_in_not_journal": "1650.00",
        "bank_out_not_journal": "150.00",
        "adjusted_bank_balance": "1200000.00",
        "adjusted_book_balance": "1200000.00",
        "difference": "0.00",
        "agreed": True,
    }
    rows = list(csv.DictReader((out / "matches.csv").open(encoding="utf-8")))
    assert list(rows[0]) == ["group", "side", "row", "ref", "date", "direction", "amount", "rule", "score"]
    pairs = {(r["side"], r["row"], r["amount"]) for r in rows}
    # Physical CSV line numbers, header included: bank rows 2..4, journal rows 3..5 (row 2 is 期初余额).
    assert pairs == {
        ("bank", "2", "200000.00"),
        ("bank", "3", "50000.00"),
        ("bank", "4", "98500.00"),
        ("journal", "3", "200000.00"),
        ("journal", "4", "50000.00"),
        ("journal", "5", "98500.00"),
    }
    assert len({r["group"] for r in rows}) == 3
    assert "/ agreed" not in capsys.readouterr().out  # the summary speaks one language (test_the_summary_...)
    # Read as a non-recalculating reader does: the totals and the conclusion are values.
    sheet = load_workbook(out / "adjustment.xlsx", data_only=True).worksheets[0]
    assert (sheet["B9"].value, sheet["D9"].value, sheet["B11"].value) == (1200000, 1200000, 0)
    assert sheet["B12"].value == "调节相符"
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

    def broken(table, *, language):  # type: ignore[no-untyped-def]
        raise RuntimeError("font missing")

    monkeypatch.setattr(oneshot, "render_adjustment_pdf", broken)
    with pytest.raises(RuntimeError, match="font missing"):
        oneshot.write_outputs(tmp_path / "o", result, pb, pj, parallel=True)


def test_bad_input_fails_with_the_row(files, tmp_path):
    bank, journal = files
    bank.write_text(BANK_CSV.replace('"98,500.00"', '"98,5x0.00"'), encoding="utf-8")
    with pytest.raises(CommandError, match="第4行 “贷方发生额” 列：无法识别的金额"):
        call_command("reconcile_files", "--bank", str(bank), "--journal", str(journal), "--out", str(tmp_path / "o"))
    with translation.override("en"), pytest.raises(CommandError, match="no such file"):
        call_command(
            "reconcile_files",
            "--bank",
            str(tmp_path / "none.csv"),
            "--journal",
            str(journal),
            "--out",
            str(tmp_path / "o"),
        )


@pytest.mark.usefixtures("english")  # the refusals are checked in English (the product speaks Chinese)
def test_an_out_folder_that_cannot_be_written_is_named_before_the_work(files, tmp_path):
    bank, journal = files
    a_file = tmp_path / "taken"
    a_file.write_text("x")
    for out in (a_file, a_file / "sub", "/proc/reconcile-out"):
        with pytest.raises(CommandError, match="--out: cannot write to the folder"):
            call_command("reconcile_files", "--bank", str(bank), "--journal", str(journal), "--out", str(out))


# November after DESIGN's October: the cheque received 10-31 (30,000.00) and cheque 10234567 (80,000.00) reach the
# bank in November; October's interest and fee (bank only) are booked in November. Two equal deposit cheques of
# 5,000.00 written 10-20 are still outstanding, so the bank stays 10,000.00 above the books.
NOV_BANK = (
    "交易日期,摘要,借方发生额,贷方发生额,余额,对方户名,交易流水号\n"
    '2026-11-02,转账支票,,"30,000.00","1,290,000.00",上海恒瑞贸易有限公司,SN20261102001\n'
    '2026-11-03,支票,"80,000.00",,"1,210,000.00",北京中科信达科技有限公司,SN20261103001\n'
    '2026-11-10,货款,,"20,000.00","1,230,000.00",深圳华南精密制造有限公司,SN20261110001\n'
)
NOV_JOURNAL = (
    "日期,凭证字号,摘要,对方科目,结算方式,结算号,借方金额,贷方金额,方向,余额\n"
    '2026-11-01,,期初余额,,,,,,借,"1,198,500.00"\n'
    '2026-11-02,记-2,结息,财务费用,,,"1,650.00",,借,"1,200,150.00"\n'
    '2026-11-02,记-3,手续费,财务费用,,,,150.00,借,"1,200,000.00"\n'
    '2026-11-10,记-9,收华南精密货款,应收账款,电汇,,"20,000.00",,借,"1,220,000.00"\n'
)
OPENING_JOURNAL = (
    "日期,凭证字号,摘要,结算方式,结算号,借方金额,贷方金额\n"
    '2026-10-20,记-20,付设备押金,转账支票,10230001,,"5,000.00"\n'
    '2026-10-20,记-20,付设备押金,转账支票,10230001,,"5,000.00"\n'
    '2026-10-30,记-31,付中科信达设备款,转账支票,10234567,,"80,000.00"\n'
    '2026-10-31,记-33,收恒瑞贸易转账支票,转账支票,20881234,"30,000.00",\n'
)
OPENING_BANK = (
    "交易日期,摘要,借方发生额,贷方发生额,对方户名,交易流水号\n"
    '2026-10-31,结息,,"1,650.00",,SN20261031001\n'
    "2026-10-31,手续费,150.00,,,SN20261031002\n"
)


@pytest.fixture
def november(tmp_path):
    paths = {name: tmp_path / f"{name}.csv" for name in ("bank", "journal", "opening-bank", "opening-journal")}
    for name, text in (
        ("bank", NOV_BANK),
        ("journal", NOV_JOURNAL),
        ("opening-bank", OPENING_BANK),
        ("opening-journal", OPENING_JOURNAL),
    ):
        paths[name].write_text(text, encoding="utf-8")
    return paths


def _run(paths, out, *opening):
    args = ["--bank", str(paths["bank"]), "--journal", str(paths["journal"]), "--out", str(out)]
    for name in opening:
        args += [f"--{name}", str(paths[name])]
    call_command("reconcile_files", *args)
    return json.loads((out / "adjustment.json").read_text())


def test_opening_items_make_the_following_month_agree(november, tmp_path, capsys):
    without = _run(november, tmp_path / "without")
    assert without["agreed"] is False  # October's outstanding items are missing
    capsys.readouterr()
    with translation.override("en"):
        summary = _run(november, tmp_path / "with", "opening-bank", "opening-journal")
    assert summary == {
        "bank_balance": "1230000.00",
        "book_balance": "1220000.00",  # the statements' own: opening items move none
        "journal_in_not_bank": "0.00",
        "journal_out_not_bank": "10000.00",
        "bank_in_not_journal": "0.00",
        "bank_out_not_journal": "0.00",
        "adjusted_bank_balance": "1220000.00",
        "adjusted_book_balance": "1220000.00",
        "difference": "0.00",
        "agreed": True,
    }
    assert (without["bank_balance"], without["book_balance"]) == (summary["bank_balance"], summary["book_balance"])
    assert "6 opening items" in capsys.readouterr().out
    rows = list(csv.DictReader((tmp_path / "with" / "matches.csv").open(encoding="utf-8")))
    assert list(rows[0]) == ["group", "side", "row", "ref", "date", "direction", "amount", "rule", "score"]
    # side names the input the row number belongs to; opening items are matched like any line.
    assert {(r["side"], r["row"], r["amount"]) for r in rows if r["side"].startswith("opening")} == {
        ("opening-journal", "4", "80000.00"),
        ("opening-journal", "5", "30000.00"),
        ("opening-bank", "2", "1650.00"),
        ("opening-bank", "3", "150.00"),
    }
    by_group: dict[str, set[str]] = {}
    for r in rows:
        by_group.setdefault(r["group"], set()).add(r["side"])
    assert sorted(sorted(sides) for sides in by_group.values()) == [
        ["bank", "journal"],
        ["bank", "opening-journal"],
        ["bank", "opening-journal"],
        ["journal", "opening-bank"],
        ["journal", "opening-bank"],
    ]
    # The two equal outstanding cheques are both listed, in the workbook and the PDF.
    details = load_workbook(tmp_path / "with" / "adjustment.xlsx")["未达账项明细"]
    cells = [c.value for row in details.iter_rows() for c in row]
    assert cells.count("10230001") == 2
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "with" / "adjustment.pdf").pages)
    assert text.count("10230001") == 2


@pytest.mark.usefixtures("english")  # the refusals are checked in English (the product speaks Chinese)
def test_an_opening_item_dated_inside_the_files_is_refused_naming_it(november, tmp_path):
    november["opening-journal"].write_text(OPENING_JOURNAL + '2026-11-02,记-1,补记,,,,"7.00"\n', encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        _run(november, tmp_path / "o", "opening-journal")
    message = str(refused.value)
    assert "opening-journal.csv (--opening-journal): 1 opening item dated on or after 2026-11-02" in message
    assert "row 6: dated 2026-11-02, 7.00" in message and "Put such a line in the bank file or the journal" in message
    with pytest.raises(CommandError, match="--opening-bank: no such file"):
        call_command(
            "reconcile_files",
            "--bank",
            str(november["bank"]),
            "--journal",
            str(november["journal"]),
            "--out",
            str(tmp_path / "o"),
            "--opening-bank",
            str(tmp_path / "none.csv"),
        )
    assert not (tmp_path / "o" / "adjustment.json").exists()


@pytest.mark.usefixtures("english")  # the refusals are checked in English (the product speaks Chinese)
def test_opening_items_in_another_currency_are_refused(november, tmp_path):
    november["bank"].write_text("币种：人民币\n" + NOV_BANK, encoding="utf-8")
    november["opening-bank"].write_text("币种：美元\n" + OPENING_BANK, encoding="utf-8")
    with pytest.raises(CommandError, match="in USD"):
        _run(november, tmp_path / "o", "opening-bank")


def test_an_mt942_after_the_statement_moves_the_bank_balance_its_lines_are_listed_with(tmp_path):
    from tests.reconcile.parsers.test_parsers_values import MT940_THEN_MT942

    bank, journal = tmp_path / "day.sta", tmp_path / "journal.csv"
    bank.write_text(MT940_THEN_MT942, encoding="utf-8")
    journal.write_bytes(
        (
            "日期,凭证字号,摘要,对方科目,结算方式,结算号,借方金额,贷方金额,方向,余额\n"
            "2026-10-07,,期初余额,,,,,,借,1000.00\n"
            "2026-10-08,记-1,货款,应收账款,电汇,,100.00,,借,1100.00\n"
        ).encode("gb18030")
    )
    call_command("reconcile_files", "--bank", str(bank), "--journal", str(journal), "--out", str(tmp_path / "out"))
    summary = json.loads((tmp_path / "out" / "adjustment.json").read_text())
    # The :62F: balance (1,100.00) less the interim fee of the next day, which is listed as not yet in the journal.
    assert (summary["bank_balance"], summary["bank_out_not_journal"]) == ("1080.00", "20.00")
    assert summary["agreed"] is True


# --- text from the files in the outputs (formula injection), and who the table is for --------------------------


@pytest.mark.parametrize("text", FORMULA_TEXTS)
def test_text_from_the_files_stays_text_in_every_output(files, tmp_path, text):
    """A payer's reference and summary: string cells in the workbook with the text as read from the file, an
    apostrophe in front in the CSVs (OWASP's advice for CSV injection)."""
    bank, journal = files
    field = '"' + text.replace('"', '""') + '"'
    # The 1,650.00 interest stays unmatched (the journal has no such line); the 200,000.00 receipt is matched.
    hostile = BANK_CSV.replace(",结息,", f",{field},").replace("SN20261031001", field).replace("SN20261008001", field)
    bank.write_text(hostile, encoding="utf-8")
    # What the parser reads from such a cell (it strips a cell's leading tab or CR as padding, as in ICBC's CSVs).
    read = next(ln for ln in parse_file(hostile.encode(), "bank.csv", "bank")[0].lines if ln.amount == 1650)
    assert read.summary == read.serial == text.lstrip("\t\r")
    out = tmp_path / "out"
    call_command("reconcile_files", "--bank", str(bank), "--journal", str(journal), "--out", str(out))
    refs = [
        r["ref"]
        for name in ("matches.csv", "suggestions.csv")
        for r in csv.DictReader((out / name).open(encoding="utf-8", newline=""))
    ]
    assert "'" + read.serial in refs  # the matched receipt's reference
    assert all(ref[:1] not in "=+-@\t\r＝" for ref in refs)
    wb = load_workbook(out / "adjustment.xlsx")
    assert [c.coordinate for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"] == []
    row = next(r for r in wb["未达账项明细"].iter_rows(min_row=5) if r[4].value == 1650)
    assert (row[2].data_type, row[2].value) == ("s", read.serial)
    assert (row[3].data_type, row[3].value) == ("s", read.summary)


def test_the_table_names_the_account_and_company_the_statement_states(files, tmp_path, capsys):
    bank, journal = files
    bank.write_text("账号：31050161373600001234\n户名：上海恒瑞贸易有限公司\n" + BANK_CSV, encoding="utf-8")
    out = tmp_path / "out"
    call_command("reconcile_files", "--bank", str(bank), "--journal", str(journal), "--out", str(out))
    summary = load_workbook(out / "adjustment.xlsx").worksheets[0]
    assert summary["A2"].value == "单位：上海恒瑞贸易有限公司"
    assert summary["A3"].value.startswith("账户：31050161373600001234")
    text = "".join(page.extract_text() for page in PdfReader(out / "adjustment.pdf").pages)
    assert "单位：上海恒瑞贸易有限公司" in text and "账户：31050161373600001234" in text
    assert "Note:" not in capsys.readouterr().out
    # --company names the company as the user wants it printed; an --account the statement contradicts is refused.
    call_command(
        "reconcile_files",
        "--bank",
        str(bank),
        "--journal",
        str(journal),
        "--out",
        str(out),
        "--company",
        "上海恒瑞贸易有限公司（财务部）",
    )
    assert load_workbook(out / "adjustment.xlsx").worksheets[0]["A2"].value == "单位：上海恒瑞贸易有限公司（财务部）"
    with (
        translation.override("en"),
        pytest.raises(CommandError, match="is the statement of account 31050161373600001234"),
    ):
        call_command(
            "reconcile_files",
            "--bank",
            str(bank),
            "--journal",
            str(journal),
            "--out",
            str(out),
            "--account",
            "11050162880000003456",
        )


def test_the_summary_speaks_the_active_language_only(files, tmp_path, capsys):
    """The verdict was "调节相符 / agreed" in an English line; the summary is now in one language, the active one."""
    from django.utils import translation

    bank, journal = files
    with translation.override("en"):
        call_command("reconcile_files", "--bank", str(bank), "--journal", str(journal), "--out", str(tmp_path / "o"))
    printed = capsys.readouterr().out
    assert "the table agrees" in printed and "3 groups matched" in printed
    assert not re.search(r"[\u4e00-\u9fff]", printed), printed
    # A table that does not agree says so in the same language.
    from decimal import Decimal
    from io import StringIO
    from types import SimpleNamespace

    from reconcile.management.commands.reconcile_files import Command

    table = SimpleNamespace(
        agreed=False,
        difference=Decimal("-100.00"),
        adjusted_bank_balance=Decimal("1200000.00"),
        adjusted_book_balance=Decimal("1200100.00"),
        account_number="31050161373600001234",
        company_name="上海恒瑞贸易有限公司",
    )
    result = SimpleNamespace(table=table, bank_lines=5, journal_lines=5, opening_lines=2, groups=[], suggestions=[])
    command = Command(stdout=StringIO())
    with translation.override("en"):
        command._report(result, tmp_path)
    printed = command.stdout._out.getvalue()
    assert "5 journal lines, 2 opening items" in printed and "the table does NOT agree: difference -100.00" in printed
    assert not re.search(r"[\u4e00-\u9fff]", printed), printed


@pytest.mark.usefixtures("english")
def test_without_an_account_in_the_files_the_options_name_it(files, tmp_path, capsys):
    bank, journal = files
    out = tmp_path / "out"
    call_command("reconcile_files", "--bank", str(bank), "--journal", str(journal), "--out", str(out))
    printed = capsys.readouterr().out
    assert "the files state no account number; give --account" in printed
    assert "the files state no company name; give --company" in printed
    call_command(
        "reconcile_files",
        "--bank",
        str(bank),
        "--journal",
        str(journal),
        "--out",
        str(out),
        "--account",
        "3105 0161 3736 0000 1234",
        "--company",
        "上海恒瑞贸易有限公司",
    )
    summary = load_workbook(out / "adjustment.xlsx").worksheets[0]
    assert summary["A3"].value.startswith("账户：31050161373600001234")
    assert summary["A2"].value == "单位：上海恒瑞贸易有限公司"
    assert "Note:" not in capsys.readouterr().out


@pytest.mark.parametrize(
    ("option", "given", "says"),
    [
        *(("--account", v, "an account number is 6 to 34") for v in ("12", "=HYPERLINK(1)", "3105016137/3600/001234")),
        *(("--window", v, "the matching window is 0 to 30 working") for v in ("99999", "31", "-1")),
    ],
)
@pytest.mark.usefixtures("english")  # the refusals are checked in English (the product speaks Chinese)
def test_an_option_value_out_of_its_range_is_refused_naming_it(files, tmp_path, option, given, says):
    bank, journal = files
    out = tmp_path / "out"
    with pytest.raises(CommandError, match=re.escape(f"{option} {given}: {says}")):
        call_command(
            "reconcile_files", "--bank", str(bank), "--journal", str(journal), "--out", str(out), option, given
        )
    assert not (out / "adjustment.xlsx").exists()


@pytest.mark.parametrize("window", ["0", "30"])
def test_a_window_of_0_to_30_working_days_is_taken(files, tmp_path, window):
    bank, journal = files
    out = tmp_path / "out"
    call_command(
        "reconcile_files", "--bank", str(bank), "--journal", str(journal), "--out", str(out), "--window", window
    )
    assert (out / "adjustment.xlsx").exists()


@pytest.mark.parametrize(
    ("groups", "suggestions", "says"),
    [(1, 1, "1 group matched, 1 suggestion;"), (2, 0, "2 groups matched, 0 suggestions;")],
)
def test_the_summary_counts_groups_and_suggestions_in_their_plural(tmp_path, groups, suggestions, says):
    """ "1 groups matched" read wrong: each count takes its own singular or plural (ngettext)."""
    from decimal import Decimal
    from io import StringIO
    from types import SimpleNamespace

    from django.utils import translation

    from reconcile.management.commands.reconcile_files import Command

    table = SimpleNamespace(
        agreed=True,
        difference=Decimal("0.00"),
        adjusted_bank_balance=Decimal("10.00"),
        adjusted_book_balance=Decimal("10.00"),
        account_number="31050161373600001234",
        company_name="上海恒瑞贸易有限公司",
    )
    result = SimpleNamespace(
        table=table, bank_lines=1, journal_lines=1, opening_lines=0, groups=[0] * groups, suggestions=[0] * suggestions
    )
    out = StringIO()
    with translation.override("en"):
        Command(stdout=out)._report(result, tmp_path)
    assert says in out.getvalue()


@pytest.mark.parametrize(
    ("counts", "says"),
    [
        ((1, 1, 1), "1 bank line, 1 journal line, 1 opening item: "),
        ((1, 3, 0), "1 bank line, 3 journal lines: "),
        ((4, 1, 2), "4 bank lines, 1 journal line, 2 opening items: "),
    ],
)
def test_the_summary_counts_lines_and_opening_items_in_their_plural(tmp_path, counts, says):
    """ "1 bank lines, 1 journal lines" read wrong: each line count takes its own singular or plural (ngettext)."""
    from decimal import Decimal
    from io import StringIO
    from types import SimpleNamespace

    from django.utils import translation

    from reconcile.management.commands.reconcile_files import Command

    table = SimpleNamespace(
        agreed=True,
        difference=Decimal("0.00"),
        adjusted_bank_balance=Decimal("10.00"),
        adjusted_book_balance=Decimal("10.00"),
        account_number="31050161373600001234",
        company_name="上海恒瑞贸易有限公司",
    )
    bank, journal, opening = counts
    result = SimpleNamespace(
        table=table, bank_lines=bank, journal_lines=journal, opening_lines=opening, groups=[], suggestions=[]
    )
    out = StringIO()
    with translation.override("en"):
        Command(stdout=out)._report(result, tmp_path)
    assert out.getvalue().startswith(says), out.getvalue()
