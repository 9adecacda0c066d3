import pytest
from django.core.management import CommandError, call_command

from makelaar.management.commands.seed_demo import DEMO_PEOPLE
from makelaar.models import Area, AuditEntry, Neighbourhood, Role, User

CSV = "area,team,neighbourhood\nHaven,Team Haven,Kade\nHaven,Team Haven,Dok\nHeide,,Ven\n"


@pytest.fixture
def csv_file(tmp_path):
    path = tmp_path / "gebieden.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def test_import_creates_areas_teams_and_neighbourhoods(db, csv_file, capsys):
    call_command("import_areas", csv_file)
    assert {a.name: a.team.name for a in Area.objects.all()} == {
        "Haven": "Team Haven",
        "Heide": "Heide",
    }
    assert {n.name: n.area.name for n in Neighbourhood.objects.all()} == {
        "Kade": "Haven",
        "Dok": "Haven",
        "Ven": "Heide",
    }
    # one entry per area and per neighbourhood created
    assert AuditEntry.objects.count() == 5
    assert "2 areas and 3 neighbourhoods added" in capsys.readouterr().out


def test_import_twice_changes_nothing_the_second_time(db, csv_file):
    call_command("import_areas", csv_file)
    call_command("import_areas", csv_file)
    assert Neighbourhood.objects.count() == 3
    assert AuditEntry.objects.count() == 5


def test_import_accepts_semicolons_as_spreadsheets_write_them(db, tmp_path):
    path = tmp_path / "gebieden.csv"
    path.write_text("area;neighbourhood\nHaven;Kade\n", encoding="utf-8")
    call_command("import_areas", path)
    assert Neighbourhood.objects.get().area.name == "Haven"


def test_a_conflicting_row_refuses_the_whole_import(db, csv_file, tmp_path):
    call_command("import_areas", csv_file)
    bad = tmp_path / "bad.csv"
    bad.write_text("area,neighbourhood\nNieuw,Nieuwe wijk\nHeide,Kade\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Regel 3"):
        call_command("import_areas", bad)
    assert not Area.objects.filter(name="Nieuw").exists()
    assert not Neighbourhood.objects.filter(name="Nieuwe wijk").exists()


