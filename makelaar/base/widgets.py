"""Widgets shared by every app's forms."""

from django import forms

from makelaar.base.validators import EARLIEST_DATE, latest_date


class Textarea(forms.Textarea):
    """A textarea whose text is kept with the line breaks it was shown with.

    Browsers send every line break of a textarea as CRLF (the HTML standard says so);
    stored as sent, a form saved unchanged would rewrite each text of several lines.
    Every form of ours uses this one instead of Django's."""

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)

    def get_context(self, name, value, attrs):
        # The browser's date picker offers the range the server accepts (validate_date);
        # a field may narrow it (a date that cannot lie in the future sets its own max).
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].setdefault("min", EARLIEST_DATE.isoformat())
        context["widget"]["attrs"].setdefault("max", latest_date().isoformat())
        return context
