"""Deployment checks (``manage.py check --deploy``) for the SMS gateways' approved templates.

A Chinese gateway sends only texts approved in advance, each by its id (``ALIYUN_SMS_TEMPLATES`` /
``TENCENT_SMS_TEMPLATES``). A notice whose template has no id fails at once and shows under failed notices: said
before the first quarter end instead, naming the templates, when a release adds one (``inquiry_answered``)."""

from __future__ import annotations

from django.conf import settings
from django.core import checks

from statements.sms.base import TEMPLATE_TEXTS, SmsGatewayError
from statements.sms.providers._common import load_templates

# The backends that send approved templates by id, and the variable each reads them from.
TEMPLATE_VARIABLES = {"aliyun": "ALIYUN_SMS_TEMPLATES", "tencent": "TENCENT_SMS_TEMPLATES"}


@checks.register(deploy=True)
def sms_template_ids(app_configs, **kwargs) -> list[checks.CheckMessage]:
    var = TEMPLATE_VARIABLES.get(settings.SMS_BACKEND)
    if var is None:
        return []
    try:
        specs = load_templates(var)
    except SmsGatewayError as exc:
        return [checks.Error(str(exc), hint=f"Set {var} to the approved template ids.", id="statements.E001")]
    missing = [name for name in TEMPLATE_TEXTS if name not in specs]
    if not missing:
        return []
    return [
        checks.Warning(
            f"{var} has no template id for {', '.join(missing)}: those notices fail at once (failed notices page).",
            hint="Have the texts in statements/sms/base.py approved by the gateway and add their ids.",
            id="statements.W001",
        )
    ]
