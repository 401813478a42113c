"""More files in the shapes of public sample exports the parsers had not seen (open-source importers' test data:
OCA/bank-statement-import, deb-sig/double-entry-generator, redstreet/beancount_reds_importers, jseutter/ofxparse).
Nothing is copied: each file is written here in the source's shape, with names, numbers and amounts made up; the
docstrings name the file whose shape it is."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from reconcile.parsers import ParseError, parse_file

pytestmark = pytest.mark.usefixtures("english")  # the messages asserted on are the English ones


def _ofx(body: str) -> bytes:
    head = (
        "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\n"
        "COMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n"
    )
    return (
        head + "<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS>"
        "<DTSERVER>20261101080000<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1>" + body + "</OFX>"
    ).encode()


_OFX_BANK = (
    "<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS><STMTRS><CURDEF>CNY"
    "<BANKACCTFROM><BANKID>102100099996<ACCTID>6222020200112233445<ACCTTYPE>CHECKING</BANKACCTFROM>"
    "<BANKTRANLIST><DTSTART>20261001000000[+8:CST]<DTEND>20261031235959.000[+8:CST]"
    "<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20261001003000[+8:CST]<TRNAMT>1200.00<FITID>A1<NAME>Shanghai Hengda Trading"
    "</STMTTRN>"
    "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20261015073000[+8:CST]<TRNAMT>-35.50<FITID>A2<NAME>Card fee</STMTTRN>"
    "</BANKTRANLIST><LEDGERBAL><BALAMT>5164.50<DTASOF>20261031235959[+8:CST]</LEDGERBAL></STMTRS></STMTTRNRS>"
    "</BANKMSGSRSV1>"
)
_OFX_EMPTY_CARD = (
    "<CREDITCARDMSGSRSV1><CCSTMTTRNRS><TRNUID>2<STATUS><CODE>0<SEVERITY>INFO</STATUS><CCSTMTRS><CURDEF>CNY"
    "<CCACCTFROM><ACCTID>6258091122334455</CCACCTFROM><BANKTRANLIST></BANKTRANLIST>"
    "<LEDGERBAL><BALAMT>-562.00<DTASOF>20261031</LEDGERBAL></CCSTMTRS></CCSTMTTRNRS></CREDITCARDMSGSRSV1>"
)


def test_an_ofx_date_is_the_day_the_bank_wrote_not_the_day_in_utc() -> None:
    """ofxparse turned 20261001003000[+8:CST] into UTC: the booking landed on 30 September, and a statement ending
    20130831165153[-8:PST] (OCA/bank-statement-import, account_statement_import_ofx/tests/test_ofx_file/test_ofx.ofx)
    on 1 September."""
    [pf] = parse_file(_ofx(_OFX_BANK), "download.ofx")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.booking_date, ln.direction, ln.amount) for ln in pf.lines] == [
        (date(2026, 10, 1), "in", Decimal("1200.00")),
        (date(2026, 10, 15), "out", Decimal("35.50")),
    ]
    assert (pf.period_start, pf.period_end) == (date(2026, 10, 1), date(2026, 10, 31))


def test_an_empty_account_beside_one_with_transactions_is_left_out_not_the_whole_file() -> None:
    """A bank's download of every account (OCA's test_ofx.ofx: a current account's transactions and a card account
    with none and an undated balance) was refused whole, naming the empty card account: nothing could be imported."""
    [pf] = parse_file(_ofx(_OFX_BANK + _OFX_EMPTY_CARD), "download.ofx")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.account_number, len(pf.lines)) == ("6222020200112233445", 2)
    assert [str(w) for w in pf.warnings] == [
        "the OFX statement of account 6258091122334455 in the same file has no transactions and no dated opening "
        "and closing balances: it was left out"
    ]


def test_a_file_of_empty_accounts_only_is_still_nothing_to_import() -> None:
    with pytest.raises(ParseError) as refused:
        parse_file(_ofx(_OFX_EMPTY_CARD), "download.ofx")
    assert refused.value.code == "no_transactions"
    assert "6258091122334455" in refused.value.message
