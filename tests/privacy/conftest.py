import pytest

from tests.factories import NeighbourhoodFactory


@pytest.fixture
def login(client):
    """Sign a user in as the login flow would, second step included where it applies."""

    def sign_in(user):
        client.force_login(user)
        try:
            from makelaar.base.auth import VERIFIED_KEY
        except ImportError:  # before two-factor login existed
            return client
        session = client.session
        session[VERIFIED_KEY] = True
        session.save()
        return client

    return sign_in


@pytest.fixture
def hood(area):
    return NeighbourhoodFactory(name="Korte Akkeren", area=area)
