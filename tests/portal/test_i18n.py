"""Chinese first, English complete: every message has a translation and the compiled catalogues are current."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def _po_entries(path: Path) -> list[tuple[str, bool]]:
    """(msgid, translated) for each entry of a .po file; enough of the format for this check."""
    text = path.read_text(encoding="utf-8")
    entries = []
    for block in re.split(r"\n\s*\n", text):
        if "#, fuzzy" in block and 'msgid ""\nmsgstr ""' not in block:
            entries.append((block, False))
            continue
        head = block.split("msgstr")[0].split("msgid_plural")[0]
        msgid = "".join(re.findall(r'^(?:msgid )?"(.*)"$', head, re.M))
        if not msgid or block.lstrip().startswith("#~"):
            continue
        strs = re.findall(r'^msgstr(?:\[\d\])? "(.*)"((?:\n".*")*)', block, re.M)
        translated = all((first + "".join(re.findall(r'"(.*)"', rest))) for first, rest in strs)
        entries.append((msgid, translated))
    return entries


@pytest.mark.parametrize("language", ["zh_Hans", "en"])
def test_every_message_is_translated_and_compiled(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    entries = _po_entries(po)
    assert len(entries) > 100
    untranslated = [msgid for msgid, ok in entries if not ok]
    assert untranslated == [], f"untranslated in {language}: {untranslated[:5]}"
    with open(po.with_suffix(".mo"), "rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    # A key is "context\x04msgid" for a pgettext entry (the 余额调节表's words), else the msgid.
    compiled = {(key[0] if isinstance(key, tuple) else key).split("\x04")[-1] for key in catalog}
    stale = [msgid for msgid, _ in entries if msgid.replace('\\"', '"') not in compiled]
    assert stale == [], f"run `make messages`: {language} .mo is older than the .po for {stale[:3]}"
