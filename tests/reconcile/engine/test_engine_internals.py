"""Internal building blocks of the fast engine: each must agree exactly with
the plain reference computation it replaces."""

from __future__ import annotations

import datetime as dt
import random
import sys
import unicodedata
from decimal import Decimal
from itertools import product
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

_ROOT = str(Path(__file__).resolve().parents[3])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from bench.engine.generator import generate  # noqa: E402
from reconcile.engine import Line, match, normalize  # noqa: E402
from reconcile.engine.assign import assign  # noqa: E402
from reconcile.engine.fields import norm_refs  # noqa: E402
from reconcile.engine.normalize import RefTable, Side  # noqa: E402
from reconcile.engine.score import contradicts, evidence, round_places, score_pairs  # noqa: E402
from reconcile.engine.side_names import extend_cores  # noqa: E402
from reconcile.engine.stages.components import margins  # noqa: E402

D = dt.date(2024, 3, 4)


@pytest.fixture(scope="module")
def case():  # type: ignore[no-untyped-def]
    return generate(3000, seed=11)


def test_chunked_preparation_gives_the_same_result(case, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    whole = match(case.bank, case.journal, window_days=3, calendar=case.calendar)
    monkeypatch.setattr(normalize, "CHUNK", 97)  # many chunks, odd boundaries
    chunked = match(case.bank, case.journal, window_days=3, calendar=case.calendar)
    assert chunked.groups == whole.groups and chunked.suggestions == whole.suggestions


@pytest.mark.parametrize("chunk", [1, 2, 4096])
def test_validation_reports_the_same_line_whatever_the_chunking(  # type: ignore[no-untyped-def]
    chunk: int, monkeypatch
) -> None:
    monkeypatch.setattr(normalize, "CHUNK", chunk)
    ok = [Line(f"b{k}", D, Decimal("1.00"), "in") for k in range(5)]
    # The duplicate id is reported before the bad amount that comes first in input order.
    bad_amount_then_dup = [Line("x", D, Decimal("1.005"), "in")] + ok + [Line("b1", D, Decimal(1), "in")]
    with pytest.raises(ValueError, match="duplicate bank line id 'b1'"):
        match(bad_amount_then_dup, [])
    # Direction problems come before amount problems; then the first bad amount.
    mixed = ok + [Line("amt", D, Decimal("1.005"), "in"), Line("dir", D, Decimal(1), "IN")]
    with pytest.raises(ValueError, match="'dir': direction"):
        match(mixed, [])
    # Integer amounts are whole units (valid), even mixed with Decimals.
    result = match(ok[:1] + [Line("int", D, 7, "in")], [Line("j", D, Decimal("7.00"), "in")])  # type: ignore[arg-type]
    assert [g.bank_ids for g in result.groups] == [("int",)]


def _norm_ref_plain(raw: str) -> str:
    """The reference rule written plainly, one string at a time."""
    ref = unicodedata.normalize("NFKC", raw).translate(str.maketrans("", "", " \t\r\n\u3000-_/\\.:：#,，"))
    if not ref.isdigit():
        ref = ref.upper()
        for prefix in ("NO", "REF", "支票号", "支票", "票号", "凭证号", "流水号", "业务编号", "交易流水"):
            if ref.startswith(prefix) and len(ref) > len(prefix):
                ref = ref[len(prefix) :]
                break
    if ref.isdigit():
        ref = ref.lstrip("0")
    return ref if len(ref) >= 4 else ""


def test_norm_refs_examples_and_fuzz() -> None:
    raws = ["000012345678", "1234 5678", "No.0077881234", "支票号00123456", "ab-9911x", "记-0012", "12", "", "A0012"]
    want = ["12345678", "12345678", "77881234", "123456", "AB9911X", "记0012", "", "", "A0012"]
    assert norm_refs(raws).tolist() == want
    rng = random.Random(3)
    alphabet = "0123456789 -./:：#,，\u3000NoREFrefx支票号凭证流水业务编交易记²０３ＩＮｖ－／"
    fuzz = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14))) for _ in range(20000)]
    assert norm_refs(fuzz).tolist() == [_norm_ref_plain(r) for r in fuzz]


