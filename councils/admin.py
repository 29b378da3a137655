from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Council, Deputy, DeputyMerge, District, Election, ImportJob, Region

NAMES = ("name_ru", "name_ky", "name_en")


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", *NAMES, "iso_code", "kind")
    list_filter = ("kind",)
    search_fields = ("code", "iso_code", *NAMES)


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("code", *NAMES, "region")
    list_filter = ("region",)
    search_fields = ("code", *NAMES)
    list_select_related = ("region",)


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ("code", "name_ru", "name_ky", "kind", "region", "district", "seats", "names_verified", "valid_to")
    list_filter = ("kind", "names_verified", "region", ("valid_to", admin.EmptyFieldListFilter))
    search_fields = ("code", *NAMES)
    list_select_related = ("region", "district")
    autocomplete_fields = ("region", "district")


@admin.register(Election)
class ElectionAdmin(admin.ModelAdmin):
    list_display = ("council", "convocation", "date", "seats")
    list_filter = ("convocation", "council__kind", "council__region")
    search_fields = ("council__code", "council__name_ru", "council__name_ky")
    list_select_related = ("council",)
    autocomplete_fields = ("council",)


@admin.register(Deputy)
class DeputyAdmin(SimpleHistoryAdmin):
    list_display = ("last_name", "first_name", "patronymic", "council", "convocation", "gender", "birth_year")
    list_filter = ("convocation", "gender", "first_term", "do_not_contact", "language", "council__kind",
                   "council__region", ("merged_into", admin.EmptyFieldListFilter))  # fmt: skip
    search_fields = ("last_name", "first_name", "patronymic", "normalized_name", "search_key", "council__code")
    list_select_related = ("council",)
    autocomplete_fields = ("council",)
    readonly_fields = ("normalized_name", "search_key", "merged_into")


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ("original_name", "kind", "status", "total_rows", "created_by", "created_at", "finished_at")
    list_filter = ("kind", "status")
    search_fields = ("original_name", "message")
    exclude = ("content",)
    readonly_fields = ("kind", "original_name", "options", "status", "total_rows", "summary", "preview", "message",
                       "created_by", "created_at", "finished_at")  # fmt: skip


@admin.register(DeputyMerge)
class DeputyMergeAdmin(admin.ModelAdmin):
    list_display = ("merged", "kept", "merged_by", "merged_at", "undone_at")
    list_filter = (("undone_at", admin.EmptyFieldListFilter),)
    search_fields = ("kept__last_name", "merged__last_name", "kept__council__code")
    list_select_related = ("kept", "merged", "merged_by")
    readonly_fields = ("kept", "merged", "changes", "merged_by", "merged_at", "undone_by", "undone_at")
