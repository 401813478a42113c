"""Onboarding in bulk: `import_agreements` (customers, accounts, agreements) - all-or-nothing, idempotent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy

from core.actors import Actor
from core.errors import ServiceError
from core.tabular import Problems, TableRow, read_table
from reconcile.models import AccountStatus, AccountType, BankAccount, Customer, RiskTier
from reconcile.selectors.accounts import company_registrations
from reconcile.services.audit import audit_record, snapshot
from reconcile.services.books import (
    bank_account_classify,
    bank_account_create,
    bank_account_set_status,
    customer_create,
    customer_update,
)
from reconcile.validators import (
    normalize_account_number,
    normalize_credit_code,
    validate_account_number,
    validate_credit_code,
)
from statements.channels.registry import REGISTRY as STATEMENT_CHANNELS
from statements.channels.registry import channel_from_text as statement_channel_from_text
from statements.channels.registry import known_text as known_channels
from statements.models import Agreement, Cycle
from statements.notify.registry import DEFAULT as DEFAULT_NOTIFY
from statements.notify.registry import REGISTRY as NOTIFY_CHANNELS
from statements.notify.registry import channel_from_text, known_text, validate_contact
from statements.periods import Period
from statements.services.agreements import AGREEMENT_FIELDS, agreement_replace, agreement_start_correct
from statements.validators import normalize_cn_mobile, normalize_cn_phone, normalize_cn_postcode

ALIASES = {
    "customer_name": ("客户名称", "企业名称", "单位名称", "户名"),
    "credit_code": ("统一社会信用代码", "信用代码"),
    "account_number": ("账号", "账户", "对公账号"),
    "currency": ("币种",),
    "branch": ("开户行", "开户网点", "开户机构"),
    "cycle": ("对账周期", "周期"),
    "channel": ("对账渠道", "渠道", "对账方式"),
    "contact_name": ("联系人",),
    "mobile": ("手机号码", "手机", "手机号", "移动电话"),
    # 联系电话 is the mobile in a file without a mobile column (as before), the courier's number beside one.
    "contact_phone": ("联系电话",),
    "phone": ("电话", "固定电话", "座机", "办公电话", "收件人电话"),
    "address": ("邮寄地址", "地址", "通讯地址"),
    "postcode": ("邮编", "邮政编码"),
    "status": ("账户状态", "状态"),
    "valid_from": ("生效日期", "协议生效日期", "签约日期"),
    "detail_in_pdf": ("明细随对账单", "打印明细", "对账单附明细"),
    # Optional: how the contact is told (the registry's channels), and the openid for WeChat.
    "notify_channel": ("通知方式", "通知渠道", "提醒方式"),
    "wechat_openid": ("微信openid", "微信OpenID", "openid", "微信号openid"),
    "status_since": ("状态日期", "状态生效日期", "销户日期", "久悬日期"),
    "account_type": ("账户类型", "账户性质"),
    "risk_tier": ("风险等级", "风险分层", "风险级别"),
}
REQUIRED = (
    "customer_name",
    "credit_code",
    "account_number",
    "branch",
    "cycle",
    "channel",
    "contact_name",
    ("mobile", "contact_phone"),
)
CYCLES = {
    "monthly": Cycle.MONTHLY,
    "按月": Cycle.MONTHLY,
    "月": Cycle.MONTHLY,
    "每月": Cycle.MONTHLY,
    "quarterly": Cycle.QUARTERLY,
    "按季": Cycle.QUARTERLY,
    "季": Cycle.QUARTERLY,
    "每季": Cycle.QUARTERLY,
}
STATUSES = {
    "": AccountStatus.ACTIVE,
    "active": AccountStatus.ACTIVE,
    "正常": AccountStatus.ACTIVE,
    "dormant": AccountStatus.DORMANT,
    "不动户": AccountStatus.DORMANT,
    "久悬": AccountStatus.DORMANT,
    "closed": AccountStatus.CLOSED,
    "销户": AccountStatus.CLOSED,
    "已销户": AccountStatus.CLOSED,
}
# The optional detail_in_pdf column: yes/no in English or Chinese; empty keeps what the agreement has.
YES_NO = {
    "yes": True,
    "y": True,
    "true": True,
    "1": True,
    "是": True,
    "需要": True,
    "打印": True,
    "no": False,
    "n": False,
    "false": False,
    "0": False,
    "否": False,
    "不需要": False,
    "不打印": False,
}
# Optional columns (a file without them leaves the account's value as it is; so does an empty cell).
RISK_TIERS = {
    "high": RiskTier.HIGH,
    "高": RiskTier.HIGH,
    "高风险": RiskTier.HIGH,
    "normal": RiskTier.NORMAL,
    "一般": RiskTier.NORMAL,
    "正常": RiskTier.NORMAL,
    "普通": RiskTier.NORMAL,
}
ACCOUNT_TYPES = {
    "basic": AccountType.BASIC,
    "基本": AccountType.BASIC,
    "基本存款账户": AccountType.BASIC,
    "基本户": AccountType.BASIC,
    "general": AccountType.GENERAL,
    "一般": AccountType.GENERAL,
    "一般存款账户": AccountType.GENERAL,
    "一般户": AccountType.GENERAL,
    "special": AccountType.SPECIAL,
    "专用": AccountType.SPECIAL,
    "专用存款账户": AccountType.SPECIAL,
    "专户": AccountType.SPECIAL,
    "temporary": AccountType.TEMPORARY,
    "临时": AccountType.TEMPORARY,
    "临时存款账户": AccountType.TEMPORARY,
    "临时户": AccountType.TEMPORARY,
    "margin": AccountType.MARGIN,
    "保证金": AccountType.MARGIN,
    "保证金账户": AccountType.MARGIN,
}
# A column as the upload's header may name it, in the reader's language (the file may use either name):
# "column account_number" in English, “账号”列 in Chinese.
COLUMN_NAMES = {
    "customer_name": gettext_lazy("column customer_name"),
    "credit_code": gettext_lazy("column credit_code"),
    "account_number": gettext_lazy("column account_number"),
    "currency": gettext_lazy("column currency"),
    "branch": gettext_lazy("column branch"),
    "cycle": gettext_lazy("column cycle"),
    "channel": gettext_lazy("column channel"),
    "contact_name": gettext_lazy("column contact_name"),
    "mobile": gettext_lazy("column mobile"),
    "address": gettext_lazy("column address"),
    "postcode": gettext_lazy("column postcode"),
    "phone": gettext_lazy("column phone"),
    "contact_phone": gettext_lazy("column contact_phone"),
    "status": gettext_lazy("column status"),
    "valid_from": gettext_lazy("column valid_from"),
    "detail_in_pdf": gettext_lazy("column detail_in_pdf"),
    "notify_channel": gettext_lazy("column notify_channel"),
    "wechat_openid": gettext_lazy("column wechat_openid"),
    "status_since": gettext_lazy("column status_since"),
    "account_type": gettext_lazy("column account_type"),
    "risk_tier": gettext_lazy("column risk_tier"),
    "as_of": gettext_lazy("column as_of"),
    "balance": gettext_lazy("column balance"),
}


def import_problems() -> Problems:
    """The problems of an agreements or balances file, its columns named as COLUMN_NAMES names them."""
    return Problems(names=COLUMN_NAMES)


def currency_problem(problems: Problems, line: int, currency: str, number: str, kept_in: str) -> None:
    problems.cell(
        line,
        "currency",
        currency,
        _("account %(number)s is kept in %(currency)s; correct the currency") % {"number": number, "currency": kept_in},
    )


@dataclass(frozen=True)
class AgreementRow:
    line: int
    customer_name: str
    credit_code: str
    account_number: str
    currency: str
    branch: str
    cycle: str
    channel: str
    contact_name: str
    mobile: str
    address: str
    status: str
    valid_from: dt.date | None = None
    # None: the file has no such column, so the agreement keeps what it has.
    postcode: str | None = None
    phone: str | None = None
    detail_in_pdf: bool | None = None
    notify_channel: str | None = None
    wechat_openid: str | None = None
    status_since: dt.date | None = None
    account_type: str | None = None
    risk_tier: str | None = None


@dataclass
class OnboardingResult:
    rows: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def bump(self, key: str) -> None:
        self.counts[key] = self.counts.get(key, 0) + 1

    def summary(self) -> str:
        parts = [
            SUMMARY_LABELS[key] % {"count": n} if key in SUMMARY_LABELS else f"{n} {key}"
            for key, n in sorted(self.counts.items())
        ]
        # Translators: the separator between the counts of an onboarding summary.
        changes = _(", ").join(parts) if parts else _("nothing to change")
        return ngettext("%(rows)s row: %(changes)s", "%(rows)s rows: %(changes)s", self.rows) % {
            "rows": self.rows,
            "changes": changes,
        }


SUMMARY_LABELS = {
    "customers created": ngettext_lazy("%(count)s customer created", "%(count)s customers created", "count"),
    "customers renamed": ngettext_lazy("%(count)s customer renamed", "%(count)s customers renamed", "count"),
    "accounts created": ngettext_lazy("%(count)s account created", "%(count)s accounts created", "count"),
    "accounts assigned": ngettext_lazy(
        "%(count)s account assigned to its customer", "%(count)s accounts assigned to their customers", "count"
    ),
    "accounts reactivated": ngettext_lazy("%(count)s account reactivated", "%(count)s accounts reactivated", "count"),
    "accounts dormant": ngettext_lazy("%(count)s account made dormant", "%(count)s accounts made dormant", "count"),
    "accounts classified": ngettext_lazy(
        "%(count)s account's risk tier or type set", "%(count)s accounts' risk tiers or types set", "count"
    ),
    "accounts closed": ngettext_lazy("%(count)s account closed", "%(count)s accounts closed", "count"),
    "agreements created": ngettext_lazy("%(count)s agreement created", "%(count)s agreements created", "count"),
    "agreements changed": ngettext_lazy("%(count)s agreement changed", "%(count)s agreements changed", "count"),
    "agreements ended": ngettext_lazy("%(count)s agreement ended", "%(count)s agreements ended", "count"),
    "agreements start corrected": ngettext_lazy(
        "%(count)s agreement's start date corrected", "%(count)s agreements' start dates corrected", "count"
    ),
}


def _check_row(row: TableRow, problems: Problems) -> AgreementRow | None:
    v = row.values
    before = problems.count

    def bad(column: str, message: str) -> None:
        problems.cell(row.line, column, v.get(column, ""), message)

    code = normalize_credit_code(v.get("credit_code", ""))
    try:
        validate_credit_code(code)
    except ValidationError as exc:
        bad("credit_code", " ".join(exc.messages))
    number = normalize_account_number(v.get("account_number", ""))
    try:
        validate_account_number(number)
    except ValidationError as exc:
        bad("account_number", " ".join(exc.messages))
    currency = (v.get("currency") or "CNY").strip().upper()
    if currency in ("人民币", "RMB"):
        currency = "CNY"
    if len(currency) != 3 or not currency.isascii() or not currency.isalpha():
        bad("currency", _("use a 3-letter currency code such as CNY"))
    cycle = CYCLES.get(v.get("cycle", "").strip().lower())
    if cycle is None:
        bad("cycle", _("unknown cycle; use monthly or quarterly (or 按月/按季)"))
    channel = statement_channel_from_text(v.get("channel", ""))
    if channel is None:
        bad("channel", _("unknown channel; use %(known)s") % {"known": known_channels()})
    status = STATUSES.get(v.get("status", "").strip().lower())
    if status is None:
        bad("status", _("unknown status; use active, dormant or closed (or 正常/不动户/销户)"))
    mobile_column = "mobile" if "mobile" in v else "contact_phone"
    mobile = ""
    try:
        mobile = normalize_cn_mobile(v.get(mobile_column, ""))
    except ValidationError as exc:
        bad(mobile_column, " ".join(exc.messages))
    phone_column = (
        "phone" if "phone" in v else "contact_phone" if mobile_column == "mobile" and "contact_phone" in v else None
    )
    phone = None
    if phone_column:
        try:
            phone = normalize_cn_phone(v.get(phone_column, ""))
        except ValidationError as exc:
            bad(phone_column, " ".join(exc.messages))
    postcode = None
    if "postcode" in v:
        try:
            postcode = normalize_cn_postcode(v["postcode"])
        except ValidationError as exc:
            bad("postcode", " ".join(exc.messages))
    notify_channel, wechat_openid = _check_notify(v, bad)
    for column in ("customer_name", "branch", "contact_name"):
        if not v.get(column, "").strip():
            bad(column, _("a value is required"))
    if channel is not None and STATEMENT_CHANNELS[channel].needs_postal_address and not v.get("address", "").strip():
        bad("address", _("%(channel)s needs a postal address") % {"channel": STATEMENT_CHANNELS[channel].label})
    valid_from = None
    if v.get("valid_from", "").strip():
        try:
            valid_from = dt.date.fromisoformat(v["valid_from"].strip().replace("/", "-"))
        except ValueError:
            bad("valid_from", _("not a date; write YYYY-MM-DD, such as 2026-09-30"))
        else:
            if valid_from > timezone.localdate():
                bad("valid_from", _("the agreement cannot start in the future"))
    detail_in_pdf = None
    if v.get("detail_in_pdf", "").strip():
        detail_in_pdf = YES_NO.get(v["detail_in_pdf"].strip().lower())
        if detail_in_pdf is None:
            bad("detail_in_pdf", _("use yes or no (or 是/否), or leave it empty to keep the agreement's setting"))
    status_since, account_type, risk_tier = _check_policy_cells(v, bad)
    if problems.count > before:
        return None
    return AgreementRow(
        row.line,
        v["customer_name"].strip(),
        code,
        number,
        currency,
        v["branch"].strip(),
        cycle,
        channel,
        v["contact_name"].strip(),
        mobile,
        v.get("address", "").strip(),
        status,
        valid_from,
        postcode,
        phone,
        detail_in_pdf,
        notify_channel,
        wechat_openid,
        status_since,
        account_type,
        risk_tier,
    )


def _check_policy_cells(
    v: dict[str, str], bad: Callable[[str, str], None]
) -> tuple[dt.date | None, str | None, str | None]:
    """The optional cells the supervisory return rate reads: the status date, the account type, the risk tier.
    None where the column is missing or the cell empty (the account keeps its value)."""
    status_since = None
    if v.get("status_since", "").strip():
        try:
            status_since = dt.date.fromisoformat(v["status_since"].strip().replace("/", "-"))
        except ValueError:
            bad("status_since", _("not a date; write YYYY-MM-DD, such as 2026-09-30"))
        else:
            if status_since > timezone.localdate():
                bad("status_since", _("the status date cannot be in the future"))
    account_type = None
    if v.get("account_type", "").strip():
        account_type = ACCOUNT_TYPES.get(v["account_type"].strip().lower())
        if account_type is None:
            bad(
                "account_type",
                _("unknown account type; use %(known)s (or 基本/一般/专用/临时/保证金)")
                % {"known": ", ".join(AccountType.values)},
            )
    risk_tier = None
    if v.get("risk_tier", "").strip():
        risk_tier = RISK_TIERS.get(v["risk_tier"].strip().lower())
        if risk_tier is None:
            bad("risk_tier", _("unknown risk tier; use high or normal (or 高/一般)"))
    return status_since, account_type, risk_tier


def _check_notify(v: dict[str, str], bad: Any) -> tuple[str | None, str | None]:
    """The optional notify_channel and wechat_openid columns (None: not in the file, the agreement keeps its own)."""
    notify_channel = None
    if "notify_channel" in v:
        text = v["notify_channel"].strip()
        notify_channel = channel_from_text(text) if text else DEFAULT_NOTIFY
        if notify_channel is None:
            bad("notify_channel", _("unknown notification channel; use %(known)s") % {"known": known_text()})
            return None, None
        needed = NOTIFY_CHANNELS[notify_channel].address_field
        if needed not in v and needed not in ("mobile", "contact_phone"):
            bad(
                "notify_channel",
                _("notices by %(channel)s need the contact's address there: add the column %(column)s")
                % {"channel": NOTIFY_CHANNELS[notify_channel].label, "column": needed},
            )
            return None, None
    # The address columns of the channels other than SMS (the mobile is checked above, with its own rules).
    addresses = {
        c.address_field: v[c.address_field]
        for c in NOTIFY_CHANNELS.values()
        if c.address_field != "mobile" and c.address_field in v
    }
    normalized, errors = validate_contact(notify_channel=notify_channel or DEFAULT_NOTIFY, addresses=addresses)
    for column, message in errors.items():
        bad(column, message)
    return notify_channel, (normalized.get("wechat_openid") if "wechat_openid" in v else None)


def _agreement_terms(row: AgreementRow) -> dict[str, Any]:
    terms: dict[str, Any] = {
        "cycle": row.cycle,
        "channel": row.channel,
        "contact_name": row.contact_name,
        "mobile": row.mobile,
        "address": row.address,
    }
    # A file without the postcode, phone or notification columns (every file made before they existed) leaves them as
    # they are.
    for name in ("postcode", "phone", "detail_in_pdf", "notify_channel", "wechat_openid"):
        value = getattr(row, name)
        if value is not None:
            terms[name] = value
    return terms


def migration_start(cycle: str, today: dt.date) -> dt.date:
    """Where an agreement onboarded without a start date starts: the first day of the last period of its cycle that
    ended before today (monthly: last month; quarterly: last quarter). A bank migrating its agreements from another
    system expects them in force for the period that just ended, which it publishes next."""
    last_end = today.replace(day=1) - dt.timedelta(days=1)
    if cycle == Cycle.QUARTERLY:
        while last_end.month % 3:
            last_end = last_end.replace(day=1) - dt.timedelta(days=1)
    return Period(last_end.year, last_end.month).start_for(cycle)


def _apply_agreement(
    row: AgreementRow,
    account: BankAccount,
    actor: Actor | None,
    today: dt.date,
    result: OnboardingResult,
    problems: Problems,
) -> None:
    # A new agreement starts on valid_from, or (first onboarding, no date) with the period that just ended; a change
    # to an existing one applies from today, so statements already issued keep the terms they were issued on. A
    # valid_from other than the account's first start corrects that start while no statement was issued.
    current = Agreement.objects.select_for_update().filter(account=account, valid_to__isnull=True).first()
    terms = _agreement_terms(row)
    if current is None:
        onboarded_before = Agreement.objects.filter(account=account).exists()
        start = row.valid_from or (today if onboarded_before else migration_start(row.cycle, today))
        agreement_replace(actor=actor, account=account, terms=terms, today=start)
        result.bump("agreements created")
        return
    first_start = (
        Agreement.objects.filter(account=account).order_by("valid_from").values_list("valid_from", flat=True).first()
    )
    if row.valid_from is not None and row.valid_from != first_start:
        try:
            agreement_start_correct(
                actor=actor, agreement_id=current.pk, valid_from=row.valid_from, terms=terms, today=timezone.localdate()
            )
        except ServiceError as exc:
            problems.cell(row.line, "valid_from", row.valid_from, exc.message)
            return
        result.bump("agreements start corrected")
        return
    outcome = agreement_replace(actor=actor, account=account, terms=terms, today=today)
    if outcome:
        result.bump(f"agreements {outcome}")


def _end_agreement(account: BankAccount, actor: Actor | None, today: dt.date, result: OnboardingResult) -> None:
    current = Agreement.objects.select_for_update().filter(account=account, valid_to__isnull=True).first()
    if current is not None:
        before = snapshot(current, AGREEMENT_FIELDS)
        current.valid_to = today
        current.save(update_fields=["valid_to"])
        audit_record(
            actor=actor,
            action="agreement.ended",
            target=current,
            before=before,
            after=snapshot(current, AGREEMENT_FIELDS),
        )
        result.bump("agreements ended")


def _held_elsewhere(row: AgreementRow, account: BankAccount, problems: Problems) -> None:
    """The row's account is held by another customer: say by whom and how, and what bank operations do about it."""
    registration = company_registrations([account.pk]).get(account.pk)
    if registration is None:  # onboarded by the bank for that customer: the file is probably wrong
        problems.cell(
            row.line,
            "account_number",
            row.account_number,
            _("the account belongs to another customer; correct the credit code or the account number"),
        )
        return
    problems.cell(
        row.line,
        "account_number",
        row.account_number,
        _(
            "the account is held by %(company)s only because %(user)s of that company registered it by uploading a file "
            "on %(date)s; the bank never onboarded it. If it belongs to this row's customer, reassign it at %(url)s "
            "(that company's uploads on it are withdrawn, audited) and import this file again; otherwise correct the "
            "credit code or the account number"
        )
        % {
            "company": registration.company,
            "user": registration.username,
            "date": timezone.localtime(registration.at).date().isoformat(),
            # Named by its URL name: the page is the site's (portal), this rule is the onboarding's.
            "url": reverse("portal:ops-account-reassign", args=[account.pk]),
        },
    )


