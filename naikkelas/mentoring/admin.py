from django.contrib import admin

from naikkelas.mentoring.models import (
    Consultation,
    ConsultationMessage,
    FollowUp,
    Mentor,
    MentorAssignment,
    Visit,
)


@admin.register(Mentor)
class MentorAdmin(admin.ModelAdmin):
    list_display = ["user", "regency", "capacity", "active"]
    list_filter = ["active"]
    raw_id_fields = ["user", "regency"]


@admin.register(MentorAssignment)
class MentorAssignmentAdmin(admin.ModelAdmin):
    list_display = ["mentor", "enterprise", "started_at", "ended_at"]
    raw_id_fields = ["mentor", "enterprise"]


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "mentor", "planned_on", "date", "status"]
    list_filter = ["status"]
    raw_id_fields = ["enterprise", "mentor"]


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "category", "status", "opened_at"]
    list_filter = ["status", "category"]
    raw_id_fields = ["enterprise", "mentor", "opened_by"]


@admin.register(ConsultationMessage)
class ConsultationMessageAdmin(admin.ModelAdmin):
    list_display = ["consultation", "author", "created_at"]
    raw_id_fields = ["consultation", "author"]


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "program", "group", "month_offset", "status", "due_on"]
    list_filter = ["status", "group", "month_offset"]
    raw_id_fields = ["enterprise", "report", "reported_by"]
