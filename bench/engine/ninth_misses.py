"""Which truths the engine gets wrong on the ninth data set, by shape: a diagnostic, not a benchmark.

    .venv/bin/python -m bench.engine.ninth_misses --n 20000 --seeds 901 --examples 1

The scenario of each line is the generator's own tag (``gen_ninth.build``). A **wrong link**: an auto-accepted
(bank, journal) link outside the truth, by the two lines' tags and the rule. A **missed truth**: a true group not
auto-matched exactly, by kind and tags; for a missed 1:1 pair also whether it lies beyond the window, how the bank
names the party (a name, a bare account number, nothing), whether the entry names it in its counterparty column,
whether another line of the amount lies within 30 working days, and whether either line was taken by another group.
"""

from __future__ import annotations

from . import gen_ninth, tagged_misses

if __name__ == "__main__":
    tagged_misses.main("ninth", gen_ninth.build, __doc__.split("\n\n")[0], 901)
