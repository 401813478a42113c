from rest_framework import generics

from portal.api.serializers import BankAccountSerializer
from reconcile.models import BankAccount
from reconcile.selectors import scope_to_user


class BankAccountList(generics.ListAPIView):
    serializer_class = BankAccountSerializer

    def get_queryset(self):
        return scope_to_user(BankAccount.objects.select_related("customer"), self.request.user)


class BankAccountDetail(generics.RetrieveAPIView):
    serializer_class = BankAccountSerializer

    def get_queryset(self):
        return scope_to_user(BankAccount.objects.select_related("customer"), self.request.user)
