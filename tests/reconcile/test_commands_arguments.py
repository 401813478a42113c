"""The reconcile commands as the README shows them, given a wrong argument: each refusal names the argument and what
to do, never a traceback or the system's own words ("Is a directory", "File exists"), and never "your company" for
the server's --customer."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from core.models import AuditEvent
from portal.models import Role
from reconcile.models import BankLine, GroupGrant
from reconcile.services.groups import customer_parent_set
from tests.factories import CustomerFactory, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

DEMO = Path(__file__).resolve().parents[2] / "portal" / "demo_data"
STATEMENT = "交易日期,摘要,借方发生额,贷方发生额,余额,对方户名,交易流水号\n2026-10-08,货款,,100.00,1100.00,某公司,SN1\n"


def test_import_file_given_a_folder_says_so(tmp_path):
    with pytest.raises(CommandError, match=r"is a folder, not a file: give the file itself"):
        call_command("import_file", str(tmp_path), "--kind", "bank", "--language", "en", stdout=io.StringIO())


def test_import_file_customer_who_does_not_hold_the_account_names_the_option(tmp_path, account_a, customer_b):
    path = tmp_path / "statement.csv"
    path.write_text(STATEMENT, "utf-8")
    with pytest.raises(CommandError) as refused:
        call_command(
            "import_file",
            str(path),
            "--kind",
            "bank",
            "--account",
            account_a.number,
            "--customer",
            customer_b.credit_code,
            "--language",
            "en",
            stdout=io.StringIO(),
        )
    text = str(refused.value)
    assert f"Account {account_a.number} is not held by --customer {customer_b.credit_code}" in text
    assert "leave out --customer" in text
    assert "your company" not in text
    assert not BankLine.objects.filter(account=account_a).exists()
    # Left out, the same file imports into the account's own holder.
    out = io.StringIO()
    call_command("import_file", str(path), "--kind", "bank", "--account", account_a.number, stdout=out)
    assert BankLine.objects.filter(account=account_a).count() == 1


def test_group_grant_without_authorisation_names_the_option(customer_a):
    subsidiary = CustomerFactory(legal_name="恒瑞子公司有限公司")
    customer_parent_set(actor=None, credit_code=subsidiary.credit_code, parent_credit_code=customer_a.credit_code)
    make_user("group_user", [Role.CLIENT_CONFIRMER], customer_a)
    with pytest.raises(CommandError, match=r"--authorisation REF"):
        call_command("group_grant", "group_user", "--subsidiary", subsidiary.credit_code, stdout=io.StringIO())
    assert not GroupGrant.objects.exists()
    # Granting twice is one grant and one audit event; withdrawing needs no authorisation.
    for _ in range(2):
        call_command(
            "group_grant",
            "group_user",
            "--subsidiary",
            subsidiary.credit_code,
            "--authorisation",
            "SQ-1",
            stdout=io.StringIO(),
        )
    assert GroupGrant.objects.count() == 1
    assert AuditEvent.objects.filter(action="group.granted").count() == 1
    out = io.StringIO()
    call_command("group_grant", "group_user", "--subsidiary", subsidiary.credit_code, "--withdraw", stdout=out)
    assert "Withdrew 1 grant." in out.getvalue()


def test_import_groups_given_a_folder_says_so(tmp_path):
    with pytest.raises(CommandError) as refused:
        call_command("import_groups", str(tmp_path), stdout=io.StringIO())
    assert "is a folder, not a file" in str(refused.value)
    assert "Is a directory" not in str(refused.value)


def test_reconcile_files_given_a_folder_or_an_out_that_is_a_file(tmp_path):
    bank, journal = DEMO / "bank_2026-10.csv", DEMO / "journal_2026-10.csv"
    with pytest.raises(CommandError, match=r"^--bank: .* is a folder, not a file"):
        call_command(
            "reconcile_files",
            "--bank",
            str(tmp_path),
            "--journal",
            str(journal),
            "--out",
            str(tmp_path / "o"),
            stdout=io.StringIO(),
        )
    a_file = tmp_path / "taken"
    a_file.write_text("x")
    with pytest.raises(CommandError) as refused:
        call_command(
            "reconcile_files",
            "--bank",
            str(bank),
            "--journal",
            str(journal),
            "--out",
            str(a_file),
            stdout=io.StringIO(),
        )
    assert str(refused.value) == (
        f"--out: cannot write to the folder {a_file}: it is a file; give a folder (it is created if missing)."
    )


def test_import_file_says_it_in_chinese_by_default(tmp_path):
    """The command's language is its --language (zh-hans unless told), whatever the test's or the shell's."""
    with pytest.raises(CommandError, match=r"是文件夹"):
        call_command("import_file", str(tmp_path), "--kind", "bank", stdout=io.StringIO())


def test_the_readme_shows_group_grants_withdrawal_without_an_authorisation(customer_a):
    """README showed `--authorisation REF [--withdraw]`, as if a withdrawal needed one; it does not, and withdrawing a
    grant that is not there withdraws none."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "`group_grant USERNAME --subsidiary CREDIT_CODE --withdraw`" in readme
    subsidiary = CustomerFactory(legal_name="恒瑞子公司二有限公司")
    customer_parent_set(actor=None, credit_code=subsidiary.credit_code, parent_credit_code=customer_a.credit_code)
    make_user("group_user2", [Role.CLIENT_CONFIRMER], customer_a)
    out = io.StringIO()
    call_command("group_grant", "group_user2", "--subsidiary", subsidiary.credit_code, "--withdraw", stdout=out)
    assert "Withdrew 0 grants." in out.getvalue()
