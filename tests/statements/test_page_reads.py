"""The statement page's compiled reads (statements.selectors.page) return what the plain querysets return, for
every persona: two customers, bank staff, a group user with grants, a signed-out visitor, a deactivated user."""

from __future__ import annotations

import io

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command

from portal.auth import PortalBackend
from portal.models import Role
from statements.models import BalanceStatement
from statements.selectors import statements_for
from statements.selectors.page import (
    PAGE_COLUMNS,
    statement_answers,
    statement_disputes,
    statement_page_reads,
    statement_versions,
    statement_visible,
)
from statements.services.confirmations import confirmation_submit
from tests.factories import make_user
from tests.fixtures.groups import DURING

pytestmark = pytest.mark.django_db


def _signed_in(user):
    """The user as a request has it: loaded by the portal's backend, with roles and the group-grant flag."""
    return PortalBackend().get_user(user.pk)


def _plain(user, pk):
    return statements_for(user).select_related("agreement").filter(pk=pk).first()


def _as_page_reads_it(statement):
    """A statement's values under the names the page reads them (``PAGE_COLUMNS``), from the model instance or from
    the page's ``PageStatement``; None stays None."""
    if statement is None:
        return None
    values = {}
    for column in PAGE_COLUMNS:
        value = statement
        for name in column.replace("__", ".").split("."):
            value = getattr(value, name)
        values[column] = value
    return {**values, "status_display": str(statement.get_status_display())}


def test_each_persona_sees_through_the_compiled_read_exactly_what_the_queryset_shows(
    group,
    group_user,
    client_a,
    client_b,
    ops,
    customer_a,  # noqa: F811 - fixtures
):
    inactive = make_user("gone", [Role.CLIENT_VIEWER], customer_a)
    inactive.is_active = False
    inactive.save()
    personas = {
        "client_a": _signed_in(client_a),
        "client_b": _signed_in(client_b),
        "ops": _signed_in(ops),
        "group": _signed_in(group_user),
        "anonymous": AnonymousUser(),
        "inactive": inactive,
    }
    statement_ids = list(BalanceStatement.objects.values_list("pk", flat=True)) + [10**9]
    seen = {}
    for name, user in personas.items():
        seen[name] = set()
        for pk in statement_ids:
            statement = statement_visible(user, pk)
            assert statement == _plain(user, pk), (name, pk)
            reads = statement_page_reads(user, pk)  # the page's one read, tenancy in its WHERE clause too
            assert _as_page_reads_it(reads.statement if reads else None) == _as_page_reads_it(statement), (name, pk)
            if statement is not None:
                seen[name].add(pk)
                assert statement.agreement_id == statement.agreement.pk  # agreement, account, customer loaded
                assert statement.account.customer.pk == statement.account.customer_id
    assert len(seen["ops"]) == len(statement_ids) - 1
    assert seen["group"] == {group["parent"].pk, *(s.pk for s in group["subs"][:2])}
    assert seen["client_b"] == {group["outsider"].pk}
    assert seen["anonymous"] == seen["inactive"] == set()


def test_a_grant_withdrawn_hides_the_subsidiary_from_the_compiled_read_at_once(group, group_user, ops):  # noqa: F811
    sub = group["subs"][0]
    assert statement_visible(_signed_in(group_user), sub.pk) == sub
    call_command(
        "group_grant",
        group_user.username,
        "--subsidiary",
        sub.account.customer.credit_code,
        "--withdraw",
        stdout=io.StringIO(),
    )
    assert statement_visible(_signed_in(group_user), sub.pk) is None


def test_answers_disputes_and_versions_are_the_querysets_rows(group, group_user):  # noqa: F811
    statement = group["parent"]
    with time_machine.travel(DURING, tick=False):
        confirmation_submit(
            actor=_signed_in(group_user),
            statement_id=statement.pk,
            decision="disagree",
            book_balance="850.00",
            reason="账上少 100 元",
            outstanding=[{"kind": "journal_out_not_bank", "date": "2026-09-28", "amount": "100.00", "summary": "付款"}],
        )
    statement.refresh_from_db()  # disputed now
    answers = statement_answers(statement)
    assert answers and answers[0].items.all()  # the items came with the prefetch
    reads = statement_page_reads(_signed_in(group_user), statement.pk)
    assert reads is not None and _as_page_reads_it(reads.statement) == _as_page_reads_it(statement)
    assert reads.answers == answers and reads.disputes == statement_disputes(statement)
    assert [v.pk for v in reads.versions] == [v.pk for v in statement_versions(statement)] and not reads.has_draft
    assert statement_disputes(statement) == list(statement.disputes.order_by("opened_at"))
    assert statement_answers(statement) == list(statement.confirmations.order_by("submitted_at", "pk"))
    assert statement_versions(statement) == list(
        BalanceStatement.objects.filter(account=statement.account, period=statement.period).order_by("version")
    )


