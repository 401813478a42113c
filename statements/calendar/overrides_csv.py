"""Parse the ops override table ``date,kind`` (pure: text/bytes -> dict).

Format (UTF-8, an Excel BOM is tolerated)::

    date,kind
    2027-01-01,holiday
    2027-02-06,workday

* header row ``date,kind`` is required (case-insensitive, any column order;
  extra columns such as ``note`` are ignored so ops can annotate rows);
* ``date`` is ISO ``YYYY-MM-DD``; ``kind`` is ``holiday`` or ``workday``;
* blank lines and lines starting with ``#`` are skipped;
* the same date twice with the same kind is harmless, with different kinds
  it is an error (one of the two rows is a typo and we cannot know which).

All row problems are collected and raised together in one
:class:`OverridesCSVError` so ops fix the file in one pass.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from .workdays import HOLIDAY, KINDS, WORKDAY


@dataclass(frozen=True)
class RowError:
    line: int  # 1-based physical line in the file
    field: str
    value: str
    message: str

    def __str__(self) -> str:
        return f"第 {self.line} 行 / line {self.line}: {self.field}={self.value!r}: {self.message}"


class OverridesCSVError(ValueError):
    def __init__(self, errors: list[RowError]) -> None:
        self.errors = tuple(errors)
        super().__init__("invalid workday override CSV:\n" + "\n".join(str(e) for e in errors))


def parse_overrides_csv(data: str | bytes) -> dict[dt.date, str]:
    """Parse CSV text/bytes into ``{date: "holiday" | "workday"}``."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise OverridesCSVError(
                [
                    RowError(
                        0, "file", "", f"不是 UTF-8 编码，请另存为 UTF-8 / not UTF-8 ({exc.reason} at byte {exc.start})"
                    )
                ]
            ) from None
    else:
        text = data.removeprefix("\ufeff")

    # Keep physical line numbers: filter comments/blank lines ourselves
    # instead of letting csv swallow them.
    numbered = [
        (no, line)
        for no, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not numbered:
        raise OverridesCSVError(
            [RowError(0, "file", "", "文件为空，首行应为 date,kind / empty file: expected header 'date,kind'")]
        )

    header_no, header_line = numbered[0]
    header = [h.strip().lower() for h in next(csv.reader([header_line]))]
    missing = [col for col in ("date", "kind") if col not in header]
    if missing:
        message = f"缺少列 {', '.join(missing)}，首行应为 date,kind / missing column(s) {', '.join(missing)}; expected 'date,kind'"
        raise OverridesCSVError([RowError(header_no, "header", header_line, message)])
    i_date, i_kind = header.index("date"), header.index("kind")

    result: dict[dt.date, str] = {}
    first_seen: dict[dt.date, int] = {}
    errors: list[RowError] = []
    for no, line in numbered[1:]:
        row = next(csv.reader([line]))
        if len(row) <= max(i_date, i_kind):
            errors.append(
                RowError(no, "row", line, f"至少应有 {len(header)} 列 / expected at least {len(header)} columns")
            )
            continue
        raw_date, raw_kind = row[i_date].strip(), row[i_kind].strip()
        day = _parse_date(raw_date)
        if day is None:
            errors.append(RowError(no, "date", raw_date, "日期无效，格式为 YYYY-MM-DD / not a valid date (YYYY-MM-DD)"))
        kind = raw_kind.lower()
        if kind not in KINDS:
            errors.append(
                RowError(
                    no,
                    "kind",
                    raw_kind,
                    f"应为 {HOLIDAY}（法定休息日）或 {WORKDAY}（调休上班日） / must be '{HOLIDAY}' or '{WORKDAY}'",
                )
            )
        if day is None or kind not in KINDS:
            continue
        previous = result.get(day)
        if previous is not None and previous != kind:
            errors.append(
                RowError(
                    no,
                    "kind",
                    raw_kind,
                    f"与第 {first_seen[day]} 行对 {day} 的 '{previous}' 矛盾 / conflicts with '{previous}' for {day} on line {first_seen[day]}",
                )
            )
            continue
        result[day] = kind
        first_seen.setdefault(day, no)
    if errors:
        raise OverridesCSVError(errors)
    return result


def _parse_date(raw: str) -> dt.date | None:
    # fromisoformat in 3.11 also accepts 20270101 and week dates; ops files
    # must be unambiguous, so insist on the 10-character dashed form.
    if len(raw) != 10 or raw[4] != "-" or raw[7] != "-":
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return None


@dataclass(frozen=True)
class YearSummary:
    year: int
    holidays: int
    workdays: int
    holidays_on_weekdays: int  # days actually taken off work
    workdays_on_weekends: int  # 调休 make-up days


def year_summary(overrides: Mapping[dt.date, str]) -> list[YearSummary]:
    """Per-year counts for the operator's confirmation screen.

    A year counts as loaded as soon as one row exists, so showing e.g.
    "2027: 33 holidays (20 on weekdays), 6 make-up workdays" lets ops spot a
    truncated file before it silently defines a whole year.
    """
    years = sorted({d.year for d in overrides})
    out = []
    for year in years:
        days = {d: k for d, k in overrides.items() if d.year == year}
        out.append(
            YearSummary(
                year=year,
                holidays=sum(k == HOLIDAY for k in days.values()),
                workdays=sum(k == WORKDAY for k in days.values()),
                holidays_on_weekdays=sum(k == HOLIDAY and d.weekday() < 5 for d, k in days.items()),
                workdays_on_weekends=sum(k == WORKDAY and d.weekday() >= 5 for d, k in days.items()),
            )
        )
    return out
