"""Imports over the API: upload a file (multipart) or list/read the import history."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from core.errors import ServiceError
from core.roles import is_bank_feed_only
from portal.api.import_examples import (
    DETAIL_EXAMPLES,
    IMPORT_EXAMPLES,
    PROFILE_LIST_EXAMPLES,
    PROFILE_SAVE_EXAMPLES,
    PUSH_EXAMPLES,
    UPLOAD_EXAMPLES,
    WITHDRAW_EXAMPLES,
)
from portal.api.parsers import SafeJSONParser, SafeMultiPartParser
from portal.api.reconcile_serializers import ApiErrorSerializer as ApiError
from portal.api.serializers import BoundedListField
from portal.permissions import UPLOADERS, user_has_any_role
from reconcile.balances.reads import import_gaps, import_notices
from reconcile.import_messages import error_rows, import_message
from reconcile.models import Import, ImportKind, MappingProfile
from reconcile.selectors import imports_visible_to, scope_to_user
from reconcile.selectors.profiles import profiles_visible_to
from reconcile.services.imports import import_push, import_start
from reconcile.services.profiles import mapping_profile_save
from reconcile.services.withdraw import import_withdraw


class ErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True)
    column = serializers.CharField(allow_null=True)
    value = serializers.CharField(allow_null=True)
    code = serializers.CharField()
    message = serializers.CharField(help_text="The problem, where it is and the value, in the request's language.")


class ImportSerializer(serializers.ModelSerializer):
    account_number = serializers.CharField(source="account.number", default=None, read_only=True, allow_null=True)
    message = serializers.SerializerMethodField(
        help_text="The import's summary, or why it was refused, in the request's language (Accept-Language)."
    )
    errors = serializers.SerializerMethodField(
        help_text="The problems found, the first 200 (`error_count` counts them all), in the request's language."
    )

    class Meta:
        model = Import
        fields = [
            "id",
            "kind",
            "source",
            "format",
            "filename",
            "sha256",
            "status",
            "account_number",
            "created_at",
            "finished_at",
            "lines_in_file",
            "lines_stored",
            "lines_known",
            "lines_removed",
            "total_in",
            "total_out",
            "opening_balance",
            "closing_balance",
            "period_start",
            "period_end",
            "accounts_registered",
            "message",
            "error_count",
            "errors",
        ]
        read_only_fields = fields

    def get_message(self, record: Import) -> str:
        return import_message(record)

    @extend_schema_field(ErrorSerializer(many=True))
    def get_errors(self, record: Import) -> list[dict]:
        return [{key: row[key] for key in ("row", "column", "value", "code", "message")} for row in error_rows(record)]


class ImportDetailSerializer(ImportSerializer):
    gaps = serializers.SerializerMethodField(
        help_text="Where the stored history of the import's accounts does not "
        "join up (a missing or out-of-date file), described."
    )

    notices = serializers.SerializerMethodField(
        help_text="Months no file of the import's accounts covers whose "
        "balances nothing can check (a missing statement, or a "
        "month without movements), described; not gaps."
    )

    class Meta(ImportSerializer.Meta):
        fields = [*ImportSerializer.Meta.fields, "gaps", "notices"]
        read_only_fields = fields

    def get_gaps(self, record: Import) -> list[str]:
        return import_gaps(record)

    def get_notices(self, record: Import) -> list[str]:
        return import_notices(record)


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="Why the file is withdrawn (kept in the audit log).")


class ImportWithdraw(APIView):
    """POST a reason: the import's lines stop counting, their matches are undone, its status becomes withdrawn."""

    serializer_class = WithdrawSerializer

    @extend_schema(
        request=WithdrawSerializer,
        responses={
            200: ImportDetailSerializer,
            400: OpenApiResponse(
                ApiError,
                description="`invalid`: no `reason`; `bad_reason`: the reason holds a control character or a "
                "bidirectional override (the character named, and the field in `errors`).",
            ),
            403: ApiError,
            404: ApiError,
            409: OpenApiResponse(
                ApiError,
                description="`period_closed`: a line of the file lies in a closed period (the first one named); "
                "`awaiting_review`: in a period submitted for review; `later_overlap`: a file imported later lists "
                "some of its lines (named: withdraw that one first); `not_done`: the file is not an imported one.",
            ),
        },
        examples=WITHDRAW_EXAMPLES,
    )
    def post(self, request, pk: int):
        _check_uploader(request.user)
        record = generics.get_object_or_404(scope_to_user(Import.objects.all(), request.user), pk=pk)
        form = WithdrawSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            record = import_withdraw(actor=request.user, import_id=record.pk, reason=form.validated_data["reason"])
        except ServiceError as exc:
            if exc.field:  # the reason itself (a hidden character): a bad field, not the file's state
                body = {"code": exc.code, "message": exc.message, "errors": {exc.field: [exc.message]}}
                return Response(body, status=status.HTTP_400_BAD_REQUEST)
            refused = status.HTTP_403_FORBIDDEN if exc.code == "forbidden" else status.HTTP_409_CONFLICT
            return Response({"code": exc.code, "message": exc.message}, status=refused)
        return Response(ImportDetailSerializer(record).data)


