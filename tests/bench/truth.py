"""What every benchmark data set's truth must be, whichever generator wrote it."""

from __future__ import annotations

from bench.engine.generator import Case


def assert_truth_sound(case: Case) -> None:
    """Ids are unique per side; each true group refers to real lines, shares none with another group, is named by its
    shape (1:1, 1:N, N:1), balances to the cent and keeps one direction (fees inside the booked nets, never a line)."""
    bank = {b.id: b for b in case.bank}
    journal = {j.id: j for j in case.journal}
    assert len(bank) == len(case.bank) and len(journal) == len(case.journal)
    seen_b: set[str] = set()
    seen_j: set[str] = set()
    for b_ids, j_ids, kind in case.truth:
        assert b_ids and j_ids
        assert set(b_ids) <= bank.keys() and set(j_ids) <= journal.keys()
        assert not seen_b & set(b_ids) and not seen_j & set(j_ids)
        seen_b |= set(b_ids)
        seen_j |= set(j_ids)
        assert kind == {(1, 1): "1:1"}.get((len(b_ids), len(j_ids)), "1:N" if len(b_ids) == 1 else "N:1")
        assert sum(bank[b].amount for b in b_ids) == sum(journal[j].amount for j in j_ids)
        assert len({bank[b].direction for b in b_ids} | {journal[j].direction for j in j_ids}) == 1
