from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from initiatives import views_partner
from makelaar.base import views, views_auth, views_sso
from makelaar.base.access import public
from makelaar.reporting import views as reporting_views
from makelaar.reporting import views_export, views_reflection, views_report, views_wijk

if settings.BENCH_TIMING:  # tooling/bench/run.py: admin lists to compare with (before admin urls)
    from tooling.bench import middleware as middleware_bench

    middleware_bench.register_admin()

app_patterns = (
    [
        path("portfolio/", reporting_views.portfolio, name="portfolio"),
        path("portfolio/<int:pk>/", reporting_views.portfolio_of, name="portfolio_of"),
        path("overzicht/", reporting_views.overview, name="overview"),
        path("zoeken/", reporting_views.search_all, name="search"),
        path("reflectie/", views_reflection.reflection_page, name="reflection"),
        path("reflectie/<int:pk>/", views_reflection.reflection_of, name="reflection_of"),
        path("overzicht/export/", views_export.overview_export, name="overview_export"),
        path(
            "overzicht/exports/initiatieven/",
            views_export.initiatives_export,
            name="export_initiatives",
        ),
        path("overzicht/exports/signalen/", views_export.signals_export, name="export_signals"),
        path("overzicht/exports/<int:pk>/", views_export.export_job, name="export_job"),
        path(
            "overzicht/exports/<int:pk>/download/",
            views_export.export_download,
            name="export_download",
        ),
        path("wijken/", views_wijk.wijk_list, name="wijken"),
        path("wijken/<int:pk>/", views_wijk.wijk_detail, name="wijk"),
        path("wijken/<int:pk>/profiel/", views_wijk.wijk_profile_edit, name="wijk_profile_edit"),
        path("beheer/", views.admin_start, name="admin_start"),
        path("jaarverslag/", views_report.year_report, name="year_report"),
        path(
            "jaarverslag/<int:year>/<int:area_pk>/",
            views_report.year_report_edit,
            name="year_report_edit",
        ),
    ],
    "makelaar",
)

urlpatterns = [
    path("", views.home, name="home"),
    path("inloggen/", views_auth.login, name="login"),
    path("inloggen/code/", views_auth.login_code, name="login_code"),
    path("inloggen/app-instellen/", views_auth.login_enroll, name="login_enroll"),
    path("uitloggen/", views_auth.logout, name="logout"),
    path("account/", views_auth.account_settings, name="account"),
    path("account/tweestapsverificatie/", views_auth.two_factor, name="two_factor"),
    path("account/wachtwoord/", views_auth.password_change, name="password_change"),
    path("taal/", public(set_language), name="set_language"),
    path("", include(app_patterns)),
    path("initiatieven/", include("initiatives.urls")),
    path("signalen/", include("signals.urls")),
    path("admin/", admin.site.urls),
    # Single sign-on (makelaar/base/views_sso.py; 404 while OIDC_DISCOVERY_URL is unset).
    path("oidc/authenticate/", views_sso.sso_start, name="oidc_authentication_init"),
    path("oidc/callback/", views_sso.sso_callback, name="oidc_authentication_callback"),
    path("oidc/logout/", views_sso.sso_logout, name="oidc_logout"),
    path("api/v1/", include("makelaar.api.urls")),
    # Partner links (issue 18): public, the signed link is the permission.
    path("partner/bedankt/", public(views_partner.partner_thanks), name="partner_thanks"),
    path("partner/<str:token>/", public(views_partner.partner_answer), name="partner"),
]

if settings.BENCH_TIMING:  # tooling/bench/run.py only; never in tests or production
    urlpatterns.insert(0, path("__bench__/noop/", middleware_bench.noop, name="bench_noop"))
