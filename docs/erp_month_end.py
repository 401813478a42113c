#!/usr/bin/env python3
"""An ERP's month end over the portal's REST API (银企直联), without a person.

For one account and one period end it:

1. gets an API token (or uses the one given),
2. pushes the period's bank journal (``POST /api/v1/imports/push/``; a batch pushed before is recognised),
3. runs the automatic matching (``POST /api/v1/accounts/{id}/match-runs``, then follows ``Location`` until done),
4. accepts the suggestions that score at least ``--min-score`` and are the only offer for each of their lines
   (``POST /api/v1/suggestions/{id}/accept``; tied offers are left to a person, as the workbench does),
5. matches by ids what the ERP knows from its own records: a journal entry whose voucher or cheque number the bank
   wrote in exactly one unmatched bank line of the same amount and direction (an ERP paying through the bank link
   puts its voucher number in the remittance information) (``POST /api/v1/accounts/{id}/matches``),
6. fetches the 余额调节表 as JSON, XLSX and the bank-signed PDF (``GET /api/v1/accounts/{id}/adjustment``), saves the
   three files and prints the table,
7. only with ``--answer``: answers the period's balance statement with the table, signed with the company's key
   (``--answer-key PEM --answer-key-id ID``; ``answer_with_table`` below).

Against the demo (``make demo``, then in another terminal)::

    python docs/erp_month_end.py --base-url http://127.0.0.1:8000 --username accountant_hengrui \\
        --password 'Demo@2026!' --account 31050161373600001234 --date 2026-10-31 --out /tmp/month-end

Without ``--journal FILE`` it pushes the demo's October journal (DESIGN §4's worked example, which the demo already
holds from a file: every entry is recognised as known, nothing is stored twice), and only into the account it is the
journal of, 31050161373600001234: for any other account it pushes nothing and reconciles what the portal holds.
``--journal`` takes a JSON file:
a list of journal lines, or an object with ``lines`` and optional ``opening_balance``/``closing_balance``/``currency``
(the push's fields, README "API"). The base URL, token, username and password may come from the environment:
``PORTAL_BASE_URL``, ``PORTAL_TOKEN``, ``PORTAL_USERNAME``, ``PORTAL_PASSWORD``. A token the script asked for is
revoked when it ends.

Exit status: 0 when the table agrees (调节相符), 2 when it does not, 1 when a step failed (the portal's message is
printed). Needs Python 3.9+ and ``requests`` (and ``cryptography`` for ``--answer``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import requests

KINDS = ("journal_in_not_bank", "journal_out_not_bank", "bank_in_not_journal", "bank_out_not_journal")
LABELS = {
    "journal_in_not_bank": "加：企业已收银行未收",
    "journal_out_not_bank": "减：企业已付银行未付",
    "bank_in_not_journal": "加：银行已收企业未收",
    "bank_out_not_journal": "减：银行已付企业未付",
}

# The demo's October journal (portal/demo_data/journal_2026-10.csv) as the ERP pushes it: serial is the voucher
# (凭证字号), voucher_no the settlement (cheque) number, debit money in and credit money out (journal sense). It is
# the journal of DEMO_ACCOUNT only: pushed into another account it would be stored there as that account's books.
DEMO_ACCOUNT = "31050161373600001234"
DEMO_JOURNAL: dict[str, Any] = {
    "opening_balance": "1000000.00",
    "lines": [
        {
            "date": "2026-10-08",
            "serial": "记-12",
            "summary": "收恒瑞贸易货款",
            "counter_subject": "应收账款",
            "settlement_method": "电汇",
            "debit": "200000.00",
            "balance": "1200000.00",
        },
        {
            "date": "2026-10-15",
            "serial": "记-18",
            "summary": "付中科信达货款",
            "counter_subject": "应付账款",
            "settlement_method": "电汇",
            "credit": "50000.00",
            "balance": "1150000.00",
        },
        {
            "date": "2026-10-21",
            "serial": "记-25",
            "summary": "收华南精密货款",
            "counter_subject": "应收账款",
            "settlement_method": "电汇",
            "debit": "98500.00",
            "balance": "1248500.00",
        },
        {
            "date": "2026-10-30",
            "serial": "记-31",
            "summary": "付中科信达设备款",
            "counter_subject": "应付账款",
            "settlement_method": "转账支票",
            "voucher_no": "10234567",
            "credit": "80000.00",
            "balance": "1168500.00",
        },
        {
            "date": "2026-10-31",
            "serial": "记-33",
            "summary": "收恒瑞贸易转账支票",
            "counter_subject": "应收账款",
            "settlement_method": "转账支票",
            "voucher_no": "20881234",
            "debit": "30000.00",
            "balance": "1198500.00",
        },
    ],
}


class PortalError(Exception):
    """A refusal by the portal: its HTTP status and its JSON ``code`` and ``message``."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status, self.code, self.message = status, code, message


