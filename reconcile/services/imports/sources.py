"""Where an import comes from (``Import.source``), as the import's steps tell the sources apart."""

from __future__ import annotations

from reconcile.models.imports import ADDING_SOURCES, OPENING_SOURCES, SOURCE_OPENING, SOURCE_OPENING_ENTRY, SOURCE_PUSH

PUSH = SOURCE_PUSH  # Import.source of a JSON batch pushed over the ERP direct link
OPENING = SOURCE_OPENING  # Import.source of a file of opening outstanding items (初始未达账, import_file --opening)
OPENING_ENTRY = SOURCE_OPENING_ENTRY  # Import.source of one opening item entered in the workbench (a JSON batch)
# Batches import_push builds (read as JSON, whatever their name); every other import is a file, read by its content.
BATCH_SOURCES = (PUSH, OPENING_ENTRY)
PUSH_FILENAME = "push.json"  # a pushed batch (not an uploaded file) is stored under this name

__all__ = [
    "ADDING_SOURCES",
    "BATCH_SOURCES",
    "OPENING",
    "OPENING_ENTRY",
    "OPENING_SOURCES",
    "PUSH",
    "PUSH_FILENAME",
]