@pytest.mark.parametrize("fake_hash", [None, lambda value: 7, len], ids=["real", "all-collide", "by-length"])
def test_hash_collisions_fall_back_to_exact_codes(case, monkeypatch, fake_hash) -> None:  # type: ignore[no-untyped-def]
    """Large inputs group references, counterparties and summaries by hash (small
    ones use dicts); grouping, and a collision's fall-back, change nothing."""
    whole = match(case.bank, case.journal, window_days=3, calendar=case.calendar)
    monkeypatch.setattr(normalize, "HASH_GROUPING_MIN", 0)  # the large-input path at this size
    if fake_hash is not None:
        monkeypatch.setattr(normalize, "hash", fake_hash, raising=False)  # shadows the builtin in the module
    colliding = match(case.bank, case.journal, window_days=3, calendar=case.calendar)
    assert colliding.groups == whole.groups and colliding.suggestions == whole.suggestions


@pytest.mark.parametrize("threshold", [0, 10**9], ids=["hash-sort", "dict"])
def test_first_seen_codes_equal_plain_interning(threshold: int, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(normalize, "HASH_GROUPING_MIN", threshold)
    rng = random.Random(5)
    for size in (0, 1, 2, 50, 3000):
        values = [
            rng.choice(["", "甲", "乙公司", "丙", "x", "丁丁"]) + str(rng.randint(0, size // 4)) for _ in range(size)
        ]
        objs = np.empty(size, dtype=object)
        objs[:] = values
        coded = normalize.first_seen_codes(np.fromiter(map(hash, values), np.int64, size), objs)
        assert coded is not None
        table: dict[str, int] = {}
        assert coded[0].tolist() == [table.setdefault(v, len(table)) for v in values]
        assert coded[1].tolist() == list(table)
    side = Side(
        [Line(f"b{k}", D, Decimal(1), "in", counterparty=c) for k, c in enumerate(["甲", "", "乙", "甲"])],
        "bank",
        dt.date.toordinal,
    )
    assert side.cp_names == ["", "甲", "乙"] and side.cp_code.tolist() == [1, 0, 2, 1]


@pytest.mark.parametrize("key_high", [10**6, 2**61])  # packed sort, and the lexsort fallback
def test_reference_order_equals_lexsort(key_high: int) -> None:
    from reconcile.engine.stages.exact import _order

    rng = np.random.default_rng(2)
    for size in (0, 1, 7, 5000):
        key = rng.integers(0, key_high, size, dtype=np.int64)
        ref = rng.integers(0, 50, size, dtype=np.int64)  # many ties
        side = rng.integers(0, 2, size).astype(np.int8)
        assert _order(key, ref, side).tolist() == np.lexsort((side, ref, key)).tolist()


def test_bulk_scores_equal_single_pair_evidence(case) -> None:  # type: ignore[no-untyped-def]
    refs = RefTable()
    bank = Side(case.bank, "bank", case.calendar.ordinal, refs)
    journal = Side(case.journal, "journal", case.calendar.ordinal, refs)
    rng = np.random.default_rng(1)
    b = rng.integers(0, len(bank), 4000)
    j = rng.integers(0, len(journal), 4000)
    dd = rng.integers(0, 4, 4000)
    bulk = score_pairs(bank, journal, b, j, dd, 3)
    for k in range(b.size):
        ev = evidence(bank, journal, int(b[k]), int(j[k]), int(dd[k]), 3, True)
        assert bulk.score[k] == ev.score
        assert bool(bulk.same_ref[k]) == ev.same_ref
        assert bool(bulk.conflict[k]) == contradicts(ev)


def test_vectorised_rounding_matches_python() -> None:
    rng = np.random.default_rng(3)
    xs = np.concatenate([rng.random(20000) * 1.4, (np.arange(2000) + 0.5) / 1e4, (np.arange(2000) + 0.5) / 1e6])
    for places in (4, 6):
        assert round_places(xs, places).tolist() == [round(v, places) for v in xs.tolist()]


def _connected(rows: int, cols: int, edges: list[tuple[int, int, float, bool]]) -> bool:
    seen, todo = {(0, 0)}, [(0, 0)]
    while todo:
        side, k = todo.pop()
        for r, c, _w, _x in edges:
            if (side, k) in ((0, r), (1, c)):
                other = (1, c) if side == 0 else (0, r)
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
    return len(seen) == rows + cols


def _exact_margins(weights: np.ndarray) -> dict[tuple[int, int], float]:
    return {(a.row, a.col): a.margin for a in assign(weights.copy())}


@pytest.mark.parametrize("seed", range(200))
def test_small_component_margins_match_assignment(seed: int) -> None:
    rng = random.Random(seed)
    rows, cols = rng.randint(1, 4), rng.randint(1, 4)
    # Weights on a 0.0001 grid, as scores are; ties happen on purpose.
    cells = [(r, c) for r, c in product(range(rows), range(cols)) if rng.random() < 0.6]
    if not cells:
        return
    weights = np.zeros((rows, cols))
    for r, c in cells:
        weights[r, c] = rng.choice([0.05, 0.1, 0.25, 0.3, 0.4, rng.randint(1, 6000) / 10000])
    used_r = sorted({r for r, _c in cells})
    used_c = sorted({c for _r, c in cells})
    weights = weights[np.ix_(used_r, used_c)]
    edges = [
        (r, c, float(weights[r, c]), True)
        for r in range(weights.shape[0])
        for c in range(weights.shape[1])
        if weights[r, c] > 0
    ]
    if not _connected(weights.shape[0], weights.shape[1], edges):
        return  # the engine only ever passes one connected component
    got = {(edges[k][0], edges[k][1]): m for k, m in margins(weights.shape[0], weights.shape[1], edges)}
    want = _exact_margins(weights)
    # Pairs the assignment reports: same margin; anything else must be 0 (never accepted).
    for pair, m in want.items():
        assert got.get(pair, 0.0) == m, (weights, pair)
    for pair, m in got.items():
        if pair not in want:
            assert m == 0.0, (weights, pair)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "手续费",
                "代发",
                "工资",
                "应收",
                "收单",
                "税",
                "POS",
                "fee",
                "Salary",
                "INTEREST",
                "货款",
                "房租",
                "社保",
                "利息",
                "银联",
                "x",
                "-",
                "DEPOSIT",
                "结息",
                "报销",
            ]
        ),
        max_size=6,
    )
)
def test_summary_category_regex_equals_the_rules(words: list[str]) -> None:
    from reconcile.engine.fields import _category_of_upper, category_by_rules

    text = "".join(words).upper()
    assert _category_of_upper(text) == category_by_rules(text)


