"""README "Commands" said `backup DIR` writes "into a new directory (mode 0700)"; the command takes an existing empty
directory too (its help says "new or empty"), and makes it 0700 like a new one. README now says so."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("english")]


def test_an_existing_empty_directory_is_taken_and_made_private(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    Path(settings.MEDIA_ROOT).mkdir()
    target = tmp_path / "backup"
    target.mkdir(mode=0o755)
    call_command("backup", str(target), stdout=io.StringIO())
    assert target.stat().st_mode & 0o777 == 0o700
    assert isinstance(json.loads((target / "manifest.json").read_text(encoding="utf-8")), dict)


def test_the_readme_says_new_or_empty():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "into a new directory, or an empty one (made mode 0700)" in readme
