from django.contrib import admin

from .forms import ReminderRuleForm
from .models import Delivery, Digest, ExtensionRequest, ReminderRule, ReportingCycle


@admin.register(ReminderRule)
class ReminderRuleAdmin(admin.ModelAdmin):
    form = ReminderRuleForm
    list_display = ("__str__", "kind", "days", "repeat_every", "stop_after", "stage", "active")
    list_filter = ("kind", "stage", "active")
    raw_id_fields = ("task",)
    autocomplete_fields = ("document",)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("to", "state", "attempts", "next_attempt_at", "sent_at", "last_error")
    list_filter = ("state",)
    readonly_fields = ("digest", "notification", "message_id", "attempts", "lease_until", "claimed_by", "sent_at",
                       "created_at")


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ("day", "recipient", "subject", "items", "read_at")
    list_filter = ("day",)
    readonly_fields = ("recipient", "user", "address", "day", "subject", "counts", "lines", "text", "html", "items")


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(admin.ModelAdmin):
    list_display = ("assignment", "requested_due", "state", "requested_by", "decided_by")
    list_filter = ("state",)
    raw_id_fields = ("assignment",)


@admin.register(ReportingCycle)
class ReportingCycleAdmin(admin.ModelAdmin):
    list_display = ("task", "cutoff_day", "due_day", "due_next_month", "ahead_days")
    raw_id_fields = ("task",)
