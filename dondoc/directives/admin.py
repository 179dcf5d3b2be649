from django.contrib import admin

from . import services
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

    # A changed calendar moves the open deadlines that fall on (or off) the changed days.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.due_dates_refresh()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.due_dates_refresh()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        services.due_dates_refresh()
