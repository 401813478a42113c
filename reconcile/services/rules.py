"""The accountant's matching rules: create, change, delete, accept or dismiss a learned name; every change audited.

Rules are the company's (``customer``), optionally narrowed to one of its accounts. Only an accountant of the
company changes them. Learned names: a manual match whose bank line names another party than its journal entry
proposes an alias rule (inactive, ``proposed``) that the accountant accepts or dismisses.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core.actors import Actor, user_row
from core.errors import ConflictError, ServiceError
from core.roles import Role, roles_of
from core.services.audit import audit_record, snapshot
from core.text import refuse_hidden_characters
from reconcile.engine.rules import PATTERN_MAX, fold, learned_alias
from reconcile.models import BankAccount, BankLine, JournalEntry, Match, MatchRule, RuleKind
from reconcile.models.rules import LEARNED_NAME_LABELS

FIELDS = [
    "customer_id",
    "account_id",
    "kind",
    "name",
    "priority",
    "active",
    "proposed",
    "pattern",
    "journal_pattern",
    "target",
    "direction",
    "min_amount",
    "max_amount",
    "days",
]
EDITABLE = frozenset(FIELDS) - {"customer_id", "proposed"}
TEXTS = ("name", "pattern", "journal_pattern", "target")
NAME_MAX, DAYS_MAX, PRIORITY_MAX = 80, 31, 10_000
# Rules of one company, learned names awaiting the accountant and dismissed ones included: every run and every
# preview (inside the request) tries each rule on each line, so their number is what a run costs.
RULES_MAX = 500
# What a spreadsheet would read as a formula: a rule's texts are names and words, never one.
_FORMULA_START = frozenset("=+-@＝＋－＠")


def _require_accountant(actor: Actor, customer_id: int | None) -> None:
    if (
        customer_id is None
        or getattr(actor, "customer_id", None) != customer_id
        or (Role.ACCOUNTANT not in roles_of(actor))
    ):
        raise ServiceError(_("Only an accountant of the company may change its matching rules."), code="forbidden")


def _text(field: str, value: Any, limit: int) -> str:
    text = " ".join(str(value if value is not None else "").split())
    if len(text) > limit:
        raise ServiceError(
            _("%(field)s is longer than %(n)s characters.") % {"field": _label(field), "n": limit},
            code="invalid",
            field=field,
        )
    # Control characters (C0, DEL, C1) and the bidirectional overrides and isolates: a rule's texts are shown in the
    # workbench and quoted in every reason it writes, where a hidden U+202E would reverse what a person reads.
    refuse_hidden_characters(text, where=_label(field), field=field)
    if text[:1] in _FORMULA_START:
        raise ServiceError(
            _("%(field)s may not start with =, +, - or @ (what a spreadsheet reads as a formula).")
            % {"field": _label(field)},
            code="invalid",
            field=field,
        )
    return text


def _amount(field: str, value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        amount = None
    if (
        amount is None
        or not amount.is_finite()
        or not 0 <= amount < Decimal("1e16")
        or (amount != amount.quantize(Decimal("0.01")))
    ):
        raise ServiceError(
            _("%(field)s must be an amount of at least 0.00 with at most two decimals, e.g. 50.00; got '%(value)s'.")
            % {"field": _label(field), "value": str(value)[:30]},
            code="invalid",
            field=field,
        )
    return amount


def _int(field: str, value: Any, high: int) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        number = -1
    if not 0 <= number <= high:
        raise ServiceError(
            _("%(field)s must be a whole number from 0 to %(n)s; got '%(value)s'.")
            % {"field": _label(field), "n": high, "value": str(value if value is not None else "")[:30]},
            code="invalid",
            field=field,
        )
    return number


def _label(field: str) -> str:
    """A field as messages name it: in the reader's language and in the rules page's own words (金额不低于 where the
    page labels the field so), never the API's key (min_amount)."""
    if field in _PAGE_LABELS:
        return _PAGE_LABELS[field]()
    return str(getattr(MatchRule._meta.get_field(field), "verbose_name", field))


# The fields the rules page labels otherwise than the model names them (templates/portal/reconcile/rules.html).
_PAGE_LABELS = {"min_amount": lambda: _("Amount at least"), "max_amount": lambda: _("Amount at most")}


