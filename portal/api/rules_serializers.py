"""Shapes of the matching rules over the API, shared by the rules views and the manual match's answer."""

from __future__ import annotations

from rest_framework import serializers

from portal.api.reconcile_serializers import LineSerializer, MatchSerializer
from reconcile.models import MatchRule

FIELD_HELP = {
    "kind": "match (pair by pattern), never (never auto-match: only suggestions), alias (treat two names as one).",
    "account_id": "One of the company's accounts, or null: every account of the company.",
    "priority": "Lower first (0-10000).",
    "pattern": "Plain text the bank line's counterparty or summary contains (alias: the name itself); `*` stands for "
    "any text; no case, full- and half-width alike. No regular expressions.",
    "journal_pattern": "match: text the journal entry's counterparty or summary contains (empty: any entry).",
    "target": "alias: the name the pattern stands for (the journal's name).",
    "direction": "match: in, out or empty (either).",
    "min_amount": "match: the lines' amount is at least this (decimal string).",
    "max_amount": "match: the lines' amount is at most this, e.g. 50.00 for fees.",
    "days": "match: the bank line and the entry are at most this many calendar days apart (0-31).",
    "active": "Applied by matching runs. Activating a proposal accepts it.",
    "proposed": "A learned name awaiting the accountant (read-only).",
}


class MatchRuleSerializer(serializers.ModelSerializer):
    account_id = serializers.IntegerField(allow_null=True, required=False, help_text=FIELD_HELP["account_id"])
    learned_from_match_id = serializers.IntegerField(source="learned_from_id", read_only=True, allow_null=True)
    name = serializers.CharField(
        source="shown_name",
        read_only=True,
        help_text="The rule's name; a learned name without a name of its own is labelled in the request's language "
        "(Learned name, 学习到的名称).",
    )

    class Meta:
        model = MatchRule
        fields = [
            "id",
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
            "learned_from_match_id",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "proposed", "learned_from_match_id", "created_at", "updated_at"]
        extra_kwargs = {name: {"help_text": text} for name, text in FIELD_HELP.items() if name != "account_id"}


class ManualMatchResultSerializer(MatchSerializer):
    alias_proposal = MatchRuleSerializer(
        allow_null=True,
        read_only=True,
        help_text=(
            "A learned name: the bank line names another party than the journal entry, so the product proposes an "
            "alias rule (inactive until accepted, POST /api/v1/match-rules/{id}/accept). Null when there is nothing "
            "to learn."
        ),
    )

    class Meta(MatchSerializer.Meta):
        fields = [*MatchSerializer.Meta.fields, "alias_proposal"]
        read_only_fields = fields


class PreviewWarningSerializer(serializers.Serializer):
    code = serializers.ChoiceField(
        choices=["matched_differently", "conflict"],
        help_text=(
            "matched_differently: a line of the pair is already matched with other lines; conflict: without the rule "
            "the engine pairs a line of it otherwise."
        ),
    )
    message = serializers.CharField()


class PreviewPairSerializer(serializers.Serializer):
    bank_lines = LineSerializer(many=True)
    journal_entries = LineSerializer(many=True)
    reasons = serializers.ListField(child=serializers.CharField(), help_text="The group's reasons (naming the rule).")
    warnings = PreviewWarningSerializer(many=True)


class PreviewSerializer(serializers.Serializer):
    rule_id = serializers.IntegerField()
    account_id = serializers.IntegerField()
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    bank_lines = serializers.IntegerField(help_text="Bank lines dated in the period, matched or not.")
    journal_entries = serializers.IntegerField(help_text="Journal entries dated in the period, matched or not.")
    matched_lines = serializers.IntegerField(help_text='Lines in the pairs: "this rule would have matched N lines".')
    warnings = serializers.IntegerField(help_text="Warnings over all pairs.")
    pairs = PreviewPairSerializer(
        many=True,
        help_text="The groups the rule makes (an alias: the groups it adds).",
    )
    held_back = PreviewPairSerializer(many=True, help_text="Automatic matches a never rule turns into suggestions.")
    why_none = serializers.CharField(
        help_text="Without pairs: why the rule matches nothing in the period (no bank lines, no line naming the alias, "
        "...), in the request's language; empty otherwise."
    )


class OptionalBoolean(serializers.BooleanField):
    """A form (urlencoded or multipart) that leaves the field out leaves it unset, as a JSON body does: DRF reads a
    missing checkbox as false, which created every rule sent as a form inactive."""

    default_empty_html = serializers.empty
