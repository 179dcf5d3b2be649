from django.contrib import admin

from .models import IssuedPaper, Meeting, PaperTemplate, Register


@admin.register(Register)
class RegisterAdmin(admin.ModelAdmin):
    # An administrator sets the last number already used this year when the system starts mid-year.
    list_display = ("issuer", "kind_code", "year", "last_number")


@admin.register(IssuedPaper)
class IssuedPaperAdmin(admin.ModelAdmin):
    list_display = ("number", "date", "purpose", "pdf_state")
    readonly_fields = [f.name for f in IssuedPaper._meta.fields]


admin.site.register(PaperTemplate)
admin.site.register(Meeting)
