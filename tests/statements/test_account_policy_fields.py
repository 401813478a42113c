"""How bank operations set what the supervisory return rate reads on an account: its risk tier, its type and the day
its status took effect - in the onboarding file, in the admin and through the services (audited, bad values named)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from config.env import EnvError
from core.errors import ServiceError
from core.models import AuditEvent
from core.tabular import RowsRefused
from reconcile.models import AccountStatus, AccountType, BankAccount, RiskTier
from reconcile.services.books import bank_account_classify, bank_account_set_status
from statements.services.onboarding import agreements_import
from tests.factories import make_user
from tests.statements.test_onboarding import HEADER, row

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
TODAY = dt.date(2026, 11, 16)
POLICY_HEADER = HEADER.strip() + ",risk_tier,account_type,status_since\n"


def policy_row(n: int, tier: str, kind: str, since: str, **over) -> str:
    return row(n, **over).strip() + f",{tier},{kind},{since}\n"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 11, 16, 10, tzinfo=dt.UTC), tick=False):
        yield


def test_import_sets_tier_type_and_status_date():
    data = (
        POLICY_HEADER
        + policy_row(1, "高", "保证金账户", "")
        + policy_row(2, "normal", "general", "")
        + policy_row(3, "", "", "2026-09-15", status="已销户")
    ).encode()
    result = agreements_import(actor=None, data=data, filename="a.csv", today=TODAY)
    assert result.counts["accounts classified"] == 2  # row 3's empty cells leave the defaults
    first, second, third = BankAccount.objects.order_by("number")
    assert (first.risk_tier, first.account_type) == (RiskTier.HIGH, AccountType.MARGIN)
    assert (second.risk_tier, second.account_type) == (RiskTier.NORMAL, AccountType.GENERAL)
    assert (third.status, third.status_since, third.risk_tier) == (
        AccountStatus.CLOSED,
        dt.date(2026, 9, 15),
        RiskTier.NORMAL,
    )
    # A file without the columns, or with empty cells, leaves the values as they are.
    agreements_import(actor=None, data=(HEADER + row(1)).encode(), filename="a.csv", today=TODAY)
    assert BankAccount.objects.get(pk=first.pk).risk_tier == RiskTier.HIGH
    # A later file dates a dormancy: the status date is the one in the file, not the import day.
    later = POLICY_HEADER + policy_row(2, "", "", "2026-08-01", status="dormant")
    agreements_import(actor=None, data=later.encode(), filename="a.csv", today=TODAY)
    assert BankAccount.objects.get(pk=second.pk).status_since == dt.date(2026, 8, 1)


def test_import_names_every_bad_policy_value_and_stores_nothing():
    data = (
        POLICY_HEADER + policy_row(1, "extreme", "savings", "2026/13/40") + policy_row(2, "=1+1", "储蓄", "2099-01-01")
    ).encode()
    with pytest.raises(RowsRefused) as info:
        agreements_import(actor=None, data=data, filename="a.csv", today=TODAY)
    message = info.value.message
    assert "row 2, column risk_tier ('extreme'): unknown risk tier; use high or normal" in message
    assert "row 2, column account_type ('savings'): unknown account type; use basic, general" in message
    assert "row 2, column status_since ('2026/13/40'): not a date" in message
    assert "row 3, column risk_tier ('=1+1')" in message
    assert "row 3, column status_since ('2099-01-01'): the status date cannot be in the future" in message
    assert BankAccount.objects.count() == 0
    # A NUL byte makes the whole file unreadable: refused as such, nothing stored.
    with pytest.raises(ServiceError, match="a.csv"):
        agreements_import(
            actor=None, data=(POLICY_HEADER + policy_row(1, "high", "\x00", "")).encode(), filename="a.csv", today=TODAY
        )
    assert BankAccount.objects.count() == 0


def test_chinese_column_names_for_the_policy_values():
    header = HEADER.strip() + ",风险等级,账户类型,状态日期\n"
    agreements_import(
        actor=None, data=(header + row(1).strip() + ",高风险,临时存款账户,\n").encode(), filename="a.csv", today=TODAY
    )
    account = BankAccount.objects.get()
    assert (account.risk_tier, account.account_type) == (RiskTier.HIGH, AccountType.TEMPORARY)


def test_services_refuse_bad_values_and_audit_changes(account_a):
    with pytest.raises(ValidationError, match="Unknown risk tier extreme; use high, normal"):
        bank_account_classify(actor=None, account_id=account_a.pk, risk_tier="extreme")
    with pytest.raises(ValidationError, match="Unknown account type savings"):
        bank_account_classify(actor=None, account_id=account_a.pk, account_type="savings")
    with pytest.raises(ValidationError, match="in the future"):
        bank_account_set_status(
            actor=None, account_id=account_a.pk, status=AccountStatus.DORMANT, since=dt.date(2027, 1, 1)
        )
    bank_account_classify(actor=None, account_id=account_a.pk, risk_tier=RiskTier.HIGH)
    event = AuditEvent.objects.get(action="bank_account.classified")
    assert (event.before["risk_tier"], event.after["risk_tier"]) == ("normal", "high")
    bank_account_set_status(actor=None, account_id=account_a.pk, status=AccountStatus.DORMANT)
    assert BankAccount.objects.get(pk=account_a.pk).status_since == TODAY  # no date given: today
    bank_account_set_status(
        actor=None, account_id=account_a.pk, status=AccountStatus.DORMANT, since=dt.date(2026, 7, 1)
    )  # the date corrected
    assert BankAccount.objects.get(pk=account_a.pk).status_since == dt.date(2026, 7, 1)
    assert AuditEvent.objects.filter(action="bank_account.status_changed").count() == 2


def admin_post(client, account: BankAccount, **over) -> object:
    data = {
        "number": account.number,
        "currency": account.currency,
        "branch": account.branch,
        "status": account.status,
        "status_since": "",
        "account_type": account.account_type,
        "risk_tier": account.risk_tier,
        "opened_on": "",
    } | over
    return client.post(reverse("admin:reconcile_bankaccount_change", args=[account.pk]), data)


def test_admin_sets_tier_type_and_status_date_and_names_bad_values(client, account_a):
    admin = make_user("root", [])
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    assert admin_post(client, account_a, risk_tier="high", account_type="margin").status_code == 302
    account = BankAccount.objects.get(pk=account_a.pk)
    assert (account.risk_tier, account.account_type) == ("high", "margin")
    response = admin_post(client, account, status="closed", status_since="2026-10-31")
    assert response.status_code == 302
    account = BankAccount.objects.get(pk=account_a.pk)
    assert (account.status, account.status_since) == ("closed", dt.date(2026, 10, 31))
    bad = admin_post(client, account, risk_tier="extreme", status_since="2099-01-01", status="active")
    assert bad.status_code == 200
    errors = bad.context["adminform"].form.errors
    assert set(errors) == {"risk_tier", "status_since", "status"}
    assert "已销户，不能重新启用" in str(errors["status"])  # the admin speaks Chinese; the message exists
    assert BankAccount.objects.get(pk=account_a.pk).risk_tier == "high"


def test_unknown_excluded_account_type_in_the_environment_is_refused(monkeypatch):
    import importlib

    import config.settings.base as base

    monkeypatch.setenv("SUPERVISORY_EXCLUDED_ACCOUNT_TYPES", "margin,savings")
    with pytest.raises(EnvError, match="unknown account types savings"):
        importlib.reload(base)
    monkeypatch.delenv("SUPERVISORY_EXCLUDED_ACCOUNT_TYPES")
    importlib.reload(base)
    assert base.SUPERVISORY_EXCLUDED_ACCOUNT_TYPES == []
    assert set(base.SUPERVISORY_ACCOUNT_TYPES) == set(AccountType.values)  # the settings' copy of the choices


def test_migration_dates_existing_dormant_and_closed_accounts_from_the_audit_log(account_a, account_b):
    import importlib

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    from tests.factories import BankAccountFactory

    with time_machine.travel(dt.datetime(2026, 5, 4, 3, tzinfo=dt.UTC), tick=False):
        bank_account_set_status(actor=None, account_id=account_a.pk, status=AccountStatus.DORMANT)
    with time_machine.travel(dt.datetime(2026, 6, 30, 20, tzinfo=dt.UTC), tick=False):  # 07-01 in Beijing
        bank_account_set_status(actor=None, account_id=account_a.pk, status=AccountStatus.CLOSED)
    bank_account_set_status(actor=None, account_id=account_b.pk, status=AccountStatus.DORMANT)
    undated = BankAccountFactory()
    BankAccount.objects.filter(pk=undated.pk).update(status=AccountStatus.CLOSED)  # no event says when
    BankAccount.objects.update(status_since=None)  # as before the migration
    # The models as the migration sees them (then AuditEvent was reconcile's), on today's tables.
    historical = MigrationLoader(connection).project_state(("reconcile", "0017_status_since_from_audit")).apps
    importlib.import_module("reconcile.migrations.0017_status_since_from_audit").date_statuses(historical, None)
    since = dict(BankAccount.objects.values_list("pk", "status_since"))
    assert since == {account_a.pk: dt.date(2026, 7, 1), account_b.pk: TODAY, undated.pk: None}
