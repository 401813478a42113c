"""``manage.py check --deploy`` names the approved-template ids an Aliyun or Tencent deployment lacks (a notice without
one fails at once), and says nothing for the console or Twilio, which send the text itself."""

from __future__ import annotations

import json

import pytest

from statements.checks import sms_template_ids
from statements.sms.base import TEMPLATE_TEXTS


@pytest.mark.parametrize(("backend", "var"), [("aliyun", "ALIYUN_SMS_TEMPLATES"), ("tencent", "TENCENT_SMS_TEMPLATES")])
def test_a_template_without_an_id_is_named(settings, monkeypatch, backend, var):
    settings.SMS_BACKEND = backend
    ids = {name: f"SMS_{k}" for k, name in enumerate(TEMPLATE_TEXTS) if name != "inquiry_answered"}
    monkeypatch.setenv(var, json.dumps(ids))
    (warning,) = sms_template_ids(None)
    assert warning.id == "statements.W001" and "inquiry_answered" in warning.msg and var in warning.msg

    monkeypatch.setenv(var, json.dumps({**ids, "inquiry_answered": "SMS_99"}))
    assert sms_template_ids(None) == []


def test_no_template_variable_is_an_error(settings, monkeypatch):
    settings.SMS_BACKEND = "aliyun"
    monkeypatch.delenv("ALIYUN_SMS_TEMPLATES", raising=False)
    (error,) = sms_template_ids(None)
    assert error.id == "statements.E001" and "ALIYUN_SMS_TEMPLATES" in error.msg


@pytest.mark.parametrize("backend", ["console", "twilio"])
def test_backends_that_send_the_text_itself_need_no_ids(settings, backend):
    settings.SMS_BACKEND = backend
    assert sms_template_ids(None) == []
