"""check_text: the personal-data check with the registry's own names allowed.

All names are made up.
"""

from initiatives.models import Initiative
from makelaar.base.models import Theme
from makelaar.base.privacy import NAME, check_text, registry_names
from tests.factories import AreaFactory, NeighbourhoodFactory, OrganisationFactory, make_initiative


def test_a_text_without_a_name_costs_no_query(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert [f.kind for f in check_text("Bel 06-12345678 voor de afspraak.")] == ["phone"]
    with django_assert_num_queries(0):
        assert check_text("Meer ouderen voelen zich eenzaam in de wijk.") == []


def test_a_text_with_a_name_costs_one_query(db, django_assert_num_queries):
    with django_assert_num_queries(1):
        findings = check_text("Buurman Piet helpt haar met de boodschappen.")
    assert [(f.kind, f.text, f.replacement) for f in findings] == [
        (NAME, "Buurman Piet", "Een buurman")
    ]


def test_an_organisation_of_the_registry_is_no_name(db):
    text = "Kapsalon Yilmaz knipt gratis op woensdag."
    assert [f.text for f in check_text(text)] == ["Yilmaz"]
    OrganisationFactory(name="Kapsalon Yilmaz")
    assert check_text(text) == []


def test_an_initiative_of_the_registry_is_no_name_but_a_client_beside_it_is(db, makelaar):
    make_initiative(makelaar, title="Koffie met Kees")
    text = "Buurman Piet van Koffie met Kees komt elke week."
    assert [f.text for f in check_text(text)] == ["Buurman Piet"]


def test_a_name_that_only_resembles_a_registry_name_is_still_caught(db):
    OrganisationFactory(name="Kapsalon Yilmaz")
    assert [f.text for f in check_text("Familie Yilmaz heeft schulden.")] == ["Familie Yilmaz"]


def test_registry_names_come_from_every_list_in_one_query(db, django_assert_num_queries, makelaar):
    area = AreaFactory(name="Gebied Sanne")
    NeighbourhoodFactory(name="Sannebuurt", area=area)
    OrganisationFactory(name="Stichting Sanne")
    Theme.objects.create(name="Sanne en zo")
    make_initiative(makelaar, title="Sanne's tuin")
    assert Initiative.objects.filter(title="Sanne's tuin").exists()
    with django_assert_num_queries(1):
        names = registry_names({"sanne"})
    assert set(names) >= {
        "Gebied Sanne",
        "Sannebuurt",
        "Stichting Sanne",
        "Sanne en zo",
        "Sanne's tuin",
    }
