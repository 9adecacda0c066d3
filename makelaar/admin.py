"""The functional administrator's screens. Every edit made here lands in the audit log."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import transaction
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from makelaar import audit
from makelaar.models import Area, AuditEntry, Neighbourhood, TargetGroup, Team, Theme, User


class AuditedModelAdmin(admin.ModelAdmin):
    """Writes one audit entry per save or delete, inside the admin's own transaction."""

    def save_model(self, request, obj, form, change):
        before = audit.snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        self._audited_before = before

    def save_related(self, request, form, formsets, change):
        # Many-to-many values are saved here, so the "after" picture is taken last.
        super().save_related(request, form, formsets, change)
        obj = form.instance
        audit.record(
            actor=request.user,
            verb="admin_change" if change else "admin_add",
            obj=obj,
            before=getattr(self, "_audited_before", None),
            after=audit.snapshot(obj),
        )

    def delete_model(self, request, obj):
        audit.record(actor=request.user, verb="admin_delete", obj=obj, before=audit.snapshot(obj))
        super().delete_model(request, obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        # The bulk "delete selected" action runs outside the admin's own transaction.
        for obj in queryset:
            audit.record(
                actor=request.user, verb="admin_delete", obj=obj, before=audit.snapshot(obj)
            )
        super().delete_queryset(request, queryset)


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


@admin.register(User)
class UserAdmin(AuditedModelAdmin, DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "team", "is_active"]
    list_filter = ["role", "team", "is_active"]
    list_select_related = ["team"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Work"), {"fields": ("role", "team")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Work"), {"fields": ("role", "team", "first_name", "last_name", "email")}),
    )

    def user_change_password(self, request, id, form_url=""):
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and isinstance(response, HttpResponseRedirect):
                user = User.objects.get(pk=id)
                audit.record(actor=request.user, verb="admin_set_password", obj=user)
        return response


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: nobody edits or deletes history through the app."""

    list_display = ["created_at", "actor", "verb", "content_type", "object_repr"]
    list_filter = ["verb", "content_type"]
    list_select_related = ["actor", "content_type"]
    search_fields = ["object_repr", "verb"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
