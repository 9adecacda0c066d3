"""The personal-data check measured on a corpus of realistic sentences (privacy_corpus.py).

Goal (issue 14): every identifier caught, at most 5 % false alarms on clean sentences.
The figures are printed (run with -s) and recorded as test properties.
"""

import pytest

from makelaar.base.privacy import find_personal_data
from tests.privacy.privacy_corpus import CLEAN, IDENTIFIED
from tests.privacy.test_detector import TODAY


def find(text):
    return find_personal_data(text, today=TODAY)


def covered(text, part, findings):
    start = text.index(part)
    return any(f.start <= start and start + len(part) <= f.end for f in findings)


def test_the_corpus_is_large_and_balanced():
    assert len(IDENTIFIED) + len(CLEAN) >= 60
    assert len(IDENTIFIED) >= 30
    assert len(CLEAN) >= 30
    kinds = {f.kind for text, _ in IDENTIFIED for f in find(text)}
    assert kinds == {
        "name",
        "bsn",
        "phone",
        "email",
        "iban",
        "postcode_house_number",
        "street_address",
        "date_of_birth",
    }


def test_every_identifier_is_caught_and_false_alarms_stay_at_most_five_percent(
    record_property,
):
    identifiers = [(text, part) for text, parts in IDENTIFIED for part in parts]
    caught = sum(covered(text, part, find(text)) for text, part in identifiers)
    false_alarms = sum(bool(find(text)) for text in CLEAN)
    figures = (
        f"caught {caught}/{len(identifiers)}, false alarms {false_alarms}/{len(CLEAN)} "
        f"({100 * false_alarms / len(CLEAN):.1f} %)"
    )
    print(figures)
    record_property("privacy_corpus", figures)
    assert caught == len(identifiers)
    assert false_alarms <= 0.05 * len(CLEAN)


@pytest.mark.parametrize(("text", "parts"), IDENTIFIED, ids=[t[:40] for t, _ in IDENTIFIED])
def test_every_identifier_in_a_refused_sentence_is_marked(text, parts):
    """Not only the number or the address: the name beside it too, exactly."""
    assert [f.text for f in find(text)] == parts


@pytest.mark.parametrize("text", CLEAN, ids=[t[:40] for t in CLEAN])
def test_a_clean_sentence_passes(text):
    assert find(text) == []


@pytest.mark.parametrize(("text", "parts"), IDENTIFIED, ids=[t[:40] for t, _ in IDENTIFIED])
def test_replacing_each_name_by_its_role_leaves_no_name(text, parts):
    """What "replace by a role" does in the form: one click per name, then the text passes."""
    names = [f for f in find(text) if f.kind == "name"]
    assert all(f.replacement for f in names)
    for finding in sorted(names, key=lambda f: -f.start):
        text = text[: finding.start] + finding.replacement + text[finding.end :]
    assert [f.text for f in find(text) if f.kind == "name"] == []
