"""Writes to people and places. Each action: one transaction, one audit entry."""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from makelaar.base import audit, totp
from makelaar.base.audit_verbs import Verb
from makelaar.base.auth import (
    TWO_FACTOR_ROLES,
    end_sessions_of,
    masked_username,
    username_key,
)
from makelaar.base.errors import DomainError
from makelaar.base.models import (
    AREA_BOUND_ROLES,
    Area,
    LoginFailure,
    Neighbourhood,
    NeighbourhoodFigures,
    NeighbourhoodOutline,
    NeighbourhoodProfile,
    Role,
    Team,
    User,
)
from makelaar.base.privacy_guard import refuse_personal_data


def _create_area(name: str, team_name: str) -> tuple[Area, Team]:
    name = name.strip()
    if not name:
        raise DomainError(_("An area needs a name."))
    if Area.objects.filter(name__iexact=name).exists():
        raise DomainError(_("An area named “%(name)s” already exists.") % {"name": name})
    area = Area.objects.create(name=name)
    team = Team.objects.create(name=team_name.strip() or name, area=area)
    return area, team


@transaction.atomic
def create_area(*, name: str, team_name: str = "", by) -> Area:
    """A new area with its social team."""
    area, team = _create_area(name, team_name)
    audit.record(
        actor=by, verb=Verb.CREATE_AREA, obj=area, after={"name": area.name, "team": team.name}
    )
    return area


def _create_neighbourhood(name: str, area: Area) -> Neighbourhood:
    name = name.strip()
    if not name:
        raise DomainError(_("A neighbourhood needs a name."))
    if Neighbourhood.objects.filter(name__iexact=name).exists():
        raise DomainError(_("A neighbourhood named “%(name)s” already exists.") % {"name": name})
    return Neighbourhood.objects.create(name=name, area=area)