def test_the_listing_pages_are_the_querysets_pages_for_each_persona(
    group,
    group_user,
    client_a,
    client_b,
    ops,  # noqa: F811 - fixtures
):
    from django.core.paginator import Paginator

    from statements.selectors.page import STATEMENT_ROW_FIELDS, StatementListing, with_outcome

    for user in (_signed_in(client_a), _signed_in(client_b), _signed_in(ops), _signed_in(group_user), AnonymousUser()):
        for period in ("", "2026-09", "2026-08", "=1+1'\"<x>"):
            plain = statements_for(user).order_by("-period_end", "account__number", "-version")
            if period:
                plain = plain.filter(period=period)
            rows = list(with_outcome(plain).values_list(*STATEMENT_ROW_FIELDS))
            listing = StatementListing(user, period)
            assert listing.count() == len(listing) == len(rows), (user, period)
            for size in (1, 2, 25):
                pages = Paginator(listing, size)
                assert [row for n in pages.page_range for row in pages.page(n).object_list] == rows
                # page(): the count read with the rows, the same page as Paginator.get_page for any number given
                for number in (None, "1", "2", "3", "0", "-1", "999", "x", "2.0", 2):
                    one, django = listing.page(number, size), pages.get_page(number)
                    assert (one.number, list(one.object_list)) == (django.number, list(django.object_list))
                    assert (one.paginator.count, one.paginator.num_pages) == (pages.count, pages.num_pages)


def test_the_remaining_personas_and_two_users_of_one_shape_read_exactly_what_the_queryset_shows(
    group,
    group_user,
    customer_a,
    customer_b,  # noqa: F811 - fixtures
):
    """A superuser, the bank's feed (imports, sees nothing), a bank user without roles, a company user without
    roles, an API token's user, and a second group user of the same shape granted another subsidiary: the compiled
    read binds each one's own ids, so no user reads through SQL compiled for another."""
    from portal.auth import PortalTokenAuthentication
    from tests.factories import api_key

    parent, subs, outsider = group["parent"], group["subs"], group["outsider"]
    # a statement not dispatched yet: only the bank sees it
    BalanceStatement.objects.filter(pk=subs[2].pk).update(dispatched_at=None)
    superuser = make_user("root", [], None)
    superuser.is_superuser = True
    superuser.save()
    second = make_user("group_second", [Role.CLIENT_VIEWER], customer_a)
    call_command(
        "group_grant",
        second.username,
        "--subsidiary",
        subs[1].account.customer.credit_code,
        "--authorisation",
        "授权书 2026-09-30",
        stdout=io.StringIO(),
    )
    token_user, _token = PortalTokenAuthentication().authenticate_credentials(api_key(group_user))
    personas = {
        "superuser": _signed_in(superuser),
        "feed": _signed_in(make_user("core_banking", [Role.BANK_FEED], None)),
        "bank_no_role": _signed_in(make_user("nobody_bank", [], None)),
        "company_no_role": _signed_in(make_user("nobody_a", [], customer_a)),
        "group": _signed_in(group_user),
        "second": _signed_in(second),
        "token_group": token_user,
        "b_with_a_grant_flag": _signed_in(make_user("viewer_b", [Role.CLIENT_VIEWER], customer_b)),
    }
    # a stale flag (a grant loaded, then withdrawn) must only make the read slower, never wider
    personas["b_with_a_grant_flag"].has_group_grant = True
    statement_ids = list(BalanceStatement.objects.values_list("pk", flat=True))
    seen = {name: set() for name in personas}
    for _round in range(2):  # the second round reads through SQL compiled for whichever user came first
        for name, user in personas.items():
            for pk in statement_ids:
                statement = statement_visible(user, pk)
                assert statement == _plain(user, pk), (name, pk)
                reads = statement_page_reads(user, pk)
                assert _as_page_reads_it(reads.statement if reads else None) == _as_page_reads_it(statement), (
                    name,
                    pk,
                )
                if statement is not None:
                    seen[name].add(pk)
    assert seen["superuser"] == set(statement_ids)
    assert seen["feed"] == seen["bank_no_role"] == set()
    assert seen["company_no_role"] == {parent.pk}
    assert seen["group"] == seen["token_group"] == {parent.pk, subs[0].pk, subs[1].pk}
    assert seen["second"] == {parent.pk, subs[1].pk}
    assert seen["b_with_a_grant_flag"] == {outsider.pk}
