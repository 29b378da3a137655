"""Back office for tests and their questions; results with their change history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Instrument, Question, TestResult


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["number", "topic", "text_ru", "text_ky", "choices", "key", "points"]


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["name", "form", "phase", "campaign", "max_score"]
    list_filter = ["campaign", "phase"]
    inlines = [QuestionInline]


@admin.register(TestResult)
class TestResultAdmin(SimpleHistoryAdmin):
    list_display = ["enrolment", "phase", "score", "max_score", "source", "entered_by", "updated_at", "version"]
    list_filter = ["phase", "source", "enrolment__session__campaign"]
    list_select_related = ["enrolment__deputy", "enrolment__session", "entered_by"]
    raw_id_fields = ["enrolment", "entered_by"]
    readonly_fields = ["version", "created_at", "updated_at"]