@transaction.atomic
def create_neighbourhood(*, name: str, area: Area, by) -> Neighbourhood:
    neighbourhood = _create_neighbourhood(name, area)
    audit.record(
        actor=by,
        verb=Verb.CREATE_NEIGHBOURHOOD,
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
    audit.record(actor=by, verb=Verb.CREATE_USER, obj=user, after=audit.snapshot(user))
    return user


def _free_username(wanted: str, subject: str) -> str:
    """`wanted` (the provider's username or e-mail), or, when someone has it already (a
    password account is never taken over by a sign-in), it with a mark of the subject."""
    wanted = (wanted or "").strip()[:140] or "sso"
    if not User.objects.filter(username__iexact=wanted).exists():
        return wanted
    digest = salted_hmac(
        "makelaar.base.actions.sso_username", subject, algorithm="sha256"
    ).hexdigest()[:8]
    return f"{wanted}-{digest}"


@transaction.atomic
def sign_in_with_sso(
    *,
    subject: str,
    role: Role,
    team: Team | None,
    username: str = "",
    first_name: str | None = None,
    last_name: str | None = None,
    email: str | None = None,
) -> User:
    """The account of the person the identity provider names by `subject`: made at
    their first sign-in, and at a later one given the role and team their groups map to
    now (and the name and e-mail the provider holds; None: the provider sent none).
    Writes nothing when nothing changed. The person acts themselves."""
    if role in AREA_BOUND_ROLES and team is None:
        raise DomainError(_("Social workers and social connectors belong to a team."))
    values = {
        "role": role,
        "team": team if role in AREA_BOUND_ROLES else None,
        "is_staff": role == Role.ADMIN,
        "is_superuser": role == Role.ADMIN,
    }
    for name, value in (("first_name", first_name), ("last_name", last_name), ("email", email)):
        if value is not None:
            values[name] = value[: User._meta.get_field(name).max_length]
    user = User.objects.select_for_update().filter(oidc_subject=subject).first()
    if user is None:
        user = User(username=_free_username(username, subject), oidc_subject=subject, **values)
        user.set_unusable_password()
        user.save()
        audit.record(actor=user, verb=Verb.CREATE_SSO_USER, obj=user, after=audit.snapshot(user))
        return user
    changed = audit.changed_fields(user, values)
    if not changed:
        return user
    before = {name: getattr(user, name) for name in changed}
    for name in changed:
        setattr(user, name, values[name])
    user.save(update_fields=changed)
    audit.record(
        actor=user,
        verb=Verb.UPDATE_SSO_USER,
        obj=user,
        before=before,
        after={name: values[name] for name in changed},
    )
    return user


@transaction.atomic
def link_sso_subject(*, user: User, subject: str, by) -> User:
    """Let an existing account (made with a password, before single sign-on) sign in
    through the provider as `subject` (the `sub` its ID tokens carry), keeping everything
    the account did. The administrator does this; sign-in never links by name or e-mail."""
    subject = (subject or "").strip()
    if not subject:
        raise DomainError(_("Give the subject (sub) the identity provider uses for this person."))
    user = User.objects.select_for_update().get(pk=user.pk)
    other = User.objects.filter(oidc_subject=subject).exclude(pk=user.pk).first()
    if other is not None:
        raise DomainError(
            _("The account “%(name)s” signs in as this subject already.") % {"name": other}
        )
    if user.oidc_subject == subject:
        return user
    before = {"oidc_subject": user.oidc_subject}
    user.oidc_subject = subject
    user.save(update_fields=["oidc_subject"])
    after = {"oidc_subject": subject}
    audit.record(actor=by, verb=Verb.LINK_SSO_SUBJECT, obj=user, before=before, after=after)
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
    the whole import: nothing is written. One audit entry names what was created
    (none when nothing was).
    """
    result = ImportResult()
    areas, neighbourhoods = [], []
    for number, row in enumerate(rows, start=2):  # line 1 is the header
        area_name = (row.get("area") or "").strip()
        hood_name = (row.get("neighbourhood") or "").strip()
        if not area_name or not hood_name:
            raise DomainError(
                _("Line %(line)d: both area and neighbourhood are required.") % {"line": number}
            )
        area = Area.objects.filter(name__iexact=area_name).first()
        if area is None:
            area, team = _create_area(area_name, row.get("team") or "")
            areas.append({"id": area.pk, "name": area.name, "team": team.name})
            result.areas_created += 1
        existing = Neighbourhood.objects.filter(name__iexact=hood_name).first()
        if existing is None:
            neighbourhood = _create_neighbourhood(hood_name, area)
            neighbourhoods.append(
                {"id": neighbourhood.pk, "name": neighbourhood.name, "area": area.pk}
            )
            result.neighbourhoods_created += 1
        elif existing.area_id != area.pk:
            raise DomainError(
                _("Line %(line)d: “%(name)s” already belongs to area %(area)s.")
                % {"line": number, "name": hood_name, "area": existing.area}
            )
        else:
            result.neighbourhoods_unchanged += 1
    if areas or neighbourhoods:
        audit.record(
            actor=by,
            verb=Verb.IMPORT_AREAS,
            obj=Area,
            after={
                "areas": areas,
                "neighbourhoods": neighbourhoods,
                "neighbourhoods_unchanged": result.neighbourhoods_unchanged,
            },
        )
    return result


# Logging in. Failed attempts get no audit entry each (they change no record); a log
# line says which account (masked: what was typed may be a name or a password) and
# from where, never the password that was tried.

auth_logger = logging.getLogger("makelaar.base.auth")


class WrongCode(DomainError):
    """The code from the authenticator app does not match, or was used before."""


def record_login_failure(*, username: str, ip_address: str | None) -> None:
    """Count a wrong password or code against the account and the address."""
    LoginFailure.objects.create(
        username=username_key(username), ip_address=ip_address, at=timezone.now()
    )
    auth_logger.warning("Failed login for %s from %s", masked_username(username), ip_address or "?")


def clear_login_failures(*, username: str) -> int:
    """A successful login forgives the account's failures (not the address's)."""
    deleted, _counts = LoginFailure.objects.filter(username=username_key(username)).delete()
    return deleted


def purge_login_failures(now) -> int:
    """Delete failures the throttle no longer counts (older than LOGIN_FAILURE_WINDOW).
    For the retention task; returns how many rows went."""
    since = now - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW)
    deleted, _counts = LoginFailure.objects.filter(at__lt=since).delete()
    return deleted


def _wrong_code() -> WrongCode:
    return WrongCode(
        _("That code is not right, or was used already. Enter the code your app shows now.")
    )


@transaction.atomic
def enable_two_factor(*, user: User, secret: str, code: str, by) -> User:
    """Switch on two-factor login with `secret`, once `code` proves the app has it."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.totp_confirmed_at is not None:
        raise DomainError(_("Two-step verification is on already."))
    step = totp.matching_time_step(secret, code, after=totp.last_used_time_step(user))
    if step is None:
        raise _wrong_code()
    user.totp_secret = secret
    user.totp_confirmed_at = timezone.now()
    user.save(update_fields=["totp_secret", "totp_confirmed_at"])
    # Never the secret: only that it is on, and the code's time step (not reusable).
    audit.record(
        actor=by,
        verb=Verb.ENABLE_TWO_FACTOR,
        obj=user,
        before={"two_factor": False},
        after={"two_factor": True, "time_step": step},
    )
    return user