def test_import_without_the_needed_columns_says_which(db, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("gebied,wijk\nHaven,Kade\n", encoding="utf-8")
    with pytest.raises(CommandError, match="area and neighbourhood"):
        call_command("import_areas", bad)


def test_seed_demo_builds_the_demo_city_once(db):
    call_command("seed_demo", "--once")
    call_command("seed_demo", "--once")
    assert list(Area.objects.values_list("name", flat=True)) == ["Noord", "Oost", "West"]
    assert User.objects.count() == len(DEMO_PEOPLE)
    for area in Area.objects.all():
        makelaars = User.objects.filter(team__area=area, role=Role.MAKELAAR)
        assert makelaars.count() == 2
        assert User.objects.filter(team__area=area, role=Role.SOCIAL_WORKER).exists()
        assert area.neighbourhoods.count() >= 3
    assert User.objects.filter(role=Role.TEAM_COACH, team=None).count() == 1
    admin = User.objects.get(role=Role.ADMIN)
    assert admin.is_staff and admin.check_password("demo-wachtwoord")


def test_seed_demo_registers_the_handreiking_initiatives_through_the_actions(db):
    import itertools

    from initiatives.models import Initiative, Volunteer

    call_command("seed_demo", "--once")
    expected = {
        "Papierwinkel": ("Oost", "action", "others_supported"),
        "Kapsalon de Walvis": ("Noord", "handed_off", "others_lead"),
        "Belastinghulp": ("Oost", "connect", "we_lead"),
        "De Futseltuin": ("West", "action", "others_supported"),
        "Koffietijd": ("Noord", "hand_off", "others_supported"),
        "Weggeefwinkel": ("West", "explore", "we_lead"),
    }
    initiatives = {i.title: i for i in Initiative.objects.select_related("area", "lead_makelaar")}
    assert set(expected) <= set(initiatives)
    for title, (area, phase, role) in expected.items():
        initiative = initiatives[title]
        assert (initiative.phase, initiative.role) == (phase, role), title
        assert initiative.area.name == area
        assert initiative.lead_makelaar.role == Role.MAKELAAR
        history = list(initiative.phase_changes.values_list("from_phase", "to_phase"))
        assert history[0] == ("", "explore")
        assert all(a[1] == b[0] for a, b in itertools.pairwise(history))
        assert history[-1][1] == phase
        assert initiative.role_changes.last().to_role == role
        assert 2 <= initiative.contacts.count() <= 4
        assert initiative.last_contact_on == initiative.contacts.first().happened_on
        audited = AuditEntry.objects.filter(
            object_id=str(initiative.pk), content_type__model="initiative"
        )
        assert audited.filter(verb="create_initiative").count() == 1
        assert audited.filter(verb="add_contact").count() == initiative.contacts.count()
        phase_verbs = ["move_phase", "start_hand_off", "complete_hand_off"]
        assert audited.filter(verb__in=phase_verbs).count() == len(history) - 1
    assert initiatives["Koffietijd"].funding_requests.get().status == "granted"
    assert 8 <= Volunteer.objects.count() <= 12
    assert not Volunteer.objects.filter(involvements=None).exists()
    # run again: nothing added twice
    call_command("seed_demo")
    assert Initiative.objects.count() == len(expected) + 6  # and a heavy portfolio in West


def test_seed_demo_tells_the_signal_stories_through_the_actions(db):
    from signals import workflow
    from signals.models import CollectiveNeed, Signal, Status
    from signals.selectors import bundle_suggestions

    call_command("seed_demo", "--once")
    signals = Signal.objects.select_related("area", "answered_initiative")
    assert AuditEntry.objects.filter(verb="forward_signal").count() == signals.count()
    # debts and paperwork in Oost: one need, answered by the Papierwinkel
    papierwinkel = CollectiveNeed.objects.filter(
        initiative__title="Papierwinkel", state=CollectiveNeed.State.ANSWERED
    )
    assert papierwinkel.exists()
    for need in papierwinkel:
        bundled = list(need.signals.all())
        assert len(bundled) >= 6
        assert {s.status for s in bundled} == {Status.ANSWERED}
        assert {s.answered_initiative.title for s in bundled} == {"Papierwinkel"}
        assert len({s.neighbourhood_id for s in bundled}) >= 3
    koffietijd = CollectiveNeed.objects.get(initiative__title="Koffietijd")
    assert koffietijd.state == CollectiveNeed.State.ANSWERED
    assert {s.target_group.name for s in koffietijd.signals.all()} == {"ouderen"}
    # young people's tax returns: answered one by one
    assert signals.filter(answered_initiative__title="Belastinghulp", need=None).count() >= 2
    assert signals.filter(status=Status.RETURNED).exists()
    # open signals in every area, and somewhere a theme worth bundling
    for area in Area.objects.all():
        assert signals.filter(area=area, status__in=workflow.OPEN).exists(), area
    makelaars = User.objects.filter(role=Role.MAKELAAR).select_related("team")
    assert any(bundle_suggestions(makelaar) for makelaar in makelaars)
    # two-way traffic: every sender has news on their answered signals
    answered = signals.filter(status=Status.ANSWERED)
    assert answered.count() >= 10
    assert all(signal.has_news_for_sender for signal in answered)
    # run again: nothing added twice
    count = signals.count()
    call_command("seed_demo")
    assert Signal.objects.count() == count


def test_seed_demo_shows_a_heavy_portfolio_a_half_done_hand_off_and_a_due_check_in(db):
    from django.utils import timezone

    from initiatives.actions import missing_hand_off_items
    from initiatives.models import CheckIn, HandOff, Initiative

    call_command("seed_demo", "--once")
    heavy = User.objects.get(username="makelaar.west")
    we_lead = Initiative.objects.filter(lead_makelaar=heavy, role="we_lead", phase="explore")
    assert we_lead.count() > 5
    half_done = HandOff.objects.get(initiative__title="Koffietijd", status="in_progress")
    assert 0 < len(missing_hand_off_items(half_done)) < 6
    due = CheckIn.objects.get(
        initiative__title="Kapsalon de Walvis", due_on__lte=timezone.localdate()
    )
    assert due.done_on is None
