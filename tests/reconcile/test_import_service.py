"""The import service on top of the parsers: all-or-nothing, duplicates, overlaps, re-exports, accounts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from core.errors import ServiceError
from core.models import AuditEvent
from core.selectors.audit import audit_chain_verify
from reconcile.import_messages import error_rows, import_message
from reconcile.models import BankAccount, BankLine, Import, ImportStatus, JournalEntry
from reconcile.services.imports import DuplicateFile, import_file

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HEADER = "交易日期,摘要,借方发生额,贷方发生额,余额,对方户名,交易流水号\n"
ROWS = [
    '2026-10-08,货款,,"30,000.00","130,000.00",上海恒瑞贸易有限公司,SN001\n',
    '2026-10-09,手续费,15.00,,"129,985.00",,SN002\n',
    '2026-10-10,付款,"5,000.00",,"124,985.00",北京中科信达科技有限公司,SN003\n',
    '2026-10-12,结息,,"1,650.00","126,635.00",,SN004\n',
]


def bank_csv(rows: list[str]) -> bytes:
    return (HEADER + "".join(rows)).encode("utf-8")


def test_bank_file_is_stored_with_directions_and_totals(account_a):
    record = import_file(
        actor=None, kind="bank", data=bank_csv(ROWS[:3]), filename="oct.csv", account_number=account_a.number
    )
    assert record.status == ImportStatus.DONE
    assert (record.lines_in_file, record.lines_stored, record.lines_known) == (3, 3, 0)
    assert (record.total_in, record.total_out) == (Decimal("30000.00"), Decimal("5015.00"))
    assert record.closing_balance == Decimal("124985.00")
    assert record.opening_balance == Decimal("100000.00")
    lines = list(BankLine.objects.filter(account=account_a).order_by("row"))
    assert [(ln.row, ln.direction, ln.amount) for ln in lines] == [
        (2, "in", Decimal("30000.00")),
        (3, "out", Decimal("15.00")),
        (4, "out", Decimal("5000.00")),
    ]
    assert lines[0].counterparty_name == "上海恒瑞贸易有限公司" and lines[0].serial == "SN001"
    assert "3 lines stored" in import_message(record)
    assert AuditEvent.objects.filter(action="import.completed", target_id=str(record.pk)).exists()


def test_same_file_twice_is_refused_politely(account_a):
    import_file(actor=None, kind="bank", data=bank_csv(ROWS), filename="oct.csv", account_number=account_a.number)
    with pytest.raises(DuplicateFile, match="already imported"):
        import_file(actor=None, kind="bank", data=bank_csv(ROWS), filename="copy.csv", account_number=account_a.number)
    assert BankLine.objects.count() == 4
    assert Import.objects.count() == 1


def test_overlapping_exports_store_each_line_once(account_a):
    import_file(actor=None, kind="bank", data=bank_csv(ROWS[:3]), filename="a.csv", account_number=account_a.number)
    second = import_file(
        actor=None, kind="bank", data=bank_csv(ROWS[1:]), filename="b.csv", account_number=account_a.number
    )
    assert (second.lines_stored, second.lines_known) == (1, 2)
    assert BankLine.objects.count() == 4


def test_two_identical_fees_on_one_day_are_both_kept_and_deduplicated_on_reimport(account_a):
    header = "交易日期,摘要,借方发生额,贷方发生额,对方户名\n"
    rows = "2026-10-09,手续费,10.00,,\n2026-10-09,手续费,10.00,,\n"
    import_file(
        actor=None, kind="bank", data=(header + rows).encode(), filename="x.csv", account_number=account_a.number
    )
    again = import_file(
        actor=None,
        kind="bank",
        data=(header + rows + "2026-10-10,手续费,10.00,,\n").encode(),
        filename="y.csv",
        account_number=account_a.number,
    )
    assert (again.lines_stored, again.lines_known) == (1, 2)
    assert BankLine.objects.count() == 3


def test_bad_rows_refuse_the_whole_file_and_name_each_row(account_a):
    rows = [ROWS[0], '2026-13-45,手续费,15.00,,"129,985.00",,SN002\n', '2026-10-10,付款,"5,0x0.00",,,x,SN003\n']
    record = import_file(
        actor=None, kind="bank", data=bank_csv(rows), filename="bad.csv", account_number=account_a.number
    )
    assert record.status == ImportStatus.REFUSED
    rows_named = {e["row"] for e in record.errors}
    assert {3, 4} <= rows_named
    assert any(e["column"] == "交易日期" for e in record.errors)
    assert any(e["column"] == "借方发生额" for e in record.errors)
    assert "nothing was imported" in import_message(record)
    assert BankLine.objects.count() == 0
    assert audit_chain_verify().ok


def test_a_refused_file_can_be_fixed_and_uploaded_again(account_a):
    bad = import_file(
        actor=None,
        kind="bank",
        data=bank_csv([ROWS[0], "2026-10-09,手续费,abc,,,,SN2\n"]),
        filename="v1.csv",
        account_number=account_a.number,
    )
    assert bad.status == ImportStatus.REFUSED
    good = import_file(actor=None, kind="bank", data=bank_csv(ROWS), filename="v2.csv", account_number=account_a.number)
    assert good.status == ImportStatus.DONE


def test_unknown_account_is_registered_on_first_import(db):
    record = import_file(
        actor=None, kind="bank", data=bank_csv(ROWS), filename="new.csv", account_number="6222 0000 1111 2222"
    )
    assert record.status == ImportStatus.DONE
    assert record.accounts_registered == ["6222000011112222"]
    assert "new account registered" in import_message(record)
    assert BankAccount.objects.get(number="6222000011112222").customer is None


def test_accountant_cannot_import_into_another_customers_account(accountant_a, account_b):
    from core.errors import ServiceError

    with pytest.raises(ServiceError) as refused:
        import_file(
            actor=accountant_a,
            kind="bank",
            data=bank_csv(ROWS),
            filename="x.csv",
            account_number=account_b.number,
            customer=accountant_a.customer,
        )
    assert refused.value.code == "account_not_registered"
    assert BankLine.objects.count() == 0


def test_file_without_account_asks_for_one(db):
    record = import_file(actor=None, kind="bank", data=bank_csv(ROWS), filename="x.csv")
    assert record.status == ImportStatus.REFUSED
    assert "choose the account" in import_message(record)


JOURNAL_HEADER = "日期,凭证字号,摘要,对方科目,结算方式,结算号,借方金额,贷方金额,方向,余额\n"


def journal_csv(rows: list[str]) -> bytes:
    return (JOURNAL_HEADER + "".join(rows)).encode("gb18030")


def test_journal_directions_are_the_other_way_round(account_a):
    rows = [
        '2026-10-08,记-12,收恒瑞贸易货款,应收账款,转账,TR001,"30,000.00",,借,"130,000.00"\n',
        '2026-10-10,记-15,付中科信达,应付账款,转账支票,10234567,,"80,000.00",借,"50,000.00"\n',
    ]
    record = import_file(
        actor=None, kind="journal", data=journal_csv(rows), filename="journal.csv", account_number=account_a.number
    )
    assert record.status == ImportStatus.DONE, record.errors
    entries = list(JournalEntry.objects.order_by("booking_date"))
    assert [(e.direction, e.amount) for e in entries] == [("in", Decimal("30000.00")), ("out", Decimal("80000.00"))]
    assert (entries[1].serial, entries[1].voucher_no, entries[1].settlement_method) == (
        "记-15",
        "10234567",
        "转账支票",
    )


def test_journal_reexport_replaces_the_period_and_says_what_changed(account_a):
    v1 = [
        '2026-10-08,记-12,收货款,应收账款,转账,,"30,000.00",,借,"130,000.00"\n',
        '2026-10-10,记-15,付货款,应付账款,转账,,,"80,000.00",借,"50,000.00"\n',
    ]
    v2 = [
        v1[0],
        '2026-10-10,记-15,付中科信达货款,应付账款,转账,,,"80,000.00",借,"50,000.00"\n',
        '2026-10-11,记-16,手续费,财务费用,,,,15.00,借,"49,985.00"\n',
    ]
    import_file(actor=None, kind="journal", data=journal_csv(v1), filename="j1.csv", account_number=account_a.number)
    second = import_file(
        actor=None, kind="journal", data=journal_csv(v2), filename="j2.csv", account_number=account_a.number
    )
    assert (second.lines_stored, second.lines_known, second.lines_removed) == (2, 1, 1)
    assert "1 entries no longer in the journal removed" in import_message(second)
    live = JournalEntry.objects.filter(removed_at__isnull=True)
    assert live.count() == 3
    assert sorted(live.values_list("summary", flat=True)) == sorted(["收货款", "付中科信达货款", "手续费"])
    assert list(JournalEntry.objects.filter(removed_at__isnull=False).values_list("summary", flat=True)) == ["付货款"]


def test_empty_and_unreadable_files_are_refused(account_a):
    with pytest.raises(ServiceError, match="empty"):
        import_file(actor=None, kind="bank", data=b"", filename="x.csv", account_number=account_a.number)
    record = import_file(
        actor=None, kind="bank", data=bytes(range(256)) * 20, filename="x.xlsx", account_number=account_a.number
    )
    assert record.status == ImportStatus.REFUSED and error_rows(record)[0]["message"]


def test_command_prints_summary_and_fails_on_refusal(account_a, tmp_path, capsys):
    good = tmp_path / "oct.csv"
    good.write_bytes(bank_csv(ROWS))
    call_command("import_file", str(good), "--kind", "bank", "--account", account_a.number, "--language", "en")
    out = capsys.readouterr().out
    assert "4 lines stored, 0 already known" in out and "closing balance 126,635.00" in out
    bad = tmp_path / "bad.csv"
    bad.write_bytes(bank_csv(["2026-10-09,手续费,abc,,,,SN9\n"]))
    with pytest.raises(CommandError, match="Row 2, column “借方发生额”: unreadable amount “abc”"):
        call_command("import_file", str(bad), "--kind", "bank", "--account", account_a.number, "--language", "en")
    with pytest.raises(CommandError, match="already imported"):
        call_command("import_file", str(good), "--kind", "bank", "--account", account_a.number, "--language", "en")


def test_command_speaks_chinese_by_default_and_one_language_at_a_time(account_a, tmp_path, capsys):
    """The command's language is the product's (zh-Hans) unless --language says otherwise; never both at once."""
    bad = tmp_path / "bad.csv"
    bad.write_bytes(bank_csv(["2026-10-09,手续费,abc,,,,SN9\n"]))
    with pytest.raises(CommandError) as chinese:
        call_command("import_file", str(bad), "--kind", "bank", "--account", account_a.number)
    assert "第2行 “借方发生额” 列：无法识别的金额 “abc”" in str(chinese.value)
    assert "unreadable" not in str(chinese.value) and "refused" not in str(chinese.value)
    with pytest.raises(CommandError) as english:
        call_command("import_file", str(bad), "--kind", "bank", "--account", account_a.number, "--language", "en")
    assert "unreadable amount" in str(english.value) and "无法识别" not in str(english.value)


def test_command_refuses_a_missing_file_or_customer_in_its_language(tmp_path):
    # README: import_file speaks --language (default zh-hans); its own refusals were English whatever was asked.
    missing = str(tmp_path / "nope.csv")
    with pytest.raises(CommandError, match="文件不存在"):
        call_command("import_file", missing, "--kind", "bank")
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_file", missing, "--kind", "bank", "--language", "en")
    there = tmp_path / "oct.csv"
    there.write_bytes(bank_csv(ROWS))
    with pytest.raises(CommandError, match="没有统一社会信用代码为 91000000000000000X 的客户"):
        call_command("import_file", str(there), "--kind", "bank", "--customer", "91000000000000000X")


ODD_LAYOUT = "入账日,金额(元),方向码,说明\n2026-10-08,30000.00,1,货款\n2026-10-09,15.00,0,手续费\n"


def test_saved_profile_reads_an_odd_layout_and_is_used_automatically(account_a):
    from reconcile.services.profiles import mapping_profile_save

    first = import_file(
        actor=None, kind="bank", data=ODD_LAYOUT.encode(), filename="odd.csv", account_number=account_a.number
    )
    assert first.status == ImportStatus.REFUSED
    mapping_profile_save(
        actor=None,
        name="某农商行",
        kind="bank",
        columns={"date": "入账日", "amount": "金额(元)", "flag": "方向码", "summary": "说明"},
        flag_values={"1": "in", "0": "out"},
    )
    chosen = import_file(
        actor=None,
        kind="bank",
        data=ODD_LAYOUT.encode(),
        filename="odd.csv",
        account_number=account_a.number,
        profile_name="某农商行",
    )
    assert chosen.status == ImportStatus.DONE, chosen.errors
    assert [(ln.direction, ln.amount) for ln in BankLine.objects.order_by("row")] == [
        ("in", Decimal("30000.00")),
        ("out", Decimal("15.00")),
    ]
    automatic = import_file(
        actor=None,
        kind="bank",
        data=(ODD_LAYOUT + "2026-10-10,99.00,0,x\n").encode(),
        filename="odd2.csv",
        account_number=account_a.number,
    )
    assert automatic.status == ImportStatus.DONE and automatic.profile_name == "某农商行"


def test_profile_with_unknown_field_is_refused(db):
    from django.core.exceptions import ValidationError

    from reconcile.services.profiles import mapping_profile_save

    with pytest.raises(ValidationError, match="Unknown field"):
        mapping_profile_save(actor=None, name="x", kind="bank", columns={"datum": "日期"})


def test_bank_lines_booked_after_today_are_refused_journal_vouchers_are_not(account_a):
    import datetime as dt

    import time_machine

    with time_machine.travel(dt.datetime(2026, 10, 11, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False):
        record = import_file(
            actor=None, kind="bank", data=bank_csv(ROWS), filename="bank.csv", account_number=account_a.number
        )
        assert record.status == ImportStatus.REFUSED and BankLine.objects.count() == 0
        assert "Row 5 is booked on 2026-10-12, after today (2026-10-11)" in import_message(record)
        assert "(1 such line)." in import_message(record)
        journal = import_file(
            actor=None,
            kind="journal",
            filename="journal.csv",
            account_number=account_a.number,
            data=journal_csv(['2026-10-30,记-31,预付,应付账款,转账,,,"80,000.00",借,"50,000.00"\n']),
        )
        assert journal.status == ImportStatus.DONE
    later = import_file(
        actor=None, kind="bank", data=bank_csv(ROWS), filename="bank.csv", account_number=account_a.number
    )
    assert later.status == ImportStatus.DONE and BankLine.objects.count() == 4


@pytest.mark.parametrize(
    "written,code",
    [
        ("人民币", "CNY"),
        (" RMB ", "CNY"),
        ("人民币元", "CNY"),
        ("cny", "CNY"),
        ("美元", "USD"),
        ("港币", "HKD"),
        ("日元", "JPY"),
        ("", None),
        ("卢布", "卢布"),
        ("xyz", "XYZ"),
    ],
)
def test_currency_names_as_chinese_exports_write_them(written, code):
    from reconcile.parsers.text import currency_code

    assert currency_code(written) == code


def test_a_bank_file_saying_renminbi_imports_into_a_cny_account(account_a):
    assert account_a.currency == "CNY"
    data = (
        "交易日期,摘要,借方发生额,贷方发生额,余额,币种,对方户名\n"
        '2026-10-08,货款,,"30,000.00","130,000.00",人民币,上海恒瑞贸易有限公司\n'
    ).encode()
    record = import_file(actor=None, kind="bank", data=data, filename="bcm.csv", account_number=account_a.number)
    assert record.status == ImportStatus.DONE, record.errors
    assert BankLine.objects.get().amount == Decimal("30000.00")


def _live_summaries() -> list[str]:
    return sorted(JournalEntry.objects.filter(removed_at__isnull=True).values_list("summary", flat=True))


def test_pushes_and_opening_items_add_entries_and_never_retire_others(account_a):
    from reconcile.services.imports import OPENING_ENTRY, import_push

    # (Opening items are dated before the first day the account's journal covers: reconcile/services/imports/opening.py.)

    rows = [
        '2026-10-12,记-2,收货款,应收账款,转账,,"5,000.00",,借,"105,000.00"\n',
        '2026-10-12,记-3,付房租,管理费用,转账,,,"2,000.00",借,"103,000.00"\n',
    ]
    assert (
        import_file(
            actor=None, kind="journal", data=journal_csv(rows), filename="j.csv", account_number=account_a.number
        ).status
        == ImportStatus.DONE
    )
    opening = import_push(
        actor=None,
        kind="journal",
        account_number=account_a.number,
        source=OPENING_ENTRY,
        payload={
            "lines": [{"date": "2026-10-11", "amount": "46000.00", "direction": "out", "summary": "期初未兑付支票"}]
        },
    )
    assert opening.status == ImportStatus.DONE and opening.lines_removed == 0
    second = import_push(
        actor=None,
        kind="journal",
        account_number=account_a.number,
        source=OPENING_ENTRY,
        payload={"lines": [{"date": "2026-10-11", "amount": "500.00", "direction": "in", "summary": "期初在途存款"}]},
    )
    assert second.status == ImportStatus.DONE and second.lines_removed == 0
    pushed = import_push(
        actor=None,
        kind="journal",
        account_number=account_a.number,
        payload={"lines": [{"date": "2026-10-12", "debit": "300.00", "summary": "ERP 推送"}]},
    )
    assert pushed.status == ImportStatus.DONE and pushed.lines_removed == 0
    assert _live_summaries() == sorted(["收货款", "付房租", "期初未兑付支票", "期初在途存款", "ERP 推送"])
    # A full export of the day replaces what the ledger no longer has (the push), but not the opening items.
    again = import_file(
        actor=None, kind="journal", data=journal_csv(rows[:1]), filename="j2.csv", account_number=account_a.number
    )
    assert again.status == ImportStatus.DONE and again.lines_removed == 2
    assert _live_summaries() == sorted(["收货款", "期初未兑付支票", "期初在途存款"])


@pytest.mark.parametrize("kind", ["bank", "journal"])
def test_lines_dated_before_1990_are_refused_naming_the_row(account_a, kind):
    """A pushed or uploaded line dated 0001-01-01 (an empty or mistyped date) was stored and then sat outstanding in
    every 余额调节表, unbalancing it; it is refused like an opening item of that date, and nothing is stored."""
    if kind == "bank":
        data = bank_csv([ROWS[0], ROWS[1].replace("2026-10-09", "0001-01-01")])
    else:
        data = journal_csv(['0001-01-01,记-31,预付,应付账款,转账,,,"80,000.00",借,"50,000.00"\n'])
    record = import_file(actor=None, kind=kind, data=data, filename=f"{kind}.csv", account_number=account_a.number)
    assert record.status == ImportStatus.REFUSED
    assert "is dated 0001-01-01, before 1990-01-01 (1 such line)" in import_message(record)
    assert BankLine.objects.count() == 0 and JournalEntry.objects.count() == 0


def test_command_prints_a_whole_file_refusal_once(account_a, tmp_path):
    # A file refused as a whole stores its reason as its one problem too; the command printed the sentence twice.
    bad = tmp_path / "noheader.csv"
    bad.write_bytes(b"x,y\n1,2\n")
    with pytest.raises(CommandError) as refused:
        call_command("import_file", str(bad), "--kind", "bank", "--account", account_a.number, "--language", "en")
    text = str(refused.value)
    assert "No header row" in text and text.count("header row") == 1 and text.endswith("profile."), text


def test_command_summary_in_chinese_uses_chinese_punctuation(account_a, tmp_path, capsys):
    # The summary's clauses were joined with an ASCII "; " inside Chinese text.
    good = tmp_path / "oct.csv"
    good.write_bytes(bank_csv(ROWS))
    call_command("import_file", str(good), "--kind", "bank", "--account", account_a.number)
    out = capsys.readouterr().out
    assert "；" in out and "; " not in out, out


def test_command_names_its_option_when_the_file_does_not_name_its_account(account_a, tmp_path):
    # The refusal is the upload page's ("choose the account and upload it again"): the command's reader has no page.
    journal = tmp_path / "j.csv"
    journal.write_text("日期,凭证号,摘要,借方,贷方,余额\n2026-10-20,V9,货款,10.00,,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="--account NUMBER"):
        call_command("import_file", str(journal), "--kind", "journal", "--language", "en")
