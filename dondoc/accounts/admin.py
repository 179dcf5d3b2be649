from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import User


@admin.register(User)
class DondocUserAdmin(UserAdmin):
    list_display = ("username", "get_full_name", "role", "unit", "is_active")
    list_filter = ("role", "is_active")
    autocomplete_fields = ("unit",)
    fieldsets = UserAdmin.fieldsets + (("dondoc", {"fields": ("role", "unit", "title", "is_unit_head")}),)
    add_fieldsets = UserAdmin.add_fieldsets + (("dondoc", {"fields": ("role", "unit")}),)
