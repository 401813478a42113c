"""The compiled per-line pass (``reconcile/engine/_columns.c`` via ``accel.py``) against the Python one.

The extension only changes how long ``match`` takes: every function here is compared with the Python code
it replaces, on tables and on generated input, and ``match`` itself is run both ways.
"""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

_ROOT = str(Path(__file__).resolve().parents[3])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from bench.engine.generator import generate  # noqa: E402
from reconcile.engine import Line, MatchGroup, accel, match  # noqa: E402
from reconcile.engine.fields import norm_refs  # noqa: E402
from reconcile.engine.normalize import _python_columns, dict_codes  # noqa: E402
from reconcile.engine.stages.documents import document_numbers  # noqa: E402


@pytest.fixture
def python_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accel, "ENABLED", False)


def test_the_extension_is_built_and_trusted() -> None:
    # `make install` builds it (setup.py); a checkout where it is missing or reads Decimals wrongly must fail here,
    # not silently run the slower pass.
    assert accel._columns is not None, "reconcile/engine/_columns.c was not built: run `make install`"
    assert accel._layout_ok()
    assert accel.ENABLED


@pytest.mark.parametrize(("text", "cents"), accel.DECIMAL_CHECKS)
def test_decimal_cents_table(text: str, cents: int | None) -> None:
    assert accel._columns.cents(Decimal(text)) == cents


@given(st.decimals(allow_nan=True, allow_infinity=True, places=None))
def test_decimal_cents_agree_with_decimal_arithmetic(value: Decimal) -> None:
    got = accel._columns.cents(value)
    if got is not None:  # the extension may decline (then the Python pass runs); when it answers it is exact
        assert Decimal(got) == value * 100
        assert got > 0


class _SubDecimal(Decimal):
    pass


@pytest.mark.parametrize("amount", [100, 1.5, "1.50", _SubDecimal("1.50"), None])
def test_decimal_cents_declines_other_types(amount: object) -> None:
    assert accel._columns.cents(amount) is None


REF_CASES = [
    "0012 34",
    "No.12345",
    "no.000123",
    "记-0123",
    "支票号00123",
    "支票号001234",
    "支票001234",
    "票号-0000012345",
    "凭证号：0012",
    "流水号 A0012",
    "业务编号2026-001",
    "交易流水0001",
    "abc-def",
    "A0012",
    "NO",
    "REF",
    "REF0001",
    "Ref-00012345",
    "１２３４５６",
    "ＡＢＣ1234",
    "ß1234",
    "Ελλάδα1234",
    "12\u300034",
    "12，345，678",
    "#0001#",
    "",
    " ",
    "0000",
    "00001234",
    "x",
    "转账支票 10234567",
    "123\t\r\n456",
    "\\/..::__--",
    "CHQ001700",
    "Cheque No. 001700",
    "CHECK#0001234",
    "支票號001700",
    "票號 12345678",
    "CHQ",
    "CHECKOUT55",
]


@pytest.mark.parametrize("raw", REF_CASES)
def test_reference_normaliser_table(raw: str) -> None:
    got = accel._columns.norm_ref(raw)
    expected = norm_refs([raw])[0] if raw else ""
    assert got is None or got == expected  # None: left to Python (characters outside ASCII/CJK)


_REF_ALPHABET = st.sampled_from(
    list("0123456789aAbBzZnNoOrReEfF -_/\\.:#,\t")
    + [
        "\u3000",
        "：",
        "，",
        "支",
        "票",
        "号",
        "凭",
        "证",
        "流",
        "水",
        "记",
        "１",
        "Ａ",
        "ß",
        "é",
        "业",
        "务",
        "编",
        "交",
        "易",
        "NO",
        "REF",
        "CHQ",
        "CHECK",
        "CHEQUE",
        "號",
    ]
)


@given(st.lists(_REF_ALPHABET, max_size=14).map("".join))
def test_reference_normaliser_agrees_with_python(raw: str) -> None:
    got = accel._columns.norm_ref(raw)
    if raw and got is not None:
        assert got == norm_refs([raw])[0]
    if raw and all(c < "\x80" or "\u4e00" <= c <= "\u9fff" or c in "\u3000：，" for c in raw):
        assert got is not None  # the simple set is always handled in C


