"""The batch, cheque and bill stages' reasons in the reader's language (``reconcile.reasons`` reads the others).

Each engine reason is one fixed phrase, Chinese and English side by side; a page shows one language, so every phrase
an engine stage writes needs its pattern here or in ``reasons``: one not known is shown as stored, both languages in
one line (``tests/reconcile/test_stage_reasons_rendered.py`` runs every generator's lines through the engine and
checks that none is left).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

SHARED_KINDS = {
    "summary": gettext_lazy("summary"),
    "counterparty": gettext_lazy("counterparty"),
    "reference": gettext_lazy("reference"),
    "voucher": gettext_lazy("voucher"),
}


def _n(values: dict[str, str]) -> int:
    return int(values["n"])


def _late_cheque(values: dict[str, str]) -> str:
    if values["unit"].startswith("working"):
        text = ngettext(
            "a cheque paid after it was written, the only line of this amount within %(n)s working day on both sides",
            "a cheque paid after it was written, the only line of this amount within %(n)s working days on both sides",
            _n(values),
        )
    else:
        text = ngettext(
            "a cheque paid after it was written, the only line of this amount within %(n)s day on both sides",
            "a cheque paid after it was written, the only line of this amount within %(n)s days on both sides",
            _n(values),
        )
    return text % values


def _late_net(values: dict[str, str]) -> str:
    if values["unit"].startswith("working"):
        text = ngettext(
            "the only entries within %(n)s working day that add up to this line, the same counterparty",
            "the only entries within %(n)s working days that add up to this line, the same counterparty",
            _n(values),
        )
    else:
        text = ngettext(
            "the only entries within %(n)s day that add up to this line, the same counterparty",
            "the only entries within %(n)s days that add up to this line, the same counterparty",
            _n(values),
        )
    return text % values


def _fees_of_a_day(values: dict[str, str]) -> str:
    return (
        ngettext(
            "%(n)s bank charge and %(n)s fee entry of this amount that day, interchangeable",
            "%(n)s bank charges and %(n)s fee entries of this amount that day, interchangeable",
            _n(values),
        )
        % values
    )


def _account_party(values: dict[str, str]) -> str:
    """A bare counterparty account number learned as a party's (``engine.account_names``) by the pairs it was in."""
    return ngettext(
        "counterparty account %(account)s belongs to “%(party)s”: %(n)s earlier match tied them",
        "counterparty account %(account)s belongs to “%(party)s”: %(n)s earlier matches tied them",
        _n(values),
    ) % {**values, "n": _n(values)}


