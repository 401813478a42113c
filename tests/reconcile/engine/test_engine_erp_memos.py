"""What a fourth independent data set (``bench/engine/gen_fourth.py``: an English-language ERP beside Chinese bank
lines) showed the engine missing: Latin names written only in ERP memos, bank abbreviations of them, Latin keywords
read inside other words, summaries of another category on two lines that name the same party or come from a payment
platform, cheques in payment runs, runs decided by their pairs on a crowded day. Each rule has the case it exists for
and a case where it must not act.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reconcile.engine import Line, MatchGroup, match
from reconcile.engine.fields import names_a_cheque, text_category
from reconcile.engine.latin import latin_core, latin_similarity
from reconcile.engine.latin_mentions import LatinDictionary, mentioned_latin

D = dt.date


def L(id: str, day: int, amount: str, direction: str = "out", ref: str = "", cp: str = "", text: str = "") -> Line:
    """Line on 2024-03-<day> (March 2024: 1st is a Friday; 2-3 and 9-10 are a weekend)."""
    return Line(id, D(2024, 3, day), Decimal(amount), direction, ref, cp, text)


def groups(result_groups: list[MatchGroup]) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    return {(g.bank_ids, g.journal_ids) for g in result_groups}


# --- Latin names in ERP memos -----------------------------------------------------------------------------------------


def test_rents_of_one_amount_are_paired_by_the_names_the_sap_memos_write() -> None:
    bank = [
        L("b1", 5, "28000.00", cp="ZENITH SOFTWARE LTD", text="IBG DEBIT"),
        L("b2", 5, "28000.00", cp="NORTHGATE SVCS", text="FAST PAYMENT"),
        L("b3", 6, "28000.00", cp="ORCHARD TOOLING HLDGS", text="OUTWARD TT"),
    ]
    journal = [  # SAP line item texts: no name column
        L("j1", 4, "28000.00", ref="1500372411", text="KZ NORTHGATE SERVICES"),
        L("j2", 4, "28000.00", ref="1500372412", text="INV-00292 ZENITH SOFTWARE LTD"),
        L("j3", 5, "28000.00", ref="1500372413", text="KZ ORCHARD TOOLING HOLDINGS "),
    ]
    result = match(bank, journal, window_days=3)
    assert groups(result.groups) == {(("b1",), ("j2",)), (("b2",), ("j1",)), (("b3",), ("j3",))}
    reasons = {g.bank_ids[0]: " ".join(g.reasons) for g in result.groups}
    assert "NORTHGATE SVCS ~ NORTHGATE SERVICES" in reasons["b2"]  # the name read from the memo, shown as compared


def test_a_unique_amount_is_not_auto_matched_when_the_memo_names_another_company() -> None:
    bank = [L("b1", 5, "7450.00", cp="FAIRVIEW PARTNERS IND", text="TELEGRAPHIC TRANSFER")]
    journal = [
        L("j1", 5, "7450.00", text="Payment: Pacific Rim Software Ltd - INV-00314"),
        L("j2", 8, "300.00", cp="Pacific Rim Software Ltd", text="Payment: Pacific Rim Software Ltd"),
    ]
    assert match(bank, journal, window_days=3).groups == []


def test_a_memo_is_read_only_for_a_name_the_run_knows_and_only_when_it_names_one_company() -> None:
    dictionary = LatinDictionary([latin_core(n) for n in ("SUMMIT FOODS LTD", "SUMMIT FREIGHT", "MARY LIN")])
    assert mentioned_latin("Bill Payment (Check) Summit Foods Ltd INV-00123", dictionary) == "SUMMIT FOODS"
    assert mentioned_latin("SALARY MAR-2025 MARY LIN", dictionary) == "MARY LIN"
    # Cut short to "SUMMIT": both Summit companies fit, so it names neither.
    assert mentioned_latin("KZ SUMMIT", dictionary) == ""
    assert mentioned_latin("Payment: Summit Foods - Summit Freight", dictionary) == ""
    assert mentioned_latin("Deposit - Undeposited Funds", dictionary) == ""
    assert mentioned_latin("付恒瑞贸易货款", dictionary) == ""


def test_bank_abbreviations_of_name_words_are_the_same_name() -> None:
    assert latin_core("Harbour International Engineering Services Ltd") == latin_core("HARBOUR INTL ENG SVCS")
    assert latin_core("Smith & Sons Trading") == latin_core("SMITH AND SONS TRDG")
    assert latin_similarity(latin_core("Keystone Holdings"), latin_core("KEYSTONE HLDGS LIMITED")) == 1.0
    assert latin_similarity(latin_core("Keystone Holdings"), latin_core("Kingsley Holdings")) < 0.8


# --- Latin keywords of summary categories ---------------------------------------------------------------------------


def test_a_latin_category_word_counts_only_as_a_word() -> None:
    assert text_category("Deposit - Undeposited Funds") == ""  # POS inside DEPOSIT
    assert text_category("CHEQUE DEPOSIT") == ""
    assert text_category("PURPOSE: GOODS") == ""
    assert text_category("POS 0012 SETTLEMENT") == "pos"
    assert text_category("POS清算") == "pos"
    assert text_category("WIRE FEES") == "fee"
    assert text_category("COFFEE SUPPLIES") == ""


def test_cheques_deposited_are_not_grouped_as_card_receipts_into_a_deposit_entry() -> None:
    bank = [
        L("b1", 6, "150.00", "in", cp="HORIZON GOLDEN ASIA TRDG LLC", text="CHEQUE DEPOSIT"),
        L("b2", 6, "650.00", "in", cp="KINGSLEY JUNIPER TOOLING PTE LTD", text="CHEQUE DEPOSIT"),
        L("b3", 6, "150.00", "in", cp="银联商务股份有限公司", text="银联入账"),
    ]
    journal = [L("j1", 7, "950.00", "in", text="Deposit - Undeposited Funds")]
    assert match(bank, journal, window_days=3).groups == []


# --- summaries of another category ----------------------------------------------------------------------------------


def test_a_unique_amount_to_the_same_named_party_matches_though_the_summaries_differ() -> None:
    bank = [L("b1", 5, "266.72", cp="盐城擎劲汽车零部件有限公司", text="货款")]
    journal = [L("j1", 5, "266.72", text="盐城擎劲汽车零部件有限公司服务费")]
    result = match(bank, journal, window_days=3)
    assert groups(result.groups) == {(("b1",), ("j1",))}


def test_summaries_of_another_category_still_contradict_without_the_same_name() -> None:
    # A fee that names no one is a bank charge, not a trade payment. (A vendor's 服务费 against a nameless bank line's
    # 货款 is no contradiction when the fee names a trading partner: ``test_engine_english_erp_precision.py``.)
    bank = [L("b1", 5, "266.72", text="货款")]
    journal = [L("j1", 5, "266.72", text="手续费")]
    assert match(bank, journal, window_days=3).groups == []
    journal = [L("j1", 5, "266.72", text="盐城擎劲汽车零部件有限公司服务费")]
    bank = [L("b1", 5, "266.72", cp="芜湖坤冠纸业股份有限公司", text="货款")]
    assert match(bank, journal, window_days=3).groups == []


def test_a_platform_settlement_matches_a_goods_receipt_of_its_unique_amount() -> None:
    bank = [L("b1", 5, "5342.14", "in", cp="银联商务股份有限公司", text="银联入账")]
    journal = [L("j1", 5, "5342.14", "in", cp="坚鑫汽车零部件", text="收坚鑫汽车零部件货款")]
    assert groups(match(bank, journal, window_days=3).groups) == {(("b1",), ("j1",))}
    # The same POS wording from a named customer is the customer's own: a goods entry still contradicts it.
    bank = [L("b1", 5, "5342.14", "in", text="银联入账")]
    assert match(bank, journal, window_days=3).groups == []


# --- payment runs ---------------------------------------------------------------------------------------------------


def test_a_check_with_its_number_is_a_cheque_but_a_bill_payment_is_not() -> None:
    assert names_a_cheque("Check #003303 Horizon Keystone Services")
    assert names_a_cheque("check no. 1234")
    assert not names_a_cheque("Bill Payment (Check) Summit Foods")
    assert not names_a_cheque("CHECKPOINT SYSTEMS")


def test_a_run_whose_pair_is_unique_is_matched_on_a_day_too_crowded_for_larger_subsets() -> None:
    # 40 entries on the run's date (more than a day's search of four or five parts takes): the pair that adds up is
    # the only one among the nearest lines, and larger subsets could never be preferred to it.
    journal = [L(f"j{k:02d}", 5, f"{1000 + 37 * k}.{k:02d}") for k in range(40)]
    journal += [L("r1", 5, "12345.67"), L("r2", 5, "2222.22")]
    bank = [L("b1", 5, "14567.89", text="BULK PAYMENT")]
    result = match(bank, journal, window_days=3)
    assert groups(result.groups) == {(("b1",), ("r1", "r2"))}


def test_on_a_crowded_day_a_subset_with_two_round_amounts_or_beside_another_subset_stays_a_suggestion() -> None:
    journal = [L(f"j{k:02d}", 5, f"{1000 + 37 * k}.{k:02d}") for k in range(40)]
    # 450.00 and 1,200.00 recur across payees: any two round entries of the same total swap in for them, so the
    # triple is as likely a chance as a run. (One round amount no longer blocks since a crowded day's date is
    # searched whole: measured on the fourth generator, it kept a fifth of the runs from being matched and no
    # wrong link.)
    bank = [L("b1", 5, "13995.67", text="BULK PAYMENT")]
    round_triple = [*journal, L("r1", 5, "12345.67"), L("r2", 5, "450.00"), L("r3", 5, "1200.00")]
    result = match(bank, round_triple, window_days=3)
    assert result.groups == []
    assert (("b1",), ("r1", "r2", "r3")) in groups(result.suggestions)
    # A second subset of two or three that adds up too (here a triple): a person decides.
    bank = [L("b1", 5, "14567.89", text="BULK PAYMENT")]
    two_ways = [*journal, L("r1", 5, "12345.67"), L("r2", 5, "2222.22"), L("r3", 5, "1111.11"), L("r4", 5, "1111.11")]
    assert match(bank, two_ways, window_days=3).groups == []
