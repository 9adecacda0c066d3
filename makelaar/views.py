from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render

from makelaar.access import ALL_ROLES, public, roles_required
from makelaar.models import Role
from makelaar.navigation import START_PAGES

login = public(
    auth_views.LoginView.as_view(
        template_name="registration/login.html", redirect_authenticated_user=True
    )
)
logout = public(auth_views.LogoutView.as_view())


@roles_required(*ALL_ROLES)
def home(request):
    """Send each role to its own start page."""
    return redirect(START_PAGES[request.user.role])


@roles_required(Role.MAKELAAR)
def portfolio(request):
    return render(request, "makelaar/portfolio.html")


@roles_required(Role.TEAM_COACH, Role.ADMIN)
def overview(request):
    return render(request, "makelaar/overview.html")


@roles_required(Role.ADMIN)
def admin_start(request):
    return render(request, "makelaar/admin_start.html")
