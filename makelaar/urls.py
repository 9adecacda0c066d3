from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from makelaar import views, views_export, views_report
from makelaar.access import public

app_patterns = (
    [
        path("portfolio/", views.portfolio, name="portfolio"),
        path("portfolio/<int:pk>/", views.portfolio_of, name="portfolio_of"),
        path("overzicht/", views.overview, name="overview"),
        path("overzicht/export/", views_export.overview_export, name="overview_export"),
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
    path("inloggen/", views.login, name="login"),
    path("uitloggen/", views.logout, name="logout"),
    path("taal/", public(set_language), name="set_language"),
    path("", include(app_patterns)),
    path("initiatieven/", include("initiatives.urls")),
    path("signalen/", include("signals.urls")),
    path("admin/", admin.site.urls),
]
