"""Importing bank statements and ERP journals: the steps in order are listed in ``pipeline``.

The public services, for ``from reconcile.services.imports import ...``. The modules of the package import each other
by their own names (``reconcile.services.imports.pipeline``), never this package, so that importing them never runs
in a circle; the opening outstanding items entered in the workbench are ``reconcile.services.imports.opening``.
"""

from __future__ import annotations

from reconcile.services.imports.pipeline import import_file, import_process, import_push, import_start
from reconcile.services.imports.receive import import_receive
from reconcile.services.imports.refusal import MAX_ERRORS_SHOWN, DuplicateFile, Refusal
from reconcile.services.imports.sources import (
    ADDING_SOURCES,
    BATCH_SOURCES,
    OPENING,
    OPENING_ENTRY,
    PUSH,
    PUSH_FILENAME,
)

__all__ = [
    "ADDING_SOURCES",
    "BATCH_SOURCES",
    "MAX_ERRORS_SHOWN",
    "OPENING",
    "OPENING_ENTRY",
    "PUSH",
    "PUSH_FILENAME",
    "DuplicateFile",
    "Refusal",
    "import_file",
    "import_process",
    "import_push",
    "import_receive",
    "import_start",
]
