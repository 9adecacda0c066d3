"""Free text that must not point to a client: one guard for every form and action.

A signal's description, an answer to a social worker, a collective need, a contact-log
note, a hand-off agreement, a check-in, the year-report text: none may hold a client's
name, BSN, phone number, address, … Forms list such fields in `privacy_fields`
(`PrivacyGuardedForm`): a text with a finding is refused with the code "personal_data",
and the field shows the text with its findings marked, with a button per name that
replaces it by a role ("een buurman"). Actions call `refuse_personal_data` again, so a
write that does not come through a form is refused too (and writes nothing).

The detector lives in `makelaar.base.privacy` (the signal was the first text it guarded). The
base app imports it when a text is checked, not when it loads, so the arrows between the
apps stay as they are: initiatives and the base call this module, never signals.
"""

from django import forms
from django.forms.boundfield import BoundField
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from makelaar.base.errors import DomainError

#: The name of the "replace by a role" buttons; their value is "<field's html name>|<text>".
REPLACE = "privacy_replace"


def _detector():
    from makelaar.base import privacy

    return privacy


def check_text(text: str) -> list:
    """What in text looks like personal data (makelaar.base.privacy.check_text)."""
    return _detector().check_text(text or "")


def kinds_of(findings) -> str:
    """The kinds found, as a person reads them ("name, phone number")."""
    labels = _detector().KIND_LABELS
    return ", ".join(sorted({str(labels[f.kind]) for f in findings}))


class PersonalDataFound(DomainError):
    """A text holds personal data; `findings` says where."""

    def __init__(self, message, findings):
        super().__init__(message)
        self.findings = findings


def refuse_personal_data(text: str, field_label) -> None:
    """Raise PersonalDataFound when text holds personal data; field_label names the field."""
    findings = check_text(text)
    if findings:
        raise PersonalDataFound(
            _("%(field)s contains personal data: %(kinds)s. Remove it: no client may be named.")
            % {"field": capfirst(field_label), "kinds": kinds_of(findings)},
            findings,
        )


class PrivacyBoundField(BoundField):
    """A guarded field: what `templates/includes/privacy_preview.html` shows under it."""

    @property
    def privacy_marked(self) -> list:
        """The refused text cut into (segment, kind) pairs; kind is None between findings."""
        return self.form.privacy_marked.get(self.name, [])

    @property
    def privacy_replacements(self) -> list[dict]:
        """One button per name found that a role can replace (each text once)."""
        replacements = {}
        for finding in self.form.privacy_findings.get(self.name, []):
            role = getattr(finding, "replacement", "")
            if role and finding.text not in replacements:
                replacements[finding.text] = {
                    "value": f"{self.html_name}|{finding.text}",
                    "text": finding.text,
                    "role": role,
                }
        return list(replacements.values())


class PrivacyGuardedForm:
    """Mixin (before forms.Form / forms.ModelForm) for a form whose `privacy_fields` must
    not point to a client.

    A POST with a `REPLACE` button's value replaces that name by its role in the bound
    data and renders the form again: `is_valid()` is False, so the view saves nothing and
    shows the form with everything else the person typed.
    """

    privacy_fields: tuple[str, ...] = ()
    privacy_message = _(
        "This looks like personal data: %(kinds)s. Remove it (marked below) or replace a "
        "name by a role: this text must not point to a client."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.privacy_findings = {}
        self.privacy_marked = {}
        self.privacy_replaced = False
        for name in self.privacy_fields:
            self.fields[name].bound_field_class = PrivacyBoundField
        if self.is_bound and REPLACE in self.data:
            self.privacy_replaced = True
            self._replace_by_role(self.data[REPLACE])

    def _replace_by_role(self, value: str) -> None:
        html_name, _sep, wanted = value.partition("|")
        names = [n for n in self.privacy_fields if self.add_prefix(n) == html_name]
        if not names or not wanted:
            return
        widget = self.fields[names[0]].widget
        text = widget.value_from_datadict(self.data, self.files, html_name) or ""
        found = [f for f in check_text(text) if f.text == wanted and getattr(f, "replacement", "")]
        for finding in reversed(found):  # the detector capitalises a role that starts a sentence
            text = text[: finding.start] + finding.replacement + text[finding.end :]
        data = self.data.copy()
        data[html_name] = text
        self.data = data

    def is_valid(self):
        return super().is_valid() and not self.privacy_replaced

    def clean(self):
        cleaned = super().clean()
        for name in self.privacy_fields:
            text = cleaned.get(name)
            findings = check_text(text) if isinstance(text, str) else []
            if findings:
                self.privacy_findings[name] = findings
                self.privacy_marked[name] = _detector().mark(text, findings)
                self.add_error(
                    name,
                    forms.ValidationError(
                        self.privacy_message,
                        params={"kinds": kinds_of(findings)},
                        code="personal_data",
                    ),
                )
        return cleaned