def test_names_read_in_summaries_extend_the_derived_cores_as_deriving_them_again_would():
    """``side_names.extend_cores`` keeps the cached cores and their ids in step with names appended after they were derived
    (the mention readers), exactly as recomputing them from scratch does; platform flags read per code agree."""
    case = generate(400, seed=7)
    side = Side(case.journal, "journal", case.calendar.ordinal, RefTable())
    _ = side.cores, side.core_id  # derived before the names are read, as the readers do
    start = len(side.cp_names)
    side.cp_names.extend(["ACME TRADING GMBH", side.cp_names[1], "支付宝（中国）网络技术有限公司", "", "Acme Trading"])
    extend_cores(side, start)
    incremental = (list(side.cores), side.core_id.tolist(), list(side.core_strs))
    for cached in ("cores", "_core_ids"):
        side.__dict__.pop(cached)
    assert incremental == (side.cores, side.core_id.tolist(), side.core_strs)
    codes = np.arange(len(side.cp_names))
    flags = side.platform_of(codes).tolist()
    assert flags[start + 2] and not flags[start] and not flags[start + 3]
    assert flags == side.platform_of(codes[::-1]).tolist()[::-1]


def test_tiny_component_margins_follow_weights_not_only_shape() -> None:
    # A 2x2 cycle of four pairs, twice with the same cells: the second must not reuse the first's margins.
    cells = [(0, 0), (0, 1), (1, 0), (1, 1)]
    first = margins(2, 2, [(r, c, w, True) for (r, c), w in zip(cells, (0.5, 0.1, 0.1, 0.5))])
    second = margins(2, 2, [(r, c, w, True) for (r, c), w in zip(cells, (0.1, 0.5, 0.5, 0.1))])
    assert dict(first)[0] == 0.5 and dict(first)[1] == 0.0
    assert dict(second)[0] == 0.0 and dict(second)[1] == 0.5


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_an_ascii_name_has_the_core_of_its_upper_case_form(name: str) -> None:
    """``core_name`` reads an ASCII name as its upper-case form (one cache entry for "Acme Ltd" and "ACME LTD"):
    the core derived from the name as written is the same, with a letter (Latin) or without one."""
    from reconcile.engine import names

    assert names.core_name(name) == names._core_name(name) == names._core_name(name.upper())


def test_side_cores_apply_aliases_and_keep_an_empty_name_empty() -> None:
    from reconcile.engine.names import _core_name, core_names

    written = ["", "Acme Trading GmbH", "ACME TRADING GMBH", "恒瑞贸易有限公司", "Zenith Ltd", "ＧＬＴ Co"]
    aliases = {"Zenith Ltd": "Acme Trading GmbH", "": "Zenith Ltd"}
    expected = [_core_name(aliases.get(n, n)) if n else "" for n in written]
    assert core_names(written, aliases) == expected
    assert expected[1] == expected[2] == expected[4] and expected[0] == ""
