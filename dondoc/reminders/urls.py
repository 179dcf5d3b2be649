from django.urls import path

from . import views

app_name = "reminders"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.digest_detail, name="digest"),
    path("thu-di/", views.deliveries, name="deliveries"),
    path("thu-di/<int:pk>/gui-lai/", views.delivery_retry, name="delivery_retry"),
    path("gia-han/", views.extension_queue, name="extension_queue"),
    path("gia-han/<int:pk>/", views.extension_decide, name="extension_decide"),
    path("nhiem-vu/<int:pk>/xin-gia-han/", views.extension_request, name="extension_request"),
    path("quy-tac/", views.rules, name="rules"),
    path("lich/", views.calendar_settings, name="calendar"),
    path("lich/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
