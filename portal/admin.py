from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import FrozenReport, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, (None, {"fields": ("phone",)}))
    list_display = ("username", "first_name", "last_name", "email", "is_active")
    list_filter = ("groups", "is_active", "is_superuser")


@admin.register(FrozenReport)
class FrozenReportAdmin(admin.ModelAdmin):
    """Frozen reports are evidence of what was reported: they can be listed and deleted, never edited."""

    list_display = ("campaign", "title", "frozen_at", "language", "data_version", "created_by")
    list_filter = ("campaign", "language")
    readonly_fields = ("campaign", "title", "frozen_at", "language", "data_version", "created_by", "payload")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
