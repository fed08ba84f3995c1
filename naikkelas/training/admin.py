from django.contrib import admin

from naikkelas.training.models import (
    Assignment,
    AssignmentTemplate,
    Attendance,
    BatchTrainer,
    Certificate,
    CertificateStyle,
    Enrolment,
    Graduation,
    Session,
    SessionTemplate,
    Submission,
    SubmissionFile,
)

admin.site.register(BatchTrainer)


@admin.register(Graduation)
class GraduationAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "level", "batch", "graduated_on"]
    raw_id_fields = ["enterprise", "batch", "recorded_by"]


admin.site.register(SessionTemplate)
admin.site.register(Session)
admin.site.register(AssignmentTemplate)
admin.site.register(Assignment)


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["assignment", "enrolment", "status", "score"]
    list_filter = ["status"]
    raw_id_fields = ["assignment", "enrolment", "graded_by"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["number", "code", "issued_on", "revoked_at"]
    search_fields = ["number", "code"]
    raw_id_fields = ["enrolment"]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["application", "batch", "status"]
    list_filter = ["status"]
    raw_id_fields = ["application", "batch"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["enrolment", "date", "present", "marked_by"]
    raw_id_fields = ["enrolment", "marked_by"]


@admin.register(SubmissionFile)
class SubmissionFileAdmin(admin.ModelAdmin):
    list_display = ["submission", "original_name", "content_type", "size"]
    raw_id_fields = ["submission"]


@admin.register(CertificateStyle)
class CertificateStyleAdmin(admin.ModelAdmin):
    list_display = ["organisation", "signatory_name", "signatory_title", "updated_at"]
    raw_id_fields = ["organisation"]
