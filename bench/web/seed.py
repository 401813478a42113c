"""Seed the web benchmark's database and print what the load generator needs (one JSON line).

    DJANGO_SETTINGS_MODULE=bench.web.settings DATABASE_URL=... python bench/web/seed.py [--confirm 50000]

Run by ``bench_web.py`` on a freshly migrated database; not meant to be run against anything else.

* the *client* (``bench_client``: client viewer + confirmer of 上海恒瑞贸易有限公司) has 5 accounts with 24
  monthly statements each (2024-10 .. 2026-09): 120 statements, the newest period open (dispatched, due
  2026-12-31), the older ones confirmed. A logged-in session row is created with the test client and
  its cookie is handed to the load generator, with the ``csrftoken`` cookie the first page it loads sets (a
  browser sends it back on every later request; without it Django makes a new CSRF secret and ``Set-Cookie``
  on every page that carries a form): ``cookie_header(seed)`` is the ``Cookie:`` header the generators send. The list page shows the first 25 of them (it is
  paginated); the statement page is read for a random one of the 120 on every request.
* the *API client* (``bench_api``, confirmer of a second customer with a token) has ``--confirm``
  dispatched statements, due 2026-12-31, with consecutive ids: each confirm POST takes a fresh one.
  2,500 accounts x 20 periods (2025-02 .. 2026-09) for 50,000. Its company requires signed answers (the
  default): an Ed25519 key is registered for it, and with ``--signed-out FILE`` the seed writes one line per
  open statement, ``id<TAB>body<TAB>X-Answer-Signature``, the body ``{"statement_id": id}`` signed as a
  company's ERP would (README "Signed API answers"); the load generators send those bytes.
* queries per request are counted once per endpoint with the test client (CaptureQueriesContext).
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import secrets
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import django  # noqa: E402

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def months(first: tuple[int, int], count: int) -> list[tuple[str, dt.date]]:
    y, m = first
    out = []
    for _ in range(count):
        end = dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)
        out.append((f"{y}-{m:02d}", end))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def signed_confirms(path: str) -> dict[int, tuple[bytes, str]]:
    """The seed's signed confirm bodies (``--signed-out``): statement id -> (body, X-Answer-Signature)."""
    out = {}
    with open(path, encoding="ascii") as lines:
        for line in lines:
            statement_id, body, header = line.rstrip("\n").split("\t")
            out[int(statement_id)] = (body.encode(), header)
    return out


