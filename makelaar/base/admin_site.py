from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from makelaar.base.models import Role


class MakelaarAdminSite(admin.AdminSite):
    site_header = _("Social connector registry: administration")
    site_title = _("Administration")
    index_title = _("Areas, teams, users and lists")

    def has_permission(self, request):
        user = request.user
        return user.is_active and user.is_staff and user.role == Role.ADMIN
