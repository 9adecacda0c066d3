"""Server-side time of key pages, measured in-process (no network, no browser).

    manage.py bench_pages [--requests 200] [--page initiative_list ...]

Run it against a database filled by `seed_scale`. Each page is requested as a user of
the right role through Django's test client with DEBUG off; the figure is the time
from request to response inside Django (middleware, view, queries, template), which
is what a server adds to a user's wait. The full benchmark with gunicorn, throughput
and reference figures is `make bench` (run.py), which measures the pages that
`pages()` names here, as does form_renderer.py.
"""

import functools
import statistics
import time

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from initiatives.models import Initiative
from makelaar.base.auth import VERIFIED_KEY, start_session_clock
from makelaar.base.models import Role, User


def _busiest_makelaar():
    """The makelaar of the area with most initiatives: the heaviest list."""
    area_id = (
        Initiative.objects.values("area_id")
        .order_by()
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("area_id", flat=True)
        .first()
    )
    return User.objects.filter(role=Role.MAKELAAR, team__area_id=area_id).first()


def _makelaar_with_most_initiatives():
    """The makelaar involved in most initiatives: the heaviest portfolio."""
    user_id = (
        Initiative.makelaars.through.objects.values("user_id")
        .order_by()
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("user_id", flat=True)
        .first()
    )
    return User.objects.get(pk=user_id)


class QueryCounter(list):
    """An execute wrapper that remembers each SQL statement (works with DEBUG off)."""

    def __call__(self, execute, sql, params, many, context):
        self.append(sql)
        return execute(sql, params, many, context)


HTMX = {"HX-Request": "true"}


def signed_in(client: Client, user) -> Client:
    """`client` as `user` after the whole login (the code step included), clocks started:
    the benchmarks measure the pages, not the login gate."""
    client.force_login(user)
    session = client.session
    session[VERIFIED_KEY] = True
    start_session_clock(session)
    session.save()
    return client


def landing_url(client: Client, url: str, **extra) -> str:
    """Where `url` lands for this client: a search (?q=) is redirected to its filters and
    a key for the term, kept in the client's session (makelaar/base/search.py)."""
    response = client.get(url, **extra)
    return response.url if response.status_code == 303 else url


def pages():
    """name -> (user, url[, headers]) of each page measured."""
    makelaar = _busiest_makelaar()
    coach = User.objects.filter(role=Role.TEAM_COACH).first()
    initiative = Initiative.objects.filter(area_id=makelaar.area_id).order_by("-id").first()
    list_url = reverse("initiatives:list")
    return {
        "initiative_list": (makelaar, list_url),
        "initiative_list_filtered": (makelaar, f"{list_url}?phase=action&role=others_supported"),
        "initiative_search": (makelaar, f"{list_url}?q=buurt"),
        "initiative_list_coach": (coach, list_url),
        "initiative_detail": (makelaar, reverse("initiatives:detail", args=[initiative.pk])),
        "volunteer_list": (makelaar, reverse("initiatives:volunteers")),
        "organisation_list": (makelaar, reverse("initiatives:organisations")),
        "signal_inbox": (makelaar, reverse("signals:inbox")),
        "signal_inbox_all": (makelaar, reverse("signals:inbox") + "?status=all"),
        "signal_inbox_htmx": (makelaar, reverse("signals:inbox") + "?status=all&theme=1", HTMX),
        "signal_inbox_coach": (coach, reverse("signals:inbox")),
        "overview_quarter": (coach, reverse("makelaar:overview")),
        "overview_year": (coach, reverse("makelaar:overview") + "?period=year"),
        "portfolio": (_makelaar_with_most_initiatives(), reverse("makelaar:portfolio")),
        "reflection": (_busiest_in_the_quarter(), reverse("makelaar:reflection")),
        "referral_suggestions": (*_busiest_suggestions(makelaar.area_id), HTMX),
        # The busiest area's network: most initiatives, so most ties (issue 17).
        "network": (makelaar, reverse("initiatives:network")),
        "wijk": (makelaar, reverse("makelaar:wijk", args=[_busiest_wijk(makelaar.area_id)])),
        "wijk_list": (makelaar, reverse("makelaar:wijken")),
        # Funds and goals of the whole city: the coach reads them all (issue 17).
        "funds": (coach, reverse("initiatives:funds")),
        "goals": (coach, reverse("initiatives:goals")),
        # The read API (issue 18) with a citywide token: it reads like the coach.
        "api_services": (coach, reverse("api:services"), _api_headers()),
        "api_figures": (coach, reverse("api:figures"), _api_headers()),
    }


