"""Fill in a form the way a browser submits it: every field with the value the page shows.

As a browser does, a textarea's line breaks are sent as CRLF (the HTML standard's form
submission), a select without a selected option sends its first option, unchecked boxes
send nothing, and buttons send nothing.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class PageForm:
    action: str  # as written in the page; "" posts to the page's own address
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)

    def data(self) -> dict[str, list[str]]:
        data: dict[str, list[str]] = {}
        for name, value in self.fields:
            data.setdefault(name, []).append(value)
        return data


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[PageForm] = []
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            method = (attrs.get("method") or "get").lower()
            self.forms.append(PageForm(action=attrs.get("action") or "", method=method))
        if not self.forms:
            return
        fields = self.forms[-1].fields
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "reset", "image", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            fields.append((name, attrs.get("value", "on" if kind in {"checkbox", "radio"} else "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = {"name": name, "options": [], "multiple": "multiple" in attrs}
        elif tag == "option" and self._select is not None:
            self._select["options"].append((attrs.get("value", ""), "selected" in attrs))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # A browser drops the one newline that may follow <textarea>, and sends
            # every line break as CRLF.
            text = text.removeprefix("\n").replace("\r\n", "\n").replace("\n", "\r\n")
            self.forms[-1].fields.append((name, text))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._select["options"] if selected]
            if not chosen and not self._select["multiple"] and self._select["options"]:
                chosen = [self._select["options"][0][0]]
            self.forms[-1].fields.extend((self._select["name"], value) for value in chosen)
            self._select = None


def page_forms(html: str) -> list[PageForm]:
    """Every form of the page, with what a browser would submit for it."""
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def page_form(html: str, containing: str) -> PageForm:
    """The page's form that has a field named `containing`."""
    for form in page_forms(html):
        if any(name == containing for name, _value in form.fields):
            return form
    raise AssertionError(f"no form with a field {containing!r} on the page")


def form_data(html: str, containing: str) -> dict[str, list[str]]:
    """The submitted values of the page's form that has a field named `containing`."""
    return page_form(html, containing).data()
