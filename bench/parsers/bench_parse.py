"""Parse-only throughput for Chinese-bank-style statements (xlsx via python-calamine, csv).

    .venv/bin/python bench/parsers/bench_parse.py [--rows 10000 100000] [--dir /tmp/bench_parsers]

Generated files go under /tmp (never committed). Reported per file: file size, calamine read only,
full parse_file (read + header detection + conversion + running-balance and control checks),
openpyxl read-only iteration as the peer reader, and rows/second of the full parse.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import openpyxl  # noqa: E402
import python_calamine as pc  # noqa: E402

from reconcile.parsers import parse_file  # noqa: E402

HEADER = [
    "交易日期",
    "交易时间",
    "借方发生额",
    "贷方发生额",
    "余额",
    "对方户名",
    "对方账号",
    "对方开户行",
    "交易流水号",
    "摘要",
    "用途",
]


def make_rows(n: int, seed: int = 7) -> tuple[list[list[object]], Decimal, Decimal, int]:
    rnd = random.Random(seed)
    balance = Decimal("5000000.00")
    rows: list[list[object]] = []
    day = date(2026, 1, 1)
    total_out = total_in = Decimal("0.00")
    for i in range(n):
        if i and i % 300 == 0:
            day += timedelta(days=1)
        cents = rnd.randint(100, 50_000_000)
        amount = Decimal(cents).scaleb(-2)
        if rnd.random() < 0.5:
            balance -= amount
            total_out += amount
            debit, credit = f"{amount:,.2f}", ""
        else:
            balance += amount
            total_in += amount
            debit, credit = "", f"{amount:,.2f}"
        rows.append(
            [
                day.strftime("%Y%m%d"),
                f"{rnd.randint(0, 23):02d}:{rnd.randint(0, 59):02d}:00",
                debit,
                credit,
                f"{balance:,.2f}",
                f"客户{rnd.randint(1, 5000)}有限公司",
                f"6222{rnd.randint(10**11, 10**12 - 1)}",
                "中国工商银行杭州分行",
                f"SN{i:010d}",
                rnd.choice(["货款", "手续费", "工资", "转账"]),
                "往来款",
            ]
        )
    return rows, total_out, total_in, n


def title_rows(total_out: Decimal, total_in: Decimal, n: int) -> list[list[object]]:
    return [
        ["账号", "11001234560001"],
        ["账户名称", "杭州示例科技有限公司"],
        ["总笔数", n],
        ["借记总额", f"{total_out:.2f}", "贷记总额", f"{total_in:.2f}"],
    ]


def write_xlsx(path: Path, rows: list[list[object]], title: list[list[object]]) -> None:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Sheet1")
    for r in title:
        ws.append(r)
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    wb.save(path)


def write_csv(path: Path, rows: list[list[object]], title: list[list[object]]) -> None:
    import csv

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerows(title)
    w.writerow(HEADER)
    w.writerows(rows)
    path.write_bytes(buf.getvalue().encode("gb18030"))


def timed(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--dir", default="/tmp/bench_parsers")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    out = Path(args.dir)
    out.mkdir(parents=True, exist_ok=True)
    print(f"python {sys.version.split()[0]}, best of {args.repeat}")
    print(f"{'file':<22}{'MB':>7}{'calamine read':>15}{'parse_file':>12}{'rows/s':>11}{'openpyxl ro read':>18}")
    for n in args.rows:
        rows, t_out, t_in, count = make_rows(n)
        title = title_rows(t_out, t_in, count)
        xlsx, csv_path = out / f"stmt_{n}.xlsx", out / f"stmt_{n}.csv"
        if not xlsx.exists():
            write_xlsx(xlsx, rows, title)
        if not csv_path.exists():
            write_csv(csv_path, rows, title)
        for path in (xlsx, csv_path):
            data = path.read_bytes()
            files = parse_file(data, path.name)
            assert len(files) == 1 and files[0].ok and len(files[0].lines) == n, files[0].errors[:3]
            t_parse = timed(lambda: parse_file(data, path.name), args.repeat)
            if path.suffix == ".xlsx":
                t_cal = timed(
                    lambda: (
                        pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
                        .get_sheet_by_index(0)
                        .to_python(skip_empty_area=False)
                    ),
                    args.repeat,
                )

                def openpyxl_read() -> None:
                    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
                    for _ in wb.worksheets[0].iter_rows(values_only=True):
                        pass
                    wb.close()

                t_opx = timed(openpyxl_read, 1)
                cal, opx = f"{t_cal:.2f} s", f"{t_opx:.2f} s"
            else:
                cal = opx = "-"
            print(f"{path.name:<22}{len(data) / 1e6:>7.1f}{cal:>15}{t_parse:>10.2f} s{n / t_parse:>11,.0f}{opx:>18}")


if __name__ == "__main__":
    main()
