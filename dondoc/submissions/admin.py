from django.contrib import admin

from .models import Attachment, Submission


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    readonly_fields = ("original_name", "content_type", "size", "sha256")


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ("assignment", "kind", "state", "submitted_at")
    list_filter = ("kind", "state")
    raw_id_fields = ("assignment", "resubmission_of")
    inlines = [AttachmentInline]
