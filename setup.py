"""The compiled parts of the matching engine: its per-line pass (``reconcile/engine/_columns.c``, and
``_columns_groups.c`` for the groups built from its columns, ``_columns_find.c`` for a word's places in a text;
``_columns.h`` is what they share) and the bounded
subset-sum search of batches and payment runs (``reconcile/engine/_subsets.c``, and ``_subsets_runs.c`` for the
payment-run search over it, ``_subsets_window.c`` for a run's whole window; ``_subsets.h`` is what the three share).

Everything else is declared in ``pyproject.toml``. The engine works without the extension (the same
pass in Python, slower at a million lines); ``tests/reconcile/engine/test_columns_c.py`` fails when it
was not built, so ``make test`` proves it is.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "reconcile.engine._columns",
            sources=[
                "reconcile/engine/_columns.c",
                "reconcile/engine/_columns_groups.c",
                "reconcile/engine/_columns_find.c",
            ],
            depends=["reconcile/engine/_columns.h"],
            extra_compile_args=["-O2", "-Wall", "-Werror=implicit-function-declaration"],
        ),
        Extension(
            "reconcile.engine._subsets",
            sources=[
                "reconcile/engine/_subsets.c",
                "reconcile/engine/_subsets_runs.c",
                "reconcile/engine/_subsets_window.c",
            ],
            depends=["reconcile/engine/_subsets.h"],
            extra_compile_args=["-O2", "-Wall", "-Werror=implicit-function-declaration"],
        ),
    ]
)
