#!/usr/bin/env python
"""Django's command-line utility for the makelaar registry."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "makelaar.settings")
    from django.core.management import execute_from_command_line
    from django.db import OperationalError

    from makelaar.base.database import DatabaseUnavailable

    try:
        execute_from_command_line(sys.argv)
    except DatabaseUnavailable as error:
        sys.exit(str(error))
    except OperationalError as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else "no answer"
        sys.exit(f"The database server could not be reached ({reason}); check DATABASE_URL.")


if __name__ == "__main__":
    main()
