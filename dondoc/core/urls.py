from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("nhat-ky/", views.audit_log, name="audit_log"),
    path("thong-bao/", views.notification_list, name="notifications"),
    path("thong-bao/<int:pk>/", views.notification_open, name="notification"),
    path("thong-bao/da-doc/", views.notifications_read_all, name="notifications_read_all"),
]
