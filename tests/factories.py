"""Factories for the books and users. Valid identifiers are computed, never hard-coded guesses."""

from __future__ import annotations

import factory
from stdnum.cn import uscc

from portal.models import Role, RoleGrant, User
from reconcile.models import BankAccount, Customer

_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def credit_code(n: int) -> str:
    """A valid 统一社会信用代码 for sequence number n (check digit computed)."""
    body = ""
    value = n
    for _ in range(8):
        body = _ALPHABET[value % len(_ALPHABET)] + body
        value //= len(_ALPHABET)
    base = "913101150" + body  # 17 characters: registration dept, type, region, organisation code
    return base + uscc.calc_check_digit(base + "0")


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    legal_name = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    credit_code = factory.Sequence(lambda n: credit_code(n + 1000))


class BankAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BankAccount

    # "...61" then the sequence: the tests' hard-coded accounts are "...60" and seven digits (31050161373600001234),
    # which a long enough run's sequence number reached (the same number twice, one account).
    number = factory.Sequence(lambda n: f"3105016137361{n:07d}")
    currency = "CNY"
    customer = factory.SubFactory(CustomerFactory)
    branch = "上海浦东分行营业部"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    # The registered mobile the codes that sign answers go to (every test person has one unless a test removes it).
    mobile = factory.Sequence(lambda n: f"139{n:08d}")
    password = factory.PostGenerationMethodCall("set_password", "Test@2026!")

    @factory.post_generation
    def roles(self, create: bool, extracted: list[str] | None, **kwargs) -> None:
        if create:
            self.save()
        if create and extracted:
            RoleGrant.objects.bulk_create([RoleGrant(user=self, role=r) for r in extracted])
            self.__dict__.pop("roles", None)


def make_user(username: str, roles: list[Role], customer: Customer | None = None) -> User:
    return UserFactory(username=username, roles=list(roles), customer=customer)


def api_key(user: User, *, second_factor: str = "server", name: str = "test") -> str:
    """An API token key for ``user``, as the server's ``api_token issue`` makes one (second factor "server")."""
    from portal.services.api_tokens import api_token_issue

    return api_token_issue(actor=None, user=user, name=name, second_factor=second_factor).key
