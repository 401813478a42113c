"""What every SMS backend shares: the approved template texts, the interface, and the gateway error.

The console backend and the dispatcher (``backends``) and the real gateways (``providers``) all import this module;
it imports neither, so the two never import each other (issue 21: no import circles).
"""

from __future__ import annotations

from typing import Protocol

from django.conf import settings

from statements.notify.base import GatewayError, NotifyBackend

# Texts as approved with the gateways (the signature is added by the provider). No balance, no secret.
# The portal link is part of the approved text, not a parameter: Chinese gateways refuse URLs in template
# variables (Aliyun isv.PARAM_NOT_SUPPORT_URL, Tencent ProhibitedUseUrlInTemplateParameter). PORTAL_MARK
# stands for the deployment's PORTAL_BASE_URL when we render the text ourselves (console, Twilio).
PORTAL_MARK = "[PORTAL]"
TEMPLATE_TEXTS = {
    "statement_notice": f"您的{{period}}余额对账单已发出（编号{{number}}），请登录{PORTAL_MARK}核对并在截止日前回复。",
    "reminder": f"您的余额对账单（编号{{number}}）尚未回复，距截止日还有3个工作日，请登录{PORTAL_MARK}处理。",
    "last_reminder": f"您的余额对账单（编号{{number}}）今天到期，逾期未回复视同相符，请登录{PORTAL_MARK}处理。",
    "dispute_update": f"您对余额对账单（编号{{number}}）提出的不符已有处理结果，请登录{PORTAL_MARK}查看。",
    # Never the answer itself (free text has no place in an approved template): only that it is there, and where.
    "inquiry_answered": f"您就{{period}}余额对账单提出的未收到查询，银行已答复，请登录{PORTAL_MARK}查看。",
    "answer_code": "您正在签署余额对账单（编号{number}）的回复，验证码{code}，5分钟内有效。如非本人操作，请勿告诉他人。",
}


class SmsGatewayError(GatewayError):
    """An SMS gateway's error: a notification gateway error like any channel's (the outbox sender catches those)."""


class SmsBackend(NotifyBackend, Protocol):
    """The notification gateway interface (statements.notify.base.NotifyBackend), `phone` a mobile number."""


def render_text(template: str, params: dict[str, str]) -> str:
    text = TEMPLATE_TEXTS[template].format(**params).replace(PORTAL_MARK, settings.PORTAL_BASE_URL.rstrip("/"))
    return f"【{settings.SMS_SIGNATURE}】" + text