def _clean(rule: MatchRule) -> None:
    """Check and normalise the fields of a rule about to be saved; the message names the field."""
    if rule.kind not in RuleKind.values:
        raise ServiceError(_("kind must be one of match, never, alias."), code="invalid", field="kind")
    rule.name = _text("name", rule.name, NAME_MAX)
    for field in ("pattern", "journal_pattern", "target"):
        setattr(rule, field, _text(field, getattr(rule, field), PATTERN_MAX))
    if not fold(rule.pattern).replace("*", "").strip():
        raise ServiceError(
            _("%(field)s is required: the text (a name or words of the summary) the rule looks for.")
            % {"field": _label("pattern")},
            code="invalid",
            field="pattern",
        )
    if rule.kind == RuleKind.ALIAS and not rule.target:
        raise ServiceError(
            _("An alias needs %(field)s: the name the text stands for.") % {"field": _label("target")},
            code="invalid",
            field="target",
        )
    if rule.kind == RuleKind.ALIAS and fold(rule.pattern) == fold(rule.target):
        raise ServiceError(
            _("%(target)s is the same name as %(pattern)s: an alias needs two different names.")
            % {"target": _label("target"), "pattern": _label("pattern")},
            code="invalid",
            field="target",
        )
    if rule.direction not in ("", "in", "out"):
        raise ServiceError(_("direction must be in, out or empty (either)."), code="invalid", field="direction")
    rule.min_amount = _amount("min_amount", rule.min_amount)
    rule.max_amount = _amount("max_amount", rule.max_amount)
    if rule.min_amount is not None and rule.max_amount is not None and rule.min_amount > rule.max_amount:
        raise ServiceError(
            _("“%(low_field)s” %(low)s is above “%(high_field)s” %(high)s.")
            % {
                "low_field": _label("min_amount"),
                "low": f"{rule.min_amount:,.2f}",
                "high_field": _label("max_amount"),
                "high": f"{rule.max_amount:,.2f}",
            },
            code="invalid",
            field="min_amount",
        )
    rule.days = _int("days", rule.days, DAYS_MAX)
    rule.priority = _int("priority", rule.priority, PRIORITY_MAX)
    if rule.kind != RuleKind.MATCH:  # these only mean something to a match rule
        rule.journal_pattern, rule.min_amount, rule.max_amount, rule.days, rule.direction = "", None, None, 0, ""
    if rule.kind != RuleKind.ALIAS:
        rule.target = ""


def _account_of(customer_id: int, account_id: Any) -> int | None:
    if account_id in (None, ""):
        return None
    try:
        return BankAccount.objects.only("pk").get(pk=int(account_id), customer_id=customer_id).pk
    except (BankAccount.DoesNotExist, TypeError, ValueError):
        raise ServiceError(
            _("account_id is not an account of this company."), code="invalid", field="account_id"
        ) from None


def _at_cap(customer_id: int | None) -> bool:
    # Counted without a lock: a manual match proposes a name while holding the audit chain's head, which a lock of
    # the company here would wait for in the opposite order. Two creations at once may pass the cap by one.
    owner = (
        Q(customer__isnull=True) if customer_id is None else Q(customer_id=customer_id)
    )  # bank-wide or one company's
    return MatchRule.objects.filter(owner).count() >= RULES_MAX


def _refuse_past_cap(customer_id: int) -> None:
    if _at_cap(customer_id):  # a limit of what is stored, as a user's tokens (409 too_many_tokens): 409
        raise ConflictError(
            _(
                "The company has %(n)s matching rules, the most it may have (learned names and dismissed ones "
                "included): delete rules it no longer needs first."
            )
            % {"n": RULES_MAX},
            code="too_many_rules",
        )


def _save(rule: MatchRule) -> None:
    try:
        with transaction.atomic():
            rule.save()
    except IntegrityError:
        raise ConflictError(_("The same alias exists already for this scope."), code="duplicate") from None


def match_rule_create(*, actor: Actor, fields: dict[str, Any]) -> MatchRule:
    """A new rule of the actor's company; ``fields`` as in ``EDITABLE`` (``account_id`` optional)."""
    customer_id = getattr(actor, "customer_id", None)
    _require_accountant(actor, customer_id)
    assert customer_id is not None  # _require_accountant refuses a user of no company
    unknown = set(fields) - EDITABLE
    if unknown:
        raise ServiceError(_("Unknown field: %(f)s.") % {"f": ", ".join(sorted(unknown))[:80]}, code="invalid")
    rule = MatchRule(
        customer_id=customer_id, created_by=user_row(actor), **{k: v for k, v in fields.items() if k != "account_id"}
    )
    rule.account_id = _account_of(customer_id, fields.get("account_id"))
    rule.active = bool(fields.get("active", True))
    _clean(rule)
    with transaction.atomic():
        _refuse_past_cap(customer_id)
        _save(rule)
        audit_record(actor=actor, action="match_rule.created", target=rule, after=snapshot(rule, FIELDS))
    return rule


def _locked(actor: Actor, rule_id: int) -> MatchRule:
    # The caller's right first, read without a lock: another customer's request must not make this rule wait.
    customer_id = MatchRule.objects.filter(pk=rule_id).values_list("customer_id", flat=True).first()
    if customer_id is None:
        raise ServiceError(_("No such rule."), code="not_found")
    _require_accountant(actor, customer_id)
    try:
        rule = MatchRule.objects.select_for_update().get(pk=rule_id)
    except MatchRule.DoesNotExist:
        raise ServiceError(_("No such rule."), code="not_found") from None
    return rule


