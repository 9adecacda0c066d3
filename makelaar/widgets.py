"""Widgets shared by every app's forms."""

from django import forms


class Textarea(forms.Textarea):
    """A textarea whose text is kept with the line breaks it was shown with.

    Browsers send every line break of a textarea as CRLF (the HTML standard says so);
    stored as sent, a form saved unchanged would rewrite each text of several lines.
    Every form of ours uses this one instead of Django's."""

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value
