"""The import stays inside the uploader's area, as the forms do: a row cannot place a
record in another area, and the preview tells nothing about records the uploader may
not see."""

from initiatives.imports import confirm_import
from initiatives.models import Volunteer
from tests.factories import VolunteerFactory
from tests.initiatives.test_import import (
    VOLUNTEER_HEADER,
    csv_bytes,
    rows_by_number,
    stage,
    volunteer_row,
)
from tests.initiatives.test_import import places as places  # the fixture


def test_a_volunteer_living_in_another_areas_neighbourhood_is_an_error_of_its_row(makelaar, places):
    data = csv_bytes(
        VOLUNTEER_HEADER,
        [volunteer_row("Vera Voorbeeld"), volunteer_row("Otto Elders", Wijk="Havenkwartier")],
    )
    batch = stage(data, makelaar, kind="volunteers")
    rows = rows_by_number(batch)
    assert rows[2]["status"] == "valid"
    assert rows[3]["status"] == "error"
    assert rows[3]["errors"] == ["Regel 3: de wijk “Havenkwartier” ligt niet in uw gebied."]

    assert confirm_import(batch, by=makelaar) == 1
    assert list(Volunteer.objects.values_list("name", "neighbourhood__area")) == [
        ("Vera Voorbeeld", makelaar.area_id)
    ]


def test_another_areas_volunteer_with_the_same_name_and_email_is_not_reported_present(
    makelaar, places
):
    """'Already present' for another area's volunteer would tell the makelaar that this
    person volunteers elsewhere: the preview matches only volunteers they may see."""
    VolunteerFactory(
        name="Vera Voorbeeld", email="vera@example.org", neighbourhood=places["havenkwartier"]
    )
    VolunteerFactory(name="Sam Steun", email="sam@example.org", neighbourhood=places["lindenhof"])
    data = csv_bytes(
        VOLUNTEER_HEADER, [volunteer_row("Vera Voorbeeld"), volunteer_row("Sam Steun")]
    )
    batch = stage(data, makelaar, kind="volunteers")
    assert [row["status"] for row in batch.rows] == ["valid", "duplicate"]
    assert confirm_import(batch, by=makelaar) == 1