def _name_given(rule: MatchRule, value: Any) -> Any:
    """The name a change gives: for a learned name, its label in either language (what a GET answered, in the
    reader's language) or nothing means "no name of its own", so sending the label back changes no stored data."""
    if rule.is_learned and isinstance(value, str) and (value.strip() in LEARNED_NAME_LABELS or not value.strip()):
        return rule.name if not rule.own_name else ""
    return value


def match_rule_update(*, actor: Actor, rule_id: int, changes: dict[str, Any]) -> MatchRule:
    """Change some fields of a rule (``active=False`` deactivates it; activating a proposal accepts it)."""
    unknown = set(changes) - EDITABLE
    if unknown:
        raise ServiceError(_("Unknown field: %(f)s.") % {"f": ", ".join(sorted(unknown))[:80]}, code="invalid")
    with transaction.atomic():
        rule = _locked(actor, rule_id)
        before = snapshot(rule, FIELDS)
        for key, value in changes.items():
            if key == "account_id":
                rule.account_id = _account_of(rule.customer_id, value)
            elif key == "name":
                rule.name = _name_given(rule, value)
            else:
                setattr(rule, key, bool(value) if key == "active" else value)
        if rule.active:
            rule.proposed = False  # an accepted learned name is an ordinary alias rule from now on
        _clean(rule)
        after = snapshot(rule, FIELDS)
        if after == before:
            return rule  # nothing changes (an empty PATCH, the same values again): no write, no audit event
        _save(rule)
        audit_record(
            actor=actor,
            action="match_rule.updated",
            target=rule,
            before={k: v for k, v in before.items() if after[k] != v},
            after={k: v for k, v in after.items() if before[k] != v},
        )
    return rule


def match_rule_accept(*, actor: Actor, rule_id: int) -> MatchRule:
    """Accept a learned name: the proposal becomes an active alias rule."""
    with transaction.atomic():
        rule = _locked(actor, rule_id)
        if not rule.proposed:
            raise ConflictError(_("This rule is not a proposal (it was accepted or dismissed)."), code="not_proposed")
        rule.active, rule.proposed = True, False
        rule.save(update_fields=["active", "proposed", "updated_at"])
        audit_record(actor=actor, action="match_rule.accepted", target=rule, after=snapshot(rule, FIELDS))
    return rule


def match_rule_dismiss(*, actor: Actor, rule_id: int) -> MatchRule:
    """Dismiss a learned name: it stays, inactive, so the same names are not proposed again."""
    with transaction.atomic():
        rule = _locked(actor, rule_id)
        if not rule.proposed:
            raise ConflictError(_("This rule is not a proposal (it was accepted or dismissed)."), code="not_proposed")
        rule.proposed = False
        rule.save(update_fields=["proposed", "updated_at"])
        audit_record(actor=actor, action="match_rule.dismissed", target=rule, after=snapshot(rule, FIELDS))
    return rule


def match_rule_delete(*, actor: Actor, rule_id: int) -> None:
    with transaction.atomic():
        rule = _locked(actor, rule_id)
        before = snapshot(rule, FIELDS)
        audit_record(
            actor=actor,
            action="match_rule.deleted",
            target_type="reconcile.matchrule",
            target_id=str(rule.pk),
            before=before,
        )
        rule.delete()


def alias_propose(
    *, actor: Actor | None, group: Match, bank: list[BankLine], journal: list[JournalEntry]
) -> MatchRule | None:
    """After a manual match: if its bank lines name one party and its journal entries another (after the engine's
    name cores, so "上海恒瑞贸易有限公司" and "恒瑞贸易" are already the same), propose the bank's name as an alias of
    the journal's. Runs inside the match's transaction; None when there is nothing to learn or it is known."""
    learned = learned_alias([b.counterparty_name for b in bank], [j.counterparty_name for j in journal])
    if learned is None or group.account.customer_id is None:
        return None
    said, meant = learned
    known = MatchRule.objects.filter(customer_id=group.account.customer_id, kind=RuleKind.ALIAS, pattern=said)
    if known.filter(account=None).exists() or known.filter(account=group.account).exists():
        return None  # accepted, proposed or dismissed before: asked once
    rule = MatchRule(
        customer_id=group.account.customer_id,
        account=group.account,
        kind=RuleKind.ALIAS,
        name="",  # the facts only (the two names, the match): pages label it in their reader's language
        pattern=said,
        target=meant,
        active=False,
        proposed=True,
        learned_from=group,
        created_by=user_row(actor),
    )
    try:
        _clean(rule)
    except ServiceError:
        return None  # a name no rule may hold (control characters, a formula): nothing proposed
    if _at_cap(group.account.customer_id):
        return None  # the company's rules are at their cap: nothing more is proposed
    try:
        with transaction.atomic():
            rule.save()
    except IntegrityError:
        return None
    audit_record(actor=actor, action="match_rule.proposed", target=rule, after=snapshot(rule, FIELDS))
    return rule
