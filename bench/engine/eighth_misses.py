"""Which truths the engine gets wrong on the eighth data set, by shape: a diagnostic, not a benchmark.

    .venv/bin/python -m bench.engine.eighth_misses --n 20000 --seeds 801 802 --top 12 --examples 1

As ``seventh_misses`` (whose loop this follows): the scenario of each line is the generator's own tag
(``gen_eighth.build``); the name evidence is read the mainland way (简称 inside the legal name, a cut name, a name
only in the journal's 摘要). A **wrong group**: an auto-accepted group with a link outside the truth, shaped by rule, size and the
tags of its lines. A **missed truth**: a true group not auto-matched exactly, shaped by kind, scenario, how the two
sides name the party, whether its amount is shared nearby, the date gap (or twins: the same amount on the same day on
both sides, which dates cannot separate), and what became of its lines.
"""

from __future__ import annotations

import re

from reconcile.engine import Line

from . import gen_eighth
from .seventh_misses import report

_FORM = re.compile(r"(股份有限公司|有限责任公司|有限公司|[（(].*?[）)]|分公司)")


def _core(name: str) -> str:
    return _FORM.sub("", name)


def names(b: Line, j: Line) -> str:
    """How the two sides name the party: the shape of the name evidence, not a similarity."""
    if not b.counterparty:
        return "bank no party"
    bc, jc = b.counterparty, j.counterparty
    if not jc:
        core = _core(bc)[2:]  # past the city
        named = any(core[k : k + 2] in j.text for k in range(len(core) - 1))
        return "journal name in 摘要" if named else "journal no party"
    if bc == jc:
        return "same name"
    if _core(bc) == _core(jc) or bc.startswith(jc) or jc.startswith(bc):
        return "same name but form/branch/cut"
    if jc in bc:
        return "journal 简称 inside bank name"
    if len(bc) == len(jc) and sum(x != y for x, y in zip(bc, jc, strict=True)) == 1:
        return "one character off"
    return "different names"


def main() -> None:
    report(gen_eighth.build, names, 801, __doc__ or "")


if __name__ == "__main__":
    main()