@transaction.atomic
def verify_two_factor(*, user: User, code: str, by) -> int:
    """Accept `code` as the second login step; each code is accepted once. The row lock
    makes two requests with the same code take turns, so only one gets in."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.totp_confirmed_at is None:
        raise _wrong_code()
    step = totp.matching_time_step(user.totp_secret, code, after=totp.last_used_time_step(user))
    if step is None:
        raise _wrong_code()
    audit.record(actor=by, verb=Verb.VERIFY_TWO_FACTOR, obj=user, after={"time_step": step})
    return step


@transaction.atomic
def disable_two_factor(*, user: User, code: str, by) -> User:
    """Switch off two-factor login, with a current code. Not for the roles that must
    have it (TWO_FACTOR_ROLES)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.role in TWO_FACTOR_ROLES:
        raise DomainError(
            _("Team coaches and functional administrators always log in with a code.")
        )
    if user.totp_confirmed_at is None:
        raise DomainError(_("Two-step verification is off already."))
    step = totp.matching_time_step(user.totp_secret, code, after=totp.last_used_time_step(user))
    if step is None:
        raise _wrong_code()
    user.totp_secret = ""
    user.totp_confirmed_at = None
    user.save(update_fields=["totp_secret", "totp_confirmed_at"])
    audit.record(
        actor=by,
        verb=Verb.DISABLE_TWO_FACTOR,
        obj=user,
        before={"two_factor": True},
        after={"two_factor": False, "time_step": step},
    )
    return user


@transaction.atomic
def reset_two_factor(*, user: User, by) -> int:
    """A lost phone: the administrator removes the user's secret and ends their
    sessions; a coach or admin sets up a new app at their next login. Returns the
    number of sessions ended."""
    user = User.objects.select_for_update().get(pk=user.pk)
    before = {"two_factor": user.totp_confirmed_at is not None}
    user.totp_secret = ""
    user.totp_confirmed_at = None
    user.save(update_fields=["totp_secret", "totp_confirmed_at"])
    ended = end_sessions_of(user)
    audit.record(
        actor=by,
        verb=Verb.RESET_TWO_FACTOR,
        obj=user,
        before=before,
        after={"two_factor": False, "sessions_ended": ended},
    )
    return ended


