"""Audit verbs are constants in one place (makelaar/base/audit_verbs.py): product code
never writes one as a string literal, and no constant lies unused."""

import ast
from pathlib import Path

import pytest

from makelaar.base import audit
from makelaar.base.audit_verbs import DELETION_VERBS, TWO_FACTOR_CODE_VERBS, Verb

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("makelaar", "initiatives", "signals")


def product_files(*, migrations: bool):
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if ("migrations" in path.parts) == migrations:
                yield path


def verb_keywords(tree):
    """Every `verb=...`, `verb__in=...` (any keyword starting with "verb") in a call."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg and keyword.arg.split("__")[0] == "verb":
                    yield keyword


def string_literals(node):
    """String constants and f-strings in `node`, leaving out field names given to F()."""
    if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "F":
        return
    if isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str)
    ):
        yield node
        return
    for child in ast.iter_child_nodes(node):
        yield from string_literals(child)


def is_audit_record(call):
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "record"
        and isinstance(func.value, ast.Name)
        and func.value.id == "audit"
    )


def test_product_code_writes_and_queries_verbs_only_through_the_constants():
    found = []
    for path in product_files(migrations=False):
        tree = ast.parse(path.read_text(), filename=str(path))
        for keyword in verb_keywords(tree):
            for literal in string_literals(keyword.value):
                found.append(f"{path.relative_to(ROOT)}:{literal.lineno}")
        for node in ast.walk(tree):
            has_verb = isinstance(node, ast.Call) and any(k.arg == "verb" for k in node.keywords)
            if isinstance(node, ast.Call) and is_audit_record(node) and not has_verb:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} (no verb=)")
    assert found == [], "use makelaar.base.audit_verbs.Verb, not a string: " + ", ".join(found)


def test_every_audit_record_call_is_found_by_this_check():
    calls = [
        node
        for path in product_files(migrations=False)
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Call) and is_audit_record(node)
    ]
    assert len(calls) > 40  # the check above looked at the actions, not at nothing


def test_every_verb_is_used():
    used = set()
    for path in product_files(migrations=False):
        if path.name == "audit_verbs.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and getattr(node.value, "id", None) == "Verb":
                used.add(node.attr)
            if isinstance(node, ast.Name) and node.id in (
                "DELETION_VERBS",
                "TWO_FACTOR_CODE_VERBS",
            ):
                used.add(node.id)
    if "DELETION_VERBS" in used:
        used |= {verb.name for verb in DELETION_VERBS.values()}
    if "TWO_FACTOR_CODE_VERBS" in used:
        used |= {verb.name for verb in TWO_FACTOR_CODE_VERBS}
    # A migration is frozen: it keeps its literal, which must still be a known verb.
    for path in product_files(migrations=True):
        for keyword in verb_keywords(ast.parse(path.read_text())):
            for literal in string_literals(keyword.value):
                used.add(Verb(literal.value).name)
    assert sorted(set(Verb.__members__) - used) == []


def test_stored_verbs_are_the_plain_strings_old_entries_hold():
    # Renaming a value would change what old audit entries mean.
    assert Verb.CREATE_AREA == "create_area" and str(Verb.ADMIN_CHANGE) == "admin_change"
    assert all(verb.value == verb.name.lower() for verb in Verb)
    assert all(len(verb.value) <= 60 for verb in Verb)  # AuditEntry.verb max_length


@pytest.mark.django_db
def test_a_deletion_of_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown deletion kind"):
        audit.log_deletion(kind="spreadsheet", count=1, reason="test")
