"""A believable demo bank for `make demo`. Idempotent: every object is looked up before it is made."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from core.actors import Actor
from portal.models import Role
from portal.services.users import user_ensure
from reconcile.models import AccountStatus, BankAccount, Customer
from reconcile.services.books import bank_account_classify, bank_account_create, customer_create
from reconcile.services.groups import customer_parent_set, group_grant
from statements.models import Agreement, Channel, Cycle
from statements.services.agreements import agreement_create

DEMO_PASSWORD = "Demo@2026!"

CUSTOMERS = [
    ("上海恒瑞贸易有限公司", "91310115MA1H7QK8XF"),
    ("北京中科信达科技有限公司", "91110108MA01C7TR20"),
    ("深圳华南精密制造有限公司", "91440300MA5F1H4R6W"),
]

# (account, currency, credit code, branch, status, cycle, channel, contact, mobile, address, postcode, phone)
ACCOUNTS = [
    (
        "31050161373600001234",
        "CNY",
        "91310115MA1H7QK8XF",
        "上海浦东分行营业部",
        AccountStatus.ACTIVE,
        Cycle.MONTHLY,
        Channel.ONLINE_BANKING,
        "王丽",
        "13812345678",
        "上海市浦东新区张杨路500号",
        "200120",
        "021-58881234",
    ),
    (
        "31050161373600005678",
        "USD",
        "91310115MA1H7QK8XF",
        "上海浦东分行营业部",
        AccountStatus.ACTIVE,
        Cycle.QUARTERLY,
        Channel.WEBSITE,
        "王丽",
        "13812345678",
        "上海市浦东新区张杨路500号",
        "200120",
        "021-58881234",
    ),
    (
        "11050162880000003456",
        "CNY",
        "91110108MA01C7TR20",
        "北京海淀支行",
        AccountStatus.ACTIVE,
        Cycle.QUARTERLY,
        Channel.PAPER,
        "李强",
        "13901234567",
        "北京市海淀区中关村大街27号",
        "100080",
        "010-62551234-806",
    ),
    (
        "11050162880000007788",
        "CNY",
        "91110108MA01C7TR20",
        "北京海淀支行",
        AccountStatus.ACTIVE,
        Cycle.QUARTERLY,
        Channel.WEBSITE,
        "李强",
        "13901234567",
        "北京市海淀区中关村大街27号",
        "100080",
        "010-62551234-806",
    ),
    (
        "44201000000052001122",
        "CNY",
        "91440300MA5F1H4R6W",
        "深圳南山支行",
        AccountStatus.ACTIVE,
        Cycle.MONTHLY,
        Channel.ONLINE_BANKING,
        "陈静",
        "13698765432",
        "深圳市南山区科技园南区8栋",
        "518057",
        "",
    ),
    (
        "44201000000052009988",
        "CNY",
        "91440300MA5F1H4R6W",
        "深圳南山支行",
        AccountStatus.DORMANT,
        None,
        None,
        "",
        "",
        "",
        "",
        "",
    ),
]
# The supervisory return rate's breakdown: (risk tier, account type) per account; the paper-mail one is high risk.
CLASSES = {
    "31050161373600001234": ("normal", "basic"),
    "31050161373600005678": ("normal", "general"),
    "11050162880000003456": ("high", "basic"),
    "11050162880000007788": ("normal", "special"),
    "44201000000052001122": ("normal", "basic"),
    "44201000000052009988": ("normal", "general"),
}

# (username, roles, credit code or None, (family name, given name), what they do)
USERS = [
    (
        "client_hengrui",
        [Role.CLIENT_VIEWER, Role.CLIENT_CONFIRMER],
        "91310115MA1H7QK8XF",
        ("王", "丽"),
        "client of 上海恒瑞贸易有限公司: sees and confirms statements",
    ),
    (
        "client_zhongke",
        [Role.CLIENT_VIEWER, Role.CLIENT_CONFIRMER],
        "91110108MA01C7TR20",
        ("李", "强"),
        "client of 北京中科信达科技有限公司 (a second customer)",
    ),
    (
        "accountant_hengrui",
        [Role.ACCOUNTANT],
        "91310115MA1H7QK8XF",
        ("张", "敏"),
        "accountant of 上海恒瑞贸易有限公司: reconciles",
    ),
    (
        "reviewer_hengrui",
        [Role.REVIEWER],
        "91310115MA1H7QK8XF",
        ("陈", "静"),
        "reviewer (复核人) of 上海恒瑞贸易有限公司: approves or returns the accountant's period close",
    ),
    (
        "group_hengrui",
        [Role.CLIENT_VIEWER, Role.CLIENT_CONFIRMER],
        "91310115MA1H7QK8XF",
        ("孙", "伟"),
        "group user (集团) of 上海恒瑞贸易有限公司: also answers for its subsidiary 深圳华南精密制造有限公司, several "
        "statements with one code",
    ),
    ("ops", [Role.BANK_OPS], None, ("赵", "磊"), "bank operations centre"),
    (
        "corebank_feed",
        [Role.BANK_FEED],
        None,
        ("", "核心系统"),
        "the core banking system's feed: pushes statement lines over the API (no pages)",
    ),
]


# The confirmers' registered mobiles: the codes that sign their answers go there (the console SMS gateway of the
# embedded default writes them to the log).
DEMO_MOBILES = {"client_hengrui": "13812345678", "client_zhongke": "13698765432", "group_hengrui": "13911112222"}
# 集团: the subsidiary of 上海恒瑞 whose statements its group user answers, on the subsidiary's written authorisation.
DEMO_GROUP = ("91440300MA5F1H4R6W", "91310115MA1H7QK8XF", "group_hengrui", "集团授权书 HR-2026-001")


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    description: str


DEMO_DATA = Path(__file__).resolve().parent.parent / "demo_data"


def _demo_books(account: BankAccount, accountant: Actor) -> str:
    """The worked example of DESIGN §4 for October 2026 (imported once): the bank feeds the statement (bank-fed
    detail; the server imports it), the accountant imports the journal."""
    from core.errors import ServiceError
    from reconcile.import_messages import import_message
    from reconcile.services.imports import import_file

    notes = []
    for kind, name, actor in (("bank", "bank_2026-10.csv", None), ("journal", "journal_2026-10.csv", accountant)):
        try:
            record = import_file(
                actor=actor,
                kind=kind,
                data=(DEMO_DATA / name).read_bytes(),
                filename=name,
                account_number=account.number,
                customer=account.customer,
                source="demo",
            )
            notes.append(f"{name}: {import_message(record)}")
        except ServiceError:
            pass  # imported by an earlier run
    return "; ".join(notes)


FED_MONTH_END = dt.date(2026, 10, 31)


def _fed_balance(account: BankAccount, day: dt.date) -> Decimal | None:
    """For the account the bank feeds, core banking's balance is the one its lines lead to (else the detail would
    not join the balances and publishing would refuse it)."""
    from reconcile.models import BankLine

    lines = BankLine.objects.fed().filter(account=account)
    if not lines.exists():
        return None
    last = lines.filter(booking_date__lte=day, balance__isnull=False).order_by("-booking_date", "-row").first()
    if last is not None:
        return last.balance
    first = lines.filter(balance__isnull=False).order_by("booking_date", "row").first()
    return first.balance - first.amount if first.direction == "in" else first.balance + first.amount


def _demo_statements(today: dt.date) -> list[str]:
    """Balances and publishing for the last finished month and the last quarter end, so clients have
    statements to answer (monthly and quarterly accounts)."""
    from core.errors import ServiceError
    from statements.models import BalanceSource, PeriodBalance, StatementRun
    from statements.services.publishing import statement_run_start

    last_month_end = today.replace(day=1) - dt.timedelta(days=1)
    quarter_end = last_month_end
    while quarter_end.month % 3:
        quarter_end = quarter_end.replace(day=1) - dt.timedelta(days=1)
    ends = {quarter_end, last_month_end}
    if FED_MONTH_END < today:
        ends.add(FED_MONTH_END)  # the worked example's month: its statement carries the bank-fed detail
    notes = []
    for period_end in sorted(ends):
        period = f"{period_end.year}-{period_end.month:02d}"
        if StatementRun.objects.filter(period=period).exists():
            continue
        for index, account in enumerate(BankAccount.objects.filter(status=AccountStatus.ACTIVE).order_by("number")):
            PeriodBalance.objects.get_or_create(
                account=account,
                as_of=period_end,
                defaults={
                    "balance": _fed_balance(account, period_end)
                    or (Decimal("1250000.00") - index * Decimal("337512.35") + period_end.month * Decimal("1000")),
                    "source": BalanceSource.CORE_FEED,
                    "source_ref": "demo",
                },
            )
        try:
            notes.append(statement_run_start(actor=None, period=period, today=today).message)
        except ServiceError as exc:  # e.g. next year's working-day calendar not loaded yet
            notes.append(f"statements for {period} not published: {exc.message}")
    return notes


def demo_seed(*, today: dt.date | None = None) -> list[DemoLogin]:
    """Create (or find) the demo customers, accounts, agreements and logins."""
    today = today or timezone.localdate()
    with transaction.atomic():
        customers: dict[str, Customer] = {}
        for name, code in CUSTOMERS:
            existing = Customer.objects.filter(credit_code=code).first()
            customers[code] = existing or customer_create(actor=None, legal_name=name, credit_code=code)
        for (
            number,
            currency,
            code,
            branch,
            status,
            cycle,
            channel,
            contact,
            mobile,
            address,
            postcode,
            phone,
        ) in ACCOUNTS:
            account = BankAccount.objects.filter(number=number).first()
            if account is None:
                account = bank_account_create(
                    actor=None,
                    customer=customers[code],
                    number=number,
                    branch=branch,
                    currency=currency,
                    status=status,
                    opened_on=dt.date(2024, 3, 1),
                )
                tier, kind = CLASSES[number]
                bank_account_classify(actor=None, account_id=account.pk, risk_tier=tier, account_type=kind)
            if cycle and not Agreement.objects.current().filter(account=account).exists():
                agreement_create(
                    actor=None,
                    account=account,
                    cycle=cycle,
                    channel=channel,
                    contact_name=contact,
                    mobile=mobile,
                    address=address,
                    postcode=postcode,
                    phone=phone,
                    valid_from=dt.date(2024, 3, 1),
                )
        logins = []
        users = {}
        for username, roles, code, (last_name, first_name), description in USERS:
            users[username], _ = user_ensure(
                actor=None,
                username=username,
                roles=roles,
                password=DEMO_PASSWORD,
                customer=customers[code] if code else None,
                first_name=first_name,
                last_name=last_name,
                mobile=DEMO_MOBILES.get(username),
            )
            logins.append(DemoLogin(username, DEMO_PASSWORD, description))
        subsidiary, parent, group_user, authorisation = DEMO_GROUP
        if customers[subsidiary].parent_id != customers[parent].pk:
            customer_parent_set(actor=None, credit_code=subsidiary, parent_credit_code=parent)
        group_grant(actor=None, user=users[group_user], subsidiary_credit_code=subsidiary, authorisation=authorisation)
    _demo_books(BankAccount.objects.get(number=ACCOUNTS[0][0]), users["accountant_hengrui"])
    _demo_statements(today)
    return logins