@extend_schema_field({"type": "string", "format": "binary"})
class _UploadedFile(serializers.FileField):
    """The file part of the multipart body: in the schema a binary string, so Swagger UI offers a file chooser (a
    plain FileField is described as a URI, which a client fills with text)."""


class UploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ImportKind.choices)
    file = _UploadedFile()
    account = serializers.CharField(required=False, allow_blank=True, default="")
    profile = serializers.CharField(required=False, allow_blank=True, default="")


THROTTLED = OpenApiResponse(
    ApiError,
    description="`throttled`: past the uploads and pushes allowed per user (API_IMPORT_RATE); wait Retry-After.",
)


# What an upload or a push is refused with before anything is kept (README "API").
IMPORT_REFUSED = OpenApiResponse(
    ApiError,
    description="`invalid`: a field (named in `errors`); `bad_account`: the account given is not an account "
    "number; `account_not_registered`: a company user's file or batch names an account the bank has not registered "
    "for the company (nothing is kept; once the bank registers it, the same file imports); `unknown_profile` (an "
    "upload): no mapping profile of that name; `unreadable_input`, `parse_error`.",
)
IMPORT_FORBIDDEN = OpenApiResponse(
    ApiError,
    description="`forbidden`: importing needs the accountant or bank_ops role (or a bank system's bank_feed), and "
    "this user may not import this kind or for this account (a journal from a bank feed).",
)
IMPORT_DUPLICATE = OpenApiResponse(
    ApiError,
    description="`duplicate_file`: the same file or batch was imported before by the same company (another company's "
    "copy of the same bytes is its own). The message names the earlier import (number and time) to bank operations, "
    "to the company's own users and to the bank system feed that sent it; to anyone else it says only that the file "
    "was imported.",
)


def _refused(exc: ServiceError) -> Response:
    """An upload or push refused before it was kept: a file imported before (409), a kind this user may not import
    (403, e.g. a journal from a bank system feed), a file over the upload limit (413), anything else 400."""
    refused = {
        "duplicate_file": status.HTTP_409_CONFLICT,
        "forbidden": status.HTTP_403_FORBIDDEN,
        "too_large": status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    }
    return Response(
        {"code": exc.code, "message": exc.message}, status=refused.get(exc.code, status.HTTP_400_BAD_REQUEST)
    )


def _check_uploader(user) -> None:
    if not user_has_any_role(user, UPLOADERS):
        raise PermissionDenied(_("Importing needs the accountant or bank_ops role."), code="forbidden")


@extend_schema(examples=IMPORT_EXAMPLES)
class ImportList(generics.ListAPIView):
    serializer_class = ImportSerializer

    def get_queryset(self):
        _check_uploader(self.request.user)
        return imports_visible_to(self.request.user)


@extend_schema(examples=DETAIL_EXAMPLES)
class ImportDetail(generics.RetrieveAPIView):
    serializer_class = ImportDetailSerializer

    def get_queryset(self):
        _check_uploader(self.request.user)
        return imports_visible_to(self.request.user)


