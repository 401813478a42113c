"""The accountant in a real browser: upload both files, match automatically, fix a match by hand, download the 余额调节表."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

from openpyxl import load_workbook

from reconcile.models import BankLine, Import, ImportStatus, JournalEntry, Match, MatchKind, MatchRun
from reconcile.render.adjustment_xlsx import CELL_DIFFERENCE, ROW_ADJUSTED, ROW_BALANCE, SUMMARY_SHEET
from reconcile.services.adjustment import adjustment_table_build
from tests.browser.support import download, exact, expect, log_in, submit, tr
from tests.fixtures.worked_example import BANK_CSV, JOURNAL_CSV

PERIOD_END = dt.date(2026, 10, 31)


def _upload(page, shot, kind: str, name: str, data: bytes, account_number: str) -> Import:
    page.goto("/imports/upload/")
    page.get_by_label("文件类型", exact=True).select_option(kind)
    page.get_by_label("文件", exact=True).set_input_files({"name": name, "mimeType": "text/csv", "buffer": data})
    # The file does not name its account: it is chosen from the user's accounts (issue 22 item 8).
    page.get_by_label(tr("Account"), exact=True).select_option(account_number)
    shot(page, f"upload-{kind}")
    submit(page, page.get_by_role("button", name="上传并导入"))
    page.wait_for_url(re.compile(r"/imports/\d+/$"))
    record = Import.objects.get(pk=int(page.url.rstrip("/").rsplit("/", 1)[1]))
    expect(page.locator("dl.facts strong").first).to_have_text("已导入")
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    shot(page, f"imported-{kind}")
    assert (record.status, record.kind, record.account.number) == (ImportStatus.DONE, kind, account_number), (
        record.errors
    )
    return record


def test_accountant_matches_fixes_and_downloads_the_adjustment_table(page, shot, accountant_a, account_a):
    log_in(page, "accountant_a")

    # The worked example: a bank CSV (UTF-8) and an ERP journal export (GB18030, as Chinese ERPs write it).
    bank = _upload(page, shot, "bank", "工行对账单-2026-10.csv", BANK_CSV.encode(), account_a.number)
    journal = _upload(
        page, shot, "journal", "银行存款日记账-2026-10.csv", JOURNAL_CSV.encode("gb18030"), account_a.number
    )
    assert (bank.lines_stored, BankLine.objects.filter(account=account_a).count()) == (5, 5)
    assert JournalEntry.objects.filter(account=account_a).count() == journal.lines_stored == 5

    # The workbench for October: run the automatic matching; the run page reaches 100 %.
    page.goto(f"/reconcile/{account_a.pk}/?period={PERIOD_END}")
    shot(page, "workbench-before-run")
    submit(page, page.get_by_role("button", name=tr("Match automatically")))
    page.wait_for_url(re.compile(r"/reconcile/runs/\d+/$"))
    expect(page.get_by_role("status").locator("progress")).to_have_attribute("value", "100")
    expect(page.get_by_role("status")).to_contain_text("100% · 已完成")
    shot(page, "run-done")
    run = MatchRun.objects.get(account=account_a)
    assert (run.state, run.progress, run.matched) == ("done", 100, 3)

    page.get_by_role("link", name=tr("Back to the workbench")).click()
    page.wait_for_url(re.compile(rf"/reconcile/{account_a.pk}/\?period={PERIOD_END}$"))
    table = page.locator("table.adjustment")
    adjusted = table.get_by_role("row").last.get_by_role("cell")
    expect(adjusted.nth(0)).to_have_text(exact("1,200,000.00"))
    expect(adjusted.nth(1)).to_have_text(exact("1,200,000.00"))
    expect(table).to_contain_text("1,250,000.00")  # bank statement balance
    expect(table).to_contain_text("1,198,500.00")  # book balance
    expect(page.get_by_role("status").filter(has_text=tr("The balances agree after adjustment."))).to_be_visible()
    shot(page, "workbench-agreed")

    # Undo the automatic match of the 200,000.00 receipt, with a reason.
    matched = page.locator("section.card", has=page.get_by_role("heading", name=tr("Matched groups")))
    expect(matched.get_by_role("button", name=tr("Undo"), exact=True)).to_have_count(3)
    group_row = matched.get_by_role("row").filter(has_text="200,000.00")
    group = Match.objects.get(pk=int(group_row.get_by_role("cell").first.inner_text()))
    group_row.get_by_label(tr("Reason"), exact=True).fill("核对凭证时发现勾对有误")
    submit(page, group_row.get_by_role("button", name=tr("Undo"), exact=True))
    page.wait_for_url(re.compile(rf"/reconcile/{account_a.pk}/\?period={PERIOD_END}$"))
    expect(page.locator(".messages")).to_contain_text(tr("Match undone."))
    expect(matched.get_by_role("button", name=tr("Undo"), exact=True)).to_have_count(2)
    shot(page, "match-undone")
    group.refresh_from_db()
    assert group.undone_at is not None and group.undo_reason == "核对凭证时发现勾对有误"

    # Select its two lines again: the running difference (workbench.js) goes to 0.00, then match them.
    difference = page.locator("#difference")
    bank_box = page.get_by_role("checkbox", name=f"{tr('Select bank line')} 2026-10-08 200000.00")
    journal_box = page.get_by_role("checkbox", name=f"{tr('Select journal entry')} 2026-10-08 200000.00")
    bank_box.check()
    expect(difference).to_have_text(re.compile(r"1 / 0 · .*: 200,000\.00$"))
    expect(difference).to_have_class("error")
    journal_box.check()
    expect(difference).to_have_text(re.compile(r"1 / 1 · .*: 0\.00$"))
    expect(difference).to_have_class("ok-text")
    shot(page, "manual-selection-balances")
    submit(page, page.get_by_role("button", name=tr("Match selected (Alt+M)")))
    page.wait_for_url(re.compile(rf"/reconcile/{account_a.pk}/\?period={PERIOD_END}#lines$"))
    manual = Match.objects.get(account=account_a, kind=MatchKind.MANUAL, undone_at__isnull=True)
    expect(page.locator(".messages")).to_contain_text(tr("Matched (group %(id)s).") % {"id": manual.pk})
    expect(matched.get_by_role("button", name=tr("Undo"), exact=True)).to_have_count(3)
    expect(page.get_by_role("status").filter(has_text=tr("The balances agree after adjustment."))).to_be_visible()
    shot(page, "matched-by-hand")
    linked = {(link.bank_line_id, link.journal_entry_id) for link in manual.links.filter(active=True)}
    line = BankLine.objects.get(account=account_a, amount=Decimal("200000.00"))
    entry = JournalEntry.objects.get(account=account_a, amount=Decimal("200000.00"))
    assert linked == {(line.pk, None), (None, entry.pk)} and manual.created_by == accountant_a
    assert adjustment_table_build(account=account_a, period_end=PERIOD_END).agreed

    # The adjustment table as Excel (values any reader sees, no recalculation needed) and as PDF.
    data, name = download(page, lambda: page.get_by_role("link", name=tr("Adjustment table (Excel)")).click())
    assert name == f"adjustment-{account_a.number}-{PERIOD_END}.xlsx"
    summary = load_workbook(io.BytesIO(data), data_only=True)[SUMMARY_SHEET]
    assert Decimal(str(summary[f"B{ROW_BALANCE}"].value)) == Decimal("1250000.00")
    assert Decimal(str(summary[f"D{ROW_BALANCE}"].value)) == Decimal("1198500.00")
    assert Decimal(str(summary[f"B{ROW_ADJUSTED}"].value)) == Decimal("1200000.00")
    assert Decimal(str(summary[f"D{ROW_ADJUSTED}"].value)) == Decimal("1200000.00")
    assert summary[CELL_DIFFERENCE].value == 0
    data, name = download(page, lambda: page.get_by_role("link", name=tr("Adjustment table (PDF)")).click())
    assert data.startswith(b"%PDF") and name == f"adjustment-{account_a.number}-{PERIOD_END}.pdf"
    shot(page, "downloads-done")
