"""API tokens: ask for one (password, plus the authenticator code for bank staff), list yours, revoke one."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.api.reconcile_serializers import ApiErrorSerializer, error_example
from portal.models import ApiToken
from portal.services.api_tokens import api_token_login, api_token_revoke, token_state


class TokenRequest(serializers.Serializer):
    # No username is longer than the user model's 150 characters; a longer one reached the lockout's record of the
    # failed attempt (django-axes, 255 characters) and PostgreSQL refused it: a 500.
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)
    otp = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=12,
        help_text=(
            "The 6-digit code of the authenticator app: required for bank staff where the deployment requires a second "
            "factor (production), ignored for company users."
        ),
    )
    name = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=80,
        help_text=('What the token is for ("Kingdee ERP"), shown in your token list.'),
    )


class TokenSerializer(serializers.ModelSerializer):
    state = serializers.SerializerMethodField(help_text="active, expired, revoked or password_changed")
    current = serializers.SerializerMethodField(help_text="Whether this request was made with this token.")

    class Meta:
        model = ApiToken
        fields = [
            "id",
            "name",
            "key_prefix",
            "created_at",
            "expires_at",
            "last_used_at",
            "revoked_at",
            "revoked_reason",
            "second_factor",
            "state",
            "current",
        ]
        read_only_fields = fields

    def get_state(self, token: ApiToken) -> str:
        return token_state(token, self.context.get("now"))

    def get_current(self, token: ApiToken) -> bool:
        return getattr(self.context["request"].auth, "pk", None) == token.pk


class IssuedTokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="The key: send it as `Authorization: Token <key>`. Shown only now.")
    id = serializers.IntegerField()
    name = serializers.CharField()
    expires_at = serializers.DateTimeField()


class TokenObtain(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []  # a stale token in the header must not stop someone asking for a new one

    @extend_schema(
        request=TokenRequest,
        responses={
            200: IssuedTokenSerializer,
            400: OpenApiResponse(ApiErrorSerializer, description="invalid_credentials, or a field missing (invalid)."),
            403: OpenApiResponse(ApiErrorSerializer, description="second_factor_required, bad_second_factor."),
            409: OpenApiResponse(
                ApiErrorSerializer,
                description="too_many_tokens: the user holds 50 valid tokens; revoke one or reuse it.",
            ),
            429: OpenApiResponse(ApiErrorSerializer, description="locked_out: too many wrong passwords."),
        },
        examples=[
            OpenApiExample(
                "ERP user", value={"username": "erp_hengrui", "password": "…", "name": "Kingdee ERP"}, request_only=True
            ),
            OpenApiExample(
                "Bank staff", value={"username": "ops", "password": "…", "otp": "123456"}, request_only=True
            ),
            OpenApiExample(
                "Issued",
                response_only=True,
                value={"token": "rp_4kXw…", "id": 7, "name": "Kingdee ERP", "expires_at": "2026-12-02T09:29:00+08:00"},
            ),
        ],
        description="Issues a token. It expires (API_TOKEN_TTL_HOURS_BANK_STAFF, default 8 h, for bank staff; "
        "API_TOKEN_TTL_HOURS, default 30 days, for everyone else) and stops working when revoked, when "
        "the password changes or the user is deactivated. Bank staff must add `otp` where a second "
        "factor is required (403 `second_factor_required` / `bad_second_factor`). Wrong credentials: "
        "400 `invalid_credentials`; repeated failures lock the username from that address.",
    )
    def post(self, request):
        data = TokenRequest(data=request.data)
        data.is_valid(raise_exception=True)
        issued = api_token_login(
            request=request._request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
            otp=data.validated_data.get("otp", ""),
            name=data.validated_data.get("name", ""),
        )
        return Response(
            {
                "token": issued.key,
                "id": issued.token.pk,
                "name": issued.token.name,
                # As every other time the API gives (the token list included): local time with its offset, not UTC.
                "expires_at": serializers.DateTimeField().to_representation(issued.token.expires_at),
            }
        )


EXAMPLE_TOKEN = {
    "id": 7,
    "name": "Kingdee ERP",
    "key_prefix": "rp_4kXwQ2m",
    "created_at": "2026-11-02T09:29:00+08:00",
    "expires_at": "2026-12-02T09:29:00+08:00",
    "last_used_at": "2026-11-30T18:05:12+08:00",
    "revoked_at": None,
    "revoked_reason": "",
    "second_factor": "",
    "state": "active",
    "current": True,
}


class TokenList(APIView):
    @extend_schema(
        responses={200: TokenSerializer(many=True)},
        examples=[OpenApiExample("The token of this request", value=[EXAMPLE_TOKEN], response_only=True)],
        description="Your own API tokens, newest first (the keys themselves are never shown again).",
    )
    def get(self, request):
        tokens = ApiToken.objects.filter(user=request.user).select_related("user").order_by("-created_at")
        context = {"request": request, "now": timezone.now()}
        return Response(TokenSerializer(tokens, many=True, context=context).data)


class TokenDetail(APIView):
    def _own(self, request, pk: int) -> ApiToken:
        token = ApiToken.objects.filter(user=request.user, pk=pk).select_related("user").first()
        if token is None:
            raise Http404(_("No such API token."))
        return token

    @extend_schema(
        responses={200: TokenSerializer},
        examples=[OpenApiExample("The token of this request", value=EXAMPLE_TOKEN, response_only=True)],
    )
    def get(self, request, pk: int):
        return Response(TokenSerializer(self._own(request, pk), context={"request": request}).data)

    @extend_schema(
        responses={
            204: OpenApiResponse(description="Revoked (audited); the token is refused from the next request on."),
            404: OpenApiResponse(ApiErrorSerializer, description="`not_found`: no such token of yours."),
        },
        description="Revokes one of your tokens at once (the one this request "
        "uses too, which is how an integration logs out).",
        # A 204 has no body to show: the example is of the refusal.
        examples=[error_example("No such token", "not_found", "API 令牌不存在。", 404)],
    )
    def delete(self, request, pk: int):
        api_token_revoke(actor=request.user, token_id=self._own(request, pk).pk, reason=_("revoked by its holder"))
        return Response(status=status.HTTP_204_NO_CONTENT)
