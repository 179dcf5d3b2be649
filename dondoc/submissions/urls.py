from django.urls import path

from . import views

app_name = "submissions"
urlpatterns = [
    path("", views.my_assignments, name="my_assignments"),
    path("<int:pk>/", views.assignment_detail, name="assignment"),
    path("<int:pk>/gui/", views.submit, name="submit"),
    path("<int:pk>/ke-hoach-tien-do/", views.progress_plan, name="progress_plan"),
    path("moc/<int:pk>/hoan-thanh/", views.milestone_done, name="milestone_done"),
    path("bao-cao/<int:pk>/xem-xet/", views.review, name="review"),
    path("cho-xem-xet/", views.review_queue, name="review_queue"),
    path("tep/<int:pk>/", views.attachment_download, name="attachment"),
    path("tep/<int:pk>/xem/", views.attachment_download, {"preview": True}, name="attachment_preview"),
]