class Portal:
    """The API over one HTTP session: JSON in and out, errors as PortalError, 429s waited out."""

    def __init__(self, base_url: str, language: str, timeout: float) -> None:
        self.base = base_url.rstrip("/")
        self.timeout = timeout
        self.session = requests.Session()
        self.session.headers.update({"Accept-Language": language, "User-Agent": "erp-month-end/1.0"})

    def login(self, token: str) -> None:
        self.session.headers["Authorization"] = f"Token {token}"

    def call(self, method: str, path: str, *, ok: tuple[int, ...] = (200,), **kwargs: Any) -> requests.Response:
        url = path if path.startswith("http") else self.base + path
        for _attempt in range(5):
            response = self.session.request(method, url, timeout=self.timeout, **kwargs)
            if response.status_code != 429:
                break
            time.sleep(min(float(response.headers.get("Retry-After", "1")), 60))  # throttled: wait and resend
        if response.status_code not in ok:
            try:
                body = response.json()
            except ValueError:
                body = {}
            raise PortalError(
                response.status_code, str(body.get("code", "error")), str(body.get("message", response.text[:300]))
            )
        return response

    def pages(self, path: str, params: dict[str, str] | None = None) -> Iterator[dict[str, Any]]:
        """Every result of a paginated list, following ``next``."""
        url: str | None = path
        while url:
            body = self.call("GET", url, params=params).json()
            yield from body["results"]
            url, params = body.get("next"), None  # next carries the query


# -- the steps -----------------------------------------------------------------------------------------------------


def get_token(portal: Portal, username: str, password: str) -> dict[str, Any]:
    body = {"username": username, "password": password, "name": "ERP month end"}
    return portal.call("POST", "/api/v1/token/", json=body).json()


def find_account(portal: Portal, number: str) -> dict[str, Any]:
    compact = re.sub(r"\s", "", number)
    for account in portal.pages("/api/v1/accounts/"):
        if account["number"] == compact:
            return account
    raise PortalError(404, "not_found", f"account {number} is not among this user's accounts")


def push_journal(portal: Portal, account_number: str, batch: Any) -> str:
    body = {"lines": batch} if isinstance(batch, list) else dict(batch)
    body.update(kind="journal", account_number=account_number)
    response = portal.call("POST", "/api/v1/imports/push/", ok=(201, 409, 422), json=body)
    record = response.json()
    if response.status_code == 409:
        return f"already pushed before ({record.get('message', '')})"
    if response.status_code == 422:
        problems = "; ".join(e["message"] for e in record.get("errors", [])[:10])
        raise PortalError(422, "refused", f"{record.get('message', '')} {problems}".strip())
    return (
        f"import #{record['id']} {record['status']}: {record['lines_in_file']} lines, {record['lines_stored']} "
        f"stored, {record['lines_known']} already known"
    )


def run_matching(portal: Portal, account_id: int, date: str, wait: float) -> dict[str, Any]:
    response = portal.call("POST", f"/api/v1/accounts/{account_id}/match-runs", ok=(202,), json={"date": date})
    run, location = response.json(), response.headers["Location"]
    deadline = time.monotonic() + wait
    while run["state"] in ("queued", "running"):
        if time.monotonic() > deadline:
            raise PortalError(504, "timeout", f"matching run {run['id']} still {run['state']} after {wait:.0f} s")
        time.sleep(0.5)
        run = portal.call("GET", location).json()
    if run["state"] != "done":
        raise PortalError(500, "run_failed", f"matching run {run['id']} {run['state']}: {run.get('message', '')}")
    return run


