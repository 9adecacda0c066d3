from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "makelaar.api"
    label = "api"
    verbose_name = _("API clients")

    def ready(self):
        from makelaar.api import actions
        from makelaar.base import retention

        retention.register("api_call", actions.purge_api_calls)
