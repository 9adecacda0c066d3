"""Pages of the base: each role's start, and the administrator's start page."""

from django.shortcuts import redirect, render

from makelaar.base.access import ALL_ROLES, roles_required
from makelaar.base.models import Role
from makelaar.base.navigation import START_PAGES


@roles_required(*ALL_ROLES)
def home(request):
    """Send each role to its own start page."""
    return redirect(START_PAGES[request.user.role])


@roles_required(Role.ADMIN)
def admin_start(request):
    return render(request, "makelaar/admin_start.html")
