from django.contrib import admin

from .models import Assignment, Document, Holiday, Task


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("number", "date", "kind", "issuer_name")
    search_fields = ("number", "title")


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ("document", "ref", "title", "deadline_kind", "deadline_date")
    autocomplete_fields = ("document",)
    filter_horizontal = ("lead_units", "coordinators", "report_to")


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("task", "unit", "period_label", "due_on", "done_on")
    raw_id_fields = ("task", "unit", "transferred_to")


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ("date", "name", "day_off")
    date_hierarchy = "date"
