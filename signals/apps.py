from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignalsConfig(AppConfig):
    name = "signals"
    verbose_name = _("Signals")

    def ready(self):
        from makelaar.base import retention
        from signals import actions
        from signals import history as signal_history

        signal_history.register()

        retention.register("signal", actions.anonymise_closed_signals)
