"""Writes to people and places. Each action: one transaction, one audit entry."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from makelaar import audit
from makelaar.errors import DomainError
from makelaar.models import AREA_BOUND_ROLES, Area, Neighbourhood, Role, Team, User


@transaction.atomic
def create_area(*, name: str, team_name: str = "", by) -> Area:
    """A new area with its social team."""
    name = name.strip()
    if not name:
        raise DomainError(_("An area needs a name."))
    if Area.objects.filter(name__iexact=name).exists():
        raise DomainError(_("An area named “%(name)s” already exists.") % {"name": name})
    area = Area.objects.create(name=name)
    team = Team.objects.create(name=team_name.strip() or name, area=area)
    audit.record(
        actor=by, verb="create_area", obj=area, after={"name": area.name, "team": team.name}
    )
    return area


@transaction.atomic
def create_neighbourhood(*, name: str, area: Area, by) -> Neighbourhood:
    name = name.strip()
    if not name:
        raise DomainError(_("A neighbourhood needs a name."))
    if Neighbourhood.objects.filter(name__iexact=name).exists():
        raise DomainError(_("A neighbourhood named “%(name)s” already exists.") % {"name": name})
    neighbourhood = Neighbourhood.objects.create(name=name, area=area)
    audit.record(
        actor=by,
        verb="create_neighbourhood",
        obj=neighbourhood,
        after={"name": neighbourhood.name, "area": area.pk},
    )
    return neighbourhood


@transaction.atomic
def create_user(
    *,
    username: str,
    role: Role,
    team: Team | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    password: str | None = None,
    by,
) -> User:
    """A new staff member. Area-bound roles need a team; only admins may enter the admin."""
    if role in AREA_BOUND_ROLES and team is None:
        raise DomainError(_("Social workers and social connectors belong to a team."))
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("The username “%(name)s” is taken.") % {"name": username})
    user = User(
        username=username,
        role=role,
        team=team,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    audit.record(actor=by, verb="create_user", obj=user, after=audit.snapshot(user))
    return user


@dataclass
class ImportResult:
    areas_created: int = 0
    neighbourhoods_created: int = 0
    neighbourhoods_unchanged: int = 0


@transaction.atomic
def import_areas(rows, *, by) -> ImportResult:
    """Create the areas, teams and neighbourhoods in `rows` that do not exist yet.

    Each row is a mapping with "area", "neighbourhood" and optionally "team".
    Rows already present are left alone, so the import can be run again. A row
    that contradicts what is stored (a neighbourhood in another area) refuses
    the whole import: nothing is written.
    """
    result = ImportResult()
    for number, row in enumerate(rows, start=2):  # line 1 is the header
        area_name = (row.get("area") or "").strip()
        hood_name = (row.get("neighbourhood") or "").strip()
        if not area_name or not hood_name:
            raise DomainError(
                _("Line %(line)d: both area and neighbourhood are required.") % {"line": number}
            )
        area = Area.objects.filter(name__iexact=area_name).first()
        if area is None:
            area = create_area(name=area_name, team_name=row.get("team") or "", by=by)
            result.areas_created += 1
        existing = Neighbourhood.objects.filter(name__iexact=hood_name).first()
        if existing is None:
            create_neighbourhood(name=hood_name, area=area, by=by)
            result.neighbourhoods_created += 1
        elif existing.area_id != area.pk:
            raise DomainError(
                _("Line %(line)d: “%(name)s” already belongs to area %(area)s.")
                % {"line": number, "name": hood_name, "area": existing.area}
            )
        else:
            result.neighbourhoods_unchanged += 1
    return result
