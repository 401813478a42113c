"""`manage.py doctor` speaks the language of the other commands: Chinese by default, English when English is active.
Its sentences and the checks' (kept in English for /readyz's monitors) are said through the catalogue; the check
names and the facts in brackets (key=value) stay as /readyz has them."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

pytestmark = pytest.mark.django_db

JUNE = dt.datetime(2026, 6, 1, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))  # 2026 and its next 30 days loaded
DECEMBER = dt.datetime(2026, 12, 10, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))  # 2027 not in the library
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _doctor() -> str:
    out = io.StringIO()
    call_command("doctor", stdout=out)
    return out.getvalue()


def test_doctor_speaks_chinese_by_default(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(JUNE, tick=False):
        out = _doctor()
    assert "全部检查通过。" in out and "All checks passed" not in out
    assert re.search(r"^正常 +queue:celery +\(mode=即时模式：没有工作进程和定时进程\)$", out, re.M), out
    assert "eager: no worker" not in out
    with time_machine.travel(DECEMBER, tick=False), pytest.raises(CommandError, match="未通过：calendar") as failed:
        out = _doctor()
    assert "not fine" not in str(failed.value)


def test_doctor_names_what_fails_in_chinese(settings, tmp_path, capsys):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(DECEMBER, tick=False), pytest.raises(CommandError):
        call_command("doctor")
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if " calendar " in line)
    assert line.startswith("异常 calendar")
    assert "2027 年的官方节假日安排尚未载入" in line and "，或在命令行运行：python manage.py workdays load FILE" in line
    assert "the official schedule" not in out and "or here" not in out


def test_doctor_speaks_english_when_english_is_active(settings, tmp_path, capsys):
    settings.MEDIA_ROOT = tmp_path
    with translation.override("en"), time_machine.travel(JUNE, tick=False):
        out = _doctor()
    assert "All checks passed." in out and not _HAN.search(out)
    assert re.search(r"^ok +queue:celery +\(mode=eager: no worker or beat process\)$", out, re.M), out
    with translation.override("en"), time_machine.travel(DECEMBER, tick=False), pytest.raises(CommandError) as failed:
        call_command("doctor")
    assert str(failed.value) == "not fine: calendar"
    out = capsys.readouterr().out
    assert "FAIL calendar" in out and "the official schedule for 2027 is not loaded" in out
    assert "/ops/workdays/, or here: python manage.py workdays load FILE" in out and not _HAN.search(out)
