"""A return rate's page and its Excel export read the same figures: 相符 and 调节后相符 are two columns side by side
in both (an answer agreed after adjustment is never inside 相符), so a period shows the same 相符 on the page and in
the file."""

from __future__ import annotations

import html
import io
import re

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from tests.fixtures.supervisory import SH, TODAY, book  # noqa: F401 - book is a fixture

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY.isoformat() + " 10:00 +0800", tick=False):
        yield


def _cells(fragment: str, tag: str) -> list[str]:
    return [
        html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(rf"<{tag}\b[^>]*>(.*?)</{tag}>", fragment)
    ]


def _table(page: str, first_header: str, second_header: str) -> tuple[list[str], list[list[str]]]:
    """The headers and body rows of the first table whose header starts with the two given."""
    for table in re.findall(r"<table\b.*?</table>", page, re.S):
        headers = _cells(table, "th")
        if headers[:2] == [first_header, second_header]:
            body = table.split("<tbody>", 1)[1]
            return headers, [_cells(row, "td") for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]
    raise AssertionError(f"no table headed {first_header}, {second_header}")


def _sheet_rows(response) -> tuple[list, list[list]]:
    ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    return rows[0], rows[1:]


def test_dashboard_and_return_rate_export_split_agreed_the_same_way(client, ops, book):
    client.force_login(ops)
    page = client.get(reverse("portal:ops"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    headers, rows = _table(page, "Period", "Branch")
    assert headers[2:6] == ["Dispatched", "Agreed", "Agreed after adjustment", "Disputed"]
    on_page = {(r[0], r[1]): [int(v) for v in r[2:6]] for r in rows}
    file_headers, file_rows = _sheet_rows(client.get(reverse("portal:ops-rates-export")))
    assert file_headers[2:6] == ["已发出", "相符", "调节后相符", "不符"]
    in_file = {(r[0], r[1]): r[2:6] for r in file_rows}
    assert on_page == in_file
    # 2026-09 in 上海分行: two plain 相符 (one of an account the supervisory rate excludes) and one 调节后相符.
    assert on_page[("2026-09", SH)][1:3] == [2, 1]


def test_supervisory_page_and_export_split_agreed_the_same_way(client, ops, book):
    client.force_login(ops)
    page = client.get(reverse("portal:ops-supervisory-rate"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    headers, rows = _table(page, "Period", "Due")
    assert headers[2:6] == ["Answers received", "Agreed", "Agreed after adjustment", "Disputed"]
    on_page = {r[0]: [int(v) for v in r[1:6]] for r in rows}
    file_headers, file_rows = _sheet_rows(client.get(reverse("portal:ops-supervisory-rate-export")))
    assert file_headers[3:8] == ["应对账", "有效回复", "相符", "调节后相符", "不符"]
    in_file: dict[str, list[int]] = {}
    for r in file_rows:  # by period, branch and tier: the page's totals are their sums
        in_file[r[0]] = [a + b for a, b in zip(in_file.get(r[0], [0] * 5), r[3:8], strict=True)]
    assert on_page == in_file
    # 2026-09: 6 due, 3 answers: one 相符, one 调节后相符, one 不符 (相符 was 2 on the page and 1 in the file).
    assert on_page["2026-09"] == [6, 3, 1, 1, 1]
