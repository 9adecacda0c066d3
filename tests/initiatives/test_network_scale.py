"""seed_scale gives the network page realistic data (issue 17): key persons and network
contacts that fit their area, written after everything else so the rest of the data set
stays what it was for the same seed."""

from io import StringIO

from django.core.management import call_command

from initiatives.models import KeyPerson, NetworkContact
from makelaar.base.models import Role


def test_seed_scale_writes_key_persons_and_network_contacts_that_fit_their_area(db):
    call_command("seed_scale", "--size", "XS", stdout=StringIO())
    people = list(KeyPerson.objects.select_related("kept_by__team"))
    assert people
    for person in people:
        assert person.kept_by.role == Role.MAKELAAR
        assert person.kept_by.team.area_id == person.area_id
        assert all(h.area_id == person.area_id for h in person.neighbourhoods.all())
        assert all(i.area_id == person.area_id for i in person.initiatives.all())
    contacts = NetworkContact.objects.select_related("author__team")
    assert contacts.count() > 10
    for contact in contacts:
        assert contact.author.team.area_id == contact.area_id
        assert all(k.area_id == contact.area_id for k in contact.key_persons.all())