STAGE_PHRASES: tuple[tuple[re.Pattern, Callable[[dict[str, Any]], str]], ...] = tuple(
    (re.compile(pattern, re.DOTALL), render)
    for pattern, render in (
        (r"对方账号 account “(?P<account>.*?)” = “(?P<party>.*?)”, 已对上 paired (?P<n>\d+)", _account_party),
        (
            r"同日同源 same day, shared (?P<kind>summary|counterparty|reference|voucher) (?P<value>.*)",
            lambda v: _("same day, same %(kind)s %(value)s") % {"kind": SHARED_KINDS[v["kind"]], "value": v["value"]},
        ),
        (
            r"同一收付款方当日连续单号 one party's consecutive document numbers of one day (?P<span>.*)",
            lambda v: _("one party's consecutive document numbers of one day: %(span)s") % v,
        ),
        (
            r"连续单号 consecutive document numbers (?P<span>.*)",
            lambda v: _("consecutive document numbers: %(span)s") % v,
        ),
        (
            r"同额同日银行费用 the bank's charge and a fee entry of the same amount on the same day",
            lambda v: _("the bank's charge and a fee entry of the same amount on the same day"),
        ),
        (r"当日该金额银行费用与费用分录各 (?P<n>\d+) 笔 \d+ of each that day, interchangeable", _fees_of_a_day),
        (
            r"支票晚于记账兑付, (?P<n>\d+) (?:天|个工作日)内金额唯一 a cheque paid after it was written, the only line of "
            r"this amount within \d+ (?P<unit>working days|days) on both sides",
            _late_cheque,
        ),
        (
            r"支票存入: 此前几日以支票收款的分录中唯一一组合计相符 a deposit of cheques: the only subset of the receipts by "
            r"cheque entered in the days before it with this sum",
            lambda v: _(
                "a deposit of cheques: the only subset of the receipts by cheque entered in the days before it with "
                "this sum"
            ),
        ),
        (
            r"逐日入账合计 day-by-day entries of one series: (?P<first>.*) \.\.\.",
            lambda v: _("day-by-day entries of one series, the first: %(first)s") % v,
        ),
        (
            r"当日渠道收款汇总 the entry totals one channel's receipts of the day it names: (?P<text>.*)",
            lambda v: _("the entry totals one channel's receipts of the day it names: %(text)s") % v,
        ),
        (
            r"该渠道当日及之前几日收款中唯一一组合计相符 the only subset of that channel's receipts of those days with "
            r"this sum",
            lambda v: _("the only subset of that channel's receipts of those days with this sum"),
        ),
        (
            r"单笔未写明该方 the single line does not name this party",
            lambda v: _("the single line does not name this party"),
        ),
        (
            r"该方当日全部分录、非整数合计 all of the party's entries that day, not a round total",
            lambda v: _("all of the party's entries that day, not a round total"),
        ),
        (
            r"同一付款凭证的其余分录 the remaining entries of one voucher (?P<ref>.*)",
            lambda v: _("the remaining entries of one voucher: %(ref)s") % v,
        ),
        (
            r"摘要注明代付 the books note (?P<person>.*?) paid for (?P<company>.*)",
            lambda v: _("the books note that %(person)s paid for %(company)s") % v,
        ),
        (
            r"户名不同 names differ “(?P<bank>.*)” / “(?P<books>.*)”, 票据包号相同: 托收或持票方常非付款人 the same bill's "
            r"number: a bill's collector or holder is often not the payer",
            lambda v: (
                _(
                    "the names differ (“%(bank)s” on the bank's line, “%(books)s” in the books), overlooked for the "
                    "bill's 30-digit number: the party collecting or holding a bill is often not the one who paid it"
                )
                % v
            ),
        ),
        (
            r"同额候选中唯一同写项目或合同 “(?P<word>.*?)” the only candidate .*",
            lambda v: (
                _(
                    "the only line of this amount in the window whose summary names the same project or contract "
                    "“%(word)s” on both sides"
                )
                % v
            ),
        ),
        (
            r"净额入账: 总额 (?P<gross>\S+) 减费用 (?P<fee>\S+) net of charges: the gross \S+ less the charges \S+",
            lambda v: _("net of charges: the gross %(gross)s less the charges %(fee)s") % v,
        ),
        (
            r"连同费用: 金额 (?P<gross>\S+) 加费用 (?P<fee>\S+) with its charges: \S+ plus the charges \S+",
            lambda v: _("with its charges: %(gross)s plus the charges %(fee)s") % v,
        ),
        (
            r"费用分录与总额同一凭证 the charge entries share the voucher (?P<ref>.*)",
            lambda v: _("the charge entries share the voucher %(ref)s") % v,
        ),
        (
            r"费用分录与总额同日 the charge entries are dated the day of the gross entry",
            lambda v: _("the charge entries are dated the day of the gross entry"),
        ),
        (
            r"窗口内唯一组合 the only entries in the window that add up to this line",
            lambda v: _("the only entries in the window that add up to this line"),
        ),
        (
            r"(?P<n>\d+) (?:天|个工作日)内唯一组合且同一对方 the only entries within \d+ (?P<unit>working days|days) that "
            r"add up to this line, same counterparty",
            _late_net,
        ),
        (
            r"摘要中的支票号 cheque number in the summary (?P<ref>.*)",
            lambda v: _("cheque number in the summary: %(ref)s") % v,
        ),
    )
)
