"""Back-office registrations for campaigns, topics, venues, sessions, invitations, enrolments, attendance."""

from django.contrib import admin

from .models import Attendance, Campaign, Enrolment, Invitation, MessageTemplate, Topic, TrainingSession, Venue


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("code", "name_ru", "name_ky", "name_en", "order")
    search_fields = ("code", "name_ru", "name_ky", "name_en")


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("code", "name_ru", "start", "end", "convocation", "donor")
    search_fields = ("code", "name_ru", "name_ky", "name_en", "donor")
    list_filter = ("convocation",)
    filter_horizontal = ("topics",)
    readonly_fields = ("data_version",)


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ("name_ru", "name_ky", "district", "address", "capacity", "archived")
    list_filter = ("archived",)
    search_fields = ("name_ru", "name_ky", "name_en", "address")
    list_select_related = ("district",)


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    raw_id_fields = ("council",)


@admin.register(TrainingSession)
class TrainingSessionAdmin(admin.ModelAdmin):
    list_display = ("code", "campaign", "start_date", "days", "venue", "capacity", "language", "status")
    list_filter = ("campaign", "status", "language")
    search_fields = ("code", "venue__name_ru", "venue__name_ky", "venue__name_en")
    list_select_related = ("campaign", "venue")
    filter_horizontal = ("trainers",)
    date_hierarchy = "start_date"
    inlines = [InvitationInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("session", "council", "places", "created_at")
    list_select_related = ("session", "council")
    raw_id_fields = ("session", "council")
    list_filter = ("session__campaign",)


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    readonly_fields = ("updated_at", "updated_by")


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ("session", "deputy", "source", "created_at")
    list_select_related = ("session", "deputy")
    list_filter = ("source", "session__campaign")
    raw_id_fields = ("session", "deputy")
    search_fields = ("deputy__last_name", "deputy__first_name", "session__code")
    inlines = [AttendanceInline]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ("enrolment", "day", "present", "updated_at", "updated_by")
    list_select_related = ("enrolment__session", "enrolment__deputy", "updated_by")
    list_filter = ("present", "day")
    raw_id_fields = ("enrolment", "updated_by")


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    """Portal-wide templates (blank campaign) are edited here; a campaign's on its templates page."""

    list_display = ("kind", "channel", "campaign", "updated_at", "updated_by")
    list_filter = ("kind", "channel")
    readonly_fields = ("updated_by",)
