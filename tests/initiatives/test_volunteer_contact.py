"""A volunteer's e-mail and phone: the edit form follows the detail page's rule.

A makelaar who may edit a volunteer (one of their area) but may not see their contact
details (not involved in an initiative they help with, not who registered them) gets a
form without those fields; saving it keeps what is stored. Where the form shows them,
the access log gets the line the detail page writes.
"""

import pytest
from django.test import Client
from django.urls import reverse

from initiatives import selectors
from initiatives.models import Volunteer
from makelaar.base.models import PersonalDataAccess, User
from tests.demo_city import demo_city as demo_city  # the module's demo city
from tests.demo_city import sign_in
from tests.resilience.browser import form_data
from tests.text import assert_not_shows, assert_shows

pytestmark = pytest.mark.usefixtures("demo_city", "db")

MAKELAAR = "makelaar.noord"


def editable(*, contact_visible: bool) -> list[Volunteer]:
    user = User.objects.get(username=MAKELAAR)
    return [
        v
        for v in Volunteer.objects.order_by("pk")
        if (v.email or v.phone)
        and selectors.can_edit_volunteer(user, v)
        and selectors.can_see_contact(user, v) == contact_visible
    ]


def edit_url(volunteer):
    return reverse("initiatives:volunteer_edit", args=[volunteer.pk])


def logged(volunteer) -> int:
    return PersonalDataAccess.objects.filter(
        subject_type="volunteer", subject_id=volunteer.pk
    ).count()


def test_the_demo_city_has_both_kinds():
    assert editable(contact_visible=False) and editable(contact_visible=True)


def test_hidden_contact_details_are_not_in_the_edit_form_nor_logged():
    client = Client()
    sign_in(client, MAKELAAR)
    for volunteer in editable(contact_visible=False):
        detail = client.get(reverse("initiatives:volunteer_detail", args=[volunteer.pk]))
        before = logged(volunteer)

        page = client.get(edit_url(volunteer))

        assert page.status_code == 200
        for value in filter(None, [volunteer.email, volunteer.phone]):
            assert_not_shows(detail, value)
            assert_not_shows(page, value)
        assert 'name="email"' not in page.content.decode()
        assert 'name="phone"' not in page.content.decode()
        assert logged(volunteer) == before


def test_saving_the_form_without_them_keeps_the_stored_contact_details():
    client = Client()
    sign_in(client, MAKELAAR)
    for volunteer in editable(contact_visible=False):
        page = client.get(edit_url(volunteer))
        data = form_data(page.content.decode(), "name")
        data["availability"] = ["alleen op zaterdag"]

        response = client.post(edit_url(volunteer), data)

        assert response.status_code == 302, response.content.decode()[:2000]
        saved = Volunteer.objects.get(pk=volunteer.pk)
        assert saved.availability == "alleen op zaterdag"
        assert (saved.email, saved.phone) == (volunteer.email, volunteer.phone)


def test_an_edit_form_that_shows_them_writes_the_access_log():
    client = Client()
    user = sign_in(client, MAKELAAR)
    volunteer = editable(contact_visible=True)[0]
    before = logged(volunteer)

    page = client.get(edit_url(volunteer))

    assert_shows(page, volunteer.email or volunteer.phone)
    assert logged(volunteer) == before + 1
    entry = PersonalDataAccess.objects.filter(subject_id=volunteer.pk).latest("pk")
    assert entry.actor == user and entry.reason == "vrijwilliger bewerken"


def test_the_action_refuses_to_change_contact_details_its_user_may_not_see():
    from initiatives import actions

    user = User.objects.get(username=MAKELAAR)
    volunteer = editable(contact_visible=False)[0]
    with pytest.raises(actions.NotAllowed):
        actions.update_volunteer(
            volunteer, by=user, version=volunteer.version, email="ander@example.org"
        )
    assert Volunteer.objects.get(pk=volunteer.pk).email == volunteer.email
