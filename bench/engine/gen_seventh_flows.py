"""The everyday scenarios of the seventh data set: receipts, bill payments, checks, deposits, payment runs, NSF items.

Each function books one business event on ``day`` into both exports of a ``World`` (or one of them, for what only
one side knows) and records its truth. Weights in ``DAILY`` are per event; ``gen_seventh`` draws events until the
day has its ~300 bank lines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from . import gen_seventh_words as W
from .gen_seventh_world import IN, OURCO, OUT, World

D = Decimal
CENT = D("0.01")


def _amt(w: World, median: float, round_share: float = 0.25) -> Decimal:
    return D(W.amount(w.r, median, round_share))


def _bank_ind(w: World, inv: str, quotes: bool) -> str:
    """What the payer puts in the ACH addendum / wire detail: the invoice in its own spelling, or its own number."""
    if not quotes:
        return f"{w.r.randrange(10**5, 10**7)}" if w.r.random() < 0.6 else ""
    digits = "".join(c for c in inv if c.isdigit())
    return w.r.choice((f"INV{digits}", digits, f"INV {digits}", inv))


def _customer(w: World) -> int:
    # a few customers pay often: a skewed pick
    n = len(w.customers)
    return min(n - 1, int(n * w.r.random() ** 2.2))


def _receive(w: World, day: dt.date, k: int, amounts: list[Decimal], tag: str, unbooked: float = 0.02) -> None:
    r = w.r
    p = w.customers[k]
    how, _retainer, quotes, _median = w.habit[k]
    invoices = [w.next_invoice() for _ in amounts]
    total = sum(amounts, D(0))
    detail = _bank_ind(w, invoices[0], quotes)
    slip = ""
    if how == "wire":
        cp, shown = w.bank_name(p, "wire")
        text = w.wire(day, shown, True, detail)
    elif how == "zelle":
        cp, shown = w.bank_name(p, "zelle")
        text = f"ZELLE FROM {shown} ON {day:%m/%d} REF # {r.choice('BCW')}AC{r.randrange(10**8, 10**9)}"
        tag = "zelle" if tag == "receipt" else tag
    elif how == "bill.com":
        cp = "" if r.random() < 0.25 else "BILL.COM"
        text = w.ach(day, "BILL.COM", "PAYABLES", f"{p.bank[:15]} {detail}".strip(), True)
        tag = "via-intermediary" if tag == "receipt" else tag
    elif how == "check":
        cp = ""
        text, slip = w.deposit_text("branch")
        tag = "deposit-1chk" if tag == "receipt" else tag
    else:
        cp, shown = w.bank_name(p, "ach")
        text = w.ach(
            day, shown, r.choice(("PAYMENTS", "VENDOR PMT", "EDI PYMNTS", "ACH PMT", "AP PAYMENT")), detail, True
        )
    bid = w.b(day, total, IN, text, tag, ref=slip, cp=cp)
    if r.random() < unbooked:  # the bookkeeper has not applied it yet: bank-only
        w.tags[bid] = "unapplied-receipt"
        return
    jday = w.booked(day)
    jids = []
    for inv, a in zip(invoices, amounts, strict=True):
        jref, memo = w.receipt(p, [inv], how)
        jids.append(w.j(jday, a, IN, memo, tag, ref=jref, cp="" if r.random() < 0.04 else p.master))
    w.t([bid], jids)


def receipt(w: World, day: dt.date) -> None:
    k = _customer(w)
    _how, retainer, _q, median = w.habit[k]
    _receive(w, day, k, [D(retainer) if retainer and w.r.random() < 0.7 else _amt(w, median)], "receipt")


def receipt_two_invoices(w: World, day: dt.date) -> None:
    k = _customer(w)
    median = w.habit[k][3]
    _receive(w, day, k, [_amt(w, median), _amt(w, median)], "two-invoices", unbooked=0)


def partial_payment(w: World, day: dt.date) -> None:
    k = _customer(w)
    p = w.customers[k]
    total = D(W.amount(w.r, w.habit[k][3] * 3, 0.5))
    first = (total * D(w.r.choice((25, 40, 50, 50, 60))) / 100).quantize(CENT)
    inv = w.next_invoice()
    for when, a in ((day, first), (w.work(day, w.r.randint(8, 30)), total - first)):
        cp, shown = w.bank_name(p, "ach")
        bid = w.b(when, a, IN, w.ach(when, shown, "PAYMENTS", _bank_ind(w, inv, w.habit[k][2]), True), "partial", cp=cp)
        jref, _memo = w.receipt(p, [inv], "ach")
        w.t([bid], [w.j(w.booked(when), a, IN, f"Partial payment {inv}", "partial", ref=jref, cp=p.master)])


def split_wire(w: World, day: dt.date) -> None:
    """N:1: one large invoice paid in two or three wires (the payer's daily limit), booked as one receipt."""
    k = _customer(w)
    p = w.customers[k]
    parts = [D(w.r.choice(("25000.00", "50000.00", "40000.00", "30000.00"))) for _ in range(w.r.randint(2, 3))]
    parts[-1] = _amt(w, 20000, 0)
    inv = w.next_invoice()
    bids = []
    for n, a in enumerate(parts):
        when = w.work(day, n)
        cp, shown = w.bank_name(p, "wire")
        bids.append(w.b(when, a, IN, w.wire(when, shown, True, inv if n == 0 else ""), "split-wire", cp=cp))
    jref, memo = w.receipt(p, [inv], "wire")
    w.t(bids, [w.j(w.work(day, len(parts) - 1), sum(parts, D(0)), IN, memo, "split-wire", ref=jref, cp=p.master)])


def vendor_debit(w: World, day: dt.date) -> None:
    v = w.r.randrange(len(w.vendors))
    p = w.vendors[v]
    a = _amt(w, w.vend_median[v], 0.2)
    cp, shown = w.bank_name(p, "ach")
    bid = w.b(
        day,
        a,
        OUT,
        w.ach(
            day, shown, w.r.choice(("WEB PMT", "AUTOPAY", "BILL PAY", "DEBIT")), f"{w.r.randrange(10**6, 10**8)}", False
        ),
        "vendor-debit",
        cp=cp,
    )
    ref, memo = w.payment(p, [w.vendor_bill()], "ach")
    w.t([bid], [w.j(w.booked(day), a, OUT, memo, "vendor-debit", ref=ref, cp=p.master)])


def wire_out(w: World, day: dt.date) -> None:
    v = w.r.randrange(len(w.vendors))
    p = w.vendors[v]
    a = _amt(w, w.vend_median[v] * 4, 0.35)
    bill = w.vendor_bill()
    cp, shown = w.bank_name(p, "wire")
    bid = w.b(day, a, OUT, w.wire(day, shown, False, f"INV {bill}"), "wire-out", cp=cp)
    ref, memo = w.payment(p, [bill], "wire")
    w.t([bid], [w.j(w.booked(day, early=0.2), a, OUT, memo, "wire-out", ref=ref, cp=p.master)])
    fee = D(w.r.choice(("25.00", "30.00", "30.00", "35.00")))
    fid = w.b(day, fee, OUT, "WIRE TRANSFER FEE" if w.fmt != "chase" else "DOMESTIC WIRE FEE", "bank-fee")
    if w.r.random() < 0.45:
        w.t(
            [fid],
            [w.j(w.booked(day), fee, OUT, "Wire fee", "bank-fee", cp=w.r.choice(("", "Bank of America", "Chase")))],
        )


def check_issued(w: World, day: dt.date) -> None:
    """A check written today clears 1-20 days later (or not in this period: journal-only, outstanding)."""
    r = w.r
    v = r.randrange(len(w.vendors))
    p = w.vendors[v]
    a = _amt(w, w.vend_median[v], 0.3)
    no = w.next_check()
    x = r.random()
    ref, memo = w.payment(p, [w.vendor_bill()], "check", check=no if x < 0.85 else "")
    if 0.85 <= x < 0.92:
        memo = r.choice((f"Check {no}", f"Chk #{no}", f"ck{no}"))
    jid = w.j(day, a, OUT, memo, "check", ref=ref, cp=p.master)
    if r.random() < 0.07:
        w.tags[jid] = "outstanding-check"
        return
    clears = w.roll(day + dt.timedelta(days=min(20, 1 + int(r.expovariate(1 / 5)))))
    w.t([w.b(clears, a, OUT, w.check_text(no), "check", ref=no)], [jid])


def deposit(w: World, day: dt.date, kind: str = "") -> None:
    """Customer checks deposited together: lockbox (2-12), remote capture (1-5). Booked as separate receipts (1:N)
    or, from QuickBooks' Undeposited Funds, as one deposit (1:1)."""
    r = w.r
    kind = kind or r.choice(("lockbox", "remote", "remote"))
    n = r.randint(2, 12) if kind == "lockbox" else r.randint(1, 5)
    picks = [_customer(w) for _ in range(n)]
    amounts = [D(w.habit[k][1]) if w.habit[k][1] and r.random() < 0.6 else _amt(w, w.habit[k][3]) for k in picks]
    text, slip = w.deposit_text(kind)
    total = sum(amounts, D(0))
    bid = w.b(day, total, IN, text, kind, ref=slip)
    jday = day if r.random() < 0.7 else w.work(day, -1)
    if r.random() < 0.08:
        jday = w.booked(day)
    if n > 1 and r.random() < 0.3:
        w.t(
            [bid], [w.j(jday, total, IN, r.choice(("Deposit", "Deposit to Checking", f"{kind.title()} deposit")), kind)]
        )
        return
    jids = []
    for k, a in zip(picks, amounts, strict=True):
        p = w.customers[k]
        jref, memo = w.receipt(p, [w.next_invoice()], "check")
        if w.erp == "quickbooks":
            jref = str(r.randrange(1000, 99999))  # the customer's check number in the Num column
        jids.append(w.j(jday, a, IN, memo, kind, ref=jref, cp=p.master))
    w.t([bid], jids)


def ach_run(w: World, day: dt.date) -> None:
    """A payables run: 2-8 bills to different vendors, one debit at the bank."""
    r = w.r
    n = r.randint(2, 8)
    vs = r.sample(range(len(w.vendors)), n)
    batch = f"{r.randrange(1, 9999):04d}"
    amounts = [_amt(w, w.vend_median[v], 0.2) for v in vs]
    text = {
        "plain": f"ACH BATCH DEBIT {batch} VENDOR PAYMENTS",
        "chase": f"ACH ORIGINATION BATCH {batch} ({n} ITEMS)",
        "bofa": f"{OURCO} DES:VENDOR PAY ID:BATCH{batch} INDN:ACH BATCH CCD",
    }[w.fmt]
    bday = day if r.random() < 0.6 else w.work(day, 1)
    bid = w.b(bday, sum(amounts, D(0)), OUT, text, "ach-run")
    jids = []
    for v, a in zip(vs, amounts, strict=True):
        ref, memo = w.payment(w.vendors[v], [w.vendor_bill()], "ach")
        jids.append(w.j(day, a, OUT, memo, "ach-run", ref=ref, cp=w.vendors[v].master))
    w.t([bid], jids)


def nsf(w: World, day: dt.date) -> None:
    """A customer check deposited, booked, then returned unpaid: the return and its fee are separate lines."""
    r = w.r
    k = _customer(w)
    p = w.customers[k]
    a = _amt(w, w.habit[k][3])
    text, slip = w.deposit_text("branch")
    inv = w.next_invoice()
    jref, memo = w.receipt(p, [inv], "check")
    w.t([w.b(day, a, IN, text, "nsf-deposit", ref=slip)], [w.j(day, a, IN, memo, "nsf-deposit", ref=jref, cp=p.master)])
    back = w.work(day, r.randint(2, 5))
    rid = w.b(
        back, a, OUT, r.choice(("RETURNED ITEM NSF", "DEPOSITED ITEM RETURNED", "RETURN ITEM CHARGEBACK")), "nsf-return"
    )
    if r.random() < 0.7:
        w.t(
            [rid],
            [
                w.j(
                    w.booked(back),
                    a,
                    OUT,
                    f"NSF check returned {inv}",
                    "nsf-return",
                    ref=inv if w.erp != "quickbooks" else "",
                    cp=p.master,
                )
            ],
        )
    fee = w.b(back, D("12.00"), OUT, "RETURNED ITEM FEE", "bank-fee")
    if r.random() < 0.4:
        w.t([fee], [w.j(w.booked(back), D("12.00"), OUT, "Bank charge - returned item", "bank-fee")])


def refund(w: World, day: dt.date) -> None:
    k = _customer(w)
    p = w.customers[k]
    a = _amt(w, w.habit[k][3] / 3, 0.1)
    cp, shown = w.bank_name(p, "ach")
    bid = w.b(day, a, OUT, w.ach(day, shown[:16], "REFUND", "", False), "refund", cp=cp)
    w.t([bid], [w.j(w.booked(day), a, OUT, f"Refund - credit memo CM-{w.next_doc()}", "refund", cp=p.master)])


def transfer(w: World, day: dt.date) -> None:
    r = w.r
    out = r.random() < 0.55
    a = D(r.choice(("5000.00", "10000.00", "20000.00", "25000.00", "50000.00", "100000.00")))
    acct = r.choice(("4821", "7730"))
    text = f"ONLINE TRANSFER {'TO' if out else 'FROM'} SAV ...{acct} TRANSACTION#: {r.randrange(10**9, 10**10)}"
    bid = w.b(day, a, OUT if out else IN, text, "transfer")
    w.t([bid], [w.j(day, a, OUT if out else IN, f"Transfer {'to' if out else 'from'} Savings x{acct}", "transfer")])


def deposit_in_transit(w: World, day: dt.date) -> None:
    """Booked, never deposited in this period: journal-only."""
    k = _customer(w)
    p = w.customers[k]
    jref, memo = w.receipt(p, [w.next_invoice()], "check")
    w.j(day, _amt(w, w.habit[k][3]), IN, memo, "in-transit", ref=jref, cp=p.master)


DAILY: tuple[tuple[Callable[[World, dt.date], None], float], ...] = (
    (receipt, 95),
    (receipt_two_invoices, 9),
    (partial_payment, 3),
    (split_wire, 0.8),
    (vendor_debit, 26),
    (wire_out, 8),
    (check_issued, 36),
    (deposit, 8),
    (ach_run, 5),
    (nsf, 1.2),
    (refund, 3),
    (transfer, 0.4),
    (deposit_in_transit, 2.5),
)
