"""Rules for data the engine was not tuned on: Latin-script names, document numbers in texts, payment runs.

Each evidence rule has the case it exists for and a case where it must not match (a false match it could make).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reconcile.engine import Line, MatchGroup, match
from reconcile.engine.fields import batch_marker
from reconcile.engine.latin import latin_core
from reconcile.engine.names import name_similarity
from reconcile.engine.stages.documents import document_numbers

D = dt.date


def L(id: str, day: int, amount: str, direction: str = "out", ref: str = "", cp: str = "", text: str = "") -> Line:
    """Line on 2024-03-<day> (March 2024: 1st is a Friday; 2-3 and 9-10 are a weekend)."""
    return Line(id, D(2024, 3, day), Decimal(amount), direction, ref, cp, text)


def groups(result_groups: list[MatchGroup]) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    return {(g.bank_ids, g.journal_ids) for g in result_groups}


# --- Latin-script names ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "journal_name, bank_name, low, high",
    [
        ("Müller Logistik GmbH", "MUELLER LOGISTIK", 1.0, 1.0),  # upper-case, umlaut spelt out, legal form dropped
        ("Müller Logistik GmbH", "MULLER LOGISTIK GMBH", 1.0, 1.0),  # umlaut stripped
        ("Ward & Korhonen GmbH", "WARD KORHONEN GMBH & CO. KG", 1.0, 1.0),  # & and a longer legal form
        ("Wiśniewski Holding Sp. z o.o.", "WISNIEWSKI HOLDING SP", 1.0, 1.0),  # spaced legal form, cut short
        ("Logistik Müller GmbH", "MUELLER LOGISTIK", 0.95, 0.95),  # words swapped
        ("de Vries Redwood Bau Sp. z o.o.", "DE VRIES REDWOOD B", 0.9, 0.9),  # cut at 18 characters
        ("Andersson Baltic KG", "Andersson naltic", 0.9, 0.9),  # one-letter typo
        ("Cooper Acme Energy S.p.A.", "COOPER CME ENERGY S.P.A.", 0.9, 0.9),  # one letter missing
        ("Acme Trading GmbH", "Apex Trading GmbH", 0.5, 0.79),  # another company: never "the same"
        ("Nordic Timber AB", "Baltic Software Oy", 0.0, 0.49),  # another company: a contradiction
        ("上海恒瑞贸易有限公司", "HENGRUI TRADING", 0.5, 0.5),  # scripts differ: no evidence either way
    ],
)
def test_latin_name_similarity(journal_name: str, bank_name: str, low: float, high: float) -> None:
    assert low <= name_similarity(journal_name, bank_name) <= high
    assert name_similarity(bank_name, journal_name) == name_similarity(journal_name, bank_name)


@pytest.mark.parametrize(
    "name, core",
    [
        ("Acme Trading GmbH", "ACME TRADING"),
        ("S.A. Nostrum S.A.", "NOSTRUM"),
        ("GmbH", "GMBH"),
        ("O'Brien & Kelly Ltd", "O BRIEN KELLY"),
    ],
)
def test_latin_core(name: str, core: str) -> None:
    assert latin_core(name) == core


def test_a_bank_name_in_capitals_without_legal_form_decides_a_same_amount_tie() -> None:
    bank = [L("b1", 4, "500.00", cp="MUELLER LOGISTIK"), L("b2", 4, "500.00", cp="NORDIC TIMBER")]
    journal = [L("j1", 4, "500.00", cp="Nordic Timber AB"), L("j2", 4, "500.00", cp="Müller Logistik GmbH")]
    result = match(bank, journal, window_days=3)
    assert groups(result.groups) == {(("b1",), ("j2",)), (("b2",), ("j1",))}


# --- document numbers in texts -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, numbers",
    [
        ("SVWZ+INV-1160 EREF+E2E0012345678", ["1160", "12345678"]),
        ("Receipt RE 000123456", ["123456"]),  # padding dropped
        ("合同823号", []),  # too short to identify anything
        ("F0012", []),  # short once the padding is gone
    ],
)
def test_document_numbers(text: str, numbers: list[str]) -> None:
    assert document_numbers(text) == numbers


def test_a_shared_invoice_number_matches_a_nameless_line_in_a_same_amount_cluster() -> None:
    bank = [L("b1", 4, "149.00", "in", text="SVWZ+INV-11600"), L("b2", 5, "149.00", "in", text="FACTURE INV-11640")]
    journal = [
        L("j1", 5, "149.00", "in", cp="Ward & Korhonen GmbH", text="Receipt INV-11640"),
        L("j2", 4, "149.00", "in", cp="Esposito Logistik AB", text="Receipt INV-11600"),
    ]
    result = match(bank, journal, window_days=3)
    assert groups(result.groups) == {(("b1",), ("j2",)), (("b2",), ("j1",))}
    assert all(g.rule == "reference" and any("document number" in r for r in g.reasons) for g in result.groups)


@pytest.mark.parametrize(
    "bank_texts, journal_texts, why",
    [
        # The number two journal lines share is not one document: no pair on it (a person decides the tie).
        (["INV 2024 payment", "INV 2024 payment"], ["Receipt 2024", "Receipt 2024"], "repeated number"),
        # Another company's name on the bank line: the shared number is a typo or a reused number.
        (["RE 887766"], ["Payment RE 887766"], "names contradict"),
    ],
)
def test_a_shared_number_is_not_evidence_when(bank_texts: list[str], journal_texts: list[str], why: str) -> None:
    cp_b, cp_j = ("NORDIC TIMBER AB", "Baltic Software Oy") if why == "names contradict" else ("", "")
    bank = [L(f"b{k}", 4 + k, "300.00", text=t, cp=cp_b) for k, t in enumerate(bank_texts)]
    journal = [L(f"j{k}", 4 + k, "300.00", text=t, cp=cp_j) for k, t in enumerate(journal_texts)]
    result = match(bank, journal, window_days=3)
    assert not any(any("document number" in r for r in g.reasons) for g in result.groups), why


# --- payment runs -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "网银批量支付",
        "批量转账 4笔",
        "PAYMENT RUN BATCH 2024-0312",
        "SAMMELUEBERWEISUNG",
        "Sammelüberweisung 12",
        "BULK PAYMENT 5 TXNS",
        "LOTE DE PAGOS 17",
    ],
)
def test_batch_markers(text: str) -> None:
    assert batch_marker(text)


@pytest.mark.parametrize("text", ["网银转账", "货款", "SEPA CREDIT TRANSFER", "INV 1160", ""])
def test_not_batch_markers(text: str) -> None:
    assert not batch_marker(text)


def _run(bank_text: str, extra: list[Line] | None = None) -> tuple[list[Line], list[Line]]:
    bank = [L("b_run", 6, "23711.17", text=bank_text)]
    journal = [
        L("j1", 5, "15202.04", cp="精华汇盛光电", text="支付精华汇盛光电设备款"),
        L("j2", 6, "8351.69", cp="星福力恒", text="付星福力恒运费"),
        L("j3", 4, "157.44", cp="德川豪鑫", text="付德川豪鑫服务费"),
        *(extra or []),
    ]
    return bank, journal


def test_a_payment_run_is_matched_to_the_only_subset_that_adds_up() -> None:
    bank, journal = _run("网银批量支付 业务编号294341")
    result = match(bank, journal, window_days=3)
    assert groups(result.groups) == {(("b_run",), ("j1", "j2", "j3"))}
    (g,) = result.groups
    assert g.rule == "subset_sum" and any("batch marker" in r for r in g.reasons)
    assert any("only such subset" in r for r in g.reasons)


def test_without_a_batch_marker_a_sum_of_unrelated_entries_is_not_a_match() -> None:
    bank, journal = _run("网银转账")
    assert match(bank, journal, window_days=3).groups == []


def test_two_subsets_that_add_up_are_only_suggested() -> None:
    # 15202.04 + 8351.69 + 157.44 and 15000.00 + 8554.15 + 157.02: the marker says "a batch", not which one.
    bank, journal = _run(
        "批量转账",
        [
            L("j4", 5, "15000.00", cp="恒金德祥"),
            L("j5", 6, "8554.15", cp="科恒生物"),
            L("j6", 6, "157.02", cp="蒋宇军"),
        ],
    )
    result = match(bank, journal, window_days=3)
    assert result.groups == []
    suggested = {s.journal_ids for s in result.suggestions if s.bank_ids == ("b_run",)}
    assert ("j1", "j2", "j3") in suggested and ("j4", "j5", "j6") in suggested


def test_a_journal_entry_a_bank_line_of_its_own_amount_could_claim_is_not_taken_into_a_run() -> None:
    bank, journal = _run("批量转账")
    bank.append(L("b_single", 5, "15202.04", cp="精华汇盛光电科技有限公司"))
    result = match(bank, journal, window_days=3)
    assert (("b_single",), ("j1",)) in groups(result.groups)
    assert not any(g.bank_ids == ("b_run",) for g in result.groups)


# --- aliases (the hook for accountants' rules and learned names) --------------------------------------------------


@pytest.mark.parametrize(
    "aliases, how",
    [
        (None, "left"),
        ({"支付宝（中国）网络技术有限公司": "恒瑞贸易"}, "name"),
        ({"恒瑞贸易": "中科信达"}, None),
    ],
)
def test_aliases_make_two_names_one_party(aliases: dict[str, str] | None, how: str | None) -> None:
    # Two equal receipts the same day: only the payer's name can tell them apart. Without an alias the platform's
    # receipt is matched only as what is left once the other receipt was matched by its name (stage 4b); with the
    # alias by its own name; an alias that makes both journal lines one party leaves both open.
    bank = [
        L("b1", 4, "880.00", "in", cp="支付宝（中国）网络技术有限公司"),
        L("b2", 4, "880.00", "in", cp="中科信达科技有限公司"),
    ]
    journal = [L("j1", 4, "880.00", "in", cp="恒瑞贸易"), L("j2", 4, "880.00", "in", cp="中科信达")]
    result = match(bank, journal, window_days=3, aliases=aliases)
    found = {(g.bank_ids, g.journal_ids): g for g in result.groups}
    pair = found.get((("b1",), ("j1",)))
    if how is None:
        assert pair is None
        return
    assert pair is not None
    left = any("once the others were matched by name" in r for r in pair.reasons)
    assert left is (how == "left"), pair.reasons


def test_an_alias_counts_for_the_only_pair_of_its_amount_and_its_reason_shows_the_names() -> None:
    # The only pair of its amount in the window, named unlike each other: a contradiction without the alias, one
    # party with it, matched as the unique pair and saying the names are the same party (1.00).
    bank = [L("b1", 4, "1234.56", "in", cp="ACME GMBH")]
    journal = [L("j1", 4, "1234.56", "in", cp="Globex Industries Ltd")]
    assert match(bank, journal, window_days=3).groups == []
    result = match(bank, journal, window_days=3, aliases={"ACME GMBH": "Globex Industries Ltd"})
    [group] = result.groups
    assert group.rule == "amount_date"
    assert "对方户名 counterparty ACME GMBH ~ Globex Industries Ltd 1.00" in group.reasons


# --- instalments by document number -------------------------------------------------------------------------------


def test_instalments_carrying_the_invoice_number_add_up_to_the_journal_entry() -> None:
    bank = [
        L("b1", 4, "1200.00", "in", cp="COOPER ACME ENERGY", text="F45417 TEILZAHLUNG 1"),
        L("b2", 5, "48.00", "in", text="F45417 TEILZAHLUNG 2"),
        L("b3", 6, "100.36", "in", cp="Cooper Acme Energy", text="F45417"),
    ]
    journal = [L("j1", 4, "1348.36", "in", cp="Cooper Acme Energy S.p.A.", text="Receipt F45417")]
    result = match(bank, journal, window_days=3)
    assert groups(result.groups) == {(("b1", "b2", "b3"), ("j1",))}
    assert any("document number" in r for r in result.groups[0].reasons)


@pytest.mark.parametrize("amount, other_cp", [("1348.37", ""), ("1348.36", "Nordic Timber AB")])
def test_instalments_are_not_grouped_when(amount: str, other_cp: str) -> None:
    # One cent off the total, or a payer that contradicts the journal's customer: no batch.
    bank = [
        L("b1", 4, "1200.00", "in", cp=other_cp, text="F45417 TEILZAHLUNG 1"),
        L("b2", 5, "148.36", "in", text="F45417 TEILZAHLUNG 2"),
    ]
    journal = [L("j1", 4, amount, "in", cp="Cooper Acme Energy S.p.A.", text="Receipt F45417")]
    assert match(bank, journal, window_days=3).groups == []


# --- booked outside the window -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "journal_cp, other_day, auto",
    [
        ("惠州兴豪纺织研究所", None, True),  # alone with its amount within reference_days, same party
        ("", None, False),  # no name on the journal side (nor in its summary): nothing says it is the same payment
        ("中科信达", None, False),  # another party
        ("惠州兴豪纺织研究所", 20, False),  # another journal entry of that amount within reference_days
    ],
)
def test_a_late_booking_is_matched_only_when_alone_and_named_alike(
    journal_cp: str, other_day: int | None, auto: bool
) -> None:
    bank = [L("b1", 1, "100000.00", cp="惠州兴豪纺织研究所", text="合同216号货款")]
    journal = [L("j1", 12, "100000.00", cp=journal_cp, text="支付兴豪货款" if journal_cp else "支付货款")]
    if other_day:
        journal.append(L("j2", other_day, "100000.00", cp="惠州兴豪纺织研究所"))
    result = match(bank, journal, window_days=3)
    assert ((("b1",), ("j1",)) in groups(result.groups)) is auto
    if auto:
        assert result.groups[0].rule == "amount_outside_window"


def test_a_payment_run_prefers_the_only_pair_to_larger_subsets_that_also_add_up() -> None:
    # 600.00 + 400.00 = 1000.00, and so do the four small entries of that day: a chance four among a day's
    # entries is far likelier than a chance pair, so the pair is taken and the reasons say what else added up.
    bank = [L("b_run", 6, "1000.00", text="PAYMENT RUN 7781")]
    journal = [
        L("j_a", 6, "600.00", cp="Nordic Timber AB"),
        L("j_b", 6, "400.00", cp="Baltic Software Oy"),
        L("s1", 6, "100.00", cp="Acme GmbH"),
        L("s2", 6, "200.00", cp="Vega SRL"),
        L("s3", 6, "300.00", cp="Helix BV"),
        L("s4", 6, "400.01", cp="Orion AG"),
        L("s5", 6, "399.99", cp="Zenith Oy"),
    ]
    result = match(bank, journal, window_days=3)
    assert groups(result.groups) == {(("b_run",), ("j_a", "j_b"))}
    assert any("larger subsets also add up" in r for r in result.groups[0].reasons)
