"""When the database is away or too slow: a friendly 503 page, never a traceback.

`DatabaseTroubleMiddleware` turns a lost or refused database connection (PostgreSQL
restarting, a network blip) and a query cancelled by the statement timeout into a
Dutch (or English) "503 Service Unavailable" page with `Retry-After`. Django keeps no
broken connection: it discards one that failed at the end of the request, and the
next request connects again, so the app recovers by itself once PostgreSQL is back.

The statement timeout (`DB_STATEMENT_TIMEOUT_MS`) belongs to web requests only. The
middleware switches it on when a web handler (gunicorn, runserver, the test client)
loads it; migrate, seed_scale, backup, restore and task_worker load no middleware, so
their connections run without a limit.
"""

import logging
import sys

import psycopg
from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.db.backends.signals import connection_created
from django.http import HttpResponse
from django.template.loader import render_to_string

from makelaar.base.database import DatabaseUnavailable

logger = logging.getLogger(__name__)

TIMEOUT = "timeout"
UNAVAILABLE = "unavailable"
#: Seconds a client should wait before trying again, per kind of trouble.
RETRY_AFTER = {UNAVAILABLE: 5, TIMEOUT: 30}
#: SQLSTATE of a query cancelled by statement_timeout (or by an administrator).
QUERY_CANCELED = "57014"


def database_trouble(exception) -> str | None:
    """TIMEOUT, UNAVAILABLE, or None when `exception` is not about the database being away."""
    if isinstance(exception, DatabaseUnavailable):
        return UNAVAILABLE
    if isinstance(exception, OperationalError | InterfaceError | psycopg.OperationalError):
        cause = exception if isinstance(exception, psycopg.Error) else exception.__cause__
        if getattr(cause, "sqlstate", None) == QUERY_CANCELED:
            return TIMEOUT
        return UNAVAILABLE
    return None


def unavailable_response(reason: str) -> HttpResponse:
    """The 503 page. Rendered without the request: its context processors would ask the
    database (the user, the menu), which is what just failed."""
    response = HttpResponse(render_to_string("503.html", {"reason": reason}), status=503)
    response["Retry-After"] = str(RETRY_AFTER[reason])
    response["Cache-Control"] = "no-store"
    return response


def _set_statement_timeout(sender, connection, **kwargs):
    """Limit every query of a new web connection (0 switches the limit off)."""
    milliseconds = int(getattr(settings, "DB_STATEMENT_TIMEOUT_MS", 0) or 0)
    if connection.vendor == "postgresql" and milliseconds > 0:
        # The raw connection: the session setting needs no Django cursor (nor a line in
        # the query log), and the connection is in autocommit here, so it holds.
        connection.connection.execute(f"SET statement_timeout = {milliseconds:d}")


def _remember_database_trouble(sender, request=None, **kwargs):
    """An exception outside the view (e.g. loading the session in a middleware) becomes a
    500 before any middleware sees it; note it on the request so ours can answer 503."""
    exception = sys.exc_info()[1]
    if request is not None and database_trouble(exception):
        request.database_trouble = database_trouble(exception)


class DatabaseTroubleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        connection_created.connect(_set_statement_timeout, dispatch_uid="makelaar-timeout")
        got_request_exception.connect(
            _remember_database_trouble, dispatch_uid="makelaar-database-trouble"
        )

    def __call__(self, request):
        response = self.get_response(request)
        reason = getattr(request, "database_trouble", None)
        if reason and response.status_code == 500:
            return unavailable_response(reason)
        return response

    def process_exception(self, request, exception):
        reason = database_trouble(exception)
        if reason is None:
            return None
        logger.warning("Database %s on %s %s: %s", reason, request.method, request.path, exception)
        return unavailable_response(reason)
