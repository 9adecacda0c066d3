from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self):
        from initiatives import actions, actions_partner
        from initiatives import history as initiative_history
        from initiatives.models import Initiative, Organisation
        from makelaar.base import privacy, retention

        # Names of the registry that look like a person's but are not (makelaar.base.privacy).
        privacy.register_registry_names(Organisation, "name")
        privacy.register_registry_names(Initiative, "title")
        # Stale uploads first: an erased volunteer's rows need not be searched in them.
        retention.register("import_batch", actions.discard_stale_imports)
        retention.register("volunteer", actions.remove_inactive_volunteers)
        retention.register("initiator_contact", actions.clear_initiator_contacts)
        retention.register("partner_link_address", actions_partner.purge_partner_link_addresses)
        # How their audit entries read on each record's history (makelaar.base.history).
        initiative_history.register()
