"""How documents name a person (编制人 on the 余额调节表, 回复人 on a receipt)."""

from __future__ import annotations

import unicodedata

from core.actors import Actor


def _written_in_chinese(text: str) -> bool:
    return any(unicodedata.name(ch, "").startswith("CJK ") for ch in text)


def person_name(user: Actor) -> str:
    """The user's real name from the first/last name fields, else the login name.

    A Chinese name is written family name first and without a space (last_name 张 + first_name 伟 -> 张伟);
    other names as "first last".
    """
    first = (getattr(user, "first_name", "") or "").strip()
    last = (getattr(user, "last_name", "") or "").strip()
    if not (first or last):
        return user.get_username()
    if _written_in_chinese(first + last):
        return last + first
    return " ".join(part for part in (first, last) if part)