def cookie_header(seed: dict) -> str:
    """The signed-in client's ``Cookie`` header, as a browser that loaded one page sends it: the session and the
    CSRF cookie (a seed written before the CSRF cookie was kept has the session alone)."""
    csrf = seed.get("csrf_cookie")
    return f"sessionid={seed['cookie']}" + (f"; csrftoken={csrf}" if csrf else "")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--confirm", type=int, default=50_000)
    ap.add_argument("--signed-out", help="write the signed confirm bodies here (one line per open statement)")
    args = ap.parse_args()
    django.setup()
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from portal.models import Role, RoleGrant, User
    from reconcile.models import BankAccount, Customer
    from statements.models import Agreement, BalanceStatement, Channel, Cycle, StatementStatus
    from statements.services.answer_signing import answer_key_register
    from tests.factories import api_key, credit_code

    now = timezone.now()
    due = dt.date(2026, 12, 31)
    used_codes: set[str] = set()

    def code() -> str:
        while True:
            c = "".join(secrets.choice(ALPHABET) for _ in range(12))
            if c not in used_codes:
                used_codes.add(c)
                return c

    def statements(
        customer: Customer, n_accounts: int, periods: list[tuple[str, dt.date]], prefix: str, open_periods: set[str]
    ) -> list[int]:
        accounts = BankAccount.objects.bulk_create(
            [
                BankAccount(number=f"{prefix}{i:06d}", customer=customer, branch="上海浦东分行营业部")
                for i in range(n_accounts)
            ],
            batch_size=2000,
        )
        accounts = list(BankAccount.objects.filter(customer=customer).order_by("pk"))
        agreements = {
            a.account_id: a
            for a in Agreement.objects.bulk_create(
                [
                    Agreement(
                        account=a,
                        cycle=Cycle.MONTHLY,
                        channel=Channel.ONLINE_BANKING,
                        contact_name="王丽",
                        mobile="13812345678",
                        valid_from=dt.date(2024, 1, 1),
                    )
                    for a in accounts
                ],
                batch_size=2000,
            )
        }
        if any(a.pk is None for a in agreements.values()):
            agreements = {a.account_id: a for a in Agreement.objects.filter(account__customer=customer)}
        rows = []
        for label, end in periods:
            is_open = label in open_periods
            for a in accounts:
                number = f"{label.replace('-', '')}-{a.pk:08d}"
                rows.append(
                    BalanceStatement(
                        account=a,
                        agreement=agreements[a.pk],
                        period=label,
                        period_end=end,
                        number=number,
                        version=1,
                        currency="CNY",
                        balance=Decimal(1_000_000 + a.pk * 7).scaleb(-2),
                        balance_source="core_feed",
                        channel=Channel.ONLINE_BANKING,
                        status=StatementStatus.DISPATCHED if is_open else StatementStatus.CONFIRMED,
                        verification_code=code(),
                        content_hash="0" * 64,
                        dispatched_at=now,
                        due_date=due if is_open else end + dt.timedelta(days=20),
                        answered_at=None if is_open else now,
                    )
                )
        BalanceStatement.objects.bulk_create(rows, batch_size=2000)
        return list(
            BalanceStatement.objects.filter(account__customer=customer).order_by("pk").values_list("pk", flat=True)
        )

    with transaction.atomic():
        client_co = Customer.objects.create(legal_name="上海恒瑞贸易有限公司", credit_code=credit_code(1))
        api_co = Customer.objects.create(legal_name="北京中科信达科技有限公司", credit_code=credit_code(2))
        list_ids = statements(client_co, 5, months((2024, 10), 24), "3105016137", {"2026-09"})
        n_accounts = max(1, args.confirm // 20)
        confirm_ids = statements(
            api_co, n_accounts, months((2025, 2), 20), "1100123456", {p for p, _ in months((2025, 2), 20)}
        )
        users = {}
        for username, customer in (("bench_client", client_co), ("bench_api", api_co)):
            user = User.objects.create_user(username=username, password="Bench@2026!", customer=customer)
            RoleGrant.objects.bulk_create(
                [RoleGrant(user=user, role=Role.CLIENT_VIEWER), RoleGrant(user=user, role=Role.CLIENT_CONFIRMER)]
            )
            users[username] = user
        token = api_key(users["bench_api"])
        private_key = ed25519.Ed25519PrivateKey.generate()
        pem = private_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        key_id = answer_key_register(actor=None, credit_code=api_co.credit_code, public_key=pem, name="bench").key_id

    def signed(statement_id: int) -> tuple[bytes, str]:
        body = json.dumps({"statement_id": statement_id}).encode()
        return body, f"{key_id}:{base64.b64encode(private_key.sign(body)).decode()}"

    if args.signed_out:
        with open(args.signed_out, "w", encoding="ascii") as out:
            for statement_id in confirm_ids:
                body, header = signed(statement_id)
                out.write(f"{statement_id}\t{body.decode()}\t{header}\n")
    assert confirm_ids == list(range(confirm_ids[0], confirm_ids[0] + len(confirm_ids))), "ids not consecutive"
    assert list_ids == list(range(list_ids[0], list_ids[0] + len(list_ids))), "ids not consecutive"

    web = Client(HTTP_HOST="127.0.0.1")
    web.force_login(users["bench_client"])
    cookie = web.cookies["sessionid"].value
    queries = {}

    def confirm(statement_id: int):  # noqa: ANN202 (a test-client response)
        body, header = signed(statement_id)
        return Client(HTTP_HOST="127.0.0.1").generic(
            "POST",
            f"/api/v1/statements/{statement_id}/confirm",
            body,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {token}",
            HTTP_X_ANSWER_SIGNATURE=header,
        )

    for name, call in (
        ("list", lambda: web.get("/statements/")),
        ("detail (first view: marks viewed)", lambda: web.get(f"/statements/{list_ids[-1]}/")),
        ("detail", lambda: web.get(f"/statements/{list_ids[-1]}/")),
        ("confirm (signed)", lambda: confirm(confirm_ids[-1])),
        ("confirm again (409)", lambda: confirm(confirm_ids[-1])),
    ):
        with CaptureQueriesContext(connection) as ctx:
            response = call()
        queries[name] = {
            "status": response.status_code,
            "queries": len(ctx.captured_queries),
            "bytes": len(response.content),
        }
    BalanceStatement.objects.filter(pk=list_ids[-1]).update(status=StatementStatus.DISPATCHED, viewed_at=None)
    print(
        json.dumps(
            {
                "cookie": cookie,
                "csrf_cookie": web.cookies["csrftoken"].value,
                "token": token,
                "list_lo": list_ids[0],
                "list_hi": list_ids[-1],
                "confirm_lo": confirm_ids[0],
                "confirm_hi": confirm_ids[-2],
                "signed_file": args.signed_out or "",
                "queries": queries,
            }
        )
    )


if __name__ == "__main__":
    main()