@transaction.atomic
def deactivate_user(*, user: User, by) -> int:
    """Someone leaves: they can no longer log in and their sessions end now.
    Returns the number of sessions ended."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if by is not None and by.pk == user.pk:
        raise DomainError(_("You cannot deactivate your own account."))
    if not user.is_active:
        raise DomainError(_("“%(name)s” is inactive already.") % {"name": user})
    user.is_active = False
    user.save(update_fields=["is_active"])
    ended = end_sessions_of(user)
    audit.record(
        actor=by,
        verb=Verb.DEACTIVATE_USER,
        obj=user,
        before={"is_active": True},
        after={"is_active": False, "sessions_ended": ended},
    )
    return ended


@transaction.atomic
def save_in_admin(*, obj, by, save_related=None):
    """The functional administrator's add or change form (Django admin) for a person,
    place or list item: the row, then its many-to-many values (`save_related`), and one
    audit entry with before and after. Unticking "active" on a user ends their sessions
    now, in the same transaction, and the entry says how many."""
    adding = obj._state.adding
    current = None if adding else type(obj).objects.select_for_update().get(pk=obj.pk)
    before = None if current is None else audit.snapshot(current)
    obj.save()
    if save_related is not None:
        save_related()
    after = audit.snapshot(obj)
    if isinstance(obj, User) and current is not None and current.is_active and not obj.is_active:
        after["sessions_ended"] = end_sessions_of(obj)
    audit.record(
        actor=by,
        verb=Verb.ADMIN_ADD if adding else Verb.ADMIN_CHANGE,
        obj=obj,
        before=before,
        after=after,
    )
    return obj


@transaction.atomic
def delete_in_admin(*, objs, by) -> int:
    """The administrator deletes records of one kind (one, or a selection), with one audit
    entry: on the record itself when it is one, with its last picture; for a selection,
    an entry on the kind whose `before` holds each record's id and last picture.
    Returns how many."""
    objs = list(objs)
    if not objs:
        return 0
    model = type(objs[0])
    if any(type(obj) is not model for obj in objs):
        raise ValueError("delete_in_admin deletes records of one kind at a time")
    if len(objs) == 1:
        audit.record(actor=by, verb=Verb.ADMIN_DELETE, obj=objs[0], before=audit.snapshot(objs[0]))
    else:
        pictures = [{"id": obj.pk, **audit.snapshot(obj)} for obj in objs]
        audit.record(actor=by, verb=Verb.ADMIN_DELETE, obj=model, before={"records": pictures})
    for obj in objs:
        obj.delete()
    return len(objs)


@transaction.atomic
def set_password_in_admin(*, user: User, new_password: str | None, by) -> User:
    """The functional administrator sets a user's password (already checked by the form
    against the validators), or makes it unusable (new_password None). The user's
    sessions end: Django checks a hash of the password on every request."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if new_password is None:
        user.set_unusable_password()
    else:
        user.set_password(new_password)
    user.save(update_fields=["password"])
    audit.record(actor=by, verb=Verb.ADMIN_SET_PASSWORD, obj=user)
    return user


@transaction.atomic
def update_preferences(*, user: User, by, weekly_digest: bool, pattern_months: int) -> User:
    """A user's own settings: the weekly digest on or off, the window of the patterns."""
    if by.pk != user.pk:
        raise DomainError(_("Only you can change your own settings."))
    user = User.objects.select_for_update().get(pk=user.pk)
    before = {"weekly_digest": user.weekly_digest, "pattern_months": user.pattern_months}
    if before == {"weekly_digest": weekly_digest, "pattern_months": pattern_months}:
        return user  # sent back unchanged: nothing to write or record
    user.weekly_digest, user.pattern_months = weekly_digest, pattern_months
    user.save(update_fields=["weekly_digest", "pattern_months"])
    after = {"weekly_digest": user.weekly_digest, "pattern_months": user.pattern_months}
    audit.record(actor=by, verb=Verb.UPDATE_PREFERENCES, obj=user, before=before, after=after)
    return user


@transaction.atomic
def mark_digests_sent(*, users, on) -> list[int]:
    """Note the day each user's weekly digest went out; one entry naming them (none when
    nobody got one). Called by the digest run, in the transaction that sends the mail."""
    ids = sorted(u.pk for u in users)
    if not ids:
        return ids
    User.objects.select_for_update().filter(pk__in=ids).update(digest_sent_on=on)
    audit.record(actor=None, verb=Verb.SEND_DIGEST, obj=User, after={"users": ids, "on": on})
    return ids


def change_password(*, user: User, new_password: str, by) -> User:
    """Set a new password (already checked by the form against the validators). Other
    sessions of the user end: Django checks a hash of the password on every request."""
    user = User.objects.select_for_update().get(pk=user.pk)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit.record(actor=by, verb=Verb.CHANGE_PASSWORD, obj=user)
    return user


