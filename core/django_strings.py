"""Django's own messages whose wording changed in Django 5 while its zh_Hans catalogue still translates the old one.

Never imported: these calls exist so that ``make messages`` extracts the msgids into the project's catalogue
(``LOCALE_PATHS`` is searched before Django's own), where they get their Chinese. Without it a password refused for
its length is explained in English inside an otherwise Chinese message (create_user, the password forms).
"""

from django.utils.translation import ngettext


def _extracted(n: int) -> None:
    ngettext(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        n,
    )
