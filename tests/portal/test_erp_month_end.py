"""docs/erp_month_end.py, the example ERP client, does a whole month end against a live server of the test database.

The script runs as an ERP would run it: another process, over HTTP, with a username and password. The month has what
an ERP meets: a payment the engine matches itself (the journal names 华南精密 in its summary, booked late), two equal payments on one day the engine cannot tell apart
(the bank names the ERP's voucher in its 摘要, which only the ERP reads), a payment whose names disagree (left to a
person) and a bank fee the journal has not booked.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reconcile.models import BankLine, JournalEntry, Match, MatchKind
from reconcile.render.adjustment import CATEGORIES
from reconcile.services.adjustment import adjustment_table_build
from reconcile.services.imports import import_file
from tests.core.test_document_signatures import _assert_signed_by_the_bank
from tests.fixtures.live import audit_rows_removable  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("audit_rows_removable")]

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "erp_month_end.py"
BANK = (
    "交易日期,摘要,借方发生额,贷方发生额,余额,对方户名,交易流水号\n"
    '2026-10-02,付款,"4,321.00",,"95,679.00",深圳华南精密制造有限公司,SN1\n'
    '2026-10-12,付款,"7,000.00",,"88,679.00",北京中科信达科技有限公司,SN2\n'
    '2026-10-14,付款 记-11,"5,000.00",,"83,679.00",上海恒瑞贸易有限公司,SN4\n'
    '2026-10-14,付款 记-12,"5,000.00",,"78,679.00",上海恒瑞贸易有限公司,SN5\n'
    '2026-10-20,手续费,15.00,,"78,664.00",,SN3\n'
)
JOURNAL = {
    "opening_balance": "100000.00",
    "lines": [
        {
            "date": "2026-10-12",
            "serial": "记-7",
            "summary": "付上海恒瑞贸易有限公司货款",
            "credit": "7000.00",
            "balance": "93000.00",
        },
        {
            "date": "2026-10-14",
            "serial": "记-11",
            "summary": "付恒瑞贸易货款",
            "credit": "5000.00",
            "balance": "88000.00",
        },
        {
            "date": "2026-10-14",
            "serial": "记-12",
            "summary": "付恒瑞贸易货款",
            "credit": "5000.00",
            "balance": "83000.00",
        },
        {
            "date": "2026-10-26",
            "serial": "记-9",
            "summary": "付华南精密货款",
            "credit": "4321.00",
            "balance": "78679.00",
        },
    ],
}


@pytest.fixture
def bank_statement(account_a, accountant_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # the server thread stores the pushed batch there too
    record = import_file(
        actor=accountant_a,
        kind="bank",
        data=BANK.encode(),
        filename="october.csv",
        account_number=account_a.number,
        customer=account_a.customer,
    )
    assert record.status == "done", record.errors
    return account_a


def _run_script(live_server, account, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess:
    journal = tmp_path / "journal.json"
    journal.write_text(json.dumps(JOURNAL, ensure_ascii=False), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    env["PORTAL_PASSWORD"] = "Test@2026!"  # the password from the environment, as an ERP's scheduler would give it
    command = [
        sys.executable,
        str(SCRIPT),
        "--base-url",
        live_server.url,
        "--username",
        "accountant_a",
        "--account",
        account.number,
        "--date",
        "2026-10-31",
        "--journal",
        str(journal),
        "--min-score",
        "0.35",
        "--out",
        str(tmp_path / "out"),
        "--language",
        "en",
        *extra,
    ]
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False)


def test_the_example_client_does_a_whole_month_end(live_server, bank_statement, accountant_a, tmp_path):
    done = _run_script(live_server, bank_statement, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout.splitlines()
    assert out[0].startswith("token: #") and out[1].startswith(f"account: {bank_statement.number} (id ")
    assert out[2].endswith("done: 4 lines, 4 stored, 0 already known"), out[2]
    assert out[3].endswith(": done, 1 matched, 5 suggested"), out[3]
    assert out[4] == "suggestions: 0 accepted (score >= 0.35), 5 left to a person"
    assert out[5] == "matched by ids: 2"
    assert "  调节相符 agreed" in out

    # what it did, as the books now hold it
    live = Match.objects.filter(account=bank_statement, undone_at__isnull=True)
    automatic = live.get(kind=MatchKind.AUTO)
    assert [link.bank_line.serial for link in automatic.links.exclude(bank_line=None)] == ["SN1"]
    assert [link.journal_entry.serial for link in automatic.links.exclude(journal_entry=None)] == ["记-9"]
    manual = {
        (link.bank_line.serial, entry.journal_entry.serial, m.reasons[0])
        for m in live.filter(kind=MatchKind.MANUAL)
        for link in m.links.exclude(bank_line=None)
        for entry in m.links.exclude(journal_entry=None)
    }
    assert manual == {
        ("SN4", "记-11", "ERP: 记-11 named by the bank"),
        ("SN5", "记-12", "ERP: 记-12 named by the bank"),
    }

    # the table it fetched is the workbench's, in all three files
    files = tmp_path / "out"
    stem = f"adjustment-{bank_statement.number}-2026-10-31"
    table = json.loads((files / f"{stem}.json").read_text(encoding="utf-8"))
    expected = adjustment_table_build(account=bank_statement, period_end=dt.date(2026, 10, 31))
    assert (table["bank_balance"], table["book_balance"], table["difference"], table["agreed"]) == (
        "78664.00",
        "78679.00",
        "0.00",
        True,
    )
    assert Decimal(table["adjusted_bank_balance"]) == expected.adjusted_bank_balance == Decimal("71664.00")
    for category in CATEGORIES:
        assert [(i["id"], Decimal(i["amount"])) for i in table[category.key]] == [
            (i.line_id, i.amount) for i in expected.items(category)
        ]
    seven = BankLine.objects.get(serial="SN2").pk, JournalEntry.objects.get(serial="记-7").pk
    assert [i["id"] for i in table["bank_out_not_journal"]] == [seven[0], BankLine.objects.get(serial="SN3").pk]
    assert [i["id"] for i in table["journal_out_not_bank"]] == [seven[1]]
    assert f"      #{seven[0]} 2026-10-12           7,000.00 SN2 付款 北京中科信达科技有限公司" in out
    sheet = load_workbook(io.BytesIO((files / f"{stem}.xlsx").read_bytes()), data_only=True).worksheets[0]
    assert 71664 in [cell.value for row in sheet.iter_rows() for cell in row]
    _assert_signed_by_the_bank((files / f"{stem}.pdf").read_bytes())
    assert f"files: {files / stem}.json, {files / stem}.xlsx, {files / stem}.pdf" in out

    # the token the script asked for was revoked when it ended
    assert not accountant_a.api_tokens.filter(revoked_at__isnull=True).exists()

    # run again: the batch is recognised, nothing more to match, the same table
    again = _run_script(live_server, bank_statement, tmp_path)
    assert again.returncode == 0, again.stdout + again.stderr
    lines = again.stdout.splitlines()
    assert lines[2].startswith("journal: already pushed before") and lines[5] == "matched by ids: 0"
    assert json.loads((files / f"{stem}.json").read_text(encoding="utf-8")) == table


def test_a_refusal_is_printed_with_the_portals_message_and_a_failing_status(
    live_server, bank_statement, tmp_path, client_a
):
    done = _run_script(live_server, bank_statement, tmp_path, "--username", "client_a")
    assert done.returncode == 1
    assert done.stderr.strip() == "refused: 403 forbidden: Importing needs the accountant or bank_ops role."
    assert not (tmp_path / "out").exists()


def test_the_answer_step_signs_with_the_company_key(live_server, bank_statement, accountant_a, customer_a, tmp_path):
    """With --answer the script answers October's statement with the table, signed with --answer-key."""
    from cryptography.hazmat.primitives.asymmetric import ed25519

    from portal.models import Role, RoleGrant
    from statements.models import BalanceSource, Channel, Confirmation, Cycle, PeriodBalance
    from statements.services.agreements import agreement_create
    from statements.services.publishing import statement_run_start
    from tests.browser.support import ensure_calendar
    from tests.fixtures.signing import register_key

    RoleGrant.objects.create(user=accountant_a, role=Role.CLIENT_CONFIRMER)  # the confirmer runs the answer
    ensure_calendar()  # published on the real clock, as the live server answers on it
    agreement_create(
        actor=None,
        account=bank_statement,
        cycle=Cycle.MONTHLY,
        channel=Channel.ONLINE_BANKING,
        contact_name="王丽",
        mobile="13812345678",
        valid_from=dt.date(2026, 1, 1),
    )
    PeriodBalance.objects.create(
        account=bank_statement, as_of=dt.date(2026, 10, 31), balance=Decimal("78664.00"), source=BalanceSource.CORE_FEED
    )
    statement = statement_run_start(actor=None, period="2026-10").run.statements.get()
    private = ed25519.Ed25519PrivateKey.generate()
    key = register_key(customer_a, private)
    pem = tmp_path / "erp-answer-key.pem"
    pem.write_bytes(key.pem())

    unsigned = _run_script(live_server, bank_statement, tmp_path, "--answer")
    assert unsigned.returncode == 2 and "--answer-key" in unsigned.stderr  # refused before anything is sent

    done = _run_script(
        live_server, bank_statement, tmp_path, "--answer", "--answer-key", str(pem), "--answer-key-id", key.key_id
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"answered statement {statement.number} v1: confirmed" in done.stdout
    answer = Confirmation.objects.get(statement=statement)
    assert answer.decision == "agree_adjusted" and answer.signed_with == "key"
    assert answer.signature_key.key_id == key.key_id and b'"statement_id"' in bytes(answer.signed_body)


def _run_against_the_demo(live_server, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess:
    """The command the script's docstring gives for the demo, as written there (no --journal)."""
    command = [
        sys.executable,
        str(SCRIPT),
        "--base-url",
        live_server.url,
        "--username",
        "accountant_hengrui",
        "--password",
        "Demo@2026!",
        "--account",
        "31050161373600001234",
        "--date",
        "2026-10-31",
        "--out",
        str(tmp_path / "month-end"),
        *extra,
    ]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False)


@pytest.fixture
def demo(settings, tmp_path, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    settings.MEDIA_ROOT = tmp_path / "media"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())


def test_against_the_demo_the_documented_command_agrees_at_the_worked_example(live_server, demo, tmp_path):
    """Without --journal the script pushes the demo's October journal, which the demo holds already from its file:
    every entry is recognised, nothing is stored twice, and DESIGN §4's table agrees at 1,200,000.00."""
    entries = JournalEntry.objects.count()
    done = _run_against_the_demo(live_server, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout.splitlines()
    assert out[2].endswith("done: 5 lines, 0 stored, 5 already known"), out[2]
    assert JournalEntry.objects.count() == entries
    assert "  调节相符 agreed" in out
    table = json.loads(
        (tmp_path / "month-end" / "adjustment-31050161373600001234-2026-10-31.json").read_text(encoding="utf-8")
    )
    assert (table["adjusted_bank_balance"], table["adjusted_book_balance"], table["agreed"]) == (
        "1200000.00",
        "1200000.00",
        True,
    )


def test_without_a_journal_the_demo_journal_goes_into_the_demo_account_only(live_server, demo, tmp_path):
    """The demo's October journal is one account's books: run for the demo's other account (USD) without --journal,
    the script pushed it there as that account's journal, five CNY entries in a dollar account."""
    from reconcile.models import Import

    entries, imports = JournalEntry.objects.count(), Import.objects.count()
    done = _run_against_the_demo(live_server, tmp_path, "--account", "31050161373600005678")
    assert "journal: none pushed" in done.stdout, done.stdout + done.stderr
    assert (JournalEntry.objects.count(), Import.objects.count()) == (entries, imports)


def test_against_the_demo_answering_needs_the_confirmer_role_as_the_readme_says(live_server, demo, tmp_path):
    """README: the answer needs the company's confirmer role as well as the accountant's, otherwise 403 forbidden
    and exit status 1; after `create_user accountant_hengrui --role client_confirmer ...` and a registered key the
    same command answers October's statement with the table (调节后相符)."""
    from cryptography.hazmat.primitives.asymmetric import ed25519
    from django.core.management import call_command

    from statements.models import BalanceStatement, Confirmation
    from tests.fixtures.signing import register_key

    statement = BalanceStatement.objects.get(account__number="31050161373600001234", period="2026-10")
    key = register_key(statement.account.customer, ed25519.Ed25519PrivateKey.generate())
    pem = tmp_path / "erp-answer-key.pem"
    pem.write_bytes(key.pem())
    answer = ("--answer", "--answer-key", str(pem), "--answer-key-id", key.key_id)

    refused = _run_against_the_demo(live_server, tmp_path, *answer)
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert refused.stderr.startswith("refused: 403 forbidden: "), refused.stderr
    assert not Confirmation.objects.filter(statement=statement).exists()

    call_command(
        "create_user",
        "accountant_hengrui",
        "--role",
        "client_confirmer",
        "--customer",
        "91310115MA1H7QK8XF",
        "--password",
        "Demo@2026!",
        stdout=io.StringIO(),
    )
    done = _run_against_the_demo(live_server, tmp_path, *answer)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"answered statement {statement.number} v1: confirmed" in done.stdout
    assert Confirmation.objects.get(statement=statement).decision == "agree_adjusted"


def test_a_table_that_does_not_agree_exits_2(live_server, bank_statement, tmp_path):
    """Exit status 2 when the table does not agree, with the difference printed."""
    # the ERP's books start 100.00 above the bank's: nothing outstanding explains that difference
    lines = [dict(line, balance=str(Decimal(line["balance"]) + 100)) for line in JOURNAL["lines"]]
    journal = dict(JOURNAL, opening_balance="100100.00", lines=lines)
    path = tmp_path / "short.json"
    path.write_text(json.dumps(journal, ensure_ascii=False), encoding="utf-8")
    done = _run_script(live_server, bank_statement, tmp_path, "--journal", str(path))
    assert done.returncode == 2, done.stdout + done.stderr
    assert any(line.startswith("  调节不符 difference") for line in done.stdout.splitlines()), done.stdout


def test_a_token_from_the_environment_is_used_and_left_valid(live_server, bank_statement, accountant_a, tmp_path):
    """PORTAL_TOKEN (here one `manage.py api_token issue` printed) replaces the login; the script revokes only a
    token it asked for itself."""
    from django.core.management import call_command

    printed = io.StringIO()
    call_command("api_token", "issue", "accountant_a", "--name", "ERP", stdout=printed)
    key = printed.getvalue().split()[0]
    journal = tmp_path / "journal.json"
    journal.write_text(json.dumps(JOURNAL, ensure_ascii=False), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    env.update(PORTAL_BASE_URL=live_server.url, PORTAL_TOKEN=key)
    command = [sys.executable, str(SCRIPT), "--account", bank_statement.number, "--date", "2026-10-31"]
    command += ["--journal", str(journal), "--out", str(tmp_path / "out"), "--language", "en"]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[0].startswith(f"account: {bank_statement.number} (id ")
    assert accountant_a.api_tokens.get(revoked_at__isnull=True).name == "ERP"