# Neighbourhoods: the key figures and outlines CBS publishes, and the makelaars' profile


@dataclass
class LoadResult:
    loaded: list = field(default_factory=list)  # names of the neighbourhoods stored
    unmatched: list = field(default_factory=list)  # labels of the rows no neighbourhood had
    skipped: int = 0  # rows left out (no year, a neighbourhood twice, no polygon)


class _Finder:
    """Finds a neighbourhood by its CBS code, else by its name (case and spaces aside).
    A neighbourhood found by name that has no code yet is given the row's code (so the
    outlines and next year's figures find it by code); `coded` lists them."""

    def __init__(self):
        hoods = list(Neighbourhood.objects.select_for_update().order_by("pk"))
        self.by_code = {h.cbs_code.upper(): h for h in hoods if h.cbs_code}
        self.by_name = {" ".join(h.name.lower().split()): h for h in hoods}
        self.coded: list[int] = []

    def __call__(self, code: str, name: str):
        code = (code or "").upper()
        if code in self.by_code:
            return self.by_code[code]
        hood = self.by_name.get(" ".join((name or "").lower().split()))
        if hood is not None and code and not hood.cbs_code:
            hood.cbs_code = code
            hood.save(update_fields=["cbs_code"])
            self.by_code[code] = hood
            self.coded.append(hood.pk)
        return hood


def _figures_values(row) -> dict:
    return {
        "inhabitants": row.inhabitants,
        "share_65_plus": row.share_65_plus,
        "low_income": row.low_income,
        "wmo_per_1000": row.wmo_per_1000,
    }


