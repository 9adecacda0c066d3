"""Pages for the added value (issue 17): the municipality's goals, funds with their
totals, and an initiative's reach and volunteer hours per quarter."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from initiatives import actions_value, selectors, selectors_value
from initiatives.actions import EditConflict
from initiatives.forms_value import FundForm, GoalFilterForm, GoalForm, PeriodFiguresForm
from initiatives.models import Fund, Goal, Initiative, PeriodFigures
from makelaar.base.access import roles_required, scope_to_area
from makelaar.base.conflicts import CONFLICT_STATUS, conflict_context, conflict_rows
from makelaar.base.errors import DomainError
from makelaar.base.models import Role
from makelaar.base.paging import paginate

READERS = (Role.MAKELAAR, Role.TEAM_COACH, Role.ADMIN)


def _record_form_page(request, *, form_class, record, create, update, template, done, extra):
    """An edit page of a versioned record: create or update through its action, and on a
    stale version the 409 page with both versions and what was typed."""
    data = request.POST if request.method == "POST" else None
    form = form_class(data, instance=record)
    status = 200
    conflict = None
    if data is not None and form.is_valid():
        values = form.action_values()
        try:
            if record is None:
                saved = create(by=request.user, **values)
            else:
                saved = update(
                    type(record)(pk=record.pk),
                    by=request.user,
                    version=form.cleaned_data["version"] or 0,
                    **values,
                )
            messages.success(request, _("Your changes are saved."))
            return redirect(done(saved))
        except EditConflict as error:
            record = type(record).objects.get(pk=record.pk)
            rows = conflict_rows(form, form_class(instance=record).initial)
            data = data.copy()
            data["version"] = record.version
            form = form_class(data, instance=record)
            form.is_valid()
            form.add_error(None, str(error))
            conflict = conflict_context(record, rows)
            status = CONFLICT_STATUS
        except DomainError as error:
            form.add_error(None, str(error))
    context = {"form": form, "record": record, "conflict": conflict, **extra}
    return render(request, template, context, status=status)


# Goals


def _goal_years(user) -> list[int]:
    return list(
        scope_to_area(Goal.objects.all(), user)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


@roles_required(*READERS)
def goal_list(request):
    form = GoalFilterForm(request.GET or None, user=request.user, years=_goal_years(request.user))
    goals = selectors_value.goals_for(request.user)
    if form.is_valid():
        if form.cleaned_data.get("year"):
            goals = goals.filter(year=form.cleaned_data["year"])
        if form.cleaned_data.get("area"):
            goals = goals.filter(area=form.cleaned_data["area"])
    return render(
        request,
        "initiatives/goal_list.html",
        {
            "form": form,
            "page": paginate(request, goals),
            "can_edit": actions_value.may_set_goals(request.user),
            # A makelaar writes their own area's text of last year's report (issue 17).
            "report_year": timezone.localdate().year - 1
            if request.user.role == Role.MAKELAAR and request.user.area_id
            else None,
        },
    )


def _goal_form_page(request, goal=None):
    return _record_form_page(
        request,
        form_class=GoalForm,
        record=goal,
        create=actions_value.create_goal,
        update=actions_value.update_goal,
        template="initiatives/goal_form.html",
        done=lambda saved: f"{reverse('initiatives:goals')}?year={saved.year}",
        extra={},
    )


@roles_required(Role.TEAM_COACH, Role.ADMIN)
@never_cache
def goal_create(request):
    return _goal_form_page(request)


@roles_required(Role.TEAM_COACH, Role.ADMIN)
@never_cache
def goal_edit(request, pk):
    return _goal_form_page(request, get_object_or_404(Goal, pk=pk))


# Funds


@roles_required(*READERS)
def fund_list(request):
    return render(
        request,
        "initiatives/fund_list.html",
        {
            "page": paginate(request, selectors_value.fund_list(request.user)),
            "totals": selectors_value.funding_totals(request.user),
            "hood_totals": selectors_value.funding_totals_by_neighbourhood(request.user),
            "can_edit": actions_value.may_keep_funds(request.user),
        },
    )


def _fund_form_page(request, fund=None):
    return _record_form_page(
        request,
        form_class=FundForm,
        record=fund,
        create=actions_value.create_fund,
        update=actions_value.update_fund,
        template="initiatives/fund_form.html",
        done=lambda saved: reverse("initiatives:funds"),
        extra={},
    )


@roles_required(*READERS)
@never_cache
def fund_create(request):
    return _fund_form_page(request)


@roles_required(*READERS)
@never_cache
def fund_edit(request, pk):
    return _fund_form_page(request, get_object_or_404(Fund, pk=pk))


# Reach and volunteer hours per quarter


def _quarter_from(params):
    try:
        return int(params.get("year")), int(params.get("quarter"))
    except (TypeError, ValueError):
        return None


@roles_required(Role.MAKELAAR)
@never_cache
def period_figures(request, pk):
    try:
        initiative = selectors.initiatives_for(request.user).get(pk=pk)
    except Initiative.DoesNotExist:
        raise Http404 from None
    if not selectors.can_edit_initiative(request.user, initiative):
        raise PermissionDenied
    rows = list(initiative.period_figures.order_by("-year", "-quarter"))
    chosen = _quarter_from(request.POST if request.method == "POST" else request.GET)
    row = next((r for r in rows if chosen and (r.year, r.quarter) == chosen), None)
    data = request.POST if request.method == "POST" else None
    form = PeriodFiguresForm(data, instance=row or PeriodFigures(initiative=initiative))
    conflict = None
    status = 200
    if data is not None and form.is_valid():
        try:
            actions_value.record_period_figures(
                initiative,
                by=request.user,
                version=form.cleaned_data["version"] or 0,
                **form.action_values(),
            )
        except EditConflict as error:
            theirs = PeriodFigures.objects.get(
                initiative=initiative,
                year=form.cleaned_data["year"],
                quarter=form.cleaned_data["quarter"],
            )
            theirs_rows = conflict_rows(form, PeriodFiguresForm(instance=theirs).initial)
            data = data.copy()
            data["version"] = theirs.version
            form = PeriodFiguresForm(data, instance=theirs)
            form.is_valid()
            form.add_error(None, str(error))
            conflict = conflict_context(initiative, theirs_rows, at=theirs.updated_at)
            status = CONFLICT_STATUS
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The figures are saved."))
            return redirect("initiatives:detail", pk=initiative.pk)
    return render(
        request,
        "initiatives/period_figures.html",
        {
            "initiative": initiative,
            "rows": rows,
            "form": form,
            "editing": row,
            "conflict": conflict,
        },
        status=status,
    )
