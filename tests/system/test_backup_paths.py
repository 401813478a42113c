"""`manage.py backup DIR` and `restore DIR` given a path that is no directory (a file, a file's child, a directory
that does not exist): a refusal naming the path and what to give, never a traceback, and nothing written."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_backup_into_a_file_is_refused_naming_it(tmp_path):
    a_file = tmp_path / "taken"
    a_file.write_text("x")
    with pytest.raises(CommandError) as refused:
        call_command("backup", str(a_file), stdout=io.StringIO())
    assert (
        str(refused.value)
        == f"{a_file} is a file, not a directory: back up into a new directory (nothing was written)."
    )
    assert a_file.read_text() == "x"


def test_backup_under_a_file_is_refused_naming_the_directory(tmp_path):
    a_file = tmp_path / "taken"
    a_file.write_text("x")
    with pytest.raises(CommandError) as refused:
        call_command("backup", str(a_file / "2026-12-07"), stdout=io.StringIO())
    assert str(refused.value).startswith(f"Cannot create the directory {a_file / '2026-12-07'} (")
    assert str(refused.value).endswith("): give a directory you can write to.")


@pytest.mark.parametrize("check_only", [True, False])
def test_restore_of_a_file_or_a_missing_directory_names_it(tmp_path, check_only):
    a_file = tmp_path / "taken"
    a_file.write_text("x")
    flags = ["--check-only"] if check_only else []
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(a_file), *flags, stdout=io.StringIO())
    assert str(refused.value) == f"{a_file} is not a directory: give the directory manage.py backup wrote."
    missing = tmp_path / "nope"
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(missing), *flags, stdout=io.StringIO())
    assert str(refused.value) == f"{missing} does not exist: give the directory manage.py backup wrote."
