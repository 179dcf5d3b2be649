from django.urls import path

from . import views

app_name = "units"
urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("<int:pk>/", views.unit_detail, name="unit"),
    path("nhap/", views.unit_import, name="import"),
    path("nhap/<int:pk>/", views.unit_import_status, name="import_status"),
    path("thay-doi/", views.change_upload, name="changes"),
    path("thay-doi/<int:pk>/", views.change_detail, name="change"),
]
