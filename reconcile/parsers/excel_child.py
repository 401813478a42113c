"""Reads a workbook with python-calamine inside a child process with a memory cap (run as a script).

Why a child: calamine builds each sheet as a dense grid, so a 5 KB workbook with one stray cell at
XFD10000 asks for ~5 GB, and a damaged .xls record can make it allocate many GB from a bogus size;
Rust aborts the whole process when an allocation fails. In a child under RLIMIT_AS that abort ends
only the child, the upload is refused with a reason, and the web or Celery worker lives on.

Self-contained on purpose (stdlib + python_calamine only): it is started with ``python -I`` so it
never imports Django or the project. Protocol: stdin = the workbook bytes; argv = memory cap in MB,
row cap, sheet name or ""; stdout = one pickle, ("ok", [(name, rows, merged, height)]) or
("error", kind, message, height_or_name).
"""

from __future__ import annotations

import io
import pickle
import resource
import sys
from typing import Any


def _limit_memory(megabytes: int) -> None:
    if megabytes > 0:
        cap = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def read(data: bytes, max_height: int, sheet_name: str | None) -> tuple[Any, ...]:
    import python_calamine as pc

    wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    names = [sheet_name] if sheet_name else list(wb.sheet_names)
    sheets = []
    for name in names:
        sh = wb.get_sheet_by_name(name)
        height = getattr(sh, "total_height", None) or sh.height
        if height > max_height:
            return ("error", "too_many_rows", name, height)
        rows = sh.to_python(skip_empty_area=False)
        if not any(any(c not in ("", None) for c in r) for r in rows[:200]):
            continue
        merged = None
        try:
            ranges = getattr(sh, "merged_cell_ranges", None)
            if ranges:
                merged = [(a[0], a[1], b[0], b[1]) for a, b in ranges]
        except Exception:  # merged ranges are a hint only; some .xls variants do not expose them
            merged = None
        sheets.append((name, rows, merged))
    return ("ok", sheets)


def main() -> None:
    memory_mb, max_height, sheet_name = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3] or None
    data = sys.stdin.buffer.read()
    _limit_memory(memory_mb)
    try:
        result = read(data, max_height, sheet_name)
    except MemoryError:
        result = ("error", "memory", "MemoryError", None)
    except BaseException as exc:  # calamine raises several types; a Rust panic arrives as a BaseException
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        result = ("error", "unreadable", f"{type(exc).__name__}: {str(exc)[:300]}", None)
    sys.stdout.buffer.write(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()
