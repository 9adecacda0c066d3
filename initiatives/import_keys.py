"""The keys that recognise a record in an imported spreadsheet: a row whose key is
already in the registry (or earlier in the same file) is skipped as "already present".

The import (initiatives/imports.py) stores them; a volunteer's erasure
(initiatives/actions.py) uses them to find staged rows about that volunteer. They live
here, below both, so neither has to import the other for them.
"""

import re

from initiatives.models import InitiatorKind


def initiative_key(title: str) -> str:
    return " ".join(title.split()).lower()[:200]


def volunteer_key(name: str, email: str, phone: str) -> str:
    contact = email.strip().lower() or re.sub(r"\D", "", phone)
    return f"{' '.join(name.split()).lower()}|{contact}"[:300]


def organisation_key(name: str) -> str:
    return " ".join(name.split()).lower()[:200]


def initiator_key(initiative, kind, name, organisation) -> str:
    who = organisation if kind == InitiatorKind.ORGANISATION else " ".join(name.split()).lower()
    return f"{initiative}|{kind}|{who}"[:300]
