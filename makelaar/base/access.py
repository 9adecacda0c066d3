"""Who may use which view, and which rows they may see.

Deny by default: every view either declares its roles with `@roles_required(...)`
or is explicitly `@public`. `RoleRequiredMiddleware` refuses any other view of
ours, so a view added without a rule cannot leak (and the URL walker test fails).
"""

from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from makelaar.base.models import ExportJob, Role

#: Every role, for pages any signed-in user may open.
ALL_ROLES = frozenset(Role)
#: Namespaces that guard themselves (the Django admin checks its own permission).
SELF_GUARDED_NAMESPACES = frozenset({"admin"})


def roles_required(*roles: Role):
    """Allow a view to signed-in users with one of `roles`; everyone else gets 403."""
    allowed = frozenset(roles)
    if not allowed or not allowed <= ALL_ROLES:
        raise ValueError(f"roles_required needs known roles, got {roles!r}")

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                # LoginRequiredMiddleware sends anonymous users to login before this.
                raise PermissionDenied
            if user.role not in allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.allowed_roles = allowed
        return wrapper

    return decorator


def public(view):
    """Mark a view as open to anonymous users (login page, language switch)."""
    view = login_not_required(view)
    view.allowed_roles = None
    view.is_public = True
    return view


def view_rule(view_func):
    """(is_public, allowed_roles) declared on a view, or None when it declares nothing."""
    func = getattr(view_func, "view_class", None) or view_func
    for candidate in (view_func, func):
        if getattr(candidate, "is_public", False):
            return True, None
        roles = getattr(candidate, "allowed_roles", None)
        if roles:
            return False, roles
    return None


class RoleRequiredMiddleware:
    """Refuse every view that states no rule (deny by default)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and SELF_GUARDED_NAMESPACES & set(match.namespaces):
            return None
        if view_rule(view_func) is None:
            raise PermissionDenied
        return None


# Area scoping: the one place that decides which area's rows a user sees.


def visible_area_id(user):
    """None for citywide roles (see everything); an area id for area-bound roles."""
    return user.area_id


def sees_all_areas(user) -> bool:
    return user.is_authenticated and user.role in {Role.TEAM_COACH, Role.ADMIN}


#: Who opens a neighbourhood's page (makelaar:wijk): the roles its views state.
WIJK_PAGE_ROLES = frozenset({Role.MAKELAAR, Role.TEAM_COACH})


def may_open_wijk(user, area_id) -> bool:
    """Whether `user` may open the page of a neighbourhood in area `area_id`, so a page may
    link its name there: the coach every neighbourhood, a makelaar their own area's (as
    that page scopes them). No query: give the area_id loaded with the row."""
    if not user.is_authenticated or user.role not in WIJK_PAGE_ROLES:
        return False
    return sees_all_areas(user) or area_id == visible_area_id(user)


def scope_to_area(queryset: QuerySet, user, area_field: str = "area") -> QuerySet:
    """Limit `queryset` to the rows `user` may see.

    `area_field` is the lookup path from the model to its Area, e.g. "area",
    "neighbourhood__area" or "neighbourhoods__area". Coach and admin see all
    areas; a social worker or makelaar sees their own team's area; anyone else
    (including a user without a team) sees nothing.
    """
    if sees_all_areas(user):
        return queryset
    area_id = visible_area_id(user) if user.is_authenticated else None
    if area_id is None:
        return queryset.none()
    scoped = queryset.filter(**{area_field: area_id})
    # A many-to-many path can match one row several times.
    return scoped.distinct() if "__" in area_field else scoped


# Downloads of a list: who may ask for one (the list page offers its button to them;
# makelaar.reporting.exports builds the file for them only).

LIST_EXPORT_ROLES = {
    ExportJob.Kind.INITIATIVES: frozenset({Role.TEAM_COACH, Role.ADMIN}),
    # As the inbox: the functional administrator never sees signals.
    ExportJob.Kind.SIGNALS: frozenset({Role.TEAM_COACH}),
}


def may_export(user, kind: str) -> bool:
    """Whether the list page offers its download."""
    return user.is_authenticated and user.role in LIST_EXPORT_ROLES[kind]
