"""The functional administrator issues and revokes API clients here. A token is shown
once, on the page right after issuing; only its hash is kept."""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from makelaar.api import actions
from makelaar.api.models import ApiAccess, ApiClient, Scope
from makelaar.base.admin import ReadOnlyAdmin
from makelaar.base.errors import DomainError

#: A new client's expiry date by default: a year from today.
DEFAULT_VALIDITY = timedelta(days=365)


def _default_expiry():
    return timezone.localdate() + DEFAULT_VALIDITY


class IssueClientForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("may read"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple
    )
    expires_on = forms.DateField(label=_("expires on"), initial=_default_expiry)

    class Meta:
        model = ApiClient
        fields = ["name", "area", "scopes", "expires_on"]

    def clean(self):
        data = super().clean()
        if not self.errors:
            try:
                data["scopes"] = actions.check_client(
                    name=data["name"],
                    scopes=data["scopes"],
                    area=data.get("area"),
                    expires_on=data["expires_on"],
                )
            except DomainError as error:
                raise forms.ValidationError(str(error)) from error
        return data

    def validate_unique(self):
        pass  # check_client says so, in words of its own


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "area_or_city",
        "scope_list",
        "expires_on",
        "state",
        "last_used_at",
        "token_prefix",
    ]
    list_filter = ["area", "expires_on", "revoked_at"]
    list_select_related = ["area"]
    search_fields = ["name", "=token_prefix"]
    readonly_fields = [
        "name",
        "area",
        "scope_list",
        "expires_on",
        "state",
        "token_prefix",
        "created_by",
        "created_at",
        "revoked_at",
        "last_used_at",
    ]
    actions = ["revoke"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = IssueClientForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["name", "area", "scopes", "expires_on"]
        return self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def has_change_permission(self, request, obj=None):
        return False  # a client is issued and revoked, never edited: issue a new one

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the access log refers to the client

    @admin.display(description=_("area"), ordering="area__name")
    def area_or_city(self, obj):
        return obj.area or _("citywide")

    @admin.display(description=_("may read"))
    def scope_list(self, obj):
        labels = dict(Scope.choices)
        return ", ".join(str(labels.get(scope, scope)) for scope in obj.scopes)

    @admin.display(description=_("status"))
    def state(self, obj):
        if obj.revoked_at is not None:
            return _("revoked")
        if obj.is_expired():
            return _("expired")
        return _("active")

    def save_model(self, request, obj, form, change):
        client, token = actions.issue_api_client(
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
            area=form.cleaned_data.get("area"),
            expires_on=form.cleaned_data["expires_on"],
            by=request.user,
        )
        obj.pk = client.pk
        obj.token_prefix = client.token_prefix
        obj.issued_token = token

    def response_add(self, request, obj, post_url_continue=None):
        """The one page that shows the token: not stored, not cached, never again."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "client": obj,
            "token": obj.issued_token,
            "title": _("Token issued"),
        }
        response = TemplateResponse(request, "admin/api/apiclient/issued.html", context)
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description=_("Revoke the selected clients' tokens"))
    def revoke(self, request, queryset):
        done = 0
        for client in queryset:
            try:
                actions.revoke_api_client(client=client, by=request.user)
            except DomainError as error:
                self.message_user(request, f"{client}: {error}", messages.WARNING)
            else:
                done += 1
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", done)
            % {"count": done},
            messages.SUCCESS,
        )


@admin.register(ApiAccess)
class ApiAccessAdmin(ReadOnlyAdmin):
    """Every call to the API: read-only, like the other logs."""

    list_display = ["at", "client", "method", "path", "status", "client_address"]
    list_filter = ["status", ("client", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["client"]
    search_fields = ["path", "client_address"]
    date_hierarchy = "at"
