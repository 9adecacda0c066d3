"""Test-only pages (tests/resilience), mounted beside the real ones with ROOT_URLCONF."""

from django.db import OperationalError, connection
from django.http import HttpResponse
from django.urls import path

from makelaar.base.access import public
from makelaar.urls import urlpatterns as app_urlpatterns


@public
def boom(request):
    raise RuntimeError("a bug that must not show its traceback")


@public
def slow(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(2)")
    return HttpResponse("finished")


@public
def show_statement_timeout(request):
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return HttpResponse(cursor.fetchone()[0])


@public
def lost_connection(request):
    raise OperationalError("server closed the connection unexpectedly")


urlpatterns = [
    path("test/boom/", boom),
    path("test/slow/", slow),
    path("test/statement-timeout/", show_statement_timeout),
    path("test/lost-connection/", lost_connection),
    *app_urlpatterns,
]
