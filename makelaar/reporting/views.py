"""The pages that read across both apps: the makelaar's portfolio, the coach's
overview and the search across everything (the year report and the exports have their
own modules)."""

from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from makelaar.base import search
from makelaar.base.access import ALL_ROLES, roles_required
from makelaar.base.models import Role, User
from makelaar.base.routers import read_replica
from makelaar.reporting.find import search_everything
from makelaar.reporting.forms import PeriodForm, SearchForm
from makelaar.reporting.overview import (
    makelaar_figures,
    overview_blocks,
    period_from,
    workload_rows,
)
from makelaar.reporting.portfolio import handed_off_of, portfolio_for, workload_counts_for_all
from makelaar.reporting.views_wijk import FigureForm, overview_map


@roles_required(Role.MAKELAAR)
def portfolio(request):
    return _render_portfolio(request, request.user, is_own=True)


@roles_required(Role.TEAM_COACH)
def portfolio_of(request, pk):
    """A makelaar's portfolio as the coach sees it: the same figures, nothing to act on."""
    makelaar = get_object_or_404(
        User.objects.select_related("team"), pk=pk, role=Role.MAKELAAR, is_active=True
    )
    return _render_portfolio(request, makelaar, is_own=False)


def _render_portfolio(request, makelaar, *, is_own):
    context = {"makelaar": makelaar, "is_own": is_own}
    show_handed_off = request.GET.get("handed_off") == "1"
    if show_handed_off and request.htmx:
        handed_off = handed_off_of(makelaar)
        context.update(handed_off=handed_off, handed_off_count=len(handed_off))
        return render(request, "makelaar/portfolio.html#handed_off", context)
    today = timezone.localdate()
    portfolio = portfolio_for(makelaar, today, with_handed_off=show_handed_off)
    context.update(
        portfolio=portfolio,
        handed_off=portfolio.handed_off,
        handed_off_count=portfolio.handed_off_count,
        today=today,
        max_we_lead=settings.WORKLOAD_MAX_WE_LEAD,
        max_we_lead_days=settings.WORKLOAD_MAX_WE_LEAD_DAYS,
        no_contact_days=settings.WORKLOAD_NO_CONTACT_DAYS,
    )
    return render(request, "makelaar/portfolio.html", context)


@roles_required(Role.TEAM_COACH, Role.ADMIN)
def overview(request):
    """The citywide overview: figures for a period, per area, each linking to its list."""
    form = PeriodForm(request.GET or None)
    period = period_from(request.GET)
    with read_replica():
        blocks = overview_blocks(period, form.area_ids())
        city_map = overview_map(request, period, form.area_ids())
    context = {
        "form": form,
        "figure_form": FigureForm(request.GET or None),
        "period": period,
        "blocks": blocks,
        "city_map": city_map,
        "query": request.GET.urlencode(),
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "makelaar/overview.html#blocks", context)
    makelaars = None
    # Workloads are the coach's business (guarding them is part of the job); the
    # functional administrator sees the figures only.
    if request.user.role == Role.TEAM_COACH:
        makelaars = (
            User.objects.filter(role=Role.MAKELAAR, is_active=True)
            .select_related("team__area")
            .order_by("team__area__name", "first_name", "last_name", "pk")
        )
        workloads = workload_counts_for_all(makelaars)  # evaluates `makelaars` once
        figures = makelaar_figures(period, makelaars)
        for makelaar in makelaars:
            makelaar.workload = workloads[makelaar.pk]
            makelaar.figures = figures[makelaar.pk]
        context["workload_rows"] = workload_rows(makelaars)
    context["makelaars"] = makelaars
    return render(request, "makelaar/overview.html", context)


@roles_required(*ALL_ROLES)
@search.search_out_of_url
def search_all(request):
    """Everything the user may see that holds the term, grouped by kind. The header's box
    posts the term; it stays out of the URL (the session keeps it under ?zoek=)."""
    params = search.resolved(request)
    form = SearchForm(params or None)
    groups = None
    if form.is_valid():
        key = request.GET.get(search.PARAM, "")
        groups = search_everything(request.user, form.cleaned_data["q"], key)
    context = {"form": form, "groups": groups}
    return render(request, "makelaar/search.html", context)
