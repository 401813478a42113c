#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.embedded")
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    from config.env import EnvError

    try:
        execute_from_command_line(sys.argv)
    except EnvError as exc:
        # A deployment missing a setting stops naming the variable: the operator's to fix, so no traceback.
        sys.stderr.write(f"{exc}\n")
        sys.exit(1)
    except DatabaseError as exc:
        # A fresh clone's or a new release's command before `migrate`: say so instead of "no such table".
        from config.schema_guard import schema_behind_message

        message = schema_behind_message(exc, sys.argv)
        if message is None:
            raise
        sys.stderr.write(f"{message}\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
