"""勾对规则: the accountant's matching rules (match by pattern, never auto-match, alias), per company or account."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reconcile.models.books import BankAccount, Customer
from reconcile.models.matching import Match


class RuleKind(models.TextChoices):
    MATCH = "match", _("Match by pattern")
    NEVER = "never", _("Never auto-match")
    ALIAS = "alias", _("Same party (alias)")


# A learned name's ``name`` as earlier versions stored it, in the language of whoever made the match; a learned name
# is stored with its facts only (the two names, the match) and its label is said in the reader's language.
LEARNED_NAME_LABELS = frozenset({"Learned name", "学习到的名称"})


class MatchRuleQuerySet(models.QuerySet["MatchRule"]):
    def in_force(self) -> MatchRuleQuerySet:
        """The rules matching runs apply: active ones (a proposal is never active)."""
        return self.filter(active=True)


class MatchRule(models.Model):
    """A rule the engine applies before its own stages (``reconcile.engine.rules``), lower priority first.

    ``account`` empty: the rule holds for every account of the company. A learned name (an alias proposed after a
    manual match) is a rule with ``proposed`` set and ``active`` clear until the accountant accepts it.
    """

    CUSTOMER_LOOKUP = "customer"

    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="match_rules", verbose_name=_("customer")
    )
    account = models.ForeignKey(
        BankAccount,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="match_rules",
        verbose_name=_("bank account"),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=RuleKind.choices)
    name = models.CharField(_("name"), max_length=80, blank=True)
    priority = models.PositiveSmallIntegerField(_("priority"), default=100)
    active = models.BooleanField(_("active"), default=True)
    proposed = models.BooleanField(_("proposed"), default=False)
    pattern = models.CharField(_("pattern"), max_length=200)
    journal_pattern = models.CharField(_("journal pattern"), max_length=200, blank=True)
    target = models.CharField(_("same party as"), max_length=200, blank=True)
    direction = models.CharField(_("direction"), max_length=3, blank=True)
    min_amount = models.DecimalField(_("minimum amount"), max_digits=18, decimal_places=2, null=True, blank=True)
    max_amount = models.DecimalField(_("maximum amount"), max_digits=18, decimal_places=2, null=True, blank=True)
    days = models.PositiveSmallIntegerField(_("days apart"), default=0)
    learned_from = models.ForeignKey(Match, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MatchRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("matching rule")
        verbose_name_plural = _("matching rules")
        ordering = ["priority", "pk"]
        indexes = [models.Index(fields=["customer", "active"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=RuleKind.values), name="matchrule_kind_valid"),
            models.CheckConstraint(
                condition=models.Q(direction__in=["", "in", "out"]), name="matchrule_direction_valid"
            ),
            models.CheckConstraint(
                condition=~(models.Q(proposed=True) & models.Q(active=True)), name="matchrule_proposal_inactive"
            ),
            # One proposal per learned name and account: a name matched by hand twice is proposed once.
            models.UniqueConstraint(
                fields=["customer", "account", "pattern", "target"],
                condition=models.Q(kind="alias"),
                name="matchrule_alias_once",
            ),
        ]

    def __str__(self) -> str:
        return self.shown_name or f"{self.get_kind_display()} {self.pattern}"

    @property
    def is_learned(self) -> bool:
        """An alias proposed after a manual match (accepted, dismissed or awaiting the accountant)."""
        return self.kind == RuleKind.ALIAS and self.learned_from_id is not None

    @property
    def own_name(self) -> str:
        """The name a person gave the rule; "" for a learned name that has only its stored label."""
        return "" if self.is_learned and self.name in LEARNED_NAME_LABELS else self.name

    @property
    def shown_name(self) -> str:
        """The name as pages and the API show it: a learned name without one of its own is labelled in the reader's
        language."""
        if self.is_learned and not self.own_name:
            return str(_("Learned name"))
        return self.name
