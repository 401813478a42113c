"""The tabular-import framework every uploaded table uses (agreements, balances, the working-day calendar): read the
file into rows by its header (`read_table`), collect what is wrong in one shape (`Problems` of `Problem`s, capped at
`MAX_ERRORS`) and refuse the whole file with them (`RowsRefused`), so a person fixes it in one pass.

A new table import: its aliases and required columns, a loop over `read_table`'s rows reporting to `Problems`, then
`raise_if_any()` before writing anything (see statements/services/balances.py).
"""

from core.tabular.problems import MAX_ERRORS, Problem, Problems, RowsRefused, column_label
from core.tabular.table import Aliases, CellReader, Required, TableRow, read_table, use_reader

__all__ = [
    "MAX_ERRORS",
    "Aliases",
    "CellReader",
    "Problem",
    "Problems",
    "Required",
    "RowsRefused",
    "TableRow",
    "column_label",
    "read_table",
    "use_reader",
]
