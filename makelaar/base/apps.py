from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class MakelaarConfig(AppConfig):
    default = True
    name = "makelaar.base"
    label = "makelaar"  # the tables, migrations and AUTH_USER_MODEL keep the name they had
    verbose_name = _("People and places")

    def ready(self):
        from makelaar.base import (
            checks,  # noqa: F401 (registers them)
            neighbourhood_history,
            privacy,
            retention,
        )
        from makelaar.base.models import Area, Neighbourhood, Theme

        for model in (Area, Neighbourhood, Theme):
            privacy.register_registry_names(model, "name")
        retention.register("login_failure", retention.purge_login_failures)
        neighbourhood_history.register()
        retention.register("export", retention.purge_old_exports)


class MakelaarAdminConfig(admin_apps.AdminConfig):
    """The Django admin, with our site: only the functional administrator may enter."""

    default = False
    default_site = "makelaar.base.admin_site.MakelaarAdminSite"
