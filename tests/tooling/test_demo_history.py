"""The demo city's year of history reads as sentences on every record's page: each verb
the demo writes has its own sentence (none falls back to "… wijzigde dit"), and no line
holds a raw code or an unfilled placeholder."""

import pytest

from initiatives.models import Initiative, Organisation, Volunteer
from makelaar.base import history
from makelaar.base.audit_verbs import Verb
from makelaar.base.models import Role, User
from signals.models import CollectiveNeed, Signal
from tests.demo_city import demo_city as demo_city  # the module's demo city

pytestmark = pytest.mark.usefixtures("demo_city", "db")


def test_every_demo_records_history_reads_as_sentences():
    makelaar = User.objects.filter(role=Role.MAKELAAR).first()
    lines = [
        line
        for model in (Initiative, Volunteer, Organisation, CollectiveNeed, Signal)
        for obj in model.objects.all()
        for line in history.history_for(obj, makelaar)
    ]

    assert len(lines) > 100
    for line in lines:
        assert "%(" not in line.text
        assert "wijzigde dit" not in line.text, line.text
        assert not any(verb.value in line.text for verb in Verb), line.text
