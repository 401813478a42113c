"""Balances of the books: the one home in reconcile for where a stored statement history does not join up and for
the balance at a day (issue 21, item 7).

* ``checkpoints``: the arithmetic, pure (no ORM; an import contract in pyproject.toml holds it so): checkpoints,
  movements and coverage in; breaks, unchecked months and the balance at a day out. Table-driven tests run it bare.
* ``reads``: the queries that feed it from the stored imports (checkpoints, daily movements, what the files cover),
  the sentences that describe a break to the accountant, and the balance on a day as the bank's own lines state it.
  Read-only; the checkpoints themselves are written by the import (reconcile.services.imports.checkpoints).

One package rather than the arithmetic on its own and its reads under reconcile.selectors: the reads build the
arithmetic's inputs (Checkpoint, Movements, Coverage) and put its results (Break, Hole) into words, so the two change
together, and a reader looking for "why does the table say a statement is missing" finds both in one place. The
layers stay apart as modules: the pure one imports nothing of Django, and nothing here writes.

What does not live here, and why: the period-end balances of the core banking feed and their corrections
(statements.services.balances, loaded by ``manage.py import_balances``) are statements' own records (PeriodBalance,
BalanceCorrection) and writes, in the layer above; reconcile may not import them. Publishing asks this package for a
balance only where the feed has none (``reads.bank_balance_on``).

The package imports none of its modules, so importing the pure one does not load the ORM: import the module
(``from reconcile.balances.reads import table_notices``).
"""