def _apply(
    row: AgreementRow, actor: Actor | None, today: dt.date, result: OnboardingResult, problems: Problems
) -> None:
    customer = Customer.objects.filter(credit_code=row.credit_code).first()
    if customer is None:
        customer = customer_create(actor=actor, legal_name=row.customer_name, credit_code=row.credit_code)
        result.bump("customers created")
    elif customer.legal_name != row.customer_name:
        customer_update(actor=actor, customer_id=customer.pk, legal_name=row.customer_name)
        result.bump("customers renamed")
    account = BankAccount.objects.filter(number=row.account_number).first()
    if account is None:
        account = bank_account_create(
            actor=actor,
            customer=customer,
            number=row.account_number,
            branch=row.branch,
            currency=row.currency,
            status=AccountStatus.ACTIVE,
        )
        result.bump("accounts created")
    elif account.customer_id not in (None, customer.pk):
        _held_elsewhere(row, account, problems)
        return
    elif account.currency != row.currency:
        currency_problem(problems, row.line, row.currency, row.account_number, account.currency)
        return
    elif account.customer_id is None:
        BankAccount.objects.filter(pk=account.pk).update(customer=customer)
        audit_record(actor=actor, action="bank_account.assigned", target=account, after={"customer_id": customer.pk})
        result.bump("accounts assigned")
    if row.risk_tier is not None or row.account_type is not None:
        before = (account.risk_tier, account.account_type)
        account = bank_account_classify(
            actor=actor, account_id=account.pk, risk_tier=row.risk_tier, account_type=row.account_type
        )
        if (account.risk_tier, account.account_type) != before:
            result.bump("accounts classified")
    dated = row.status_since is not None and row.status_since != account.status_since
    if row.status == AccountStatus.ACTIVE:
        if account.status != AccountStatus.ACTIVE or dated:
            if account.status != AccountStatus.ACTIVE:
                result.bump("accounts reactivated")
            bank_account_set_status(
                actor=actor, account_id=account.pk, status=AccountStatus.ACTIVE, since=row.status_since
            )
        _apply_agreement(row, account, actor, today, result, problems)
    else:
        if account.status != row.status or dated:
            if account.status != row.status:
                result.bump(f"accounts {row.status}")
            bank_account_set_status(actor=actor, account_id=account.pk, status=row.status, since=row.status_since)
        _end_agreement(account, actor, today, result)


def agreements_import(
    *, actor: Actor | None, data: bytes, filename: str, today: dt.date | None = None
) -> OnboardingResult:
    today = today or timezone.localdate()
    rows = read_table(data, filename, ALIASES, REQUIRED)
    problems = import_problems()
    checked = [r for r in (_check_row(row, problems) for row in rows) if r is not None]
    seen: dict[str, int] = {}
    for row in checked:
        if row.account_number in seen:
            problems.cell(
                row.line,
                "account_number",
                row.account_number,
                _("already on row %(first)s; list each account once") % {"first": seen[row.account_number]},
            )
        seen.setdefault(row.account_number, row.line)
    problems.raise_if_any()
    result = OnboardingResult(rows=len(checked))
    with transaction.atomic():
        for row in checked:
            try:
                with transaction.atomic():
                    _apply(row, actor, today, result, problems)
            except ValidationError as exc:
                problems.row(row.line, " ".join(exc.messages))
        if problems:
            transaction.set_rollback(True)
            problems.raise_if_any()
    return result
