from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import generics

from portal.api.serializers import BankAccountSerializer
from reconcile.models import BankAccount
from reconcile.selectors import scope_to_user

_ACCOUNT = {
    "id": 1,
    "number": "31050161373600001234",
    "currency": "CNY",
    "branch": "上海浦东分行营业部",
    "status": "active",
    "customer_name": "上海恒瑞贸易有限公司",
    "customer_credit_code": "91310115MA1H7QK8XF",
}


class BankAccountList(generics.ListAPIView):
    """The accounts the user may see (a company user: the company's; bank staff: all). An ERP finds its account's
    id here by number."""

    serializer_class = BankAccountSerializer

    def get_queryset(self):
        return scope_to_user(BankAccount.objects.select_related("customer"), self.request.user)

    @extend_schema(examples=[OpenApiExample("A company's account", response_only=True, value=_ACCOUNT)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class BankAccountDetail(generics.RetrieveAPIView):
    serializer_class = BankAccountSerializer

    def get_queryset(self):
        return scope_to_user(BankAccount.objects.select_related("customer"), self.request.user)

    @extend_schema(examples=[OpenApiExample("An account", response_only=True, value=_ACCOUNT)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
