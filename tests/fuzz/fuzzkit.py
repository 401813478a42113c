"""Shared pieces of the attack-style tests in tests/fuzz (a plain module, not collected by pytest).

* sample files of every format (built here, or the public fixtures in shared/fixtures/public/);
* byte-level and cell-level mutations described by small tuples, so a failing hypothesis example
  prints a short, replayable description instead of megabytes of bytes;
* ``no_hang``: a wall-clock guard that turns an endless loop into a test failure;
* ``check_parse_contract``: the one contract every importer must keep.
"""

from __future__ import annotations

import contextlib
import csv
import faulthandler
import io
import os
import re
import resource
import select
import signal
import time
import zipfile
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from reconcile.parsers.api import parse_file
from reconcile.parsers.errors import ParseError
from reconcile.parsers.types import ParsedFile
from tests.reconcile.parsers.cnparse_kit import xls_bytes  # noqa: F401 - re-exported for the fuzz tests

# How long one parse may take before the fuzz tests call it an endless loop. Generous on purpose: the Excel
# formats parse in a child process, and on a loaded 2-core machine its start alone can take seconds; a real
# endless loop fails just the same, only later.
HANG_SECONDS = 30.0

# -- public fixtures -------------------------------------------------------------------------------

FIXTURES = Path("/work/shared/fixtures/public")
if not FIXTURES.exists():  # CI: a fresh clone of main with shared/ beside it
    FIXTURES = Path(__file__).resolve().parents[3] / "shared/fixtures/public"


def fixture_files() -> list[str]:
    """Relative names of every public sample (mt940, camt, bai2, ofx), sorted for determinism."""
    return sorted(str(p.relative_to(FIXTURES)) for p in FIXTURES.rglob("*") if p.is_file() and p.name != "MANIFEST.txt")


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


# -- built samples ---------------------------------------------------------------------------------

BANK_HEADER = ["交易日期", "摘要", "借方发生额", "贷方发生额", "余额", "对方户名", "交易流水号"]
BANK_ROWS = [
    ["2026-10-08", "货款", "", "30,000.00", "130,000.00", "上海恒瑞贸易有限公司", "SN001"],
    ["2026-10-09", "手续费", "15.00", "", "129,985.00", "", "SN002"],
    ["2026-10-10", "付款", "5,000.00", "", "124,985.00", "北京中科信达科技有限公司", "SN003"],
    ["2026-10-12", "结息", "", "1,650.00", "126,635.00", "", "SN004"],
]
JOURNAL_HEADER = ["日期", "凭证字号", "摘要", "借方", "贷方", "方向", "余额"]
JOURNAL_ROWS = [
    ["2026-10-08", "记-1", "收货款", "30000.00", "", "借", "130000.00"],
    ["2026-10-09", "记-2", "付手续费", "", "15.00", "借", "129985.00"],
    ["2026-10-10", "记-3", "付货款", "", "5000.00", "借", "124985.00"],
]


def csv_bytes(rows: list[list[Any]], encoding: str = "utf-8") -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buf.getvalue().encode(encoding)