@given(st.lists(st.text(alphabet=st.characters(min_codepoint=1, max_codepoint=127), max_size=9), unique=True))
def test_id_keys_sort_like_the_strings(ids: list[str]) -> None:
    keys = accel.id_keys(ids)
    assert keys is not None
    assert [ids[i] for i in np.argsort(keys, kind="stable")] == sorted(ids)


@given(
    st.text(alphabet=st.characters(min_codepoint=1, max_codepoint=127), max_size=12),
    st.lists(st.text(alphabet=st.characters(min_codepoint=1, max_codepoint=127), max_size=9), unique=True),
)
def test_id_keys_leave_out_the_prefix_all_ids_share(prefix: str, tails: list[str]) -> None:
    # Longer ids than 9 characters are ordered when all of them start alike (G000000001 ... G001021697).
    ids = [prefix + tail for tail in tails]
    keys = accel.id_keys(ids)
    assert keys is not None
    assert [ids[i] for i in np.argsort(keys, kind="stable")] == sorted(ids)


@pytest.mark.parametrize(
    "ids", [["b1", "c1234567890"], ["b1", "é"], ["b1", "a\x00"], ["b1", "b1\x00"], ["b1", 7], ["x" * 12, "y" * 12]]
)
def test_id_keys_decline_what_they_cannot_order(ids: list) -> None:
    assert accel.id_keys(ids) is None


@given(
    st.lists(
        st.sampled_from(
            ["0", "1", "9", "0", "INV", "-", " ", "#", "a", "Z", "00", "０", "７", "ＩＮＶ", "付", "é", "٣"]
        ),
        max_size=30,
    ).map("".join)
)
def test_document_numbers_in_c_agree_with_python(text: str) -> None:
    (got,) = accel._columns.doc_numbers([text])
    if got is not None:
        assert got == document_numbers(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SVWZ+RE 2024-00123 INV-00937 00012345", ["2024", "123", "937", "12345"]),
        ("EREF+E2E0000 12 0000 1234", ["1234"]),
        ("", []),
        ("INV 430", None),  # a run of three digits: only after an invoice word, which Python's regex reads
        ("Zahlung 1234 MÜLLER", ["1234"]),
        (
            "ＩＮＶ２４５４９ 付款 ０００９８７６",
            ["24549", "9876"],
        ),  # full-width digits, as the Python function translates them
        ("٣٣٣٣ 12", []),  # other scripts' digits are no document number
    ],
)
def test_document_numbers_in_c_leave_python_the_short_ones(text: str, expected: list[str] | None) -> None:
    assert accel._columns.doc_numbers([text]) == [expected]
    if expected is not None:
        assert document_numbers(text) == expected


@given(st.lists(st.sampled_from(["", "a", "b", "恒瑞", "ab", "a" * 30, "B"]), max_size=60), st.booleans())
def test_first_seen_is_exact_even_when_hashes_collide(values: list[str], collide: bool) -> None:
    hashes = np.zeros(len(values), np.int64) if collide else np.fromiter(map(hash, values), np.int64, len(values))
    codes, distinct = accel.first_seen(hashes, values)
    expected_codes, expected_distinct = dict_codes(values)
    assert codes.tolist() == expected_codes.tolist()
    assert distinct == expected_distinct


def test_pair_groups_match_the_python_construction() -> None:
    bank_ids, journal_ids = ["b0", "b1", "b2"], ["j0", "j1"]
    b, j = np.array([2, 0]), np.array([0, 1])
    got = accel.pair_groups(MatchGroup, bank_ids, journal_ids, b, j, "rule", [0.5, 1.0], iter([("x",), ("y", "z")]))
    assert got == [
        MatchGroup(("b2",), ("j0",), "rule", 0.5, ("x",)),
        MatchGroup(("b0",), ("j1",), "rule", 1.0, ("y", "z")),
    ]
    assert all(type(g) is MatchGroup for g in got)
    with pytest.raises(IndexError):
        accel.pair_groups(MatchGroup, bank_ids, journal_ids, np.array([3]), np.array([0]), "r", [1.0], [()])
    with pytest.raises(ValueError):
        accel.pair_groups(MatchGroup, bank_ids, journal_ids, b, j, "r", [1.0], [(), ()])


