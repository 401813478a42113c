"""One orientation of the batch stage: a ``one`` side and a ``many`` side."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..normalize import Side
from ..state import State


class View(NamedTuple):
    """``one`` side has the single line, ``many`` the parts."""

    one: Side
    many: Side
    one_free: np.ndarray
    many_free: np.ndarray
    one_is_bank: bool


def view(st: State, one_is_bank: bool) -> View:
    if one_is_bank:
        return View(st.bank, st.journal, st.bank_free, st.journal_free, True)
    return View(st.journal, st.bank, st.journal_free, st.bank_free, False)


def take(st: State, v: View, one: int, many: list[int], rule: str, score: float, reasons: tuple[str, ...]) -> None:
    if v.one_is_bank:
        st.take([one], many, rule, score, reasons)
    else:
        st.take(many, [one], rule, score, reasons)


def suggest(st: State, v: View, one: int, many: list[int], rule: str, score: float, reasons: tuple[str, ...]) -> None:
    if v.one_is_bank:
        st.suggest([one], many, rule, score, reasons)
    else:
        st.suggest(many, [one], rule, score, reasons)
