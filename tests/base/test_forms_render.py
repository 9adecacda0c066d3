"""The Python widget renderer (makelaar/base/forms_render.py) writes exactly what Django's
widget templates write: every page of the app, as every role, compared under both."""

import re

import pytest
from django import forms
from django.db import transaction
from django.forms.renderers import DjangoTemplates
from django.test import Client

from initiatives.forms import InitiativeFilterForm
from makelaar.base.forms_render import FAST, WidgetRenderer
from tests.security.world import LIST_QUERIES, ROLES, sign_in, url_for
from tests.security.world import world_fixture as world_fixture  # the `world` fixture
from tests.urlwalk import app_routes

TEMPLATES = "django.forms.renderers.DjangoTemplates"
OURS = "makelaar.base.forms_render.WidgetRenderer"
# What differs between two requests anyway: the masked CSRF token and the CSP nonce.
VARYING = re.compile(r'(name="csrfmiddlewaretoken" value=|nonce=|"X-CSRFToken": )"[^"]*"')
#: The lists' queries but the exports: a file has no widgets to compare.
PAGE_QUERIES = [query for query in LIST_QUERIES if "format=" not in query]


def _page(client, url, headers):
    # Rolled back: some pages log that they were seen, and show that log.
    with transaction.atomic():
        response = client.get(url, headers=headers)
        transaction.set_rollback(True)
    if response.streaming or not response["Content-Type"].startswith("text/html"):
        return response.status_code, response["Content-Type"]  # files: no widgets
    return response.status_code, VARYING.sub(r"\1...", response.content.decode())


@pytest.mark.parametrize("route", app_routes(), ids=lambda r: r.name)
def test_every_page_is_the_same_with_the_python_widgets(db, world, settings, route):
    urls = (
        [url_for(route, world.mine)]
        if route.kwarg_names
        else [route.url + query for query in PAGE_QUERIES]
    )
    compared = 0
    for role in ROLES:
        client = Client()
        sign_in(client, world.actor(role))
        for url in urls:
            # Once for real first: what a page keeps in the session (the two-factor
            # set-up's new secret) is then the same for all renderings that follow.
            client.get(url)
            for headers in ({}, {"HX-Request": "true"}):
                settings.FORM_RENDERER = TEMPLATES
                expected = _page(client, url, headers)
                settings.FORM_RENDERER = OURS
                assert _page(client, url, headers) == expected, f"{url} as {role}"
                compared += 1
    assert compared


class Everything(forms.Form):
    text = forms.CharField(max_length=20, help_text="hulp")
    number = forms.IntegerField(required=False, disabled=True)
    email = forms.EmailField(required=False, widget=forms.EmailInput(attrs={"autofocus": True}))
    date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    hidden = forms.CharField(required=False, widget=forms.HiddenInput)
    secret = forms.CharField(required=False, widget=forms.PasswordInput(render_value=True))
    yes = forms.BooleanField(required=False)
    words = forms.CharField(required=False, widget=forms.Textarea)
    pick = forms.ChoiceField(
        required=False,
        choices=[("", "—"), ("Groep <1>", [("a", "A & B"), ("b", '"B"')]), ("c", "C")],
    )
    picks = forms.MultipleChoiceField(required=False, choices=[("x", "X"), ("y", "Y")])
    ticks = forms.MultipleChoiceField(
        required=False,
        choices=[("x", "X <1>"), ("y", "Y")],
        widget=forms.CheckboxSelectMultiple,
    )
    one = forms.ChoiceField(required=False, choices=[("r", "R & S")], widget=forms.RadioSelect)


@pytest.mark.parametrize(
    "data",
    [
        None,
        {
            "text": '"><script>alert(1)</script>',
            "number": "7",
            "email": "not an address",
            "date": "2026-13-45",
            "hidden": "h&<>",
            "secret": "s3cr'et",
            "yes": "on",
            "words": "</textarea><b>x</b>",
            "pick": "b",
            "picks": ["x", "y"],
            "ticks": ["x"],
            "one": "q",
        },
    ],
    ids=["empty", "bound with errors"],
)
def test_each_widget_kind_matches_its_template(data):
    ours = Everything(data, renderer=WidgetRenderer())
    theirs = Everything(data, renderer=DjangoTemplates())
    for name in Everything.base_fields:
        assert str(ours[name]) == str(theirs[name]), name
        # Radio buttons and checkboxes of a list, one by one, as includes/field.html
        # renders them, and with their label wrapped around them.
        for mine, django in zip(ours[name].subwidgets, theirs[name].subwidgets, strict=True):
            assert mine.tag() == django.tag(), name
            assert mine.tag(wrap_label=True) == django.tag(wrap_label=True), name


def test_every_fast_template_is_one_of_djangos():
    for name in FAST:
        assert DjangoTemplates().get_template(name)


def test_a_widget_with_its_own_option_template_goes_through_the_templates():
    class Radios(forms.Form):
        pick = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)
        odd = forms.ChoiceField(
            choices=[("a", "A")],
            widget=type("OddSelect", (forms.Select,), {"option_template_name": "x.html"}),
        )

    form = Radios(renderer=WidgetRenderer())
    assert 'type="radio"' in str(form["pick"])
    with pytest.raises(Exception, match=r"x\.html"):
        str(form["odd"])  # not silently rendered as a plain <option>


def test_the_filters_read_their_choices_without_a_server_side_cursor(
    db, makelaar, django_assert_num_queries
):
    form = InitiativeFilterForm(user=makelaar)
    with django_assert_num_queries(3) as context:  # neighbourhoods, target groups, themes
        str(form["neighbourhood"]), str(form["target_group"]), str(form["theme"])
    assert not any("DECLARE" in q["sql"] for q in context.captured_queries)