#: The API client the benchmark issues; each run revokes the last one's token.
BENCH_API_CLIENT = "make bench"


@functools.cache
def _api_headers() -> dict:
    """A citywide token for every scope, issued once per process (the token is shown only
    when issued); the benchmark's earlier tokens are revoked first."""
    import secrets
    from datetime import timedelta

    from django.utils import timezone

    from makelaar.api.actions import issue_api_client, revoke_api_client
    from makelaar.api.models import ApiClient, Scope

    for client in ApiClient.objects.filter(
        name__startswith=BENCH_API_CLIENT, revoked_at__isnull=True
    ):
        revoke_api_client(client=client, by=None)
    _client, token = issue_api_client(
        name=f"{BENCH_API_CLIENT} {secrets.token_hex(4)}",
        scopes=list(Scope.values),
        area=None,
        expires_on=timezone.localdate() + timedelta(days=2),
        by=None,
    )
    return {"Authorization": f"Bearer {token}"}


def _busiest_wijk(area_id):
    """The neighbourhood of the area with most signals: the heaviest wijk page."""
    from signals.models import Signal

    return (
        Signal.objects.filter(area_id=area_id)
        .values("neighbourhood_id")
        .order_by()
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("neighbourhood_id", flat=True)
        .first()
    )


def _busiest_in_the_quarter():
    """The makelaar with most contact log entries in the quarter the reflection page
    shows by default: the heaviest reflection."""
    from django.utils import timezone

    from initiatives.models import ContactLogEntry
    from makelaar.reporting.reflection import default_quarter

    quarter = default_quarter(timezone.localdate())
    user_id = (
        ContactLogEntry.objects.filter(happened_on__gte=quarter.start, happened_on__lte=quarter.end)
        .values("author_id")
        .order_by()
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("author_id", flat=True)
        .first()
    )
    return User.objects.get(pk=user_id) if user_id else _makelaar_with_most_initiatives()


def _busiest_suggestions(area_id):
    """A social worker of the busiest area asking what the neighbourhood offers for the
    theme with most running initiatives there (issue 16: target 30 ms p95 on size L)."""
    from initiatives.workflow import ACTIVE_PHASES
    from makelaar.base.models import Theme

    worker = User.objects.filter(role=Role.SOCIAL_WORKER, team__area_id=area_id).first()
    busiest = (
        Initiative.neighbourhoods.through.objects.filter(
            neighbourhood__area_id=area_id, initiative__phase__in=ACTIVE_PHASES
        )
        .values("neighbourhood_id")
        .order_by()
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("neighbourhood_id", flat=True)
        .first()
    )
    theme = (
        Theme.objects.filter(initiatives__neighbourhoods=busiest)
        .annotate(n=Count("initiatives"))
        .order_by("-n")
        .first()
    ) or Theme.objects.first()
    query = f"?theme={theme.pk}&neighbourhood={busiest}"
    return worker, reverse("signals:suggestions") + query


def time_pages(*, requests: int, only: list[str] | None = None, log=print) -> None:
    """p50/p95 in ms, query count and size of each page (or of those named in `only`)."""
    if not Initiative.objects.exists():
        raise CommandError("No initiatives: run `manage.py seed_scale --size L` first.")
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["*"]
    selected = pages()
    if only:
        selected = {k: v for k, v in selected.items() if k in only}
    log(f"{Initiative.objects.count()} initiatives; {requests} requests per page after warm-up")
    log(f"{'page':<28}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}{'KB':>7}")
    for name, (user, url, *extra) in selected.items():
        headers = extra[0] if extra else {}
        client = signed_in(Client(headers=headers), user)
        url = landing_url(client, url)
        for _ in range(10):
            client.get(url)
        queries = QueryCounter()
        with connection.execute_wrapper(queries):
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        timings = []
        for _ in range(requests):
            start = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        p50 = statistics.median(timings)
        p95 = timings[int(len(timings) * 0.95) - 1]
        size_kb = len(response.content) // 1024
        log(f"{name:<28}{p50:>9.1f}{p95:>9.1f}{len(queries):>9}{size_kb:>7}")