def _line_keys(suggestion: dict[str, Any]) -> list[tuple[str, int]]:
    return [("bank", line["id"]) for line in suggestion["bank_lines"]] + [
        ("journal", line["id"]) for line in suggestion["journal_entries"]
    ]


def accept_suggestions(portal: Portal, account_id: int, date: str, min_score: float) -> tuple[int, int]:
    """Accept each suggestion scoring at least ``min_score`` that is the clear best offer for every one of its lines.

    Returns (accepted, left to a person)."""
    offered = list(portal.pages(f"/api/v1/accounts/{account_id}/suggestions", {"date": date}))
    scores: dict[tuple[str, int], list[float]] = {}
    for suggestion in offered:
        for key in _line_keys(suggestion):
            scores.setdefault(key, []).append(suggestion["score"])
    # The second-best offer for each line: a suggestion scoring no higher is tied with (or beaten by) another.
    runner_up = {key: sorted(values, reverse=True)[1] if len(values) > 1 else -1.0 for key, values in scores.items()}
    accepted = 0
    for suggestion in offered:
        contested = any(runner_up[key] >= suggestion["score"] for key in _line_keys(suggestion))
        if suggestion["score"] < min_score or contested:
            continue
        try:
            portal.call("POST", f"/api/v1/suggestions/{suggestion['id']}/accept", ok=(201,))
            accepted += 1
        except PortalError as exc:
            if exc.status not in (404, 409):  # gone or matched meanwhile: someone else decided
                raise
    return accepted, len(offered) - accepted


def _unmatched(portal: Portal, account_id: int, date: str, side: str) -> list[dict[str, Any]]:
    return list(portal.pages(f"/api/v1/accounts/{account_id}/unmatched", {"date": date, "side": side}))


def match_by_ids(portal: Portal, account_id: int, date: str) -> int:
    """Pair each unmatched journal entry with the one unmatched bank line of its amount and direction whose text names
    the entry's voucher or cheque number; the ERP's own cross-reference, which the engine does not read."""
    bank = _unmatched(portal, account_id, date, "bank")
    matched = 0
    for entry in _unmatched(portal, account_id, date, "journal"):
        reference = entry["reference"].strip()
        if not reference:
            continue
        named = re.compile(rf"(?<![\w-]){re.escape(reference)}(?![\w-])")
        candidates = [
            line
            for line in bank
            if (line["amount"], line["direction"]) == (entry["amount"], entry["direction"])
            and (named.search(line["summary"]) or line["reference"] == reference)
        ]
        if len(candidates) != 1:
            continue
        line = candidates[0]
        body = {
            "bank_line_ids": [line["id"]],
            "journal_entry_ids": [entry["id"]],
            "note": f"ERP: {reference} named by the bank",
        }
        try:
            portal.call("POST", f"/api/v1/accounts/{account_id}/matches", ok=(201,), json=body)
        except PortalError as exc:
            if exc.status != 409:  # matched meanwhile
                raise
            continue
        bank.remove(line)
        matched += 1
    return matched


def fetch_table(portal: Portal, account: dict[str, Any], date: str, out: Path) -> tuple[dict[str, Any], list[Path]]:
    """The 余额调节表 as JSON, XLSX and PDF, saved under ``out``."""
    path = f"/api/v1/accounts/{account['id']}/adjustment"
    table = portal.call("GET", path, params={"date": date}).json()
    out.mkdir(parents=True, exist_ok=True)
    stem = f"adjustment-{account['number'].replace('/', '-')}-{date}"
    saved = [out / f"{stem}.json"]
    saved[0].write_text(json.dumps(table, ensure_ascii=False, indent=2), encoding="utf-8")
    for fmt in ("xlsx", "pdf"):
        saved.append(out / f"{stem}.{fmt}")
        saved[-1].write_bytes(portal.call("GET", path, params={"date": date, "format": fmt}).content)
    return table, saved