_CORE_TIMES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def stable_zip(data: bytes, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """Rewrite a zip with fixed timestamps so a generated workbook has the same bytes on every run
    (hypothesis is derandomized: the same example must mean the same file)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", compression) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _CORE_TIMES.sub(rb"\g<1>2026-01-01T00:00:00Z\g<2>", body)
            dst.writestr(zipfile.ZipInfo(info.filename, (2026, 1, 1, 0, 0, 0)), body, compress_type=compression)
    return out.getvalue()


def xlsx_bytes(rows: list[list[Any]], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None and value != "":
                ws.cell(row=r, column=c, value=value)
    buf = io.BytesIO()
    wb.save(buf)
    return stable_zip(buf.getvalue(), compression)


def bai2_bytes(amounts: list[int], opening: int = 100_000) -> bytes:
    """A BAI2 file whose 49/98/99 control totals and record counts are right (amounts in cents,
    negative = debit), so a test reaches the amount handling rather than the integrity check."""
    closing = opening + sum(amounts)
    account = [f"03,1234567890,USD,010,{opening},,,015,{closing},,/"]
    total = opening + closing
    for n, amount in enumerate(amounts, start=1):
        account.append(f"16,{'142' if amount >= 0 else '451'},{abs(amount)},,REF{n},/")
        total += abs(amount)
    account.append(f"49,{total},{len(account) + 1}/")
    group = ["02,121140399,121140399,1,220201,,USD,2/", *account, f"98,{total},1,{len(account) + 2}/"]
    records = ["01,121140399,121140399,230214,0754,1,,,2/", *group, f"99,{total},1,{len(group) + 2}/"]
    return ("\n".join(records) + "\n").encode("ascii")


def camt_bytes(
    amount_text: str, booking: str = "2026-04-12", *, balance_date: str | None = None, period_from: str | None = None
) -> bytes:
    """Minimal camt.053 with one booked entry; an opening balance only when ``balance_date`` is given,
    a <FrToDt> only with ``period_from``."""
    frto = (
        f"<FrToDt><FrDtTm>{period_from}</FrDtTm><ToDtTm>2026-04-30T23:59:59</ToDtTm></FrToDt>"
        if period_from is not None
        else ""
    )
    bal = (
        f'<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">100.00</Amt>'
        f"<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>{balance_date}</Dt></Dt></Bal>"
        if balance_date is not None
        else ""
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
 <BkToCstmrStmt><GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-04-12T10:00:00</CreDtTm></GrpHdr>
  <Stmt><Id>S1</Id><CreDtTm>2026-04-12T10:00:00</CreDtTm>{frto}
   <Acct><Id><IBAN>GB29NWBK60161331926819</IBAN></Id><Ccy>EUR</Ccy></Acct>{bal}
   <Ntry><Amt Ccy="EUR">{amount_text}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
    <BookgDt><Dt>{booking}</Dt></BookgDt><ValDt><Dt>{booking}</Dt></ValDt></Ntry>
  </Stmt>
 </BkToCstmrStmt>
</Document>
""".encode()


def ofx_bytes(amount_text: str, posted: str = "20260412") -> bytes:
    return f"""OFXHEADER:100
DATA:OFXSGML
VERSION:102
SECURITY:NONE
ENCODING:USASCII
CHARSET:1252
COMPRESSION:NONE
OLDFILEUID:NONE
NEWFILEUID:NONE

<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STMTRS><CURDEF>USD
<BANKACCTFROM><BANKID>121099999<ACCTID>999988<ACCTTYPE>CHECKING</BANKACCTFROM>
<BANKTRANLIST><DTSTART>20260401<DTEND>20260430
<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>{posted}<TRNAMT>{amount_text}<FITID>1<NAME>ACME</STMTTRN>
</BANKTRANLIST><LEDGERBAL><BALAMT>100.00<DTASOF>20260430</LEDGERBAL>
</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>
""".encode("ascii", errors="replace")


def mt940_bytes(amount: str = "100,00", date6: str = "261008", closing: str = "1100,00") -> bytes:
    return (
        ":20:STMT1\n:25:NL71RABO0123456789\n:28C:1/1\n"
        f":60F:C{date6}EUR1000,00\n:61:{date6}C{amount}NTRFNONREF//B1\n:86:ACME\n"
        f":62F:C{date6}EUR{closing}\n-\n"
    ).encode("ascii")


# -- mutations -------------------------------------------------------------------------------------

INSERTS = [
    b"\n",
    b"\r\n",
    b",",
    b'"',
    b"<",
    b"</Ntry>",
    b":61:",
    b":20:",
    b"16,",
    b"88,",
    b"-",
    b"\x00",
    b"\xff\xfe",
    b"\xe4\xb8",
    b"99999999999999999999999999999999",
    b"NaN",
    b"=1+1",
    b"\t",
    b"/",
]


def mutate(data: bytes, op: str, where: float, size: int, pick: int) -> bytes:
    """One structural mutation of ``data``. ``where`` in [0, 1) is a relative offset; ``size`` a length;
    ``pick`` selects an insert or a replacement byte. Pure: the same tuple gives the same bytes."""
    if not data:
        return data
    at = min(int(where * len(data)), len(data) - 1)
    b = bytearray(data)
    if op == "truncate":
        return bytes(b[:at])
    if op == "flip":  # ``size`` bytes from ``at`` replaced by a walk from ``pick``
        for i in range(min(size, 8)):
            if at + i < len(b):
                b[at + i] = (pick * 37 + i * 101) % 256
        return bytes(b)
    if op == "delete":
        del b[at : at + size]
        return bytes(b)
    if op == "duplicate":
        b[at:at] = b[at : at + size * 8]
        return bytes(b)
    if op == "insert":
        b[at:at] = INSERTS[pick % len(INSERTS)]
        return bytes(b)
    if op == "cut_tail":  # keep the head, drop a chunk near the end (trailers, closing tags)
        keep = max(len(b) - size * 16, 0)
        return bytes(b[:keep])
    raise AssertionError(op)


MUTATIONS = ["truncate", "flip", "delete", "duplicate", "insert", "cut_tail"]


# -- guards and contracts --------------------------------------------------------------------------


class _Hang(BaseException):
    """Raised by the alarm; a BaseException so library ``except Exception`` blocks cannot swallow it."""


@contextlib.contextmanager
def no_hang(seconds: float, what: str) -> Iterator[None]:
    """Fail (AssertionError) instead of hanging when the block runs longer than ``seconds``."""

    def _alarm(signum, frame):  # noqa: ARG001
        raise _Hang()

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    hung = False
    try:
        yield
    except _Hang as exc:
        # Drop the interrupted frames now: an endless loop that was appending to a list holds GBs,
        # and a traceback kept by pytest/hypothesis would keep them alive for the rest of the run.
        exc.__traceback__ = None
        hung = True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if hung:
        raise AssertionError(f"{what} did not finish within {seconds}s (endless loop?)")


ROW_CODES = {"bad_amount", "bad_date", "bad_direction", "missing_value", "both_sides", "precision"}
MAX_STORABLE = Decimal("1e16")  # Import/BankLine/JournalEntry amounts are DecimalField(max_digits=18, 2)


def check_parsed(files: list[ParsedFile], kind: str) -> None:
    """What a successful parse must look like: statements, each either ok or naming its problems,
    lines with a positive cent amount, a direction and a date."""
    assert isinstance(files, list) and files, "parse_file returned no statement and raised nothing"
    for pf in files:
        assert isinstance(pf, ParsedFile)
        assert pf.kind == kind
        if not pf.ok:
            assert pf.errors, "a refused statement must list at least one error"
        for err in pf.errors:
            assert err.code and err.message.strip(), err
            if err.row is not None:
                assert isinstance(err.row, int) and err.row >= 1, err
            if err.code in ROW_CODES and err.row is not None:
                assert err.column, f"row error without the column it is about: {err}"
        for line in pf.lines:
            assert isinstance(line.booking_date, date)
            assert line.direction in ("in", "out")
            assert isinstance(line.amount, Decimal) and line.amount.is_finite() and line.amount > 0, line.amount
            assert line.amount == line.amount.quantize(Decimal("0.01")), line.amount
            if pf.ok:
                # Accepted amounts must fit the columns they are stored in (PostgreSQL numeric(18,2)
                # raises on overflow; SQLite would silently keep them).
                assert line.amount < MAX_STORABLE, f"accepted amount {line.amount} does not fit numeric(18,2)"


def check_parse_contract(data: bytes, filename: str, kind: str = "bank", *, seconds: float = 5.0) -> str:
    """Call parse_file and check its contract: ParsedFile list or ParseError with a message, never any
    other exception, never an endless loop. Returns "ok", "refused" (row errors) or the ParseError code."""
    with no_hang(seconds, f"parse_file({filename!r}, {len(data)} bytes)"):
        try:
            files = parse_file(data, filename, kind)
        except ParseError as exc:
            if isinstance(exc.__cause__, (MemoryError, RecursionError)):
                raise AssertionError(
                    f"parse_file({filename!r}) ran out of memory/stack ({type(exc.__cause__).__name__}, "
                    f"reported as ParseError {exc.code}): unbounded growth on a {len(data)}-byte input"
                ) from exc
            assert exc.code, "ParseError without a code"
            assert isinstance(exc.message, str) and exc.message.strip(), f"ParseError {exc.code} with no message"
            return exc.code
        except (KeyboardInterrupt, SystemExit, _Hang):
            raise
        except BaseException as exc:  # noqa: BLE001 - includes pyo3 PanicException (a BaseException)
            raise AssertionError(
                f"parse_file({filename!r}) raised {type(exc).__name__} instead of ParseError: {str(exc)[:200]!r}"
            ) from exc
    check_parsed(files, kind)
    return "ok" if all(pf.ok for pf in files) else "refused"


# -- spreadsheets: parse in a forked child with a memory budget -------------------------------------
# python-calamine is native code: a malformed workbook can make it panic, abort, or allocate many GB
# before Python sees anything (a 5 KB file was seen to reach 21 GB and be OOM-killed). Such a failure
# must fail the test, not take the test run (or the CI machine) down with it.

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _vm_size() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def check_parse_contract_isolated(
    data: bytes, filename: str, kind: str = "bank", *, seconds: float = 5.0, memory_mb: int = 1500
) -> str:
    """``check_parse_contract`` in a forked child limited to ``memory_mb`` more address space."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: never returns into pytest
        try:
            os.close(read_fd)
            faulthandler.disable()  # an abort here is reported by the parent, not dumped by pytest
            os.dup2(os.open(os.devnull, os.O_WRONLY), 2)  # Rust panic backtraces
            limit = _vm_size() + memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            try:
                message = "ok:" + check_parse_contract(data, filename, kind, seconds=seconds)
            except AssertionError as exc:
                message = "fail:" + str(exc)
            except BaseException as exc:  # noqa: BLE001
                message = f"fail:{type(exc).__name__}: {exc}"
            os.write(write_fd, message.encode("utf-8", errors="replace")[:60_000])
        finally:
            os._exit(0)
    os.close(write_fd)
    chunks = []
    deadline = time.monotonic() + seconds + 2  # the child's own alarm can be delayed inside native code
    timed_out = False
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([read_fd], [], [], remaining)[0]:
            timed_out = True
            os.kill(pid, signal.SIGKILL)
            break
        chunk = os.read(read_fd, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(read_fd)
    _, status = os.waitpid(pid, 0)
    message = b"".join(chunks).decode("utf-8", errors="replace")
    if timed_out:
        raise AssertionError(
            f"parse_file({filename!r}, {len(data)} bytes) did not finish within {seconds + 2}s "
            "(endless loop?); the child was killed"
        )
    if not message:
        how = f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"status {status}"
        raise AssertionError(
            f"parse_file({filename!r}, {len(data)} bytes) killed the process ({how}): it needed more "
            f"than {memory_mb} MB or crashed in native code"
        )
    verdict, _, text = message.partition(":")
    if verdict == "fail":
        raise AssertionError(text)
    return text


_NATIVE_OR_LOOPING = {"xlsx", "xls", "bai2"}  # calamine (native), bai2 0.15 (can loop forever, growing a list)


def check_parse_contract_safe(data: bytes, filename: str, kind: str = "bank", *, seconds: float = 5.0) -> str:
    """Forked and memory-limited when the bytes go to calamine or the bai2 library, direct otherwise
    (a fork costs ~10 ms; most inputs do not need it)."""
    from reconcile.parsers.detect import detect_format

    try:
        fmt = detect_format(data, filename)
    except ParseError:
        fmt = None
    if fmt in _NATIVE_OR_LOOPING:
        return check_parse_contract_isolated(data, filename, kind, seconds=seconds)
    return check_parse_contract(data, filename, kind, seconds=seconds)
