from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class MakelaarConfig(AppConfig):
    default = True
    name = "makelaar"
    verbose_name = _("People and places")

    def ready(self):
        from makelaar import checks  # noqa: F401 (registers them)


class MakelaarAdminConfig(admin_apps.AdminConfig):
    """The Django admin, with our site: only the functional administrator may enter."""

    default = False
    default_site = "makelaar.admin_site.MakelaarAdminSite"