def print_table(table: dict[str, Any]) -> None:
    def money(value: str) -> str:
        return f"{Decimal(value):>18,.2f}"

    print(
        f"余额调节表 {table['account_number']} {table['company_name']} at {table['period_end']} ({table['currency']})"
    )
    print(
        f"  银行对账单余额            {money(table['bank_balance'])}    企业日记账余额            "
        f"{money(table['book_balance'])}"
    )
    for kind in KINDS:
        print(f"  {LABELS[kind]} {len(table[kind])} item(s) {money(table['totals'][kind])}")
        for item in table[kind]:
            print(f"      #{item['id']} {item['date']} {money(item['amount'])} {item['reference']} {item['summary']}")
    print(
        f"  调节后的银行存款余额      {money(table['adjusted_bank_balance'])}    调节后的企业账面余额      "
        f"{money(table['adjusted_book_balance'])}"
    )
    print("  调节相符 agreed" if table["agreed"] else f"  调节不符 difference {money(table['difference'])}")
    for notice in table["notices"]:
        print(f"  ! {notice}")


# -- the final step: answer the balance statement with the table ------------------------------------------------


def sign_body(body: bytes, key_id: str, private_key_pem: bytes) -> str:
    """The ``X-Answer-Signature`` header of an answer: ``<key id>:<base64 signature of the exact body bytes>``.

    The private key stays with the ERP; the bank registered its public half (``manage.py register_answer_key``) and
    gave the key id. Ed25519 signs the body itself, ECDSA P-256 with SHA-256 (DER), RSA with PSS (MGF1-SHA-256, salt
    of the digest length) and SHA-256. Needs the ``cryptography`` package.
    """
    import base64

    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa

    key = serialization.load_pem_private_key(private_key_pem, password=None)
    if isinstance(key, ed25519.Ed25519PrivateKey):
        signature = key.sign(body)
    elif isinstance(key, ec.EllipticCurvePrivateKey):
        signature = key.sign(body, ec.ECDSA(hashes.SHA256()))
    elif isinstance(key, rsa.RSAPrivateKey):
        signature = key.sign(
            body, padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.DIGEST_LENGTH), hashes.SHA256()
        )
    else:
        raise ValueError("the answer key must be Ed25519, ECDSA P-256 or RSA")
    return f"{key_id}:{base64.b64encode(signature).decode()}"


def answer_with_table(
    portal: Portal, statement_id: int, table: dict[str, Any], key_id: str, private_key_pem: bytes
) -> dict[str, Any]:
    """FINAL STEP (only with --answer): answer the period's balance statement with this 余额调节表, signed.

    ``POST /api/v1/statements/{id}/confirm`` with the book balance and the outstanding items (未达账项) of the table,
    each with its kind: 相符 when there are none and the balances agree, 调节后相符 when the items explain the
    difference to the cent (otherwise the portal answers 400 ``does_not_reconcile`` with the unexplained difference).
    Bank-side items must be lines of the statement's detail. The user needs the confirmer role of the company.

    The answer is signed with the company's key (``X-Answer-Signature`` over the exact body bytes sent; the body
    names the statement, and a ``request_id`` makes each answer's body unique): without a signature the portal
    answers 401 ``signature_required``, with a wrong one 403 ``bad_signature``.
    """
    outstanding = [
        {
            "kind": kind,
            "date": item["date"],
            "amount": item["amount"],
            "summary": item["summary"],
            "reference": item["reference"],
        }
        for kind in KINDS
        for item in table[kind]
    ]
    body = {
        "statement_id": statement_id,
        "request_id": f"erp-month-end-{time.time_ns()}",
        "book_balance": table["book_balance"],
        "outstanding": outstanding,
    }
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")  # these bytes are signed
    return portal.call(
        "POST",
        f"/api/v1/statements/{statement_id}/confirm",
        data=data,
        headers={"Content-Type": "application/json", "X-Answer-Signature": sign_body(data, key_id, private_key_pem)},
    ).json()


def find_statement(portal: Portal, account_number: str, date: str) -> int:
    """The current balance statement of the account whose period ends on ``date``."""
    mine = [
        s
        for s in portal.pages("/api/v1/statements/")
        if s["account_number"] == account_number and s["period_end"] == date
    ]
    if not mine:
        raise PortalError(404, "not_found", f"no balance statement of {account_number} for the period ending {date}")
    return max(mine, key=lambda s: s["version"])["id"]


