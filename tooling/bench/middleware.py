"""Benchmark hooks, active only with BENCH_TIMING=1 (tooling/bench/run.py sets it).

- `ServerTimingMiddleware` (first in MIDDLEWARE) adds `Server-Timing: app;dur=<ms>` and
  `X-Queries: <n>` to each response: the time Django spent on the request and the
  number of SQL statements it ran, counted with an execute wrapper (DEBUG stays off).
- `noop` is a view that does nothing, served at /__bench__/noop/: the cost of the
  stack itself, for the benchmark's "limit" figure.
- `register_admin` adds read-only admin changelists of initiatives and signals: the
  benchmark's peer (Django's own list of the same rows).

Production never loads any of it: settings.py and urls.py add these only under
BENCH_TIMING, so the URL walker and the security tests never see them.
"""

import time

from django.contrib import admin
from django.db import connection
from django.http import HttpResponse

from makelaar.base.access import public


class _Counter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class ServerTimingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        counter = _Counter()
        start = time.perf_counter()
        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        elapsed = (time.perf_counter() - start) * 1000
        response["Server-Timing"] = f"app;dur={elapsed:.3f}"
        response["X-Queries"] = str(counter.count)
        return response


@public
def noop(request):
    return HttpResponse(b"ok", content_type="text/plain")


class _ReadOnlyAdmin(admin.ModelAdmin):
    list_per_page = 50  # as our own lists (makelaar.base.paging.PER_PAGE)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return self.admin_site.has_permission(request)


def register_admin(site=admin.site) -> None:
    """Read-only changelists of initiatives and signals (the benchmark's peer)."""
    from initiatives.models import Initiative
    from signals.models import Signal

    if not site.is_registered(Initiative):
        site.register(
            Initiative,
            type(
                "InitiativeBenchAdmin",
                (_ReadOnlyAdmin,),
                {
                    "list_display": [
                        "title",
                        "phase",
                        "role",
                        "area",
                        "lead_makelaar",
                        "last_contact_on",
                    ],
                    "list_select_related": ["area", "lead_makelaar"],
                    "list_filter": ["area", "phase", "role", "makelaars"],
                    "search_fields": ["title", "description"],
                    "ordering": ["title", "pk"],
                },
            ),
        )
    if not site.is_registered(Signal):
        site.register(
            Signal,
            type(
                "SignalBenchAdmin",
                (_ReadOnlyAdmin,),
                {
                    "list_display": ["pk", "theme", "neighbourhood", "status", "created_at"],
                    "list_select_related": ["theme", "neighbourhood"],
                    "list_filter": ["area", "status", "theme"],
                    "ordering": ["-created_at", "pk"],
                },
            ),
        )
