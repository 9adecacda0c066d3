import pytest
from django.urls import reverse
from django.utils.html import escape

from makelaar.base.models import Role
from makelaar.base.navigation import START_PAGES
from tests.conftest import log_in_with_the_form
from tests.factories import PASSWORD


@pytest.mark.parametrize("role", list(Role))
def test_login_lands_each_role_on_its_own_start_page(client, user_for_role, role):
    # The coach and the admin set up their app on the way (tests/security/test_two_factor.py).
    user = user_for_role(role)
    response = log_in_with_the_form(client, user)
    assert response.redirect_chain[-1][0] == reverse(START_PAGES[role])
    assert response.status_code == 200
    assert response.context["user"] == user


def test_login_page_is_dutch_by_default(client, db):
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert "Inloggen" in html
    assert "Gebruikersnaam" in html


def test_wrong_password_shows_a_dutch_error_and_keeps_the_username(client, makelaar):
    response = client.post(
        reverse("login"), {"username": makelaar.username, "password": "niet-goed"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in html
    assert f'value="{escape(makelaar.username)}"' in html
    assert "_auth_user_id" not in client.session


def test_logout_ends_the_session(client, makelaar):
    client.force_login(makelaar)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response.url == reverse("login")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("makelaar:portfolio")).status_code == 302


def test_the_language_switch_turns_the_interface_english(client, makelaar):
    client.force_login(makelaar)
    portfolio = reverse("makelaar:portfolio")
    response = client.post(reverse("set_language"), {"language": "en", "next": portfolio})
    assert response.url == portfolio
    html = client.get(portfolio).content.decode()
    assert '<html lang="en">' in html
    assert "My portfolio" in html


def test_an_inactive_user_cannot_log_in(client, makelaar):
    makelaar.is_active = False
    makelaar.save()
    client.post(reverse("login"), {"username": makelaar.username, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