class ImportUpload(APIView):
    """POST a file; 202 with the pending import, whose status turns to done or refused."""

    parser_classes = [SafeMultiPartParser]
    serializer_class = UploadSerializer
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "imports"

    @extend_schema(
        request=UploadSerializer,
        responses={
            202: ImportSerializer,
            400: IMPORT_REFUSED,
            403: IMPORT_FORBIDDEN,
            409: IMPORT_DUPLICATE,
            413: ApiError,
            429: THROTTLED,
        },
        examples=UPLOAD_EXAMPLES,
    )
    def post(self, request):
        _check_uploader(request.user)
        form = UploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["file"]
        try:
            record = import_start(
                actor=request.user,
                kind=form.validated_data["kind"],
                data=upload.read(),
                filename=upload.name,
                account_number=form.validated_data["account"],
                profile_name=form.validated_data["profile"],
                customer=request.user.customer,
                source="api",
            )
        except ServiceError as exc:
            return _refused(exc)
        record.refresh_from_db()  # done already when tasks run eagerly outside a transaction
        return Response(ImportSerializer(record).data, status=status.HTTP_202_ACCEPTED)


class PushSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ImportKind.choices)
    account_number = serializers.CharField(required=False, allow_blank=True, default="")
    lines = BoundedListField(child=serializers.DictField(), allow_empty=False, max_length=200_000)
    currency = serializers.CharField(required=False, allow_blank=True, allow_null=True, default=None)
    opening_balance = serializers.CharField(required=False, allow_null=True, default=None)
    closing_balance = serializers.CharField(required=False, allow_null=True, default=None)
    period_start = serializers.CharField(required=False, allow_null=True, default=None)
    period_end = serializers.CharField(required=False, allow_null=True, default=None)


PUSH_DESCRIPTION = """ERP direct link: push one batch of lines as JSON; the answer is the finished import.

201 when stored; 422 with the bad lines (row = 1-based index in `lines`) when refused, nothing stored: `errors` lists
the first 200, `error_count` counts them all (a refusal of the whole batch is one error without a row, its `code`
naming the cause: `currency_mismatch`, `not_your_account`, `future_date`, `ancient_date` ...); 400 `invalid` when a
line is not a JSON object, `errors.lines` naming the first 200 such lines by index (0-based) and, when there are more,
`errors.lines.non_field_errors` how many in all; 400 `account_not_registered` when a company user's batch names an
account the bank has not registered for the company (no import is kept); 409 when the same batch was imported
before; 415 `unsupported_media_type` for a body that is not `application/json` (a form-encoded or multipart body is
not read); 429 `throttled` past the rate limit.

**Size.** The request body may be at most `REQUEST_BODY_MAX_MB` megabytes (10 MB by default, about 60,000 typical
lines); a larger one is refused with 413 and code `too_large`, the limit named in the message, nothing stored.
A push holds at most 200,000 lines (short lines fit more in the limit): more is 400 `invalid` on `lines`.
**Splitting a larger push:** send the lines as several pushes, one after the other, in date order, splitting between
days (for example one push per day, or per 10,000 lines rounded to a whole day). Each push only adds lines and never
retires others, so the parts add up to the whole; a part sent twice (a retry after a timeout) is answered 409 and
stored once. Lines identical in every field (date, amount, direction, voucher, settlement no, summary, counterparty)
are told apart by their order within one push: keep such lines in the same push. Give each push the
`opening_balance`/`closing_balance` of the days it covers, or leave them out.

**A line's fields.** `date` (or `booking_date`), YYYY-MM-DD; the amount as `debit`/`credit` (in the sense of `kind`:
a journal's debit is money in), or `amount` with `direction` (`in`/`out`, or 借/贷/收/支), or a signed `amount`;
optional `balance` (after the line), `value_date`, `currency`, and the texts `counterparty_name` (or `counterparty`),
`counterparty_account`, `counterparty_bank`, `summary`, `purpose`, `serial` (voucher or bank serial), `voucher_no`,
`settlement_method`, `counter_subject`. Send amounts as strings ("1234.50"), texts as strings (a whole number is taken
as its digits; a list, an object or true/false refuses the line, naming it and the field). Other fields are not read.
A stated `period_start`/`period_end` that ends before it starts, or a line dated outside it, refuses the push naming it."""


