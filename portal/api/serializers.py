from rest_framework import serializers

from reconcile.models import BankAccount


class BankAccountSerializer(serializers.ModelSerializer):
    customer_name = serializers.CharField(source="customer.legal_name", read_only=True)
    customer_credit_code = serializers.CharField(source="customer.credit_code", read_only=True)

    class Meta:
        model = BankAccount
        fields = ["id", "number", "currency", "branch", "status", "customer_name", "customer_credit_code"]
        read_only_fields = fields
