"""The operators' commands speak one language: Chinese by default (as the product and its error messages do), English
when English is active; before, their own lines were English whatever the language, beside Chinese errors."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import CommandError, call_command

from portal.models import Role

pytestmark = pytest.mark.django_db

_HAN = re.compile(r"[\u4e00-\u9fff]")


def _run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_audit_verify_reports_in_chinese_by_default_and_in_english_when_asked(customer_a):
    out, _err = _run("audit_verify")
    assert "审计链完整" in out and "Audit chain intact" not in out
    from django.utils import translation

    with translation.override("en"):
        out, _err = _run("audit_verify")
    assert "Audit chain intact" in out and not _HAN.search(out)


def test_workdays_speaks_chinese_in_its_lines_and_its_refusals():
    out, _err = _run("workdays", "status")
    assert "已载入年份" in out and "Loaded years" not in out
    with pytest.raises(CommandError, match="不是日期"):
        _run("workdays", "add", "2026-13-01", "3")
    with pytest.raises(CommandError, match="大于或等于 0"):
        _run("workdays", "add", "2026-12-01", "-1")


def test_create_user_and_api_token_speak_chinese_but_print_the_key_alone(customer_a):
    out, _err = _run(
        "create_user",
        "li.na",
        "--role",
        Role.CLIENT_CONFIRMER,
        "--customer",
        customer_a.credit_code,
        "--password",
        "x7!Kq2#pLm9v",
    )
    assert "已创建用户 li.na" in out and "Created" not in out
    out, err = _run("api_token", "issue", "li.na")
    key = out.strip()
    assert key and not _HAN.search(key) and "\n" not in key  # stdout stays the key alone, for scripts
    assert "密钥仅显示这一次" in err and "The key is shown only now" not in err
    with pytest.raises(CommandError, match="没有用户 nobody"):
        _run("api_token", "list", "nobody")


def test_signed_answers_says_the_setting_in_chinese(customer_a):
    out, _err = _run("signed_answers", "--customer", customer_a.credit_code, "--no-require")
    assert "可不签名" in out and "may be unsigned" not in out
    out, _err = _run("signed_answers", "--customer", customer_a.credit_code, "--require")
    assert "必须签名" in out


def test_group_grant_refuses_an_unknown_user_in_chinese():
    with pytest.raises(CommandError, match="没有用户 ghost"):
        _run("group_grant", "ghost", "--subsidiary", "91310000MA1FL0XXXX")


@pytest.mark.parametrize("command", [("run_deadlines",), ("publish_statements", "--period", "2026-09")])
def test_the_deadline_and_publishing_commands_refuse_a_bad_date_in_the_active_language(command):
    # Their --as-of refusal was English beside the Chinese of everything else they print.
    with pytest.raises(CommandError, match="不是日期"):
        _run(*command, "--as-of", "2026-02-30")
    from django.utils import translation

    with translation.override("en"), pytest.raises(CommandError, match="is not a date; use YYYY-MM-DD"):
        _run(*command, "--as-of", "2026-02-30")


@pytest.mark.parametrize("command", ["import_agreements", "import_balances", "import_groups"])
def test_the_table_imports_refuse_a_missing_file_in_chinese(command, tmp_path):
    # Was "No such file: …" (or the system's "No such file or directory") beside their Chinese row messages.
    with pytest.raises(CommandError, match="文件不存在") as info:
        _run(command, str(tmp_path / "nope.csv"))
    assert "No such file" not in str(info.value)