# -- the command -------------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default=os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000"))
    parser.add_argument("--token", default=os.environ.get("PORTAL_TOKEN", ""), help="an API token (else a new one)")
    parser.add_argument("--username", default=os.environ.get("PORTAL_USERNAME", ""))
    parser.add_argument("--password", default=os.environ.get("PORTAL_PASSWORD", ""))
    parser.add_argument("--account", required=True, help="the bank account number")
    parser.add_argument("--date", required=True, help="the period end, YYYY-MM-DD")
    parser.add_argument(
        "--journal",
        type=Path,
        help="the journal to push, JSON (default: the demo's October, for the demo's account only)",
    )
    parser.add_argument("--min-score", type=float, default=0.9, help="accept suggestions scoring at least this")
    parser.add_argument("--out", type=Path, default=Path("."), help="where the three files are saved")
    parser.add_argument("--language", default="zh-hans", help="the portal's messages: zh-hans or en")
    parser.add_argument("--wait", type=float, default=600, help="seconds to wait for the matching run")
    parser.add_argument("--timeout", type=float, default=120, help="seconds per HTTP request")
    parser.add_argument("--answer", action="store_true", help="answer the period's statement with the table")
    parser.add_argument("--statement", type=int, help="with --answer: the statement id (default: found by period)")
    parser.add_argument(
        "--answer-key", type=Path, help="with --answer: the company's private key (PEM) the answer is signed with"
    )
    parser.add_argument(
        "--answer-key-id",
        default=os.environ.get("PORTAL_ANSWER_KEY_ID", ""),
        help="with --answer: the key id the bank gave for the key's public half",
    )
    args = parser.parse_args(argv)
    if args.answer and not (args.answer_key and args.answer_key_id):
        parser.error("--answer signs the answer: give --answer-key PEM and --answer-key-id (or PORTAL_ANSWER_KEY_ID)")
    if not args.token and not (args.username and args.password):
        parser.error("give --token (or PORTAL_TOKEN), or --username and --password (or PORTAL_USERNAME/PASSWORD)")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    portal = Portal(args.base_url, args.language, args.timeout)
    issued = None
    try:
        if args.token:
            portal.login(args.token)
        else:
            issued = get_token(portal, args.username, args.password)
            portal.login(issued["token"])
            print(f"token: #{issued['id']} for {args.username}, valid until {issued['expires_at']}")
        account = find_account(portal, args.account)
        print(f"account: {account['number']} (id {account['id']}) {account['customer_name']}")
        if args.journal:
            batch = json.loads(args.journal.read_text(encoding="utf-8"))
            print(f"journal: {push_journal(portal, account['number'], batch)}")
        elif account["number"] == DEMO_ACCOUNT:
            print(f"journal: {push_journal(portal, account['number'], DEMO_JOURNAL)}")
        else:
            print(f"journal: none pushed (the demo's October journal is account {DEMO_ACCOUNT}'s; give --journal FILE)")
        run = run_matching(portal, account["id"], args.date, args.wait)
        print(f"matching run #{run['id']}: {run['state']}, {run['matched']} matched, {run['suggested']} suggested")
        accepted, left = accept_suggestions(portal, account["id"], args.date, args.min_score)
        print(f"suggestions: {accepted} accepted (score >= {args.min_score}), {left} left to a person")
        print(f"matched by ids: {match_by_ids(portal, account['id'], args.date)}")
        table, saved = fetch_table(portal, account, args.date, args.out)
        print_table(table)
        print("files: " + ", ".join(str(path) for path in saved))
        if args.answer:
            statement_id = args.statement or find_statement(portal, account["number"], args.date)
            answered = answer_with_table(portal, statement_id, table, args.answer_key_id, args.answer_key.read_bytes())
            print(f"answered statement {answered['number']} v{answered['version']}: {answered['status']}")
        return 0 if table["agreed"] else 2
    except PortalError as exc:
        print(f"refused: {exc}", file=sys.stderr)
        return 1
    except requests.RequestException as exc:
        print(f"cannot reach the portal at {args.base_url}: {exc}", file=sys.stderr)
        return 1
    finally:
        if issued is not None:  # log out: a token the script asked for is not left behind
            try:
                portal.call("DELETE", f"/api/v1/tokens/{issued['id']}/", ok=(204,))
            except (PortalError, requests.RequestException):
                pass


if __name__ == "__main__":
    sys.exit(main())
