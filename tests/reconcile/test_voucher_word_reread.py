"""A journal stored while only its 凭证号 was read ("12"), exported again now that its 凭证字 is read with it ("记-12"):
the stored entry is the same voucher (kept, not retired and stored again, which would undo its match or refuse the
re-export); the same export's 收-12 beside it is another voucher."""

from __future__ import annotations

import pytest

from reconcile.models import ImportStatus, JournalEntry
from reconcile.services.imports import import_file

pytestmark = pytest.mark.django_db

ROW = '2026-10-08,{word}12,收货款,应收账款,转账,,"3,000.00",,借,"103,000.00"\n'


def _import(account, header: str, rows: list[str], name: str):
    data = (header + "".join(rows)).encode("gb18030")
    record = import_file(actor=None, kind="journal", data=data, filename=name, account_number=account.number)
    assert record.status == ImportStatus.DONE, record.errors
    return record


def test_a_number_stored_alone_is_the_voucher_read_with_its_word(account_a):
    number_only = "日期,凭证号,摘要,对方科目,结算方式,结算号,借方金额,贷方金额,方向,余额\n"
    _import(account_a, number_only, [ROW.format(word="")], "v1.csv")
    [before] = JournalEntry.objects.live().filter(account=account_a)
    assert before.serial == "12"

    word_and_number = "日期,凭证字,凭证号,摘要,对方科目,结算方式,结算号,借方金额,贷方金额,方向,余额\n"
    again = _import(
        account_a,
        word_and_number,
        [ROW.format(word="记,"), ROW.format(word="收,").replace("103,000.00", "106,000.00")],
        "v2.csv",
    )
    assert (again.lines_stored, again.lines_known, again.lines_removed) == (1, 1, 0)
    live = JournalEntry.objects.live().filter(account=account_a).order_by("pk")
    assert [e.pk for e in live][0] == before.pk
    assert [e.serial for e in live][1] == "收-12"


def test_an_export_without_the_word_again_keeps_the_voucher_stored_with_it(account_a):
    """The other way round: the journal was stored with its 凭证字 ("记-12") and the next export of the period comes
    from a layout without that column ("12", U8's 凭证号 alone): the same voucher, kept, not retired and stored again
    (retiring it would refuse the whole re-export once the entry is matched)."""
    word_and_number = "日期,凭证字,凭证号,摘要,对方科目,结算方式,结算号,借方金额,贷方金额,方向,余额\n"
    _import(account_a, word_and_number, [ROW.format(word="记,")], "v1.csv")
    [before] = JournalEntry.objects.live().filter(account=account_a)
    assert before.serial == "记-12"
    number_only = "日期,凭证号,摘要,对方科目,结算方式,结算号,借方金额,贷方金额,方向,余额\n"
    again = _import(account_a, number_only, [ROW.format(word="")], "v2.csv")
    assert (again.lines_stored, again.lines_known, again.lines_removed) == (0, 1, 0)
    assert [e.pk for e in JournalEntry.objects.live().filter(account=account_a)] == [before.pk]