class ImportPush(APIView):
    """ERP direct link: push one batch of lines as JSON; the answer is the finished import."""

    serializer_class = PushSerializer
    # JSON only, as documented: a form-encoded body was read as a form (every field a string, ``lines`` never a
    # list of objects); another content type is 415 ``unsupported_media_type`` naming application/json.
    parser_classes = [SafeJSONParser]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "imports"

    @extend_schema(
        description=PUSH_DESCRIPTION,
        request=PushSerializer,
        examples=PUSH_EXAMPLES,
        responses={
            201: ImportSerializer,
            400: IMPORT_REFUSED,
            403: IMPORT_FORBIDDEN,
            409: IMPORT_DUPLICATE,
            413: ApiError,
            422: ImportSerializer,
            429: THROTTLED,
        },
    )
    def post(self, request):
        _check_uploader(request.user)
        form = PushSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        payload = {
            k: v for k, v in form.validated_data.items() if k not in ("kind", "account_number") and v is not None
        }
        payload["account_number"] = form.validated_data["account_number"] or None
        try:
            record = import_push(
                actor=request.user,
                kind=form.validated_data["kind"],
                payload=payload,
                account_number=form.validated_data["account_number"],
                customer=request.user.customer,
            )
        except ServiceError as exc:
            return _refused(exc)
        code = status.HTTP_201_CREATED if record.status == "done" else status.HTTP_422_UNPROCESSABLE_ENTITY
        return Response(ImportSerializer(record).data, status=code)


class ProfileSerializer(serializers.ModelSerializer):
    columns = serializers.DictField(
        child=serializers.CharField(max_length=100),
        allow_empty=False,
        help_text=(
            'Field name -> the header text of its column, e.g. {"date": "入账日", "amount": "金额(元)"}. '
            "It maps the money (amount, or debit/credit, or in_amount/out_amount), and each field to its own header; "
            "otherwise 400 invalid, naming columns."
        ),
    )
    flag_values = serializers.DictField(
        child=serializers.ChoiceField(choices=["in", "out"]),
        required=False,
        default=dict,
        help_text=(
            'Direction flag text -> in or out, e.g. {"1": "in", "0": "out"}: at most 30, each text '
            "1-40 characters; otherwise 400 invalid, naming flag_values."
        ),
    )
    header_row = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=1000)
    year = serializers.IntegerField(required=False, allow_null=True, min_value=1990, max_value=2100)
    owner = serializers.CharField(
        source="customer.legal_name",
        default=None,
        read_only=True,
        allow_null=True,
        help_text="The company the profile belongs to; null for a bank-wide profile.",
    )

    class Meta:
        model = MappingProfile
        fields = ["id", "name", "kind", "owner", "columns", "flag_values", "header_row", "year"]
        read_only_fields = ["id", "owner"]
        extra_kwargs = {
            "name": {
                "help_text": "Up to 100 characters, unique per owner; not starting with =, +, - or @ (a formula "
                "when exported)."
            }
        }


class ProfileList(APIView):
    """GET the profiles an upload may use (the company's own and the bank-wide ones; bank staff: all); POST one of the
    user's company (bank staff: a bank-wide one). The same name again updates it; names are unique per company."""

    serializer_class = ProfileSerializer

    @extend_schema(responses={200: ProfileSerializer(many=True)}, examples=PROFILE_LIST_EXAMPLES)
    def get(self, request):
        _check_uploader(request.user)
        return Response(ProfileSerializer(profiles_visible_to(request.user), many=True).data)

    @extend_schema(
        request=ProfileSerializer, responses={201: ProfileSerializer, 400: ApiError}, examples=PROFILE_SAVE_EXAMPLES
    )
    def post(self, request):
        _check_uploader(request.user)
        if is_bank_feed_only(request.user):
            # A feed has no company and is not bank operations: the roles refuse it (it was a 400 on the name).
            raise PermissionDenied(
                _("A bank system feed saves no mapping profiles: bank operations or a company's accountant do."),
                code="forbidden",
            )
        form = ProfileSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            profile = mapping_profile_save(actor=request.user, customer=request.user.customer, **form.validated_data)
        except DjangoValidationError as exc:
            return Response(
                {
                    "code": "invalid",
                    "message": "; ".join(m for msgs in exc.message_dict.values() for m in msgs),
                    "errors": exc.message_dict,
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(ProfileSerializer(profile).data, status=status.HTTP_201_CREATED)
