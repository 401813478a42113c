"""Through the import service nothing is half-stored: every mutated file ends as an Import that is
'done' (lines stored + lines already known = lines in the file) or 'refused' (no BankLine/JournalEntry
added, every error naming its row and column where there is one). The only exception a caller may
see is ServiceError (empty file, duplicate file); no import may be left 'pending'.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from core.errors import ServiceError
from reconcile.import_messages import error_rows, import_message
from reconcile.models import BankLine, Import, ImportStatus, JournalEntry
from reconcile.services.imports import import_file, import_push
from tests.factories import BankAccountFactory
from tests.fuzz import fuzzkit as kit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

SERVICE = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # import_receive keeps the uploaded bytes there


@pytest.fixture
def account(db):
    return BankAccountFactory(currency="CNY")


def _counts() -> tuple[int, int]:
    return BankLine.objects.count(), JournalEntry.objects.count()


def check_import(*, kind: str, data: bytes, filename: str, account_number: str) -> Import | None:
    """Run import_file and check the all-or-nothing contract. None when a ServiceError refused it up front."""
    before = _counts()
    imports_before = Import.objects.count()
    last = Import.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    try:
        with kit.no_hang(10, f"import_file({filename!r})"):
            record = import_file(actor=None, kind=kind, data=data, filename=filename, account_number=account_number)
    except ServiceError as exc:
        assert exc.message.strip()
        assert _counts() == before, "a ServiceError left lines behind"
        assert not Import.objects.filter(status=ImportStatus.PENDING, pk__gt=last).exists(), (
            "an import was left pending"
        )
        return None
    except Exception as exc:  # noqa: BLE001 - the point of the test
        pending = list(Import.objects.filter(status=ImportStatus.PENDING, pk__gt=last).values_list("pk", "filename"))
        raise AssertionError(
            f"import_file({filename!r}) raised {type(exc).__name__}: {str(exc)[:300]!r}; "
            f"imports left pending: {pending}"
        ) from exc
    try:
        record.refresh_from_db()
    except Exception as exc:  # noqa: BLE001
        raise AssertionError(
            f"import #{record.pk} ({record.status}) was stored but cannot be read back: "
            f"{type(exc).__name__} {str(exc)[:200]!r}"
        ) from exc
    after = _counts()
    added = (after[0] - before[0]) + (after[1] - before[1])
    assert Import.objects.count() == imports_before + 1
    assert record.status in (ImportStatus.DONE, ImportStatus.REFUSED), record.status
    if record.status == ImportStatus.DONE:
        assert record.lines_stored == record.lines_in_file - record.lines_known, (
            record.lines_stored,
            record.lines_in_file,
            record.lines_known,
        )
        # Stored = new rows, plus retired rows the file brings back (a journal re-export restoring entries an
        # earlier one dropped); every stored line is this import's.
        assert added <= record.lines_stored
        model = BankLine if kind == "bank" else JournalEntry
        stored = model.objects.filter(source_import=record)
        assert stored.count() == record.lines_stored
        for value in [
            *stored.values_list("amount", flat=True),
            record.total_in,
            record.total_out,
            record.opening_balance,
            record.closing_balance,
        ]:
            if value is not None:
                # numeric(18,2): PostgreSQL raises on overflow, SQLite would keep it silently.
                assert abs(Decimal(value)) < kit.MAX_STORABLE, f"stored value {value} does not fit numeric(18,2)"
    else:
        assert added == 0, f"a refused import stored {added} lines"
        assert import_message(record).strip()
        assert record.errors and record.error_count >= 1, "a refusal must say why"
        for err in error_rows(record):
            assert set(err) >= {"row", "column", "code", "message"} and err["message"].strip(), err
            if err["code"] in kit.ROW_CODES and err["row"] is not None:
                assert isinstance(err["row"], int) and err["row"] >= 1 and err["column"], err
    return record


# -- cell-level attacks on a bank statement and a journal -----------------------------------------

HOSTILE_AMOUNTS = [
    "1e30",
    "-0",
    "NaN",
    "Infinity",
    "１,２３４.５６",
    "1,23,4.5",
    "99999999999999999.00",
    "0.001",
    "-5.00",
    "1" * 40,
    "=SUM(A1:A3)",
    "",
    "(12.00)",
    "12.00-",
    "¥3.00",
    "¥",
    "元",
]
HOSTILE_DATES = [
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "-1",
    "1000000000",
    "45000",
    "20261301",
    "",
    "=TODAY()",
    "2026/10/08",
    "２０２６年１０月８日",
]
HOSTILE_TEXT = ["", "=cmd|' /C calc'!A0", "x" * 400, "\u202egnp.exe", "'; DROP TABLE x; --", "行\n内\n换行", "\x00"]
COLUMNS = {
    0: HOSTILE_DATES,
    2: HOSTILE_AMOUNTS,
    3: HOSTILE_AMOUNTS,
    4: HOSTILE_AMOUNTS,
    1: HOSTILE_TEXT,
    5: HOSTILE_TEXT,
    6: HOSTILE_TEXT,
}

edit = st.tuples(st.integers(0, len(kit.BANK_ROWS) - 1), st.sampled_from(sorted(COLUMNS)), st.integers(0, 99))


def _apply(rows: list[list[str]], edits: list[tuple[int, int, int]]) -> list[list[str]]:
    out = [list(r) for r in rows]
    for r, c, pick in edits:
        choices = COLUMNS[c]
        out[r][c] = choices[pick % len(choices)]
    return out


@SERVICE
@given(
    edits=st.lists(edit, max_size=3),
    fmt=st.sampled_from(["csv", "csv-gbk", "csv-utf16", "xlsx"]),
    keep_balance=st.booleans(),
    rows=st.integers(1, len(kit.BANK_ROWS)),
)
def test_bank_statement_with_hostile_cells(account, edits, fmt, keep_balance, rows) -> None:
    table = _apply(kit.BANK_ROWS[:rows], [e for e in edits if e[0] < rows])
    if not keep_balance:
        table = [[*r[:4], "", *r[5:]] for r in table]
    grid = [kit.BANK_HEADER, *table]
    if fmt == "xlsx":  # openpyxl refuses control characters in cells; a real xlsx cannot carry them either
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        grid = [[ILLEGAL_CHARACTERS_RE.sub("", v) for v in row] for row in grid]
    data = {
        "csv": lambda: kit.csv_bytes(grid),
        "csv-gbk": lambda: kit.csv_bytes(grid, "gb18030"),
        "csv-utf16": lambda: kit.csv_bytes(grid, "utf-16"),
        "xlsx": lambda: kit.xlsx_bytes(grid),
    }[fmt]()
    record = check_import(
        kind="bank", data=data, filename=f"statement.{fmt.split('-')[0]}", account_number=account.number
    )
    if record is not None and not edits and keep_balance:
        assert record.status == ImportStatus.DONE  # the untouched sample must import


JOURNAL_COLUMNS = {
    0: HOSTILE_DATES,
    3: HOSTILE_AMOUNTS,
    4: HOSTILE_AMOUNTS,
    6: HOSTILE_AMOUNTS,
    5: ["借", "贷", "平", "X", "", "D"],
    1: HOSTILE_TEXT,
    2: HOSTILE_TEXT,
}


@SERVICE
@given(
    edits=st.lists(
        st.tuples(
            st.integers(0, len(kit.JOURNAL_ROWS) - 1), st.sampled_from(sorted(JOURNAL_COLUMNS)), st.integers(0, 99)
        ),
        max_size=3,
    )
)
def test_journal_with_hostile_cells(account, edits) -> None:
    rows = [list(r) for r in kit.JOURNAL_ROWS]
    for r, c, pick in edits:
        rows[r][c] = JOURNAL_COLUMNS[c][pick % len(JOURNAL_COLUMNS[c])]
    data = kit.csv_bytes([kit.JOURNAL_HEADER, *rows])
    check_import(kind="journal", data=data, filename="journal.csv", account_number=account.number)


# -- byte-level attacks, with and without an account chosen ----------------------------------------

SAMPLES = [
    "built/bank.csv",
    "built/bank.xlsx",
    "mt940/jejik_sns.sta",
    "mt940/mbank_pl.sta",
    "mt940/cmxl_generic.sta",
    "camt/bsp_camt053_no_namespace.xml",
    "ofx/ofxparse_checking.ofx",
    "bai2/moj_svb_us.bai2",
]


def _sample(name: str) -> bytes:
    if name == "built/bank.csv":
        return kit.csv_bytes([kit.BANK_HEADER, *kit.BANK_ROWS])
    if name == "built/bank.xlsx":
        return kit.xlsx_bytes([kit.BANK_HEADER, *kit.BANK_ROWS])
    return kit.fixture_bytes(name)


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    name=st.sampled_from(SAMPLES),
    op=st.sampled_from(kit.MUTATIONS),
    where=st.integers(0, 9_999),
    size=st.integers(1, 64),
    pick=st.integers(0, 255),
    choose_account=st.booleans(),
)
def test_mutated_files_through_the_service(account, name, op, where, size, pick, choose_account) -> None:
    data = kit.mutate(_sample(name), op, where / 10_000, size, pick)
    filename = name.rsplit("/", 1)[-1]
    # Parse once in a memory-limited child first: a calamine abort or a bai2 endless loop must fail
    # this test, not take the test process down. Only then go through the service in-process.
    kit.check_parse_contract_safe(data, filename, seconds=kit.HANG_SECONDS)
    check_import(kind="bank", data=data, filename=filename, account_number=account.number if choose_account else "")


@pytest.mark.parametrize("name", SAMPLES)
def test_public_samples_without_an_account_chosen(name: str) -> None:
    """The file names its own account: registering it must not blow up on numbers such as
    `45050050/76198810` (a slash is not allowed in an account number)."""
    kit.check_parse_contract_safe(_sample(name), name.rsplit("/", 1)[-1])
    check_import(kind="bank", data=_sample(name), filename=name.rsplit("/", 1)[-1], account_number="")


@pytest.mark.parametrize("account_number", ["x" * 40, "31050161373600001234" * 2, "账号", " ", "\u3000123456\u3000"])
def test_chosen_account_number_that_is_not_an_account_number(account_number: str) -> None:
    data = kit.csv_bytes([kit.BANK_HEADER, *kit.BANK_ROWS[:2]])
    record = check_import(kind="bank", data=data, filename="acct.csv", account_number=account_number)
    if record is not None and record.status == ImportStatus.DONE:
        assert 6 <= len(record.account.number) <= 34


def test_amount_beyond_the_column_is_refused_not_stored(account) -> None:
    # DecimalField(max_digits=18, decimal_places=2): 10^16 does not fit. SQLite stores it anyway,
    # PostgreSQL raises "numeric field overflow" inside import_process (an uncaught DataError).
    rows = [kit.BANK_HEADER[:4], ["2026-10-08", "货款", "", "99999999999999999.00"]]
    record = check_import(kind="bank", data=kit.csv_bytes(rows), filename="huge.csv", account_number=account.number)
    assert record is not None and record.status == ImportStatus.REFUSED


def test_same_bytes_twice_is_a_service_error_and_stores_nothing_new(account) -> None:
    data = kit.csv_bytes([kit.BANK_HEADER, *kit.BANK_ROWS])
    first = check_import(kind="bank", data=data, filename="a.csv", account_number=account.number)
    assert first is not None and first.status == ImportStatus.DONE and first.lines_stored == len(kit.BANK_ROWS)
    assert check_import(kind="bank", data=data, filename="b.csv", account_number=account.number) is None
    assert check_import(kind="bank", data=b"", filename="empty.csv", account_number=account.number) is None


# -- JSON push through the service -----------------------------------------------------------------

push_line = st.fixed_dictionaries(
    {
        "date": st.sampled_from(["2026-10-08", "2026-02-30", "0001-01-01", "", "45000"]),
        "amount": st.sampled_from(["1.00", "-2.50", "1e30", "NaN", "99999999999999999.00", "0", "1,23,4.5", 5, 1.005]),
    },
    optional={
        "direction": st.sampled_from(["in", "out", "借", "X", 3]),
        "summary": st.sampled_from(["货款", "x" * 500, ""]),
        "currency": st.sampled_from(["CNY", "USD", 5, ["CNY"], None]),
        "balance": st.sampled_from(["100.00", "1e40", None]),
    },
)


@SERVICE
@given(
    lines=st.lists(push_line, min_size=1, max_size=4),
    currency=st.sampled_from(["CNY", None, "", "JPY"]),
    kind=st.sampled_from(["bank", "journal"]),
)
def test_push_batches_are_all_or_nothing(account, lines, currency, kind) -> None:
    before = _counts()
    payload = {"lines": lines, **({"currency": currency} if currency is not None else {})}
    try:
        record = import_push(actor=None, kind=kind, payload=payload, account_number=account.number)
    except ServiceError:
        assert _counts() == before
        return
    except Exception as exc:  # noqa: BLE001
        raise AssertionError(f"import_push raised {type(exc).__name__}: {str(exc)[:300]!r}") from exc
    added = sum(_counts()) - sum(before)
    if record.status == ImportStatus.DONE:
        assert record.lines_stored == record.lines_in_file - record.lines_known == added
    else:
        assert record.status == ImportStatus.REFUSED and added == 0 and record.errors


@pytest.mark.parametrize("columns", [["date"], "date", {"date": 5}, {"date": ["交易日期", 7]}], ids=repr)
def test_a_saved_profile_of_the_wrong_shape_does_not_break_later_imports(account, columns) -> None:
    """POST /api/v1/profiles/ accepts any JSON for ``columns``; a header-less upload then falls back to
    every saved profile. Either the profile is refused when saved, or later imports still end cleanly."""
    from django.core.exceptions import ValidationError

    from reconcile.services.profiles import mapping_profile_save

    try:
        mapping_profile_save(actor=None, name="odd", kind="bank", columns=columns)
    except ValidationError as exc:
        assert exc.message_dict
        return
    no_header = kit.csv_bytes([["a", "b", "c"], ["1", "2", "3"]])
    record = check_import(kind="bank", data=no_header, filename="no_header.csv", account_number=account.number)
    assert record is not None and record.status == ImportStatus.REFUSED
