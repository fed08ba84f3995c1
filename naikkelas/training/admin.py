from django.contrib import admin

from naikkelas.training.models import Attendance, BatchTrainer, Enrolment, Session, SessionTemplate

admin.site.register(BatchTrainer)
admin.site.register(SessionTemplate)
admin.site.register(Session)


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["application", "batch", "status"]
    list_filter = ["status"]
    raw_id_fields = ["application", "batch"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["enrolment", "date", "present", "marked_by"]
    raw_id_fields = ["enrolment", "marked_by"]
