from django.urls import path

from . import views

app_name = "monitoring"
urlpatterns = [
    path("", views.index, name="index"),
    path("tim-kiem/", views.search, name="search"),
    path("chuong-trinh/<int:pk>/", views.program, name="program"),
    path("chuong-trinh/<int:pk>/excel/", views.program, {"fmt": "xlsx"}, name="program_xlsx"),
    path("nhiem-vu/<int:pk>/", views.task, name="task"),
    path("nhiem-vu/<int:pk>/excel/", views.task, {"fmt": "xlsx"}, name="task_xlsx"),
    path("nhiem-vu/<int:pk>/chua-thuc-hien/", views.task_units, name="task_units"),
    path("nhiem-vu/<int:pk>/chua-thuc-hien/excel/", views.task_units, {"fmt": "xlsx"}, name="task_units_xlsx"),
    path("nhiem-vu/<int:pk>/chua-thuc-hien/csv/", views.task_units, {"fmt": "csv"}, name="task_units_csv"),
    path("don-vi/<int:pk>/", views.unit, name="unit"),
    path("don-vi/<int:pk>/excel/", views.unit, {"fmt": "xlsx"}, name="unit_xlsx"),
]
