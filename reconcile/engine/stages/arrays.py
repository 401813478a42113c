"""Vectorised building blocks shared by the stages: range queries on sorted
int64 keys and "first k per group" selections, all over whole arrays."""

from __future__ import annotations

import numpy as np


def composite(keys: list[np.ndarray], days: list[np.ndarray], pad: int) -> list[np.ndarray]:
    """One order-preserving int64 per (key, day) across several arrays.

    ``key << bits | day - min + pad`` when that fits in 62 bits (no sort
    needed); otherwise keys are first replaced by their rank (np.unique).
    ``pad`` leaves room so that ``day +- pad`` never crosses into a
    neighbouring key.  ``days`` may be any ordered int coordinate (cents too).
    """
    all_days = np.concatenate(days)
    if all_days.size == 0:
        return [np.zeros(0, np.int64) for _ in keys]
    base = int(all_days.min()) - pad
    bits = max(1, (int(all_days.max()) - base + pad).bit_length())
    all_keys = np.concatenate(keys).astype(np.int64)
    if int(all_keys.min()) < 0 or int(all_keys.max()).bit_length() + bits > 62:
        all_keys = np.unique(all_keys, return_inverse=True)[1].reshape(-1).astype(np.int64)
    comp = (all_keys << np.int64(bits)) + (all_days - base)
    cuts = np.cumsum([k.size for k in keys])[:-1]
    return np.split(comp, cuts)


def expand_ranges(lo: np.ndarray, cnt: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For ranges [lo, lo + cnt): (index of the range, position) for every member."""
    total = int(cnt.sum())
    first = np.cumsum(cnt) - cnt
    pos = np.arange(total, dtype=np.int64) - np.repeat(first - lo, cnt)
    return np.repeat(np.arange(cnt.size, dtype=np.int64), cnt), pos


def in_ranges(sorted_keys: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All (needle, position) with ``lo[needle] <= sorted_keys[position] <= hi[needle]``."""
    first = np.searchsorted(sorted_keys, lo, "left")
    return expand_ranges(first, np.searchsorted(sorted_keys, hi, "right") - first)


def first_k(group: np.ndarray, k: int, *keys: np.ndarray) -> np.ndarray:
    """Indices of the ``k`` smallest items per ``group`` value, ordered by
    ``keys`` (most significant first); the result is sorted by group."""
    order = np.lexsort(tuple(reversed(keys)) + (group,))
    g = group[order]
    if g.size == 0:
        return order
    start = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    nth = np.arange(g.size) - np.repeat(start, np.diff(np.r_[start, g.size]))
    return order[nth < k]
