from django.contrib import admin

from .models import Succession, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "parent", "valid_from", "valid_to")
    list_filter = ("kind",)
    search_fields = ("name", "short_name", "code", "search_text")
    autocomplete_fields = ("parent",)

    def save_model(self, request, obj, form, change):
        obj.refresh_derived()
        super().save_model(request, obj, form, change)


@admin.register(Succession)
class SuccessionAdmin(admin.ModelAdmin):
    list_display = ("predecessor", "successor", "kind", "on")
    autocomplete_fields = ("predecessor", "successor")
