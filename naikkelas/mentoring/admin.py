from django.contrib import admin

from naikkelas.mentoring.models import Mentor, MentorAssignment


@admin.register(Mentor)
class MentorAdmin(admin.ModelAdmin):
    list_display = ["user", "regency", "capacity", "active"]
    list_filter = ["active"]
    raw_id_fields = ["user", "regency"]


@admin.register(MentorAssignment)
class MentorAssignmentAdmin(admin.ModelAdmin):
    list_display = ["mentor", "enterprise", "started_at", "ended_at"]
    raw_id_fields = ["mentor", "enterprise"]
