from django.urls import path

from . import views

app_name = "directives"
urlpatterns = [
    path("", views.document_list, name="document_list"),
    path("moi/", views.document_create, name="document_create"),
    path("<int:pk>/", views.document_detail, name="document"),
    path("<int:pk>/sua/", views.document_edit, name="document_edit"),
    path("<int:pk>/giao-nhiem-vu/", views.task_create, name="task_create"),
    path("nhiem-vu/<int:pk>/", views.task_detail, name="task"),
    path("nhiem-vu/<int:pk>/sua/", views.task_edit, name="task_edit"),
]
