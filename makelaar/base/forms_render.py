"""Form widgets rendered in Python: the same HTML as Django's widget templates, faster.

Django renders every widget through the template engine, and a select once more per
option (an include of `select_option.html` each). On the list pages that was 40% of the
server time (the filter forms: neighbourhoods, themes, target groups, phases ...).
`WidgetRenderer` (settings.FORM_RENDERER) renders the plain widgets, listed in `FAST`,
with `format_html`, producing exactly what the templates produce (a test compares both
for every widget of every form); every other template (labels, field groups, radio and
checkbox lists) still goes through the templates.

`PlainChoiceIterator` reads a ModelChoiceField's choices with one ordinary query instead
of `QuerySet.iterator()`, which opens a server-side cursor (DECLARE, FETCH, CLOSE: three
round trips) to read a dozen themes. The list filters (initiatives.forms.ListFilterForm)
use it; they are on every list page.
"""

from django.forms.models import ModelChoiceIterator
from django.forms.renderers import DjangoTemplates
from django.utils.html import format_html, format_html_join

WIDGETS = "django/forms/widgets/"


def _attrs(attrs: dict):
    """As django/forms/widgets/attrs.html: False is left out, True is a bare name."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


def _input(widget: dict):
    if widget["value"] is None:
        return format_html(
            '<input type="{}" name="{}"{}>', widget["type"], widget["name"], _attrs(widget["attrs"])
        )
    return format_html(
        '<input type="{}" name="{}" value="{}"{}>',
        widget["type"],
        widget["name"],
        widget["value"],
        _attrs(widget["attrs"]),
    )


def _input_option(widget: dict):
    """A radio button or checkbox of a list, as {{ option.tag }} renders it."""
    tag = _input(widget)
    if not widget.get("wrap_label"):
        return tag
    if widget["attrs"].get("id"):
        return format_html(
            '<label for="{}">{}\n {}</label>', widget["attrs"]["id"], tag, widget["label"]
        )
    return format_html("<label>{}\n {}</label>", tag, widget["label"])


def _option(option: dict):
    return format_html(
        # Each option's own template ends in a newline, kept inside the select.
        '\n  <option value="{}"{}>{}</option>\n',
        option["value"],
        _attrs(option["attrs"]),
        option["label"],
    )


def _group(name, options):
    body = format_html_join("", "{}", ((_option(option),) for option in options))
    if name:
        return format_html('\n  <optgroup label="{}">{}\n  </optgroup>', name, body)
    return body


def _select(widget: dict):
    if any(
        option["template_name"] != f"{WIDGETS}select_option.html"
        for _name, options, _index in widget["optgroups"]
        for option in options
    ):
        return None  # a widget with its own option template: rendered by the templates
    groups = format_html_join(
        "", "{}", ((_group(name, options),) for name, options, _index in widget["optgroups"])
    )
    return format_html(
        '<select name="{}"{}>{}\n</select>', widget["name"], _attrs(widget["attrs"]), groups
    )


def _textarea(widget: dict):
    return format_html(
        '<textarea name="{}"{}>\n{}</textarea>',
        widget["name"],
        _attrs(widget["attrs"]),
        widget["value"] or "",
    )


#: template name -> function of the widget's context (None: use the template); each of
#: these templates is, or only includes, the one the function reproduces. The renderer
#: strips what a template renders (BaseRenderer.render), so no trailing newlines.
FAST = {
    **{
        f"{WIDGETS}{kind}.html": _input
        for kind in (
            "input",
            "text",
            "number",
            "email",
            "url",
            "password",
            "hidden",
            "date",
            "datetime",
            "time",
            "search",
            "tel",
            "color",
            "checkbox",
        )
    },
    **{
        f"{WIDGETS}{kind}.html": _input_option
        for kind in ("input_option", "checkbox_option", "radio_option")
    },
    f"{WIDGETS}select.html": _select,
    f"{WIDGETS}textarea.html": _textarea,
}


class WidgetRenderer(DjangoTemplates):
    """Django's template renderer, with the widgets in FAST rendered in Python."""

    def render(self, template_name, context, request=None):
        fast = FAST.get(template_name)
        html = fast(context["widget"]) if fast is not None and "widget" in context else None
        if html is not None:
            return html
        return super().render(template_name, context, request=request)


class PlainChoiceIterator(ModelChoiceIterator):
    """The choices from one plain query (no server-side cursor): they are few."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)
