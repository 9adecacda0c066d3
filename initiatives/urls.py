from django.urls import path
from django.views.decorators.cache import never_cache

from initiatives import (
    views,
    views_import,
    views_network,
    views_partner,
    views_privacy,
    views_value,
)
from makelaar.base.audit import INITIATOR, VOLUNTEER

app_name = "initiatives"

urlpatterns = [
    path("", views.initiative_list, name="list"),
    path("nieuw/", views.initiative_create, name="create"),
    path("<int:pk>/", views.initiative_detail, name="detail"),
    path("<int:pk>/bewerken/", views.initiative_edit, name="edit"),
    path("<int:pk>/fase/", views.initiative_move_phase, name="move_phase"),
    path("<int:pk>/rol/", views.initiative_change_role, name="change_role"),
    path("<int:pk>/contact/", views.initiative_add_contact, name="add_contact"),
    path("<int:pk>/stoppen/", views.initiative_stop, name="stop"),
    path("<int:pk>/overdracht/", views.hand_off, name="hand_off"),
    path("<int:pk>/overdracht/starten/", views.hand_off_start, name="hand_off_start"),
    path("<int:pk>/overdracht/afronden/", views.hand_off_complete, name="hand_off_complete"),
    path(
        "<int:pk>/overdracht/pauzeren/",
        views.hand_off_move,
        {"move": "pause"},
        name="hand_off_pause",
    ),
    path(
        "<int:pk>/overdracht/hervatten/",
        views.hand_off_move,
        {"move": "resume"},
        name="hand_off_resume",
    ),
    path(
        "<int:pk>/overdracht/afbreken/",
        views.hand_off_move,
        {"move": "abandon"},
        name="hand_off_abandon",
    ),
    # after the fixed words above, so "pauzeren" is not taken for a checklist item
    path("<int:pk>/overdracht/<slug:item>/", views.hand_off_item, name="hand_off_item"),
    path("nazorg/<int:pk>/", views.check_in, name="check_in"),
    # Partner links (issue 18): send one for the hand-off's agreements, a check-in or an
    # organisation's entry; withdraw one.
    path(
        "<int:pk>/partnerlink/", views_partner.hand_off_partner_link, name="hand_off_partner_link"
    ),
    path(
        "nazorg/<int:pk>/partnerlink/",
        views_partner.check_in_partner_link,
        name="check_in_partner_link",
    ),
    path(
        "organisaties/<int:pk>/partnerlink/",
        views_partner.organisation_partner_link,
        name="organisation_partner_link",
    ),
    path(
        "partnerlinks/<int:pk>/intrekken/",
        views_partner.partner_link_revoke,
        name="partner_link_revoke",
    ),
    path("vrijwilligers/", views.volunteer_list, name="volunteers"),
    path("vrijwilligers/nieuw/", views.volunteer_create, name="volunteer_create"),
    path("vrijwilligers/<int:pk>/", views.volunteer_detail, name="volunteer_detail"),
    path("vrijwilligers/<int:pk>/bewerken/", views.volunteer_edit, name="volunteer_edit"),
    path(
        "vrijwilligers/<int:pk>/waardering/",
        views.volunteer_add_appreciation,
        name="volunteer_add_appreciation",
    ),
    path(
        "vrijwilligers/<int:pk>/inzage/",
        views_privacy.volunteer_subject_access,
        name="volunteer_subject_access",
    ),
    path(
        "vrijwilligers/<int:pk>/inzage/download/",
        views_privacy.volunteer_subject_access_download,
        name="volunteer_subject_access_download",
    ),
    path("vrijwilligers/<int:pk>/wissen/", views_privacy.volunteer_erase, name="volunteer_erase"),
    path(
        "vrijwilligers/<int:pk>/toegangslog/",
        views_privacy.access_log,
        {"subject_type": VOLUNTEER},
        name="volunteer_access_log",
    ),
    path(
        "initiatiefnemers/<int:pk>/toegangslog/",
        views_privacy.access_log,
        {"subject_type": INITIATOR},
        name="initiator_access_log",
    ),
    path("organisaties/", views.organisation_list, name="organisations"),
    path("organisaties/nieuw/", views.organisation_create, name="organisation_create"),
    path("organisaties/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisaties/<int:pk>/bewerken/", views.organisation_edit, name="organisation_edit"),
    path("aanbod/", views.offer, name="offer"),
    path("doelen/", views_value.goal_list, name="goals"),
    path("doelen/nieuw/", views_value.goal_create, name="goal_create"),
    path("doelen/<int:pk>/bewerken/", views_value.goal_edit, name="goal_edit"),
    path("fondsen/", views_value.fund_list, name="funds"),
    path("fondsen/nieuw/", views_value.fund_create, name="fund_create"),
    path("fondsen/<int:pk>/bewerken/", views_value.fund_edit, name="fund_edit"),
    path("<int:pk>/bereik/", views_value.period_figures, name="period_figures"),
    path("netwerk/", views_network.network, name="network"),
    path("netwerk/overdragen/", views_network.network_hand_over, name="network_hand_over"),
    path(
        "netwerk/sleutelpersonen/nieuw/",
        views_network.key_person_create,
        name="key_person_create",
    ),
    path(
        "netwerk/sleutelpersonen/<int:pk>/bewerken/",
        views_network.key_person_edit,
        name="key_person_edit",
    ),
    path(
        "netwerk/sleutelpersonen/<int:pk>/uit-netwerk/",
        views_network.key_person_retire,
        name="key_person_retire",
    ),
    path(
        "netwerk/contacten/nieuw/",
        views_network.network_contact_create,
        name="network_contact_create",
    ),
    path(
        "netwerk/contacten/<int:pk>/bewerken/",
        views_network.network_contact_edit,
        name="network_contact_edit",
    ),
    path("importeren/", views_import.import_upload, name="import"),
    # The preview lists the rows of the file (names of volunteers): no-store.
    path("importeren/<int:pk>/", never_cache(views_import.import_preview), name="import_preview"),
    path(
        "importeren/<int:pk>/kolommen/",
        never_cache(views_import.import_columns),
        name="import_columns",
    ),
    path("importeren/<int:pk>/bevestigen/", views_import.import_confirm, name="import_confirm"),
    path("importeren/<int:pk>/verwerpen/", views_import.import_discard, name="import_discard"),
]
