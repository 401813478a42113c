"""The everyday events of the eighth data set (``gen_eighth.py``): receipts, payments, platform withdrawals, POS
settlements, bills, cheques, refunds and the noise a bookkeeper adds. Each event books its bank lines and journal
lines in the ``Ledger`` and states its truth; the dates come from ``World.book_day`` (the books' habits)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from reconcile.engine.types import IN, OUT

from . import gen_eighth_words as W
from .gen_eighth_books import CUT, Ledger, platform_words


def split(r: random.Random, total: Decimal, parts: int) -> list[Decimal]:
    """Installments as people pay them: round first parts, the remainder last."""
    out: list[Decimal] = []
    left = total
    for _ in range(parts - 1):
        share = left * Decimal(r.choice(("0.3", "0.5", "0.5", "0.6")))
        step = Decimal(1000 if share > 5000 else 100)
        part = (share / step).quantize(Decimal(1)) * step
        if part <= 0 or part >= left:
            part = (left / 2).quantize(W.CENT)
        out.append(part.quantize(W.CENT))
        left -= part
    out.append(left.quantize(W.CENT))
    return out


class Flows:
    r: random.Random
    led: Ledger
    customers: list[W.Party]
    suppliers: list[W.Party]
    recent_receipts: dict[str, list[Decimal]]

    # provided by World
    def book_day(self, bank_day: dt.date, habit: str) -> dt.date: ...
    def shift(self, day: dt.date, workdays: int) -> dt.date: ...
    def in_range(self, day: dt.date) -> bool: ...
    def customer(self) -> W.Party: ...
    def supplier(self) -> W.Party: ...

    # -- names and words ------------------------------------------------------------------------------------------
    def _bank_cp(self, acct: str, p: W.Party) -> str:
        return W.bank_name_form(self.r, p, CUT[acct])[0]

    def _purpose(self, kind: str, inv: str, contract: str) -> str:
        r = self.r
        u = r.random()
        if kind == IN:
            if u < 0.25:
                return "货款"
            if u < 0.40:
                return f"货款 发票号{inv}"
            if u < 0.50:
                return contract
            if u < 0.58:
                return f"支付货款{inv}"
            if u < 0.68:
                return r.choice(("往来款", "付款", "购货款"))
            return ""
        if u < 0.3:
            return r.choice(("货款", "材料款", "采购款"))
        if u < 0.45:
            return f"货款 发票号{inv}"
        if u < 0.55:
            return contract
        return ""

    def _receipt_summary(self, name: str, inv: str) -> str:
        r = self.r
        s = r.choice(("收{}货款", "收到{}货款", "{}回款", "收{}销货款", "收{}款")).format(name) if name else "收货款"
        return s + (f" 发票号{inv}" if inv and r.random() < 0.2 else "")

    def _payment_summary(self, p: W.Party, name: str, inv: str) -> str:
        r = self.r
        what = (
            "运费" if "物流" in p.full or "速" in p.full else "服务费" if "信息" in p.full or "腾讯" in p.full else ""
        )
        what = what or r.choice(("材料款", "货款", "包装材料款", "采购款"))
        s = r.choice(("付{}{}", "支付{}{}", "付{}{}", "预付{}{}")).format(name, what) if name else "付" + what
        return s + (f" 发票号{inv}" if inv and r.random() < 0.2 else "")

    # -- 1:1 receipts and payments --------------------------------------------------------------------------------
    def receipt(self, day: dt.date, acct: str, tag: str = "receipt", p: W.Party | None = None) -> None:
        r, led = self.r, self.led
        p = p or self.customer()
        amt = W.amount(r, p)
        inv, contract = W.invoice_no(r), W.contract_no(r, day.year)
        purpose = self._purpose(IN, inv, contract)
        if tag == "personal-pay":
            cp = W.person(r)
            purpose = r.choice((f"代{p.short}付货款", "货款", f"{p.short}货款", ""))
        else:
            cp = self._bank_cp(acct, p)
        b = led.bank(acct, day, amt, IN, "in", cp, purpose, tag)
        if r.random() < 0.015:  # not yet applied by the books: bank-only
            led.bank_raw[b] = led.bank_raw[b][:6] + ("unbooked-receipt", acct)
            return
        jcp, name, _form = W.book_name_form(r, p)
        inv_j = inv if inv in purpose and r.random() < 0.6 else W.invoice_no(r)
        summary = self._receipt_summary(name, inv_j)
        if tag == "personal-pay" and r.random() < 0.4:
            summary += f"({cp}代付)"
        j = led.book(self.book_day(day, "receipt"), amt, IN, jcp, summary, tag, settle="电汇", invoice=inv_j)
        led.truth([b], [j])
        self.recent_receipts.setdefault(p.full, []).append(amt)
        self._maybe_duplicate(j)

    def payment(self, day: dt.date, acct: str, tag: str = "payment", p: W.Party | None = None) -> None:
        r, led = self.r, self.led
        p = p or self.supplier()
        amt = W.amount(r, p)
        inv, contract = W.invoice_no(r), W.contract_no(r, day.year)
        jcp, name, _form = W.book_name_form(r, p)
        j = led.book(
            self.book_day(day, "payment"), amt, OUT, jcp, self._payment_summary(p, name, inv), tag, invoice=inv
        )
        if r.random() < 0.01:  # approved and booked, not paid before the statement ends
            led.book_raw[j] = led.book_raw[j][:5] + ("unpaid",) + led.book_raw[j][6:]
            return
        purpose = self._purpose(OUT, inv if r.random() < 0.5 else W.invoice_no(r), contract)
        b = led.bank(acct, day, amt, OUT, "out", self._bank_cp(acct, p), purpose, tag)
        led.truth([b], [j])
        self._maybe_duplicate(j)

    def _maybe_duplicate(self, j: int) -> None:
        """A 凭证 keyed twice (a few days apart), or a wrong one and its red-ink reversal: journal-only lines."""
        r, led = self.r, self.led
        u = r.random()
        day, amt, direction, cp, summary, _tag, settle, doc, inv, _v = led.book_raw[j]
        if u < 0.005:
            led.book(self.shift(day, r.randint(0, 5)), amt, direction, cp, summary, "duplicate", settle=settle)
        elif u < 0.009:
            wrong = amt * 10 if r.random() < 0.5 else (amt + Decimal(r.choice((9, 90, 900)))).quantize(W.CENT)
            other = OUT if direction == IN else IN
            led.book(day, wrong, direction, cp, summary, "keyed-wrong", settle=settle)
            led.book(self.shift(day, r.randint(0, 3)), wrong, other, cp, f"冲销 {summary}", "reversal", settle=settle)

    # -- one party, several documents -------------------------------------------------------------------------------
    def several_invoices(self, day: dt.date, acct: str, direction: str) -> None:
        """One transfer for 2-4 invoices, booked invoice by invoice (1:N, same party)."""
        r, led = self.r, self.led
        p = self.customer() if direction == IN else self.supplier()
        k = r.choice((2, 2, 2, 3, 3, 4))
        amts = [W.amount(r, p) for _ in range(k)]
        invs = [W.invoice_no(r) for _ in range(k)]
        purpose = r.choice(("货款", f"发票号{'/'.join(invs)}", "", f"{k}张发票货款"))
        tag = "invoices-in" if direction == IN else "invoices-out"
        b = led.bank(acct, day, sum(amts, Decimal(0)), direction, "in" if direction == IN else "out",
                     self._bank_cp(acct, p), purpose, tag)  # fmt: skip
        jday = self.book_day(day, "receipt" if direction == IN else "payment")
        voucher = f"inv{len(led.book_raw)}" if r.random() < 0.6 else ""
        js = []
        for a, inv in zip(amts, invs, strict=True):
            jcp, name, _ = W.book_name_form(r, p)
            summary = self._receipt_summary(name, "") if direction == IN else self._payment_summary(p, name, "")
            js.append(led.book(jday, a, direction, jcp, f"{summary} 发票号{inv}", tag, invoice=inv, voucher=voucher))
        led.truth([b], js)

    def installments(self, day: dt.date, acct: str, direction: str) -> None:
        """One invoice paid in 2-3 transfers, booked once when settled (N:1, same party)."""
        r, led = self.r, self.led
        p = self.customer() if direction == IN else self.supplier()
        total = W.round_amount(r, p.scale * 4) if r.random() < 0.5 else W.vat(r, p.scale * 4)
        parts = split(r, total, r.choice((2, 2, 3)))
        contract = W.contract_no(r, day.year)
        tag = "installments-in" if direction == IN else "installments-out"
        bs, d = [], day
        for k, a in enumerate(parts):
            if not self.in_range(d):
                break
            purpose = r.choice((f"{contract} 第{k + 1}期", f"分期付款{k + 1}", "货款", ""))
            bs.append(led.bank(acct, d, a, direction, "in" if direction == IN else "out", self._bank_cp(acct, p),
                               purpose, tag))  # fmt: skip
            d = self.shift(d, r.randint(1, 8))
        jcp, name, _ = W.book_name_form(r, p)
        what = "收{}合同款" if direction == IN else "付{}合同款"
        jday = self.book_day(day if r.random() < 0.5 else led.bank_raw[bs[-1]][0], "payment")
        j = led.book(jday, sum(parts[: len(bs)], Decimal(0)), direction, jcp, what.format(name) + f" {contract}", tag)
        led.truth(bs, [j])

    def refund(self, day: dt.date, acct: str) -> None:
        r, led = self.r, self.led
        p = self.customer()
        past = self.recent_receipts.get(p.full)
        amt = r.choice(past) if past and r.random() < 0.7 else W.amount(r, p)
        b = led.bank(acct, day, amt, OUT, "refund", self._bank_cp(acct, p), r.choice(("退货款", "退款", "退多付货款")),
                     "refund")  # fmt: skip
        jcp, name, _ = W.book_name_form(r, p)
        j = led.book(self.book_day(day, "payment"), amt, OUT, jcp, f"退{name}货款" if name else "退货款", "refund")
        led.truth([b], [j])

    def cheque(self, day: dt.date) -> None:
        """A 转账支票 to a supplier: booked when written, cleared 1-10 working days later (or after the end)."""
        r, led = self.r, self.led
        p = self.supplier()
        amt = W.amount(r, p)
        no = W.cheque_no(r)
        jcp, name, _ = W.book_name_form(r, p)
        doc = no if r.random() < 0.85 else ""
        summary = self._payment_summary(p, name, "") + ("" if doc or r.random() < 0.5 else f" 支票{no}")
        j = led.book(day, amt, OUT, jcp, summary, "cheque", settle="转账支票", doc=doc)
        cleared = self.shift(day, r.choice((1, 1, 2, 2, 3, 4, 5, 7, 10)))
        if not self.in_range(cleared):
            led.book_raw[j] = led.book_raw[j][:5] + ("outstanding-cheque",) + led.book_raw[j][6:]
            return
        b = led.bank("CMB", cleared, amt, OUT, "cheque", self._bank_cp("CMB", p), "", "cheque", ref=no)
        led.truth([b], [j])

    # -- platforms and POS ------------------------------------------------------------------------------------------
    def platform(self, day: dt.date) -> None:
        """A withdrawal of the shop's balance: one credit for several days' nets or many orders' nets (1:N)."""
        r, led = self.r, self.led
        word, bank_cp, erp_name, shop = r.choice(W.PLATFORMS)
        acct = "CCB" if r.random() < 0.7 else "CMB"
        if r.random() < 0.6:
            k = r.randint(2, 6)
            nets = [W.cents(r, 800, 40000) for _ in range(k)]
            labels = [self.shift(day, -k + i) for i in range(k)]
            lines = [(f"{shop}{d.month}月{d.day}日销售回款", a) for d, a in zip(labels, nets, strict=True)]
            tag = "platform-days"
        else:
            k = r.randint(3, 12) if r.random() < 0.8 else r.randint(13, 30)
            prices = [Decimal(p) for p in ("39.90", "59.00", "89.00", "99.00", "129.90", "199.00", "299.00", "1299.00")]
            nets = [
                (r.choice(prices) * r.choice((1, 1, 1, 2, 3)) * Decimal("0.994")).quantize(W.CENT) for _ in range(k)
            ]
            lines = [(f"{shop}订单{r.randrange(10**15, 10**16)}收款", a) for a in nets]
            tag = "platform-orders"
        total = sum(nets, Decimal(0))
        fee = (total * Decimal("0.006")).quantize(W.CENT)
        purpose = r.choice(("提现", f"{erp_name}提现", "", "结算款"))
        b = led.bank(acct, day, total, IN, "in", bank_cp, purpose, tag, words=platform_words(word))
        jday = self.book_day(day, "receipt")
        voucher = f"pf{len(led.book_raw)}"
        per_day = tag == "platform-days" and r.random() < 0.4
        js = [
            led.book(
                labels[i] if per_day else jday,
                a,
                IN,
                erp_name if r.random() < 0.6 else "",
                f"{text}(扣服务费{(a * Decimal('0.006')).quantize(W.CENT)})" if r.random() < 0.3 else text,
                tag,
                settle="其他",
                voucher="" if per_day else voucher,
            )  # fmt: skip
            for i, (text, a) in enumerate(lines)
        ]
        led.truth([b], js)
        if r.random() < 0.08:  # the service fee posted through the bank account too: journal-only
            led.book(jday, fee, OUT, erp_name, f"支付{erp_name}平台服务费", "platform-fee")

    def pos(self, day: dt.date, stores: list[str]) -> None:
        """银联 settles day T's card sales net of 0.6% on T+1, per store (1:1) or all stores in one credit (1:N);
        weekend sales arrive on the next working day, booked day by day."""
        r, led = self.r, self.led
        settle_day = self.shift(day, 1)
        if not self.in_range(settle_day):
            return
        sale_days = [day] + [day + dt.timedelta(days=k) for k in range(1, (settle_day - day).days)]
        merged = r.random() < 0.3
        entries: list[tuple[str, dt.date, Decimal]] = []
        for store in stores:
            for d in sale_days:
                gross = W.cents(r, 1500, 30000)
                entries.append((store, d, gross - (gross * Decimal("0.006")).quantize(W.CENT)))
        groups = [entries] if merged else [[e] for e in entries]
        for g in groups:
            total = sum((a for *_, a in g), Decimal(0))
            tag = "pos-merged" if len(g) > 1 else "pos"
            b = led.bank(
                "CMB", settle_day, total, IN, "pos", W.POS_PARTY[0], r.choice(("", "商户结算", "POS清算款")), tag
            )
            js = [
                led.book(
                    self.book_day(d, "receipt"),
                    a,
                    IN,
                    W.POS_PARTY[1] if r.random() < 0.5 else "",
                    f"收{store}{d.month}月{d.day}日POS刷卡款",
                    tag,
                    settle="POS",
                )  # fmt: skip
                for store, d, a in g
            ]
            led.truth([b], js)

    # -- bills (银行承兑汇票) ---------------------------------------------------------------------------------------
    def bill(self, day: dt.date) -> None:
        r, led = self.r, self.led
        no = W.bill_no(r)
        face = Decimal(r.choice((50000, 100000, 100000, 200000, 300000, 500000, 86000, 150000))).quantize(W.CENT)
        doc = no if r.random() < 0.7 else ""
        kind = r.random()
        if kind < 0.45:  # discounted at the bank before maturity: the net of the discount interest
            days = r.randint(30, 180)
            net = face - (face * Decimal("0.016") * days / 360).quantize(W.CENT)
            b = led.bank("CCB", day, net, IN, "discount", W.OWN, f"票据贴现 {no}" if r.random() < 0.3 else "", "bill-discount",
                         ref=no)  # fmt: skip
            summary = "银行承兑汇票贴现" + ("" if doc else f" 票号{no[-8:]}")
            j = led.book(self.book_day(day, "receipt"), net, IN, "", summary, "bill-discount", settle="银行承兑汇票",
                         doc=doc)  # fmt: skip
        elif kind < 0.8:  # collected at maturity: the face
            p = self.customer()
            b = led.bank(
                "CCB", day, face, IN, "collect", r.choice(("", W.OWN, p.full[:20])), "", "bill-collect", ref=no
            )
            jcp, name, _ = W.book_name_form(r, p)
            j = led.book(self.book_day(day, "receipt"), face, IN, jcp, f"收到期银承款({name})" if name else "银承到期托收",
                         "bill-collect", settle="托收", doc=doc)  # fmt: skip
        else:  # our own bill to a supplier matures: the bank pays it out of the deposit account
            p = self.supplier()
            b = led.bank(
                "BCM", day, face, OUT, "billpay", p.full[:20] if r.random() < 0.6 else "", "", "bill-pay", ref=no
            )
            jcp, name, _ = W.book_name_form(r, p)
            j = led.book(self.book_day(day, "payment"), face, OUT, jcp, f"应付票据到期兑付{name}", "bill-pay",
                         settle="银行承兑汇票", doc=doc)  # fmt: skip
        led.truth([b], [j])
