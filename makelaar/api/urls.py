"""/api/v1/: every pattern logged and public as far as the site's own rules go, its token
check inside (makelaar/api/access_log.py, makelaar/api/auth.py)."""

from django.urls import path, re_path

from makelaar.api import views
from makelaar.api.access_log import logged_endpoint

app_name = "api"


def endpoint(view_class):
    return logged_endpoint(view_class.as_view())


urlpatterns = [
    path("organizations/", endpoint(views.OrganizationList), name="organizations"),
    path("organizations/<int:pk>/", endpoint(views.OrganizationDetail), name="organization"),
    path("services/", endpoint(views.ServiceList), name="services"),
    path("services/<int:pk>/", endpoint(views.ServiceDetail), name="service"),
    path("neighbourhoods/", endpoint(views.NeighbourhoodList), name="neighbourhoods"),
    path("neighbourhoods/<int:pk>/", endpoint(views.NeighbourhoodDetail), name="neighbourhood"),
    path("figures/", endpoint(views.FigureList), name="figures"),
    path("schema/", endpoint(views.SchemaView), name="schema"),
    path("docs/", endpoint(views.DocsView), name="docs"),
    # Last: any other path under /api/v1/ is a 404 as problem+json, not an HTML page.
    re_path(r"^.*$", logged_endpoint(views.no_endpoint), name="no_endpoint"),
]