@transaction.atomic
def load_cbs_figures(rows, *, source: str, by) -> LoadResult:
    """Store the key figures of `rows` (makelaar.base.neighbourhood_data.FigureRow) on the
    neighbourhoods they match, by CBS code and else by name. A neighbourhood's figures
    for a year are replaced, so loading the same file again changes nothing. Rows that
    match no neighbourhood are reported, not stored. One audit entry on the kind."""
    if not rows:
        raise DomainError(_("The file holds no rows of neighbourhoods."))
    if any(row.year is None for row in rows):
        raise DomainError(_("The file does not say the year: give it with --year."))
    find = _Finder()
    result = LoadResult()
    existing = {
        (f.neighbourhood_id, f.year): f
        for f in NeighbourhoodFigures.objects.select_for_update().filter(
            year__in={row.year for row in rows}
        )
    }
    seen, stored = set(), []
    now = timezone.now()
    for row in rows:
        hood = find(row.code, row.name)
        if hood is None:
            result.unmatched.append(row.label)
            continue
        if (hood.pk, row.year) in seen:
            result.skipped += 1
            continue
        seen.add((hood.pk, row.year))
        values = _figures_values(row)
        figures = existing.get((hood.pk, row.year))
        if figures is None:
            NeighbourhoodFigures.objects.create(
                neighbourhood=hood, year=row.year, source=source, loaded_at=now, **values
            )
        elif any(getattr(figures, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(figures, key, value)
            figures.source, figures.loaded_at = source, now
            figures.save(update_fields=[*values, "source", "loaded_at"])
        else:
            result.loaded.append(hood.name)
            continue  # the same figures again: nothing to write
        result.loaded.append(hood.name)
        stored.append({"neighbourhood": hood.pk, "year": row.year, **values})
    audit.record(
        actor=by,
        verb=Verb.LOAD_CBS_FIGURES,
        obj=NeighbourhoodFigures,
        after={
            "source": source,
            "stored": stored,
            "unmatched": result.unmatched,
            "codes_given": find.coded,
        },
    )
    return result


@transaction.atomic
def load_outlines(features, *, crs: str, source: str, by) -> LoadResult:
    """Store the outline of each feature (makelaar.base.neighbourhood_data.OutlineFeature)
    on the neighbourhood it matches, by CBS code and else by name; replaces an earlier
    outline. Features that match no neighbourhood are reported. One audit entry."""
    if crs not in NeighbourhoodOutline.Crs.values:
        raise DomainError(_("Unknown coordinate system: %(crs)s.") % {"crs": crs})
    if not features:
        raise DomainError(_("The file holds no outlines."))
    find = _Finder()
    result = LoadResult()
    existing = {o.neighbourhood_id: o for o in NeighbourhoodOutline.objects.select_for_update()}
    seen, stored = set(), []
    now = timezone.now()
    for feature in features:
        hood = find(feature.code, feature.name)
        if hood is None:
            result.unmatched.append(feature.label)
            continue
        if hood.pk in seen:
            result.skipped += 1
            continue
        seen.add(hood.pk)
        result.loaded.append(hood.name)
        outline = existing.get(hood.pk)
        if outline is None:
            NeighbourhoodOutline.objects.create(
                neighbourhood=hood, geometry=feature.geometry, crs=crs, source=source, loaded_at=now
            )
        elif outline.geometry != feature.geometry or outline.crs != crs:
            outline.geometry, outline.crs = feature.geometry, crs
            outline.source, outline.loaded_at = source, now
            outline.save(update_fields=["geometry", "crs", "source", "loaded_at"])
        else:
            continue
        stored.append(hood.pk)
    audit.record(
        actor=by,
        verb=Verb.LOAD_OUTLINES,
        obj=NeighbourhoodOutline,
        after={
            "source": source,
            "crs": crs,
            "neighbourhoods": stored,
            "unmatched": result.unmatched,
            "codes_given": find.coded,
        },
    )
    return result


class ProfileConflict(DomainError):
    """Someone saved the neighbourhood's profile since the form was opened."""


PROFILE_FIELDS = ("problems", "strengths", "key_places")


@transaction.atomic
def update_neighbourhood_profile(
    *,
    neighbourhood: Neighbourhood,
    problems: str,
    strengths: str,
    key_places: str,
    version: int,
    by,
) -> NeighbourhoodProfile | None:
    """Save what the area's makelaars write about `neighbourhood`. `version` is the one
    the form was opened at (0: there was no profile yet); a save from an older one is
    refused (ProfileConflict). The blank form of a new profile sent back saves nothing."""
    if by is None or by.role != Role.MAKELAAR or by.area_id != neighbourhood.area_id:
        raise DomainError(
            _("Only the social connectors of the area write about its neighbourhoods.")
        )
    values = {"problems": problems, "strengths": strengths, "key_places": key_places}
    labels = {name: NeighbourhoodProfile._meta.get_field(name).verbose_name for name in values}
    for name, text in values.items():
        values[name] = (text or "").strip()
        if len(values[name]) > 4000:
            raise DomainError(_("The text is too long: at most 4000 characters."))
        refuse_personal_data(values[name], labels[name])
    profile = (
        NeighbourhoodProfile.objects.select_for_update().filter(neighbourhood=neighbourhood).first()
    )
    if (profile.version if profile else 0) != version:
        raise ProfileConflict(
            _("Someone else saved this profile after you opened it. Compare and save again.")
        )
    if profile is None:
        if not any(values.values()):
            return None
        try:
            with transaction.atomic():
                profile = NeighbourhoodProfile.objects.create(
                    neighbourhood=neighbourhood, updated_by=by, **values
                )
        except IntegrityError:
            raise ProfileConflict(
                _("Someone else saved this profile after you opened it. Compare and save again.")
            ) from None
        before = None
    else:
        before = {name: getattr(profile, name) for name in PROFILE_FIELDS}
        if before == values:
            return profile  # sent back unchanged: nothing to write
        for name, text in values.items():
            setattr(profile, name, text)
        profile.updated_by = by
        profile.version += 1
        profile.save(update_fields=[*PROFILE_FIELDS, "updated_by", "updated_at", "version"])
    audit.record(
        actor=by,
        verb=Verb.UPDATE_NEIGHBOURHOOD_PROFILE,
        obj=profile,
        before=before,
        after={name: getattr(profile, name) for name in PROFILE_FIELDS},
    )
    return profile
