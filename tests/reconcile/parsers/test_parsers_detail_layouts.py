"""What the importer reads from the product's own detail files that it did not read before: the MT940 :86: detail
layout (counterparty, summary, serial, running balance; Chinese as Chinese Commercial Code runs) and, in camt, the
running balance of an entry and a counterparty bank given by name."""

from __future__ import annotations

from decimal import Decimal

from reconcile.parsers import parse_file

MT940 = """:20:REF1
:25:310012345678901
:28C:1/1
:60F:C261001CNY100,00
:61:2610081008C10,00NMSCNONREF//SN1
{details}
:62F:C261031CNY110,00
-
"""


def _mt940(details: str):
    [pf] = parse_file(MT940.format(details=details).encode("ascii"), "x.sta")
    return pf


def test_mt940_detail_layout_is_read_field_by_field() -> None:
    pf = _mt940(
        ":86:/BRDT/1/NAME/?0006 3189? Trading/ACCT/6222021234567890123/BANK/B\n"
        "OCOCNBJ/SUMM/?6303 2949?/REMI/PO 7/SRNO/SN1-LONGER-THAN-SIXTEEN/VCHR/V9/BALA/C110,00"
    )
    assert pf.ok, [e.message for e in pf.errors]
    [line] = pf.lines
    assert (line.counterparty_name, line.counterparty_account, line.counterparty_bank) == (
        "上海 Trading",
        "6222021234567890123",
        "BOCOCNBJ",
    )
    assert (line.summary, line.purpose, line.serial, line.voucher_no, line.balance) == (
        "货款",
        "PO 7",
        "SN1-LONGER-THAN-SIXTEEN",
        "V9",
        Decimal("110.00"),
    )


def test_mt940_detail_layout_longer_than_nine_lines_is_read_whole() -> None:
    summary = "?" + " ".join(["6303"] * 200) + "?"
    lines = [summary[i : i + 65] for i in range(0, len(summary), 65)]
    pf = _mt940(":86:/BRDT/1/SUMM/" + "\n".join(lines))
    assert pf.ok and pf.lines[0].summary == "货" * 200


def test_a_broken_detail_layout_is_refused_naming_the_field() -> None:
    pf = _mt940(":86:/BRDT/1/SUMM/?6303 2949")
    assert not pf.ok
    assert pf.errors[0].column == ":86:" and "/BRDT/1" in pf.errors[0].message


def test_mt940_without_the_marker_is_read_as_before() -> None:
    pf = _mt940(":86:/NAME/Jan Jansen/REMI/?0022?")
    assert pf.ok and pf.lines[0].summary == "/NAME/Jan Jansen/REMI/?0022?" and pf.lines[0].balance is None


CAMT = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><GrpHdr><MsgId>M</MsgId>
<CreDtTm>2026-11-01T00:00:00</CreDtTm></GrpHdr><Stmt><Id>S</Id><Acct><Id><Othr><Id>310012345678901</Id></Othr></Id>
<Ccy>CNY</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="CNY">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
<Dt><Dt>2026-10-01</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="CNY">90.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
<Dt><Dt>2026-10-31</Dt></Dt></Bal>
<Ntry><Amt Ccy="CNY">10.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-10-08</Dt></BookgDt>
<BkTxCd><Prtry><Cd>NMSC</Cd></Prtry></BkTxCd><NtryDtls><TxDtls><Refs><Prtry><Tp>BALANCE AFTER ENTRY</Tp>
<Ref>{balance}</Ref></Prtry></Refs><RltdAgts><CdtrAgt><FinInstnId><Nm>中国工商银行上海分行</Nm></FinInstnId></CdtrAgt>
</RltdAgts><RmtInf><Ustrd>{purpose}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry></Stmt></BkToCstmrStmt></Document>
"""


def test_camt_entry_balance_bank_name_and_long_purpose_are_read() -> None:
    purpose = "甲" * 140 + "</Ustrd><Ustrd>" + "乙" * 110  # two Ustrd: 251 characters as read, a bank line stores 300
    [pf] = parse_file(CAMT.format(balance="90.00", purpose=purpose).encode(), "x.xml")
    assert pf.ok
    [line] = pf.lines
    assert (line.balance, line.counterparty_bank) == (Decimal("90.00"), "中国工商银行上海分行")
    assert line.purpose == "甲" * 140 + " " + "乙" * 110


def test_camt_unreadable_entry_balance_is_refused() -> None:
    [pf] = parse_file(CAMT.format(balance="ninety", purpose="x").encode(), "x.xml")
    assert not pf.ok and "BALANCE AFTER ENTRY" in pf.errors[0].column