def _line(i: int, **kw: object) -> Line:
    base = dict(
        id=f"b{i}",
        date=dt.date(2026, 10, 1 + i % 28),
        amount=Decimal("12.30"),
        direction="in",
        reference=f"No.{i:06d}",
        counterparty="上海恒瑞贸易有限公司",
        text="货款",
    )
    base.update(kw)
    return Line(**base)  # type: ignore[arg-type]


def _columns_equal(a: accel.Columns, b: accel.Columns) -> None:
    for name in accel.Columns._fields:
        x, y = getattr(a, name), getattr(b, name)
        assert list(x) == list(y), name


def test_columns_equal_the_python_pass_on_generated_data() -> None:
    case = generate(2000, seed=5)
    for lines in (case.bank, case.journal):
        fast = accel.fast_columns(lines, {}, case.calendar.ordinal)
        assert fast is not None
        _columns_equal(fast, _python_columns(lines, "bank", case.calendar.ordinal, {}))


@pytest.mark.parametrize(
    "bad",
    [
        {"amount": Decimal("1.005")},
        {"amount": Decimal("0")},
        {"amount": Decimal("-5")},
        {"amount": 5},
        {"amount": Decimal("NaN")},
        {"direction": "IN"},
        {"direction": None},
        {"date": "2026-10-01"},
        {"date": None},
        {"counterparty": ["unhashable"]},
        {"reference": 12345},
    ],
)
def test_columns_leave_unusual_lines_to_the_python_pass(bad: dict) -> None:
    lines = [_line(i) for i in range(5)] + [_line(5, **bad)]
    assert accel.fast_columns(lines, {}, dt.date.toordinal) is None


def test_columns_leave_a_calendar_error_to_the_python_pass() -> None:
    def day_of(day: dt.date) -> int:
        raise LookupError("year not loaded")

    assert accel.fast_columns([_line(1)], {}, day_of) is None


def test_unusual_reference_characters_are_normalised_by_python() -> None:
    lines = [_line(1, reference="ＡＢＣ-0001234"), _line(2, reference="ß-99999"), _line(3, reference="记-0123")]
    fast = accel.fast_columns(lines, {}, dt.date.toordinal)
    assert fast is not None
    assert list(fast.nref) == list(norm_refs([line.reference for line in lines]))
    assert fast.ref_hash.tolist() == [hash(r) for r in fast.nref if r]


@pytest.mark.parametrize(("n", "seed"), [(3000, 11), (1500, 2)])
def test_match_gives_the_same_result_with_and_without_the_extension(
    n: int, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = generate(n, seed=seed)
    fast = match(case.bank, case.journal, window_days=3, calendar=case.calendar)
    monkeypatch.setattr(accel, "ENABLED", False)
    slow = match(case.bank, case.journal, window_days=3, calendar=case.calendar)
    assert fast.groups == slow.groups and fast.suggestions == slow.suggestions
    assert fast.groups  # the comparison is not between two empty results


@pytest.mark.usefixtures("python_only")
def test_errors_are_the_python_pass_errors_either_way() -> None:
    bad = [_line(1), _line(2, amount=Decimal("1.005"))]
    with pytest.raises(ValueError, match="'b2': amount"):
        match(bad, [_line(3, id="j3")])


def test_errors_name_the_line_with_the_extension_too() -> None:
    bad = [_line(1), _line(2, amount=Decimal("1.005"))]
    with pytest.raises(ValueError, match="'b2': amount"):
        match(bad, [_line(3, id="j3")])
    with pytest.raises(ValueError, match="duplicate bank line id 'b1'"):
        match([_line(1), _line(1)], [_line(3, id="j3")])


@pytest.mark.parametrize("collide", [False, True])
def test_first_seen_grows_its_table_exactly(collide: bool) -> None:
    values = [f"户名{i * 7919 % 3001}" for i in range(9000)]  # 3,001 distinct: the table grows twice
    hashes = np.fromiter((hash(v) % 5 if collide else hash(v) for v in values), np.int64, len(values))
    codes, distinct = accel.first_seen(hashes, values)
    expected_codes, expected_distinct = dict_codes(values)
    assert codes.tolist() == expected_codes.tolist() and distinct == expected_distinct
