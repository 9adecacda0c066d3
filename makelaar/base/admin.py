"""The functional administrator's screens. Every edit made here lands in the audit log."""

import contextvars

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from makelaar.base import actions as makelaar_actions
from makelaar.base.errors import DomainError
from makelaar.base.models import (
    Area,
    AuditEntry,
    DeletionLog,
    Neighbourhood,
    PersonalDataAccess,
    TargetGroup,
    Team,
    Theme,
    User,
)


class AuditedModelAdmin(admin.ModelAdmin):
    """Saves and deletes through the actions (makelaar.base.actions.save_in_admin and
    delete_in_admin): one transaction, one audit entry per save or deletion."""

    def save_model(self, request, obj, form, change):
        # Saved in save_related, by the action, together with the many-to-many values.
        pass

    def save_related(self, request, form, formsets, change):
        makelaar_actions.save_in_admin(
            obj=form.instance,
            by=request.user,
            save_related=lambda: super(AuditedModelAdmin, self).save_related(
                request, form, formsets, change
            ),
        )

    def delete_model(self, request, obj):
        makelaar_actions.delete_in_admin(objs=[obj], by=request.user)

    def delete_queryset(self, request, queryset):
        makelaar_actions.delete_in_admin(objs=list(queryset), by=request.user)


@admin.register(Area)
class AreaAdmin(AuditedModelAdmin):
    list_display = ["name", "team"]
    search_fields = ["name"]
    list_select_related = ["team"]


@admin.register(Team)
class TeamAdmin(AuditedModelAdmin):
    list_display = ["name", "area"]
    list_select_related = ["area"]
    search_fields = ["name", "area__name"]


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(AuditedModelAdmin):
    list_display = ["name", "area"]
    list_filter = ["area"]
    list_select_related = ["area"]
    search_fields = ["name"]


@admin.register(Theme, TargetGroup)
class ManagedListAdmin(AuditedModelAdmin):
    """Themes and target groups: retire an item (not in use) rather than delete it."""

    list_display = ["name", "name_en", "is_active", "position"]
    list_editable = ["is_active", "position"]
    search_fields = ["name", "name_en"]

    def has_delete_permission(self, request, obj=None):
        return False


#: Who sets a password on the admin's password page. Django's view makes and saves the
#: form itself, so the form learns the acting administrator from here (per request).
_password_setter: contextvars.ContextVar = contextvars.ContextVar("password_setter")


class AdminPasswordForm(AdminPasswordChangeForm):
    """Django's form; saving goes through makelaar.base.actions.set_password_in_admin."""

    def save(self, commit=True):
        usable = self.cleaned_data.get("set_usable_password", True)
        self.user = makelaar_actions.set_password_in_admin(
            user=self.user,
            new_password=self.cleaned_data["password1"] if usable else None,
            by=_password_setter.get(),
        )
        return self.user


@admin.register(User)
class UserAdmin(AuditedModelAdmin, DjangoUserAdmin):
    change_password_form = AdminPasswordForm
    list_display = [
        "username",
        "first_name",
        "last_name",
        "role",
        "team",
        "is_active",
        "two_factor",
    ]
    list_filter = ["role", "team", "is_active"]
    list_select_related = ["team"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Work"), {"fields": ("role", "team")}),
        (_("Two-step verification"), {"fields": ("two_factor_since",)}),
        # Set by the first sign-in through single sign-on (makelaar/base/oidc.py).
        (_("Single sign-on"), {"fields": ("oidc_subject",)}),
    )
    # Stamped by Django, never typed: editable, the form would send them back cut to the
    # second and every save would rewrite them.
    readonly_fields = ["two_factor_since", "last_login", "date_joined", "oidc_subject"]
    actions = ["deactivate", "reset_two_factor"]

    @admin.display(description=_("Two-step verification"), boolean=True)
    def two_factor(self, obj):
        return obj.totp_confirmed_at is not None

    @admin.display(description=_("On since"))
    def two_factor_since(self, obj):
        if obj.totp_confirmed_at is None:
            return _("Off")
        return date_format(obj.totp_confirmed_at, "DATETIME_FORMAT")

    @admin.action(description=_("Deactivate the selected users (and end their sessions)"))
    def deactivate(self, request, queryset):
        active = queryset.filter(is_active=True)
        done = self._each(request, active, makelaar_actions.deactivate_user)
        self.message_user(
            request,
            ngettext("%(count)d user deactivated.", "%(count)d users deactivated.", done)
            % {"count": done},
            messages.SUCCESS,
        )

    @admin.action(description=_("Reset two-step verification (a lost phone)"))
    def reset_two_factor(self, request, queryset):
        done = self._each(request, queryset, makelaar_actions.reset_two_factor)
        self.message_user(
            request,
            ngettext(
                "Two-step verification reset for %(count)d user: a coach or administrator "
                "sets up a new app at their next login.",
                "Two-step verification reset for %(count)d users: a coach or administrator "
                "sets up a new app at their next login.",
                done,
            )
            % {"count": done},
            messages.SUCCESS,
        )

    def _each(self, request, queryset, action) -> int:
        done = 0
        for user in queryset:
            try:
                action(user=user, by=request.user)
            except DomainError as error:
                self.message_user(request, f"{user}: {error}", messages.ERROR)
            else:
                done += 1
        return done

    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Work"), {"fields": ("role", "team", "first_name", "last_name", "email")}),
    )

    def user_change_password(self, request, id, form_url=""):
        # Django's view builds and saves the form; the form's save is our action's.
        token = _password_setter.set(request.user)
        try:
            return super().user_change_password(request, id, form_url)
        finally:
            _password_setter.reset(token)


class ReadOnlyAdmin(admin.ModelAdmin):
    """For the append-only logs: nobody adds, edits or deletes through the app."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Read-only: nobody edits or deletes history through the app."""

    list_display = ["created_at", "actor", "verb", "content_type", "object_repr"]
    list_filter = ["verb", "content_type"]
    list_select_related = ["actor", "content_type"]
    search_fields = ["object_repr", "verb"]
    date_hierarchy = "created_at"


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ReadOnlyAdmin):
    """Who looked at or exported whose contact details. Filter on a person with the kind
    and "person id" (search), or open the printable list per person."""

    list_display = ["at", "actor", "subject_type", "subject_id", "action", "reason", "print_link"]
    list_filter = ["subject_type", "action", ("actor", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["actor"]
    search_fields = ["=subject_id"]
    date_hierarchy = "at"

    @admin.display(description=_("printable list per person"))
    def print_link(self, obj):
        names = {"volunteer": "volunteer_access_log", "initiator": "initiator_access_log"}
        if obj.subject_type not in names:
            return "—"
        url = reverse(f"initiatives:{names[obj.subject_type]}", args=[obj.subject_id])
        return format_html('<a href="{}">{}</a>', url, _("who looked"))


@admin.register(DeletionLog)
class DeletionLogAdmin(ReadOnlyAdmin):
    """What retention and erasure removed: kind, number, why; never the data."""

    list_display = ["at", "kind", "count", "reason"]
    list_filter = ["kind"]
    date_hierarchy = "at"
