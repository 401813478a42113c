"""One row of the agreements file checked, every bad cell named, into an ``AgreementRow`` (or None)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.tabular import Problems, TableRow
from core.validators import (
    normalize_account_number,
    normalize_credit_code,
    validate_account_number,
    validate_credit_code,
)
from reconcile.models import AccountType
from statements.channels.registry import REGISTRY as STATEMENT_CHANNELS
from statements.channels.registry import channel_from_text as statement_channel_from_text
from statements.channels.registry import known_text as known_channels
from statements.notify.registry import DEFAULT as DEFAULT_NOTIFY
from statements.notify.registry import REGISTRY as NOTIFY_CHANNELS
from statements.notify.registry import channel_from_text, known_text, validate_contact
from statements.services.onboarding.columns import ACCOUNT_TYPES, CYCLES, RISK_TIERS, STATUSES, YES_NO
from statements.validators import normalize_cn_mobile, normalize_cn_phone, normalize_cn_postcode


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


def check_row(row: TableRow, problems: Problems) -> AgreementRow | None:
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
